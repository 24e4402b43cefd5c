"""``solve`` and ``reschedule`` of a meeting table as of now (docs/replanning.md, "Meetings that have
started"): a published meeting that has started stays where it was, no meeting is placed before now;
a campaign whose days are all over is planned as given with one warning. ``DOCKING_NOW`` fixes now."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.domain import Room
from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Placement, Plan, Session, Window, Workdays
from scheduler.meetings.as_of import as_of
from scheduler.meetings.planner import solve_meetings

DAYS = ("2026-12-01", "2026-12-07")
NOW = "2026-12-05T12:00:00+08:00"


def _problem() -> MeetingProblem:
    sessions = tuple(Session(t, 60, (Attendee("王主任"),)) for t in ("培训", "周会", "审核"))
    workdays = Workdays((date(2026, 12, 1), date(2026, 12, 7)), ((time(8), time(12)),), 15)
    return MeetingProblem(sessions, workdays, (Room("会议室", 1, 10),), people=(Person("王主任"),))


def test_meetings_that_started_are_pinned_and_the_others_start_after_now() -> None:
    problem = _problem()
    published = Plan((Placement("培训", datetime(2026, 12, 1, 8), "会议室"),))
    now = datetime.fromisoformat("2026-12-05T12:00:00+08:00")
    result = solve_meetings(as_of(problem, published, now), time_limit=10, workers=1)
    assert result.plan is not None
    starts = {p.title: p.start for p in result.plan.placements}
    assert starts["培训"] == datetime(2026, 12, 1, 8)  # held: stays
    assert starts["周会"].date() == starts["审核"].date() == date(2026, 12, 7)  # type: ignore[union-attr]


def test_a_campaign_not_begun_or_all_over_is_left_as_it_is() -> None:
    problem = _problem()
    assert as_of(problem, None, datetime.fromisoformat("2026-11-01T00:00:00+08:00")) is problem
    assert as_of(problem, None, datetime.fromisoformat("2027-01-01T00:00:00+08:00")) is problem


def _table(folder: Path) -> Path:
    (folder / "m.csv").write_text(
        "会议,时长,参会人员,时间,会议室\n培训,1小时,王主任,2026-12-01 08:00,会议室\n"
        "周会,1小时,王主任,2026-12-07 09:00,会议室\n审核,1小时,李科长,2026-12-07 10:00,会议室\n",
        encoding="utf-8",
    )
    (folder / "m.toml").write_text(
        f'days = ["{DAYS[0]}", "{DAYS[1]}"]\nhours = ["8:00-12:00"]\n[[rooms]]\nname = "会议室"\n', encoding="utf-8"
    )
    return folder / "m.csv"


def _times(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig") as f:
        return {row["会议"]: row["时间"] for row in csv.DictReader(f)}


def test_reschedule_never_moves_a_held_meeting_nor_into_the_past(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOCKING_NOW", NOW)
    table = _table(tmp_path)
    out = tmp_path / "out"
    args = ["reschedule", str(table), "--unavailable", "王主任@12月7日 9:00-10:00", "--out", str(out)]
    done = CliRunner().invoke(main, [*args, "--time-limit", "5"])
    assert done.exit_code == 0, done.output
    times = _times(out / "timetable.csv")
    assert times["培训"] == "2026-12-01 08:00"  # held on 12-01: not moved
    assert times["周会"].startswith("2026-12-07") and times["周会"] != "2026-12-07 09:00"  # moved, not into the past


def test_solve_of_a_campaign_all_over_warns_in_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOCKING_NOW", "2027-06-01T00:00:00+08:00")
    done = CliRunner().invoke(main, ["solve", str(_table(tmp_path)), "--time-limit", "5", "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "note: every meeting day is over by now (Jun 1 0:00)" in done.output


def test_a_daily_earliest_start_and_now_both_hold_the_later_one_wins() -> None:
    """review14 F5: a meeting whose own 不早于 is a time of day (9:00, every day) was left that bound only,
    so at 12:10 it could still be placed at 9:00 the same morning, before now, and never be invited."""
    window = Window(not_before=time(9), not_after=time(13, 15))  # starts 9:00 to 12:15, every day
    sessions = (Session("培训", 60, (Attendee("王主任"),), window=window),)
    one_day = Workdays((date(2026, 12, 5),), ((time(8), time(18)),), 15)
    problem = _problem().replace(sessions=sessions, workdays=one_day)
    now = datetime.fromisoformat("2026-12-05T12:10:00+08:00")
    result = solve_meetings(as_of(problem, None, now), time_limit=10, workers=1)
    assert result.plan is not None
    assert result.plan.placements[0].start == datetime(2026, 12, 5, 12, 15)  # now on the grid, not 9:00
    # and the daily bound still holds on the days after (now is not a dated bound that replaces it)
    three_days = Workdays((date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 7)), ((time(8), time(18)),), 15)
    late = as_of(problem.replace(workdays=three_days), None, datetime.fromisoformat("2026-12-05T17:30:00+08:00"))
    result = solve_meetings(late, time_limit=10, workers=1)
    assert result.plan is not None
    start = result.plan.placements[0].start
    assert start is not None and start.date() > date(2026, 12, 5) and time(9) <= start.time() <= time(12, 15)


def test_solve_of_the_example_mid_campaign_places_nothing_before_now(
    tmp_path: Path, monkeypatch, meetings_example: Path
) -> None:
    """review14 F5, the shipped example: 季度检查培训 (不早于 9:00) was placed at 7月15日 9:00 with now 12:00."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    example = meetings_example / "meetings_2025.csv"  # (a copy: solve --out locks the table's folder)
    out = tmp_path / "o"
    done = CliRunner().invoke(main, ["solve", str(example), "--time-limit", "10", "--out", str(out)])
    assert done.exit_code == 0, done.output
    with (out / "timetable.csv").open(encoding="utf-8-sig") as f:
        starts = [row["时间"] for row in csv.DictReader(f)]
    assert starts and all(s >= "2025-07-15 12:00" for s in starts), starts


