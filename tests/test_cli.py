"""The command line: exit codes, messages, outputs, bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from scheduler.cli.main import main
from tests.conftest import NOTICE, ROOT, without_late_line

RULES = NOTICE.with_suffix(".toml")
HEADER = "序号,时间,单位,备注,类别,并行组\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def copy_notice(folder: Path, rows: list[str] | None = None, name: str = "plan") -> Path:
    """The notice's table (or a table of ``rows``) with its rules, under ``folder``."""
    table = folder / f"{name}.csv"
    if rows is None:
        shutil.copy(NOTICE, table)
    else:
        table.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    shutil.copy(RULES, folder / f"{name}.toml")
    shutil.copy(ROOT / "examples" / "contacts_2021.csv", folder)
    return table


def test_validate_the_published_table():
    result = run("validate", str(NOTICE))
    assert result.exit_code == 0
    assert result.output == "时间表满足全部规则（29 个单位，23 个时段）\n"
    result = run("validate", str(NOTICE), "--lang", "en")
    assert result.output == "The timetable satisfies every rule (29 units, 23 slots)\n"


def test_validate_a_broken_table_names_every_violation(tmp_path):
    lines = NOTICE.read_text(encoding="utf-8").splitlines()
    rows = lines[1:]
    rows[2] = "3,9 月 8 日 9:00,区发改委,,部门,"  # two departments at 9月8日 9:00
    rows[20] = "21,9 月 8 日 10:00,灯塔路街道办事处,,镇办,B"  # a street office before departments
    rows[25] = "26,,彰北街道办事处,,镇办,E"  # a unit with no time
    rows.append("30,9 月 9 日 12:00,区税务局,,部门,A")  # a unit twice, once outside the window
    table = copy_notice(tmp_path, rows)
    result = run("validate", str(table), "--lang", "en")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "The timetable breaks the rules in 5 places:",
        "区税务局 is listed 2 times: Sep 9 12:00, Sep 10 9:00  [rule each-unit-once: every unit meets exactly once]",
        "彰北街道办事处 has no meeting time  [rule each-unit-once: every unit meets exactly once]",
        "区税务局 is at Sep 9 12:00, outside the meeting days and hours "
        "(Sep 8, Sep 9, Sep 10 8:00, 9:00, 10:00, 11:00, 15:00, 16:00, 17:00, 18:00)"
        "  [rule within-window: meetings only on the listed days and hours]",
        "北关区规划技术服务中心, 区发改委 share 区政府420房间 at Sep 8 9:00 but are not in one parallel group"
        "  [rule allowed-sharing: only units of one parallel group share a room and hour]",
        # 区税务局's time in the hours counts too, though it is listed twice
        "灯塔路街道办事处 (镇办) is at Sep 8 10:00, not after 16 units that must come first "
        "(the latest: 区税务局 (部门) at Sep 10 9:00)"
        "  [rule category-order: categories meet in the order the rules list them]",
    ]
    chinese = run("validate", str(table))
    assert chinese.exit_code == 1
    assert (
        chinese.output.splitlines()[2]
        == "彰北街道办事处 没有安排对接时间  [规则 each-unit-once: 每个单位安排且只安排一次]"
    )


def test_solve_prints_an_aligned_timetable_and_summary(notice):
    result = run("solve")
    assert result.exit_code == 0
    assert result.stderr.startswith("未指定表格，使用内置的 2021 年示例：")
    lines = result.stdout.splitlines()
    table = lines[: lines.index("")]
    assert len(table) == 2 + 29
    unit_column = wcswidth(table[0][: table[0].index("单位")])
    category_column = wcswidth(table[0][: table[0].index("类别")])
    for line, unit in zip(table[2:], notice.problem.units, strict=True):
        assert wcswidth(line[: line.index(unit.name)]) == unit_column, line
        assert wcswidth(line[: line.rindex(unit.category)]) == category_column, line
    assert "状态：最优（已证明）" in result.output
    assert "使用时段：23 个；最后一场：9月10日 17:00" in result.output


