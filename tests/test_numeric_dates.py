"""A date written as English Excel writes it to CSV (``9/2/2026 13:00``: 2 Sep or 9 Feb?) is refused saying
why and what to write (QA qaeng22 F10), not "cannot read the time"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.text.messages import Message
from scheduler.text.times import TimeRefused, parse_datetime, year_resolver

YEAR = year_resolver([], 2026)


@pytest.mark.parametrize("text", ["9/2/2026 13:00", "02/09/2026 13:00", "9/2/2026 1:00 PM", "Wed 9/2 1pm", "9/2"])
def test_a_numeric_date_is_refused_as_ambiguous(text):
    with pytest.raises(TimeRefused) as refused:
        parse_datetime(text, YEAR)
    said = Message(refused.value.key, **refused.value.params).text("en")
    assert (
        f"'{text.split()[1 if text.startswith('Wed') else 0]}'" in said
        and "ambiguous" in said
        and "2026-09-02 13:00" in said
    ), said


def test_the_table_names_the_cell_and_the_reason(tmp_path):
    school = Path(__file__).parent / "data" / "english_school"
    for name in ("meetings.toml", "people.csv"):
        shutil.copy(school / name, tmp_path / name)
    table = tmp_path / "meetings.csv"
    table.write_text("Meeting,Duration,Participants,Time\nReview,1 hour,Dr. Smith,9/2/2026 13:00\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(table)], env={"DOCKING_LANG": "en"})
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "row 2, column Time" in line and "ambiguous" in line, line
