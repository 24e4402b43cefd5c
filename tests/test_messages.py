"""Messages that used to mislead, each said plainly now."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

import scheduler
from scheduler.cli.main import main
from scheduler.solver.alternatives import Alternatives
from tests.conftest import edit


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"DOCKING_LANG": "", "SOURCE_DATE_EPOCH": "1630915200"})


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    out = tmp_path_factory.mktemp("solved") / "out"
    assert run("solve", "--out", str(out)).exit_code == 0
    return out


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("timetable.docx", "这是 Word 文档", "this is a Word document"),
        ("timetable.html", "这是网页", "this is a web page"),
        ("timetable.toml", "这是规则文件（TOML）", "this is a rules file (TOML)"),
    ],
)
def test_validate_of_an_output_or_rules_file_says_what_it_is_and_asks_for_the_table(solved, name, zh, en):
    chinese = run("validate", str(solved / name))
    assert chinese.exit_code == 2
    assert chinese.output.startswith(f"{solved / name}: {zh}")
    assert f"请改用 {solved / 'timetable.csv'}" in chinese.output and chinese.output.count("\n") == 1
    english = run("validate", str(solved / name), "--lang", "en")
    assert english.output.startswith(f"{solved / name}: {en}")
    assert f"use {solved / 'timetable.csv'} instead" in english.output


def test_a_lone_calendar_or_pdf_is_named_too(solved, tmp_path):
    ics = run("validate", str(solved / "invites" / "office.ics"), "--lang", "en")
    assert ics.exit_code == 2 and "this is a calendar invite (.ics), not a table" in ics.output
    pdf = tmp_path / "附件.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = run("validate", str(pdf), "--lang", "en")
    assert result.exit_code == 2 and "this is a PDF file, not a table" in result.output


def test_an_empty_category_is_called_empty(example):
    edit(example / "notice_2021.csv", "4,9 月 8 日 11:00,区财政局,,部门,", "4,9 月 8 日 11:00,区财政局,,,")
    result = run("validate", str(example / "notice_2021.csv"))
    assert result.exit_code == 2
    assert result.output == (
        f"{example / 'notice_2021.csv'}, 第 5 行, 列“类别”: "
        "类别为空：规则规定了类别顺序，每个单位须填一个（部门、镇办）\n"
    )
    assert "“”" not in result.output


def test_an_option_is_named_as_an_option_not_a_column(example):
    result = run("send", str(example / "notice_2021.csv"))
    assert result.exit_code == 2
    assert result.output.startswith("选项 --smtp-host: ")
    english = run("send", str(example / "notice_2021.csv"), "--lang", "en")
    assert english.output.startswith("option --smtp-host: ") and "column" not in english.output


def test_the_status_line_names_no_internal_method():
    result = run("solve")
    status = next(line for line in result.stdout.splitlines() if line.startswith("状态："))
    assert status == "状态：最优（已证明）"
    english = run("solve", "--lang", "en")
    assert "Status: optimal (proven)\n" in english.stdout
    for word in ("greedy", "cp-sat", "CP-SAT", "stable-search"):
        assert word not in result.stdout and word not in english.stdout


def test_an_unproven_answer_is_never_headed_optimal(monkeypatch):
    import scheduler.solver.alternatives as module

    real = module.alternatives

    def unproven(problem, objective="compact", count=3, time_limit=30.0, workers=None):
        found = real(problem, objective, count, time_limit, workers)
        from dataclasses import replace

        return Alternatives(replace(found.result, status=scheduler.Status.FEASIBLE), (), count, False)

    monkeypatch.setattr(module, "alternatives", unproven)
    result = run("solve", "--alternatives", "3", "--lang", "en")
    assert result.exit_code == 0
    assert "Optimal timetable" not in result.output
    assert "The best timetable found in the time limit (not proven optimal)" in result.stdout
    assert "The optimum was not proven in the time limit" in result.output
    chinese = run("solve", "--alternatives", "3")
    assert "个最优时间表" not in chinese.output and "时限内找到的最好时间表（未证明最优）" in chinese.output


def test_the_example_command_copies_and_never_overwrites(tmp_path):
    target = tmp_path / "examples"
    first = run("example", "--out", str(target))
    assert first.exit_code == 0 and first.output == f"已复制 2021 年示例到 {target}\n"
    assert sorted(p.name for p in target.iterdir()) == ["contacts_2021.csv", "notice_2021.csv", "notice_2021.toml"]
    assert run("example", "--out", str(target)).exit_code == 0  # the same files: nothing to do
    edit(target / "notice_2021.toml", "capacity = 2", "capacity = 3")
    kept = (target / "notice_2021.toml").read_bytes()
    refused = run("example", "--out", str(target))
    assert refused.exit_code == 2 and "已存在且内容不同" in refused.output
    assert (target / "notice_2021.toml").read_bytes() == kept
    shutil.rmtree(target)


def test_the_example_command_copies_the_meetings_example_an_installed_user_has_no_other_way_to(tmp_path):
    target = tmp_path / "examples"
    result = run("example", "--meetings", "--out", str(target))
    assert result.exit_code == 0 and result.output == f"已复制 2025 年会议示例到 {target}\n"
    names = ["meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"]
    assert sorted(p.name for p in target.iterdir()) == names
    checked = run("validate", str(target / "meetings_2025.csv"))  # it reads (rules, people sheet): no times yet
    assert checked.exit_code == 2 and "第 1 行, 列“时间”: 没有“时间”列" in checked.output
    assert run("example", "--meetings", "--out", str(target), "--lang", "en").output.startswith("Copied the 2025")


def test_too_many_units_with_several_rooms_says_what_limits_them():
    from scheduler import Room, explain
    from tests.conftest import small_problem

    # 9 units, 3 of them in one parallel group; two rooms of two: 8 groups, 4 times needed, 2 exist
    units = [(f"U{i}", "", "A" if i < 3 else "") for i in range(9)]
    conflict = explain(small_problem(units, hours=(8, 9), rooms=(Room("1", 2), Room("2", 2))))
    assert conflict is not None and conflict.too_many
    (line,) = conflict.lines("zh")[1:]
    assert line == (
        "- 9 个单位排不下：只有同一并行组的单位可同处一室（每室最多 2 个），它们至少要分成 8 组；"
        "2 个房间每个时段最多接待 2 组，所以至少需要 4 个时段，而对接时段只有 2 个（1 天，每天 2 个）"
    )
    english = conflict.text("en")
    assert "so they form at least 8 groups" in english and "2 slots x 2 rooms" not in english


def test_a_unit_listed_twice_is_one_line_without_a_self_pair(example):
    rows = example / "notice_2021.csv"
    with rows.open("a", encoding="utf-8") as out:
        out.write("30,9 月 8 日 11:00,区财政局,,部门,\n")
    result = run("validate", str(rows))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "时间表有 1 处违反规则：",
        "区财政局 在 9月8日 11:00 重复列出了 2 次（应只列一行）  [规则 each-unit-once: 每个单位安排且只安排一次]",
    ]
    edit(rows, "30,9 月 8 日 11:00,区财政局", "30,9 月 8 日 8:00,区财政局")
    lines = run("validate", str(rows), "--lang", "en").output.splitlines()
    assert "区财政局 is listed 2 times: Sep 8 8:00, Sep 8 11:00" in lines[1]  # in time order
    assert not any("区财政局、区财政局" in line or "区财政局, 区财政局" in line for line in lines)


@pytest.mark.parametrize(
    "kind",
    [(), ("--meetings",), ("--english",), ("--english", "--meetings")],
    ids=["notice", "meetings", "english", "english-meetings"],
)
def test_the_example_tables_are_written_as_excel_on_chinese_windows_opens_them(tmp_path, kind):
    """QA qawin19 F4: the example's CSV files were UTF-8 without a BOM, LF: Excel on Chinese Windows read
    them as GBK, mojibake. Written now as the outputs are (UTF-8 with BOM, CRLF), the same rows."""
    import csv
    import io

    from scheduler.files.bundled import example_files, example_names

    target = tmp_path / "示例 目录"
    assert run("example", *kind, "--out", str(target)).exit_code == 0
    shipped = example_files(example_names("--meetings" in kind, "--english" in kind))
    for name in (n for n in shipped if n.endswith(".csv")):
        data = (target / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n"), name
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows == list(csv.reader(io.StringIO(shipped[name].decode("utf-8-sig"), newline="")))
    toml = next(n for n in shipped if n.endswith(".toml"))
    assert (target / toml).read_bytes() == shipped[toml]  # the rules stay as shipped (UTF-8, Notepad reads it)
    assert run("example", *kind, "--out", str(target)).exit_code == 0  # the same files: nothing to do


def test_the_chinese_example_copied_in_english_points_to_the_english_ones(tmp_path):
    """A leftover of the twenty-first session: `--lang en example` copied the Chinese notice without a word of
    the English examples, which `example --english` copies."""
    said = run("--lang", "en", "example", "--out", str(tmp_path / "a")).output
    assert said.strip().endswith("the English ones: example --english"), said
    said = run("--lang", "en", "example", "--meetings", "--out", str(tmp_path / "b")).output
    assert said.strip().endswith("the English one: example --english --meetings"), said
    assert "english" not in run("example", "--out", str(tmp_path / "c")).output
