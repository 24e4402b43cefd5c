"""Two answers whose written order and arrival order disagree (QA qaimap26 F2): an office PC whose clock is a
day behind, or an outbox that sent a decline a day late, leave the same data; the answer written last
still counts (docs/mail.md, "Which answer is the last"), and the row says the order is unclear and to
confirm by phone. On a real Dovecot, the arrival being its INTERNALDATE."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.replies_helpers import answer, campaign, row, run


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    if shutil.which(DOVECOT) is None:
        pytest.skip("dovecot-imapd is not installed")
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"))
    yield server
    server.stop()


def replies(server, table, folder, *args):
    options = ["--imap-host", "127.0.0.1", "--imap-port", str(server.imaps_port), "--user", USER]
    env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
    return run("replies", str(table), *options, "--cafile", str(server.cafile), "--folder", folder, *args, env=env)


def at(day, hour, minute=0):
    return datetime(2021, 9, day, hour, minute, tzinfo=UTC)


# (first answer: state, written, arrived), (second answer: state, written, arrived), unclear?
CASES = {
    # a phone accepts; an hour later a PC whose clock is 14 hours behind declines
    "clock-behind": (("ACCEPTED", at(7, 2), at(7, 2)), ("DECLINED", at(6, 12), at(7, 3)), True),
    # an outbox sends a decline written before the accept a day late
    "late-outbox": (("ACCEPTED", at(7, 3), at(7, 3)), ("DECLINED", at(7, 2), at(8, 6)), True),
    # the orders agree: accepted, then declined
    "agree": (("ACCEPTED", at(7, 2), at(7, 2)), ("DECLINED", at(7, 3), at(7, 3)), False),
    # a few minutes of a server's queue: not said
    "queue": (("ACCEPTED", at(7, 2, 5), at(7, 2, 6)), ("DECLINED", at(7, 2), at(7, 2, 9)), False),
    # the same answer twice: nothing to ask
    "same": (("ACCEPTED", at(7, 3), at(7, 3)), ("ACCEPTED", at(7, 2), at(8, 6)), False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_answers_whose_written_and_arrival_orders_disagree_are_said_on_the_row(dovecot, example, case):
    table, invites = example / "notice_2021.csv", campaign(example)
    first, second, unclear = CASES[case]
    folder = f"答复-order-{case}"
    for state, written, arrived in (first, second):
        mail = shapes.outlook(answer(invites["解放路街道办事处"], partstat=state, stamp=written))
        dovecot.deliver(mail, folder=folder, at=arrived)
    result = replies(dovecot, table, folder)
    assert result.exit_code == 0, result.output
    line = row(result.output, "解放路街道办事处")
    newest = max((first, second), key=lambda answer_: answer_[1])  # the one written last counts
    assert {"ACCEPTED": "接受", "DECLINED": "拒绝"}[newest[0]] in line.split()[4], line
    if unclear:
        late = "拒绝"
        assert "两封答复先后不明：9月" in line and f"收到“{late}”" in line, line
        sheet = run("replies", str(table), "--out", str(example / "out"))
        assert sheet.exit_code == 0, sheet.output
        assert "请电话确认" in (example / "out" / "timetable.csv").read_text(encoding="utf-8-sig")
    else:
        assert "先后不明" not in result.output
