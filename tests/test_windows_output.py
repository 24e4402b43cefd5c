"""Printing on Chinese Windows: redirected output is GBK with strict errors there (simulated here with
``PYTHONIOENCODING=gbk``); a name GBK lacks is written as an escape, never a crash (docs/cli.md)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.cli.terminal import Neutral
from tests.conftest import ROOT, edit


def test_a_character_the_encoding_lacks_is_written_as_an_escape():
    raw = io.TextIOWrapper(io.BytesIO(), encoding="gbk", errors="strict")
    stream = Neutral(raw)
    assert stream.write("区财政局😀 䶮\n") == len("区财政局😀 䶮\n")
    stream.flush()
    assert raw.buffer.getvalue().decode("gbk") == "区财政局\\U0001f600 \\u4dae\n"  # type: ignore[attr-defined]


def test_solve_redirected_to_a_gbk_file_keeps_its_output(example: Path, tmp_path: Path):
    for name in ("notice_2021.csv", "contacts_2021.csv"):
        edit(example / name, "区财政局", "区财政局😀")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk", "DOCKING_LANG": ""}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "solve", str(example / "notice_2021.csv"), "--out", str(out)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert "区财政局\\U0001f600".encode("gbk") in done.stdout
    assert "区财政局😀" in (out / "timetable.csv").read_text(encoding="utf-8-sig")  # files keep the name as it is


@pytest.mark.parametrize("setting", [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "ascii"}])
def test_an_ascii_only_locale_gets_utf8_not_escapes(setting, tmp_path: Path):
    """env14 finding 11: with an ASCII encoding every message was ``\\uXXXX`` escapes; UTF-8 now."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "PYTHONUTF8", "PYTHONIOENCODING")}
    env.update(setting, PYTHONPATH=str(ROOT), DOCKING_LANG="zh")
    notice = ROOT / "examples" / "notice_2021.csv"
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", str(notice)], capture_output=True, env=env)
    assert done.returncode == 0
    assert done.stdout.decode("utf-8").startswith("时间表满足全部规则")
    missing = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "validate", str(tmp_path / "nope.csv")], capture_output=True, env=env
    )
    assert missing.returncode == 2
    assert "找不到文件" in missing.stderr.decode("utf-8")


@pytest.mark.parametrize("command", [["cli.py"], ["-m", "scheduler"]])
def test_an_ascii_file_system_encoding_writes_chinese_file_names(command, tmp_path: Path):
    """env14: with ``LC_ALL=C PYTHONUTF8=0`` Python's file system encoding is ASCII and ``solve --out``
    stopped as an internal error (exit 70, UnicodeEncodeError) writing the invites' Chinese file names;
    the command now runs in UTF-8 mode, reading a Chinese path given to it as the bytes it was."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "PYTHONUTF8", "PYTHONIOENCODING")}
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONPATH=str(ROOT), DOCKING_LANG="zh")
    folder = tmp_path / "会议"
    folder.mkdir()
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    head = [str(ROOT / command[0])] if command == ["cli.py"] else command
    done = subprocess.run(
        [sys.executable, *head, "solve", str(folder / "meetings_2025.csv"), "--out", str(folder / "结果")],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert (folder / "结果" / "invites" / "政务公开工作推进会" / "王主任.ics").is_file()
    assert "内部错误" not in done.stderr.decode("utf-8")


def test_text_without_unsafe_characters_is_passed_as_it_is_and_every_unsafe_one_is_escaped():
    """The fast path (``str.isprintable`` once tabs and line breaks are set aside) lets through exactly the
    text the pattern finds nothing in: each character the pattern names is still escaped, alone or among
    lines, and every other character below U+3000 is left as it is."""
    import re

    from scheduler.cli import terminal

    for code in range(0x3000):
        char = chr(code)
        unsafe = re.fullmatch(terminal._UNSAFE, char) is not None
        for text in (char, f"第一行\n{char}\t第二行"):
            assert (terminal.neutral(text) != text) is unsafe, hex(code)
            assert (terminal.json_safe(text) != text) is unsafe, hex(code)


@pytest.mark.parametrize(("encoding", "odd"), [("gbk", "讨论𠮷😀"), ("utf-8", "讨论\x9b")])
def test_a_table_is_aligned_as_it_is_written_with_its_escapes(monkeypatch, encoding, odd):
    """QA qawin19 F1: the columns were measured before a cell's escapes (``\\U00020bb7`` for a character GBK
    lacks, ``\\x9b`` for a control character), so every column after it shifted by the escape's length."""
    from scheduler.cli.display import grid, width

    raw = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    monkeypatch.setattr(sys, "stdout", Neutral(raw))
    for line in grid(["会议", "会议室", "人员"], [[odd, "420会议室", "孙科员"], ["培训", "301小会议室", "李科长"]]):
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    lines = raw.buffer.getvalue().decode(encoding).splitlines()  # type: ignore[attr-defined]
    assert "\\" in lines[2]
    starts = [
        width(line[: line.index(name)])
        for line, name in zip(lines, ["人员", "", "孙科员", "李科长"], strict=True)
        if name
    ]
    assert len(set(starts)) == 1, lines


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PEOPLE = "区财政局、区自然资源局、区发改委、柏庄镇政府（可选：孙科员、周工程师）"


def test_a_long_last_column_wraps_within_its_column_on_a_terminal(monkeypatch):
    """QA qawin19 F5: a meeting table's printout was up to 144 columns wide in an 80-column console, every
    long row wrapping onto the next line from its first column. On a terminal the last column now wraps
    within its own column (the other columns keep their width); a file or pipe keeps one row a line."""
    from scheduler.cli.display import grid, width

    header, rows = ["序号", "时间", "会议", "参会人员"], [["1", "7月15日 10:30-12:00", "季度检查培训", PEOPLE]]
    rows.append(["2", "7月15日 15:00-15:45", "检查方案碰头会", "王主任、李科长"])
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert [line for line in grid(header, rows) if PEOPLE in line]  # not a terminal: as it was
    monkeypatch.setattr(sys, "stdout", _Terminal())
    lines = grid(header, rows)
    assert max(width(line) for line in lines) <= 79 and len(lines) > 4
    start = width(lines[0][: lines[0].index("参会人员")])
    (first,) = [n for n, line in enumerate(lines) if line.startswith("1 ")]
    more = [line for line in lines[first + 1 :] if not line[:1].strip()]
    assert more and all(width(line) - width(line.lstrip()) == start for line in more)
    cell = lines[first][len(lines[first]) - len(lines[first].split("  ")[-1]) :]
    assert cell + "".join(line.lstrip() for line in more) == PEOPLE, lines
