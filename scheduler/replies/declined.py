"""The warning given before a meeting goes out at a time one of its required participants declined.

``reschedule`` (after its result), ``send`` (before it mails anything, ``--dry-run`` too) and the web
app's send page (with its preview, before the send button) say one line for each meeting of a meeting
table that the timetable puts at a time a required participant of it declined (docs/replies.md, "A
meeting table"). The rule and its words are here, once: :func:`declined_lines` for a timetable and the
declines in hand, :func:`before_mailing` for the table about to be mailed and the answers read so far.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path

from scheduler.domain.meetings import Plan
from scheduler.files.addresses import address_key
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.invites.state import State as InviteState
from scheduler.replies.meeting_wishes import Declined, at_declined, declines
from scheduler.replies.report import said
from scheduler.replies.standing import Standings
from scheduler.text.messages import Message
from scheduler.text.times import format_span


def meeting_declines(loaded: LoadedMeetings, state: InviteState, journal: Path, ledger: Path) -> list[Declined]:
    """The declines and counter-proposals of the table's people and units to the invites in ``state``,
    from the mail ``journal`` and the replies ``ledger`` (:func:`~scheduler.replies.meeting_wishes.declines`)."""
    from scheduler.replies.collect import standings

    return declines_in(loaded, standings(state, journal, ledger, table=loaded))


def declines_in(loaded: LoadedMeetings, found: Standings) -> list[Declined]:
    """:func:`meeting_declines` of the standings ``found`` already weighed."""
    from zoneinfo import ZoneInfo

    problem = loaded.problem
    who = {p.name for p in problem.people} | set(problem.units)
    lengths = {s.title: s.minutes for s in problem.sessions}
    return declines(found, ZoneInfo(problem.workdays.timezone), lengths, who)


def declined_lines(
    loaded: LoadedMeetings, declined: Sequence[Declined], plan: Plan, now: datetime | None = None
) -> list[Message]:
    """One line for each meeting ``plan`` puts at a time one of its required participants declined
    ("注意：政务公开工作推进会 排在 7月16日 9:45-11:45，区财政局 拒绝过这个时间（“…”）；…"), but not one that
    has begun by ``now`` (aware; the campaign's zone): it is no longer "before it goes out", and the
    ``reschedule --from-replies`` the line points to would re-place a meeting held (QA qamonth21 F2)."""
    from scheduler.meetings.as_of import local_now

    lengths = {s.title: s.minutes for s in loaded.problem.sessions}
    moment = local_now(loaded.problem, now) if now is not None else None
    required = [d for d in declined if not d.optional and (moment is None or moment <= d.start)]
    return [
        Message(
            "mreplies.at_declined",
            meeting=item.meeting,
            who=item.who,
            time=format_span(item.start, item.end),
            said=said(item.comment),
        )
        for item in at_declined(required, plan.placements, lengths)
    ]


def before_mailing(
    loaded: LoadedMeetings,
    state: InviteState,
    journal: Path,
    ledger: Path,
    now: datetime | None = None,
    going: Collection[str] | None = None,
) -> list[Message]:
    """:func:`declined_lines` for the table's own timetable, as it is about to be mailed (none without a
    timetable or a replies ledger; none for a meeting begun by ``now``), then :func:`delegated_lines` for
    the copies ``going`` (journal keys; ``None``: every copy)."""
    if loaded.plan is None or not ledger.exists():
        return []
    from scheduler.replies.collect import standings

    found = standings(state, journal, ledger, table=loaded)
    told = {(s.uid, address_key(s.attendee.address)) for s in state.invites if s.attendee.address and not s.cancelled}
    return declined_lines(loaded, declines_in(loaded, found), loaded.plan, now) + delegated_lines(found, going, told)


def delegated_lines(
    found: Standings, going: Collection[str] | None = None, told: Collection[tuple[str, str]] = frozenset()
) -> list[Message]:
    """One line for each copy about to be mailed (``going``: journal keys; ``None``: every copy) whose
    participant handed the meeting on (:attr:`~scheduler.replies.standing.Standing.delegated_to`) to no
    address the meeting's invites go to (``told``: (UID, address key) of every live copy): a DELEGATED-TO
    naming no address. A delegate with an address has a copy of their own since the twenty-fourth session
    (:func:`scheduler.invites.meetings.handed_on`), or is a participant already (QA qacamp24 F8, docs/replies.md)."""
    lines = []
    for row in found.rows:
        person = row.invitee
        if not person.title or not row.delegated_to:
            continue
        named = [address_key(a.strip()) for a in row.delegated_to.split(",") if "@" in a]
        if named and all((person.uid, a) in told for a in named[:1]):
            continue
        if going is not None and (person.key or person.uid) not in going:
            continue
        lines.append(Message("mreplies.delegated_not_told", meeting=person.title, who=person.name, to=row.delegated_to))
    return lines
