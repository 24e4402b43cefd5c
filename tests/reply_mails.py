"""Answer mails built by hand in the shapes real clients send (RFC 5546 REPLY/COUNTER over RFC 6047 mail).

Each builder follows what the client is documented or observed to write (public captures and the
clients' own sources, read for this purpose; nothing copied): the MIME layout, the transfer
encodings, where the comment goes, how times and zones are written, the header charsets.

* Outlook / Exchange: ``multipart/alternative`` (text, HTML, ``text/calendar; method=REPLY``, base64),
  ``PRODID:Microsoft Exchange Server 2010``, a VTIMEZONE and ``TZID=China Standard Time``,
  ``COMMENT;LANGUAGE=zh-CN``, ``SUMMARY`` prefixed 已接受/已谢绝/暂定, ``SENT-BY`` on the ATTENDEE when
  a delegate (a secretary) answers from their own mailbox; "propose new time" as
  ``METHOD:COUNTER`` with the proposal in DTSTART/DTEND and ``X-MS-OLK-ORIGINALSTART``.
* Gmail: ``multipart/mixed`` > ``multipart/alternative`` (text, HTML, ``text/calendar; method=REPLY``
  7bit) and the same calendar as ``application/ics; name="invite.ics"`` (base64, no method); times
  in UTC; the comment in ATTENDEE's ``X-RESPONSE-COMMENT`` (HTML entities, ``\\;``), ``X-NUM-GUESTS``.
* Apple Mail: ``multipart/alternative`` with an ``Apple-Mail=_`` boundary, ``text/calendar;
  method=REPLY; name=meeting.ics`` in quoted-printable, ``TZID=Asia/Shanghai``, ``EMAIL=`` on ATTENDEE.
* Thunderbird: ``multipart/mixed`` > ``multipart/alternative`` (8bit UTF-8 text and calendar) and
  ``application/ics; name="invite.ics"``; ``User-Agent: Mozilla Thunderbird``.
  Delegation: ``DELEGATED-TO`` on the DELEGATED answer, ``DELEGATED-FROM`` on the delegate's own.
  Older versions (libical) fold every 75 octets, cutting a character in two (:func:`fold_octets`).
* Foxmail: ``X-Mailer: Foxmail``; subject and names in GB18030 (``=?gb18030?B?``), the calendar
  ``text/calendar; charset="gb18030"; method=REPLY`` base64, the comment in Chinese.

Addresses are on reserved domains (``example.org``, ``.test``).
"""

from __future__ import annotations

import base64
import hashlib
import quopri
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime

ORGANIZER = "zwgk-office@example.org"
ORGANIZER_NAME = "北关区人民政府办公室"
SHANGHAI = timedelta(hours=8)


@dataclass
class Reply:
    """What an answer says: who, to which invite (UID, SEQUENCE), what (PARTSTAT), and the comment."""

    uid: str
    attendee: str
    name: str
    partstat: str = "ACCEPTED"
    sequence: int = 0
    comment: str = ""
    start: datetime = datetime(2021, 9, 8, 8, 0)  # local (Asia/Shanghai) time of the invite
    proposed: datetime | None = None  # COUNTER: the time proposed (local)
    stamp: datetime = datetime(2021, 9, 6, 10, 0, tzinfo=UTC)
    summary: str = "基层政务公开标准对接"
    sender: str | None = None  # the From address, when not the attendee's
    message_id: str | None = None
    extra: list[str] = field(default_factory=list)
    sent_by: str | None = None  # Outlook: a secretary answering for the attendee (ATTENDEE;SENT-BY=)
    delegated_to: str | None = None  # Thunderbird: DELEGATED passes the invite on (ATTENDEE;DELEGATED-TO=)
    delegated_from: str | None = None  # Thunderbird: the delegate's own answer (ATTENDEE;DELEGATED-FROM=)
    date: datetime | None = None  # the mail's Date, when not the DTSTAMP (Exchange stamps it on the server)

    @property
    def method(self) -> str:
        return "COUNTER" if self.proposed is not None else "REPLY"

    @property
    def from_address(self) -> str:
        return self.sender or self.attendee


