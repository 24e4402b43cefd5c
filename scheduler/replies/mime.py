"""A mail as the replies reader needs it: its headers in any charset, and its calendar parts.

Mail clients in Chinese offices label their text in many ways: RFC 2047 words
in UTF-8, GBK, GB2312 or GB18030 (Foxmail, QQ Mail), raw 8-bit GBK in a header,
a calendar part declared ``gb2312`` that is really UTF-8. Everything is decoded
the same way (:func:`decode_text`): text that is valid UTF-8 is UTF-8 (the
iCalendar default, and GBK text is almost never valid UTF-8), else the declared
charset (GB2312 and GBK read as their superset GB18030; Latin-1 and ASCII, which
old clients put on anything, count as undeclared), else GB18030; the charset
actually used is reported when it is not the declared one. Two legacy charsets
cannot be told apart by their bytes: GBK text labelled Big5 reads as Big5.

A calendar part is any part that is ``text/calendar``, ``application/ics`` (or a
look-alike), or named ``*.ics`` (the name in RFC 2231 form, or in RFC 2047 words
as Outlook, Foxmail and Gmail write it), or an ``application/octet-stream`` or ``text/plain`` part
whose content opens with ``BEGIN:VCALENDAR`` (some OA systems send the answer as the mail's text):
inline or attached, at any depth (a forwarded message included). Nothing here raises for a malformed mail: problems are
returned as :class:`~scheduler.text.messages.Message` lines.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
import html
import quopri
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email import errors as email_errors
from email import policy
from email.header import decode_header
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import collapse_rfc2231_value, getaddresses, parsedate_to_datetime
from typing import Any, Protocol

from scheduler.text.messages import Message

CALENDAR_TYPES = ("text/calendar", "application/ics", "application/x-ics", "text/x-vcalendar", "text/x-calendar")
CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb", ".vcs")
CALENDAR_LIMIT = 2_000_000
"""Bytes of one calendar part beyond which it is not read (a reply is a few kilobytes)."""
_UNRELIABLE = {
    "unknown-8bit",
    "x-unknown",
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin1",
    "latin-1",
    "windows-1252",
    "cp1252",
}
"""Labels that old clients put on Chinese text by default: the bytes decide instead (UTF-8, else GB18030)."""
_SUBJECT_WORDS = (
    "accepted",
    "declined",
    "tentative",
    "new time proposed",
    "接受",
    "拒绝",
    "谢绝",
    "暂定",
    "待定",
    "新时间建议",
)
"""Words that open the subject of an answer (Outlook, Gmail, Apple, Thunderbird, Foxmail; English and Chinese)."""
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "x-euc-cn", "csgb2312", "gb18030"}


def _charset(name: str | None) -> str | None:
    """A codec name for a declared charset (``None`` when none or unknown)."""
    if not name:
        return None
    name = name.strip().strip('"').lower()
    if name in _GB:
        return "gb18030"
    if name in _UNRELIABLE:
        return None
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # unknown, or not a name at all (a NUL in it)
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """``data`` as text, and the charset used when it is not the declared one (else ``None``).

    UTF-8 first when the bytes are valid UTF-8, then the declared charset, then
    GB18030; as a last resort UTF-8 with replacement characters.
    """
    wanted = _charset(declared)
    if data.isascii():
        return data.decode("ascii"), None
    tried = ["utf-8"] + ([wanted] if wanted and wanted != "utf-8" else []) + ["gb18030"]
    for codec in dict.fromkeys(tried):
        try:
            text = data.decode(codec)
        except (ValueError, LookupError, TypeError):  # undecodable, or a codec that is not for text
            continue
        return text, None if codec == wanted or (wanted is None and codec == "utf-8") else codec
    return data.decode("utf-8", "replace"), "utf-8?"


def unfold(data: bytes) -> bytes:
    """A calendar's bytes with its folded lines joined and a leading UTF-8 byte order mark dropped.

    Unfolded before decoding (RFC 5545 3.1): clients that fold at 75 octets (libical, Foxmail) may cut
    a UTF-8 or GB18030 character in two, and each half alone decodes as nonsense. No byte of a
    multi-byte character in either charset is a line break, so joining the bytes restores it. A BOM
    (Notepad, some web mailers) would make the first line ``\\ufeffBEGIN:VCALENDAR``.
    """
    return re.sub(rb"\r?\n[ \t]", b"", data.removeprefix(codecs.BOM_UTF8))


def _latin(raw: str) -> str:
    """A raw header (8-bit bytes kept as surrogates) with one character per byte, as ``decode_header`` wants it."""
    return raw.encode("utf-8", "surrogateescape").decode("latin-1")


def _from_latin(latin: str) -> str:
    try:
        parts = decode_header(latin)
    except email_errors.HeaderParseError:  # a broken encoded word: shown as it was written
        parts = [(latin.encode("latin-1", "replace"), None)]
    out = []
    for value, charset in parts:
        data = value if isinstance(value, bytes) else value.encode("latin-1", "replace")
        out.append(decode_text(data, charset)[0])
    return " ".join("".join(out).split())


def header_text(raw: str | None) -> str:
    """A raw header value (RFC 2047 words, or 8-bit bytes as surrogates) as text, on one line."""
    return _from_latin(_latin(raw)) if raw else ""


@dataclass(frozen=True)
class CalendarPart:
    """The text of one calendar part, its MIME ``method`` parameter, and what decoding it found."""

    text: str
    method: str
    name: str
    notes: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Envelope:
    """What the reader keeps of a mail's headers."""

    message_id: str
    sender: str
    """The From address."""
    sender_name: str
    on_behalf: str
    """The Sender address, when it differs from From (a secretary answering for a unit)."""
    subject: str
    date: datetime | None
    """When the mail says it was written (aware): its ``Date:``, read in the office's zone when it names
    none (:func:`mail_date`)."""
    client: str
    """The mail program, as X-Mailer or User-Agent name it (shown, never trusted)."""
    key_date: datetime | None = None
    """The ``Date:`` as :func:`key_of` digests it: as the standard library reads it, kept only when it
    names a zone, whatever the office's zone (so a mail keeps the key it was given before)."""


