"""Test helpers for the file formats: variants of the 2021 table, readers for the
published formats the product does not take as input (docx, html), and the
external tools (headless Chromium, LibreOffice) the visual checks use."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from scheduler.text.times import parse_datetime

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "examples" / "notice_2021.csv"
RULES = ROOT / "examples" / "notice_2021.toml"


def notice_text() -> str:
    return NOTICE.read_text(encoding="utf-8")


def notice_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(notice_text())))


def with_rules(table: Path, rules: Path = RULES) -> Path:
    """Put the rules file beside ``table`` under the table's name; return the table."""
    shutil.copy(rules, table.with_suffix(".toml"))
    return table


def write_xlsx(path: Path, rows: list[list[object]], title: str | None = None, merge: list[str] = ()) -> Path:
    """A workbook with ``rows`` on its first sheet (after a merged title row if given)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    if title is not None:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    book.save(path)
    return path


# -- reading back what the product writes but does not read ----------------------------


def docx_meetings(path: Path, year_of) -> list[tuple[str, datetime, str | None]]:
    """(unit, start, room) of every row of the first table of a .docx, as Word shows them
    (a merged 时间 cell gives its text to each row it spans); room is None without a 房间 column."""
    import docx

    table = docx.Document(str(path)).tables[0]
    header = [c.text.strip() for c in table.rows[0].cells]
    unit, time = header.index("单位"), header.index("时间")
    room = header.index("房间") if "房间" in header else None
    out = []
    for row in table.rows[1:]:
        cells = [c.text.strip() for c in row.cells]
        out.append((cells[unit], parse_datetime(cells[time], year_of), cells[room] if room is not None else None))
    return out


class _GridParser(HTMLParser):
    """Collects, for each ``td[data-slot]``, the text of each ``.unit`` box in it and
    the room label (``.room-name``) above the box, if any."""

    def __init__(self) -> None:
        super().__init__()
        self.slot: str | None = None
        self.depth = 0  # nesting inside the current .unit
        self.text: list[str] = []
        self.found: list[tuple[str, str, str | None]] = []
        self.small = 0
        self.room: str | None = None
        self.in_room_name = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "td":
            self.slot = a.get("data-slot")
        if tag == "div" and "room" in classes:
            self.room = None
        if tag == "div" and "room-name" in classes:
            self.in_room_name, self.room = True, ""
        if self.depth:
            self.depth += 1
            if tag == "small":
                self.small += 1
        elif tag == "div" and "unit" in (a.get("class") or "").split():
            self.depth, self.text = 1, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.slot = None
        if tag == "div" and self.in_room_name:
            self.in_room_name = False
            return
        if self.depth:
            self.depth -= 1
            if tag == "small":
                self.small -= 1
            if not self.depth:
                assert self.slot is not None, "a unit outside any slot cell"
                self.found.append(("".join(self.text).strip(), self.slot, self.room))

    def handle_data(self, data: str) -> None:
        if self.in_room_name:
            self.room = (self.room or "") + data
        elif self.depth and not self.small:
            self.text.append(data)


def html_meetings(path: Path) -> list[tuple[str, datetime, str | None]]:
    """(unit, start, room) of every unit box in the page's grid, by the cell it sits in;
    room is None when the page shows no room labels (one room)."""
    parser = _GridParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return [(name, datetime.fromisoformat(slot), room) for name, slot, room in parser.found]


# -- external tools --------------------------------------------------------------------


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with the flags this closed network needs (no background traffic)."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


MEASURE = """
<script>
(() => {
  const units = [...document.querySelectorAll('.unit')].map((u) => {
    const cell = u.closest('td');
    const r = u.getBoundingClientRect();
    const c = cell ? cell.getBoundingClientRect() : null;
    const s = getComputedStyle(u);
    const name = [...u.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    return {
      name,
      slot: cell ? cell.dataset.slot : null,
      visible: s.visibility !== 'hidden' && s.display !== 'none' && r.width > 4 && r.height > 4,
      inside: !!c && r.left >= c.left - 0.5 && r.right <= c.right + 0.5 && r.top >= c.top - 0.5
        && r.bottom <= c.bottom + 0.5,
      overflow: u.scrollWidth > u.clientWidth + 1 || u.scrollHeight > u.clientHeight + 1,
      onPage: r.left >= 0 && r.right <= document.documentElement.clientWidth + 0.5,
    };
  });
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify({
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    units,
  });
  document.body.appendChild(pre);
})();
</script>
"""


def measure_page(binary: str, page: Path, work: Path, width: int, extra_css: str = "") -> dict:
    """Load ``page`` (a copy with a measuring script added) at ``width`` CSS pixels; the boxes found."""
    html = page.read_text(encoding="utf-8")
    if extra_css:
        html = html.replace("</head>", f"<style>{extra_css}</style></head>")
    probe = work / f"measure-{width}.html"
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    done = run_chromium(binary, work / "profile", f"--window-size={width},1123", "--dump-dom", probe.as_uri())
    start = done.stdout.index('<pre id="measured">') + len('<pre id="measured">')
    return json.loads(unescape(done.stdout[start : done.stdout.index("</pre>", start)]))


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def squeeze(text: str) -> str:
    """Text without any white space (PDF text comes with line breaks inside names)."""
    return "".join(text.split())


def libreoffice_pdf(binary: str, document: Path, work: Path) -> Path:
    """Convert a document to PDF with LibreOffice (its own throw-away profile)."""
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
        env={**os.environ, "HOME": str(work)},
    )
    return work / (document.stem + ".pdf")
