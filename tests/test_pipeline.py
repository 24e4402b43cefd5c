"""The solve pipeline's contract: one deadline per call, a stop signal, progress, a typed result, errors.

(The answers themselves are held against brute force in test_properties.py and
test_neighbourhood.py; here, how a call ends.)
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

import scheduler
from benchmarks.generate import generate
from scheduler import ArgumentError, InfeasibleError, Move, Progress, Status, TimeLimitError
from scheduler.errors import ProblemError, SchedulerError
from scheduler.solver import model as model_module
from scheduler.solver.cpsat import CpModel
from scheduler.solver.deadline import POLL, Deadline, OutOfTime
from scheduler.solver.model import ModelBuilder
from tests.conftest import ROOT, small_problem

HARD_PATH = dict(units=60, rooms=2, seed=20, stable=True)
"""A generated replanning problem whose greedy answer is not proven optimal: CP-SAT runs."""


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("seconds", [0, -1, float("nan")])
def test_a_time_limit_of_zero_or_less_is_refused(seconds):
    with pytest.raises(ArgumentError) as caught:
        Deadline(seconds)
    assert "time limit" in caught.value.text("en")
    with pytest.raises(ValueError):  # ArgumentError is a ValueError too
        scheduler.solve(small_problem([("甲", "", "")]), time_limit=seconds)


def test_an_unknown_objective_is_refused_naming_the_known_ones():
    with pytest.raises(ArgumentError) as caught:
        scheduler.solve(small_problem([("甲", "", "")]), objective="fastest")  # type: ignore[arg-type]
    assert caught.value.text("en") == "unknown objective 'fastest' (choose: compact, stable)"


def test_the_deadline_counts_down_and_a_stop_ends_it():
    clock, stop = Clock(), threading.Event()
    deadline = Deadline(10, stop, clock=clock)
    clock.now += 4
    assert deadline.remaining() == 6 and deadline.elapsed() == 4 and not deadline.expired(5.9)
    assert deadline.expired(6)
    stop.set()
    assert deadline.remaining() == 0 and deadline.stopped()


def pigeons(holes: int) -> CpModel:
    """``holes + 1`` pigeons in ``holes`` holes: infeasible, and slow to prove without symmetry."""
    model = CpModel()
    seat = [model.new_bools(holes) for _ in range(holes + 1)]
    for row in seat:
        model.exactly_one(row)
    for hole in range(holes):
        model.at_most_one([row[hole] for row in seat])
    return model


def test_a_stop_interrupts_a_running_search():
    stop = threading.Event()
    timer = threading.Timer(0.3, stop.set)
    started = time.perf_counter()
    timer.start()
    outcome = pigeons(14).solve(Deadline(60, stop), workers=1, light_presolve=True)
    elapsed = time.perf_counter() - started
    timer.cancel()
    assert outcome.status == "UNKNOWN" and outcome.cut == "stop"  # neither proven nor refuted: interrupted
    assert elapsed < 10, elapsed  # the search would run for the whole minute otherwise


def test_a_stop_before_the_solver_keeps_the_greedy_answer():
    problem = generate(**HARD_PATH)
    stop = threading.Event()
    heard: list[Progress] = []

    def progress(step: Progress) -> None:
        heard.append(step)
        stop.set()  # the office pressed stop as soon as a first timetable was shown

    result = scheduler.solve(problem, "stable", time_limit=30, workers=1, stop=stop, progress=progress)
    assert [p.step for p in heard] == ["greedy"]
    assert result.status is Status.FEASIBLE and result.engine == "greedy"
    assert scheduler.validate(problem, result.timetable).ok
    assert result.bound.values <= result.score.values


def test_a_stop_and_progress_given_beside_a_deadline_are_heard_too():
    """A service holding one Deadline for a request passes its cancel and its progress with each call:
    both were dropped when the time limit was a Deadline (QA embed16 3)."""
    problem = generate(**HARD_PATH)
    stop = threading.Event()
    own: list[Progress] = []
    heard: list[Progress] = []

    def progress(step: Progress) -> None:
        heard.append(step)
        stop.set()

    budget = Deadline(30, progress=own.append)
    result = scheduler.solve(problem, "stable", time_limit=budget, workers=1, stop=stop, progress=progress)
    assert [p.step for p in heard] == ["greedy"] == [p.step for p in own]  # both told, the stop heard at once
    assert result.status is Status.FEASIBLE and result.engine == "greedy"
    assert budget.stop is None and budget.progress is not None  # the caller's deadline is left as it was


class StopAfter:
    """A stop signal that is set from its ``looks``-th look on (no clock, no thread)."""

    def __init__(self, looks: int) -> None:
        self.looks = looks

    def is_set(self) -> bool:
        self.looks -= 1
        return self.looks < 0


def test_a_stop_while_the_model_is_being_built_is_heard_among_its_groups(monkeypatch):
    # 80 units of one label, rooms of two: 3,160 pairs to ask about before a variable is made.
    # The groups were drawn without a look at the stop (half a second at 5,000 units).
    problem = small_problem([(f"单位{i}", "", "A") for i in range(80)])
    asked = []

    def allows(*args: object, **kwargs: object) -> bool:
        asked.append(1)
        return True

    monkeypatch.setattr(model_module, "allows", allows)
    with pytest.raises(OutOfTime):
        ModelBuilder(problem, deadline=Deadline(30, StopAfter(looks=1)))
    assert 0 < len(asked) <= 1024
    asked.clear()
    with pytest.raises(OutOfTime):  # stopped before the build: nothing drawn at all
        ModelBuilder(problem, deadline=Deadline(30, StopAfter(looks=0)))
    assert asked == []


def test_progress_hears_the_greedy_then_each_better_solution():
    problem = generate(**HARD_PATH)
    heard: list[Progress] = []
    result = scheduler.solve(problem, "stable", time_limit=30, workers=1, progress=heard.append)
    assert result.status is Status.OPTIMAL
    assert heard[0].step == "greedy" and heard[0].criterion == "moved"
    assert heard[0].score[0] == ("moved", heard[0].value) and len(heard[0].score) == len(result.score.values)
    solving = [p for p in heard if p.step == "solving"]
    assert solving and {p.criterion for p in solving} <= {"moved", "displacement", "end_slots"}
    assert all(isinstance(p.value, int) for p in solving)
    assert [p.elapsed for p in heard] == sorted(p.elapsed for p in heard)


def test_the_result_is_typed():
    problem = small_problem([("甲局", "部门", ""), ("乙局", "部门", "")])
    result = scheduler.solve(problem)
    assert result.status is Status.OPTIMAL and result.status == "optimal" and result.proven
    moved = scheduler.solve(problem.replace(reference=result.timetable), "stable")
    assert moved.moves() == []
    new = scheduler.replan(problem.replace(reference=result.timetable), scheduler.Changes(drop=("乙局",)))
    assert new.moves() == []
    added = scheduler.Changes(add=(scheduler.Unit("丙局", "部门"),))
    (move,) = scheduler.replan(problem.replace(reference=result.timetable), added).moves()
    assert isinstance(move, Move) and move.unit == "丙局" and move.before is None and move.after is not None
    unit, before, after = move  # still a tuple
    assert (unit, before, after) == tuple(move)


def test_no_timetable_raises_by_the_reason():
    problem = small_problem([("甲局", "部门", ""), ("乙局", "部门", "")], hours=(8,), rooms=(scheduler.Room("1", 1),))
    infeasible = scheduler.solve(problem)
    assert infeasible.status is Status.INFEASIBLE
    with pytest.raises(InfeasibleError) as caught:
        infeasible.to_dataframe()
    assert caught.value.conflict is infeasible.conflict
    unknown = replace(infeasible, status=Status.UNKNOWN, conflict=None)
    with pytest.raises(TimeLimitError) as timed_out:
        unknown.require()
    assert not isinstance(timed_out.value, ProblemError)  # "nothing found in time" is no malformed problem
    assert isinstance(timed_out.value, SchedulerError)


def test_a_problem_the_greedy_settles_never_loads_or_tools():
    """The notice is proven optimal by the greedy and its bound: start-up stays light (docs/performance.md)."""
    import subprocess
    import sys

    from tests.conftest import NOTICE

    code = (
        "import sys, scheduler\n"
        f"result = scheduler.solve(scheduler.load({str(NOTICE)!r}).problem)\n"
        "print(result.status, result.engine, sorted(m for m in ('ortools', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["optimal", "greedy", "[]"]


def test_a_stable_search_given_no_time_never_loads_or_tools():
    """The greedy is the answer when the search gets no time (``solve --out`` at 5,000 units with
    invites and ``--time-limit`` 1 to 5 keeps it all for writing): OR-Tools, 0.2-0.35 s to load, is
    loaded only when a model is made (issue 16; the search itself is reached: the answer is not proven)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from benchmarks.shapes import build, shape_named\n"
        "from scheduler.solver.deadline import Deadline\n"
        "from scheduler.solver.pipeline import solve\n"
        "result = solve(build(shape_named('tiny-40u-1r'), 'stable'), 'stable', time_limit=Deadline(0.001))\n"
        "print(result.status, result.engine, 'ortools' in sys.modules)\n"
        "from scheduler.solver.cpsat import CpModel\n"
        "CpModel().new_bool()\n"
        "print('ortools' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["feasible", "greedy", "False", "True"]


