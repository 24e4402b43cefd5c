"""The cancellations guard's refusal fits what happened (QA qaint26 F5, F9): a meeting renamed in the
table is named as a rename, with what its participants get, not asked "表格是否丢了行？"; and the meetings
``reschedule --drop`` names on its own command line are called off without a second run with
``--allow-cancel``, the guard still covering any other cancellation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.formats_helpers import NOTICE

EXAMPLES = NOTICE.parent


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    """The example week of meetings solved into a folder with its invites (31 copies: at most 3 cancelled
    without consent)."""
    out = tmp_path_factory.mktemp("guard") / "out"
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, out.parent / name)
    result = run("solve", out.parent / "meetings_2025.csv", "--out", out, "--time-limit", "3")
    assert result.exit_code == 0, result.output
    return out


def _copy(solved: Path, tmp_path: Path, old: str = "", new: str = "") -> Path:
    folder = tmp_path / "week"
    shutil.copytree(solved, folder)
    csv = folder / "timetable.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig").replace(old, new), encoding="utf-8-sig")
    return folder


def test_a_meeting_renamed_in_the_table_is_refused_as_a_rename(solved, tmp_path):
    folder = _copy(solved, tmp_path, ",政务公开工作推进会,", ",政务公开工作推进会（改期讨论）,")
    refused = run("send", folder / "timetable.csv", "--dry-run", tmp_path / "eml")
    assert refused.exit_code == 2 and not (tmp_path / "eml").exists()
    line = refused.stderr.strip()
    assert "\n" not in line and "表格是否丢了行" not in line
    assert (
        "看起来是会议改了名称（政务公开工作推进会 → 政务公开工作推进会（改期讨论）：时间、会议室和参会人员都没变）"
        in line
    )
    assert "旧名称的取消通知和新名称的邀请" in line and line.endswith("确认要取消请加 --allow-cancel")
    english = CliRunner().invoke(
        main, ["send", str(folder / "timetable.csv"), "--dry-run", str(tmp_path / "eml"), "--lang", "en"]
    )
    assert "looks like a meeting renamed (政务公开工作推进会 → 政务公开工作推进会（改期讨论）" in english.stderr


def test_a_rename_beside_a_lost_meeting_still_asks_about_lost_rows(solved, tmp_path):
    folder = _copy(solved, tmp_path, ",政务公开工作推进会,", ",政务公开工作推进会（改期讨论）,")
    csv = folder / "timetable.csv"
    csv.write_text(
        "".join(line for line in csv.read_text(encoding="utf-8-sig").splitlines(True) if ",季度检查培训," not in line),
        encoding="utf-8-sig",
    )
    refused = run("send", csv, "--dry-run", tmp_path / "eml")
    assert refused.exit_code == 2
    assert "看起来是会议改了名称（政务公开工作推进会 → " in refused.stderr and "表格是否丢了行？" in refused.stderr
    assert "季度检查培训" in refused.stderr  # (the lost meeting is named among the cancellations)


def test_a_table_that_lost_a_meeting_is_still_asked_about_lost_rows(solved, tmp_path):
    folder = _copy(solved, tmp_path)
    csv = folder / "timetable.csv"
    csv.write_text(
        "".join(line for line in csv.read_text(encoding="utf-8-sig").splitlines(True) if ",季度检查培训," not in line),
        encoding="utf-8-sig",
    )
    refused = run("send", csv, "--dry-run", tmp_path / "eml")
    assert refused.exit_code == 2 and "表格是否丢了行？确认要取消请加 --allow-cancel" in refused.stderr
    assert "改了名称" not in refused.stderr


def test_meetings_dropped_on_the_command_line_are_called_off_without_allow_cancel(solved, tmp_path):
    folder = _copy(solved, tmp_path)
    drops = ("--drop", "标准目录审核（一）", "--drop", "标准目录审核（二）")  # 6 copies: over the limit of 3
    done = run("reschedule", folder / "timetable.csv", *drops, "--out", folder, "--time-limit", "5")
    assert done.exit_code == 0, done.output
    cancelled = [line for line in done.output.splitlines() if line.startswith("取消  ")]
    assert len(cancelled) == 6 and all("标准目录审核（一）" in c or "标准目录审核（二）" in c for c in cancelled)


def test_a_drop_does_not_consent_to_other_cancellations(solved, tmp_path):
    folder = _copy(solved, tmp_path)
    csv = folder / "timetable.csv"
    csv.write_text(
        "".join(line for line in csv.read_text(encoding="utf-8-sig").splitlines(True) if ",季度检查培训," not in line),
        encoding="utf-8-sig",
    )
    kept = (folder / "invites" / "state.json").read_bytes()
    refused = run("reschedule", csv, "--drop", "答疑会", "--out", folder, "--time-limit", "5")
    assert refused.exit_code == 2 and (folder / "invites" / "state.json").read_bytes() == kept
    said = refused.stderr
    assert "季度检查培训" in said and "答疑会" not in said and "表格是否丢了行？" in said


def test_a_rename_is_told_before_the_search_too(solved, tmp_path):
    """``reschedule --out`` checks the cancellations before its search, when the new times are not known:
    a meeting new to the folder with the same people is told as a rename there too (same people only)."""
    folder = _copy(solved, tmp_path, ",政务公开工作推进会,", ",政务公开工作推进会（改期讨论）,")
    kept = (folder / "invites" / "state.json").read_bytes()
    refused = run("reschedule", folder / "timetable.csv", "--unavailable", "孙科员@7月15日 8:00-9:00", "--out", folder)
    assert refused.exit_code == 2 and (folder / "invites" / "state.json").read_bytes() == kept
    said = refused.stderr
    assert "看起来是会议改了名称（政务公开工作推进会 → 政务公开工作推进会（改期讨论）：参会人员都没变）" in said
    assert "表格是否丢了行" not in said
