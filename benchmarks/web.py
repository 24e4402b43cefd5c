"""The web app's speed in a real browser (issue 17): the page for 1,000 units, and a drag on the notice.

* **load**: Debian's Chromium (Playwright) opens the page of a 1,000-unit, 4-room project
  (``benchmarks.generate``, seed 0, with its published times); the figure is the browser's
  own clock from the start of navigation to the moment the grid is drawn (the page marks
  ``grid-ready`` after its first draw, with every chip in place). Target: under 1 s.
* **drag**: on the 2021 notice, a unit dragged to another hour and back, many times; the
  figure is from the drop to the checker's lines shown (the page's ``move`` measure: the
  request, the check and the atomic write on the server, the answer drawn). Target: under
  100 ms. The server's part alone (the same POST without a browser) is shown beside it.

Each figure is the median of ``--runs`` (the first, warm-up run is not counted), with the
min and max; the page and the server run on this machine, the browser headless.
Run: ``make bench-web`` (``--runs N``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.shapes import write_files  # noqa: E402
from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS, make_project, serve  # noqa: E402


def spread(values: list[float]) -> str:
    middle = statistics.median(values)
    return f"median {middle:7.1f} ms  (min {min(values):.1f}, max {max(values):.1f}, n={len(values)})"


def page_load(browser: object, url: str, runs: int, units: int, token: str | None = None) -> list[float]:
    """Navigation to grid drawn; with ``token``, the project is changed before each load (nothing cached)."""
    out = []
    for run in range(runs + 1):
        if token is not None:
            post_move(url, token, run, index=0)
        page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
        page.goto(url, wait_until="commit")
        page.wait_for_selector(f'.chip[data-index="{units - 1}"]', state="attached", timeout=60000)
        page.wait_for_timeout(50)  # let the mark be taken
        mark = page.evaluate("performance.getEntriesByName('grid-ready')[0].startTime")
        count = page.locator(".chip").count()
        assert count == units, count
        if run:
            out.append(mark)
        page.close()
    return out


def drags(browser: object, url: str, runs: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(".chip")
    targets = ["2021-09-10T18:00", "2021-09-08T11:00"]  # 区财政局 away (a violation) and back
    out = []
    for run in range(runs + 1):
        page.evaluate("performance.clearMeasures('move')")
        chip = page.locator('.chip[data-unit="区财政局"]')
        chip.drag_to(page.locator(f'td.cell[data-slot="{targets[run % 2]}"]'))
        page.locator(f'td.cell[data-slot="{targets[run % 2]}"] .chip[data-unit="区财政局"]').wait_for()
        page.wait_for_timeout(20)
        measured = page.evaluate("performance.getEntriesByName('move').map(m => m.duration)")
        assert len(measured) == 1, measured
        if run:
            out.append(measured[0])
    page.close()
    return out


def post_move(url: str, token: str, run: int, index: int) -> float:
    """Move meeting ``index`` to the first slot (even runs) or back to its own (odd runs); milliseconds."""
    with urllib.request.urlopen(url + "api/project") as answer:
        project = json.load(answer)
    if not hasattr(post_move, "home"):
        post_move.home = {}  # type: ignore[attr-defined]
    home = post_move.home.setdefault((url, index), project["meetings"][index]["start"])  # type: ignore[attr-defined]
    first = project["calendar"]["days"][0]["key"] + "T" + project["calendar"]["hours"][0]["key"]
    room = project["meetings"][index]["room"] or None
    body = {"version": project["version"], "index": index, "start": [first, home][run % 2], "room": room}
    request = urllib.request.Request(
        url + "api/move",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-CSRF-Token": token},
        method="POST",
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request) as answer:
        answer.read()
    return (time.perf_counter() - started) * 1000


def server_moves(url: str, token: str, runs: int) -> list[float]:
    return [ms for run in range(runs + 1) if (ms := post_move(url, token, run, index=3)) and run]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=4)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-web-") as temp:
        folder = Path(temp)
        table = write_files(generate(args.units, args.rooms, seed=0, stable=True), folder / "source")
        make_project(folder / "big", table)
        make_project(folder / "notice")
        big = serve(folder / "big")
        notice = serve(folder / "notice")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                loads = page_load(browser, big.url, args.runs, args.units)
                fresh = page_load(browser, big.url, args.runs, args.units, big.guard.csrf)
                dragged = drags(browser, notice.url, args.runs)
                browser.close()
            posts = server_moves(notice.url, notice.guard.csrf, args.runs)
        finally:
            big.stop()
            notice.stop()
    print(f"page load, {args.units} units in {args.rooms} rooms (navigation to grid drawn): {spread(loads)}")
    print(f"  the same, the project changed before each load (nothing cached): {spread(fresh)}")
    print(f"drag on the notice (drop to the check shown):                    {spread(dragged)}")
    print(f"  the server's part (POST /api/move, check, write, answer):       {spread(posts)}")
    ok = statistics.median(fresh) < 1000 and statistics.median(dragged) < 100
    print("targets (load < 1000 ms, drag < 100 ms):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
