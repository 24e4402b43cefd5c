"""A unit-table replanning names the units it moved only because of the category order (QA jobs16 F7):
one department away, and the street offices after it move too; the terminal says which, with the rule's
name, in both languages, and the adjustment notice says so in its sentence before the table."""

from __future__ import annotations

from click.testing import CliRunner
from docx import Document

from scheduler.cli.main import main
from scheduler.domain import Room
from scheduler.rules.category_order import CategoryOrder
from tests.conftest import at, small_problem

RULES = """title = "对接"
timezone = "Asia/Shanghai"
days = ["2027-09-08", "2027-09-09"]
hours = ["8:00", "9:00", "10:00"]
meeting_minutes = 60
categories = ["部门", "镇办"]
[[rooms]]
name = "420房间"
"""
TABLE = "序号,单位,类别\n1,区局01,部门\n2,区局02,部门\n3,街道01,镇办\n4,街道02,镇办\n"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


def test_the_street_offices_moved_for_a_departments_absence_are_named_with_the_rule(tmp_path):
    (tmp_path / "t.csv").write_text(TABLE, encoding="utf-8")
    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    out = tmp_path / "out"
    assert run("solve", tmp_path / "t.csv", "--out", out, "--time-limit", "5").exit_code == 0
    english = run("reschedule", out / "timetable.csv", "--unavailable", "区局01@9月8日", "--lang", "en")
    assert "moved only because of the category order (部门 → 镇办)" in english.output, english.output
    moved = run("reschedule", out / "timetable.csv", "--unavailable", "区局01@9月8日", "--out", out)
    assert moved.exit_code == 0, moved.output
    line = next(x for x in moved.output.splitlines() if "[category-order]" in x)
    assert "只因类别顺序（部门 → 镇办）随之调整" in line and "街道01" in line and "街道02" in line
    assert "区局01" not in line  # the unit the change names moved for its own reason
    text = [p.text for p in Document(str(out / "调整通知.docx")).paragraphs]
    assert any("因各类别须按 部门、镇办 的顺序对接而随之调整" in p for p in text), text


def test_forced_moves_are_those_whose_old_time_breaks_the_order():
    units = [("甲", "部门", ""), ("乙", "部门", ""), ("丙", "镇办", ""), ("丁", "镇办", "")]
    problem = small_problem(units, hours=(8, 9, 10, 11, 12), rooms=(Room("420", 1),))
    before = {"甲": at(8, 8), "乙": at(8, 9), "丙": at(8, 10), "丁": at(8, 11)}
    after = {"甲": at(8, 10), "乙": at(8, 9), "丙": at(8, 11), "丁": at(8, 12)}
    # 丙 at 10 would not be after 甲's 10; 丁 at 11 would be, and moved for the room 丙 took; 甲 moved first
    assert CategoryOrder().forced_moves(problem, before, after) == ["丙"]
    assert CategoryOrder().forced_moves(small_problem(units, categories=()), before, after) == []


def test_json_names_the_units_moved_only_because_of_the_order(tmp_path):
    """``--json`` says what the terminal's [category-order] line says (QA review16, low)."""
    import json

    (tmp_path / "t.csv").write_text(TABLE, encoding="utf-8")
    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    out = tmp_path / "out"
    assert run("solve", tmp_path / "t.csv", "--out", out, "--time-limit", "5").exit_code == 0
    said = run("reschedule", out / "timetable.csv", "--unavailable", "区局01@9月8日", "--json")
    document = json.loads(said.output)
    assert sorted(document["moved_by_order"]) == ["街道01", "街道02"], document
