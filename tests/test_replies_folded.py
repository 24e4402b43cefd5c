"""At an office's scale ``replies`` lists the answers that need reading, not every unanswered invitation
(QA qabigmeet22 F3: 1,000 meetings printed 5,496 lines, the 249 declines among 5,236 未答复 rows); ``--all``
lists every one, and ``--out``'s replies.csv keeps every one."""

from __future__ import annotations

from scheduler.cli import replies as replies_command
from tests.replies_helpers import run
from tests.test_replies_meetings import _declined_by_finance


def _rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if "未答复" in line and "接受 " not in line]


def test_past_the_threshold_the_unanswered_are_counted_not_listed(tmp_path, monkeypatch):
    _, table = _declined_by_finance(tmp_path)
    whole = run("replies", str(table))
    assert whole.exit_code == 0, whole.output
    unanswered = len(_rows(whole.output))
    assert unanswered > 5
    monkeypatch.setattr(replies_command, "LISTED_ROWS", 5)
    folded = run("replies", str(table))
    assert folded.exit_code == 0, folded.output
    assert "16日上午不行" in folded.output  # the decline is listed
    assert _rows(folded.output) == []  # no unanswered row
    assert f"未答复 {unanswered} 条" in folded.output and "--all" in folded.output
    assert _rows(run("replies", str(table), "--all").output) == _rows(whole.output)
    english = run("replies", str(table), "--lang", "en")
    assert f"{unanswered} unanswered" in english.output, english.output


def test_past_the_threshold_invite_changes_are_counted_per_meeting_not_listed_per_person(tmp_path, monkeypatch):
    """QA qabigmeet22 F3: ``ics`` of 2,000 meetings printed 10,854 lines, one per participant's copy,
    and ``solve --out`` of 1,000 meetings 5,485 新建 rows after the timetable; the summary line already
    counts them. Past the threshold the new copies are counted and each meeting's updates are one row;
    ``--all`` lists every copy."""
    from scheduler.cli import invites as invites_command
    from tests.test_meetings_cli import copy_example

    table = copy_example(tmp_path / "in")
    solved = run("solve", str(table), "--time-limit", "4", "--out", str(tmp_path / "out"))
    assert solved.exit_code == 0, solved.output
    timetable = tmp_path / "out" / "timetable.csv"
    whole = run("ics", str(timetable), "--out", str(tmp_path / "a"))
    new_rows = [line for line in whole.output.splitlines() if line.startswith("新建 ")]
    assert len(new_rows) > 3
    monkeypatch.setattr(invites_command, "LISTED_CHANGES", 3)
    folded = run("ics", str(timetable), "--out", str(tmp_path / "b"))
    assert folded.exit_code == 0, folded.output
    assert [line for line in folded.output.splitlines() if line.startswith("新建 ")] == []
    assert f"新建 {len(new_rows)} 份" in folded.output and "--all" in folded.output
    every = run("ics", str(timetable), "--out", str(tmp_path / "c"), "--all")
    assert [line for line in every.output.splitlines() if line.startswith("新建 ")] == new_rows


def test_past_the_threshold_a_timetable_written_to_files_is_not_listed(tmp_path, monkeypatch):
    """QA qabigmeet22 F3: ``reschedule --from-replies --out`` of 1,000 meetings listed the whole timetable
    again before its moves; with ``--out`` the files hold it. Without ``--out`` it is the answer: listed."""
    from scheduler.cli import options
    from tests.test_meetings_cli import copy_example

    table = copy_example(tmp_path / "in")
    monkeypatch.setattr(options, "LISTED_ROWS", 3)
    written = run("solve", str(table), "--time-limit", "4", "--out", str(tmp_path / "out"))
    assert written.exit_code == 0, written.output
    assert "已写入 --out 的文件，这里不逐行列出" in written.output
    assert "大会议室" not in written.output.split("邀请：")[0]  # no timetable row before the invites
    listed = run("solve", str(table), "--time-limit", "4", "--out", str(tmp_path / "all"), "--all")
    assert "大会议室" in listed.output and "不逐行列出" not in listed.output
    assert "大会议室" in run("solve", str(table), "--time-limit", "4").output


def test_a_unit_timetable_written_to_files_is_folded_too(tmp_path, monkeypatch):
    """QA qabig25 F1: ``solve --out`` of 5,000 units printed every row (and 2,000 新建 lines with invites)
    although ``--help`` says past 200 rows a timetable written to files is not listed and new copies are
    counted. Unit tables fold as meeting tables do; ``--all`` and a run without ``--out`` list them."""
    import shutil
    from pathlib import Path

    from scheduler.cli import invites as invites_command
    from scheduler.cli import options

    examples = Path(__file__).resolve().parent.parent / "examples"
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(examples / name, tmp_path / name)
    table = str(tmp_path / "notice_2021.csv")
    monkeypatch.setattr(options, "LISTED_ROWS", 5)
    monkeypatch.setattr(invites_command, "LISTED_CHANGES", 5)
    monkeypatch.setenv("DOCKING_NOW", "2021-09-01T08:00+08:00")
    written = run("solve", table, "--time-limit", "10", "--out", str(tmp_path / "out"))
    assert written.exit_code == 0, written.output
    assert "时间表共 29 个单位，已写入 --out 的文件，这里不逐行列出" in written.output
    assert "区自然资源局" not in written.output
    new_rows = [line for line in written.output.splitlines() if line.startswith("新建 ")]
    assert new_rows == [] and "新建 29 份只计数" in written.output
    listed = run("solve", table, "--time-limit", "10", "--out", str(tmp_path / "all"), "--all")
    assert "区自然资源局" in listed.output and "不逐行列出" not in listed.output
    assert len([line for line in listed.output.splitlines() if line.startswith("新建 ")]) == 29
    assert "区自然资源局" in run("solve", table, "--time-limit", "10").output  # no --out: the answer, listed
