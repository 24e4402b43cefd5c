"""Daylight saving (docs/invites.md, "Daylight saving"): a wall-clock time a zone's clock skips (spring)
or repeats (autumn) is no meeting's start, end or inside, for meeting tables and unit tables alike; a
pin there is refused saying why; the checker says why; every .ics time is one instant, read the same
by icalendar and libical; a proposal on the repeated hour is not taken for the first one."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from icalendar import Calendar as ICalendar

from scheduler.cli.main import main
from scheduler.domain import Calendar, Meeting, Pin, Problem, Room, Timetable, Unit
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Workdays
from scheduler.errors import ProblemError
from scheduler.invites.lines import EventLines
from scheduler.meetings.check import check_meetings
from scheduler.meetings.planner import solve_meetings
from scheduler.rules.check import validate
from scheduler.text.times import format_time
from tests.test_invite_files import libical_python

NY = "America/New_York"
SPRING, AUTUMN = date(2027, 3, 14), date(2027, 11, 7)  # New York: 2:00 -> 3:00, and 2:00 -> 1:00
LONDON_SPRING, LONDON_AUTUMN = date(2027, 3, 28), date(2027, 10, 31)  # London: 1:00 -> 2:00, 2:00 -> 1:00


def _clocks(workdays: Workdays, day: date) -> list[str]:
    return [f"{m.hour}:{m.minute:02d}" for m in map(workdays.moment, workdays.steps) if m.date() == day]


@pytest.mark.parametrize(
    ("zone", "day", "gone"),
    [
        (NY, SPRING, ["1:45", "2:00", "2:15", "2:30", "2:45"]),  # 1:45-2:00 ends at a time that does not exist
        (NY, AUTUMN, ["0:45", "1:00", "1:15", "1:30", "1:45"]),  # 1:00-2:00 happens twice; 0:45 ends at 1:00
        ("Europe/London", LONDON_SPRING, ["0:45", "1:00", "1:15", "1:30", "1:45"]),
        ("Europe/London", LONDON_AUTUMN, ["0:45", "1:00", "1:15", "1:30", "1:45"]),
    ],
)
def test_the_hour_the_clock_skips_or_repeats_is_no_working_time(zone: str, day: date, gone: list[str]) -> None:
    workdays = Workdays((day - timedelta(days=1), day), ((time(0), time(4)),), 15, zone)
    every = [f"{h}:{m:02d}" for h in range(4) for m in range(0, 60, 15)]
    assert _clocks(workdays, day) == [c for c in every if c not in gone]
    assert _clocks(workdays, day - timedelta(days=1)) == every  # the day before keeps its night


def test_a_pin_in_the_skipped_or_repeated_hour_is_refused_saying_why() -> None:
    workdays = Workdays((SPRING, AUTUMN), ((time(0), time(4)),), 15, NY)
    skipped = workdays.refuses(datetime(2027, 3, 14, 2), 60)
    assert skipped is not None
    assert skipped.text("en") == (
        "Mar 14 2:00-3:00: the clock skips this hour in America/New_York (daylight saving starts): "
        "no meeting can be held then"
    )
    repeated = workdays.refuses(datetime(2027, 11, 7, 1, 30), 60)
    assert repeated is not None and "the clock repeats this hour in America/New_York" in repeated.text("en")
    across = workdays.refuses(datetime(2027, 3, 14, 1), 120)  # 1:00 EST to 3:00 EDT is one real hour
    assert across is not None and "skips" in across.text("en")
    assert workdays.refuses(datetime(2027, 3, 14, 3), 60) is None
    assert workdays.refuses(datetime(2027, 11, 7, 2), 60) is None  # 2:00 EST happens once


def _problem(day: date, zone: str) -> MeetingProblem:
    sessions = tuple(Session(f"会{i}", 60, (Attendee("王主任"),)) for i in range(2))
    workdays = Workdays((day,), ((time(1), time(5)),), 15, zone)
    return MeetingProblem(sessions, workdays, (Room("会议室", 1, 10),), people=(Person("王主任"),))


@pytest.mark.parametrize(("day", "zone"), [(SPRING, NY), (AUTUMN, NY), (LONDON_SPRING, "Europe/London")])
def test_the_solver_never_places_a_meeting_across_a_clock_change(day: date, zone: str) -> None:
    problem = _problem(day, zone)
    result = solve_meetings(problem, time_limit=10, workers=1)
    assert result.plan is not None
    for placement in result.plan.placements:
        assert placement.start is not None
        assert problem.workdays.clock_fault(placement.start, 60) is None, placement


def test_the_checker_says_the_clock_skips_the_hour() -> None:
    problem = _problem(SPRING, NY)
    plan = Plan(tuple(Placement(f"会{i}", datetime.combine(SPRING, time(h)), "会议室") for i, h in enumerate((3, 2))))
    report = check_meetings(problem, plan)
    said = [v.message.text("zh") for v in report.violations if v.rule == "working-hours"]
    assert said == ["会议“会1”：3月14日 2:00-3:00：America/New_York 的时钟跳过这段时间（夏令时开始），不能在此安排会议"]


def test_a_unit_calendar_drops_the_slots_the_clock_skips_and_a_pin_there_says_why() -> None:
    calendar = Calendar((SPRING,), (time(0), time(1), time(2), time(3)), 60, NY)
    assert [s.hour for s in calendar.slots] == [0, 3]  # 1:00 ends at 2:00, which does not exist
    with pytest.raises(ProblemError) as caught:
        Problem((Unit("区财政局"),), calendar, pins=(Pin("区财政局", datetime(2027, 3, 14, 2)),))
    assert "the clock skips this hour in America/New_York" in caught.value.message.text("en")


@pytest.mark.parametrize(
    ("day", "hour", "said"),
    [
        (SPRING, 2, "单位“区财政局”：3月14日 2:00-3:00：America/New_York 的时钟跳过这段时间（夏令时开始）"),
        (AUTUMN, 1, "单位“区财政局”：11月7日 1:00-2:00：America/New_York 的时钟把这段时间走两遍（夏令时结束）"),
        (SPRING, 5, "区财政局 安排在 3月14日 5:00，不在对接时间内"),  # not one of the hours: outside, as before
    ],
)
def test_a_unit_timetable_at_a_time_the_clock_skips_is_told_why(day: date, hour: int, said: str) -> None:
    """QA timecal14: a hand-made unit timetable at one of the calendar's hours the clock skips got the
    generic "outside the meeting days and hours" line; it says the clock's sentence (clock.clock_message)."""
    calendar = Calendar((day,), (time(0), time(1), time(2), time(3)), 60, NY)
    problem = Problem((Unit("区财政局"),), calendar)
    report = validate(problem, Timetable((Meeting("区财政局", datetime.combine(day, time(hour))),)))
    (message,) = [v.message.text("zh") for v in report.violations if v.rule == "within-window"]
    assert message.startswith(said)


