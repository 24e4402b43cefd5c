"""A first timetable in a fraction of a second: each session, hardest first, at its cheapest place.

Used as the solver's hint, and as the answer when the solver finds none in time (so the user always
gets a timetable when this finds one). Sessions are taken by most required participant-steps (the
hardest to fit), then fewest allowed starts, then longest; each goes where the weighted objective
grows least (medium before soft), among starts where its required participants are free (gap
included) and a room of an eligible class is free (changeover included). Rooms are numbered as
they are taken. When a session finds no place it goes first and the pass starts again."""

from __future__ import annotations

import time
from collections import defaultdict

from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import Term


def greedy(
    prep: Prepared, terms: tuple[Term, ...], rounds: int = 30, deadline: float | None = None
) -> tuple[list[int], list[str]] | None:
    """Starts (clock steps) and rooms of every session, or ``None`` when none was found.

    A session that finds no place goes to the front of the order and the greedy starts again
    ("squeaky wheel"), at most ``rounds`` times and not past ``deadline`` (``time.perf_counter()``).
    """
    order = sorted(
        range(prep.n),
        key=lambda i: (-len(prep.problem.sessions[i].required) * prep.length[i], len(prep.starts[i]), -prep.length[i]),
    )
    for _ in range(rounds):
        placed, failed = _one_pass(prep, terms, order)
        if placed is not None:
            return placed
        if deadline is not None and time.perf_counter() > deadline:
            return None
        order.remove(failed)
        order.insert(0, failed)
    return None


def _one_pass(
    prep: Prepared, terms: tuple[Term, ...], order: list[int]
) -> tuple[tuple[list[int], list[str]] | None, int]:
    """One greedy pass in ``order``: the timetable, or ``None`` and the first session left out."""
    weights = {t.name: (0 if t.level == "medium" else 1, t.weight) for t in terms}
    n = prep.n
    busy: dict[str, set[int]] = defaultdict(set)  # required participants: steps taken (gap included)
    anywhere: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # participants: steps used
    room_busy: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # sessions in a room per step
    running: dict[int, int] = defaultdict(int)
    ends: dict[int, int] = defaultdict(int)
    begins: dict[int, int] = defaultdict(int)
    start: list[int] = [0] * n
    room: list[str] = [""] * n
    sizes = _sizes(prep)
    for i in order:
        session = prep.problem.sessions[i]
        length = prep.length[i]
        best: tuple[tuple[int, int], int, str] | None = None
        for s in prep.starts[i]:
            span = range(s - prep.gap, s + length + prep.gap)
            if any(t in busy[name] for name in session.required for t in span):
                continue
            w = prep.working(s)
            cost = [0, 0]

            def add(term: str, value: int, cost: list[int] = cost) -> None:
                if term in weights and value:
                    level, weight = weights[term]
                    cost[level] += weight * value

            add("early", w + length)
            add("overlap", sum(running[t] for t in range(s, s + length)))
            add("back-to-back", ends[w] + begins[w + length])
            conflicts = 0
            for a in session.attendees:
                used = anywhere[a.name]
                for t in range(s, s + length):
                    conflicts += used.get(t, 0) if not a.required else used.get(-t - 1, 0)
                    if not a.required and t in prep.busy.get(a.name, ()):
                        conflicts += 1
            add("optional-conflicts", conflicts)
            key = (cost[0], cost[1])
            if best is not None and key >= best[0]:
                continue
            chosen = _free_room(prep, i, s, room_busy, sizes, weights)
            if chosen is None:
                continue
            extra = sizes[1](chosen) * weights.get("larger-rooms", (1, 0))[1]
            key = (cost[0], cost[1] + extra)
            if best is None or key < best[0]:
                best = (key, s, chosen)
        if best is None:
            return None, i
        _, s, chosen = best
        start[i], room[i] = s, chosen
        cls = prep.classes[prep.class_of_room[chosen]]
        for t in range(s, s + length + cls.changeover):
            room_busy[chosen][t] += 1
        for a in session.attendees:
            for t in range(s, s + length):
                # optional participants' steps count against everyone; required ones' only against
                # optional participants (required-required is a hard rule): kept under -t-1.
                anywhere[a.name][t] += 1
                if not a.required:
                    anywhere[a.name][-t - 1] += 1
            if a.required:
                busy[a.name] |= set(range(s, s + length))
        for t in range(s, s + length):
            running[t] += 1
        w = prep.working(s)
        ends[w + length] += 1
        begins[w] += 1
    return (start, room), -1


def _sizes(prep: Prepared) -> tuple[dict[str, int], object]:
    finite = [r.seats for r in prep.problem.rooms if r.seats is not None]
    top = max(finite, default=0)
    size = {r.name: top if r.seats is None else r.seats for r in prep.problem.rooms}

    def larger(name: str) -> int:
        return sum(v - size[name] for v in size.values() if v > size[name])

    return size, larger


def _free_room(
    prep: Prepared,
    i: int,
    s: int,
    room_busy: dict[str, dict[int, int]],
    sizes: tuple[dict[str, int], object],
    weights: dict[str, tuple[int, int]],
) -> str | None:
    """The cheapest free room of an eligible class for session ``i`` starting at ``s``."""
    length = prep.length[i]
    found = []
    for c in prep.eligible[i]:
        cls = prep.classes[c]
        for name in cls.rooms:
            used = room_busy[name]
            if any(used.get(t, 0) >= cls.capacity for t in range(s, s + length + cls.changeover)):
                continue
            found.append(name)
            break
    if not found:
        return None
    larger = sizes[1]
    return min(found, key=lambda name: larger(name))  # type: ignore[operator]
