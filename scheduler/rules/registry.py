"""Every rule, found once, and what the rest of the core asks of them all together.

Each module of this package other than the infrastructure (:data:`NOT_RULES`)
holds one rule and ends with ``RULE = TheRule()``; so does each module of
``scheduler/rules/meetings/``, the rules of meeting problems only. :data:`RULES` is every
such rule, in ``rank`` order (the order the checker reports them), so adding a rule is one
new file and its test (docs/architecture.md, "How to add a rule").

A unit table's commands load only the rules of this folder (:data:`UNIT_RULES`: every rule
with something to say about a unit table, some of them about meeting problems too): the
meeting family, :data:`RULES` and :data:`RULES_BY_NAME` are imported on first use (PEP 562), and
:func:`rule` finds any rule by its name.

The solver, the checker, the explainer and the greedy ask the rules through the
functions here; nothing outside ``scheduler/rules/`` names a rule.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from functools import cache, lru_cache
from importlib import import_module
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

import scheduler.rules as package
from scheduler.domain import Problem, Room, Unit
from scheduler.errors import wrong
from scheduler.rules.base import Rule
from scheduler.rules.values import Instance
from scheduler.text.messages import Message

if TYPE_CHECKING:  # the meetings' model loads with a meeting table, not with every rule check
    from scheduler.domain.meetings import MeetingProblem

NOT_RULES = frozenset({"base", "check", "ports", "regions", "registry", "values"})
"""The modules of ``scheduler/rules/`` that hold no rule."""

MEETINGS = "meetings"
"""The folder of ``scheduler/rules/`` holding the rules of meeting problems only."""


def _modules(of: ModuleType, skip: AbstractSet[str] = frozenset()) -> list[str]:
    """The names of a package's modules, its subpackages left out: its ``.py`` files (a listing,
    cheaper than pkgutil at start-up), or what its importer lists when the package is no folder
    (installed as a zip)."""
    names: set[str] = set()
    for folder in of.__path__:
        try:
            with os.scandir(folder) as entries:
                names |= {e.name[:-3] for e in entries if e.name.endswith(".py") and e.is_file()}
        except OSError:
            import pkgutil

            names |= {info.name for info in pkgutil.iter_modules([folder]) if not info.ispkg}
    return sorted(names - skip - {"__init__"})


class _Registry(tuple[Rule, ...]):
    """The tuple of every rule, shown short: it is the default ``rules`` of ``validate``,
    ``check_meetings`` and others, and ``help()`` and editors' tooltips show a default's repr
    (before, seventeen ``<scheduler.rules.... object at 0x...>``)."""

    __slots__ = ()
    shown: ClassVar[str] = "scheduler.RULES"

    def __repr__(self) -> str:
        return f"<{self.shown}: {len(self)} rules>"


class _UnitRegistry(_Registry):
    """The unit rules (:data:`UNIT_RULES`), the default of the unit functions, shown by their name."""

    __slots__ = ()
    shown = "scheduler.rules.UNIT_RULES"


def _discover(of: ModuleType = package, skip: AbstractSet[str] = NOT_RULES) -> tuple[Rule, ...]:
    found: list[Rule] = []
    for name in _modules(of, skip):
        rule = getattr(import_module(f"{of.__name__}.{name}"), "RULE", None)
        if not isinstance(rule, Rule):
            folder = of.__name__.replace(".", "/")
            raise AssertionError(f"{folder}/{name}.py holds no rule (RULE = SomeRule())")
        found.append(rule)
    return _ranked(found, _UnitRegistry)


def _ranked(found: Iterable[Rule], kind: type[_Registry] = _Registry) -> tuple[Rule, ...]:
    ranked = sorted(found, key=lambda rule: rule.rank)
    for attribute in ("name", "rank"):
        values = [getattr(rule, attribute) for rule in ranked]
        if len(set(values)) != len(values):
            raise AssertionError(f"two rules share a {attribute}: {sorted(map(str, values))}")
    return kind(ranked)


UNIT_RULES: tuple[Rule, ...] = _discover()
"""The rules of ``scheduler/rules/`` itself: every rule a unit table is held to (some hold meeting
problems too), in the order the checker reports them. The rules of meeting problems only say
nothing of unit tables (``tests/rules/test_registry.py`` holds them to that)."""

_UNIT_BY_NAME: Mapping[str, Rule] = {rule.name: rule for rule in UNIT_RULES}


@cache
def _every() -> tuple[Rule, ...]:
    meetings = import_module(f"{package.__name__}.{MEETINGS}")
    return _ranked((*UNIT_RULES, *_discover(meetings, frozenset())))


@cache
def _every_by_name() -> Mapping[str, Rule]:
    return MappingProxyType({rule.name: rule for rule in _every()})


if TYPE_CHECKING:
    RULES: tuple[Rule, ...]
    """Every rule, the meeting family's included, in the order the checker reports them."""
    RULES_BY_NAME: Mapping[str, Rule]
