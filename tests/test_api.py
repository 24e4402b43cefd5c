"""The public API: one list, every name importable in any order, typed, runnable as a module.

``import scheduler; from scheduler import Loaded; scheduler.load(...)`` once raised
``TypeError: 'module' object is not callable`` (a module named ``load`` hid the function).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import random
import re
import subprocess
import sys
import types
import typing
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest

import scheduler
import scheduler.text.messages
from scheduler import InputError
from tests.conftest import NOTICE, ROOT

PUBLIC = list(scheduler.__all__)
FUNCTIONS = ("load", "validate", "solve", "replan", "alternatives", "explain", "apply_changes")


def fresh() -> types.ModuleType:
    """``scheduler`` imported anew, as in a new interpreter (OR-Tools and pandas stay loaded)."""
    for name in [n for n in sys.modules if n == "scheduler" or n.startswith("scheduler.")]:
        del sys.modules[name]
    return importlib.import_module("scheduler")


def check_names(package: types.ModuleType) -> None:
    """Every public name is what its home module defines: a function stays a function."""
    for name in PUBLIC:
        value = getattr(package, name)
        home = importlib.import_module(package._homes()[name])
        assert value is getattr(home, name), name
        assert not isinstance(value, types.ModuleType), name
    for name in FUNCTIONS:
        assert isinstance(getattr(package, name), types.FunctionType), name


def call_functions(package: types.ModuleType) -> None:
    loaded = package.load(str(NOTICE))
    assert package.validate(loaded.problem, loaded.timetable).ok
    assert package.solve(loaded.problem, time_limit=10).status == "optimal"
    assert package.replan(loaded.problem, package.Changes(), time_limit=10).moves() == []
    assert package.alternatives(loaded.problem, count=1, time_limit=10).count == 1
    assert package.explain(loaded.problem, time_limit=10) is None
    assert package.apply_changes(loaded.problem, package.Changes()) == loaded.problem


@pytest.fixture
def restored():
    """Put the package back as it was for the other tests (their classes stay the same objects)."""
    saved = {n: m for n, m in sys.modules.items() if n == "scheduler" or n.startswith("scheduler.")}
    yield
    for name in [n for n in sys.modules if n == "scheduler" or n.startswith("scheduler.")]:
        del sys.modules[name]
    sys.modules.update(saved)


def test_the_issue_examples(restored):
    for first, then in (
        ("Loaded", "load"),
        ("Changes", "replan"),
        ("Alternatives", "alternatives"),
        ("Conflict", "explain"),
    ):
        package = fresh()
        getattr(package, first)  # from scheduler import Loaded
        assert isinstance(getattr(package, then), types.FunctionType), (first, then)


def test_each_name_first_then_all_the_others(restored):
    for name in PUBLIC:
        package = fresh()
        getattr(package, name)
        check_names(package)


@pytest.mark.parametrize("seed", range(3))
def test_every_name_in_a_shuffled_order_then_the_functions_called(restored, seed):
    order = [*PUBLIC]
    random.Random(seed).shuffle(order)
    package = fresh()
    for name in order:
        getattr(package, name)
    check_names(package)
    call_functions(package)


def test_the_one_list_matches_the_modules_that_hold_the_names():
    assert sorted(PUBLIC, key=lambda n: (n != "RULES", n[0].islower(), n)) == PUBLIC
    assert set(PUBLIC) == set(scheduler._homes())
    assert len(PUBLIC) == len(set(PUBLIC))
    own = {p.stem for p in (ROOT / "scheduler").iterdir() if p.suffix == ".py" or p.is_dir()}
    assert not own & set(PUBLIC), "a module named after a public name would hide it"


def test_every_error_of_the_tree_is_public():
    # docs/python.md lists BrokenRules (send_invites raises it) among the errors, but
    # scheduler.BrokenRules did not exist.
    import scheduler.errors as errors

    tree = [n for n, c in vars(errors).items() if isinstance(c, type) and issubclass(c, errors.SchedulerError)]
    assert "BrokenRules" in tree
    for name in tree:
        assert name in PUBLIC and getattr(scheduler, name) is getattr(errors, name)


def test_dir_shows_only_the_public_api_and_the_version():
    fresh_package = scheduler
    assert dir(fresh_package) == sorted([*PUBLIC, "__version__"])
    assert scheduler.__version__ == version("docking-scheduler")
    with pytest.raises(AttributeError):
        scheduler.files_and_more  # noqa: B018


def test_python_dash_m_runs_the_command_line(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "scheduler", "validate", str(NOTICE), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("The timetable satisfies every rule")


# -- load from a DataFrame ----------------------------------------------------------------


def test_load_takes_a_dataframe_read_any_way():
    rules = NOTICE.with_suffix(".toml")
    as_text = scheduler.load(pd.read_csv(NOTICE, dtype=str), rules)
    as_guessed = scheduler.load(pd.read_csv(NOTICE), rules)  # 序号 as numbers, empty 备注 as NaN
    from_file = scheduler.load(NOTICE)
    assert as_text.problem == as_guessed.problem == from_file.problem
    assert as_text.timetable == from_file.timetable
    assert as_text.rows == from_file.rows  # spreadsheet rows: the header is row 1


def test_load_takes_a_solved_dataframe_back():
    loaded = scheduler.load(NOTICE)
    frame = scheduler.solve(loaded.problem, time_limit=10).to_dataframe()  # unit, start, room, category, group
    again = scheduler.load(frame, NOTICE.with_suffix(".toml"))
    assert scheduler.validate(again.problem, again.timetable).ok
    assert again.timetable.starts() == loaded.timetable.starts()


@pytest.mark.parametrize(
    ("table", "rules", "says"),
    [
        # a DataFrame has no file, so no rules file beside it
        (pd.DataFrame({"单位": ["甲局"]}), None, "DataFrame: a DataFrame has no rules file beside it"),
        # (neither a path nor a table: an ArgumentError, tests/test_load_arguments.py)
        # a DataFrame without the unit column: its header is no row (before: "DataFrame, row 1, column 单位")
        (
            pd.DataFrame({"名称": ["甲局"], "时间": [""]}),
            NOTICE.with_suffix(".toml"),
            "DataFrame, column Unit: this column is missing",
        ),
        (
            pd.DataFrame({"单位": ["甲局"]}),
            NOTICE.with_suffix(".toml"),
            "DataFrame, column Category: this column is missing",
        ),
        # a meeting table's columns
        (
            pd.DataFrame({"会议": ["预算会"], "时长": ["1小时"], "参会人员": ["王主任"]}),
            NOTICE.with_suffix(".toml"),
            "DataFrame: this is a meeting table (it has the columns Meeting and Participants): read it with"
            " scheduler.files.meeting_files.load_meetings",
        ),
        # a time that is no meeting slot, on the DataFrame's second data row (spreadsheet row 3)
        (
            pd.DataFrame({"单位": ["甲局", "乙局"], "类别": ["部门", "部门"], "时间": ["9月8日 8:00", "9月8日 12:00"]}),
            NOTICE.with_suffix(".toml"),
            "DataFrame, row 3 (index 1), column 时间",
        ),
        # ... and the row's index label beside it, whatever the index (df.loc[101]; before, row 3 alone)
        (
            pd.DataFrame(
                {"单位": ["甲局", "乙局"], "类别": ["部门", "部门"], "时间": ["9月8日 8:00", "9月8日 12:00"]},
                index=[100, 101],
            ),
            NOTICE.with_suffix(".toml"),
            "DataFrame, row 3 (index 101), column 时间",
        ),
        # a character no Word or Excel file can hold (was: an internal error when the timetable was written)
        (
            pd.DataFrame({"单位": ["甲局", "乙局"], "类别": ["部门", "部门"], "备注": ["", "带\x0c材料"]}),
            NOTICE.with_suffix(".toml"),
            "DataFrame, row 3 (index 1), column 备注: holds the invisible character U+000C",
        ),
        # qafuzz17 #1: a time with a zone (08:00 UTC is 16:00 in Beijing) was read as 08:00 local
        (
            pd.DataFrame(
                {"单位": ["甲局"], "类别": ["部门"], "时间": [pd.Timestamp("2021-09-08 08:00", tz="UTC")]}, dtype=object
            ),
            NOTICE.with_suffix(".toml"),
            "DataFrame, row 2 (index 0), column 时间: the time '2021-09-08 08:00:00+00:00' has a zone",
        ),
        # ... and one with seconds was cut to the minute
        (
            pd.DataFrame({"单位": ["甲局"], "类别": ["部门"], "时间": [pd.Timestamp("2021-09-08 08:00:30")]}),
            NOTICE.with_suffix(".toml"),
            "DataFrame, row 2 (index 0), column 时间: cannot read the time '2021-09-08 08:00:30'",
        ),
    ],
)
def test_load_names_what_is_wrong_with_a_dataframe(table, rules, says):
    with pytest.raises(InputError) as caught:
        scheduler.load(table, rules, strict=True)
    assert says in caught.value.text("en")


# -- typing -------------------------------------------------------------------------------


def test_the_package_ships_its_type_hints():
    assert (ROOT / "scheduler" / "py.typed").exists()
    assert re.search(r'^"?scheduler"? = \["py.typed"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)


def test_a_user_script_is_mypy_strict_clean_and_misuse_is_caught(mypy_cache):
    """As a user's mypy sees the package in a checkout: our modules are followed, and clean themselves
    (make lint keeps them so), so no error but the script's own is reported."""
    scripts = [str(ROOT / "tests" / "typing" / name) for name in ("api_user.py", "api_misuse.py")]
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), *scripts],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    errors = [line.split("/")[-1] for line in out.stdout.splitlines() if ": error:" in line]
    assert errors == [
        'api_misuse.py:8: error: Argument "objective" to "solve" has incompatible type "Literal[\'fastest\']"; '
        "expected \"Literal['compact', 'stable']\"  [arg-type]",
        'api_misuse.py:10: error: Incompatible types in assignment (expression has type "list[Move]", '
        'variable has type "int")  [assignment]',
    ], out.stdout