def test_a_search_past_the_memory_ceiling_is_stopped(monkeypatch):
    """The process holding more than ``MEMORY_MB`` stops the search as the clock would (CP-SAT's
    own memory limit did not); the caller keeps its best answer."""
    import scheduler.solver.cpsat as cpsat

    deadline = Deadline(60)
    deadline.held_mb = 100.0  # a small process when the call began, then past the ceiling
    monkeypatch.setattr(cpsat, "resident_mb", lambda: cpsat.MEMORY_MB + 1.0)
    started = time.perf_counter()
    outcome = pigeons(14).solve(deadline, workers=1, light_presolve=True)
    assert outcome.status == "UNKNOWN" and outcome.cut == "memory"
    assert time.perf_counter() - started < 10  # the search would run for the whole minute otherwise


def test_the_guard_counts_what_a_search_adds_to_a_process_that_was_already_large(monkeypatch):
    """A process past ``MEMORY_MB`` before the search (a web server holding many tables) may
    still search: it is stopped only once the search has added ``HEADROOM_MB``."""
    import scheduler.solver.cpsat as cpsat

    deadline = Deadline(60)
    held = deadline.held_mb = cpsat.MEMORY_MB + 100.0  # what the process held when the call began
    ceiling = cpsat.ceiling_mb(cpsat.MEMORY_MB, held)
    assert ceiling == held + cpsat.HEADROOM_MB
    readings = iter([ceiling - 1.0] * 21)  # the look before the search, then 20, one a POLL: 1 s
    monkeypatch.setattr(cpsat, "resident_mb", lambda: next(readings, ceiling + 1.0))
    started = time.perf_counter()
    outcome = pigeons(14).solve(deadline, workers=1, light_presolve=True)
    elapsed = time.perf_counter() - started
    assert outcome.status == "UNKNOWN" and outcome.cut == "memory"
    assert 20 * POLL <= elapsed < 10  # searched until the headroom was used up, then stopped


