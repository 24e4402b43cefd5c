"""The days and half-days of the campaign that free text names: a hint, never a rule.

Two texts are read. A decline's comment: a decline blocks the hour declined (docs/replies.md); when
its words say more ("8日全天不行", "9月8日全天开会", "当天有全局大会", "9月9日上午不在"), ``reschedule
--from-replies`` says which day (or half-day) of the campaign the words name and prints the exact
``--unavailable "单位@9月8日"`` to add by hand. And a table's 备注 (a meeting table's too):
"9月8日上午外出", "周三不行", "只能上午", "请安排在周五" are how clerks write a unit's limits, and
``validate``, ``solve`` and ``reschedule`` say which rule the words look like (docs/formats.md, the
unit table). The words are never read into the rules: free text is too easily misread ("9月9日下午3点
可以吗" proposes that time, so a day followed by a time of day is not named here).

Read here: ``M月D日`` / ``D日`` / ``D号`` (a day of the campaign with that date; without the month,
every campaign day with that day of the month; a weekday after it, ``9月8日（星期三）``, is passed
over; the numbers in digits or in Chinese numerals, ``九月十日``, ``九号``, ``二十一日``, ``廿一日``),
a weekday ``周三`` / ``星期三`` / ``礼拜三`` / ``每周三`` (every campaign day that is a Wednesday),
``当天`` / ``当日`` / ``那天`` / ``这天`` and a bare ``全天`` / ``整天`` (the day declined), each optionally
followed by ``上午`` / ``下午`` (a half-day) or ``全天`` / ``整天``; a bare ``上午`` / ``下午`` ("下午不行")
is that half of the day declined (in a note: of the day named just before with the other half, else of every day),
unless it follows a day not read (a lunar ``初九``, ``明天``, ``周末``): then it names nothing.

Each day named is :class:`Said` one of four ways: :data:`WANTED` after 改到 / 换到 / 安排在 / 只能 ...
("能否改到9日上午", "只能上午": the times the unit asks for, or the only ones it can come; in a meeting's
own note also a day with 召开 / 举行 / 开会 in its clause, "3月10日召开", the day it is held); :data:`FREE`
before 可以 / 有空 ... ("下午可以"); :data:`AWAY` with words of absence in its clause (不行, 外出, 出差,
有会 ..., ``_AWAY_WORDS``; or after 除: "除周三外"); else :data:`NAMED`. A decline's comment takes away
and named days alike (the unit declined); a note only what its words say, so "9月8日前报送材料" or
"携带公章" is no limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from scheduler.text.times import (
    CLOCK_WORDS,
    DAY_PARTS,
    EN_WEEKDAY,
    MONTH,
    WEEKDAY,
    WEEKDAY_NUMBERS,
    Dated,
    format_day,
    normalize,
)

HALVES = ("上午", "下午")
_PART_WORDS = {"": "", "上午": "morning", "下午": "afternoon"}
"""Each half of a day as English writes it after a date (``Sep 8 afternoon``)."""
AWAY, WANTED, FREE, NAMED = "away", "wanted", "free", "named"
"""How a text names a day: one the unit cannot come, one it asks for (or can only come), one it can come,
neither said."""

_PART = r"(?P<part>上午|下午|早上|全天|整天)?"
_CLOCK_AFTER = re.compile(r"^\s*(?:" + "|".join(CLOCK_WORDS) + r")?\s*\d{1,2}\s*(?:[:：点时]|\s*-)")
_SPAN = r"\s*(?:内|之内|以内|后|左右)"
"""Words after a count of days that make it a duration (``十日内``, ``3日后``: within ten days, three days on)."""
_DATE = re.compile(
    r"(?:(?P<m>\d{1,2})\s*月\s*)?(?<!\d)(?P<d>\d{1,2})\s*(?:日|号(?!楼|院|室|房|门|栋|线|车|位|会议室|厅))"
    r"(?(m)|(?!" + _SPAN + r"))\s*" + _PART
)
"""A date: ``9月8日``, ``8日``, ``8号`` (not ``8号楼``, ``3号会议室``; not ``10日内``, a duration, unless a
month is named: ``9月10日内``)."""
_WEEKDAY = re.compile(r"每?" + WEEKDAY + r"\s*" + _PART)
_DATED_WEEKDAY = re.compile(r"(?<=[日号])\s*(?:\(\s*" + WEEKDAY + r"\s*\)|" + WEEKDAY + r")")
"""``9月8日（星期三）``: the date says the day; its weekday is passed over (the time parser checks it)."""
_THAT_DAY = re.compile(r"(?:当天|当日|那天|那日|这天|这一天|那一天)\s*" + _PART)
_ALONE = re.compile(r"全天|整天|上午|下午|早上")
_ASKED_FOR = re.compile(
    r"(?:改到|改为|改在|改成|换到|换成|调到|调整到|安排到|安排在|只能|只有|只在|仅能|仅在|仅限)[^，,。；;、不别勿]{0,4}$"
)
"""Words before a day that make it the day asked for ("能否改到9日上午", "只能上午"), not one the unit cannot come."""
_FREE_AFTER = re.compile(r"^\s*(?:都?可以|行吗|也行|都行|有空|方便|能来|没问题)")
"""Words after a day that make it a day the unit can come ("下午可以")."""
_EXCEPT_BEFORE = re.compile(r"除了?\s*$")
"""A day after 除 is one the unit cannot come ("除周三外都可以")."""
_AWAY_WORDS = re.compile(
    r"不行|不能|不可|不在|不便|不方便|无法|没空|没时间|来不了|去不了|参加不了|不参加|缺席|外出|出差|出访|请假|休假"
    r"|有会(?!员|计)|开会|大会(?!议室)|有事|有活动|有任务|冲突|培训|值班|调研|下乡"
)
"""Words of absence: a day named in the same clause as one of them is one the unit cannot come."""
_EN_AWAY = re.compile(
    r"(?i)\b(?:can'?t|cannot|can not|could ?n[o']t|unable|not (?:available|free|possible|come|attend|in)|unavailable"
    r"|away|busy|out of (?:the )?office|on leave|on holiday|on vacation|absent|off sick|travell?ing|no good)\b"
)
"""English words of absence (QA qaeng22 F5), as :data:`_AWAY_WORDS`."""
_EN_ASKED_FOR = re.compile(
    r"(?i)\b(?:only|just|prefer(?:ably|red)?|move (?:it |us )?to|change (?:it )?to)\b[^,.;]{0,8}$"
)
"""English words before a day that make it the one asked for ("only on Wednesday", "prefer 上午")."""
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH_DAY = re.compile(rf"(?i)\b(?P<m>{MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])")
_EN_DAY_MONTH = re.compile(rf"(?i)(?<![\d:])\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<m>{MONTH})")
_EN_WEEKDAY_WORD = re.compile(rf"(?i)\b{EN_WEEKDAY}")
_EN_HALVES = re.compile(r"(?i)\b(?:(?P<am>mornings?)|(?P<pm>afternoons?)|(?P<all>all day|whole day))\b")


def _chinese_days(text: str) -> str:
    """``text`` with its English dates, weekdays and halves of days in the Chinese forms the readers
    below take (``Sep 9`` → ``9月9日``, ``Wednesday`` → ``周三``, ``morning`` → ``上午``): a note or a
    reply written in English names its days as a Chinese one does (QA qaeng22 F5)."""

    def date_of(found: re.Match[str]) -> str:
        return f"{_EN_MONTHS.index(found['m'][:3].lower()) + 1}月{int(found['d'])}日"

    def weekday_of(found: re.Match[str]) -> str:
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        return "周" + "一二三四五六日"[names.index(found[1][:3].lower())]

    def half_of(found: re.Match[str]) -> str:
        return "上午" if found["am"] else "下午" if found["pm"] else "全天"

    if not re.search(r"[A-Za-z]", text):  # most notes: Chinese alone
        return text
    text = _EN_DAY_MONTH.sub(date_of, _EN_MONTH_DAY.sub(date_of, text))
    return _EN_HALVES.sub(half_of, _EN_WEEKDAY_WORD.sub(weekday_of, text))


_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")
_HELD = re.compile(r"(?<![不未别勿])(?:召开|举行|举办|开会)")
"""Words that, in a meeting's own note, say when it is held ("3月10日召开", "定于周二上午举行"): the day
is the one asked for, unless the clause holds words of absence besides ("3月10日外出，不能召开")."""


_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"[〇零一二三四五六七八九十廿卅]{1,3}"
_CHINESE_DATE = re.compile(
    r"(?<![初第每周期礼拜〇零一二两三四五六七八九十廿卅])(?:(?P<m>" + _NUMERAL + r"|\d{1,2})\s*月\s*)?"
    r"(?P<d>" + _NUMERAL + r")(?=\s*[日号])(?(m)|(?!\s*[日号]" + _SPAN + r"))"
)
"""A date in Chinese numerals: ``九号``, ``十日``, ``二十一日``, ``九月九日`` (not ``初九``, a lunar day; not
``星期日``, ``第一日``; not ``十日内``, a duration)."""
_UNPLACED = re.compile(
    r"(?:初[一二三四五六七八九十]{1,2}|[明后昨今]天|[明后昨今]日|大后天|周末|月[初底中]|下周|上周)\s*$"
)
"""Days the reader cannot place on the campaign's calendar (a lunar 初九, 明天, 周末): a half-day after one
is that day's, unknown, so not the declined day's nor every day's."""


