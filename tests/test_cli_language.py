"""The command line speaks Chinese by default, English on request, everywhere: help, usage errors, messages."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scheduler.cli.language import CLICK_MODULES
from scheduler.cli.main import main
from scheduler.text.catalog.cli import CLICK_NOT_SHOWN, CLICK_ZH
from tests.conftest import NOTICE, ROOT

COMMANDS = ("example", "solve", "validate", "explain", "reschedule", "ics", "send", "replies")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env or {"DOCKING_LANG": ""})


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_chinese_by_default_and_english_on_request(command):
    args = [command] if command else []
    chinese = run(*args, "--help")
    assert chinese.exit_code == 0
    assert chinese.output.startswith("用法：")
    assert "选项：" in chinese.output and "显示本帮助并退出。" in chinese.output
    assert "Usage" not in chinese.output and "Show this message" not in chinese.output
    # every option's help is Chinese (a sentence left in English would show here)
    for line in chinese.output.splitlines():
        if line.startswith("  -"):
            assert has_chinese(line) or (line.strip().startswith("--") and "  " not in line.strip()), line
    for english in (run(*args, "--help", "--lang", "en"), run(*args, "--help", env={"DOCKING_LANG": "en"})):
        assert english.exit_code == 0
        assert english.output.startswith("Usage: ")
        assert "Options:" in english.output and "Show this message and exit." in english.output
        assert "用法" not in english.output and "选项" not in english.output


def test_lang_sits_on_the_group_and_is_still_accepted_after_a_command():
    before = run("--lang", "en", "validate", str(NOTICE))
    after = run("validate", str(NOTICE), "--lang", "en")
    assert before.exit_code == after.exit_code == 0
    assert before.output == after.output == "The timetable satisfies every rule (29 units, 23 slots)\n"
    assert run("validate", str(NOTICE)).output == "时间表满足全部规则（29 个单位，23 个时段）\n"
    assert run("--lang", "en", "validate", str(NOTICE), "--lang", "zh").output.startswith("时间表")
    assert run("--lang=en", "validate", str(NOTICE)).output.startswith("The timetable")
    assert run("validate", str(NOTICE), env={"DOCKING_LANG": "en_US.UTF-8"}).output.startswith("The timetable")
    assert run("validate", str(NOTICE), "--lang", "zh", env={"DOCKING_LANG": "en"}).output.startswith("时间表")


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["validate"], "错误：缺少参数 '表格'。", "Error: Missing argument 'TABLE'."),
        (["solve", "--bogus"], "错误：没有选项 '--bogus'", "Error: No such option '--bogus'"),
        (
            ["solve", "--objective", "fast"],
            "不是可选值（'compact', 'stable'）之一",
            "is not one of 'compact', 'stable'",
        ),
        (["solve", "--time-limit", "abc"], "'abc' 不是有效的数", "'abc' is not a valid number"),
        (["solve", "--time-limit", "0"], "不在范围", "is not in the range"),
        # QA (newcomer #2): NaN passed click's range check (every comparison with NaN is false)
        (["solve", "--time-limit", "nan"], "的值无效：nan 不是数", "'--time-limit': nan is not a number"),
        # QA (newcomer #3): inf was accepted and, turned into a budget, stopped the search in under a second
        (["solve", "--time-limit", "inf"], "的值无效：inf 不是有限的秒数", "'--time-limit': inf is not a finite"),
        (["solve", "--out"], "选项 '--out' 需要一个值", "Option '--out' requires an argument"),
        (["send", "t.csv", "--smtp-port", "x"], "'x' 不是有效的整数", "'x' is not a valid integer"),
        (["frobnicate"], "没有命令 'frobnicate'", "No such command 'frobnicate'"),
        (["validate", "a.csv", "b.csv"], "多余的参数（b.csv）", "Got unexpected extra argument (b.csv)"),
    ],
)
def test_usage_errors_in_both_languages(args, zh, en):
    chinese = run(*args)
    assert chinese.exit_code == 2
    assert zh in chinese.output, chinese.output
    assert "Usage" not in chinese.output and "Error" not in chinese.output and "Try" not in chinese.output
    # docsaudit #16: click ends some sentences with its own "." (错误：缺少参数 '表格'.), others with 。
    assert not [line for line in chinese.output.splitlines() if re.search(r"[^A-Za-z0-9]\.( |$)", line)]
    english = run(*args, env={"DOCKING_LANG": "en"})
    assert english.exit_code == 2
    assert en in english.output, english.output
    assert not has_chinese(english.output.replace("表格", "")), english.output


@pytest.mark.parametrize(
    ("args", "env", "source"),
    [
        (["--lang", "fr", "validate", str(NOTICE)], {"DOCKING_LANG": ""}, "--lang"),
        (["validate", str(NOTICE), "--lang", "klingon"], {"DOCKING_LANG": ""}, "--lang"),
        (["validate", str(NOTICE)], {"DOCKING_LANG": "fr"}, "DOCKING_LANG"),
        (["--help"], {"DOCKING_LANG": "de_DE.UTF-8"}, "DOCKING_LANG"),
    ],
)
def test_an_unknown_language_says_so_in_both_languages(args, env, source):
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"{source}：未知的语言" in result.output and f"{source}: unknown language" in result.output
    assert "zh" in result.output and "en" in result.output


def test_the_version_option_speaks_the_language_too():
    assert "版本" in run("--version").output
    assert "version" in run("--version", "--lang", "en").output


def test_the_version_names_the_commit_of_a_checkout():
    """QA qaupgrade17 F4: every build said 0.1.0; clerks sharing a folder could not tell which copy is older."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    head = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--abbrev=8", "--format=%h"], capture_output=True, text=True
    )
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    said = run("--version", "--lang", "en").output
    assert f"(commit {head.stdout.strip()} " in said and " UTC" in said, said  # ", its files changed locally)" too