NOTHING, KNOWN, READ = "nothing", "known", "read"
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|fw|fwd|回复|答复|回覆|转发)\s*[:：]\s*)+", re.IGNORECASE)
"""What mail programs put before the subject of a reply (or a forward): ``Re:``, ``回复：``, ``答复:``…"""
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:自动回复|自动答复|自动应答|automatic reply|auto[- ]?reply|autoreply|out of office|不在办公室)",
    re.IGNORECASE,
)
"""Subjects of out-of-office replies (Exchange ``自动回复:``, ``Automatic reply:``, Gmail, Coremail…)."""
_AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")


def looks_like_answer(subject: str) -> bool:
    """Whether a subject opens as an answer's does (``Accepted: …``, ``已接受：…``)."""
    head = subject.casefold().split(":")[0].split("：")[0]
    return any(word in head for word in _SUBJECT_WORDS)


def is_reply(subject: str) -> bool:
    """Whether a subject says the mail replies to (or forwards) another: ``Re:``, ``回复：``, ``答复:``…"""
    return bool(_REPLY_PREFIX.match(subject))


def _invitation_heads() -> tuple[str, ...]:
    """How the subject of each of our invitation mails opens (``邀请：``, ``Updated: ``…), both languages, as the
    catalog writes them (``mail.subject.*``), casefolded."""
    from scheduler.text.messages import CATALOG

    keys = ("mail.subject.new", "mail.subject.updated", "mail.subject.cancelled", "mail.subject.uninvited")
    return tuple(text.split("{summary}")[0].strip().casefold() for key in keys for text in CATALOG[key])


def invitation_of(subject: str) -> str | None:
    """What a reply's subject answers when it is an invitation's (``回复：邀请：X`` → ``X``; ``Re: Updated: X``),
    else ``None``: the summary the invitation named, whoever sent it."""
    rest = _REPLY_PREFIX.sub("", subject, count=1).strip()
    folded = rest.casefold()
    for head in _invitation_heads():
        if folded.startswith(head):
            return rest[len(head) :].strip()
    return None


