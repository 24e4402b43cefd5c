"""A meeting handed on, through real servers on 127.0.0.1: the participant's DELEGATED reply read by
``replies``, then ``send`` adds the delegate and mails them their copy exactly once through the journal,
an update when the meeting moves, a CANCEL when the delegation is taken back; the delegate's own answer
counts for the participant's seat (docs/replies.md, "A delegate, named with the answer")."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.replies_helpers import maildir
from tests.reply_mails import Reply
from tests.test_meeting_invites import TIMES
from tests.test_meetings_mail import campaign, received, run, send, write_table  # noqa: F401 (a fixture)

DEPUTY = "deputy@example.test"
MEETING = "答疑会"


def _to(mail) -> str:
    return str(mail["To"].addresses[0].addr_spec)


def _calendar(mail) -> str:
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    content = part.get_content()
    return (content if isinstance(content, str) else content.decode()).replace("\r\n ", "")


def _reply(table, tmp_path, name: str, **said: object) -> None:
    """``replies`` reads one Thunderbird answer from 李科长 (or his deputy) to 答疑会's current invite."""
    invites = read_invites(table.parent / "invites")
    li = next(i for i in invites if i.filename.startswith(f"{MEETING}/") and i.unit == "李科长")
    base = {"uid": li.uid, "sequence": li.sequence, "start": li.start.replace(tzinfo=None), "summary": MEETING}
    reply = Reply(**base, name=name, **said)  # type: ignore[arg-type]
    box = maildir(tmp_path / f"Maildir-{name}-{len(list(tmp_path.iterdir()))}", shapes.thunderbird(reply))
    read = run("replies", table, "--maildir", box)
    assert read.exit_code == 0, read.output


