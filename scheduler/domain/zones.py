"""Which names a campaign's time zone may have, and the one line for a name it may not: the one check of
a zone, for the calendars (:class:`~scheduler.domain.Calendar`, ``Workdays``) and every reader of a rules
file's ``timezone``.

A zone is an IANA name (``Asia/Shanghai``, ``America/New_York``). Refused besides a name the database
lacks (the decision, docs/formats.md ``timezone``): the abbreviations and fixed offsets offices write for
their city's clock (``EST``, ``MST``, ``HST``, ``GMT``, ``CST``, ``BST``, ``UTC+8``). Some are names of
the database (``EST`` is UTC-5 all year), but an office writing ``EST`` means New York's clock, which
is on UTC-4 in summer: taken as written, a July campaign's invites would be an hour off in every
calendar without a word (QA qadst23 F2). ``UTC`` and the explicit ``Etc/GMT+5`` stay: who writes
them means a clock without summer time. Never read as the zone meant: a guess would put a campaign
in the wrong hours; the refusal names the zones meant, in the reader's language where the same
letters mean two places (``CST``: Beijing for a Chinese reader, Chicago first for an English one).
"""

from __future__ import annotations

import re
from functools import lru_cache

from scheduler.text.messages import Message

_ABBREVIATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # written (lower case, no spaces): (the zones meant for a Chinese reader, for an English reader)
    "cst": (("Asia/Shanghai", "America/Chicago"), ("America/Chicago", "Asia/Shanghai")),
    "cdt": (("America/Chicago",), ("America/Chicago",)),
    "est": (("America/New_York",), ("America/New_York",)),
    "edt": (("America/New_York",), ("America/New_York",)),
    "mst": (("America/Denver", "America/Phoenix"), ("America/Denver", "America/Phoenix")),
    "mdt": (("America/Denver",), ("America/Denver",)),
    "pst": (("America/Los_Angeles",), ("America/Los_Angeles",)),
    "pdt": (("America/Los_Angeles",), ("America/Los_Angeles",)),
    "hst": (("Pacific/Honolulu",), ("Pacific/Honolulu",)),
    "akst": (("America/Anchorage",), ("America/Anchorage",)),
    "gmt": (("Europe/London", "UTC"), ("Europe/London", "UTC")),
    "bst": (("Europe/London",), ("Europe/London",)),
    "ist": (("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"), ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")),
    "cest": (("Europe/Berlin", "Europe/Paris"), ("Europe/Berlin", "Europe/Paris")),
    "jst": (("Asia/Tokyo",), ("Asia/Tokyo",)),
    "kst": (("Asia/Seoul",), ("Asia/Seoul",)),
    "hkt": (("Asia/Hong_Kong",), ("Asia/Hong_Kong",)),
    "sgt": (("Asia/Singapore",), ("Asia/Singapore",)),
    "aest": (("Australia/Sydney", "Australia/Brisbane"), ("Australia/Sydney", "Australia/Brisbane")),
    "aedt": (("Australia/Sydney",), ("Australia/Sydney",)),
}
"""Abbreviations offices write for a zone, with the zones each may mean: a hint, never read."""

_WORDS = {
    "beijing": "Asia/Shanghai",
    "北京": "Asia/Shanghai",
    "北京时间": "Asia/Shanghai",
    "中国": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "asia/beijing": "Asia/Shanghai",
}
"""What offices write for China's zone, each meaning Asia/Shanghai (a hint, never read as it)."""

REFUSED_ZONES = frozenset({"EST", "MST", "HST", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"})
"""Names of the database that are a fixed offset but written by offices for a city's clock that has
summer time (``EST`` for New York, ``GMT`` for London): refused, their city's zone named."""

_OFFSET_PLACES = {
    -8: "America/Los_Angeles",
    -7: "America/Denver",
    -6: "America/Chicago",
    -5: "America/New_York",
    0: "Europe/London",
    1: "Europe/Berlin",
    8: "Asia/Shanghai",
    9: "Asia/Tokyo",
    10: "Australia/Sydney",
}
"""A place for a fixed offset's refusal to name (an example: the office's may be another at that offset)."""

_OFFSET = r"^(?:utc|gmt)([+-])(\d{1,2})(?::?00)?$"
"""A fixed offset written as a zone (``UTC+8``, ``gmt-05:00``); compiled when a refusal is worded, not at
import (tests/test_startup.py: solving compiles only the patterns it matches)."""


def known_timezone(name: object) -> bool:
    """Whether ``name`` is a zone a campaign may be in: a string naming a zone of the IANA database
    (``Asia/Shanghai``) other than the fixed-offset abbreviations offices write for their city's clock
    (``EST``, ``GMT``: :data:`REFUSED_ZONES`). zoneinfo is loaded at the first check (every command
    that makes a calendar), each name looked up once."""
    return isinstance(name, str) and name not in REFUSED_ZONES and _zone_exists(name)


def timezone_refusal(value: object) -> Message:
    """The one line for a ``timezone`` :func:`known_timezone` refuses: the zones meant when the value is an
    abbreviation or a fixed offset (``EST``, ``CST``, ``BST``, ``UTC+8``), a zone in another case
    (``asia/shanghai``) or a name close to zones (``Europe/Londn``, ``London``); else with an example."""
    text = str(value).strip()
    key = text.lower().replace(" ", "")
    if key in _ABBREVIATIONS:
        for_zh, for_en = _ABBREVIATIONS[key]
        return Message("input.timezone_abbreviation", value=value, zh=_listed(for_zh, "或"), en=_listed(for_en, "or"))
    offset = re.match(_OFFSET, key)
    if offset is not None:
        sign, hours = offset.group(1), int(offset.group(2))
        fixed = "UTC" if hours == 0 else f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"  # Etc/ signs are reversed
        place = _OFFSET_PLACES.get(hours if sign == "+" else -hours)
        zh, en = (place, place) if place else ("Asia/Shanghai", "Europe/London")  # else only an example
        return Message("input.timezone_offset", value=value, zh=zh, en=en, fixed=fixed)
    close: tuple[str, ...] = (_WORDS[key],) if key in _WORDS else _close_zones(text)
    if close:
        return Message("input.timezone_meant", value=value, zh=_listed(close, "或"), en=_listed(close, "or"))
    return Message("input.timezone", value=value)


def _listed(zones: tuple[str, ...], word: str) -> str:
    return f" {word} ".join(zones)


def _close_zones(text: str) -> tuple[str, ...]:
    """The zones of the database ``text`` may be meant as: the one in another case (``asia/shanghai``),
    the ones whose city it names (``London``, ``new york``), else up to three of the closest names
    (:mod:`difflib`: ``Europe/Londn``)."""
    from zoneinfo import available_timezones

    zones = sorted(z for z in available_timezones() if known_timezone(z))
    lower = {z.lower(): z for z in zones}
    wanted = text.lower().replace(" ", "_")
    if wanted in lower:
        return (lower[wanted],)
    cities = tuple(z for z in zones if "/" in z and z.rsplit("/", 1)[1].lower() == wanted)
    if cities:
        return cities[:3]
    import difflib

    return tuple(lower[z] for z in difflib.get_close_matches(wanted, list(lower), n=3, cutoff=0.8))


@lru_cache(maxsize=64)
def _zone_exists(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones ("Asia")
        return False
    return True
