"""``[invites.reminders]`` of the rules file: what ``send --remind`` mails and when (docs/formats.md).
Checked wherever ``[invites]`` is read, one rule each: days before are 0 to 365 (0: none), the answer
rounds an increasing list of 1 to 365 days after the invite was mailed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from scheduler.errors import InputError
from scheduler.text.messages import Message


class RulesLike(Protocol):
    """What the settings are read from: the rules file's :class:`~scheduler.files.rules_file.Rules`, or
    the invites' :class:`~scheduler.invites.settings.RulesView` of a meeting table (without importing
    either: the settings module imports this one)."""

    @property
    def path(self) -> str | None: ...

    @property
    def extra(self) -> dict[str, Any]: ...


SECTION = "reminders"


@dataclass(frozen=True)
class ReminderSettings:
    """``[invites.reminders]`` of the rules file (docs/replies.md); 0 or an empty list turns a kind off."""

    answer_after_days: tuple[int, ...] = (2,)
    meeting_days_before: int = 1
    deadline_days_before: int = 1


def reminder_settings(rules: RulesLike) -> ReminderSettings:
    """The reminder settings of ``rules`` (defaults when absent); an :class:`InputError` names a bad key.
    Read with the rest of ``[invites]`` (:func:`scheduler.invites.settings.invite_settings`), so a bad one
    stops ``solve --out``, ``ics`` and ``send`` too, not first the daily ``send --remind``."""
    invites = rules.extra.get("invites")
    raw = invites.get(SECTION, {}) if isinstance(invites, dict) else {}

    def fail(key: str) -> InputError:
        line = None
        if rules.path:
            from scheduler.files.rules_file import read_rules_text
            from scheduler.files.toml_lines import KeyLines

            try:
                line = KeyLines(read_rules_text(rules.path)).in_table(f"invites.{SECTION}", key)
            except InputError:
                line = None
        rule = "remind.bad_rounds" if key == "answer_after_days" else "remind.bad_setting"
        return InputError(Message(rule, key=key), rules.path, line=line, key=f"invites.{SECTION}.{key}")

    if not isinstance(raw, dict):
        raise fail("")

    def days(key: str, default: int) -> int:
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
            raise fail(key)
        return value

    rounds = raw.get("answer_after_days", [2])
    if isinstance(rounds, int) and not isinstance(rounds, bool):
        rounds = [rounds]
    if not isinstance(rounds, list) or not all(isinstance(d, int) and not isinstance(d, bool) for d in rounds):
        raise fail("answer_after_days")
    if any(not 0 < d <= 365 for d in rounds) or sorted(set(rounds)) != list(rounds):
        raise fail("answer_after_days")
    return ReminderSettings(tuple(rounds), days("meeting_days_before", 1), days("deadline_days_before", 1))
