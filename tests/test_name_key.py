"""One name key (QA qaunicode20 F2-F5): two names that differ only in width, in the kind of space between
their words or in Unicode form are one name wherever names are compared; the first spelling is shown."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.meeting_changes import parse_meeting_changes
from scheduler.files.meeting_files import load_meetings
from scheduler.text.names import Spellings, name_key
from tests.conftest import edit
from tests.invite_helpers import NOTICE

RULES = """title = "t"
days = ["2025-07-15", "2025-07-16"]
hours = ["8:00-10:00"]
{people}
{units}
[[rooms]]
name = "R1"
[[rooms]]
name = "Salle Café"
"""


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("区财政局（国资办）", "区财政局(国资办)"),
        ("区ＩＴ中心", "区IT中心"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("John\u3000Smith", "John Smith"),
        ("王\u3000伟", "王 伟"),
        ("区发改委\u00a0(价格)", "区发改委 (价格)"),
        ("John  Smith", "John Smith"),
        ("Cafe\u0301局", "Café局"),
        ("区\u200b财政局", "区财政局"),
        (" 区财政局 ", "区财政局"),
        ("会议：A", "会议:A"),
    ],
)
def test_names_that_differ_only_in_width_space_or_form_are_one(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("①号", "1号"), ("Tax Office", "tax office"), ("區財政局", "区财政局"), ("王伟", "王 伟"), ("【A】", "[A]")],
)
def test_what_the_key_keeps_apart(one, other):
    """Decided (docs/formats.md): not NFKC, not case, not traditional/simplified, a space is not nothing."""
    assert name_key(one) != name_key(other)


def test_spellings_keep_the_first():
    spelled = Spellings(["区财政局（国资办）"])
    assert spelled.add("区财政局(国资办)") == "区财政局（国资办）" and spelled.get("区ＩＴ中心") is None
    assert "区财政局(国资办)" in spelled and spelled.add("区IT中心") == "区IT中心"


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args])


def test_a_unit_table_listing_one_unit_in_two_widths_lists_it_twice(example):
    """F2: two rows, two meetings, two invites to one mailbox, and not a word."""
    edit(example / NOTICE.name, "9 月 8 日 11:00,区财政局,", "9 月 8 日 11:00,区财政局（国资办）,")
    edit(example / NOTICE.name, "9 月 9 日 8:00,区司法局,", "9 月 9 日 8:00,区财政局(国资办),")
    result = run("validate", str(example / NOTICE.name))
    assert result.exit_code != 0
    assert "区财政局（国资办） is listed 2 times" in result.output


def test_a_rules_file_names_a_unit_in_the_other_width(example):
    """F5: ``[[unavailable]] unit = "区财政局(国资办)"`` for the table's ``区财政局（国资办）``."""
    edit(example / NOTICE.name, "9 月 8 日 11:00,区财政局,", "9 月 8 日 11:00,区财政局（国资办）,")
    rules = example / "notice_2021.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8") + '\n[[unavailable]]\nunit = "区财政局(国资办)"\ntimes = ["9月8日 11:00"]\n',
        encoding="utf-8",
    )
    result = run("validate", str(example / NOTICE.name))
    assert "there is no unit" not in result.output
    assert "区财政局（国资办）" in result.output and "unavailable" in result.output  # the rule now judges it


def _meetings(tmp_path, rows: str, people: str = "", units: str = ""):
    table = tmp_path / "m.csv"
    table.write_text("会议,时长,参会人员\n" + rows, encoding="utf-8")
    if people:
        (tmp_path / "p.csv").write_text(people, encoding="utf-8")
    table.with_suffix(".toml").write_text(
        RULES.format(people='people = "p.csv"' if people else "", units=units), encoding="utf-8"
    )
    return load_meetings(table)


def test_without_a_people_sheet_one_person_in_two_widths_is_one_person(tmp_path):
    """F3: ``Ｊｏｈｎ Ｓｍｉｔｈ`` and ``John Smith`` were booked at one hour in two rooms."""
    loaded = _meetings(
        tmp_path, "A,1小时,Ｊｏｈｎ Ｓｍｉｔｈ\nB,1小时,John\u3000Smith\nC,1小时,王主任（视频）、John Smith\n"
    )
    attendees = {s.title: [a.name for a in s.attendees] for s in loaded.problem.sessions}
    assert attendees == {
        "A": ["Ｊｏｈｎ Ｓｍｉｔｈ"],
        "B": ["Ｊｏｈｎ Ｓｍｉｔｈ"],
        "C": ["王主任（视频）", "Ｊｏｈｎ Ｓｍｉｔｈ"],
    }
    assert sorted(p.name for p in loaded.problem.people) == sorted(["Ｊｏｈｎ Ｓｍｉｔｈ", "王主任（视频）"])


