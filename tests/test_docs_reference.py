"""The reference pages name everything a user can write or catch (QA qadocs18 F8): every objective term,
preset, level, key and the weight's limit in docs/formats.md; every error class the package exports in
both error trees (docs/architecture.md, docs/python.md)."""

from __future__ import annotations

import re

import scheduler
from scheduler.errors import SchedulerError
from scheduler.files.rules_keys import MEETING_KEYS
from scheduler.meetings.terms import LEVELS, MAX_WEIGHT, NAMES, PRESETS
from tests.conftest import ROOT


def _page(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_formats_md_s_objective_reference_names_every_term_preset_level_key_and_the_limit():
    text = _page("formats.md")
    table = text.split("`[objective]`, for reference", 1)[1].split("\n\n", 2)[1]
    for word in (*NAMES, *PRESETS, *LEVELS, "preset", *MEETING_KEYS["objective.*"]):
        assert f"`{word}`" in table, word
    assert f"{MAX_WEIGHT:,}" in table


def test_both_error_trees_name_every_error_the_package_exports():
    exported = [name for name in scheduler.__all__ if isinstance(getattr(scheduler, name), type)]
    errors = {name for name in exported if issubclass(getattr(scheduler, name), SchedulerError)}
    tree = _page("architecture.md").split("## Errors", 1)[1].split("```", 2)[1]
    listed = _page("python.md").split("## Errors", 1)[1].split("\n\n", 2)[1]
    assert errors - set(re.findall(r"\w+", tree)) == set()
    assert errors - set(re.findall(r"`(\w+)`", listed)) == set()


def _help(*args: str) -> str:
    from click.testing import CliRunner

    from scheduler.cli.main import main

    result = CliRunner().invoke(main, [*args, "--help"], env={"DOCKING_LANG": None})
    assert result.exit_code == 0, result.output
    return "".join(result.stdout.split())


def test_the_help_says_a_table_may_be_a_meeting_table_and_where_its_columns_and_terms_are():
    """QA qadocs18 F8: nothing in ``--help``, ``solve --help`` or ``validate --help`` said so; the main
    help's examples were all unit tables'."""
    main = _help()
    assert "会议表" in main and "docs/meetings.md" in main and "[objective]" in main
    assert "docking-schedulerexample--meetings" in main and "solveexamples/meetings_2025.csv" in main
    english = _help("--lang", "en")
    assert "meetingtable" in english and "docs/meetings.md" in english
    for command in ("solve", "validate"):
        assert "会议表" in _help(command) and "meetingtable" in _help(command, "--lang", "en")


def test_cli_md_s_remind_row_quotes_what_it_says(tmp_path):
    from click.testing import CliRunner

    from scheduler.cli.main import main

    row = next(line for line in _page("cli.md").splitlines() if line.startswith("| `--remind` |"))
    refused = re.search(r"`(选项 --only-changed: [^`]+)`", row)
    assert refused is not None and "`今天没有到期的提醒`" in row and "`提醒：已发送 " in row
    notice = ROOT / "examples" / "notice_2021.csv"
    result = CliRunner().invoke(
        main,
        ["send", str(notice), "--remind", "--only-changed", "--dry-run", str(tmp_path / "d")],
        env={"DOCKING_LANG": None},
    )
    assert result.exit_code == 2 and result.stderr.strip() == refused.group(1), result.output
