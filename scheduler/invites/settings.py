"""The rules file's invite keys: ``[invites]``, ``[invites.organizer]``, ``[invites.bring]``, ``[[milestones]]``.

They are documented in docs/formats.md ("Invites"). The rules reader keeps them
in ``Rules.extra``; here they are checked, with errors naming the file, the line
and the key, and turned into :class:`~scheduler.invites.calendar.InviteSettings`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from scheduler.domain import Problem
from scheduler.domain.zones import known_timezone, timezone_refusal
from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, check_address, visible
from scheduler.files.reasons import file_reason
from scheduler.files.rules_file import EVERYONE, Rules, read_rules_text
from scheduler.files.toml_lines import KeyLines, key_lines
from scheduler.invites.calendar import TEMPLATE_FIELDS, InviteSettings, Milestone, Person
from scheduler.invites.reminder_settings import reminder_settings
from scheduler.text.messages import Message, refusal
from scheduler.text.times import parse_span

SECTION = "invites"
LANGUAGES = ("zh", "en")
"""What ``[invites] language`` takes: the invites, letters and reminders in Chinese or in English."""
MILESTONES = "milestones"


@dataclass(frozen=True)
class RulesView:
    """What the invite keys are read from: a unit table's :class:`Rules`, or a meeting table's rules
    data (docs/meetings.md), which has no unit calendar. ``extra`` holds ``[invites]`` and the rest."""

    path: str | None
    extra: dict[str, Any]
    timezone: str
    year_of: Callable[[int, int], int]
    language: str = "zh"
    """The table's language (``en`` for English headers): the invites' unless ``[invites] language`` says."""
    meetings: bool = False
    """A meeting table's rules: its invites take no ``summary`` or ``description`` template."""


def view_of(rules: Rules | RulesView) -> RulesView:
    """A unit table's rules as a :class:`RulesView` (a view is itself)."""
    if isinstance(rules, RulesView):
        return rules
    return RulesView(rules.path, rules.extra, rules.calendar.timezone, rules.year_of, rules.table_language)


def has_invites(rules: Rules | RulesView) -> bool:
    """Whether the rules file configures invites (has an ``[invites]`` table)."""
    return SECTION in rules.extra


