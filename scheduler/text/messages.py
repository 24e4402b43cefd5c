"""Every user-facing sentence, in Chinese (default) and English, in one catalog.

Code raises and returns :class:`Message` objects (a key and its values); the
edge renders them with :func:`render` in the user's language. Times are always
written the way the notice writes them (``9月10日 9:00``), in both languages,
because that is how the units and the office refer to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from scheduler.text.catalog import (
    cli,
    common,
    formats,
    invites,
    mail,
    meetings,
    replies,
    rules,
    safety,
    solving,
    web,
)
from scheduler.text.times import format_time

LANGS = ("zh", "en")

AREAS = (cli, common, formats, invites, mail, meetings, replies, rules, safety, solving, web)
"""Each area's catalog module; a new area (a new package's messages) adds its module here."""


def _merged() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for area in AREAS:
        clash = out.keys() & area.ENTRIES.keys()
        if clash:
            raise AssertionError(f"message keys defined twice: {sorted(clash)}")
        out.update(area.ENTRIES)
    return out


CATALOG: Mapping[str, tuple[str, str]] = _merged()


@dataclass(frozen=True)
class Message:
    """A catalog key and the values its sentence needs."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, /, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)

    def text(self, lang: str = "zh") -> str:
        return render(self, lang)


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return f"{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, (list, tuple, frozenset, set)):
        parts = [_value(v, lang) for v in value]
        return ("、" if lang == "zh" else ", ").join(parts)
    return str(value)


def render(message: Message, lang: str = "zh") -> str:
    """The message's sentence in ``lang`` (``zh`` or ``en``)."""
    index = 1 if lang == "en" else 0
    template = CATALOG[message.key][index]
    return template.format(**{k: _value(v, lang) for k, v in message.params.items()})
