"""Reading and writing times the way the office writes them.

Accepted notations (full-width digits and colons are accepted too):

* the notice's own: ``9 月 8 日 8:00``, ``9月8日8:00``, ``2021年9月8日 8时``, ``9月8日下午3点``;
* ISO-like: ``2021-09-08 08:00``, ``2021/9/8 8:00``, ``2021-09-08T08:00:00``.

A clock time may open with a part of the day (``中午1点`` is 13:00): :data:`DAY_HOURS` says which
hours each word names; any other is refused.

Where a span of meeting times is wanted (who cannot come, who can come only
then) the office's parts of a day are accepted too, naming the same hours: ``9月8日上午``,
``9月8日下午``, ``9月8日晚上``, ``9月8日全天``, and without a date, every day's: ``上午``,
``每天下午`` (see :data:`DAY_PARTS` and :func:`parse_times`).

A date written without a year takes the year that puts it nearest the campaign (:func:`nearest_year`).
Times are naive local datetimes; the campaign's time zone says where they are.

Dates may be written in English too (``8 Sep``, ``Sep 8, 2021``: :data:`_EN_DATE`).

Weekdays (``周三``, ``星期三``, ``礼拜三``; ``周日``/``星期天`` is Sunday) are read as notices write them
(:data:`WEEKDAY`), and in English (``Wed``, ``Wednesday``: :data:`EN_WEEKDAY`): after a date, or before
it, they are checked against it (``9月14日（星期六）``, ``Sat 14 Sep``: refused, with
:class:`TimeRefused`, when 9月14日 is another day of the week); alone (``周三 9:00``, ``每周三下午``) they
name the campaign's days of that weekday, which only :class:`CampaignDays` knows. A weekday that
names several campaign days means all of them where times are a span (:func:`parse_times`: who
cannot come, who can come only then) and is refused where one time is meant (:func:`parse_datetime`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # mypy sees the class where it is; at run time it loads with the first one made
    from scheduler.text.named_times import Times

YearResolver = Callable[[int, int], int]
"""Maps (month, day) to the year a year-less date belongs to. The campaign's (:class:`CampaignDays`,
what :func:`year_resolver` makes) also says which days a weekday written alone names; with any other,
``周三`` is no time."""

WEEKDAY = r"(?:周|星期|礼拜)([一二三四五六日天])"
"""A weekday as notices write it, its number word in the group: ``周三``, ``星期三``, ``礼拜三``, ``周日``."""
WEEKDAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
"""A weekday's number word -> :meth:`date.weekday` (Monday 0)."""
_ZH_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_WEEKDAY = (
    r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"\.?(?![a-z])"
)
"""A weekday in English, whole or cut short, any case (read with :data:`re.IGNORECASE`): ``Wed``, ``Wed.``,
``Wednesday``, ``Thurs``; its name in the group (:func:`_weekday_number`)."""
_ANY_WEEKDAY = rf"(?:{WEEKDAY}|{EN_WEEKDAY})"
"""A weekday in Chinese (its number word in group 1) or in English (its name in group 2)."""
# The weekdays' patterns, the English date and the English time words' are compiled on first use, by
# ``re``'s own cache (as the spans' below): a table of the notice's own times (9月8日 8:00) never matches
# them, and compiled at import they cost every command's start-up (docs/performance.md).
_DATED_WEEKDAY = r"(?i)^(?:\(\s*" + _ANY_WEEKDAY + r"\s*\)|" + _ANY_WEEKDAY + r")\s*,?\s*"
_LEADING_WEEKDAY = r"(?i)^每?\s*" + _ANY_WEEKDAY + r"\s*,?\s*(?P<rest>.*)$"