def test_a_search_always_has_some_headroom():
    """The ceiling has no cliff just under ``MEMORY_MB``: a process that began 10 MB under it may still
    add ``LEAST_HEADROOM_MB`` (it had 10 MB, and a small search was refused at once: flake23); one far
    under it keeps the ceiling, one past it adds ``HEADROOM_MB``."""
    import scheduler.solver.cpsat as cpsat

    ceiling = cpsat.MEMORY_MB
    assert cpsat.ceiling_mb(ceiling, 100.0) == ceiling
    assert cpsat.ceiling_mb(ceiling, ceiling - 10.0) == ceiling - 10.0 + cpsat.LEAST_HEADROOM_MB
    assert cpsat.ceiling_mb(ceiling, ceiling + 10.0) == ceiling + 10.0 + cpsat.HEADROOM_MB


def test_a_process_under_the_ceiling_keeps_the_ceiling(monkeypatch):
    """The headroom is only for a process that began the call past the ceiling: one that began under
    it is stopped at the ceiling, however large its own model made it before the search (a
    5,000-unit library run began at 480 MB, built a 352,000-variable model to 900 MB, and allowed
    400 MB more from there, reached 1.3 GB)."""
    import scheduler.solver.cpsat as cpsat

    deadline = Deadline(60)
    deadline.held_mb = cpsat.MEMORY_MB - 100.0  # under the ceiling when the call began ...
    monkeypatch.setattr(cpsat, "resident_mb", lambda: cpsat.MEMORY_MB + 1.0)  # ... past it (its own model) since
    started = time.perf_counter()
    outcome = pigeons(14).solve(deadline, workers=1, light_presolve=True)
    assert outcome.status == "UNKNOWN" and outcome.cut == "memory"
    assert time.perf_counter() - started < 10


