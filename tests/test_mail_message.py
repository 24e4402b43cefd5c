"""The message that carries an invite: MIME structure, headers (RFC 2047), stable identity, and the
refusals (header injection, addresses, an invite that does not match state.json)."""

from __future__ import annotations

import email
import re
from dataclasses import replace
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest
from icalendar import Calendar

from scheduler.errors import InputError
from scheduler.files.contacts import Contact
from scheduler.invites.state import Person
from scheduler.mail.message import compose, message_id
from tests.invite_helpers import LATER, by_unit, load_notice_timetable, moved, notice_export, notice_settings

NOW = datetime(2021, 9, 6, 9, 0, tzinfo=UTC)
UNIT = "区自然资源局"


@pytest.fixture(scope="module")
def first():
    return notice_export()


def parse(data: bytes):
    return email.message_from_bytes(data, policy=policy.default)


def tree(message) -> list:
    """The MIME tree as nested (content type, [children]) pairs."""
    if message.is_multipart():
        return [message.get_content_type(), [tree(part) for part in message.iter_parts()]]
    return message.get_content_type()


def raw_header(data: bytes, name: str, part: int = 0) -> str:
    """The ``part``-th occurrence of header ``name`` exactly as written (unfolded)."""
    text = data.decode("utf-8")  # a UTF-8 (SMTPUTF8) message too
    found = []
    lines = text.split("\r\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(name.lower() + ":"):
            value = line[len(name) + 1 :]
            j = i + 1
            while j < len(lines) and lines[j][:1] in (" ", "\t"):
                value += lines[j]
                j += 1
            found.append(value.strip())
    return found[part]


def test_a_request_has_the_structure_mail_clients_need(first):
    invite = by_unit(first)[UNIT]
    mail = compose(invite, NOW)
    message = parse(mail.data)
    assert tree(message) == [
        "multipart/mixed",
        [["multipart/alternative", ["text/plain", "text/calendar"]], "application/ics", "application/ics"],
    ]
    alternative, attached, deadlines = message.iter_parts()
    text, calendar = alternative.iter_parts()
    assert text.get_content_charset() == "utf-8" and text["Content-Transfer-Encoding"] == "base64"
    assert calendar["Content-Transfer-Encoding"] == "base64"
    assert calendar["Content-Disposition"] is None and text["Content-Disposition"] is None
    assert raw_header(mail.data, "Content-Type", 3) == "text/calendar; method=REQUEST; charset=UTF-8"
    assert calendar.get_content() == invite.data.decode("utf-8")  # the exact bytes of the exported file
    assert calendar.get_payload(decode=True) == invite.data
    assert attached.get_content_disposition() == "attachment" and attached.get_filename() == "invite.ics"
    assert attached.get_content() == invite.data
    assert deadlines.get_filename() == "deadlines.ics" and deadlines.get_content() == invite.deadlines
    assert Calendar.from_ical(calendar.get_payload(decode=True))["METHOD"] == calendar.get_param("method")


def test_headers_are_7bit_rfc2047_with_the_organiser_as_from_and_the_attendee_as_to(first):
    invite = by_unit(first)[UNIT]
    mail = compose(invite, NOW)
    assert mail.data.isascii()
    assert all(len(line) <= 78 for line in mail.data.split(b"\r\n"))
    assert b"\n" not in mail.data.replace(b"\r\n", b"")
    assert raw_header(mail.data, "Subject").startswith("=?utf-8?b?")
    assert raw_header(mail.data, "From").startswith("=?utf-8?b?")
    message = parse(mail.data)
    assert message["Subject"] == "邀请：基层政务公开标准对接：区自然资源局"
    assert getaddresses([message["From"]]) == [("北关区人民政府办公室", "zwgk-office@example.org")]
    assert getaddresses(message.get_all("To")) == [(UNIT, "zrzyj@example.org")]
    assert message["Cc"] is None and message["Bcc"] is None and message["Sender"] is None
    assert message["Message-ID"] == f"<{invite.uid}.0@example.org>" == mail.message_id == message_id(invite)
    assert (mail.recipient, mail.sender, mail.uid, mail.sequence) == (
        "zrzyj@example.org",
        "zwgk-office@example.org",
        invite.uid,
        0,
    )
    assert not mail.smtputf8 and mail.eml_name == "区自然资源局.eml"


LONG_NAME = (
    "北关区人民政府关于基层政务公开标准化规范化建设试点领域"
    "工作领导小组办公室综合协调与督查考核科室联络组第一分组"
)  # fmt: skip
ENCODED_WORD = re.compile(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=")


def decoded(text: str) -> str:
    """``text`` decoded as RFC 2047 says: the whitespace between adjacent encoded-words is dropped
    (the legacy decoder; Python 3.11's address parser puts a space there, CPython gh-128110)."""
    return str(make_header(decode_header(text)))


def decoded_addresses(data: bytes, name: str) -> list[tuple[str, str]]:
    """The (name, address) pairs of header ``name``: parsed first, then each name decoded."""
    return [(decoded(phrase), address) for phrase, address in getaddresses([raw_header(data, name)])]


def assert_headers_in_bounds(data: bytes) -> None:
    """Every header line at most 78 characters, every encoded-word at most 75 and valid UTF-8 on its own."""
    head = data.split(b"\r\n\r\n", 1)[0]
    assert head.isascii() and all(len(line) <= 78 for line in head.split(b"\r\n"))
    words = ENCODED_WORD.findall(head)
    assert words and all(len(word) <= 75 for word in words)
    for word in words:
        for text, charset in decode_header(word.decode()):
            text.decode(charset or "ascii")  # never a character cut in two


@pytest.mark.parametrize(
    ("organizer", "unit", "summary"),
    [
        ("北关区人民政府办公室", "区自然资源局", "基层政务公开标准对接：{unit}"),
        ('北关区人民政府办公室, "政务公开"科', LONG_NAME, "对接, 第1轮; 路径C:\\\\办公 📅：{unit}"),
        ('O\'Brien & "Sons", Ltd.', "区财政局🎉（预算科）" * 4, "Docking " * 12 + "{unit}"),
        (("Office " * 12).strip(), ("Zhang 张 " * 12).strip(), "x" * 70 + "{unit}"),
    ],
)
def test_long_names_and_subjects_fold_into_short_encoded_words_that_decode_back(organizer, unit, summary):
    """RFC 2047: an encoded-word is at most 75 characters; RFC 5322: lines of at most 78 (QA measured a
    To line of 228 and encoded-words of 80 with the unit names of the notice's longest offices)."""
    settings = notice_settings()
    settings = replace(settings, summary=summary, organizer=Person(organizer, settings.organizer.address))
    invite = by_unit(notice_export(settings=settings))[UNIT]
    invite = replace(invite, attendee=Person(unit, invite.attendee.address))
    mail = compose(invite, NOW, envelope_from="clerk@example.org")
    assert_headers_in_bounds(mail.data)
    assert decoded(raw_header(mail.data, "Subject")) == "邀请：" + summary.format(unit=UNIT) == mail.subject
    assert decoded_addresses(mail.data, "From") == [(organizer, "zwgk-office@example.org")]
    assert decoded_addresses(mail.data, "To") == [(unit, "zrzyj@example.org")]
    message = parse(mail.data)
    assert message["Message-ID"] == mail.message_id == message_id(invite)
    assert message["Date"].datetime == NOW and message["Sender"] == "clerk@example.org"
    assert not message.defects and not any(message[h].defects for h in ("From", "To", "Subject"))


def test_a_reminder_writes_its_headers_the_same_way(first):
    from zoneinfo import ZoneInfo

    from scheduler.replies.remind import ANSWER, Due, compose_reminder

    invite = replace(by_unit(first)[UNIT], attendee=Person(LONG_NAME, "zrzyj@example.org"))
    mail = compose_reminder(Due(ANSWER, invite, f"{invite.uid}/answer-1", 0, 1), NOW, ZoneInfo("Asia/Shanghai"))
    assert_headers_in_bounds(mail.data)
    assert decoded(raw_header(mail.data, "Subject")) == mail.subject
    assert decoded_addresses(mail.data, "To") == [(LONG_NAME, "zrzyj@example.org")]
    assert parse(mail.data)["Message-ID"] == mail.message_id


def test_the_letter_is_chinese_and_names_the_contact_the_meeting_and_the_attachments(first):
    invite = by_unit(first)[UNIT]
    text = parse(compose(invite, NOW).data).get_body(("plain",)).get_content()
    assert "\n" not in text.replace("\r\n", "")  # text/plain's canonical form: CRLF line ends
    text = text.replace("\r\n", "\n")
    assert text.startswith("区自然资源局 王某：\n\n您好！")
    for words in ("邀请贵单位参加以下对接", "时间：9月8日 8:00—9:00", "地点：区政府420房间", "deadlines.ics", "请携带"):
        assert words in text, words
    assert text.rstrip().endswith("北关区人民政府办公室\nzwgk-office@example.org")


def test_the_same_invite_gives_the_same_message_apart_from_the_date(first):
    invite = by_unit(first)[UNIT]
    one, two = compose(invite, NOW), compose(invite, LATER)
    assert one.message_id == two.message_id
    assert one.data != two.data
    strip = [line for line in one.data.split(b"\r\n") if not line.startswith(b"Date:")]
    assert strip == [line for line in two.data.split(b"\r\n") if not line.startswith(b"Date:")]


def test_an_update_and_a_cancellation(first):
    timetable = moved(load_notice_timetable(), {"区财政局": datetime(2021, 9, 9, 8), "柏庄镇政府": None})
    second = by_unit(notice_export(timetable, first.state, LATER))
    update = compose(second["区财政局"], NOW, updated=True)
    message = parse(update.data)
    assert message["Subject"] == "已更新：基层政务公开标准对接：区财政局"
    assert message["Message-ID"] == f"<{second['区财政局'].uid}.1@example.org>"
    assert "对接安排有变化" in message.get_body(("plain",)).get_content()

    cancel = compose(second["柏庄镇政府"], NOW, updated=True)
    message = parse(cancel.data)
    assert cancel.method == "CANCEL" and message["Subject"] == "已取消：基层政务公开标准对接：柏庄镇政府"
    assert raw_header(cancel.data, "Content-Type", 3) == "text/calendar; method=CANCEL; charset=UTF-8"
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    event = Calendar.from_ical(calendar.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert getaddresses(message.get_all("To")) == [("柏庄镇政府", "bzz@example.org")]
    names = [p.get_filename() for p in message.iter_attachments()]
    assert names == ["invite.ics", "deadlines.ics"]  # the deadlines, cancelled too


HERE, THERE = "区政府420房间", "区政府301房间"


@pytest.mark.parametrize(
    ("start", "room", "said"),
    [
        ("2021-09-08T11:00:00+08:00", HERE, f"原定 9月8日 11:00，改为 9月9日 8:00（地点不变：{HERE}）。"),
        ("2021-09-08T03:00:00+00:00", HERE, "原定 9月8日 11:00，改为 9月9日 8:00"),  # read in the zone
        ("2021-09-08T11:00:00+08:00", THERE, f"原定 9月8日 11:00，{THERE}，改为 9月9日 8:00，{HERE}。"),
        ("2021-09-09T08:00:00+08:00", THERE, f"地点原定 {THERE}，改为 {HERE}（时间不变：9月9日 8:00）。"),
        ("2021-09-09T08:00:00+08:00", HERE, f"时间、地点不变（9月9日 8:00，{HERE}），其他内容有更新，见下文。"),
    ],
)
def test_an_update_says_what_changed_since_the_last_message(first, start, room, said):
    """QA story 9, finding 7: the update letter gave the new time only; the old one (and the room, if it
    changed) comes from what the last message to that address showed (the journal's line)."""
    from scheduler.mail.message import Before

    timetable = moved(load_notice_timetable(), {"区财政局": datetime(2021, 9, 9, 8)})
    second = by_unit(notice_export(timetable, first.state, LATER))
    letter = parse(compose(second["区财政局"], NOW, True, None, Before(start, room)).data)
    body = letter.get_body(("plain",)).get_content()
    intro = "对接安排有变化，请以本邮件为准：日历中原有的邀请会随之更新。请在日历中重新答复。"
    assert f"{intro}\n\n{said}" in body.replace("\r\n", "\n")
    assert "原定" not in parse(compose(second["区财政局"], NOW, True).data).get_body(("plain",)).get_content()


def test_from_stays_the_organiser_and_another_sending_mailbox_becomes_sender(first):
    mail = compose(by_unit(first)[UNIT], NOW, envelope_from="clerk@example.org")
    message = parse(mail.data)
    assert getaddresses([message["From"]]) == [("北关区人民政府办公室", "zwgk-office@example.org")]
    assert message["Sender"] == "clerk@example.org" and mail.sender == "clerk@example.org"
    same = compose(by_unit(first)[UNIT], NOW, envelope_from="ZWGK-office@example.org")
    assert parse(same.data)["Sender"] is None


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("unit", "区自然资源局\r\nBcc: evil@example.org", "区自然资源局\\r\\nBcc: evil@example.org"),
        ("attendee_name", "区自然资源局\nBcc: evil@example.org", "\\n"),
        ("contact", "王某\rX-Evil: 1", "\\r"),
        ("organizer_name", "北关区人民政府办公室\u2028Bcc: x@example.org", "\\u2028"),
        ("address", "zrzyj@example.org\r\nBcc: evil@example.org", "\\r\\n"),
        ("address", "zrzyj@example.org, evil@example.org", "一个地址"),
        ("address", "not an address", "空格"),
    ],
)
def test_header_injection_and_bad_addresses_are_refused_naming_the_unit(first, field, value, shown):
    invite = by_unit(first)[UNIT]
    if field == "unit":
        invite = replace(invite, unit=value)
    elif field == "attendee_name":
        invite = replace(invite, attendee=Person(value, invite.attendee.address))
    elif field == "contact":
        invite = replace(invite, contact=value)
    elif field == "organizer_name":
        invite = replace(invite, organizer=Person(value, invite.organizer.address))
    else:
        invite = replace(invite, attendee=Person(invite.attendee.name, value))
    with pytest.raises(InputError) as caught:
        compose(invite, NOW)
    text = caught.value.text("zh")
    assert "\n" not in text and "\r" not in text
    assert text.startswith("单位“区自然资源局") and "不能发送" in text and shown in text


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"sequence": 3}, "SEQUENCE"),
        ({"uid": "00000000-0000-0000-0000-000000000000"}, "UID"),
        ({"method": "CANCEL"}, "METHOD"),
        ({"attendee": Person(UNIT, "other@example.org")}, "ATTENDEE"),
        ({"organizer": Person("北关区人民政府办公室", "other@example.org")}, "ORGANIZER"),
    ],
)
def test_an_invite_that_does_not_match_its_file_is_refused(first, change, what):
    invite = replace(by_unit(first)[UNIT], **change)
    with pytest.raises(InputError) as caught:
        compose(invite, NOW)
    assert what in caught.value.text("en") and UNIT in caught.value.text("en")