def test_a_meeting_whose_own_latest_end_has_passed_unheld_is_said_by_name() -> None:
    """Its dated 不晚于 is past and it was never held: the problem as of now says so naming the meeting and
    both times (before: the window's order, "earliest start 12月5日 12:00 must come before 12月2日 11:00",
    naming no meeting)."""
    import pytest

    from scheduler.errors import ProblemError
    from scheduler.text.messages import render

    problem = _problem()
    late = tuple(
        Session(s.title, s.minutes, s.attendees, window=Window(not_after=datetime(2026, 12, 2, 11)))
        if s.title == "审核"
        else s
        for s in problem.sessions
    )
    now = datetime.fromisoformat(NOW)
    with pytest.raises(ProblemError) as caught:
        as_of(problem.replace(sessions=late), None, now)
    said = render(caught.value.message, "zh")
    assert "审核" in said and "12月2日 11:00" in said and "12月5日 12:00" in said


def _court(folder: Path, first: str = "2025-07-15 09:00") -> Path:
    """A court's day (review16 repro m2): 调解会 in the morning, 庭前会议 → 审理 → 宣判 linked on one afternoon."""
    (folder / "p.csv").write_text(
        "姓名,单位,邮箱\n张法官,法院,zhang@example.org\n李书记员,法院,li@example.org\n王律师,律所,wang@example.org\n",
        encoding="utf-8",
    )
    (folder / "timetable.csv").write_text(
        "序号,时间,会议室,会议,时长,参会人员\n"
        f"1,{first},一号庭,调解会,60分钟,王律师\n"
        "2,2025-07-15 14:00,一号庭,庭前会议,60分钟,张法官、李书记员\n"
        "3,2025-07-15 15:30,一号庭,审理,60分钟,张法官、李书记员、王律师\n"
        "4,2025-07-15 16:30,一号庭,宣判,30分钟,张法官\n",
        encoding="utf-8",
    )
    (folder / "timetable.toml").write_text(
        'days = ["2025-07-15", "2025-07-16"]\nhours = ["9:00-12:00", "14:00-17:00"]\ngrid_minutes = 30\n'
        'people = "p.csv"\nrooms = [{ name = "一号庭", seats = 10 }]\nlinks = [\n'
        '    { first = "庭前会议", then = "审理", gap_minutes = 30, same_day = true },\n'
        '    { first = "审理", then = "宣判", same_day = true },\n]\n',
        encoding="utf-8",
    )
    return folder / "timetable.csv"


