"""Reading the units' answers from the command line: ``replies``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scheduler.cli.localized import argument, command, option
from scheduler.cli.options import (
    IntRange,
    allow_differing_option,
    lang_option,
    login_advice,
    rules_option,
    say,
    secret,
    sheet_option,
)
from scheduler.text.messages import Message, one_line, render
from scheduler.text.times import format_time

if TYPE_CHECKING:
    from scheduler.solver.deadline import Deadline


@command(help="help.replies")
@argument("table", metavar="metavar.table")
@rules_option
@option("--maildir", metavar="metavar.dir", help="help.opt.maildir")
@option("--mbox", metavar="metavar.file", help="help.opt.mbox")
@option("--eml", metavar="metavar.dir", help="help.opt.eml")
@option("--imap-host", metavar="metavar.host", help="help.opt.imap_host")
@option("--imap-port", type=IntRange(1, 65535), metavar="metavar.port", help="help.opt.imap_port")
@option("--user", metavar="metavar.user", help="help.opt.imap_user")
@option("--folder", metavar="metavar.folder", help="help.opt.folder")
@option("--starttls", is_flag=True, help="help.opt.imap_starttls")
@option("--insecure-plain", is_flag=True, help="help.opt.imap_plain")
@option("--cafile", metavar="metavar.file", help="help.opt.imap_cafile")
@option("--invites", "invites_dir", metavar="metavar.dir", help="help.opt.invites")
@option("--journal", "journal_file", metavar="metavar.file", help="help.opt.journal")
@option("--ledger", "ledger_file", metavar="metavar.file", help="help.opt.ledger")
@option("--out", "out_dir", metavar="metavar.dir", help="help.opt.out_replies")
@option("--all", "show_all", is_flag=True, help="help.opt.replies_all")
@sheet_option
@allow_differing_option
@lang_option
# Long only for its 19 options and its help text; the work is in the helpers below.
def replies(
    table: str,
    rules_path: str | None,
    maildir: str | None,
    mbox: str | None,
    eml: str | None,
    imap_host: str | None,
    imap_port: int | None,
    user: str | None,
    folder: str | None,
    starttls: bool,
    insecure_plain: bool,
    cafile: str | None,
    invites_dir: str | None,
    journal_file: str | None,
    ledger_file: str | None,
    out_dir: str | None,
    show_all: bool,
    sheet: str | None,
    allow_differing: bool,
    lang: str,
) -> None:
    """Read the units' answers to their invites from a mailbox (help: ``help.replies`` in the catalog)."""
    from scheduler.cli.writers import held
    from scheduler.files.now import given_now
    from scheduler.mail.campaign import invites_folder, journal_path
    from scheduler.replies.ledger import Ledger, ledger_path, read_ledger, read_settled
    from scheduler.replies.report import aside_line, never_started, stopped_line
    from scheduler.replies.standing import concerns, elsewhere, judge

    # the options checked and the IMAP password asked first, then the folders locked (writers.LOCKS_ITSELF):
    # a prompt left open keeps no other writer out
    source = _source(maildir, mbox, eml, imap_host, imap_port, user, folder, starttls, insecure_plain, cafile)
    with held("replies", click.get_current_context().params):
        folder_path = Path(invites_dir) if invites_dir else invites_folder(table)
        journal = Path(journal_file) if journal_file else journal_path(table)
        ledger_at = Path(ledger_file) if ledger_file else ledger_path(journal)
        loaded, zone, people = _campaign(table, rules_path, folder_path, journal, (sheet, allow_differing, out_dir))

        reading = None
        if source is not None:
            mailbox = source()
            mailbox.check()
            new_ledger = not ledger_at.exists()
            with Ledger(ledger_at, at=given_now()) as ledger:  # stamped as the journal is
                about = (concerns(people), aside_line(people, zone), elsewhere(people))
                reading = _read(mailbox, ledger, user, insecure_plain, lang, about, zone)
            if new_ledger and reading.stopped is not None and ledger_at.is_file() and ledger_at.stat().st_size == 0:
                ledger_at.unlink()  # nothing was read: no ledger, or outputs would get an all-未答复 答复 column
            if never_started(reading.stopped):  # a refused login: its line alone, not "0 mails read" and a table
                click.echo(render(stopped_line(reading.stopped), lang), err=True)
                raise SystemExit(1)
        others = reading.elsewhere if reading is not None else ()  # kept by key alone: weighed for their lines
        # its own reading done (the lock let go), else one under way waited for, as the other readers do
        contents = read_ledger(ledger_at) if source is not None else read_settled(ledger_at, "replies.ledger_busy")
        found = replace(judge(people, [*contents.mails, *others]), reading=contents.last_reading)
        if reading is not None:
            _show_reading(reading, found, lang, zone)
            if reading.stopped is None:
                _show_junk(mailbox, people, journal, lang)
        _show_standings(found, lang, zone, show_all)
        if out_dir and reading is not None and reading.stopped is not None:  # all or none (QA qaimap26 F3)
            say("replies.out_held", lang, err=True, path=out_dir)
        elif out_dir:
            _write(loaded, found, out_dir, zone, lang)
        say("replies.ledger", lang, path=ledger_at)
        if reading is not None and reading.stopped is not None:
            raise SystemExit(1)