else:

    def __getattr__(name: str) -> Any:
        """:data:`RULES` and :data:`RULES_BY_NAME` made on first use (PEP 562), the rules of meeting
        problems imported with them: a unit table's commands never ask for them."""
        if name == "RULES":
            return _every()
        if name == "RULES_BY_NAME":
            return _every_by_name()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rule(name: str) -> Rule:
    """The rule called ``name`` (a rule of meeting problems loads the meeting family)."""
    found = _UNIT_BY_NAME.get(name)
    return found if found is not None else _every_by_name()[name]


def check_rules(rules: object) -> None:
    """Refuse (:class:`~scheduler.errors.ArgumentError`) a ``rules`` argument that is not a sequence of
    rule objects (``validate``'s and ``check_meetings``' own: ``None`` or one rule's name gave a raw
    ``TypeError`` deep in the check)."""
    if isinstance(rules, Sequence) and not isinstance(rules, str) and all(isinstance(r, Rule) for r in rules):
        return
    raise wrong("rules", rules, Message("kind.rules"))


# -- the grouping limit and the forbidden starts ----------------------------------------


def allows(problem: Problem, units: Sequence[Unit], rules: Sequence[Rule] = UNIT_RULES) -> bool:
    """Whether every rule lets ``units`` share one room and hour."""
    return all(rule.allows_group(problem, units) for rule in rules)


class Forbidden(Mapping[tuple[str, int], tuple[Instance, ...]]):
    """What the rules forbid, unit by unit: each rule instance with the slots it rules out.

    As a mapping, (unit, slot) -> the instances forbidding it (what it was before), but
    kept and looked up unit by unit.

    Kept as one set of slots per (unit, instance), never one entry per (unit, slot): at
    5,000 units with a tenth of their hours unavailable that would be millions of
    entries (over 1 GB). :meth:`blocked` is a unit's union, made once.
    """

    def __init__(self) -> None:
        self._by_unit: dict[str, dict[Instance, frozenset[int] | set[int]]] = {}
        self._blocked: dict[str, frozenset[int]] = {}

    def add(self, unit: str, slots: Iterable[int], reason: Instance) -> None:
        reasons = self._by_unit.setdefault(unit, {})
        found = reasons.get(reason)
        if found is None:  # most often the only call for this instance: kept as it is made
            reasons[reason] = frozenset(slots)
        else:  # slot by slot (``forbid``): one set, grown in place
            if isinstance(found, frozenset):
                found = reasons[reason] = set(found)
            found.update(slots)
        self._blocked.pop(unit, None)

    def units(self) -> list[str]:
        """The units something is forbidden to."""
        return list(self._by_unit)

    def blocked(self, unit: str) -> frozenset[int]:
        """The slots ``unit`` may not start in."""
        found = self._blocked.get(unit)
        if found is None:
            parts = list(self._by_unit.get(unit, {}).values())
            widest = max(parts, key=len, default=frozenset())
            # A unit forbidden by one instance (its unavailability), or by one that holds the others (a
            # unit held or pinned at one slot: every other slot), shares that instance's set.
            if isinstance(widest, frozenset) and all(p is widest or widest.issuperset(p) for p in parts):
                found = widest
            else:
                found = frozenset().union(*parts)
            self._blocked[unit] = found
        return found

    def by_reason(self, unit: str) -> Mapping[Instance, AbstractSet[int]]:
        """Each rule instance forbidding ``unit`` something, with the slots."""
        return self._by_unit.get(unit, {})

    def reasons(self, unit: str, t: int) -> tuple[Instance, ...]:
        """The rule instances forbidding ``unit`` to start in slot ``t``."""
        return tuple(reason for reason, slots in self.by_reason(unit).items() if t in slots)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        unit, t = key
        return t in self.blocked(unit)

    def __getitem__(self, key: tuple[str, int]) -> tuple[Instance, ...]:
        found = self.reasons(*key)
        if not found:
            raise KeyError(key)
        return found

    def __len__(self) -> int:
        return sum(len(self.blocked(unit)) for unit in self._by_unit)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        """Every forbidden (unit, slot)."""
        for unit in self._by_unit:
            for t in sorted(self.blocked(unit)):
                yield unit, t