def test_a_unit_without_address_is_not_composed(first):
    invite = by_unit(notice_export(contacts={}))[UNIT]
    assert invite.method == "PUBLISH"
    with pytest.raises(InputError, match="没有邮箱地址"):
        compose(invite, NOW)


def test_an_internationalised_domain_travels_in_its_ascii_form():
    contacts = {UNIT: Contact(UNIT, "zrzyj@自然资源.测试", "王某")}
    invite = by_unit(notice_export(contacts=contacts))[UNIT]
    mail = compose(invite, NOW)
    assert not mail.smtputf8 and mail.data.isascii()
    assert mail.recipient == "zrzyj@xn--b9w99crvxfwk.xn--0zwm56d"
    assert getaddresses(parse(mail.data).get_all("To")) == [(UNIT, mail.recipient)]
    event = Calendar.from_ical(invite.data).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == f"mailto:{mail.recipient}"  # what a client matches to the mailbox


def test_a_non_ascii_mailbox_on_a_chinese_domain_is_the_invites_attendee():
    """The mail (SMTPUTF8) and the invite's ATTENDEE name one mailbox, the domain in IDNA in both."""
    from scheduler.files.addresses import from_mailto

    contacts = {UNIT: Contact(UNIT, "王某@例子.测试", "王某")}
    invite = by_unit(notice_export(contacts=contacts))[UNIT]
    mail = compose(invite, NOW)
    assert mail.smtputf8 and mail.recipient == "王某@xn--fsqu00a.xn--0zwm56d"
    attendee = str(Calendar.from_ical(invite.data).walk("VEVENT")[0]["ATTENDEE"])
    assert attendee == "mailto:%E7%8E%8B%E6%9F%90@xn--fsqu00a.xn--0zwm56d" and from_mailto(attendee) == mail.recipient
    message = email.message_from_string(mail.data.decode("utf-8"), policy=policy.default)
    assert getaddresses(message.get_all("To")) == [(UNIT, mail.recipient)]


