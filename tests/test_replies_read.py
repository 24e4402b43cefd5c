"""Reading one answer mail: every client's shape, every answer, the comment wherever the client puts it,
headers and calendars in GBK or UTF-8, and malformed mails that each give one clear line."""

from __future__ import annotations

import base64
import codecs
from datetime import UTC, datetime

import pytest

from scheduler.replies.answers import State
from scheduler.replies.itip import read_mail
from scheduler.replies.mime import NOTHING, READ, decode_text, header_text, triage
from scheduler.text.messages import render
from tests import reply_mails as shapes
from tests.reply_mails import Reply

UID = "76b9ee9d-4465-520a-a0d4-a220247404f4"
CZJ = "czj@example.org"


def reply(**kw) -> Reply:
    return Reply(uid=UID, attendee=CZJ, name="区财政局", start=datetime(2021, 9, 8, 11, 0), **kw)


@pytest.mark.parametrize("client", sorted(shapes.CLIENTS))
@pytest.mark.parametrize(
    ("partstat", "state"),
    [("ACCEPTED", State.ACCEPTED), ("DECLINED", State.DECLINED), ("TENTATIVE", State.TENTATIVE)],
)
def test_every_client_shape_gives_one_answer_with_its_comment(client, partstat, state):
    comment = "当天有全局大会，请改期; 谢谢" if partstat != "ACCEPTED" else "准时参加"
    mail = read_mail(shapes.CLIENTS[client](reply(partstat=partstat, sequence=2, comment=comment)), "test")
    assert mail is not None and not mail.problems, mail
    (answer,) = mail.answers  # Gmail and Thunderbird carry the calendar twice: one answer
    assert (answer.uid, answer.sequence, answer.attendee, answer.state) == (UID, 2, CZJ, state)
    assert answer.comment == comment
    assert answer.name == "区财政局"
    assert answer.stamp == datetime(2021, 9, 6, 10, 0, tzinfo=UTC)
    assert answer.start is not None and answer.start.replace(tzinfo=None) in (
        datetime(2021, 9, 8, 11, 0),  # local time in the invite's zone (Outlook, Apple, Thunderbird)
        datetime(2021, 9, 8, 3, 0),  # UTC (Gmail, Foxmail)
    )
    assert answer.start.utcoffset() is not None
    assert mail.sender == CZJ and mail.sender_name == "区财政局"
    assert mail.subject.endswith("基层政务公开标准对接") or "基层政务公开标准对接 @" in mail.subject


@pytest.mark.parametrize("client", ["outlook", "thunderbird"])
def test_a_counter_proposal_carries_the_proposed_time(client):
    proposed = datetime(2021, 9, 9, 10, 0)
    mail = read_mail(shapes.CLIENTS[client](reply(partstat="TENTATIVE", proposed=proposed, comment="上午不行")))
    (answer,) = mail.answers
    assert answer.method == "COUNTER" and answer.state == State.COUNTER
    assert answer.start.replace(tzinfo=None) == proposed and answer.start.utcoffset().total_seconds() == 8 * 3600
    if client == "outlook":  # Outlook says which time it replaces
        assert answer.original.replace(tzinfo=None) == datetime(2021, 9, 8, 11, 0)


def test_outlook_windows_zone_is_read_as_shanghai():
    mail = read_mail(shapes.outlook(reply()))
    (answer,) = mail.answers
    assert answer.start.astimezone(UTC) == datetime(2021, 9, 8, 3, 0, tzinfo=UTC)


def test_gmail_comment_html_entities_and_escapes_are_undone():
    mail = read_mail(shapes.gmail(reply(partstat="DECLINED", comment='不能来; 领导"出差"\'')))
    assert mail.answers[0].comment == '不能来; 领导"出差"\''


def test_headers_in_gbk_gb18030_and_raw_8bit_are_decoded():
    assert header_text("=?GBK?B?x/i3orjE?= <fgw@example.org>") == "区发改 <fgw@example.org>"
    assert header_text("=?gb2312?B?vdPK3A==?=: abc =?utf-8?b?5L2g5aW9?=") == "接受: abc 你好"
    raw_gbk = "区财政局".encode("gbk").decode("utf-8", "surrogateescape")
    assert header_text(raw_gbk) == "区财政局"
    mail = read_mail(shapes.foxmail(reply(comment="收到，准时参加"), charset="gbk"))
    assert mail.subject == "接受：基层政务公开标准对接" and mail.sender_name == "区财政局"
    assert mail.answers[0].comment == "收到，准时参加"