def _utc(local: datetime) -> str:
    return (local - SHANGHAI).strftime("%Y%m%dT%H%M%SZ")


def _local(local: datetime) -> str:
    return local.strftime("%Y%m%dT%H%M%S")


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(lines: list[str]) -> str:
    """Lines folded at 75 octets without splitting a UTF-8 character, CRLF ends."""
    out = []
    for line in lines:
        data = line.encode("utf-8")
        first = True
        while data:
            room = 75 if first else 74
            cut = min(room, len(data))
            while cut < len(data) and (data[cut] & 0xC0) == 0x80:
                cut -= 1
            out.append(("" if first else " ") + data[:cut].decode("utf-8"))
            data = data[cut:]
            first = False
    return "\r\n".join(out) + "\r\n"


def fold_octets(calendar: str, charset: str = "utf-8") -> bytes:
    """``calendar`` refolded every 75 octets in ``charset``, cutting characters in two where the cut falls
    (libical in older Thunderbird, Foxmail): each half line alone is not valid text."""
    unfolded = calendar.replace("\r\n ", "")
    out = []
    for line in unfolded.split("\r\n"):
        data = line.encode(charset)
        out += [data[:75]] + [b" " + data[i : i + 74] for i in range(75, len(data), 74)]
    return b"\r\n".join(out)


_CHINA_TZ = [
    "BEGIN:VTIMEZONE",
    "TZID:China Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "END:STANDARD",
    "END:VTIMEZONE",
]
_SHANGHAI_TZ = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZNAME:GMT+8",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def outlook_calendar(r: Reply, method: str | None = None) -> str:
    method = method or r.method
    start = r.proposed or r.start
    prefix = {"ACCEPTED": "已接受", "DECLINED": "已谢绝", "TENTATIVE": "暂定"}.get(r.partstat, "")
    if method == "COUNTER":
        prefix = "新时间建议"
    lines = ["BEGIN:VCALENDAR", f"METHOD:{method}", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0"]
    lines += _CHINA_TZ
    sent_by = f';SENT-BY="mailto:{r.sent_by}"' if r.sent_by else ""
    lines += ["BEGIN:VEVENT", f"ATTENDEE;PARTSTAT={r.partstat}{sent_by};CN={r.name}:mailto:{r.attendee}"]
    if r.comment:
        lines.append(f"COMMENT;LANGUAGE=zh-CN:{_ics_escape(r.comment)}")
    lines += [
        f"UID:{r.uid}",
        f"SUMMARY;LANGUAGE=zh-CN:{prefix}: {r.summary}",
        f"DTSTART;TZID=China Standard Time:{_local(start)}",
        f"DTEND;TZID=China Standard Time:{_local(start + timedelta(hours=1))}",
        "CLASS:PUBLIC",
        "PRIORITY:5",
        f"DTSTAMP:{r.stamp.strftime('%Y%m%dT%H%M%SZ')}",
        "TRANSP:OPAQUE",
        "STATUS:CONFIRMED",
        f"SEQUENCE:{r.sequence}",
        "LOCATION;LANGUAGE=zh-CN:区政府420房间",
    ]
    if method == "COUNTER":
        lines += [
            f"X-MS-OLK-ORIGINALSTART;TZID=China Standard Time:{_local(r.start)}",
            f"X-MS-OLK-ORIGINALEND;TZID=China Standard Time:{_local(r.start + timedelta(hours=1))}",
        ]
    lines += ["X-MICROSOFT-CDO-APPT-SEQUENCE:" + str(r.sequence), "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"]
    lines += r.extra + ["END:VEVENT", "END:VCALENDAR"]
    return _fold(lines)


def gmail_calendar(r: Reply) -> str:
    params = f"CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={r.partstat};CN={r.name};X-NUM-GUESTS=0"
    if r.comment:
        escaped = r.comment.replace("'", "&#39;").replace(";", "\\;").replace('"', "&quot;").replace("\n", " ")
        params += f';X-RESPONSE-COMMENT="{escaped}"'
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        f"DTSTART:{_utc(r.start)}",
        f"DTEND:{_utc(r.start + timedelta(hours=1))}",
        f"DTSTAMP:{r.stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"ORGANIZER;CN={ORGANIZER_NAME}:mailto:{ORGANIZER}",
        f"UID:{r.uid}",
        f"ATTENDEE;{params}:mailto:{r.attendee}",
        "CREATED:20210906T000000Z",
        "LOCATION:区政府420房间",
        f"SEQUENCE:{r.sequence}",
        "STATUS:CONFIRMED",
        f"SUMMARY:{r.summary}",
        "TRANSP:OPAQUE",
        *r.extra,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return _fold(lines)


def apple_calendar(r: Reply) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "METHOD:REPLY",
        "VERSION:2.0",
        "PRODID:-//Apple Inc.//macOS 13.4.1//EN",
        "CALSCALE:GREGORIAN",
    ]
    lines += _SHANGHAI_TZ
    lines += [
        "BEGIN:VEVENT",
        f"ATTENDEE;CN={r.name};CUTYPE=INDIVIDUAL;EMAIL={r.attendee};PARTSTAT={r.partstat}:mailto:{r.attendee}",
        f"DTEND;TZID=Asia/Shanghai:{_local(r.start + timedelta(hours=1))}",
        f"DTSTAMP:{r.stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;TZID=Asia/Shanghai:{_local(r.start)}",
        f"ORGANIZER;CN={ORGANIZER_NAME}:mailto:{ORGANIZER}",
        "REQUEST-STATUS:2.0;Success",
        f"SEQUENCE:{r.sequence}",
        f"SUMMARY:{r.summary}",
        f"UID:{r.uid}",
    ]
    if r.comment:
        lines.append(f"COMMENT:{_ics_escape(r.comment)}")
    lines += r.extra + ["END:VEVENT", "END:VCALENDAR"]
    return _fold(lines)