def test_a_non_ascii_mailbox_needs_smtputf8_and_keeps_the_same_structure():
    contacts = {UNIT: Contact(UNIT, "王某@example.org", "王某")}
    invite = by_unit(notice_export(contacts=contacts))[UNIT]
    mail = compose(invite, NOW)
    assert mail.smtputf8 and mail.recipient == "王某@example.org"
    assert "王某@example.org".encode() in mail.data  # RFC 6532: UTF-8 in the headers themselves
    message = email.message_from_string(mail.data.decode("utf-8"), policy=policy.default)
    assert tree(message) == [
        "multipart/mixed",
        [["multipart/alternative", ["text/plain", "text/calendar"]], "application/ics", "application/ics"],
    ]
    assert getaddresses(message.get_all("To")) == [(UNIT, "王某@example.org")]
    assert message["Subject"] == "邀请：基层政务公开标准对接：区自然资源局"
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_payload(decode=True) == invite.data
    assert calendar.get_param("method") == "REQUEST" and calendar["Content-Disposition"] is None


def test_a_very_long_chinese_organiser_name_is_folded_in_a_utf8_message():
    """QA: under SMTPUTF8 a 400-character organiser name made a 1,201-byte From: line (RFC 5322 2.1.1:
    at most 998); the email package cannot fold a name without spaces. Now it goes as RFC 2047 words."""
    contacts = {UNIT: Contact(UNIT, "王某@example.org", "王某")}
    name = "北关区人民政府办公室政务公开科" * 27  # 405 characters, 1,215 bytes
    settings = notice_settings()
    settings = replace(settings, summary="对接" * 200, organizer=Person(name, settings.organizer.address))
    invite = by_unit(notice_export(settings=settings, contacts=contacts))[UNIT]
    mail = compose(invite, NOW)
    assert mail.smtputf8
    assert max(len(line) for line in mail.data.split(b"\r\n")) <= 998
    assert decoded_addresses(mail.data, "From") == [(name, settings.organizer.address)]
    assert decoded(raw_header(mail.data, "Subject")) == mail.subject
    message = email.message_from_string(mail.data.decode("utf-8"), policy=policy.default)
    assert getaddresses(message.get_all("To")) == [(UNIT, "王某@example.org")]