def test_the_delegate_is_mailed_once_updated_and_cancelled_and_answers_for_the_seat(campaign, servers, tmp_path):  # noqa: F811
    server = servers()
    assert send(campaign, server).exit_code == 0
    first = len(server.recorder.messages)
    handing = {"partstat": "DELEGATED", "delegated_to": DEPUTY, "stamp": datetime(2025, 7, 10, 10, tzinfo=UTC)}
    _reply(campaign, tmp_path, "李科长", attendee="li@example.org", **handing)
    handed = send(campaign, server)
    assert handed.exit_code == 0, handed.output
    mails = received(server, first)
    assert [_to(m) for m in mails] == [DEPUTY] and str(mails[0]["Subject"]) == f"邀请：{MEETING}"
    calendar = _calendar(mails[0])
    assert 'DELEGATED-FROM="mailto:li@example.org"' in calendar and "PARTSTAT=DELEGATED" in calendar
    assert f'DELEGATED-TO="mailto:{DEPUTY}"' in calendar
    assert "李科长 已把这次会议转交给您" in mails[0].get_body(("plain",)).get_content()
    again = send(campaign, server)  # exactly once: the journal knows the delegate's copy
    assert again.exit_code == 0 and len(server.recorder.messages) == first + 1, again.output

    # killed after handing the delegate's message over, before `sent` was written: sent once more, named
    journal = campaign.parent / "mail-journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not (json.loads(line)["state"] == "sent" and json.loads(line)["to"] == DEPUTY)]
    journal.write_text("\n".join(kept) + "\n", encoding="utf-8")
    doubt = send(campaign, server)
    assert doubt.exit_code == 0 and len(server.recorder.messages) == first + 2, doubt.output
    assert DEPUTY in doubt.output  # named as a possible second copy
    assert received(server, first)[0]["Message-ID"] == received(server, first + 1)[0]["Message-ID"]
    assert send(campaign, server).exit_code == 0 and len(server.recorder.messages) == first + 2

    # the deputy accepts for the seat: 李科长 counts as accepted, through the deputy
    later = datetime(2025, 7, 11, 10, tzinfo=UTC)  # the deputy answers the next day
    _reply(campaign, tmp_path, "吴副科长", attendee=DEPUTY, delegated_from="li@example.org", stamp=later)
    standing = run("replies", campaign)
    assert standing.exit_code == 0 and f"已转交 {DEPUTY}，由其答复" in standing.output, standing.output
    from scheduler.files.meeting_files import load_meetings
    from scheduler.replies.collect import outputs_answers

    sheet = outputs_answers(campaign.parent, None, "Asia/Shanghai", load_meetings(campaign))  # the 答复 sheet
    assert sheet is not None
    # columns: 会议, 人员, 答复, …, 发件人 (7), 是否采信 (8)
    mine = {row[2]: row for row in sheet.rows if row[:2] == [MEETING, "李科长"]}
    assert set(mine) == {"转交他人", "接受"}, sheet.rows
    assert mine["接受"][7] == DEPUTY and mine["接受"][8] == f"采信：li@example.org 已转交 {DEPUTY}，由其答复"
    assert mine["转交他人"][7] == "li@example.org"
    assert not [row for row in sheet.rows if row[1] == DEPUTY]  # no seat of their own: 李科长's is theirs

    # the day before: the deputy is reminded of the meeting (their seat answered), 李科长 is not
    before = len(server.recorder.messages)
    reminded = send(campaign, server, "--remind", when=datetime(2025, 7, 14, 2, tzinfo=UTC))
    assert reminded.exit_code == 0, reminded.output
    about = [m for m in received(server, before) if MEETING in str(m["Subject"])]
    assert [_to(m) for m in about if _to(m) in (DEPUTY, "li@example.org")] == [DEPUTY], reminded.output
    assert f"未提醒 李科长（{MEETING}）：已转交 {DEPUTY}，不发会议提醒（提醒发给 {DEPUTY}）" in reminded.output

    # the meeting moves: the deputy gets the update, as everyone in it does
    moved_at = datetime(2025, 7, 16, 16)
    write_table(campaign, {**TIMES, MEETING: (moved_at.strftime("%Y-%m-%d %H:%M"), "大会议室")})
    before = len(server.recorder.messages)
    moved = send(campaign, server)
    assert moved.exit_code == 0, moved.output
    update = [m for m in received(server, before) if _to(m) == DEPUTY]
    assert len(update) == 1 and "DTSTART;TZID=Asia/Shanghai:20250716T160000" in _calendar(update[0])

    # 李科长 takes it back (accepts himself): the deputy's copy is cancelled, he is not mailed again
    retaken = datetime(2025, 7, 12, 10, tzinfo=UTC)
    _reply(campaign, tmp_path, "李科长", attendee="li@example.org", stamp=retaken)  # to the invite as it is now
    before = len(server.recorder.messages)
    back = send(campaign, server, "--allow-cancel")
    assert back.exit_code == 0, back.output
    (cancel,) = received(server, before)
    assert _to(cancel) == DEPUTY and "METHOD:CANCEL" in _calendar(cancel)


def _handed_on(table, tmp_path, name: str, address: str, to: str = DEPUTY) -> None:
    """``replies`` reads ``name``'s Thunderbird DELEGATED to ``to`` for 答疑会's current invite."""
    when = datetime(2025, 7, 10, 10, tzinfo=UTC)
    _reply(table, tmp_path, name, attendee=address, partstat="DELEGATED", delegated_to=to, stamp=when)