def _campaign(
    table: str, rules: str | None, folder: Path, journal: Path, reading: tuple[str | None, bool, str | None]
) -> tuple[Any, Any, Any]:
    """The table, the campaign's time zone, and everyone invited (``state.json``, through the journal).
    ``reading``: ``--sheet``, ``--allow-differing-copy`` and ``--out`` (whose timetable files must not
    overwrite an edited copy: :func:`scheduler.cli.loading.keep_edits`).

    A unit table's invites are one per unit; a meeting table's one per meeting and participant
    (docs/meetings.md): each participant is an invitee of their own, with the meeting named.
    """
    from zoneinfo import ZoneInfo

    from scheduler.cli.loading import keep_edits, load_table
    from scheduler.errors import InputError
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.invites.campaigns import listed_delegates
    from scheduler.invites.state import STATE_NAME, read_state
    from scheduler.mail.journal import read_history
    from scheduler.replies.standing import invitees

    sheet, allow_differing, out_dir = reading
    loaded = load_table(table, rules, sheet=sheet, allow_differing=allow_differing)
    keep_edits(out_dir, ("csv", "xlsx"), table, allow_differing)
    if isinstance(loaded, LoadedMeetings):
        timezone = loaded.problem.workdays.timezone
    else:
        timezone = loaded.problem.calendar.timezone
    history = read_history(journal)
    state = read_state(folder / STATE_NAME)
    if state is None:
        state = _rebuilt(loaded, folder, history)
    if state is None:
        raise InputError(Message("replies.no_invites"), str(folder / STATE_NAME))
    # the delegates as the contacts say now (edited after the export too), else as the invites were written
    return loaded, ZoneInfo(timezone), invitees(state, history, listed_delegates(loaded))


def _rebuilt(loaded: Any, folder: Path, history: Any) -> Any:
    """A lost ``state.json`` rebuilt in memory from the invite files and the journal, as ``ics`` and
    ``send`` rebuild it (:func:`scheduler.invites.rebuild.settled_state`); nothing is written: the next
    ``ics`` or ``send`` writes it. ``None`` when there are no invite files either."""
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.invites.campaigns import meeting_settings, meeting_state
    from scheduler.invites.folder import read_sources
    from scheduler.invites.settings import has_invites

    if not folder.is_dir():
        return None
    if isinstance(loaded, LoadedMeetings):
        state, rebuilt = meeting_state(folder, meeting_settings(loaded), loaded, history.mailed())
    elif has_invites(loaded.rules):
        sources = read_sources(loaded.rules, loaded.problem, folder, None, history.mailed())
        state, rebuilt = sources.state, sources.rebuilt
    else:
        return None
    if state is not None and rebuilt is not None:
        click.echo(render(rebuilt, click.get_current_context().meta.get("lang", "zh")), err=True)
    return state


