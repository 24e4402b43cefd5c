"""Last round's folder reused for a new round (QA qareuse22 F1, F6; docs/mail.md, "A new round"): an
invites folder whose meetings are all over, for rules whose days come months after them, is refused in one
line that says to give the new round its own campaign id and folder, before any of last round's UIDs is
turned into an update; a round moved by a week is updated as before, and so is one postponed by a year
before it was held (said on one line: a year typed wrong?)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.invites.folder import read_invites
from tests.conftest import edit
from tests.invite_helpers import NOTICE
from tests.replies_helpers import mark_sent

RULES = NOTICE.with_suffix(".toml")
DAYS_2021 = 'days = ["2021-09-08", "2021-09-09", "2021-09-10"]'
BEFORE_2021 = "2021-09-01T09:00:00+08:00"
AFTER_2021 = "2021-09-11T09:00:00+08:00"
BEFORE_2022 = "2022-09-01T09:00:00+08:00"
NEW_ID = 'campaign = "beiguan-2022-zwgk-26-fields"'


def run(*args: str, now: str):
    env = {"SOURCE_DATE_EPOCH": "1630915200", "DOCKING_NOW": now, "DOCKING_LANG": None}
    return CliRunner().invoke(main, list(args), env=env)


def only_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def _exported(example: Path, mailed: bool = True) -> Path:
    """The 2021 notice's invites, exported beside it before its meetings and (``mailed``) mailed, as the
    journal beside the table says: last round's folder."""
    invites = example / "invites"
    assert run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2021).exit_code == 0
    if mailed:
        mark_sent(example, {i.unit: i for i in read_invites(invites)})
    return invites


def _moved_days(example: Path, days: tuple[str, str, str], shift: dict[str, str]) -> None:
    """The rules' days set to ``days`` and each table time's day moved as ``shift`` says."""
    edit(example / RULES.name, DAYS_2021, "days = [" + ", ".join(f'"{d}"' for d in days) + "]")
    table = example / NOTICE.name
    text = table.read_text(encoding="utf-8")
    for old, new in shift.items():
        text = text.replace(f",{old} ", f",@{new} ")
    table.write_text(text.replace(",@", ","), encoding="utf-8")


def _next_year(example: Path) -> None:
    """What the clerk does for 2022: the days a year on, the times with them (no year is written)."""
    shift = {"9 月 8 日": "9 月 7 日", "9 月 9 日": "9 月 8 日", "9 月 10 日": "9 月 9 日"}
    _moved_days(example, ("2022-09-07", "2022-09-08", "2022-09-09"), shift)


def test_next_years_table_into_last_years_folder_is_refused_naming_a_new_id(example):
    invites = _exported(example)
    before = {p: p.read_bytes() for p in invites.rglob("*") if p.is_file()}
    _next_year(example)
    result = run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2022)
    line = only_line(result)
    assert result.exit_code == 2 and "state.json" in line and "新一轮" in line, line
    assert NEW_ID in line and "2021-09-10" in line and "2022-09-07" in line and "--out" in line
    assert "年份" not in line  # the days are written with their year: nothing to say of it
    assert {p: p.read_bytes() for p in invites.rglob("*") if p.is_file()} == before


def test_a_round_postponed_by_a_year_before_it_was_held_is_updated_and_said(example, tmp_path):
    """A leftover of the twenty-first session: a round mailed and not yet held, moved more than 300 days later
    (the same campaign), was refused as a new round. A postponement of meetings not held is the same round:
    its invites become updates, and one line says how far they moved, since it may be a year typed wrong."""
    invites = _exported(example)
    _next_year(example)
    result = run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2021)
    assert result.exit_code == 0 and "更新 29" in result.output, result.output
    said = [line for line in result.stderr.splitlines() if line.startswith("注意：")]
    assert said == [
        "注意：规则文件的对接日期从 2022-09-07 开始，比已寄出、尚未举行的会议（最后一个在 2021-09-10）晚 362 天："
        "邀请将作为改期的更新发出。若是年份写错，请在 send 之前改正；若是新一轮对接，请在规则文件 [invites] "
        "里写新的活动编号并输出到新的文件夹"
    ], result.stderr
    dry = run("send", str(example / NOTICE.name), "--dry-run", str(tmp_path / "dry"), now=BEFORE_2021)
    assert dry.exit_code == 0 and "29 封邮件写入" in dry.output, dry.output
    again = run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2021)
    assert again.exit_code == 0 and "注意：" not in again.stderr, again.stderr  # the folder holds the new days
    held = run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2022)
    assert held.exit_code == 0 and "更新 0" in held.output, held.output  # 2021's meetings moved, nothing held


