"""``timetable.html`` of a meeting timetable: one self-contained page, a day x time grid per room.

Each room has its grid (days across, the steps of the day down, a double line at a break); a
meeting is a block as tall as it is long, with its title, its time and length, and who comes
(optional participants after 可选): the names that fit, then "等 N 人", the whole list of such a
meeting under the grid (a printout never loses a name without saying so), with its 备注 (in the
block's tooltip too). Meetings of one series
share a colour and a border style (told apart in black and white too). No script, no external
file, no web font; it prints on A4, one room per page, portrait up to three days per grid and
landscape beyond, five days at most per grid (a longer campaign gets one grid per five days).
Its own words and dates are in the table's language (:attr:`MeetingSheet.lang`: ``Sep 1``, ``Wednesday``,
``9:00–10:30 (90 min)``, ``(optional: …)`` under an English table's headers).
"""

from __future__ import annotations

from datetime import date
from html import escape

from wcwidth import wcwidth

from scheduler.export.html import STYLES
from scheduler.export.meeting_grid import Block, Layout, RoomGrid, clock, layout
from scheduler.export.meeting_sheet import DASH, MeetingRow, MeetingSheet, length_text
from scheduler.export.paper import Paper
from scheduler.text.times import dated, end_clock, format_clock, format_date, format_day, format_weekday

DAYS_PER_GRID = 5
ROW_PX = 22
PAGE_PX = {False: 718.0, True: 1047.0}
"""The grid's width on A4 portrait and landscape with 10 mm margins (190 and 277 mm at 96 px an inch):
the narrowest it is drawn at, so what fits in a block there fits on a wider screen too. On Letter
(:func:`page_px`) the narrower of the two papers' widths."""


def page_px(paper: Paper, landscape: bool) -> float:
    """The grid's width in CSS pixels on ``paper`` with 10 mm margins, never wider than on A4."""
    return min(PAGE_PX[landscape], (paper.size(landscape)[0] - 20) * 96 / 25.4)


PLAIN = ("#f4f4f5", "#52525b", "solid")

CSS = """
* { box-sizing: border-box; }
html { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "SimHei", "SimSun", sans-serif; color: #18181b; background: #fff; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; }
h1 { font-size: 20px; text-align: center; margin: 0 0 6px; }
h2 { font-size: 15px; margin: 14px 0 6px; }
h2 small { font-weight: normal; color: #52525b; font-size: 12px; margin-left: 6px; }
p.meta { text-align: center; color: #3f3f46; font-size: 13px; margin: 0 0 8px; }
table.mgrid { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 10px; }
.mgrid th, .mgrid td { border: 1px solid #d4d4d8; padding: 0; }
.mgrid thead th { background: #f4f4f5; font-size: 13px; padding: 3px; }
.mgrid thead th small { display: block; font-weight: normal; color: #52525b; font-size: 11px; }
.mgrid th.clock { width: 52px; font-size: 11px; font-weight: normal; color: #52525b; vertical-align: top;
  padding: 0 4px; text-align: right; white-space: nowrap; }
.mgrid tbody tr { height: ROW_PXpx; }
.mgrid tr.after-break > * { border-top: 4px double #71717a; }
.mgrid td.meeting { vertical-align: top; padding: 1px; }
.block { height: 100%; overflow: hidden; border-radius: 3px; padding: 2px 4px; font-size: 12px;
  line-height: 1.25; overflow-wrap: anywhere; }
.block b { display: block; font-size: 12.5px; }
.block .when { display: block; font-size: 10.5px; color: #27272a; }
.block .who { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden; font-size: 10.5px;
  color: #3f3f46; }
.block.short b { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 11px; }
.block b.cut { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden; }
ul.legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 8px 18px;
  font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
ul.legend .swatch { display: inline-block; width: 36px; height: 18px; border-radius: 3px; }
ul.more { font-size: 11px; color: #3f3f46; margin: -4px 0 10px; padding-left: 18px; }
p.unplaced, p.wishes { font-size: 13px; }
footer { color: #71717a; font-size: 11px; text-align: right; }
@media print {
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.room + section.room { break-before: page; }
  .mgrid thead { display: table-header-group; }
}
""".replace("ROW_PX", str(ROW_PX))