def _source(
    maildir: str | None,
    mbox: str | None,
    eml: str | None,
    imap_host: str | None,
    imap_port: int | None,
    user: str | None,
    folder: str | None,
    starttls: bool,
    insecure_plain: bool,
    cafile: str | None,
) -> Any:
    """A function making the source the options name (``None``: read nothing), after checking the options."""
    from scheduler.errors import InputError

    given = [name for name, value in (("--maildir", maildir), ("--mbox", mbox), ("--eml", eml)) if value]
    given += ["--imap-host"] if imap_host else []
    if len(given) > 1:
        raise InputError(Message("replies.one_source"), column="/".join(given))
    if not imap_host:
        for option, value in (
            ("--user", user),
            ("--imap-port", imap_port),
            ("--starttls", starttls),
            ("--insecure-plain", insecure_plain),
            ("--cafile", cafile),
        ):
            if value:
                raise InputError(Message("replies.imap_only", option=option), column=option)
        if folder and not maildir:
            raise InputError(Message("replies.imap_only", option="--folder"), column="--folder")
    if maildir:
        from scheduler.replies.mailboxes import Maildir

        return lambda: Maildir(maildir, folder)
    if mbox:
        from scheduler.replies.mailboxes import Mbox

        return lambda: Mbox(mbox)
    if eml:
        from scheduler.replies.mailboxes import EmlFolder

        return lambda: EmlFolder(eml)
    if not imap_host:
        return None
    if not user:
        raise InputError(Message("replies.need_user"), column="--user")
    if starttls and insecure_plain:
        raise InputError(Message("replies.security"), column="--starttls/--insecure-plain")
    from scheduler.mail.tls import tls_context

    context = tls_context(cafile) if not insecure_plain else None
    password = _password(user)  # before any folder's lock is taken (writers.LOCKS_ITSELF), the table read
    security = (starttls, insecure_plain)
    return lambda: _imap(imap_host, imap_port, user, password, folder or "INBOX", security, context, cafile is not None)


def _imap(
    host: str,
    port: int | None,
    user: str,
    password: Any,
    folder: str,
    security: tuple[bool, bool],
    context: Any,
    own_ca: bool = False,
) -> Any:
    from scheduler.mail.server import PLAIN, SSL, STARTTLS
    from scheduler.replies.imap import ImapFolder, ImapServer

    starttls, plain = security
    kind = PLAIN if plain else STARTTLS if starttls else SSL
    server = ImapServer(host, user, password, port, kind, context, own_ca=own_ca)
    return ImapFolder(server, folder)


def _password(user: str) -> Any:
    """$DOCKING_IMAP_PASSWORD, else $DOCKING_SMTP_PASSWORD (often the same mailbox), else a hidden prompt."""
    from scheduler.mail.server import PASSWORD_VARIABLE as SMTP_VARIABLE
    from scheduler.replies.imap import PASSWORD_VARIABLE

    lang = click.get_current_context().meta.get("lang", "zh")
    prompt = Message("replies.password_prompt", user=user)
    missing = Message("replies.no_password", variable=PASSWORD_VARIABLE)
    return secret((PASSWORD_VARIABLE, SMTP_VARIABLE), prompt, missing, lang)


PROGRESS_EVERY = 1000
"""Messages examined between two progress lines on stderr (a first read of a large mailbox takes a while)."""


def _read(
    source: Any, ledger: Any, user: str | None, plain: bool, lang: str, about: Any = None, zone: Any = None
) -> Any:
    """Read ``source`` into ``ledger`` (``about``: which plain mails to keep, the line of one set aside, and
    which answer only other invites;
    ``zone``: the campaign's, for a ``Date:`` that names none); Ctrl-C keeps what was read."""
    from scheduler.replies.collect import collect

    if plain and user:
        say("replies.plain_password", lang, err=True)
    before = len(ledger.contents.mails)

    def progress(count: int) -> None:
        if count % PROGRESS_EVERY == 0:
            say("replies.progress_count", lang, err=True, count=count)

    try:
        keep, aside, other = about if about is not None else (None, None, None)
        return collect(source, ledger, progress=progress, about=keep, zone=zone, aside=aside, elsewhere=other)
    except KeyboardInterrupt:
        say("replies.interrupted", lang, err=True, count=len(ledger.contents.mails) - before)
        raise SystemExit(130) from None


def _show_junk(mailbox: Any, people: Sequence[Any], journal: Path, lang: str) -> None:
    """On an IMAP server, one line for each junk folder holding mails from invited addresses since the
    campaign's first send (QA qaimap26 F5: answers filed as spam were never hinted at), with the ``--folder``
    that reads them; nothing when nothing was mailed yet. A server gone meanwhile: nothing said (a hint)."""
    from datetime import datetime

    from scheduler.mail.journal import SENT, read_history
    from scheduler.replies.imap import ImapFailure, ImapFolder

    if not isinstance(mailbox, ImapFolder):
        return
    sent = [entry.at for entry in read_history(journal).entries if entry.state == SENT]
    if not sent:
        return
    since = min(datetime.fromisoformat(at.replace("Z", "+00:00")) for at in sent).astimezone(UTC).date()
    addresses = sorted({a for person in people for a in (*person.addresses, person.address or "") if a})
    try:
        found = mailbox.junk(addresses, since)
    except ImapFailure:
        return
    for name, count in found:
        option = f'"{name}"' if " " in name else name
        say("replies.junk", lang, err=True, folder=name, count=count, option=option)