def test_an_ics_time_the_clock_skips_or_repeats_is_written_in_utc() -> None:
    zone = ZoneInfo(NY)
    second = datetime(2027, 11, 7, 6, 30, tzinfo=UTC).astimezone(zone)  # 1:30 EST, the second
    assert second.fold == 1
    lines = EventLines().value("dtstart", second).value("dtend", datetime(2027, 11, 7, 3, tzinfo=zone)).done()
    assert b"DTSTART:20271107T063000Z\r\n" in lines
    assert b"DTEND;TZID=America/New_York:20271107T030000\r\n" in lines


def test_a_time_on_the_repeated_hour_reads_as_the_second_one() -> None:
    second = datetime(2027, 11, 7, 6, 30, tzinfo=UTC).astimezone(ZoneInfo(NY)).replace(tzinfo=None)
    assert format_time(second) == "11月7日 1:30（回拨后）"
    assert format_time(second.replace(fold=0)) == "11月7日 1:30"


def _campaign(folder: Path) -> Path:
    (folder / "m.csv").write_text(
        "会议,时长,参会人员\n周会,1小时,王主任\n审核一,1小时,王主任\n审核二,1小时,李科长\n培训,1小时,李科长\n",
        encoding="utf-8",
    )
    (folder / "people.csv").write_text("姓名,邮箱\n王主任,wang@example.org\n李科长,li@example.org\n", encoding="utf-8")
    (folder / "m.toml").write_text(
        f'people = "people.csv"\ntimezone = "{NY}"\ndays = ["2027-03-14", "2027-11-07"]\nhours = ["0:00-4:00"]\n'
        '[[rooms]]\nname = "会议室"\n[invites]\ncampaign = "dst-test"\n'
        '[invites.organizer]\nname = "办公室"\nemail = "office@example.org"\n',
        encoding="utf-8",
    )
    return folder / "m.csv"


def _icalendar_instants(path: Path) -> list[tuple[int, int]]:
    calendar = ICalendar.from_ical(path.read_bytes())
    return [(int(e["DTSTART"].dt.timestamp()), int(e["DTEND"].dt.timestamp())) for e in calendar.walk("VEVENT")]


LIBICAL_INSTANTS = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I