def test_the_commit_is_read_from_another_users_checkout_and_local_changes_are_said(tmp_path, monkeypatch):
    """QA review17b F3: git refused a checkout owned by another user ("dubious ownership", the shared
    drive the commit was added for) and --version said only 0.1.0; a copy with edited files showed the
    clean commit."""
    import subprocess

    from scheduler.cli.main import _commit

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "cli.py").write_text("print('区财政局')\n", encoding="utf-8")
    git("add", "cli.py")
    git("-c", "user.name=办公室", "-c", "user.email=office@example.org", "commit", "-q", "-m", "首次")
    head = subprocess.run(["git", "-C", str(tmp_path), "log", "-1", "--abbrev=8", "--format=%h"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git then treats the checkout as another user's
    said = _commit(tmp_path)
    assert said is not None and said[0].startswith(head + " ") and said[1] is False
    (tmp_path / "cli.py").write_text("print('区自然资源局')\n", encoding="utf-8")
    assert _commit(tmp_path) == (said[0], True)
    (tmp_path / "untracked.txt").write_text("x", encoding="utf-8")  # a file git does not track: not a change
    (tmp_path / "cli.py").write_text("print('区财政局')\n", encoding="utf-8")
    assert _commit(tmp_path) == (said[0], False)


def test_help_lines_fit_the_terminal_with_chinese_text():
    """Chinese characters take two columns: the help is wrapped by display width, not by characters."""
    from wcwidth import wcswidth

    for command in COMMANDS:
        result = CliRunner().invoke(main, [command, "--help"], env={"DOCKING_LANG": ""}, terminal_width=80)
        for line in result.output.splitlines():
            if not line.startswith("    docking-scheduler"):
                assert wcswidth(line) <= 80, line
            assert "_PASSWORD=" not in line, line  # a password typed into the shell line stays in its history
            assert not line.strip().startswith(("。", "，", "、", "）")), line


def _example_lines() -> set[str]:
    """The example command lines of the help's ``\\b`` blocks (indented, kept as written), both languages."""
    from scheduler.text.messages import CATALOG

    lines: set[str] = set()
    for key, texts in CATALOG.items():
        if key.startswith("help."):
            for text in texts:
                for block in text.split("\n\n"):
                    if block.startswith("\b\n"):
                        lines.update(line.strip() for line in block.splitlines()[1:] if line.startswith(" "))
    return lines


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", ["", *COMMANDS, "serve"])
def test_help_rewraps_at_a_narrow_terminal(command, lang):
    """QA (newcomer #6): at COLUMNS=60 the help's later paragraphs were fixed ``\\b`` blocks (62-76
    columns) and an option's ``timetable.csv、.xlsx、.docx、.html、`` one unbreakable word (68). Every
    line fits 60 display columns (a Chinese character takes two), but for the example command lines."""
    from wcwidth import wcswidth

    examples = _example_lines()
    args = [command] if command else []
    env = {**os.environ, "COLUMNS": "60", "DOCKING_LANG": ""}  # as a terminal says it (CliRunner forces 80)
    result = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args, "--help", "--lang", lang], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    too_wide = [line for line in result.stdout.splitlines() if wcswidth(line) > 60 and line.strip() not in examples]
    assert too_wide == []


def _click_sentences() -> set[str]:
    """Every sentence click marks for translation in the modules a user sees."""
    root = Path(click.__file__).parent
    found = set()
    for name in CLICK_MODULES:
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                for arg in node.args[: 2 if node.func.id == "ngettext" else 1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    return found


def _our_click_sentences() -> set[str]:
    """The sentences our own commands pass through click's translation (``exceptions._("...")`` or
    ``click_text("...")``, what click's ``_`` is made to be)."""
    found = set()
    for path in (ROOT / "scheduler" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if (isinstance(func, ast.Attribute) and func.attr == "_") or (
                isinstance(func, ast.Name) and func.id == "click_text"
            ):
                found.update(a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def test_every_sentence_click_prints_has_a_chinese_translation():
    assert "Try {command!r} for help." in _our_click_sentences()  # the scan found main.py's
    sentences = _click_sentences() | _our_click_sentences()
    assert "Usage:" in sentences and "Missing argument" in sentences  # the scan found click's marks
    missing = sorted(s for s in sentences if s not in CLICK_ZH and s not in CLICK_NOT_SHOWN)
    assert missing == []
    fields = re.compile(r"\{[^}]*\}|%\(\w+\)s")
    for english, chinese in CLICK_ZH.items():  # the same placeholders, or formatting would fail at run time
        assert sorted(fields.findall(english)) == sorted(fields.findall(chinese)), english


def test_help_wrapping_keeps_numbers_whole_but_breaks_after_a_list_comma():
    """A line may break after ``MEETING,LENGTH,`` but not inside ``5,000`` or ``9:00,10:00``."""
    from scheduler.cli.localized import wrap

    for number in ("5,000", "9:00,10:00"):
        text = "x" * 20 + " " + number + " " + "y" * 20
        for columns in range(8, 50):
            assert any(number in line for line in wrap(text, columns).splitlines()), (number, columns)
    assert "MEETING," in wrap("MEETING,LENGTH,REQUIRED,OPTIONAL,ROOM", 20).splitlines()[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reschedule_help_shows_no_default_it_does_not_use(lang):
    """docsaudit #6: reschedule's --help said ``[default: utf-8]`` and ``[default: iso]``, but reschedule
    keeps the table's own encoding and time format (cli.md); solve's help shows them, rightly."""
    options = {}
    for command in ("solve", "reschedule"):
        result = CliRunner().invoke(main, [command, "--help", "--lang", lang], terminal_width=200)
        text = " ".join(result.output.split())
        options[command] = {
            name: text.split(f"--{name}", 1)[1].split(" --", 1)[0] for name in ("encoding", "time-format")
        }
    default = "默认" if lang == "zh" else "default"
    assert "utf-8" in options["solve"]["encoding"].split(default)[-1]
    assert "iso" in options["solve"]["time-format"].split(default)[-1]
    for name, shown in options["reschedule"].items():
        assert not re.search(r"\[(default|默认)[:：]", shown), (name, shown)
        assert ("原表" if lang == "zh" else "table's own") in shown, (name, shown)


@pytest.mark.parametrize(
    ("command", "option", "module"), [("send", "--smtp-port", "mail.smtp"), ("replies", "--imap-port", "replies.imap")]
)
def test_the_port_help_gives_every_default_port(command, option, module):
    """docsaudit #10: send's help left out 25 with --insecure-plain, replies' 143 with --insecure-plain."""
    import importlib

    ports = importlib.import_module(f"scheduler.{module}").DEFAULT_PORTS
    result = CliRunner().invoke(main, [command, "--help", "--lang", "en"], terminal_width=200)
    lines = result.output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"  {option} "))
    end = next(i for i in range(first + 1, len(lines)) if lines[i].startswith("  -"))
    said = " ".join(" ".join(lines[first:end]).split()).removeprefix(f"{option} ")
    default, *others = ports.items()
    assert said.startswith(f"PORT Default: {default[1]},"), said
    for security, port in others:
        flag = {"starttls": "--starttls", "ssl": "--ssl", "plain": "--insecure-plain"}[security]
        assert re.search(rf"{port} with [^,.]*{flag}", said), (security, said)
