"""Checking mail addresses written by hand (a contacts table, the organiser in the rules file).

One address per cell, ``local@domain``. The check is syntactic: nothing is looked
up on the network. It refuses what would break a calendar invite or a mail
header (spaces, line breaks, control characters, a second address) and the
common slips of typing on a Chinese keyboard (a full-width ``＠``, a ``。``
instead of a dot). Reserved domains (``example.org``, ``.test``, ``.invalid``,
``.local``) are accepted: they are what tests and intranets use.

email-validator was tried and not used: it refuses ``.test``, ``.invalid`` and
``.local`` outright, which our test data and some government intranets need.
"""

from __future__ import annotations

import re
import unicodedata

from scheduler.errors import InputError
from scheduler.text.messages import Message

_LOCAL_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+$")
_LABEL = re.compile(r"^[A-Za-z0-9\u0080-\U0010ffff](?:[A-Za-z0-9\-\u0080-\U0010ffff]*[A-Za-z0-9\u0080-\U0010ffff])?$")


class AddressError(InputError):
    """An address that cannot be used; ``reason`` is a catalog key (``address.*``).

    Callers that know where the address was written (a contacts table's row, a
    rules file's key, an option) raise their own :class:`InputError` naming it.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(Message(reason))
        self.reason = reason


def visible(text: str) -> str:
    """``text`` with line breaks and control characters written out (``\\n``), for one-line messages."""
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c).startswith("C") or unicodedata.category(c) in ("Zl", "Zp")
        else c
        for c in text
    )


def check_address(text: str) -> str:
    """The address, tidied (full-width characters folded, domain lower-cased), or :class:`AddressError`."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise AddressError("address.control")
    address = unicodedata.normalize("NFKC", text).strip()
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
    if not all(_LOCAL_ATOM.match(part) for part in local.split(".")):
        raise AddressError("address.local")
    domain = domain.lower()
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253 or not all(len(x) <= 63 and _LABEL.match(x) for x in labels):
        raise AddressError("address.domain")
    if labels[-1].isdigit():
        raise AddressError("address.domain")
    return f"{local}@{domain}"