def _number(numeral: str) -> int | None:
    """The value of a Chinese numeral of a day or month (``九`` 9, ``十`` 10, ``二十一`` 21, ``廿一`` 21), else
    ``None``."""
    tens_mark = next((c for c in numeral if c in "十廿卅"), "")
    if not tens_mark:
        return _DIGITS.get(numeral) if len(numeral) == 1 else None
    before, _, after = numeral.partition(tens_mark)
    if tens_mark != "十" and before:
        return None
    tens = {"廿": 2, "卅": 3}.get(tens_mark) or (_DIGITS.get(before) if before else 1)
    ones = _DIGITS.get(after) if after else 0
    if tens is None or ones is None or len(before) > 1 or len(after) > 1:
        return None
    return tens * 10 + ones


def _arabic(text: str) -> str:
    """``text`` with its dates in Chinese numerals in digits (``九月十日`` → ``9月10日``), so they are read as
    the others are; a numeral that is no day of a month (or no month) is left as written."""

    def digits(found: re.Match[str]) -> str:
        day = _number(found["d"])
        written = found["m"]
        month = None if written is None else int(written) if written.isdigit() else _number(written)
        if day is None or not 1 <= day <= 31 or (written is not None and (month is None or not 1 <= month <= 12)):
            return found[0]
        return (f"{month}月" if month is not None else "") + str(day)

    return _CHINESE_DATE.sub(digits, text)


