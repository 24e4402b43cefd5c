"""A meeting campaign through the existing send flow, against a real SMTP server (aiosmtpd on 127.0.0.1):
one message per person per meeting, exactly once; a moved meeting mails only its own people, a person
dropped gets a cancellation, a meeting called off needs --allow-cancel when it cancels many; reminders
(send --remind) and the answers (replies) per person, end to end."""

from __future__ import annotations

import csv
import email
import io
import json
import shutil
from collections import Counter
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.replies_helpers import maildir
from tests.reply_mails import Reply
from tests.smtp_helpers import DropFirstReply
from tests.test_meeting_invites import TIMES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAILED = datetime(2025, 7, 10, 9, tzinfo=UTC)


def run(*args: object, when: datetime = MAILED):
    env = {"DOCKING_LANG": None, "SOURCE_DATE_EPOCH": str(int(when.timestamp())), "DOCKING_SMTP_PASSWORD": None}
    env["DOCKING_NOW"] = when.isoformat()  # the moment reminders are due by, and meetings judged started by
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def write_table(path: Path, times: dict[str, tuple[str, str]], drop: tuple[str, ...] = ()) -> None:
    source = list(csv.DictReader(io.StringIO((EXAMPLES / "meetings_2025.csv").read_text(encoding="utf-8"))))
    fields = [*source[0], "时间", "会议室"]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        for row in source:
            if row["会议"] not in drop:
                writer.writerow({**row, "时间": times[row["会议"]][0], "会议室": times[row["会议"]][1]})


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """The example with a timetable that keeps every rule, ready to mail (no solving needed)."""
    folder = tmp_path / "campaign"
    folder.mkdir()
    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    write_table(folder / "meetings_2025.csv", TIMES)
    return folder / "meetings_2025.csv"


def send(table: Path, server, *args: object, when: datetime = MAILED):
    options = ("--smtp-host", server.host, "--smtp-port", server.port, "--cafile", server.cafile)
    return run("send", table, *options, *args, when=when)


def received(server, start: int = 0) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(m, policy=policy.default) for _, _, m in server.recorder.messages[start:]]


def test_one_message_per_person_per_meeting_exactly_once(campaign, servers):
    server = servers()
    first = send(campaign, server)
    assert first.exit_code == 0, first.output
    mails = received(server)
    assert len(mails) == 31 and "已发送 31" in first.output
    pairs = Counter((str(m["To"].addresses[0].addr_spec), str(m["Subject"])) for m in mails)
    assert set(pairs.values()) == {1}  # nobody gets the same meeting twice
    assert pairs[("li@example.org", "邀请：答疑会")] == 1
    assert sum(1 for to, _ in pairs if to == "li@example.org") == 7  # 李科长 is in seven meetings
    assert len({m["Message-ID"] for m in mails}) == 31
    for m in mails:
        (cal,) = [p for p in m.walk() if p.get_content_type() == "text/calendar"]
        assert cal.get_param("method") == "REQUEST" and str(m["From"].addresses[0].addr_spec).startswith("zwgk")
    again = send(campaign, server)
    assert again.exit_code == 0 and len(server.recorder.messages) == 31 and "此前已发送 31" in again.output


def test_a_moved_meeting_mails_only_its_people_and_a_call_off_needs_consent(campaign, servers):
    server = servers()
    assert send(campaign, server).exit_code == 0
    moved = dict(TIMES, 答疑会=("2025-07-17 16:00", "420会议室"))
    write_table(campaign, moved)
    result = send(campaign, server)
    assert result.exit_code == 0, result.output
    update = received(server, 31)
    assert sorted(str(m["To"].addresses[0].display_name) for m in update) == ["李科长", "柏庄镇政府", "赵科员"]
    assert {str(m["Subject"]) for m in update} == {"已更新：答疑会"}
    for m in update:  # what changed, from the journal's line of the message each person had
        assert "原定 7月15日 16:00，大会议室，改为 7月17日 16:00，420会议室。" in m.get_body(("plain",)).get_content()
    # calling off the four-person training cancels more invites than the limit allows without consent
    write_table(campaign, moved, drop=("季度检查培训",))
    refused = send(campaign, server)
    assert refused.exit_code == 2 and "--allow-cancel" in refused.output and len(server.recorder.messages) == 34
    assert "将取消 6 份参会邀请" in refused.output and "单位" not in refused.output  # people, not units
    done = send(campaign, server, "--allow-cancel")
    assert done.exit_code == 0, done.output
    cancels = received(server, 34)
    assert len(cancels) == 6 and {str(m["Subject"]) for m in cancels} == {"已取消：季度检查培训"}
    for m in cancels:
        (cal,) = [p for p in m.walk() if p.get_content_type() == "text/calendar"]
        assert cal.get_param("method") == "CANCEL"
        assert (
            "会议“季度检查培训”原定于 7月15日 10:30 在大会议室举行，现已取消。" in m.get_body(("plain",)).get_content()
        )
    journal = [json.loads(line) for line in (campaign.parent / "mail-journal.jsonl").read_text().splitlines()]
    assert sum(1 for e in journal if e["state"] == "sent") == 40


