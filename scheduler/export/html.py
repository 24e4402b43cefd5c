"""``timetable.html``: one self-contained page with the timetable as a day x hour grid.

Days are columns (at most five per grid; a longer campaign gets one grid per five
days), meeting hours are rows, and a double line marks a break between hours
(lunch). Units that share an hour sit side by side in their cell (grouped by
room when there are several). Each category has its own colour *and* its own
border style, so the categories stay apart on a black-and-white printout; a
legend says which is which. No script, no external file, no web font: the page
names the usual Chinese system fonts. It prints on A4 (portrait up to three days
per grid, landscape beyond), colours kept, no row split across pages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from html import escape

from scheduler.export.annex import Annex, AnnexRow
from scheduler.files.tables import GROUP, NOTE, UNIT
from scheduler.text.messages import Message, render
from scheduler.text.times import dated, end_clock, format_date, format_day, format_weekday

DAYS_PER_GRID = 5
WEEKDAYS = "一二三四五六日"
STYLES = (  # background, border colour, border style: told apart in colour and in black and white
    ("#dbeafe", "#1d4ed8", "solid"),
    ("#ffedd5", "#c2410c", "dashed"),
    ("#dcfce7", "#15803d", "dotted"),
    ("#f3e8ff", "#7e22ce", "double"),
    ("#fef9c3", "#a16207", "groove"),
    ("#ffe4e6", "#be123c", "ridge"),
)
NO_CATEGORY = ("#f4f4f5", "#71717a", "solid")

CSS = """
* { box-sizing: border-box; }
html { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "SimHei", "SimSun", sans-serif; color: #18181b; background: #fff; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 20px; text-align: center; margin: 0 0 6px; }
p.meta { text-align: center; color: #3f3f46; font-size: 13px; margin: 0 0 12px; }
table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 14px; }
.grid th, .grid td { border: 1px solid #a1a1aa; padding: 4px; vertical-align: middle; }
.grid thead th { background: #f4f4f5; font-size: 14px; }
.grid thead th small { display: block; font-weight: normal; color: #52525b; font-size: 11px; }
.grid th.hour { width: 62px; font-size: 13px; white-space: nowrap; }
.grid th.hour small { display: block; font-weight: normal; color: #71717a; font-size: 10px; }
.grid tr.after-break > * { border-top: 4px double #71717a; }
.grid td { height: 46px; }
.room + .room { margin-top: 4px; }
.room-name { font-size: 10px; color: #52525b; margin-bottom: 2px; }
.slot { display: flex; gap: 4px; align-items: stretch; }
.unit { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; justify-content: center;
  padding: 5px 4px; border-radius: 3px; font-size: 12.5px; line-height: 1.3;
  text-align: center; overflow-wrap: anywhere; text-wrap: balance; }
.unit small { display: block; font-size: 10px; color: #3f3f46; }
ul.legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 8px 18px;
  font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
ul.legend .swatch { display: inline-block; width: 36px; height: 18px; border-radius: 3px; }
p.unscheduled { font-size: 13px; }
footer { color: #71717a; font-size: 11px; text-align: right; }
@media print {
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .grid tr { break-inside: avoid; }
  .grid td { height: 17mm; }
  .unit { font-size: 13px; }
  .grid thead { display: table-header-group; }
  p.unscheduled, ul.legend, footer { break-before: avoid; }
}
"""


def render_html(annex: Annex) -> bytes:
    """The timetable as a self-contained HTML page (UTF-8 bytes)."""
    categories = list(annex.categories)
    categories += [c for c in dict.fromkeys(r.category for r in annex.rows) if c and c not in categories]
    style = {c: STYLES[i % len(STYLES)] for i, c in enumerate(categories)}
    days = sorted(set(annex.calendar.days) | {r.start.date() for r in annex.rows if r.start})
    hours = sorted(set(annex.calendar.hours) | {r.start.time() for r in annex.rows if r.start})
    by_slot: dict[datetime, list[AnnexRow]] = defaultdict(list)
    for row in annex.rows:
        if row.start is not None:
            by_slot[row.start].append(row)
    chunks = [days[i : i + DAYS_PER_GRID] for i in range(0, len(days), DAYS_PER_GRID)] or [[]]
    landscape = max(len(c) for c in chunks) > 3
    rooms = _list(annex.lang).join(r.name for r in annex.rooms if r.name)

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if annex.lang == "en" else "zh-CN"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(annex.title)}</title>",
        f"<style>{CSS}@page {{ size: {annex.paper.css} {'landscape' if landscape else 'portrait'}; margin: 12mm; }}\n",
        _category_css(style),
        "</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(annex.title)}</h1>",
        f'<p class="meta">{escape(_meta(annex, days, rooms))}</p>',
    ]
    for chunk in chunks:
        out += _grid(annex, chunk, hours, by_slot, categories)
    unscheduled = [r for r in annex.rows if r.start is None]
    if unscheduled:
        names = _list(annex.lang).join(r.cells.get(UNIT, "") for r in unscheduled)
        out.append(
            f'<p class="unscheduled">{escape(render(Message("output.unscheduled", names=names), annex.lang))}</p>'
        )
    out.append(_legend(annex, categories))
    issued = annex.issued
    made = render(Message("output.made_by"), annex.lang)
    out.append(f"<footer>{escape(made)} · {escape(dated(format_date(issued), annex.lang))}</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _list(lang: str) -> str:
    """What a list's items are joined with on the page: ``、`` in Chinese, ``, `` in English."""
    return ", " if lang == "en" else "、"


def _meta(annex: Annex, days: list[date], rooms: str) -> str:
    parts = []
    if rooms:
        parts.append(render(Message("output.room", rooms=rooms), annex.lang))
    if days:
        listed = _list(annex.lang).join(dated(format_day(d), annex.lang) for d in days)
        parts.append(render(Message("output.days", days=listed), annex.lang))
    count = len({r.cells.get(UNIT) for r in annex.rows})
    parts.append(render(Message("output.unit_count", count=count), annex.lang))
    return " · ".join(parts)


def _category_css(style: dict[str, tuple[str, str, str]]) -> str:
    rules = []
    for i, (background, colour, border) in enumerate([*style.values(), NO_CATEGORY]):
        name = f"cat-{i}" if i < len(style) else "cat-none"
        thickness = 4 if border == "double" else 2
        rules.append(f".{name} {{ background: {background}; border: {thickness}px {border} {colour}; }}")
    return "\n".join(rules) + "\n"


def _class(categories: list[str], category: str) -> str:
    return f"cat-{categories.index(category)}" if category in categories else "cat-none"


def _grid(
    annex: Annex,
    days: list[date],
    hours: list[time],
    by_slot: dict[datetime, list[AnnexRow]],
    categories: list[str],
) -> list[str]:
    length = timedelta(minutes=annex.calendar.minutes)
    lang = annex.lang
    head = escape(render(Message("output.time_header"), lang))
    out = ['<table class="grid">', "<thead><tr>", f'<th class="hour">{head}</th>']
    for day in days:
        weekday = f"<small>{dated(format_weekday(day), lang)}</small>"
        out.append(f'<th data-day="{day.isoformat()}">{dated(format_day(day), lang)}{weekday}</th>')
    out.append("</tr></thead>")
    out.append("<tbody>")
    previous: time | None = None
    for hour in hours:
        begins = datetime.combine(date.min, hour)
        ends = begins + length
        broke = previous is not None and datetime.combine(date.min, previous) + length < begins
        out.append('<tr class="after-break">' if broke else "<tr>")
        until = render(Message("output.until", end=end_clock(ends)), lang)
        out.append(f'<th class="hour">{hour.hour}:{hour.minute:02d}<small>{until}</small></th>')
        for day in days:
            start = datetime.combine(day, hour)
            content = _cell(annex, by_slot.get(start, []), categories)
            out.append(f'<td data-slot="{start.isoformat(timespec="minutes")}">{content}</td>')
        out.append("</tr>")
        previous = hour
    out.append("</tbody></table>")
    return out


def _cell(annex: Annex, rows: list[AnnexRow], categories: list[str]) -> str:
    if not rows:
        return ""
    by_room: dict[str | None, list[AnnexRow]] = defaultdict(list)
    for row in rows:
        by_room[row.room].append(row)
    parts = []
    for room, members in by_room.items():
        label = f'<div class="room-name">{escape(room)}</div>' if annex.many_rooms and room else ""
        units = "".join(_unit(row, categories) for row in members)
        parts.append(f'<div class="room">{label}<div class="slot">{units}</div></div>')
    return "".join(parts)


def _unit(row: AnnexRow, categories: list[str]) -> str:
    name = row.cells.get(UNIT, "")
    note = row.cells.get(NOTE, "")
    group = row.cells.get(GROUP, "")
    tip = " · ".join(t for t in (name, row.category, group and f"并行组 {group}", note) if t)
    small = f"<small>{escape(note)}</small>" if note else ""
    return f'<div class="unit {_class(categories, row.category)}" title="{escape(tip)}">{escape(name)}{small}</div>'


def _legend(annex: Annex, categories: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for row in annex.rows:
        counts[row.category] += 1
    items = []
    for category in [*categories, ""]:
        if counts.get(category):
            name = category or render(Message("output.uncategorized"), annex.lang)
            swatch = f'<span class="swatch {_class(categories, category)}"></span>'
            item = render(Message("output.legend_item", name=name, count=counts[category]), annex.lang)
            items.append(f"<li>{swatch}{escape(item)}</li>")
    if not items:
        return ""
    label = escape(render(Message("output.legend"), annex.lang))
    return f'<ul class="legend" aria-label="{label}">{"".join(items)}</ul>'
