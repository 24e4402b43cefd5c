"""A rules file that is not TOML: one line in the run's language naming the file, the line and the column."""

from __future__ import annotations

import re

import pytest

from scheduler.errors import InputError
from scheduler.files.rules_file import read_rules

BAD = [
    # a text value without its opening quote (QA newcomer #5): tomllib reads 26 and then finds 个
    ('title = 26个试点领域"\n', 1, 11, "一项之后应换行", "expected a new line after a statement"),
    ("title\n", 1, 6, "键之后应是“=”", "expected '=' after a key"),
    ('days = ["2021-09-08"\nslot_minutes = 60\n', 2, 1, "方括号 [ ] 没有闭合", "an array is not closed"),
    ("title = 北关区\n", 1, 9, "无效的值", "invalid value"),
    ('title = "a"\ntitle = "b"\n', 2, 12, "键或表重复定义", "a key or table is defined twice"),
    ("[rooms]\nx = 1\n[rooms]\n", 3, 7, "键或表重复定义", "a key or table is defined twice"),
    ('title = "北关区\n', 1, 13, "字符串缺少结尾的引号", "a string has no closing quote"),
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


def test_an_error_at_the_end_of_the_file_and_a_rare_one(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('days = ["2021-09-08"', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert caught.value.text("zh") == f"{path}: 规则文件格式错误（文件末尾）：方括号 [ ] 没有闭合（缺少“]”或逗号）"
    path.write_text('title = "\\q"\n', encoding="utf-8")  # a rare one: tomllib's words, its position taken off
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert (
        caught.value.text("en")
        == f"{path}, line 1: the rules file is not valid TOML (column 12): Unescaped '\\' in a string"
    )