def test_an_optional_participant_removed_mails_only_them_and_the_others_answers_stand(campaign, servers, tmp_path):
    """QA story 9, finding 7: removing 周工程师 (optional) from 季度检查培训 mailed the five others
    `已更新：季度检查培训` with the same time and room, and 孙科员's 接受 became 未答复."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    invites = {(i.unit, i.filename.split("/")[0]): i for i in read_invites(campaign.parent / "invites")}
    sun = invites[("孙科员", "季度检查培训")]
    box = maildir(tmp_path / "Maildir", shapes.outlook(_answer(sun, "ACCEPTED", "带电脑", summary="季度检查培训")))
    assert run("replies", campaign, "--maildir", box).exit_code == 0
    text = campaign.read_text(encoding="utf-8-sig")
    campaign.write_text(text.replace("孙科员、周工程师,12", "孙科员,12"), encoding="utf-8-sig")
    result = send(campaign, server)
    assert result.exit_code == 0, result.output
    (cancel,) = received(server, 31)
    assert str(cancel["Subject"]) == "您已不在参会名单中：季度检查培训" and "zhou@" in str(cancel["To"])
    standing = run("replies", campaign)
    line = next(x for x in standing.output.splitlines() if "季度检查培训" in x and "孙科员" in x)
    assert "接受" in line and "带电脑" in line and "未答复" not in line
    assert send(campaign, server).exit_code == 0 and len(server.recorder.messages) == 32


def test_someone_without_an_address_is_counted_as_a_person_once(campaign, tmp_path):
    people = campaign.parent / "people_2025.csv"
    people.write_text(people.read_text(encoding="utf-8").replace("zhao@example.org", ""), encoding="utf-8")
    result = run("send", campaign, "--dry-run", tmp_path / "dry")
    assert result.exit_code == 0, result.output
    # 赵科员 is in five meetings: named once, as a person (人), never as a unit (单位)
    assert "文件已写入" not in result.output  # a dry run writes no invite file (QA qaupgrade17 F1)
    assert "1 人没有邮箱，未发送（邀请文件需另行送达）：赵科员\n" in result.output
    assert "单位" not in result.output
    english = run("send", campaign, "--dry-run", tmp_path / "dry", "--lang", "en")
    assert "1 participant has no address and was not mailed" in english.output


def test_reminders_and_answers_per_person(campaign, servers, tmp_path):
    server = servers()
    assert send(campaign, server).exit_code == 0
    invites = {(i.unit, i.filename.split("/")[0]): i for i in read_invites(campaign.parent / "invites")}
    li = invites[("李科长", "答疑会")]
    zhao = invites[("赵科员", "答疑会")]
    assert li.uid == zhao.uid and li.journal_key != zhao.journal_key
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(_answer(li, "ACCEPTED", "准时参加")),
        shapes.gmail(_answer(zhao, "DECLINED", "那天出差")),
        shapes.outlook(_answer(li, "DECLINED", "冒充", attendee="zhao@example.org", name="赵科员", sender=li)),
    )
    result = run("replies", campaign, "--maildir", box, "--out", campaign.parent)
    assert result.exit_code == 0, result.output
    assert "关于赵科员（会议“答疑会”）的答复未采信" in result.output  # 李科长 answering for 赵科员 does not count
    lines = [line for line in result.output.splitlines() if line[:1].isdigit()]
    li_line = next(line for line in lines if "答疑会" in line and "李科长" in line)
    zhao_line = next(line for line in lines if "答疑会" in line and "赵科员" in line)
    assert "接受" in li_line and "准时参加" in li_line and "拒绝" in zhao_line and "那天出差" in zhao_line
    assert any("政务公开工作推进会" in line and "李科长" in line and "未答复" in line for line in lines)
    assert len(lines) == 31
    answers = {
        r["会议"]: r["答复"]
        for r in csv.DictReader(io.StringIO((campaign.parent / "timetable.csv").read_bytes().decode("utf-8-sig")))
    }
    assert "李科长：接受" in answers["答疑会"] and "赵科员（可选）：拒绝" in answers["答疑会"]  # QA qaimap26 F9
    journal = campaign.parent / "mail-journal.jsonl"  # the invites went out on 7月10日 (the journal's clock)
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    journal.write_text("".join(json.dumps({**e, "at": "2025-07-10T09:00:00Z"}) + "\n" for e in entries))
    # the day before the 15th: answer reminders to who has not answered, meeting reminders for the 15th
    before = len(server.recorder.messages)
    result = send(campaign, server, "--remind", when=datetime(2025, 7, 14, 2, tzinfo=UTC))
    assert result.exit_code == 0, result.output
    sent = [(m["To"].addresses[0].display_name, str(m["Subject"])) for m in received(server, before)]
    assert "会议 20" in result.output and "请答复 29" in result.output, result.output
    meeting = [(who, s) for who, s in sent if s.startswith("提醒：明天")]
    answer = [(who, s) for who, s in sent if not s.startswith("提醒：明天")]
    assert len(meeting) == 20 and len(answer) == 29
    assert ("李科长", "提醒：明天（7月15日 16:00）答疑会") in meeting
    assert not any(who == "赵科员" and "答疑会" in s for who, s in meeting)  # declined: no meeting reminder
    assert not any(who in ("李科长", "赵科员") and "答疑会" in s for who, s in answer)  # both answered it
    assert sum(1 for who, _ in answer if who == "李科长") == 6  # his six other meetings
    again = send(campaign, server, "--remind", when=datetime(2025, 7, 14, 3, tzinfo=UTC))
    assert again.exit_code == 0 and len(server.recorder.messages) == before + len(sent)


def _answer(
    invite,
    partstat: str,
    comment: str,
    attendee: str | None = None,
    name: str | None = None,
    sender=None,
    summary: str = "答疑会",
):
    return Reply(
        uid=invite.uid,
        attendee=attendee or invite.attendee.address or "",
        name=name or invite.unit,
        partstat=partstat,
        sequence=invite.sequence,
        comment=comment,
        start=invite.start.replace(tzinfo=None),
        summary=summary,
        stamp=datetime(2025, 7, 11, 2, tzinfo=UTC),
        sender=sender.attendee.address if sender is not None else None,
    )


def _journal_at(campaign: Path, start: int, at: str, bare: bool = False) -> int:
    """Dates the journal's lines from ``start`` on at ``at`` (the journal keeps the real clock); how many.
    ``bare``: their reminders' lines without time and room, as a release before they were kept wrote them."""
    journal = campaign.parent / "mail-journal.jsonl"
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    dated = [e if n < start else {**e, "at": at} for n, e in enumerate(entries)]
    if bare:
        dated = [{**e, "start": "", "location": ""} if e["method"] == "REMIND" else e for e in dated]
    journal.write_text("".join(json.dumps(e) + "\n" for e in dated))
    return len(entries)


