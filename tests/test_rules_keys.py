"""A key of the rules file no reader knows is refused, naming the file, the line and the key, with the
nearest known key (QA english14 F12: ``capacty = 2``, ``meeting_minute = 30`` and a top-level key
written below the last ``[[rooms]]`` were read as nothing, and the timetable and invites built on the
defaults without a word)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.meeting_files import load_meetings
from scheduler.files.rules_file import read_rules
from scheduler.files.rules_keys import MEETING_KEYS, UNIT_KEYS
from tests.formats_helpers import NOTICE, ROOT, RULES

MEETINGS = ROOT / "examples" / "meetings_2025.csv"
MEETING_RULES = ROOT / "examples" / "meetings_2025.toml"
PEOPLE = ROOT / "examples" / "people_2025.csv"


def _unit_folder(tmp_path, edit):
    table = tmp_path / "t.csv"
    shutil.copy(NOTICE, table)
    (tmp_path / "t.toml").write_text(edit(RULES.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "contacts_2021.csv", tmp_path / "contacts_2021.csv")
    return table


def _meeting_folder(tmp_path, edit):
    table = tmp_path / "m.csv"
    shutil.copy(MEETINGS, table)
    shutil.copy(PEOPLE, tmp_path / PEOPLE.name)
    (tmp_path / "m.toml").write_text(edit(MEETING_RULES.read_text(encoding="utf-8")), encoding="utf-8")
    return table


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _refused(table, *, lang: str = "en") -> str:
    out = table.parent / "out"
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(out), "--time-limit", "5", "--lang", lang])
    assert result.exit_code == 2, result.output
    assert not out.exists()  # nothing written
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    return result.output.strip()


def _replace_first(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


@pytest.mark.parametrize(
    ("old", "new", "key", "said"),
    [
        ("meeting_minutes =", "meeting_minute =", "meeting_minutes", "key meeting_minute: unknown key 'meeting_minute' "
         "(did you mean meeting_minutes?)"),
        ("capacity =", "capacty =", "capacity", "key rooms[1].capacty: unknown key 'capacty' (did you mean capacity?)"),
        ('title =', 'colour = "red"\ntitle =', "colour", "key colour: unknown key 'colour' (known keys: categories, "),
        ("campaign =", "campaing =", "campaign",
         "key invites.campaing: unknown key 'campaing' (did you mean campaign?)"),
    ],
)  # fmt: skip
def test_a_unit_rules_files_unknown_key_is_refused_naming_line_and_nearest_key(tmp_path, old, new, key, said):
    table = _unit_folder(tmp_path, _replace_first(old, new))
    text = table.with_suffix(".toml").read_text(encoding="utf-8")
    line = _line(text, new.splitlines()[0].split("=")[0].strip() + " =")
    assert _refused(table).startswith(f"{table.with_suffix('.toml')}, line {line}, {said}")


def test_a_top_level_key_below_a_rooms_entry_is_said_to_belong_at_the_top(tmp_path):
    """The common slip: a key appended below a [[rooms]] entry (or at the end of the file, below the
    last table) is part of that entry in TOML, and was dropped without a word."""
    table = _meeting_folder(tmp_path, _replace_first('name = "大会议室"', 'name = "大会议室"\ngap_minutes = 15'))
    said = _refused(table)
    assert "key rooms[1].gap_minutes: 'gap_minutes' is a top-level key: write it at the top of the file" in said
    assert "before the first [...] or [[...]] header (written below [[rooms]], TOML puts it into that table)" in said
    assert "“gap_minutes”是顶层的键" in _refused(table, lang="zh")
    table = _meeting_folder(tmp_path, lambda text: text + 'people = "people_2025.csv"\n')
    assert "key invites.organizer.people: 'people' is a top-level key" in _refused(table)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("grid_minutes", "grid_minute", "key grid_minute: unknown key 'grid_minute' (did you mean grid_minutes?)"),
        ('name = "420会议室"', 'name = "420会议室"\nseat = 6', "unknown key 'seat' (did you mean seats?)"),
    ],
)
def test_a_meeting_rules_files_unknown_key_is_refused(tmp_path, old, new, said):
    table = _meeting_folder(tmp_path, _replace_first(old, new))
    assert said in _refused(table)


def test_every_example_and_every_key_the_tool_writes_is_known():
    """The examples read as they stand (the docs' examples run in tests/test_docs*.py); the keys the
    tool writes itself into a rules file (a reply's pin: ``from``, ``reason``) are known."""
    assert read_rules(RULES).extra.keys() == {"invites", "milestones"}
    assert load_meetings(MEETINGS).problem.sessions
    pins, unavailable = UNIT_KEYS["pins"], MEETING_KEYS["unavailable"]
    assert pins is not None and {"from", "reason"} <= pins
    assert unavailable is not None and {"reason", "person"} <= unavailable


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # QA qarules20 F3: [invite] or [[milestone]] (written 5 times) was refused without a line
        ("[invites]", "[invite]", "key invite: unknown key 'invite' (did you mean invites?)"),
        ("[[milestones]]", "[[milestone]]", "key milestone: unknown key 'milestone' (did you mean milestones?)"),
        ("[invites]", '["invite"]', "key invite: unknown key 'invite'"),
        # QA qarules20 F4: [rooms] was told on the key name without a line, [[invites]] passed validate
        ("[[rooms]]", "[rooms]", "key rooms: write [[rooms]] (two brackets), one [[rooms]] header per entry"),
        ("[invites]", "[[invites]]", "key invites: write [invites] (one bracket), once"),
        ("[invites.organizer]", "[[invites.organizer]]", "key invites.organizer: write [invites.organizer] (one"),
    ],
)
def test_a_mistyped_or_wrongly_bracketed_table_is_refused_at_its_header(tmp_path, old, new, said):
    """A table's header mistyped, or written with the wrong brackets, is refused at its own line,
    saying what to write."""
    table = _unit_folder(tmp_path, _replace_first(old, new))
    line = _line(table.with_suffix(".toml").read_text(encoding="utf-8"), new)
    assert _refused(table).startswith(f"{table.with_suffix('.toml')}, line {line}, {said}")


