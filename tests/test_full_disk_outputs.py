"""A full disk while a command writes its outputs: one line saying that nothing was changed and what to
do, and its own exit code (QA qaint26 F3: `…/camp: 无法写入输出：磁盘已满（没有剩余空间）`, exit 2, the code
for bad input, with no word of the folder being intact or of making room)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import NO_SPACE_EXIT, exit_code, main
from scheduler.errors import InputError
from scheduler.files import atomic
from scheduler.text.messages import Message
from tests.formats_helpers import NOTICE

EXAMPLES = NOTICE.parent


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EDQUOT], ids=["disk", "quota"])
def test_reschedule_out_on_a_full_disk_says_nothing_changed_and_exits_74(tmp_path, monkeypatch, number):
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = tmp_path / "out"
    assert run("solve", tmp_path / "notice_2021.csv", "--out", out).exit_code == 0
    before = _snapshot(out)
    real = atomic._write_all
    written = {"n": 0}

    def full(handle: int, data: bytes) -> None:  # the disk fills up a few files into the write
        written["n"] += 1
        if written["n"] > 5:
            raise OSError(number, os.strerror(number))
        real(handle, data)

    monkeypatch.setattr(atomic, "_write_all", full)
    result = run("reschedule", out / "timetable.csv", "--unavailable", "区财政局@9月8日", "--out", out)
    assert result.exit_code == NO_SPACE_EXIT == 74, result.output
    (line,) = [x for x in result.stderr.splitlines() if "无法写入输出" in x]
    assert line.endswith("；文件夹里的文件一个也没有改动（仍是运行前的样子）：腾出空间（或修好磁盘）后重新运行同一命令")
    assert "Traceback" not in result.output
    assert _snapshot(out) == before


def test_a_full_disk_is_told_by_its_reason_even_from_a_worker_process():
    """The exit code is decided by the reason the error says, which a forked worker's error carries
    (an exception's cause does not cross processes); any other write failure keeps its 2."""
    import pickle

    full = InputError(Message("output.write", reason=Message("os.reason.disk_full")), "out")
    assert exit_code(pickle.loads(pickle.dumps(full))) == 74
    denied = InputError(Message("output.write", reason=Message("os.reason.no_permission")), "out")
    assert exit_code(denied) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_after_the_mail_went_out_a_full_disk_is_not_said_as_nothing_changed(monkeypatch, capsys, lang):
    """``send`` mailed, then the tables beside could not be brought in step for a full disk: the warning says
    the invites were sent and the disk's reason, not the full disk's own line (nothing in the folder changed,
    run the same command again), which would be untrue there: the journal and the state were written."""
    from scheduler.cli import mail, replies

    def full(*_: object, **__: object) -> None:
        said = Message("output.no_space", reason=Message("os.reason.disk_full"))
        raise InputError(said, "camp/timetable.csv")

    monkeypatch.setattr(replies, "bring_copies_in_step", full)
    mail._bring_copies_in_step("camp/timetable.csv", None, None, lang)
    err = capsys.readouterr().err
    assert ("邀请已寄出" if lang == "zh" else "the invites were sent") in err
    assert ("磁盘已满" if lang == "zh" else "the disk is full") in err
    assert ("没有改动" if lang == "zh" else "nothing in the folder was changed") not in err
    assert ("重新运行同一命令" if lang == "zh" else "run the same command again") not in err