def test_raw_8bit_gbk_subject_and_from_name():
    data = shapes.outlook(reply())
    head, body = data.split(b"\r\n\r\n", 1)
    lines = [
        ("Subject: " + "接受：对接").encode("gbk") if line.startswith(b"Subject:") else line
        for line in head.split(b"\r\n")
    ]
    lines = [
        b'From: "\xc7\xf8\xb2\xc6\xd5\xfe\xbe\xd6" <czj@example.org>' if x.startswith(b"From:") else x for x in lines
    ]
    mail = read_mail(b"\r\n".join(lines) + b"\r\n\r\n" + body)
    assert mail.subject == "接受：对接" and mail.sender == CZJ and mail.sender_name == "区财政局"
    assert mail.answers


def test_decode_text_prefers_valid_utf8_then_the_declared_charset():
    assert decode_text("接受".encode(), "gb2312") == ("接受", "utf-8")  # declared wrongly: read as UTF-8, said so
    assert decode_text("接受".encode("gbk"), "utf-8") == ("接受", "gb18030")
    assert decode_text("接受".encode("gbk"), "gb2312") == ("接受", None)
    assert decode_text("接受".encode(), None) == ("接受", None)
    assert decode_text("接受".encode("gbk"), "x-no-such-charset") == ("接受", "gb18030")
    assert decode_text("接受".encode("gbk"), "iso-8859-1") == ("接受", "gb18030")
    assert decode_text("接受".encode("big5"), "big5") == ("接受", None)  # a true Big5 text stays Big5


@pytest.mark.parametrize(
    ("declared", "data"),
    [
        ("gb2312", "区财政局 收到".encode()),  # says GB2312, is UTF-8
        ("utf-8", "区财政局 收到".encode("gbk")),  # says UTF-8, is GBK
        ("iso-8859-1", "区财政局 收到".encode("gbk")),  # the old default label, is GBK
    ],
)
def test_a_calendar_in_the_wrong_charset_is_read_and_noted(declared, data):
    cal = shapes.foxmail_calendar(reply(comment="区财政局 收到"))
    raw = cal.encode("utf-8") if data.decode("utf-8", "ignore") == "区财政局 收到" else cal.encode("gbk")
    mail = read_mail(shapes.foxmail(reply(comment="区财政局 收到"), calendar_charset=declared, data=raw))
    (answer,) = mail.answers
    assert answer.comment == "区财政局 收到"
    if declared != "gb2312" or raw != cal.encode("gbk"):
        assert [n.key for n in mail.notes] == ["replies.charset"]


LONG = "当天上午要参加市里的视频会议，下午也有安排，恳请改到九月九日或十日，谢谢理解与支持"


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_a_fold_that_cuts_a_character_in_two_is_joined_before_decoding(charset):
    r = reply(partstat="DECLINED", comment=LONG)
    if charset == "utf-8":
        data = shapes.fold_octets(shapes.thunderbird_calendar(r))
        raw = shapes.thunderbird(r, data=data)
    else:
        data = shapes.fold_octets(shapes.foxmail_calendar(r), "gb18030")
        raw = shapes.foxmail(r, data=data)
    with pytest.raises(UnicodeDecodeError):  # the shape really cuts a character
        for line in data.split(b"\r\n"):
            line.decode(charset, "strict")
    mail = read_mail(raw)
    assert [a.comment for a in mail.answers] == [LONG] and not mail.problems and not mail.notes


def test_a_calendar_that_opens_with_a_byte_order_mark_is_read():
    r = reply(partstat="ACCEPTED", comment="准时参加")
    mail = read_mail(shapes.thunderbird(r, data=codecs.BOM_UTF8 + shapes.thunderbird_calendar(r).encode()))
    assert [a.comment for a in mail.answers] == ["准时参加"] and not mail.problems


def test_a_calendar_without_method_is_reported_not_counted():
    cal = shapes.foxmail_calendar(reply(partstat="DECLINED")).replace("METHOD:REPLY\r\n", "")
    mail = read_mail(shapes.single_part(reply(), cal, "text/calendar; charset=utf-8"))
    assert mail.answers == ()
    (problem,) = mail.problems
    assert problem.key == "replies.no_method" and "DECLINED" in render(problem, "en")