_CN_DATE = re.compile(r"^(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]\s*(?P<rest>.*)$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?P<rest>.*)$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
"""A month in English, whole or cut short (read with :data:`re.IGNORECASE`): ``Sep``, ``Sept.``, ``September``."""
_EN_DATE = (
    r"(?i)^(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?P<mon>" + MONTH + r")|(?P<mon2>" + MONTH + r")\s*(?P<d2>\d{1,2})"
    r"(?:st|nd|rd|th)?(?!\d|\s*[:：时点]))(?:\s*,?\s*(?P<y>\d{4})(?![\d:：]))?\s*,?(?P<rest>.*)$"
)
"""A date in English, as an English-speaking office writes it: ``8 Sep``, ``Sep 8``, ``September 8th``,
``8 Sep 2021``, ``Sep 8, 2021`` (a weekday before it, ``Wed 8 Sep``, or after it, ``Sep 8 (Wednesday)``, is
checked against it as a Chinese one is)."""


def _weekday_number(match: re.Match[str], first: int = 1) -> int:
    """The weekday (Monday 0) a match of :data:`_ANY_WEEKDAY` names, from its groups ``first`` and ``first + 1``
    (a Chinese number word or an English name)."""
    if match[first]:
        return WEEKDAY_NUMBERS[match[first]]
    return [name[:2] for name in _EN_WEEKDAYS].index(match[first + 1][:2].capitalize())


def _date_match(text: str) -> re.Match[str] | None:
    """``text`` read as opening with a date, in any notation: the notice's, ISO-like, English."""
    return _CN_DATE.match(text) or _ISO_DATE.match(text) or re.match(_EN_DATE, text)


def _month_day(match: re.Match[str]) -> tuple[int, int]:
    """The month and day a :func:`_date_match` holds."""
    if match.re.pattern == _EN_DATE:
        month = _MONTHS.index((match["mon"] or match["mon2"])[:3].lower()) + 1
        return month, int(match["d"] or match["d2"])
    return int(match["m"]), int(match["d"])


DAY_HOURS: dict[str, tuple[int, int]] = {
    "凌晨": (0, 6),
    "早上": (5, 11),
    "早晨": (5, 11),
    "上午": (5, 11),
    "中午": (11, 14),
    "下午": (12, 18),
    "傍晚": (16, 19),
    "晚上": (18, 23),
    "夜里": (20, 23),
    "夜间": (20, 23),
    "全天": (0, 23),
    "整天": (0, 23),
}
"""The parts of a day and the hours of the day each names, first to last: one table for both places a
part is read, so ``晚上6点`` is 18:00 and a meeting at 18:00 is one of ``9月8日晚上``'s (and of its
``下午``: the office's afternoon session ends with the 18:00 meeting).

* Before a clock time (``中午1点``, ``晚上8:30``; :data:`CLOCK_WORDS`): the hour written, on either half
  of the clock (``中午1点`` 13:00, ``下午15:00``), that falls in the part's hours. Any other is refused,
  not guessed: ``中午8点`` means nothing, ``晚上12点`` and ``夜里2点`` are past midnight, another day
  than the one written, ``上午12点`` is read both ways, ``上午1点`` is a 凌晨 hour or a slip for 下午.
* Alone (``9月8日晚上``, ``每天上午``; :data:`DAY_PARTS`: 上午, 早上, 下午, 晚上, 全天 and 整天, the
  words offices use for a span): the span from its first hour to the end of its last."""

CLOCK_WORDS = tuple(word for word in DAY_HOURS if word not in ("全天", "整天"))
"""The parts of a day that may open a clock time (全天 and 整天 name no hour)."""

DAY_PARTS: dict[str, tuple[time, time]] = {
    word: (time(first), time.max if last == 23 else time(last, 59, 59))
    for word, (first, last) in DAY_HOURS.items()
    if word in ("凌晨", "上午", "早上", "下午", "晚上", "全天", "整天")
}
"""Each part of a day as a span (:data:`DAY_HOURS`): 凌晨 0:00-6:59, 上午 (早上) 5:00-11:59, 下午
12:00-18:59, 晚上 from 18:00, 全天 (整天) all day."""


def _hour_of(word: str, hour: int) -> int | None:
    """The hour of the day ``hour`` written after ``word`` means; ``None`` when none of its part's hours, or
    both halves of the clock, fit."""
    first, last = DAY_HOURS[word]
    meant = {each for each in (hour, hour + 12 if 1 <= hour <= 11 else hour) if first <= each <= last}
    return meant.pop() if len(meant) == 1 else None


_CLOCK = re.compile(
    r"^(?P<ampm>" + "|".join(CLOCK_WORDS) + r")?\s*(?P<h>\d{1,2})\s*"
    r"(?:[:]\s*(?P<m>\d{2})(?:\s*[:]\s*(?P<s>\d{2}))?|[时点](?:\s*(?P<m2>\d{1,2})\s*分?|(?P<half>半))?)$"
)
# The spans (:func:`parse_span`) are compiled on first use, by ``re``'s own cache: reading a table
# of meeting times never needs them, and every command would compile them at start-up.
# A clock span's end may be the day's end, 24:00 or 晚上12点, as a working period's (:data:`_DAY_END`).
_RANGE_CLOCK = (
    r"^(?P<a>.+?)\s*(?:-|–|—|~|至|到)\s*"
    r"(?P<b>\d{1,2}\s*(?::\s*\d{2}|[时点])|(?:晚上|夜里|夜间)\s*12\s*(?::\s*00|[时点]整?))$"
)
# A bare hyphen splits a span only before a date (ISO, 9月8日, or English: 8 Sep, Sep 8), as in
# ``8 Sep-9 Sep``; elsewhere it is a date's own (2021-09-08) or a clock span's (_RANGE_CLOCK).
_RANGE_FULL = (
    r"^(?P<a>.+?)\s*(?:–|—|~|至|到|\s-\s|-(?=\s*(?:\d{4}\s*[-/.年]|\d{1,2}\s*月"
    r"|\d{1,2}(?:st|nd|rd|th)?\s*(?i:" + MONTH + r")|(?i:" + MONTH + r")\s*\d{1,2})))\s*(?P<b>.+)$"
)


EVERY_DAY = "每天"


class NoYear(ValueError):
    """A date written without a year where nothing says which year it is (no ``year_of`` given)."""


class TimeRefused(ValueError):
    """A time refused for a reason worth telling rather than "cannot read it" (a weekday that is not
    its date's, or that names several campaign days where one is meant): ``key``, a catalog key, and
    its ``params``, which the reader naming the file, line or option makes a message of
    (:func:`scheduler.text.messages.refusal`)."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _weekday_words(key: str, weekday: int) -> dict[str, str]:
    """A message's values naming ``weekday``: ``key`` in Chinese (星期三), ``<key>_en`` in English."""
    return {key: _ZH_WEEKDAYS[weekday], f"{key}_en": _EN_WEEKDAYS[weekday]}


def _checked_weekday(day: date, rest: str, check: bool) -> str:
    """``rest`` (what follows a date) without the weekday it opens with, which must be ``day``'s when
    ``check``."""
    if not (rest[:1].isalpha() or rest[:1] == "("):  # a weekday opens with a letter or its bracket; a time does not
        return rest
    match = re.match(_DATED_WEEKDAY, rest)
    if match is None:
        return rest
    weekday = _weekday_number(match) if match[1] or match[2] else _weekday_number(match, 3)
    if check and weekday != day.weekday():
        words = _weekday_words("actual", day.weekday()) | _weekday_words("written", weekday)
        raise TimeRefused("time.weekday_mismatch", day=day, **words)
    return rest[match.end() :]


_BRACKETED = r"^\((?P<inner>[^()]*)\)\s*(?P<tail>.*)$"  # (compiled on first use, through re's cache)
"""A date in brackets after a weekday (normalized: full-width brackets are half-width here), and what follows."""


def _weekday_days(text: str, year_of: YearResolver | None) -> tuple[list[date], str, str] | None:
    """For a text opening with a weekday (``周三 9:00``), the campaign days of that weekday, the weekday as
    written and the rest; ``None`` for any other text, or when ``year_of`` knows no campaign days."""
    match = re.match(_LEADING_WEEKDAY, text)
    if match is None or not isinstance(year_of, CampaignDays) or _date_match(match["rest"]):
        return None  # (a weekday before its date is the date's: Wed 8 Sep)
    days = year_of.on_weekday(_weekday_number(match))
    if not days:
        number = _weekday_number(match)
        raise TimeRefused("time.weekday_none", days=year_of.days, weekday=number, **_weekday_words("written", number))
    return days, text[: match.start("rest")].strip(), match["rest"].strip()


def _several(weekday: str, days: list[date]) -> TimeRefused:
    return TimeRefused("time.weekday_several", weekday=weekday, dates=days, count=len(days))


_DASHES = str.maketrans({"―": "—", "〜": "~", "−": "-"})
"""Dashes NFKC leaves as they are, folded into the ones a span reads: U+2015 (a Chinese dash typed as
``――``), the wave dash U+301C (Japanese-style fonts, some phone keyboards), the minus sign U+2212 (Word's
autocorrect). The doubled ``——`` that Shift+- types in every Chinese input method is folded to one."""


def normalize(text: str) -> str:
    """Fold full-width characters (``９：００``), dashes (:data:`_DASHES`, ``——``), English time words
    (:func:`_english`) and collapse white space."""
    folded = " ".join(unicodedata.normalize("NFKC", text).split()).translate(_DASHES)
    while "——" in folded:
        folded = folded.replace("——", "—")
    if not _LATIN_LETTERS.isdisjoint(folded) and re.search(_ENGLISH, folded):
        folded = _english(folded)
    return folded


_ENGLISH = r"(?i)[ap]\.?m\b|[ap]\.m\.|morning|noon|midnight|evening|day|daily|every|\bto\b"
"""A text that may hold an English time word (:func:`_english`): the rest (most times, ``9月8日 8:00``,
``2021-09-08 08:00``) is not searched further. Searched only in a text with a letter of
:data:`_LATIN_LETTERS`, so compiled on first use, by ``re``'s cache (a notice's Chinese times never
need it)."""

_LATIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131")
"""The letters :data:`_ENGLISH` can match: its words ignore case, and ``re`` then matches ``i`` with the
dotted capital I and the dotless i too (U+0130, U+0131; NFKC has made full-width letters ASCII)."""
_TWELVE_HOUR = r"(?i)(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m(?![a-z])\.?"
_NOON = r"(?i)(?<![a-z\d])(?:12\s*)?noon(?![a-z])"
"""``noon`` (``12 noon``): 12 pm."""
_MIDNIGHT_END = r"(?i)((?:-|–|—|~|至|到|\sto)\s*)midnight(?![a-z])"
"""``midnight`` ending a range (``10 pm - midnight``): 12 am, the day's end there (:func:`_twelve_hour_range`);
alone it is left (the start of the day written, or the end of it?)."""
_TWELVE_HOUR_RANGE = (
    r"(?i)(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?(?:\s*([ap])\.?\s?m(?![a-z])\.?)?(\s*(?:-|–|—|~|至|到)\s*|\s+to\s+)"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m(?![a-z])\.?"
)
"""Two clock times joined as a range, the second with its AM/PM, the first with or without its own
(``1:00-3:00 PM``, ``9-11am``, ``11:00 AM-1:00 PM``, ``10pm-12am``): :func:`_twelve_hour_range`."""
_AFTER_MONTH = r"(?i)(?:^|(?<![\d\s])\s*)" + MONTH + r"\s*$"
"""A text ending with a month not after a day (``Mar``, ``Wed Mar``): a number after it is the day (``Mar 2 PM``
is 2 March, afternoon; ``2 Mar 9 PM`` is 21:00)."""
_ENGLISH_WORDS = (
    (r"(?i)(?<![a-z])(?:every\s+day|daily)(?![a-z])", EVERY_DAY),
    (r"(?i)(?<![a-z])(?:all|whole)[\s-]?day(?![a-z])", "全天"),
    (r"(?i)(?<![a-z])every\s+(?=(?:morning|afternoon|evening)(?![a-z]))", EVERY_DAY),
    (r"(?i)(?<![a-z])every\s+(?=mon|tue|wed|thu|fri|sat|sun)", "每"),
    (r"(?i)(?<![a-z])morning(?![a-z])|(?<![a-z\d])a\.?m\.?(?![a-z])", "上午"),
    (r"(?i)(?<![a-z])afternoon(?![a-z])|(?<![a-z\d])p\.?m\.?(?![a-z])", "下午"),
    (r"(?i)(?<![a-z])evening(?![a-z])", "晚上"),
    (r"(?i)\s+to\s+(?=\d|[a-z]{3})", " 至 "),
)
"""English words for a part of the day, every day and a span's ``to``, as the office's Chinese words
(:data:`DAY_PARTS`, 每天, 至): ``Mar 2 afternoon`` is read as ``Mar 2 下午``, ``all day`` as 全天,
``every Wed morning`` as 每 Wed 上午 (English dates and weekdays are read as they are)."""


def _english(text: str) -> str:
    """English time words as the notation the readers know: a 12-hour clock (``2pm``, ``9:00 AM``,
    ``2:30 p.m.``; 12 am is midnight, 12 pm noon; an hour past 12 is left, and refused as written) as a
    24-hour one, a range of them first (:func:`_twelve_hour_range`), then :data:`_ENGLISH_WORDS`. Data
    written in English reads the same whatever ``--lang``."""

    def clock(match: re.Match[str]) -> str:
        hour, minute = int(match[1]), match[2] or "00"
        if not 1 <= hour <= 12 or (match[2] is None and re.compile(_AFTER_MONTH).search(text, 0, match.start())):
            return match[0]
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
        return f"{hour}:{minute}"

    text = re.sub(_NOON, "12 pm", text)
    text = re.sub(_MIDNIGHT_END, r"\g<1>12 am", text)
    text = re.sub(_TWELVE_HOUR_RANGE, lambda match: _twelve_hour_range(match, text), text)
    text = re.sub(_TWELVE_HOUR, clock, text)
    for pattern, word in _ENGLISH_WORDS:
        text = re.sub(pattern, word, text)
    return " ".join(text.split())


def _twelve_hour_range(match: re.Match[str], text: str) -> str:
    """A range of 12-hour clock times (:data:`_TWELVE_HOUR_RANGE`) as 24-hour ones. Decision (review14 F19,
        F4): the AM/PM written once after a range is both ends', as English writers mean it (``1:00-3:00 PM`` is
        13:00-15:00, as ``下午1:00-3:00`` is), unless that puts the start after the end, when the start is the
        morning's (``11-1 pm``: 11:00-13:00); ``12 am`` (``12:00 AM``) as the end is the day's end, ``24:00``
        (``10pm-12am``: 22:00-24:00), as ``晚上12点`` is, when the start says its half (``10-12am`` is left: 10 a.m.
    to noon, 12 am taken for noon, or 10 p.m. to midnight?). A range this cannot read (an hour past 12, a day after
        a month: ``Mar 2-3 pm``) is left to be read clock by clock."""
    first, last = int(match[1]), int(match[5])
    if not (1 <= first <= 12 and 1 <= last <= 12) or (
        match[2] is None and match[3] is None and re.compile(_AFTER_MONTH).search(text, 0, match.start())
    ):
        return match[0]
    end_minute = match[6] or "00"
    end = last % 12 + (12 if match[7].lower() == "p" else 0)
    if end == 0 and end_minute == "00":
        if match[3] is None:  # 10-12am: 10 a.m. to noon (12 am taken for noon) or 10 p.m. to midnight?
            return match[0]  # left as written, and refused: not a 14-hour day guessed
        end = 24  # 12 am ending a range: the day's end
    half = match[3] or match[7]
    start = first % 12 + (12 if half.lower() == "p" else 0)
    start_minute = match[2] or "00"
    if match[3] is None and (start, start_minute) >= (end, end_minute) and start >= 12:
        start -= 12  # 11-1 pm: from 11 in the morning
    return f"{start}:{start_minute}{match[4]}{end}:{end_minute}"


def _parse_clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError("clock")
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or (30 if match["half"] else 0))
    if match["ampm"]:
        meant = _hour_of(match["ampm"], hour)
        if meant is None:  # 中午8点, 晚上12点: no hour of the written day, or two
            raise _word_hour(text.strip(), match["ampm"], hour, minute)
        hour = meant
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError("clock")
    return time(hour, minute)


