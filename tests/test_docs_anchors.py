"""Every link to a heading of the docs (``[text](#anchor)``, ``[text](page.md#anchor)``) lands on one.
docs/benchmarks.md opens with a summary whose rows link to its sections by their anchors (GitHub's:
the heading lowercased, punctuation dropped, spaces as hyphens, a repeated heading numbered), and a
heading edited later would leave such a link pointing nowhere, which nothing else reads."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from tests.conftest import ROOT

LINK = re.compile(r"\]\(([^)\s#]*)#([^)\s]+)\)")


def _slug(heading: str) -> str:
    text = heading.replace("`", "").strip().lower()
    kept = (ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        fenced ^= line.startswith("```")
        heading = None if fenced else re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if heading:
            slug = _slug(heading.group(1))
            seen[slug] = seen.get(slug, 0) + 1
    return {slug if n == 0 else f"{slug}-{n}" for slug, count in seen.items() for n in range(count)}


def test_every_link_to_a_heading_lands_on_one() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        fenced = False
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            fenced ^= line.startswith("```")
            for target, anchor in [] if fenced else LINK.findall(line):
                dest = (page.parent / target).resolve() if target else page
                if dest.suffix != ".md":
                    continue
                if not dest.is_file() or anchor not in _anchors(dest):
                    broken.append(f"{page.name}:{number}: {target}#{anchor}")
    assert broken == []


def test_the_slug_is_github_s() -> None:
    assert _slug("Twenty-first session, end (6 December, 01:19 to 01:32 UTC): side by side") == (
        "twenty-first-session-end-6-december-0119-to-0132-utc-side-by-side"
    )
    assert _slug("Meetings: against Timefold's quickstart (`make bench-timefold`)") == (
        "meetings-against-timefolds-quickstart-make-bench-timefold"
    )
    assert _slug("A meeting table, its people sheet") == "a-meeting-table-its-people-sheet"
