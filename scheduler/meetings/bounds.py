"""Bounds that need no search: each objective term's own lower bound by counting, and the joint bound of
``early`` and ``overlap`` where one level weighs both (:mod:`scheduler.meetings.spread`). They hold for every
timetable keeping the rules, whatever the solver did; CP-SAT's own bound is never taken below them."""

from __future__ import annotations

import time

from scheduler.meetings.larger import least_larger
from scheduler.meetings.packing import optional_floor
from scheduler.meetings.prepared import Prepared
from scheduler.meetings.published import least_moves
from scheduler.meetings.spread import early_and_overlap
from scheduler.meetings.terms import Term, by_level, scopes


def cheap_bounds(prep: Prepared, objective: tuple[Term, ...], until: float | None = None) -> dict[str, int]:
    """Bounds that need no search, valid whatever the solver did, for every level: the weighted sum
    of each term's own lower bound (:func:`term_bounds`), and where ``early`` and ``overlap`` are
    weighed on one level, never less than their joint bound in place of their two
    (:func:`scheduler.meetings.spread.early_and_overlap`: the Timefold demo's soft level 2,896
    where the sum of the terms' own bounds says 2,396). A bound on a level holds for every
    timetable keeping the rules, so it holds for the lexicographic optimum too (whose medium level
    may be better than ours: then the soft bound says nothing about how far ours is from it).
    ``until`` (``time.perf_counter()``): the counts per person stop there, each bound then lower but
    still valid (:func:`term_bounds`)."""
    values = term_bounds(prep, {t.name for t in objective}, scopes(objective), until)
    out: dict[str, int] = {}
    for level, terms in by_level(objective).items():
        out[level] = sum(t.weight * values.get(t.name, 0) for t in terms)
        weight = {t.name: t.weight for t in terms}
        if "early" in weight and "overlap" in weight and len(weight) == len(terms):
            apart = weight["early"] * values["early"] + weight["overlap"] * values["overlap"]
            joint = early_and_overlap(prep, weight["early"], weight["overlap"])
            out[level] += max(0, joint - apart)
    return out


def term_bounds(
    prep: Prepared, names: set[str], only: dict[str, tuple[str, ...]] | None = None, until: float | None = None
) -> dict[str, int]:
    """A lower bound on each term, by counting:

    * ``optional-conflicts``: sessions every two of which share someone, longer in total than the
      working steps, overlap by at least the excess (or more, packed into the working periods), each
      step of it an optional conflict; and per participant, their sessions packed into the working
      periods, summed, joined to the clique's where no step is counted twice
      (:func:`scheduler.meetings.packing.optional_floor`);
    * ``early``: the sessions on as many parallel lines as meetings can run at once (the rooms'
      capacities), shortest first: the least sum of end positions there is (shortest processing
      time first is optimal for identical machines), and never less than each session's earliest end,
      nor than the people's own lines (:func:`_chained_ends`: a person's meetings one after another);
    * ``overlap``: the sessions' total length spread as evenly as possible over the working steps
      (pairs running at once per step, C(n, 2), is convex in n);
    * ``larger-rooms``: each session in its cheapest allowed room, or more where the cheap rooms
      cannot hold every session over the working steps (:func:`scheduler.meetings.larger.least_larger`);
    * ``moves``: the meetings whose published place breaks a rule of their own, and those added
      (:func:`scheduler.meetings.published.least_moves`; before, 0: ``reschedule`` of 150 meetings
      whose search had no time for a model said "bound 0" where three meetings could not stay, QA
      review16 finding 8);
    * ``preferred-time``: the sessions none of whose allowed starts is in their preferred times, and
      one participant's wished sessions that cannot all fit in the time their wishes cover
      (:func:`least_unmet`);
    * ``participant-days``: per person counted (``only``: :func:`~scheduler.meetings.terms.scopes`), the
      fewest of their days whose working steps hold their meetings' length (a person's required
      meetings never overlap), less one: a teacher with 27 ten-minute talks and evenings of 18 steps
      comes twice;
    * the others (``back-to-back``, ``room-stability``, ``idle``): 0.

    The two counted per person (``participant-days``, ``preferred-time``'s second part) stop at ``until``
    (``time.perf_counter()``): a sum or a largest of non-negative parts, so what is counted by then is
    still a lower bound (qamscale18 F3: at 2,000 meetings they ran past the time limit, with no clock).
    """
    from scheduler.meetings.model import heaviest_clique

    steps = len(prep.problem.workdays.steps)
    out: dict[str, int] = {}
    if "optional-conflicts" in names:
        clique = heaviest_clique(prep, limit=20000) if _widest_neighbourhood(prep) > steps else []
        out["optional-conflicts"] = optional_floor(prep, clique, until)
    if "early" in names:
        lines = [0] * max(1, sum(cls.total for cls in prep.classes))
        packed = 0
        for length in sorted(prep.length):
            k = lines.index(min(lines))
            lines[k] += length
            packed += lines[k]
        earliest = sum(prep.working(min(prep.starts[i])) + prep.length[i] for i in range(prep.n))  # working() rises
        out["early"] = max(packed, earliest, _chained_ends(prep))
    if "overlap" in names:
        many, extra = divmod(sum(prep.length), steps)
        out["overlap"] = steps * many * (many - 1) // 2 + extra * many
    if "moves" in names:
        out["moves"] = least_moves(prep)
    if "participant-days" in names:
        out["participant-days"] = _fewest_days(prep, (only or {}).get("participant-days", ()), until)
    if "larger-rooms" in names:
        out["larger-rooms"] = least_larger(prep)
    if "preferred-time" in names:
        out["preferred-time"] = least_unmet(prep, until)
    return out


