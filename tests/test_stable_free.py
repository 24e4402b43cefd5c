"""``stable``'s search frees the units a round placed elsewhere one by one; who moves with them
(label-mates, link partners) is indexed once per search, not once per unit freed (sixteenth session: at
5,000 units a round freed 3,286 units, and indexing every unit for each took 4-6 s past a 3 s limit)."""

from __future__ import annotations

import random
from datetime import date, time

import scheduler
import scheduler.solver.stable as stable_module
from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unit


def crowded(n: int = 60, seed: int = 5) -> Problem:
    """``n`` units of three categories in 2 days of 8 hours, references at random hours (so the
    category order moves most of them)."""
    rnd = random.Random(seed)
    calendar = Calendar((date(2026, 3, 2), date(2026, 3, 3)), tuple(time(h) for h in (8, 9, 10, 11, 14, 15, 16, 17)))
    kinds = ("部门", "镇办", "企业")
    units = tuple(Unit(f"U{i:04d}", category=kinds[i % 3]) for i in range(n))
    rooms = tuple(Room(f"R{k}") for k in range(-(-n // len(calendar.slots)) + 1))
    reference = Timetable(tuple(Meeting(u.name, rnd.choice(calendar.slots)) for u in units))
    return Problem(units, calendar, rooms=rooms, categories=kinds, reference=reference)


def test_the_search_indexes_who_moves_with_whom_once(monkeypatch):
    calls = []
    follows = stable_module.follows
    monkeypatch.setattr(stable_module, "follows", lambda problem: calls.append(1) or follows(problem))
    result = scheduler.solve(crowded(), "stable", time_limit=10, workers=1)
    assert result.timetable is not None
    assert result.timings["free"] >= 20  # units were freed one by one...
    assert len(calls) <= 6  # ...and the links read a few times in all, not once per unit (51 before)
