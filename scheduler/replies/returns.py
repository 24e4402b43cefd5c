"""Returned mail: whether a mail says one of ours could not be delivered, to whom, why, and which mail it was.

Two shapes are read. A delivery status notification (RFC 3464: ``multipart/report`` with
``message/delivery-status``, Postfix, Exchange, Gmail) says it in fields, ``Action: failed`` only
(a delay is not a failure); its recipient may be in UTF-8 (RFC 6533's ``utf-8;`` with ``\\x{…}``).
Many mail systems in Chinese offices write no such report: Tencent Exmail and QQ Mail ("退信：…" from
系统退信 <postmaster@…>, an HTML text and the mail as ``message/rfc822``), NetEase 163/126 and Coremail
("系统退信", a GBK text and the mail's headers as ``text/rfc822-headers``), qmail and gateways ("failure
notice", the mail copied into the text). Such a mail is a bounce by what it carries (:func:`_by_its_words`):

* it comes from a mail system (``postmaster``, ``MAILER-DAEMON``, "Mail Delivery System", 系统退信):
  a subject alone (被退回, 发送失败…) from a person's mailbox never makes a bounce — a clerk writes
  "材料被退回" or resends an answer "上次发送失败", and a false bounce (the unit marked 邀请被退回, its
  reminders stopped) is worse than a miss;
* it is not a delay notice: neither its subject nor its words say the server still tries (延迟, 暂未,
  继续尝试, 稍后重试, will retry, keep trying, delayed…), unless its words say it gave up (giving up, 不再重试);
* it carries evidence: the server's answer in its text (a 4xx/5xx code or an RFC 3463 status, ``550
  5.1.1``), or the returned mail (attached whole or as headers, or copied into the text, with its
  ``Message-ID``) and words saying mail came back (无法送达, could not be delivered…; the status is ``-``);
* and it names what came back: the returned mail, else the failed address in its text.

A mail carrying an iTIP ``METHOD:REPLY`` calendar of its own is an answer, never a bounce (whatever the
shape). A mail that fails any of these is not a bounce (a clerk forwarding our invite or resending her
answer, a quarantine notice, a delay notice).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email import policy
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser, HeaderParser

from scheduler.replies.answers import Signal
from scheduler.replies.mime import RETURNED_WORDS, decode_text, decoded, from_mail_system, header_text, sender_of


@dataclass(frozen=True)
class Returned:
    """A report saying a mail could not be delivered: the status code (an RFC 3463 status such as ``5.1.1``,
    else the server's reply code such as ``550``, else ``-``), the recipient it names (empty when it names
    none), and the returned mail (or its headers) when the report carries it."""

    status: str
    recipient: str
    mail: EmailMessage | None
    cause: str = ""
    """What the failure means for the address (:func:`cause_of`)."""


ADDRESS, FULL, POLICY, TEMPORARY, OTHER = "address", "full", "policy", "temporary", "other"
"""Why mail bounced, as the office must act on it (QA qamailbox25 F3): the address is wrong (RFC 3463
``5.1.x``, a disabled mailbox ``x.2.1``: correct it), the mailbox is full (``x.2.2``, SMTP ``552``: the
unit must clear it), the receiving server refused it by its policy (``x.7.x``: as spam, a blocked sender),
the server gave up after retrying (any other ``4.x.x``), or something else (read the bounce)."""
_FULL_WORDS = re.compile(
    r"邮箱已满|信箱已满|邮箱满|空间不足|容量不足|超出.{0,6}(?:容量|空间|配额)|mailbox (?:is )?full|over ?quota"
    r"|quota (?:exceeded|full)|exceeded (?:the )?(?:storage|mailbox size|quota)|insufficient (?:storage|space)",
    re.IGNORECASE,
)
_POLICY_WORDS = re.compile(
    r"垃圾邮件|反垃圾|拒收|黑名单|spam|blacklist|blocklist|blocked|content filter|policy|not authori[sz]ed|denied",
    re.IGNORECASE,
)
_ADDRESS_WORDS = re.compile(
    r"不存在|查无此人|用户名错误|无此用户|user unknown|unknown user|no such (?:user|mailbox|recipient)"
    r"|does not exist|doesn'?t exist|invalid (?:recipient|mailbox|address)|recipient (?:address )?rejected"
    r"|mailbox unavailable|address rejected|host (?:or domain name )?not found|domain not found",
    re.IGNORECASE,
)


def cause_of(status: str, words: str = "") -> str:
    """Why mail bounced (:data:`ADDRESS`, :data:`FULL`…): by its RFC 3463 status when it has one (the
    status is the server's own classification); else by the bounce's ``words`` (a mail system's own shape,
    a DSN's ``Diagnostic-Code``: "收件人邮箱已满", "Mailbox full", "rejected as spam", "User unknown"); else
    by the SMTP reply code (``552`` storage exceeded, ``550``/``551``/``553`` the mailbox, ``4xx``
    transient); else :data:`OTHER`."""
    found = _STATUS.search(status)
    if found is not None:
        kind, subject, detail = found[1].split(".")
        if subject == "1" or (subject, detail) == ("2", "1"):
            return ADDRESS
        if (subject, detail) == ("2", "2"):
            return FULL
        if subject == "7":
            return POLICY
        return TEMPORARY if kind == "4" else OTHER
    for pattern, cause in ((_FULL_WORDS, FULL), (_ADDRESS_WORDS, ADDRESS), (_POLICY_WORDS, POLICY)):
        if pattern.search(words):
            return cause
    code = status.strip()[:3]
    if code == "552":
        return FULL
    if code in ("550", "551", "553"):
        return ADDRESS
    return TEMPORARY if code[:1] == "4" else OTHER


def bounce_cause(signal: Signal) -> str:
    """A bounce's cause: as it was read, else (a ledger line written before it was kept) by its status."""
    return signal.cause or cause_of(signal.status)


def returned(msg: EmailMessage) -> Returned | None:
    """The failure a bounce reports (an RFC 3464 report, or a mail system's own shape: see the module),
    or ``None`` when ``msg`` is not a bounce (nor a report of a delay or a delivery)."""
    if _carries_reply(msg):
        return None  # an answer (a clerk resending it "上次发送失败"), never a bounce
    report = next((p for p in msg.walk() if p.get_content_type() == "message/delivery-status"), None)
    if report is None:
        return _by_its_words(msg)
    for fields in _status_blocks(report):
        action = str(fields.get("Action", "")).strip().lower()
        status = str(fields.get("Status", "")).strip()
        if action == "failed" or (not action and status[:1] in ("4", "5")):
            recipient = str(fields.get("Final-Recipient") or fields.get("Original-Recipient") or "")
            cause = cause_of(status, str(fields.get("Diagnostic-Code", "")))
            return Returned(status, _recipient(recipient), _returned_mail(msg), cause)
    return None


def _recipient(field: str) -> str:
    """The address of a ``Final-Recipient`` field: ``rfc822; a@b``, or RFC 6533's ``utf-8; 财务科@…`` whose
    characters may be written ``\\x{8D22}``."""
    address = field.split(";")[-1].strip().strip("<>")
    return re.sub(r"\\x\{([0-9A-Fa-f]{1,6})\}", lambda found: _char(found[1]), address)


def _char(hexa: str) -> str:
    code = int(hexa, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _status_blocks(report: EmailMessage) -> list[EmailMessage]:
    """The per-message and per-recipient field blocks of a ``message/delivery-status`` part, their 8-bit
    text read as UTF-8 (RFC 6533)."""
    payload = report.get_payload()
    if isinstance(payload, list):
        return [_utf8_fields(p) for p in payload if isinstance(p, EmailMessage)]
    text = str(payload or "")
    blocks = re.split(r"\r?\n\r?\n", text)
    data = [block.encode("utf-8", "surrogateescape") for block in blocks]
    return [BytesHeaderParser(policy=policy.compat32).parsebytes(block) for block in data]


def _utf8_fields(block: EmailMessage) -> EmailMessage:
    """A field block with its values as text: raw UTF-8 bytes (kept by the parser as surrogates) decoded."""
    out = EmailMessage()
    for name, value in block.raw_items():
        raw = str(value).encode("utf-8", "surrogateescape")
        out[name] = decode_text(raw)[0]
    return out


def _returned_mail(msg: EmailMessage) -> EmailMessage | None:
    for part in msg.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            first = payload[0] if isinstance(payload, list) and payload else None
            return first if isinstance(first, EmailMessage) else None
        if kind in ("text/rfc822-headers", "message/rfc822-headers"):
            data = decoded(part)
            return BytesHeaderParser(policy=policy.compat32).parsebytes(data) if isinstance(data, bytes) else None
    return None


_REPLY_METHOD = re.compile(r"^METHOD[ \t]*:[ \t]*REPLY\b", re.IGNORECASE | re.MULTILINE)


def _carries_reply(msg: EmailMessage) -> bool:
    """Whether one of ``msg``'s own parts (not those of a mail it returns) is an iTIP ``REPLY`` calendar."""
    for part in _own_parts(msg):
        named = (part.get_filename() or "").lower().endswith(".ics")
        if part.get_content_type() not in ("text/calendar", "application/ics") and not named:
            continue
        data = decoded(part)
        if isinstance(data, bytes) and _REPLY_METHOD.search(data[:200_000].decode("utf-8", "replace")):
            return True
    return False


_DELAY = re.compile(
    r"延迟|延时|推迟|暂时无法|暂未|暂时未能|仍在(?:尝试|重试)|继续(?:尝试|重试|投递|发送)"
    r"|(?:将|会)[^，,。；;\n]{0,12}(?:重试|再次(?:尝试|投递)|重新投递)|(?<![请您])稍后[^，,。；;\n]{0,6}(?:尝试|重试|投递)"
    r"|delay|warning|will (?:be )?retr(?:y|ied)|'ll retry|retrying|still (?:being )?(?:trying|retried)"
    r"|(?:continue|keep|keeps|keeping) (?:on )?(?:trying|retrying|to try)",
    re.IGNORECASE,
)
"""Words of a notice that the server still tries (a delay, not a failure); not words telling the sender
what to do ("请核对地址后重新发送", "请稍后重试", "Please try again later"), which real failures say."""
_GAVE_UP = re.compile(
    r"giving up|given up|gave up|permanent|no more|will not (?:be )?retr|won'?t (?:be )?retr"
    r"|不再(?:尝试|重试|投递)|已放弃|永久",
    re.IGNORECASE,
)
"""Words of a failure that say the server gave up, whatever retrying it tells of ("retried for 5 days")."""
_STATUS = re.compile(r"(?<![\d.])([45]\.\d{1,3}\.\d{1,3})(?![\d.])")
"""An RFC 3463 status (``5.1.1``, ``4.2.2``): a failure or a transient failure."""
_REPLY_CODE = re.compile(r"(?:^|(?<=[\s(（:：\[]))([45][0-5]\d)(?=[\s\-:：)）]|$)")
"""An SMTP reply code of a failure (``550``, ``451 ``, ``554-``), standing alone."""
_ADDRESS = re.compile(
    r"[^\s<>()（）\[\]\"'：:，,;；、]+@[^\s<>()（）\[\]\"'：:，,;；、。]+\.[^\s<>()（）\[\]\"'：:，,;；、。]+"
)
_COPY_STARTS = re.compile(r"^(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version)[ \t]*:", re.I | re.M)
"""Where a returned mail copied into a bounce's text begins (its first header line)."""


def _by_its_words(msg: EmailMessage) -> Returned | None:
    """A bounce in a mail system's own shape (see the module), else ``None``."""
    subject = header_text(_header(msg, "Subject"))
    name, sender = sender_of(_header(msg, "From"))
    if not from_mail_system(name, sender):
        return None  # a person's mailbox: its subject (被退回, 发送失败) is no evidence
    text = _text(msg)
    copied = _COPY_STARTS.search(text)
    words = text[: copied.start()] if copied else text
    if _DELAY.search(subject) or (_DELAY.search(words) and not _GAVE_UP.search(words)):
        return None  # the server still tries: a delay is never a failure
    found = _STATUS.search(words) or _REPLY_CODE.search(words)
    mail = _returned_mail(msg)
    if mail is None and copied is not None:
        mail = HeaderParser(policy=policy.compat32).parsestr(text[copied.start() :], headersonly=True)
    if mail is not None and not mail.get("Message-ID"):
        mail = None
    says_returned = bool(RETURNED_WORDS.search(subject) or RETURNED_WORDS.search(words))
    if found is None and (mail is None or not says_returned):
        return None  # no server answer, and no returned mail the words say came back
    ours = {a.casefold() for a in (sender, sender_of(_header(msg, "To"))[1])}
    if mail is not None:
        ours.add(sender_of(_header(mail, "From"))[1].casefold())
    failed = next((a for a in _addresses(words) if a.casefold() not in ours), "")
    if mail is None and not failed:
        return None
    status = found[1] if found else "-"
    return Returned(status, failed, mail, cause_of(status, words))


def _addresses(text: str) -> list[str]:
    return [found.strip(".。") for found in _ADDRESS.findall(text)]


def _header(msg: EmailMessage, name: str) -> str | None:
    """A header as written (8-bit bytes kept as surrogates, as :func:`~scheduler.replies.mime.header_text` takes it)."""
    return next((str(value) for key, value in msg.raw_items() if key.lower() == name.lower()), None)


def _text(msg: EmailMessage) -> str:
    """The bounce's own words: its text and HTML parts (tags dropped), not those of a mail it returns."""
    out = []
    for part in _own_parts(msg):
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        data = decoded(part)
        if not isinstance(data, bytes):
            continue
        text = decode_text(data[:200_000], part.get_content_charset())[0]
        if kind == "text/html":
            text = re.sub(r"(?is)<(script|style).*?</\1>|<br\s*/?>|</p>|</div>|</tr>", "\n", text)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        out.append(text)
    return "\n".join(out)


def _own_parts(msg: EmailMessage) -> list[EmailMessage]:
    """The leaf parts of ``msg``, not descending into an attached message."""
    if msg.get_content_maintype() == "message":
        return []
    payload = msg.get_payload()
    if not msg.is_multipart() or not isinstance(payload, list):
        return [msg]
    return [leaf for part in payload if isinstance(part, EmailMessage) for leaf in _own_parts(part)]