def test_the_public_type_hints_resolve_at_run_time():
    """typing.get_type_hints (documentation tools, run-time checkers) on every public class, method and
    function, but those naming pandas' DataFrame: pandas is imported for mypy only, so that ``import
    scheduler`` and ``load`` of a file stay without it."""
    unresolved = []
    for name in scheduler.__all__:
        obj = getattr(scheduler, name)
        members = [(name, obj)] if inspect.isclass(obj) or inspect.isfunction(obj) else []
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                function = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
                if not attr.startswith("__") and inspect.isfunction(function):
                    members.append((f"{name}.{attr}", function))
        for label, member in members:
            try:
                typing.get_type_hints(member)
            except NameError as error:
                unresolved.append((label, error.name))
    assert unresolved == [("Result.to_dataframe", "pd"), ("Timetable.to_dataframe", "pd"), ("load", "pd")]
    assert typing.get_type_hints(scheduler.Result)["conflict"] == scheduler.Conflict | None


def test_the_user_script_runs(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "typing" / "api_user.py")], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("optimal proven=True moved=[] {'end_slots': 23}")


def test_pathlib_and_str_paths_both_load():
    assert scheduler.load(Path(NOTICE)).problem == scheduler.load(str(NOTICE)).problem


LOADED_ON_FIRST_USE = {
    "Pin": ("scheduler.domain", "scheduler.domain.limits"),
    "Unavailable": ("scheduler.domain", "scheduler.domain.limits"),
    "Violation": ("scheduler.rules.values", "scheduler.rules.values.violation"),
    "Progress": ("scheduler.solver.deadline", "scheduler.solver.progress"),
}
"""Public classes in modules of their own, loaded on first use (docs/performance.md, start-up): each is
still importable from where it was, and is the same class there."""