def _show_reading(reading: Any, found: Any, lang: str, zone: Any) -> None:
    from scheduler.replies.report import aside_lines, mail_lines, new_answers, quota_line, stopped_line

    ours, others = new_answers(reading.new, found)
    besides = Message("replies.read_others", count=others) if others else ""
    say(
        "replies.read",
        lang,
        source=reading.source,
        examined=reading.examined,
        new=ours,
        others=besides,
        again=reading.again,
    )
    if reading.relooked:
        say("replies.relooked", lang, count=reading.relooked, upto=reading.upto, new=reading.recognised)
    for line in mail_lines(reading.new, found, lang, zone):
        click.echo(line, err=True)
    for reason in (*aside_lines(reading.aside), *reading.missed):
        click.echo(render(reason, lang), err=True)
    if reading.stopped is not None:
        click.echo(render(stopped_line(reading.stopped), lang), err=True)
    full = quota_line(reading.quota)
    if full is not None:
        click.echo(render(full, lang), err=True)


LISTED_ROWS = 200
"""Rows past which ``replies`` lists only the answers to read (declined, tentative, proposed, delegated, or
with a comment or a note) and counts the accepted and the unanswered, unless ``--all``: 1,000 meetings
printed 5,496 lines, their 249 declines among 5,236 未答复 rows (QA qabigmeet22 F3)."""


def _show_standings(found: Any, lang: str, zone: Any, show_all: bool = False) -> None:
    """Per invitee, in time order: time, unit, answer, comment, notes; then the counts. Past
    :data:`LISTED_ROWS` rows (unless ``show_all``), the plain accepted and unanswered are counted, not
    listed."""
    from scheduler.cli.display import grid
    from scheduler.replies.answers import State
    from scheduler.replies.report import notes, summary, when_text, word
    from scheduler.replies.standing import shown_person
    from scheduler.text.times import dated

    people = found.per_person
    meetings = found.meetings  # a meeting table's: the meeting, then the participant
    keys = ["show.no", "show.time", "mshow.meeting" if meetings else "show.unit"]
    keys += ["replies.col.person"] if people else []
    keys += ["replies.col.answer", "replies.col.comment", "replies.col.note"]
    header = [render(Message(k), lang) for k in keys]
    rows = sorted(found.rows, key=lambda r: (r.invitee.start is None, r.invitee.start or 0, r.invitee.unit))
    lines = []
    fold = not show_all and len(rows) > LISTED_ROWS
    folded = {State.ACCEPTED: 0, State.NO_ANSWER: 0}
    for number, row in enumerate(rows, start=1):
        said = notes(row, zone)
        if fold and row.state in folded and not said and not row.comment:
            folded[row.state] += 1
            continue
        text = ("; " if lang == "en" else "；").join(render(n, lang) for n in said)
        name = shown_person(row.invitee)
        if row.invitee.optional:
            name = render(Message("replies.optional", name=name), lang)
        who = [row.unit, *([name] if people else [])]
        when = dated(when_text(row.invitee.start, zone), lang)  # Sep 2 9:00 in English (QA qaeng22 F7)
        lines.append([str(number), when, *who, word(row.state, lang), one_line(row.comment, 30), text])
    click.echo()
    for line in grid(header, lines):
        click.echo(line)
    if fold:
        accepted, none = folded[State.ACCEPTED], folded[State.NO_ANSWER]
        say("replies.folded", lang, accepted=accepted, none=none, total=len(rows))
    click.echo()
    for line in summary(found, lang):
        click.echo(line)