def _word_hour(text: str, word: str, hour: int, minute: int) -> TimeRefused:
    """A part of the day before an hour it does not name (``下午7点``): the hours it names, and the clock
    times the hour may have meant, to write instead (never one guessed)."""
    first, last = DAY_HOURS[word]
    hours = [hour, (hour + 12) % 24] if hour <= 12 else [hour]
    clocks = [f"{h}:{minute:02d}" for h in hours if h <= 23]
    return TimeRefused(
        "time.word_hour",
        value=text,
        word=word,
        hour=hour,
        first=f"{first}:00",
        last=f"{last}:59",
        clocks=" 或 ".join(clocks),
        clocks_en=" or ".join(clocks),
        minute=minute,
    )


def _split_date(text: str, year_of: YearResolver | None, check: bool = True) -> tuple[date, str]:
    """A date and what follows it; a weekday written after the date is checked against it (``check``) or
    only left out."""
    text = normalize(text)
    match = _date_match(text)
    leading = re.match(_LEADING_WEEKDAY, text) if not match else None
    after = leading["rest"] if leading else ""
    bracketed = re.match(_BRACKETED, after) if leading else None
    if bracketed and _date_match(bracketed["inner"].strip()):  # 周三（7月16日）上午, as 7月16日（周三）上午
        after = f"{bracketed['inner'].strip()} {bracketed['tail']}"
    dated = _date_match(after) if leading else None
    if leading and dated:  # a weekday before its date (Wed 8 Sep, 周三 9月8日): read as one after it
        weekday = text[: leading.start("rest")]
        return _split_date(f"{after[: dated.start('rest')]} {weekday} {dated['rest']}", year_of, check)
    if not match:
        numeric = re.search(_NUMERIC_DATE, text)
        if numeric:
            raise TimeRefused("time.numeric_date", value=numeric[0])
        named = _weekday_days(text, year_of)
        if named is None:
            raise ValueError("date")
        days, weekday, rest = named
        if len(days) > 1:  # 周三 when the campaign has two: one time is meant here
            raise _several(weekday, days)
        return days[0], rest
    month, day = _month_day(match)
    if match["y"]:
        year = int(match["y"])
    elif year_of is not None:
        year = year_of(month, day)
    else:
        raise NoYear(text)
    rest = match["rest"].strip()
    if rest.startswith("T") and rest[1:2].isdigit():  # 2021-09-08T08:00, not Thu
        rest = rest[1:]
    if (month, day) == (2, 29) and (year % 4 or (year % 100 == 0 and year % 400)):  # said, not "cannot read"
        raise TimeRefused("time.no_leap_day", year=year)
    found = date(year, month, day)
    return found, _checked_weekday(found, rest.strip(), check).strip()


