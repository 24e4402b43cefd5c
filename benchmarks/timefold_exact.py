"""An exact model of a Timefold-recipe instance in the quickstart's own terms (``python -m benchmarks.timefold_exact``).

Not the library's model: a measuring instrument, to learn how far the library's answers and bounds are
from the truth on the demo (issue 15). One Boolean per (meeting, start grain, room) where the meeting
fits the day and the room's seats; every term of the quickstart's score is linear in them, through
counts per grain:

* a room holds one meeting a grain, a required attendee is in one meeting a grain (hard);
* medium: per person and grain, ``n`` meetings of theirs running (required or preferred, at most one
  required) are C(n, 2) conflicts (the scorer's required-and-preferred plus preferred-preferred
  pairs), C(n, 2) written as its tangents ``k n - k (k + 1) / 2``;
* soft ``early``: each meeting's last grain; ``overlap``: 10 per grain and pair running at once, C(n, 2)
  of the meetings running; ``larger``: the seats of every larger room; ``b2b``: 100 per ordered pair
  (a, b) with b starting the grain after a's last one, the product of the meetings ending at ``t``
  and starting at ``t + 1``, written in unary (``E >= k`` and ``B >= l`` both: one pair more);
  ``stability``: per required person, two of their meetings in different rooms, the later starting
  at most 2 grains after the earlier ends.

``--medium N`` holds the medium level at N at most (the demo's proven 40); ``--terms`` minimises
some soft terms only (each alone: a smaller problem, whose minimum is a bound on that term at that
medium level, so the sum of the separate minima bounds the soft level). CP-SAT (``--workers``) or
HiGHS (``--highs``, its LP relaxation or its MIP). Prints the best soft value found, the proven bound,
the status, and the answer's terms by the common scorer (:mod:`benchmarks.timefold_score`).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path

from benchmarks.timefold_recipe import GRAINS_PER_DAY, Instance, demo, generate, suite
from benchmarks.timefold_score import score

SOFT_TERMS = ("early", "b2b", "overlap", "larger", "stability")


@dataclass
class Model:
    """The variables and the terms' linear expressions, as lists of (coefficient, variable) pairs."""

    x: dict[tuple[int, int, str], object] = field(default_factory=dict)
    terms: dict[str, list[tuple[int, object]]] = field(default_factory=lambda: defaultdict(list))


def room_costs(instance: Instance) -> dict[str, int]:
    seats = {r.id: r.seats for r in instance.rooms}
    return {r: sum(s - seats[r] for s in seats.values() if s > seats[r]) for r in seats}


def starts_of(instance: Instance, length: int) -> list[int]:
    """Grain indices a meeting of ``length`` grains may start at: within one day."""
    days = len(instance.days) or max(g.day for g in instance.grains) + 1
    return [1 + d * GRAINS_PER_DAY + g for d in range(days) for g in range(GRAINS_PER_DAY - length + 1)]