def bring_copies_in_step(
    table: str, rules: str | None, sheet: str | None, lang: str, contacts: str | None = None
) -> None:
    """After ``send`` mailed from ``table``, a copy of our own ``timetable.csv`` / ``timetable.xlsx`` (the
    workbook's sheets) that holds other times is rewritten from it, with the 答复 column as it stands:
    the folder then holds the timetable the units were sent, not the one before the office's edit. A
    table with a 答复 column is rewritten too, so that it no longer says the invites just mailed were not
    sent yet. ``contacts``: the contacts table ``send`` was given (``--contacts``), whose 代理邮箱 say who
    may answer for whom, as they did for the mail; else the one the rules name."""
    from scheduler.cli.loading import load_table
    from scheduler.files.copies import stale_copies
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.files.tables import ANSWER
    from scheduler.replies.collect import outputs_answers

    path = Path(table)
    if path.name not in ("timetable.csv", "timetable.xlsx"):
        return  # not the files solve --out writes: the office's own, left alone
    loaded = load_table(table, rules, sheet=sheet, allow_differing=True)
    if loaded.table is None:
        return
    if isinstance(loaded, LoadedMeetings):
        timezone = loaded.problem.workdays.timezone
    else:
        timezone = loaded.problem.calendar.timezone
    answers = outputs_answers(path.parent, None, timezone, loaded, contacts)
    stale = stale_copies(path, loaded.table)
    if stale:
        said = list(stale)
        say("copies.brought_in_step", lang, copies=said, path=str(loaded.table.path))
    elif answers is None or not loaded.table.has(ANSWER):
        return
    else:  # the 答复 column said these invites were not sent yet: now it says what stands
        say("replies.answers_refreshed", lang)
    _write_answers(loaded, answers, str(path.parent), lang)


def _write(loaded: Any, found: Any, out_dir: str, zone: Any, lang: str) -> None:
    """``timetable.csv`` and ``.xlsx`` with the 答复 column: both written, or none (:func:`_write_answers`)."""
    from scheduler.replies.report import answers_for, table_language

    _write_answers(loaded, answers_for(found, zone, table_language(loaded)), out_dir, lang)


def _write_answers(loaded: Any, answers: Any, out_dir: str, lang: str) -> None:
    """``timetable.csv`` and ``.xlsx`` with ``answers`` (the 答复 column; none: without it): all written,
    or none.

    The rules used go beside them (``timetable.toml``, with the contacts they name copied in)
    unless they are that very file already, so the folder validates and travels as it stands.
    """
    from scheduler.export.outputs import OUTPUT_NAMES, RULES_NAME, timetable_files
    from scheduler.files.atomic import write_files
    from scheduler.files.meeting_files import LoadedMeetings
    from scheduler.invites.settings import bundle_rules

    if isinstance(loaded, LoadedMeetings):  # the meeting table's own files, a 答复 cell per meeting
        from scheduler.export.meeting_outputs import meeting_timetable_files
        from scheduler.invites.campaigns import full_plan

        files = meeting_timetable_files(loaded, full_plan(loaded), ("csv", "xlsx"), answers=answers)
        if loaded.rules_path and Path(loaded.rules_path).resolve() == (Path(out_dir) / RULES_NAME).resolve():
            files.pop(RULES_NAME)
        for path in write_files(out_dir, files):
            say("show.written", lang, path=path)
        return
    rules, contacts = bundle_rules(loaded.rules, taken=OUTPUT_NAMES)
    files = timetable_files(loaded, loaded.timetable, rules, formats=("csv", "xlsx"), answers=answers)
    own = Path(loaded.rules.path).resolve() if loaded.rules.path else None
    if own is not None and own == (Path(out_dir) / RULES_NAME).resolve():
        files.pop(RULES_NAME)
    else:
        files.update(contacts)
    for path in write_files(out_dir, files):
        say("show.written", lang, path=path)


@dataclass(frozen=True)
class FromReplies:
    """What ``reschedule --from-replies`` replanned: the result, the changes used (to write the rules with),
    the reason of each unit's new unavailability, the proposals kept as pins (unit -> the unit's words),
    and the table as loaded without the pins of earlier proposals that newer answers lift."""

    result: Any
    changes: Any
    reasons: dict[str, str]
    proposed: dict[str, str]
    loaded: Any