class _Engine:
    """Stands in for CP-SAT in :func:`scheduler.solver.cpsat._watched`: "presolves" until told,
    then "searches" until stopped, and records when the stop came."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.presolved = threading.Event()
        self.stopped_after_presolve: bool | None = None

    def stop_search(self) -> None:
        self.stopped_after_presolve = self.presolved.is_set()
        self.stopped.set()

    def solve(self, _proto: object) -> None:
        self.stopped.wait(5)


def test_the_memory_guard_waits_for_the_presolve_to_end(monkeypatch):
    """A presolve's passing peak (CP-SAT's objective expansion, freed at its end) does not stop the
    search it was for: the guard looks at memory only once the presolve is over, and then stops a
    process still past its ceiling as before."""
    import scheduler.solver.cpsat as cpsat

    engine = _Engine()
    monkeypatch.setattr(cpsat, "resident_mb", lambda: 10_000.0)  # past any ceiling throughout
    threading.Timer(10 * POLL, engine.presolved.set).start()
    started = time.perf_counter()
    cpsat._watched(engine, None, None, started + 60, 600.0, engine.presolved)  # type: ignore[arg-type]
    assert engine.stopped_after_presolve is True
    assert time.perf_counter() - started >= 10 * POLL


def test_only_a_one_worker_search_waits_for_the_presolve(monkeypatch):
    """Several workers each load the presolved model, which no stop interrupts either (two took a
    245,872-variable model from 299 to 1,406 MB): their guard stops them during the presolve, as a
    stop asked for then is heard before they load."""
    import scheduler.solver.cpsat as cpsat

    seen: list[object] = []
    real = cpsat._watched
    monkeypatch.setattr(cpsat, "_watched", lambda *args: (seen.append(args[5]), real(*args))[1])
    for workers in (1, 2):
        model = pigeons(4)
        model.minimize([(0, 1)])
        model.solve(5.0, workers=workers)
    assert isinstance(seen[0], threading.Event) and seen[1] is None


def test_a_model_whose_presolve_would_pass_the_ceiling_is_searched_without_it(monkeypatch, capsys):
    """The presolve's peak is bounded before the model is handed over: CP-SAT's objective expansion
    holds every ordered pair of literals of each exactly-one, which :meth:`CpModel.presolve_mb`
    counts; past :data:`PRESOLVE_LIMIT_MB` the model is searched without presolve on one worker, and
    still answers."""
    import scheduler.solver.cpsat as cpsat

    model = CpModel()
    rows = [model.new_bools(40) for _ in range(3)]
    for row in rows:
        model.exactly_one(row)
    copy = 120 * cpsat.PRESOLVE_BYTES_PER_VARIABLE / 2**20
    assert model.presolve_mb() == pytest.approx(copy)  # no objective, nothing to expand
    model.minimize([(row[k], k) for row in rows for k in range(40)])
    assert model.presolve_mb() == pytest.approx(copy + 3 * 40 * 39 * cpsat.BYTES_PER_ENTRY / 2**20)
    monkeypatch.setattr(cpsat, "PRESOLVE_LIMIT_MB", 0.0)
    outcome = model.solve(10.0, workers=2, log=True)
    assert outcome.status == "OPTIMAL" and outcome.objective == 0
    parameters = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Parameters:"))
    # and on one worker: each worker loads the whole model at once, which no stop interrupts
    assert "cp_model_presolve: false" in parameters and "num_workers: 1" in parameters


def test_the_presolve_estimate_stops_at_the_engines_own_limit():
    """Past ``EXPAND_ENTRIES`` CP-SAT stops building the graph, so the estimate stops there too."""
    import scheduler.solver.cpsat as cpsat

    model = CpModel()
    literals = list(model.new_bools(12_000))  # 144 million ordered pairs
    model.exactly_one(literals)
    model.minimize([(literals[0], 1)])
    copy = 12_000 * cpsat.PRESOLVE_BYTES_PER_VARIABLE
    assert model.presolve_mb() == pytest.approx((copy + cpsat.EXPAND_ENTRIES * cpsat.BYTES_PER_ENTRY) / 2**20)


def test_the_clock_stops_a_search_whatever_the_engine_makes_of_its_own_limit(monkeypatch):
    """The watcher stops the search at the deadline itself: here CP-SAT is told a minute (as if its
    own check came late) and the watcher's clock says half a second."""
    import scheduler.solver.cpsat as cpsat

    solve = cpsat._watched
    monkeypatch.setattr(
        cpsat, "_watched", lambda w, p, stop, until, *rest: solve(w, p, stop, time.perf_counter() + 0.5, *rest)
    )
    started = time.perf_counter()
    outcome = pigeons(14).solve(Deadline(60), workers=1, light_presolve=True)
    assert outcome.status == "UNKNOWN"
    assert time.perf_counter() - started < 10


