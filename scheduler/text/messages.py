"""Every user-facing sentence, in Chinese (default) and English.

Code raises and returns :class:`Message` objects (a key and its values); the
edge renders them with :func:`render` in the user's language. Times are written the way the
notice writes them (``9月10日 9:00``) in Chinese, and ``Sep 10 9:00`` in English: a time given as a
``datetime``, a ``date`` or a :class:`~scheduler.text.times.Dated` (what the formatters of
:mod:`scheduler.text.times` return) renders in the message's language (QA qaeng22 F2).

Most sentences sit in the catalog (``catalog/``, one module per area, each loaded when a key it
holds is first asked for: :data:`AREAS`). A few
sit beside the code they belong to: each scheduling rule keeps its title, its
violations and its explanations in its own file (``scheduler/rules/``), as
:class:`Sentences`. A message made through :class:`Sentences` carries its own
pair of sentences, so this module never imports the rules.
"""

from __future__ import annotations

import re
import threading
from collections.abc import ItemsView, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from importlib import import_module
from typing import Any

from scheduler.text.times import Dated, TimeRefused, format_day, format_time

LANGS = ("zh", "en")

AREAS = (
    "cli",
    "common",
    "conflicts",
    "formats",
    "invites",
    "mail",
    "meetings",
    "meeting_edge",
    "replies",
    "safety",
    "solving",
    "web",
)
"""Each area's catalog module (``catalog/<area>.py``); a new area (a new package's messages) adds its
name here. The areas load in this order, each when a key is looked up that the areas before it do
not hold: a command reads the few it says (a solve: the command line's and the common ones)."""


class _Catalog(Mapping[str, tuple[str, str]]):
    """Every catalog sentence by key, the areas loaded one by one as keys are looked up (:data:`AREAS`);
    iterating (or a key no area holds) loads them all. A key defined twice, in two areas or in an
    area and a :class:`Sentences`, is refused when the second of them loads."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[str, str]] = {}
        self._loaded = 0
        self.kept_beside: set[str] = set()  # the keys of every Sentences made so far
        # One thread loads an area at a time (the web app's threads, a library user's pool): two loading
        # the same area at once saw every key of it "defined twice" and skipped the next area for good.
        self._lock = threading.RLock()

    def _load_next(self) -> bool:
        with self._lock:
            if self._loaded >= len(AREAS):
                return False
            entries = import_module(f"scheduler.text.catalog.{AREAS[self._loaded]}").ENTRIES
            clash = entries.keys() & (self._found.keys() | self.kept_beside)
            if clash:
                raise AssertionError(f"message keys defined twice: {sorted(clash)}")
            self._found.update(entries)
            self._loaded += 1
            return True

    def __getitem__(self, key: str) -> tuple[str, str]:
        found = self._found.get(key)
        if found is None:
            with self._lock:  # looked up again inside: another thread may have loaded its area meanwhile
                found = self._found.get(key)
                while found is None:
                    if not self._load_next():
                        raise KeyError(key)
                    found = self._found.get(key)
        return found

    def _all(self) -> dict[str, tuple[str, str]]:
        while self._load_next():
            pass
        return self._found

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def items(self) -> ItemsView[str, tuple[str, str]]:
        """Every (key, sentences), from the merged dict itself (the page's words read them all)."""
        return self._all().items()

    def refuse_clashes(self, keys: Mapping[str, Any]) -> None:
        """Remember the keys of a :class:`Sentences`, refusing one an area already loaded defines (the
        areas still to load are checked against them as they load)."""
        with self._lock:
            clash = keys.keys() & self._found.keys()
            if clash:
                raise AssertionError(f"message keys defined twice: {sorted(clash)}")
            self.kept_beside |= keys.keys()


_catalog = _Catalog()
CATALOG: Mapping[str, tuple[str, str]] = _catalog
"""Every catalog sentence: ``key -> (Chinese, English)``."""


@dataclass(frozen=True, init=False)  # its own __init__ (keyword values); none generated to be thrown away
class Message:
    """A catalog key and the values its sentence needs.

    ``own`` is the (Chinese, English) pair of a message made by :class:`Sentences`;
    it is not part of the message's identity (two messages with the same key and
    values are equal wherever their sentences are kept).
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    own: tuple[str, str] | None = field(default=None, compare=False, repr=False)

    def __init__(self, key: str, /, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "own", None)

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``)."""
        return render(self, lang)


class Sentences(Mapping[str, tuple[str, str]]):
    """Sentences kept beside the code that says them: ``key -> (Chinese, English)``.

    Calling it makes a :class:`Message` that renders from these sentences::

        TEXT = Sentences({"check.pinned": ("{unit} 安排在 {time}…", "{unit} is at {time}…")})
        TEXT("check.pinned", unit="甲局", time=start)
    """

    def __init__(self, entries: Mapping[str, tuple[str, str]]) -> None:
        _catalog.refuse_clashes(entries)
        self._entries = dict(entries)

    def __call__(self, key: str, /, **params: Any) -> Message:
        message = Message(key, **params)
        object.__setattr__(message, "own", self._entries[key])
        return message

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class UnnamedRoom(str):
    """The name of the default room (the rules state no ``[[rooms]]``): empty, equal to ``""``
    wherever it is looked up, but a message naming it says 会场 / "the room", not a hole."""


UNNAMED_ROOM = UnnamedRoom("")
"""The default room's name as a message value (see :class:`UnnamedRoom`)."""


def room_name(name: str) -> str:
    """``name``, or :data:`UNNAMED_ROOM` for the unnamed room: what a message names a room by."""
    return name if name else UNNAMED_ROOM


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, UnnamedRoom):
        return render(Message("room.unnamed"), lang)
    if isinstance(value, Dated):
        return value.english if lang == "en" else str(value)
    if isinstance(value, datetime):
        return _value(format_time(value), lang)
    if isinstance(value, date):
        return _value(format_day(value), lang)
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, (list, tuple, frozenset, set)):
        return joined([_value(v, lang) for v in value], lang)
    if isinstance(value, (bool, dict)):  # a rules file's value echoed back: in TOML's spelling, not Python's
        return _toml(value)
    return str(value)


