"""The order of a unit's addresses does not decide who is mailed (review17 finding 1): the unit's own
invite stays with the address that already holds it, so swapping two rows, swapping two addresses in one
cell, or adding a person above the one already mailed sends nothing to those who hold the invite; the new
address gets a copy of its own. Mailed over a real SMTP server (tests/smtp_helpers.py)."""

from __future__ import annotations

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.conftest import edit
from tests.test_unit_addresses import EPOCH, _calendar, _two_people, send


def _to(server, since: int) -> list[tuple[str, str]]:
    return [(m["To"], m["Subject"]) for m in server.recorder.parsed()[since:]]


def _sent_then_edited(example, server, old: str, new: str):  # type: ignore[no-untyped-def]
    """``send``, the contacts' ``old`` text edited to ``new``, ``send`` again: its result and what it mailed."""
    table = example / "notice_2021.csv"
    send(table, server)
    before = len(server.recorder.messages)
    edit(example / "contacts_2021.csv", old, new)
    result = send(table, server)
    return result, _to(server, before)


def test_swapping_two_rows_of_a_unit_mails_nobody(example, servers):
    server = servers(tls=None)
    _two_people(example)
    result, mails = _sent_then_edited(
        example,
        server,
        "区财政局,czj@example.org,刘某\n区财政局,czj2@example.org,陈某\n",
        "区财政局,czj2@example.org,陈某\n区财政局,czj@example.org,刘某\n",
    )
    assert mails == [] and "已发送 0" in result.output, result.output
    assert "邮箱改为" not in result.output
    assert b"mailto:czj@example.org" in (example / "invites" / "区财政局.ics").read_bytes()


def test_swapping_two_addresses_in_one_cell_mails_nobody(example, servers):
    server = servers(tls=None)
    cell = "区财政局,czj@example.org、czj2@example.org,刘某、陈某\n"
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", cell)
    result, mails = _sent_then_edited(example, server, cell, "区财政局,czj2@example.org、czj@example.org,陈某、刘某\n")
    assert mails == [] and "已发送 0" in result.output, result.output


def test_a_person_added_above_the_one_mailed_gets_a_copy_and_nobody_else_is_mailed(example, servers):
    server = servers(tls=None)
    result, mails = _sent_then_edited(
        example,
        server,
        "区民政局,mzj@example.org,徐某\n",
        "区民政局,czj@example.org,刘某\n区民政局,mzj@example.org,徐某\n",
    )
    assert [to for to, _ in mails] == ["区民政局 <czj@example.org>"], result.output
    assert mails[0][1].startswith("邀请") and "邮箱改为" not in result.output
    assert b"mailto:mzj@example.org" in (example / "invites" / "区民政局.ics").read_bytes()
    assert (example / "invites" / "区民政局" / "czj@example.org.ics").exists()
    assert "已发送 0" in send(example / "notice_2021.csv", server).output


def test_the_first_taken_off_then_written_back_first_is_invited_and_nobody_else_mailed(example, servers):
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    send(table, server)
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "")
    send(table, server)  # czj: a cancellation; czj2: the unit's own invite
    before = len(server.recorder.messages)
    edit(example / "contacts_2021.csv", SECOND, "区财政局,czj@example.org,刘某\n" + SECOND)
    result = send(table, server)
    mails = _to(server, before)
    assert [to for to, _ in mails] == ["区财政局 <czj@example.org>"], result.output
    assert "落后于" not in result.output, result.output
    # a REQUEST after the cancellation it had (worded as any re-invitation after a CANCEL: "已更新")
    assert b"METHOD:REQUEST" in _calendar(server.recorder.parsed()[before])
    assert b"mailto:czj2@example.org" in (example / "invites" / "区财政局.ics").read_bytes()
    assert "已发送 0" in send(table, server).output


SECOND = "区财政局,czj2@example.org,陈某\n"


def test_the_unit_leaving_after_its_first_address_was_taken_off_cancels_once(example, servers):
    """Found fixing review17 finding 1: after the first address was taken off (the second, mailed a copy
    before, now holding the unit's invite), every export said "state.json 落后于…已重建" (the journal's
    old copy line was taken for a lost record), and when the unit then left the table its remaining
    person got two cancellations, the unit's and the old copy's."""
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    send(table, server)
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "")
    send(table, server)
    before = len(server.recorder.messages)
    again = send(table, server)
    assert "落后于" not in again.output and "已发送 0" in again.output, again.output
    edit(table, "4,9 月 8 日 11:00,区财政局,,部门,\n", "")
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    left = CliRunner().invoke(main, ["send", str(table), *options], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert left.exit_code == 0 and "落后于" not in left.output, left.output
    mails = _to(server, before)
    assert [to for to, _ in mails] == ["区财政局 <czj2@example.org>"], left.output
    assert mails[0][1].startswith("已取消")