def test_solve_writes_an_output_folder_that_validates(tmp_path, example):
    out = tmp_path / "out"
    result = run("solve", str(example / NOTICE.name), "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Status: optimal (proven)" in result.output
    text = (out / "timetable.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    assert text.decode("utf-8-sig").splitlines()[1] == "1,2021-09-08 08:00,区自然资源局,,部门,"
    assert run("validate", str(out / "timetable.csv")).exit_code == 0


def test_stable_returns_the_published_times(tmp_path):
    out = tmp_path / "out"
    assert run("solve", "--objective", "stable", "--out", str(out)).exit_code == 0
    published = [r.split(",")[2] for r in NOTICE.read_text(encoding="utf-8").splitlines()[1:]]
    written = [r.split(",")[2] for r in (out / "timetable.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert written == published


def test_stable_says_who_moved_from_when_to_when(tmp_path):
    """``solve --objective stable`` said only 改了时间的单位：2 个; it shows the moves as ``reschedule`` does."""
    table = copy_notice(tmp_path)
    with (tmp_path / "plan.toml").open("a", encoding="utf-8") as rules:
        rules.write('\n[[unavailable]]\nunit = "区财政局"\ntimes = "9月8日 11:00"\n')
    result = run("solve", str(table), "--objective", "stable", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("Units moved (2):")
    assert [line.split() for line in lines[at + 1 : at + 5]] == [
        ["Unit", "Was", "Now"],
        ["--------", "-----------", "-----------"],
        ["区发改委", "Sep", "8", "10:00", "Sep", "8", "11:00"],
        ["区财政局", "Sep", "8", "11:00", "Sep", "8", "10:00"],
    ]
    assert lines[at + 5] == "Total displacement: 2 slots (the slots between each unit's old and new time, summed)"
    assert "Units given another time: 2" in lines


def test_infeasible_solve_names_the_conflict_and_writes_nothing(tmp_path):
    table = copy_notice(tmp_path)
    rules = tmp_path / "plan.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8")
        + '\n[[pins]]\nunit = "红旗路街道办事处"\ntime = "9月9日 8:00"\n'
        + '\n[[unavailable]]\nunit = "区财政局"\ntimes = ["9月8日", "9月9日 8:00-11:00"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "No timetable satisfies the rules, because:"  # then sentences, then the list
    named = " ".join(lines[1:])
    for rule in ("category-order", "unavailable", "pinned"):
        assert f"[{rule}:" in named
    assert "区财政局" in named and "红旗路街道办事处" in named and "Sep 9 8:00" in named
    assert not out.exists()


BAD_TABLES = [
    # (rows, expected one-line error): each row breaks one thing
    (
        ["1,9月8日 8:00,区自然资源局,,部门,", "2,9月8日 9:00,区自然资源局,,部门,"],
        "plan.csv, row 3, column 单位: unit 区自然资源局 is listed twice (first in row 2)",
    ),
    (
        ["1,9月32日 8:00,区自然资源局,,部门,"],
        "plan.csv, row 2, column 时间: cannot read the time '9月32日 8:00'"
        " (e.g. Sep 8 8:00, 8 Sep 2:30 PM or 2021-09-08 08:00)",
    ),
    (
        ["1,9月11日 8:00,区自然资源局,,部门,"],
        "plan.csv, row 2, column 时间: Sep 11 8:00 is not one of the meeting days and hours"
        " (solve plans the times anew: clear the Time column)",
    ),
    (
        ["1,9月8日 8:00,区自然资源局,,科室,"],
        "plan.csv, row 2, column 类别: category '科室' is not in the rules' category order (部门, 镇办)",
    ),
    (
        ["1,9月8日 8:00,区自然资源局,,部门,"],  # the rules link a unit that is not in the table
        "plan.toml, line 25, key links[1].then: there is no unit '北关区规划技术服务中心' in the table",
    ),
]


def test_a_bug_is_one_line_with_exit_70_and_writes_nothing(tmp_path, monkeypatch):
    """An internal check that fails (library QA report 9: the greedy's ``AssertionError``
    printed 64 lines of traceback and exit 1) is told in one line naming it, exit 70."""
    import scheduler.solver.pipeline as pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("a unit could not go back to the slot it just left")

    monkeypatch.setattr(pipeline, "solve", broken)
    table = copy_notice(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 70
    assert result.output.splitlines() == [
        "internal error (AssertionError: a unit could not go back to the slot it just left): "
        "a bug in this program; please report it with the command and its files"
    ]
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize(("rows", "expected"), BAD_TABLES)
def test_bad_input_is_one_line_with_exit_2(tmp_path, rows, expected):
    table = copy_notice(tmp_path, rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(table), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output == f"{tmp_path / expected}\n"
    assert not out.exists()


def test_missing_file_and_missing_column(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "none.csv"), "--lang", "en"])
    assert (result.exit_code, result.output) == (2, f"{tmp_path / 'none.csv'}: file not found\n")
    table = tmp_path / "plan.csv"
    table.write_text("序号,时间,名称\n1,9月8日 8:00,区自然资源局\n", encoding="utf-8")
    shutil.copy(RULES, tmp_path / "plan.toml")
    result = CliRunner().invoke(main, ["validate", str(table), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.startswith(f"{table}, row 1, column Unit: this column is missing")


def test_time_notations_all_read_the_same(tmp_path, notice):
    forms = ["{m}月{d}日{h}:00", "{y}-{m:02d}-{d:02d} {h:02d}:00", "{y}/{m}/{d} {h}:00", "{m} 月 {d} 日 {h}:00"]
    rows = []
    for i, (unit, meeting) in enumerate(zip(notice.problem.units, notice.timetable.meetings, strict=True)):
        start = meeting.start
        text = forms[i % 4].format(y=start.year, m=start.month, d=start.day, h=start.hour)
        rows.append(f"{i + 1},{text},{unit.name},,{unit.category},{unit.group}")
    table = copy_notice(tmp_path, rows)
    assert run("validate", str(table)).exit_code == 0


def test_rules_default_to_the_toml_beside_the_table(tmp_path):
    folder = tmp_path / "copied"
    shutil.copytree(ROOT / "examples", folder)
    assert run("validate", str(folder / "notice_2021.csv")).exit_code == 0
    (folder / "notice_2021.toml").unlink()
    result = CliRunner().invoke(main, ["validate", str(folder / "notice_2021.csv"), "--lang", "en"])
    assert result.exit_code == 2
    assert "rules file not found" in result.output


def test_help_and_console_entry_points():
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--help"], capture_output=True, text=True, check=True)
    assert "solve" in out.stdout and "validate" in out.stdout
    script = Path(sys.executable).parent / "docking-scheduler"
    if not script.exists():
        pytest.skip("the console script is not installed in this environment")
    out = subprocess.run([str(script), "validate", str(NOTICE)], capture_output=True, text=True)
    assert out.returncode == 0 and "满足全部规则" in out.stdout


_TORN_DOWN = """
import atexit, json, os, runpy, sys

class Kept:
    def __del__(self, write=os.write):
        write(2, b"torn down\\n")

json.kept = Kept()  # freed when the modules are taken apart at exit
atexit.register(lambda: print("exit handlers ran", file=sys.stderr))
sys.argv = ["cli.py", *sys.argv[1:]]
runpy.run_path("cli.py", run_name="__main__")
"""


@pytest.mark.parametrize(("args", "code"), [(["validate", str(NOTICE)], 0), (["validate", "missing.csv"], 2)])
def test_the_command_ends_its_process_without_taking_the_interpreter_apart(args, code):
    """Freeing a 5,000-unit table's millions of objects one by one took 0.1-0.3 s after the command's
    last line (issue 16): the process ends with its code once the exit handlers ran and the streams
    are flushed, and nothing is torn down."""
    done = subprocess.run([sys.executable, "-c", _TORN_DOWN, *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == code, done.stderr
    assert "exit handlers ran" in done.stderr and "torn down" not in done.stderr
    assert ("满足全部规则" in done.stdout) if code == 0 else ("missing.csv" in done.stderr)


@pytest.mark.parametrize("command", ["solve", "validate", "explain", "reschedule", "ics", "send", "replies"])
def test_ctrl_c_in_any_command_is_one_line_and_exit_130(command, monkeypatch, example, tmp_path):
    """QA: Ctrl-C while a command loaded or planned reached click ("已中止。", exit 1); docs/cli.md
    promises 130 for an interrupted command."""

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(main.commands[command], "callback", interrupted)
    options = ["--out", str(tmp_path / "never-written")] if command == "ics" else []
    result = CliRunner().invoke(main, [command, str(example / NOTICE.name), *options])
    assert result.exit_code == 130, result.output
    assert result.output == "已中断：重新运行同一命令即可\n"


@pytest.mark.parametrize(
    "command",
    [
        ["solve", str(NOTICE), "--time-limit", "5"],
        ["reschedule", str(NOTICE), "--unavailable", "区财政局@9月8日 11:00", "--time-limit", "5"],
    ],
)
def test_a_closed_stdout_still_writes_the_out_folder(tmp_path, command):
    """QA (newcomer #1): ``solve ... --out DIR | head -1`` ended with exit 1, no word and no DIR: the
    table printed before the files are written met a closed pipe (BrokenPipeError). The reader is
    gone before the command writes anything here (a pipe whose read end is closed)."""
    out = tmp_path / "out"
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), *command, "--out", str(out)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert without_late_line(done.stderr) == ""  # (a loaded machine may make the 5 s limit late: said)
    assert (out / "timetable.csv").is_file() and (out / "timetable.toml").is_file()


def test_only_the_late_line_is_left_out_of_a_commands_stderr():
    """The helper above leaves out the line a loaded machine makes a command say, in either language,
    and nothing else (a BrokenPipeError's words are kept)."""
    from scheduler.text.messages import Message

    late = [Message("limit.late", needed="8.9", late="40.2").text(lang) + "\n" for lang in ("zh", "en")]
    other = "BrokenPipeError: [Errno 32] Broken pipe\n"
    assert without_late_line(late[0] + other + late[1]) == other
    assert without_late_line(late[0].replace("40.2", "40.2 秒，还有别的")) != ""


def test_a_missing_contacts_table_names_the_rules_file_and_its_key(tmp_path):
    """QA (newcomer #4): the table and its rules copied without contacts_2021.csv: ``solve --out`` said
    only "contacts_2021.csv: 找不到文件", not that the rules file names it under [invites] contacts.
    ``validate`` does not read [invites] (docs/cli.md): it still passes."""
    table = copy_notice(tmp_path)
    (tmp_path / "contacts_2021.csv").unlink()
    rules = tmp_path / "plan.toml"
    line = next(
        n for n, text in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("contacts")
    )
    result = run("solve", str(table), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    missing = tmp_path / "contacts_2021.csv"
    way = '：请把联系人表复制到规则文件旁，并把这一行改为 contacts = "contacts_2021.csv"'
    way += "（send 也可用 --contacts 指定联系人表）"
    assert result.output == f"{rules}, 第 {line} 行, 键“invites.contacts”: 找不到联系人表 {missing}{way}\n"
    assert not (tmp_path / "out").exists()
    english = run("ics", str(table), "--out", str(tmp_path / "invites"), "--lang", "en")
    way = ': copy the contacts table beside the rules file and change this line to contacts = "contacts_2021.csv"'
    said = f"{rules}, line {line}, key invites.contacts: contacts table not found: {missing}{way}"
    assert english.output == said + " (send also takes --contacts)\n"
    assert run("validate", str(table)).exit_code == 0


def test_unavailable_star_closes_a_time_for_every_unit_as_the_rules_files_star_does(tmp_path, example):
    """Leftovers 4: ``[[unavailable]]`` takes ``unit = "*"`` (every unit: a closed time), ``--unavailable`` took
    only a unit's name. ``*@TIME`` (or ``全部@TIME``) closes the time for every unit, as the rules file's entry
    would, and the rules written say it once; ``--only`` takes it too."""
    import tomllib
    from datetime import datetime

    from scheduler import load
    from scheduler.files.changes import parse_changes

    out = tmp_path / "out"
    result = run(
        "reschedule",
        str(example / NOTICE.name),
        "--unavailable",
        "*@9月8日 8:00",
        "--time-limit",
        "10",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    written = tomllib.loads((out / "timetable.toml").read_text(encoding="utf-8"))["unavailable"]
    assert written[-1] == {"unit": "*", "times": ["9月8日 8:00"]} and len(written) == 1
    loaded = load(out / "timetable.csv")
    assert datetime(2021, 9, 8, 8) not in loaded.timetable.starts().values()
    assert run("validate", str(out / "timetable.csv")).exit_code == 0

    table = copy_notice(tmp_path)
    with (tmp_path / "plan.toml").open("a", encoding="utf-8") as rules:
        rules.write('\n[[unavailable]]\nunit = "*"\ntimes = ["9月8日 8:00"]\n')
    as_rules = {u.unit: u.starts for u in load(table).problem.unavailable}
    notice = load(NOTICE)
    for said in ("*@9月8日 8:00", "全部@9月8日 8:00"):
        assert {u.unit: u.starts for u in parse_changes(notice, unavailable=[said]).unavailable} == as_rules
    mornings = parse_changes(notice, only=["*@上午"]).unavailable
    assert len(mornings) == 29 and all(all(s.hour >= 12 for s in u.starts) for u in mornings)


def test_a_timetable_and_its_invites_are_printed_a_listing_at_a_time(monkeypatch, tmp_path, example):
    """The timetable's lines, and the changed invites' table, go out as one text each: one
    ``click.echo`` a line flushed the stream and asked whether it was a terminal every time (20,000
    system calls at 5,000 units with invites, issue 16). The text itself is unchanged (the tests above)."""
    import click

    echoed: list[str] = []
    real = click.echo

    def counted(message: object = None, *args: object, **kwargs: object) -> None:
        echoed.append(str(message))
        real(message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(click, "echo", counted)
    result = CliRunner().invoke(
        main, ["solve", str(example / NOTICE.name), "--out", str(tmp_path / "out"), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    units = 29
    assert result.output.count("REQUEST SEQUENCE 0") == units  # every invite listed
    assert len(echoed) < units  # (a line at a time: more than twice as many)


def test_a_moved_folder_whose_contacts_path_climbs_out_says_where_it_looked_and_how_to_go_on(tmp_path):
    """QA qaupgrade17 F6: an 11-30 build wrote ``contacts = "../../../../x/contacts_2021.csv"``; the folder
    moved, the line showed ``u/../../../../x/…`` and not how to go on."""
    (tmp_path / "a" / "b" / "u").mkdir(parents=True)
    table = copy_notice(tmp_path / "a" / "b" / "u")
    rules = tmp_path / "a" / "b" / "u" / "plan.toml"
    (tmp_path / "a" / "b" / "u" / "contacts_2021.csv").unlink()
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace('contacts = "contacts_2021.csv"', 'contacts = "../../../gone/contacts_2021.csv"'), encoding="utf-8"
    )
    result = run("ics", str(table), "--out", str(tmp_path / "invites"))
    assert result.exit_code == 2
    assert f"找不到联系人表 {tmp_path / 'gone' / 'contacts_2021.csv'}：" in result.output
    assert 'contacts = "contacts_2021.csv"' in result.output and "/../" not in result.output.split("找不到")[1]


def test_a_missing_contacts_table_written_as_a_windows_path_is_told_its_bare_name(tmp_path):
    """QA qarules20 F8: on Linux the way on repeated the whole Windows path, in the double-quoted backslash form
    the docs refuse; the bare name is what to write once the table is copied beside the rules."""
    table = copy_notice(tmp_path)
    (tmp_path / "contacts_2021.csv").unlink()
    rules = tmp_path / "plan.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace('contacts = "contacts_2021.csv"', r"contacts = 'C:\nowhere\contacts_2021.csv'"))
    result = run("solve", str(table), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert '并把这一行改为 contacts = "contacts_2021.csv"' in result.output, result.output
