"""What the command line says beside its check, said beside the page's: another copy of the timetable
that holds a different one, and what the 备注 seem to ask.

``validate DIR/timetable.csv`` refuses the table when ``DIR/timetable.xlsx``, saved after it, holds a
different timetable (:mod:`scheduler.files.copies`: the office edited the workbook); the page cannot
refuse its own project, so it says the same difference in a line above the check, with the page's way
out (open the workbook). And where ``validate`` and ``solve`` print a hint for each note that names a
time (:mod:`scheduler.domain.notes`), the page lists the same lines, for the timetable it shows and for
a solve's result.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.domain import Problem, Timetable
from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.errors import InputError
from scheduler.files.copies import WORKBOOK, differing_beside
from scheduler.files.load import Loaded
from scheduler.files.meeting_files import LoadedMeetings, capped_hints
from scheduler.text.messages import Message, render

if TYPE_CHECKING:
    from scheduler.replies.standing import Standings


def copies_key(table_path: Path) -> tuple[int, int] | None:
    """What the copies' line depends on beside the project's version: the workbook beside the table, its
    time and size (``None``: none), so that a page shown again after it was saved says it again."""
    try:
        found = table_path.with_suffix(WORKBOOK).stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def answers_key(folder: Path) -> tuple[int, ...]:
    """What the answers shown depend on beside the project's version: the replies ledger's, the mail
    journal's and the invites' state's time and size (and the note of the last reading beside the ledger),
    so that a page shown again after ``replies``,
    ``send`` or ``ics`` shows what stands (answers are weighed against the invites: :mod:`scheduler.web.standing`)."""
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.state import STATE_NAME
    from scheduler.mail.journal import JOURNAL_NAME
    from scheduler.replies.ledger import LEDGER_NAME, note_path

    out: list[int] = []
    note = note_path(Path(LEDGER_NAME)).name  # a reading that broke off may write nothing else (F3)
    for name in (LEDGER_NAME, note, JOURNAL_NAME, f"{INVITES_DIR}/{STATE_NAME}"):
        try:
            found = (folder / name).stat()
        except OSError:
            out += [0, 0]
            continue
        out += [found.st_mtime_ns, found.st_size]
    return tuple(out)


def key_text(folder: Path) -> str:
    """:func:`answers_key` as the page compares it (``GET /api/answers-key``)."""
    return "-".join(map(str, answers_key(folder)))


def reading_data(found: Standings, zone: tzinfo, lang: str) -> dict[str, Any]:
    """``answers_read``: the 答复 panel's first lines, when the answers were last read and from which mailbox,
    or that the last reading broke off (``answers_read_failed``), and the mailbox nearly full; the page says
    them above the answers (QA qaimap26 F3: a reading failing for days looked like a quiet campaign)."""
    from scheduler.replies.report import reading_lines

    note = found.reading
    lines = [render(line, lang) for line in reading_lines(note, zone)]
    return {"answers_read": lines, "answers_read_failed": note is not None and note.stopped is not None}


def answers_data(folder: Path, loaded: Loaded | LoadedMeetings) -> dict[str, Any]:
    """``answers``: each unit's (a meeting table: each meeting's) answers as the 答复 column writes them
    (accepted, declined with the words, proposed, bounced...); a meeting table's also ``answers_open``:
    per meeting, the lines of its people who have not accepted, ``answers_unanswered``: of those who have not
    answered (the 答复 panel folds them, QA qabigmeet22 F3), and ``answers_counts``: per meeting, how
    many of its people accepted, declined... (the 答复 panel's heading of each meeting). A unit table's
    ``answers`` also name each withdrawn unit whose answer does not decline
    (:func:`~scheduler.replies.report.withdrawn_cells`). All empty without a replies ledger."""
    from zoneinfo import ZoneInfo

    from scheduler.replies.answers import State
    from scheduler.replies.report import answers_for, meeting_counts, open_answers, table_language, withdrawn_cells
    from scheduler.web.standing import weighed_standings

    found = weighed_standings(folder, loaded)
    meetings = isinstance(loaded, LoadedMeetings)
    withdrawn = {"answers_withdrawn": withdrawn_people(folder, loaded)} if meetings else {}
    key = {"answers_key": key_text(folder)}  # the page asks for it now and then: answers read since (F3)
    if found is None:
        empty: dict[str, Any] = {"answers": {}, "answers_open": {}, "answers_unanswered": {}, "answers_counts": {}}
        return {**empty, **withdrawn, **key} if meetings else {"answers": {}, **key}
    zone = ZoneInfo(project_timezone(loaded))
    lang = table_language(loaded)  # as the table's files write them
    data: dict[str, Any] = {"answers": dict(answers_for(found, zone, lang).cells), **withdrawn, **key}
    data |= reading_data(found, zone, lang)
    if meetings:
        data["answers_open"] = open_answers(found, zone, lang=lang)
        data["answers_unanswered"] = open_answers(found, zone, State.NO_ANSWER, lang)  # folded on the page
        data["answers_counts"] = meeting_counts(found)
    else:  # a withdrawn unit that accepted: not in the timetable, and may still think it is coming
        data["answers"] |= {u: c for u, c in withdrawn_cells(found, lang).items() if u not in data["answers"]}
        data |= unit_counts(found, zone, lang)
    return data


def unit_counts(found: Standings, zone: tzinfo, lang: str) -> dict[str, Any]:
    """A unit table's ``answers_summary``: the count lines ``replies`` prints (接受 9，拒绝 20…), and
    ``answers_attention``: the units whose line asks for something (declined, proposed another time,
    tentative, delegated, or a note: a bounce, a mail to read), which the 答复 panel lists first and the grid
    marks; ``answers_declined``: those that declined (QA qaimap26 F6: 29 lines in table order, no count)."""
    from scheduler.replies.answers import State
    from scheduler.replies.report import notes, summary

    attention = [
        row.unit for row in found.rows if row.state not in (State.ACCEPTED, State.NO_ANSWER) or notes(row, zone)
    ]
    declined = [row.unit for row in found.rows if row.state == State.DECLINED]
    return {"answers_summary": summary(found, lang), "answers_attention": attention, "answers_declined": declined}


def withdrawn_people(folder: Path, loaded: Loaded | LoadedMeetings) -> dict[str, list[dict[str, Any]]]:
    """Per meeting the page shows, the people taken off it after an invite to it was mailed to them: each
    ``name`` and whether their cancellation was ``mailed`` (the journal says its SEQUENCE went out; else
    it goes with the next sending). Weighed against this timetable's invites, as the answers are
    (:func:`~scheduler.web.standing.planned_state`: a person taken off since the last export counts, their
    cancellation not mailed), else the invites sent. Someone never mailed an invite has nothing to cancel
    and is not listed."""
    from scheduler.invites.folder import INVITES_DIR
    from scheduler.invites.state import STATE_NAME, read_state
    from scheduler.mail.journal import JOURNAL_NAME, read_history
    from scheduler.replies.standing import invitees
    from scheduler.web.standing import planned_state

    if not isinstance(loaded, LoadedMeetings):
        return {}
    try:
        state = planned_state(folder, loaded) or read_state(folder / INVITES_DIR / STATE_NAME)
        history = read_history(folder / JOURNAL_NAME)
    except InputError:
        return {}  # a damaged state or journal: the page's other calls say so
    shown = {session.title for session in loaded.problem.sessions}
    out: dict[str, list[dict[str, Any]]] = {}
    for person in invitees(state, history):
        if person.cancelled and person.title in shown and person.sent is not None:  # mailed something before
            out.setdefault(person.title, []).append({"name": person.name, "mailed": person.sent >= person.sequence})
    return out


def notices(table_path: Path, loaded: Loaded | LoadedMeetings, lang: str) -> list[str]:
    """The lines the page shows beside its check of the project's timetable: the other copy that differs,
    then the notes' hints."""
    out = []
    if loaded.table is not None and copies_key(table_path) is not None:
        differing = differing_beside(table_path, loaded.table, cells=True)  # as a change is refused
        if differing is not None:
            named, _, diff = differing
            out.append(render(Message("web.copies_beside", other=named, diff=diff), lang))
    if isinstance(loaded, LoadedMeetings):
        return out + meeting_hints(loaded.problem, loaded.plan, lang) + wish_hints(loaded, lang)
    return out + unit_hints(loaded.problem, loaded.timetable, lang)


def unit_hints(problem: Problem, timetable: Timetable | None, lang: str) -> list[str]:
    """The units' notes' hints (:func:`scheduler.domain.notes.unit_note_hints`), as ``validate`` says them."""
    if not any(unit.note for unit in problem.units):
        return []
    from scheduler.domain.notes import unit_note_hints

    return [render(message, lang) for message in unit_note_hints(problem, timetable)]


def meeting_hints(problem: MeetingProblem, plan: Plan | None, lang: str) -> list[str]:
    """The meetings' notes' hints (:func:`scheduler.domain.notes.meeting_note_hints`), as ``validate`` says them."""
    if not any(session.note for session in problem.sessions):
        return []
    from scheduler.domain.notes import meeting_note_hints

    return [render(message, lang) for message in meeting_note_hints(problem, plan)]


def wish_hints(loaded: LoadedMeetings, lang: str) -> list[str]:
    """The 时段偏好 no timetable can meet (a day outside the meeting days...), as ``validate`` and ``solve``
    tell them on stderr, the table named by its file name only (QA qadocs18 F5: the page showed only the
    amber edge, which read as the solver's failure)."""
    said = []
    for hint in capped_hints(loaded.unmet_wishes):  # as many as the commands tell (review18 F4)
        where = Path(hint.path).name if hint.path else None
        said.append(InputError(hint.message, where, hint.row, hint.column).text(lang))
    return said


def project_timezone(loaded: Loaded | LoadedMeetings) -> str:
    """The campaign's time zone: a meeting table's workdays', a unit table's calendar's."""
    if isinstance(loaded, LoadedMeetings):
        return loaded.problem.workdays.timezone
    return loaded.problem.calendar.timezone
