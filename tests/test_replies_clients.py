"""Answer shapes from the QA session on calendar clients not tested before (/tmp/qa/clients, D1-D3): a reply in
words that keeps our invite attached, answers stamped by a wrong clock, an answer to an update without SEQUENCE."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.files.addresses import address_key
from scheduler.invites.folder import read_invites
from scheduler.replies.answers import Answer, ReadMail, State
from scheduler.replies.itip import read_mail
from scheduler.replies.standing import Invitee, judge
from tests import reply_mails as shapes
from tests.replies_helpers import EPOCH, answer, both_from_a_wrong_clock, campaign, maildir, mark_sent, row, run
from tests.reply_mails import Reply

WORDS = "您好：我局9月8日下午有执法任务，来不了，请调整到9日上午。"
CGZFJ = "cgzfj@example.org"
FGW = "fgw@example.org"
MAILED = datetime.fromtimestamp(int(EPOCH), UTC)  # 8:00 UTC on 6 September 2021: campaign() mails then
AT_10 = datetime(2021, 9, 6, 10, 0, tzinfo=UTC)
MINUTES_10 = timedelta(minutes=10)
FGW = "fgw@example.org"


@pytest.fixture
def sent(example):
    """The notice's invites exported beside the table and mailed; (table, invites by unit)."""
    return example / "notice_2021.csv", campaign(example)


def _invite_id(invite) -> str:
    """The Message-ID the journal recorded for ``invite`` (as ``mark_sent`` writes it)."""
    return f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>"


def _foreign_invite() -> bytes:
    """Another organiser's invitation (another meeting a unit forwards)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Example//Other//EN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:another-meeting@example.test",
        "DTSTAMP:20210906T000000Z",
        "DTSTART:20210908T070000Z",
        "SUMMARY:全市执法培训",
        "ORGANIZER;CN=市局:mailto:office@city.example.test",
        f"ATTENDEE;CN=区城管执法局:mailto:{CGZFJ}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_reply_in_words_that_keeps_our_invite_attached_is_named_and_noted_on_the_row(sent, tmp_path):
    """D1: a Foxmail forward ("转发：邀请：…") of our invite with the unit's words, and a QQ Mail reply that kept the
    invite (text/calendar; method=REQUEST) and the deadlines attached, were only "日历邮件不是答复": the unit's
    row stayed a bare 未答复. They are named with the unit, like the same words without the attachment. A reply
    carrying another organiser's invitation, and our own invite mail, are still only counted as calendars."""
    table, invites = sent
    cg = invites["区城管执法局"]
    subject = "邀请：基层政务公开标准对接：区城管执法局"
    box = maildir(
        tmp_path / "Maildir",
        shapes.words_with_invite(
            CGZFJ,
            "转发：" + subject,
            WORDS,
            "<fwd@example.org>",
            [("invite.ics", "application/octet-stream", cg.data)],
            in_reply_to=_invite_id(cg),
        ),
    )
    first = run("replies", str(table), "--maildir", str(box))
    assert first.exit_code == 0, first.output
    assert "日历邮件不是答复" not in first.output
    assert f"邮件“转发：{subject}”（{CGZFJ}，9月7日 9:00）回复了 区城管执法局 的邀请，但不是日历答复" in first.output
    assert "请手工查看：“您好：我局9月8日下午有执法任务，来不了，请调整到9日上午。”" in first.output
    for result in (first, run("replies", str(table))):  # kept in the ledger: on every later run
        assert "有邮件待人工查看（9月7日 9:00，“您好：我局9月8日下午有执法任务" in row(result.output, "区城管执法局")
        assert "有邮件待人工查看 1 个：区城管执法局" in result.output

    qq = shapes.words_with_invite(
        CGZFJ,
        "回复：" + subject,
        "不好意思，8日下午我局要值班，去不了。",
        "<qq@example.org>",
        [
            ("invite.ics", "text/calendar; method=REQUEST; charset=UTF-8", cg.data),
            ("deadlines.ics", "application/ics", cg.deadlines),
        ],
        html=True,
    )
    foreign = shapes.words_with_invite(
        CGZFJ,
        "回复：" + subject,
        "这是市局的培训通知，请参考。",
        "<other@example.org>",
        [("invite.ics", "text/calendar", _foreign_invite())],
    )
    ours = shapes.invite_mail(CGZFJ, _invite_id(cg), cg.data)  # our own invite, e.g. a Sent folder read too
    second = run("replies", str(table), "--maildir", str(maildir(tmp_path / "M2", qq, foreign, ours)))
    assert second.exit_code == 0, second.output
    assert "“不好意思，8日下午我局要值班，去不了。”" in row(second.output, "区城管执法局")
    assert "2 封日历邮件不是答复（邀请、取消等），已跳过" in second.output  # the foreign invitation, our own mail
    assert "这是市局的培训通知" not in second.output
    ledger = [json.loads(line) for line in (table.parent / "replies-ledger.jsonl").read_text().splitlines()]
    (qq_line,) = [line for line in ledger if line["message_id"] == "<qq@example.org>"]
    assert qq_line["plain"] and qq_line["invitations"][0] == [cg.uid, "zwgk-office@example.org"]


