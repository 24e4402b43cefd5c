"""The order of linked meetings (``[[links]]``, the ``meeting-order`` rule) as the placing searches need it.

The rule itself (what holds, the model's constraints, the checker's words) is
:mod:`scheduler.rules.meetings.meeting_order`; this module only gives the greedy and the board the links
by session index: which places a session may take beside its linked sessions already placed
(:meth:`Order.allows`), and a placing order that puts each session after the ones it follows
(:func:`Order.sorted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scheduler.domain.meetings import MeetingProblem


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

    def sorted(self, order: Sequence[int]) -> list[int]:
        """``order`` with every session after the sessions it follows, otherwise as it was (a stable
        topological order: the links have no cycle, :class:`~scheduler.domain.meetings.MeetingProblem`
        refuses one)."""
        if not self.before:
            return list(order)
        inside = set(order)
        waiting = {i: sum(j in inside for j, _, _ in self.before.get(i, ())) for i in order}
        out: list[int] = []
        ready = [i for i in order if not waiting[i]]
        rank = {i: k for k, i in enumerate(order)}
        while ready:
            i = ready.pop(0)
            out.append(i)
            for j, _, _ in self.after.get(i, ()):
                if j in waiting:
                    waiting[j] -= 1
                    if not waiting[j]:
                        ready.append(j)
                        ready.sort(key=rank.__getitem__)
        return out if len(out) == len(order) else list(order)
