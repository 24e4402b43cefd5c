"""A first-fit timetable: fast, deterministic, and the fallback when the solver is out of time.

Units are placed one by one (pinned ones first, linked units as one chain, then
category by category in table order) into the earliest slot where they fit,
joining a group they may share with before opening a new room. With
``prefer`` it first keeps every unit it can at its preferred slot (repairing a
published timetable). The result is checked by the checker like any other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from .domain import Problem, Unit
from .rooms import SlotGroups, fits
from .rules import RULES, Instance, Rule


class _Forbidden:
    """Collects the slots rules forbid, through the same ``restrict`` hook the model uses."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.blocked: dict[str, set[int]] = defaultdict(set)

    def forbid(self, unit: str, t: int, reason: Instance) -> None:
        self.blocked[unit].add(t)


def chains(problem: Problem) -> list[list[str]]:
    """Linked units as chains (first, then, then...), plus every other unit alone, in table order."""
    successor = {link.first: link.then for link in problem.links}
    followers = set(successor.values())
    out = []
    for unit in problem.units:
        if unit.name in followers:
            continue
        chain = [unit.name]
        while chain[-1] in successor:
            chain.append(successor[chain[-1]])
        out.append(chain)
    return out


class _State:
    def __init__(self, problem: Problem, rules: Sequence[Rule]) -> None:
        self.problem = problem
        self.rules = rules
        forbidden = _Forbidden(problem)
        for rule in rules:
            rule.restrict(forbidden)
        self.blocked = forbidden.blocked
        self.slots: list[list[list[Unit]]] = [[] for _ in problem.calendar.slots]
        self.where: dict[str, int] = {}
        self.used: dict[int, list[int]] = defaultdict(list)
        """Category rank -> the slots its units occupy so far."""

    def rank(self, unit: Unit) -> int | None:
        return self.problem.category_rank(unit.name)

    def order_ok(self, unit: Unit, t: int) -> bool:
        k = self.rank(unit)
        if k is None:
            return True
        for other, used in self.used.items():
            if not used or other == k:
                continue
            if other < k and max(used) >= t:
                return False
            if other > k and min(used) <= t:
                return False
        return True

    def target(self, unit: Unit, t: int) -> list[Unit] | None:
        """The group ``unit`` can join in slot ``t`` (a new empty one if it opens a room)."""
        if t in self.blocked.get(unit.name, ()) or not self.order_ok(unit, t):
            return None
        groups = self.slots[t]
        sizes = [len(g) for g in groups]
        for i, group in enumerate(groups):
            candidate = group + [unit]
            allowed = all(rule.allows_group(self.problem, candidate) for rule in self.rules)
            if allowed and fits(sizes[:i] + [len(candidate)] + sizes[i + 1 :], self.problem.rooms):
                return group
        if fits(sizes + [1], self.problem.rooms):
            new: list[Unit] = []
            return new
        return None

    def place(self, unit: Unit, t: int) -> bool:
        group = self.target(unit, t)
        if group is None:
            return False
        if not group:
            self.slots[t].append(group)
        group.append(unit)
        self.where[unit.name] = t
        k = self.rank(unit)
        if k is not None:
            self.used[k].append(t)
        return True

    def remove(self, unit: Unit) -> None:
        t = self.where.pop(unit.name)
        for group in self.slots[t]:
            if unit in group:
                group.remove(unit)
                if not group:
                    self.slots[t].remove(group)
                break
        k = self.rank(unit)
        if k is not None:
            self.used[k].remove(t)

    def place_chain(self, chain: list[str], t: int | None) -> bool:
        calendar = self.problem.calendar
        placed: list[Unit] = []
        for name in chain:
            unit = self.problem.unit(name)
            if t is None or not self.place(unit, t):
                for done in placed:
                    self.remove(done)
                return False
            placed.append(unit)
            t = calendar.next_slot(t)
        return True


def _head_slot(problem: Problem, chain: list[str], member: int, t: int | None) -> int | None:
    """The chain's first slot when its ``member``-th unit is at ``t``."""
    for _ in range(member):
        if t is None:
            return None
        t = problem.calendar.previous_slot(t)
    return t


def first_fit(
    problem: Problem, prefer: Mapping[str, int] | None = None, rules: Sequence[Rule] = RULES
) -> SlotGroups | None:
    """A valid timetable as slot -> groups, or ``None`` if first-fit gets stuck."""
    state = _State(problem, rules)
    calendar = problem.calendar
    pinned = {p.unit: calendar.index(p.start) for p in problem.pins}
    todo = chains(problem)

    rest = []
    for chain in todo:
        pins = [(i, pinned[n]) for i, n in enumerate(chain) if n in pinned]
        if not pins:
            rest.append(chain)
            continue
        heads = {_head_slot(problem, chain, i, t) for i, t in pins}
        if len(heads) != 1 or not state.place_chain(chain, heads.pop()):
            return None

    if prefer:
        waiting = []
        for chain in rest:
            heads = {_head_slot(problem, chain, i, prefer.get(n)) for i, n in enumerate(chain)}
            if len(heads) == 1 and None not in heads and state.place_chain(chain, heads.pop()):
                continue
            waiting.append(chain)
        rest = waiting

    def rank(name: str) -> int:
        k = problem.category_rank(name)
        return len(problem.categories) if k is None else k

    rest.sort(key=lambda chain: (rank(chain[0]), problem.position(chain[0])))
    for chain in rest:
        k = problem.category_rank(chain[0])
        earlier = [used for other, used in state.used.items() if k is not None and other < k and used]
        start = max((max(used) + 1 for used in earlier), default=0)
        if not any(state.place_chain(chain, t) for t in range(start, len(calendar))):
            return None

    return {t: [tuple(g) for g in groups] for t, groups in enumerate(state.slots) if groups}
