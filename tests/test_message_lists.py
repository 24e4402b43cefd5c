"""Lists inside messages are joined by the renderer in the run's language (QA english14 F2: the
Chinese 、 stood in English lines, because ~35 callers joined their lists before making the message)."""

from __future__ import annotations

import re
from datetime import datetime

from scheduler import Problem, Room, Timetable, validate
from scheduler.domain import Calendar, Meeting, Unit
from scheduler.errors import InputError
from scheduler.files.load import build
from scheduler.files.rules_file import parse_rules
from scheduler.files.tables import parse_table
from scheduler.text.messages import Message, joined, render
from tests.conftest import ROOT


def test_a_list_value_is_joined_in_the_messages_language():
    said = Message("input.bad_category", value="Dept", known=["Department", "Street"])
    assert render(said, "en").endswith("(Department, Street)")
    assert render(said, "zh").endswith("（Department、Street）")
    assert joined(["a", "b"], "en") == "a, b" and joined(["甲", "乙"], "zh") == "甲、乙"


def test_an_english_category_error_lists_with_commas():
    rules = parse_rules({"days": ["2026-03-02"], "hours": ["9:00"], "categories": ["Department", "Street"]}, "t.toml")
    try:
        build(parse_table("Unit,Category\nA,Dept\n", "t.csv"), rules)
    except InputError as error:
        assert error.text("en").endswith("not in the rules' category order (Department, Street)"), error.text("en")
    else:
        raise AssertionError("not refused")


def test_the_window_of_an_outside_meeting_is_listed_with_commas_in_english():
    calendar = Calendar((datetime(2026, 3, 2).date(), datetime(2026, 3, 3).date()), (datetime(1, 1, 1, 9).time(),
                        datetime(1, 1, 1, 10).time()), 60, "Asia/Shanghai")  # fmt: skip
    problem = Problem((Unit("A"),), calendar, (Room("", 1),))
    report = validate(problem, Timetable((Meeting("A", datetime(2026, 3, 2, 12)),)))
    line = next(v.message.text("en") for v in report.violations if "outside" in v.message.text("en"))
    assert "(Mar 2, Mar 3 9:00, 10:00)" in line and "、" not in line, line
    chinese = next(v.message.text("zh") for v in report.violations if "不在对接时间内" in v.message.text("zh"))
    assert "（3月2日、3月3日 9:00、10:00）" in chinese


def test_no_message_value_is_joined_before_the_message_is_made():
    """The source keeps it so: a "、".join( is left only where a published file's Chinese text is made
    (the annex, the meeting sheets, the invites' calendar text) and in the renderer's one join."""
    allowed = {
        "scheduler/text/messages.py",  # joined(): the one place
        "scheduler/files/copies.py",  # a unit's places in a copy of the table, compared as text
        "scheduler/invites/calendar.py",
        "scheduler/invites/meetings.py",
        "scheduler/files/meeting_changes.py",  # an added meeting's cells, written into the table as a clerk would
        "scheduler/files/meeting_files.py",  # a 时段偏好 cell typed on several lines, kept as the clerk's words (zh)
    }
    found = []
    for path in sorted((ROOT / "scheduler").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith(("scheduler/export/", "scheduler/text/catalog/")) or name in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {m.group()}" for m in re.finditer(r'"、"\s*\.join|"、" if lang|else "、"', text)]
    assert found == []
