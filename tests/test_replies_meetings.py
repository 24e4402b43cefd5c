"""Replies per person: a meeting table (several participants per meeting, invited one file each) and the
answers of each participant, matched by UID and by the ATTENDEE's address."""

from __future__ import annotations

import email
import json
import shutil
from datetime import UTC, datetime
from email import policy

import pytest

from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.conftest import ROOT
from tests.replies_helpers import maildir, mark_sent, run
from tests.reply_mails import Reply
from tests.test_meeting_invites import TIMES
from tests.test_meetings_mail import write_table


def exported(tmp_path):
    """The worked example's table at TIMES with its people and rules, and its invites exported (not sent)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    table = folder / "meetings_2025.csv"
    write_table(table, TIMES)
    assert run("ics", str(table), "--out", str(folder / "invites")).exit_code == 0
    return folder, table, read_invites(folder / "invites")


def test_each_participant_of_a_meeting_answers_for_themselves(tmp_path):
    folder, table, invites = exported(tmp_path)
    meeting = [i for i in invites if i.filename.startswith("政务公开工作推进会/")]
    mark_sent(folder, {i.journal_key: i for i in meeting})  # mailed to that meeting's people only

    def said(who: str, **kw) -> Reply:
        mine = next(i for i in meeting if i.unit == who)
        base = {"attendee": mine.attendee.address or "", "name": who, **kw}
        return Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                     summary="政务公开工作推进会", **base)  # fmt: skip

    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(said("王主任", comment="准时到")),
        shapes.gmail(said("李科长", partstat="DECLINED", comment="出差")),
        shapes.thunderbird(said("区财政局", partstat="TENTATIVE")),
        shapes.apple(said("区财政局", attendee="zhou@example.org", name="周工程师")),  # not invited to it
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("序号"))
    assert header.split() == ["序号", "时间", "会议", "人员", "答复", "留言", "说明"]
    rows = {
        tuple(line.split()[4:6])
        for line in result.output.splitlines()
        if "政务公开工作推进会" in line and line[0].isdigit()
    }
    assert {("王主任", "接受"), ("李科长", "拒绝"), ("区财政局", "暂定"), ("区发改委", "未答复")} <= rows
    assert "zhou@example.org" in result.output  # the answer of someone not invited is shown, not counted
    meetings = len({i.uid for i in invites})  # one count per person and meeting, not "units"
    counts = f"接受 1，拒绝 1，暂定 1，提议新时间 0，未答复 {len(invites) - 3}"
    assert f"{counts}（{meetings} 个会议，共 {len(invites)} 人次）" in result.output
    assert "邀请尚未发出" in result.output  # the other meetings were not mailed yet
    written = run("replies", str(table), "--out", str(tmp_path / "out"))
    assert written.exit_code == 0, written.output
    text = (tmp_path / "out" / "timetable.csv").read_bytes().decode("utf-8-sig")
    assert "王主任：接受：准时到" in text and "李科长：拒绝：出差" in text
    assert run("validate", str(tmp_path / "out" / "timetable.csv")).exit_code == 0


def test_a_bounced_address_is_skipped_and_shown_in_every_meeting_of_that_person(tmp_path):
    """QA story 9, finding 5: 赵科员's invite to 答疑会 bounced; the address is the same for the person's other
    meetings, so no reminder goes to it for any of them, and each of the person's rows says it bounced."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    zhao = [i for i in invites if i.unit == "赵科员"]
    assert len(zhao) > 2
    bounced = next(i for i in zhao if i.filename.startswith("答疑会/"))
    message_id = f"<{bounced.journal_key.replace('/', '.')}.{bounced.sequence}@example.org>"
    ours = shapes.invite_mail("zhao@example.org", message_id, bounced.data)
    box = maildir(tmp_path / "Maildir", shapes.bounce(ours, "zhao@example.org", "5.1.1"))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line[:1].isdigit() and "赵科员" in line]
    assert len(rows) == len(zhao) and all("邀请被退回（5.1.1，地址不对，zhao@example.org）" in line for line in rows)
    # who is optional is said on the rows (finding 9): 赵科员 is optional in each of his meetings
    assert all("赵科员（可选）" in line for line in rows), rows
    li = [line for line in result.output.splitlines() if line[:1].isdigit() and " 李科长" in line]
    assert any("网站栏目设置讨论" in line and "李科长（可选）" in line for line in li)
    assert any("答疑会" in line and "李科长  " in line for line in li)
    now = {"DOCKING_NOW": "2025-07-14T10:00+08:00"}
    dry = run("send", str(table), "--remind", "--dry-run", str(tmp_path / "dry"), env=now)
    assert dry.exit_code == 0, dry.output
    written = [p.name for p in (tmp_path / "dry").rglob("*.eml")]
    assert written and not [name for name in written if name.startswith("赵科员")]
    # loop 12, finding 5: which meeting is held is said (赵科员 is in several)
    assert (
        "未提醒 赵科员（答疑会）：寄给 zhao@example.org 的邀请被退回（5.1.1）："
        "地址不对（查无此人、邮箱停用或域名有误）：请核对其邮件地址" in dry.output
    )
    assert "未提醒 赵科员：" not in dry.output


