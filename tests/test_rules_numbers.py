"""Every number of a rules file is refused outside its range, naming the file, the line, the key and the
range (QA qarules20 F2: ``meeting_minutes = 99999999999999999999`` was an internal error, ``gap_minutes = 5000``
an IndexError in the solver, ``gap_minutes = 99999999999999999999`` a ``solve`` that ran past
``--time-limit``); and a room left without a name among several is refused at its line (F1: its units
were invited to the other, full, room)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.meeting_files import load_meetings
from tests.formats_helpers import NOTICE, ROOT, RULES

MEETINGS = ROOT / "examples" / "meetings_2025.csv"
MEETING_RULES = ROOT / "examples" / "meetings_2025.toml"
PEOPLE = ROOT / "examples" / "people_2025.csv"
HUGE = "99999999999999999999"
NO_QUOTES = "(without quotes), not"


def _unit_folder(tmp_path, old: str, new: str):
    table = tmp_path / "t.csv"
    shutil.copy(NOTICE, table)
    text = RULES.read_text(encoding="utf-8")
    assert old in text, old
    (tmp_path / "t.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "contacts_2021.csv", tmp_path / "contacts_2021.csv")
    return table


def _meeting_folder(tmp_path, old: str, new: str):
    table = tmp_path / "m.csv"
    shutil.copy(MEETINGS, table)
    shutil.copy(PEOPLE, tmp_path / PEOPLE.name)
    text = MEETING_RULES.read_text(encoding="utf-8")
    assert old in text, old
    (tmp_path / "m.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return table


def _line(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _refused(table, command: str = "solve", lang: str = "en") -> str:
    out = table.parent / "out"
    args = [command, str(table), "--out", str(out), "--time-limit", "5", "--lang", lang]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert not out.exists()  # nothing written
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    return result.output.strip()


@pytest.mark.parametrize(
    ("old", "new", "key", "said"),
    [
        (
            "meeting_minutes = 60",
            f"meeting_minutes = {HUGE}",
            "meeting_minutes",
            f"from 1 to 1440 {NO_QUOTES} {HUGE}",
        ),
        (
            "meeting_minutes = 60",
            f"meeting_minutes = 60\nyear = {HUGE}",
            "year",
            f"from 1970 to 2100 {NO_QUOTES} {HUGE}",
        ),
        ("capacity = 2", f"capacity = {HUGE}", "rooms[1].capacity", f"from 1 to 1000 {NO_QUOTES} {HUGE}"),
    ],
)
def test_a_unit_rules_files_number_out_of_range_is_refused_with_its_range(tmp_path, old, new, key, said):
    table = _unit_folder(tmp_path, old, new)
    line = _line(table.with_suffix(".toml"), new.splitlines()[-1])
    assert _refused(table).startswith(f"{table.with_suffix('.toml')}, line {line}, key {key}: {key.split('.')[-1]}")
    assert said in _refused(table)


@pytest.mark.parametrize(
    ("old", "new", "key", "said"),
    [
        ("gap_minutes = 15", "gap_minutes = 5000", "gap_minutes", f"from 0 to 1440 {NO_QUOTES} 5000"),
        (
            "seats = 12",
            f"seats = 12\ncapacity = {HUGE}",
            "rooms[2].capacity",
            f"from 1 to 1000 {NO_QUOTES} {HUGE}",
        ),
        ("grid_minutes = 15", f"grid_minutes = {HUGE}", "grid_minutes", f"from 1 to 1440 {NO_QUOTES} {HUGE}"),
        ("changeover_minutes = 15", "changeover_minutes = 100000", "rooms[1].changeover_minutes", "not 100000"),
    ],
)
def test_a_meeting_rules_files_number_out_of_range_is_refused_with_its_range(tmp_path, old, new, key, said):
    table = _meeting_folder(tmp_path, old, new)
    line = _line(table.with_suffix(".toml"), new.splitlines()[-1])
    refused = _refused(table)
    assert refused.startswith(f"{table.with_suffix('.toml')}, line {line}, key "), refused
    assert f"{key}: " in refused and said in refused


def test_a_gap_too_large_for_the_solver_to_finish_is_refused_when_read(tmp_path):
    """``gap_minutes = 99999999999999999999`` ran ``solve --time-limit 10`` for more than 10 minutes."""
    table = _meeting_folder(tmp_path, "gap_minutes = 15", f"gap_minutes = {HUGE}")
    with pytest.raises(InputError) as caught:
        load_meetings(table)
    assert caught.value.line == _line(table.with_suffix(".toml"), "gap_minutes =")
    assert "须为 0 到 1440 的整数" in caught.value.text("zh")


def test_a_number_in_quotes_is_told_to_lose_its_quotes(tmp_path):
    table = _unit_folder(tmp_path, "capacity = 2", 'capacity = "2"')
    assert "写成不带引号的数字 2" in _refused(table, lang="zh")


def test_a_room_without_a_name_among_several_is_refused_at_its_line(tmp_path):
    """A second room whose name was left blank (its units were invited to the first, full, room)."""
    table = _unit_folder(tmp_path, "capacity = 2", 'capacity = 1\n\n[[rooms]]\nname = ""\ncapacity = 1')
    line = _line(table.with_suffix(".toml"), 'name = ""')
    refused = _refused(table, lang="zh")
    assert refused.startswith(f"{table.with_suffix('.toml')}, 第 {line} 行, 键“rooms[2].name”: 房间名称不能为空"), (
        refused
    )


def test_a_unit_without_a_room_among_several_is_not_invited_to_another_room(tmp_path, monkeypatch):
    """A timetable whose room cell is blank (several rooms): the invite names no room rather than the rooms'
    names joined, which was the other room's alone when the blank one was a room without a name (F1)."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-01T09:00:00+08:00")
    table = _unit_folder(tmp_path, "capacity = 2", 'capacity = 1\n\n[[rooms]]\nname = "二号房间"\ncapacity = 1')
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["solve", str(table), "--out", str(out), "--time-limit", "10"]).exit_code == 0
    timetable = out / "timetable.csv"
    lines = timetable.read_text(encoding="utf-8-sig").splitlines()
    row = next(i for i, line in enumerate(lines) if line.endswith(",二号房间"))
    unit = lines[row].split(",")[2]
    lines[row] = lines[row].removesuffix("二号房间")
    timetable.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["ics", str(timetable), "--out", str(tmp_path / "inv")])
    assert result.exit_code == 0, result.output
    invite = (tmp_path / "inv" / f"{unit}.ics").read_text(encoding="utf-8")
    assert "区政府420房间" not in invite and "二号房间" not in invite
