"""A participant written "Surname, Given" (Outlook's English display name) is one person when the people
sheet lists that name (QA english14 F15): known names first, then splitting. Without a people sheet a
comma separates people, as docs/formats.md says."""

from __future__ import annotations

import pytest

from scheduler.errors import InputError
from scheduler.files.meeting_changes import parse_meeting_changes
from scheduler.files.meeting_files import load_meetings, name_joins, split_names

RULES = """title = "Office meetings"
days = ["2026-03-02"]
hours = ["9:00-12:00"]
{people}
[[rooms]]
name = "R1"
"""


def _load(tmp_path, people: bool):
    table = tmp_path / "m.csv"
    table.write_text(
        'Meeting,Length,Participants\nKick-off,60 min,"Doe, Jane; Smith, John"\nReview,60 min,"Doe, Jane"\n'
    )
    (tmp_path / "people.csv").write_text('Name,Email\n"Doe, Jane",jane@example.org\n"Smith, John",john@example.org\n')
    table.with_suffix(".toml").write_text(RULES.format(people='people = "people.csv"' if people else ""))
    return load_meetings(table)


def test_a_known_name_holding_a_comma_is_one_participant(tmp_path):
    sessions = {s.title: [a.name for a in s.attendees] for s in _load(tmp_path, people=True).problem.sessions}
    assert sessions == {"Kick-off": ["Doe, Jane", "Smith, John"], "Review": ["Doe, Jane"]}


def test_without_a_people_sheet_a_comma_separates_people(tmp_path):
    sessions = {s.title: [a.name for a in s.attendees] for s in _load(tmp_path, people=False).problem.sessions}
    assert sessions["Review"] == ["Doe", "Jane"]  # decided: no list of names, nothing to tell them apart


def test_known_names_first_then_splitting():
    joins = name_joins(["Doe, Jane", "Doe, Jane, Jr.", "王主任", "Smith, John"])
    assert split_names("Doe, Jane, Jr., Smith, John", joins) == ["Doe, Jane, Jr.", "Smith, John"]
    assert split_names("王主任、Doe, Jane；Roe", joins) == ["王主任", "Doe, Jane", "Roe"]
    assert split_names("Doe，Jane", joins) == ["Doe, Jane"]  # a comma is a comma, half- or full-width
    assert split_names("Doe; Jane", joins) == ["Doe", "Jane"]  # only across the name's own separators
    assert split_names("Doe、Jane", joins) == ["Doe", "Jane"]  # decided (review14 F9): 、 lists names
    assert split_names("区委、区政府办公室", name_joins(["区委、区政府办公室"])) == ["区委、区政府办公室"]
    assert split_names("甲、乙", {}) == ["甲", "乙"]


@pytest.mark.parametrize(
    ("option", "required", "optional"),
    [
        ("Sync,30,Doe, Jane", ["Doe, Jane"], []),
        ("Sync,30,Doe, Jane; Smith, John", ["Doe, Jane", "Smith, John"], []),
        ("Sync，30，Doe, Jane、Smith, John", ["Doe, Jane", "Smith, John"], []),
        ("Sync,30,Doe, Jane,Smith, John", ["Doe, Jane"], ["Smith, John"]),
        ("Sync,30,Doe, Jane,", ["Doe, Jane"], []),
    ],
)
def test_reschedule_add_reads_a_name_holding_a_comma(tmp_path, option, required, optional):
    """review14 F9: ``--add`` split every comma before the names were read, so "Doe, Jane" could not be
    named; now MEETING and LENGTH come off the front and the participants are read as the table's cell."""
    (added,) = parse_meeting_changes(_load(tmp_path, people=True), add=[option]).adds
    assert (list(added.required), list(added.optional)) == (required, optional)


@pytest.mark.parametrize(
    "option", ["Sync,30,Doe, Jane,Smith, John,X", "Sync,30,,Doe, Jane", "Sync,30", "Sync,30,Doe; Jane"]
)
def test_reschedule_add_refuses_what_it_cannot_read(tmp_path, option):
    with pytest.raises(InputError):
        parse_meeting_changes(_load(tmp_path, people=True), add=[option])


def test_a_known_name_written_with_a_list_separator_is_refused_naming_it(tmp_path):
    """Decided (review14 F9): 、 and ; never join parts into one person; a name the people sheet holds with
    a comma, written so, is refused with the sheet's spelling, in the table and in ``--add``."""
    loaded = _load(tmp_path, people=True)
    with pytest.raises(InputError) as caught:
        parse_meeting_changes(loaded, add=["Sync,30,Doe; Jane"])
    assert "the people sheet has 'Doe, Jane'" in caught.value.text("en")
    (tmp_path / "m.csv").write_text('Meeting,Length,Participants\nKick-off,60 min,"Doe、Jane"\n')
    with pytest.raises(InputError) as caught:
        load_meetings(tmp_path / "m.csv")
    said = caught.value.text("en")
    assert "row 2, column Participants: 'Doe' is neither in the people sheet nor a unit" in said
    assert "(the people sheet has 'Doe, Jane': write it as the sheet does, its punctuation too)" in said
