"""One exception tree under one base class, documented as a tree, mapped to exit codes in one place."""

from __future__ import annotations

import copy
import inspect
import pickle

import pytest

import scheduler.errors as errors
from scheduler.cli.main import EXIT_CODES, exit_code
from scheduler.conflicts.conflict import InfeasibleError
from scheduler.errors import (
    ArgumentError,
    BrokenRules,
    DeliveryError,
    InputError,
    NoTimetableError,
    OtherFormat,
    ProblemError,
    SchedulerError,
    TimeLimitError,
    UnknownName,
)
from scheduler.text.messages import Message

TREE = {
    InputError: SchedulerError,
    OtherFormat: InputError,
    ProblemError: SchedulerError,
    UnknownName: ProblemError,
    ArgumentError: SchedulerError,
    NoTimetableError: SchedulerError,
    InfeasibleError: NoTimetableError,
    TimeLimitError: NoTimetableError,
    BrokenRules: SchedulerError,
    DeliveryError: SchedulerError,
}


def classes() -> list[type[SchedulerError]]:
    """The tree: scheduler.errors' classes, and InfeasibleError, defined beside the Conflict it carries."""
    found = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, SchedulerError)]
    return [*found, InfeasibleError]


def test_every_error_sits_in_the_tree_under_one_base():
    assert set(classes()) == {SchedulerError, *TREE}
    for cls, parent in TREE.items():
        assert cls.__bases__[0] is parent


def test_the_module_text_draws_the_whole_tree():
    drawn = errors.__doc__ or ""
    for cls in classes():
        assert f"{cls.__name__} " in drawn


class Told:
    def lines(self, lang: str = "zh") -> list[str]:
        return ["no timetable" if lang == "en" else "没有时间表"]

    def text(self, lang: str = "zh") -> str:
        return self.lines(lang)[0]


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InputError(Message("input.no_file"), "a.csv"), 2),
        (ProblemError(Message("problem.no_rooms")), 2),
        (ArgumentError(Message("solve.time_limit", value=0)), 2),
        (InfeasibleError(Told()), 1),
        (TimeLimitError(Message("solve.nothing")), 3),  # none found in time: not "none exists" (QA qabig25 F8)
        (DeliveryError(Message("solve.nothing")), 1),
        (BrokenRules(Told()), 1),
        (SchedulerError(Message("solve.nothing")), 2),
    ],
)
def test_exit_codes_come_from_one_table(error, code):
    assert exit_code(error) == code
    assert str(error) == error.text("zh")


def test_every_error_class_has_an_exit_code():
    mapped = {cls for cls, _ in EXIT_CODES}
    for cls in classes():
        assert any(issubclass(cls, kind) for kind in mapped), cls


ERRORS = [
    InputError(Message("input.no_file"), "nope.csv", 3, "单位名称"),
    InputError(Message("input.no_file"), "rules.toml", line=2, key="timezone"),
    ProblemError(Message("problem.unknown_unit", unit="区财政局")),
    ArgumentError(Message("solve.time_limit", value=0)),
    TimeLimitError(Message("infeasible.header")),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("copied", [lambda e: pickle.loads(pickle.dumps(e)), copy.copy, copy.deepcopy])
def test_an_error_survives_pickling_and_copying(error, copied):
    # A worker process's InputError came back to the parent as a broken pool: unpickling called
    # InputError(<the Chinese text>), which has no Message to render.
    again = copied(error)
    assert type(again) is type(error)
    assert (again.text("zh"), again.text("en"), str(again)) == (error.text("zh"), error.text("en"), str(error))
    assert vars(again) == vars(error)


def test_need_whole_is_the_one_whole_number_check():
    """``Room``, ``Calendar``, ``alternatives`` and ``solve`` refuse a count through one helper; with
    ``kind_only`` a number below ``least`` is left to the caller's own words (a room of capacity 0)."""
    from datetime import date, time

    from scheduler import Calendar, Room
    from scheduler.errors import need_whole

    for good in (1, 5):
        need_whole("n", good, 1)
    need_whole("n", None, 1, optional=True)
    need_whole("n", 0, 1, kind_only=True)
    for bad, optional in ((0, False), (True, False), (1.0, False), (None, False), (0, True), ("2", True)):
        with pytest.raises(ArgumentError):
            need_whole("n", bad, 1, optional)
    with pytest.raises(ProblemError) as caught:
        need_whole("n", False, 0, error=ProblemError, kind_only=True)
    assert caught.value.text("en") == "n must be a whole number of at least 0, not False"
    with pytest.raises(ProblemError) as caught:
        Room("r", 0)
    assert caught.value.message.key == "problem.room_capacity"  # its own message, not the kind's
    with pytest.raises(ProblemError) as caught:
        Room("r", changeover=1.5)  # type: ignore[arg-type]
    assert caught.value.text("en") == "Room.changeover must be a whole number of at least 0, not 1.5"
    with pytest.raises(ProblemError) as caught:
        Calendar((date(2025, 9, 8),), (time(8),), 0)
    assert caught.value.message.key == "problem.minutes"
