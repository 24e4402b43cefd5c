"""Runs Timefold (PyPI ``timefold``, on a JDK 17) on our instances, for ``make bench-timefold``.

This file runs only in the bench's own environment (``.venv-timefold``, made by the Makefile): the
library and its tests never import it. The planning domain and the ConstraintProvider below are our
own code, written to the rules the meeting-scheduling quickstart publishes (docs/meetings.md lists
them; ``benchmarks/timefold_score.py`` computes the same score independently). Timefold's defaults are
kept: construction heuristic, then local search until the time spent reaches the limit.

    python -m benchmarks.timefold_peer solve INSTANCE.json --seconds 10 --out ANSWER.json
    python -m benchmarks.timefold_peer score INSTANCE.json PLACEMENTS.json --out SCORES.json

``solve`` writes the placements Timefold found, the score Timefold gives them and the times spent
(JVM start-up and model building apart from solving). ``score`` asks Timefold to score given
placements (any, infeasible ones too): how the scorer's tests data was made.
"""

import argparse
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from timefold.solver import SolutionManager, SolverFactory
from timefold.solver.config import Duration, ScoreDirectorFactoryConfig, SolverConfig, TerminationConfig
from timefold.solver.domain import (
    PlanningEntityCollectionProperty,
    PlanningId,
    PlanningScore,
    PlanningVariable,
    ProblemFactCollectionProperty,
    ValueRangeProvider,
    planning_entity,
    planning_solution,
)
from timefold.solver.score import ConstraintFactory, HardMediumSoftScore, Joiners, constraint_provider

from benchmarks.timefold_recipe import Instance


@dataclass
class Person:
    id: Annotated[str, PlanningId]
    name: str


@dataclass
class Grain:
    id: Annotated[str, PlanningId]
    index: int
    day: int


@dataclass
class Room:
    id: Annotated[str, PlanningId]
    seats: int


@dataclass
class Meeting:
    id: Annotated[str, PlanningId]
    grains: int
    need: int


@dataclass
class Required:
    id: Annotated[str, PlanningId]
    person: Person
    meeting: Meeting


@dataclass
class Preferred:
    id: Annotated[str, PlanningId]
    person: Person
    meeting: Meeting


@planning_entity
@dataclass
class Placement:
    id: Annotated[str, PlanningId]
    meeting: Meeting
    start: Annotated[Grain | None, PlanningVariable] = field(default=None)
    room: Annotated[Room | None, PlanningVariable] = field(default=None)

    def first(self) -> int:
        return self.start.index

    def end(self) -> int:
        """One past the last grain."""
        return self.start.index + self.meeting.grains

    def last(self) -> int:
        return self.start.index + self.meeting.grains - 1

    def overlap(self, other: "Placement") -> int:
        return max(0, min(self.end(), other.end()) - max(self.first(), other.first()))

    def seats(self) -> int:
        return 0 if self.room is None else self.room.seats


@planning_solution
@dataclass
class Schedule:
    people: Annotated[list[Person], ProblemFactCollectionProperty]
    grains: Annotated[list[Grain], ProblemFactCollectionProperty, ValueRangeProvider]
    rooms: Annotated[list[Room], ProblemFactCollectionProperty, ValueRangeProvider]
    meetings: Annotated[list[Meeting], ProblemFactCollectionProperty]
    required: Annotated[list[Required], ProblemFactCollectionProperty]
    preferred: Annotated[list[Preferred], ProblemFactCollectionProperty]
    placements: Annotated[list[Placement], PlanningEntityCollectionProperty]
    score: Annotated[HardMediumSoftScore | None, PlanningScore] = field(default=None)


def _overlapping() -> object:
    return Joiners.overlapping(lambda p: p.first(), lambda p: p.end())


def _pair_overlap(cf: ConstraintFactory, left: type, right: type, penalty: object, name: str) -> object:
    """Two attendances of one person in overlapping meetings, penalised by the overlap."""
    stream = (
        cf.for_each_unique_pair(left, Joiners.equal(lambda a: a.person.id))
        if left is right
        else cf.for_each(left).join(right, Joiners.equal(lambda a: a.person.id, lambda b: b.person.id))
    )
    return (
        stream.join(Placement, Joiners.equal(lambda a, b: a.meeting.id, lambda p: p.meeting.id))
        .join(
            Placement,
            Joiners.equal(lambda a, b, pa: b.meeting.id, lambda p: p.meeting.id),
            Joiners.overlapping(
                lambda a, b, pa: pa.first(), lambda a, b, pa: pa.end(), lambda p: p.first(), lambda p: p.end()
            ),
        )
        .penalize(penalty, lambda a, b, pa, pb: pa.overlap(pb))
        .as_constraint(name)
    )