def _delegation(r: Reply) -> str:
    """Thunderbird's delegation parameters of the ATTENDEE (RFC 5546 3.2.2.3), quoted as it writes them."""
    out = f';DELEGATED-TO="mailto:{r.delegated_to}"' if r.delegated_to else ""
    return out + (f';DELEGATED-FROM="mailto:{r.delegated_from}"' if r.delegated_from else "")


def thunderbird_calendar(r: Reply) -> str:
    start = r.proposed or r.start
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
        "VERSION:2.0",
        f"METHOD:{r.method}",
        *_SHANGHAI_TZ,
        "BEGIN:VEVENT",
        "CREATED:20210906T000000Z",
        "LAST-MODIFIED:20210906T020000Z",
        f"DTSTAMP:{r.stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"UID:{r.uid}",
        f"SUMMARY:{r.summary}",
        f"ORGANIZER;RSVP=TRUE;CN={ORGANIZER_NAME};PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:{ORGANIZER}",
        f"ATTENDEE;RSVP=TRUE;CN={r.name};PARTSTAT={r.partstat}{_delegation(r)};ROLE=REQ-PARTICIPANT:mailto:{r.attendee}",
        f"DTSTART;TZID=Asia/Shanghai:{_local(start)}",
        f"DTEND;TZID=Asia/Shanghai:{_local(start + timedelta(hours=1))}",
        f"SEQUENCE:{r.sequence}",
        "LOCATION:区政府420房间",
    ]
    if r.comment:
        lines.append(f"COMMENT:{_ics_escape(r.comment)}")
    lines += r.extra + ["END:VEVENT", "END:VCALENDAR"]
    return _fold(lines)


def foxmail_calendar(r: Reply) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Tencent Inc.//Foxmail//CN",
        "VERSION:2.0",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        f"UID:{r.uid}",
        f"DTSTAMP:{r.stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART:{_utc(r.start)}",
        f"DTEND:{_utc(r.start + timedelta(hours=1))}",
        f"SEQUENCE:{r.sequence}",
        f"ORGANIZER:mailto:{ORGANIZER}",
        f"ATTENDEE;CN={r.name};PARTSTAT={r.partstat}:mailto:{r.attendee}",
        f"SUMMARY:{r.summary}",
    ]
    if r.comment:
        lines.append(f"COMMENT:{_ics_escape(r.comment)}")
    lines += r.extra + ["END:VEVENT", "END:VCALENDAR"]
    return _fold(lines)