def build(instance: Instance, api: Api, medium: int | None, want: tuple[str, ...], people_too: bool = True) -> Model:
    """The model through ``api`` (CP-SAT or HiGHS); ``want``: the soft terms built; without
    ``people_too``, the people are forgotten (no attendee's conflicts, no medium level, no room
    stability): a relaxation, whose minimum bounds the soft level of every timetable."""
    model = Model()
    cost = room_costs(instance)
    seats = {r.id: r.seats for r in instance.rooms}
    meetings = list(instance.meetings)
    horizon = max(g.index for g in instance.grains)
    running: dict[int, list[object]] = defaultdict(list)  # grain -> x covering it
    per_room: dict[tuple[int, str], list[object]] = defaultdict(list)
    ends: dict[int, list[object]] = defaultdict(list)  # last grain -> x
    begins: dict[int, list[object]] = defaultdict(list)
    of_meeting: dict[int, dict[int, list[object]]] = defaultdict(lambda: defaultdict(list))  # m -> grain -> x
    for k, m in enumerate(meetings):
        need = len(m.required) + len(m.preferred)
        mine = []
        for s in starts_of(instance, m.grains):
            for r in seats:
                if need > seats[r]:
                    continue
                v = api.boolean()
                model.x[k, s, r] = v
                mine.append(v)
                for t in range(s, s + m.grains):
                    running[t].append(v)
                    per_room[t, r].append(v)
                    of_meeting[k][t].append(v)
                ends[s + m.grains - 1].append(v)
                begins[s].append(v)
                model.terms["early"].append((s + m.grains - 1, v))
                if cost[r]:
                    model.terms["larger"].append((cost[r], v))
        api.exactly_one(mine)
    for vs in per_room.values():
        api.at_most_one(vs)
    people: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for k, m in enumerate(meetings):
        for p in m.required:
            people[p][0].append(k)
        for p in m.preferred:
            people[p][1].append(k)
    medium_terms: list[tuple[int, object]] = []
    if not people_too:
        people.clear()
    for req, pref in people.values():
        for t in range(1, horizon + 1):
            r_vs = [v for k in req for v in of_meeting[k].get(t, ())]
            if len(req) > 1 and r_vs:
                api.at_most_one(r_vs)
            all_vs = r_vs + [v for k in pref for v in of_meeting[k].get(t, ())]
            most = min(len(req), 1) + len(pref)
            if most >= 2 and all_vs:
                medium_terms.append((1, convex_pairs(api, all_vs, most)))
    if medium is not None and people_too:
        api.at_most(medium_terms, medium)
    model.terms["medium"] = medium_terms
    if "overlap" in want:
        for t in range(1, horizon + 1):
            if len(running[t]) > 1:
                model.terms["overlap"].append((10, convex_pairs(api, running[t], len(seats))))
    if "b2b" in want:
        for t in range(1, horizon):
            if ends[t] and begins[t + 1]:
                e = unary(api, ends[t], len(seats))
                b = unary(api, begins[t + 1], len(seats))
                for ek in e:
                    for bl in b:
                        w = api.boolean()
                        api.at_least([(1, w), (-1, ek), (-1, bl)], -1)
                        model.terms["b2b"].append((100, w))
    if "stability" in want:
        for req, _ in people.values():
            for a, b in combinations(req, 2):
                for first, second in ((a, b), (b, a)):
                    fl = meetings[first].grains
                    for (k, s, r), v in model.x.items():
                        if k != first:
                            continue
                        end = s + fl  # the grain after the last
                        near = [
                            w
                            for t in range(end, end + 3)
                            for r2 in seats
                            if r2 != r and (w := model.x.get((second, t, r2))) is not None
                        ]
                        if near:
                            y = api.boolean()
                            api.at_least([(1, y), (-1, v)] + [(-1, w) for w in near], -1)
                            model.terms["stability"].append((1, y))
    return model