_NUMERIC_DATE = r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"
"""A date all in numbers with slashes, as English Excel writes a date cell to CSV (``9/2/2026``): 2 September
in the UK, 9 February in the US, so refused saying so (QA qaeng22 F10); ``2026/09/02`` is ISO's order."""


def check_day(text: str) -> None:
    """Raise ``ValueError`` (:class:`TimeRefused` for a reason worth telling) when ``text``, a 日期 cell
    beside a 时间 one, is no day: unreadable (``待定``, ``9月32日``), or a weekday that is not its date's
    when the year is written (``2021-09-09 周三``; without a year, the campaign's year is the time
    reader's to give). A weekday alone (``周三``) is left to the time reader, which knows the campaign's
    days. Only the day is judged: what follows it is the time reader's too."""
    folded = normalize(text)
    match = _date_match(folded)
    if match is None and re.match(_LEADING_WEEKDAY, folded):
        return
    _split_date(text, lambda _month, _day: 2000, check=match is not None and bool(match["y"]))  # 2000: 2月29日 too


def parse_datetime(text: str, year_of: YearResolver | None = None, *, check_weekday: bool = True) -> datetime:
    """Parse one meeting time, e.g. ``9 月 8 日 8:00`` or ``2021-09-08 08:00``.

    A weekday after the date (``9月8日（星期三）8:00``) must be the date's (:class:`TimeRefused`), unless
    ``check_weekday`` is false: for a reader whose ``year_of`` stands in for a year it does not know.
    Raises ``ValueError`` when the text is not a date with a clock time.
    """
    day, rest = _split_date(text, year_of, check_weekday)
    if not rest:
        raise ValueError("clock")
    return _on(day, rest)