@pytest.mark.parametrize("method", ["REQUEST", "PUBLISH"])
def test_an_answer_sent_as_a_request_or_a_publish_is_named_with_what_it_says(method):
    """QA qacnmail19 F3: the line said only "请手工查看：“-”", the decline and its words kept nowhere."""
    r = reply(partstat="DECLINED", comment="不参加")
    cal = shapes.foxmail_calendar(r).replace("METHOD:REPLY", f"METHOD:{method}")
    mail = read_mail(shapes.single_part(r, cal, f"text/calendar; charset=utf-8; method={method}"))
    assert mail.answers == () and not mail.plain and not mail.ignored
    (problem,) = mail.problems
    assert problem.key == "replies.not_a_reply_said"
    for lang in ("zh", "en"):
        said = render(problem, lang)
        assert method in said and "DECLINED" in said and "不参加" in said


def test_our_invite_kept_attached_to_a_reply_is_still_no_answer_and_no_problem():
    invite = shapes.foxmail_calendar(reply(partstat="NEEDS-ACTION")).replace("METHOD:REPLY", "METHOD:REQUEST")
    mail = read_mail(shapes.single_part(reply(), invite, "text/calendar; charset=utf-8; method=REQUEST"))
    assert mail is None or (not mail.problems and not mail.answers)


@pytest.mark.parametrize("cn", ['陈"某"', '"陈"某""', '陈"某;科长"'])
def test_an_attendee_whose_name_holds_bare_quotes_is_read_by_its_address(cn):
    """QA qacnmail19 F4: icalendar drops the whole line, and the answer was "没有写明是谁答复（ATTENDEE）"."""
    r = reply(partstat="ACCEPTED")
    cal = shapes.foxmail_calendar(r).replace(f"ATTENDEE;CN={r.name};", f"ATTENDEE;CN={cn};")
    assert f"CN={cn};" in cal
    mail = read_mail(shapes.single_part(r, cal, "text/calendar; charset=utf-8; method=REPLY"))
    assert not mail.problems
    assert [(a.attendee, a.partstat) for a in mail.answers] == [(r.attendee, "ACCEPTED")]


def test_an_attendee_line_that_cannot_be_read_is_named_as_such_not_as_missing():
    r = reply(partstat="ACCEPTED")
    broken = f'ATTENDEE;CN=陈"某";PARTSTAT=ACCEPTED:"{r.attendee}"'
    cal = shapes.foxmail_calendar(r).replace(f"ATTENDEE;CN={r.name};PARTSTAT=ACCEPTED:mailto:{r.attendee}", broken)
    assert broken in cal
    mail = read_mail(shapes.single_part(r, cal, "text/calendar; charset=utf-8; method=REPLY"))
    (problem,) = mail.problems
    assert problem.key == "replies.bad_attendee"
    for lang in ("zh", "en"):
        assert broken in render(problem, lang)


def test_the_mime_method_stands_in_for_a_missing_calendar_method():
    cal = shapes.foxmail_calendar(reply(partstat="DECLINED")).replace("METHOD:REPLY\r\n", "")
    mail = read_mail(shapes.single_part(reply(), cal, "text/calendar; charset=utf-8; method=REPLY"))
    assert [a.state for a in mail.answers] == [State.DECLINED]


def test_a_calendar_without_method_inline_and_attached_is_one_answer_and_no_warning():
    """Thunderbird: the inline part says ``method=REPLY``, the same calendar attached as invite.ics does not
    (and ends with one more CRLF): the answer counts, and nothing says it did not."""
    r = reply(partstat="ACCEPTED")
    data = shapes.thunderbird_calendar(r).replace("METHOD:REPLY\r\n", "").encode()
    mail = read_mail(shapes.thunderbird(r, data=data))
    assert [a.state for a in mail.answers] == [State.ACCEPTED] and mail.problems == ()


def test_a_broken_start_or_stamp_loses_the_time_not_the_answer():
    r = reply(partstat="DECLINED", comment="有会")
    cal = shapes.thunderbird_calendar(r).replace("Shanghai:20210908T110000", "Shanghai:2021-09-08 11:00")
    cal = cal.replace("DTSTAMP:20210906T100000Z", "DTSTAMP:yesterday")
    assert "2021-09-08 11:00" in cal and "DTSTAMP:yesterday" in cal
    mail = read_mail(shapes.thunderbird(r, data=cal.encode()))
    (answer,) = mail.answers
    assert (answer.state, answer.comment, answer.start, answer.stamp) == (State.DECLINED, "有会", None, None)
    assert mail.problems == ()


