"""Reading files in time linear in their size (issue 16): the line of every key found in one
pass, each distinct time text parsed once, the same errors as before. No timing is asserted
(``make bench-reading`` measures); these tests hold the structure that makes it linear."""

from __future__ import annotations

import pytest

import scheduler.files.load as load_module
import scheduler.files.rules_file as rules_module
from scheduler import InputError, load
from scheduler.files.rules_file import parse_toml, read_rules
from scheduler.files.toml_lines import KeyLines
from tests.conftest import NOTICE

RULES_TEXT = """\
# a comment = not a key
title = "x"
days = ["2021-09-08"]
hours = [
  "8:00",
]
rooms = [
  {name = "A", capacity = 2},
  {name = "B"},
]

[[links]]
first = "甲"
then = "乙"

[[links]]  # a comment
then = "丁"
first = "丙"

[invites]
campaign = "c"
"quoted" = 1

[invites.organizer]
name = "office"
"""


def test_key_lines_name_the_line_of_each_key():
    lines = KeyLines(RULES_TEXT)
    assert lines.top("title") == 2
    assert lines.top("hours") == 4
    assert lines.top("campaign") is None  # inside [invites], not at top level
    assert lines.anywhere("campaign") == 21
    assert lines.in_array("links", 0, "then") == 14
    assert lines.in_array("links", 1, "first") == 18
    assert lines.in_array("links", 1, "missing") == 16  # the entry's header
    assert lines.in_array("rooms", 1, "name") == 9  # an inline array: the line of its second {
    assert lines.in_array("rooms", 5, "name") == 7  # no such element: the array's opening line
    assert lines.in_array("pins", 0, "unit") is None
    assert lines.in_table("invites", "quoted") == 22
    assert lines.in_table("invites", "name") == 20  # not in [invites] itself: its header
    assert lines.in_table("invites.organizer", "name") == 25
    assert lines.in_table("milestones", "id") is None


