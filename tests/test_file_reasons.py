"""Why a file could not be written, in the run's language (QA qabig25 F5): a full disk, a file past the size
the system allows (``ulimit -f``), no permission, a read-only disk were the C library's English
(``无法写入输出：No space left on device``) inside Chinese sentences."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys

import pytest

from scheduler.files.reasons import file_reason
from scheduler.text.messages import Message, render
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("number", "zh", "en"),
    [
        (errno.ENOSPC, "磁盘已满（没有剩余空间）", "the disk is full (no space left)"),
        (errno.EFBIG, "文件超过了系统允许的大小", "the file is larger than the system allows"),
        (
            errno.EACCES,
            "没有权限（或文件正被其他程序占用）",
            "permission denied (or the file is in use by another program)",
        ),
        (errno.EROFS, "磁盘是只读的", "the disk is read-only"),
        (errno.EDQUOT, "超出了磁盘配额", "the disk quota is used up"),
        (errno.EIO, "磁盘读写出错（输入/输出错误）", "the disk failed to read or write (I/O error)"),
    ],
)
def test_the_errors_an_office_meets_are_worded_in_both_languages(number, zh, en):
    reason = file_reason(OSError(number, os.strerror(number), "out/timetable.csv"))
    assert isinstance(reason, Message)
    said = render(Message("output.write", reason=reason), "zh")
    assert said == f"无法写入输出：{zh}" and os.strerror(number) not in said
    assert render(Message("output.write", reason=reason), "en") == f"cannot write the output: {en}"


def test_a_rarer_error_keeps_the_systems_text():
    assert file_reason(OSError(errno.ELOOP, os.strerror(errno.ELOOP))) == os.strerror(errno.ELOOP)
    assert file_reason(OSError("no errno at all")) == "no errno at all"


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no ulimit -f here")
def test_solve_out_past_ulimit_f_says_so_in_chinese(tmp_path):
    """The tester's ``(ulimit -f 1000; solve … --out)``: one line in Chinese, exit 2, nothing left behind."""

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # bytes: the workbook is larger

    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "solve", str(ROOT / "examples" / "notice_2021.csv"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_files,  # (the child's own limit, set before it runs anything)
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2, done.stderr
    assert "无法写入输出：文件超过了系统允许的大小" in done.stderr and "File too large" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not [path for path in out.rglob("*") if not path.is_dir()]  # no file half-written


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no ulimit -f here")
def test_solve_out_past_ulimit_f_leaves_no_folder(tmp_path):
    """A new output folder whose write failed is not left behind (docs/promises.md: the folders the write
    created are removed). Past ``ulimit -f`` an empty ``out/.invites.XXXXXXXX-PID.tmp`` stayed (and ``out``): the
    children failed, the deadlines' files were staged here into the staging folder this write had made,
    and the write's end tried that folder before the adopted ``deadlines/`` inside it."""
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "solve", str(ROOT / "examples" / "notice_2021.csv"), "--out", str(out)],
        capture_output=True,
        timeout=300,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)),
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert not out.exists(), sorted(path.name for path in out.iterdir())