def _on(day: date, clock: str) -> datetime:
    """``clock`` (a clock time as written) on ``day``; a night's hour past midnight is refused naming the
    day it falls on (:func:`_past_midnight`). The one reading of a dated clock time."""
    try:
        return datetime.combine(day, _parse_clock(clock))
    except TimeRefused as refused:
        raise _past_midnight(refused, day) from None


def _past_midnight(refused: TimeRefused, day: date) -> TimeRefused:
    """``refused``, or, for a night's hour past midnight (``1月4日晚上12点``, ``夜里2点``: the night of the
    4th, docs/formats.md), the refusal that names the day it falls on: ``请写 1月5日 0:00``, not the
    start of the 4th."""
    params = refused.params
    word, hour = params.get("word"), params.get("hour")
    if refused.key != "time.word_hour" or word not in ("晚上", "夜里", "夜间") or not isinstance(hour, int):
        return refused
    if not (hour == 12 or hour + 12 > 23 or hour < 6):
        return refused
    minute = params.get("minute", 0)
    clock = f"{hour % 12}:{minute:02d}"
    return TimeRefused("time.night_hour", value=params["value"], word=word, hour=hour,
                       when=f"{format_day(day + timedelta(days=1))} {clock}")  # fmt: skip


def parse_date(text: str, year_of: YearResolver | None = None, *, check_weekday: bool = True) -> date:
    """Parse a date without a time: ``2021-09-08`` or ``9月8日`` (its weekday checked as
    :func:`parse_datetime` does).

    Raises :class:`NoYear` for a date without a year when ``year_of`` is not given, ``ValueError`` for
    what is not a date."""
    day, rest = _split_date(text, year_of, check_weekday)
    if rest:
        raise ValueError("date")
    return day


def parse_clock(text: str) -> time:
    """Parse a clock time such as ``8:00``, ``15:30`` or ``8时``."""
    return _parse_clock(normalize(text))


DAY_END = time.max
"""``24:00`` as a working period's end (:func:`parse_period`, ``20:00-24:00``, ``0:00-24:00``): the end of
the day, after every clock time of it; :func:`format_clock` writes it ``24:00``."""

_DAY_END = r"(?:24\s*(?::\s*00|[时点](?:整)?)?|(?:晚上|夜里|夜间)\s*12\s*(?::\s*00|[时点](?:整)?))"


_PERIOD_JOINS = ("-", "–", "—", "~", "至", "到")
"""What joins a period's two ends: a dash, a wave, 至 or 到."""

_PERIOD = rf"(.+?)\s*(?:{'|'.join(_PERIOD_JOINS)})\s*(.+)"
"""Two ends joined (:data:`_PERIOD_JOINS`); compiled on first use, by ``re``'s cache: a text with no join
is not matched (the notice's hours are single clock times)."""


def looks_like_period(text: str) -> bool:
    """Whether ``text`` is written as a period, two ends joined as :func:`parse_period` reads them
    (``8:00-12:00``, ``9点至25点``), readable or not: what to call it when it cannot be read."""
    folded = normalize(text)
    return any(join in folded for join in _PERIOD_JOINS) and re.fullmatch(_PERIOD, folded) is not None


def parse_period(text: str) -> tuple[time, time]:
    """A working period, ``8:00-12:00`` (``8:00至12:00``, ``8点到12点``...): its start and its end, as
    written; the one reading of the rules' ``hours`` written as periods, for unit and meeting tables
    alike (each checks the order with its calendar). An end of ``24:00`` (``24点``, ``晚上12点``) is the
    day's end, :data:`DAY_END`.

    Raises ``ValueError`` for what is not two clock times joined by a dash, ``至`` or ``到``."""
    match = re.fullmatch(_PERIOD, normalize(text))
    if match is None:
        raise ValueError(text)
    end = DAY_END if re.fullmatch(_DAY_END, match[2].strip()) else _parse_clock(match[2])
    return _parse_clock(match[1]), end


def format_clock(moment: time) -> str:
    """A clock time as the rules write it, ``8:00``; :data:`DAY_END` as ``24:00``."""
    return "24:00" if moment == DAY_END else f"{moment.hour}:{moment.minute:02d}"