def test_a_meeting_listed_again_in_the_other_width_is_listed_twice(tmp_path):
    from scheduler.errors import InputError

    with pytest.raises(InputError) as caught:
        _meetings(tmp_path, "Kickoff,1小时,A\nＫｉｃｋｏｆｆ,1小时,B\n")
    assert "row 3" in caught.value.text("en")


def test_meeting_options_name_people_and_meetings_width_aside(tmp_path):
    """F4: the name as timetable.csv writes it (``John Smith``) was refused for the sheet's ``Ｊｏｈｎ Ｓｍｉｔｈ``."""
    loaded = _meetings(
        tmp_path,
        "Ｋｉｃｋｏｆｆ,1小时,John Smith\nSync,1小时,John Smith\n",
        people="姓名,邮箱\nＪｏｈｎ Ｓｍｉｔｈ,john@example.org\n",
    )
    changes = parse_meeting_changes(
        loaded,
        unavailable=["John\u3000Smith@7月15日 9:00-10:00"],
        pins=["Kickoff@7月16日 8:00@Salle Cafe\u0301"],
        drop=["Ｓｙｎｃ"],
        add=["Review,1小时,John Smith"],
    )
    assert [b.who for b in changes.busy] == ["Ｊｏｈｎ Ｓｍｉｔｈ"]
    assert [(p.title, p.room) for p in changes.pins] == [("Ｋｉｃｋｏｆｆ", "Salle Café")]
    assert changes.drops == ("Sync",)
    assert [a.name for a in changes.adds[0].attendees] == ["Ｊｏｈｎ Ｓｍｉｔｈ"]


def test_rules_names_of_a_meeting_table_are_the_tables(tmp_path):
    """F5: ``units`` entries written in NFD or full width in the rules file are the table's participants
    (they were persons: ``CUTYPE=INDIVIDUAL``); the rules' spelling is kept, as a people sheet's is."""
    loaded = _meetings(tmp_path, "T1,1小时,Café局、区IT中心、Ann\n", units='units = ["Cafe\u0301局", "区ＩＴ中心"]')
    (session,) = loaded.problem.sessions
    assert [a.name for a in session.attendees if a.name in loaded.problem.units] == ["Café局", "区ＩＴ中心"]


def test_unit_options_name_units_width_aside(example):
    """The unit table's options already folded width (by NFKC); now by the one key, links and --drop too."""
    from scheduler.files.changes import parse_changes, parse_links
    from scheduler.files.load import load

    edit(example / NOTICE.name, "9 月 8 日 11:00,区财政局,", "9 月 8 日 11:00,区财政局（国资办）,")
    loaded = load(example / NOTICE.name)
    changes = parse_changes(loaded, drop=["区财政局(国资办)"], pins=["区发改委＠9月9日 8:00"])
    assert changes.drop == ("区财政局（国资办）",) and [p.unit for p in changes.pins] == ["区发改委"]
    kept = parse_changes(loaded)
    links = parse_links(loaded, ["区财政局(国资办)，区发改委"], kept)
    assert [(link.first, link.then) for link in links] == [("区财政局（国资办）", "区发改委")]


def test_a_meeting_tables_rules_name_meetings_rooms_and_people_width_aside(tmp_path):
    """F5: ``[[pins]]``, ``[[links]]`` and ``[[unavailable]]`` naming the table's names in the other width."""
    rules = (
        '[[pins]]\nmeeting = "Ｋｉｃｋｏｆｆ"\ntime = "7月15日 8:00"\nroom = "Salle Cafe\u0301"\n'
        '[[links]]\nfirst = "Ｋｉｃｋｏｆｆ"\nthen = "Sync"\n'
        '[[unavailable]]\nperson = "John\u3000Smith"\ntimes = ["7月16日"]\n'
    )
    loaded = _meetings(tmp_path, "Kickoff,1小时,John Smith\nSync,1小时,Ann\n", units=rules)
    problem = loaded.problem
    assert [(p.title, p.room) for p in problem.pins] == [("Kickoff", "Salle Café")]
    assert [(link.first, link.then) for link in problem.links] == [("Kickoff", "Sync")]
    assert {b.who for b in problem.busy} == {"John Smith"}


def test_a_unit_the_people_sheet_lists_is_a_unit_in_either_width(tmp_path):
    """F5: the rules' ``区ＩＴ中心`` and the sheet's ``区IT中心`` were a unit and a person (``CUTYPE=INDIVIDUAL``)."""
    loaded = _meetings(
        tmp_path,
        "T1,1小时,区IT中心、Ann\n",
        people="姓名,邮箱\n区IT中心,it@example.org\nAnn,ann@example.org\n",
        units='units = ["区ＩＴ中心"]',
    )
    (session,) = loaded.problem.sessions
    assert loaded.problem.units == ("区IT中心",) and session.attendees[0].name == "区IT中心"