def _declined_by_finance(tmp_path, proposed=None):
    """The worked example mailed; 区财政局 (a required participant of 政务公开工作推进会) declines it at its time
    (or proposes ``proposed`` instead), and ``replies`` has read the answer into the ledger."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("政务公开工作推进会/") and i.unit == "区财政局")
    reply = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                  summary="政务公开工作推进会", attendee=mine.attendee.address or "", name="区财政局",
                  partstat="DECLINED", comment="16日上午不行", proposed=proposed)  # fmt: skip
    box = maildir(tmp_path / "Maildir", (shapes.outlook if proposed else shapes.gmail)(reply))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    return folder, table


def test_reschedule_from_replies_keeps_a_meeting_away_from_a_declined_time(tmp_path):
    """QA loop H1: a required participant's decline becomes their unavailability at that time, so the
    meeting moves away from it, and the rules written say why (the output validates as it stands)."""
    folder, table = _declined_by_finance(tmp_path)
    out = tmp_path / "out"
    result = run("reschedule", str(table), "--from-replies", "--out", str(out), "--time-limit", "20")
    assert result.exit_code == 0, result.output
    assert "区财政局" in result.output and "16日上午不行" in result.output
    text = (out / "timetable.csv").read_bytes().decode("utf-8-sig")
    row = next(line for line in text.splitlines() if "政务公开工作推进会" in line)
    assert "2025-07-16 09:45" not in row
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert "区财政局" in rules and "16日上午不行" in rules
    assert 'meeting = "政务公开工作推进会"' in rules  # that meeting alone (QA qacamp24 F10)
    assert run("validate", str(out / "timetable.csv")).exit_code == 0
    for source in (table, folder / "timetable.csv"):  # in the table's own folder, twice: one entry
        again = run("reschedule", str(source), "--from-replies", "--out", str(folder), "--time-limit", "20")
        assert again.exit_code == 0, again.output
        assert "区财政局" in again.output
    assert (folder / "timetable.toml").read_text(encoding="utf-8").count("16日上午不行") == 1


def test_an_optional_participant_s_decline_moves_nothing_and_writes_no_busy_time(tmp_path):
    """QA qacamp24 F11: 赵科员, optional in 标准目录审核（一）, declines it; before, his decline became his busy
    time over every meeting he attends then. Now it is shown, said to ask nothing, and nothing moves."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("标准目录审核（一）/") and i.unit == "赵科员")
    reply = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                  summary="标准目录审核（一）", attendee=mine.attendee.address or "", name="赵科员",
                  partstat="DECLINED", comment="那时要开别的会")  # fmt: skip
    box = maildir(tmp_path / "Maildir", shapes.outlook(reply))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    out = tmp_path / "out"
    result = run("reschedule", str(table), "--from-replies", "--out", str(out), "--time-limit", "20")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "那时要开别的会" in line)
    assert "赵科员" in line and "可选参会：不因此调整会议" in line
    assert "没有会议需要调整" in result.output
    assert "那时要开别的会" not in (out / "timetable.toml").read_text(encoding="utf-8")


def test_plain_reschedule_warns_when_a_meeting_stays_at_a_declined_time(tmp_path):
    """Without --from-replies the table's time is kept where it fits, but never silently at a time a
    participant declined: one line names the meeting, the person and the time."""
    _folder, table = _declined_by_finance(tmp_path)
    result = run("reschedule", str(table), "--time-limit", "20")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "拒绝" in line)
    assert "政务公开工作推进会" in line and "区财政局" in line and "7月16日 9:45" in line
    assert "--from-replies" in line


def test_a_counter_proposal_blocks_its_time_and_names_the_pin_that_takes_it(tmp_path):
    """A participant's COUNTER: the time it declines is kept free of their meetings; the time proposed is
    named with the --pin that takes it, not pinned by itself (docs/replies.md, "A meeting table")."""
    from datetime import datetime

    _folder, table = _declined_by_finance(tmp_path, proposed=datetime(2025, 7, 17, 10, 0))
    result = run("reschedule", str(table), "--from-replies", "--time-limit", "20")
    assert result.exit_code == 0, result.output
    assert '--pin "政务公开工作推进会@7月17日 10:00"' in result.output
    row = next(line for line in result.output.splitlines() if "政务公开工作推进会" in line and line[:1].isdigit())
    assert "7月16日 9:45" not in row


