"""A rule broken by a concrete timetable (:class:`Violation`): made only when a check finds one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from scheduler.errors import language
from scheduler.text.messages import Message, render


@dataclass(frozen=True)
class Violation:
    """A rule broken by a concrete timetable; ``title`` is the rule's title.

    What it names, besides in its ``message``: ``units`` (a meeting problem's: the meetings' titles),
    ``times``, and the ``rooms`` and ``people`` (a meeting problem's participants) the rule names, so
    that a program can read them without parsing a sentence (``validate --json``). A room without a
    name (the rules state no ``[[rooms]]``) is not listed."""

    rule: str
    message: Message
    units: tuple[str, ...] = ()
    times: tuple[datetime, ...] = ()
    title: Message | None = field(default=None, compare=False, repr=False)
    rooms: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    def text(self, lang: str = "zh") -> str:
        """One line naming the units, the time and the rule."""
        lang = language(lang)
        title = render(self.title, lang) if self.title is not None else ""
        tag = "规则" if lang == "zh" else "rule"
        return f"{render(self.message, lang)}  [{tag} {self.rule}: {title}]"