@pytest.mark.parametrize("bare", [False, True], ids=["kept", "earlier-release"])
def test_a_meeting_is_reminded_of_once_a_day_unless_its_time_or_room_moved(campaign, servers, bare):
    """Loop 12, finding 2: reminded of 网站栏目设置讨论 and 季度检查培训 on the day, then 周工程师's address
    corrected (both meetings get a new SEQUENCE, their time and room stay): a second ``send --remind`` that
    day sent everyone in them a second 提醒：今天（…）. Now the same address is reminded of the same time and
    room once a day; the new address is reminded, and so is everyone of a meeting whose room changed. A
    reminder's line written before it kept the time and room is compared with the invite it reminded of."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    count = _journal_at(campaign, 0, "2025-07-10T09:00:00Z")
    morning = datetime(2025, 7, 15, 0, tzinfo=UTC)  # 8:00 in Shanghai, before the day's first meeting
    before = len(server.recorder.messages)
    result = send(campaign, server, "--remind", when=morning)
    assert result.exit_code == 0, result.output
    first = [(str(m["To"].addresses[0].username), str(m["Subject"])) for m in received(server, before)]
    assert ("li", "提醒：今天（7月15日 9:30）网站栏目设置讨论") in first
    assert ("sun", "提醒：今天（7月15日 10:30）季度检查培训") in first
    count = _journal_at(campaign, count, "2025-07-15T00:00:00Z", bare)
    people = campaign.parent / "people_2025.csv"
    people.write_text(people.read_text(encoding="utf-8-sig").replace("zhou@", "zhou2@"), encoding="utf-8-sig")
    text = campaign.read_text(encoding="utf-8-sig")
    moved = "\n".join(
        line.replace("大会议室", "420会议室") if line.startswith("6,检查方案碰头会") else line
        for line in text.split("\n")
    )
    campaign.write_text(moved, encoding="utf-8-sig")
    result = send(campaign, server, when=morning.replace(minute=5))
    assert result.exit_code == 0, result.output
    _journal_at(campaign, count, "2025-07-15T00:05:00Z")
    before = len(server.recorder.messages)
    result = send(campaign, server, "--remind", when=morning.replace(minute=10))
    assert result.exit_code == 0, result.output
    second = sorted((str(m["To"].addresses[0].username), str(m["Subject"])) for m in received(server, before))
    assert second == [
        ("li", "提醒：今天（7月15日 15:00）检查方案碰头会"),  # the room moved: reminded again
        ("wang", "提醒：今天（7月15日 15:00）检查方案碰头会"),
        ("zhou2", "提醒：今天（7月15日 10:30）季度检查培训"),  # a new address: its first reminder
        ("zhou2", "提醒：今天（7月15日 15:00）检查方案碰头会"),
        ("zhou2", "提醒：今天（7月15日 9:30）网站栏目设置讨论"),
    ], result.output


def test_a_message_sent_again_after_a_doubt_names_the_meeting_as_well_as_the_person(campaign, servers, tmp_path):
    """QA crash 4: "sent again because their delivery could not be confirmed: 李科长" did not say which of
    his seven meetings' invites may have come twice."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    journal = campaign.parent / "mail-journal.jsonl"
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    at = TIMES["答疑会"][0].replace(" ", "T")
    mine = [e for e in entries if e["state"] == "sent" and e["to"] == "li@example.org"]
    (sent,) = [e for e in mine if e["start"].startswith(at)]
    queued = next(e for e in entries if e["state"] == "queued" and e["uid"] == sent["uid"] and e["to"] == sent["to"])
    kept = [line for line in journal.read_text(encoding="utf-8").splitlines() if json.loads(line) != sent]
    journal.write_text("\n".join(kept) + "\n", encoding="utf-8")  # killed after handing it over: queued only
    assert queued in [json.loads(line) for line in kept]
    again = send(campaign, server)
    assert again.exit_code == 0, again.output
    start = datetime.fromisoformat(TIMES["答疑会"][0])
    assert f"李科长（答疑会 {start.month}月{start.day}日 {start.hour}:{start.minute:02d}）" in again.output


