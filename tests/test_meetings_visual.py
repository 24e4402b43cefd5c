"""Looking at a meeting timetable's published files as a person would: the HTML grid in the session's
Chromium (every meeting inside its room and day, as tall as it is long, no text running out sideways;
printed, one room a page) and the Word grid turned into a PDF by LibreOffice (a page per room, each
meeting on its room's page, a Chinese font). Set ``DOCKING_SHOTS=DIR`` to keep the PDFs and a screenshot."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from scheduler.domain.meetings import Placement, Plan
from scheduler.export.meeting_outputs import meeting_timetable_files
from scheduler.files.atomic import write_files
from scheduler.files.meeting_files import load_meetings
from tests.formats_helpers import libreoffice_pdf, pdf_pages, soffice, squeeze
from tests.test_meeting_invites import TIMES

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings_2025.csv"
SOFFICE = soffice()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("meetings-published")
    loaded = load_meetings(EXAMPLE)
    plan = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    write_files(out, meeting_timetable_files(loaded, plan, issued=date(2025, 7, 3)))
    return loaded, plan, out


def keep(*paths: Path) -> None:
    target = os.environ.get("DOCKING_SHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for path in paths:
            shutil.copy(path, Path(target) / path.name)


MEASURE = """() => [...document.querySelectorAll('td.meeting')].map((cell) => {
  const block = cell.querySelector('.block');
  const r = block.getBoundingClientRect();
  const c = cell.getBoundingClientRect();
  const grid = cell.closest('table').getBoundingClientRect();
  return {
    title: block.querySelector('b').textContent, room: cell.closest('table').dataset.room,
    minutes: Number(cell.dataset.minutes), height: c.height,
    inside: r.left >= c.left - 0.5 && r.right <= c.right + 0.5 && r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5,
    onGrid: c.left >= grid.left - 0.5 && c.right <= grid.right + 0.5,
    sideways: block.scrollWidth > block.clientWidth + 1,
  };
})"""


@pytest.mark.parametrize("width", [703, 1100])
def test_html_every_meeting_in_its_room_as_tall_as_it_is_long(browser, published, width):
    _, plan, out = published
    page = browser.new_page(viewport={"width": width, "height": 1123})
    try:
        page.goto((out / "timetable.html").as_uri())
        blocks = page.evaluate(MEASURE)
        rooms = {p.title: p.room for p in plan.placements}
        assert sorted(b["title"] for b in blocks) == sorted(rooms)
        for b in blocks:
            assert b["room"] == rooms[b["title"]] and b["inside"] and b["onGrid"] and not b["sideways"], b
        per_minute = {round(b["height"] / b["minutes"], 1) for b in blocks}
        assert max(per_minute) - min(per_minute) <= 0.1  # the same height per minute for every meeting
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        if width == 703:
            shot = out / "meetings.png"
            page.screenshot(path=str(shot), full_page=True)
            pdf = out / "meetings-html.pdf"
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
            pages = [squeeze(t) for t in pdf_pages(pdf)]
            used = ["大会议室", "301小会议室"]  # one room a page; 420会议室 holds nothing
            assert len(pages) == len(used)
            for text, room in zip(pages, used, strict=True):
                assert room in text and all(t in text for t, r in rooms.items() if r == room)
            keep(shot, pdf)
    finally:
        page.close()


@pytest.mark.skipif(SOFFICE is None, reason="no LibreOffice on PATH (Debian: libreoffice-writer-nogui; .ci/run)")
def test_docx_as_pdf_is_a_page_per_room_with_its_meetings(published, tmp_path):
    from pypdf import PdfReader

    loaded, plan, out = published
    pdf = libreoffice_pdf(SOFFICE, out / "timetable.docx", tmp_path)
    keep(pdf)
    pages = [squeeze(t) for t in pdf_pages(pdf)]
    assert len(pages) == 2  # each numbered at its foot (the footer kept within the margin: still a room a page)
    assert pages[0].startswith(squeeze(loaded.problem.title) + "大会议室（40座）") and pages[0].endswith("第1页共2页")
    assert pages[1].startswith("301小会议室（6座）") and pages[1].endswith("2025年7月3日第2页共2页")
    for p in plan.placements:
        page = pages[0] if p.room == "大会议室" else pages[1]
        end = {90: "（90分钟）", 60: "（1小时）", 45: "（45分钟）", 120: "（2小时）"}[
            loaded.problem.session(p.title).minutes
        ]
        assert squeeze(p.title) in page and end in page, p.title
    fonts = {
        str(f.get_object()["/BaseFont"]) for pg in PdfReader(str(pdf)).pages for f in pg["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in f or "WQY" in f or "CJK" in f or "Song" in f or "Hei" in f for f in fonts), fonts
