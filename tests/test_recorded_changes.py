"""``solve TABLE --out DIR`` over a folder ``reschedule`` wrote into (QA jobs16 F0): the changes
``DIR/timetable.toml`` records (``[[unavailable]]``, ``[[pins]]``…) that TABLE's rules lack are never
dropped unasked. ``solve`` refuses on one line naming them and the two ways on (exit 2, nothing written);
``--discard-changes`` drops them and says so; copied into the rules, they are kept and nothing is refused.
A unit table and a meeting table each (docs/replanning.md, "Solving the source table again")."""

from __future__ import annotations

import shutil
from pathlib import Path

from scheduler.files.rules_file import parse_toml
from tests.conftest import ROOT
from tests.test_meetings_cli import copy_example, run

EXAMPLES = ROOT / "examples"


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def unit_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder / "notice_2021.csv"


def unavailable_of(rules: Path) -> list[dict[str, object]]:
    return list(parse_toml(rules.read_text(encoding="utf-8")).get("unavailable", []))


def test_a_unit_tables_recorded_absence_is_not_solved_away(tmp_path):
    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    moved = run("reschedule", out / "timetable.csv", "--unavailable", "区财政局@9月8日 11:00", "--out", out)
    assert moved.exit_code == 0, moved.output
    before = folder_bytes(out)

    again = run("solve", table, "--out", out, "--time-limit", "5")
    assert again.exit_code == 2, again.output
    line = again.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "timetable.toml" in line and "[[unavailable]] 区财政局 9月8日 11:00" in line
    assert "notice_2021.toml" in line and "--discard-changes" in line
    assert folder_bytes(out) == before  # nothing written

    english = run("solve", table, "--out", out, "--time-limit", "5", "--lang", "en")
    assert english.exit_code == 2 and "this folder holds 1 change " in english.output

    dropped = run("solve", table, "--out", out, "--time-limit", "5", "--discard-changes")
    assert dropped.exit_code == 0, dropped.output
    assert "不沿用" in dropped.output and "区财政局" in dropped.output
    assert not any(e.get("unit") == "区财政局" for e in unavailable_of(out / "timetable.toml"))


def test_a_unit_tables_change_copied_into_the_rules_is_kept(tmp_path):
    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    moved = run("reschedule", out / "timetable.csv", "--unavailable", "区财政局@9月8日 11:00", "--out", out)
    assert moved.exit_code == 0, moved.output
    rules = table.with_suffix(".toml")
    rules.write_text(
        rules.read_text(encoding="utf-8") + '\n[[unavailable]]\nunit = "区财政局"\ntimes = ["9月8日 11:00"]\n',
        encoding="utf-8",
    )
    again = run("solve", table, "--out", out, "--time-limit", "5")
    assert again.exit_code == 0, again.output
    row = next(
        line for line in (out / "timetable.csv").read_text(encoding="utf-8-sig").splitlines() if "区财政局" in line
    )
    assert "2021-09-08 11:00" not in row


def test_a_meeting_tables_recorded_absence_is_not_solved_away(tmp_path):
    table, out = copy_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "4").exit_code == 0
    moved = run(
        "reschedule", out / "timetable.csv", "--unavailable", "李科长@7月15日", "--out", out, "--time-limit", "4"
    )
    assert moved.exit_code == 0, moved.output
    before = folder_bytes(out)

    again = run("solve", table, "--out", out, "--time-limit", "4")
    assert again.exit_code == 2, again.output
    line = again.output.strip()
    assert "\n" not in line and "[[unavailable]] 李科长 7月15日" in line and "--discard-changes" in line
    assert folder_bytes(out) == before

    dropped = run("solve", table, "--out", out, "--time-limit", "4", "--discard-changes")
    assert dropped.exit_code == 0, dropped.output
    assert not any(e.get("person") == "李科长" for e in unavailable_of(out / "timetable.toml"))


