"""Replies per person: a meeting table (several participants per meeting, invited one file each) and the
answers of each participant, matched by UID and by the ATTENDEE's address."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

from scheduler.files.atomic import write_files
from scheduler.files.meeting_files import load_meetings
from scheduler.invites.meetings import Organizer, build_meeting_invites
from scheduler.meetings.planner import solve_meetings
from tests import reply_mails as shapes
from tests.conftest import ROOT
from tests.replies_helpers import maildir, run
from tests.reply_mails import Reply


def test_each_participant_of_a_meeting_answers_for_themselves(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    table = folder / "meetings_2025.csv"
    loaded = load_meetings(table)
    plan = solve_meetings(loaded.problem, loaded.objective, time_limit=10).plan
    organizer = Organizer("区政府办公室", "zwgk-office@example.org")
    made = build_meeting_invites(loaded.problem, plan, loaded.emails, organizer, "meetings-2025")
    write_files(folder / "invites", made.files)
    state = json.loads(made.files["meetings-state.json"])["meetings"]
    meeting = state["政务公开工作推进会"]
    with (folder / "mail-journal.jsonl").open("w", encoding="utf-8") as journal:  # mailed to each person
        for name, _ in meeting["attendees"]:
            record = {"v": 1, "at": "2025-07-01T08:00:00Z", "state": "sent", "unit": name, "uid": meeting["uid"],
                      "sequence": meeting["sequence"], "method": "REQUEST", "to": loaded.emails[name],
                      "message_id": f"<{name}@example.org>", "attempt": 1}  # fmt: skip
            journal.write(json.dumps(record, ensure_ascii=False) + "\n")
    start = datetime.fromisoformat(meeting["start"])

    def said(name: str, **kw) -> Reply:
        return Reply(uid=meeting["uid"], attendee=loaded.emails[name], name=name, start=start,
                     summary="政务公开工作推进会", **kw)  # fmt: skip

    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(said("王主任", comment="准时到")),
        shapes.gmail(said("李科长", partstat="DECLINED", comment="出差")),
        shapes.thunderbird(said("区财政局", partstat="TENTATIVE")),
        shapes.apple(said("周工程师")),  # not invited to this meeting
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("序号"))
    assert header.split() == ["序号", "时间", "单位", "人员", "答复", "留言", "说明"]
    rows = {
        tuple(line.split()[4:6])
        for line in result.output.splitlines()
        if "政务公开工作推进会" in line and line[0].isdigit()
    }
    assert {("王主任", "接受"), ("李科长", "拒绝"), ("区财政局", "暂定"), ("区发改委", "未答复")} <= rows
    assert "答复的参加人 zhou@example.org 不是受邀地址" in result.output
    invited = sum(1 for m in state.values() for name, _ in m["attendees"] if name in loaded.emails)
    assert f"接受 1，拒绝 1，暂定 1，提议新时间 0，未答复 {invited - 3}（共 {invited} 个单位）" in result.output
    # the meetings not mailed yet say so, and --out is for unit tables
    assert "邀请尚未发出" in result.output
    refused = run("replies", str(table), "--out", str(tmp_path / "out"))
    assert refused.exit_code == 2 and "--out 目前只用于单位对接表" in refused.output