@dataclass(frozen=True, order=True)
class NamedDay:
    """A day of the campaign a text names, whole (``part`` empty) or one half (上午, 下午)."""

    day: date
    part: str = ""

    def text(self) -> str:
        """As ``--unavailable`` takes it: ``9月8日``, ``9月8日下午``."""
        day = format_day(self.day)
        return Dated(f"{day}{self.part}", f"{day.english} {_PART_WORDS[self.part]}".rstrip())


@dataclass(frozen=True, order=True)
class Said:
    """A day a text names and how (:data:`AWAY`, :data:`WANTED` or :data:`NAMED`)."""

    named: NamedDay
    how: str


def _part(word: str | None) -> str:
    return "上午" if word in ("上午", "早上") else "下午" if word == "下午" else ""


def _how(text: str, start: int, end: int, held: bool = False) -> str:
    """How the words around ``text[start:end]`` (a day) name it; ``held``: the text is a meeting's own
    note, where 召开 / 举行 / 开会 say the day it is held (:data:`_HELD`)."""
    before, after = text[:start], text[end:]
    if _ASKED_FOR.search(before) or _EN_ASKED_FOR.search(before):
        return WANTED
    if _FREE_AFTER.match(after):
        return FREE
    if _EXCEPT_BEFORE.search(before):
        return AWAY
    clause = next((m for m in _CLAUSE.finditer(text) if m.start() <= start < m.end()), None)
    words = clause[0] if clause is not None else ""
    if held and _HELD.search(words) and not _AWAY_WORDS.search(_HELD.sub("", words)):
        return WANTED
    if _AWAY_WORDS.search(words) or _EN_AWAY.search(words):
        return AWAY
    return NAMED


