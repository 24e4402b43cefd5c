"""time-window: a meeting keeps to its part of day (morning, afternoon) and its not-before / not-after times.

The one reading of a window (:func:`within`) also tests a meeting's preferred times (:func:`preferred`,
``Session.prefer``), a wish and never this rule: the ``preferred-time`` objective term counts the
meetings outside theirs, and :meth:`TimeWindow.wish` says a wish in words. One reading for both, so
that 上午 wished means what 上午 required means."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar

from scheduler.rules.base import Rule
from scheduler.rules.ports import SessionLimits
from scheduler.rules.values import Instance, PlanView, Violation
from scheduler.text.messages import Message, Sentences
from scheduler.text.times import format_day

if TYPE_CHECKING:
    from scheduler.domain.meetings import MeetingProblem, Session, Window, Workdays

NOON = 12 * 60
"""Morning ends and afternoon begins (minutes after midnight)."""


class TimeWindow(Rule):
    """Hard: morning only, afternoon only, not before, not after.

    Model: forbidden starts only. *Morning* is a meeting that ends by 12:00, *afternoon* one that
    starts at or after 12:00; "not before" bounds the start and "not after" the end, as a time of
    day (every day) or a date and time. One instance per meeting with a window.
    """

    name = "time-window"
    rank = 24
    nameable = True
    TEXT: ClassVar[Sentences] = Sentences(
        {
            "rule.time-window": (
                "会议在规定的上午/下午、不早于/不晚于的时间内",
                "meetings keep to their morning/afternoon and not before/after times",
            ),
            "mcheck.window": (
                "会议“{title}”安排在 {time}—{end}，不符合其时间要求（{rule}）",
                "meeting '{title}' at {time}-{end} breaks its time window ({rule})",
            ),
            "explain.time-window": ("会议“{title}”只能安排在：{rule}", "meeting '{title}' keeps to its time: {rule}"),
            "mcheck.part_morning": ("仅上午", "morning only"),
            "mcheck.part_afternoon": ("仅下午", "afternoon only"),
            "mcheck.not_before": ("不早于 {bound}", "not before {bound}"),
            "mcheck.not_after": ("不晚于 {bound}", "not after {bound}"),
            "mwish.part_morning": ("上午", "morning"),
            "mwish.part_afternoon": ("下午", "afternoon"),
            "mwish.days": ("{days}全天", "all day {days}"),
            "mwish.days_part": ("{days}的{part}", "{part} of {days}"),
            "mwish.between": ("{first}至{last}", "{first} to {last}"),
            "mwish.all": ("同时满足{parts}", "all of {parts}"),
            "mwish.any": ("{windows}之一", "one of {windows}"),
            "mwish.written": ("{written}", "{words}"),  # the cell's words; in English, the windows'
            "mwish.unmet": (
                "会议“{title}”安排在 {time}—{end}，不在其时段偏好（{wish}）内",
                "meeting '{title}' at {time}-{end} is outside its preferred time ({wish})",
            ),
        }
    )

    def restrict_sessions(self, into: SessionLimits) -> None:
        problem = into.problem
        # The starts outside a window, per length: one set shared by every session with that window
        # (thousands of meetings "not before now" share one), never a word per start.
        outside: dict[tuple[Window, int], frozenset[int]] = {}
        for i, s in enumerate(problem.sessions):
            if s.window.bounded:
                length = s.minutes // problem.workdays.grid
                key = (s.window, length)  # a session's starts depend only on its length
                if key not in outside:
                    outside[key] = frozenset(_outside(problem, s.window, into.starts(i), length))
                if outside[key]:
                    into.forbid_starts(i, outside[key], Instance(self.name, s.title))

    def check_plan(self, view: PlanView) -> Iterator[Violation]:
        problem = view.problem
        for i, step in sorted(view.step.items()):
            s = problem.sessions[i]
            if not in_window(problem, s, step, view.length(i)):
                message = self.TEXT(
                    "mcheck.window", title=s.title, time=view.moment(i), end=view.end(i).time(), rule=self._parts(s)
                )
                yield self.plan_violation(message, (s.title,), (view.moment(i),))

    def _parts(self, s: Session) -> list[Message]:
        return self.words(s.window)

    def wish(self, windows: tuple[Window, ...]) -> Message:
        """A preferred time in words (``上午``, ``5月20日的上午``, ``不晚于 16:00``), alternatives as
        ``……之一``."""
        said = [self._wish_window(w) for w in windows]
        return said[0] if len(said) == 1 else self.TEXT("mwish.any", windows=said)

    def _wish_window(self, w: Window) -> Message:
        first, last = w.not_before, w.not_after
        part = self.TEXT(f"mwish.part_{w.part}") if w.part else None
        if isinstance(first, datetime) and isinstance(last, datetime) and _whole_days(first, last):
            days = [format_day(first.date() + timedelta(days=k)) for k in range((last - first).days)]
            return self.TEXT("mwish.days_part", days=days, part=part) if part else self.TEXT("mwish.days", days=days)
        if part is not None and first is None and last is None:
            return part
        if part is None and first is not None and last is not None:
            return self.TEXT("mwish.between", first=first, last=last)
        parts = self.words(w)  # one bound alone (不早于 9:00) is said alone (QA jobs17 F4)
        return parts[0] if len(parts) == 1 else self.TEXT("mwish.all", parts=parts)

    def words(self, w: Window) -> list[Message]:
        """A window in words, part by part (``仅上午``, ``不早于 9:00``)."""
        parts = []
        if w.part:
            parts.append(self.TEXT(f"mcheck.part_{w.part}"))
        if w.not_before is not None:
            parts.append(self.TEXT("mcheck.not_before", bound=w.not_before))
        if w.since is not None:
            parts.append(self.TEXT("mcheck.not_before", bound=w.since))
        if w.not_after is not None:
            parts.append(self.TEXT("mcheck.not_after", bound=w.not_after))
        return parts

    def session_instances(self, problem: MeetingProblem) -> Iterator[Instance]:
        for s in problem.sessions:
            if s.window.bounded:
                yield Instance(self.name, s.title)

    def describe_session(self, problem: MeetingProblem, instance: Instance) -> Message:
        s = problem.session(instance.unit)
        return self.TEXT("explain.time-window", title=s.title, rule=self._parts(s))


def in_window(problem: MeetingProblem, s: Session, start: int, length: int) -> bool:
    """Whether session ``s`` of ``length`` steps starting at clock step ``start`` keeps to its window."""
    return within(problem, s.window, start, length)


def preferred(problem: MeetingProblem, s: Session, start: int, length: int) -> bool:
    """Whether session ``s`` of ``length`` steps starting at clock step ``start`` lies in one of its
    preferred times (``Session.prefer``; ``True`` when it has none): the one test of a wish, read as a
    window is (the ``preferred-time`` term's, for the scorer, the model, the board and the checker)."""
    return not s.prefer or any(within(problem, w, start, length) for w in s.prefer)


def said_wish(s: Session) -> Message:
    """Session ``s``'s preferred time as messages tell it: in Chinese in the words its table wrote
    (``周三上午``, not ``7月16日的上午``: QA qaoffice18 F10), in English from its windows, as when no words
    were written (:meth:`TimeWindow.wish`: a session built by code)."""
    words = RULE.wish(s.prefer)
    return RULE.TEXT("mwish.written", written=s.prefer_text, words=words) if s.prefer_text else words


def unpreferred(
    problem: MeetingProblem,
    s: Session,
    starts: Sequence[int],
    length: int,
    cache: dict[tuple[Window, int], frozenset[int]] | None = None,
) -> frozenset[int]:
    """The ``starts`` of ``length`` steps where session ``s`` is outside every preferred time (none when
    it has no wish): :func:`preferred`'s test, one window at a time, each asked once per minute of the
    day when it names no date (:func:`_outside`); ``cache`` keeps each window's starts outside it per
    length (the same ``starts`` for a length). Asked start by start, 2,000 meetings with a wish on half
    their rows spent 17 s of CPU (qamscale18 F3) where most rows share a few windows (上午, 下午)."""
    found: frozenset[int] | None = None
    for w in s.prefer:
        key = (w, length)
        out = cache.get(key) if cache is not None else None
        if out is None:
            out = frozenset(_outside(problem, w, starts, length))
            if cache is not None:
                cache[key] = out
        found = out if found is None else found & out
    return frozenset() if found is None else found


_SHARED: list[tuple[Workdays, dict[tuple[Window, int], frozenset[int]]]] = []
"""The days and hours last asked about and their windows' starts outside, per window and length."""


def outside_cache(workdays: Workdays) -> dict[tuple[Window, int], frozenset[int]]:
    """Where :func:`unpreferred` keeps each window's starts outside it per length for ``workdays`` (what
    they depend on): one table's, shared by its reader's hint (:func:`never_preferred`) and its solver's
    preparation (:meth:`scheduler.meetings.prepared.Prepared.unwished`), which worked them out apart
    (mt2k19: 2,000 meetings, 0.05-0.1 s of CPU twice). Only the last days and hours asked are kept."""
    if _SHARED and _SHARED[0][0] == workdays:
        return _SHARED[0][1]
    found: dict[tuple[Window, int], frozenset[int]] = {}
    _SHARED[:] = [(workdays, found)]
    return found


def never_preferred(
    problem: MeetingProblem, own_window: bool = True, among: Sequence[Session] | None = None
) -> tuple[Session, ...]:
    """The sessions with a wish that no start in working time meets, whoever is busy and whatever the
    other rules (a day outside the meeting days, 晚上 outside the hours; ``own_window``: also within the
    session's own window, its 时段 / 不早于 / 不晚于, so that 时段 上午 with a wish 下午 is one, QA qaoffice18
    F16): counted unmet by every timetable, so said when the table is read (QA jobs17 F1). Worked out once
    per wish, window and length. ``among``: only these sessions are asked (those found without
    ``own_window`` are among those found with it: asked again among them alone, the second look at
    2,000 meetings' wishes took a few hundredths of a second, not the whole first look's 0.5 s)."""
    met: dict[tuple[tuple[Window, ...], Window | None, int], bool] = {}
    outside = outside_cache(problem.workdays)
    found = []
    for s in problem.sessions if among is None else among:
        if not s.prefer:
            continue
        length = problem.length(s)
        key = (s.prefer, s.window if own_window else None, length)
        if key not in met:
            starts = problem.workdays.starts(length)
            out = unpreferred(problem, s, starts, length, outside)
            met[key] = any(t not in out and (not own_window or in_window(problem, s, t, length)) for t in starts)
        if not met[key]:
            found.append(s)
    return tuple(found)


def clock_bound(problem: MeetingProblem, sessions: Sequence[Session]) -> tuple[Session, ...]:
    """Of ``sessions`` (wishes no time in the days and hours meets, :func:`never_preferred` without their own
    windows), those a timetable could meet if the zone's clock never changed: what takes their wish away
    is the hour the clock skips or repeats (daylight saving), not the days or hours (QA qadst23 F4: such a
    wish was said to lie "outside the meeting days or working hours"). Empty when no meeting day changes."""
    from dataclasses import replace

    from scheduler.domain.clock import changes_on

    days = problem.workdays
    if not sessions or not any(changes_on(d, days.timezone) for d in days.days):
        return ()
    steady = replace(problem, workdays=replace(days, timezone="UTC"))  # the same wall clock, never changed
    titles = {s.title for s in sessions}
    asked = [s for s in steady.sessions if s.title in titles]
    still = {s.title for s in never_preferred(steady, own_window=False, among=asked)}
    return tuple(s for s in sessions if s.title not in still)


def within(problem: MeetingProblem, w: Window, start: int, length: int) -> bool:
    """Whether ``length`` steps from clock step ``start`` lie in window ``w`` (the one reading of a window:
    *morning* ends by 12:00, *afternoon* starts at 12:00 or later, "not before" bounds the start and
    "not after" the end)."""
    days = problem.workdays
    a = days.minute_of_day(start)
    b = a + length * days.grid
    if w.part == "morning" and b > NOON:
        return False
    if w.part == "afternoon" and a < NOON:
        return False
    if w.not_before is not None and not _at_or_after(days.moment(start), a, w.not_before):
        return False
    if w.since is not None and days.moment(start) < w.since:
        return False
    return w.not_after is None or _at_or_before(days.moment(start + length), b, w.not_after)


def _outside(problem: MeetingProblem, w: Window, starts: Iterable[int], length: int) -> list[int]:
    """The ``starts`` of ``length`` steps that are outside window ``w``. A window of times of day only
    (no date in it) is asked once per minute of the day, not once per start: a year of 1-minute steps
    is 525,600 starts a length, and this ran before the time limit's clock could say anything. A
    window with a date is asked start by start only on the days of its dates; the days before or after
    them are outside whole or decided by the times of day alone (:func:`_dated_out`), and a day outside
    whole is taken as one slice, not start by start: at 2,000 meetings with a wish on half their rows
    (266 dated windows, 100 days, five lengths) the start-by-start walk took 0.5 s of CPU each time the
    wishes were read, before the search's clock (mt2k18)."""
    per_day = problem.workdays.per_day()
    dated = [b for b in (w.not_before, w.not_after, w.since) if isinstance(b, datetime)]
    first = problem.workdays.days[0]
    inside: dict[int, bool] = {}
    ordered = sorted(starts)
    out: list[int] = []
    i = 0
    while i < len(ordered):  # one day's starts at a time
        k = ordered[i] // per_day
        j = bisect_left(ordered, (k + 1) * per_day, i)
        whole: bool | None = False  # outside whole, decided by the times of day, or asked per start
        if dated:  # a day its dates decide whole is not asked start by start (qamscale18 F3)
            day = first + timedelta(days=k)
            whole = None if any(b.date() == day for b in dated) else _dated_out(w, day)
        if whole is None:
            out.extend(t for t in ordered[i:j] if not within(problem, w, t, length))
        elif whole:
            out.extend(ordered[i:j])
        else:
            for t in ordered[i:j]:
                minute = t % per_day
                found = inside.get(minute)
                if found is None:
                    found = inside[minute] = within(problem, w, t, length)
                if not found:
                    out.append(t)
        i = j
    return out


def _dated_out(w: Window, day: date) -> bool:
    """Whether every start on ``day`` (a date none of ``w``'s dated bounds falls on) is outside ``w`` by
    those bounds: before its earliest start's date, or after its latest end's date. On the other days
    the dated bounds hold for every start, and only the times of day decide."""
    early = [b for b in (w.not_before, w.since) if isinstance(b, datetime)]
    return any(day < b.date() for b in early) or (isinstance(w.not_after, datetime) and day > w.not_after.date())


def _whole_days(first: datetime, last: datetime) -> bool:
    midnight = time(0, 0)
    return first.time() == midnight and last.time() == midnight and last > first


def _at_or_after(moment: datetime, minute: int, bound: time | datetime) -> bool:
    if isinstance(bound, datetime):
        return moment >= bound
    return minute >= bound.hour * 60 + bound.minute


def _at_or_before(moment: datetime, minute: int, bound: time | datetime) -> bool:
    if isinstance(bound, datetime):
        return moment <= bound
    return minute <= bound.hour * 60 + bound.minute


RULE = TimeWindow()