def _phone_then_pc(invite, pc_stamp: datetime, phone_stamp: datetime = AT_10) -> tuple[bytes, bytes]:
    """The unit accepts from a phone (DTSTAMP and Date right, 10:00), then declines from an office PC
    (Outlook; Exchange stamps the Date, 10:10) whose own clock wrote ``pc_stamp`` as the DTSTAMP."""
    accept = answer(invite, partstat="ACCEPTED", comment="手机上先接受", stamp=phone_stamp, date=AT_10)
    decline = answer(invite, partstat="DECLINED", comment="临时有会，来不了", stamp=pc_stamp, date=AT_10 + MINUTES_10)
    return shapes.apple(accept), shapes.outlook(decline)


@pytest.mark.parametrize(
    ("pc_stamp", "phone_stamp"),
    [
        (datetime(2019, 1, 1, 9, 30, tzinfo=UTC), AT_10),  # the PC's clock says 2019: before the invite was mailed
        (AT_10 + MINUTES_10, datetime(2027, 12, 4, 9, 0, tzinfo=UTC)),  # the accept's DTSTAMP after its own Date
    ],
)
def test_a_later_answer_wins_over_a_dtstamp_from_a_wrong_clock(sent, tmp_path, pc_stamp, phone_stamp):
    """D2: the newest answer went by the DTSTAMP as written: a decline stamped 2019 by a PC's clock lost to an
    earlier accept, and so did a decline to an accept stamped in 2027; reschedule --from-replies ignored it. A
    time before the first mailing, or after the mail was sent, arrived or read, is a wrong clock."""
    table, invites = sent
    fgw = invites["区发改委"]
    box = maildir(tmp_path / "Maildir", *_phone_then_pc(fgw, pc_stamp, phone_stamp))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "拒绝" in row(result.output, "区发改委") and "临时有会，来不了" in row(result.output, "区发改委")
    replan = run("reschedule", str(table), "--from-replies", "--time-limit", "5")
    assert "区发改委：拒绝 9月8日 10:00（“临时有会，来不了”）" in replan.output, replan.output


def test_when_no_time_a_mail_tells_can_be_believed_its_maildir_delivery_orders_it(sent, tmp_path):
    """D2: neither answer's DTSTAMP nor Date is possible (before the invite was mailed); the accept was
    delivered at 10:00, the decline at 10:10 (the seconds a Maildir file's name starts with): the decline is
    the newer answer, whatever the wrong clock claims."""
    table, invites = sent
    decline, accept = both_from_a_wrong_clock(invites["区发改委"])
    box = maildir(tmp_path / "Maildir")
    (box / "new" / f"{int(AT_10.timestamp())}.M1P1.mx.example.org").write_bytes(accept)
    (box / "new" / f"{int((AT_10 + MINUTES_10).timestamp())}.M2P1.mx.example.org").write_bytes(decline)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "拒绝" in row(result.output, "区发改委") and "来不了" in row(result.output, "区发改委")
    arrived = [json.loads(line).get("arrived") for line in (table.parent / "replies-ledger.jsonl").open()]
    assert arrived == ["2021-09-06T10:00:00+00:00", "2021-09-06T10:10:00+00:00"]


def _without_sequence(calendar: str) -> str:
    """``calendar`` without its SEQUENCE line (RFC 5546 wants one in a REPLY when it is not 0)."""
    return "".join(line for line in calendar.splitlines(keepends=True) if not line.startswith("SEQUENCE:"))


def _unsequenced(reply) -> bytes:
    """A Foxmail-shaped answer whose calendar has no SEQUENCE line."""
    return shapes.foxmail(reply, data=_without_sequence(shapes.foxmail_calendar(reply)).encode("gb18030"))