out = {}
for path in sys.argv[1:]:
    cal = I.Component.new_from_string(open(path, encoding="utf-8").read())
    zones = {}
    tz = cal.get_first_component(I.ComponentKind.VTIMEZONE_COMPONENT)
    while tz is not None:
        zone = I.Timezone.new()
        zone.set_component(tz.clone())
        zones[zone.get_tzid()] = zone
        tz = cal.get_next_component(I.ComponentKind.VTIMEZONE_COMPONENT)
    events = []
    ev = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        pair = []
        for kind in (I.PropertyKind.DTSTART_PROPERTY, I.PropertyKind.DTEND_PROPERTY):
            prop = ev.get_first_property(kind)
            value = prop.get_dtstart() if kind == I.PropertyKind.DTSTART_PROPERTY else prop.get_dtend()
            param = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
            zone = zones[param.get_tzid()] if param is not None else I.Timezone.get_utc_timezone()
            pair.append(I.Time.as_timet_with_zone(value, zone))
        events.append(pair)
        ev = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    out[path] = events
print(json.dumps(out))
"""


def test_invites_around_both_changes_are_the_same_instants_in_icalendar_and_libical(tmp_path: Path) -> None:
    table = _campaign(tmp_path)
    done = CliRunner().invoke(main, ["solve", str(table), "--out", str(tmp_path / "out"), "--time-limit", "10"])
    assert done.exit_code == 0, done.output
    files = sorted((tmp_path / "out" / "invites").rglob("*.ics"))
    zone = ZoneInfo(NY)
    for path in files:
        for start, end in _icalendar_instants(path):
            assert end - start == 3600, path  # every meeting lasts the hour it says
            local = datetime.fromtimestamp(start, zone)
            assert local.replace(tzinfo=None, fold=0).replace(tzinfo=zone).timestamp() == start  # one instant
    python = libical_python()
    if python is None:
        pytest.skip("libical's GObject bindings are not installed (apt-get install gir1.2-ical-3.0 python3-gi)")
    read = subprocess.run(
        [python, "-c", LIBICAL_INSTANTS, *map(str, files)], capture_output=True, check=True, text=True, timeout=120
    )
    by_libical = json.loads(read.stdout)
    for path in files:
        assert [tuple(p) for p in by_libical[str(path)]] == _icalendar_instants(path), path


def _unit_files(folder: Path, pin: str | None, table_time: str = "") -> tuple[Path, Path]:
    rules = f'timezone = "{NY}"\ndays = ["2027-03-14"]\nhours = ["1:00-5:00"]\n'
    if pin is not None:
        rules += f'\n[[pins]]\nunit = "A"\ntime = "{pin}"\n'
    (folder / "r.toml").write_text(rules, encoding="utf-8")
    (folder / "t.csv").write_text(f"单位,时间\nA,{table_time}\nB,\n", encoding="utf-8")
    return folder / "t.csv", folder / "r.toml"


@pytest.mark.parametrize(
    ("pin", "said"),
    [
        ("2027-03-14 2:00", "3月14日 2:00-3:00：America/New_York 的时钟跳过这段时间（夏令时开始），不能在此安排会议"),
        (  # it ends at a time that does not exist: said so (QA qadst23 F5)
            "2027-03-14 1:00",
            "3月14日 1:00-2:00：结束时间 2:00 在 America/New_York 这一夜不存在"
            "（夏令时开始，时钟从 2:00 直接拨到 3:00），不能在此安排会议",
        ),
        ("2027-03-14 7:00", "3月14日 7:00 不在对接日期和时段内"),
    ],
)
def test_a_unit_rules_pin_at_no_slot_is_told_on_its_line_and_key_with_the_reason(
    tmp_path: Path, pin: str, said: str
) -> None:
    """Review14 F8: solve told a rules file's pin in the hour the clock skips as outside the meeting days
    and hours, with neither line nor key, and advised clearing the table's 时间 column (the pin is no
    row of the table); a pin merely outside the window lost its line and key the same way."""
    table, rules = _unit_files(tmp_path, pin)
    for command in ("solve", "validate"):
        done = CliRunner().invoke(main, [command, str(table), "--rules", str(rules)])
        assert done.exit_code == 2, done.output
        assert done.output == f"{rules}, 第 7 行, 键“pins[1].time”: {said}\n", done.output


def test_a_table_time_the_clock_skips_is_told_why_and_solve_still_says_the_column_may_be_cleared(
    tmp_path: Path,
) -> None:
    table, rules = _unit_files(tmp_path, None, "2027-03-14 2:00")
    done = CliRunner().invoke(main, ["solve", str(table), "--rules", str(rules)])
    assert done.exit_code == 2
    assert done.output == (
        f"{table}, 第 2 行, 列“时间”: 3月14日 2:00-3:00：America/New_York 的时钟跳过这段时间（夏令时开始），"
        "不能在此安排会议（solve 会重新排时间：清空“时间”列即可）\n"
    )


def test_the_window_a_time_is_outside_lists_no_hour_the_clock_takes_away(tmp_path: Path) -> None:
    """Review14 F8: on a one-day campaign on the spring change, 1:00 and 2:00 are no meeting's hours;
    validate listed them among the window's hours all the same."""
    table, rules = _unit_files(tmp_path, None, "2027-03-14 6:00")
    done = CliRunner().invoke(main, ["validate", str(table), "--rules", str(rules)])
    assert "A 安排在 3月14日 6:00，不在对接时间内（3月14日 3:00、4:00）" in done.output, done.output