def auto_replied(msg: EmailMessage) -> bool:
    """Whether a mail is an automatic reply (out of office): RFC 3834's ``Auto-Submitted`` other than ``no``,
    ``X-Autoreply`` and its kin, or a subject such as ``自动回复：…`` / ``Automatic reply: …``."""
    submitted = header_text(_raw(msg, "Auto-Submitted")).strip().lower()
    if submitted and submitted != "no":
        return True
    if any(_raw(msg, name) is not None for name in _AUTO_HEADERS):
        return True
    return bool(_AUTO_SUBJECT.match(header_text(_raw(msg, "Subject"))))


_RECEIPT_SUBJECT = re.compile(r"^\s*(?:已读回执|阅读回执|已读|回执|read receipt|read|gelesen)\s*[:：]", re.IGNORECASE)
"""How a read receipt's subject opens (Outlook ``已读:``/``Read:``, Foxmail ``已读：``, Coremail and Thunderbird
``回执：``)."""
_RECEIPT_WORDS = re.compile(
    r"邮件收条|已读回执|邮件回执|此邮件回执|回执表明|已在收件人的计算机上显示|不保证收件人已阅读|已于.{0,40}读取"
    r"|was (?:displayed|read)|has been (?:displayed|read)",
    re.IGNORECASE | re.DOTALL,
)
"""What a plain-text read receipt says (Foxmail "这是邮件收条，…收到您的邮件，但不保证收件人已阅读或理解邮件内容",
Outlook "已于 2021/9/1 10:00 读取", Coremail "此邮件回执表明您的邮件已在收件人的计算机上显示过"): a "回执" a person
writes (a unit's 参会回执, the office's reply form filled in) says none of it."""


def read_receipt(msg: EmailMessage, text: str) -> bool:
    """Whether a mail is a read receipt, not a reply: an RFC 8098 MDN (``multipart/report;
    report-type=disposition-notification``, or a ``message/disposition-notification`` part), or a client's
    plain-text receipt, told by its subject (``已读：``, ``回执：``, ``Read:``) **and** its words ``text``
    (:data:`_RECEIPT_WORDS`): a unit's 参会回执 written by hand is a reply."""
    report = (
        str(msg.get_param("report-type", "")).strip().lower() if msg.get_content_type() == "multipart/report" else ""
    )
    if report == "disposition-notification" or any(
        part.get_content_type() == "message/disposition-notification" for part in msg.walk()
    ):
        return True
    subject = header_text(_raw(msg, "Subject"))
    return bool(_RECEIPT_SUBJECT.match(subject)) and bool(_RECEIPT_WORDS.search(text))


def references(msg: EmailMessage) -> tuple[str, ...]:
    """The Message-IDs a mail replies to: its ``In-Reply-To`` and ``References`` (each once, in order)."""
    found: list[str] = []
    for name in ("In-Reply-To", "References"):
        found += re.findall(r"<[^<>\s]+>", header_text(_raw(msg, name)))
    return tuple(dict.fromkeys(found))


_ABOUT_AN_INVITE = re.compile(r"回复|答复|回覆|邀请|参加|参会|出席|请假|对接|会议|改期|改时间")
"""Words of a subject written by hand about an invitation: an office clerk who writes a new mail instead of
pressing Reply ("关于9月10日对接的回复", "【回复】邀请：…", "我单位不参加")."""


def may_concern_us(subject: str, refs: bool, auto: bool, tnef: bool = False) -> bool:
    """Whether a mail without calendar data may be about one of our invites: it replies to another mail
    (``refs``: its ``In-Reply-To``/``References`` name one, as the caller reads them; or a subject such
    as ``Re:``), it is an automatic reply (``auto``), it carries a winmail.dat (``tnef``), its subject
    reads as an answer, or it speaks of one (回复, 邀请, 参加, 对接…: a new mail written instead of a reply;
    kept only when it comes from an invited address, :func:`~scheduler.replies.standing.concerns`). The
    one rule of the header triage, :func:`~scheduler.replies.itip.reply_head` and the reading of a plain
    mail; each passes what it can know."""
    return (
        refs
        or auto
        or tnef
        or is_reply(subject)
        or looks_like_answer(subject)
        or bool(_ABOUT_AN_INVITE.search(subject))
    )


