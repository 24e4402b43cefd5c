"""A file of ours in another format (QA qaupgrade17 F2): the invites' ``state.json`` with ``"format": 2``
(as a newer release, a colleague's copy on the shared drive, would write it) was taken for damage and
silently rebuilt in format 1, by a mere dry run; a journal or ledger line with ``"v": 2`` was "damaged:
restore from backup" (yesterday's journal back, today's mails sent twice). Now one line saying which
version wrote it and what to do, exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import OtherFormat
from scheduler.replies.ledger import read_ledger
from tests.invite_helpers import NOTICE
from tests.safety_helpers import folder_hash


def cli(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args], env={"SOURCE_DATE_EPOCH": "1630915200"})


def _said(result, path: Path, newer: bool) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path)), result.output
    assert ("newer version" if newer else "older version") in lines[0]
    assert "reads format 1" in lines[0] and "backup" in lines[0] and "Traceback" not in result.output
    assert "restore from" not in lines[0] and "is damaged" not in lines[0], lines[0]


@pytest.mark.parametrize("found", [2, 0])
def test_a_state_file_of_another_format_is_named_and_never_rebuilt_even_by_a_dry_run(example, tmp_path, found):
    table = example / NOTICE.name
    assert cli("ics", str(table), "--out", str(example / "invites")).exit_code == 0
    state = example / "invites" / "state.json"
    state.write_text(state.read_text(encoding="utf-8").replace('"format": 1', f'"format": {found}'), encoding="utf-8")
    before = folder_hash(example)
    result = cli("send", str(table), "--dry-run", str(tmp_path / "dry"))
    _said(result, state, newer=found > 1)
    assert folder_hash(example) == before and not (tmp_path / "dry").exists()
    assert cli("ics", str(table), "--out", str(example / "invites")).exit_code == 2
    assert folder_hash(example) == before


def test_a_journal_line_of_a_newer_format_is_named_and_the_journal_kept(example, tmp_path, servers):
    table = example / NOTICE.name
    server = servers(tls=None)
    sent = cli("send", str(table), "--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain")
    assert sent.exit_code == 0, sent.output
    journal = example / "mail-journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    journal.write_text("".join([lines[0].replace('"v": 1', '"v": 2', 1), *lines[1:]]), encoding="utf-8")
    before = folder_hash(example)
    for args in (("--dry-run", str(tmp_path / "dry")), ("--smtp-host", server.host, "--smtp-port", str(server.port),
                                                        "--insecure-plain")):  # fmt: skip
        result = cli("send", str(table), *args)
        _said(result, journal, newer=True)
        assert "line 1" in result.output
    assert folder_hash(example) == before and len(server.recorder.messages) == 29


def test_a_ledger_line_of_a_newer_format_is_another_format_not_damage(tmp_path):
    ledger = tmp_path / "replies-ledger.jsonl"
    ledger.write_text(json.dumps({"v": 2, "kind": "seen", "mailbox": "INBOX", "uidvalidity": 1, "uid": 3}) + "\n")
    with pytest.raises(OtherFormat) as caught:
        read_ledger(ledger)
    assert caught.value.line == 1 and "newer version" in caught.value.text("en")
    ledger.write_text('{"v": "2"}\n')  # not a number: not a file of ours, as before
    with pytest.raises(Exception) as damaged:
        read_ledger(ledger)
    assert not isinstance(damaged.value, OtherFormat)
