"""``reschedule`` of a unit table as of now (docs/replanning.md, "Meetings that have started"): units
whose meetings have started stay where they were, and no unit is moved into a slot that has begun."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.text.times import parse_datetime, year_resolver
from tests.invite_helpers import NOTICE

NOW = datetime(2021, 9, 8, 16, 30)


def _times(path: Path) -> dict[str, datetime]:
    year = year_resolver([datetime(2021, 9, 8).date()])
    with path.open(encoding="utf-8-sig") as f:
        return {row["单位"]: parse_datetime(row["时间"], year) for row in csv.DictReader(f)}


def test_reschedule_keeps_started_units_and_moves_none_into_the_past(example, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DOCKING_NOW", "2021-09-08T16:30:00+08:00")
    table = example / NOTICE.name
    before = _times(table)
    out = tmp_path / "out"
    done = CliRunner().invoke(
        main,
        [
            "reschedule",
            str(table),
            "--unavailable",
            "区司法局@9月9日、9月10日",
            "--out",
            str(out),
            "--time-limit",
            "10",
        ],
    )
    assert done.exit_code == 0, done.output
    after = _times(out / "timetable.csv")
    assert after["区司法局"] >= NOW  # moved, but not into 9月8日 morning
    for unit, start in before.items():
        if start < NOW:
            assert after[unit] == start, unit  # held (or under way): not moved
        else:
            assert after[unit] >= NOW, unit


def test_reschedule_refuses_rather_than_place_a_unit_in_the_past(example, tmp_path, monkeypatch) -> None:
    """The only slots 区司法局 could take have begun: no timetable, rather than one in the past."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-08T16:30:00+08:00")
    out = tmp_path / "out"
    busy = "区司法局@9月8日17:00-18:59、9月9日、9月10日"
    args = ["reschedule", str(example / NOTICE.name), "--unavailable", busy, "--out", str(out), "--time-limit", "10"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code != 0 and not (out / "timetable.csv").exists(), done.output


def _reschedule(example: Path, *options: str) -> tuple[int, str]:
    args = ["reschedule", str(example / NOTICE.name), *options, "--time-limit", "10"]
    done = CliRunner().invoke(main, args)
    return done.exit_code, done.output


def test_a_held_unit_is_told_as_started_with_now_not_as_a_pin(example, monkeypatch) -> None:
    """F13: the units held because their meeting has begun are said so, with now's time; before, they
    were told as pins ("固定在 9月8日 9:00") the user never wrote."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    code, output = _reschedule(example, "--pin", "区自然资源局@9月10日 8:00")
    assert code == 1, output
    assert "北关区规划技术服务中心 的对接 9月8日 9:00 已开始（现在 9月9日 12:00），保持不动  [started:" in output
    assert "北关区规划技术服务中心 固定在" not in output


def test_unavailable_at_a_held_units_past_time_places_it_again_after_now(example, tmp_path, monkeypatch) -> None:
    """F13: ``--unavailable UNIT@<its past time>`` on a unit whose meeting began means it did not come:
    it is placed again after now (before, no timetable: it was held at the time it cannot come)."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    now = datetime(2021, 9, 9, 12, 0)
    out = tmp_path / "out"
    code, output = _reschedule(example, "--unavailable", "区财政局@9月8日", "--out", str(out))
    assert code == 0, output
    before, after = _times(example / NOTICE.name), _times(out / "timetable.csv")
    assert before["区财政局"] < now <= after["区财政局"]
    assert all(after[u] == s for u, s in before.items() if s < now and u != "区财政局")  # the others held


def test_replanning_from_replies_is_as_of_now_too(example) -> None:
    """F6: ``reschedule --from-replies`` replans as ``reschedule`` does (``replan_with(..., now)``): the units
    whose meetings have started stay, and a decline of a meeting that has begun places it after now."""
    from datetime import UTC

    from scheduler.files.load import load
    from scheduler.replies.answers import State
    from scheduler.replies.wishes import Wish, replan_with
    from scheduler.solver.replan import Changes

    problem = load(example / NOTICE.name).problem
    before = problem.reference.starts()
    declined = Wish("区财政局", State.DECLINED, frozenset({before["区财政局"]}), None, "")
    now = datetime(2021, 9, 9, 4, 0, tzinfo=UTC)  # 9月9日 12:00 in Beijing
    done = replan_with(problem, Changes(), [declined], time_limit=10, now=now)
    after = done.result.timetable.starts()
    local = datetime(2021, 9, 9, 12, 0)
    assert before["区财政局"] < local <= after["区财政局"]
    assert all(after[u] == s for u, s in before.items() if s < local and u != "区财政局")
    assert all(s >= local for u, s in after.items() if before[u] >= local)


def _pin_in_rules(example: Path, unit: str, time: str) -> None:
    rules = example / "notice_2021.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + f'\n[[pins]]\nunit = "{unit}"\ntime = "{time}"\n', "utf-8")


def test_a_rules_pin_whose_time_has_passed_still_holds(example, tmp_path, monkeypatch) -> None:
    """review16 #1: a unit pinned by the rules goes where its pin says, begun or not; before, the closed
    past was forbidden to it too, and every reschedule said there was no timetable."""
    _pin_in_rules(example, "区财政局", "9月8日 11:00")
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    out = tmp_path / "out"
    code, output = _reschedule(example, "--unavailable", "区教育局@9月9日 17:00", "--out", str(out))
    assert code == 0, output
    assert _times(out / "timetable.csv")["区财政局"] == datetime(2021, 9, 8, 11, 0)


def test_a_pin_at_the_units_own_past_time_holds(example, tmp_path, monkeypatch) -> None:
    """review16 #1: ``--pin UNIT@<the time it met>`` keeps it there (before: no timetable)."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    out = tmp_path / "out"
    code, output = _reschedule(example, "--pin", "区发改委@9月8日 10:00", "--out", str(out))
    assert code == 0, output
    before, after = _times(example / NOTICE.name), _times(out / "timetable.csv")
    assert after == before


def test_a_pin_in_the_future_of_a_held_unit_moves_it_there(example, tmp_path, monkeypatch) -> None:
    """A unit that met is pinned into the future (to meet again): its pin says where it goes; the
    others that met stay, and no one goes into the past."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    now = datetime(2021, 9, 9, 12, 0)
    out = tmp_path / "out"
    code, output = _reschedule(example, "--pin", "区发改委@9月10日 8:00", "--out", str(out))
    assert code == 0, output
    before, after = _times(example / NOTICE.name), _times(out / "timetable.csv")
    assert after["区发改委"] == datetime(2021, 9, 10, 8, 0)
    assert all(after[u] == s for u, s in before.items() if s < now and u != "区发改委")
    assert all(s >= now for u, s in after.items() if before[u] >= now)


def test_solve_of_a_published_table_mid_campaign_plans_as_of_now(example, tmp_path, monkeypatch) -> None:
    """review16 #7: ``solve`` of a unit table with times (a published timetable, here edited by the
    office: 区发改委 and 区人社局 swapped) plans as of now, as ``reschedule`` and the web page's 求解 do:
    the units that have met stay, none is placed in the past. Before, 区人社局, met on 9月8日, was moved
    to the future and 区发改委 put back into 9月8日."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    now = datetime(2021, 9, 9, 12, 0)
    table = example / NOTICE.name
    text = table.read_text(encoding="utf-8-sig")
    text = text.replace("9 月 8 日 10:00,区发改委", "SWAP,区发改委").replace(
        "9 月 9 日 15:00,区人社局", "9 月 8 日 10:00,区人社局"
    )
    table.write_text(text.replace("SWAP,区发改委", "9 月 9 日 15:00,区发改委"), encoding="utf-8")
    before = _times(table)
    assert before["区人社局"] == datetime(2021, 9, 8, 10, 0) and before["区发改委"] == datetime(2021, 9, 9, 15, 0)
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["solve", str(table), "--out", str(out), "--time-limit", "10"])
    assert done.exit_code == 0, done.output
    after = _times(out / "timetable.csv")
    assert all(after[u] == s for u, s in before.items() if s < now), done.output  # met: stay
    assert all(s >= now for u, s in after.items() if before[u] >= now), done.output  # none into the past


def test_explain_says_why_solve_fails_as_of_now(example, monkeypatch) -> None:
    """explain of a unit table plans as of now as solve does: a unit not yet met that can come only at
    times already begun is a conflict now, where explain (planning as if nothing had begun) said there
    was none while solve failed."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-09T12:00:00+08:00")
    table = example / NOTICE.name
    times = _times(table)
    later = next(u for u, s in sorted(times.items(), key=lambda kv: kv[1]) if s >= datetime(2021, 9, 9, 15, 0))
    rules = example / "notice_2021.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + f'\n[[only]]\nunit = "{later}"\ntimes = ["9月8日"]\n', encoding="utf-8"
    )
    solved = CliRunner().invoke(main, ["solve", str(table), "--time-limit", "10"])
    said = CliRunner().invoke(main, ["explain", str(table), "--time-limit", "10"])
    assert solved.exit_code == 1 and said.exit_code == 1, (solved.output, said.output)
    assert later in said.output and "已开始" in said.output, said.output