_SYSTEM_SENDERS = {
    "postmaster",
    "mailer-daemon",
    "mailer_daemon",
    "mailerdaemon",
    "mail-daemon",
    "maildaemon",
    "mdaemon",
    "mail-delivery-system",
}
"""The local parts a mail system's own mail comes from."""
RETURNED_WORDS = re.compile(
    r"退信|被退回|退回的邮件|无法(?:送达|投递|递送)|未能?(?:成功)?(?:送达|投递|递送)|(?:投递|发送|递送|送达)失败"
    r"|undeliver|delivery (?:status notification|failure|failed|has failed|problem)|mail delivery failed"
    r"|returned mail|returned to sender|failure notice|non[- ]?delivery|could not be delivered",
    re.IGNORECASE,
)
"""Words (of a subject, or a bounce's text) that say mail came back (Exmail/QQ 退信：…, 163/Coremail
系统退信, Exchange Undeliverable, Postfix Undelivered Mail Returned to Sender, qmail failure notice, Gmail
Delivery Status Notification)."""


def from_mail_system(sender_name: str, sender: str) -> bool:
    """Whether a mail comes from a mail system, not a person's mailbox: ``postmaster``, ``MAILER-DAEMON``
    (Exmail/QQ's 系统退信 <postmaster@…>, Coremail's, Gmail's, Outlook's), or a name such as "Mail
    Delivery System" / "Mail Delivery Subsystem" / 系统退信."""
    name = sender_name.casefold()
    return sender.partition("@")[0].casefold() in _SYSTEM_SENDERS or any(word in name for word in _SYSTEM_NAMES)


_SYSTEM_NAMES = ("mail delivery", "mailer-daemon", "postmaster", "系统退信")
"""Words of the name a mail system's own mail is sent under."""


def looks_returned(subject: str, sender_name: str, sender: str) -> bool:
    """Whether a mail's headers say it may be returned mail: it comes from a mail system (``postmaster``,
    ``MAILER-DAEMON``, "Mail Delivery System") or its subject says mail came back (``退信：…``, ``系统退信``,
    ``Undeliverable: …``). Whether it is a bounce, its body decides (:func:`~scheduler.replies.returns.returned`)."""
    return from_mail_system(sender_name, sender) or bool(RETURNED_WORDS.search(subject))


def _about_a_mail(msg: EmailMessage) -> bool:
    """:func:`may_concern_us` from the headers alone: an ``In-Reply-To`` or ``References`` header counts
    even with no ``<id>`` in it (the mail is read whole then, and its ids read properly); a mail that may be
    returned mail (:func:`looks_returned`: qmail's bounce is one text part) is read whole too."""
    refs = _raw(msg, "In-Reply-To") is not None or _raw(msg, "References") is not None
    subject = header_text(_raw(msg, "Subject"))
    name, sender = sender_of(_raw(msg, "From"))
    return may_concern_us(subject, refs, auto_replied(msg)) or looks_returned(subject, name, sender)


def triage(head: bytes, known: Callable[[str], bool], inert: bool = False) -> str:
    """What a mail's headers alone say: ``nothing`` (a single-part text or HTML mail cannot hold calendar
    data, unless it may be about one of our invites: a reply, an automatic reply, a subject that reads as
    an answer; then it is read, to be named for reading by hand), ``known`` (its Message-ID is in the
    ledger: read before), or ``read`` (read it whole). ``inert``: the mail's structure is known to hold
    no part that may carry calendar data, a bounce or a winmail.dat (:func:`inert_parts`): it counts as a
    text mail."""
    msg = BytesHeaderParser(policy=policy.compat32).parsebytes(head)
    plain = inert or msg.get_content_type() in ("text/plain", "text/html")
    if plain and not _about_a_mail(msg):
        return NOTHING
    env = envelope(msg)
    return KNOWN if env.message_id and known(key_of(env.message_id, b"", env)) else READ