def _countered(tmp_path, proposed, comment: str):
    """The worked example mailed; 区财政局 answers 政务公开工作推进会 (7月16日 9:45, 2 hours) with Outlook's
    COUNTER to ``proposed`` and ``comment``, read into the ledger."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("政务公开工作推进会/") and i.unit == "区财政局")
    reply = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                  summary="政务公开工作推进会", attendee=mine.attendee.address or "", name="区财政局",
                  partstat="DECLINED", comment=comment, proposed=proposed)  # fmt: skip
    box = maildir(tmp_path / "Maildir", shapes.outlook(reply))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    return folder, table


def test_an_outdated_counter_s_words_never_hint_the_day_it_proposed(tmp_path):
    """QA qacamp24 F3: once the meeting moved (the counter answers an earlier invite), its words were read
    as a plain decline's, and the hint made the person unavailable on the very day they proposed."""
    from datetime import datetime

    folder, table = _countered(tmp_path, datetime(2025, 7, 17, 9, 0), "16日上午也不行，还是17日上午吧")
    first = run("reschedule", str(table), "--from-replies", "--out", str(folder), "--time-limit", "20")
    assert first.exit_code == 0, first.output
    hint = next(line for line in first.output.splitlines() if "--unavailable" in line)
    assert "7月16日上午" in hint and "7月17日" not in hint  # the current counter: as before
    again = run("reschedule", str(folder / "timetable.csv"), "--from-replies", "--time-limit", "20")
    assert again.exit_code == 0, again.output
    assert "对旧邀请的答复" in again.output  # the counter is outdated now
    hints = [line for line in again.output.splitlines() if "--unavailable" in line and "区财政局" in line]
    assert hints and all("7月17日" not in line for line in hints), again.output


def test_a_counter_the_calendar_cannot_hold_is_said_so_never_offered_as_a_pin(tmp_path):
    """QA qacamp24 F1: a proposal off the grid, on no meeting day, after hours or running into the break
    was offered as `--pin "…"`, which then exited 2. Now the line says why (the reason --pin gives), and
    a time only off the grid offers the next start on it, when that fits, as the --pin to copy."""
    from datetime import datetime

    cases = {  # proposed → what the line says (the example: 2-hour meeting, 8:00-12:00 and 15:00-19:00)
        datetime(2025, 7, 17, 9, 40): ("最近可用的开始时间是 7月17日 9:45", '--pin "政务公开工作推进会@7月17日 9:45"'),
        datetime(2025, 7, 19, 9, 0): ("这个时间不能安排会议", "不是会议日"),
        datetime(2025, 7, 17, 19, 30): ("这个时间不能安排会议", "19:00"),
        datetime(2025, 7, 17, 11, 0): ("这个时间不能安排会议", "跨进了休息时间"),
        datetime(2025, 7, 17, 10, 50): ("这个时间不能安排会议", "粒度"),  # off the grid, and 11:00 too late
    }
    for k, (proposed, said) in enumerate(cases.items()):
        (tmp_path / str(k)).mkdir()
        _folder, table = _countered(tmp_path / str(k), proposed, "改个时间吧")
        result = run("reschedule", str(table), "--from-replies", "--time-limit", "10")
        assert result.exit_code == 0, result.output
        line = next(line for line in result.output.splitlines() if "改个时间吧" in line)
        assert all(part in line for part in said), line
        for pin in (part.split('"')[1] for part in line.split("--pin ")[1:]):
            assert run("reschedule", str(table), "--pin", pin, "--time-limit", "10").exit_code == 0, pin


def test_send_warns_before_mailing_a_meeting_at_a_declined_time(tmp_path):
    """`send` says, before it mails, the line `reschedule` says: a meeting kept at a time one of its
    required participants declined (zh and en); a table without such a meeting gets no such line."""
    _folder, table = _declined_by_finance(tmp_path)
    for lang, words in (("zh", "拒绝过这个时间"), ("en", "which 区财政局 declined")):
        dry = tmp_path / f"dry-{lang}"
        result = run("send", str(table), "--dry-run", str(dry), "--lang", lang)
        assert result.exit_code == 0, result.output
        line = next(line for line in result.output.splitlines() if words in line)
        assert "政务公开工作推进会" in line and "区财政局" in line and "16日上午不行" in line
        assert "reschedule --from-replies" in line

    def warned(result):
        return [line for line in result.output.splitlines() if "拒绝过这个时间" in line]

    sent = run("send", str(table), "--dry-run", str(tmp_path / "d2"))
    assert warned(sent) == warned(run("reschedule", str(table), "--time-limit", "20"))  # the same line
    (tmp_path / "plain").mkdir()
    plain = exported(tmp_path / "plain")[1]  # no replies ledger: nothing to say
    quiet = run("send", str(plain), "--dry-run", str(tmp_path / "d3"))
    assert quiet.exit_code == 0, quiet.output
    assert "拒绝过这个时间" not in quiet.output


