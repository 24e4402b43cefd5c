"""Meeting tables through the command line, end to end: validate, solve --out (the folder validates and
travels, the same bytes again under SOURCE_DATE_EPOCH), explain, reschedule, ics; the exit codes and the
one-line errors of unit tables; hard cases of our own (long Chinese names, GBK, a person in two required
meetings, a meeting longer than any working period, an infeasible table, a table of neither kind)."""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from scheduler.cli.main import main
from scheduler.files.meeting_files import parse_length

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EPOCH = "1751500800"  # 2025-07-03 00:00 UTC


def run(*args: str, epoch: str | None = EPOCH):
    env = {"DOCKING_LANG": None, "SOURCE_DATE_EPOCH": epoch}
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def copy_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder / "meetings_2025.csv"


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    """The worked example solved once into a folder (its timetable keeps every rule)."""
    base = tmp_path_factory.mktemp("solved")
    table = copy_example(base / "in")
    result = run("solve", table, "--time-limit", "4", "--out", base / "out")
    assert result.exit_code == 0, result.output
    return base / "out"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_the_example_solves_and_its_folder_validates_and_travels(solved, tmp_path):
    assert (solved / "timetable.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it
    names = {p.name for p in solved.iterdir()}
    assert {"timetable.csv", "timetable.xlsx", "timetable.docx", "timetable.html", "timetable.toml"} <= names
    assert "people_2025.csv" in names and 'people = "people_2025.csv"' in (solved / "timetable.toml").read_text()
    assert len(list((solved / "invites").glob("*/*.ics"))) == 31
    moved = tmp_path / "elsewhere"
    shutil.copytree(solved, moved)  # the folder works wherever it is copied
    for args in ([moved / "timetable.csv"], [moved / "timetable.xlsx"], [moved / "timetable.xlsx", "--sheet", "数据"]):
        result = run("validate", *args)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("时间表满足全部规则（8 个会议")
    table = rows(moved / "timetable.csv")
    assert [r["序号"] for r in table] == [str(i) for i in range(1, 9)]
    assert all(r["时间"] and r["会议室"] for r in table)
    assert [r["时间"] for r in table] == sorted(r["时间"] for r in table)


def test_terminal_columns_line_up_and_english_works(solved):
    result = run("validate", solved / "timetable.csv", "--lang", "en")
    assert result.output.startswith("The timetable satisfies every rule (8 meetings")
    result = run("solve", solved / "timetable.csv", "--objective", "stable", "--time-limit", "10")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header, rule = lines[0], lines[1]
    assert header.split() == ["序号", "时间", "时长", "会议", "会议室", "参会人员"]
    starts = [sum(len(part) + 2 for part in rule.split("  ")[:k]) for k in range(6)]
    for line in lines[2:10]:
        cut = [_column(line, at) for at in starts[1:]]
        assert all(c is not None for c in cut), line  # each column starts where the header's does
    assert "最优" in result.output or "时限内" in result.output


def _column(line: str, at: int) -> str | None:
    """The text starting at terminal column ``at`` of ``line`` (None when a wide character straddles it)."""
    width = 0
    for i, char in enumerate(line):
        if width == at:
            return line[i:]
        width += wcswidth(char)
        if width > at:
            return None
    return None


def test_the_same_timetable_gives_the_same_bytes(solved, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        result = run("solve", solved / "timetable.csv", "--objective", "stable", "--time-limit", "10", "--out", out)
        assert result.exit_code == 0, result.output
        assert "调整" not in result.output or "没有会议需要调整" in result.output
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert rows(a / "timetable.csv") == rows(solved / "timetable.csv")  # stable: nothing moved


def test_a_hand_made_timetable_is_checked_in_the_checker_s_words(solved, tmp_path):
    folder = tmp_path / "hand"
    shutil.copytree(solved, folder)
    table = folder / "timetable.csv"
    data = rows(table)
    first, second = (
        next(r for r in data if r["会议"] == "答疑会"),
        next(r for r in data if r["会议"] == "检查方案碰头会"),
    )
    first["时间"], first["会议室"] = second["时间"], "420会议室"  # 李科长 is required at both
    with table.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    result = run("validate", table)  # the CSV, saved after timetable.xlsx: the copy that counts
    assert result.exit_code == 1
    assert "李科长 必须同时参加会议" in result.output and "[规则 no-double-booking:" in result.output
    sent = run("send", table, "--dry-run", tmp_path / "eml", "--allow-differing-copy")
    assert sent.exit_code == 1  # no invite from a broken timetable
    assert not (tmp_path / "eml").exists()


def test_reschedule_moves_little_and_writes_the_changes(solved, tmp_path):
    folder = tmp_path / "re"
    shutil.copytree(solved, folder)
    before = {r["会议"]: (r["时间"], r["会议室"]) for r in rows(folder / "timetable.csv")}
    day = before["答疑会"][0].split()[0]
    result = run(
        "reschedule", folder / "timetable.csv",
        "--unavailable", f"柏庄镇政府@{day}",
        "--drop", "检查方案碰头会",
        "--add", "临时碰头会,30分钟,王主任、周工程师,赵科员",
        "--pin", "网站栏目设置讨论@2025-07-17 15:00@420会议室",
        "--time-limit", "10", "--out", folder, "--allow-cancel",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "调整了" in result.output and "答疑会" in result.output and "临时碰头会" in result.output
    after = {r["会议"]: (r["时间"], r["会议室"]) for r in rows(folder / "timetable.csv")}
    assert "检查方案碰头会" not in after and after["临时碰头会"][0]
    assert after["网站栏目设置讨论"] == ("2025-07-17 15:00", "420会议室")
    assert not after["答疑会"][0].startswith(day) and not after["季度检查培训"][0].startswith(day)
    kept = [t for t in before if t in after and before[t] == after[t]]
    assert len(kept) >= 3  # the meetings the changes do not touch stay where they were
    rules = (folder / "timetable.toml").read_text(encoding="utf-8")
    assert 'meeting = "网站栏目设置讨论"' in rules and "柏庄镇政府" in rules
    assert run("validate", folder / "timetable.csv").exit_code == 0
    cancelled = [p for p in (folder / "invites" / "检查方案碰头会").glob("*.ics")]
    assert cancelled and all(b"METHOD:CANCEL" in p.read_bytes() for p in cancelled)


def test_reschedule_says_the_parts_of_its_score_and_lists_a_dropped_meeting_as_called_off(solved, tmp_path):
    """QA story 9, finding 8: reschedule printed 中 306 where validate of the file it wrote printed 中 20,
    without saying the difference is the moves; and `--drop` alone said 没有会议需要调整 while it wrote
    the meeting's cancellations."""
    import re

    folder = tmp_path / "re"
    shutil.copytree(solved, folder)
    before = {r["会议"]: r["时间"] for r in rows(folder / "timetable.csv")}
    elsewhere = "2025-07-17 17:00" if before["答疑会"] != "2025-07-17 17:00" else "2025-07-17 18:00"
    result = run("reschedule", folder / "timetable.csv", "--pin", f"答疑会@{elsewhere}", "--time-limit", "10",
                 "--out", folder)  # fmt: skip
    assert result.exit_code == 0, result.output
    (parts,) = re.findall(r"其中中 (\d+) = 相对原时间表改动的会议数 1 × (\d+) \+ 可选参会人员的时间冲突（格数） (\d+)",
                          result.output)  # fmt: skip
    total, weight, conflicts = map(int, parts)
    assert total == weight + conflicts
    assert f"得分（越低越好）：中 {total}（下界" in result.output
    assert f"调整一个会议计 {weight}" in result.output and f"不计调整：中 {conflicts}" in result.output
    # the reason fits every medium level (QA qadocs18 F8: a per-person medium term makes the weight too)
    assert "（多于同一级别其他各项可能之和，所以先求调整最少）" in result.output
    checked = run("validate", folder / "timetable.csv")
    assert checked.exit_code == 0 and f"得分（越低越好）：中 {conflicts}；" in checked.output

    dropped = run("reschedule", folder / "timetable.csv", "--drop", "检查方案碰头会", "--time-limit", "10",
                  "--out", folder, "--allow-cancel")  # fmt: skip
    assert dropped.exit_code == 0, dropped.output
    assert "没有会议需要调整" not in dropped.output and "取消了 1 个会议：" in dropped.output
    assert "其中中" not in dropped.output  # nothing moved: the score is the timetable's own
    assert re.search(r"检查方案碰头会\s+\d+月\d+日 \d+:\d+ \S+\s+（取消）", dropped.output), dropped.output
    english = run("reschedule", folder / "timetable.csv", "--drop", "答疑会", "--lang", "en", "--time-limit", "10")
    assert "1 meeting called off:" in english.output and "(called off)" in english.output


def test_bad_change_options_are_one_line(solved):
    table = solved / "timetable.csv"
    for option, value, said in (
        ("--drop", "没有这个会", "--drop “没有这个会”：表中没有会议“没有这个会”"),
        ("--pin", "答疑会@7月15日 16:10", "不在 15 分钟的时间粒度上"),
        ("--unavailable", "张三@7月15日", "“张三”不在人员名单或单位中"),
        ("--add", "答疑会,1小时,李科长", "会议“答疑会”已在表中"),
        ("--add", "新会,40分钟,李科长", "--add “新会,40分钟,李科长”：时长“40分钟”不是 15 分钟的整数倍"),
        ("--add", "新会,半天,李科长", "--add “新会,半天,李科长”：无法识别的时长“半天”"),  # unreadable, not off the grid
        ("--pin", "答疑会@7月15日 16:00@没有的房间", "没有会议室“没有的房间”"),
        # a pin the calendar refuses: bad input (exit 2), not a timetable that does not exist (exit 1)
        ("--pin", "答疑会@7月20日 8:00", "7月20日 不是会议日（会议日：7月15日、7月16日、7月17日）"),
        ("--pin", "答疑会@7月15日 12:30", "12:30 在休息时间（12:00-15:00）内"),
        ("--pin", "答疑会@7月15日 7:00", "7:00 早于工作开始时间 8:00"),
        ("--pin", "答疑会@7月15日 18:30", "60 分钟的会议从 18:30 开始，到 19:30 结束，超过了工作时间的结束 19:00"),
    ):
        result = run("reschedule", table, option, value, "--out", solved / "never")
        assert result.exit_code == 2, result.output
        assert said in result.output and len(result.output.strip().splitlines()) == 1
    assert not (solved / "never").exists()


def write_case(folder: Path, table: str, rules: str, people: str | None = None, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "m.csv").write_bytes(table.encode(encoding))
    (folder / "m.toml").write_text(rules, encoding="utf-8")
    if people is not None:
        (folder / "people.csv").write_text(people, encoding="utf-8")
    return folder / "m.csv"


RULES = """title = "测试"
days = ["2025-07-15", "2025-07-16"]
hours = ["8:00-12:00", "15:00-18:00"]
[[rooms]]
name = "一号会议室"
seats = 30
[[rooms]]
name = "二号会议室"
seats = 8
"""
LONG = "北关区人民政府办公室政务公开与数据资源管理科科长欧阳明月"
LONG_TITLE = "关于全面推进基层政务公开标准化规范化工作的第三次专题协调推进会议"


def test_long_chinese_names_in_gbk_solve_and_come_out_whole(tmp_path):
    table = write_case(
        tmp_path / "long",
        f"会议,时长,参会人员,可选参会人员\n{LONG_TITLE},2小时,{LONG}、李四,王五\n短会,30分钟,{LONG},\n",
        RULES,
        encoding="gbk",
    )
    result = run("solve", table, "--time-limit", "10", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert LONG_TITLE in result.output and LONG in result.output
    out = tmp_path / "out"
    assert LONG_TITLE in (out / "timetable.csv").read_bytes().decode("utf-8-sig")
    assert LONG_TITLE in (out / "timetable.html").read_text(encoding="utf-8")
    assert run("validate", out / "timetable.csv").exit_code == 0
    assert run("validate", out / "timetable.xlsx").exit_code == 0


def test_a_person_in_two_required_meetings_is_never_in_both(tmp_path):
    table = write_case(
        tmp_path / "two",
        "会议,时长,参会人员\n甲会,3小时,张三、李四\n乙会,3小时,张三\n丙会,3小时,王五\n",
        RULES.replace('days = ["2025-07-15", "2025-07-16"]', 'days = ["2025-07-15"]'),
    )
    result = run("solve", table, "--time-limit", "10", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    placed = {r["会议"]: r["时间"] for r in rows(tmp_path / "out" / "timetable.csv")}
    assert placed["甲会"][11:13] != placed["乙会"][11:13]  # one in the morning, one in the afternoon


def test_a_meeting_longer_than_any_period_has_no_timetable(tmp_path):
    table = write_case(tmp_path / "long", "会议,时长,参会人员\n马拉松会,5小时,张三\n短会,1小时,李四\n", RULES)
    result = run("solve", table, "--time-limit", "10", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "没有满足全部规则的时间表" in result.output and not (tmp_path / "out").exists()
    assert "会议“马拉松会”时长 300 分钟，超过最长的工作时段（240 分钟）" in result.output  # why, in its words
    # QA jobs17 F8: and the way out, the documented split into linked parts
    assert "用 [[links]] same_day = true 相连：源代码的 docs/meetings.md“A meeting across a break”" in result.output
    explained = run("explain", table, "--time-limit", "10")
    assert explained.exit_code == 1 and "会议“马拉松会”时长 300 分钟" in explained.output
    result = run("explain", write_case(tmp_path / "ok", "会议,时长,参会人员\n短会,1小时,李四\n", RULES))
    assert result.exit_code == 0 and "没有冲突" in result.output


def test_an_infeasible_table_exits_1(tmp_path):
    # three 3-hour meetings of the same person in one day of two working periods
    table = write_case(
        tmp_path / "busy",
        "会议,时长,参会人员\n一,3小时,张三\n二,3小时,张三\n三,3小时,张三\n",
        RULES.replace('days = ["2025-07-15", "2025-07-16"]', 'days = ["2025-07-15"]'),
    )
    result = run("solve", table, "--time-limit", "10", "--lang", "en")
    assert result.exit_code == 1 and "No timetable satisfies the rules" in result.output
    why = "- 张三 can be in one meeting at a time (required at 一, 二, 三)  [no-double-booking:"
    assert why in result.output
    explained = run("explain", table, "--time-limit", "10")
    assert explained.exit_code == 1 and "- 张三 同一时间只能参加一个会议（必须参加：一、二、三）" in explained.output


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("序号,名称,人员", "column Unit: this column is missing: a unit table needs Unit, a meeting table needs"),
        (
            "会议,时长,人员",
            "column Participants: this column is missing: a meeting table needs both Meeting and Participants",
        ),
    ],
)
def test_a_table_of_neither_kind_is_one_line(tmp_path, header, said):
    table = write_case(tmp_path / "neither", f"{header}\n1,甲,张三\n", RULES)
    for command in ("validate", "solve", "ics"):
        extra = ["--out", tmp_path / "out"] if command != "validate" else []
        result = run(command, table, *extra, "--lang", "en")
        assert result.exit_code == 2 and result.output == f"{table}, row 1, {said}" + result.output.split(said)[1]
        assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("答疑会,1小时,李科长、张三,", "row 2, column 参会人员: '张三' is neither in the people sheet nor a unit"),
        ("答疑会,两个多小时,李科长,", "row 2, column 时长: cannot read the length '两个多小时'"),
        ("答疑会,1小时,李科长,李科长", "row 2, column 可选参会人员: '李科长' is both required and optional"),
    ],
)
def test_bad_rows_name_file_row_and_column_and_write_nothing(tmp_path, row, said):
    table = copy_example(tmp_path / "bad")
    table.write_text(f"会议,时长,参会人员,可选参会人员\n{row}\n", encoding="utf-8")
    result = run("solve", table, "--out", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 2 and result.output.startswith(f"{table}, {said}")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "code"),
    [
        ("meetings_2025.csv", "派一名负责", "派一名\x0b负责", "row 2, column 备注", "U+000B"),
        ("meetings_2025.csv", ",审核,\n3", ",审\x01核,\n3", "row 3, column 系列", "U+0001"),
        ("people_2025.csv", "李科长,区政府办公室", "李科长,区政府\x1b办公室", "row 3, column 单位", "U+001B"),
        ("meetings_2025.toml", 'title = "政务', 'title = "\\uFFFE政务', "line 3, key title", "U+FFFE"),
        (
            "meetings_2025.toml",
            'name = "420会议室"',
            'name = "420\\u0008会议室"',
            "line 20, key rooms[2].name",
            "U+0008",
        ),
    ],
)
def test_a_character_no_output_can_hold_is_refused_when_read_and_nothing_is_written(
    tmp_path, file, old, new, where, code
):
    """Was: ``solve --out`` read it, solved, and failed writing the Word or Excel file: an internal error (exit 70)."""
    table = copy_example(tmp_path / "in")
    path = table.parent / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    english = run("solve", table, "--out", tmp_path / "out", "--lang", "en")
    said = f"{path}, {where}: holds the invisible character {code}, "
    assert english.exit_code == 2 and english.output.startswith(said), english.output
    chinese = run("solve", table, "--out", tmp_path / "out")
    assert chinese.exit_code == 2 and f"含有不可见字符 {code}，" in chinese.output, chinese.output
    assert len(english.output.strip().splitlines()) == len(chinese.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_ics_twice_changes_nothing_and_many_cancellations_need_consent(solved, tmp_path):
    folder = tmp_path / "ics"
    shutil.copytree(solved, folder)
    table = folder / "timetable.csv"
    before = {p: p.read_bytes() for p in (folder / "invites").rglob("*.ics")}
    result = run("ics", table, "--out", folder / "invites")
    assert result.exit_code == 0 and "新建 0，更新 0，取消 0，未变 31" in result.output
    assert {p: p.read_bytes() for p in (folder / "invites").rglob("*.ics")} == before
    kept = [r for r in rows(table) if r["会议"] in ("答疑会", "网站栏目设置讨论")]
    with table.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    (folder / "timetable.xlsx").unlink()  # the CSV alone holds the timetable now
    result = run("ics", table, "--out", folder / "invites")
    assert result.exit_code == 2 and "--allow-cancel" in result.output
    assert {p: p.read_bytes() for p in (folder / "invites").rglob("*.ics")} == before
    result = run("ics", table, "--out", folder / "invites", "--allow-cancel")
    assert result.exit_code == 0 and "取消 25" in result.output


def test_reschedule_refuses_the_cancellations_of_deleted_rows_before_searching(solved, tmp_path, monkeypatch):
    """QA mscale, finding 6: a row deleted from the table cancels its people's invites whatever the new
    timetable; reschedule searched its whole limit (15 s of 20) before refusing. Now it refuses first."""
    import scheduler.meetings.replanning as replanning

    folder = tmp_path / "gone"
    shutil.copytree(solved, folder)
    table = folder / "timetable.csv"
    kept = [r for r in rows(table) if r["会议"] in ("答疑会", "网站栏目设置讨论")]
    with table.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    (folder / "timetable.xlsx").unlink()

    def no_search(*args, **kwargs):
        raise AssertionError("searched before refusing")

    monkeypatch.setattr(replanning, "replan_meetings", no_search)
    before = {p: p.read_bytes() for p in (folder / "invites").rglob("*.ics")}
    result = run("reschedule", table, "--time-limit", "10", "--out", folder)
    assert result.exit_code == 2 and "--allow-cancel" in result.output, result.output
    assert {p: p.read_bytes() for p in (folder / "invites").rglob("*.ics")} == before


def test_alternatives_are_listed_and_each_folder_stands_on_its_own(tmp_path):
    # two meetings of different people, one room, two hours: either may go first, nothing else is optimal
    rules = 'title = "两种"\ndays = ["2025-07-15"]\nhours = ["8:00-10:00"]\ngrid_minutes = 60\n[[rooms]]\nname = "甲"\n'
    table = write_case(tmp_path / "alt", "会议,时长,参会人员\n一会,1小时,张三\n二会,1小时,李四\n", rules)
    result = run("solve", table, "--alternatives", "3", "--time-limit", "10", "--out", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (
        "Optimal timetable 2 of 2" in result.output
        and "Meetings at a different time than in timetable 1: 2" in result.output
    )
    assert "There are only 2 different optimal timetables (fewer than the 3 asked for)" in result.output
    starts = []
    for number in (1, 2):
        folder = tmp_path / "out" / f"alternative-{number}"
        assert run("validate", folder / "timetable.csv").exit_code == 0
        starts.append({r["会议"]: r["时间"] for r in rows(folder / "timetable.csv")})
    assert starts[0] != starts[1] and set(starts[0].values()) == set(starts[1].values())


def test_alternatives_of_an_unproven_timetable_say_why_and_are_listed_with_their_scores(tmp_path, monkeypatch):
    """QA office15 F3: the message blamed the time limit though the search had ended on its own, and no
    alternative was ever listed for a week whose soft level is not proven."""
    from dataclasses import replace

    import scheduler.meetings.choices as choices
    from scheduler.meetings.planner import solve_meetings

    def open_gap(*args: object, **kwargs: object):
        result = solve_meetings(*args, **kwargs)  # type: ignore[arg-type]
        return replace(result, status="feasible", bound={**result.bound, "soft": result.score["soft"] - 1})

    monkeypatch.setattr(choices, "solve_meetings", open_gap)
    rules = 'title = "两种"\ndays = ["2025-07-15"]\nhours = ["8:00-11:00"]\ngrid_minutes = 60\n[[rooms]]\nname = "甲"\n'
    table = write_case(tmp_path / "alt", "会议,时长,参会人员\n一会,1小时,张三\n二会,1小时,李四\n", rules)
    result = run("solve", table, "--alternatives", "2", "--time-limit", "10", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("The search ended before the time limit without proving the optimum")
    assert "the alternatives below equal the best found on the levels proven (medium)" in result.stderr
    assert "Alternative 2 of 2 (not proven optimal)" in result.output
    assert "Optimal timetable" not in result.output


def test_alternatives_keep_back_the_first_s_reserve_and_a_share_for_each_later_one(tmp_path, monkeypatch):
    """Was: K times the whole writing reserve (``for_search`` on K times the meetings); each later one
    now keeps LATER_MEETING_ALTERNATIVE of the first's (docs/performance.md, measured)."""
    import scheduler.cli.meetings as cli_meetings
    import scheduler.meetings.choices as choices
    from scheduler.cli.options import FIXED, PER_UNIT
    from scheduler.export.outputs import FORMATS
    from scheduler.files.meeting_files import load_meetings

    table = copy_example(tmp_path / "ex")
    problem = load_meetings(table).problem
    first, later = cli_meetings.alternatives_reserve(problem, FORMATS)
    libraries = cli_meetings.output_seconds(problem, FORMATS, 0)
    each = first - FIXED - libraries
    assert each == pytest.approx(
        len(problem.sessions) * (PER_UNIT["print"] + sum(PER_UNIT[f] for f in FORMATS))
        + cli_meetings.output_seconds(problem, FORMATS)
        - libraries
    )
    assert later == pytest.approx(cli_meetings.LATER_MEETING_ALTERNATIVE * each) and later < each
    monkeypatch.setattr(cli_meetings, "alternatives_reserve", lambda _problem, _formats: (1.0, 2.0))
    given: list[float] = []
    real = choices.meeting_alternatives
    monkeypatch.setattr(
        choices, "meeting_alternatives", lambda *a, **kw: (given.append(kw["time_limit"]), real(*a, **kw))[1]
    )
    result = run("solve", table, "--alternatives", "3", "--time-limit", "30", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert 30 - 1 - 2 * 2 - 1 < given[0] <= 30 - 1 - 2 * 2


def crowded_case(folder: Path) -> Path:
    """大会 (4 hours) held where its 70 optional participants are all away: moving it to the next day would
    spare 1,120 optional conflicts (70 x 16 steps), more than the 1,000 a move once weighed."""
    away = [f"员{i}" for i in range(70)]
    table = (
        "会议,时长,参会人员,可选参会人员,时间,会议室\n"
        f"大会,4小时,甲,{'、'.join(away)},2025-07-15 08:00,一号会议室\n"
        "例会,1小时,乙,,2025-07-16 08:00,二号会议室\n"
    )
    rules = RULES.replace("seats = 30\n", "").replace("seats = 8\n", "")
    rules += "".join(f'[[unavailable]]\nperson = "{p}"\ntimes = ["2025-07-15"]\n' for p in away)
    return write_case(folder, table, rules)


def moves_table(output: str) -> dict[str, tuple[str, str]]:
    """The rows of the 'who moved' table: meeting -> (was, now)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Meeting  Was"))
    found = {}
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        title, was, now = [part.strip() for part in line.split("  ") if part.strip()]
        found[title] = (was, now)
    return found


def test_reschedule_replans_as_the_library_does_moving_no_meeting_to_spare_optional_conflicts(tmp_path):
    table = crowded_case(tmp_path / "in")
    result = run("reschedule", table, "--add", "小会,30分钟,乙", "--time-limit", "10", "--lang", "en",
                 "--out", tmp_path / "out")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 meeting moved:" in result.output
    assert list(moves_table(result.output)) == ["小会"] and moves_table(result.output)["小会"][0] == "(new)"
    after = {r["会议"]: (r["时间"], r["会议室"]) for r in rows(tmp_path / "out" / "timetable.csv")}
    assert after["大会"] == ("2025-07-15 08:00", "一号会议室") and after["例会"] == ("2025-07-16 08:00", "二号会议室")
    assert run("validate", tmp_path / "out" / "timetable.csv").exit_code == 0
    zh = run("reschedule", table, "--pin", "例会@2025-07-16 15:00", "--time-limit", "10")
    assert zh.exit_code == 0, zh.output
    assert "调整了 1 个会议：" in zh.output and "7月16日 8:00 二号会议室" in zh.output and "7月16日 15:00" in zh.output
    stable = run("solve", table, "--objective", "stable", "--time-limit", "10", "--lang", "en")
    assert stable.exit_code == 0, stable.output
    assert "No meeting needs to move" in stable.output


def test_reschedule_from_replies_on_a_meeting_table_without_invites_is_one_line(tmp_path):
    """A meeting table's answers are weighed as a unit table's (tests/test_replies_meetings.py); with no
    invites beside the table there are none: one line, as for a unit table, and nothing written."""
    table = crowded_case(tmp_path / "in")
    result = run("reschedule", table, "--from-replies", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert "没有找到邀请（state.json）" in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_of_ics_and_reschedule_describes_meeting_tables_too(lang):
    """QA: `ics --help` said one .ics per unit, `reschedule --help` gave only the unit forms of
    --add/--pin and promised 调整通知 for every table."""
    ics = run("ics", "--help", "--lang", lang).output
    reschedule = run("reschedule", "--help", "--lang", lang).output
    if lang == "en":
        ics, reschedule = " ".join(ics.split()), " ".join(reschedule.split())  # the help is wrapped
        assert "<meeting>/<person>.ics" in ics and "meeting table" in ics
        assert "MEETING,LENGTH,REQUIRED[,OPTIONAL]" in reschedule and "MEETING@TIME[@ROOM]" in reschedule
        assert "for a unit table, --out also writes the adjustment notice" in reschedule
    else:
        assert "<会议>/<人员>.ics" in ics and "会议表" in ics
        assert "会议,时长,参会人员[,可选参会人员]" in reschedule and "会议@时间[@会议室]" in reschedule
        assert "单位表加 --out 时另写调整通知" in reschedule


def test_a_word_document_given_as_a_meeting_table_says_tables_are_csv_or_xlsx(tmp_path):
    from docx import Document

    copy_example(tmp_path)
    Document().save(tmp_path / "meetings_2025.docx")
    (tmp_path / "meetings_2025.csv").rename(tmp_path / "other.csv")  # else it says: use meetings_2025.csv
    result = run("solve", tmp_path / "meetings_2025.docx", "--lang", "en")
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "tables are read from .csv or .xlsx files (a unit table or a meeting table)" in line, line
    assert "unit table:" not in line and "give the unit table" not in line


def _sheet_rows(book_path: Path, title: str, header_row: int) -> tuple[list[str], list[dict[str, object]]]:
    from openpyxl import load_workbook

    ws = load_workbook(book_path)[title]
    grid = [list(r) for r in ws.iter_rows(min_row=header_row, values_only=True)]
    return [str(c) for c in grid[0]], [dict(zip(grid[0], r, strict=True)) for r in grid[1:] if any(r)]


def test_the_data_sheets_end_is_read_checked_and_written_anew_never_copied(solved, tmp_path):
    """QA winfiles §4: 结束 read back from the 数据 sheet was an unknown column, copied unchanged (a meeting
    moved to the 16th still ended on the 15th), then written twice into 数据's header, which could no
    longer be read."""
    folder = tmp_path / "d"
    shutil.copytree(solved, folder)
    book = folder / "timetable.xlsx"
    moved = run("reschedule", book, "--sheet", "数据", "--unavailable", "李科长@7月15日", "--out", folder)
    assert moved.exit_code == 0, moved.output
    assert "原定" in moved.output  # a meeting moved (its invites updated)
    assert "结束" not in rows(folder / "timetable.csv")[0]
    assert "结束" not in _sheet_rows(book, "会议安排", 2)[0]
    header, data = _sheet_rows(book, "数据", 1)
    assert header.count("结束") == 1
    for row in data:
        assert row["结束"] - row["时间"] == timedelta(minutes=parse_length(str(row["时长"])))
    again = run("validate", book, "--sheet", "数据")
    assert again.exit_code == 0, again.output


def test_an_end_changed_alone_in_the_data_sheet_is_told_not_ignored(solved, tmp_path):
    """A clerk who lengthens a meeting by its 结束 alone: 时长 silently won before."""
    from openpyxl import load_workbook

    book = tmp_path / "timetable.xlsx"
    shutil.copytree(solved, tmp_path, dirs_exist_ok=True)
    workbook = load_workbook(book)
    ws = workbook["数据"]
    end = [c.value for c in ws[1]].index("结束") + 1
    ws.cell(row=3, column=end).value += timedelta(hours=1)
    workbook.save(book)
    result = run("validate", book, "--sheet", "数据")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{book} [数据], 第 3 行, 列“结束”: 结束“")
    assert "不符" in result.stderr and "请改“时长”" in result.stderr
    printed = run("validate", book)  # the printable sheet read: its twin's longer meeting is a difference
    assert printed.exit_code == 2 and printed.stderr.startswith(f"{book} [会议安排]: 工作表“数据”中的时间表与这张不同")


def test_solve_out_gives_its_writing_reserve_to_the_search_for_a_first_timetable(tmp_path, monkeypatch):
    """QA mscale, finding 5: the reserve for writing the files is spare for a first timetable (none
    yet: nothing to write), not taken from it."""
    import scheduler.meetings.planner as planner

    spares = []
    real = planner.solve_meetings

    def recording(*args, **kwargs):
        spares.append(kwargs.get("spare", 0.0))
        return real(*args, **kwargs)

    monkeypatch.setattr(planner, "solve_meetings", recording)
    table = copy_example(tmp_path / "spare")
    result = run("solve", table, "--time-limit", "5", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert spares and spares[0] > 0.5


def test_headcounts_are_numbers_in_the_workbook_so_the_data_sheet_sorts(tmp_path):
    """QA mscale, finding 8: 人数 was written as text ('11' before '8' when sorted)."""
    rules = 'title = "人数"\ndays = ["2025-07-15"]\nhours = ["8:00-12:00"]\ngrid_minutes = 60\n'
    rules += '[[rooms]]\nname = "甲"\nseats = 20\n'
    table = write_case(tmp_path / "n", "会议,时长,参会人员,人数\n一会,1小时,张三,8\n二会,1小时,李四,11\n", rules)
    result = run("solve", table, "--time-limit", "5", "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    for title, header_row in (("会议安排", 2), ("数据", 1)):
        _, data = _sheet_rows(tmp_path / "out" / "timetable.xlsx", title, header_row)
        assert sorted(row["人数"] for row in data) == [8, 11]
    for sheet in ((), ("--sheet", "数据")):  # and they read back
        again = run("validate", tmp_path / "out" / "timetable.xlsx", *sheet)
        assert again.exit_code == 0, again.output


def test_the_search_keeps_back_more_than_half_a_millisecond_a_participant_copy_for_the_invites():
    """QA mscale, finding 2: each participant's invite is its own file (made, written, synced: 0.57 ms
    CPU measured a copy at 1,000 meetings); two calendar items (0.24 ms) were kept back for it."""
    from datetime import date, time
    from types import SimpleNamespace

    from scheduler.cli.meetings import _search_seconds
    from scheduler.domain import Room
    from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
    from scheduler.solver.deadline import Deadline

    people = tuple(Person(f"人{k}") for k in range(10))
    sessions = tuple(Session(f"会{k}", 60, tuple(Attendee(p.name) for p in people)) for k in range(100))
    days = Workdays((date(2025, 3, 3),), ((time(8), time(12)),), 30)
    loaded = SimpleNamespace(problem=MeetingProblem(sessions, days, (Room("A", 1, 10),), people=people))
    without = _search_seconds(Deadline(100), loaded, (), False)
    with_invites = _search_seconds(Deadline(100), loaded, (), True)
    assert without - with_invites >= 0.0005 * 1000


def test_the_search_keeps_back_the_longer_of_the_invites_and_the_timetables_files_not_their_sum(monkeypatch):
    """Issue 16 (meeting invites): the timetable's files are made in a forked child while the invites are
    made and written, so the reserve is the longer of the two; where no child can be forked, their sum."""
    from datetime import date, time
    from types import SimpleNamespace

    from scheduler.cli import forked
    from scheduler.cli.meetings import _search_seconds
    from scheduler.domain import Room
    from scheduler.domain.meetings import Attendee, MeetingProblem, Person, Session, Workdays
    from scheduler.solver.deadline import Deadline

    people = tuple(Person(f"人{k}") for k in range(10))
    sessions = tuple(Session(f"会{k}", 60, tuple(Attendee(p.name) for p in people)) for k in range(100))
    days = Workdays((date(2025, 3, 3),), ((time(8), time(12)),), 30)
    loaded = SimpleNamespace(problem=MeetingProblem(sessions, days, (Room("A", 1, 10),), people=people))
    formats = ("docx", "xlsx", "html", "csv")

    def kept(formats: tuple[str, ...], invites: bool) -> float:
        # a clock that stands still: what is kept back, not the time the call took (under load the
        # first call, its imports included, took more than the 10 ms the comparison allowed)
        return 100 - _search_seconds(Deadline(100, clock=lambda: 0.0), loaded, formats, invites)

    alone, tables, invites = kept((), False), kept(formats, False), kept((), True)
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # (a thread an earlier test left would say no)
    assert kept(formats, True) == pytest.approx(max(tables, invites), abs=1e-9)
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert kept(formats, True) == pytest.approx(tables + invites - alone, abs=1e-9)


def test_solve_out_makes_the_timetables_files_in_a_child_beside_the_invites(tmp_path, monkeypatch):
    """Issue 16: with invites, the timetable's files are made by a forked child (while the invites are made
    and staged here) and the state's JSON by a second; the files are those made in this process."""
    from scheduler.cli import forked

    asked = []
    real = forked.Forked.__init__

    def spy(self, function, *args):
        asked.append(function.__name__)
        real(self, function, *args)

    monkeypatch.setattr(forked.Forked, "__init__", spy)
    # The two commands must write the same timetable: the second is given the first's answer (two CP-SAT
    # workers may pick another of equal optimal timetables, and the test is about where files are made).
    from scheduler.meetings import planner

    solved = []
    real_solve = planner.solve_meetings

    def once(*args, **kwargs):
        if not solved:
            solved.append(real_solve(*args, **kwargs))
        return solved[0]

    monkeypatch.setattr(planner, "solve_meetings", once)
    table = copy_example(tmp_path / "in")
    result = run("solve", table, "--time-limit", "20", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert asked == ["tables", "dump_state"]
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    here = run("solve", table, "--time-limit", "20", "--out", tmp_path / "here")
    assert here.exit_code == 0, here.output
    assert len(solved) == 1  # both commands wrote the one answer
    for path in (tmp_path / "out").rglob("*"):
        twin = tmp_path / "here" / path.relative_to(tmp_path / "out")
        assert twin.is_dir() if path.is_dir() else twin.read_bytes() == path.read_bytes(), path


def test_solve_out_lends_the_search_only_the_commands_second_of_grace_not_the_writing_reserve(tmp_path, monkeypatch):
    """Review 4: ``solve --out`` lent its whole writing reserve to the search for a first timetable (and the
    packing greedy had its own second on top): a timetable found late in it had no time left to be written.
    Now both go at most the command's second of grace past the search's limit, less the printing's slack."""
    from scheduler.cli import meetings as cli_meetings
    from scheduler.meetings import planner

    asked = {}
    real = planner.solve_meetings

    def spy(problem, objective, time_limit, previous=None, spare=0.0, grace=1.0):
        asked.update(time_limit=time_limit, spare=spare, grace=grace)
        return real(problem, objective, time_limit=min(time_limit, 2), previous=previous, spare=spare, grace=grace)

    monkeypatch.setattr(planner, "solve_meetings", spy)
    table = copy_example(tmp_path / "in")
    result = run("solve", table, "--time-limit", "20", "--out", tmp_path / "out", "--format", "xlsx,docx,html,csv")
    assert result.exit_code == 0, result.output
    most = 1.0 - cli_meetings.RETURN_SLACK  # the command's second of grace (docs/performance.md)
    assert 0 < asked["spare"] <= most  # the searches (CP-SAT overruns its limit)
    assert asked["spare"] < asked["grace"] <= 1.0 - cli_meetings.PASS_SLACK  # the greedies' passes hear the clock
    assert asked["time_limit"] < 20 - cli_meetings.LIBRARIES["xlsx"] - cli_meetings.LIBRARIES["docx"]


class _Clock:
    """``time.perf_counter`` for the planner: still until the packing's pass, which moves it on by what the pass
    cost, then running (so the test does not depend on how fast this machine reads and prepares)."""

    def __init__(self) -> None:
        import time

        self.real = time.perf_counter
        self.at: float | None = self.real()
        self.offset = 0.0

    def __call__(self) -> float:
        return self.at if self.at is not None else self.real() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset = self() + seconds - self.real()
        self.at = None


@pytest.mark.parametrize("old", [False, True])
def test_a_hurried_call_lets_the_packing_pass_use_the_commands_grace(tmp_path, monkeypatch, old):
    """Issue 16 (left26): an office table of 1,000 meetings at ``--time-limit 2`` under load 10 reached its
    search with 0.1 s left (the rest kept for printing), and its packing pass (0.13 s of CPU, about 0.75 s of
    wall at that load) was cut at the search's limit plus 0.7 s less the return margin, 0.9 s before T + 1:
    exit 3, no timetable. The passes now go the command's second of grace less :data:`PASS_SLACK` (printing
    that none was found); a timetable found is printed within the writing reserve, kept after the search's
    limit. A pass that needs 0.75 s past the search's start: found now, cut with the old 0.7 s (``old``)."""
    import types

    from scheduler.cli import meetings as cli_meetings
    from scheduler.meetings import planner

    clock = _Clock()
    monkeypatch.setattr(planner, "time", types.SimpleNamespace(perf_counter=clock))
    monkeypatch.setattr(cli_meetings, "_search_seconds", lambda *a, **k: 0.1)  # as under load
    monkeypatch.setattr(planner, "_objective_greedy", lambda *a, **k: None)  # as on Timefold's recipe
    monkeypatch.setattr(planner, "_first_light_fits", lambda *a, **k: False)  # no time to build it, as there
    if old:
        monkeypatch.setattr(cli_meetings, "packing_grace", cli_meetings.beyond_search)
    given = []
    real = planner.packed

    def pass_of(prep, until=None, cut=False, rounds=0):
        given.append(until - clock())
        found = real(prep) if until - clock() >= NEEDS else None  # the pass ends, or is cut at ``until``
        clock.advance(min(NEEDS, until - clock()))
        return found

    monkeypatch.setattr(planner, "packed", pass_of)
    result = run("--lang", "en", "solve", copy_example(tmp_path / "in"), "--time-limit", "2")
    assert given, result.output
    assert given[0] == pytest.approx(0.1 + (0.7 if old else 0.9) - planner.RETURN_MARGIN)
    if old:
        assert result.exit_code == 3, result.output
    else:
        assert result.exit_code == 0, result.output
        assert "Score (lower is better)" in result.output


NEEDS = 0.75
"""Seconds of wall the packing's pass of 1,000 office meetings took at load 10 (0.13 s of CPU)."""


def test_the_invites_summary_counts_the_cancelled_copies_apart(tmp_path):
    """QA office15 F8: after dropping a meeting of 3 people, 7 meetings hold 28 invitations and 3 are
    cancelled; the summary said 31 人次 (the cancelled ones counted in)."""
    table = copy_example(tmp_path / "in")
    out = tmp_path / "out"
    assert run("solve", table, "--time-limit", "5", "--out", out).exit_code == 0
    result = run("reschedule", out / "timetable.csv", "--drop", "答疑会", "--allow-cancel", "--time-limit", "5",
                 "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "邀请：7 个会议、28 人次；新建 0，更新 0，取消 3，未变 28" in result.output


def test_the_printed_timetables_carry_the_meetings_notes(solved):
    """QA office15 F6: 备注 (请带笔记本电脑) was in the .xlsx and the invites but neither in the Word annex nor
    on the page: now after the Word grids (the last page still holds its grid) and under the page's grid
    (and in the block's tooltip)."""
    from docx import Document

    said = [p.text for p in Document(str(solved / "timetable.docx")).paragraphs]
    assert "备注：" in said
    assert any(line.startswith("季度检查培训（") and line.endswith("）：请带笔记本电脑") for line in said), said
    page = (solved / "timetable.html").read_text(encoding="utf-8")
    assert "· 备注：请带笔记本电脑" in page  # the tooltip
    assert "备注：请带笔记本电脑</li>" in page  # under the grid


@pytest.mark.parametrize(
    ("early", "improved", "held", "en", "zh"),
    [
        (True, None, ("medium",), "more time is unlikely to prove it", "下界不够紧，加长时限也难以证明"),
        (False, None, (), "a longer --time-limit may find a better timetable or prove this one", "或可找到更好"),
        (False, True, ("medium",), "the time was short, and a longer --time-limit can find", "时间不够"),
        (False, False, ("medium",), "the gap is likely the bound's", "差距多半在于下界不够紧"),
    ],
)
def test_unproven_alternatives_advise_more_time_only_when_it_can_help(capsys, early, improved, held, en, zh):
    """review14 F7: "a longer --time-limit may prove it" was said even when the searches showed the bound
    is the gap's cause, and with no level proven the line read "在已证明的层级（—）上…"."""
    from types import SimpleNamespace

    from scheduler.cli.meetings import _say_unproven

    result = SimpleNamespace(score={"medium": 56, "soft": 2112})
    found = SimpleNamespace(result=result, held=held, stopped_early=early, improved=improved, plans=("1", "2"))
    for lang, words in (("en", en), ("zh", zh)):
        _say_unproven(found, lang)
        said = capsys.readouterr().err
        assert words in said and "—" not in said and "（）" not in said
        if improved is False or early:
            assert "may find" not in said and "或可" not in said
        if not held:
            assert "no level is proven" in said or "没有哪一层级得到证明" in said


def test_the_workbook_reserve_is_xlsxwriters_loading_not_openpyxls(tmp_path):
    """QA review16 finding 8: a meeting table's ``--out`` kept 0.6 s back for loading the workbook's
    library, openpyxl's loading when it wrote workbooks; XlsxWriter writes them since 4 December and
    loads in 0.06-0.10 s (load 4.6), so 150 meetings at ``reschedule --out --time-limit 4`` searched
    with 0.35 s less than they could. The reserve stays within twice that, on the premise checked
    here in a fresh process: writing a meeting timetable's workbook does not load openpyxl."""
    import subprocess
    import sys

    import scheduler.cli.meetings as cli_meetings

    assert cli_meetings.LIBRARIES["xlsx"] <= 0.25
    table = copy_example(tmp_path / "in")
    script = (  # the command ends by os._exit (no teardown): the answer is printed there
        "import os, runpy, sys\n"
        "real = os._exit\n"
        "os._exit = lambda code: (print('openpyxl' in sys.modules, flush=True), real(code))\n"
        "sys.argv = ['cli.py', 'solve', sys.argv[1], '--out', sys.argv[2], '--format', 'xlsx', '--time-limit', '2']\n"
        "try:\n"
        "    runpy.run_path('cli.py', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print('openpyxl' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script, str(table), str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root), "DOCKING_NOW": "2025-07-01T08:00+08:00"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "meetings_2025.xlsx").exists() or any((tmp_path / "out").glob("*.xlsx"))
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout


def test_the_data_sheets_text_wraps_so_a_long_participants_cell_is_printed_whole(solved):
    """QA qaoffice18 F11: the 数据 sheet's 参会人员 (width 36, no wrap) was cut on screen and on paper."""
    from openpyxl import load_workbook

    ws = load_workbook(solved / "timetable.xlsx")["数据"]
    header = [cell.value for cell in ws[1]]
    column = header.index("参会人员") + 1
    cells = [ws.cell(row, column) for row in range(2, ws.max_row + 1)]
    assert cells and all(cell.alignment.wrap_text for cell in cells)


def test_unproven_alternatives_with_only_the_answer_promise_none_below(tmp_path, monkeypatch):
    """QA qamscale18 F12: with the optimum unproven and no other timetable found, ``--alternatives 3``
    said the alternatives "below" list their scores and ended "时限内找到 1 个备选时间表（要求 3 个）",
    listing none (the one was the answer itself). It now says plainly that no other was found."""
    import dataclasses

    import scheduler.meetings.choices as choices

    real = choices.meeting_alternatives

    def only_the_answer(*args, **kwargs):
        found = real(*args, **kwargs)
        return dataclasses.replace(
            found, plans=found.plans[:1], scores=found.scores[:1] or ({},), proven=False, complete=False, held=()
        )

    monkeypatch.setattr(choices, "meeting_alternatives", only_the_answer)
    table = copy_example(tmp_path)
    for lang, below, end in (
        ("zh", "下面的备选时间表", "时限内没有找到其他备选时间表（要求 3 个），只有上面找到的最好时间表"),
        ("en", "alternatives below", "No other timetable was found in the time limit (3 asked for)"),
    ):
        args = ["solve", str(table), "--time-limit", "5", "--alternatives", "3", "--lang", lang]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert below not in result.stderr
        assert result.stdout.rstrip().splitlines()[-1].startswith(end)


def test_a_word_grid_of_more_than_five_days_is_tables_apart_and_each_rooms_notes_follow_its_grid(tmp_path):
    """QA qaprint23 F3: a campaign of six days or more wrote each room's second table (days 6-) right
    after the first, and Word joins touching tables: the later days printed under the first table's
    Monday-Friday header. And every room's 备注 came after the last room's grid."""
    from docx import Document
    from docx.oxml.ns import qn

    table = copy_example(tmp_path / "in")
    rules = table.with_suffix(".toml")
    days = ", ".join(f'"2025-07-{d}"' for d in range(14, 22))  # Monday to the next Monday: 8 days
    text = rules.read_text(encoding="utf-8").replace(
        'days = ["2025-07-15", "2025-07-16", "2025-07-17"]', f"days = [{days}]"
    )
    assert days in text
    rules.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("solve", table, "--time-limit", "4", "--out", out)
    assert result.exit_code == 0, result.output
    room_of = {r["会议"]: r["会议室"] for r in rows(out / "timetable.csv")}
    rooms = {f"{name}（{seats} 座）": name for name, seats in (("大会议室", 40), ("420会议室", 12), ("301小会议室", 6))}
    doc = Document(str(out / "timetable.docx"))
    body = [el for el in doc.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    tables_under: dict[str, int] = {}
    room, notes = None, 0
    for before, el in itertools.pairwise(body):
        assert not (before.tag == el.tag == qn("w:tbl")), "two tables touch: Word joins them into one"
    for el in body:
        if el.tag == qn("w:tbl"):
            assert room is not None
            tables_under[room] = tables_under.get(room, 0) + 1
            continue
        text = "".join(t.text or "" for t in el.iter(qn("w:t")))
        if text in rooms:
            room = rooms[text]
        elif "）：" in text and text.split("（")[0] in room_of:  # a 备注 line: under its own room's grid
            assert room_of[text.split("（")[0]] == room, (text, room)
            notes += 1
    assert notes == 2
    assert set(tables_under) == set(room_of.values()) and set(tables_under.values()) == {2}
    second = list(dict.fromkeys(c.text for c in doc.tables[1].rows[0].cells))  # a day of 2 lanes: 2 cells
    assert second[1:] == ["7月19日 星期六", "7月20日 星期日", "7月21日 星期一"]


def test_a_short_meeting_keeps_its_title_and_time_in_word_and_a_cut_title_ends_in_an_ellipsis_on_the_page(tmp_path):
    """QA qaprint23 F4: Word rows of an exact height cut a 15-minute meeting to half its title, a
    30-minute one's long title hid its time; the page cut a long title mid-line with no sign of it."""
    from docx import Document
    from docx.oxml.ns import qn

    table = copy_example(tmp_path / "in")
    short, long = "Community Outreach Planning Session for the Third District", "Supercalifragilistic " * 12
    with table.open("a", encoding="utf-8") as f:
        f.write(f"30,{short},15分钟,李科长,,,,,,,\n31,{long.strip()},30分钟,王主任,,,,,,,\n")
    out = tmp_path / "out"
    result = run("solve", table, "--time-limit", "6", "--out", out)
    assert result.exit_code == 0, result.output
    when = {r["会议"]: r["时间"][-5:].lstrip("0") for r in rows(out / "timetable.csv")}
    doc = Document(str(out / "timetable.docx"))
    cells = {c.text: c for t in doc.tables for r in t.rows for c in r.cells if c.text}
    for title in (short, long.strip()):
        texts = [text for text in cells if text.startswith(title)]
        assert texts and all(f"\n{when[title]}—" in text for text in texts), (title, texts)
    rules = {el.get(qn("w:hRule")) for el in doc.element.body.iter(qn("w:trHeight"))}
    assert "exact" not in rules
    page = (out / "timetable.html").read_text(encoding="utf-8")
    assert f'<b class="cut" style="-webkit-line-clamp: 1">{long.strip()}</b>' in page
    assert f"<li>{long.strip()}（" in page  # said whole under the grid