def test_a_change_after_every_meeting_started_is_told_to_people_not_units(campaign, servers):
    """review14 F12 for a meeting table: its participants are people, so the refusal says 这些人."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    text = campaign.read_text(encoding="utf-8-sig").replace("请带笔记本电脑", "请带笔记本电脑和U盘")
    campaign.write_text(text, encoding="utf-8-sig")
    result = send(campaign, server, when=datetime(2025, 7, 17, 2, tzinfo=UTC))
    assert result.exit_code == 2, result.output
    assert "封邀请的更新" in result.output and "请用其他方式通知这些人" in result.output, result.output


def test_replanning_from_the_declines_keeps_the_answers_and_hints_the_day_named(campaign, servers, tmp_path):
    """QA qawin19 F2, F3, F7: ``reschedule --out`` of a meeting table into the folder of its replies ledger
    wrote ``timetable.csv`` without the 答复 column and the workbook without its 答复情况 sheet (the unit
    table's path passed the answers, the meeting table's none); ``replies.csv`` headed the meeting 单位; and
    a decline's "那天出差" gave no ``--unavailable`` hint, as it does for a unit table."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    invites = {(i.unit, i.filename.split("/")[0]): i for i in read_invites(campaign.parent / "invites")}
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(_answer(invites[("李科长", "答疑会")], "ACCEPTED", "准时参加")),
        shapes.gmail(_answer(invites[("赵科员", "答疑会")], "DECLINED", "那天出差")),
    )
    folder = campaign.parent
    assert run("replies", campaign, "--maildir", box, "--out", folder).exit_code == 0
    header = (folder / "replies.csv").read_bytes().decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:2] == ["会议", "人员"]
    result = run("reschedule", folder / "timetable.csv", "--from-replies", "--time-limit", 3, "--out", folder)
    assert result.exit_code == 0, result.output
    assert '--unavailable "赵科员@7月15日"' in result.output, result.output
    rows = list(csv.DictReader(io.StringIO((folder / "timetable.csv").read_bytes().decode("utf-8-sig"))))
    assert "答复" in rows[0], list(rows[0])
    from openpyxl import load_workbook

    assert "答复情况" in load_workbook(folder / "timetable.xlsx").sheetnames


