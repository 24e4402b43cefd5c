"""Every command that reads the replies ledger waits for a ``replies`` run writing it, as a second ``replies``
and ``send --remind`` do (3 s), then refuses on one line naming who holds it, exit 2, nothing changed: a
ledger read mid-run holds half the answers (``reschedule --from-replies`` would replan from them)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from scheduler.replies.ledger import Ledger
from tests import reply_mails as shapes
from tests.replies_helpers import answer, maildir, run
from tests.test_replies_remind import mailed_on


@pytest.fixture
def campaign(example, tmp_path):
    table = example / "notice_2021.csv"
    invites = mailed_on(example)
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="当天有会")),
        shapes.gmail(answer(invites["区发改委"])),
    )
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    return table


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


READERS = {
    "reschedule --from-replies": lambda table, tmp: ("reschedule", str(table), "--from-replies"),
    "replies without a mailbox": lambda table, tmp: ("replies", str(table)),
    "solve --out": lambda table, tmp: ("solve", str(table), "--out", str(table.parent)),
    "send --dry-run": lambda table, tmp: ("send", str(table), "--dry-run", str(tmp / "eml")),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_ledger_reader_waits_for_a_replies_run_then_refuses_naming_it(campaign, tmp_path, reader):
    table = campaign
    args = READERS[reader](table, tmp_path)
    ledger = table.parent / "replies-ledger.jsonl"
    with Ledger(ledger):  # a replies run under way
        before = snapshot(table.parent)
        started = time.monotonic()
        refused = run(*args)
        waited = time.monotonic() - started
        after = snapshot(table.parent)
    assert refused.exit_code == 2, refused.output
    lines = refused.output.strip().splitlines()
    said = lines[-1]  # after the timetable solve prints (and writes nothing of); alone for the others
    assert said.startswith(f"{ledger}: 另一个 replies 正在读取答复（"), refused.output
    assert "请等它结束后再试（未做任何改动）" in said and "进程" in said, refused.output
    assert len(lines) == 1 or reader == "solve --out", refused.output
    assert waited >= 2.5 and after == before and not (tmp_path / "eml").exists()


def test_a_replies_run_that_ends_meanwhile_is_waited_for(campaign):
    table = campaign
    holder = Ledger(table.parent / "replies-ledger.jsonl")
    threading.Timer(1.0, holder.close).start()  # a run that ends a second later
    result = run("reschedule", str(table), "--from-replies")
    assert result.exit_code == 0, result.output
    assert "区财政局" in result.output, result.output
