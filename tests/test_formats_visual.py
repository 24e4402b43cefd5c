"""Looking at the published files as a person would: the HTML page in headless Chromium
(every unit visible, none overflowing its cell, one A4 page when printed) and the Word
annex turned into a PDF by LibreOffice (its text, its pages).

Debian's ``chromium`` and ``libreoffice-writer-nogui`` (and the CJK font
``fonts-wqy-microhei``) are installed by ``.ci/run``; elsewhere these tests skip,
saying which program is missing. Set ``DOCKING_SHOTS=DIR`` to keep the screenshot
and the PDFs for looking at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import scheduler
from scheduler.export.outputs import timetable_files
from scheduler.files.atomic import write_files
from scheduler.text.times import format_time
from tests.formats_helpers import (
    NOTICE,
    chromium,
    libreoffice_pdf,
    measure_page,
    pdf_pages,
    run_chromium,
    soffice,
    squeeze,
)

CHROMIUM = chromium()
SOFFICE = soffice()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)"
)
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="no LibreOffice on PATH (Debian: apt-get install libreoffice-writer-nogui; .ci/run does)"
)
A4_PORTRAIT_PRINTABLE = 703  # CSS px across A4 (210 mm) less the page's 12 mm margins, at 96 px per inch


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The 2021 notice as published (the stable solution is the annex itself), in every format."""
    out = tmp_path_factory.mktemp("published")
    loaded = scheduler.load(NOTICE)
    result = scheduler.solve(loaded.problem, objective="stable", time_limit=20)
    assert result.moves() == []
    write_files(out, timetable_files(loaded, result.timetable, issued=date(2021, 9, 6)))
    return loaded, result.timetable, out