def parse_span(text: str, year_of: YearResolver | None = None) -> tuple[datetime, datetime]:
    """Parse a time or a span of time; both ends are included.

    ``9月8日`` (the whole day), ``9月8日 8:00`` (one moment), ``9月8日 8:00-11:00``, ``9月8日下午`` (the
    afternoon: from 12:00 to 18:59), ``9月8日 15:00 至 9月9日 11:00`` or ``9月8日下午至9月9日上午``.
    Which meetings a span names is :class:`~scheduler.text.named_times.Times`'s to say.
    """
    first, last, _clock = _span(text, year_of)
    return first, last


def _span(text: str, year_of: YearResolver | None) -> tuple[datetime, datetime, tuple[bool, bool]]:
    """:func:`parse_span`, and whether each end is a clock time (rather than a day or a part of one)."""
    text = normalize(text)
    match = re.match(_RANGE_CLOCK, text)
    if match:
        first = parse_datetime(match["a"], year_of)
        if re.fullmatch(_DAY_END, match["b"].strip()):  # 20:00-24:00: to the day's end, as the hours may run
            return first, datetime.combine(first.date(), time.max), (True, True)
        last = datetime.combine(first.date(), _parse_clock(match["b"]))
        if last == first:  # 8:00-8:00 holds no time: refused as such a working period is
            raise TimeRefused("time.empty_span", value=text)
        if last < first and first.hour >= 12 and last.hour < 12:  # 下午3点-5点: the same afternoon
            last += timedelta(hours=12)
        return (*_ordered(first, last), (True, True))
    match = re.match(_RANGE_FULL, text)
    if match:
        (first, early), (last, late) = _parse_point(match["a"], year_of, False), _parse_point(match["b"], year_of, True)
        return (*_ordered(first, _after(first, last, match["b"])), (early, late))
    (first, clock), (last, _) = _parse_point(text, year_of, end=False), _parse_point(text, year_of, end=True)
    return first, last, (clock, clock)


def _parse_point(text: str, year_of: YearResolver | None, end: bool) -> tuple[datetime, bool]:
    """A day, a part of a day or a moment; whether it is a moment (a clock time)."""
    day, rest = _split_date(text, year_of)
    if rest in DAY_PARTS:
        return datetime.combine(day, DAY_PARTS[rest][1 if end else 0]), False
    if rest:
        return _on(day, rest), True
    return datetime.combine(day, time.max if end else time.min), False


def parse_times(text: str, year_of: YearResolver | None = None) -> Times:
    """Parse what :func:`parse_span` reads, or a part of every day: ``上午``, ``每天下午``, ``全天``.

    Raises ``ValueError`` when the text is neither.
    """
    from scheduler.text.named_times import Times  # reading a table of meeting times makes none

    folded = normalize(text).replace(" ", "")
    part = folded.removeprefix(EVERY_DAY)
    if part in DAY_PARTS:
        return Times(None, None, DAY_PARTS[part])
    named = _weekday_days(folded, year_of)
    if named is not None and len(named[0]) > 1:
        return _on_days(*named)
    first, last, clock = _span(text, year_of)
    return Times(first, last, clock=clock)


def _on_days(days: list[date], weekday: str, rest: str) -> Times:
    """A weekday naming several campaign ``days``, with what follows it (``rest``: nothing, a part of the
    day, a clock time or a span of clock times): those times on each of the days, read as they are on a
    date (a clock time is clock time, :class:`~scheduler.text.named_times.Times`)."""
    from scheduler.text.named_times import Times

    if not rest:
        return Times(None, None, days=frozenset(days))
    if rest in DAY_PARTS:
        return Times(None, None, DAY_PARTS[rest], days=frozenset(days))
    try:
        first, last, clock = _span(f"{days[0].isoformat()} {rest}", None)
    except TimeRefused:
        raise
    except ValueError:
        raise _several(weekday, days) from None  # 周三至周五 when there are two Wednesdays: which one?
    if first.date() != last.date():
        raise _several(weekday, days)
    return Times(None, None, (first.time(), last.time()), clock, frozenset(days))


