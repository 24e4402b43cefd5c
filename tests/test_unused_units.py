"""A unit of a meeting table's rules ``units`` that no meeting names (nor any of its people), or a unit of
the people sheet that none does, near a participant's name, is said on stderr with the name meant, not
passed over: a misspelt ``units`` entry made the table's unit a mere person of that name (no people sheet),
a misspelt 单位 left its people out of their unit's meetings (Twentieth session)."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.meeting_files import load_meetings
from tests.formats_helpers import ROOT

MEETINGS = ROOT / "examples" / "meetings_2025.csv"
MEETING_RULES = ROOT / "examples" / "meetings_2025.toml"
PEOPLE = ROOT / "examples" / "people_2025.csv"


def _folder(tmp_path, rules=("", ""), people=("", "")):
    table = tmp_path / "m.csv"
    shutil.copy(MEETINGS, table)
    text = PEOPLE.read_text(encoding="utf-8")
    assert people[0] in text
    (tmp_path / PEOPLE.name).write_text(text.replace(*people, 1), encoding="utf-8")
    text = MEETING_RULES.read_text(encoding="utf-8")
    assert rules[0] in text
    (tmp_path / "m.toml").write_text(text.replace(*rules, 1), encoding="utf-8")
    return table


def _notes(table) -> list[str]:
    table_read = load_meetings(table).table
    assert table_read is not None
    return [note.text("zh") for note in table_read.notes]


def test_the_example_says_no_unit_unused(tmp_path):
    assert _notes(_folder(tmp_path)) == []


def test_a_rules_unit_no_meeting_names_is_said_with_the_name_meant(tmp_path):
    table = _folder(tmp_path, rules=('"柏庄镇政府"]', '"柏庄镇政府", "区发改局"]'))
    (said,) = _notes(table)
    assert "键“units”" in said and "“区发改局”" in said and "（是不是“区发改委”？）" in said, said


def test_a_rules_unit_misspelt_without_a_people_sheet_is_said(tmp_path):
    table = _folder(tmp_path, rules=('"区发改委"', '"区发该委"'))
    text = (tmp_path / "m.toml").read_text(encoding="utf-8")
    (tmp_path / "m.toml").write_text(text.replace('people = "people_2025.csv"', ""), encoding="utf-8")
    notes = _notes(table)
    assert any("“区发该委”" in n and "是不是“区发改委”" in n for n in notes), notes


def test_a_people_sheet_unit_near_a_participant_is_said(tmp_path):
    row = "柏庄镇政府,,bzz@example.org,"
    table = _folder(tmp_path, people=(row, f"{row}\n钱会计,区财攻局,qian@example.org,"))
    notes = _notes(table)
    assert any("区财攻局" in n and "是不是“区财政局”" in n for n in notes), notes


def test_the_note_is_said_on_stderr_by_solve(tmp_path):
    table = _folder(tmp_path, rules=('"柏庄镇政府"]', '"柏庄镇政府", "区发改局"]'))
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(tmp_path / "o"), "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    assert "区发改局" in result.output and "是不是“区发改委”" in result.output, result.output