def parse_mail(data: bytes) -> EmailMessage:
    """The message structure (never raises: a broken mail gives a message with defects)."""
    return BytesParser(policy=policy.compat32).parsebytes(data)


class Headed(Protocol):
    """What :func:`key_of` reads of a mail besides its Message-ID: an :class:`Envelope`, a ledger's mail."""

    @property
    def sender(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def key_date(self) -> datetime | None: ...


def key_of(message_id: str, data: bytes, head: Headed | None = None) -> str:
    """What makes two copies of a mail the same: its Message-ID with a digest of its From address, Subject and
    Date (``<id> 0123456789abcdef``), else the SHA-256 of its bytes.

    The Message-ID alone is not enough: some OA gateways and scripts give every mail the same one
    (``<1@localhost>``), and a unit that accepts and then declines from such a client would lose its second
    answer. The headers, not the body, are digested: they are all a server hands over before the body (IMAP
    fetches them alone), so a mail read before is still known without being fetched whole, and a copy of a
    mail (another folder, a Maildir, an ``.eml`` file) keeps them as they were written.
    """
    tidy = message_id.strip()
    if not tidy:
        return "sha256:" + hashlib.sha256(data).hexdigest()
    if head is None:
        return tidy
    when = head.key_date.isoformat() if head.key_date is not None else ""
    mark = "\x1f".join((head.sender.casefold(), head.subject, when))
    return f"{tidy} {hashlib.sha256(mark.encode('utf-8', 'backslashreplace')).hexdigest()[:16]}"


def _raw(msg: EmailMessage, name: str) -> str | None:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def sender_of(raw: str | None) -> tuple[str, str]:
    """(display name, address) of the first address in a raw From or Sender header.

    Parsed as written first: an RFC 2047 word may stand only in the display name. When that finds no
    address (``From: =?utf-8?b?...?=``, a display name alone; or the whole ``name <address>`` in one
    encoded word, as old clients and some webmails write it, quoted or not), the header is decoded and parsed again;
    with still no address, the decoded text is the name and the address is empty.
    """
    if not raw:
        return "", ""
    name, address = _first_address(_latin(raw))
    name, address = _from_latin(name), address.encode("latin-1", "replace").decode("utf-8", "replace")
    if "@" in address and "=?" not in name + address:  # no encoded word cut in two by the parsing
        return name, address
    text = header_text(raw).strip()
    if len(text) > 1 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        text = text[1:-1].strip()  # the whole ``"name <address>"`` one quoted word, as webmails write it
    bracketed = re.fullmatch(r"([^<]*)<\s*([^<>\s]+@[^<>\s]+?)\s*>", text.strip())
    if bracketed:  # one mailbox whose display name may hold a comma: not split as a list of addresses
        return bracketed[1].strip().strip('"').strip(), bracketed[2]
    name, address = _first_address(text)
    return (name, address) if "@" in address else (name or text, "")


def _first_address(text: str) -> tuple[str, str]:
    """The first pair whose address has an ``@``, else the first pair."""
    pairs = getaddresses([text])
    name, address = next((pair for pair in pairs if "@" in pair[1]), pairs[0] if pairs else ("", ""))
    return name, address.strip().strip("<>")


def envelope(msg: EmailMessage, zone: tzinfo | None = None) -> Envelope:
    """The headers the reader keeps, decoded; a ``Date:`` without a zone is read in ``zone`` (the office's)."""
    name, address = sender_of(_raw(msg, "From"))
    _, sender = sender_of(_raw(msg, "Sender"))
    date, key_date = mail_date(_raw(msg, "Date"), zone)
    client = header_text(_raw(msg, "X-Mailer") or _raw(msg, "User-Agent"))
    return Envelope(
        message_id=" ".join(header_text(_raw(msg, "Message-ID")).split()),
        sender=address,
        sender_name=name,
        on_behalf=sender if sender and sender.casefold() != address.casefold() else "",
        subject=header_text(_raw(msg, "Subject")),
        date=date,
        client=client[:80],
        key_date=key_date,
    )


_LOOSE_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:T\s*)?(?:[上下]午\s*)?"
    r"(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?(?:\.\d+)?\s*"
    r"(Z|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d\d)?)?\s*(?:\(.*\))?\s*$",
    re.IGNORECASE,
)
"""A ``Date:`` as OA gateways and scripts write it instead of RFC 5322's: ``2026-12-05 09:30:00``,
``2026/12/5 9:30``, ``2026年12月5日 09:30``, ISO 8601's ``2026-12-05T09:30:00+08:00``, maybe with a
``GMT+08:00``-like zone after it."""
_OFFSET = re.compile(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d\d))?$", re.IGNORECASE)
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d\d))?\b", re.IGNORECASE)
"""``GMT+08:00`` after an RFC 5322 time (Java's and some gateways' way): the standard library drops it."""