def split_times(text: str) -> list[str]:
    """One value holding several times, as offices list them: ``9月8日下午、9月9日上午``
    (also separated by ``，`` ``,`` ``；`` ``;``, or a line break: a cell typed on two lines with Excel's
    Alt+Enter, as every list cell of a table takes it). A line that names no day of its own after a line
    that is only a day (``7月15日⏎下午``, ``周三⏎9:00-11:00``: a date wrapped onto two lines) is that day's,
    as a space between them is: one time, not the whole day and every afternoon."""
    lines: list[str] = []
    for line in re.split(r"\r\n|[\r\n]", text):
        if lines and line.strip() and _only_day(lines[-1]) and not _names_day(line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return [part.strip() for line in lines for part in re.split(r"[、，,；;]", line) if part.strip()]


def _names_day(text: str) -> bool:
    """Whether ``text`` opens with a day: a date, or a weekday (``周三上午``, ``Wed 8 Sep``)."""
    folded = normalize(text)
    return bool(_date_match(folded) or re.match(_LEADING_WEEKDAY, folded))


def _only_day(text: str) -> bool:
    """Whether ``text`` is a day and nothing else: ``7月15日``, ``7月15日（周三）``, ``周三``, ``Wed 15 Jul``."""
    folded = normalize(text)
    leading = re.match(_LEADING_WEEKDAY, folded)
    if leading:
        rest = leading["rest"].strip()
        inner = re.match(_BRACKETED, rest)
        return (
            not rest
            or (inner is not None and not inner["tail"].strip() and _only_day(inner["inner"]))
            or (_date_match(rest) is not None and _only_day(rest))
        )
    dated = _date_match(folded)
    if dated is None:
        return False
    rest = dated["rest"].strip()
    weekday = re.match(_DATED_WEEKDAY, rest) if rest else None
    return not (rest[weekday.end() :] if weekday else rest).strip()


def _after(first: datetime, last: datetime, written: str) -> datetime:
    """A span's end written without a year that fell before its start (each end took the year nearest
    the campaign: ``9月11日至9月25日`` for a March campaign, 2027-09-11 and 2026-09-25) in the first year
    that puts it after the start; an end written with its year, or already after, as it is. Two ends of
    one year stay as they are: ``9月8日下午至9月7日上午`` is written backwards (refused), not a year long."""
    dated = _date_match(normalize(written))
    if last >= first or last.year == first.year or dated is None or dated.groupdict().get("y"):
        return last
    for year in (first.year, first.year + 1):
        try:
            moved = last.replace(year=year)
        except ValueError:  # 2月29日 of a common year
            continue
        if moved >= first:
            return moved
    return last


def _ordered(first: datetime, last: datetime) -> tuple[datetime, datetime]:
    if last < first:
        raise ValueError("order")
    return first, last


class Dated(str):
    """A time as a sentence writes it: the Chinese form as the string itself (``9月10日 9:00``, what the
    notice, the annex and every file hold), and its English form (``Sep 10 9:00``) in :attr:`english`,
    which an English message renders (:func:`said`; QA qaeng22 F2: ``9月1日`` in English messages). One
    formatter gives both; text built from it by hand (an f-string) is Chinese only."""

    english: str

    def __new__(cls, chinese: str, english: str) -> Dated:
        made = super().__new__(cls, chinese)
        made.english = english
        return made

    def __reduce__(self) -> tuple[type[Dated], tuple[str, str]]:
        """Pickled and copied with both forms (a message or an error holding a time crosses processes)."""
        return (Dated, (str(self), self.english))


def dated(text: str, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Dated` time's English form for ``en``, else ``text`` as it is."""
    return text.english if lang == "en" and isinstance(text, Dated) else str(text)


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EN_PARTS = {"上午": "morning", "下午": "afternoon", "晚上": "evening"}


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def format_time(moment: datetime, years: Collection[int] = ()) -> Dated:
    """A meeting time as the notice writes it: ``9月10日 9:00`` (``Sep 10 9:00``); with its year
    (``2022年9月10日 9:00``, ``Sep 10 2022 9:00``) when ``years`` (the campaign's) are given and its own is
    not one of them (:func:`format_day`). A time read from an instant in the hour a zone's clock repeats,
    its second occurrence (``fold=1``, as :meth:`datetime.astimezone` marks it), says so:
    ``11月7日 1:30（回拨后）`` (``Nov 7 1:30 (second 1:30)``), not the first 1:30."""
    day = format_day(moment.date(), years)
    if moment.fold:
        return Dated(f"{day} {_clock(moment)}（回拨后）", f"{day.english} {_clock(moment)} (second {_clock(moment)})")
    return Dated(f"{day} {_clock(moment)}", f"{day.english} {_clock(moment)}")


def _joined(first: str, between: str, second: str) -> Dated:
    """``first``, ``between`` and ``second`` in each language (a plain string is the same in both)."""
    return Dated(f"{first}{between}{second}", f"{dated(first, 'en')}{between}{dated(second, 'en')}")


def format_exact(moment: datetime) -> Dated:
    """:func:`format_time`, with the seconds when the moment has any (``3月9日 15:00:30``): a time off the
    grid by seconds alone (a database's timestamp) is said as it is, not as a time on the grid."""
    if not (moment.second or moment.microsecond):
        return format_time(moment)
    return _joined(format_time(moment.replace(second=0, microsecond=0, fold=0)), ":", f"{moment.second:02d}")


def exact_clock(moment: datetime) -> str:
    """The clock time of ``moment`` (``9:10``), with its seconds when it has any (``9:00:30``)."""
    seconds = f":{moment.second:02d}" if moment.second or moment.microsecond else ""
    return f"{moment.hour}:{moment.minute:02d}{seconds}"


def end_clock(end: datetime) -> str:
    """The clock time a meeting ends, as the rules write a period's end: ``10:30``; ``24:00`` for one that
    ends at midnight, the end of its own day (a meeting never runs into the next), not ``0:00``. The one
    way a meeting's end is printed (terminal, files, letters); an .ics keeps the real instant."""
    return "24:00" if end.time() == time() else f"{end.hour}:{end.minute:02d}"


def format_end(end: datetime, years: Collection[int] = ()) -> Dated:
    """When a meeting ends, with its day (:func:`format_day`): ``1月4日 11:00``, ``1月4日 24:00`` for
    one that ends at midnight (:func:`end_clock`), not ``1月5日 0:00``."""
    day = end.date() - timedelta(days=1) if end.time() == time() else end.date()
    return _joined(format_day(day, years), " ", end_clock(end))


def format_span(start: datetime, end: datetime, years: Collection[int] = ()) -> Dated:
    """A span of time: ``9月10日 9:00-10:30``, the end's day written only when it differs; a whole
    day or a part of it (:data:`DAY_PARTS`) as the office wrote it: ``9月10日全天``, ``9月10日下午``
    (a day's span ends at 23:59 or the next midnight). In English ``Sep 10 9:00-10:30``, ``Sep 10 all
    day``, ``Sep 10 afternoon``. Each day with its year when it is not one of ``years`` (the campaign's,
    :func:`format_day`), and both ends with theirs when the span crosses a year: ``2026年12月20日
    9:00-2027年12月31日 18:00``, not ``12月20日 9:00-12月31日 18:00``, which reads as eleven days (QA
    qaembed23 F5)."""
    whole = start.time() == time() and (
        (end.date() == start.date() and end.time() >= time(23, 59))
        or (end.date() == start.date() + timedelta(days=1) and end.time() == time())
    )
    if start.year != end.year and not whole:
        years = (0,)  # no date is of year 0: each end says its own
    day = format_day(start.date(), years)
    if whole:
        return Dated(f"{day}全天", f"{day.english} all day")
    if start.date() == end.date():
        for word in ("上午", "下午", "晚上"):  # a part of the day, as written (not 12:00-18:59 for 下午)
            if (start.time(), end.time()) == DAY_PARTS[word]:
                return Dated(f"{day}{word}", f"{day.english} {_EN_PARTS[word]}")
        return _joined(format_time(start, years), "-", _clock(end))
    return _joined(format_time(start, years), "-", format_time(end, years))


def format_day(day: date, years: Collection[int] = ()) -> Dated:
    """A day as the notice writes it: ``9月10日`` (``Sep 10``); with its year (``2022年9月10日``,
    ``Sep 10 2022``) when ``years`` (the campaign's) are given and its own is not one of them. Decision: the
    notice leaves the year out, but a day of another year written without it reads as the campaign's own
    (``9月8日 is not in 9月8日-9月10日``), and a wrong year is the usual slip (a spreadsheet gives a date
    typed without one the current year)."""
    english = f"{_EN_MONTHS[day.month - 1]} {day.day}"
    if years and day.year not in years:
        return Dated(f"{day.year}年{day.month}月{day.day}日", f"{english} {day.year}")
    return Dated(f"{day.month}月{day.day}日", english)


def format_date(day: date) -> Dated:
    """A date with its year, as a document is dated: ``2026年12月6日`` (``December 6, 2026``)."""
    return Dated(f"{day.year}年{day.month}月{day.day}日", f"{_EN_FULL_MONTHS[day.month - 1]} {day.day}, {day.year}")


def format_weekday(day: date) -> Dated:
    """A day's weekday: ``星期三`` (``Wednesday``)."""
    return Dated(f"星期{'一二三四五六日'[day.weekday()]}", _EN_WEEKDAYS[day.weekday()])


_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_iso(moment: datetime) -> str:
    """A meeting time for tables: ``2021-09-10 09:00``."""
    return moment.strftime("%Y-%m-%d %H:%M")


def format_slots(moments: Iterable[datetime], minutes: int) -> list[str]:
    """Meetings (their starts, each ``minutes`` long) as the clock time they take, runs of meetings that
    follow each other on a day joined: ``9月8日 8:00-12:00`` (8:00 to 11:00, an hour each), one meeting by
    its start, ``9月8日 9:00``. Read back as unavailable times (:class:`~scheduler.text.named_times.Times`),
    they name the same meetings."""
    length = timedelta(minutes=minutes)
    runs: list[list[datetime]] = []
    for moment in sorted(moments):
        if runs and runs[-1][-1] + length == moment and runs[-1][-1].date() == moment.date():
            runs[-1].append(moment)
        else:
            runs.append([moment])
    out: list[str] = []  # each a Dated
    for run in runs:
        if len(run) == 1:
            out.append(format_time(run[0]))
        else:
            end = run[-1] + length  # by midnight, on its own day (Calendar)
            if end.date() != run[-1].date():
                end -= timedelta(minutes=1)  # 23:59, not 0:00: a span ends on the day it starts
            out.append(_joined(format_time(run[0]), "-", _clock(end)))
    return out


def nearest_year(month: int, day: int, first: date, last: date | None = None) -> int:
    """The year that puts a date written without one (``month``, ``day``) nearest the days from ``first``
    to ``last`` (``first`` alone without it): inside them, else the fewest days before the first or after
    the last; of two as near, the later. The one rule of year-less dates: a campaign's ``days`` each near
    the day listed before it, so that ``1月4日`` after ``12月31日`` is the next year's; every other date
    (the table's times, the options', the rules' times and milestones) near the campaign, so that a
    deadline ``1月10日`` after a campaign of 12月29日 to 1月5日 is after it, not a year before.

    Raises ``ValueError`` for a month that does not exist; a day the chosen year lacks (``2月29日``)
    is refused by whoever makes the date."""
    last = first if last is None else last
    best: tuple[int, int] | None = None
    for year in range(first.year - 1, last.year + 2):
        moment = date(year, month, min(day, 28))  # 2月29日 measured as the 28th (within a day)
        gap = (first - moment).days if moment < first else (moment - last).days if moment > last else 0
        if best is None or gap <= best[0]:
            best = (gap, year)
    assert best is not None
    return best[1]


class CampaignDays:
    """Times read against the campaign's ``days``: the year of a date written without one (a
    :data:`YearResolver`: the campaign day with that month and day, else the year that puts it nearest
    the campaign, :func:`nearest_year`; without days, ``default_year``, else the current year), and the
    days a weekday written alone names (:meth:`on_weekday`)."""

    def __init__(self, days: Sequence[date], default_year: int | None = None) -> None:
        self.days = tuple(sorted(set(days)))
        self._by_month_day = {(d.month, d.day): d.year for d in days}
        self._fallback = default_year if default_year is not None else date.today().year

    def __call__(self, month: int, day: int) -> int:
        found = self._by_month_day.get((month, day))
        if found is not None:
            return found
        if not self.days:
            return self._fallback
        return nearest_year(month, day, self.days[0], self.days[-1])

    def on_weekday(self, weekday: int) -> list[date]:
        """The campaign's days that are ``weekday`` (Monday 0), in date order."""
        return [d for d in self.days if d.weekday() == weekday]


def year_resolver(days: Sequence[date], default_year: int | None = None) -> CampaignDays:
    """A date without a year resolves to the campaign day with that month and day, or else to the year
    that puts it nearest the campaign (:func:`nearest_year`); without days, to ``default_year`` (the
    current year if not given). A weekday written alone names the campaign's days of that weekday
    (:class:`CampaignDays`)."""
    return CampaignDays(days, default_year)


if not TYPE_CHECKING:  # mypy sees the class itself (imported above for it)

    def __getattr__(name: str) -> Any:
        """:class:`Times` imported on first use (PEP 562), from :mod:`scheduler.text.named_times`."""
        if name == "Times":
            from scheduler.text.named_times import Times

            return Times
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
