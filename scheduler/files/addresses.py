"""Checking mail addresses written by hand (a contacts table, the organiser in the rules file).

One address per cell, ``local@domain``. The check is syntactic: nothing is looked
up on the network. It refuses what would break a calendar invite or a mail
header (spaces, line breaks, control characters, a second address) and the
common slips of typing on a Chinese keyboard (a full-width ``＠``, a ``。``
instead of a dot). Reserved domains (``example.org``, ``.test``, ``.invalid``,
``.local``) are accepted: they are what tests and intranets use.

email-validator was tried and not used: it refuses ``.test``, ``.invalid`` and
``.local`` outright, which our test data and some government intranets need.

An address is kept as it was typed (``单位@政务.中国``); what travels is derived
from it here, once, for the invite and the mail alike: :func:`wire_address` (the
mail's envelope and headers, the domain in its IDNA ``xn--`` form), :func:`mailto`
(an invite's ORGANIZER and ATTENDEE: an ASCII URI, RFC 6068) and
:func:`address_key` (what an answer's ATTENDEE or ``From`` is compared by, whichever
form it carries).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import quote, unquote

from scheduler.errors import InputError
from scheduler.text.messages import Message

_LOCAL_ATOM = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+$"
_LABEL = r"^[A-Za-z0-9\u0080-\U0010ffff](?:[A-Za-z0-9\-\u0080-\U0010ffff]*[A-Za-z0-9\u0080-\U0010ffff])?$"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on first use: the ranges up to U+10FFFF take about 6 ms to compile, a cost
    every command that imports this module (on the way to its readers) would otherwise pay."""
    return re.compile(pattern)


class AddressError(InputError):
    """An address that cannot be used; ``reason`` is a catalog key (``address.*``).

    Callers that know where the address was written (a contacts table's row, a
    rules file's key, an option) raise their own :class:`InputError` naming it.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(Message(reason))
        self.reason = reason


def visible(text: str) -> str:
    """``text`` with line breaks, control and invisible characters and spaces other than the plain one
    written out (``\\n``, ``\\u200b``, ``\\xa0``), for one-line messages: ``李\\xa0科长`` shows why it is not
    ``李科长``."""
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c).startswith("C") or (unicodedata.category(c) in ("Zl", "Zp", "Zs") and c != " ")
        else c
        for c in text
    )


_PLAIN = re.compile(
    r"[A-Za-z0-9_%+\-]{1,64}(?:\.[A-Za-z0-9_%+\-]+)*@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
"""An address that is plainly well formed (ASCII, one ``@``, lower-case domain ending in letters): taken as it
is without the full check below, 1 µs instead of 19 (5,000 invites check their addresses each export)."""


def check_address(text: str) -> str:
    """The address, tidied (full-width characters folded, domain lower-cased), or :class:`AddressError`."""
    if _PLAIN.fullmatch(text) and len(text) <= 254 and len(text.split("@", 1)[0]) <= 64:
        return text
    return checked_fully(text)


_DISPLAYED = re.compile(r'^\s*(?:"([^"]*)"|([^"<>]*?))\s*<\s*([^<>]*?)\s*>\s*$')
"""An address as a mail client copies it: ``刘某 <czj@example.org>``, ``"刘某" <czj@example.org>``,
``<czj@example.org>`` (the name, quoted or not, then the address in angle brackets)."""
_MAILTO = re.compile(r"^\s*mailto:", re.IGNORECASE)


def displayed(text: str) -> tuple[str, str]:
    """The display name and the address of ``text`` as a mail client or a web page copies it
    (:data:`_DISPLAYED`; ``mailto:czj@example.org``), the name empty when there is none: ``text`` as it is
    for an address written bare."""
    folded = unicodedata.normalize("NFKC", text)
    found = _DISPLAYED.match(folded)
    name, address = ((found[1] or found[2] or "").strip(), found[3]) if found else ("", text)
    return name, _MAILTO.sub("", address, count=1) if _MAILTO.match(address) else address


def checked_fully(text: str) -> str:
    """:func:`check_address` without its shortcut for a plainly well-formed address; an address copied
    with its display name (``刘某 <czj@example.org>``) or as a ``mailto:`` link is that address
    (:func:`displayed`: the name is not part of it)."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise AddressError("address.control")
    address = unicodedata.normalize("NFKC", displayed(text)[1]).strip()
    if "@@" in address and not any(c in address for c in ",;、，；"):
        raise AddressError("address.double_at")  # a typo, not two addresses
    if any(c in address for c in ",;、，；") or address.count("@") > 1:
        raise AddressError("address.several")
    if any(c.isspace() for c in address):
        raise AddressError("address.space")
    if "。" in address or "．" in address:
        raise AddressError("address.fullwidth_dot")
    if address.count("@") != 1:
        raise AddressError("address.no_at")
    local, domain = address.split("@")
    if not local or len(local) > 64 or local.startswith(".") or local.endswith(".") or ".." in local:
        raise AddressError("address.local")
    if not all(_compiled(_LOCAL_ATOM).match(part) for part in local.split(".")):
        raise AddressError("address.local")
    domain = domain.lower()
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253 or not all(len(x) <= 63 and _compiled(_LABEL).match(x) for x in labels):
        raise AddressError("address.domain")
    if labels[-1].isdigit():
        raise AddressError("address.domain")
    return f"{local}@{domain}"


