"""A thin CP-SAT model built directly on OR-Tools' compiled layer.

``ortools.sat.python.cp_model`` imports pandas and numpy when it loads (about
0.5 s); its compiled layer ``cp_model_helper`` does not (see
docs/performance.md). Our models only need Boolean and small integer
variables, linear constraints, a linear objective, hints and assumptions, so we
write the model proto ourselves.

Literals follow the proto convention: variable ``v`` is the literal ``v`` and
its negation is ``-v - 1``.

Every solve takes the call's :class:`~scheduler.solver.deadline.Deadline`: it runs
for what is left of it, stops early when the stop signal is set (the search runs on a
thread of its own; the caller's thread looks every :data:`~scheduler.solver.deadline.POLL`
seconds and interrupts it, and hears Ctrl+C meanwhile), and passes each better objective
value to ``on_value``.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from scheduler.solver.deadline import POLL, Deadline, StopSignal, resident_mb

if TYPE_CHECKING:
    from ortools.sat.python import cp_model_helper as cmh


@cache
def helper() -> ModuleType:
    """OR-Tools' compiled layer, loaded when a model is first made: 0.2-0.35 s of a command's start
    (the library itself), which a search given no time at all never needs (``solve --out`` at 5,000
    units with invites and ``--time-limit`` 1 to 5 keeps every second for writing; issue 16)."""
    from ortools.sat.python import cp_model_helper

    return cp_model_helper


INT_MAX = 2**62
LOAD_SECONDS = 5e-6
"""Seconds per variable CP-SAT takes at least to load and presolve a model, during which a stop
is not heard: 339,000 variables given 0.2 s took 2.9 s on a busy machine (docs/performance.md)."""
AFTER_SEARCH = 4e-6
"""Seconds per model variable kept back from a search for what follows it (the stop heard,
reading the solution, checking the timetable, freeing the model: 0.6 s for 117,000 variables
on a busy machine; a 91,000-variable round model returned 0.4 s after its stop,
docs/performance.md)."""
MEMORY_MB = 600
"""The process's resident memory at which a search is stopped and its best answer kept (the
ceiling is 1 GB for the whole command): learned clauses of two interleaved workers on a
117,000-variable model grew the process from 190 MB to 1 GB in ten seconds (docs/performance.md)."""
HEADROOM_MB = 400
"""What a search may add to a process that was already past :data:`MEMORY_MB` when it began (a web
server or a test run holding many tables): the guard is on the search, not on what the process
held before it (a fixed ceiling stopped every search of such a process at once; a cap at 900 MB
stopped a test suite's own searches once its process had grown past it)."""
LEAST_HEADROOM_MB = 100
"""What a search may always add to what the process held when the call began, even a process still
under :data:`MEMORY_MB` then: one that began just under it had no room left at all (a test process
at 560-600 MB: the 2021 notice's second timetable of ``solve --alternatives 2`` was refused at once
and the command said "Optimal timetable 1 of 1", flake23), while one just past it had 400 MB. A
command begins far below (60-480 MB): its ceiling stays :data:`MEMORY_MB`."""
PRESOLVE_LIMIT_MB = 950
"""The most the process may hold while CP-SAT presolves a model (which no stop interrupts): a
model whose presolve would take the process past it (:meth:`CpModel.presolve_mb`) is searched
without presolve, on one worker."""
EXPAND_ENTRIES = 100_000_000
"""Where CP-SAT's presolve stops building its "expand the objective" graph (``ExpandObjective``:
one entry per ordered pair of literals of every exactly-one, ``kNumEntriesThreshold`` in
OR-Tools' cp_model_presolve.cc)."""
PRESOLVE_BYTES_PER_VARIABLE = 800
"""What the presolve's working copy of a model takes a variable before the expansion, measured: 520
to 760 bytes (round models of 67,000 to 343,000 variables: +51, +47 and +224 MB)."""
BYTES_PER_ENTRY = 6.5
"""What one entry of that graph holds, measured: a 5,000-unit round model reached the limit and
its presolve took the process from 247 to 829 MB and back (docs/performance.md)."""


@dataclass(frozen=True)
class Outcome:
    """What the engine returned."""

    status: str  # "OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "MODEL_INVALID"
    values: tuple[int, ...]
    objective: float | None
    bound: float | None
    wall_time: float
    core: tuple[int, ...] = ()
    cut: str = ""
    """Why the search ended before it proved its answer (``FEASIBLE``, ``UNKNOWN``): ``"stop"`` (the stop
    signal), ``"time"`` (the time left, or too little of it to load the model), ``"memory"`` (the memory
    guard, :func:`ceiling_mb`); ``""`` when it proved it (``OPTIMAL``, ``INFEASIBLE``)."""

    @property
    def has_solution(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


@cache
def _booleans(power: int) -> cmh.CpModelProto:
    """A proto holding nothing but ``2 ** power`` Boolean variables."""
    block: cmh.CpModelProto = helper().CpModelProto()
    block.merge_text_format("variables { domain: 0 domain: 1 }\n" * (1 << power))
    return block


class CpModel:
    """A CP-SAT model proto with the few builders we need."""

    def __init__(self) -> None:
        self.proto = helper().CpModelProto()
        self._count = 0
        self._pairs = 0  # ordered pairs of literals in exactly-ones and unit equalities (presolve_mb)

    @property
    def num_variables(self) -> int:
        return self._count

    def new_bool(self) -> int:
        var = self.proto.variables.add()
        var.domain.extend((0, 1))
        self._count += 1
        return self._count - 1

    def new_bools(self, n: int) -> range:
        """``n`` new Boolean variables, numbered consecutively.

        Made by merging ready blocks of Boolean variables into the proto (a power of two
        each, in C++), about 30x faster than adding them one by one from Python: a model
        of hundreds of thousands of group variables is built in a fraction of the time."""
        first = self._count
        k = 0
        while n >> k:
            if (n >> k) & 1:
                self.proto.merge_from(_booleans(k))
            k += 1
        self._count += n
        return range(first, first + n)

    def linear(
        self,
        terms: Sequence[tuple[int, int]],
        lo: int = -INT_MAX,
        hi: int = INT_MAX,
        enforce: Sequence[int] = (),
    ) -> None:
        """``lo <= sum(coeff * var) <= hi``, only if every ``enforce`` literal holds."""
        ct = self.proto.constraints.add()
        if enforce:
            ct.enforcement_literal.extend(enforce)
        lin = ct.linear
        if terms:
            variables, coefficients = zip(*terms, strict=True)
            lin.vars.extend(variables)
            lin.coeffs.extend(coefficients)
        lin.domain.extend((lo, hi))
        if lo == hi and not enforce:
            self._pairs += len(terms) * (len(terms) - 1)

    def exactly_one(self, literals: Sequence[int]) -> None:
        self.proto.constraints.add().exactly_one.literals.extend(literals)
        self._pairs += len(literals) * (len(literals) - 1)

    def presolve_mb(self) -> float:
        """What CP-SAT's presolve adds to the process at its peak, at most: its working copy of
        the model (:data:`PRESOLVE_BYTES_PER_VARIABLE`) and, with an objective, the graph of
        every ordered pair of literals of its exactly-ones (and equalities) that its objective
        expansion builds, up to :data:`EXPAND_ENTRIES`. Quadratic in a unit's choices: a round
        model of 91,000 variables whose 59 free units have 1,400 choices each adds 580 MB for a
        moment (docs/performance.md)."""
        copy = self._count * PRESOLVE_BYTES_PER_VARIABLE
        expand = min(self._pairs, EXPAND_ENTRIES) * BYTES_PER_ENTRY if self.proto.has_objective() else 0.0
        return (copy + expand) / 2**20

    def implications(self, pairs: Iterable[tuple[int, int]]) -> None:
        """``a`` implies ``b`` for each pair (Boolean variables), all merged into the proto at once as
        text: a constraint added from Python costs about 13 us, 180,000 of them 2.4 s; merged, a tenth."""
        text = "".join(f"constraints {{ bool_or {{ literals: {-a - 1} literals: {b} }} }}\n" for a, b in pairs)
        if text:
            block = helper().CpModelProto()
            block.merge_text_format(text)
            self.proto.merge_from(block)

    def at_most_one(self, literals: Sequence[int]) -> None:
        self.proto.constraints.add().at_most_one.literals.extend(literals)

    def bool_or(self, literals: Sequence[int], enforce: Sequence[int] = ()) -> None:
        ct = self.proto.constraints.add()
        if enforce:
            ct.enforcement_literal.extend(enforce)
        ct.bool_or.literals.extend(literals)

    def minimize(self, terms: Iterable[tuple[int, int]], offset: int = 0) -> None:
        """Replace the objective with ``sum(coeff * var) + offset``."""
        self.proto.clear_objective()
        objective = self.proto.objective
        for var, coeff in terms:
            objective.vars.append(var)
            objective.coeffs.append(coeff)
        objective.offset = offset

    def hint(self, values: dict[int, int]) -> None:
        """Replace any previous hint with ``values``."""
        self.proto.clear_solution_hint()
        hint = self.proto.solution_hint
        hint.vars.extend(values.keys())
        hint.values.extend(values.values())

    def assume(self, literals: Sequence[int]) -> None:
        """Replace the assumptions with ``literals``."""
        self.proto.assumptions.clear()
        self.proto.assumptions.extend(literals)

    def solve(
        self,
        deadline: Deadline | float,
        workers: int = 1,
        light_presolve: bool = False,
        deterministic: bool = True,
        log: bool = False,
        reserve: float = 0.0,
        on_value: Callable[[float], None] | None = None,
        enough: Callable[[float], bool] | None = None,
    ) -> Outcome:
        """Solve within what is left of ``deadline`` (or that many seconds), less ``reserve``
        seconds kept for the caller's own work afterwards (wall clock, presolve included).

        ``deterministic`` interleaves the workers' searches in fixed batches, so
        the same model gives the same answer whatever the thread timing (unless
        the time limit cuts the search short). ``on_value`` hears each better
        objective value, on the solver's thread. ``enough`` ends the search at the first
        solution whose objective value it accepts (one at a bound the caller knows no
        solution beats: the engine may not know it, and would go on to prove it).
        """
        if isinstance(deadline, Deadline):
            if deadline.stopped():
                return Outcome("UNKNOWN", (), None, None, 0.0, cut="stop")
            time_limit = deadline.remaining() - reserve
        else:
            time_limit = deadline - reserve
        if time_limit <= 0.005 or time_limit < LOAD_SECONDS * self.num_variables:
            # no time left, or less than the engine takes to load this model (it does not stop
            # while it loads): do not even hand the model over, the caller keeps its best answer
            return Outcome("UNKNOWN", (), None, None, 0.0, cut="time")
        params = self._parameters(time_limit, workers, light_presolve, deterministic)
        wrapper = helper().SolveWrapper()
        wrapper.set_parameters(params)
        presolve = _Presolve(log)
        wrapper.add_log_callback(presolve.hear)
        # One worker: the guard waits for the presolve's end (its passing peak is bounded above).
        # Several: it does not, since loading the presolved model into each worker is not
        # interruptible either and can pass 1 GB (two workers took a 245,872-variable model from
        # 299 to 1,406 MB), while a stop asked for during the presolve is heard before they load.
        presolved = presolve.done if params.num_workers == 1 else None
        if on_value is not None or enough is not None:
            # (several workers: no stop before they search, see _Values; one worker stops on the hint at once)
            searching = presolve.searching if params.num_workers > 1 else None
            callback = _values_class()(on_value, enough, searching)
            wrapper.add_solution_callback(callback)
        stop = deadline.stop if isinstance(deadline, Deadline) else None
        started = time.perf_counter()
        ceiling = ceiling_mb(MEMORY_MB, deadline.held_mb if isinstance(deadline, Deadline) else resident_mb())
        if resident_mb() > ceiling:
            # past the ceiling already (the model alone made it so): the search would be stopped at
            # once, but not before CP-SAT had loaded and presolved the model, which can double it
            return Outcome("UNKNOWN", (), None, None, 0.0, cut="memory")
        response = _watched(wrapper, self.proto, stop, started + time_limit, ceiling, presolved)
        del wrapper
        _give_back()  # what the search freed (the next round's presolve is bounded by what is held)
        elapsed = time.perf_counter() - started
        status = response.status.name
        has = status in ("OPTIMAL", "FEASIBLE")
        cut = ""
        if status not in ("OPTIMAL", "INFEASIBLE"):  # the watcher stops a search for these three only
            timed_out = elapsed >= time_limit - POLL
            cut = "stop" if stop is not None and stop.is_set() else "time" if timed_out else "memory"
        return Outcome(
            status=status,
            values=tuple(response.solution) if has else (),
            objective=response.objective_value if has else None,
            bound=response.best_objective_bound if has else None,
            wall_time=elapsed,
            core=tuple(response.sufficient_assumptions_for_infeasibility) if status == "INFEASIBLE" else (),
            cut=cut,
        )

    def _parameters(
        self, time_limit: float, workers: int, light_presolve: bool, deterministic: bool
    ) -> cmh.SatParameters:
        """CP-SAT's parameters for one search (see :meth:`solve`)."""
        params = parameters()
        params.max_time_in_seconds = time_limit
        params.num_workers = max(1, workers)
        if deterministic and workers > 1:
            params.interleave_search = True
        params.log_search_progress = True  # read for the end of presolve (_Presolve), printed if ``log``
        params.log_to_stdout = False
        if light_presolve:
            params.max_presolve_iterations = 1
            params.symmetry_level = 0
            params.cp_model_probing_level = 0
        if resident_mb() + self.presolve_mb() > PRESOLVE_LIMIT_MB:
            # its peak would pass the ceiling, and nothing stops it; without it, one worker: each
            # worker loads the whole model at once, which no stop interrupts either (two workers
            # loading an unpresolved 245,872-variable model took the process to 1,384 MB)
            params.cp_model_presolve = False
            params.num_workers = 1
            params.interleave_search = False
        return params


class _Presolve:
    """Hears CP-SAT's log: when the presolve is over (a stop is not heard before it ends), its
    freed memory is given back to the system. Prints each line if ``show``."""

    ENDS = ("Presolved optimization model", "Starting search", "Starting deterministic search", "Problem closed")

    SEARCHING = ("Starting search", "Starting deterministic search")

    def __init__(self, show: bool) -> None:
        self.done = threading.Event()
        self.searching = threading.Event()
        """Set once the workers search (after the presolve and the model's loading)."""
        self.show = show

    def hear(self, line: str) -> None:
        if self.show:
            print(line)
        if not self.searching.is_set() and line.startswith(self.SEARCHING):
            self.searching.set()
        if not self.done.is_set() and line.startswith(self.ENDS):
            _give_back()
            self.done.set()


def _give_back() -> None:
    """Return the memory the presolve freed to the system (glibc keeps freed small blocks in the
    process: a 2,000-unit round's presolve left the process at 607 MB, of which 420 MB freed)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018  # glibc only
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


@cache
def _values_class() -> Callable[
    [Callable[[float], None] | None, Callable[[float], bool] | None, threading.Event | None], cmh.SolutionCallback
]:
    """:class:`_Values`' class, made once OR-Tools is loaded (:func:`helper`)."""

    class _Values(helper().SolutionCallback):  # type: ignore[misc]  # (a base known only at run time)
        """Hands each better objective value to a function, and stops the search at one ``enough`` accepts."""

        def __init__(
            self,
            hear: Callable[[float], None] | None,
            enough: Callable[[float], bool] | None = None,
            searching: threading.Event | None = None,
        ) -> None:
            super().__init__()
            self._hear = hear
            self._enough = enough
            self._searching = searching

        def OnSolutionCallback(self) -> None:
            value = self.ObjectiveValue()
            if self._hear is not None:
                self._hear(value)
            # Not before the workers search: a stop asked for on a solution found while the model
            # loads (the hint, complete and at the floor) aborted the process in CP-SAT 9.15 with
            # two workers ("Check failed: solution->size() == postsolve_mapping.size()"); the
            # search goes on to its next solution or its proof instead.
            early = self._searching is not None and not self._searching.is_set()
            if self._enough is not None and self._enough(value) and not early:
                self.StopSearch()

    return _Values


def _watched(
    wrapper: cmh.SolveWrapper,
    proto: cmh.CpModelProto,
    stop: StopSignal | None,
    until: float,
    ceiling: float | None = None,
    presolved: threading.Event | None = None,
) -> cmh.CpSolverResponse:
    """Solve, interrupting the search (checked every POLL seconds) as soon as ``stop.is_set()``,
    the clock passes ``until`` (CP-SAT's own time limit is checked between its tasks: with
    interleaved workers on a busy machine it ended seconds late), or the process holds more
    than ``ceiling`` MB (:func:`ceiling_mb`; CP-SAT's ``max_memory_in_mb`` did not stop it;
    ``None``: no such guard) once ``presolved`` is set: a presolve's passing peak is not the
    search's (it is bounded beforehand, :meth:`CpModel.presolve_mb`), and a stop heard only
    once it ends would throw away the search it was for.

    The search runs on a thread of its own while the caller's thread watches it, so a signal
    Python handles there is heard at once: on the main thread Ctrl+C (or a program's own handler
    that raises) stops the search, waits for its thread (a search still running when the
    interpreter ends aborts the process) and goes on as the exception, within about POLL seconds
    instead of at the time limit. CP-SAT's own Ctrl+C handler is off (:func:`parameters`)."""
    search = _Search(wrapper, proto)
    try:
        search.start()
        asked = False
        while not search.finished.wait(POLL):
            over = ceiling is not None and (presolved is None or presolved.is_set()) and resident_mb() > ceiling
            if not asked and ((stop is not None and stop.is_set()) or time.perf_counter() >= until or over):
                wrapper.stop_search()
                asked = True
    except BaseException:  # Ctrl+C, or what a signal handler raised: the search ends before it goes on
        search.call_off()
        raise
    return search.response()


class _Search:
    """One CP-SAT search on a thread of its own (:func:`_watched`), which the caller can call off at
    any moment, even before the thread has begun."""

    def __init__(self, wrapper: cmh.SolveWrapper, proto: cmh.CpModelProto) -> None:
        self.wrapper = wrapper
        self.proto = proto
        self.finished = threading.Event()
        self._begun = threading.Event()
        self._called_off = threading.Event()
        self._answer: list[cmh.CpSolverResponse] = []
        self._failure: list[BaseException] = []

    def start(self) -> None:
        threading.Thread(target=self._run, name="cp-sat", daemon=True).start()

    def _run(self) -> None:
        self._begun.set()  # before looking at _called_off, which call_off sets before looking at this
        try:
            if not self._called_off.is_set():
                self._answer.append(_solve(self.wrapper, self.proto))
        except BaseException as exc:  # handed to the caller's thread
            self._failure.append(exc)
        finally:
            self.finished.set()

    def response(self) -> cmh.CpSolverResponse:
        """The search's answer, or the exception it raised."""
        if self._failure:
            raise self._failure[0]
        return self._answer[0]

    def call_off(self) -> None:
        """Stop the search and wait for it to end, a second Ctrl+C included (a search is stopped within
        POLL seconds, a model's load or presolve once it is over); one not begun never starts."""
        while True:
            with contextlib.suppress(KeyboardInterrupt):
                self._called_off.set()
                while self._begun.is_set() and not self.finished.is_set():
                    self.wrapper.stop_search()  # (again: a stop asked for before the engine began)
                    self.finished.wait(POLL)
                return


def ceiling_mb(memory_mb: float, held: float) -> float:
    """The resident memory at which a search is stopped: ``memory_mb`` (never less than
    :data:`LEAST_HEADROOM_MB` past what the process ``held`` when the call began), or
    :data:`HEADROOM_MB` past what it held if that was more than ``memory_mb``."""
    return max(memory_mb, held + LEAST_HEADROOM_MB) if held <= memory_mb else held + HEADROOM_MB


def parameters() -> cmh.SatParameters:
    """Fresh CP-SAT parameters, CP-SAT's own Ctrl+C handler off: Ctrl+C is Python's (:func:`_watched`).

    CP-SAT's handler (``catch_sigint_signal``) takes SIGINT from the whole process for a search, keeps
    the function it calls per thread, and puts the system's default back when its solver is freed. On
    the main thread, a Ctrl+C during the search stopped it as if its time were up (a command went on
    to write its files and exit 0), and one after it killed the process on the spot (no clean-up,
    exit -2); from any other thread (a web server's solve) it found no function and aborted the
    process (``std::bad_function_call``). Off, the process's SIGINT is never touched."""
    params: cmh.SatParameters = helper().SatParameters()
    params.catch_sigint_signal = False
    return params


def _solve(wrapper: cmh.SolveWrapper, proto: cmh.CpModelProto) -> cmh.CpSolverResponse:
    response: cmh.CpSolverResponse = wrapper.solve(proto)  # type: ignore[no-untyped-call]  # untyped in OR-Tools' stub
    return response