def test_an_answer_without_sequence_answers_the_version_whose_time_it_names(sent, tmp_path):
    """D3: 区财政局 moved to 9月9日 8:00 (SEQUENCE 1, mailed); its answer names that time and no SEQUENCE: it
    answers the current invite, not version 0. 区司法局's, naming its old time, stays an answer to version 0."""
    table, before = sent
    moved = run("reschedule", str(table), "--unavailable", "区财政局@9月8日", "--out", str(table.parent))
    assert moved.exit_code == 0, moved.output
    after = {i.unit: i for i in read_invites(table.parent / "invites")}
    assert after["区财政局"].sequence == 1 and after["区司法局"].sequence == 1
    mark_sent(table.parent, after, at=MAILED + timedelta(days=1))  # the updates go out on 7 September
    stamp = MAILED + timedelta(days=1, hours=4)
    box = maildir(
        tmp_path / "Maildir",
        _unsequenced(answer(after["区财政局"], sequence=0, comment="新时间可以", stamp=stamp)),
        _unsequenced(answer(before["区司法局"], comment="好的", stamp=stamp)),
    )
    result = run("replies", str(table.parent / "timetable.csv"), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    line = row(result.output, "区财政局")
    assert "9月9日 8:00" in line and "接受" in line and "新时间可以" in line and "第 0 版" not in line
    assert "答复没有写明版本（SEQUENCE），其中的时间是第 1 版邀请的：按第 1 版计" in result.output
    assert "此前对最初的邀请答复“接受”，对当前邀请尚未答复" in row(result.output, "区司法局")
    ledger = [json.loads(line) for line in (table.parent / "replies-ledger.jsonl").open()]
    assert all(line["answers"][0]["unsequenced"] for line in ledger)
    out = tmp_path / "out"
    assert run("replies", str(table.parent / "timetable.csv"), "--out", str(out)).exit_code == 0
    sheet = (out / "replies.csv").read_text(encoding="utf-8-sig")  # QA loop L2: it said '- (the guard's ')
    assert "未写明（按第 1 版计）" in sheet and "未写明（按第 0 版计）" in sheet and "'-" not in sheet


def test_a_counter_without_sequence_answers_the_version_its_original_start_names():
    """D3, a COUNTER: its DTSTART is the time proposed; Outlook's X-MS-OLK-ORIGINALSTART names the time it
    replaces, and that tells the version. A unit moved away and back: the latest of the versions that showed
    that time mailed before the answer was written; none of them mailed before it: version 0."""
    first, moved = datetime(2021, 9, 8, 2, tzinfo=UTC), datetime(2021, 9, 9, 0, tzinfo=UTC)  # 10:00, then 9日 8:00
    at = MAILED + timedelta(days=1)
    proposed = datetime(2021, 9, 10, 9)
    counter = Reply(uid="uid-fgw", attendee=FGW, name="区发改委", start=datetime(2021, 9, 9, 8), proposed=proposed)
    read = read_mail(shapes.outlook(counter, calendar=_without_sequence(shapes.outlook_calendar(counter))))
    assert read is not None and read.answers[0].unsequenced and read.answers[0].method == "COUNTER"
    back, early = at + timedelta(hours=1), read.date  # the counter was written on 6 September, 10:00 UTC
    late = back + timedelta(hours=1)
    away_and_back = ((0, MAILED, moved), (1, at, first), (2, back, moved))
    for versions, written, state, weighed in (
        (((0, MAILED, first), (1, at, moved)), early, State.COUNTER, 1),
        (away_and_back, late, State.COUNTER, 2),
        (away_and_back, early, State.NO_ANSWER, 0),
        (((0, MAILED, first), (1, late, moved), (2, late + MINUTES_10, moved)), early, State.NO_ANSWER, 0),
    ):
        told = replace(read, date=written, answers=(replace(read.answers[0], stamp=written),))
        sequence, _, start = versions[-1]
        invitee = Invitee(
            "区发改委", "区发改委", FGW, "uid-fgw", sequence, "REQUEST", start, start + timedelta(hours=1),
            sent=sequence, addresses=frozenset({address_key(FGW)}),
            mailings=tuple((seq, when) for seq, when, _ in versions),
            versions=tuple((seq, begins) for seq, _, begins in versions),
        )  # fmt: skip
        found = judge([invitee], [replace(told, read_at=at + timedelta(days=1))])
        assert found.rows[0].state == state and found.received[0].weighed == weighed


def test_an_answer_without_sequence_after_a_room_change_answers_the_latest_version_mailed_before_it():
    """Review §3: a room change keeps the time and raises the SEQUENCE, so two mailed versions showed the
    time an answer without SEQUENCE names: it answers the latest of them mailed before it was written (the
    current one here, not version 0); written between the two mailings, version 0."""
    nine = datetime(2021, 9, 8, 1, tzinfo=UTC)  # 9:00 in Beijing, room A, then room B
    room_changed = MAILED + timedelta(days=2)
    invitee = Invitee(
        "区发改委", "区发改委", FGW, "uid-fgw", 1, "REQUEST", nine, nine + timedelta(hours=1),
        sent=1, addresses=frozenset({address_key(FGW)}),
        mailings=((0, MAILED), (1, room_changed)), versions=((0, nine), (1, nine)),
    )  # fmt: skip
    for written, verdict, weighed in (
        (room_changed + timedelta(days=1), "current", 1),
        (room_changed - timedelta(days=1), "outdated", 0),
    ):
        accept = Answer("REPLY", "uid-fgw", 0, FGW, partstat="ACCEPTED", stamp=written, start=nine, unsequenced=True)
        mail = ReadMail("k", "s", "<m@example.org>", FGW, answers=(accept,), read_at=room_changed + timedelta(days=3))
        found = judge([invitee], [mail])
        assert (found.received[0].verdict, found.received[0].weighed) == (verdict, weighed)
        assert found.rows[0].state == (State.ACCEPTED if weighed == 1 else State.NO_ANSWER)