def test_resident_memory_is_read():
    import scheduler.solver.cpsat as cpsat

    assert 1 < cpsat.resident_mb() < 4096  # this test process, on Linux


def test_a_model_too_large_for_the_time_left_is_not_handed_to_the_engine(monkeypatch):
    """CP-SAT does not stop while it loads a model; with less time left than loading takes, the
    call returns at once with nothing found and the caller keeps its best answer."""
    import scheduler.solver.cpsat as cpsat

    def engine(*_args, **_kwargs):
        raise AssertionError("the engine should not have been called")

    monkeypatch.setattr(cpsat, "_watched", engine)
    model = pigeons(60)  # 3,660 variables
    outcome = model.solve(0.5 * cpsat.LOAD_SECONDS * model.num_variables, workers=1)
    assert outcome.status == "UNKNOWN" and not outcome.has_solution and outcome.cut == "time"
    monkeypatch.undo()
    assert pigeons(3).solve(Deadline(5), workers=1).status == "INFEASIBLE"  # with time, it runs


def _seating(n: int, seed: int) -> tuple[CpModel, list[tuple[int, int]], int]:
    """``n`` people on ``n`` seats with random costs, hinted at a poor seating (each on the seat of
    its own number: the first solution found); the costs and the hinted seating's cost."""
    import random

    rng = random.Random(seed)
    model = CpModel()
    seat = [list(model.new_bools(n)) for _ in range(n)]
    for row in seat:
        model.exactly_one(row)
    for h in range(n):
        model.exactly_one([row[h] for row in seat])
    cost = [[rng.randrange(100) for _ in range(n)] for _ in range(n)]
    model.hint({seat[p][h]: int(p == h) for p in range(n) for h in range(n)})
    terms = [(seat[p][h], cost[p][h]) for p in range(n) for h in range(n)]
    return model, terms, sum(cost[p][p] for p in range(n))