def _with_delegates(folder, cells: dict[str, str]) -> None:
    """The people sheet with a 代理邮箱 column: ``cells`` by person."""
    sheet = folder / "people_2025.csv"
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [f'{line},"{cells.get(line.split(",")[0], "")}"' for line in lines[1:]]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_secretary_in_the_people_sheet_answers_for_that_person_only(tmp_path):
    """The people sheet's 代理邮箱: 王主任's secretary answers for him (SENT-BY) and it counts, named "X 代 Y
    答复" in ``replies`` and in the web app's answers (a project made from the table: the column travels with
    the people sheet); her answer on behalf of 李科长, in the same meeting, does not count."""
    from tests.test_web_meetings import client_for
    from tests.web_helpers import make_project

    source = tmp_path / "source"
    source.mkdir()
    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, source / name)
    _with_delegates(source, {"王主任": "mishu@example.org;bgs@example.org"})
    write_table(source / "meetings_2025.csv", TIMES)
    folder = tmp_path / "project"
    make_project(folder, source / "meetings_2025.csv")
    table = folder / "timetable.csv"
    assert run("ics", str(table), "--out", str(folder / "invites")).exit_code == 0
    invites = read_invites(folder / "invites")
    meeting = [i for i in invites if i.filename.startswith("政务公开工作推进会/")]
    mark_sent(folder, {i.journal_key: i for i in invites})

    def said(who: str, **kw) -> Reply:
        mine = next(i for i in meeting if i.unit == who)
        base = {"attendee": mine.attendee.address or "", "name": who, "sender": "mishu@example.org",
                "sent_by": "mishu@example.org", **kw}  # fmt: skip
        return Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                     summary="政务公开工作推进会", **base)  # fmt: skip

    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(said("王主任", partstat="DECLINED", comment="出差")),
        shapes.outlook(said("李科长", partstat="DECLINED")),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "政务公开工作推进会" in line and line[0].isdigit()]
    wang = next(line for line in rows if "王主任" in line)
    assert "拒绝" in wang and "mishu@example.org 代 王主任 答复" in wang
    assert "未答复" in next(line for line in rows if "李科长" in line)

    answers = client_for(folder).get("/api/project").get_json()["answers"]["政务公开工作推进会"]
    assert "王主任：拒绝：出差；mishu@example.org 代 王主任 答复" in answers.splitlines()


