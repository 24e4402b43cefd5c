"""A unit's further address taken off the contacts (QA qamail18 F1): after ``send --remind`` mailed
that address its reminders, the reminders' journal lines are never read back as invites (no phantom
copies, no "state.json 落后" on every run, one cancellation per address). Over a real SMTP server
(tests/smtp_helpers.py)."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest

from scheduler.mail.journal import SENT, lines
from tests.conftest import edit
from tests.replies_helpers import run

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
SECOND = "区财政局,czj2@example.org,陈某\n"
MAILED = datetime(2021, 9, 6, 8, 0, tzinfo=UTC)
REMINDED = datetime(2021, 9, 7, 2, 0, tzinfo=UTC)  # 9月7日 10:00 in Shanghai: 区财政局 meets 9月8日 11:00
LATER = datetime(2021, 9, 7, 9, 0, tzinfo=UTC)


def _two_people(example: Path) -> None:
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "区财政局,czj@example.org,刘某\n" + SECOND)


def _send(table: Path, server, when: datetime, *args: str):
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"SOURCE_DATE_EPOCH": str(int(when.timestamp())), "DOCKING_NOW": when.isoformat()}
    result = run("send", str(table), *options, *args, env=env)
    assert result.exit_code == 0, result.output
    return result


def _received(server, since: int) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(d, policy=policy.default) for _, _, d in server.recorder.messages[since:]]


def _reminded(example: Path, servers):
    """The 2021 notice with 区财政局 at two addresses: invites mailed, then the reminders of 9月7日 (the
    meeting reminder to both of 区财政局's addresses)."""
    server = servers(tls="starttls")
    _two_people(example)
    table = example / "notice_2021.csv"
    _send(table, server, MAILED)
    assert len(server.recorder.messages) == 30
    _send(table, server, REMINDED, "--remind")
    told = [m["To"].addresses[0].addr_spec for m in _received(server, 30) if "区财政局" in str(m["To"])]
    assert "czj2@example.org" in told, told
    return server, table


def test_a_further_addresss_reminders_are_not_read_back_as_invites(example, servers):
    server, table = _reminded(example, servers)
    env = {"DOCKING_NOW": LATER.isoformat()}
    for _ in range(2):
        again = run("ics", str(table), "--out", str(example / "invites"), env=env)
        assert again.exit_code == 0, again.output
        assert "落后" not in again.output, again.output
    copies = sorted(p.name for p in (example / "invites" / "区财政局").rglob("*"))
    assert copies == ["czj2@example.org.ics"], copies
    edit(example / "contacts_2021.csv", SECOND, "")
    before = len(server.recorder.messages)
    result = _send(table, server, LATER)
    assert "已发送 1，" in result.output, result.output
    (cancel,) = _received(server, before)
    assert cancel["To"].addresses[0].addr_spec == "czj2@example.org"
    assert "已发送 0，" in _send(table, server, LATER).output and len(server.recorder.messages) == before + 1
    cancels = [e for e in lines(example / "mail-journal.jsonl") if e.state == SENT and e.method == "CANCEL"]
    assert len(cancels) == 1, cancels


def test_the_unit_leaving_after_its_further_address_was_reminded_cancels_each_address_once(example, servers):
    server, table = _reminded(example, servers)
    edit(table, "4,9 月 8 日 11:00,区财政局,,部门,\n", "")
    before = len(server.recorder.messages)
    result = _send(table, server, LATER)
    assert "已发送 2，" in result.output, result.output
    to = sorted(m["To"].addresses[0].addr_spec for m in _received(server, before))
    assert to == ["czj2@example.org", "czj@example.org"]
