"""Rows a table skips (docs/formats.md): a note (注：...), a row numbered in advance and left empty, a total
row (合计 | | 29个单位) were dropped unseen. The loaded result lists them as (row, kind), and ``validate``,
``solve`` and ``reschedule`` say them on stderr, one short line per kind, leaving stdout as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import scheduler
from scheduler.cli.display import skipped_lines
from scheduler.cli.main import main
from scheduler.files.meeting_files import load_meetings
from tests.formats_helpers import NOTICE, notice_text, with_rules

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TAIL = "合计,,29个单位,,,\n注：以上时间如有变动，另行通知。,,,,,\n"  # rows 31 and 32, under the 29 units
SAID = {
    "zh": ["已跳过第 31 行（合计行）", "已跳过第 32 行（说明行）"],
    "en": ["skipped row 31 (a total row)", "skipped row 32 (a note)"],
}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    """The 2021 notice with a total row and a note under it."""
    table = with_rules(tmp_path / "notice.csv")
    table.write_text(notice_text() + TAIL, encoding="utf-8")
    return table


def test_the_loaded_table_lists_the_rows_it_skipped(notice):
    loaded = scheduler.load(notice)
    assert loaded.skipped == ((31, "total"), (32, "note"))
    assert loaded.problem == scheduler.load(NOTICE).problem  # nothing else changes
    assert scheduler.load(NOTICE).skipped == ()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_validate_says_each_kind_on_stderr_and_nothing_else_changes(notice, lang):
    got, plain = run("validate", notice, "--lang", lang), run("validate", NOTICE, "--lang", lang)
    assert (got.exit_code, got.stdout) == (plain.exit_code, plain.stdout) == (0, plain.stdout)
    assert got.stderr.splitlines() == SAID[lang] and plain.stderr == ""


def test_solve_and_reschedule_say_them_too(notice, tmp_path):
    solved = run("solve", notice, "--time-limit", "5")
    assert solved.exit_code == 0, solved.output
    assert solved.stderr.splitlines() == SAID["zh"] and "跳过" not in solved.stdout
    moved = run("reschedule", notice, "--unavailable", "区财政局@9月8日下午", "--time-limit", "5", "--lang", "en")
    assert moved.exit_code == 0, moved.output
    assert moved.stderr.splitlines()[:2] == SAID["en"] and "skipped" not in moved.stdout


def test_a_meeting_table_lists_its_skipped_rows(tmp_path):
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    table = tmp_path / "meetings_2025.csv"
    table.write_text(table.read_text(encoding="utf-8") + "9,,,,,,,,,,\n合计,,8个会议,,,,,,,,\n", encoding="utf-8")
    assert load_meetings(table).skipped == ((10, "numbered"), (11, "total"))
    result = run("validate", table)
    assert result.stderr.splitlines()[:2] == ["已跳过第 10 行（只有序号的空行）", "已跳过第 11 行（合计行）"]
    assert "没有“时间”列" in result.stderr.splitlines()[2]  # no times yet: validate says so in one line


def test_many_rows_of_a_kind_are_one_line_with_spans():
    skipped = [(n, "numbered") for n in range(31, 61)] + [(62, "numbered"), (63, "numbered"), (70, "note")]
    said = ["skipped rows 31-60, 62, 63 (numbered but empty)", "skipped row 70 (a note)"]
    assert skipped_lines(skipped, "en") == said
    assert skipped_lines(skipped, "zh")[0] == "已跳过第 31-60、62、63 行（只有序号的空行）"
    assert skipped_lines((), "zh") == []


def test_the_docs_example_is_what_validate_says(tmp_path):
    table = with_rules(tmp_path / "template.csv")
    table.write_text(notice_text() + "30,,,,,\n31,,,,,\n32,,,,,\n" + TAIL, encoding="utf-8")
    said = run("validate", table).stderr.splitlines()
    docs = (Path(__file__).resolve().parent.parent / "docs" / "formats.md").read_text(encoding="utf-8")
    assert all(f"\n    {line}\n" in docs for line in said) and len(said) == 3


def test_a_spare_row_filled_with_nothing_in_every_cell_is_an_empty_row(tmp_path):
    """Review §6: a row numbered in advance whose every cell the office filled with 无 (forms are filled in
    every blank cell) became a unit named 无, scheduled and invited. Every filled cell but the 序号 says
    nothing: numbered but empty; without a 序号, a blank row."""
    table = with_rules(tmp_path / "spare.csv")
    table.write_text(notice_text() + "30,无,无,无,－,N/A\n,无,/,,,\n", encoding="utf-8")
    loaded = scheduler.load(table)
    assert loaded.skipped == ((31, "numbered"),)
    assert loaded.problem == scheduler.load(NOTICE).problem
