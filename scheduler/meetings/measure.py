"""The value of every objective term for a placed timetable, by direct counting.

This is the checker's arithmetic, written independently of the solver's model (which counts the
same quantities through time-indexed sums); the property tests hold the two together. Placements are
given per session as a clock step and a room name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import combinations

from scheduler.domain.meetings import MeetingProblem
from scheduler.meetings.nearness import displacement, published_starts
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.terms import LEVELS, NAMES, Term, by_level, scopes
from scheduler.rules.meetings.time_window import preferred


def larger_rooms(problem: MeetingProblem) -> dict[str, int]:
    """Per room, what ``larger-rooms`` counts for a session in it: the extra seats of every larger room
    (a room without a seat count as large as the largest counted). The checker's rule, and the day's
    soft floor's (:mod:`scheduler.meetings.dayfloor`)."""
    seats = {r.name: r.seats for r in problem.rooms}
    finite = [v for v in seats.values() if v is not None]
    top = max(finite, default=0)
    size = {name: top if v is None else v for name, v in seats.items()}
    return {name: sum(v - own for v in size.values() if v > own) for name, own in size.items()}


def early_of(prep: Prepared, i: int, start: int) -> int:
    """``early``'s count for session ``i`` from clock step ``start``: where it ends on the working axis.
    The one definition: the checker sums it, the day's soft floor (:mod:`scheduler.meetings.dayfloor`)
    builds its tables from it."""
    return prep.working(start) + prep.length[i]


def running(prep: Prepared, i: int, start: int) -> tuple[int, int]:
    """The clock steps ``[first, end)`` session ``i`` from ``start`` runs: ``overlap`` counts, per pair
    of sessions, the steps in both (the checker per step, the day's soft floor per pair)."""
    return start, start + prep.length[i]


def touching_span(prep: Prepared, i: int, start: int) -> tuple[int, int]:
    """Session ``i``'s start and end from clock step ``start`` on the joined axis
    (:meth:`~scheduler.meetings.prepared.Prepared.joined`): ``back-to-back`` counts each ordered pair of
    sessions where one's end is the other's start (the checker by a count of the ends, the day's soft
    floor per pair)."""
    joined = prep.joined(start)
    return joined, joined + prep.length[i]


def measure(
    prep: Prepared,
    start: list[int],
    room: list[str],
    names: Collection[str] | None = None,
    only: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, int]:
    """Every term's value (unweighted) for sessions placed at ``start[i]`` in ``room[i]``; with ``names``,
    only those terms (the others are not computed: an objective without ``overlap`` never pays for it);
    ``only``: the people a per-person term counts (:attr:`~scheduler.meetings.terms.Term.only`,
    :func:`~scheduler.meetings.terms.scopes`), everyone for a term it does not name.

    Pairwise overlaps are counted per clock step, not per pair: the pairs running at once at a step are
    C(n, 2) of the n sessions running then, so the total is linear in the sessions' lengths (2,000
    meetings: 0.63 s per call over every pair before, about 0.02 s now)."""
    wanted = set(NAMES if names is None else names)
    problem = prep.problem
    n = prep.n
    end = [start[i] + prep.length[i] for i in range(n)]
    out: dict[str, int] = {}
    if "early" in wanted:
        out["early"] = sum(early_of(prep, i, start[i]) for i in range(n))
    if "overlap" in wanted:
        spans = [running(prep, i, start[i]) for i in range(n)]
        out["overlap"] = _pairs_at_once(range(n), [f for f, _ in spans], [e for _, e in spans])
    if "back-to-back" in wanted:
        touching = [touching_span(prep, i, start[i]) for i in range(n)]
        ends = Counter(e for _, e in touching)
        out["back-to-back"] = sum(ends.get(f, 0) for f, _ in touching)
    if "room-stability" in wanted:
        joined = [prep.joined(start[i]) for i in range(n)]
    if "larger-rooms" in wanted:
        larger = larger_rooms(problem)
        out["larger-rooms"] = sum(larger[room[i]] for i in range(n))
    if "optional-conflicts" in wanted:
        out["optional-conflicts"] = _optional_conflicts(prep, start, end)
    if "room-stability" in wanted:
        out["room-stability"] = _room_stability(prep, joined, room)
    if "moves" in wanted:
        out["moves"] = _moves(prep, start, room)
    if "displacement" in wanted:
        problem = prep.problem
        out["displacement"] = sum(displacement(problem, was, start[i]) for i, was in published_starts(problem).items())
    scope = only or {}
    for name in ("participant-days", "idle"):
        if name in wanted:
            out[name] = sum(person_counts(prep, start, name, scope.get(name, ())).values())
    if "preferred-time" in wanted:
        out["preferred-time"] = len(unmet_wishes(prep.problem, start, prep.length))
    return out


