"""The benchmark generator and suite: deterministic instances, solutions that pass the
checker, and the suite running end to end on a tiny instance (no timing is asserted)."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

import scheduler
from benchmarks.generate import generate
from scheduler.solver.greedy import packed
from scheduler.solver.objectives import OBJECTIVES
from tests.conftest import ROOT


def test_generator_is_deterministic():
    assert generate(120, 2, seed=3) == generate(120, 2, seed=3)
    assert generate(120, 2, seed=3, stable=True) == generate(120, 2, seed=3, stable=True)
    assert generate(120, 2, seed=3) != generate(120, 2, seed=4)


def test_generated_instances_look_like_the_issue_asks():
    problem = generate(300, 2, seed=0)
    units = problem.units
    paired = sum(1 for u in units if u.group)
    assert 0.15 * len(units) <= paired <= 0.25 * len(units)
    assert problem.categories == ("部门", "镇办")
    assert problem.links
    blocked = sum(len(e.starts) for e in problem.unavailable)
    assert 0.05 <= blocked / (len(units) * len(problem.calendar)) <= 0.15
    needed = OBJECTIVES["compact"].lower_bound(problem).values[0]
    assert 1.05 <= len(problem.calendar) / needed <= 1.4  # about 15% slack, whole days


def test_stable_instance_has_a_valid_reference_broken_by_new_unavailability():
    base = generate(200, 2, seed=1)
    problem = generate(200, 2, seed=1, stable=True)
    assert scheduler.validate(base, problem.reference).ok
    report = scheduler.validate(problem, problem.reference)
    assert report.rules_broken() == ["unavailable"]
    assert len(OBJECTIVES["stable"].forced(problem)) == 2


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_every_solution_on_small_instances_passes_the_checker(seed, objective):
    problem = generate(30 + 10 * seed, 1 + seed % 2, seed=seed, stable=objective == "stable")
    result = scheduler.solve(problem, objective, time_limit=20, workers=1)
    assert result.timetable is not None
    assert scheduler.validate(problem, result.timetable).ok
    assert result.status == "optimal"
    lower = OBJECTIVES[objective].lower_bound(problem)
    assert result.score.values >= lower.values


def test_packing_meets_the_counting_bound_on_a_generated_instance():
    problem = generate(300, 2, seed=0)
    result = scheduler.solve(problem, "compact", time_limit=20, workers=1)
    assert result.engine == "greedy" and result.optimal
    assert result.score.values == OBJECTIVES["compact"].lower_bound(problem).values
    assert packed(problem) is not None


@pytest.mark.parametrize("seed", [1, 2])
def test_stable_moves_every_forced_unit_and_reports_the_moves(seed):
    problem = generate(100, 2, seed=seed, stable=True)
    result = scheduler.solve(problem, "stable", time_limit=20, workers=1)
    forced = OBJECTIVES["stable"].forced(problem)
    moved = {unit for unit, _, _ in result.moves()}
    assert result.optimal
    assert forced <= moved
    assert len(moved) == result.score.values[0]


def test_the_suite_runs_end_to_end_on_a_tiny_instance(tmp_path):
    pytest.importorskip("highspy")
    pytest.importorskip("conference_scheduler")
    out = tmp_path / "bench.csv"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--tiny", "--limit", "10", "--csv", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    methods = {(r["objective"], r["method"]) for r in rows}
    assert methods == {
        (o, m) for o in ("compact", "stable") for m in ("ours", "greedy", "highs", "conference-scheduler")
    }
    ours = [r for r in rows if r["method"] == "ours"]
    assert all(r["status"] == "optimal" and r["valid"] == "yes" for r in ours)
    highs = [r for r in rows if r["method"] == "highs"]
    assert all(r["score"] == o["score"] for r, o in zip(highs, ours, strict=True))  # same optimum, other engine
    assert all(r["ratio"] for r in rows if r["method"] != "ours")
    assert "ours" in done.stdout and "ratio" in done.stdout


def test_web_benchmark_runs_end_to_end_on_a_small_project():
    """make bench-web measures what it says: a page load and drags, in the real browser (small here)."""
    done = subprocess.run(
        [sys.executable, "benchmarks/web.py", "--runs", "1", "--units", "60", "--rooms", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("page load, 60 units in 2 rooms") and "n=1" in lines[0]
    assert lines[2].startswith("drag on the notice") and "median" in lines[2]


def test_office_tables_are_read_by_the_command_and_their_pins_leave_a_timetable(tmp_path):
    """``benchmarks/office_tables.py`` (the QA mscale tables' shape, issue 16): the files read as a
    meeting table with every column the tester's had, the same arguments give the same files, and
    the pins, taken from a timetable of the table without them, leave one."""
    from benchmarks.office_tables import write
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.planner import solve_meetings

    table = write(100, tmp_path / "a", pins=2)
    assert write(100, tmp_path / "b", pins=2).read_bytes() == table.read_bytes()
    assert (tmp_path / "a" / "meetings.toml").read_text(encoding="utf-8").count("[[pins]]") == 2
    loaded = load_meetings(table)
    problem = loaded.problem
    assert len(problem.sessions) == 100 and any(r.capacity == 2 for r in problem.rooms)
    assert any(s.series for s in problem.sessions) and problem.pins
    result = solve_meetings(problem, loaded.objective, time_limit=5, workers=1)
    assert result.plan is not None


def test_office_tables_with_wishes_have_a_preferred_time_on_about_half_the_rows(tmp_path):
    """``--wishes`` (QA qamscale18's m2000nl, its hearings left out): a 时段偏好 on about half the rows,
    ``participant-days`` and ``idle`` counted for a few units, and the table still read whole."""
    from benchmarks.office_tables import write
    from scheduler.files.meeting_files import load_meetings

    loaded = load_meetings(write(200, tmp_path, wishes=True))
    wished = sum(1 for s in loaded.problem.sessions if s.prefer)
    assert 60 <= wished <= 140, wished
    assert {t.name for t in loaded.objective} >= {"participant-days", "idle", "preferred-time"}


@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_a_shape_read_back_from_its_files_is_the_problem_the_library_solves(tmp_path, objective):
    """The sweep's command rows read the shape from the files it writes: they must hold the same
    problem (a half-day written ``8:00-11:00`` lost its 11:00 meeting, the rules file reading a span
    up to its end: the command solved an easier problem than the library)."""
    from benchmarks.shapes import Shape, build, write_files
    from scheduler.files.load import load

    shape = Shape("read-back-60u-2r", 60, 2, unavailable=0.4, links=0.2, pins=0.05)
    built = build(shape, objective)
    read = load(write_files(built, tmp_path)).problem

    def blocked(problem: scheduler.Problem) -> dict[str, set[object]]:
        out: dict[str, set[object]] = {}
        for entry in problem.unavailable:
            out.setdefault(entry.unit, set()).update(entry.starts)
        return out

    assert built.unavailable
    assert blocked(read) == blocked(built)
    assert (read.units, read.calendar, read.rooms, read.links, read.pins) == (
        built.units,
        built.calendar,
        built.rooms,
        built.links,
        built.pins,
    )
    assert read.reference == built.reference


def test_the_sweep_reports_the_cpu_seconds_a_run_got():
    """On a shared machine the wall clock alone does not say what a run had: the sweep gives each
    run's CPU seconds beside its time."""
    import os

    from benchmarks.sweep import row_of, run_process

    ran = run_process([sys.executable, "-c", "sum(range(3_000_000))"], 60, dict(os.environ))
    assert ran["cpu"] > 0
    runs = {"cli": {"process": 3.0, "cpu": 0.5, "peak_mb": 9}, "lib": {"total": 2.0, "cpu": 1.25, "peak_mb": 9}}
    row = row_of("tiny", "stable", 40, runs)
    assert (row["cli_s"], row["cli_cpu"], row["lib_s"], row["lib_cpu"]) == ("3.00", "0.50", "2.00", "1.25")


def test_the_hearing_replan_benchmark_prints_a_valid_answer_for_each_search():
    """``python -m benchmarks.replan_hearing`` (what the hearing's unit tests asserted within a wall time
    before) runs both searches in fresh processes and prints a line for each, the replan's a valid answer."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.replan_hearing", "--limits", "2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [r[0] for r in rows] == ["around", "replan"], done.stdout
    assert len(rows[0]) == len(rows[1]) == 10, done.stdout  # … valid, optional conflicts, hours, wall, cpu, load
    # how many moves depends on the CPU the machine gave (at load 22 the greedy's start had not finished
    # in 2 s and the replan answered a fresh timetable of 100 moves): only a valid answer is asked for
    assert rows[1][3].isdigit() and rows[1][4] == "True", done.stdout
    assert rows[1][5].isdigit() and float(rows[1][6]) >= 0, done.stdout  # its optional conflicts and hours moved


def test_stale_bytecode_names_a_module_compiled_before_its_last_change(tmp_path):
    """``make bench``'s start-up figures say when our modules' bytecode is stale (``PYTHONDONTWRITEBYTECODE``:
    never rewritten, compiled again at every start), as /work/main's was in the 13th session."""
    import os
    import py_compile

    from benchmarks.bench import stale_bytecode

    (tmp_path / "scheduler").mkdir()
    (tmp_path / "cli.py").write_text("x = 1\n", encoding="utf-8")
    fresh, changed = tmp_path / "scheduler" / "fresh.py", tmp_path / "scheduler" / "changed.py"
    for source in (fresh, changed):
        source.write_text("x = 1\n", encoding="utf-8")
        py_compile.compile(str(source), doraise=True)
    changed.write_text("x = 22\n", encoding="utf-8")
    os.utime(changed, (1_000_000_000, 1_000_000_000))
    assert stale_bytecode(tmp_path) == ["cli.py", os.path.join("scheduler", "changed.py")]


def test_the_timefold_table_gives_no_verdict_against_a_peer_that_was_not_run():
    """``bench_timefold --no-timefold`` printed "ours >= Timefold" beside "(0 placed)" for a Timefold
    that never ran; a peer that was not run is said so, with no verdict."""
    from types import SimpleNamespace

    from benchmarks.bench_timefold import row

    instance = SimpleNamespace(name="demo", meetings=[object()] * 24)
    line = row(instance, 10.0, {}, {"wall_s": 9.9, "status": "feasible", "placed": 24})  # type: ignore[arg-type]
    assert (line["timefold_score"], line["verdict"]) == ("not run", "")
    ran = row(instance, 10.0, {"placed": 0}, {"wall_s": 9.9, "status": "feasible", "placed": 24})  # type: ignore[arg-type]
    assert ran["timefold_score"] == "(0 placed)"


def test_the_timefold_pairs_alternate_and_each_run_prints_its_line():
    """benchmarks/timefold_pairs.py (the twenty-first session's alternated runs, kept): the order flips
    every pair, and one run in a tree of its own prints the score, the bound and the CPU it had."""
    import json

    from benchmarks.timefold_pairs import order, run_one

    assert [order(k) for k in range(3)] == [("base", "new"), ("new", "base"), ("base", "new")]
    line = json.loads(run_one(ROOT, "8", 1.0, "new"))
    assert line["tag"] == "new" and line["instance"] != "demo" and line["seconds"] == 1.0
    assert line["status"] in ("optimal", "feasible") and line["score"].count("/") == 2 and line["cpu"] > 0


def test_the_perturbed_shape_breaks_only_by_the_unavailability_added_after_publication(tmp_path):
    """The sweep's ``pert-2000u-1r`` (QA qashapes20's s4-pert): its planted timetable keeps every rule
    until units are made unavailable at their own planted half-day; seeded; its files hold the same problem."""
    from dataclasses import replace

    from benchmarks.perturbed import Perturbed, build
    from benchmarks.shapes import write_files
    from scheduler.files.load import load

    shape = Perturbed("small-200u-1r", 200, categories=5, chains=30, pins=30)
    built = build(shape)
    assert built == build(shape) and built != build(replace(shape, seed=3))
    assert len(built.calendar) == len(built.units) and [r.capacity for r in built.rooms] == [1]
    assert built.links and built.pins
    assert scheduler.validate(build(replace(shape, broken=0.0)), built.reference).ok
    report = scheduler.validate(built, built.reference)
    assert not report.ok and {v.rule for v in report.violations} == {"unavailable"}
    read = load(write_files(built, tmp_path)).problem
    assert (read.units, read.links, read.pins, read.reference) == (
        built.units,
        built.links,
        built.pins,
        built.reference,
    )
    assert {e.unit: e.starts for e in read.unavailable} == {e.unit: e.starts for e in built.unavailable}


def test_a_series_table_has_series_whose_meetings_need_different_seats(tmp_path):
    """QA qabigmeet22's shape (``series-500m`` in the sweep): a series' meetings draw their own people,
    so a room the first one fits may be too small for a sibling; the same arguments, the same files."""
    from benchmarks.series_tables import write
    from scheduler.files.meeting_files import load_meetings

    table = write(120, tmp_path / "a", series=0.5)
    write(120, tmp_path / "b", series=0.5)
    for name in ("meetings.csv", "people.csv", "meetings.toml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    problem = load_meetings(str(table)).problem
    heads: dict[str, set[int]] = {}
    for session in problem.sessions:
        if session.series:
            heads.setdefault(session.series, set()).add(session.seats or len(session.attendees))
    assert len(heads) >= 10
    assert sum(1 for sizes in heads.values() if len(sizes) > 1) >= len(heads) // 2


def test_the_sweep_says_whether_each_run_answered_what_its_shape_expects():
    """A row names the shape's expected answer and the runs that missed it: a command that printed no
    rules for a clash proven by matching is not counted as the expected "infeasible, rules"."""
    from benchmarks.sweep import _reason_of, expected, find, row_of

    assert expected(find("pert-2000u-1r")) == "infeasible, rules"
    assert expected(find("short-1000u-4r")) == "infeasible"
    assert expected(find("series-500m")) == "timetable" and expected(find("300u-1r")) == "timetable"
    hall = "These 2 units (单位01064, 单位01068) can only meet in 1 meeting time: …\nBy counting, as above, …"
    assert _reason_of(hall) == "matching"
    lib = {"status": "infeasible", "reason": "matching", "total": 3.0}
    told = {"status": "infeasible", "reason": "matching", "process": 4.0}
    silent = {"status": "unknown", "reason": "none", "process": 11.0}
    assert row_of("p", "compact", 9, {"cli": told, "lib": lib}, "infeasible, rules")["expected"].endswith(": ok")
    row = row_of("p", "compact", 9, {"cli": silent, "lib": lib}, "infeasible, rules")
    assert row["expected"] == "infeasible, rules: MISSED by cli"
    best = {"status": "best", "valid": True, "score": [133], "process": 2.0}  # "Status: best found …"
    assert row_of("p", "compact", 9, {"cli": best}, "timetable")["expected"] == "timetable: ok"
    assert row_of("p", "compact", 9, {"cli": {**best, "valid": False}}, "timetable")["expected"].endswith("cli")


def test_the_sweep_runs_a_meeting_table_through_the_library_and_reads_back_what_the_command_wrote(tmp_path):
    """The meeting rows' own runs (no HiGHS model of a meeting table): the library's answer checked, the
    greedy's scored, the command's status and score lines read, its written timetable checked."""
    from benchmarks import sweep_meetings
    from benchmarks.series_tables import write

    table = write(30, tmp_path, series=0.3)
    solved = sweep_meetings.lib(table, 5.0)
    assert solved["status"] in ("optimal", "feasible") and solved["valid"] and len(solved["score"]) == 2
    assert len(sweep_meetings.greedy(table)["score"]) == 2
    text = "Status: best found in the time limit (not proven optimal)\n"
    text += "Score (lower is better): medium 0 (bound 0); soft 23225"
    assert sweep_meetings.status_of(text) == "feasible" and sweep_meetings.score_of(text) == [0, 23225]
    out = tmp_path / "out"
    ran = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "solve", str(table), "--out", str(out), "--format", "csv"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    assert ran.returncode == 0, ran.stderr
    back = sweep_meetings.written(out / "timetable.csv")
    assert back["valid"] and len(back["score"]) == 2


def test_the_closed_units_shape_is_a_hall_set_of_one_unit_more_than_its_times():
    from benchmarks.hall_masks import closed_problem
    from scheduler.solver.clash import clash_of
    from scheduler.solver.hall import Hall

    found = clash_of(closed_problem(5, units=40))
    assert isinstance(found, Hall) and len(found.units) == 6 and found.slots == tuple(range(5))


@pytest.mark.parametrize("name", ["tiny-40u-1r", "short-1000u-4r", "pert-2000u-1r"])
def test_the_sweeps_compact_problem_is_a_new_table_with_no_times(tmp_path, name):
    """``compact`` keeps a table's own times when no timetable is better, and a shape's planted times
    usually are the best: with them the sweep's ``compact`` rows measured that check, not the search.
    Its ``compact`` problem has no reference and its written table an empty time and room for every
    unit (the extra unit of a ``short`` shape included); ``compact-own`` keeps the planted times."""
    from benchmarks.shapes import write_files
    from benchmarks.sweep import find, problem_of

    shape = find(name)
    problem = problem_of(shape, "compact")
    assert problem.reference is None
    with write_files(problem, tmp_path / "new").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["单位"] for r in rows] == [u.name for u in problem.units]
    assert all(r["时间"] == "" and r["房间"] == "" for r in rows)
    own = problem_of(shape, "compact-own")
    assert own.reference is not None and own.units == problem.units
    with write_files(own, tmp_path / "own").open(encoding="utf-8-sig", newline="") as handle:
        timed = [r["时间"] for r in csv.DictReader(handle)]
    assert len(timed) == len(problem.units) and sum(1 for t in timed if t) >= len(problem.units) - 1
