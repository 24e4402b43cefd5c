"""A campaign's invites from its table, whichever kind the table is: one export for ``ics``, ``send``,
``send --remind``, ``solve --out`` and the web app.

A unit table gives one invite per unit (:mod:`scheduler.invites.calendar`, the contacts table);
a meeting table one invite per meeting and participant (:mod:`scheduler.invites.meetings`, the
addresses of the people sheet). Both are :class:`~scheduler.invites.calendar.Export` with the same
``state.json``, so the mailing, the reminders and the replies go the same way for both. The steps
are the same too, in this order: read and check everything (the rules' ``[invites]``, the state of
the invites folder and its campaign), check the timetable (a timetable that breaks a rule is
:class:`~scheduler.errors.BrokenRules`), refuse more than a few cancellations without consent,
then build the files in memory. Nothing is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scheduler.domain.meetings import Placement, Plan
from scheduler.errors import BrokenRules, InputError
from scheduler.files.either import load_either
from scheduler.files.load import Loaded, check_unit_names
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.files.now import now_utc
from scheduler.files.rules_file import days_take_the_clock_year
from scheduler.files.tables import english_headers
from scheduler.invites.calendar import Export, InviteSettings
from scheduler.invites.folder import export, read_sources
from scheduler.invites.guard import Consent, check_cancellations, check_export_cancellations
from scheduler.invites.rebuild import (
    Mailed,
    floored_copies,
    last_addresses,
    last_times,
    mailed_keys,
    rebuild_meeting_state,
    settled_state,
)
from scheduler.invites.settings import RulesView, invite_settings, view_of
from scheduler.invites.state import State
from scheduler.text.messages import Message
from scheduler.text.times import year_resolver


@dataclass(frozen=True)
class Made:
    """A campaign's table read, and its invites built: the export, the state it was built against,
    the rules' keys (for ``[invites.reminders]``) and the campaign's time zone."""

    loaded: Loaded | LoadedMeetings
    export: Export
    previous: State | None
    rules: RulesView
    timezone: str
    rebuilt: Message | None = None
    """Why the campaign's ``state.json`` was rebuilt from its invite files and the journal, if it was."""


def meeting_view(loaded: LoadedMeetings) -> RulesView:
    """A meeting table's rules as the invite settings read them."""
    workdays = loaded.problem.workdays
    language = "en" if loaded.table is not None and english_headers(loaded.table.labels) else "zh"
    year_of = year_resolver(workdays.days, None)
    return RulesView(loaded.rules_path or None, loaded.rules, workdays.timezone, year_of, language, meetings=True)


def meeting_settings(loaded: LoadedMeetings) -> InviteSettings:
    """``[invites]`` of a meeting table's rules (campaign, organiser, reminder minutes...)."""
    return invite_settings(meeting_view(loaded))


def full_plan(loaded: LoadedMeetings) -> Plan:
    """The table's timetable, every meeting named (an empty 时间 column is a timetable with no times)."""
    if loaded.plan is not None:
        return loaded.plan
    return Plan(tuple(Placement(s.title, None, None) for s in loaded.problem.sessions))


def meeting_state(
    folder: str | Path, settings: InviteSettings, loaded: LoadedMeetings, mailed: Mapping[str, Mailed] | None = None
) -> tuple[State | None, Message | None]:
    """The invites folder's state and why it was rebuilt, if it was: the same rule as a unit campaign's
    (:func:`~scheduler.invites.rebuild.settled_state`), the copies read back from ``<meeting>/<person>.ics``
    and ``mailed`` (the journal). Refused when it belongs to another campaign."""
    from scheduler.invites.meetings import meeting_uid as session_uid

    root, campaign, mail = Path(folder), settings.campaign, mailed or {}
    titles = [s.title for s in loaded.problem.sessions]
    names = {a.name for s in loaded.problem.sessions for a in s.attendees} | {p.name for p in loaded.problem.people}
    meetings = {session_uid(campaign, t): t for t in titles}
    return settled_state(
        root,
        campaign,
        lambda: rebuild_meeting_state(root, campaign, titles, names, mail),
        lambda records, state: floored_copies(records, state.invites, campaign, mail, meetings, root),
        loaded.problem.workdays.days,
        loaded.problem.workdays.timezone,
        mailed_keys(mail),
        days_take_the_clock_year(loaded.rules),
    )


