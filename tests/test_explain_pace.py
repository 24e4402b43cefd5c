"""Issue 16: an explanation's questions hear the deadline by their pace (:func:`scheduler.solver.diagnose._affordable`).

The checks without a search (first-fit, the packing, the count) are pure Python that looks at no clock;
a question begun with less time left than one of them takes ended past the limit (one-room draws at 1,000
and 2,000 units, 0.9-2.3 s past T + 1). A pace is faked here (seconds a unit, learned just now), never timed.
"""

from __future__ import annotations

import importlib
import time

import pytest

from scheduler import explain
from scheduler.rules.registry import named_instances
from scheduler.solver.deadline import Deadline
from scheduler.solver.seen import forget
from tests.test_explain import issue_problem

diagnose = importlib.import_module("scheduler.solver.diagnose")


@pytest.mark.serial
def test_a_question_that_would_end_past_the_deadline_at_the_pace_so_far_is_not_begun(notice, monkeypatch):
    forget()  # (a pass remembered from another test is no question)
    monkeypatch.setattr(diagnose, "_pace", [10.0, time.perf_counter()])  # 10 s a unit: 290 s for the notice
    assert diagnose.has_timetable(notice.problem, Deadline(30.0)) is None
    monkeypatch.setattr(diagnose, "_pace", [10.0, time.perf_counter() - 2 * diagnose.PACE_MEMORY])  # stale
    assert diagnose.has_timetable(notice.problem, Deadline(30.0)) is True
    # a pass remembered for this very problem costs nothing: asked whatever the pace
    monkeypatch.setattr(diagnose, "_pace", [10.0, time.perf_counter()])
    assert diagnose.has_timetable(notice.problem, Deadline(30.0)) is True


@pytest.mark.serial
def test_an_explanation_whose_questions_the_pace_refuses_is_marked_as_the_best_so_far(notice, monkeypatch):
    """The issue's example: its clash is seen without a search and proven; the questions that make it the
    fewest are refused by the pace, so the list is given as it stands, marked not minimal (with time to ask
    them it is minimal: tests/test_explain.py), never nothing."""
    forget()
    monkeypatch.setattr(diagnose, "_pace", [10.0, time.perf_counter()])
    problem = issue_problem(notice)
    conflict = explain(problem, 30.0)
    assert conflict is not None and conflict.instances
    assert conflict.proven and not conflict.minimal
    assert set(conflict.instances) <= set(named_instances(problem))


def test_each_test_begins_with_no_pace_learned(notice):
    """The pace is learned from the wall clock (a pass's seconds a unit, trusted for
    :data:`diagnose.PACE_MEMORY`): one an earlier test left under load would refuse this test's questions, so
    each test begins with none (tests/conftest.py, as with the problems remembered). Here one is learned and
    is then the module's until the next test."""
    assert time.perf_counter() - diagnose._pace[1] > diagnose.PACE_MEMORY
    assert diagnose.has_timetable(notice.problem, Deadline(30.0)) is True
    assert time.perf_counter() - diagnose._pace[1] <= diagnose.PACE_MEMORY  # (learned: left for the next test)