def test_a_rules_file_without_a_year_reused_a_year_later_names_the_year(example):
    """A leftover of the twenty-first session: rules whose days have no year take the current year's, so
    last round's folder run a year later was refused as a new round without a word of the year. Still refused
    (the days are this year's), the line now says the year was the clock's and how to name last round's."""
    from datetime import date

    invites = _exported(example)
    edit(example / RULES.name, DAYS_2021, 'days = ["9月8日", "9月9日", "9月10日"]')
    year = date.today().year  # what the rules file's reader gives a day without a year (the clock's)
    result = run("ics", str(example / NOTICE.name), "--out", str(invites), now=f"{year}-09-01T09:00:00+08:00")
    line = only_line(result)
    assert result.exit_code == 2 and "新一轮" in line, line
    assert (
        f"（规则文件的日期没有写年份，按今年 {year} 年读取；若要处理 2021 年的那一轮，请在规则文件写 year = 2021）"
        in line
    )
    english = run("ics", str(example / NOTICE.name), "--out", str(invites), "--lang", "en", now=BEFORE_2022)
    assert f"read in this year, {year}; to work on the 2021 round, write year = 2021 in the rules" in english.output
    edit(example / RULES.name, 'days = ["9月8日"', 'year = 2021\ndays = ["9月8日"')
    named = run("ics", str(example / NOTICE.name), "--out", str(invites), now=f"{year}-09-01T09:00:00+08:00")
    assert named.exit_code == 0 and "更新 0" in named.output, named.output


def test_send_refuses_last_years_invites_for_next_years_table(example, tmp_path):
    _exported(example)
    _next_year(example)
    dry = tmp_path / "dry"
    result = run("send", str(example / NOTICE.name), "--dry-run", str(dry), "--now", BEFORE_2022, now=BEFORE_2022)
    assert result.exit_code == 2 and "新一轮" in only_line(result) and NEW_ID in result.output
    assert not dry.exists()


def test_a_year_corrected_before_the_mailing_is_an_update(example):
    """Invites never mailed are in no calendar: rules whose year was wrong (days a year early) and are
    corrected before ``send`` are no new round, whatever the gap."""
    invites = _exported(example, mailed=False)
    _next_year(example)
    result = run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2022)
    assert result.exit_code == 0 and "更新 29" in result.output, result.output


@pytest.mark.parametrize("now", [BEFORE_2021, AFTER_2021])
def test_a_round_moved_by_a_week_is_updated_held_or_not(example, now):
    invites = _exported(example)
    shift = {"9 月 8 日": "9 月 15 日", "9 月 9 日": "9 月 16 日", "9 月 10 日": "9 月 17 日"}
    _moved_days(example, ("2021-09-15", "2021-09-16", "2021-09-17"), shift)
    result = run("ics", str(example / NOTICE.name), "--out", str(invites), now=now)
    assert result.exit_code == 0 and "更新 29" in result.output, result.output