class _Reader:
    """Checks values, raising errors that name the rules file, the line and the key."""

    def __init__(self, rules: RulesView) -> None:
        self.path = rules.path
        self._text: str | None = None
        self._lines: KeyLines | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            try:
                self._text = read_rules_text(self.path) if self.path else ""
            except InputError:
                self._text = ""
        return self._text

    def line(self, section: str | None, key: str, index: int = 0) -> int | None:
        """The line of ``key`` in ``[section]`` (or the ``index``-th ``[[section]]``), else of the header."""
        if self._lines is None:
            self._lines = key_lines(self.text)
        return self._lines.top(key) if section is None else self._lines.in_table(section, key, index)

    def fail(self, message: Message, section: str | None, key: str, index: int = 0) -> InputError:
        name = key if section is None else f"{section}.{key}"
        if section == MILESTONES:
            name = f"{MILESTONES}[{index + 1}].{key}"
        return InputError(message, self.path, line=self.line(section, key, index), key=name)

    def table(self, data: Any, section: str, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(Message("input.rules_type", key=f"{section}.{key}" if key else section), section, key)
        return data

    def string(self, data: dict[str, Any], section: str, key: str, required: bool = False, index: int = 0) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(Message("input.invite_missing", key=key, section=section), section, key, index)
            return ""
        if not isinstance(value, str):
            raise self.fail(Message("input.rules_type", key=key), section, key, index)
        value = unicodedata.normalize("NFC", value).strip()
        if required and not value:
            raise self.fail(Message("input.invite_missing", key=key, section=section), section, key, index)
        return value


def _single_line(value: str) -> bool:
    return not any(unicodedata.category(c).startswith("C") or c in "\u2028\u2029" for c in value)


def _not_one_line(key: str, value: str) -> Message:
    """Why ``value`` (of a key that goes into a calendar's or a mail's one-line field) is refused: the
    first line break or control character in it, as ``U+000A``."""
    found = next(c for c in value if unicodedata.category(c).startswith("C") or c in "\u2028\u2029")
    return Message("input.one_line", key=key, code=f"U+{ord(found):04X}")


def _check_timezone(read: _Reader, rules: RulesView) -> None:
    """Calendars need a real IANA zone: the rules file's ``timezone``."""
    if not known_timezone(rules.timezone):
        raise read.fail(timezone_refusal(rules.timezone), None, "timezone")


def invite_settings(given: Rules | RulesView) -> InviteSettings:
    """The invite settings of ``rules``; an :class:`InputError` names what is wrong and where."""
    rules = view_of(given)
    read = _Reader(rules)
    if SECTION not in rules.extra:
        raise InputError(Message("input.no_invites"), rules.path, key=SECTION)
    _check_timezone(read, rules)
    section = read.table(rules.extra[SECTION], SECTION, "")
    reminder_settings(rules)  # [invites.reminders] too: a bad one stops the export, not first the cron job
    campaign = read.string(section, SECTION, "campaign", required=True)
    if not _single_line(campaign):
        raise read.fail(_not_one_line("campaign", campaign), SECTION, "campaign")

    organizer_key = f"{SECTION}.organizer"
    if "organizer" not in section:
        raise read.fail(Message("input.invite_missing", key="organizer", section=SECTION), SECTION, "organizer")
    organizer = read.table(section["organizer"], organizer_key, "")
    name = read.string(organizer, organizer_key, "name", required=True)
    email = read.string(organizer, organizer_key, "email", required=True)
    if not _single_line(name):
        raise read.fail(Message("input.bad_person", value=visible(name)), organizer_key, "name")
    try:
        email = check_address(email)
    except AddressError as exc:
        message = Message("input.bad_address", value=visible(email), reason=Message(exc.reason))
        raise read.fail(message, organizer_key, "email") from exc

    bring_key = f"{SECTION}.bring"
    bring_raw = read.table(section.get("bring", {}), SECTION, "bring")
    bring = {}
    for category, text in bring_raw.items():
        if not isinstance(text, str):
            raise read.fail(Message("input.rules_type", key=category), bring_key, category)
        bring[str(category)] = text.strip()

    reminder = section.get("reminder_minutes", 30)
    if not isinstance(reminder, int) or isinstance(reminder, bool) or not 0 <= reminder <= 10080:
        raise read.fail(Message("input.reminder", value=reminder), SECTION, "reminder_minutes")

    templates = _templates(read, section, rules)
    contacts = read.string(section, SECTION, "contacts") or None
    base = str(Path(rules.path).parent) if rules.path else None
    named = read.string(section, SECTION, "language").strip().lower()
    language = named or rules.language
    if language not in LANGUAGES:
        raise read.fail(Message("input.invite_language", value=language), SECTION, "language")
    return InviteSettings(
        campaign=campaign,
        organizer=Person(name, email),
        summary=templates["summary"],
        description=templates["description"],
        bring=bring,
        reminder_minutes=reminder,
        milestones=_milestones(read, rules),
        contacts=contacts,
        base=base,
        calendar_name=read.string(section, SECTION, "calendar_name"),
        language=language,
        language_given=bool(named),
    )


def _templates(read: _Reader, section: dict[str, Any], rules: RulesView) -> dict[str, str]:
    """``summary`` and ``description``, checked; refused in a meeting table's rules, whose invites
    have a text of their own (QA qaeng22 F12: accepted there and silently ignored)."""
    templates = {}
    for key in ("summary", "description"):
        template = read.string(section, SECTION, key)
        if template and rules.meetings:
            raise read.fail(Message("input.meeting_template", key=key), SECTION, key)
        _check_template(read, template, key)
        if key == "summary" and not _single_line(template):
            raise read.fail(_not_one_line(key, template), SECTION, key)
        templates[key] = template
    return templates


def _check_template(read: _Reader, template: str, key: str) -> None:
    try:
        template.format(**dict.fromkeys(TEMPLATE_FIELDS, ""))
    except KeyError as exc:
        message = Message("input.template_field", field=exc.args[0], known=list(TEMPLATE_FIELDS))
        raise read.fail(message, SECTION, key) from exc
    except (ValueError, IndexError, AttributeError) as exc:
        raise read.fail(Message("input.template", reason=str(exc)), SECTION, key) from exc


def _milestones(read: _Reader, rules: RulesView) -> tuple[Milestone, ...]:
    raw = rules.extra.get(MILESTONES, [])
    if not isinstance(raw, list):
        raise read.fail(Message("input.rules_type", key=MILESTONES), None, MILESTONES)
    out: list[Milestone] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise read.fail(Message("input.rules_type", key=MILESTONES), MILESTONES, "id", index)
        ident = read.string(entry, MILESTONES, "id", required=True, index=index)
        if ident in seen:
            raise read.fail(Message("input.milestone_twice", id=ident), MILESTONES, "id", index)
        seen.add(ident)
        what = read.string(entry, MILESTONES, "what", required=True, index=index)
        if not _single_line(what):
            raise read.fail(_not_one_line("what", what), MILESTONES, "what", index)
        who = entry.get("who", [])
        if isinstance(who, str):
            who = [who]
        if not isinstance(who, list) or not all(isinstance(w, str) and w.strip() for w in who):
            raise read.fail(Message("input.rules_type", key="who"), MILESTONES, "who", index)
        names = tuple(unicodedata.normalize("NFC", w).strip() for w in who)
        if any(n in EVERYONE for n in names):
            names = ()
        when = entry.get("when")
        if when is None or when == [] or when == "":
            raise read.fail(Message("input.invite_missing", key="when", section=MILESTONES), MILESTONES, "when", index)
        values = when if isinstance(when, list) else [when]
        dates = []
        for value in values:
            try:
                dates.append(_span(value, rules))
            except ValueError as exc:
                said = refusal(exc, Message("input.milestone_when", value=value))
                raise read.fail(said, MILESTONES, "when", index) from exc
        line = read.line(MILESTONES, "id", index)
        out.append(
            Milestone(
                id=ident,
                what=what,
                dates=tuple(dates),
                who=names,
                detail=read.string(entry, MILESTONES, "detail", index=index),
                location=read.string(entry, MILESTONES, "where", index=index),
                line=line,
            )
        )
    return tuple(out)


def _span(value: Any, rules: RulesView) -> tuple[date, date]:
    """A day (``9月13日``, ``2021-09-13``, a TOML date) or a span of days (``9月26日至9月30日``)."""
    if isinstance(value, datetime):
        raise ValueError("time")
    if isinstance(value, date):
        return value, value
    if not isinstance(value, str):
        raise ValueError("type")
    first, last = parse_span(value, rules.year_of)
    if first.time() != time.min or last.time() != time.max:
        raise ValueError("time")
    return first.date(), last.date()


def check_settings(settings: InviteSettings, problem: Problem, rules: Rules) -> None:
    """Every name in a milestone's ``who`` is a category of the rules or a unit of the table."""
    categories = set(problem.categories) | {u.category for u in problem.units if u.category}
    read = _Reader(view_of(rules))
    for index, milestone in enumerate(settings.milestones):
        for name in milestone.who:
            if name not in categories and not problem.has_unit(name):
                message = Message("input.milestone_who", value=name, known=sorted(categories))
                raise read.fail(message, MILESTONES, "who", index)


def past_milestones(settings: InviteSettings, rules: Rules, days: Sequence[date], today: date) -> list[InputError]:
    """One hint per milestone with a date over by ``today`` (the campaign's zone) while the campaign is not
    (``today`` not after its last meeting day): a day written without its year takes the year nearest the
    campaign (docs/formats.md ``[[milestones]]``), and ``Nov 1`` for a March campaign is last November
    (QA qadst23 F9: written into the deadline calendars silently). Told, never refused: a deadline may
    have been set before the meetings on purpose, and a campaign over is told once elsewhere."""
    if not days or today > max(days):
        return []
    read = _Reader(view_of(rules))
    said = []
    for index, milestone in enumerate(settings.milestones):
        gone = [first for first, last in milestone.dates if last < today]
        if gone:
            shown = {"day": gone[0].isoformat(), "today": today.isoformat(), "first": min(days).isoformat()}
            message = Message("input.milestone_past", what=milestone.what, **shown)
            said.append(read.fail(message, MILESTONES, "when", index))
    return said


def contacts_path(settings: InviteSettings) -> Path | None:
    """The contacts table the rules file names, resolved against the rules file's folder."""
    if not settings.contacts:
        return None
    path = Path(settings.contacts)
    if not path.is_absolute() and settings.base is not None:
        path = Path(settings.base) / path
    return path


def missing_contacts(rules: Rules | RulesView, path: Path) -> InputError:
    """The error for a contacts table the rules name at ``path`` that is not there: it names the
    rules file, the line and the key ``invites.contacts`` (where the name came from), the path with its
    ``..`` folded (``u/../../x.csv`` is ``../x.csv``), and the way on: the table copied beside the rules,
    the line naming it so (a folder an older build wrote, moved: QA qaupgrade17 F6)."""
    import os
    from pathlib import PureWindowsPath

    written = str(path)  # a Windows path on another system: its bare name all the same (QA qarules20 F8)
    name = PureWindowsPath(written).name if "\\" in written else Path(path).name
    said = Message("input.contacts_missing", path=os.path.normpath(path), name=name)
    return _Reader(view_of(rules)).fail(said, SECTION, "contacts")


def bundle_rules(rules: Rules, taken: Collection[str] = ()) -> tuple[Rules, dict[str, bytes]]:
    """The rules as they are written into an output folder, and the files to copy in beside them.

    The contacts table the rules name is copied into the folder (under its own
    name, or ``contacts<suffix>`` when that name is one of ``taken``, the folder's
    other files) and the rules name it by that bare name, so the folder holds
    everything it needs and keeps working wherever it is copied. Rules without
    a contacts table come back unchanged. A contacts file that cannot be read
    is an :class:`InputError` naming it.
    """
    section = rules.extra.get(SECTION)
    if not isinstance(section, dict) or not isinstance(section.get("contacts"), str) or not section["contacts"]:
        return rules, {}
    source = Path(section["contacts"])
    if not source.is_absolute() and rules.path:
        source = Path(rules.path).parent / source
    try:
        data = source.read_bytes()
    except FileNotFoundError as exc:
        raise missing_contacts(rules, source) from exc
    except OSError as exc:
        raise InputError(Message("input.unreadable", reason=file_reason(exc)), str(source)) from exc
    name = source.name
    if name in taken or name.startswith("."):
        name = f"contacts{source.suffix}"
    extra = dict(rules.extra)
    extra[SECTION] = {**section, "contacts": name}
    return replace(rules, extra=extra), {name: data}
