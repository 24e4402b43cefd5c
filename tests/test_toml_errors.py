"""A rules file that is not TOML: one line in the run's language naming the file, the line and the column."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.rules_file import read_rules
from tests.formats_helpers import NOTICE, RULES

BAD = [
    # a text value without its opening quote (QA newcomer #5): tomllib reads 26 and then finds 个
    ('title = 26个试点领域"\n', 1, 11, "一项之后应换行", "expected a new line after a statement"),
    ("title\n", 1, 6, "键之后应是“=”", "expected '=' after a key"),
    ('days = ["2021-09-08"\nslot_minutes = 60\n', 2, 1, "方括号 [ ] 没有闭合", "an array is not closed"),
    ("title = 北关区\n", 1, 9, "无效的值", "invalid value"),
    # a key or table written twice: named with its first line, tests/test_rules_parse_help.py
    ("invites.x = 1\n[invites]\nx = 2\n", 2, 9, "键或表重复定义", "a key or table is defined twice"),
    ('title = "北关区\n', 1, 13, "字符串缺少结尾的引号", "a string has no closing quote"),
    # QA qarules20 F10: told as a missing "]", so the clerk added one
    ("hours = [8:00, 9:00]\n", 1, 11, "列表的每项须放在英文引号内", "each item of a list must be in straight quotes"),
    ("days = [9月8日, 9月9日]\n", 1, 10, "列表的每项须放在英文引号内", "each item of a list must be in straight"),
    ("days = [2021/9/8, 2021/9/9]\n", 1, 13, "列表的每项须放在英文引号内", "each item of a list must be in"),
    ('hours = ["8:00"、"9:00"]\n', 1, 16, "用英文逗号 , 分开（这里是“、”）", "separate a list's items with commas"),
    ('hours = ["8:00"；"9:00"]\n', 1, 16, "用英文逗号 , 分开（这里是“；”）", "separate a list's items with commas"),
    ('hours = ["8:00"; "9:00"]\n', 1, 16, "用英文逗号 , 分开（这里是“;”）", "separate a list's items with commas"),
]


@pytest.mark.parametrize(("text", "line", "column", "zh", "en"), BAD)
def test_a_toml_error_is_said_in_the_runs_language(tmp_path, text, line, column, zh, en):
    """QA (newcomer #5): the zh message carried tomllib's English text, the column only inside it."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(path)
    chinese = caught.value.text("zh")
    assert chinese == f"{path}, 第 {line} 行: 规则文件格式错误（第 {column} 列）：{chinese.split('：', 1)[1]}"
    assert zh in chinese
    assert not re.search("[A-Za-z]", chinese.replace(str(path), "")), chinese  # no English left
    english = caught.value.text("en")
    assert english.startswith(f"{path}, line {line}: the rules file is not valid TOML (column {column}): {en}")


def test_a_colon_after_a_key_is_told_to_be_an_equals_sign(tmp_path):
    """QA qarules20 F8: ``meeting_minutes：60`` was told to use the half-width ':', which gives the next error."""
    path = tmp_path / "bad.toml"
    path.write_text("meeting_minutes：60\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert caught.value.text("zh").endswith("（第 16 列）：键之后应是“=”，而不是“：”：写成 meeting_minutes = 60")


def test_an_error_at_the_end_of_the_file_and_a_rare_one(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('days = ["2021-09-08"', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert caught.value.text("zh") == f"{path}: 规则文件格式错误（文件末尾）：方括号 [ ] 没有闭合（缺少“]”或逗号）"
    path.write_text('title = """\\q"""\n', encoding="utf-8")  # a rare one: tomllib's words, its position taken off
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert (
        caught.value.text("en")
        == f"{path}, line 1: the rules file is not valid TOML (column 14): Unescaped '\\' in a string"
    )


# -- a Windows path copied from Explorer (QA windows §5) -----------------------------------------

WINDOWS_PATHS = [
    # \U starts an escape of 8 hex digits: tomllib says "Invalid hex value"
    (r'"C:\Users\张三\Desktop\对接 安排\contacts_2021.csv"', "规则文件格式错误（第 17 列）：双引号中的反斜杠"),
    (r'"D:\对接\名单.csv"', "规则文件格式错误（第 17 列）：双引号中的反斜杠"),  # \对: no such escape
    (r'"C:\dir\"', "规则文件格式错误（第 17 列）：双引号中的反斜杠"),  # \" is a quote: the string never ends
    (r'"D:\new\table.csv"', "路径中有控制字符 U+000A"),  # valid escapes: a line break and a tab
    (r'"D:\temp\new\b.csv"', "路径中有控制字符 U+0009"),
]


@pytest.mark.parametrize(("value", "zh"), WINDOWS_PATHS)
def test_a_windows_path_in_double_quotes_says_to_use_single_quotes_naming_line_and_key(tmp_path, value, zh):
    rules = tmp_path / "n.toml"
    text = RULES.read_text(encoding="utf-8")
    assert '\ncontacts = "contacts_2021.csv"' in text
    rules.write_text(text.replace('\ncontacts = "contacts_2021.csv"', f"\ncontacts = {value}"), encoding="utf-8")
    line = text.splitlines().index('contacts = "contacts_2021.csv"') + 1
    result = CliRunner().invoke(main, ["solve", str(NOTICE), "--rules", str(rules)], env={"DOCKING_LANG": ""})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{rules}, 第 {line} 行, 键“invites.contacts”: {zh}"), result.stderr
    assert "Windows 路径请用单引号 'C:\\…' 或正斜杠 C:/…" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr  # never the path with a raw line break
    english = CliRunner().invoke(main, ["solve", str(NOTICE), "--rules", str(rules), "--lang", "en"]).stderr
    assert "write a Windows path in single quotes 'C:\\…' or with forward slashes C:/…" in english
    assert f"line {line}, key invites.contacts" in english


def test_a_windows_path_in_single_quotes_or_with_forward_slashes_is_taken_as_written(tmp_path, example):
    for value in (r"'D:\对接\名单.csv'", '"D:/对接/名单.csv"'):
        rules = tmp_path / "n.toml"
        text = RULES.read_text(encoding="utf-8")
        rules.write_text(text.replace('\ncontacts = "contacts_2021.csv"', f"\ncontacts = {value}"), encoding="utf-8")
        args = ["solve", str(example / NOTICE.name), "--rules", str(rules), "--out", str(tmp_path / "out")]
        result = CliRunner().invoke(main, args, env={"DOCKING_LANG": ""})
        assert result.exit_code == 2
        assert "找不到联系人表" in result.stderr and value.strip("'\"") in result.stderr  # the path as written
        assert len(result.stderr.splitlines()) == 1


def test_a_meeting_tables_people_path_is_checked_alike(tmp_path):
    meetings = NOTICE.parent / "meetings_2025.csv"
    text = meetings.with_suffix(".toml").read_text(encoding="utf-8")
    assert '\npeople = "people_2025.csv"' in text
    rules = tmp_path / "m.toml"
    rules.write_text(text.replace('\npeople = "people_2025.csv"', '\npeople = "D:\\new\\table.csv"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(meetings), "--rules", str(rules)], env={"DOCKING_LANG": ""})
    assert result.exit_code == 2
    assert "键“people”: 路径中有控制字符 U+000A" in result.stderr, result.stderr


# -- a rules file as Notepad saves it (QA winfiles §9) ----------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_rules_file_notepad_saved_as_ansi_or_unicode_reads_as_its_utf8_self(tmp_path, encoding):
    """Notepad's "ANSI" (GBK on Chinese Windows) and "Unicode" (UTF-16 with a BOM): refused before
    ("the rules file must be UTF-8"), though the office cannot tell one from the other."""
    text = RULES.read_text(encoding="utf-8")
    saved = tmp_path / "notice_2021.toml"
    saved.write_bytes(text.encode(encoding))
    assert read_rules(saved) == replace(read_rules(RULES), path=str(saved))
    table = tmp_path / "notice_2021.csv"
    table.write_bytes(NOTICE.read_bytes())
    result = CliRunner().invoke(main, ["validate", str(table)])
    assert result.exit_code == 0, result.output


def test_a_rules_file_in_no_known_encoding_says_how_to_save_it_as_utf8(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_bytes(b'title = "\xff\xfe\xfd"\n')
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert caught.value.text("zh") == f"{path}, 第 1 行: 规则文件的编码无法识别：请用记事本打开，“另存为”时编码选 UTF-8"


@pytest.mark.parametrize(
    ("text", "column", "zh"),
    [
        ("title = “26个试点领域”\n", 9, '请用英文引号 "…"，不要用中文引号 “…”'),
        ("days = [“9月8日”]\n", 9, '请用英文引号 "…"，不要用中文引号 “…”'),
        ('[[rooms]]\nname = "A"\ncapacity = ２\n', 12, "请用半角数字（这里是全角的“２”，应为“2”）"),
        ('title ＝ "a"\n', 7, "请用半角字符（这里是全角的“＝”，应为“=”）"),
    ],
)
def test_quotes_and_digits_typed_with_a_chinese_input_method_are_said_as_such(tmp_path, text, column, zh):
    """Before: "invalid value (text must be in quotes)" for text that *is* in quotes, only not ASCII ones."""
    path = tmp_path / "ime.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(path)
    line = text.count("\n")
    assert caught.value.text("zh") == f"{path}, 第 {line} 行: 规则文件格式错误（第 {column} 列）：{zh}"