def test_a_span_begun_before_now_counts_from_now_for_units_too(example, tmp_path, monkeypatch) -> None:
    """(review21 F4, decided as for meeting tables) "区发改委 away today and tomorrow", typed at 11:30: its
    10:00 meeting (over) and 区财政局's at 11:00 (in progress) stay held; the span counts from now, the
    rules written hold that part, and one line says so and how to say the past too."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-08T11:30:00+08:00")
    out = tmp_path / "out"
    options = ("--unavailable", "区发改委@9月8日-9月9日", "--unavailable", "区财政局@9月8日-9月9日")
    code, output = _reschedule(example, *options, "--out", str(out))
    assert code == 0, output
    before, after = _times(example / NOTICE.name), _times(out / "timetable.csv")
    assert after["区发改委"] == before["区发改委"] and after["区财政局"] == before["区财政局"], after
    line = next(line for line in output.splitlines() if "区发改委@9月8日-9月9日" in line and "从现在" in line)
    assert "9月8日 11:30" in line
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert "9月8日 10:00" not in rules and "9月8日 11:00" not in rules, rules


def test_a_refusal_beside_a_span_counted_from_now_is_one_line(example, tmp_path, monkeypatch) -> None:
    """A bad ``--link`` beside a ``--unavailable`` begun before now: the refusal alone, without the "counted
    from now" line first (one line, exit 2)."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-08T11:30:00+08:00")
    code, output = _reschedule(example, "--unavailable", "区发改委@9月8日-9月9日", "--link", "区发改委>不存在的单位")
    assert code == 2, output
    assert len(output.strip().splitlines()) == 1 and "从现在" not in output, output