def test_a_bad_delegate_address_in_the_people_sheet_is_one_line_naming_file_row_and_column(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    _with_delegates(folder, {"李科长": "mishu@example"})
    table = folder / "meetings_2025.csv"
    write_table(table, TIMES)
    result = run("validate", str(table))
    assert result.exit_code == 2, result.output
    (message,) = [line for line in result.output.splitlines() if line.strip()]
    assert "people_2025.csv" in message and "第 3 行" in message and "代理邮箱" in message
    assert "代理邮箱“mishu@example”无效" in message


def test_two_participants_sharing_one_mailbox_are_warned_of_and_their_answer_counts_for_neither(tmp_path):
    """李科长 and 赵科员 invited at one office mailbox: ``ics`` says so, and an answer from it (its CN the
    mailbox's) cannot be told apart: it counts for neither, and both rows say why. A CN naming one of them
    alone says whose it is."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "meetings_2025.toml", folder)
    people = (ROOT / "examples" / "people_2025.csv").read_text(encoding="utf-8")
    people = people.replace("li@example.org", "bgs@example.org").replace("zhao@example.org", "bgs@example.org")
    (folder / "people_2025.csv").write_text(people, encoding="utf-8")
    table = folder / "meetings_2025.csv"
    write_table(table, TIMES)
    made = run("ics", str(table), "--out", str(folder / "invites"))
    assert made.exit_code == 0, made.output
    assert "注意：政务公开工作推进会 的参加人 李科长、赵科员 共用邮箱 bgs@example.org" in made.output
    # loop 12, finding 3: it said such an answer counts for none of them, but one naming one of them counts
    assert "只在写明其中一人（ATTENDEE 的名字）时计入此人，否则无法分辨是谁的" in made.output
    dry = run("send", str(table), "--dry-run", str(tmp_path / "dry"), "--smtp-host", "127.0.0.1", "--user", "x")
    assert dry.exit_code == 0, dry.output  # both copies go to the shared mailbox; before: "ATTENDEE 不一致"
    assert "不一致" not in dry.output
    # newcomer12 #2: the invites were already exported (nothing rewritten): `send` warns all the same
    assert "注意：政务公开工作推进会 的参加人 李科长、赵科员 共用邮箱 bgs@example.org" in dry.output
    written = {p.name for p in (tmp_path / "dry").rglob("*.eml")}
    assert any("李科长" in name for name in written) and any("赵科员" in name for name in written)
    invites = read_invites(folder / "invites")
    meeting = [i for i in invites if i.filename.startswith("政务公开工作推进会/")]
    mark_sent(folder, {i.journal_key: i for i in meeting})
    dry = run("send", str(table), "--dry-run", str(tmp_path / "dry2"), "--smtp-host", "127.0.0.1", "--user", "x")
    assert dry.exit_code == 0, dry.output  # this meeting mailed already: only the others are warned of
    assert "政务公开工作推进会 的参加人" not in dry.output and "答疑会 的参加人 李科长、赵科员 共用邮箱" in dry.output
    li = next(i for i in meeting if i.unit == "李科长")
    start = li.start.replace(tzinfo=None)
    base = {"uid": li.uid, "sequence": li.sequence, "start": start, "attendee": "bgs@example.org"}
    base |= {"partstat": "DECLINED", "summary": "政务公开工作推进会"}
    office = Reply(**base, name="区政府办公室")
    box = maildir(tmp_path / "Maildir", shapes.outlook(office))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "bgs@example.org 是 李科长、赵科员 共用的地址，无法分辨是谁的答复：未计入任何一人" in result.output
    # loop 12, finding 3: the line named 李科长 alone, though it says it cannot tell whose the answer is
    assert "关于李科长、赵科员（会议“政务公开工作推进会”）的答复未采信" in result.output
    rows = [line for line in result.output.splitlines() if "政务公开工作推进会" in line and line[0].isdigit()]
    for who in ("李科长", "赵科员"):
        (line,) = [line for line in rows if who in line]
        assert "未答复" in line and "另有 1 封答复未采信：bgs@example.org（拒绝）" in line
    named = Reply(**base, name="赵科员", message_id="<z@example.org>")
    again = run("replies", str(table), "--maildir", str(maildir(tmp_path / "M2", shapes.gmail(named))))
    lines = [line for line in again.output.splitlines() if "政务公开工作推进会" in line and line[0].isdigit()]
    (zhao,) = [line for line in lines if "赵科员" in line]
    (li_row,) = [line for line in lines if "李科长" in line]
    assert "拒绝" in zhao.split() and "未答复" in li_row.split()


def test_reschedule_from_replies_names_the_mails_to_read_by_hand_and_counts_the_untrusted(tmp_path):
    """QA qaitip20 F1: a required participant's reply in words ("那天出差") and an answer from someone not
    invited to the meeting were named by ``replies`` but not by ``reschedule --from-replies``, which said
    only that no meeting needs adjusting. It names them as a unit table's replan does (one way for both)."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("政务公开工作推进会/") and i.unit == "区财政局")
    message_id = f"<{mine.journal_key.replace('/', '.')}.{mine.sequence}@example.org>"  # as mark_sent
    words = shapes.plain_reply("czj@example.org", "回复：邀请：政务公开工作推进会", "我那天出差，改到下午可以吗",
                               "<czj-words@example.org>", in_reply_to=message_id)  # fmt: skip
    stranger = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                     summary="政务公开工作推进会", attendee="zhou@example.org", name="周工程师",
                     partstat="DECLINED")  # fmt: skip
    box = maildir(tmp_path / "Maildir", words, shapes.apple(stranger))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    result = run("reschedule", str(table), "--from-replies", "--time-limit", "20")
    assert result.exit_code == 0, result.output
    assert "区财政局（政务公开工作推进会）：有邮件待人工查看（" in result.output
    assert (
        "“我那天出差，改到下午可以吗”）：不是日历答复，未用于调整；需要时请用 --unavailable 或 --pin" in result.output
    )
    assert "1 封未采信的答复没有用于调整" in result.output
    english = run("reschedule", str(table), "--from-replies", "--time-limit", "20", "--lang", "en")
    assert "区财政局 (政务公开工作推进会): a mail to read by hand" in english.output
    assert "1 answer not trusted was not used" in english.output
    as_json = run("reschedule", str(table), "--from-replies", "--time-limit", "20", "--json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["command"] == "reschedule"  # the lines go to stderr, not into the document
    assert "有邮件待人工查看" in as_json.stderr


def test_a_decline_of_a_meeting_already_held_is_not_warned_and_its_replan_is_told(tmp_path):
    """(QA qamonth21 F2) 政务公开工作推进会 (7月16日 9:45-11:45) is over at 13:00: its decline is no longer a
    warning on every command; ``--from-replies`` treating it as not held says so on the move's own line."""
    _folder, table = _declined_by_finance(tmp_path)
    now = {"DOCKING_NOW": "2025-07-16T13:00+08:00"}
    sent = run("send", str(table), "--dry-run", str(tmp_path / "d"), env=now)
    assert sent.exit_code == 0, sent.output
    assert "拒绝过这个时间" not in sent.output
    plain = run("reschedule", str(table), "--time-limit", "20", env=now)
    assert plain.exit_code == 0, plain.output
    assert "拒绝过这个时间" not in plain.output
    moved = run("reschedule", str(table), "--from-replies", "--time-limit", "20", env=now)
    assert moved.exit_code == 0, moved.output
    line = next(line for line in moved.output.splitlines() if "视为未举行" in line)
    assert "政务公开工作推进会" in line and "区财政局" in line and "7月16日 9:45" in line


def test_no_reminder_to_someone_the_rules_make_unavailable_for_the_whole_meeting(tmp_path):
    """(QA qamonth21 F6) 赵科员 is marked unavailable over 答疑会 (7月15日 16:00-17:00): a reminder would ask
    him to come "请准时参加" all the same; one line says who was not reminded and why."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    rules = folder / "meetings_2025.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + '\n[[unavailable]]\nperson = "赵科员"\ntimes = ["7月15日 15:00-18:00"]\n',
        encoding="utf-8",
    )
    now = {"DOCKING_NOW": "2025-07-14T10:00+08:00"}
    dry = run("send", str(table), "--remind", "--dry-run", str(tmp_path / "dry"), env=now)
    assert dry.exit_code == 0, dry.output
    written = [str(p.relative_to(tmp_path / "dry")) for p in (tmp_path / "dry").rglob("*.eml")]
    assert written and not [name for name in written if "答疑会" in name and "赵科员" in name], written
    assert [name for name in written if "赵科员" in name]  # his other meetings are reminded of
    assert "未提醒 赵科员（答疑会）：该时间不可参加" in dry.output, dry.output


def test_a_delegate_added_to_the_people_sheet_after_mailing_moves_the_meeting_it_declined(tmp_path):
    """QA qaimap21 F1, a meeting table: 王主任's secretary declines on his behalf, the office then adds her
    as his 代理邮箱. `replies` shows 拒绝, and `reschedule --from-replies` now weighs the same answer (it
    weighed the invites' delegates, none) and moves the meeting; `send` has no declined time to warn of."""
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("政务公开工作推进会/") and i.unit == "王主任")
    reply = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                  summary="政务公开工作推进会", attendee=mine.attendee.address or "", name="王主任",
                  sender="mishu@example.test", sent_by="mishu@example.test", partstat="DECLINED",
                  comment="主任当天下午去市里开会")  # fmt: skip
    _with_delegates(folder, {"王主任": "mishu@example.test"})
    assert (
        run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", shapes.outlook(reply)))).exit_code
        == 0
    )
    result = run("reschedule", str(table), "--from-replies", "--time-limit", "20")
    assert result.exit_code == 0, result.output
    assert "未采信" not in result.output and "主任当天下午去市里开会" in result.output
    row = next(line for line in result.output.splitlines() if "政务公开工作推进会" in line and line[:1].isdigit())
    assert "7月16日 9:45" not in row