def person_counts(prep: Prepared, start: list[int], name: str, only: tuple[str, ...] = ()) -> dict[str, int]:
    """Per person a per-person term counts (:meth:`~scheduler.meetings.prepared.Prepared.counted`), their
    part of it: ``participant-days``, the days they come minus one; ``idle``, the steps they wait
    between their first start and last end of each day. The terms are the sums (one rule); the
    summary names the people behind them (QA jobs17 F10)."""
    day_of = prep.problem.workdays.day_of
    out = {}
    for person, sessions in prep.counted(only):
        days: dict[int, list[int]] = defaultdict(list)
        for i in sessions:
            days[day_of(start[i])].append(i)
        if name == "participant-days":
            out[person] = len(days) - 1 if days else 0
        else:
            out[person] = sum(_idle(prep, start, on_day) for on_day in days.values())
    return out


def _idle(prep: Prepared, start: list[int], sessions: list[int]) -> int:
    """The clock steps from the first start to the last end of ``sessions`` (one person's, one day) in
    none of them: a break counts, as waiting does."""
    covered = {t for i in sessions for t in range(start[i], start[i] + prep.length[i])}
    return max(start[i] + prep.length[i] for i in sessions) - min(start[i] for i in sessions) - len(covered)


def unmet_wishes(problem: MeetingProblem, start: Sequence[int], length: Sequence[int]) -> list[int]:
    """The sessions with a preferred time placed outside it (at clock step ``start[i]``, ``length[i]``
    steps long): what ``preferred-time`` counts."""
    sessions = problem.sessions
    return [i for i, s in enumerate(sessions) if s.prefer and not preferred(problem, s, start[i], length[i])]


def _pairs_at_once(sessions: Iterable[int], start: list[int], end: list[int]) -> int:
    """Pairs of ``sessions`` running at once, summed over clock steps: sum of C(n_t, 2)."""
    running: Counter[int] = Counter()
    for i in sessions:
        for t in range(start[i], end[i]):
            running[t] += 1
    return sum(k * (k - 1) // 2 for k in running.values())


def _optional_conflicts(prep: Prepared, start: list[int], end: list[int]) -> int:
    """Per participant, the steps two of their sessions run at once unless both require them (all pairs
    less the required pairs, per step), and the steps they are optional while busy."""
    conflicts = 0
    for name, sessions in prep.sessions_of.items():
        required = set(prep.required_of.get(name, ()))
        if len(sessions) > 1:
            conflicts += _pairs_at_once(sessions, start, end)
            conflicts -= _pairs_at_once((i for i in sessions if i in required), start, end)
        busy = prep.busy.get(name)
        if busy:
            for i in sessions:
                if i not in required:
                    conflicts += sum(1 for k in range(start[i], end[i]) if k in busy)
    return conflicts


def _room_stability(prep: Prepared, joined: list[int], room: list[str]) -> int:
    """Per required participant, pairs of their sessions within two steps in different rooms (steps with
    the days joined: a break counts its length, a night nothing)."""
    stability = 0
    for sessions in prep.required_of.values():
        for a, b in combinations(sessions, 2):
            first, second = (a, b) if joined[a] < joined[b] else (b, a)
            apart = joined[second] - (joined[first] + prep.length[first])
            if joined[a] != joined[b] and room[a] != room[b] and apart <= 2:
                stability += 1
    return stability


def _moves(prep: Prepared, start: list[int], room: list[str]) -> int:
    problem = prep.problem
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
    return moves


def levels(terms: tuple[Term, ...], values: dict[str, int]) -> dict[str, int]:
    """The weighted penalty of each level."""
    return {level: sum(t.weight * values[t.name] for t in found) for level, found in by_level(terms).items()}


def score_key(prep: Prepared, terms: tuple[Term, ...], timetable: tuple[list[int], list[str]]) -> tuple[int, ...]:
    """A timetable's (medium, soft) penalties, compared as tuples: smaller is better."""
    values = levels(terms, measure(prep, *timetable, names={t.name for t in terms}, only=scopes(terms)))
    return tuple(values.get(level, 0) for level in LEVELS)


def required_overlaps(prep: Prepared, start: list[int]) -> dict[str, list[tuple[int, int]]]:
    """Pairs of sessions each required participant is in at once (gap included)."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, sessions in prep.required_of.items():
        for a, b in combinations(sessions, 2):
            if start[a] < start[b] + prep.length[b] + prep.gap and start[b] < start[a] + prep.length[a] + prep.gap:
                out[name].append((a, b))
    return dict(out)