@pytest.mark.parametrize(
    "name",
    [
        "北关区人民政府办公室政务公开科" * 5,  # no space: the email package's folder left "From:" alone on its line
        '北关区人民政府办公室（政务公开科）, "对接" 联络组' * 3,  # quoted, with spaces: folded inside the quotes
        "(北关区)政务公开科" * 8,  # a comment-like name: kept as the name, not read back as a comment
    ],
)
def test_a_long_name_in_a_utf8_message_is_folded_with_words_on_the_first_line(name):
    """QA: in a UTF-8 (SMTPUTF8) message a name too long for 78 characters but not for 998 was folded by the
    email package as ``From:`` and then a line break, an empty first line. Each header's first line now
    carries its first word; the name, the address and the subject read back exactly."""
    contacts = {UNIT: Contact(UNIT, "王某@example.org", "王某")}
    settings = notice_settings()
    settings = replace(settings, summary=name, organizer=Person(name, settings.organizer.address))
    invite = by_unit(notice_export(settings=settings, contacts=contacts))[UNIT]
    mail = compose(invite, NOW)
    assert mail.smtputf8
    head = mail.data.split(b"\r\n\r\n", 1)[0].decode("utf-8").split("\r\n")
    for field in ("From", "To", "Subject"):
        first = next(line for line in head if line.startswith(f"{field}:"))
        assert first[len(field) + 1 :].strip(), first
    assert max(len(line.encode()) for line in head) <= 998
    message = email.message_from_string(mail.data.decode("utf-8"), policy=policy.default)
    assert getaddresses(message.get_all("From")) == [(name, settings.organizer.address)]
    assert getaddresses(message.get_all("To")) == [(UNIT, "王某@example.org")]
    assert str(message["Subject"]) == mail.subject