def mail_date(raw: str | None, zone: tzinfo | None = None) -> tuple[datetime | None, datetime | None]:
    """A mail's ``Date:`` header read: (when it was written, aware; the date :func:`key_of` digests).

    RFC 5322's form as the standard library reads it, else the forms OA gateways write (``_LOOSE_DATE``).
    A time that names no zone, as some gateways and scripts write it (``5 Dec 2026 09:30:00``,
    ``2026-12-05 09:30``), is the office's ``zone`` (without one, it is not used); ``-0000`` is UTC (RFC
    5322: the writer's zone is unknown, the time is UTC); ``CST`` is China Standard Time where the office
    is at UTC+8 at that time (Java's ``Sat Dec 05 09:30:00 CST 2026``), not RFC 822's US Central. A
    ``Date:`` that cannot be read (no header, a wrong month, a 25th hour) is ``None``: the mail's other
    times stand (its arrival: IMAP's INTERNALDATE, a Maildir file's name; its reading). Never raises.
    """
    text = " ".join((raw or "").split())
    if not text:
        return None, None
    try:
        told: datetime | None = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        told = None
    key_date = told if told is not None and told.tzinfo is not None else None  # as read before: keys stay
    if _TWELVE_HOUR.search(text):  # the library reads 9:30 PM +0800 as 09:30, the zone lost to PM
        try:
            told = parsedate_to_datetime(_twenty_four(text))
        except (TypeError, ValueError, IndexError, OverflowError):
            told = None
    if told is None:
        told = _loose_date(_twenty_four(header_text(text)))  # 8-bit text (``2026年12月5日``) decoded as any header is
    elif told.tzinfo is None:
        told = _named_offset(text, told)
    if told is None:
        return None, key_date
    if told.tzinfo is None:
        if re.search(r"(?<![\d:])-0000\b", text):
            return told.replace(tzinfo=UTC), key_date
        return (told.replace(tzinfo=zone) if zone is not None else None), key_date
    if re.search(r"\bCST\b", text) and zone is not None and not re.search(r"[+-]\d{4}", text):
        local = told.replace(tzinfo=zone)
        if local.utcoffset() == timedelta(hours=8):
            return local, key_date
    return told, key_date


_TWELVE_HOUR = re.compile(r"\b(\d{1,2}):(\d{2})(:\d{2})?\s*([AaPp])\.?[Mm]\.?(?![A-Za-z])")
"""A time on a 12-hour clock (``9:30 PM``, ``12:30 a.m.``)."""


def _twenty_four(text: str) -> str:
    """``text`` with its 12-hour times on the 24-hour clock (``9:30 PM`` → ``21:30``, ``12:30 AM`` → ``00:30``)."""

    def hours(found: re.Match[str]) -> str:
        hour = int(found[1])
        if not 1 <= hour <= 12:
            return found[0]
        hour = hour % 12 + (12 if found[4] in "Pp" else 0)
        return f"{hour:02d}:{found[2]}{found[3] or ''}"

    return _TWELVE_HOUR.sub(hours, text)