def keep(*paths: Path) -> None:
    target = os.environ.get("DOCKING_SHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for path in paths:
            shutil.copy(path, Path(target) / path.name)


def unit_names(loaded) -> set[str]:
    return {u.name for u in loaded.problem.units}


@needs_chromium
@pytest.mark.parametrize("width", [A4_PORTRAIT_PRINTABLE, 1100])
def test_html_every_unit_visible_and_inside_its_cell(published, tmp_path, width):
    loaded, timetable, out = published
    measured = measure_page(CHROMIUM, out / "timetable.html", tmp_path, width)
    units = measured["units"]
    assert len(units) == 29
    assert {u["name"] for u in units} == unit_names(loaded)
    starts = timetable.starts()
    for u in units:
        assert u["visible"], u
        assert u["inside"], u
        assert not u["overflow"], u
        assert u["onPage"], u
        assert u["slot"] == starts[u["name"]].isoformat(timespec="minutes"), u
    assert measured["scrollWidth"] <= measured["width"]  # no sideways scrolling at this width


@needs_chromium
def test_the_measurement_catches_an_overflowing_unit(published, tmp_path):
    """The check above can fail: units forced wider than their cells are reported."""
    _, _, out = published
    broken = ".unit { white-space: nowrap; flex: none; width: 340px; }"
    units = measure_page(CHROMIUM, out / "timetable.html", tmp_path, A4_PORTRAIT_PRINTABLE, broken)["units"]
    assert sum(not u["inside"] for u in units) >= 20


@needs_chromium
def test_html_prints_on_one_a4_page(published, tmp_path):
    from pypdf import PdfReader

    loaded, _, out = published
    pdf = tmp_path / "timetable-html.pdf"
    shot = tmp_path / "timetable-html.png"
    page = (out / "timetable.html").as_uri()
    run_chromium(CHROMIUM, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page)
    run_chromium(CHROMIUM, tmp_path / "profile", f"--screenshot={shot}", "--window-size=794,1123", page)
    keep(pdf, shot)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    text = squeeze(pdf_pages(pdf)[0])
    assert squeeze(loaded.problem.title) in text
    for name in unit_names(loaded):
        assert name in text, name
    assert shot.stat().st_size > 10_000


PUSH_LEGEND = """
<script>
(() => {
  const page = 273 * 96 / 25.4;  // A4 portrait less the page's 12 mm margins, in CSS px
  const spacer = document.createElement('div');
  spacer.style.height = (page - document.querySelector('ul.legend').getBoundingClientRect().top + 2) + 'px';
  document.body.insertBefore(spacer, document.body.firstChild);
})();
</script>
"""


@needs_chromium
def test_html_legend_never_opens_a_printed_page_alone(published, tmp_path):
    """QA print24 F12: a page pushed down (here by a spacer above the title, measured so that the
    legend starts 2 px past the first printed page's foot) prints the grid's last row over with the
    legend, not the legend and the footer alone on a page. The print rules apply on screen too for the
    measurement, at the printed width; the PDF then lays the page out for print."""
    _, timetable, out = published
    html = (out / "timetable.html").read_text(encoding="utf-8").replace("@media print", "@media all")
    probe = tmp_path / "pushed.html"
    probe.write_text(html.replace("</body>", PUSH_LEGEND + "</body>"), encoding="utf-8")
    pdf = tmp_path / "pushed.pdf"
    size = f"--window-size={A4_PORTRAIT_PRINTABLE},1123"
    run_chromium(
        CHROMIUM, tmp_path / "profile", size, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", probe.as_uri()
    )
    keep(pdf)
    pages = [squeeze(text) for text in pdf_pages(pdf)]
    assert len(pages) == 2, pages  # the spacer put the page break where it was meant to
    starts = timetable.starts()
    latest = max(start.time() for start in starts.values())
    last_row = sorted(name for name, start in starts.items() if start.time() == latest)
    assert all(name in pages[1] for name in last_row), pages[1]  # the last hour's row came over with the legend
    assert not any(name in pages[0] for name in last_row)


@pytest.fixture(scope="module")
def docx_pdf(published, tmp_path_factory):
    """timetable.docx converted to PDF by LibreOffice."""
    pdf = libreoffice_pdf(SOFFICE, published[2] / "timetable.docx", tmp_path_factory.mktemp("docx"))
    keep(pdf)
    return pdf


@needs_libreoffice
def test_docx_as_pdf_holds_the_annex(published, docx_pdf):
    loaded, timetable, _ = published
    pdf = docx_pdf
    pages = [squeeze(t) for t in pdf_pages(pdf)]
    assert len(pages) == 2  # like the seed's annex: 29 rows do not fit one A4 page
    for i, page in enumerate(pages, start=1):  # each numbered at its foot, the PAGE and NUMPAGES fields filled in
        assert page.endswith(f"第{i}页共{len(pages)}页"), page[-20:]
    pages = [p.removesuffix(f"第{i}页共{len(pages)}页") for i, p in enumerate(pages, start=1)]
    whole = "".join(pages)
    assert whole.startswith("附件" + squeeze(loaded.problem.title) + "序号时间单位备注")
    assert all(p.count("序号时间单位备注") == 1 for p in pages)  # the header repeats on page 2
    assert whole.endswith("2021年9月6日")
    shown = None
    for number, meeting in enumerate(timetable.meetings, start=1):  # 序号, 时间 (once per shared hour), 单位
        time = squeeze(format_time(meeting.start))
        row = rf"(?<!\d){number}{re.escape(time) if time != shown else ''}{re.escape(meeting.unit)}"
        assert re.search(row, whole), (number, time, meeting.unit)
        shown = time
    for first, second in zip(timetable.meetings, timetable.meetings[1:], strict=False):
        if first.start == second.start:  # a shared hour is never split across pages
            assert any(first.unit in p and second.unit in p for p in pages), (first.unit, second.unit)


@needs_libreoffice
def test_docx_as_pdf_uses_a_chinese_font(docx_pdf):
    from pypdf import PdfReader

    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    if not listed.stdout.strip():
        pytest.skip("no Chinese font installed (Debian: fonts-wqy-microhei; .ci/run installs it)")
    fonts = set()
    for page in PdfReader(str(docx_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    chinese = [f for f in fonts if re.search(r"WenQuanYi|WQY|Noto.*CJK|Source.?Han|SimSun|SimHei|Song|Hei|Ming", f)]
    assert chinese, fonts