@pytest.mark.parametrize(
    "damage",
    [
        lambda cal: cal.replace("END:VCALENDAR\r\n", ""),  # cut short
        lambda cal: cal + cal,  # two calendars in one part
    ],
)
def test_a_calendar_the_parser_refuses_gives_one_line_once(damage):
    r = reply(partstat="ACCEPTED")
    mail = read_mail(shapes.thunderbird(r, data=damage(shapes.thunderbird_calendar(r)).encode()))
    (problem,) = mail.problems  # inline and attached: the same calendar, one line
    assert problem.key == "replies.bad_calendar" and mail.answers == ()
    for lang in ("zh", "en"):
        assert "\n" not in render(problem, lang) and "\r" not in render(problem, lang)


def test_broken_base64_gives_one_line():
    data = shapes.outlook(reply())
    text = data.decode()
    start = text.index("Content-Type: text/calendar")
    body = text.index("\r\n\r\n", start) + 4
    end = text.index("--_000_", body)
    broken = text[:body] + "QkVHSU46VkNBT!!!RU5EQVIN#$%\r\nbm90IGJhc2U2NA=\r\n" + text[end:]
    mail = read_mail(broken.encode())
    assert mail.answers == ()
    assert [p.key for p in mail.problems] == ["replies.broken_base64"]


def test_garbage_in_a_calendar_part_gives_one_line():
    mail = read_mail(shapes.single_part(reply(), "this is not a calendar\r\n\x00\x01", "text/calendar; method=REPLY"))
    assert [p.key for p in mail.problems] == ["replies.bad_calendar"] and mail.answers == ()


def test_a_mail_over_the_limit_is_named_from_its_headers():
    data = shapes.outlook(reply())
    mail = read_mail(data, "x", limit=1000)
    assert mail.answers == () and [p.key for p in mail.problems] == ["replies.too_large"]
    assert mail.sender == CZJ and mail.subject == "已接受: 基层政务公开标准对接" and mail.size == len(data)


def test_a_big_attachment_beside_the_calendar_is_no_obstacle():
    data = shapes.thunderbird(reply(partstat="DECLINED"))
    boundary = b"--------------A1B2C3D4E5F6A7B8C9D0E1F2"
    blob = base64.encodebytes(bytes(range(256)) * 20_000)  # 5 MB of a scanned letter
    attachment = (
        boundary
        + b'\r\nContent-Type: application/pdf; name="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + blob
        + b"\r\n"
    )
    data = data.replace(boundary + b"--", attachment + boundary + b"--")
    mail = read_mail(data)
    assert [a.state for a in mail.answers] == [State.DECLINED] and not mail.problems


def test_outlook_tnef_or_a_bare_accepted_subject_is_reported():
    head = (
        "From: czj@example.org\r\nTo: zwgk-office@example.org\r\nSubject: =?utf-8?b?5bey5o6l5Y+XOiDlr7nmjqU=?=\r\n"
        "Message-ID: <tnef@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\neJ8+IhAA\r\n--b--\r\n"
    )
    mail = read_mail(head.encode())
    assert [p.key for p in mail.problems] == ["replies.no_calendar_tnef"] and "已接受" in render(mail.problems[0])
    assert "winmail.dat" in render(mail.problems[0]) and mail.plain and mail.text == "hi"


@pytest.mark.parametrize("subject", ["Accepted: 基层政务公开标准对接", "已接受：基层政务公开标准对接"])
def test_a_plain_text_mail_whose_subject_answers_is_read_and_named(subject):
    """A webmail that answers in words only: every mailbox reads it (its headers alone would skip it),
    and it is named so the office reads it by hand."""
    data = shapes.plain_mail(CZJ, subject, "我单位准时参加")
    head = data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    assert triage(head, lambda _key: False) == READ
    assert triage(shapes.plain_mail(CZJ, "周报"), lambda _key: False) == NOTHING
    mail = read_mail(data)
    assert [p.key for p in mail.problems] == ["replies.no_calendar"] and mail.answers == ()
    assert "winmail" not in render(mail.problems[0])  # a guess only when there is a winmail.dat (QA story 9)
    assert mail.plain and mail.text == "我单位准时参加"