def test_a_begun_meeting_is_told_as_started_with_now_not_as_a_pin(tmp_path: Path, monkeypatch) -> None:
    """(review16 finding 3) No pin was written: the meeting has begun, said as the unit tables say it."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T14:30+08:00")
    table = _court(tmp_path)
    args = ["reschedule", str(table), "--unavailable", "李书记员@7月15日 15:00-17:00", "--time-limit", "10"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 1, done.output
    said = "会议“庭前会议”7月15日 14:00 已开始（现在 7月15日 14:30），在会议室“一号庭”保持不动  [started: 已开始的会议"
    assert said in done.output
    assert "固定在" not in done.output


def test_a_begun_meeting_a_required_participant_missed_is_placed_again_after_now(tmp_path: Path, monkeypatch) -> None:
    """(review16 finding 3) 王律师 did not come to 调解会 at 9:00: it did not take place; placed after now."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path)
    out = tmp_path / "out"
    args = ["reschedule", str(table), "--unavailable", "王律师@7月15日 9:00-10:00", "--out", str(out)]
    done = CliRunner().invoke(main, [*args, "--time-limit", "10"])
    assert done.exit_code == 0, done.output
    times = _times(out / "timetable.csv")
    assert times["调解会"] >= "2025-07-15 14:00", times
    assert times["庭前会议"] == "2025-07-15 14:00"


def test_a_begun_meeting_off_the_grid_is_refused_at_its_row_and_time_column(tmp_path: Path, monkeypatch) -> None:
    """(review16 finding 6) Not "a pin" with no place: the table's file, row and 时间 column, and what it is."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path, first="2025-07-15 09:10")
    args = ["reschedule", str(table), "--unavailable", "王律师@7月15日 15:00-16:00", "--time-limit", "5"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    assert f"{table}, 第 2 行, 列“时间”" in done.output
    assert "已于 7月15日 9:10 开始" in done.output and "30 分钟的时间粒度" in done.output
    assert "Traceback" not in done.output and "固定" not in done.output


def test_explain_says_why_solve_fails_as_of_now(monkeypatch) -> None:
    """explain of a meeting table plans as of now as solve does: an hour before the campaign's end the
    example's meetings no longer fit, and explain said there was no conflict while solve failed."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-16T17:00+08:00")
    example = Path(__file__).resolve().parent.parent / "examples" / "meetings_2025.csv"
    solved = CliRunner().invoke(main, ["solve", str(example), "--time-limit", "10"])
    said = CliRunner().invoke(main, ["explain", str(example), "--time-limit", "10"])
    assert solved.exit_code == 1 and said.exit_code == 1, (solved.output, said.output)
    assert "没有冲突" not in said.output, said.output


def test_a_begun_meeting_the_rules_pin_where_it_began_is_told_as_started(tmp_path: Path, monkeypatch) -> None:
    """(review16 §10) The rules pin 庭前会议 where it began: still told as begun (the pin cannot give way,
    the meeting has happened), one wording with the unwritten case; the pin stays in the folder's rules."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T14:30+08:00")
    table = _court(tmp_path)
    rules = tmp_path / "timetable.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + 'pins = [{ meeting = "庭前会议", time = "7月15日 14:00" }]\n')
    args = ["reschedule", str(table), "--unavailable", "李书记员@7月15日 15:00-17:00", "--time-limit", "10"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 1, done.output
    assert (
        "会议“庭前会议”7月15日 14:00 已开始（现在 7月15日 14:30），在会议室“一号庭”保持不动  [started:" in done.output
    )
    assert "固定在" not in done.output
    out = tmp_path / "out"
    moved = CliRunner().invoke(main, ["reschedule", str(table), "--out", str(out), "--time-limit", "10"])
    assert moved.exit_code == 0, moved.output
    assert 'meeting = "庭前会议"' in (out / "timetable.toml").read_text(encoding="utf-8")


def test_dropping_a_meeting_already_held_is_refused_naming_when(tmp_path: Path, monkeypatch) -> None:
    """(QA qamonth21 F1) 调解会 was held this morning: ``--drop`` would cancel history; refused on one
    line naming it and when it was held, exit 2, nothing written."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["reschedule", str(table), "--drop", "调解会", "--out", str(out)])
    assert done.exit_code == 2, done.output
    assert (
        "调解会" in done.output
        and "7月15日 9:00" in done.output
        and "举行" in done.output
        and "不能取消" in done.output
    )
    assert len(done.output.strip().splitlines()) == 1 and "Traceback" not in done.output
    assert not out.exists()


