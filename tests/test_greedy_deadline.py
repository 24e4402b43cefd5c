"""No greedy builder but the first is begun once the deadline has passed, even with no timetable found yet:
the call answers at once that no timetable was found in the time, with what was checked, never a bare
"unknown" (docs/performance.md, "The greedy at the deadline")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from benchmarks.perturbed import Perturbed, build
from scheduler.domain import Problem
from scheduler.solver import pipeline
from scheduler.solver.deadline import Deadline
from scheduler.solver.result import Status
from scheduler.solver.rooms import SlotGroups


class Clock:
    """A clock for the deadline that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def stuck_first() -> Problem:
    """A one-room table with no free time where first-fit keeping the reference times gets stuck and the
    packing (the fourth builder of ``stable``) finds a timetable."""
    return build(Perturbed("pert-200u-1r", 200, chains=30, pins=30, broken=0.02, seed=1), "stable")


def counted(monkeypatch: pytest.MonkeyPatch, clock: Clock, first_takes: float, second_takes: float = 0.0) -> list[int]:
    """The builders begun, by their place; the first takes ``first_takes`` seconds of the clock, the second
    ``second_takes``, the others none."""
    begun: list[int] = []
    real = pipeline._Run.builders

    def builders(self: pipeline._Run) -> tuple[list[Callable[[], SlotGroups | None]], set[int]]:
        made, enough = real(self)

        def step(k: int, build: Callable[[], SlotGroups | None]) -> Callable[[], SlotGroups | None]:
            def run() -> SlotGroups | None:
                begun.append(k)
                clock.now += {0: first_takes, 1: second_takes}.get(k, 0.0)
                return build()

            return run

        return [step(k, b) for k, b in enumerate(made)], enough

    monkeypatch.setattr(pipeline._Run, "builders", builders)
    return begun


def test_with_time_left_the_builders_after_a_stuck_one_are_begun(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    begun = counted(monkeypatch, clock, 1.0)
    run = pipeline._Run(stuck_first(), pipeline.objective_named("stable"), Deadline(10.0, clock=clock), 1)
    assert run.greedy() is not None
    assert begun == [0, 1, 2, 3]  # the packing found it: plain first-fit, the last, not needed


def test_none_but_the_first_begun_past_the_deadline_and_the_answer_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    begun = counted(monkeypatch, clock, 11.0)  # the first builder ends past a limit of 10 s
    problem = stuck_first()
    result = pipeline.solve_within(problem, "stable", Deadline(10.0, clock=clock), 1)
    assert begun == [0]
    assert result.status is Status.UNKNOWN and result.timetable is None
    assert result.conflict is not None and not result.conflict.proven
    said = "\n".join(result.conflict.lines("en"))
    assert "No timetable was found in the time limit" in said
    # what was checked: the builders tried before the deadline stopped them
    assert "1 of the 5 quick builders was tried and got stuck" in said
    assert "5 种快速排法试了 1 种" in "\n".join(result.conflict.lines("zh"))


def test_no_answer_is_bare_the_search_made_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no timetable and no proof, the answer tells what was done: the whole model's search and its
    seconds where the explanation only says its checks saw no clash; a timetable the explanation saw (and
    this call does not have) as such; a list of rules as it is."""
    from scheduler.solver import diagnose

    problem = stuck_first()
    run = pipeline._Run(problem, pipeline.objective_named("stable"), Deadline(10.0), 1)
    plain = diagnose.not_narrowed(problem, 463, proven=False)
    assert run.unsettled(plain) is plain  # no search made: the explanation's words stand
    run.timings["solve"] = 3.21
    said = "\n".join(run.unsettled(plain).lines("en"))
    assert "the solver searched for 3.2 s without finding a timetable" in said and "463 rules, 200 units" in said
    assert "求解器搜索了 3.2 秒" in "\n".join(run.unsettled(plain).lines("zh"))
    assert "exists" in "\n".join(run.unsettled(None).lines("en"))
    monkeypatch.setattr(diagnose, "explain", lambda problem, deadline, infeasible=False: None)
    result = pipeline._Run(problem, pipeline.objective_named("stable"), Deadline(10.0), 1).no_timetable("cp-sat")
    assert result.status is Status.UNKNOWN and result.conflict is not None
    assert result.conflict.unsettled is not None and result.conflict.unsettled.key == "why.exists_not_kept"


def test_just_past_the_deadline_the_builders_after_a_stuck_one_are_still_begun(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first builder takes 0.2 s and ends 0.1 s past the deadline: one as long would end 0.3 s past it,
    within GREEDY_GRACE, so the next builders are begun (a small table's take milliseconds: the notice
    replanned with a time cancelled gets its timetable from the packing); with a grace of 0.1 s, not."""
    clock = Clock()
    begun = counted(monkeypatch, clock, 0.2)
    run = pipeline._Run(stuck_first(), pipeline.objective_named("stable"), Deadline(0.1, clock=clock), 1)
    assert run.greedy() is not None and begun == [0, 1, 2, 3]
    clock.now = 0.0
    begun.clear()
    run = pipeline._Run(stuck_first(), pipeline.objective_named("stable"), Deadline(0.1, clock=clock), 1)
    monkeypatch.setattr(pipeline, "GREEDY_GRACE", 0.1)
    assert run.greedy() is None and begun == [0]


def test_past_the_deadline_the_next_builder_is_guessed_as_long_as_the_longest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Builders differ by tenfold (pert 2,000 units, CPU seconds: first-fit keeping the reference 0.13 stuck,
    without ejections 0.014, the windowed pass 0.01, the packing 0.17): one quick stuck builder is no sign
    the next is quick. The first takes 0.4 s and ends 0.08 s past the deadline (the second is begun: one as
    long would end 0.48 s past it), the second takes 0.05 s: the third is not begun (one as long as the
    first would end 0.53 s past the deadline, beyond ``GREEDY_GRACE``; one as long as the last 0.18 s)."""
    clock = Clock()
    begun = counted(monkeypatch, clock, 0.4, 0.05)
    run = pipeline._Run(stuck_first(), pipeline.objective_named("stable"), Deadline(0.32, clock=clock), 1)
    assert run.greedy() is None
    assert begun == [0, 1]