def test_a_day_named_outside_the_campaign_gives_no_hint(capsys):
    """ "那天出差" in an answer to an invite of 1970-01-01 (a reply whose DTSTART was garbage, QA qawin19's
    hand-made mail) named 1月1日, no day of the campaign: no ``--unavailable`` for it."""
    from scheduler.cli.meetings import _named_days_hint
    from scheduler.files.meeting_files import load_meetings
    from scheduler.replies.answers import State
    from scheduler.replies.meeting_wishes import Declined

    problem = load_meetings(EXAMPLES / "meetings_2025.csv").problem
    old = Declined("答疑会", "赵科员", datetime(1970, 1, 1), datetime(1970, 1, 1, 1), State.DECLINED, "那天出差")
    _named_days_hint(problem, old, (), "zh", False)
    day = problem.workdays.days[0]
    now = Declined(
        "答疑会",
        "赵科员",
        datetime.combine(day, datetime.min.time()).replace(hour=16),
        datetime.combine(day, datetime.min.time()).replace(hour=17),
        State.DECLINED,
        "那天出差",
    )
    _named_days_hint(problem, now, (), "zh", False)
    assert capsys.readouterr().out.count("--unavailable") == 1


def test_failed_and_unconfirmed_lines_name_the_meeting_as_well_as_the_person(campaign, servers):
    """QA qasmtp20 F1: "失败：李科长 <li@example.org>：…" came once per meeting, identical, and "无法确认是否送达：
    李科长" did not say which of his seven invites; each now names its meeting and time, as the resend line."""
    first_to_li = DropFirstReply("li@example.org")

    def fault(stage, recorder, envelope):
        if stage == "DATA" and envelope.rcpt_tos == ["zhao@example.org"]:
            return "552 5.2.2 mailbox full"
        return first_to_li(stage, recorder, envelope)

    result = send(campaign, servers(fault=fault))
    assert result.exit_code == 1, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("失败：赵科员")]
    assert len(failed) > 1 and len(set(failed)) == len(failed), failed
    assert all("（" in line.split("<")[0] and "月" in line.split("<")[0] for line in failed), failed
    (doubt,) = [line for line in result.output.splitlines() if "无法确认是否送达" in line]
    assert "李科长（" in doubt and "月" in doubt.split("李科长（")[1], doubt


def test_only_changed_names_the_meeting_never_mailed_and_what_to_do(tmp_path):
    """(QA qamonth21 F4) A meeting added after the others went out: ``--only-changed`` does not mail its
    invites; the line names the meeting (not "participants never mailed", who had many invites) and
    says to run without ``--only-changed``."""
    from tests.replies_helpers import mark_sent, run
    from tests.test_replies_meetings import exported

    _folder, table, invites = exported(tmp_path)
    added = "答疑会/"
    mark_sent(table.parent, {i.journal_key: i for i in invites if not i.filename.startswith(added)})
    result = run("send", str(table), "--only-changed", "--dry-run", str(tmp_path / "dry"))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "--only-changed" in line)
    assert "答疑会" in line and "去掉 --only-changed" in line, line
    assert "从未发送过的参会人" not in result.output
    english = run("send", str(table), "--only-changed", "--dry-run", str(tmp_path / "dry-en"), "--lang", "en")
    line = next(line for line in english.output.splitlines() if "--only-changed" in line)
    assert "答疑会" in line and "without --only-changed" in line, line


