"""Days a decline's words name, turned into the ``--unavailable`` a user may add: a hint, never a rule.

A decline blocks the hour declined (docs/replies.md). When its comment says more ("8日全天不行",
"9月8日全天开会", "当天有全局大会", "9月9日上午不在"), ``reschedule --from-replies`` says which day (or
half-day) of the campaign the words name and prints the exact ``--unavailable "单位@9月8日"`` to
add by hand. The words are not read into the rules: free text is too easily misread ("9月9日下午3点
可以吗" proposes that time, so a day followed by a time of day is not named here, nor one after
改到 / 换到 / 安排在 ... or before 可以 / 有空 ...: "能否改到9日上午" asks for it).

Read here: ``M月D日`` / ``D日`` / ``D号`` (a day of the campaign with that date; without the month,
every campaign day with that day of the month), ``当天`` / ``当日`` / ``那天`` / ``这天`` and a bare
``全天`` / ``整天`` (the day declined), each optionally followed by ``上午`` / ``下午`` (a half-day) or
``全天`` / ``整天``; a bare ``上午`` / ``下午`` ("下午不行") is that half of the day declined. A day or
half-day whose meeting slots are all unavailable to the unit already is not named again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from scheduler.text.times import CLOCK_WORDS, DAY_PARTS, format_day, normalize

HALVES = ("上午", "下午")
_PART = r"(?P<part>上午|下午|早上|全天|整天)?"
_CLOCK_AFTER = re.compile(r"^\s*(?:" + "|".join(CLOCK_WORDS) + r")?\s*\d{1,2}\s*(?:[:：点时]|\s*-)")
_DATE = re.compile(r"(?:(?P<m>\d{1,2})\s*月\s*)?(?<!\d)(?P<d>\d{1,2})\s*[日号]\s*" + _PART)
_THAT_DAY = re.compile(r"(?:当天|当日|那天|那日|这天|这一天|那一天)\s*" + _PART)
_ALONE = re.compile(r"全天|整天|上午|下午|早上")
_ASKED_FOR = re.compile(r"(?:改到|改为|改在|改成|换到|换成|调到|调整到|安排到|安排在)[^，,。；;、]{0,4}$")
"""Words before a day that make it the day asked for ("能否改到9日上午"), not one the unit cannot come."""
_FREE_AFTER = re.compile(r"^\s*(?:可以|行吗|也行|都行|有空|方便|能来|没问题)")
"""Words after a day that make it a day the unit can come ("下午可以")."""


@dataclass(frozen=True, order=True)
class NamedDay:
    """A day of the campaign a comment names, whole (``part`` empty) or one half (上午, 下午)."""

    day: date
    part: str = ""

    def text(self) -> str:
        """As ``--unavailable`` takes it: ``9月8日``, ``9月8日下午``."""
        return f"{format_day(self.day)}{self.part}"


def _part(word: str | None) -> str:
    return "上午" if word in ("上午", "早上") else "下午" if word == "下午" else ""


def named_days(comment: str, declined: Iterable[datetime], days: Iterable[date]) -> list[NamedDay]:
    """The campaign ``days`` (or half-days) that ``comment`` names, ``declined`` being the times the
    decline blocks (for 当天 and a bare 全天), in date order; none for a day followed by a time of day."""
    text = normalize(comment)
    campaign = sorted(set(days))
    declined_days = sorted({moment.date() for moment in declined})
    found: set[NamedDay] = set()
    spans: list[tuple[int, int]] = []
    for match in _DATE.finditer(text):
        spans.append(match.span())
        if match["part"] is None and _CLOCK_AFTER.match(text[match.end() :]):
            continue  # 9月9日 15:00, 9日下午3点: a time proposed or declined, not a day
        if match["part"] in HALVES and _CLOCK_AFTER.match(match["part"] + text[match.end() :]):
            continue
        if _ASKED_FOR.search(text[: match.start()]) or _FREE_AFTER.match(text[match.end() :]):
            continue
        month, day = (int(match["m"]) if match["m"] else None), int(match["d"])
        for each in campaign:
            if each.day == day and (month is None or each.month == month):
                found.add(NamedDay(each, _part(match["part"])))
    for match in _THAT_DAY.finditer(text):
        spans.append(match.span())
        if match["part"] in HALVES and _CLOCK_AFTER.match(match["part"] + text[match.end() :]):
            continue
        if _FREE_AFTER.match(text[match.end() :]) or _ASKED_FOR.search(text[: match.start()]):
            continue
        found.update(NamedDay(day, _part(match["part"])) for day in declined_days)
    for match in _ALONE.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        if _CLOCK_AFTER.match(text[match.start() :]) or _FREE_AFTER.match(text[match.end() :]):
            continue  # 下午3点: a time of day; 下午可以: a time the unit can come
        if _ASKED_FOR.search(text[: match.start()]):
            continue  # 改到周五下午
        found.update(NamedDay(day, _part(match[0])) for day in declined_days)
    whole = {named.day for named in found if not named.part}
    return sorted(named for named in found if not named.part or named.day not in whole)


def not_blocked(named: Iterable[NamedDay], slots: Iterable[datetime], blocked: set[datetime]) -> list[NamedDay]:
    """Of ``named``, those with a meeting slot (of ``slots``) the unit is not already unavailable at."""
    out = []
    for each in named:
        first, last = DAY_PARTS[each.part or "全天"]
        in_it = [s for s in slots if s.date() == each.day and first <= s.time() <= last]
        if any(s not in blocked for s in in_it):
            out.append(each)
    return out