def test_a_new_id_in_last_years_folder_is_told_to_use_a_new_folder_first(example, tmp_path):
    """F6: the campaign's refusal comes before the folder's adjustments (a unit of last year's table the
    source lacks), and for last round's folder it offers a new folder only, not the old id back."""
    out = tmp_path / "结果"
    assert run("solve", str(example / NOTICE.name), "--out", str(out), now=BEFORE_2021).exit_code == 0
    mark_sent(out, {i.unit: i for i in read_invites(out / "invites")})
    _next_year(example)
    edit(example / RULES.name, 'campaign = "beiguan-2021-zwgk-26-fields"', NEW_ID)
    table = example / NOTICE.name
    rows = [r.split(",") for r in table.read_text(encoding="utf-8").splitlines() if "区财政局" not in r]
    table.write_text("\n".join(",".join([r[0], "" if i else r[1], *r[2:]]) for i, r in enumerate(rows)) + "\n")
    result = run("solve", str(table), "--out", str(out), now=BEFORE_2022)
    line = only_line(result)
    assert result.exit_code == 2 and "上一轮" in line and "新的文件夹" in line, line
    assert "--discard-changes" not in line and "改回" not in line


def test_another_id_in_this_rounds_folder_names_both_ways(example):
    invites = _exported(example)
    edit(example / RULES.name, 'campaign = "beiguan-2021-zwgk-26-fields"', NEW_ID)
    line = only_line(run("ics", str(example / NOTICE.name), "--out", str(invites), now=BEFORE_2021))
    assert "新的文件夹" in line and "改回“beiguan-2021-zwgk-26-fields”" in line


def test_last_years_id_at_a_new_folders_first_export_is_warned_of(example, tmp_path):
    """F4: a new folder for 2022 with the id that names 2021: the invites would take 2021's UIDs. Said on one
    line at the first export (the id can still change), not after, and not for an id naming the days' year."""
    _next_year(example)
    first = run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "a"), now=BEFORE_2022)
    assert first.exit_code == 0, first.output
    said = [line for line in first.stderr.splitlines() if "活动编号" in line]
    assert len(said) == 1 and "2021 年" in said[0] and "2022 年" in said[0] and NEW_ID in said[0], first.stderr
    # and it says where to go next: the folder holds last year's id now, and refuses the new one (newcomer22)
    assert "新的文件夹（--out 新文件夹" in said[0], said[0]
    again = run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "a"), now=BEFORE_2022)
    assert "活动编号" not in again.stderr
    edit(example / RULES.name, 'campaign = "beiguan-2021-zwgk-26-fields"', NEW_ID)
    assert run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "a"), now=BEFORE_2022).exit_code == 2
    renamed = run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "b"), now=BEFORE_2022)
    assert renamed.exit_code == 0 and "活动编号" not in renamed.stderr


def test_a_meeting_tables_first_export_warns_of_last_years_id_too(meetings_example):
    rules = meetings_example / "meetings_2025.toml"
    edit(
        rules, 'days = ["2025-07-15", "2025-07-16", "2025-07-17"]', 'days = ["2026-07-14", "2026-07-15", "2026-07-16"]'
    )
    out = meetings_example / "结果"
    result = run(
        "solve", str(meetings_example / "meetings_2025.csv"), "--out", str(out), now="2026-07-01T09:00:00+08:00"
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "活动编号" in line]
    assert len(said) == 1 and 'campaign = "beiguan-2026-zwgk-meetings"' in said[0], result.stderr


def test_a_unit_moved_weeks_after_the_held_round_is_updated_not_refused(example):
    """Review, Twenty-first session: within one round, a unit that could not come is moved to a day ten
    weeks after the others were held (the day added to the round's days): its invite is updated; the
    round's first day is still the first, so no new round is seen."""
    invites = _exported(example)
    edit(example / RULES.name, DAYS_2021, DAYS_2021.replace('"]', '", "2021-11-22"]'))
    table = example / NOTICE.name
    last = table.read_text(encoding="utf-8").strip().splitlines()[-1]
    edit(table, last, last.replace("9 月 10 日 17:00", "11 月 22 日 8:00"))
    result = run("ics", str(table), "--out", str(invites), now="2021-11-20T09:00:00+08:00")
    assert result.exit_code == 0 and "更新 1" in result.output, result.output
