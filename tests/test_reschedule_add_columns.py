"""``reschedule --add`` takes a meeting table's other columns as ``KEY=VALUE`` parts (QA jobs16 F5: a late
parent–teacher talk could not say its room, and went to another teacher's), each read by the table's own
row reader, and written into the table of the folder so that it holds on the next replan."""

from __future__ import annotations

import csv
import io
from datetime import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.meeting_changes import parse_meeting_changes
from scheduler.files.meeting_files import load_meetings

RULES = """days = ["2027-03-10"]
hours = ["18:00-19:00"]
grid_minutes = 10
people = "people.csv"
[[rooms]]
name = "301室"
[[rooms]]
name = "303室"
seats = 3
"""


def _table(folder: Path) -> Path:
    """Two teachers, each in their own room (指定会议室 on every row); a family's talks."""
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "conf.csv"
    table.write_text(
        "会议,时长,参会人员,指定会议室\n家长001-语文老师,10分钟,家长001、语文老师,301室\n"
        "家长001-英语老师,10分钟,家长001、英语老师,303室\n",
        encoding="utf-8",
    )
    (folder / "conf.toml").write_text(RULES, encoding="utf-8")
    people = "姓名,邮箱\n" + "".join(
        f"{n},p{i}@example.org\n" for i, n in enumerate(("家长001", "家长004", "语文老师", "英语老师"))
    )
    (folder / "people.csv").write_text(people, encoding="utf-8")
    return table


def _add(tmp_path: Path, text: str):
    (added,) = parse_meeting_changes(load_meetings(_table(tmp_path)), add=[text]).adds
    return added


def test_add_reads_the_tables_other_columns_by_their_headers(tmp_path):
    added = _add(tmp_path, "家长004-英语老师,10分钟,家长004、英语老师,指定会议室=303室,人数=3,时段=下午,系列=英语")
    assert (added.rooms, added.seats, added.window.part, added.series) == (frozenset({"303室"}), 3, "afternoon", "英语")
    english = _add(tmp_path, "T,10,家长004、英语老师,语文老师,Rooms allowed=301室,303室,Not before=18:30")
    assert english.rooms == frozenset({"301室", "303室"})  # a part without = continues the value before it
    assert english.optional == ("语文老师",) and english.window.not_before == time(18, 30)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("T,10,家长004,座位=3", "'座位' is not a column --add takes (did you mean 'Seats'?)"),
        ("T,10,家长004,Seets=3", "'Seets' is not a column --add takes (did you mean 'Seats'?)"),
        ("T,10,家长004,颜色=红", "'颜色' is not a column --add takes (it takes: Optional, Seats, Rooms allowed"),
        ("T,10,家长004,指定会议室=309室", "指定会议室: there is no room '309室'"),
        ("T,10,家长004,人数=三人", "人数: "),
        ("T,10,家长004,人数=3,人数=4", "'人数' is given twice"),
        ("T,10,家长004,结束=18:20", "'结束' is not a column --add takes (it takes: "),
        ("T,10,家长004,会议室=303室", "add --pin 'T@TIME[@ROOM]'"),
        ("T,10,指定会议室=303室", "expected MEETING,LENGTH,REQUIRED"),
        # review16 §10: a participant after KEY=VALUE was silently part of the note
        ("T,10,家长004,备注=x,英语老师", "'英语老师' is a participant but comes after '备注=…'"),
    ],
)
def test_add_refuses_a_part_it_cannot_read_naming_it(tmp_path, text, said):
    with pytest.raises(InputError) as caught:
        _add(tmp_path, text)
    assert f"--add '{text}': " in caught.value.text("en") and said in caught.value.text("en"), caught.value.text("en")


def test_the_added_meeting_goes_to_its_room_and_its_row_keeps_the_columns(tmp_path):
    """Without the room wish the solver may put the talk in 301室 (free then); the row written keeps 人数,
    a column the table lacked, so that the folder's next replan reads it too."""
    table = _table(tmp_path / "in")
    env = {"DOCKING_LANG": None, "SOURCE_DATE_EPOCH": "1751500800"}
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(out), "--time-limit", "5"], env=env)
    assert result.exit_code == 0, result.output
    add = "家长004-英语老师,10分钟,家长004、英语老师,指定会议室=303室,人数=3"
    args = ["reschedule", str(out / "timetable.csv"), "--add", add, "--out", str(out), "--time-limit", "5"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "timetable.csv").read_text(encoding="utf-8-sig"))))
    (row,) = [r for r in rows if r["会议"] == "家长004-英语老师"]
    assert (row["会议室"], row["指定会议室"], row["人数"], row["时长"]) == ("303室", "303室", "3", "10分钟")
    (added,) = [s for s in load_meetings(out / "timetable.csv").problem.sessions if s.title == "家长004-英语老师"]
    assert added.seats == 3 and added.rooms == frozenset({"303室"})


def test_an_added_meetings_length_is_kept_when_the_table_has_no_length_column(tmp_path):
    """Before, a table without 时长 wrote the added meeting's row without it: read again, 30 minutes became
    the rules' default hour."""
    (tmp_path / "t.csv").write_text("会议,参会人员\nA,甲、乙\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text('days = ["2027-03-10"]\nhours = ["9:00-12:00"]\n[[rooms]]\nname = "R"\n')
    env = {"DOCKING_LANG": None, "SOURCE_DATE_EPOCH": "1751500800"}
    out = tmp_path / "o"
    assert CliRunner().invoke(main, ["solve", str(tmp_path / "t.csv"), "--out", str(out)], env=env).exit_code == 0
    args = ["reschedule", str(out / "timetable.csv"), "--add", "B,30分钟,甲", "--out", str(out)]
    assert CliRunner().invoke(main, args, env=env).exit_code == 0
    minutes = {s.title: s.minutes for s in load_meetings(out / "timetable.csv").problem.sessions}
    assert minutes == {"A": 60, "B": 30}


def test_a_meeting_option_s_form_is_said_in_the_run_s_language(tmp_path):
    """A Chinese run says the form in Chinese, as the unit table's --add does (QA review16, low): it said
    'MEETING,LENGTH,REQUIRED…' inside a Chinese sentence."""
    with pytest.raises(InputError) as caught:
        _add(tmp_path, "T,10,指定会议室=303室")
    zh, en = caught.value.text("zh"), caught.value.text("en")
    assert "应为 会议,时长,参会人员[,可选参会人员][,列名=值…]" in zh and "MEETING" not in zh, zh
    assert "expected MEETING,LENGTH,REQUIRED[,OPTIONAL][,KEY=VALUE…]" in en, en


def test_a_part_after_key_value_that_names_nobody_continues_the_value(tmp_path):
    assert _add(tmp_path, "T,10,家长004,备注=请带材料,谢谢").note == "请带材料,谢谢"
