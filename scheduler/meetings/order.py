"""The order of linked meetings (``[[links]]``, the ``meeting-order`` rule) as the placing searches need it.

The rule itself (what holds, the model's constraints, the checker's words) is
:mod:`scheduler.rules.meetings.meeting_order`; this module only gives the greedy and the board the links
by session index: which places a session may take beside its linked sessions already placed
(:meth:`Order.allows`), a placing order that puts each session after the ones it follows
(:func:`Order.sorted`), and the counting check of a chain that cannot fit (:func:`order_clash`).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from scheduler.domain.meetings import MeetingProblem
from scheduler.meetings.prepared import Prepared
from scheduler.rules.meetings.meeting_order import RULE as MEETING_ORDER
from scheduler.rules.values import Instance


@dataclass
class Order:
    """Per session, the sessions it follows and those following it: (other, steps between, same day)."""

    problem: MeetingProblem
    before: dict[int, list[tuple[int, int, bool]]] = field(default_factory=dict)
    after: dict[int, list[tuple[int, int, bool]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problem = self.problem
        grid = problem.workdays.grid
        for link in problem.links:
            a, b = problem.index(link.first), problem.index(link.then)
            steps = -(-link.gap // grid)
            self.before.setdefault(b, []).append((a, steps, link.same_day))
            self.after.setdefault(a, []).append((b, steps, link.same_day))

    def __bool__(self) -> bool:
        return bool(self.before)

    def allows(self, i: int, s: int, length: Sequence[int], start: Sequence[int | None]) -> bool:
        """Whether session ``i`` may start at clock step ``s`` beside its linked sessions already placed
        (``start[j]``, ``None`` for a session not placed)."""
        per_day = self.problem.workdays.per_day()
        for j, steps, same_day in self.before.get(i, ()):
            a = start[j]
            if a is not None and (s < a + length[j] + steps or (same_day and a // per_day != s // per_day)):
                return False
        for j, steps, same_day in self.after.get(i, ()):
            b = start[j]
            if b is not None and (b < s + length[i] + steps or (same_day and b // per_day != s // per_day)):
                return False
        return True

    def due(self, i: int, start: Sequence[int | None]) -> list[int]:
        """The sessions following session ``i`` the same day (``same_day`` links) that are not placed yet
        and follow no other session not placed yet (``start[j]``, ``None`` for a session not placed):
        the greedy places them right after ``i``, before anything else can take the day's place
        ``i`` was placed beside."""
        return [
            j
            for j, _, same_day in self.after.get(i, ())
            if same_day and start[j] is None and all(start[k] is not None for k, _, _ in self.before[j])
        ]

    def sorted(self, order: Sequence[int]) -> list[int]:
        """``order`` with every session after the sessions it follows, each chain as early as its
        earliest member: a session goes as early as the earliest session that follows it (directly or
        not), and the sessions following it right after it when nothing else comes first. So the
        greedy's squeaky wheel, putting a linked session that found no place first, puts the meetings
        it follows first too, and a chain is placed together, while its day still has room. (The links
        have no cycle: :class:`~scheduler.domain.meetings.MeetingProblem` refuses one.)"""
        if not self.before:
            return list(order)
        rank = {i: k for k, i in enumerate(order)}
        inside = set(order)
        first = dict(rank)  # the earliest rank of the session and every session following it
        for i in reversed(self._topological(order)):
            for j, _, _ in self.after.get(i, ()):
                if j in inside:
                    first[i] = min(first[i], first[j])
        waiting = {i: sum(j in inside for j, _, _ in self.before.get(i, ())) for i in order}
        ready = [(first[i], rank[i], i) for i in order if not waiting[i]]
        heapq.heapify(ready)
        out: list[int] = []
        while ready:
            _, _, i = heapq.heappop(ready)
            out.append(i)
            for j, _, _ in self.after.get(i, ()):
                if j in waiting:
                    waiting[j] -= 1
                    if not waiting[j]:
                        heapq.heappush(ready, (first[j], rank[j], j))
        return out if len(out) == len(order) else list(order)

    def _topological(self, order: Sequence[int]) -> list[int]:
        """``order``'s sessions, each after those it follows (Kahn's order; a session outside ``order``
        is left out)."""
        inside = set(order)
        waiting = {i: sum(j in inside for j, _, _ in self.before.get(i, ())) for i in order}
        todo = [i for i in order if not waiting[i]]
        out: list[int] = []
        while todo:
            i = todo.pop()
            out.append(i)
            for j, _, _ in self.after.get(i, ()):
                if j in waiting:
                    waiting[j] -= 1
                    if not waiting[j]:
                        todo.append(j)
        return out


def order_clash(prep: Prepared) -> tuple[Instance, ...] | None:
    """Links that cannot hold with the starts the other rules leave their meetings, shown by arithmetic:
    going through the sessions in link order, a session's possible starts are those at least its gap
    after some possible end of each meeting it follows (the same day when the link says so); a session
    left none clashes. The instances: the links among it and the meetings it follows (directly or not),
    and every instance forbidding one of those meetings a start (a pin, a window, a busy time). Proven,
    not minimal (the caller shrinks it). ``None`` when every session keeps a start, or there are no links."""
    order = Order(prep.problem)
    if not order:
        return None
    days = prep.problem.workdays
    per_day, length = days.per_day(), prep.length
    forbidden = prep.forbidden_starts
    possible: dict[int, list[int]] = {}
    for i in order.sorted(range(prep.n)):
        if prep.explaining:
            starts = [t for t in days.starts(length[i]) if (i, t) not in forbidden]
        else:
            starts = list(prep.starts[i])
        for j, steps, same_day in order.before.get(i, ()):
            ends = [s + length[j] + steps for s in possible[j]]
            if not same_day:
                first = min(ends, default=None)
                starts = [t for t in starts if first is not None and t >= first]
                continue
            earliest: dict[int, int] = {}  # per day, the earliest a start may be
            for s, end in zip(possible[j], ends, strict=True):
                earliest[s // per_day] = min(earliest.get(s // per_day, end), end)
            starts = [t for t in starts if t // per_day in earliest and t >= earliest[t // per_day]]
        possible[i] = starts
        if not starts:
            return _blamed(prep, order, i)
    return None


def _blamed(prep: Prepared, order: Order, i: int) -> tuple[Instance, ...]:
    """The instances of :func:`order_clash` for session ``i``: the links among it and its ancestors, and
    every instance forbidding one of them a start."""
    problem = prep.problem
    ancestors, todo = {i}, [i]
    while todo:
        for j, _, _ in order.before.get(todo.pop(), ()):
            if j not in ancestors:
                ancestors.add(j)
                todo.append(j)
    titles = {problem.sessions[k].title for k in ancestors}
    links = [Instance(MEETING_ORDER.name, k.first, k.then) for k in problem.links if k.then in titles]
    days = problem.workdays
    forbidden = prep.forbidden_starts
    blocking = [
        inst for k in sorted(ancestors) for t in days.starts(prep.length[k]) for inst in forbidden.get((k, t), ())
    ]
    return tuple(dict.fromkeys([*links, *blocking]))