def _toml(value: Any) -> str:
    """A value read from TOML, as TOML writes it (``true``, ``{ a = 1, b = "x" }``): a message that
    echoes what the user wrote says it in the file's words ("True" and ``{'a': 1}`` are Python's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return value.isoformat() if isinstance(value, (datetime, date, time)) else str(value)


def joined(parts: Iterable[str], lang: str) -> str:
    """Items listed as ``lang`` lists them in a sentence: 甲、乙 / A, B. The one place a list is joined:
    a message's value that is a list is joined here when rendered, so a caller passes the list itself
    (joined before, a Chinese 、 stood in English sentences)."""
    return ("、" if lang == "zh" else ", ").join(parts)


_MEETING_WORDS = {
    "time.weekday_none": "mtime.weekday_none",
    "time.weekday_several": "mtime.weekday_several",
    "input.days_apart": "mtime.days_apart",
}
"""The shared readers' refusals that name the days, in a meeting table's words (会议日期, not a unit
table's 对接日期): :func:`in_meeting_words`."""


def in_meeting_words(message: Message) -> Message:
    """``message`` as a meeting table says it: its key's meeting wording when it has one
    (:data:`_MEETING_WORDS`), else itself."""
    key = _MEETING_WORDS.get(message.key)
    return message if key is None else Message(key, **message.params)


def refusal(error: Exception, fallback: Message, meetings: bool = False) -> Message:
    """Why a time was refused: the reason :class:`~scheduler.text.times.TimeRefused` gives (a weekday that
    is not its date's, ``周三`` where the campaign has two), else ``fallback`` (it cannot be read); with
    ``meetings``, worded for a meeting table (:data:`_MEETING_WORDS`)."""
    if isinstance(error, TimeRefused):
        said = Message(error.key, **error.params)
        return in_meeting_words(said) if meetings else said
    return fallback


UNWRITABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
"""The characters no output can hold: XML 1.0 (the Word, Excel and HTML files) has no place for a control
character other than the tab and the line breaks, a lone surrogate, U+FFFE or U+FFFF (nor has a calendar
file's text for a control character). A table or rules file holding one is refused when read, not when
its outputs fail half-way; a tab and line breaks stay (a 备注 of several lines). Compiled on first use,
by ``re``'s cache."""

_OUTSIDE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
"""What :func:`writable` writes out: :data:`UNWRITABLE`, and DEL and the C1 controls (``\\x9b`` steers a
terminal as ``ESC [`` does; no one types them)."""


_HELD_BREAKS = str.maketrans("", "", "\t\n\r")
"""The controls every output holds (:data:`UNWRITABLE` leaves them out), set aside before the check at C
speed: a text of several lines (the invites' texts of a rules file) is then not searched either."""


def unwritable(text: str) -> str | None:
    """The first character of ``text`` that no output can hold (:data:`UNWRITABLE`), as ``U+000B``; else ``None``."""
    # At C speed: each character UNWRITABLE names is a control, a surrogate or a non-character, which
    # str.isprintable refuses; most text passes (U+3000 and the like are searched).
    if text.isprintable() or text.translate(_HELD_BREAKS).isprintable():
        return None
    found = re.search(UNWRITABLE, text)
    return None if found is None else f"U+{ord(found[0]):04X}"


def writable(text: str) -> str:
    """``text`` from outside (a reply mail's words, subject, sender) with every character no output can
    hold (:data:`UNWRITABLE`, and the C1 controls) written out as an escape (``\\x1b``, ``\\ufffe``),
    as the terminal shows them: what our files then hold, our readers read back."""
    if text.isprintable():
        return text
    return re.sub(_OUTSIDE, lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str, width: int = 0) -> str:
    """Text on one line (line breaks as `` / ``), cut to ``width`` characters with an ellipsis: a value
    of a one-line sentence that quotes what someone wrote (a reply's words, a table's 备注); characters
    no file can hold are written out (:func:`writable`)."""
    flat = writable(" / ".join(part.strip() for part in text.splitlines() if part.strip()))
    return flat if not width or len(flat) <= width else flat[: width - 1] + "…"


def worded(key: str, people: bool) -> str:
    """``key``, or its ``<key>.people`` twin when the invites go to a meeting table's participants
    (people, 人) rather than to units (单位)."""
    return f"{key}.people" if people else key


def duration(minutes: int) -> Message:
    """A length of time as a sentence says it: ``40 分钟``, ``15 小时``, ``1 小时 30 分钟`` (``40 minutes``,
    ``1 hour 30 minutes``), never decimal hours (``0.67 小时``: QA jobs16 F10): explanations' and counts'
    one formatter of a duration."""
    whole, rest = divmod(minutes, 60)
    if not whole:
        return Message("duration.minutes", minutes=rest)
    if not rest:
        return Message("duration.hours", hours=whole)
    return Message("duration.hours_minutes", hours=whole, minutes=rest)


def shift(minutes: int) -> Message:
    """How far a moved meeting went, as a person says it: ``晚 2 小时`` / ``2 hours later``, ``早 1 天 30
    分钟`` / ``1 day 30 minutes earlier``, ``时间不变`` / ``same time`` (a change of room alone): whole days
    first, then :func:`duration`. The explanation of a replanning's moves says it per meeting."""
    if not minutes:
        return Message("shift.none")
    days, rest = divmod(abs(minutes), 24 * 60)
    if days and rest:
        length: Message = Message("shift.days_and", days=days, rest=duration(rest))
    elif days:
        length = Message("shift.days", days=days)
    else:
        length = duration(rest)
    return Message("shift.later" if minutes > 0 else "shift.earlier", length=length)


def render(message: Message, lang: str = "zh") -> str:
    """The message's sentence in ``lang`` (``zh`` or ``en``: the public ``text(lang)`` and
    ``lines(lang)`` refuse any other, :func:`scheduler.errors.language`)."""
    index = 1 if lang == "en" else 0
    template = (message.own or CATALOG[message.key])[index]
    if "|" in template:
        template = plural(template, message.params)
    return template.format(**{k: _value(v, lang) for k, v in message.params.items()})


_PLURAL = r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}"
"""A plural in a template (compiled on first use, by ``re``'s cache: most sentences have none)."""