def _widest_neighbourhood(prep: Prepared) -> int:
    """The most steps a session and every session sharing someone with it last together: no clique of
    sessions sharing someone two by two is longer, so where this is within the working steps the
    optional conflicts' clique bound is 0 without a search (mt2k19: 2,000 meetings over 25 days, the
    search's 20,000 nodes took 0.1-0.2 s of CPU and found 0 every time)."""
    near: list[set[int]] = [set() for _ in range(prep.n)]
    for sessions in prep.sessions_of.values():
        for i in sessions:
            near[i].update(sessions)  # (itself among them)
    return max((sum(prep.length[j] for j in found) for found in near), default=0)


def _chained_ends(prep: Prepared) -> int:
    """A lower bound on ``early`` by people: a person's required meetings never overlap, so they run one
    after another on that person's own line, whose least sum of ends is shortest first (from their
    earliest working step). People taken most meetings first, each only when none of their meetings is
    on a line taken already (each meeting counted once); every other meeting at its own earliest end.
    QA jobs17 F9: a parents' evening of 11 talks, 2 rooms: the rooms' bound 36 against the optimum 38
    (语文's 7 talks end at 1..7, 数学's 4 at 1..4), never proven."""
    taken: set[int] = set()
    total = 0
    for _, sessions in sorted(prep.required_of.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(sessions) < 2 or taken.intersection(sessions):
            continue
        taken.update(sessions)
        first = min(prep.working(min(prep.starts[i])) for i in sessions)
        ends, chain = first, 0
        for length in sorted(prep.length[i] for i in sessions):
            ends += length
            chain += ends
        own = sum(prep.working(min(prep.starts[i])) + prep.length[i] for i in sessions)
        total += max(chain, own)
    return total + sum(prep.working(min(prep.starts[i])) + prep.length[i] for i in range(prep.n) if i not in taken)


def _fewest_days(prep: Prepared, only: tuple[str, ...], until: float | None = None) -> int:
    """Per person counted, the fewest days whose working steps can hold their meetings, less one."""
    workdays = prep.problem.workdays
    per_day = workdays.per_day()  # a step's day is step // per_day (Workdays.day_of), asked once here
    steps: dict[int, int] = {}
    for t in workdays.steps:
        steps[t // per_day] = steps.get(t // per_day, 0) + 1
    total = 0
    for n, (_, sessions) in enumerate(prep.counted(only)):
        if until is not None and n % 64 == 0 and time.perf_counter() > until:
            break  # a sum of non-negative parts: what is counted is still a bound
        days = {s // per_day for i in sessions for s in prep.starts[i]}
        need = sum(prep.length[i] for i in sessions)
        held = 0
        for k, room in enumerate(sorted((steps.get(d, 0) for d in days), reverse=True)):
            held += room
            if held >= need:
                total += k
                break
    return total


def least_unmet(prep: Prepared, until: float | None = None) -> int:
    """A lower bound on ``preferred-time``: the meetings none of whose allowed starts is in their wish,
    plus, for the one participant it says most of, those of their other wished meetings that cannot
    all fit in their wishes: met, they lie apart (the participant is required in each), inside the
    steps their wished starts cover, so the shortest first fill those steps at most (10 defences of
    90 minutes wished into 4 mornings of 3 hours: 8 fit, 2 are missed whatever the timetable)."""
    never = 0
    wished: dict[int, list[int]] = {}  # per session with a wish it can meet, its wished starts
    for i, s in enumerate(prep.problem.sessions):
        unwished = prep.unwished(i) if s.prefer else frozenset()  # once per session, not per start
        inside = [t for t in prep.starts[i] if t not in unwished] if s.prefer else []
        if inside:
            wished[i] = inside
        elif s.prefer and prep.starts[i]:
            never += 1
    most = 0
    for n, sessions in enumerate(prep.required_of.values()):
        if until is not None and n % 64 == 0 and time.perf_counter() > until:
            break  # the largest so far is still a bound
        mine = [i for i in sessions if i in wished]
        if len(mine) < 2:
            continue
        room = len({t for i in mine for s in wished[i] for t in range(s, s + prep.length[i])})
        fit = 0
        for length in sorted(prep.length[i] for i in mine):
            if length > room:
                break
            room -= length
            fit += 1
        most = max(most, len(mine) - fit)
    return never + most
