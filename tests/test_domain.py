"""The domain checks itself: each malformed problem is refused when built, with a message saying what.

One row per way a problem can be wrong, each with a comment saying what is wrong
(after PyJobShop's tests/test_ProblemData.py); the English message is asserted.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from scheduler import Calendar, Link, Meeting, Pin, Problem, ProblemError, Room, Timetable, Unavailable, Unit
from scheduler.domain import labels

DAY = date(2021, 9, 8)
CALENDAR = Calendar((DAY,), (time(8), time(9)))
UNITS = (Unit("甲局", "部门"), Unit("乙局", "部门"), Unit("子街道", "镇办"))


def problem(**changes: Any) -> Problem:
    fields: dict[str, Any] = dict(units=UNITS, calendar=CALENDAR, categories=("部门", "镇办"))
    fields.update(changes)
    return Problem(**fields)


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (lambda: Unit(""), "unit name '' is empty or has outer spaces"),  # a unit without a name
        (lambda: Unit(" 甲局"), "unit name ' 甲局' is empty or has outer spaces"),  # a name with an outer space
        (lambda: Room("420", 0), "room 420: capacity 0 must be at least 1"),  # a room that holds no one
        (lambda: Calendar((), (time(8),)), "no meeting days or hours"),  # no days
        (lambda: Calendar((DAY,), ()), "no meeting days or hours"),  # no hours
        (  # days out of order
            lambda: Calendar((date(2021, 9, 9), DAY), (time(8),)),
            "days and hours must be in order, without repeats",
        ),
        (  # an hour listed twice
            lambda: Calendar((DAY,), (time(8), time(8))),
            "days and hours must be in order, without repeats",
        ),
        (lambda: Calendar((DAY,), (time(8),), minutes=0), "meeting length 0 minutes must be positive"),  # no length
        (  # hours closer than a meeting lasts
            lambda: Calendar((DAY,), (time(8), time(8, 30))),
            "hours 8:00 and 8:30 are less than 60 minutes apart and would overlap",
        ),
        # Values of the wrong kind: these escaped as AttributeError/TypeError or were accepted.
        (lambda: Unit(5), "Unit.name must be a str, not 5"),  # a number for a name
        (lambda: Unit("甲局", None), "Unit.category must be a str, not None"),  # None for "no category"
        (lambda: Room("r", None), "Room.capacity must be a whole number of at least 1, not None"),
        (lambda: Room("r", 1.5), "Room.capacity must be a whole number of at least 1, not 1.5"),  # half a room
        (lambda: Room("r", True), "Room.capacity must be a whole number of at least 1, not True"),  # a bool
        (lambda: Room("r", seats=2.5), "Room.seats must be None or a whole number of at least 1, not 2.5"),
        (  # minutes not a number
            lambda: Calendar((DAY,), (time(8),), float("nan")),
            "Calendar.minutes must be a whole number of at least 1, not nan",
        ),
        (lambda: Calendar((DAY,), (time(8),), None), "Calendar.minutes must be a whole number of at least 1, not None"),
        (  # a day written as text
            lambda: Calendar(("2021-09-08",), (time(8),)),
            "Calendar.days must be a tuple of date (no time of day), not '2021-09-08'",
        ),
        (  # a day with a time of day
            lambda: Calendar((datetime(2021, 9, 8, 8),), (time(8),)),
            "Calendar.days must be a tuple of date (no time of day), not datetime",
        ),
        (  # an hour in a zone of its own: the calendar's zone says where the hours are
            lambda: Calendar((DAY,), (time(8, tzinfo=UTC),)),
            "Calendar.hours must be a tuple of time without a time zone, not time",
        ),
        (  # a zone the IANA database lacks (the rules file's reader already refused it)
            lambda: Calendar((DAY,), (time(8),), timezone="Mars/Base"),
            "time zone 'Mars/Base' is unknown (an IANA name is needed, such as Asia/Shanghai)",
        ),
        (  # a folder of zones, not a zone
            lambda: Calendar((DAY,), (time(8),), timezone="Asia"),
            "time zone 'Asia' is unknown (an IANA name is needed, such as Asia/Shanghai)",
        ),
        (
            lambda: Calendar((DAY,), (time(8),), timezone=None),
            "Calendar.timezone must be a str, not None",
        ),
        (  # the last meeting of a day would end on the next
            lambda: Calendar((DAY,), (time(23, 30),)),
            "a meeting at 23:30 lasting 60 minutes would run past midnight",
        ),
        (  # longer than a day
            lambda: Calendar((DAY,), (time(0),), minutes=25 * 60),
            "a meeting at 0:00 lasting 1500 minutes would run past midnight",
        ),
        # Timetable rows, pins and unavailability: these were accepted, then judged "outside the hours".
        (  # a time written as text
            lambda: Meeting("甲局", "2021-09-08 08:00"),
            "Meeting.start must be None or a datetime without a time zone (local time, in the calendar's zone),"
            " not '2021-09-08 08:00'",
        ),
        (  # a day without a time
            lambda: Meeting("甲局", DAY),
            "Meeting.start must be None or a datetime without a time zone (local time, in the calendar's zone),"
            " not date",
        ),
        (  # an aware time equal to a slot was reported "outside the meeting hours (... 8:00 ...)"
            lambda: Meeting("甲局", datetime(2021, 9, 8, 8, tzinfo=UTC)),
            "Meeting.start must be None or a datetime without a time zone (local time, in the calendar's zone),"
            " not datetime",
        ),
        (lambda: Meeting("甲局", None, 420), "Meeting.room must be a str, not 420"),  # a room number, not a name
        (lambda: Meeting(None, None), "Meeting.unit must be a str, not None"),
        (  # a list of rows: not hashable
            lambda: Timetable([Meeting("甲局", None)]),
            "Timetable.meetings must be a tuple of Meeting, not list",
        ),
        (  # a pin to a day
            lambda: Pin("甲局", DAY),
            "Pin.start must be a datetime without a time zone (local time, in the calendar's zone), not date",
        ),
        (  # one time, not a collection of them
            lambda: Unavailable("甲局", datetime(2021, 9, 8, 8)),
            "Unavailable.starts must be a collection of datetime (a frozenset, set or list), not datetime",
        ),
    ],
)
def test_malformed_parts_are_refused(build, says):
    with pytest.raises(ProblemError) as caught:
        build()
    assert caught.value.text("en") == says


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"units": (*UNITS, Unit("甲局", "部门"))}, "unit 甲局 appears more than once"),  # a unit twice
        ({"rooms": ()}, "no rooms"),  # nowhere to meet
        ({"rooms": (Room("420"), Room("420"))}, "room '420' is listed twice"),  # two rooms, one name
        ({"categories": ("部门", "部门")}, "categories repeat"),  # a category twice in the order
        (  # a unit whose category is not in the order
            {"units": (Unit("甲局", "委办"),)},
            "甲局: category '委办' is not in the category order (部门, 镇办)",
        ),
        ({"pins": (Pin("丙局", datetime(2021, 9, 8, 8)),)}, "there is no unit '丙局' in the table"),  # pin: no unit
        (  # a pin at a time that is not a slot
            {"pins": (Pin("甲局", datetime(2021, 9, 8, 10)),)},
            "甲局: pinned time Sep 8 10:00 is not a meeting slot",
        ),
        (  # one unit pinned twice
            {"pins": (Pin("甲局", datetime(2021, 9, 8, 8)), Pin("甲局", datetime(2021, 9, 8, 9)))},
            "a unit is pinned twice",
        ),
        (  # unavailability of a unit not in the table
            {"unavailable": (Unavailable("丙局", frozenset()),)},
            "there is no unit '丙局' in the table",
        ),
        (  # unavailable at a time that is not a slot
            {"unavailable": (Unavailable("甲局", frozenset({datetime(2021, 9, 8, 10)})),)},
            "甲局: unavailable time Sep 8 10:00 is not a meeting slot",
        ),
        ({"links": (Link("甲局", "丙局"),)}, "there is no unit '丙局' in the table"),  # a link to no one
        ({"links": (Link("甲局", "甲局"),)}, "甲局 cannot follow itself"),  # a unit after itself
        (  # two units both right after one
            {"links": (Link("甲局", "乙局"), Link("甲局", "子街道"))},
            "link 甲局 -> 子街道 clashes with another: a unit follows at most one and is followed by at most one",
        ),
        (  # a ring of links: nobody can go first
            {"links": (Link("甲局", "乙局"), Link("乙局", "甲局"))},
            "the links starting at 甲局 form a cycle",
        ),
        ({"units": ("甲局",)}, "Problem.units must be a tuple of Unit, not '甲局'"),  # names, not units
        ({"units": list(UNITS)}, "Problem.units must be a tuple of Unit, not list"),  # a list: not hashable
        ({"calendar": None}, "Problem.calendar must be a Calendar, not None"),  # solve said "NoneType has no len()"
        ({"rooms": ("420",)}, "Problem.rooms must be a tuple of Room, not '420'"),
        ({"categories": "部门"}, "Problem.categories must be a tuple of str, not '部门'"),  # one str, not a tuple
        ({"reference": ()}, "Problem.reference must be a Timetable, not tuple"),
        # the published times (before, unchecked: a move of displacement 0 from a time that is no slot)
        (
            {"reference": Timetable((Meeting("丙局", datetime(2021, 9, 8, 8)),))},
            "there is no unit '丙局' in the table",
        ),
        (
            {"reference": Timetable((Meeting("甲局", datetime(2021, 9, 8, 8)), Meeting("甲局", None)))},
            "甲局 is in the published timetable twice",
        ),
        (
            {"reference": Timetable((Meeting("甲局", datetime(2021, 9, 8, 10)),))},
            "甲局: published time Sep 8 10:00 is not a meeting slot",
        ),
        (  # an aware time equal to a slot: said so, not "not a meeting slot"
            {"unavailable": (Unavailable("甲局", {datetime(2021, 9, 8, 8, tzinfo=UTC)}),)},
            "Unavailable.starts must be a datetime without a time zone (local time, in the calendar's zone),"
            " not datetime",
        ),
        (  # a day among the times
            {"unavailable": (Unavailable("甲局", [DAY, datetime(2021, 9, 8, 8)]),)},
            "Unavailable.starts must be a datetime without a time zone (local time, in the calendar's zone), not date",
        ),
    ],
)
def test_malformed_problems_are_refused(changes, says):
    with pytest.raises(ProblemError) as caught:
        problem(**changes)
    assert caught.value.text("en") == says


def test_unavailable_times_given_as_a_set_or_list_are_kept_frozen():
    # A set raised "unhashable type: 'set'" inside Problem.replace; any collection is frozen when given.
    eight, nine = datetime(2021, 9, 8, 8), datetime(2021, 9, 8, 9)
    for given in ({eight}, [eight, nine], (nine,)):
        entry = Unavailable("甲局", given)
        assert entry.starts == frozenset(given)
        assert problem().replace(unavailable=(entry,)).unavailable_slots() == (frozenset(map(CALENDAR.index, given)),)


def test_a_pandas_timestamp_is_a_local_time():
    import pandas as pd

    assert Meeting("甲局", pd.Timestamp(2021, 9, 8, 8)).start == datetime(2021, 9, 8, 8)


def test_a_meeting_may_end_at_midnight():
    assert Calendar((DAY,), (time(23),)).end(0) == datetime(2021, 9, 9)


def test_a_well_formed_problem_is_accepted_and_replace_checks_again():
    good = problem(links=(Link("甲局", "乙局"),), pins=(Pin("子街道", datetime(2021, 9, 8, 9)),))
    assert good.category_rank("子街道") == 1
    with pytest.raises(ProblemError):
        good.replace(rooms=())


def test_unavailability_is_numbered_once_in_entry_order_and_the_earliest_stray_time_is_named():
    nine, eight = datetime(2021, 9, 8, 9), datetime(2021, 9, 8, 8)
    entries = (Unavailable("乙局", frozenset({nine})), Unavailable("甲局", frozenset({eight, nine})))
    made = problem(unavailable=entries)
    assert made.unavailable_slots() == (frozenset({1}), frozenset({0, 1}))
    assert problem().unavailable_slots() == ()
    # several times that are not slots: the earliest is named, whatever the set's order
    strays = frozenset({datetime(2021, 9, 8, 17), datetime(2021, 9, 8, 10), nine, datetime(2021, 9, 8, 12)})
    with pytest.raises(ProblemError) as caught:
        problem(unavailable=(Unavailable("甲局", strays),))
    assert caught.value.text("en") == "甲局: unavailable time Sep 8 10:00 is not a meeting slot"


def test_a_copy_keeps_the_numbers_of_the_unavailable_times_it_keeps(monkeypatch):
    """``replace`` numbers only what changed: the same entries on the same calendar are not
    numbered again (at 5,000 units that was 0.25 s a copy, several copies a replan); a new
    entry, or another calendar, is."""
    nine, eight = datetime(2021, 9, 8, 9), datetime(2021, 9, 8, 8)
    kept = Unavailable("甲局", frozenset({eight, nine}))
    made = problem(unavailable=(kept,))
    numbered: list[frozenset[datetime]] = []
    real = Calendar.slot_set
    monkeypatch.setattr(Calendar, "slot_set", lambda self, moments: (numbered.append(moments), real(self, moments))[1])
    copy = made.replace(pins=(Pin("子街道", nine),))
    assert numbered == [] and copy.unavailable_slots() == made.unavailable_slots() == (frozenset({0, 1}),)
    added = Unavailable("乙局", frozenset({nine}))
    assert made.replace(unavailable=(kept, added)).unavailable_slots() == (frozenset({0, 1}), frozenset({1}))
    assert numbered == [added.starts]
    later = Calendar((date(2021, 9, 7), date(2021, 9, 8)), CALENDAR.hours)
    day = len(CALENDAR.hours)  # the first day's slots come first now
    assert made.replace(calendar=later).unavailable_slots() == (frozenset({day, day + 1}),)


@pytest.mark.parametrize(
    ("group", "found"),
    [
        ("F", {"f"}),
        ("Ｆ ", {"f"}),  # full-width, with the space a copy brings: the same label
        ("f", {"f"}),  # another case: the same label
        ("Ａ，ｂ／Ｃ", {"a", "b", "c"}),  # full-width separators separate too
        ("甲组　乙组", {"甲组", "乙组"}),  # an ideographic space separates
        ("", set()),
    ],
)
def test_group_labels_are_folded_by_width_and_case(group, found):
    assert labels(Unit("甲局", "部门", group)) == found


def test_the_labels_of_every_unit_of_a_5000_unit_table_are_kept():
    """Read once per unit, not once per use: with room for 4,096, a pass over 5,000 units in turn
    found none of them kept (each use folded the text again, 88,000 times in a 5,000-unit solve)."""
    from scheduler.domain import Unit, labels

    units = [Unit(f"单位{i}", "部门", f"A{i % 7}、b") for i in range(5000)]
    for unit in units:
        labels(unit)
    before = labels.cache_info()
    assert [labels(unit) for unit in units[:3]] == [
        frozenset({"a0", "b"}),
        frozenset({"a1", "b"}),
        frozenset({"a2", "b"}),
    ]
    for unit in units:
        labels(unit)
    assert labels.cache_info().misses == before.misses


def test_a_table_time_outside_the_hours_is_the_checkers_to_say_not_a_published_time(tmp_path):
    # the loader's reference leaves it out (Problem refuses a published time that is no slot), so
    # load() still reads the table and validate() names the row, as before
    import shutil

    import scheduler
    from tests.conftest import ROOT

    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    table = tmp_path / "notice_2021.csv"
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(text.replace("4,9 月 8 日 11:00,区财政局", "4,9 月 8 日 13:00,区财政局"), encoding="utf-8")
    loaded = scheduler.load(table)
    assert loaded.problem.reference is not None
    assert "区财政局" not in loaded.problem.reference.starts()
    report = scheduler.validate(loaded.problem, loaded.timetable)
    assert not report.ok and any("区财政局" in line for line in report.lines("en"))


def test_a_room_named_where_the_rules_name_none_says_so_not_an_empty_list(tmp_path):
    # before: "room 'Z' is not in the rules (known: )", the default room having no name to list
    import scheduler

    timetable = Timetable((Meeting("甲局", datetime(2021, 9, 8, 8), "Z"),))
    lines = scheduler.validate(problem(), timetable).lines("en")
    assert any(
        "room 'Z' is not in the rules (they name no rooms: leave it empty)" in line and "known" not in line
        for line in lines
    ), lines
    (tmp_path / "t.csv").write_text("单位,类别,时间,房间\n甲局,部门,9月8日 8:00,Z\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text(
        'days = ["2021-09-08"]\nhours = ["8:00-10:00"]\ncategories = ["部门"]\n', encoding="utf-8"
    )
    with pytest.raises(scheduler.InputError) as caught:
        scheduler.load(tmp_path / "t.csv")
    assert caught.value.text("en").endswith(
        "row 2, column 房间: room 'Z' is not in the rules (they name no rooms: leave this column empty)"
    )


def test_labels_split_as_the_separators_and_white_space_pattern_did():
    """``labels`` splits at ``;,，；、/`` and white space without a pattern (``str.split``): the same labels
    as ``re.split(r"[;,，；、/\\s]+")`` for every separator and every white space character there is."""
    import re
    import sys

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    for text in ("A", "A、B", " A ;, B / c ", "A，B；C", f"A{spaces}B", "、、", "", "a b\u3000c\x1cd"):
        unit = Unit("某局", group=text)
        folded = unicodedata.normalize("NFKC", text).casefold().strip()
        assert labels(unit) == {part for part in re.split(r"[;,，；、/\s]+", folded) if part}, text


def test_a_problem_hashes_as_its_fields_once_and_copies_and_pickles_alike():
    """The hash is computed once and kept (the caches keyed by the problem hash it at every call): equal problems
    hash alike, a problem changed by ``replace`` hashes anew, and a pickled one hashes again where it is read."""
    import copy
    import dataclasses
    import pickle

    days = (date(2021, 9, 8), date(2021, 9, 9))
    problem = Problem((Unit("甲", group="A"), Unit("乙")), Calendar(days, (time(8), time(9))), (Room("420", 2),))
    same = Problem((Unit("甲", group="A"), Unit("乙")), Calendar(days, (time(8), time(9))), (Room("420", 2),))
    fields = tuple(getattr(problem, f.name) for f in dataclasses.fields(problem) if f.compare)
    assert hash(problem) == hash(same) == hash(fields) == hash(problem)
    other = dataclasses.replace(problem, title="another")
    assert other != problem and hash(other) == hash((*fields[:-2], "another", None))
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and again.__dict__["_hash"] is None and hash(again) == hash(problem)
    assert copy.copy(problem) == problem and hash(copy.deepcopy(problem)) == hash(problem)
    assert {problem: 1}[same] == 1