def convex_pairs(api: Api, vs: list[object], most: int) -> object:
    """A variable at least C(n, 2), n the sum of ``vs`` (at most ``most``)."""
    c = api.integer(0, most * (most - 1) // 2)
    for k in range(1, most):
        api.at_least([(1, c)] + [(-k, v) for v in vs], -k * (k + 1) // 2)
    return c


def unary(api: Api, vs: list[object], most: int) -> list[object]:
    """Booleans u_1 >= u_2 >= ... whose sum is the sum of ``vs`` (at most ``most``)."""
    most = min(most, len(vs))
    us = [api.boolean() for _ in range(most)]
    for a, b in pairwise(us):
        api.at_least([(1, a), (-1, b)], 0)
    api.equal([(1, u) for u in us] + [(-1, v) for v in vs], 0)
    return us


class Api:
    def boolean(self) -> object: ...
    def integer(self, lo: int, hi: int) -> object: ...
    def exactly_one(self, vs: list[object]) -> None: ...
    def at_most_one(self, vs: list[object]) -> None: ...
    def at_least(self, terms: list[tuple[int, object]], rhs: int) -> None: ...
    def at_most(self, terms: list[tuple[int, object]], rhs: int) -> None: ...
    def equal(self, terms: list[tuple[int, object]], rhs: int) -> None: ...


class Sat(Api):
    def __init__(self) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.m = cp_model.CpModel()

    def boolean(self) -> object:
        return self.m.new_bool_var("")

    def integer(self, lo: int, hi: int) -> object:
        return self.m.new_int_var(lo, hi, "")

    def exactly_one(self, vs: list[object]) -> None:
        self.m.add_exactly_one(vs)

    def at_most_one(self, vs: list[object]) -> None:
        self.m.add_at_most_one(vs)

    def at_least(self, terms: list[tuple[int, object]], rhs: int) -> None:
        self.m.add(sum(c * v for c, v in terms) >= rhs)

    def at_most(self, terms: list[tuple[int, object]], rhs: int) -> None:
        self.m.add(sum(c * v for c, v in terms) <= rhs)

    def equal(self, terms: list[tuple[int, object]], rhs: int) -> None:
        self.m.add(sum(c * v for c, v in terms) == rhs)


class Highs(Api):
    def __init__(self, relax: bool) -> None:
        import highspy

        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.relax = relax

    def boolean(self) -> object:
        import highspy

        v = self.h.addVariable(0, 1)
        if not self.relax:
            self.h.changeColIntegrality(v.index, highspy.HighsVarType.kInteger)
        return v

    def integer(self, lo: int, hi: int) -> object:
        return self.h.addVariable(lo, hi)  # C(n, 2) of integral n: integral at an optimum of the tangents

    def exactly_one(self, vs: list[object]) -> None:
        self.h.addConstr(sum(vs) == 1)

    def at_most_one(self, vs: list[object]) -> None:
        self.h.addConstr(sum(vs) <= 1)

    def at_least(self, terms: list[tuple[int, object]], rhs: int) -> None:
        self.h.addConstr(sum(c * v for c, v in terms) >= rhs)

    def at_most(self, terms: list[tuple[int, object]], rhs: int) -> None:
        self.h.addConstr(sum(c * v for c, v in terms) <= rhs)

    def equal(self, terms: list[tuple[int, object]], rhs: int) -> None:
        self.h.addConstr(sum(c * v for c, v in terms) == rhs)


def objective(model: Model, terms: tuple[str, ...]) -> list[tuple[int, object]]:
    """The soft terms ``terms`` weighed as the quickstart weighs them (the weights are in the coefficients)."""
    return [(c, v) for t in terms for c, v in model.terms[t]]


def solve_sat(
    instance: Instance,
    medium: int | None,
    terms: tuple[str, ...],
    seconds: float,
    workers: int,
    hint: Path | None,
    people_too: bool = True,
) -> dict[str, object]:
    api = Sat()
    began = time.process_time()
    model = build(instance, api, medium, terms, people_too)
    goal = objective(model, terms)
    api.m.minimize(sum(c * v for c, v in goal))
    if hint is not None:
        placed = {k: tuple(v) for k, v in json.loads(hint.read_text())["placements"].items()}
        ids = [m.id for m in instance.meetings]
        for (k, s, r), v in model.x.items():
            api.m.add_hint(v, placed.get(ids[k]) == (s, r))
    solver = api.cp.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(api.m)
    out: dict[str, object] = {
        "status": solver.status_name(status),
        "value": None,
        "bound": int(-(-solver.best_objective_bound // 1)) if status != api.cp.UNKNOWN else None,
        "wall": round(solver.wall_time, 1),
        "cpu": round(time.process_time() - began, 1),
    }
    if status in (api.cp.OPTIMAL, api.cp.FEASIBLE):
        out["value"] = int(solver.objective_value)
        ids = [m.id for m in instance.meetings]
        placements = {ids[k]: (s, r) for (k, s, r), v in model.x.items() if solver.boolean_value(v)}
        found = score(instance, placements)
        out["score"] = str(found)
        out["terms"] = found.terms
        out["placements"] = placements
    return out


def solve_highs(
    instance: Instance, medium: int | None, terms: tuple[str, ...], seconds: float, relax: bool, people_too: bool = True
) -> dict[str, object]:
    api = Highs(relax)
    began = time.process_time()
    model = build(instance, api, medium, terms, people_too)
    goal = objective(model, terms)
    api.h.setOptionValue("time_limit", seconds)
    api.h.setOptionValue("threads", 1)
    api.h.minimize(sum(c * v for c, v in goal))
    info = api.h.getInfo()
    return {
        "status": api.h.modelStatusToString(api.h.getModelStatus()),
        "value": info.objective_function_value,
        "bound": info.mip_dual_bound if not relax else info.objective_function_value,
        "cpu": round(time.process_time() - began, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default="demo", help="a suite instance's name, or a number of meetings")
    parser.add_argument("--medium", type=int, default=40, help="the medium level at most (-1: free)")
    parser.add_argument("--terms", nargs="*", default=list(SOFT_TERMS), choices=SOFT_TERMS)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hint", type=Path, help="a JSON file with {'placements': {id: [start, room]}}")
    parser.add_argument("--highs", choices=("lp", "mip"), help="HiGHS instead of CP-SAT")
    parser.add_argument("--no-people", action="store_true", help="forget the people (a relaxation)")
    parser.add_argument("--save", type=Path, help="write the answer's placements here (JSON)")
    args = parser.parse_args(argv)
    found = [i for i in suite() if i.name == args.instance]
    instance = found[0] if found else (demo() if args.instance == "demo" else generate(int(args.instance), 0))
    medium = None if args.medium < 0 else args.medium
    terms = tuple(args.terms)
    load = os.getloadavg()[0]
    if args.highs:
        out = solve_highs(instance, medium, terms, args.seconds, args.highs == "lp", not args.no_people)
    else:
        out = solve_sat(instance, medium, terms, args.seconds, args.workers, args.hint, not args.no_people)
    placements = out.pop("placements", None)
    if args.save and placements is not None:
        args.save.write_text(json.dumps({"placements": placements}))
    out.update(
        instance=instance.name,
        medium=None if args.no_people else medium,
        people=not args.no_people,
        terms=" ".join(terms),
        load=[round(load, 1), round(os.getloadavg()[0], 1)],
    )
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
