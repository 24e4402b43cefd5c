"""The value of every objective term for a placed timetable, by direct counting.

This is the checker's arithmetic, written independently of the solver's model (which counts the
same quantities through time-indexed sums); the property tests hold the two together. Placements are
given per session as a clock step and a room name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import LEVELS, Term, by_level


def measure(prep: Prepared, start: list[int], room: list[str]) -> dict[str, int]:
    """Every term's value (unweighted) for sessions placed at ``start[i]`` in ``room[i]``."""
    problem = prep.problem
    n = prep.n
    end = [start[i] + prep.length[i] for i in range(n)]
    work = [prep.working(start[i]) for i in range(n)]
    out: dict[str, int] = {}
    out["early"] = sum(work[i] + prep.length[i] for i in range(n))
    overlap = 0
    for a, b in combinations(range(n), 2):
        overlap += max(0, min(end[a], end[b]) - max(start[a], start[b]))
    out["overlap"] = overlap
    ends = Counter(work[i] + prep.length[i] for i in range(n))
    out["back-to-back"] = sum(ends.get(work[i], 0) for i in range(n))
    seats = {r.name: r.seats for r in problem.rooms}
    finite = [v for v in seats.values() if v is not None]
    top = max(finite, default=0)
    size = {name: top if v is None else v for name, v in seats.items()}
    out["larger-rooms"] = sum(sum(v - size[room[i]] for v in size.values() if v > size[room[i]]) for i in range(n))
    conflicts = 0
    stability = 0
    for name, sessions in prep.sessions_of.items():
        required = set(prep.required_of.get(name, ()))
        busy = prep.busy.get(name, frozenset())
        for a, b in combinations(sessions, 2):
            if a in required and b in required:
                first, second = (a, b) if work[a] < work[b] else (b, a)
                if work[a] != work[b] and room[a] != room[b] and work[second] - (work[first] + prep.length[first]) <= 2:
                    stability += 1
                continue
            conflicts += max(0, min(end[a], end[b]) - max(start[a], start[b]))
        for i in sessions:
            if i not in required:
                conflicts += sum(1 for k in range(start[i], end[i]) if k in busy)
    out["optional-conflicts"] = conflicts
    out["room-stability"] = stability
    reference = problem.reference.by_title() if problem.reference is not None else {}
    moves = 0
    for i, s in enumerate(problem.sessions):
        ref = reference.get(s.title)
        if ref is not None and ref.start is not None:
            moved_time = problem.workdays.step(ref.start) != start[i]
            moved_room = ref.room is not None and ref.room != room[i]
            moves += moved_time or moved_room
        elif problem.reference is not None:
            moves += 1  # a meeting with no published time (added) counts as moved whatever happens
    out["moves"] = moves
    return out


def levels(terms: tuple[Term, ...], values: dict[str, int]) -> dict[str, int]:
    """The weighted penalty of each level."""
    return {level: sum(t.weight * values[t.name] for t in found) for level, found in by_level(terms).items()}


def score_key(prep: Prepared, terms: tuple[Term, ...], timetable: tuple[list[int], list[str]]) -> tuple[int, ...]:
    """A timetable's (medium, soft) penalties, compared as tuples: smaller is better."""
    values = levels(terms, measure(prep, *timetable))
    return tuple(values.get(level, 0) for level in LEVELS)


def required_overlaps(prep: Prepared, start: list[int]) -> dict[str, list[tuple[int, int]]]:
    """Pairs of sessions each required participant is in at once (gap included)."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, sessions in prep.required_of.items():
        for a, b in combinations(sessions, 2):
            if start[a] < start[b] + prep.length[b] + prep.gap and start[b] < start[a] + prep.length[a] + prep.gap:
                out[name].append((a, b))
    return dict(out)
