"""Where a timetable's ``optional-conflicts`` points come from, in plain words: each optional participant
who misses part of a meeting, when, and why (in another of their meetings then, or unavailable then).

:func:`missed_parts` counts exactly what :func:`scheduler.meetings.measure.measure` counts for the term,
one part per cause: per participant, each pair of their meetings running at once (unless both require
them), over the grid steps they overlap; and each stretch of busy time inside a meeting where they are
optional. So the parts' steps add up to the term's value (the tests hold them together), and under the
default objective to the medium score. :func:`missed_lines` says them, a bounded number of lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.meetings.terms import Term
from scheduler.text.messages import Message

LIMIT = 20
"""Lines :func:`missed_lines` says at most; the others are counted in one last line."""


@dataclass(frozen=True)
class MissedPart:
    """``person`` misses ``steps`` grid steps of ``meeting``, from ``start`` to ``end``: they are in ``other``
    then (another of their meetings), or, when ``other`` is empty, unavailable then."""

    person: str
    meeting: str
    start: datetime
    end: datetime
    steps: int
    other: str = ""

    def message(self, grid: int) -> Message:
        """The part in words (``grid``: the minutes of a step)."""
        key = "missed.other" if self.other else "missed.busy"
        span = {"start": self.start, "end": self.end.time(), "minutes": self.steps * grid}
        return Message(key, person=self.person, meeting=self.meeting, other=self.other, **span)


def missed_parts(problem: MeetingProblem, plan: Plan) -> tuple[MissedPart, ...]:
    """Every part of a meeting an optional participant misses in ``plan``, in time order; none when a
    meeting has no time on the grid (such a timetable has no score either)."""
    days = problem.workdays
    placed = plan.by_title()
    starts = []
    for s in problem.sessions:
        where = placed.get(s.title)
        step = days.step(where.start) if where is not None and where.start is not None else None
        if step is None:
            return ()
        starts.append(step)
    ends = [starts[i] + problem.length(s) for i, s in enumerate(problem.sessions)]
    found: list[tuple[int, MissedPart]] = []
    for name, sessions in problem.sessions_of.items():
        required = set(problem.required_of.get(name, ()))
        found += _at_once(problem, name, sessions, required, starts, ends)
        busy = problem.busy_steps.get(name, frozenset())
        for i in (i for i in sessions if i not in required and busy):
            found += _busy(problem, name, i, [t for t in range(starts[i], ends[i]) if t in busy])
    found.sort(key=lambda f: (f[0], f[1].person, f[1].meeting, f[1].other))
    return tuple(part for _, part in found)


def _at_once(
    problem: MeetingProblem,
    name: str,
    sessions: tuple[int, ...],
    required: set[int],
    starts: list[int],
    ends: list[int],
) -> list[tuple[int, MissedPart]]:
    """``name``'s pairs of meetings at once (not both required): the one they are optional in is missed
    (both optional: the later one, or the later listed), the other is where they are."""
    out = []
    ordered = sorted(sessions, key=lambda i: (starts[i], i))
    for k, a in enumerate(ordered):
        for b in ordered[k + 1 :]:
            if starts[b] >= ends[a]:
                break
            if a in required and b in required:
                continue
            missed, other = (a, b) if b in required else (b, a)
            first, last = starts[b], min(ends[a], ends[b])
            out.append((first, _part(problem, name, missed, first, last, other)))
    return out


def _busy(problem: MeetingProblem, name: str, i: int, steps: list[int]) -> list[tuple[int, MissedPart]]:
    """One part per stretch of ``steps`` (busy steps inside meeting ``i``) in a row."""
    out = []
    run: list[int] = []
    for t in [*steps, None]:
        if run and (t is None or t != run[-1] + 1):
            out.append((run[0], _part(problem, name, i, run[0], run[-1] + 1)))
            run = []
        if t is not None:
            run.append(t)
    return out


def _part(problem: MeetingProblem, name: str, i: int, first: int, last: int, other: int | None = None) -> MissedPart:
    days = problem.workdays
    title = problem.sessions[i].title
    also = problem.sessions[other].title if other is not None else ""
    return MissedPart(name, title, days.moment(first), days.moment(last), last - first, also)


def missed_lines(
    parts: tuple[MissedPart, ...], problem: MeetingProblem, objective: tuple[Term, ...], limit: int = LIMIT
) -> list[Message]:
    """A heading (how the objective scores a missed step, or that it does not), then at most ``limit``
    parts, then how many more there are; nothing when no one misses anything."""
    if not parts:
        return []
    term = next((t for t in objective if t.name == "optional-conflicts"), None)
    grid = problem.workdays.grid
    if term is None:
        heading = Message("missed.heading_unscored")
    else:
        heading = Message("missed.heading", grid=grid, weight=term.weight, level=Message(f"mshow.level.{term.level}"))
    # indented under the heading here, where they are lines; the part's own sentence (``--json``) has no indent
    lines = [heading, *(Message("missed.item", part=p.message(grid)) for p in parts[:limit])]
    if len(parts) > limit:
        lines.append(Message("missed.more", count=len(parts) - limit))
    return lines


def unavailable_throughout(problem: MeetingProblem, plan: Plan) -> frozenset[tuple[str, str]]:
    """The (participant, meeting) pairs of ``plan`` where the participant (required or optional) is
    unavailable for every step of the meeting (themselves, their unit, or the office closed:
    :attr:`~scheduler.domain.meetings.MeetingProblem.busy_steps`): their absence is known, so no
    reminder asks them to come or to answer (QA qamonth21 F6). A meeting off the grid counts for none."""
    days = problem.workdays
    placed = plan.by_title()
    out: set[tuple[str, str]] = set()
    for s in problem.sessions:
        where = placed.get(s.title)
        first = days.step(where.start) if where is not None and where.start is not None else None
        if first is None:
            continue
        steps = range(first, first + problem.length(s))
        for a in s.attendees:
            busy = problem.busy_steps.get(a.name, frozenset())
            if busy and all(t in busy for t in steps):
                out.add((a.name, s.title))
    return frozenset(out)
