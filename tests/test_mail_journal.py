"""The mail journal (durable lines, a torn tail, a damaged line, one run at a time) and the plan it
drives (already sent, interrupted, failed, updates, --only-changed, cancellations, SEQUENCE going back)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest

from scheduler.cli.main import exit_code
from scheduler.errors import InputError
from scheduler.mail import journal as journal_module
from scheduler.mail.journal import FAILED, QUEUED, SENT, Entry, History, Journal, lines, read_history
from scheduler.mail.plan import ALREADY, NEVER_SENT, NO_ADDRESS, NOT_INVITED, SEND, plan
from scheduler.text.messages import Message
from tests.invite_helpers import LATER, by_unit, load_notice_timetable, moved, notice_export
from tests.safety_helpers import FullDisk


def entry(uid: str = "u-1", sequence: int = 0, unit: str = "区财政局") -> Entry:
    return Entry(QUEUED, unit, uid, sequence, "REQUEST", "czj@example.org", f"<{uid}.{sequence}@example.org>", "")


def test_each_line_is_on_disk_when_write_returns_and_reads_back(tmp_path):
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, replace(entry(), attempt=1))
        assert read_history(path).state("u-1", 0) == QUEUED  # another reader sees it at once
        journal.write(SENT, replace(entry(), attempt=1, code=250, reply="2.0.0 Ok: queued as Q1"))
    history = read_history(path)
    assert history.state("u-1", 0) == SENT and history.last_sent("u-1") == 0
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["state"] for r in records] == ["queued", "sent"]
    assert records[1]["unit"] == "区财政局" and records[1]["reply"] == "2.0.0 Ok: queued as Q1"
    assert records[1]["uid"] == "u-1" and records[1]["sequence"] == 0 and records[1]["v"] == 1
    assert "区财政局" in path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_a_line_cut_short_by_a_crash_is_dropped_and_the_journal_goes_on(tmp_path):
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, entry())
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"v": 1, "state": "sent", "unit": "\xe5\x8c')  # the crash, mid-line
    assert read_history(path).state("u-1", 0) == QUEUED
    with Journal(path) as journal:
        assert path.read_bytes() == whole  # the torn tail is cut before anything is appended
        journal.write(FAILED, replace(entry(), code=451, reply="later"))
    assert [e.state for e in lines(path)] == [QUEUED, FAILED]


def test_a_line_the_full_disk_cuts_short_is_taken_off_again_and_closing_does_not_raise(tmp_path, monkeypatch):
    """QA: the disk filled up in the middle of a ``sent`` line; the journal kept its half (the line's state
    unknown) and closing it flushed the failed buffer again, raising a second OSError over the clean error.
    Now the half line is cut off again (the ``queued`` line before it is the message's last: in doubt),
    nothing more is written in that run, even once there is room, and closing raises nothing."""
    path = tmp_path / "journal.jsonl"
    disk = FullDisk(path).install(monkeypatch)
    disk.fill_at = 2
    with Journal(path) as journal:
        journal.write(QUEUED, replace(entry(), attempt=1))
        whole = path.read_bytes()
        with pytest.raises(InputError) as caught:
            journal.write(SENT, replace(entry(), attempt=1, code=250))
        assert path.read_bytes() == whole
        disk.free()
        with pytest.raises(InputError):
            journal.write(FAILED, entry())
        assert path.read_bytes() == whole
    assert caught.value.text("en") == f"{path}: cannot write the mail journal: the disk is full (no space left)"
    assert read_history(path).in_doubt("u-1", 0)


def test_a_journal_the_full_disk_cannot_repair_stops_on_one_line_before_anything_is_sent(tmp_path, monkeypatch):
    """A whole last line without its newline gets one before the run appends; on a full disk even that
    byte fails: one line naming the journal (exit 74, a full disk's, qaint26 F3; nothing sent yet), never an
    OSError's traceback."""
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, entry())
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    before = path.read_bytes()
    FullDisk(path).install(monkeypatch).full = True
    with pytest.raises(InputError) as caught:
        Journal(path)
    assert caught.value.text("en") == f"{path}: cannot write the mail journal: the disk is full (no space left)"
    assert exit_code(caught.value) == 74 and path.read_bytes() == before


@pytest.mark.parametrize("tail", [b"{", b'{"v', b'{"v": ', b'{"v": 1', b'{"v": 1, "st'])
def test_a_line_cut_inside_its_first_bytes_is_a_torn_line_too(tmp_path, tail):
    """A full disk or a crash can stop a line after any byte, even inside the ``{"v": 1,`` every line
    opens with: such a tail was a damaged journal ("restore it from a backup"), now it is dropped."""
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, entry())
    whole = path.read_bytes()
    path.write_bytes(whole + tail)
    with Journal(path):
        assert path.read_bytes() == whole
    assert read_history(path).in_doubt("u-1", 0)


