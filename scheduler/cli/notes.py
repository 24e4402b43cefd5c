"""What a table's 备注 seems to ask (:mod:`scheduler.domain.notes`), said on the standard error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scheduler.text.messages import render

if TYPE_CHECKING:  # a table without notes loads neither the recogniser nor the meeting problem
    from scheduler.domain import Problem, Timetable
    from scheduler.domain.meetings import MeetingProblem, Plan


def tell_notes(problem: Problem, timetable: Timetable | None, lang: str) -> None:
    """The hints for the units' notes (:func:`scheduler.domain.notes.unit_note_hints`), one line each, on
    the standard error."""
    if any(unit.note for unit in problem.units):
        from scheduler.domain.notes import unit_note_hints

        for message in unit_note_hints(problem, timetable):
            click.echo(render(message, lang), err=True)


def tell_meeting_notes(problem: MeetingProblem, plan: Plan | None, lang: str) -> None:
    """The hints for the meetings' notes (:func:`scheduler.domain.notes.meeting_note_hints`), one line each,
    on the standard error."""
    if any(session.note for session in problem.sessions):
        from scheduler.domain.notes import meeting_note_hints

        for message in meeting_note_hints(problem, plan):
            click.echo(render(message, lang), err=True)