def test_a_delegated_meeting_is_mailed_to_the_delegate_too(tmp_path):
    """QA qacamp24 F8, then the twenty-fourth session: 李科长 hands 答疑会 on to a deputy (Thunderbird's
    DELEGATED, the deputy accepts with DELEGATED-FROM). ``send`` adds the deputy to the meeting
    (``ATTENDEE;DELEGATED-FROM``, 李科长 ``PARTSTAT=DELEGATED;DELEGATED-TO``) and mails them their copy, so
    the meeting's update reaches the one coming; the old warning (收不到) is no longer said. ``send --remind``
    still does not remind 李科长 of a meeting he handed on, naming the deputy."""
    from tests.test_meeting_invites import TIMES

    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    li = next(i for i in invites if i.filename.startswith("答疑会/") and i.unit == "李科长")
    base = {"uid": li.uid, "sequence": li.sequence, "start": li.start.replace(tzinfo=None), "summary": "答疑会"}
    handed = Reply(**base, attendee=li.attendee.address or "", name="李科长", partstat="DELEGATED",
                   delegated_to="deputy@example.test")  # fmt: skip
    deputy = Reply(**base, attendee="deputy@example.test", name="吴副科长", delegated_from=li.attendee.address)
    box = maildir(tmp_path / "Maildir", shapes.thunderbird(handed), shapes.thunderbird(deputy))
    read = run("replies", str(table), "--maildir", str(box))
    assert read.exit_code == 0 and "已转交 deputy@example.test，由其答复" in read.output, read.output
    day_before = {"DOCKING_NOW": "2025-07-14T10:00+08:00"}
    reminded = run("send", str(table), "--remind", "--dry-run", str(tmp_path / "remind"), env=day_before)
    assert reminded.exit_code == 0, reminded.output
    assert "未提醒 李科长（答疑会）：已转交 deputy@example.test，不发会议提醒" in reminded.output
    assert not [p for p in (tmp_path / "remind").rglob("*.eml") if "答疑会" in str(p) and "李科长" in p.name]
    write_table(table, {**TIMES, "答疑会": ("2025-07-16 16:00", "大会议室")})  # the meeting moves
    moved = run("send", str(table), "--dry-run", str(tmp_path / "dry"), env={"DOCKING_NOW": "2025-07-10T10:00+08:00"})
    assert moved.exit_code == 0, moved.output
    assert "收不到" not in moved.output and "已转交" not in moved.output, moved.output
    mails = {p.name: p.read_bytes() for p in (tmp_path / "dry").rglob("*.eml") if "答疑会" in str(p)}
    deputy_mail = [data for name, data in mails.items() if "deputy@example.test" in name]
    assert len(deputy_mail) == 1, sorted(mails)
    text = email.message_from_bytes(deputy_mail[0], policy=policy.default)
    assert text["To"] == "deputy@example.test"
    calendar = next(p.get_content() for p in text.walk() if p.get_content_type() == "text/calendar")
    calendar = calendar if isinstance(calendar, str) else calendar.decode()
    unfolded = calendar.replace("\r\n ", "")
    assert f'DELEGATED-FROM="mailto:{li.attendee.address}"' in unfolded and "PARTSTAT=DELEGATED" in unfolded