def test_dropping_a_meeting_in_progress_is_refused_too(tmp_path: Path, monkeypatch) -> None:
    """(QA qamonth21 F1, decided) A meeting under way is not called off by mail either: its people are in it."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T14:30+08:00")
    table = _court(tmp_path)
    done = CliRunner().invoke(main, ["reschedule", str(table), "--drop", "庭前会议", "--time-limit", "5"])
    assert done.exit_code == 2, done.output
    assert "庭前会议" in done.output and "正在进行" in done.output
    assert len(done.output.strip().splitlines()) == 1, done.output  # the refusal alone: no "from now" line first


def test_dropping_a_begun_meeting_that_did_not_take_place_is_allowed(tmp_path: Path, monkeypatch) -> None:
    """A required participant marked unavailable over it: it did not take place, so it may be called off."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path)
    args = ["reschedule", str(table), "--drop", "调解会", "--unavailable", "王律师@7月15日 9:00-10:00"]
    done = CliRunner().invoke(main, [*args, "--time-limit", "5"])
    assert done.exit_code == 0, done.output


def test_a_begun_meeting_placed_again_is_told_as_not_held_on_its_own_line(tmp_path: Path, monkeypatch) -> None:
    """(QA qamonth21 F5) 调解会 began at 9:00 and 王律师 was not there: re-placed, and the output says it is
    treated as not held (not one more move among the others)."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path)
    args = ["reschedule", str(table), "--unavailable", "王律师@7月15日 9:00-10:00", "--time-limit", "10"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    line = next(line for line in done.output.splitlines() if "视为未举行" in line)
    assert "调解会" in line and "7月15日 9:00" in line and "王律师" in line


def test_a_span_begun_before_now_counts_from_now_and_says_so(tmp_path: Path, monkeypatch) -> None:
    """(QA qamonth21 F5, decided) "王律师 is away today", typed at noon: the meeting he was at this morning
    stays held; the span counts from now, the rules written say so, and one line tells how to say the
    morning too."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path)
    out = tmp_path / "out"
    args = ["reschedule", str(table), "--unavailable", "王律师@7月15日", "--out", str(out), "--time-limit", "10"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    times = _times(out / "timetable.csv")
    assert times["调解会"] == "2025-07-15 09:00", times
    assert times["审理"] >= "2025-07-16", times
    line = next(line for line in done.output.splitlines() if "从现在" in line)
    assert "王律师@7月15日" in line and "7月15日 12:00" in line
    assert "视为未举行" not in done.output
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert "7月15日 12:00-" in rules
    again = CliRunner().invoke(main, ["validate", str(out / "timetable.csv")])
    assert again.exit_code == 0, again.output


def test_a_span_from_before_now_over_a_meeting_in_progress_keeps_it_held(tmp_path: Path, monkeypatch) -> None:
    """(review21 F2) "李书记员 is away today", typed at 14:30 while 庭前会议 (14:00—15:00, his) is under way:
    counted from now, the span covers only the part of it still to come; the meeting has begun with him,
    it stays held where it is, and no line calls it not held."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T14:30+08:00")
    table = _court(tmp_path)
    out = tmp_path / "out"
    args = ["reschedule", str(table), "--unavailable", "李书记员@7月15日-7月16日", "--drop", "审理", "--drop", "宣判"]
    done = CliRunner().invoke(main, [*args, "--out", str(out), "--time-limit", "10"])
    assert done.exit_code == 0, done.output
    assert _times(out / "timetable.csv")["庭前会议"] == "2025-07-15 14:00"
    assert "视为未举行" not in done.output and "从现在" in done.output
    assert "7月15日 15:00-" in (out / "timetable.toml").read_text(encoding="utf-8")  # when his meeting ends
    again = CliRunner().invoke(main, ["validate", str(out / "timetable.csv")])
    assert again.exit_code == 0, again.output


def test_a_span_from_before_now_does_not_let_a_meeting_in_progress_be_dropped(tmp_path: Path, monkeypatch) -> None:
    """(review21 F2) ``--drop`` of the meeting in progress is refused alone; a ``--unavailable`` counted
    from now beside it does not make it droppable."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T14:30+08:00")
    table = _court(tmp_path)
    args = ["reschedule", str(table), "--unavailable", "李书记员@7月15日-7月16日", "--drop", "庭前会议"]
    done = CliRunner().invoke(main, [*args, "--time-limit", "5"])
    assert done.exit_code == 2, done.output
    assert "庭前会议" in done.output and "正在进行" in done.output
    assert len(done.output.strip().splitlines()) == 1, done.output  # the refusal alone: no "from now" line first


