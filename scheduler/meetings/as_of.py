"""A meeting problem as of a moment (docs/replanning.md, "Meetings that have started"): a meeting of the
published timetable that has started by then stays where it was, and no other meeting is placed before
it. ``now`` is a value here (the edges read the clock, ``--now`` or ``DOCKING_NOW``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from scheduler.domain.meetings import CLOSED, MeetingProblem, Pin, Plan, Session, Window
from scheduler.errors import ProblemError
from scheduler.text.messages import Message
from scheduler.text.times import format_time


def local_now(problem: MeetingProblem, now: datetime) -> datetime:
    """``now`` (aware) as a naive time in the campaign's zone, as the problem's times are."""
    return now.astimezone(ZoneInfo(problem.workdays.timezone)).replace(tzinfo=None)


def as_of(problem: MeetingProblem, published: Plan | None, now: datetime) -> MeetingProblem:
    """``problem`` as of ``now``: each meeting of ``published`` that started before ``now`` pinned at its
    time and room (a pin with ``begun``: told by the rule ``started``; the rules' own pin of it at that
    time becomes this one, in the pin's room if it names one), every other one given ``now``
    (rounded up to the grid) as its earliest start. A begun meeting a required participant is marked
    unavailable at (:func:`missed`) did not take place: it is placed again after ``now``; one whose time
    no meeting can hold (off the grid) is refused (:class:`BegunRefused`). A campaign that has not begun
    by ``now``, or whose last day is over (planned as given: a past or a demonstration campaign, which
    the edges warn about), is returned as it is."""
    moment = local_now(problem, now)
    workdays = problem.workdays
    if not is_under_way(problem, now):
        return problem
    started = held(problem, published, now)
    own = {p.title: p for p in problem.pins}
    rooms = {p.title: p.room for p in published.placements} if published is not None else {}
    # A meeting pinned where it began is told as begun too (rule ``started``), not as the pin: the pin
    # cannot give way, the meeting has happened (review16 §10). One pinned elsewhere keeps its pin.
    begun = {t: s for t, s in started.items() if t not in own or own[t].start == s}
    pins = [p for p in problem.pins if p.title not in begun]
    for title, start in begun.items():
        _on_the_grid(problem, title, start, moment)
        room = own[title].room if title in own and own[title].room is not None else rooms.get(title)
        pins.append(Pin(title, start, room, begun=moment))
    earliest = _ceil(moment, workdays.grid)
    kept = started.keys() | own.keys()
    sessions = tuple(s if s.title in kept else _not_before(s, earliest) for s in problem.sessions)
    return problem.replace(sessions=sessions, pins=tuple(pins))


def is_under_way(problem: MeetingProblem, now: datetime) -> bool:
    """Whether the campaign has begun by ``now`` and its last working period has not ended (what
    :func:`as_of` plans as of now; a campaign not begun or all over is planned as given)."""
    workdays = problem.workdays
    first = datetime.combine(workdays.days[0], workdays.periods[0][0])
    return local_now(problem, now) > first and not is_over(problem, now)


def held(problem: MeetingProblem, published: Plan | None, now: datetime) -> dict[str, datetime]:
    """The meetings of ``published`` (title -> start) that started before ``now`` and took place: none
    of their required participants is marked unavailable over them (:func:`missed`). Only the meetings
    of ``problem``; every start as the problem's times are (naive, the campaign's zone). Empty for a
    campaign not under way (:func:`is_under_way`)."""
    if not is_under_way(problem, now):
        return {}
    moment = local_now(problem, now)
    titles = {s.title for s in problem.sessions}
    return {
        p.title: p.start
        for p in (published.placements if published is not None else ())
        if p.start is not None
        and p.start < moment
        and p.title in titles
        and not missed(problem, p.title, p.start, moment)
    }


def missed(problem: MeetingProblem, title: str, start: datetime, moment: datetime) -> bool:
    """Whether a required participant of meeting ``title`` (or their unit) could not attend at some time
    of its place from ``start`` before ``moment`` (now, :func:`missing`): marked unavailable there, they
    did not come, the meeting did not take place, and it is placed again (after now) as the unit tables
    place a unit that did not come."""
    return bool(missing(problem, title, start, moment))


def missing(problem: MeetingProblem, title: str, start: datetime, moment: datetime) -> tuple[str, ...]:
    """The required participants of meeting ``title`` marked unavailable (themselves, their unit, or
    the office closed) at some time of its place from ``start`` before ``moment`` (now, naive as the
    problem's times), in the meeting's order. Only the part already past counts: not coming is a fact
    about the past, and a meeting in progress has begun with its people (review21 F2: a span counted
    from now over its part still to come made it "not held" while the same run said begun meetings stay
    held, and let ``--drop`` cancel it)."""
    session = problem.session(title)
    end = min(start + timedelta(minutes=session.minutes), moment)
    units = problem.members()
    over = {b.who for b in problem.busy if b.meeting in ("", title) and b.start < end and start < b.end}
    return tuple(a for a in session.required if over & {a, units.get(a, ""), CLOSED} - {""})


def stays_until(problem: MeetingProblem, published: Plan | None, now: datetime, who: str) -> datetime:
    """When ``who`` (a person or a unit) is free of the meetings in progress at ``now``: the latest end of
    the held meetings of ``published`` (:func:`held`) that began before now, end after it and have ``who``
    (or their unit's member, or their unit) required; ``now`` itself when there is none. A span counted
    from now begins there (review21 F2): the meeting in progress has begun with its people and is held,
    so their unavailability starts when it ends. Naive, as the problem's times are."""
    moment = local_now(problem, now)
    units = problem.members()
    ends = [moment]
    for title, start in held(problem, published, now).items():
        session = problem.session(title)
        end = start + timedelta(minutes=session.minutes)
        if end > moment and any(who in (a, units.get(a)) for a in session.required):
            ends.append(end)
    return max(ends)


def not_held(
    problem: MeetingProblem, published: Plan | None, now: datetime
) -> dict[str, tuple[datetime, tuple[str, ...]]]:
    """The meetings of ``published`` that started before ``now`` but did not take place (title -> start
    and who missed it, :func:`missing`): :func:`as_of` places them again after now, and the edges say so
    on each one's own line (QA qamonth21 F5). Empty for a campaign not under way."""
    if not is_under_way(problem, now):
        return {}
    moment = local_now(problem, now)
    titles = {s.title for s in problem.sessions}
    out: dict[str, tuple[datetime, tuple[str, ...]]] = {}
    for p in published.placements if published is not None else ():
        if p.start is not None and p.start < moment and p.title in titles:
            who = missing(problem, p.title, p.start, moment)
            if who:
                out[p.title] = (p.start, who)
    return out


class BegunRefused(ProblemError):
    """A meeting that has begun cannot be held where the published timetable has it (off the grid,
    outside the hours): ``title`` names it, for the edges to point at its row."""

    def __init__(self, message: Message, title: str) -> None:
        super().__init__(message)
        self.title = title


def _on_the_grid(problem: MeetingProblem, title: str, start: datetime, moment: datetime) -> None:
    """Refuse (:class:`BegunRefused`) a begun meeting whose published time no meeting can hold."""
    why = problem.workdays.refuses(start, problem.session(title).minutes)
    if why is not None:
        said = Message("asof.begun_refused", meeting=title, time=format_time(start), now=format_time(moment), why=why)
        raise BegunRefused(said, title)


def is_over(problem: MeetingProblem, now: datetime) -> bool:
    """Whether the campaign's last working period has ended by ``now``."""
    workdays = problem.workdays
    return local_now(problem, now) >= datetime.combine(workdays.days[-1], workdays.periods[-1][1])


def _not_before(session: Session, earliest: datetime) -> Session:
    """``session`` starting no earlier than ``earliest``: a dated bound of its own becomes the later of
    the two; one that is a time of day (every day) stays, with ``earliest`` held beside it (``since``), so
    both hold (not 9:00 this morning when it is noon, and still not before 9:00 on the days after)."""
    window = session.window
    bound = window.not_before
    if isinstance(window.not_after, datetime) and window.not_after <= earliest:
        # its own latest end is already past: no time is left for it, said as such (not a window's order)
        end, now = format_time(window.not_after), format_time(earliest)
        raise ProblemError(Message("asof.deadline_past", meeting=session.title, end=end, now=now))
    if bound is None or isinstance(bound, datetime):
        bounds = Window(window.part, earliest if bound is None else max(bound, earliest), window.not_after)
    else:
        bounds = replace(window, since=earliest)
    return replace(session, window=bounds)


def _ceil(moment: datetime, grid: int) -> datetime:
    floor = moment.replace(second=0, microsecond=0) - timedelta(minutes=moment.minute % grid)
    return floor if floor == moment else floor + timedelta(minutes=grid)