def test_a_damaged_line_stops_with_its_number(tmp_path):
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, entry())
        journal.write(SENT, entry())
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text(text[0] + "\n" + "not json\n" + text[1] + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Journal(path)
    assert (
        caught.value.text("en")
        == f"{path}: line 2 of the mail journal is damaged or not ours: restore it from a backup"
    )
    with pytest.raises(InputError):
        read_history(path)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", 1.9),  # read as 1 before, and the rebuilt state went above it for good
        ("sequence", 1.0),  # a float, even a whole one: never written by us
        ("sequence", True),  # a bool is an int in Python
        ("sequence", "0"),  # text
        ("sequence", -1),
        ("attempt", "1"),
        ("attempt", False),
        ("code", 250.0),
        ("code", "250"),
        ("code", True),
        ("unit", None),  # read as the unit "None" before
        ("uid", 7),
        ("to", ["czj@example.org"]),
        ("reply", 250),
        ("doubt", 1),  # a flag is true or false, nothing else
        ("permanent", "yes"),
        ("start", 20210908),  # what the message showed: text, as written
        ("location", None),
        ("v", True),  # equal to 1 in Python
        ("v", 1.0),
    ],
)
def test_a_value_of_the_wrong_type_is_a_damaged_line(tmp_path, field, value):
    """QA: the journal parser coerced with int()/str(): "sequence": 1.9, true or "0", "unit": null were
    read as something else. Only the types this module writes are read; anything else names the line."""
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, entry())
        journal.write(SENT, replace(entry(), code=250, reply="ok"))
        journal.write(QUEUED, entry("u-2"))
    text = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(text[1])
    record[field] = value
    for end in ("\n", ""):  # a middle line, and a whole last line without its newline (never cut as torn)
        lines_ = [text[0], json.dumps(record, ensure_ascii=False), text[2]] if end else [text[0], text[2]]
        data = "\n".join(lines_) + "\n" if end else "\n".join([*lines_, json.dumps(record, ensure_ascii=False)])
        path.write_text(data, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            Journal(path)
        number = 2 if end else 3
        assert caught.value.message == Message("mail.bad_journal", line=number) and exit_code(caught.value) == 2
        assert path.read_text(encoding="utf-8") == data  # nothing cut, nothing appended


def test_the_types_this_module_writes_read_back(tmp_path):
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        journal.write(QUEUED, replace(entry(), attempt=1))
        journal.write(FAILED, replace(entry(), attempt=2, code=550, reply="no", permanent=True, doubt=True))
    assert [(e.state, e.attempt, e.code, e.permanent, e.doubt) for e in lines(path)] == [
        (QUEUED, 1, None, False, False),
        (FAILED, 2, 550, True, True),
    ]


def test_one_run_at_a_time(tmp_path):
    path = tmp_path / "journal.jsonl"
    with Journal(path), pytest.raises(InputError, match="另一个 send"):
        Journal(path)
    with Journal(path):  # released when the first run ends
        pass


def test_a_run_stopped_before_its_first_line_leaves_no_journal_and_no_folder_behind(tmp_path):
    """Bad input found after the lock (no password, cancellations refused) must leave nothing written."""
    path = tmp_path / "logs" / "2021" / "journal.jsonl"
    with pytest.raises(InputError), Journal(path):
        assert path.exists()  # created to be locked...
        raise InputError(Message("mail.no_host"))
    assert list(tmp_path.iterdir()) == []  # ...and removed with its folders
    with Journal(path) as journal:  # a run that wrote keeps it, even when it then fails
        journal.write(QUEUED, entry())
    with pytest.raises(KeyboardInterrupt), Journal(path):
        raise KeyboardInterrupt
    assert [e.state for e in lines(path)] == [QUEUED]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")  # an empty journal the user made is theirs
    with pytest.raises(InputError), Journal(empty):
        raise InputError(Message("mail.no_host"))
    assert empty.exists()


def test_a_journal_removed_while_waiting_for_the_lock_is_refused(tmp_path, monkeypatch):
    """A second run that opened the journal just before the first removed it must not write into the void."""
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"")
    other = tmp_path / "other.jsonl"
    other.write_bytes(b"")
    real = journal_module._lock

    def lock_then_swap(handle, where):  # the first run removes the file between our open and our lock
        real(handle, where)
        where.unlink()
        other.rename(where)

    monkeypatch.setattr(journal_module, "_lock", lock_then_swap)
    with pytest.raises(InputError, match="另一个 send"):
        Journal(path)
    assert path.read_bytes() == b""