def test_english_lines_name_a_meetings_participant_with_english_brackets(tmp_path):
    """QA qacamp24 F5: the lines about a participant's mail (a reply in words, here) and the cancellation
    guard wrote ``名（会议）`` in English too. Each now renders its brackets in the run's language."""
    from scheduler.errors import InputError
    from scheduler.invites.guard import check_copies_cancelled
    from scheduler.invites.state import parse_state

    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("政务公开工作推进会/") and i.unit == "区财政局")
    message_id = f"<{mine.journal_key.replace('/', '.')}.{mine.sequence}@example.org>"  # as mark_sent
    words = shapes.plain_reply("czj@example.org", "Re: Invitation", "I can't come on Thursday",
                               "<czj-words@example.org>", in_reply_to=message_id)  # fmt: skip
    box = maildir(tmp_path / "Maildir", words)
    english = run("replies", str(table), "--maildir", str(box), "--lang", "en")
    assert english.exit_code == 0, english.output
    line = next(x for x in english.output.splitlines() if "I can't come on Thursday" in x and "mail '" in x)
    assert "区财政局 (政务公开工作推进会)" in line and "（" not in line
    chinese = run("replies", str(table), "--lang", "zh")
    assert chinese.exit_code == 0
    state = parse_state((folder / "invites" / "state.json").read_bytes())
    held = [(i.uid, i.unit) for i in invites if i.filename.startswith("政务公开工作推进会/")]
    with pytest.raises(InputError) as caught:
        check_copies_cancelled(state, held, False, str(table))
    said = caught.value.text("en")
    assert "王主任 (政务公开工作推进会)" in said and "（" not in said
    assert "王主任（政务公开工作推进会）" in caught.value.text("zh")


