"""Reading and writing times the way the office writes them.

Accepted notations (full-width digits and colons are accepted too):

* the notice's own: ``9 月 8 日 8:00``, ``9月8日8:00``, ``2021年9月8日 8时``;
* ISO-like: ``2021-09-08 08:00``, ``2021/9/8 8:00``, ``2021-09-08T08:00:00``.

A date written without a year takes it from the campaign (see :class:`YearResolver`).
Times are naive local datetimes; the campaign's time zone says where they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time

YearResolver = Callable[[int, int], int]
"""Maps (month, day) to the year a year-less date belongs to."""

_CN_DATE = re.compile(r"^(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]\s*(?P<rest>.*)$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?P<rest>.*)$")
_CLOCK = re.compile(
    r"^(?P<ampm>上午|下午|早上|晚上|中午)?\s*(?P<h>\d{1,2})\s*"
    r"(?:[:]\s*(?P<m>\d{2})(?:\s*[:]\s*(?P<s>\d{2}))?|[时点](?:\s*(?P<m2>\d{1,2})\s*分?|(?P<half>半))?)$"
)
_RANGE_CLOCK = re.compile(r"^(?P<a>.+?)\s*(?:-|–|—|~|至|到)\s*(?P<b>\d{1,2}\s*(?::\s*\d{2}|[时点]))$")
_RANGE_FULL = re.compile(r"^(?P<a>.+?)\s*(?:–|—|~|至|到|\s-\s|-(?=\s*(?:\d{4}\s*[-/.年]|\d{1,2}\s*月)))\s*(?P<b>.+)$")


def normalize(text: str) -> str:
    """Fold full-width characters (``９：００``) and collapse white space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _parse_clock(text: str) -> time:
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError("clock")
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or (30 if match["half"] else 0))
    if match["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError("clock")
    return time(hour, minute)


def _split_date(text: str, year_of: YearResolver | None) -> tuple[date, str]:
    text = normalize(text)
    match = _CN_DATE.match(text) or _ISO_DATE.match(text)
    if not match:
        raise ValueError("date")
    month, day = int(match["m"]), int(match["d"])
    if match["y"]:
        year = int(match["y"])
    elif year_of is not None:
        year = year_of(month, day)
    else:
        raise ValueError("year")
    rest = match["rest"].strip()
    if rest.startswith("T"):
        rest = rest[1:]
    return date(year, month, day), rest.strip()


def parse_datetime(text: str, year_of: YearResolver | None = None) -> datetime:
    """Parse one meeting time, e.g. ``9 月 8 日 8:00`` or ``2021-09-08 08:00``.

    Raises ``ValueError`` when the text is not a date with a clock time.
    """
    day, rest = _split_date(text, year_of)
    if not rest:
        raise ValueError("clock")
    return datetime.combine(day, _parse_clock(rest))


def parse_date(text: str, year_of: YearResolver | None = None) -> date:
    """Parse a date without a time: ``2021-09-08`` or ``9月8日``."""
    day, rest = _split_date(text, year_of)
    if rest:
        raise ValueError("date")
    return day


def parse_clock(text: str) -> time:
    """Parse a clock time such as ``8:00``, ``15:30`` or ``8时``."""
    return _parse_clock(normalize(text))


def parse_span(text: str, year_of: YearResolver | None = None) -> tuple[datetime, datetime]:
    """Parse a time or a span of meeting times; both ends are included.

    ``9月8日`` (the whole day), ``9月8日 8:00`` (one meeting time),
    ``9月8日 8:00-11:00`` (the 8:00 to 11:00 meetings) or
    ``9月8日 15:00 至 9月9日 11:00``.
    """
    text = normalize(text)
    match = _RANGE_CLOCK.match(text)
    if match:
        first = parse_datetime(match["a"], year_of)
        last = datetime.combine(first.date(), _parse_clock(match["b"]))
        return _ordered(first, last)
    match = _RANGE_FULL.match(text)
    if match:
        return _ordered(_parse_point(match["a"], year_of, end=False), _parse_point(match["b"], year_of, end=True))
    return _parse_point(text, year_of, end=False), _parse_point(text, year_of, end=True)


def _parse_point(text: str, year_of: YearResolver | None, end: bool) -> datetime:
    day, rest = _split_date(text, year_of)
    if rest:
        return datetime.combine(day, _parse_clock(rest))
    return datetime.combine(day, time.max if end else time.min)


def _ordered(first: datetime, last: datetime) -> tuple[datetime, datetime]:
    if last < first:
        raise ValueError("order")
    return first, last


def format_time(moment: datetime) -> str:
    """A meeting time as the notice writes it: ``9月10日 9:00``."""
    return f"{moment.month}月{moment.day}日 {moment.hour}:{moment.minute:02d}"


def format_span(start: datetime, end: datetime) -> str:
    """A span of time: ``9月10日 9:00-10:30``, the end's day written only when it differs."""
    if start.date() == end.date():
        return f"{format_time(start)}-{end.hour}:{end.minute:02d}"
    return f"{format_time(start)}-{format_time(end)}"


def format_day(day: date) -> str:
    """A day as the notice writes it: ``9月10日``."""
    return f"{day.month}月{day.day}日"


def format_iso(moment: datetime) -> str:
    """A meeting time for tables: ``2021-09-10 09:00``."""
    return moment.strftime("%Y-%m-%d %H:%M")


def format_slots(moments: Iterable[datetime], follows: Callable[[datetime, datetime], bool]) -> list[str]:
    """Compress sorted meeting times into runs: ``9月8日 8:00-11:00``.

    ``follows(a, b)`` says whether ``b`` is the slot right after ``a`` on the same day.
    """
    runs: list[list[datetime]] = []
    for moment in sorted(moments):
        if runs and follows(runs[-1][-1], moment):
            runs[-1].append(moment)
        else:
            runs.append([moment])
    out = []
    for run in runs:
        if len(run) == 1:
            out.append(format_time(run[0]))
        else:
            out.append(f"{format_time(run[0])}-{run[-1].hour}:{run[-1].minute:02d}")
    return out


def year_resolver(days: Sequence[date], default_year: int | None = None) -> YearResolver:
    """A date without a year resolves to the campaign day with that month and day,
    or else to ``default_year`` (the first campaign day's year if not given)."""
    by_month_day = {(d.month, d.day): d.year for d in days}
    fallback = default_year if default_year is not None else (days[0].year if days else date.today().year)

    def year_of(month: int, day: int) -> int:
        return by_month_day.get((month, day), fallback)

    return year_of