@pytest.mark.parametrize(
    ("subject", "extra", "triaged", "head", "read"),
    [
        ("周报", "", NOTHING, False, False),
        ("Re: 周报", "", READ, True, True),
        ("周报", "In-Reply-To: <invite.0@example.org>", READ, True, True),
        ("周报", "References: <invite.0@example.org>", READ, True, True),
        ("周报", "Auto-Submitted: auto-replied", READ, True, True),
        ("自动回复：周报", "", READ, True, True),
        # the differences, explicit: the triage counts a bare header (the mail is read whole, its ids are
        # read properly then); reply_head refuses a subject that answers (named wherever it comes from)
        ("周报", "In-Reply-To: no id here", READ, False, False),
        ("Accepted: 基层政务公开标准对接", "", READ, False, True),
        # a new mail written instead of a reply (QA replies #9): its subject speaks of the invitation
        ("关于9月10日对接的回复", "", READ, True, True),
        ("【回复】邀请：基层政务公开标准对接", "", READ, True, True),
        ("我单位不参加", "", READ, True, True),
    ],
)
def test_one_rule_says_whether_a_plain_mail_may_concern_an_invite(subject, extra, triaged, head, read):
    """Review 9, finding 6: the header triage, reply_head and the reading of a plain mail each wrote the
    rule in their own words; they now ask may_concern_us, with what each can know as arguments."""
    from scheduler.replies.itip import reply_head
    from scheduler.replies.mime import auto_replied, may_concern_us, parse_mail, references

    data = shapes.plain_mail(CZJ, subject)
    if extra:
        data = data.replace(b"MIME-Version", extra.encode() + b"\r\nMIME-Version", 1)
    top = data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    assert triage(top, lambda _key: False) == triaged
    assert (reply_head(data) is not None) == head
    assert (read_mail(data) is not None) == read
    msg = parse_mail(data)
    assert may_concern_us(subject, bool(references(msg)), auto_replied(msg)) == read


def test_an_ordinary_mail_is_not_a_calendar_mail():
    assert read_mail(shapes.plain_mail("someone@example.org", "周报")) is None


def test_invitations_and_cancellations_are_skipped_not_answers():
    invitation = reply(partstat="NEEDS-ACTION")  # as sent: an invitee's REQUEST saying ACCEPTED is named instead
    cal = shapes.outlook_calendar(invitation, method="REQUEST")
    mail = read_mail(shapes.outlook(invitation, calendar=cal))
    assert mail.answers == () and mail.problems == () and mail.ignored == 1


def test_a_mail_without_message_id_is_known_by_its_bytes():
    data = shapes.apple(reply(message_id=""))
    first, second = read_mail(data), read_mail(data)
    assert first.message_id == "" and first.key == second.key and first.key.startswith("sha256:")


def test_the_reply_for_a_delegated_invite():
    mail = read_mail(shapes.apple(reply(partstat="DELEGATED")))
    assert mail.answers[0].state == State.DELEGATED


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SAMPLES = [fn(reply(partstat="DECLINED", comment="当天有会")) for fn in shapes.CLIENTS.values()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cuts=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 200), st.binary(max_size=40)), max_size=6),
)
def test_a_damaged_mail_never_raises(sample, cuts):
    """Bytes cut out, replaced or inserted anywhere (headers, boundaries, base64, the calendar): a result or
    ``None``, never an exception."""
    data = bytearray(sample)
    for at, length, insert in cuts:
        at = at % (len(data) + 1)
        data[at : at + length] = insert
    mail = read_mail(bytes(data), "fuzz")
    if mail is not None:
        for problem in mail.problems:
            render(problem, "zh")
            render(problem, "en")


def test_an_attachment_named_only_in_rfc_2231_form_is_read_as_a_calendar():
    """The email package gives ``name*=utf-8''...`` as a tuple: the part was taken for no calendar (and
    skipped in silence) when its Content-Disposition had an empty file name."""
    from scheduler.replies.mime import CalendarPart, calendar_parts, parse_mail

    ics = "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n"
    mail = (
        "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
        "Content-Type: application/octet-stream; name*=utf-8''%E5%9B%9E%E5%A4%8D.ics\r\n"
        'Content-Disposition: attachment; filename=""\r\n\r\n'
        f"{ics}--XX--\r\n"
    ).encode()
    (part,) = calendar_parts(parse_mail(mail))
    assert isinstance(part, CalendarPart), part
    assert part.name == "回复.ics"
    assert "METHOD:REPLY" in part.text