def test_an_update_names_a_new_length_beside_a_new_room_or_start(first):
    """(review21 F1) A room or a start changed with the length: the letter said "时间不变" of a meeting
    whose end changed, or gave the starts only; it names the end and the lengths as the 说明 column
    does (:func:`scheduler.invites.changes.since`, one rule). A move keeping the length names no end."""
    from datetime import timedelta

    from scheduler.invites.changes import moved as since_record
    from scheduler.invites.changes import new_length
    from scheduler.mail.message import Before, what_changed

    def names_end(b: Before) -> bool:  # what the 说明 column names (``since``'s rule)
        return new_length(since_record(b.start, b.location, invite), b.end, invite) is not None

    timetable = moved(load_notice_timetable(), {"区财政局": datetime(2021, 9, 9, 8)})
    invite = by_unit(notice_export(timetable, first.state, LATER))["区财政局"]
    length = invite.end - invite.start
    longer = (invite.end + timedelta(minutes=30)).isoformat()
    roomed = Before(invite.start.isoformat(), THERE, longer)
    said = what_changed(invite, roomed)
    assert f"地点原定 {THERE}，改为 {HERE}" in said and "（时间不变" not in said, said
    assert "结束时间原定" in said and "→" in said, said
    eleven = datetime.fromisoformat("2021-09-08T11:00:00+08:00")
    was = Before(eleven.isoformat(), HERE, (eleven + length + timedelta(minutes=30)).isoformat())
    said = what_changed(invite, was)
    assert said.startswith("原定 9月8日 11:00，改为 9月9日 8:00") and "结束时间原定 9月8日" in said, said
    assert names_end(was) and names_end(roomed)
    kept = Before(eleven.isoformat(), HERE, (eleven + length).isoformat())
    assert "结束" not in what_changed(invite, kept) and not names_end(kept)


def test_the_never_sent_line_in_english_says_what_is_not_mailed_again():
    """(review21 note) "(nothing mailed and unchanged is mailed again)" read as the opposite of the zh
    "已发出且未变的不会重发": the English says what was mailed and has not changed is not mailed again."""
    from scheduler.text.messages import Message, render

    said = render(Message("mail.summary.never_sent.meeting", count=2, meeting="答疑会", units=["李科长"]), "en")
    assert "has not changed is not mailed again" in said, said
