"""Invites at the edge: reading the contacts and the state file, and reading exported invites back.

``export`` prepares every file of an invites folder (nothing is written here:
the caller passes :meth:`Export.files` to :func:`scheduler.files.atomic.write_files`,
which writes them all or none). ``read_invites`` gives a mailer the invites
exactly as last exported, checked against the state file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scheduler.domain import Problem, Timetable
from scheduler.errors import InputError
from scheduler.files.contacts import Contacts, read_contacts
from scheduler.files.now import now_utc
from scheduler.files.reasons import file_reason
from scheduler.files.rules_file import Rules
from scheduler.invites.calendar import Deadlines, Export, Invite, InviteSettings, build_deadlines, build_invites
from scheduler.invites.language import kept_language
from scheduler.invites.rebuild import Mailed, floored, last_addresses, mailed_keys, rebuild_state, settled_state
from scheduler.invites.settings import check_settings, contacts_path, invite_settings, missing_contacts
from scheduler.invites.state import STATE_NAME, State, read_state
from scheduler.text.messages import Message

INVITES_DIR = "invites"
"""Where ``solve --out DIR`` puts the invites: ``DIR/invites/``."""


@dataclass(frozen=True)
class Sources:
    """Everything an export reads besides the timetable: settings, contacts, the previous state.

    ``rebuilt`` says why the state was rebuilt from the invite files and the
    journal (missing, damaged, or behind what was mailed), or is ``None``.
    """

    settings: InviteSettings
    contacts: Contacts
    state: State | None
    directory: Path
    rebuilt: Message | None = None
    mailed: Mapping[str, Mailed] = field(default_factory=dict)
    """What the journal says was mailed: the floor of each SEQUENCE, and where a cancellation goes."""


def read_inputs(
    rules: Rules, problem: Problem, contacts: str | Path | None = None, again: Sources | None = None
) -> tuple[InviteSettings, Contacts]:
    """The invite settings and the contacts table of ``rules`` (``contacts`` overrides the table they
    name), checked: what ``solve --out`` refuses before solving, an :class:`InputError` naming the
    file, the row and the column (or the rules file, the line and the key). ``again``: what this
    command read before (:func:`read_sources`), whose contacts are taken when the settings name the
    same table."""
    settings = invite_settings(rules)
    check_settings(settings, problem, rules)
    if again is not None and contacts is None and again.settings == settings:
        return settings, again.contacts
    path = Path(contacts) if contacts is not None else contacts_path(settings)
    if contacts is None and path is not None and not path.exists():
        raise missing_contacts(rules, path)  # named by the rules file: say which, and where
    return settings, read_contacts(path) if path is not None else Contacts({})


def read_sources(
    rules: Rules,
    problem: Problem,
    directory: str | Path,
    contacts: str | Path | None = None,
    mailed: Mapping[str, Mailed] | None = None,
    again: Sources | None = None,
) -> Sources:
    """Read and check the invite settings, the contacts table and the state file of ``directory``.

    ``contacts`` overrides the table the rules file names. ``mailed`` is what
    the mail journal says was sent (UID -> unit and highest SEQUENCE). A missing
    or damaged state is rebuilt from the invite files and ``mailed``, and no
    record's SEQUENCE is left below what was mailed (:mod:`scheduler.invites.rebuild`).
    Done before solving, so that bad input stops the command before anything
    is computed or written.

    ``again``: what this command read from the same folder before (``reschedule`` reads it before it
    solves, then for the changed table), nothing written there since (the command holds its lock).
    A state it read as it was (not rebuilt) is taken again when the campaign and ``mailed`` are the
    same: that state depends on the folder alone (1 s of CPU at 5,000 units with deadlines: the
    state's JSON and every file's SEQUENCE); its contacts when the settings are the same. Anything
    else is read again.
    """
    settings, table = read_inputs(rules, problem, contacts, again)
    root = Path(directory)
    campaign, mail = settings.campaign, mailed or {}
    if again is not None and _same_state(again, root, campaign, mail):
        return Sources(kept_language(settings, root, again.state), table, again.state, root, None, mail)
    units = {u.name for u in problem.units}
    state, rebuilt = settled_state(
        root,
        campaign,
        lambda: rebuild_state(root, campaign, units, mail),
        lambda records, _: floored(records, campaign, mail, units, root),
        problem.calendar.days,
        problem.calendar.timezone,
        mailed_keys(mail),
        rules.clock_year,
    )
    settings = kept_language(settings, root, state)  # an older build's invites stay in theirs (QA upgrade22 F5)
    return Sources(settings, table, state, root, rebuilt, mail)


def _same_state(again: Sources, root: Path, campaign: str, mailed: Mapping[str, Mailed]) -> bool:
    """Whether ``again``'s state is the one :func:`read_sources` would read from ``root`` now (see there)."""
    if again.state is None or again.rebuilt is not None or again.directory != root:
        return False
    return again.settings.campaign == campaign and dict(again.mailed) == dict(mailed)


def export(
    sources: Sources,
    problem: Problem,
    timetable: Timetable,
    now: datetime | None = None,
    deadlines: Deadlines | Callable[[], Deadlines | None] | None = None,
) -> Export:
    """Build the invites of ``timetable`` against the previous state in ``sources`` (``deadlines``: the
    units' deadline calendars made beforehand by :func:`export_deadlines` with the same ``now``, or a
    function giving them, called once the office's copies are made)."""
    contacts, mailed = sources.contacts.by_unit, last_addresses(sources.mailed)
    state = sources.state
    return build_invites(problem, timetable, sources.settings, contacts, state, now or now_utc(), mailed, deadlines)


def export_deadlines(sources: Sources, problem: Problem, now: datetime) -> Deadlines:
    """Each unit's deadline calendar for a timetable that will hold every unit of ``problem``, made
    before that timetable exists (:func:`~scheduler.invites.calendar.build_deadlines`)."""
    return build_deadlines(problem, sources.settings, sources.state, now)


def read_invites(directory: str | Path) -> tuple[Invite, ...]:
    """The invites of an invites folder exactly as last exported (for a mailer).

    Each file is checked against the SHA-256 the state file recorded; a file
    changed or removed since is an :class:`InputError`.
    """
    root = Path(directory)
    state = read_state(root / STATE_NAME)
    if state is None:
        raise InputError(Message("input.no_state"), str(root / STATE_NAME))
    out = []
    for sent in state.invites:
        data = _checked(root / sent.file, sent.sha256)
        deadlines = _checked(root / sent.deadlines_file, sent.deadlines_sha256) if sent.deadlines_file else None
        out.append(
            Invite(
                unit=sent.unit,
                attendee=sent.attendee,
                contact=sent.contact,
                organizer=sent.organizer,
                uid=sent.uid,
                sequence=sent.sequence,
                method=sent.method,
                change=sent.change,
                start=datetime.fromisoformat(sent.start),
                end=datetime.fromisoformat(sent.end),
                location=sent.location,
                filename=sent.file,
                data=data,
                cancelled=sent.cancelled,
                deadlines_filename=sent.deadlines_file,
                deadlines=deadlines,
                key=sent.key,
                delegates=sent.delegates,
                delegated_from=sent.delegated_from,
                delegated_also=sent.delegated_also,
            )
        )
    return tuple(out)


def _checked(path: Path, sha256: str | None) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=file_reason(exc)), str(path)) from exc
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise InputError(Message("input.invite_edited"), str(path))
    return data