def test_a_participant_away_only_after_now_has_not_missed_a_meeting_in_progress() -> None:
    """(review21 F2) Missing a meeting is a fact about the past: busy time over the part of a meeting in
    progress after now does not make it not held; busy time over its part before now does."""
    from scheduler.domain.meetings import Busy
    from scheduler.meetings.as_of import held, not_held

    problem = _problem()
    published = Plan((Placement("培训", datetime(2026, 12, 5, 11, 30), "会议室"),))
    now = datetime.fromisoformat(NOW)
    later = problem.replace(busy=(Busy("王主任", datetime(2026, 12, 5, 12), datetime(2026, 12, 5, 13)),))
    assert held(later, published, now) == {"培训": datetime(2026, 12, 5, 11, 30)}
    assert not_held(later, published, now) == {}
    before = problem.replace(busy=(Busy("王主任", datetime(2026, 12, 5, 11, 45), datetime(2026, 12, 5, 12)),))
    assert held(before, published, now) == {}
    assert not_held(before, published, now) == {"培训": (datetime(2026, 12, 5, 11, 30), ("王主任",))}


def test_the_not_held_advice_names_the_entry_to_edit(tmp_path: Path, monkeypatch) -> None:
    """Twenty-first session: "若它已举行，请把 王律师 的不可参加时间改为从现在起" left the clerk to find where that
    time is written. It names the entry: this run's --unavailable, the [[unavailable]] it is written as with
    --out, or the rules file's own entry."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00+08:00")
    table = _court(tmp_path)
    asked = ["reschedule", str(table), "--unavailable", "王律师@7月15日 9:00-10:00", "--time-limit", "10"]
    done = CliRunner().invoke(main, asked)
    line = next(line for line in done.output.splitlines() if "视为未举行" in line)
    assert "若它已举行，请把 --unavailable “王律师@7月15日 9:00-10:00” 改为从现在（7月15日 12:00）起" in line, line
    out = tmp_path / "out"
    written = CliRunner().invoke(main, [*asked, "--out", str(out)])
    line = next(line for line in written.output.splitlines() if "视为未举行" in line)
    assert f'请把 {out / "timetable.toml"} 中 person = "王律师" 的 [[unavailable]] 改为从现在' in line, line
    rules = table.parent / "timetable.toml"  # the rules' own entry, nothing asked on the command line
    rules.write_text(
        rules.read_text(encoding="utf-8") + '\n[[unavailable]]\nperson = "王律师"\ntimes = ["7月15日 9:00-10:00"]\n',
        encoding="utf-8",
    )
    english = CliRunner().invoke(main, ["reschedule", str(table), "--time-limit", "10", "--lang", "en"])
    line = next(line for line in english.output.splitlines() if "treated as not held" in line)
    assert f'make the [[unavailable]] with person = "王律师" in {rules} start from now' in line, line