def _loose_date(text: str) -> datetime | None:
    """A ``Date:`` in one of ``_LOOSE_DATE``'s forms (naive when it names no zone), else ``None``."""
    found = _LOOSE_DATE.search(text)
    if found is None:
        return None
    year, month, day, hour, minute = (int(found[i]) for i in range(1, 6))
    second = int(found[6] or 0)
    if "下午" in text and hour < 12:
        hour += 12
    elif "上午" in text and hour == 12:  # 上午12:30 is half past midnight, as 12:30 AM
        hour = 0
    try:
        moment = datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return None
    written = found[7]
    if not written:
        return moment
    if written.upper() == "Z":
        return moment.replace(tzinfo=UTC)
    offset = _OFFSET.match(written.strip())
    return _offset(moment, offset) if offset else moment


def _named_offset(text: str, moment: datetime) -> datetime:
    """``moment`` (naive) in the ``GMT+08:00`` zone the text names after it, else as it is."""
    found = _NAMED_OFFSET.search(text)
    return _offset(moment, found) if found else moment


def _offset(moment: datetime, found: re.Match[str]) -> datetime:
    minutes = int(found[2]) * 60 + int(found[3] or 0)
    if minutes >= 24 * 60:
        return moment  # no such zone: as if it named none
    return moment.replace(tzinfo=timezone(timedelta(minutes=-minutes if found[1] == "-" else minutes)))


def _is_calendar(part: EmailMessage) -> bool:
    kind = part.get_content_type()
    if kind in CALENDAR_TYPES:
        return True
    if _file_name(part).lower().endswith(CALENDAR_SUFFIXES):
        return True
    return kind in ("application/octet-stream", "text/plain") and _opens_as_calendar(part)


_INERT_TYPES = ("text/plain", "text/html", "text/enriched", "application/pdf", "application/msword", "application/zip")
_INERT_KINDS = ("image/", "audio/", "video/", "application/vnd.openxmlformats-officedocument.")


def inert_parts(parts: list[tuple[str, list[str]]]) -> bool:
    """Whether a mail whose leaf parts are these (content type, file names as written) can hold nothing
    :func:`~scheduler.replies.itip.read_mail` reads without its headers saying so: every part of a type
    that is never a calendar, a bounce or a winmail.dat (text, HTML, images, PDF, Office files...; not
    ``application/octet-stream``, not ``message/*``), and no file name that makes one (``*.ics``,
    ``winmail.dat``). Used with IMAP's BODYSTRUCTURE, so such mails are not fetched whole."""
    for kind, names in parts:
        kind = kind.lower()
        if kind not in _INERT_TYPES and not kind.startswith(_INERT_KINDS):
            return False
        for name in names:
            decoded = header_text(name).strip().lower()
            if decoded.endswith(CALENDAR_SUFFIXES) or decoded == "winmail.dat" or "=?" in decoded:
                return False
    return True


def _file_name(part: EmailMessage) -> str:
    """The part's file name, decoded: Content-Disposition's, else Content-Type's ``name``. RFC 2231
    (``name*=utf-8''...``, which the email package gives as a tuple) and RFC 2047 words inside the
    quoted value (``name="=?gb2312?B?0fvH6y5pY3M=?="`` for 邀请.ics: not what RFC 2047 allows, but what
    Outlook, Foxmail and Gmail write; the message is parsed with ``compat32``, which leaves them as is)."""
    raw = part.get_filename() or collapse_rfc2231_value(part.get_param("name") or "")
    return header_text(raw)