def plural(template: str, params: Mapping[str, Any]) -> str:
    """``{count|unit|units}`` in a template: the first word when the value ``count`` is 1, else the second
    (English counts: "1 unit", "2 units", "1 unit has", "2 units have"; Chinese has one form). A count
    given as its text (hours as ``"1"``, ``"1.5"``) counts as its number."""
    return re.sub(_PLURAL, lambda match: match[2] if params.get(match[1]) in (1, "1") else match[3], template)


_INVITES_IN: ContextVar[str] = ContextVar("invites_in", default="zh")
"""The language of the invites and letters being written (:func:`invites_in`): Chinese unless said."""


@contextmanager
def invites_in(lang: str) -> Iterator[None]:
    """Within it, :func:`invite_text` writes in ``lang``: the invites' builders and the letters' composer
    set it from the campaign's language (``[invites] language``, docs/mail.md), whatever the command
    line's ``--lang`` (the people invited read them, not the one who runs the command)."""
    token = _INVITES_IN.set(lang)
    try:
        yield
    finally:
        _INVITES_IN.reset(token)


def invites_language() -> str:
    """The language :func:`invite_text` writes in now (:func:`invites_in`)."""
    return _INVITES_IN.get()


def invite_text(key: str, /, **params: Any) -> str:
    """The catalog sentence ``key`` as an invite or a letter says it: in the invites' language
    (:func:`invites_in`), Chinese by default."""
    return render(Message(key, **params), _INVITES_IN.get())