def replan_from_replies(
    loaded: Any, table: str, changes: Any, ledger_file: str | None, time_limit: float | Deadline, lang: str
) -> FromReplies:
    """``reschedule --from-replies``: the units' declines and proposals (said first), replanned with ``changes``.

    A pin written for an earlier counter-proposal (``from = "reply"``) is lifted when the same unit
    answers its newer invite with a decline or another proposal: the newer answer replaces it. So is a pin
    without ``from`` at a time the unit proposed (the ledger holds the proposal): an older build wrote it
    so, and it is said so. When the replan fails and such a pin that stayed is to blame, the refusal is
    preceded by where it came from and what to do.
    """
    from zoneinfo import ZoneInfo

    from scheduler.errors import InputError
    from scheduler.files.changes import lift_pins, reply_pinned, unmarked_pins
    from scheduler.files.now import planning_now
    from scheduler.invites.state import STATE_NAME, read_state
    from scheduler.mail.campaign import invites_folder, journal_path
    from scheduler.replies.answers import State
    from scheduler.replies.collect import standings
    from scheduler.replies.ledger import ledger_path
    from scheduler.replies.wishes import held_by_others, proposed_times, reasons, replan_with, wishes

    folder = invites_folder(table)
    state = read_state(folder / STATE_NAME)
    if state is None:
        raise InputError(Message("replies.no_invites"), str(folder / STATE_NAME))
    journal = journal_path(table)
    found = standings(state, journal, Path(ledger_file) if ledger_file else ledger_path(journal), table=loaded)
    zone = ZoneInfo(loaded.problem.calendar.timezone)
    units = [u.name for u in loaded.problem.units]
    asked = wishes(found, loaded.problem.calendar, zone, units)
    proposed_before = proposed_times(found, zone)
    # a pin without from = "reply" at a time the unit proposed: written so by a build before that mark
    unmarked = {u: t for u, t in unmarked_pins(loaded).items() if t in proposed_before.get(u, ())}
    earlier = reply_pinned(loaded) | unmarked
    lifted = {w.unit: earlier[w.unit] for w in asked if not w.outdated and w.unit in earlier}
    known = (*loaded.problem.unavailable, *changes.unavailable)  # the rules' and the command line's
    held = held_by_others(found, loaded.problem.calendar, zone, units)
    _show_wishes(asked, loaded.problem, lang, lifted, known, held, set(unmarked))
    _show_set_aside(found, set(units), zone, lang)
    loaded = lift_pins(loaded, lifted)
    accepted = [r.unit for r in found.rows if r.answer is not None and r.state == State.ACCEPTED]
    done = replan_with(loaded.problem, changes, asked, time_limit, accepted, planning_now())  # as reschedule
    kept = {unit: start for unit, start in earlier.items() if unit not in lifted}
    _blame_proposal_pins(done.result, kept, loaded.rules.path, lang)
    if done.dropped:
        items = [f"{w.unit} {format_time(w.proposed)}" for w in done.dropped if w.proposed is not None]
        say("replies.proposals_dropped", lang, err=True, items=items)
    proposed = {w.unit: w.reason() for w in done.honoured}
    return FromReplies(done.result, done.changes, reasons(done.wishes), proposed, loaded)


def _show_wishes(
    asked: Any,
    problem: Any,
    lang: str,
    lifted: dict[str, Any],
    unavailable: Sequence[Any],
    held: Sequence[str] = (),
    unmarked: Collection[str] = (),
) -> None:
    """The answers' wishes, one line each, then the pins they lift (``unmarked``: units whose pin has no
    ``from = "reply"`` and was recognised as their proposal, said so)."""
    from scheduler.replies.report import said
    from scheduler.text.times import format_slots

    calendar = problem.calendar

    if held:  # some of a unit's people declined, another did not: the unit still comes (docs/replies.md)
        say("replies.wishes_held", lang, count=len(held), units=list(held))
    if not asked and not held:
        say("replies.wishes_none", lang)
    elif asked:
        say("replies.wishes", lang, count=len(asked))
    for wish in asked:
        times = format_slots(wish.blocked, calendar.minutes)
        words = one_line(wish.comment, 60)
        quoted = said(wish.comment)
        if wish.outdated:
            say("replies.wish.outdated", lang, unit=wish.unit, times=times, said_in=said(wish.comment, inner=True))
        elif wish.proposed is not None:
            say("replies.wish.counter", lang, unit=wish.unit, times=times, proposed=wish.proposed, said=quoted)
        elif wish.unusable is not None:
            key = "replies.wish.counter_declined" if wish.unusable in wish.blocked else "replies.wish.counter_not_slot"
            say(key, lang, unit=wish.unit, times=times, proposed=wish.unusable, said=quoted)
        else:
            say("replies.wish.declined", lang, unit=wish.unit, times=times, said=quoted)
        _named_days_hint(wish, problem.calendar, unavailable, words, lang)
    for unit, start in lifted.items():
        say("replies.pin_lifted_unmarked" if unit in unmarked else "replies.pin_lifted", lang, unit=unit, time=start)


