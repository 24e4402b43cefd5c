"""A rules file TOML cannot read, or that holds nothing, is told what to do (QA qarules20 F11): a key or
table written twice names it and its first line; an empty file (or a BOM, or only comments) says it is
empty rather than "no days"; a table given as the rules file says so and where a table goes; a Chinese key
written without quotes is read as the same key quoted (the same help, or the same value)."""

from __future__ import annotations

import shutil
from io import BytesIO

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from tests.formats_helpers import NOTICE, ROOT, RULES

MEETINGS = ROOT / "examples" / "meetings_2025.csv"
MEETING_RULES = ROOT / "examples" / "meetings_2025.toml"


def _folder(tmp_path, data: bytes, meeting: bool = False):
    source = MEETINGS if meeting else NOTICE
    table = tmp_path / ("m.csv" if meeting else "t.csv")
    shutil.copy(source, table)
    table.with_suffix(".toml").write_bytes(data)
    for name in ("contacts_2021.csv", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    return table


def _said(table, lang="zh") -> str:
    result = CliRunner().invoke(main, ["validate", str(table), "--lang", lang])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    return result.output.strip()


def _edited(old: str, new: str, text: str | None = None) -> bytes:
    text = RULES.read_text(encoding="utf-8") if text is None else text
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def _line(text: str, needle: str, nth: int = 1) -> int:
    found = [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == needle or line.startswith(needle)]
    return found[nth - 1]


def test_a_table_written_twice_names_it_and_its_first_line(tmp_path):
    data = RULES.read_text(encoding="utf-8") + "\n[invites]\nreminder_minutes = 15\n"
    said = _said(_folder(tmp_path, data.encode("utf-8")))
    first, second = _line(data, "[invites]"), _line(data, "[invites]", 2)
    assert f"第 {second} 行, 键“invites”: [invites] 已在第 {first} 行写过：把两段合成一段" in said, said


def test_a_key_written_twice_names_it_and_its_first_line(tmp_path):
    data = _edited("meeting_minutes = 60", "meeting_minutes = 60\nmeeting_minutes = 30")
    said = _said(_folder(tmp_path, data), lang="en")
    first = _line(data.decode(), "meeting_minutes")
    assert f"line {first + 1}, key meeting_minutes: 'meeting_minutes' is already written on line {first}" in said


def test_a_key_written_twice_in_one_entry_names_the_entry(tmp_path):
    data = _edited("capacity = 2", 'capacity = 2\nname = "x"')
    said = _said(_folder(tmp_path, data))
    first = _line(data.decode(), 'name = "区政府420房间"')
    assert f"键“rooms[1].name”: “rooms[1].name”已在第 {first} 行写过" in said, said


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n  \n# only a note\n"])
@pytest.mark.parametrize("meeting", [False, True])
def test_an_empty_rules_file_says_it_is_empty(tmp_path, data, meeting):
    said = _said(_folder(tmp_path, data, meeting))
    assert said.endswith(": 规则文件是空的：至少要写 days 和 hours；可用 example 命令复制一份示例规则再改"), said


def test_a_csv_table_given_as_the_rules_file_is_told_as_a_table(tmp_path):
    said = _said(_folder(tmp_path, NOTICE.read_bytes()), lang="en")
    assert "this is a table (CSV), not a rules file" in said and "--rules" in said, said


def test_a_workbook_given_as_the_rules_file_is_told_as_a_table(tmp_path):
    from openpyxl import Workbook

    book, out = Workbook(), BytesIO()
    book.active.append(["单位", "时间"])
    book.save(out)
    said = _said(_folder(tmp_path, out.getvalue()))
    assert "是表格（Excel 工作簿），不是规则文件" in said, said


def test_a_chinese_key_without_quotes_gets_the_help_of_the_quoted_key(tmp_path):
    bare = _said(_folder(tmp_path, _edited("meeting_minutes = 60", "每场时长 = 60")))
    quoted = _said(_folder(tmp_path, _edited("meeting_minutes = 60", '"每场时长" = 60')))
    assert bare == quoted and "未知的键“每场时长”" in bare


def test_a_category_key_without_quotes_reads_as_quoted(tmp_path):
    text = RULES.read_text(encoding="utf-8")
    assert '"镇办" =' in text
    table = _folder(tmp_path, _edited('"镇办" =', "镇办 ="))
    result = CliRunner().invoke(main, ["validate", str(table)])
    assert result.exit_code == 0, result.output


def test_more_bare_keys_than_are_quoted_is_a_one_line_refusal(tmp_path):
    """QA review21b F1: past the bare Chinese keys quoted for the clerk (``BARE_KEYS``), the next one
    escaped as an internal error (exit 70); it is the rules file's ordinary error naming its line."""
    from scheduler.files.rules_file import BARE_KEYS

    extra = "".join(f'测试类别{n} = "x"\n' for n in range(BARE_KEYS + 5))
    data = _edited('"镇办" =', extra + "镇办 =")
    said = _said(_folder(tmp_path, data))
    line = _line(data.decode(), f"测试类别{BARE_KEYS}")
    assert f"第 {line} 行" in said and "规则文件格式错误" in said, said