def _attached(name_params: str, calendar: bytes) -> bytes:
    """An answer whose calendar is only an ``application/octet-stream`` attachment, named by ``name_params``
    (Outlook's and Foxmail's shape for an attachment-only reply), with a subject that says it is an answer."""
    body = base64.encodebytes(calendar).decode("ascii").replace("\n", "\r\n")
    return (
        f"From: <{CZJ}>\r\nTo: zwgk-office@example.org\r\nSubject: =?utf-8?b?5bey5ouS57udOiDlr7nmjqU=?=\r\n"
        "Message-ID: <attached@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
        "--B\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nx\r\n"
        f"--B\r\nContent-Type: application/octet-stream{name_params}\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{body}--B--\r\n"
    ).encode("ascii")


def _word(text: str, charset: str, q: bool = False) -> str:
    if q:
        return (
            f"=?{charset}?Q?"
            + "".join(f"={b:02X}" if b > 127 or chr(b) in "=?_ " else chr(b) for b in text.encode(charset))
            + "?="
        )
    return f"=?{charset}?B?" + base64.b64encode(text.encode(charset)).decode("ascii") + "?="


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (_word("邀请.ics", "gb2312"), "邀请.ics"),  # Outlook, Foxmail
        (_word("邀请.ics", "gbk"), "邀请.ics"),
        (_word("邀请.ics", "utf-8"), "邀请.ics"),  # Gmail
        (_word("邀请.ics", "utf-8", q=True), "邀请.ics"),
        (
            _word("基层政务公开标准对接", "gb2312") + "\r\n " + _word("答复.ics", "gb2312"),
            "基层政务公开标准对接答复.ics",
        ),
        (_word("会议 答复", "utf-8") + " " + _word(" 邀请.ics", "utf-8"), "会议 答复 邀请.ics"),
    ],
    ids=["gb2312-B", "gbk-B", "utf8-B", "utf8-Q", "split-folded", "split-spaces"],
)
def test_an_octet_stream_attachment_named_in_rfc_2047_words_is_read(words, expected):
    """The name was compared with ``.ics`` undecoded (``=?gb2312?B?0fvH6y5pY3M=?=``): the decline was lost and
    the mail called a possible winmail.dat."""
    from scheduler.replies.mime import CalendarPart, calendar_parts, parse_mail

    calendar = shapes.outlook_calendar(reply(partstat="DECLINED", comment="外出")).encode("gb18030")
    params = f'; name="{words}"\r\nContent-Disposition: attachment; filename="{words}"'
    data = _attached(params, calendar)
    (part,) = calendar_parts(parse_mail(data))
    assert isinstance(part, CalendarPart) and part.name == expected
    mail = read_mail(data)
    assert not mail.problems and [(a.state, a.comment) for a in mail.answers] == [(State.DECLINED, "外出")]