def export_meetings(
    loaded: LoadedMeetings,
    folder: str | Path,
    plan: Plan | None = None,
    allow_cancel: Consent = False,
    now: datetime | None = None,
    check: bool = True,
    mailed: Mapping[str, Mailed] | None = None,
    delegations: Mapping[tuple[str, str], str] | None = None,
) -> tuple[Export, State | None, Message | None]:
    """The invites of a meeting timetable (``plan``, else the table's) against the state in ``folder``
    (rebuilt from the copies and ``mailed`` when lost or damaged: the third value says why).

    ``check``: refuse a timetable that breaks a rule (:class:`BrokenRules`) and more than a few
    cancellations without ``allow_cancel``; off only for reading (``send --remind``). ``delegations``: who
    handed which meeting on to whom (:func:`~scheduler.invites.meetings.handed_on`; ``None``: as the last
    export had them).
    """
    from scheduler.invites.language import kept_language
    from scheduler.invites.meetings import build_meeting_invites
    from scheduler.meetings.check import check_meetings

    settings = meeting_settings(loaded)
    previous, rebuilt = meeting_state(folder, settings, loaded, mailed)
    settings = kept_language(settings, Path(folder), previous)  # an older build's stay in theirs (QA upgrade22 F5)
    timetable = plan or full_plan(loaded)
    if check:
        report = check_meetings(loaded.problem, timetable, loaded.objective)
        if not report.ok:
            raise BrokenRules(report)
    emails, last = loaded.emails, last_addresses(mailed)
    made = build_meeting_invites(
        loaded.problem,
        timetable,
        emails,
        settings,
        previous,
        now or now_utc(),
        loaded.delegates,
        last,
        partial=not check,
        told=last_times(mailed),
        delegations=delegations,
    )
    if check:
        check_export_cancellations(previous, made.invites, allow_cancel, loaded.path, made.state)
    return made, previous, rebuilt


def export_either(
    table: str | Path,
    rules: str | Path | None,
    folder: str | Path,
    contacts: str | Path | None = None,
    allow_cancel: bool = False,
    now: datetime | None = None,
    check: bool = True,
    mailed: Mapping[str, Any] | None = None,
    sheet: str | None = None,
    copies: bool = False,
    then: str = "send",
    delegations: Mapping[tuple[str, str], str] | None = None,
) -> Made:
    """The invites of the timetable in ``table`` (either kind; ``sheet`` of a workbook), built against
    ``folder``'s state (``mailed``: what the mail journal says was sent, for a unit campaign's damaged
    state). ``copies``: refuse the table when another copy of its timetable differs
    (:func:`scheduler.files.copies.check_copies`; ``then``: what the command does to that copy).
    ``delegations``: a meeting table's, for :func:`export_meetings` (a unit table has none)."""
    loaded = load_either(table, rules, sheet=sheet)
    if copies and loaded.table is not None:
        from scheduler.files.copies import check_copies
        from scheduler.invites.invited import invited_times

        check_copies(table, loaded.table, invited_times, then)
    if isinstance(loaded, LoadedMeetings):
        if contacts is not None:
            raise InputError(Message("minvite.contacts"), column="--contacts")
        made, previous, rebuilt = export_meetings(loaded, folder, None, allow_cancel, now, check, mailed, delegations)
        return Made(loaded, made, previous, meeting_view(loaded), loaded.problem.workdays.timezone, rebuilt)
    check_unit_names(loaded.table)
    sources = read_sources(loaded.rules, loaded.problem, folder, contacts, mailed)
    if check:
        from scheduler.rules.check import validate

        report = validate(loaded.problem, loaded.timetable)
        if not report.ok:
            raise BrokenRules(report)
        check_cancellations(sources.state, set(loaded.timetable.starts()), allow_cancel, loaded.table.path)
    made = export(sources, loaded.problem, loaded.timetable, now)
    timezone = loaded.problem.calendar.timezone
    return Made(loaded, made, sources.state, view_of(loaded.rules), timezone, sources.rebuilt)


def listed_delegates(
    loaded: Loaded | LoadedMeetings, contacts: str | Path | None = None
) -> Mapping[str, tuple[str, ...]] | None:
    """The 代理邮箱 as the files say now: by unit from the contacts table (``contacts``, else the one the
    rules name), by person from a meeting table's people sheet. ``None`` when there is no contacts table
    (none named, or the named one is gone): the invites' state then says (``replies``, ``send --remind``)."""
    if isinstance(loaded, LoadedMeetings):
        names = {a.name for s in loaded.problem.sessions for a in s.attendees} | {p.name for p in loaded.problem.people}
        return {name: tuple(loaded.delegates.get(name, ())) for name in names}
    from scheduler.files.contacts import DelegatesByUnit
    from scheduler.invites.folder import read_inputs
    from scheduler.invites.settings import contacts_path

    if contacts is None:
        path = contacts_path(invite_settings(loaded.rules))
        if path is None or not path.exists():
            return None
    _, table = read_inputs(loaded.rules, loaded.problem, contacts)
    return DelegatesByUnit(table.by_unit)  # found width aside, as the export finds the contact (review18 F1)