def test_solving_the_folders_own_table_or_an_unchanged_one_refuses_nothing(tmp_path):
    table, out = copy_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "4").exit_code == 0
    assert run("solve", table, "--out", out, "--time-limit", "4").exit_code == 0  # nothing recorded
    moved = run(
        "reschedule",
        out / "timetable.csv",
        "--pin",
        "标准目录审核（一）@7月16日 8:00",
        "--out",
        out,
        "--time-limit",
        "4",
    )
    assert moved.exit_code == 0, moved.output
    own = run("solve", out / "timetable.csv", "--out", out, "--time-limit", "4")
    assert own.exit_code == 0, own.output


def test_a_unit_withdrawn_by_reschedule_is_not_solved_back(tmp_path, monkeypatch):
    """``reschedule --drop`` lives only in the folder's table: solving the source again brought the unit
    back and re-invited it after its CANCEL (QA review16 finding 2)."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-01T08:00+08:00")
    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    dropped = run("reschedule", out / "timetable.csv", "--drop", "区发改委", "--out", out, "--allow-cancel")
    assert dropped.exit_code == 0, dropped.output
    before = folder_bytes(out)

    again = run("solve", table, "--out", out, "--time-limit", "5")
    assert again.exit_code == 2, again.output
    line = again.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "timetable.csv 中没有的单位“区发改委”" in line and "--discard-changes" in line
    assert folder_bytes(out) == before

    discarded = run("solve", table, "--out", out, "--time-limit", "5", "--discard-changes")
    assert discarded.exit_code == 0, discarded.output
    assert "不沿用" in discarded.output and "区发改委" in discarded.output
    assert "区发改委" in (out / "timetable.csv").read_text(encoding="utf-8-sig")


def test_a_meeting_dropped_or_added_by_reschedule_is_not_solved_away(tmp_path):
    table, out = copy_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "4").exit_code == 0
    first = next(r.split(",")[3] for r in (out / "timetable.csv").read_text(encoding="utf-8-sig").splitlines()[1:])
    changed = run(
        "reschedule",
        out / "timetable.csv",
        "--drop",
        first,
        "--add",
        "补充询问,30分钟,李科长",
        "--out",
        out,
        "--time-limit",
        "4",
    )
    assert changed.exit_code == 0, changed.output
    before = folder_bytes(out)

    again = run("solve", table, "--out", out, "--time-limit", "4")
    assert again.exit_code == 2, again.output
    line = again.output.strip()
    assert "\n" not in line
    assert f"timetable.csv 中没有的会议“{first}”" in line
    # review16 §10: the folder cannot tell an added row from one deleted from the source since: it says both
    assert "timetable.csv 中多出的会议“补充询问”（reschedule --add 所加，或已从源表删去）" in line
    assert folder_bytes(out) == before

    english = run("solve", table, "--out", out, "--time-limit", "4", "--lang", "en")
    assert english.exit_code == 2 and "meeting '补充询问', which only timetable.csv holds (added by" in english.output

    discarded = run("solve", table, "--out", out, "--time-limit", "4", "--discard-changes")
    assert discarded.exit_code == 0, discarded.output
    written = (out / "timetable.csv").read_text(encoding="utf-8-sig")
    assert first in written and "补充询问" not in written


def test_the_same_hours_written_otherwise_are_the_same_entry(tmp_path):
    """Entries are compared by what they read as, not as written: the source's ``9月8日 11:00-12:00`` is
    the folder's ``9月8日 11:00`` (the one 11:00 meeting), and ``7月15日 8:00-19:00`` a meeting table's
    ``7月15日`` (its working hours are 8-12 and 15-19); named missing before (QA review16 finding 9)."""
    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    moved = run("reschedule", out / "timetable.csv", "--unavailable", "区财政局@9月8日 11:00", "--out", out)
    assert moved.exit_code == 0, moved.output
    rules = table.with_suffix(".toml")
    entry = '\n[[unavailable]]\nunit = "区财政局"\ntimes = ["9月8日 11:00-12:00"]\n'
    rules.write_text(rules.read_text(encoding="utf-8") + entry, encoding="utf-8")
    again = run("solve", table, "--out", out, "--time-limit", "5")
    assert again.exit_code == 0, again.output

    table, out = copy_example(tmp_path / "m"), tmp_path / "mout"
    assert run("solve", table, "--out", out, "--time-limit", "4").exit_code == 0
    moved = run(
        "reschedule", out / "timetable.csv", "--unavailable", "李科长@7月15日", "--out", out, "--time-limit", "4"
    )
    assert moved.exit_code == 0, moved.output
    rules = table.with_suffix(".toml")
    entry = '\n[[unavailable]]\nperson = "李科长"\ntimes = "7月15日 8:00-19:00"\n'
    rules.write_text(rules.read_text(encoding="utf-8") + entry, encoding="utf-8")
    again = run("solve", table, "--out", out, "--time-limit", "4")
    assert again.exit_code == 0, again.output
    other = entry.replace("8:00-19:00", "8:00-12:00")  # other hours are still another rule
    rules.write_text(rules.read_text(encoding="utf-8").replace(entry, other), encoding="utf-8")
    moved = run(
        "reschedule", out / "timetable.csv", "--unavailable", "李科长@7月15日", "--out", out, "--time-limit", "4"
    )
    refused = run("solve", table, "--out", out, "--time-limit", "4")
    assert refused.exit_code == 2 and "[[unavailable]] 李科长" in refused.output, refused.output


def test_a_folder_of_another_timetable_names_a_few_of_its_rows_and_how_many_more(tmp_path):
    """A folder holding another table's timetable differs in every row: the one line names twelve and
    says how many more, rather than every unit of a city."""
    import csv

    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    for name in ("timetable.xlsx", "timetable.toml"):  # (the table's rows alone)
        (out / name).unlink()
    written = out / "timetable.csv"
    rows = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines()))
    unit = rows[0].index("单位")
    for row in rows[1:]:
        row[unit] = "新" + row[unit]
    with written.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)
    refused = run("solve", table, "--out", out, "--time-limit", "5")
    assert refused.exit_code == 2 and "\n" not in refused.output.strip(), refused.output
    units = len(rows) - 1  # the folder's own units, which the source lacks (its own, never called off, are not)
    assert refused.output.count("中多出的单位") == 12 and f"另有 {units - 12} 项" in refused.output
    assert "中没有的单位" not in refused.output


def test_a_unit_added_to_the_source_since_is_no_change_of_the_folder(tmp_path):
    """A unit the folder's table lacks because the office added it to the source after solving is solved in
    without a word: only units whose invites the folder called off (``reschedule --drop``) are kept out."""
    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    text = table.read_text(encoding="utf-8-sig")
    last = text.rstrip("\n").splitlines()[-1]
    table.write_text(text.replace(last + "\n", ""), encoding="utf-8-sig")  # the folder never had it
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    table.write_text(text, encoding="utf-8-sig")
    again = run("solve", table, "--out", out, "--time-limit", "5")
    assert again.exit_code == 0, again.output


def test_a_unit_deleted_from_the_source_is_named_as_either_and_its_entries_not_at_all(tmp_path):
    """Review16 §10: a unit deleted from the source after a reschedule recorded its absence: the absence is
    about a unit that no longer exists (not named: nothing could keep it), and the row the folder still
    holds is named as what it may be, added by --add or deleted from the source since."""
    table, out = unit_example(tmp_path / "in"), tmp_path / "out"
    assert run("solve", table, "--out", out, "--time-limit", "5").exit_code == 0
    moved = run("reschedule", out / "timetable.csv", "--unavailable", "区财政局@9月8日 11:00", "--out", out)
    assert moved.exit_code == 0, moved.output
    text = table.read_text(encoding="utf-8-sig")
    table.write_text("".join(r for r in text.splitlines(True) if ",区财政局," not in r), encoding="utf-8-sig")
    again = run("solve", table, "--out", out, "--time-limit", "5")
    assert again.exit_code == 2, again.output
    assert "[[unavailable]]" not in again.output and "1 项调整" in again.output
    assert "中多出的单位“区财政局”（reschedule --add 所加，或已从源表删去）" in again.output
    assert run("solve", table, "--out", out, "--time-limit", "5", "--discard-changes").exit_code == 0