@pytest.mark.parametrize("params", ["", '; name="attachment.dat"', '; name="=?gb2312?B?uL28/g==?="'])
def test_an_octet_stream_part_is_a_calendar_when_its_content_opens_as_one(params):
    """No name, or a name that says nothing: the part's first bytes (``BEGIN:VCALENDAR``, after a byte order
    mark) decide; any other content is no calendar."""
    calendar = shapes.outlook_calendar(reply(partstat="TENTATIVE")).encode()
    mail = read_mail(_attached(params, codecs.BOM_UTF8 + calendar))
    assert not mail.problems and [a.state for a in mail.answers] == [State.TENTATIVE]
    other = read_mail(_attached(params, b"%PDF-1.7\r\n" + bytes(range(256)) * 20))
    assert other is not None and [p.key for p in other.problems] == ["replies.no_calendar"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?b?5Yy65Z+O566h5omn5rOV5bGA?=", ("区城管执法局", "")),  # a display name alone
        ('"=?utf-8?b?5Yy65Z+O566h5omn5rOV5bGA?=" <>', ("区城管执法局", "")),
        (_word("区文广体旅局 <wgtlj@example.org>", "gb2312"), ("区文广体旅局", "wgtlj@example.org")),
        (
            _word("区文广体旅局 <wgtlj@example.org>", "utf-8").replace("?B?", "?b?"),
            ("区文广体旅局", "wgtlj@example.org"),
        ),
        (_word("区城 <cg@example.org>", "utf-8", q=True), ("区城", "cg@example.org")),  # cut in two by the parser
        (
            _word("张三, 处长 <zs@example.org>", "utf-8"),
            ("张三, 处长", "zs@example.org"),
        ),  # a comma in the decoded name
        (_word("zs@example.org", "utf-8"), ("", "zs@example.org")),
        (_word("张三 <zs@example.org>, 李四 <ls@example.org>", "utf-8"), ("张三", "zs@example.org")),  # the first
        ("=?GBK?B?x/i3orjE?= <fgw@example.org>", ("区发改", "fgw@example.org")),  # as before
        ("czj@example.org", ("", "czj@example.org")),
        # the whole word quoted, as webmails write it (QA qacnmail19 F2: the address kept its name, lost its '>')
        ('"' + _word("杨某 <zjj@example.org>", "gbk") + '"', ("杨某", "zjj@example.org")),
        ('"' + _word("杨某 <zjj@政务.中国>", "utf-8") + '"', ("杨某", "zjj@政务.中国")),
        ('"' + _word("zjj@example.org", "gbk") + '"', ("", "zjj@example.org")),
    ],
)
def test_a_from_without_a_plain_address_is_decoded_then_parsed(raw, expected):
    from scheduler.replies.mime import sender_of

    assert sender_of(raw) == expected


def test_a_declinecounter_from_an_attendee_is_named_as_not_understood():
    cal = shapes.foxmail_calendar(reply(partstat="DECLINED")).replace("METHOD:REPLY", "METHOD:DECLINECOUNTER")
    mail = read_mail(shapes.single_part(reply(), cal, "text/calendar; charset=utf-8"))
    assert mail.answers == ()
    (problem,) = mail.problems
    assert problem.key == "replies.declinecounter"
    assert "DECLINECOUNTER" in render(problem, "en") and "DECLINECOUNTER" in render(problem, "zh")


@pytest.mark.parametrize("kind", ["Maildir", "Mbox", "EmlFolder"])
def test_a_missing_mailbox_opened_from_python_names_the_path_not_a_command_line_option(kind, tmp_path):
    """Before: "..., key '--maildir': no such mailbox" from a library call, which has no options."""
    from scheduler.errors import InputError
    from scheduler.replies import mailboxes

    missing = tmp_path / "nowhere"
    box = getattr(mailboxes, kind)(missing)
    with pytest.raises(InputError) as caught:
        box.check() if kind == "Maildir" else list(box.messages(set(), 10))
    assert caught.value.text("en") == f"{missing}: no such mailbox"
    assert caught.value.key is None and "--" not in caught.value.text("zh")


def test_a_cn_written_in_rfc_6868_reads_back_with_its_double_quotes():
    """Our invites no longer write ``^'`` (docs/invites.md), but a client that does is still read right."""
    mail = read_mail(shapes.outlook(Reply(uid=UID, attendee=CZJ, name="区发改委^'综合^'组")))
    (answer,) = mail.answers
    assert answer.name == '区发改委"综合"组'


@pytest.mark.parametrize("cte", ["base64 ", "Base64\t", " BASE64  "])
def test_a_transfer_encoding_written_with_blanks_around_it_is_decoded(cte):
    """QA replies #10: ``Content-Transfer-Encoding: base64 `` (a trailing blank) left the calendar encoded."""
    r = reply(partstat="DECLINED")
    data = shapes.single_part(r, shapes.outlook_calendar(r), "text/calendar; method=REPLY; charset=utf-8")
    data = data.replace(b"Content-Transfer-Encoding: base64", f"Content-Transfer-Encoding: {cte}".encode())
    mail = read_mail(data)
    assert mail.problems == () and [a.state for a in mail.answers] == [State.DECLINED]


def test_a_reply_without_partstat_is_named_not_silently_ignored():
    """QA replies #13: an ATTENDEE without PARTSTAT in a REPLY says nothing; it was read and dropped."""
    r = reply()
    calendar = shapes.outlook_calendar(r).replace(";PARTSTAT=ACCEPTED", "")
    assert "PARTSTAT" not in calendar
    mail = read_mail(shapes.single_part(r, calendar, "text/calendar; method=REPLY; charset=utf-8"))
    assert mail.answers == () and [p.key for p in mail.problems] == ["replies.no_partstat"]
    assert "没有 PARTSTAT" in render(mail.problems[0], "zh") and r.attendee in render(mail.problems[0], "en")


