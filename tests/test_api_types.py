"""What the types of the public API promise, held at run time (embed16 #5): the results of the
calls (``Result``, ``Alternatives``, ``Loaded``, ``MeetingResult``, ``LoadedMeetings``) are frozen
dataclasses holding dicts, whose generated hash failed inside (``unhashable type: 'dict'``): they
are unhashable by declaration, which ``mypy --strict`` sees (not ``Hashable``). ``Problem.replace``
took ``**changes: Any``: a misspelt field was a raw ``TypeError``, and no mypy error."""

from __future__ import annotations

import subprocess
import sys
import typing
from dataclasses import fields

import pytest

import scheduler
from scheduler import Problem, ProblemError
from scheduler.domain import ProblemChanges
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.meetings.planner import MeetingResult
from tests.conftest import NOTICE, ROOT


@pytest.mark.parametrize(
    "kind", [scheduler.Result, scheduler.Alternatives, scheduler.Loaded, MeetingResult, LoadedMeetings]
)
def test_a_call_s_result_is_unhashable_by_declaration(kind):
    assert kind.__hash__ is None


def test_hashing_a_result_names_its_class():
    loaded = scheduler.load(NOTICE)
    result = scheduler.solve(loaded.problem, time_limit=10)
    for value, name in ((result, "Result"), (loaded, "Loaded")):
        with pytest.raises(TypeError, match=f"unhashable type: '{name}'"):
            hash(value)
    assert result == result and loaded == loaded  # equality is kept


def test_replace_refuses_an_unknown_field_naming_the_nearest():
    problem = scheduler.load(NOTICE).problem
    with pytest.raises(ProblemError) as caught:
        problem.replace(unitz=())  # type: ignore[call-arg]
    assert caught.value.text("en") == "Problem has no field 'unitz' (did you mean units?)"
    assert "units" in caught.value.text("zh")
    with pytest.raises(ProblemError) as caught:
        problem.replace(zzz=1)  # type: ignore[call-arg]
    assert caught.value.text("en").startswith("Problem has no field 'zzz' (fields: units, calendar,")
    assert problem.replace(title="改").title == "改"


def test_replace_s_keywords_are_the_problem_s_fields():
    assert list(ProblemChanges.__annotations__) == [f.name for f in fields(Problem) if f.init]
    hints = typing.get_type_hints(Problem)
    assert all(typing.get_type_hints(ProblemChanges)[name] == hints[name] for name in ProblemChanges.__annotations__)


def test_mypy_strict_sees_both(tmp_path, mypy_cache):
    script = tmp_path / "user.py"
    script.write_text(
        "from collections.abc import Hashable\n"
        "import scheduler\n"
        "from scheduler.domain.meetings import MeetingProblem\n"
        "loaded = scheduler.load('examples/notice_2021.csv')\n"
        "loaded.problem.replace(unitz=())\n"
        "loaded.problem.replace(title=3)\n"
        "key: Hashable = scheduler.solve(loaded.problem)\n"
        "ok = loaded.problem.replace(title='x', units=())\n"
        "def meetings(p: MeetingProblem) -> None:\n"
        "    p.replace(sesions=())\n"  # before, **changes: Any: mypy passed it (qapyapi19 F6)
        "    p.replace(title='x', gap=5)\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    errors = [line.split(": error: ")[0].rsplit(":", 1)[1] for line in out.stdout.splitlines() if ": error: " in line]
    assert errors == ["5", "6", "7", "10"], out.stdout