def test_the_calendar_asks_the_zone_once_a_day_not_once_a_slot(monkeypatch):
    """qafuzz17 #5: a year of 1-minute slots asked the zone 525,600 times (7 s before any solving)."""
    import scheduler.domain as domain

    asked: list[date] = []
    real = domain.changes_on
    monkeypatch.setattr(domain, "changes_on", lambda day, zone: asked.append(day) or real(day, zone))
    days = tuple(date(2021, 3, 1) + timedelta(days=i) for i in range(30))
    hours = tuple(time(h, m) for h in range(8, 12) for m in range(60))
    calendar = Calendar(days, hours, minutes=1, timezone="America/New_York")
    assert len(asked) == len(days)
    assert len(calendar) == len(days) * len(hours)  # 2021-03-14's skip is at 2:00, outside these hours


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("2027-03-14T02:00", "3月14日 2:00-3:00：America/New_York 的时钟跳过这段时间（夏令时开始），不能在此安排会议"),
        ("2027-03-14T07:00", "3月14日 7:00 不在对接日期和时段内"),
    ],
)
def test_the_web_grids_move_and_away_into_the_hour_the_clock_skips_say_why(tmp_path: Path, start: str, said: str):
    """QA qadst23 F3: the grid offers the change night's hours as cells; a move there was refused as "not
    one of the meeting days and hours", though 2:00 is one of them: the clock's sentence, as the CLI's."""
    from tests.test_web_app import client_for, post, version

    table, rules = _unit_files(tmp_path, None)
    folder = tmp_path / "project"
    solved = CliRunner().invoke(main, ["solve", str(table), "--rules", str(rules), "--out", str(folder)])
    assert solved.exit_code == 0, solved.output
    _, client, guard = client_for(folder)
    moved = post(client, guard, "/api/move", {"version": version(client), "index": 0, "start": start})
    assert moved.status_code == 400 and said in moved.get_json()["error"], moved.get_json()
    away = post(client, guard, "/api/away", {"version": version(client), "unit": "A", "slot": start, "away": True})
    assert away.status_code == 400 and said in away.get_json()["error"], away.get_json()