def constraints(cf: ConstraintFactory) -> list:
    """The quickstart's published rules, in its order: five hard, two medium, five soft."""
    hard, medium, soft = HardMediumSoftScore.ONE_HARD, HardMediumSoftScore.ONE_MEDIUM, HardMediumSoftScore.ONE_SOFT
    return [
        cf.for_each_unique_pair(Placement, Joiners.equal(lambda p: p.room.id), _overlapping())
        .penalize(hard, lambda a, b: a.overlap(b))
        .as_constraint("Room conflict"),
        cf.for_each(Placement)
        .if_not_exists(Grain, Joiners.equal(lambda p: p.last(), lambda g: g.index))
        .penalize(hard, lambda p: p.last())
        .as_constraint("Don't go in overtime"),
        _pair_overlap(cf, Required, Required, hard, "Required attendance conflict"),
        cf.for_each(Placement)
        .filter(lambda p: p.meeting.need > p.seats())
        .penalize(hard, lambda p: p.meeting.need - p.seats())
        .as_constraint("Required room capacity"),
        cf.for_each(Placement)
        .join(
            Grain,
            Joiners.equal(lambda p: p.last(), lambda g: g.index),
            Joiners.filtering(lambda p, g: p.start.day != g.day),
        )
        .penalize(hard)
        .as_constraint("Start and end on same day"),
        _pair_overlap(cf, Required, Preferred, medium, "Required and preferred attendance conflict"),
        _pair_overlap(cf, Preferred, Preferred, medium, "Preferred attendance conflict"),
        cf.for_each(Placement).penalize(soft, lambda p: p.last()).as_constraint("Do all meetings as soon as possible"),
        cf.for_each(Placement)
        .join(Placement, Joiners.equal(lambda a: a.last(), lambda b: b.first() - 1))
        .penalize(HardMediumSoftScore.of_soft(100))
        .as_constraint("One TimeGrain break between two consecutive meetings"),
        cf.for_each(Placement)
        .join(Placement, Joiners.greater_than(lambda a: a.meeting.id, lambda b: b.meeting.id), _overlapping())
        .penalize(HardMediumSoftScore.of_soft(10), lambda a, b: a.overlap(b))
        .as_constraint("Overlapping meetings"),
        cf.for_each(Placement)
        .join(Room, Joiners.less_than(lambda p: p.seats(), lambda r: r.seats))
        .penalize(soft, lambda p, r: r.seats - p.seats())
        .as_constraint("Assign larger rooms first"),
        cf.for_each(Required)
        .join(
            Required,
            Joiners.equal(lambda a: a.person.id, lambda b: b.person.id),
            Joiners.filtering(lambda a, b: a.meeting.id != b.meeting.id),
        )
        .join(Placement, Joiners.equal(lambda a, b: a.meeting.id, lambda p: p.meeting.id))
        .join(
            Placement,
            Joiners.equal(lambda a, b, pa: b.meeting.id, lambda p: p.meeting.id),
            Joiners.less_than(lambda a, b, pa: pa.first(), lambda p: p.first()),
            Joiners.filtering(lambda a, b, pa, pb: pa.room.id != pb.room.id and pb.first() - pa.end() <= 2),
        )
        .penalize(soft)
        .as_constraint("Room stability"),
    ]


rules = constraint_provider(constraints)


def build(instance: Instance) -> Schedule:
    people = {p.id: Person(p.id, p.name) for p in instance.people}
    meetings = {m.id: Meeting(m.id, m.grains, len(m.required) + len(m.preferred)) for m in instance.meetings}
    required = [
        Required(f"{m.id}-r{i}", people[p], meetings[m.id]) for m in instance.meetings for i, p in enumerate(m.required)
    ]
    preferred = [
        Preferred(f"{m.id}-p{i}", people[p], meetings[m.id])
        for m in instance.meetings
        for i, p in enumerate(m.preferred)
    ]
    return Schedule(
        people=list(people.values()),
        grains=[Grain(str(g.index), g.index, g.day) for g in instance.grains],
        rooms=[Room(r.id, r.seats) for r in instance.rooms],
        meetings=list(meetings.values()),
        required=required,
        preferred=preferred,
        placements=[Placement(m.id, meetings[m.id]) for m in instance.meetings],
    )


def factory(seconds: float) -> SolverFactory:
    return SolverFactory.create(
        SolverConfig(
            solution_class=Schedule,
            entity_class_list=[Placement],
            score_director_factory_config=ScoreDirectorFactoryConfig(constraint_provider_function=rules),
            termination_config=TerminationConfig(spent_limit=Duration(milliseconds=int(seconds * 1000))),
        )
    )


def placements_of(schedule: Schedule) -> dict[str, list]:
    return {
        p.meeting.id: [p.start.index if p.start else None, p.room.id if p.room else None] for p in schedule.placements
    }


def solve(instance: Instance, seconds: float) -> dict:
    began = time.perf_counter()
    solver_factory = factory(seconds)
    solver = solver_factory.build_solver()
    problem = build(instance)
    ready = time.perf_counter()
    solution = solver.solve(problem)
    done = time.perf_counter()
    return {
        "instance": instance.name,
        "seconds": seconds,
        "placements": placements_of(solution),
        "score": str(solution.score),
        "setup_s": round(ready - began, 3),
        "solve_s": round(done - ready, 3),
    }


def score_all(instance: Instance, placements: list[dict[str, list]]) -> list[str]:
    manager = SolutionManager.create(factory(1))
    grains = None
    out = []
    for placement in placements:
        schedule = build(instance)
        grains = {g.index: g for g in schedule.grains}
        rooms = {r.id: r for r in schedule.rooms}
        for p in schedule.placements:
            start, room = placement[p.meeting.id]
            # A start past the horizon is not a grain of the problem: a Grain outside the value range
            # still scores (overtime), as in the quickstart's own tests.
            p.start = grains.get(start) or Grain(str(start), start, -1)
            p.room = rooms[room]
        out.append(str(manager.update(schedule)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve")
    s.add_argument("instance", type=Path)
    s.add_argument("--seconds", type=float, default=10)
    s.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("score")
    c.add_argument("instance", type=Path)
    c.add_argument("placements", type=Path)
    c.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if os.environ.get("TIMEFOLD_LOG"):
        logging.basicConfig(level=logging.INFO)
    instance = Instance.from_json(args.instance.read_text(encoding="utf-8"))
    if args.command == "solve":
        result = solve(instance, args.seconds)
    else:
        result = score_all(instance, json.loads(args.placements.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
