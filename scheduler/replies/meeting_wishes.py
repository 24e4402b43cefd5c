"""What the answers to a meeting table's invites ask of its timetable (docs/replies.md, "A meeting table").

Each participant of a meeting answers their own copy of its invite. A **decline** (or a
**counter-proposal**) of the current invite says that participant cannot come to *that meeting* at its
time: ``reschedule --from-replies`` keeps that meeting away from the time (a
:class:`~scheduler.domain.meetings.Busy` limited to the meeting, the participant's words as the reason)
when they are required in it; their other meetings, and a unit's members, are not bound by it (QA
qacamp24 F10, F11: a decline is "not this meeting then", not "busy for everything then"), and an
optional participant's decline asks nothing. An outdated decline (to an earlier version) still blocks
the time it answered about. A
counter-proposal's time is shown, never pinned: one participant's wish does not move a meeting of many
(``--pin`` does, when the office agrees). Tentative and accepted answers ask nothing; untrusted answers
are not used.

:func:`at_declined` names the meetings a timetable puts at a time one of its participants declined:
plain ``reschedule`` says so rather than mail them back there silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from scheduler.domain.meetings import Busy, Placement, Workdays
from scheduler.replies.answers import State
from scheduler.replies.report import local
from scheduler.replies.standing import Received, Standing, Standings
from scheduler.text.messages import Message, one_line, render

ASKING = (State.DECLINED, State.COUNTER)


@dataclass(frozen=True)
class Declined:
    """One participant (``who``, a person or a unit) cannot come to ``meeting`` from ``start`` to ``end``
    (the campaign's local times), as their answer said; ``proposed``: the time a counter-proposal names
    (an outdated one's too: ``outdated`` says it is no proposal to take)."""

    meeting: str
    who: str
    start: datetime
    end: datetime
    state: State
    comment: str = ""
    proposed: datetime | None = None
    outdated: bool = False
    optional: bool = False

    def reason(self) -> str:
        """The reason written into the rules file: the participant's words, else what they answered (Chinese)."""
        if self.comment:
            return one_line(self.comment)
        return render(Message(f"replies.state.{self.state.value}"), "zh")

    def busy(self) -> Busy:
        """What this decline asks of the timetable: ``meeting`` kept away from the time declined where
        the participant is required in it (``Busy.meeting``), never their other meetings."""
        return Busy(self.who, self.start, self.end, self.meeting)


@dataclass(frozen=True)
class Proposal:
    """Whether a counter-proposal's time can be taken as a ``--pin``: ``refused``, why the calendar cannot
    hold the meeting then (the check of ``--pin`` itself, :meth:`~scheduler.domain.meetings.Workdays.refuses`),
    else ``None``; ``nearest``, for a time only off the grid, the next start on the grid that the
    calendar holds (the same day), else ``None`` (QA qacamp24 F1)."""

    refused: Message | None
    nearest: datetime | None = None


def proposal(workdays: Workdays, proposed: datetime, minutes: int) -> Proposal:
    """What the calendar (``workdays``) says of a meeting of ``minutes`` from the ``proposed`` time."""
    refused = workdays.refuses(proposed, minutes)
    if refused is None:
        return Proposal(None)
    if proposed.date() not in workdays.days or workdays.step(proposed) is not None:
        return Proposal(refused)
    grid = timedelta(minutes=workdays.grid)
    midnight = datetime.combine(proposed.date(), datetime.min.time())
    later = midnight + (proposed - midnight + grid) // grid * grid  # the next grid start after it
    nearest = later if later.date() == proposed.date() and workdays.refuses(later, minutes) is None else None
    return Proposal(refused, nearest)


def _span(row: Standing, item: Received, zone: tzinfo | None, minutes: int) -> tuple[datetime, datetime] | None:
    """The time the answer declines: the current invite's, or for an answer to an earlier version the
    time that answer names (a counter's ``original``), one meeting long when it gives no end."""
    if item is row.answer:
        start, end = local(row.invitee.start, zone), local(row.invitee.end, zone)
    else:
        answer = item.answer
        named = answer.original if item.state == State.COUNTER else answer.start
        start, end = local(named, zone), local(answer.end, zone) if item.state == State.DECLINED else None
    if start is None:
        return None
    if end is None or end <= start:
        end = start + timedelta(minutes=minutes)
    return start, end


def declines(
    standings: Standings, zone: tzinfo | None, lengths: Mapping[str, int], who: Iterable[str]
) -> list[Declined]:
    """The declines and counter-proposals of the participants in ``who`` (the table's people and units)
    to the meetings in ``lengths`` (title -> minutes), in the invites' order."""
    known = set(who)
    out = []
    for row in standings.rows:
        title, name = row.invitee.title, row.invitee.name
        if not title or title not in lengths or name not in known:
            continue
        if row.answer is not None and row.state in ASKING:
            item, outdated = row.answer, False
        elif row.outdated is not None and row.outdated.state in ASKING:
            item, outdated = row.outdated, True
        else:
            continue
        span = _span(row, item, zone, lengths[title])
        if span is None:
            continue
        # an outdated counter keeps its proposed time: its words are still read as a counter's (the day
        # proposed is never hinted as a day away, QA qacamp24 F3); it is never offered as a --pin
        proposed = local(item.answer.start, zone) if item.state == State.COUNTER else None
        out.append(
            Declined(title, name, *span, item.state, item.answer.comment, proposed, outdated, row.invitee.optional)
        )
    return out


def at_declined(
    found: Iterable[Declined], placements: Iterable[Placement], lengths: Mapping[str, int]
) -> list[Declined]:
    """The declines a timetable does not honour: the declined meeting placed over the time declined."""
    placed = {p.title: p.start for p in placements if p.start is not None}
    out = []
    for declined in found:
        start = placed.get(declined.meeting)
        if start is None:
            continue
        end = start + timedelta(minutes=lengths.get(declined.meeting, 0))
        if start < declined.end and declined.start < end:
            out.append(declined)
    return out