@pytest.mark.parametrize("partstat", ["NEEDS-ACTION", "IN-PROCESS", "COMPLETED", "X-MAYBE", "needs-action"])
def test_a_reply_whose_partstat_says_nothing_about_coming_is_named_as_one_without(partstat):
    """QA qaitip20 F4: a REPLY saying NEEDS-ACTION, a to-do's status (IN-PROCESS, COMPLETED) or an unknown
    X- value was taken silently, a trusted "answer" of 未答复 with nothing to read. It says nothing about
    coming, as a REPLY without PARTSTAT: named, not an answer (so it never replaces an earlier one)."""
    r = reply()
    calendar = shapes.outlook_calendar(r).replace(";PARTSTAT=ACCEPTED", f";PARTSTAT={partstat}")
    assert f"PARTSTAT={partstat}" in calendar
    mail = read_mail(shapes.single_part(r, calendar, "text/calendar; method=REPLY; charset=utf-8"))
    assert mail.answers == () and [p.key for p in mail.problems] == ["replies.partstat_unknown"]
    zh, en = render(mail.problems[0], "zh"), render(mail.problems[0], "en")
    assert f"（PARTSTAT 为 {partstat.upper()}），未计入：请手工查看" in zh and r.attendee in zh
    assert f"(PARTSTAT {partstat.upper()}): not counted, read it by hand" in en


def test_a_reply_sent_as_the_text_of_the_mail_is_read():
    """Some OA systems put the whole METHOD:REPLY calendar in the mail's text/plain body."""
    r = reply(partstat="DECLINED")
    mail = read_mail(shapes.single_part(r, shapes.outlook_calendar(r), "text/plain; charset=utf-8"))
    assert [a.state for a in mail.answers] == [State.DECLINED]


def test_a_lost_imap_connection_is_told_in_the_office_s_words():
    """QA qaimap21 F6: imaplib's abort text ("command: UID => socket error: EOF", "… timed out") and the
    socket's own errors read as closed or silent; another abort keeps its own text (``None``)."""
    import imaplib

    from scheduler.replies.imap import lost_reason

    closed, silent = "replies.imap_closed", "replies.imap_silent"
    for exc, key in (
        (imaplib.IMAP4.abort("command: UID => socket error: EOF"), closed),
        (imaplib.IMAP4.abort("socket error: timed out"), silent),
        (ConnectionResetError(104, "Connection reset by peer"), closed),
        (TimeoutError("timed out"), silent),
    ):
        reason = lost_reason(exc)
        assert reason is not None and reason.key == key, exc
    assert lost_reason(imaplib.IMAP4.abort("unexpected response: '* BYE'")) is None


@pytest.mark.parametrize("depth", [1200, 3000])
def test_a_mail_nested_thousands_deep_is_named_by_its_headers_and_said_too_deep(depth):
    """QA qasec23 F4: a mail whose parts nest 2,000 deep was named "邮件“-”（-，-）" with "RecursionError":
    its headers read as every other mail's, and the reason in words."""
    from scheduler.replies.report import _about

    head = (
        b"From: =?utf-8?b?5Yy65pWZ6IKy5bGA?= <jyj@example.org>\r\nTo: office@example.org\r\n"
        b"Subject: =?utf-8?b?5Zue5aSN77ya6YKA6K+3?=\r\nDate: Mon, 06 Sep 2021 10:00:00 +0800\r\n"
        b"Message-ID: <deep@example.org>\r\nMIME-Version: 1.0\r\n"
    )
    opened = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth))
    closed = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    data = head + opened + b"Content-Type: text/plain\r\n\r\nhi\r\n" + closed
    mail = read_mail(data, "INBOX/7")
    assert mail is not None and mail.subject == "回复：邀请" and mail.sender == "jyj@example.org"
    assert mail.message_id == "<deep@example.org>" and mail.date is not None
    [problem] = mail.problems
    for lang, words in (("zh", "嵌套过深"), ("en", "nested too deep")):
        line = render(_about(mail, problem, None), lang)
        assert words in line and "Recursion" not in line and "回复：邀请" in line and "jyj@example.org" in line