def test_a_reschedule_pin_into_the_hour_the_clock_skips_says_why(tmp_path: Path) -> None:
    table, rules = _unit_files(tmp_path, None)
    folder = tmp_path / "project"
    assert CliRunner().invoke(main, ["solve", str(table), "--rules", str(rules), "--out", str(folder)]).exit_code == 0
    result = CliRunner().invoke(main, ["reschedule", str(folder / "timetable.csv"), "--pin", "A@3月14日 2:00"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "--pin “A@3月14日 2:00”：3月14日 2:00-3:00：America/New_York 的时钟跳过这段时间（夏令时开始），不能在此安排会议"
    )


@pytest.mark.parametrize(
    ("start", "minutes", "zone", "said"),
    [
        (  # the meeting runs normally; only its end does not exist
            datetime(2027, 3, 28, 0, 0),
            60,
            "Europe/London",
            "Mar 28 0:00-1:00: it ends at 1:00, which does not exist in Europe/London that night (daylight saving "
            "starts: the clocks go from 1:00 straight to 2:00): no meeting can be held then",
        ),
        (
            datetime(2027, 3, 28, 0, 30),
            30,
            "Europe/London",
            "Mar 28 0:30-1:00: it ends at 1:00, which does not exist in Europe/London that night (daylight saving "
            "starts: the clocks go from 1:00 straight to 2:00): no meeting can be held then",
        ),
        (  # its end happens twice
            datetime(2027, 11, 7, 0, 30),
            30,
            NY,
            "Nov 7 0:30-1:00: it ends at 1:00, which happens twice in America/New_York that night (daylight saving "
            "ends: the clocks go back from 2:00 to 1:00): no meeting can be held then",
        ),
        (  # Lord Howe's half-hour change: the span is the clock's, not an hour
            datetime(2027, 10, 3, 1, 0),
            60,
            "Australia/Lord_Howe",
            "Oct 3 1:00-2:00: it ends at 2:00, which does not exist in Australia/Lord_Howe that night (daylight "
            "saving starts: the clocks go from 2:00 straight to 2:30): no meeting can be held then",
        ),
        (  # its start is skipped: the hour itself
            datetime(2027, 3, 28, 1, 0),
            60,
            "Europe/London",
            "Mar 28 1:00-2:00: the clock skips this hour in Europe/London (daylight saving starts): no meeting can be "
            "held then",
        ),
    ],
)
def test_a_meeting_that_only_ends_at_the_change_is_told_its_end(start, minutes, zone, said) -> None:
    """QA qadst23 F5: "0:00-1:00: the clock skips this hour" of a meeting the clock runs through normally."""
    from scheduler.domain.clock import clock_fault, clock_message

    fault = clock_fault(start, minutes, zone)
    assert fault is not None and clock_message(fault, start, minutes, zone).text("en") == said


def _london_wishes(folder: Path, rows: str) -> Path:
    (folder / "m.csv").write_text("会议,时长,参会人员,时段偏好\n" + rows, encoding="utf-8")
    (folder / "m.toml").write_text(
        'timezone = "Europe/London"\ndays = ["2027-03-27", "2027-03-28"]\nhours = ["0:00-3:00"]\n'
        '[[rooms]]\nname = "会议室"\n',
        encoding="utf-8",
    )
    return folder / "m.csv"


def test_a_wish_the_clock_change_takes_away_says_so_not_outside_the_days_and_hours(tmp_path: Path) -> None:
    """QA qadst23 F4: a 2-hour meeting wishing Mar 28 0:00-3:00 in London (only 0:00-1:00 and 2:00-3:00
    exist that night) was said to lie "outside the meeting days or working hours"."""
    from scheduler.files.meeting_files import load_meetings

    rows = "交接甲,2小时,王主任,3月28日 0:00-3:00\n交接乙,1小时,王主任,3月28日 0:00-3:00\n交接丙,1小时,李科长,3月29日\n"
    said = [e.text("en") for e in load_meetings(_london_wishes(tmp_path, rows)).unmet_wishes]
    assert said == [
        f"{tmp_path / 'm.csv'}, row 2, column 时段偏好: the preferred time '3月28日 0:00-3:00' is within the meeting "
        "days and working hours, but Europe/London changes its clocks that night (on Mar 28 the clocks go from 1:00 "
        "straight to 2:00) and what is left of it cannot hold this meeting: no timetable can meet it (a hint; it is "
        "counted as unmet; rewrite the wish)",
        f"{tmp_path / 'm.csv'}, row 4, column 时段偏好: the preferred time '3月29日' lies outside the meeting days or "
        "working hours: no timetable can meet it (a hint; it is counted as unmet; check the date or rewrite the wish)",
    ]  # 交接乙, one hour, fits 0:00-1:00 or 2:00-3:00: no hint


def test_a_summer_only_campaign_in_a_zone_with_summer_time_gets_its_years_transitions() -> None:
    """QA qadst23 F11: a July campaign in London sent a VTIMEZONE saying Europe/London is BST (+0100) all
    year since 1970, a false zone under the real name; the fixed form only where the offset does not
    change in the years concerned (Asia/Shanghai, America/Phoenix)."""
    from scheduler.invites.vcalendar import vtimezone

    london = ZoneInfo("Europe/London")
    july = vtimezone(london, date(2027, 7, 6), date(2027, 7, 7))
    shown = [(c.name, str(c["TZNAME"]), c["DTSTART"].dt) for c in july.subcomponents]
    assert shown == [
        ("STANDARD", "GMT", datetime(2027, 1, 1)),
        ("DAYLIGHT", "BST", datetime(2027, 3, 28, 1)),
        ("STANDARD", "GMT", datetime(2027, 10, 31, 2)),
    ]
    assert july.to_ical() == vtimezone(london, date(2027, 10, 30), date(2027, 11, 2)).to_ical()  # one definition
    for zone in ("Asia/Shanghai", "America/Phoenix"):
        fixed = vtimezone(ZoneInfo(zone), date(2027, 7, 6), date(2027, 7, 7))
        assert [c.name for c in fixed.subcomponents] == ["STANDARD"]