def test_a_search_ends_at_the_first_solution_a_known_bound_accepts():
    """``enough`` stops the search at a solution the caller knows nothing beats, where the engine
    alone would go on (here: to a better one, since the caller's "bound" is deliberately loose)."""
    model, terms, hinted = _seating(30, 3)
    model.minimize(terms)
    heard: list[float] = []
    outcome = model.solve(10.0, 1, light_presolve=True, on_value=heard.append, enough=lambda value: value <= hinted)
    assert outcome.status == "FEASIBLE" and outcome.objective == hinted and heard == [hinted]
    model, terms, _ = _seating(30, 3)
    model.minimize(terms)
    assert model.solve(10.0, 1, light_presolve=True).objective < hinted  # without it, the search goes on


def test_a_stage_solution_at_its_floor_is_optimal_at_once():
    """A solution at the stage's floor (a bound every timetable meets) is optimal: the stage's
    search ends there and says so, though the engine has not proven it (a better seating exists:
    the floor given here is not a true one, so only stopping explains the answer)."""
    from scheduler.solver.stages import OPTIMAL, Stage, solve_stage

    model, terms, hinted = _seating(30, 3)
    found = solve_stage(model, Stage(tuple(terms)), hinted, Deadline(10.0), 1)
    assert found.status == OPTIMAL and found.value == hinted


P = small_problem([("甲", "", ""), ("乙", "", "")])


@pytest.mark.parametrize(
    ("call", "says"),
    [
        # Each escaped as AttributeError/TypeError from deep inside, or was quietly accepted.
        (lambda: scheduler.solve(None), "problem must be a Problem, not None"),  # type: ignore[arg-type]
        (  # a path where the loaded problem belongs
            lambda: scheduler.solve("examples/notice_2021.csv"),  # type: ignore[arg-type]
            "problem must be a Problem, not 'examples/notice_2021.csv'",
        ),
        (lambda: scheduler.validate(P, None), "timetable must be a Timetable, not None"),  # type: ignore[arg-type]
        (lambda: scheduler.explain(None), "problem must be a Problem, not None"),  # type: ignore[arg-type]
        (lambda: scheduler.replan(P, None), "changes must be a Changes, not None"),  # type: ignore[arg-type]
        (lambda: scheduler.apply_changes(P, ()), "changes must be a Changes, not tuple"),  # type: ignore[arg-type]
        (  # one name where a tuple of names belongs: it was read letter by letter
            lambda: scheduler.Changes(drop="区财政局"),  # type: ignore[arg-type]
            "Changes.drop must be a tuple of unit names (not one str), not '区财政局'",
        ),
        (  # progress that cannot be called
            lambda: scheduler.solve(P, progress=5),  # type: ignore[arg-type]
            "progress must be a callable (such as a function) or None, not 5",
        ),
        (  # a stop flag given as a bool
            lambda: scheduler.solve(P, stop=True),  # type: ignore[arg-type]
            "stop must be None or an object with is_set() (such as threading.Event()), not True",
        ),
        (lambda: scheduler.solve(P, workers=-2), "workers must be None or a whole number of at least 1, not -2"),
        (lambda: scheduler.alternatives(P, count=None), "count must be a whole number of at least 1, not None"),  # type: ignore[arg-type]
        (lambda: scheduler.alternatives(P, count=0), "count must be a whole number of at least 1, not 0"),  # gave 1
        (lambda: scheduler.alternatives(P, count=1.5), "count must be a whole number of at least 1, not 1.5"),  # type: ignore[arg-type]
    ],
)
def test_an_argument_of_the_wrong_kind_is_refused_naming_it(call, says):
    with pytest.raises(ArgumentError) as caught:
        call()
    assert caught.value.text("en") == says
    assert isinstance(caught.value, ValueError)


def test_an_argument_of_the_wrong_kind_is_named_in_chinese_too():
    with pytest.raises(ArgumentError) as caught:
        scheduler.alternatives(P, count=0)
    assert caught.value.text("zh") == "count 应为 不小于 1 的整数，而不是 0"