@pytest.mark.parametrize(
    ("old", "new", "example"),
    [
        (
            'hours = ["8:00", "9:00", "10:00", "11:00", "15:00", "16:00", "17:00", "18:00"]',
            'hours = "8:00, 9:00"',
            'hours = ["8:00", "9:00"]',
        ),
        ('categories = ["部门", "镇办"]', 'categories = "部门，镇办"', 'categories = ["部门", "镇办"]'),
    ],
)
def test_a_value_of_the_wrong_kind_is_told_how_to_write_it(tmp_path, old, new, example):
    """QA qarules20 F5: "wrong kind of value (see the source's docs/formats.md)": the clerk has no source."""
    table = _unit_folder(tmp_path, _replace_first(old, new))
    said = _refused(table, lang="zh")
    assert f"写法不对，应写成如：{example}" in said and "源代码" not in said


def test_a_bring_key_that_is_no_category_is_refused_with_the_nearest(tmp_path):
    """QA qarules20 F6: ``"镇 办" = "…"`` for 镇办 was read as nothing: 14 invites said "请携带：" and nothing."""
    table = _unit_folder(tmp_path, _replace_first('"镇办" =', '"镇 办" ='))
    said = _refused(table, lang="zh")
    assert "键“invites.bring.镇 办”" in said and "是不是“镇办”" in said


def test_a_chinese_comma_inside_one_list_item_is_said_on_the_rules_key(tmp_path):
    """QA qarules20 F7: ``categories = ["部门，镇办"]`` was blamed on the table's 类别 column, and a meeting
    table's ``units = ["区财政局，区自然资源局", ...]`` was accepted, those units no longer whole units."""
    table = _unit_folder(tmp_path, _replace_first('categories = ["部门", "镇办"]', 'categories = ["部门，镇办"]'))
    line = _line(table.with_suffix(".toml").read_text(encoding="utf-8"), "categories =")
    said = _refused(table, lang="zh")
    assert said.startswith(f"{table.with_suffix('.toml')}, 第 {line} 行, 键“categories”: “部门，镇办”里有中文逗号"), (
        said
    )
    assert '["部门", "镇办"]' in said
    meeting = _meeting_folder(tmp_path, _replace_first('"区财政局", "区自然资源局"', '"区财政局，区自然资源局"'))
    assert "“区财政局，区自然资源局”里有中文逗号" in _refused(meeting, lang="zh")


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            lambda t: t.replace("reminder_minutes = 30\n", "").replace(
                "meeting_minutes = 60", "meeting_minutes = 60\nreminder_minutes = 30"
            ),
            "key reminder_minutes: 'reminder_minutes' belongs in [invites]: write it below the [invites] header",
        ),
        (
            lambda t: t.replace("meeting_minutes = 60", "meeting_minutes = 60\ncapacity = 2"),
            "key capacity: 'capacity' belongs in [[rooms]]: write it below the [[rooms]] header",
        ),
    ],
)  # fmt: skip
def test_a_key_of_a_table_written_elsewhere_is_told_where_it_belongs(tmp_path, edit, said):
    """QA qarules20 F12: reminder_minutes at the top was 'did you mean meeting_minutes?' (30-minute meetings)."""
    text = RULES.read_text(encoding="utf-8")
    assert "reminder_minutes = 30\n" in text
    table = _unit_folder(tmp_path, edit)
    assert said in _refused(table)


def test_a_mistyped_objective_preset_is_told_the_nearest_key(tmp_path):
    """QA qarules20 F9: ``prest = "default"`` was "wrong kind of value" for ``objective.prest``."""
    table = _meeting_folder(tmp_path, _replace_first('preset = "default"', 'prest = "default"'))
    assert "unknown key 'prest' (did you mean preset?)" in _refused(table)