# -- the plan --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def first():
    return notice_export()


def sent(history: History, invite, state: str = SENT) -> None:
    history.add(
        Entry(
            state,
            invite.unit,
            invite.uid,
            invite.sequence,
            invite.method,
            invite.attendee.address or "",
            "<id>",
            "",
        )
    )


def actions(steps) -> dict[str, str]:
    return {s.invite.unit: s.action for s in steps}


def test_a_fresh_journal_sends_every_invite_and_a_full_one_none(first):
    history = History()
    assert set(actions(plan(first.invites, history)).values()) == {SEND}
    for invite in first.invites:
        sent(history, invite)
    assert set(actions(plan(first.invites, history)).values()) == {ALREADY}


def test_failed_and_interrupted_messages_are_sent_again_and_interrupted_ones_flagged(first):
    units = by_unit(first)
    history = History()
    sent(history, units["区财政局"], QUEUED)
    sent(history, units["区司法局"], QUEUED)
    sent(history, units["区司法局"], FAILED)
    sent(history, units["区发改委"], QUEUED)
    sent(history, units["区发改委"], SENT)
    steps = {s.invite.unit: s for s in plan(first.invites, history)}
    assert steps["区财政局"].action == SEND and steps["区财政局"].in_doubt
    assert steps["区司法局"].action == SEND and not steps["区司法局"].in_doubt
    assert steps["区发改委"].action == ALREADY


def test_after_a_regeneration_only_changed_invites_go_out_and_only_changed_skips_units_never_mailed(first):
    timetable = moved(load_notice_timetable(), {"区财政局": datetime(2021, 9, 9, 8), "柏庄镇政府": None})
    second = notice_export(timetable, first.state, LATER)
    history = History()
    for invite in first.invites:
        if invite.unit != "区司法局":  # never mailed
            sent(history, invite)
    steps = {s.invite.unit: s for s in plan(second.invites, history)}
    assert steps["区财政局"].action == SEND and steps["区财政局"].updated
    assert steps["柏庄镇政府"].action == SEND and steps["柏庄镇政府"].invite.method == "CANCEL"
    assert steps["区司法局"].action == SEND and not steps["区司法局"].updated
    assert {u for u, s in steps.items() if s.action == ALREADY} == {i.unit for i in first.invites} - {
        "区财政局",
        "柏庄镇政府",
        "区司法局",
    }
    only = actions(plan(second.invites, history, only_changed=True))
    assert only["区财政局"] == SEND and only["柏庄镇政府"] == SEND and only["区司法局"] == NEVER_SENT


def test_a_cancellation_for_a_unit_never_mailed_is_not_sent(first):
    second = notice_export(moved(load_notice_timetable(), {"柏庄镇政府": None}), first.state, LATER)
    assert actions(plan(second.invites, History()))["柏庄镇政府"] == NOT_INVITED


def test_units_without_address_are_skipped(first):
    result = notice_export(contacts={})
    assert set(actions(plan(result.invites, History())).values()) == {NO_ADDRESS}


def test_a_sequence_below_one_already_sent_stops_everything(first):
    history = History()
    invite = by_unit(first)["区财政局"]
    sent(history, replace(invite, sequence=4))
    with pytest.raises(InputError) as caught:
        plan(first.invites, history)
    assert "区财政局" in caught.value.text("zh") and "SEQUENCE 0" in caught.value.text("zh")


def test_every_invite_that_cannot_be_mailed_is_named_before_anything_is_sent(first):
    from scheduler.invites.state import Person
    from scheduler.mail.campaign import Refused, prepare_batch

    units = by_unit(first)
    bad = {
        "区财政局": replace(units["区财政局"], attendee=Person("区财政局", "czj@example.org\nBcc: x@example.org")),
        "区司法局": replace(units["区司法局"], contact="周某\r\nX-Evil: 1"),
    }
    invites = [bad.get(i.unit, i) for i in first.invites]
    with pytest.raises(Refused) as caught:
        prepare_batch(invites, History(), datetime(2021, 9, 6))
    text = caught.value.text("en").splitlines()
    assert len(text) == 2 and "区财政局" in text[0] and "区司法局" in text[1]
    assert exit_code(caught.value) == 2