# -- the mails ------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\r\n".join(text[i : i + 76] for i in range(0, len(text), 76))


def _word(text: str, charset: str = "utf-8") -> str:
    return Header(text, charset).encode()


def _headers(r: Reply, subject: str, content_type: str, extra: list[str], charset: str = "utf-8") -> list[str]:
    date = format_datetime((r.date or r.stamp).astimezone(UTC))
    digest = hashlib.sha1(repr((r.uid, r.attendee, r.partstat, r.comment, r.sequence, subject)).encode()).hexdigest()
    mid = r.message_id if r.message_id is not None else f"<{digest[:20]}@{r.from_address.split('@')[1]}>"
    lines = [
        f"From: {_word(r.name, charset)} <{r.from_address}>",
        f"To: {_word(ORGANIZER_NAME, charset)} <{ORGANIZER}>",
        f"Subject: {_word(subject, charset)}",
        f"Date: {date}",
    ]
    if mid:
        lines.append(f"Message-ID: {mid}")
    return lines + extra + ["MIME-Version: 1.0", f"Content-Type: {content_type}"]


def _mail(head: list[str], body: list[str | bytes]) -> bytes:
    lines = [line if isinstance(line, bytes) else line.encode("utf-8") for line in [*head, "", *body]]
    return b"\r\n".join(lines) + b"\r\n"


def outlook(r: Reply, calendar: str | None = None) -> bytes:
    """Outlook 2016 on Windows, talking to Exchange (Chinese UI)."""
    cal = calendar if calendar is not None else outlook_calendar(r)
    method = "COUNTER" if r.method == "COUNTER" else "REPLY"
    verb = {"ACCEPTED": "已接受", "DECLINED": "已谢绝", "TENTATIVE": "暂定"}.get(r.partstat, "答复")
    subject = f"新时间建议: {r.summary}" if method == "COUNTER" else f"{verb}: {r.summary}"
    boundary = "_000_HK0PR03MB1234ABCDEFexamplecom_"
    head = _headers(
        r,
        subject,
        f'multipart/alternative; boundary="{boundary}"',
        [
            "Thread-Topic: " + _word(r.summary),
            "X-MS-Has-Attach:",
            "X-MS-TNEF-Correlator:",
            "X-Mailer: Microsoft Outlook 16.0",
        ],
    )
    text = (r.comment or "") + "\r\n"
    body = [
        f"--{boundary}",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(text.encode("utf-8")),
        f"--{boundary}",
        'Content-Type: text/html; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(f"<html><body><p>{r.comment}</p></body></html>".encode()),
        f"--{boundary}",
        f'Content-Type: text/calendar; charset="utf-8"; method={method}',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(cal.encode("utf-8")),
        f"--{boundary}--",
    ]
    return _mail(head, body)


def gmail(r: Reply) -> bytes:
    """Gmail's web client answering with Yes / No / Maybe."""
    cal = gmail_calendar(r)
    verb = {"ACCEPTED": "已接受", "DECLINED": "已拒绝", "TENTATIVE": "暂定接受"}.get(r.partstat, "答复")
    subject = f"{verb}：{r.summary} @ 2021年9月8日周三 上午8点 - 上午9点 (GMT+08:00) ({r.attendee})"
    mixed, alt = "000000000000abcdef0123456789", "000000000000abcdef0123456788"
    head = _headers(
        r,
        subject,
        f'multipart/mixed; boundary="{mixed}"',
        [f"Reply-To: {r.attendee}", "Sender: Google Calendar <calendar-notification@google.test>"],
    )
    body = [
        f"--{mixed}",
        f'Content-Type: multipart/alternative; boundary="{alt}"',
        "",
        f"--{alt}",
        'Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(f"{r.name} 已接受此邀请。\r\n".encode()),
        f"--{alt}",
        'Content-Type: text/html; charset="UTF-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "",
        quopri.encodestring(f"<p>{r.name}</p>".encode()).decode("ascii"),
        f"--{alt}",
        'Content-Type: text/calendar; charset="UTF-8"; method=REPLY',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(cal.encode("utf-8")),
        f"--{alt}--",
        f"--{mixed}",
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(cal.encode("utf-8")),
        f"--{mixed}--",
    ]
    return _mail(head, body)