def _blame_proposal_pins(result: Any, pins: Mapping[str, Any], rules: str | None, lang: str) -> None:
    """When ``result`` has no timetable and one of ``pins`` (unit -> time: pins of the units' own earlier
    proposals that stayed) is among the rules to blame: where the pin came from and what to do, on stderr
    before the refusal."""
    from scheduler.rules.pinned import RULE as PINNED

    conflict = result.conflict if result.timetable is None else None
    blamed = {i.unit for i in conflict.instances if i.rule == PINNED.name} if conflict is not None else set()
    for unit, start in pins.items():
        if unit in blamed:
            where = rules or "timetable.toml"
            say("replies.pin_from_proposal", lang, err=True, unit=unit, time=start, rules=where)


def _show_set_aside(found: Any, units: set[str], zone: Any, lang: str) -> None:
    """The mails still waiting to be read by hand and the count of answers not trusted: nothing in them is
    weighed, so the office is reminded here, where it decides (:func:`scheduler.replies.report.set_aside`,
    a meeting table's replan's too); then the blank line that ends the answers' part."""
    from scheduler.replies.report import set_aside

    for line in set_aside(found, zone, lambda row: row.unit in units, lang):
        click.echo(line)
    click.echo()


def _named_days_hint(wish: Any, calendar: Any, unavailable: Sequence[Any], words: str, lang: str) -> None:
    """When the decline's words name a day or half-day of the campaign the unit is not yet unavailable
    all of (``unavailable``: the rules' and the command line's), the ``--unavailable`` to add by hand
    (:mod:`scheduler.text.named_days`: a hint, never a rule)."""
    from scheduler.replies.answers import State
    from scheduler.text.named_days import named_days, not_blocked

    if not wish.comment:
        return
    blocked = set(wish.blocked)
    for entry in unavailable:
        if entry.unit == wish.unit:
            blocked |= entry.starts
    proposal = wish.proposed or wish.unusable if wish.state == State.COUNTER else None
    said = named_days(wish.comment, wish.blocked, calendar.days, proposal)
    named = not_blocked(said, calendar.slots, blocked)
    if named:
        days = [n.text() for n in named]
        say("replies.wish.named_days", lang, words=words, days=days, unit=wish.unit)


def send_reminders_command(
    table: str, options: dict[str, Any], password: Any, used: Callable[[], Any], lang: str
) -> None:
    """``send --remind``: the reminders due today, mailed (or written with ``--dry-run``), then a summary.
    ``password`` asks for the login's password when one is needed; ``used`` tells which it gave."""
    from scheduler.mail.flow import journal_notice
    from scheduler.replies.reminders import RemindRequest, kinds, send_reminders

    report = send_reminders(RemindRequest(table=table, password=password, **options))
    for skipped in report.skipped:
        if skipped.meeting:  # a person of several meetings: which one is held
            say("remind.skipped.meeting", lang, unit=skipped.unit, meeting=skipped.meeting, reason=skipped.reason)
        else:
            say("remind.skipped", lang, unit=skipped.unit, reason=skipped.reason)
    if report.dry_run is not None:  # nothing due writes no folder: not said as "0 written into it" (QA qadocs18 F8)
        say(
            "remind.dry_run" if report.mails else "remind.dry_run_none",
            lang,
            count=len(report.mails),
            path=report.dry_run,
        )
        return
    if not report.mails:
        say("remind.none", lang)
        for message, _problem in journal_notice(report.journal):
            click.echo(render(message, lang))
        return
    for message, problem in report.problems():  # the same lines as an invite run's
        click.echo(render(message, lang), err=problem)
    server = options.get("server")
    login_advice(report.stopped, server.user if server is not None else None, used(), lang)
    by_kind = kinds(report.sent)
    counts = {"answer": by_kind["answer"], "meeting": by_kind["meeting"], "deadline": by_kind["deadline"]}
    click.echo(render(Message("remind.summary", sent=len(report.sent), failed=len(report.failed), **counts), lang))
    for message, problem in report.aftermath():
        click.echo(render(message, lang), err=problem)
    for message, _problem in journal_notice(report.journal):
        click.echo(render(message, lang))
    if report.interrupted:
        raise SystemExit(130)
    if not report.ok:
        raise SystemExit(1)
