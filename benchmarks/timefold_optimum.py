"""The soft optimum of a Timefold-recipe instance at its proven medium level, proven by days
(``python -m benchmarks.timefold_optimum``).

A measuring instrument for issue 15, not the library's search: it says how far the library's answer
and its printed bound are from the truth. The argument (docs/benchmarks.md, "Twenty-second session"):

1. No meeting crosses a day, so the medium level is the sum over the days of each day's optional
   conflicts; at the proven optimum (the demo's 40) every day is at its own fewest conflicts, and the
   groupings of the meetings into days that allow that are exactly those the library's exhaustive
   walk gives (:func:`scheduler.meetings.atbound.groupings_at`, exact where
   :func:`scheduler.meetings.oneday.applies`; the days are alike, so a grouping is a set of days).
2. Each distinct day is priced alone by CP-SAT (an interval model written here in the quickstart's
   terms, independent of the library's model), its conflicts held at that fewest, for every count
   ``b`` of meetings starting at the day's first grain and ``e`` ending at its last (0 to 3): what
   joins a day to the next is only ``100 * e * b'`` back-to-back pairs (the quickstart counts the
   last grain of a day and the first of the next as consecutive), ``40 * position`` on each meeting's
   last grain, and room stability across the night (left out: it is never negative).
3. Per grouping, per order of its days, a walk over the days with the last ``e`` as its state
   gives the least sum of the days' proven bounds: the least over all is a lower bound on the soft
   level of every timetable at that medium level. The best order's days, assembled, are an answer;
   that order searched whole by the same model (cross-day stability counted) is scored by the common
   scorer (:mod:`benchmarks.timefold_score`).

``--alone`` prices each soft term alone the same way (its least value at the medium level; their
sum is a bound too). Prints JSON lines; CPU seconds are CP-SAT's own (user time), the walk's apart.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations, permutations
from pathlib import Path
from typing import Any

from benchmarks.timefold_ours import problem_of
from benchmarks.timefold_recipe import GRAINS_PER_DAY, Instance, generate, suite
from benchmarks.timefold_score import score

TERMS = ("early", "b2b", "overlap", "larger", "stability")


def room_costs(instance: Instance) -> dict[str, int]:
    """What a meeting costs "Assign larger rooms first" in each room: the seats of every larger room."""
    seats = {r.id: r.seats for r in instance.rooms}
    return {r: sum(s - seats[r] for s in seats.values() if s > seats[r]) for r in seats}


def solve_days(
    instance: Instance,
    order: Sequence[Sequence[int]],
    medium: int,
    seconds: float,
    terms: tuple[str, ...] = TERMS,
    ends: tuple[int, int] | None = None,
    hint: dict[str, tuple[int, str]] | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """The meetings ``order[p]`` on day ``p`` (grains ``40 p + 1 ..``), the medium level at most
    ``medium``, the soft ``terms`` minimised exactly by CP-SAT. ``ends``: (meetings starting at the
    first day's first grain, meetings ending at the last day's last grain), held. Returns the status,
    the value and proven bound, CP-SAT's CPU seconds, and the placements ({meeting id: (grain, room)})."""
    from ortools.sat.python import cp_model

    meetings = instance.meetings
    seats = {r.id: r.seats for r in instance.rooms}
    cost = room_costs(instance)
    grains = GRAINS_PER_DAY
    day = {i: p for p, sessions in enumerate(order) for i in sessions}
    ids = sorted(day)
    m = cp_model.CpModel()
    s: dict[int, Any] = {}
    y: dict[tuple[int, str], Any] = {}
    rooms: dict[str, list[Any]] = defaultdict(list)
    goal: list[Any] = []
    for i in ids:
        length = meetings[i].grains
        need = len(meetings[i].required) + len(meetings[i].preferred)
        s[i] = m.new_int_var(grains * day[i] + 1, grains * day[i] + grains - length + 1, "")
        chosen = []
        for r in seats:
            if need <= seats[r]:
                y[i, r] = v = m.new_bool_var("")
                chosen.append(v)
                rooms[r].append(m.new_optional_fixed_size_interval_var(s[i], length, v, ""))
                if "larger" in terms and cost[r]:
                    goal.append(cost[r] * v)
        m.add_exactly_one(chosen)
        if "early" in terms:
            goal.append(s[i] + length - 1)
    for intervals in rooms.values():
        m.add_no_overlap(intervals)
    conflicts = []
    for a, b in combinations(ids, 2):
        la, lb = meetings[a].grains, meetings[b].grains
        ma, mb = meetings[a], meetings[b]
        both = len(set(ma.required) & set(mb.required))
        weight = len(set(ma.required) & set(mb.preferred)) + len(set(ma.preferred) & set(mb.required))
        weight += len(set(ma.preferred) & set(mb.preferred))
        if abs(day[a] - day[b]) > 1:
            continue
        if both:  # never at once; room stability, per person required in both
            first = m.new_bool_var("")
            m.add(s[b] >= s[a] + la).only_enforce_if(first)
            m.add(s[a] >= s[b] + lb).only_enforce_if(~first)
            if "stability" in terms:
                shared = []
                for r in seats:
                    if (a, r) in y and (b, r) in y:
                        w = m.new_bool_var("")
                        m.add_implication(w, y[a, r])
                        m.add_implication(w, y[b, r])
                        shared.append(w)
                same, near = m.new_bool_var(""), m.new_bool_var("")
                m.add(sum(shared) >= same)
                m.add(s[b] >= s[a] + la + 3).only_enforce_if([first, ~same, ~near])
                m.add(s[a] >= s[b] + lb + 3).only_enforce_if([~first, ~same, ~near])
                goal.append(both * near)
        elif day[a] == day[b]:
            low, high = m.new_int_var(0, 10**4, ""), m.new_int_var(0, 10**4, "")
            m.add_min_equality(low, [s[a] + la, s[b] + lb])
            m.add_max_equality(high, [s[a], s[b]])
            shared_grains = m.new_int_var(0, min(la, lb), "")
            m.add(shared_grains >= low - high)
            if weight:
                conflicts.append(weight * shared_grains)
            if "overlap" in terms:
                goal.append(10 * shared_grains)
        if "b2b" in terms:
            for i, j, li in ((a, b, la), (b, a, lb)):
                if day[j] in (day[i], day[i] + 1):
                    pair = m.new_bool_var("")
                    m.add(s[j] != s[i] + li).only_enforce_if(~pair)
                    goal.append(100 * pair)
    if conflicts:
        m.add(sum(conflicts) <= medium)
    if ends is not None:
        first_day, last_day = 0, len(order) - 1
        starting, ending = [], []
        for i in ids:
            if day[i] == first_day:
                v = m.new_bool_var("")
                m.add(s[i] == grains * first_day + 1).only_enforce_if(v)
                m.add(s[i] != grains * first_day + 1).only_enforce_if(~v)
                starting.append(v)
            if day[i] == last_day:
                v = m.new_bool_var("")
                m.add(s[i] + meetings[i].grains == grains * (last_day + 1) + 1).only_enforce_if(v)
                m.add(s[i] + meetings[i].grains != grains * (last_day + 1) + 1).only_enforce_if(~v)
                ending.append(v)
        m.add(sum(starting) == ends[0])
        m.add(sum(ending) == ends[1])
    m.minimize(sum(goal))
    if hint is not None:
        for i in ids:
            start, room = hint[meetings[i].id]
            m.add_hint(s[i], start)
            for r in seats:
                if (i, r) in y:
                    m.add_hint(y[i, r], r == room)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(m)
    out: dict[str, Any] = {"status": solver.status_name(status), "cpu": solver.user_time}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        out["value"] = round(solver.objective_value)
        out["bound"] = -(-round(solver.best_objective_bound, 6) // 1)
        out["placed"] = {
            meetings[i].id: (
                solver.value(s[i]),
                next(r for r in seats if (i, r) in y and solver.boolean_value(y[i, r])),
            )
            for i in ids
        }
    return out


def price(
    instance: Instance, sessions: tuple[int, ...], conflicts: int, seconds: float, terms: tuple[str, ...]
) -> dict[tuple[int, int], dict[str, Any]]:
    """One day's ``terms`` for every (meetings starting at its first grain, ending at its last; at most
    one a room): the feasible ones only."""
    table = {}
    most = len(instance.rooms)
    for b in range(most + 1):
        for e in range(most + 1):
            found = solve_days(instance, [sessions], conflicts, seconds, terms, (b, e))
            if found["status"] != "INFEASIBLE":
                table[b, e] = found
    return table


def chained(
    groupings: list[list[tuple[int, ...]]],
    tables: dict[tuple[int, ...], dict[tuple[int, int], dict[str, Any]]],
    key: str,
    terms: tuple[str, ...],
) -> tuple[float, list[tuple[int, ...]], list[tuple[int, int]]]:
    """The least over groupings, orders of their days and each day's (b, e) of the days' ``key``
    (``bound`` or ``value``), plus, with ``b2b``, ``100 e b'`` between neighbours and, with
    ``early``, ``40 * position`` per meeting: its value, order and (b, e)."""
    best: tuple[float, list[tuple[int, ...]], list[tuple[int, int]]] = (float("inf"), [], [])
    pairs = 100 if "b2b" in terms else 0
    for days in groupings:
        for order in permutations(days):
            later = GRAINS_PER_DAY * sum(p * len(d) for p, d in enumerate(order)) if "early" in terms else 0
            walk: dict[int | None, tuple[float, list[tuple[int, int]]]] = {None: (float(later), [])}
            for sessions in order:
                step: dict[int | None, tuple[float, list[tuple[int, int]]]] = {}
                for last, (so_far, path) in walk.items():
                    for (b, e), found in tables[sessions].items():
                        total = so_far + found[key] + (pairs * last * b if last is not None else 0)
                        if e not in step or total < step[e][0]:
                            step[e] = (total, [*path, (b, e)])
                walk = step
            total, path = min(walk.values(), key=lambda t: t[0])
            if total < best[0]:
                best = (total, list(order), path)
    return best


def main(argv: list[str] | None = None) -> None:
    from scheduler.meetings.atbound import groupings_at
    from scheduler.meetings.oneday import DayPricer, applies
    from scheduler.meetings.prepared import prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default="demo", help="a suite instance's name, or a number of meetings")
    parser.add_argument("--medium", type=int, default=40, help="the medium level, proven optimal (the demo's 40)")
    parser.add_argument("--seconds", type=float, default=30.0, help="the longest one day's pricing")
    parser.add_argument("--whole", type=float, default=300.0, help="the best order searched whole (seconds)")
    parser.add_argument("--alone", action="store_true", help="each soft term's least value alone too")
    parser.add_argument("--save", help="write the best answer's placements here (JSON)")
    args = parser.parse_args(argv)
    found = [i for i in suite() if i.name == args.instance]
    instance = found[0] if found else generate(int(args.instance), 0)
    prep = prepare(problem_of(instance))
    assert applies(prep), "the days' exact conflicts do not apply to this instance"
    print(json.dumps({"load": os.getloadavg()[0], "instance": instance.name}), flush=True)
    began = time.process_time()
    pricer = DayPricer(prep)
    walk = groupings_at(pricer, args.medium, float("inf"))
    groupings = [[tuple(sorted(s)) for s in sets.values()] for sets in walk]
    assert walk.complete
    days = sorted({d for g in groupings for d in g})
    conflicts = {d: pricer.value(0, frozenset(d))[0] for d in days}  # type: ignore[index]
    print(
        json.dumps({"groupings": len(groupings), "days": len(days), "walk_cpu": round(time.process_time() - began, 1)}),
        flush=True,
    )
    for terms in [TERMS] + ([(t,) for t in TERMS] if args.alone else []):
        tables = {d: price(instance, d, conflicts[d], args.seconds, terms) for d in days}
        solves = [f for t in tables.values() for f in t.values()]
        unproven = sum(f["status"] != "OPTIMAL" for f in solves)
        bound, order, path = chained(groupings, tables, "bound", terms)
        value, _, _ = chained(groupings, tables, "value", terms)
        row: dict[str, Any] = {
            "terms": " ".join(terms),
            "bound": bound,
            "days_chained": value,
            "day_solves": len(solves),
            "unproven": unproven,
            "cpu": round(sum(f["cpu"] for f in solves), 1),
            "order": order,
            "b_e": path,
        }
        if terms == TERMS:
            placements = {k: v for d, be in zip(order, path, strict=True) for k, v in tables[d][be]["placed"].items()}
            shifted = {}
            for p, d in enumerate(order):
                for i in d:
                    grain, room = placements[instance.meetings[i].id]
                    shifted[instance.meetings[i].id] = (grain + GRAINS_PER_DAY * p, room)
            row["assembled"] = str(score(instance, shifted))
            whole = solve_days(instance, order, args.medium, args.whole, hint=shifted, workers=2)
            if "placed" in whole:
                checked = score(instance, whole["placed"])
                row["whole"] = {"score": str(checked), "terms": checked.terms, "cpu": round(whole["cpu"], 1)}
                if args.save:
                    Path(args.save).write_text(json.dumps({"placements": whole["placed"]}), encoding="utf-8")
        print(json.dumps(row), flush=True)
    print(json.dumps({"load": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