_SEPARATORS = re.compile(r"[、;；,，\r\n]")  # \r: a line break stored as CR LF (Excel's _x000D_ from pasted text)


def several(text: str) -> bool:
    """Whether a cell holds a separator between addresses or names (``、``, ``;``, ``；``, ``,``, ``，``
    or a line break): what :func:`check_addresses` and :func:`split_names` split at."""
    return _SEPARATORS.search(text) is not None


def _address_parts(text: str) -> list[str]:
    """A cell of addresses split at :data:`_SEPARATORS`, but not inside a quoted display name or angle
    brackets, as a mail client writes them (``"Liu, Mou" <liu@example.org>``, Outlook's copy: one
    address; review18 F7), as :func:`email.utils.getaddresses` reads them."""
    if '"' not in text and "<" not in text:
        return _SEPARATORS.split(text)
    parts, start, quoted, angled = [], 0, False, False
    for at, char in enumerate(text):
        if char == '"' and not angled:
            quoted = not quoted
        elif char in "<>" and not quoted:
            angled = char == "<"
        elif not (quoted or angled) and _SEPARATORS.match(char):
            parts.append(text[start:at])
            start = at + 1
    return [*parts, text[start:]]


def split_names(text: str) -> tuple[str, ...]:
    """The names of a cell split as :func:`check_addresses` splits addresses, each stripped, empty
    parts left out (a contacts table's 联系人 beside several addresses: ``张三、李四``)."""
    return tuple(part.strip() for part in _SEPARATORS.split(text) if part.strip())


def display_names(text: str) -> tuple[str, ...]:
    """The display names of a cell's addresses, as :func:`check_addresses` splits it (``刘某 <czj@example.org>;
    陈某 <czj2@example.org>``: 刘某, 陈某), one per address, empty where an address has none."""
    return tuple(displayed(part)[0] for part in _address_parts(text) if part.strip())


def check_addresses(text: str, once: bool = True) -> tuple[str, ...]:
    """Several addresses in one cell (a delegate column: ``a@example.org、b@example.org``, or ``;``,
    ``；``, ``,``, ``，`` or a line break between them), each checked and tidied as :func:`check_address`
    does, in order, each once (``once=False``: as often as written, for a caller that refuses a repeat);
    :class:`AddressError` for the first that cannot be used (an empty cell:
    none); two written without a separator between them are ``address.separate``."""
    out: list[str] = []
    for part in _address_parts(text):
        if part.strip():
            folded = unicodedata.normalize("NFKC", part)
            if folded.count("@") > 1 and "@@" not in folded:
                raise AddressError("address.separate")
            address = check_address(part)
            if address not in out or not once:
                out.append(address)
    return tuple(out)


_MAILTO_SAFE = "!$&'*+="
"""What stays as it is in a mailto URI's local part besides letters, digits and ``-._~`` (RFC 6068:
``%``, ``/``, ``?``, ``#`` and what a URI cannot hold, non-ASCII included, are percent-encoded)."""


def ascii_domain(domain: str) -> str | None:
    """The domain in its ASCII (IDNA) form, or ``None`` when it has none."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def wire_address(address: str) -> tuple[str, bool]:
    """The address as a mail carries it (the domain in IDNA when it has that form, as in the invite's
    :func:`mailto`), and whether that needs SMTPUTF8 (a non-ASCII local part, or a domain without one)."""
    local, domain = address.rsplit("@", 1)
    wire = f"{local}@{ascii_domain(domain) or domain}"
    return wire, not wire.isascii()


def shown_address(wire: str) -> str:
    """A wire address (:func:`wire_address`) as the contacts wrote it, for a line the office reads: each
    IDNA label of the domain back in its own script (``mzj@xn--zfr164b.xn--fiqs8s`` -> ``mzj@政务.中国``,
    QA qamail18 F6: the office searches its sheet for what it typed); anything else as it is."""
    local, at, domain = wire.rpartition("@")
    if not at or "xn--" not in domain.lower():
        return wire
    try:
        return f"{local}@{domain.encode('ascii').decode('idna')}"
    except UnicodeError:
        return wire


def mailto(address: str) -> str:
    """The address as a calendar's CAL-ADDRESS: ``mailto:`` and ASCII only (RFC 5545 3.3.3, RFC 6068),
    the domain as the mail's (IDNA), a non-ASCII local part percent-encoded as UTF-8."""
    local, domain = address.rsplit("@", 1)
    ascii = ascii_domain(domain)
    return f"mailto:{quote(local, safe=_MAILTO_SAFE)}@{ascii if ascii is not None else quote(domain)}"


def from_mailto(value: str) -> str:
    """The address a CAL-ADDRESS names: without ``mailto:``, percent-decoded (a value without the
    scheme is taken as an address, as it is)."""
    text = value.strip()
    if text[:7].lower() != "mailto:":
        return text
    return unquote(text[7:].split("?", 1)[0]).strip()


def address_key(address: str) -> str:
    """An address as compared: a ``mailto:`` URI decoded, the domain in its ASCII (IDNA) form, case-folded.

    ``cgzfj@政务.中国``, ``cgzfj@xn--zfr164b.xn--fiqs8s`` and ``mailto:CGZFJ@xn--zfr164b.xn--fiqs8s`` are
    one mailbox.
    """
    text = from_mailto(address).strip("<>")
    local, at, domain = text.rpartition("@")
    if not at:
        return text.casefold()
    return f"{local}@{ascii_domain(domain) or domain}".casefold()