def render_meeting_html(sheet: MeetingSheet) -> bytes:
    """The meeting timetable as a self-contained HTML page (UTF-8 bytes)."""
    grids = layout(sheet)
    series = list(dict.fromkeys(r.cells.get("系列", "") for r in sheet.rows if r.cells.get("系列")))
    chunks = [grids.days[i : i + DAYS_PER_GRID] for i in range(0, len(grids.days), DAYS_PER_GRID)] or [()]
    widest = max(sum(room.lanes.get(d, 1) for d in chunk) for chunk in chunks for room in grids.rooms)
    landscape = widest > 3
    used = [room for room in grids.rooms if room.meetings]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if sheet.lang == "en" else "zh-CN"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(sheet.title)}</title>",
        f"<style>{CSS}@page {{ size: {sheet.paper.css} {'landscape' if landscape else 'portrait'}; margin: 10mm; }}\n",
        _series_css(series),
        "</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(sheet.title)}</h1>",
        f'<p class="meta">{escape(_meta(sheet, grids, used))}</p>',
    ]
    if series:
        out.append(_legend(sheet, series))
    for room in used:
        count = room.meetings
        said = sheet.said("output.m.room_seats", seats=room.seats, count=count) if room.seats else ""
        said = said or sheet.said("output.m.room_count", count=count)
        out.append(f'<section class="room" data-room="{escape(room.name)}">')
        out.append(f"<h2>{escape(room.name)}<small>{said}</small></h2>")
        for chunk in chunks:
            out += _grid(sheet, grids, room, list(chunk), series, page_px(sheet.paper, landscape))
        out.append("</section>")
    if grids.unplaced:
        names = sheet.names([r.title for r in grids.unplaced])
        out.append(f'<p class="unplaced">{escape(sheet.said("output.m.unplaced", names=names))}</p>')
    if sheet.wishes:  # 时段偏好：满足 m/n, then each meeting outside its wish (validate's words)
        out.append(f'<p class="wishes">{"<br>".join(escape(line) for line in sheet.wishes)}</p>')
    made = sheet.said("output.m.made_by", date=dated(format_date(sheet.issued), sheet.lang))
    out.append(f"<footer>{made}</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _meta(sheet: MeetingSheet, grids: Layout, used: list[RoomGrid]) -> str:
    lang = sheet.lang
    parts = [sheet.said("output.m.count", count=len(sheet.rows))]
    if grids.days:
        parts.append(sheet.said("output.m.days", days=[dated(format_day(d), lang) for d in grids.days]))
    periods = [f"{format_clock(p[0])}{DASH[lang]}{format_clock(p[1])}" for p in sheet.workdays.periods]
    parts.append(sheet.said("output.m.hours", periods=periods))
    idle = [room.name for room in grids.rooms if not room.meetings]
    if idle:
        parts.append(sheet.said("output.m.unused", rooms=sheet.names(idle)))
    return " · ".join(parts)


def _series_css(series: list[str]) -> str:
    rules = []
    for i, (background, colour, border) in enumerate([*(STYLES[k % len(STYLES)] for k in range(len(series))), PLAIN]):
        name = f"series-{i}" if i < len(series) else "series-none"
        thickness = 4 if border == "double" else 2
        rules.append(f".{name} {{ background: {background}; border: {thickness}px {border} {colour}; }}")
    return "\n".join(rules) + "\n"


def _legend(sheet: MeetingSheet, series: list[str]) -> str:
    items = []
    for i, name in enumerate(series):
        count = sum(1 for r in sheet.rows if r.cells.get("系列") == name)
        said = escape(sheet.said("output.m.series_item", name=name, count=count))
        items.append(f'<li><span class="swatch series-{i}"></span>{said}</li>')
    return f'<ul class="legend" aria-label="{sheet.said("output.m.series")}">{"".join(items)}</ul>'


def _grid(
    sheet: MeetingSheet, grids: Layout, room: RoomGrid, days: list[date], series: list[str], page: float
) -> list[str]:
    """A room's grid for ``days`` on a page ``page`` pixels wide, and under it the whole participant
    list of every meeting whose block shows only a part of it."""
    columns = sum(room.lanes.get(day, 1) for day in days) or 1
    width = (page - 52) / columns - 16  # a block's text: the clock column, cell and block padding, borders off
    notes: list[str] = []
    lang = sheet.lang
    head = f'<th class="clock">{sheet.said("output.time_header")}</th>'
    out = [f'<table class="mgrid" data-room="{escape(room.name)}">', "<thead><tr>", head]
    for day in days:
        weekday = f"<small>{dated(format_weekday(day), lang)}</small>"
        lanes = room.lanes.get(day, 1)
        span = f' colspan="{lanes}"' if lanes > 1 else ""
        out.append(f'<th data-day="{day.isoformat()}"{span}>{dated(format_day(day), lang)}{weekday}</th>')
    out.append("</tr></thead><tbody>")
    for i, minute in enumerate(grids.times):
        out.append('<tr class="after-break">' if i in grids.after_break else "<tr>")
        label = clock(minute) if minute % 30 == 0 or i in grids.after_break or i == 0 else ""
        out.append(f'<th class="clock">{label}</th>')
        for day in days:
            for lane in range(room.lanes.get(day, 1)):
                block = room.starts.get((day, lane, i))
                if block is not None:
                    cell, note = _block(sheet, block, series, width)
                    out.append(cell)
                    if note is not None:
                        notes.append(f"<li>{escape(note)}</li>")
                elif (day, lane, i) not in room.covered:
                    out.append("<td></td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if notes:
        out.append(f'<ul class="more" aria-label="{sheet.said("output.m.full_lists")}">{"".join(notes)}</ul>')
    return out


def _block(sheet: MeetingSheet, block: Block, series: list[str], width: float) -> tuple[str, str | None]:
    """The meeting's cell, and a line for under the grid when its block does not show every
    participant: a block is as tall as the meeting is long, so a long list in a short meeting is
    cut after the names that fit (counted for ``width`` pixels of text, the narrowest the page
    prints the block) with "等 N 人", and the whole list goes under the grid, on screen and on paper."""
    row: MeetingRow = block.row
    assert row.start is not None and row.end is not None
    label = row.cells.get("系列", "")
    style = f"series-{series.index(label)}" if label in series else "series-none"
    lang = sheet.lang
    when = f"{clock(row.start.hour * 60 + row.start.minute)}{DASH[lang]}{end_clock(row.end)}"
    when_length = sheet.said("output.m.when_length", when=when, length=length_text(row.minutes, lang))
    who = _who(sheet, row.required, row.optional)
    note = row.cells.get("备注", "").strip()
    noted = sheet.said("output.m.note", note=note) if note else ""
    tip = f"{row.title} · {when_length} · {row.room} · {who}" + (f" · {noted}" if note else "")
    span = f' rowspan="{block.span}"' if block.span > 1 else ""
    slot = row.start.isoformat(timespec="minutes")
    height = block.span * ROW_PX - 3
    shown = ""
    clamped = False
    if block.span == 1:
        inner = f"<b>{escape(row.title)}</b>"
        short = " short"
    else:
        # the block's own padding and border off; the title's wrapped lines and the time's line above.
        # A title longer than the block holds with its time is cut after the lines that fit, with "…"
        # (the whole title in the tooltip and in the list under the grid)
        room_for_title = max(1, int((height - 12 - 13.125) // 15.625))
        title_lines = _lines(row.title, width, 12.5)
        clamped = title_lines > room_for_title
        left = height - 12 - min(title_lines, room_for_title) * 15.625 - 13.125
        lines = max(0, int(left // 13.125))
        shown = _fitted(sheet, row.required, row.optional, width, lines)
        people = f'<span class="who" style="-webkit-line-clamp: {lines}">{escape(shown)}</span>' if shown else ""
        title = (
            f'<b class="cut" style="-webkit-line-clamp: {room_for_title}">{escape(row.title)}</b>'
            if clamped
            else f"<b>{escape(row.title)}</b>"
        )
        inner = f'{title}<span class="when">{escape(when_length)}</span>{people}'
        short = ""
    cell = (
        f'<td class="meeting"{span} data-slot="{slot}" data-minutes="{row.minutes}">'
        f'<div class="block {style}{short}" style="height: {height}px" title="{escape(tip)}">{inner}</div></td>'
    )
    said = [who] if shown != who and who else []  # the whole list, when the block cut it
    said += [noted] if note else []  # a note is never in the block: said under the grid
    day = dated(format_day(row.start.date()), lang)
    line = sheet.said("output.m.line", title=row.title, day=day, when=when)
    if not said:  # a title the block cut is said whole under the grid
        return cell, line if clamped else None
    return cell, sheet.said("output.m.line_said", line=line, said=("；" if lang == "zh" else "; ").join(said))


def _who(sheet: MeetingSheet, required: tuple[str, ...], optional: tuple[str, ...], upto: int | None = None) -> str:
    """The participants as a block lists them (``甲、乙；可选：丙``, ``A; B (optional: C)``); with ``upto``,
    the first ``upto`` and "等 N 人" (`` … (N in all)``)."""
    names = [*required, *optional][:upto]
    text = sheet.names(names[: len(required)])
    if len(names) > len(required):
        text += sheet.said("output.m.optional", names=sheet.names(names[len(required) :]))
    if upto is not None:
        text += sheet.said("output.m.in_all", count=len(required) + len(optional))
    return text


def _fitted(sheet: MeetingSheet, required: tuple[str, ...], optional: tuple[str, ...], width: float, lines: int) -> str:
    """Every participant if they fit in ``lines`` lines, else as many as fit with "等 N 人"."""
    whole = _who(sheet, required, optional)
    if _lines(whole, width, 10.5) <= lines:
        return whole
    for upto in range(len(required) + len(optional) - 1, 0, -1):
        text = _who(sheet, required, optional, upto)
        if _lines(text, width, 10.5) <= lines:
            return text
    return ""


def _lines(text: str, width: float, size: float) -> int:
    """How many lines ``text`` takes in a block ``width`` pixels wide in ``size``-pixel type, on the
    safe side: a Chinese character ``size`` wide, any other 0.6 of it, a line wrapping at any
    character (the blocks' ``overflow-wrap: anywhere``), one character spare a line."""
    room = width - size
    lines, used = 1, 0.0
    for character in text:
        step = size if wcwidth(character) == 2 else size * 0.6
        if used + step > room and used:
            lines, used = lines + 1, 0.0
        used += step
    return lines
