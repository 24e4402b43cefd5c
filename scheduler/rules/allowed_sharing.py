"""allowed-sharing: units (or meetings) share a room at once only if they have a label in common."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, ClassVar

from scheduler.domain import Problem, Unit, labels
from scheduler.rules.base import Rule
from scheduler.rules.ports import IntervalModel
from scheduler.rules.values import View
from scheduler.text.messages import Sentences

if TYPE_CHECKING:
    from scheduler.rules.values.plan_view import PlanView
    from scheduler.rules.values.violation import Violation


class AllowedSharing(Rule):
    """Hard: units share a room and hour only if they have a parallel-group label in common.

    A grouping limit: the model only builds groups whose units share a label (it
    draws its candidate groups from :func:`scheduler.domain.labels`), so the rule
    needs no constraint of its own.

    The checker's sentence shows the units' labels as written (``F / G``; ``—`` for a unit
    without one), so a slip the folding does not cover is seen, not guessed at.

    Meeting problems: in a room holding several meetings at once, two meetings without a
    common sharing label (a session's ``share``) never run there at once: every two of the
    meetings sharing a room at a moment have a label in common.

    Only rooms that can hold several (capacity 2 or more) are this rule's, in the model and the
    checker alike: two in a room that holds one is one fault, room-capacity's (docs/model.md).
    """

    name = "allowed-sharing"
    rank = 30
    grouping = "label"
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "mrule.allowed-sharing": (
                "只有同一共用组的会议可同时共用一个会议室",
                "only meetings with a sharing label in common share a room at once",
            ),
            "rule.allowed-sharing": (
                "只有同一并行组的单位可同时对接",
                "only units of one parallel group share a room and hour",
            ),
            "check.shared": (
                "{units} 同在 {time} 于 {room} 对接，但不属于同一并行组",
                "{units} share {room} at {time} but are not in one parallel group",
            ),
            "check.shared_labels": (
                "{units} 同在 {time} 于 {room} 对接，但不属于同一并行组（并行组：{labels}）",
                "{units} share {room} at {time} but are not in one parallel group (groups: {labels})",
            ),
            "mcheck.share": (
                "会议 {titles} 在 {time} 共用 {room}，但不属于同一共用组",
                "{titles} share {room} at {time} but may not share",
            ),
        }
    )

    def post_intervals(self, model: IntervalModel) -> None:
        # Per room group holding several at once: a meeting without a label takes the whole room (one
        # cumulative, its demand the capacity, 1 for the others), and labelled meetings with no label
        # in common are apart pair by pair, only those whose windows meet. Before, one list per
        # labelled meeting with all unlabelled ones, and every pair: biglabel-2000u-4r as meetings
        # posted 1.97 million pairs (41 s of a 53 s run) and 933 lists of 1,048 per room.
        sessions = model.problem.sessions
        found: dict[tuple[int, ...], list[tuple[int, int]]] = {}
        for g, rooms in enumerate(model.room_groups()):
            capacity = model.problem.places(rooms[0])  # at most the meetings there are (MeetingProblem.places)
            if capacity <= 1:
                continue
            members = model.sessions_in(g)
            if any(not sessions[i].share for i in members):
                model.room_load(g, capacity, demands={i: 1 if sessions[i].share else capacity for i in members})
            labelled = tuple(i for i in members if sessions[i].share)
            if labelled not in found:  # rooms alike in whom they may hold: the same pairs
                found[labelled] = clashing(model, labelled)
            model.apart_pairs(g, found[labelled])

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        sessions = view.problem.sessions
        for room in view.problem.rooms:
            if room.capacity <= 1:
                continue  # holding two at once is room-capacity's fault alone, as in the model
            at: dict[int, list[int]] = defaultdict(list)
            for i in view.in_room(room.name):
                for t in range(view.step[i], view.step[i] + view.length(i)):
                    at[t].append(i)
            told: set[tuple[int, ...]] = set()
            for t, members in sorted(at.items()):
                if tuple(members) in told or all(
                    sessions[a].share & sessions[b].share for a, b in combinations(members, 2)
                ):
                    continue
                told.add(tuple(members))
                titles = tuple(view.title(i) for i in members)
                when = view.problem.workdays.moment(t)
                yield self.plan_violation(
                    self.TEXT("mcheck.share", titles=titles, room=room.name, time=when), titles, (when,), (room.name,)
                )

    def allows_group(self, problem: Problem, units: Sequence[Unit]) -> bool:
        if len(units) < 2:
            return True
        common = labels(units[0])
        for unit in units[1:]:
            common &= labels(unit)
        return bool(common)

    def check(self, view: View) -> Iterator[Violation]:
        capacity = {r.name: r.capacity for r in view.problem.rooms}
        for (when, room), members in view.rooms_in_use().items():
            # a room that holds one (or is not in the rules) is room-capacity's to judge, as in the model
            if room is None or len(members) < 2 or capacity.get(room, 0) <= 1:
                continue
            units = [view.problem.unit(name) for name in members]
            if not self.allows_group(view.problem, units):
                message = self.TEXT("check.shared", units=tuple(members), time=when, room=room)
                if any(u.group.strip() for u in units):  # as written, in the units' order: a slip shows
                    written = " / ".join(u.group.strip() or "—" for u in units)
                    message = self.TEXT("check.shared_labels", **message.params, labels=written)
                yield self.violation(message, tuple(members), (when,), (room,))


def clashing(model: IntervalModel, labelled: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs of ``labelled`` (sessions with a sharing label) with no label in common whose windows
    meet (:meth:`~scheduler.rules.ports.IntervalModel.window`): the only ones that could run at once."""
    sessions = model.problem.sessions
    by_labels: dict[frozenset[str], list[int]] = defaultdict(list)
    for i in labelled:
        by_labels[frozenset(sessions[i].share)].append(i)
    windows = {i: model.window(i) for i in labelled}
    out = []
    for (first, some), (second, other) in combinations(by_labels.items(), 2):
        if first & second:
            continue
        for a in some:
            lo, hi = windows[a]
            out += [(a, b) for b in other if windows[b][0] < hi and lo < windows[b][1]]
    return out


RULE = AllowedSharing()
