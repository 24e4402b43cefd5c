"""Our line folding against icalendar's own: the same bytes for every line (``fold`` exists only
because icalendar walks a line one character at a time, a third of a 5,000-unit export)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from scheduler.invites.lines import fold

# ASCII, the escapes' backslash and caret, 2-, 3- and 4-octet characters, folding's own space.
CHARACTERS = st.sampled_from(["a", "\\", "^", ",", ";", " ", "é", "中", "、", "😀"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(CHARACTERS, max_size=400).map("".join))
def test_fold_is_icalendars(line: str) -> None:
    assert fold(line) == Contentline(line).to_ical()


def test_fold_at_the_edges() -> None:
    for line in ("a" * 74, "a" * 75, "a" * 73 + "\\n", "中" * 24 + "a", "中" * 25, "a" * 73 + "😀", "\\" * 200):
        assert fold(line) == Contentline(line).to_ical(), line
    assert all(len(piece) <= 75 for piece in fold("中" * 300).split(b"\r\n"))