def apple(r: Reply) -> bytes:
    """Apple Mail on macOS, the answer made by Calendar."""
    cal = apple_calendar(r)
    boundary = "Apple-Mail=_0C5E8E1A-5B8B-4B8A-9F3D-1234567890AB"
    verb = {"ACCEPTED": "已接受", "DECLINED": "已拒绝", "TENTATIVE": "可能参加"}.get(r.partstat, "答复")
    head = _headers(
        r,
        f"{verb}：{r.summary}",
        f'multipart/alternative; boundary="{boundary}"',
        ["X-Mailer: Apple Mail (2.3696.120.41.1.1)"],
    )
    body = [
        f"--{boundary}",
        "Content-Transfer-Encoding: 7bit",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "",
        f"--{boundary}",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Type: text/calendar; charset=utf-8; method=REPLY; name=meeting.ics",
        "",
        quopri.encodestring(cal.encode("utf-8")).decode("ascii"),
        f"--{boundary}--",
    ]
    return _mail(head, body)


def thunderbird(r: Reply, data: bytes | None = None) -> bytes:
    """Thunderbird's calendar answering (or proposing a new time: COUNTER); ``data`` replaces the calendar's
    bytes (one folded as older versions did: :func:`fold_octets`)."""
    raw = data if data is not None else thunderbird_calendar(r).encode("utf-8")
    mixed, alt = "------------A1B2C3D4E5F6A7B8C9D0E1F2", "------------0F1E2D3C4B5A69788796A5B4"
    verb = {"ACCEPTED": "已接受", "DECLINED": "已拒绝", "TENTATIVE": "暂定"}.get(r.partstat, "答复")
    head = _headers(
        r,
        f"{verb}: {r.summary}",
        f'multipart/mixed; boundary="{mixed}"',
        ["User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.3.1"],
    )
    body = [
        f"--{mixed}",
        f'Content-Type: multipart/alternative; boundary="{alt}"',
        "",
        f"--{alt}",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        f"{r.name} 已接受您的活动邀请。",
        f"--{alt}",
        f"Content-Type: text/calendar; method={r.method}; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        raw.rstrip(b"\r\n"),
        f"--{alt}--",
        f"--{mixed}",
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(raw),
        f"--{mixed}--",
    ]
    return _mail(head, body)


def foxmail(
    r: Reply, charset: str = "gb18030", calendar_charset: str | None = None, data: bytes | None = None
) -> bytes:
    """Foxmail 7.2 (Chinese Windows): GB18030 headers and text, the calendar in GB18030 too.

    ``calendar_charset`` is what the calendar part declares (default: ``charset``); ``data`` replaces
    its bytes (a wrong-charset case).
    """
    cal = foxmail_calendar(r)
    verb = {"ACCEPTED": "接受", "DECLINED": "拒绝", "TENTATIVE": "暂定"}.get(r.partstat, "答复")
    boundary = "----=_NextPart_6135A2B1_0A1B2C3D_1234ABCD"
    head = _headers(
        r,
        f"{verb}：{r.summary}",
        f'multipart/mixed; boundary="{boundary}"',
        ["X-Mailer: Foxmail 7.2.25.228[cn]"],
        charset,
    )
    raw = data if data is not None else cal.encode("gb18030")
    body = [
        f"--{boundary}",
        f'Content-Type: text/plain; charset="{charset}"',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(f"{verb}：{r.summary}\r\n{r.comment}\r\n".encode("gb18030")),
        f"--{boundary}",
        f'Content-Type: text/calendar; charset="{calendar_charset or charset}"; method=REPLY',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(raw),
        f"--{boundary}--",
    ]
    return ("\r\n".join(head) + "\r\n\r\n" + "\r\n".join(body) + "\r\n").encode("ascii")


CLIENTS = {"outlook": outlook, "gmail": gmail, "apple": apple, "thunderbird": thunderbird, "foxmail": foxmail}