def _opens_as_calendar(part: EmailMessage) -> bool:
    """Whether the first bytes of a part (base64, quoted-printable or plain) are ``BEGIN:VCALENDAR``:
    only the payload's first characters are decoded, however large the attachment."""
    payload = part.get_payload(decode=False)
    if not isinstance(payload, str):
        return False
    head = payload.lstrip()[:240]
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":
        chars = "".join(head.split())
        try:
            data = base64.b64decode(chars[: len(chars) // 4 * 4])
        except ValueError:  # not base64 at all: not a calendar
            return False
    elif encoding == "quoted-printable":
        data = quopri.decodestring(head.encode("ascii", "replace"))
    else:
        data = head.encode("utf-8", "surrogateescape")
    return unfold(data).lstrip().upper().startswith(b"BEGIN:VCALENDAR")


def decoded(part: EmailMessage) -> Any:
    """The part's payload decoded (bytes; ``None`` for a multipart), its Content-Transfer-Encoding read as
    mail programs write it: ``base64 `` with a trailing blank too, which the email package compares as
    written and so would leave encoded."""
    raw = part.get("Content-Transfer-Encoding")
    if raw is not None and str(raw) != str(raw).strip():
        part.replace_header("Content-Transfer-Encoding", str(raw).strip())
    return part.get_payload(decode=True)


def calendar_parts(msg: EmailMessage) -> Iterator[CalendarPart | Message]:
    """Each calendar part of ``msg`` as text, or a :class:`Message` saying why it cannot be read."""
    for part in msg.walk():
        try:
            if part.is_multipart() or not _is_calendar(part):
                continue
        except Exception:  # headers so damaged the part cannot even be typed: not a calendar we can read
            continue
        name = part.get_content_type()
        try:
            name = _file_name(part) or name
            yield _calendar_part(part, name)
        except Exception as exc:  # a part the email package chokes on: one line, and the next part
            yield Message("replies.part_unreadable", part=name, reason=type(exc).__name__)


def _calendar_part(part: EmailMessage, name: str) -> CalendarPart | Message:
    payload = part.get_payload(decode=False)
    if isinstance(payload, str) and len(payload) > CALENDAR_LIMIT * 4 // 3 + 4096:
        return Message("replies.part_too_large", part=name, size=len(payload), limit=CALENDAR_LIMIT)
    before = len(part.defects)
    data = decoded(part)
    broken = [d for d in part.defects[before:] if isinstance(d, _BASE64_DEFECTS)]
    if not isinstance(data, bytes):
        return Message("replies.part_unreadable", part=name, reason="-")
    text, used = decode_text(unfold(data), part.get_content_charset())
    notes: tuple[Message, ...] = ()
    if used is not None:
        declared = part.get_content_charset() or "-"
        notes = (Message("replies.charset", part=name, declared=declared, used=used),)
    if broken and "BEGIN:VCALENDAR" not in text.upper():
        return Message("replies.broken_base64", part=name)
    method = str(part.get_param("method") or "").strip().upper()
    return CalendarPart(text, method, name, notes)


_BASE64_DEFECTS = (
    email_errors.InvalidBase64CharactersDefect,
    email_errors.InvalidBase64PaddingDefect,
    email_errors.InvalidBase64LengthDefect,
)


_QUOTE_STARTS = re.compile(
    r"^(?:-{2,}\s*(?:原始邮件|original message|回复的原邮件)|_{5,}|发件人[:：]|from:\s|sent:\s|发送时间[:：]"
    r"|on .+ wrote:|在 .+ 写道[:：])",
    re.IGNORECASE,
)
"""Where a reply's quotation of the mail it answers starts (Outlook, Foxmail, Gmail, Thunderbird)."""


def first_words(msg: EmailMessage, width: int = 120) -> str:
    """What a mail without calendar data says, on one line: the text of its first ``text/plain`` part
    (else its HTML's text) up to the quotation of the mail it replies to, cut to ``width`` characters."""
    text = ""
    for kind in ("text/plain", "text/html"):
        part = next((p for p in msg.walk() if p.get_content_type() == kind and not p.get_filename()), None)
        if part is None:
            continue
        data = decoded(part)
        if isinstance(data, bytes):
            text = decode_text(data[:100_000], part.get_content_charset())[0]
            if kind == "text/html":
                text = re.sub(r"(?is)<(script|style).*?</\1>|<br\s*/?>|</p>|</div>", "\n", text)
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            break
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if _QUOTE_STARTS.match(line):
            break
        if line and not line.startswith(">"):
            lines.append(line)
    flat = " / ".join(lines)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def has_tnef(msg: EmailMessage) -> bool:
    """Whether Outlook sent the mail as ``winmail.dat`` (TNEF): its calendar data cannot be read."""
    for part in msg.walk():
        name = _file_name(part).lower()
        if part.get_content_type() in ("application/ms-tnef", "application/vnd.ms-tnef") or name == "winmail.dat":
            return True
    return False
