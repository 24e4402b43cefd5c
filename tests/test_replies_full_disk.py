"""The replies ledger on a disk that fills up: ``replies`` stops on one line naming the ledger (never a
traceback), the ledger keeps only whole lines, and the mail whose line was lost is read again by the
next run and counts once."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime

import pytest

from scheduler.cli.main import exit_code
from scheduler.errors import InputError
from scheduler.replies.answers import Answer, ReadMail
from scheduler.replies.ledger import Ledger, LedgerWriteError, read_ledger
from scheduler.replies.mime import key_of
from tests import reply_mails as shapes
from tests.replies_helpers import answer, campaign, maildir, run
from tests.safety_helpers import FullDisk

FULL = "the disk is full (no space left)"  # the system's English never shown (QA qabig25 F5)
FULL_ZH = "磁盘已满（没有剩余空间）"


def mail(number: int) -> ReadMail:
    """A mail holding one answer, known by its Message-ID."""
    reply = Answer(
        method="REPLY", uid=f"u-{number}", sequence=0, attendee=f"u{number}@example.org", partstat="ACCEPTED"
    )
    made = ReadMail(
        key="",
        source="test",
        message_id=f"<m{number}@example.org>",
        sender=f"u{number}@example.org",
        answers=(reply,),
    )
    return replace(made, key=key_of(made.message_id, b"", made))


def test_a_line_the_full_disk_cuts_short_is_taken_off_again_and_closing_does_not_raise(tmp_path, monkeypatch):
    """The ledger was a buffered file: the failed flush left half a line in the file and the rest in the
    buffer, and closing the ledger flushed it again and raised a second OSError over the clean error.
    Now the half line is cut off again, nothing more is written in the run, and closing raises nothing."""
    path = tmp_path / "replies-ledger.jsonl"
    disk = FullDisk(path).install(monkeypatch)
    disk.fill_at = 2
    with Ledger(path) as ledger:
        ledger.add(mail(1))
        whole = path.read_bytes()
        with pytest.raises(LedgerWriteError) as caught:
            ledger.add(mail(2))
        assert path.read_bytes() == whole and not ledger.has(mail(2).key)
        disk.free()
        with pytest.raises(LedgerWriteError):
            ledger.seen("imaps://office@mail.example.org:993/INBOX", 1, 42)
        assert path.read_bytes() == whole
    assert caught.value.text("en") == f"{path}: cannot write the replies ledger: {FULL}"
    assert [m.key for m in read_ledger(path).mails] == [mail(1).key]


def test_a_half_line_that_cannot_be_cut_off_is_dropped_at_the_next_open_and_its_mail_read_again(tmp_path, monkeypatch):
    """When even cutting the half line off fails, it is a torn last line: the next run drops it before
    appending, the mail is simply read again, and it is in the ledger once."""
    path = tmp_path / "replies-ledger.jsonl"
    disk = FullDisk(path).install(monkeypatch)
    disk.fill_at = 2

    def refused(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    with Ledger(path) as ledger:
        ledger.add(mail(1))
        whole = path.read_bytes()
        with monkeypatch.context() as patched:
            patched.setattr(os, "ftruncate", refused)
            with pytest.raises(LedgerWriteError):
                ledger.add(mail(2))
    assert path.read_bytes().startswith(whole) and path.read_bytes() != whole  # the torn half
    with Ledger(path) as ledger:  # the disk still full: cutting a tail frees room, it needs none
        assert path.read_bytes() == whole
        assert [m.key for m in ledger.contents.mails] == [mail(1).key]
    disk.free()
    with Ledger(path) as ledger:
        ledger.add(mail(2))
        ledger.add(mail(2))  # read twice (a second copy, another folder): written once
        ledger.add(mail(1))
    assert [m.key for m in read_ledger(path).mails] == [mail(1).key, mail(2).key]
    assert len(path.read_bytes().splitlines()) == 2


def test_a_ledger_the_full_disk_cannot_repair_stops_on_one_line_before_anything_is_read(example, tmp_path, monkeypatch):
    """A whole last line without its newline gets one before the run appends; on a full disk even that
    byte fails: one line naming the ledger, exit 2, the file as it was."""
    table, invites = example / "notice_2021.csv", campaign(example)
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"])))
    path = example / "replies-ledger.jsonl"
    with Ledger(path) as ledger:
        ledger.add(mail(1))
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    before = path.read_bytes()
    FullDisk(path).install(monkeypatch).full = True
    with pytest.raises(InputError) as caught:
        Ledger(path)
    assert exit_code(caught.value) == 74  # a full disk: not bad input (qaint26 F3)
    result = run("replies", str(table), "--maildir", str(box), "--lang", "en")
    assert result.exit_code == 74 and not isinstance(result.exception, OSError)
    assert f"{path}: cannot write the replies ledger: {FULL}" in result.output
    assert "Traceback" not in result.output and path.read_bytes() == before


def standings(output: str) -> list[str]:
    """The lines of the standings table and its counts (what the run concluded, not what it read)."""
    return [line for line in output.splitlines() if line[:1].isdigit() or "未答复" in line]


def test_replies_on_a_full_disk_stops_on_one_line_and_the_next_run_reads_the_lost_mail_again(
    example, tmp_path, monkeypatch
):
    """QA: ``replies`` on a full disk crashed with a traceback (the clean error replaced by the close's
    second OSError), in Chinese whatever --lang said, and left half a line in the ledger. Now: one line
    naming the ledger in the language asked for, the standings of what the ledger holds, exit 1, only
    whole lines in the ledger; the next runs read the mail whose line was lost, and once there is room
    the standings are exactly those of a run on a disk that never filled."""
    table, invites = example / "notice_2021.csv", campaign(example)
    units = list(invites)[:5]
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(answer(invites[units[0]], comment="准时参加")),
        shapes.gmail(answer(invites[units[1]], partstat="DECLINED", comment="当天有全局大会")),
        shapes.thunderbird(answer(invites[units[2]], proposed=datetime(2021, 9, 9, 10, 0), comment="上午不行")),
        shapes.apple(answer(invites[units[3]], partstat="TENTATIVE")),
        shapes.foxmail(answer(invites[units[4]], comment="收到")),
    )
    path = example / "replies-ledger.jsonl"
    disk = FullDisk(path).install(monkeypatch)
    disk.fill_at = 3

    first = run("replies", str(table), "--maildir", str(box), "--lang", "en")
    assert first.exit_code == 1 and isinstance(first.exception, SystemExit), first.output
    stop = f"{path}: cannot write the replies ledger: {FULL}; reading stopped: the answers read before are kept"
    assert stop in first.output and "make room (or fix the disk)" in first.output
    assert "Traceback" not in first.output and "无法写入" not in first.output
    assert "5 examined" not in first.output and "2 new calendar mails" in first.output
    assert "(29 units)" in first.output and f"Replies ledger: {path}" in first.output
    kept = path.read_bytes()
    assert kept.endswith(b"\n") and [json.loads(line)["kind"] for line in kept.splitlines()] == ["mail", "mail"]

    second = run("replies", str(table), "--maildir", str(box))  # still full: nothing more written
    assert second.exit_code == 1 and isinstance(second.exception, SystemExit), second.output
    assert f"{path}: 无法写入答复记录：{FULL_ZH}；读取中断：此前读到的答复已保存，腾出空间" in second.output
    assert "新的日历答复邮件 0 封，此前已读 2 封" in second.output and path.read_bytes() == kept

    disk.free()
    third = run("replies", str(table), "--maildir", str(box))
    assert third.exit_code == 0, third.output
    assert "检查 5 封邮件，新的日历答复邮件 3 封，此前已读 2 封" in third.output
    keys = [m.key for m in read_ledger(path).mails]
    assert len(keys) == 5 == len(path.read_bytes().splitlines())
    clean = run("replies", str(table), "--maildir", str(box), "--ledger", str(tmp_path / "clean.jsonl"))
    assert clean.exit_code == 0 and "新的日历答复邮件 5 封" in clean.output
    assert "接受 2，拒绝 1，暂定 1，提议新时间 1，未答复 24（共 29 个单位）" in third.stdout
    assert standings(third.stdout) == standings(clean.stdout) and len(standings(third.stdout)) == 30
    again = run("replies", str(table), "--maildir", str(box))
    assert "新的日历答复邮件 0 封，此前已读 5 封" in again.output
    assert standings(again.stdout) == standings(clean.stdout) and path.read_bytes().count(b"\n") == 5