def test_an_update_letter_names_a_new_end_and_the_people_who_left(campaign, servers):
    """(QA qamonth21 F3) 答疑会 made shorter: the letter said "时间、地点不变 … 其他内容有更新" and never the
    end that changed; then 柏庄镇政府 taken off it: the others' letter names who left. The journal keeps
    each message's end and people for the next letter to compare with."""
    server = servers()
    assert send(campaign, server).exit_code == 0
    text = campaign.read_text(encoding="utf-8-sig")
    longer = text.replace("8,答疑会,1小时,", "8,答疑会,45分钟,")
    assert longer != text
    campaign.write_text(longer, encoding="utf-8-sig")
    result = send(campaign, server)
    assert result.exit_code == 0, result.output
    update = received(server, 31)
    assert len(update) == 3
    for m in update:
        body = m.get_body(("plain",)).get_content()
        assert "结束时间原定 17:00，改为 16:45" in body and "1小时 → 45分钟" in body, body
        assert "其他内容有更新" not in body
    fewer = longer.replace("8,答疑会,45分钟,李科长、柏庄镇政府,", "8,答疑会,45分钟,李科长,")
    assert fewer != longer
    campaign.write_text(fewer, encoding="utf-8-sig")
    result = send(campaign, server, "--allow-cancel")
    assert result.exit_code == 0, result.output
    updates = [m for m in received(server, 34) if str(m["Subject"]).startswith("已更新")]
    assert updates
    for m in updates:
        body = m.get_body(("plain",)).get_content()
        assert "不再参加：柏庄镇政府" in body, body


def test_the_clerks_note_names_a_new_end_and_the_people_who_left(tmp_path):
    """(QA qamonth21 F3) The 说明 of an update said "时间地点未变（说明、参会人员或本程序的写法有变）" of a
    meeting whose end changed: it names the end, and who left, as the letter does."""
    from tests.replies_helpers import run
    from tests.test_replies_meetings import exported

    folder, table, _invites = exported(tmp_path)
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(text.replace("8,答疑会,1小时,", "8,答疑会,45分钟,"), encoding="utf-8-sig")
    shorter = run("ics", str(table), "--out", str(folder / "invites"))
    assert shorter.exit_code == 0, shorter.output
    rows = [line for line in shorter.output.splitlines() if "答疑会" in line and "更新" in line]
    assert len(rows) == 3 and all("结束时间原定 17:00（1小时 → 45分钟）" in row for row in rows), rows
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(
        text.replace("8,答疑会,45分钟,李科长、柏庄镇政府,", "8,答疑会,45分钟,李科长,"), encoding="utf-8-sig"
    )
    fewer = run("ics", str(table), "--out", str(folder / "invites"), "--allow-cancel")
    assert fewer.exit_code == 0, fewer.output
    rows = [line for line in fewer.output.splitlines() if "答疑会" in line and "更新" in line]
    assert rows and all("不再参加：柏庄镇政府" in row for row in rows), rows


def test_the_clerks_note_in_english_gives_the_lengths_in_english(tmp_path):
    """(review21 F3) ``--lang en``: the 说明/Why note said "end was 17:00 (1小时 → 45分钟)"."""
    from tests.replies_helpers import run
    from tests.test_replies_meetings import exported

    folder, table, _invites = exported(tmp_path)
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(text.replace("8,答疑会,1小时,", "8,答疑会,45分钟,"), encoding="utf-8-sig")
    shorter = run("ics", str(table), "--out", str(folder / "invites"), "--lang", "en")
    assert shorter.exit_code == 0, shorter.output
    rows = [line for line in shorter.output.splitlines() if "答疑会" in line and "updated" in line]
    assert len(rows) == 3 and all("end was 17:00 (1 h → 45 min)" in row for row in rows), rows