class _Collector:
    """The :class:`~scheduler.rules.ports.Restrictions` port: gathers what the rules forbid."""

    def __init__(self, problem: Problem) -> None:
        self._problem = problem
        self.forbidden = Forbidden()
        self._every: frozenset[int] | None = None
        self._but: dict[int | None, frozenset[int]] = {}  # every slot but one, per slot: shared

    @property
    def problem(self) -> Problem:
        return self._problem

    def forbid(self, unit: str, t: int, reason: Instance) -> None:
        self.forbidden.add(unit, (t,), reason)

    def forbid_slots(self, unit: str, slots: Iterable[int], reason: Instance) -> None:
        self.forbidden.add(unit, slots, reason)

    def only_slot(self, unit: str, slot: int | None, reason: Instance) -> None:
        others = self._but.get(slot)
        if others is None:
            if self._every is None:
                self._every = frozenset(range(len(self._problem.calendar)))
            # a difference of one set of every slot: half the memory of one made from a sequence
            others = self._but[slot] = self._every if slot is None else self._every.difference((slot,))
        self.forbidden.add(unit, others, reason)


def restrictions(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> Forbidden:
    """What the rules forbid each unit (see :class:`Forbidden`).

    Remembered for the last few problems: the greedy, the bounds and every model ask."""
    return _restrictions(problem, tuple(rules))


@lru_cache(maxsize=4)
def _restrictions(problem: Problem, rules: tuple[Rule, ...]) -> Forbidden:
    collector = _Collector(problem)
    for rule in rules:
        rule.restrict(collector)
    return collector.forbidden


def blocked_slots(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> Mapping[str, frozenset[int]]:
    """Unit -> the slots some rule forbids it to start in (from :func:`restrictions`)."""
    return _blocked(problem, tuple(rules))


@lru_cache(maxsize=4)
def _blocked(problem: Problem, rules: tuple[Rule, ...]) -> Mapping[str, frozenset[int]]:
    forbidden = restrictions(problem, rules)
    return MappingProxyType({unit: forbidden.blocked(unit) for unit in forbidden.units()})


# -- meeting problems: what the rules forbid sessions ------------------------------------


class ForbiddenStarts(Mapping[tuple[int, int], tuple[Instance, ...]]):
    """(session, step) -> the rule instances forbidding the session to start there, over the working-hours
    starts only: a view of :class:`SessionForbidden`, which keeps each instance's steps as one set (shared
    between sessions where the rule can), never one entry per (session, step). The reasons of a start
    are found when asked (the explainer asks); iterating visits every forbidden start (the explaining
    model does, which holds a literal per start anyway)."""

    def __init__(self, of: SessionForbidden) -> None:
        self._of = of

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        session, step = key
        return bool(self._of.reasons(session, step))

    def __getitem__(self, key: tuple[int, int]) -> tuple[Instance, ...]:
        found = self._of.reasons(*key)
        if not found:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for session in self._of.restricted():
            allowed = frozenset(self._of.allowed(session))
            for step in self._of.candidates(session):
                if step not in allowed:
                    yield session, step

    def __len__(self) -> int:
        of = self._of
        return sum(len(of.candidates(i)) - len(of.allowed(i)) for i in of.restricted())

    def allowed(self, session: int, kept: AbstractSet[Instance] | None = None) -> list[int]:
        """The working-hours starts of ``session`` left while the instances of ``kept`` hold (every one
        when ``None``), walked set by set, not start by start."""
        return self._of.allowed(session) if kept is None else self._of.allowed_while(session, kept)

    def instances(self, session: int) -> list[Instance]:
        """Every instance forbidding ``session`` some working-hours start."""
        return self._of.instances(session)


class SessionForbidden:
    """What the rules forbid the sessions of a meeting problem (the :class:`~scheduler.rules.ports.SessionLimits`
    port, filled once per problem).

    Kept per session and rule instance as one set of steps: the steps it forbids (a window's outside, a
    busy person's hours: one set per window and length, or per person and length, shared by every
    session it concerns) or the only steps it allows (a pin: one step). Before, each forbidden (session,
    step) was its own dict entry: a window cutting off the past ("not before now") at 2,401 meetings
    made 17 million of them (3.6 GB, 31 s before the count was even asked).

    :meth:`allowed` is a session's starts left (made once, shared by sessions restricted alike);
    :meth:`reasons` names the instances forbidding one start, when asked; ``starts`` (a
    :class:`ForbiddenStarts` view) and ``rooms`` map (session, step) and (session, room) to them;
    ``apart``: some rule needs every room told apart."""

    def __init__(self, problem: MeetingProblem) -> None:
        self._problem = problem
        self._candidates: dict[int, list[int]] = {}
        self._by_length: dict[int, list[int]] = {}
        self._out: dict[int, dict[Instance, AbstractSet[int]]] = {}  # the steps each instance forbids
        self._only: dict[int, dict[Instance, AbstractSet[int]]] = {}  # the only steps each instance allows
        self._allowed: dict[int, list[int]] = {}
        self._alike: dict[tuple[object, ...], tuple[list[int], tuple[object, ...]]] = {}  # by the sets' ids
        self._sets: dict[int, frozenset[int]] = {}  # the candidates as a set, per candidates list
        self.starts = ForbiddenStarts(self)
        self.rooms: dict[tuple[int, str], tuple[Instance, ...]] = {}
        self.apart = False

    @property
    def problem(self) -> MeetingProblem:
        return self._problem

    def candidates(self, session: int) -> list[int]:
        """The steps a session may start at as far as working hours go (the model's starts before any rule)."""
        if session not in self._candidates:
            length = self._problem.sessions[session].minutes // self._problem.workdays.grid
            if length not in self._by_length:  # a few lengths for thousands of sessions
                self._by_length[length] = self._problem.workdays.starts(length)
            self._candidates[session] = self._by_length[length]
        return self._candidates[session]

    def forbid_start(self, session: int, step: int, reason: Instance) -> None:
        self.forbid_starts(session, (step,), reason)

    def forbid_starts(self, session: int, steps: Iterable[int], reason: Instance) -> None:
        """``reason`` forbids the session every step of ``steps`` (a frozenset is kept as it is, shared)."""
        _add(self._out.setdefault(session, {}), reason, steps, grow=True)
        self._allowed.pop(session, None)

    def only_starts(self, session: int, steps: Iterable[int], reason: Instance) -> None:
        """``reason`` forbids the session every step but those of ``steps``."""
        _add(self._only.setdefault(session, {}), reason, steps, grow=False)
        self._allowed.pop(session, None)

    def forbid_room(self, session: int, room: str, reason: Instance) -> None:
        self.rooms[(session, room)] = (*self.rooms.get((session, room), ()), reason)

    def rooms_apart(self) -> None:
        self.apart = True

    def kept(self) -> int:
        """How many steps are kept in all, each set counted once however many sessions share it: what
        this representation costs (a window cutting off the past costs its steps once per length)."""
        sets = {
            id(steps): len(steps) for found in (self._out, self._only) for d in found.values() for steps in d.values()
        }
        return sum(sets.values())

    def restricted(self) -> list[int]:
        """The sessions some instance forbids a start, in order."""
        return sorted(self._out.keys() | self._only.keys())

    def reasons(self, session: int, step: int) -> tuple[Instance, ...]:
        """The instances forbidding ``session`` to start at ``step`` (a working-hours start), in the order
        the rules said them (those allowing only some steps after those forbidding some)."""
        out = [r for r, steps in self._out.get(session, {}).items() if step in steps]
        out += [r for r, steps in self._only.get(session, {}).items() if step not in steps]
        return tuple(out)

    def allowed_while(self, session: int, kept: AbstractSet[Instance]) -> list[int]:
        """The working-hours starts of ``session`` that no instance of ``kept`` forbids."""
        outs = [steps for r, steps in self._out.get(session, {}).items() if r in kept]
        onlys = [steps for r, steps in self._only.get(session, {}).items() if r in kept]
        return _left(self.candidates(session), self._inside(session), outs, onlys)

    def instances(self, session: int) -> list[Instance]:
        """Every instance forbidding ``session`` some working-hours start, in the order the rules said them."""
        every = self._inside(session)
        out = [r for r, steps in self._out.get(session, {}).items() if not every.isdisjoint(steps)]
        out += [r for r, steps in self._only.get(session, {}).items() if not every <= steps]
        return out

    def _inside(self, session: int) -> frozenset[int]:
        candidates = self.candidates(session)
        found = self._sets.get(id(candidates))
        if found is None:
            found = self._sets[id(candidates)] = frozenset(candidates)
        return found

    def allowed(self, session: int) -> list[int]:
        """The working-hours starts of ``session`` no instance forbids (sorted; do not change the list:
        sessions restricted by the same sets share it)."""
        found = self._allowed.get(session)
        if found is None:
            outs = list(self._out.get(session, {}).values())
            onlys = list(self._only.get(session, {}).values())
            candidates = self.candidates(session)
            key = (len(candidates), id(candidates), *map(id, outs), None, *map(id, onlys))
            shareable = all(isinstance(s, frozenset) for s in (*outs, *onlys))
            hit = self._alike.get(key) if shareable else None
            found = hit[0] if hit is not None else None
            if found is None:
                found = _left(candidates, self._inside(session), outs, onlys)
                if shareable:  # the keyed objects kept with it: while it is cached, no other object takes their ids
                    self._alike[key] = (found, (candidates, *outs, *onlys))
            self._allowed[session] = found
        return found


def _add(into: dict[Instance, AbstractSet[int]], reason: Instance, steps: Iterable[int], grow: bool) -> None:
    """Keep ``steps`` for ``reason``: as given when it is the first (a frozenset shared as it is), else
    joined to (``grow``) or intersected with what it had."""
    found = into.get(reason)
    if found is None:
        into[reason] = steps if isinstance(steps, frozenset) else frozenset(steps)
    else:
        into[reason] = (found | frozenset(steps)) if grow else (found & frozenset(steps))


def _left(
    candidates: list[int], inside: frozenset[int], outs: list[AbstractSet[int]], onlys: list[AbstractSet[int]]
) -> list[int]:
    """``candidates`` (``inside``: the same as a set) in none of ``outs`` and in every one of ``onlys``
    (the smallest walked, not the candidates)."""
    steps: Iterable[int] = candidates
    if onlys:
        smallest = min(onlys, key=len)
        if len(smallest) < len(candidates):  # a pin: its one step, if it is a working-hours start
            steps = sorted(t for t in smallest if t in inside)
        else:
            steps = [t for t in candidates if t in smallest]
        onlys = [s for s in onlys if s is not smallest]
    for only in onlys:  # a second pin of one meeting: rare
        steps = [t for t in steps if t in only]
    if outs:  # one look-up a start: the sets joined first (a meeting's three busy people, 1.2 s before)
        bad = outs[0] if len(outs) == 1 else frozenset().union(*outs)
        return [t for t in steps if t not in bad]
    return list(steps)


def session_limits(problem: MeetingProblem, rules: Sequence[Rule] | None = None) -> SessionForbidden:
    """What ``rules`` (every rule when not given) forbid the sessions of ``problem`` (remembered for the
    last few problems)."""
    return _session_limits(problem, tuple(_every() if rules is None else rules))


@lru_cache(maxsize=4)
def _session_limits(problem: MeetingProblem, rules: tuple[Rule, ...]) -> SessionForbidden:
    found = SessionForbidden(problem)
    port = _Port(found)
    for rule in rules:
        rule.restrict_sessions(port)
    return found


class _Port:
    """:class:`~scheduler.rules.ports.SessionLimits` over a :class:`SessionForbidden`."""

    def __init__(self, into: SessionForbidden) -> None:
        self._into = into

    @property
    def problem(self) -> MeetingProblem:
        return self._into.problem

    def starts(self, session: int) -> Sequence[int]:
        return self._into.candidates(session)

    def forbid_start(self, session: int, step: int, reason: Instance) -> None:
        self._into.forbid_start(session, step, reason)

    def forbid_starts(self, session: int, steps: Iterable[int], reason: Instance) -> None:
        self._into.forbid_starts(session, steps, reason)

    def only_starts(self, session: int, steps: Iterable[int], reason: Instance) -> None:
        self._into.only_starts(session, steps, reason)

    def forbid_room(self, session: int, room: str, reason: Instance) -> None:
        self._into.forbid_room(session, room, reason)

    def rooms_apart(self) -> None:
        self._into.rooms_apart()


def session_instances(problem: MeetingProblem, rules: Sequence[Rule] | None = None) -> list[Instance]:
    """Every instance of a meeting problem that can be named in an explanation, in report order
    (of ``rules``; every rule when not given)."""
    return [
        i for rule in (_every() if rules is None else rules) if rule.nameable for i in rule.session_instances(problem)
    ]


# -- explanations -----------------------------------------------------------------------


def named_instances(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> list[Instance]:
    """Every instance of the rules that can be named in an explanation, in report order."""
    return [i for rule in rules if rule.nameable for i in rule.instances(problem)]


def relaxed(problem: Problem, keep: Sequence[Instance] | set[Instance], rules: Sequence[Rule] = UNIT_RULES) -> Problem:
    """The problem with only the ``keep`` instances of the nameable rules (each rule says how)."""
    kept = set(keep)
    changes: dict[str, Any] = {}
    for rule in rules:
        if rule.nameable:
            changes.update(rule.relax(problem, kept))
    return problem.replace(**changes)


def by_rule(instances: Sequence[Instance], rules: Sequence[Rule] = UNIT_RULES) -> list[tuple[Rule, list[Instance]]]:
    """The instances grouped by their rule, in rule order (rules without any left out)."""
    grouped: dict[str, list[Instance]] = defaultdict(list)
    for instance in instances:
        grouped[instance.rule].append(instance)
    return [(rule, grouped[rule.name]) for rule in rules if rule.name in grouped]


# -- canonical order and the greedy -------------------------------------------------------


def fixed_units(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> set[str]:
    """Units some rule ties down individually (never swapped with look-alike units)."""
    return set().union(*(rule.fixes(problem) for rule in rules))


def follows(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> list[tuple[str, str]]:
    """Every (first, then) pair some rule makes meet in directly following slots."""
    return [pair for rule in rules for pair in rule.follows(problem)]


def fixed_starts(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> dict[str, datetime]:
    """Units whose start some rule fixes."""
    out: dict[str, datetime] = {}
    for rule in rules:
        out.update(rule.fixed_starts(problem))
    return out


def phases(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> dict[str, int]:
    """Unit -> phase (units of a lower phase meet earlier); units without a phase are free."""
    out: dict[str, int] = {}
    for rule in rules:
        out.update(rule.phases(problem))
    return out


def phase_reasons(problem: Problem, rules: Sequence[Rule] = UNIT_RULES) -> dict[str, Instance]:
    """Unit -> the instance that puts it in its phase (:func:`phases`; without it the unit stands
    outside the order)."""
    out: dict[str, Instance] = {}
    for rule in rules:
        placed = rule.phases(problem)
        if placed and rule.nameable:
            for instance in rule.instances(problem):
                if instance.unit in placed:
                    out.setdefault(instance.unit, instance)
    return out


def seating(rules: Sequence[Rule] = UNIT_RULES) -> Callable[[Sequence[int], Sequence[Room]], bool]:
    """Whether groups of these sizes can all have a room at once, as every rule that says sees it."""
    sayers = [rule for rule in rules if type(rule).seats is not Rule.seats]

    def seats(sizes: Sequence[int], rooms: Sequence[Room]) -> bool:
        return all(rule.seats(sizes, rooms) is not False for rule in sayers)

    if len(sayers) == 1:
        only = sayers[0]
        return lambda sizes, rooms: only.seats(sizes, rooms) is not False
    return seats