@pytest.mark.parametrize("name", sorted(LOADED_ON_FIRST_USE))
def test_a_class_loaded_on_first_use_is_one_class_from_every_place_and_pickles(name):
    old, home = LOADED_ON_FIRST_USE[name]
    cls = getattr(scheduler, name)
    assert getattr(importlib.import_module(old), name) is cls is getattr(importlib.import_module(home), name)
    assert cls.__module__ == home
    assert pickle.loads(f"c{old}\n{name}\n.".encode()) is cls  # a pickle made before: found where it was
    fields = {
        "Pin": ("区财政局", datetime(2021, 9, 8, 8)),
        "Unavailable": ("区财政局", frozenset({datetime(2021, 9, 8, 8)})),
        "Violation": ("pinned", scheduler.text.messages.Message("check.missing", unit="区财政局")),
        "Progress": ("greedy",),
    }[name]
    value = cls(*fields)
    assert pickle.loads(pickle.dumps(value)) == value and copy.deepcopy(value) == value
    assert repr(value).startswith(f"{name}(")


def test_the_annotations_naming_a_class_loaded_on_first_use_resolve_before_it_is_loaded():
    """In a new interpreter, with none of them loaded yet: typing.get_type_hints loads what it names."""
    code = (
        "import sys, typing, scheduler\n"
        "hints = typing.get_type_hints(scheduler.Problem)\n"
        "report = typing.get_type_hints(scheduler.Report)\n"
        "solve = typing.get_type_hints(scheduler.solve)\n"
        "print(hints['pins'] == tuple[scheduler.Pin, ...], hints['unavailable'] == tuple[scheduler.Unavailable, ...],"
        " report['violations'] == tuple[scheduler.Violation, ...], 'progress' in solve)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split() == ["True"] * 4, done.stderr


# -- languages and help -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "EN", "zh-CN", "", None])
def test_a_language_other_than_zh_or_en_is_refused_not_mixed(lang):
    """Before, ``lines("fr")`` gave a Chinese sentence in an English bracket ("[rule each-unit-once:
    每个单位...]") and ``text("EN")`` Chinese: one language per line, or an ArgumentError."""
    loaded = scheduler.load(NOTICE)
    report = scheduler.validate(loaded.problem, scheduler.Timetable(loaded.timetable.meetings[1:]))
    error = scheduler.ArgumentError(scheduler.Message("solve.nothing"))
    for said in (lambda: report.lines(lang), lambda: report.violations[0].text(lang), lambda: error.text(lang)):
        with pytest.raises(scheduler.ArgumentError) as caught:
            said()
        assert caught.value.text("en") == f"lang must be 'zh' or 'en', not {lang!r}"
    assert report.lines("en")[0].endswith("[rule each-unit-once: every unit meets exactly once]")


def test_help_shows_the_rules_default_in_a_few_words():
    """``help(scheduler.validate)`` showed 17 ``<scheduler.rules....object at 0x...>`` as the default."""
    from scheduler.meetings.check import check_meetings, keeps_rules

    shown = {
        scheduler.validate: "<scheduler.rules.UNIT_RULES: 9 rules>",  # a unit table's rules only
        check_meetings: "<scheduler.RULES: 19 rules>",
        keeps_rules: "<scheduler.RULES: 19 rules>",
    }
    for function, default in shown.items():
        signature = str(inspect.signature(function))
        assert f"rules: 'Sequence[Rule]' = {default}" in signature, signature
        assert " object at 0x" not in signature


def test_load_of_a_meeting_table_says_it_is_one_not_that_its_rules_are_wrong():
    """Before: "meetings_2025.toml, line 7, key hours: cannot read the hour '8:00-12:00'", a valid
    meeting table's rules blamed."""
    with pytest.raises(InputError) as caught:
        scheduler.load(ROOT / "examples" / "meetings_2025.csv")
    assert caught.value.text("en").endswith(
        "meetings_2025.csv: this is a meeting table (it has the columns Meeting and Participants): read it with"
        " scheduler.files.meeting_files.load_meetings"
    )


def test_the_reference_names_every_public_name_and_the_meeting_calls():
    """docs/python.md named only Unit, Room, Calendar and Problem of the domain, and not the meetings API."""
    from scheduler.files import meeting_files
    from scheduler.meetings import check, choices, diagnose, planner, replanning

    reference = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    assert [name for name in PUBLIC if f"`{name}" not in reference] == []
    calls = {
        meeting_files: "load_meetings",
        planner: "solve_meetings",
        replanning: "replan_meetings",
        choices: "meeting_alternatives",
        check: "check_meetings",
        diagnose: "explain_meetings",
    }
    for module, name in calls.items():
        assert f"`{module.__name__}.{name}(" in reference, name
    for name, function in [
        *((n, getattr(scheduler, n)) for n in FUNCTIONS),
        *((n, getattr(m, n)) for m, n in calls.items()),
    ]:
        for parameter in inspect.signature(function).parameters:  # every parameter of every call is documented
            assert re.search(rf"`[\w.]*{name}\([^`]*\b{parameter}\b", reference), (name, parameter)


def test_the_architecture_lists_each_package_once():
    tree = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").split("```")[1]
    listed = re.findall(r"^  (\w+)/", tree, re.M)
    assert len(listed) == len(set(listed)), listed


def test_infeasible_error_is_still_importable_from_scheduler_errors():
    """Review: it moved beside the Conflict it carries (conflicts.conflict) and
    ``from scheduler.errors import InfeasibleError`` raised ImportError after an upgrade."""
    from scheduler.conflicts.conflict import InfeasibleError
    from scheduler.errors import InfeasibleError as old_path
    from scheduler.errors import NoTimetableError

    assert old_path is InfeasibleError is scheduler.InfeasibleError and issubclass(old_path, NoTimetableError)
    with pytest.raises(AttributeError):
        scheduler.errors.NoSuchError  # noqa: B018


@pytest.mark.parametrize("given", [None, "pinned", ("pinned",), 3])
def test_validate_and_check_meetings_refuse_rules_that_are_not_rule_objects(given):
    """Review: ``check_meetings(rules=None)`` failed with a raw TypeError deep in the check."""
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.check import check_meetings

    loaded = scheduler.load(NOTICE)
    with pytest.raises(scheduler.ArgumentError) as caught:
        scheduler.validate(loaded.problem, loaded.timetable, rules=given)
    assert caught.value.text("en").startswith("rules must be a sequence of rule objects (such as scheduler.RULES)")
    from scheduler.domain.meetings import Plan

    meetings = load_meetings(ROOT / "examples" / "meetings_2025.csv")
    with pytest.raises(scheduler.ArgumentError):
        check_meetings(meetings.problem, Plan(()), rules=given)
    assert not check_meetings(meetings.problem, Plan(())).ok  # (every meeting unplaced: a report, no error)
    assert scheduler.validate(loaded.problem, loaded.timetable, rules=list(scheduler.RULES)).ok


# -- printing, comparing, looking up ------------------------------------------------------------


def test_a_result_and_a_conflict_print_in_one_short_line():
    # before, repr(result) held the whole problem: 7,258 characters for the notice, 821,034 at 5,000 units
    loaded = scheduler.load(NOTICE)
    result = scheduler.solve(loaded.problem, time_limit=10)
    said = repr(result)
    assert len(said) < 300 and "\n" not in said
    assert said.startswith("Result(status='optimal', objective='compact', score={'end_slots': 23}")
    assert "units=29" in said and "区财政局" not in said  # no unit, no timetable row
    away = [s for s in loaded.problem.calendar.slots if s < datetime(2021, 9, 9, 15)]
    blocked = loaded.problem.replace(
        unavailable=(scheduler.Unavailable("区财政局", away),),
        pins=(scheduler.Pin("红旗路街道办事处", datetime(2021, 9, 9, 8)),),
    )
    conflict = scheduler.explain(blocked, time_limit=30)
    assert conflict is not None
    assert repr(conflict) == (
        f"Conflict(rules={conflict.rules()}, instances={len(conflict.instances)}, proven=True, minimal=True,"
        " too_many=False)"
    )


def test_scores_of_one_objective_compare_level_by_level():
    names = ("moved", "displacement", "end_slots")
    fewer_moves, more_moves = scheduler.Score((1, 9, 30), names), scheduler.Score((2, 0, 20), names)
    assert fewer_moves < more_moves and more_moves > fewer_moves  # the first level decides
    assert fewer_moves <= scheduler.Score((1, 9, 30), names) and not fewer_moves < scheduler.Score((1, 9, 30), names)
    assert min([more_moves, fewer_moves]) == fewer_moves
    with pytest.raises(TypeError):  # two objectives' scores have no order
        _ = fewer_moves < scheduler.Score((23,), ("end_slots",))


def test_looking_up_a_name_the_problem_lacks_says_so():
    from scheduler.domain.meetings import MeetingProblem
    from scheduler.files.meeting_files import load_meetings

    problem = scheduler.load(NOTICE).problem
    with pytest.raises(scheduler.UnknownName) as caught:
        problem.unit("丙")
    assert isinstance(caught.value, scheduler.ProblemError) and isinstance(caught.value, KeyError)
    assert caught.value.text("en") == "there is no unit '丙' in the table"  # before: KeyError: '丙'
    assert str(caught.value) == "表中没有单位“丙”"
    with pytest.raises(KeyError):  # code catching KeyError keeps working
        problem.position("丙")
    meetings: MeetingProblem = load_meetings(ROOT / "examples" / "meetings_2025.csv").problem
    with pytest.raises(scheduler.UnknownName) as caught:
        meetings.session("茶话会")
    assert caught.value.text("en") == "there is no meeting '茶话会'"


def test_the_public_names_table_is_never_seen_half_made(monkeypatch):
    """Threads touching the package for the first time at once: while one thread reads the table of public
    names, another must see nothing or the whole table, never part of it (QA embed16 4: 'module
    'scheduler' has no attribute 'load'' in 1 of 30 runs with a small switch interval)."""
    import re
    import types

    seen = []

    def findall(*args, **kwargs):
        seen.append(dict(scheduler.__dict__["_HOMES"] or {}))
        return re.findall(*args, **kwargs)

    monkeypatch.setattr(scheduler, "_HOMES", None)
    monkeypatch.setattr(scheduler, "re", types.SimpleNamespace(findall=findall))
    homes = scheduler._homes()
    assert len(seen) > 2 and all(not part for part in seen)
    assert set(homes) == set(PUBLIC)