def days_said(text: str, days: Iterable[date], declined: Iterable[datetime] | None, held: bool = False) -> list[Said]:
    """The campaign ``days`` (or half-days) that ``text`` names, each with how it names it, in date order.
    ``held``: ``text`` is a meeting's own 备注, where "3月10日召开" is the day asked for (:data:`_HELD`).

    ``declined``: the times a decline blocks (当天 and a bare 全天 are their days, a bare 上午 their
    mornings); ``None`` for a note (当天 names nothing; a bare 下午 is the afternoon of the day named last
    before it with its morning, else of every campaign day: "9月8日上午外出，下午可以", "只能下午"). A day
    followed by a time of day is not named; a whole day covers its halves said the same way."""
    text = _DATED_WEEKDAY.sub("", _arabic(_chinese_days(normalize(text))))
    campaign = sorted(set(days))
    declined_days = None if declined is None else sorted({moment.date() for moment in declined})
    found: set[Said] = set()
    spans: list[tuple[int, int]] = []
    earlier: list[tuple[int, list[date], str]] = []  # where each date or weekday ends, its days and half

    def add(match: re.Match[str], on: list[date]) -> None:
        spans.append(match.span())
        part = match["part"]
        earlier.append((match.end(), on, _part(part)))
        if part in HALVES and _CLOCK_AFTER.match(part + text[match.end() :]):
            return  # 9日下午3点: a time proposed or declined, not a half-day
        how = _how(text, match.start(), match.end(), held)
        found.update(Said(NamedDay(day, _part(part)), how) for day in on)

    for match in _DATE.finditer(text):
        if match["part"] is None and _CLOCK_AFTER.match(text[match.end() :]):
            spans.append(match.span())
            continue  # 9月9日 15:00
        month, day = (int(match["m"]) if match["m"] else None), int(match["d"])
        add(match, [d for d in campaign if d.day == day and (month is None or d.month == month)])
    for match in _WEEKDAY.finditer(text):
        if match["part"] is None and _CLOCK_AFTER.match(text[match.end() :]):
            spans.append(match.span())
            continue  # 周五 15:00
        add(match, [d for d in campaign if d.weekday() == WEEKDAY_NUMBERS[match[1]]])
    for match in _THAT_DAY.finditer(text):
        add(match, declined_days or [])
    for match in _ALONE.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        if _CLOCK_AFTER.match(text[match.start() :]):
            continue  # 下午3点: a time of day
        if _UNPLACED.search(text[: match.start()]):
            continue  # 初九下午, 明天下午: a day not placed, whose half is no day's we know
        half = _part(match[0])
        before = [(on, part) for end, on, part in earlier if end <= match.start()]
        context = declined_days
        if context is None:  # a note: "9月8日上午外出，下午可以" is that day's other half, "只能下午" every day's
            context = before[-1][0] if before and before[-1][1] in HALVES and before[-1][1] != half else campaign
        how = _how(text, match.start(), match.end(), held)
        found.update(Said(NamedDay(day, half), how) for day in context)
    whole = {(said.named.day, said.how) for said in found if not said.named.part}
    return sorted(said for said in found if not said.named.part or (said.named.day, said.how) not in whole)


def merged(named: Iterable[NamedDay]) -> list[NamedDay]:
    """``named`` in date order, without the halves of days named whole."""
    days = set(named)
    whole = {each.day for each in days if not each.part}
    return sorted(each for each in days if not each.part or each.day not in whole)


def named_days(
    comment: str, declined: Iterable[datetime], days: Iterable[date], proposed: datetime | None = None
) -> list[NamedDay]:
    """The campaign ``days`` (or half-days) that a decline's ``comment`` names as days the unit cannot
    come, ``declined`` being the times the decline blocks, in date order; none it asks for or can come.

    ``proposed``: the time a counter proposal asks for. Its comment names that day more often than not
    ("建议9日下午", "10号上午&ok"): only days named with a word of absence count then, and never the day or
    half-day the proposed time falls in."""
    wanted = (AWAY,) if proposed is not None else (AWAY, NAMED)
    found = merged(s.named for s in days_said(comment, days, declined) if s.how in wanted)
    return [each for each in found if proposed is None or not _holds(each, proposed)]


def _holds(named: NamedDay, moment: datetime) -> bool:
    """Whether ``moment`` falls in the day or half-day ``named``."""
    first, last = DAY_PARTS[named.part or "全天"]
    return moment.date() == named.day and first <= moment.time() <= last


def not_blocked(named: Iterable[NamedDay], slots: Iterable[datetime], blocked: set[datetime]) -> list[NamedDay]:
    """Of ``named``, those with a meeting slot (of ``slots``) the unit is not already unavailable at."""
    out = []
    for each in named:
        in_it = covered(each, slots)
        if any(s not in blocked for s in in_it):
            out.append(each)
    return out


def covered(named: NamedDay, slots: Iterable[datetime]) -> list[datetime]:
    """The meeting ``slots`` that start in ``named`` (a day, or its half by the start, as "Times of day" says)."""
    first, last = DAY_PARTS[named.part or "全天"]
    return [s for s in slots if s.date() == named.day and first <= s.time() <= last]