def test_two_seats_handed_on_to_one_deputy_mail_them_once_and_one_answer_fills_both(campaign, servers, tmp_path):  # noqa: F811
    """李科长 and 柏庄镇政府 both hand 答疑会 on to one deputy: ``send`` mails the deputy one copy (one
    journal key), whose one ATTENDEE line lists both in DELEGATED-FROM and whose letter names both; a
    re-run mails nothing; the deputy's one acceptance counts for both seats. 柏庄镇政府 taking it back
    leaves 李科长's delegation: nothing is mailed, the deputy keeps the meeting; 李科长 taking it back
    too cancels the deputy's copy, once."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    first = len(server.recorder.messages)
    _handed_on(campaign, tmp_path, "李科长", "li@example.org")
    _handed_on(campaign, tmp_path, "柏庄镇政府", "bzz@example.org")
    handed = send(campaign, server)
    assert handed.exit_code == 0, handed.output
    mails = received(server, first)
    assert [_to(m) for m in mails] == [DEPUTY], handed.output
    calendar = _calendar(mails[0])
    listed = 'DELEGATED-FROM="mailto:li@example.org","mailto:bzz@example.org"'
    assert calendar.count(f":mailto:{DEPUTY}\r\n") == 1 and listed in calendar, calendar
    assert "李科长、柏庄镇政府 都已把这次会议转交给您" in mails[0].get_body(("plain",)).get_content()
    assert send(campaign, server).exit_code == 0 and len(server.recorder.messages) == first + 1

    later = datetime(2025, 7, 11, 10, tzinfo=UTC)
    _reply(campaign, tmp_path, "吴副科长", attendee=DEPUTY, delegated_from="li@example.org", stamp=later)
    from scheduler.files.meeting_files import load_meetings
    from scheduler.replies.collect import outputs_answers

    sheet = outputs_answers(campaign.parent, None, "Asia/Shanghai", load_meetings(campaign))
    assert sheet is not None
    accepted = {row[1]: row[7] for row in sheet.rows if row[0] == MEETING and row[2] == "接受"}
    assert accepted == {"李科长": DEPUTY, "柏庄镇政府": DEPUTY}, sheet.rows

    retaken = datetime(2025, 7, 12, 10, tzinfo=UTC)
    _reply(campaign, tmp_path, "柏庄镇政府", attendee="bzz@example.org", stamp=retaken)
    before = len(server.recorder.messages)
    one_left = send(campaign, server)
    assert one_left.exit_code == 0 and received(server, before) == [], one_left.output
    (copy,) = [i for i in read_invites(campaign.parent / "invites") if i.attendee.address == DEPUTY]
    assert copy.delegators == ("李科长",) and copy.method == "REQUEST"
    _reply(campaign, tmp_path, "李科长", attendee="li@example.org", stamp=retaken)
    back = send(campaign, server, "--allow-cancel")
    assert back.exit_code == 0, back.output
    (cancel,) = received(server, before)
    assert _to(cancel) == DEPUTY and "METHOD:CANCEL" in _calendar(cancel)


def test_a_seat_taken_back_is_not_filled_again_by_the_deputys_later_answer(campaign, servers, tmp_path):  # noqa: F811
    """Review26: 李科长 and 柏庄镇政府 hand 答疑会 on to one deputy; 柏庄镇政府 takes it back (accepts
    himself); the deputy, who keeps the copy for 李科长, declines later. That answer fills 李科长's seat,
    not 柏庄镇政府's: his own answer took his delegation back, and a delegate answers only for the seats
    still handed to them when they answer. Before, any DELEGATED answer of a participant, however old,
    let the deputy's later answer override his own (his seat 拒绝 again, and ``send`` made him a delegator
    of the copy again)."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    _handed_on(campaign, tmp_path, "李科长", "li@example.org")
    _handed_on(campaign, tmp_path, "柏庄镇政府", "bzz@example.org")
    assert send(campaign, server).exit_code == 0
    retaken = datetime(2025, 7, 12, 10, tzinfo=UTC)
    _reply(campaign, tmp_path, "柏庄镇政府", attendee="bzz@example.org", stamp=retaken)
    later = datetime(2025, 7, 13, 10, tzinfo=UTC)
    said = {"partstat": "DECLINED", "delegated_from": "li@example.org", "stamp": later}
    _reply(campaign, tmp_path, "吴副科长", attendee=DEPUTY, **said)
    from scheduler.files.meeting_files import load_meetings
    from scheduler.mail.campaign import journal_path
    from scheduler.replies.collect import outputs_answers
    from scheduler.replies.delegations import delegations_at

    sheet = outputs_answers(campaign.parent, None, "Asia/Shanghai", load_meetings(campaign))
    assert sheet is not None
    answers = [(row[1], row[2]) for row in sheet.rows if row[0] == MEETING]
    assert ("李科长", "拒绝") in answers and ("柏庄镇政府", "拒绝") not in answers, sheet.rows
    handed = delegations_at(campaign.parent / "invites", journal_path(campaign))
    assert handed is not None and sorted(name for _, name in handed) == ["李科长"], handed
    assert send(campaign, server).exit_code == 0
    (copy,) = [i for i in read_invites(campaign.parent / "invites") if i.attendee.address == DEPUTY]
    assert copy.delegators == ("李科长",) and copy.method == "REQUEST"