def test_an_answer_to_a_meeting_called_off_says_the_invite_was_cancelled_and_versions_count_from_the_first(tmp_path):
    """QA qacamp24 F6: an answer to a meeting called off was judged 该单位已取消 ("the unit was cancelled")
    for a person, and the notes counted versions from 第 0 版. A meeting's cancelled copy is 邀请已取消,
    and a clerk reads 最初的邀请 / 第 N 次更新的邀请 (the sheet's column keeps the raw SEQUENCE)."""
    from scheduler.replies.report import invite_version
    from scheduler.text.messages import render

    assert [render(invite_version(n), "zh") for n in (0, 2)] == ["最初的邀请", "第 2 次更新的邀请"]
    assert [render(invite_version(n), "en") for n in (0, 2)] == ["the first invite", "update 2"]
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    li = next(i for i in invites if i.filename.startswith("答疑会/") and i.unit == "李科长")
    write_table(table, TIMES, drop=("答疑会",))  # called off: its three copies are cancelled
    assert run("ics", str(table), "--out", str(folder / "invites")).exit_code == 0
    accepted = Reply(uid=li.uid, sequence=0, start=li.start.replace(tzinfo=None), summary="答疑会",
                     attendee=li.attendee.address or "", name="李科长")  # fmt: skip
    box = maildir(tmp_path / "Maildir", shapes.outlook(accepted))
    result = run("replies", str(table), "--maildir", str(box), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    sheet = (tmp_path / "out" / "replies.csv").read_bytes().decode("utf-8-sig")
    assert "邀请已取消" in sheet and "该单位已取消" not in sheet


def test_ics_and_solve_out_write_the_delegations_the_ledger_records(tmp_path):
    """``ics`` and ``solve --out`` read the replies ledger's delegations (at the command's edge, as ``send``
    does): after 李科长 hands 答疑会 on, ``ics`` writes the deputy's copy and every copy's
    DELEGATED-TO / DELEGATED-FROM lines, the ones ``send`` would mail; after he takes it back,
    ``solve --out`` cancels the deputy's copy (both kept the last export's delegates, blind to the answers)."""
    deputy = "deputy@example.test"
    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    li = next(i for i in invites if i.filename.startswith("答疑会/") and i.unit == "李科长")
    base = {"uid": li.uid, "sequence": li.sequence, "start": li.start.replace(tzinfo=None), "summary": "答疑会"}
    handed = Reply(**base, attendee="li@example.org", name="李科长", partstat="DELEGATED", delegated_to=deputy)
    box = maildir(tmp_path / "M1", shapes.thunderbird(handed))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    written = run("ics", str(table), "--out", str(folder / "invites"))
    assert written.exit_code == 0, written.output
    copies = [i for i in read_invites(folder / "invites") if i.uid == li.uid and not i.cancelled]
    assert [(i.delegators, i.method) for i in copies if i.attendee.address == deputy] == [(("李科长",), "REQUEST")]
    for copy in copies:
        unfolded = copy.data.decode().replace("\r\n ", "")
        assert f'DELEGATED-TO="mailto:{deputy}"' in unfolded and 'DELEGATED-FROM="mailto:li@example.org"' in unfolded
    later = {**base, "stamp": datetime(2025, 7, 12, 10, tzinfo=UTC)}
    back = Reply(**later, attendee="li@example.org", name="李科长")  # he accepts himself: taken back
    box = maildir(tmp_path / "M2", shapes.thunderbird(back))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    solved = run("solve", str(table), "--out", str(folder), "--time-limit", "20")
    assert solved.exit_code == 0, solved.output
    mine = [i for i in read_invites(folder / "invites") if i.uid == li.uid and i.attendee.address == deputy]
    assert [i.method for i in mine] == ["CANCEL"], solved.output


def test_an_optional_participant_s_decline_is_marked_optional_in_the_cell_and_on_the_page(tmp_path):
    """QA qaimap26 F9: the page's 答复 panel said "赵科员：拒绝" and "拒绝 1", read as a required person
    missing the meeting; the command line says 赵科员（可选）. The cell and the counts say it too."""
    from scheduler.cli.loading import load_table
    from scheduler.web.notices import answers_data

    folder, table, invites = exported(tmp_path)
    mark_sent(folder, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.filename.startswith("标准目录审核（一）/") and i.unit == "赵科员")
    reply = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                  summary="标准目录审核（一）", attendee=mine.attendee.address or "", name="赵科员",
                  partstat="DECLINED", comment="可选不去")  # fmt: skip
    box = maildir(tmp_path / "Maildir", shapes.outlook(reply))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    data = answers_data(folder, load_table(str(table)))
    lines = data["answers"]["标准目录审核（一）"].splitlines()
    assert "赵科员（可选）：拒绝：可选不去" in lines, lines
    assert not [line for line in lines if line.startswith("赵科员：")]
    counts = data["answers_counts"]["标准目录审核（一）"]
    assert counts["declined"] == 1 and counts["declined-optional"] == 1
    assert "赵科员（可选）：拒绝：可选不去" in data["answers_open"]["标准目录审核（一）"]