def naive_line(text: str, section: str, index: int, key: str) -> int:
    """The line of ``key`` in the ``index``-th ``[[section]]``, by rescanning (the old way)."""
    lines = text.splitlines()
    start = [i for i, line in enumerate(lines) if line.strip() == f"[[{section}]]"][index]
    for i in range(start + 1, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        if lines[i].split("=")[0].strip() == key:
            return i + 1
    return start + 1


def many_entries(count: int) -> str:
    out = ['days = ["2021-09-08", "2021-09-09"]', 'hours = ["8:00", "9:00", "15:00"]', ""]
    for k in range(count):
        out += ["[[unavailable]]", f'unit = "单位{k}"']
        if k % 3:
            out += ["times = [", '  "9月8日 8:00-10:00",', '  "9月9日",', "]", ""]
        else:
            out.append(f'times = ["9月{8 + k % 2}日"]')
    return "\n".join(out)


def test_every_entry_of_a_long_file_gets_its_own_line():
    text = many_entries(300)
    lines = KeyLines(text)
    for k in range(0, 300, 7):
        for key in ("unit", "times", "absent"):
            assert lines.in_array("unavailable", k, key) == naive_line(text, "unavailable", k, key)


def test_a_rules_file_is_scanned_once_and_each_time_text_parsed_once(tmp_path, monkeypatch):
    """The old reader rescanned the whole file for every key of every entry (quadratic)."""
    table = tmp_path / "t.csv"
    rows = ["单位,时间"] + [f"单位{k}," for k in range(300)]
    table.write_text("\n".join(rows), encoding="utf-8")
    table.with_suffix(".toml").write_text(many_entries(300), encoding="utf-8")
    scans = []
    spans = []
    original_init = KeyLines.__init__
    original_span = load_module.parse_times

    def counting_init(self, text):
        scans.append(len(text))
        original_init(self, text)

    def counting_span(text, year_of=None):
        spans.append(text)
        return original_span(text, year_of)

    monkeypatch.setattr(KeyLines, "__init__", counting_init)
    monkeypatch.setattr(load_module, "parse_times", counting_span)
    loaded = load(table)
    assert len(loaded.problem.unavailable) == 300
    assert len(scans) == 1
    assert sorted(spans) == sorted({"9月8日 8:00-10:00", "9月9日", "9月8日"})
    entry = next(e for e in loaded.problem.unavailable if e.unit == "单位1")
    assert len(entry.starts) == 2 + 3  # 8:00 and 9:00 on the 8th, the whole 9th


def test_an_error_in_the_last_entry_names_its_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("单位,时间\n" + "\n".join(f"单位{k}," for k in range(299)), encoding="utf-8")
    text = many_entries(300)
    table.with_suffix(".toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(table)  # 单位299 is not in the table
    assert caught.value.line == naive_line(text, "unavailable", 299, "unit")
    assert caught.value.key == "unavailable[300].unit"


def test_broken_toml_is_reported_by_line_and_column_as_before(tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text('days = ["2021-09-08"]\nhours = ["8:00"\ntitle = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(rules)
    assert caught.value.line is not None
    assert "line" in caught.value.text("en")


def test_the_fast_parser_reads_what_tomllib_reads():
    import tomllib

    text = NOTICE.with_suffix(".toml").read_text(encoding="utf-8")
    assert parse_toml(text) == tomllib.loads(text)
    dates = "a = 2021-09-08\nb = 08:00:00\nc = 2021-09-08T08:00:00\n[t]\nx = [1, 2]\n"
    assert parse_toml(dates) == tomllib.loads(dates)


def test_rules_are_read_with_one_year_resolver(monkeypatch):
    """Every time text asks for the campaign's year: the resolver is made once per rules file."""
    made = []
    original = rules_module.year_resolver

    def counting(*args, **kwargs):
        made.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(rules_module, "year_resolver", counting)
    rules = read_rules(NOTICE.with_suffix(".toml"))
    made.clear()
    for _ in range(5):
        rules.year_of(9, 8)
    assert len(made) == 1


def test_rules_written_back_read_as_the_same_data(tmp_path):
    """The long entry lists are written without tomli_w (15 s for 5,000 units); what is read back
    is what tomli_w would have given, odd characters included."""
    import tomllib

    import tomli_w

    from scheduler.files.rules_file import dump_rules, rules_data

    text = NOTICE.with_suffix(".toml").read_text(encoding="utf-8")
    text += '\n[[pins]]\nunit = "区 \\"财政\\" 局\\\\"\ntime = "9月8日 8:00"\n'
    text += '\n[[unavailable]]\nunit = "区发改委"\ntimes = ["9月8日", "9月9日 8:00-11:00"]\n'
    text += '\n[[unavailable]]\nunit = "区\\u007f局"\ntimes = ["9月10日"]\n'  # DEL: this list goes to tomli_w
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    rules = read_rules(path)
    written = dump_rules(rules, "r.toml").decode("utf-8")
    assert tomllib.loads(written) == tomllib.loads(tomli_w.dumps(rules_data(rules)))
    assert '[[links]]\nfirst = "区自然资源局"' in written


def test_the_rules_file_is_indexed_once_for_its_checks_and_the_invites_settings(monkeypatch):
    """``solve --out`` with invites indexed a 5,000-unit rules file three times (its checks, and twice the
    milestones' lines of ``[invites]``): once now, the same index serving every caller (issue 16)."""
    import scheduler.files.toml_lines as toml_lines
    from scheduler.invites.settings import invite_settings

    scans = []
    original_init = KeyLines.__init__

    def counting_init(self, text):
        scans.append(len(text))
        original_init(self, text)

    monkeypatch.setattr(toml_lines, "_LAST", [])
    monkeypatch.setattr(KeyLines, "__init__", counting_init)
    loaded = load(NOTICE)
    first = invite_settings(loaded.rules)
    again = invite_settings(loaded.rules)
    assert len(scans) == 1
    assert first == again and first.milestones and all(m.line for m in first.milestones)


def test_a_text_changed_by_one_character_is_indexed_anew():
    """The index kept for the last text is never given for another: a key moved a line down is found there."""
    from scheduler.files.toml_lines import key_lines

    before = key_lines(RULES_TEXT)
    assert key_lines(RULES_TEXT) is before
    assert key_lines("".join(RULES_TEXT)) is before  # (an equal text, another object)
    moved = key_lines("\n" + RULES_TEXT)
    assert moved is not before
    assert moved.top("title") == before.top("title") + 1