def plain_mail(sender: str, subject: str, text: str = "您好", message_id: str = "<plain@example.org>") -> bytes:
    """An ordinary mail with no calendar in it."""
    head = [
        f"From: {sender}",
        f"To: {ORGANIZER}",
        f"Subject: {_word(subject)}",
        "Date: Mon, 06 Sep 2021 10:00:00 +0800",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
    ]
    return _mail(head, [_b64(text.encode())])


def plain_reply(
    sender: str,
    subject: str,
    text: str,
    message_id: str,
    in_reply_to: str | None = None,
    auto: bool = False,
) -> bytes:
    """A reply written by hand (``回复：…``, text only, ``In-Reply-To`` our invite's Message-ID when given), or
    with ``auto`` an Exchange out-of-office reply (``Auto-Submitted: auto-replied``); the text quotes the
    invite below Outlook's separator."""
    head = [
        f"From: {sender}",
        f"To: {ORGANIZER}",
        f"Subject: {_word(subject)}",
        "Date: Tue, 07 Sep 2021 09:00:00 +0800",
        f"Message-ID: {message_id}",
        *([f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"] if in_reply_to else []),
        *(["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"] if auto else []),
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
    ]
    body = f"{text}\r\n\r\n-----原始邮件-----\r\n发件人: {ORGANIZER}\r\n主题: 邀请\r\n> 请答复\r\n"
    return _mail(head, [_b64(body.encode())])


def single_part(r: Reply, calendar: str, content_type: str, cte: str = "base64") -> bytes:
    """The whole mail is the calendar (RFC 6047's own example): ``Content-Type: text/calendar`` at the top."""
    head = _headers(r, f"答复: {r.summary}", content_type, [f"Content-Transfer-Encoding: {cte}"])
    payload = _b64(calendar.encode("utf-8")) if cte == "base64" else calendar.rstrip("\r\n")
    return _mail(head, [payload])


def refresh(r: Reply) -> bytes:
    """Outlook asking for its invite again (iTIP REFRESH, RFC 5546 3.2.6): "send me the current version"."""
    return outlook(r, outlook_calendar(r, method="REFRESH"))


def bounce(returned: bytes, recipient: str, status: str = "5.1.1", headers_only: bool = False) -> bytes:
    """A mail server's delivery status notification (RFC 3464, Postfix's shape) returning ``returned``:
    the whole mail as ``message/rfc822``, or only its headers (``text/rfc822-headers``)."""
    head = [
        "From: Mail Delivery System <MAILER-DAEMON@example.org>",
        f"To: {ORGANIZER}",
        "Subject: Undelivered Mail Returned to Sender",
        "Date: Mon, 06 Sep 2021 11:00:00 +0800",
        f"Message-ID: <dsn.{hashlib.sha1(returned).hexdigest()[:12]}@example.org>",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
    ]
    original = returned.split(b"\r\n\r\n", 1)[0] + b"\r\n" if headers_only else returned
    body: list[str | bytes] = [
        "--dsn",
        "Content-Type: text/plain",
        "",
        "I'm sorry to have to inform you that your message could not be delivered.",
        "--dsn",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mail.example.org",
        "",
        f"Final-Recipient: rfc822; {recipient}",
        "Action: failed",
        f"Status: {status}",
        "",
        "--dsn",
        "Content-Type: " + ("text/rfc822-headers" if headers_only else "message/rfc822"),
        "",
        original,
        "--dsn--",
    ]
    return _mail(head, body)


INVITE_SUBJECT = "邀请：基层政务公开标准对接"
"""The subject of :func:`invite_mail`."""


def exmail_bounce(
    returned: bytes, recipient: str, reason: str = "550 5.1.1 Mailbox not found", subject: str = INVITE_SUBJECT
) -> bytes:
    """Tencent Exmail's / QQ Mail's returned mail (not RFC 3464): ``退信：<subject>`` from 系统退信
    <postmaster@…>, an HTML text naming the recipient and the server's answer, and the whole mail
    returned as ``message/rfc822``."""
    text = f"<p>很抱歉，您的邮件无法送达以下收件人：</p><p>{recipient}</p><p>退信原因：收件人地址不存在（{reason}）</p>"
    head = [
        f"From: {_word('系统退信')} <postmaster@qq.example.org>",
        f"To: {ORGANIZER}",
        f"Subject: {_word('退信：' + subject)}",
        "Date: Mon, 06 Sep 2021 11:00:00 +0800",
        f"Message-ID: <exmail.{hashlib.sha1(returned).hexdigest()[:12]}@qq.example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="BB"',
    ]
    body: list[str | bytes] = [
        "--BB",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        _b64(text.encode("utf-8")),
        "--BB",
        "Content-Type: message/rfc822",
        f'Content-Disposition: attachment; filename="{_word("原邮件.eml")}"',
        "",
        returned,
        "--BB--",
    ]
    return _mail(head, body)


def coremail_bounce(returned: bytes, recipient: str, reason: str = "550 User not found") -> bytes:
    """NetEase 163 / Coremail's returned mail (not RFC 3464): ``系统退信`` in a GBK word, a GBK text naming the
    recipient and the server's answer, the returned mail's headers as ``text/rfc822-headers``."""
    text = f"您发送的邮件未能送达下列收件人：\r\n收件人：{recipient}\r\n原因：{reason}: {recipient}\r\n"
    head = [
        "From: Mail Delivery System <postmaster@163.example.org>",
        f"To: {ORGANIZER}",
        f"Subject: {_word('系统退信', 'gbk')}",
        "Date: Mon, 06 Sep 2021 11:05:00 +0800",
        f"Message-ID: <coremail.{hashlib.sha1(returned).hexdigest()[:12]}@163.example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="CC"',
    ]
    body: list[str | bytes] = [
        "--CC",
        "Content-Type: text/plain; charset=GBK",
        "Content-Transfer-Encoding: 8bit",
        "",
        text.encode("gbk"),
        "--CC",
        "Content-Type: text/rfc822-headers",
        "",
        returned.split(b"\r\n\r\n", 1)[0] + b"\r\n",
        "--CC--",
    ]
    return _mail(head, body)


def qmail_bounce(returned: bytes, recipient: str, subject: str = "failure notice") -> bytes:
    """qmail's (and many gateways') returned mail: one ``text/plain`` part, the failure, then the returned
    mail copied into the text after "--- Below this line is a copy of the message."."""
    head = [
        "From: MAILER-DAEMON@mx.example.net",
        f"To: {ORGANIZER}",
        f"Subject: {subject}",
        "Date: Mon, 06 Sep 2021 11:10:00 +0800",
        f"Message-ID: <qmail.{hashlib.sha1(returned).hexdigest()[:12]}@mx.example.net>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    body: list[str | bytes] = [
        "Hi. This is the qmail-send program at mx.example.net.",
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        "",
        f"<{recipient}>:",
        "192.0.2.25 does not like recipient.",
        "Remote host said: 550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown",
        "Giving up on 192.0.2.25.",
        "",
        "--- Below this line is a copy of the message.",
        "",
        returned.split(b"\r\n\r\n", 1)[0],
    ]
    return _mail(head, body)


def invite_mail(to: str, message_id: str, calendar: bytes) -> bytes:
    """Our own invite mail as `send` mails it, reduced to what a bounce returns: headers and the calendar."""
    head = [
        f"From: {_word(ORGANIZER_NAME)} <{ORGANIZER}>",
        f"To: {to}",
        f"Subject: {_word(INVITE_SUBJECT)}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        "Content-Type: text/calendar; method=REQUEST; charset=UTF-8",
        "Content-Transfer-Encoding: base64",
    ]
    return _mail(head, [_b64(calendar)])


def words_with_invite(
    sender: str,
    subject: str,
    text: str,
    message_id: str,
    attachments: list[tuple[str, str, bytes]],
    in_reply_to: str | None = None,
    html: bool = False,
) -> bytes:
    """A reply in words that keeps calendars attached: Foxmail's "转发" of our invite (``text/plain`` in GB18030,
    ``invite.ics`` as ``application/octet-stream``), or QQ Mail's "带附件回复" (``html``: the text as HTML only,
    the invite as ``text/calendar; method=REQUEST``). ``attachments``: (file name, Content-Type, bytes)."""
    boundary = "----=_NextPart_reply_with_invite"
    head = [
        f"From: {_word('区城管执法局', 'gb18030')} <{sender}>",
        f"To: {_word(ORGANIZER_NAME, 'gb18030')} <{ORGANIZER}>",
        f"Subject: {_word(subject, 'gb18030')}",
        "Date: Tue, 07 Sep 2021 09:00:00 +0800",
        f"Message-ID: {message_id}",
        *([f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"] if in_reply_to else []),
        "X-QQ-MIME: TCMime 1.0 by Tencent" if html else "X-Mailer: Foxmail 7.2.25.228[cn]",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
    ]
    quoted = "\r\n\r\n------------------ 原始邮件 ------------------\r\n发件人: " + ORGANIZER_NAME
    if html:  # QQ Mail: one line of <div> blocks, the quotation's rule in &nbsp;
        rule = "------------------&nbsp;原始邮件&nbsp;------------------"
        body_text = f"<div>{text}</div><div>{rule}</div><div>发件人: {ORGANIZER_NAME}</div>"
    else:
        body_text = text + quoted
    body = [
        f"--{boundary}",
        f'Content-Type: text/{"html" if html else "plain"}; charset="gb18030"',
        "Content-Transfer-Encoding: base64",
        "",
        _b64(body_text.encode("gb18030")),
    ]
    for name, content_type, data in attachments:
        body += [
            f"--{boundary}",
            f'Content-Type: {content_type}; name="{name}"',
            f'Content-Disposition: attachment; filename="{name}"',
            "Content-Transfer-Encoding: base64",
            "",
            _b64(data),
        ]
    return _mail(head, [*body, f"--{boundary}--"])


def read_receipt(sender: str, subject: str, replied: str, client: str = "outlook", at: str = "") -> bytes:
    """A read receipt of our invite (Message-ID ``replied``) as the office's clients send it (QA qamailbox25
    F2): ``outlook`` and ``coremail`` an RFC 8098 MDN (``multipart/report``; Outlook ``已读:``, Coremail
    ``回执：`` in GBK), ``foxmail`` a plain-text 收条 in GB2312 (``已读：``). ``subject``: our invite's."""
    date = at or "Wed, 08 Sep 2021 10:00:00 +0800"
    head = [f"From: {sender}", f"To: {ORGANIZER}", f"Date: {date}", f"Message-ID: <mdn-{client}-{sender}>"]
    head += [f"In-Reply-To: {replied}", f"References: {replied}", "MIME-Version: 1.0"]
    if client == "foxmail":
        words = f"这是邮件收条，{sender} 于 2021-09-08 10:00:00 收到您的邮件，但不保证收件人已阅读或理解邮件内容。"
        head += [f"Subject: {_word('已读：' + subject, 'gb2312')}", "X-Mailer: Foxmail 7.2.23.116[cn]"]
        head += ['Content-Type: text/plain; charset="gb2312"', "Content-Transfer-Encoding: base64"]
        return _mail(head, [_b64(words.encode("gb2312"))])
    if client == "coremail":
        prefix, charset, words = "回执：", "gbk", "此邮件回执表明您的邮件已在收件人的计算机上显示过。"
    else:
        prefix, charset, words = (
            "已读: ",
            "utf-8",
            f"您的邮件\r\n\r\n    主题: {subject}\r\n\r\n已于 2021/9/8 10:00 读取。",
        )
    head += [f"Subject: {_word(prefix + subject, charset)}"]
    head += ['Content-Type: multipart/report; report-type=disposition-notification; boundary="R9"']
    body = [
        "--R9", f'Content-Type: text/plain; charset="{charset}"', "Content-Transfer-Encoding: base64", "",
        _b64(words.encode(charset)), "--R9", "Content-Type: message/disposition-notification", "",
        "Reporting-UA: client.example.test", f"Final-Recipient: rfc822;{sender}", f"Original-Message-ID: {replied}",
        "Disposition: manual-action/MDN-sent-manually; displayed", "", "--R9--",
    ]  # fmt: skip
    return _mail(head, body)
