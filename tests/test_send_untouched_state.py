"""The first ``send`` of a folder ``solve --out`` wrote, untouched since, does not rewrite its
``invites/state.json`` (QA qaint26 F4: 700 KB rewritten in another order, with each invite's ``change``
now ``unchanged``; on a nearly full disk that write stopped the send before anything was mailed)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.formats_helpers import NOTICE

EXAMPLES = NOTICE.parent


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


def _solved(tmp_path: Path, table: str, rules: str, people: str) -> Path:
    for name in (table, rules, people):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = tmp_path / "out"
    assert run("solve", tmp_path / table, "--out", out, "--time-limit", "3").exit_code == 0
    return out


def test_the_first_send_of_an_untouched_folder_leaves_its_state_file_as_it_is(tmp_path, servers):
    for table, rules, people in (
        ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"),  # invites in table order, then time
        ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"),
    ):
        (tmp_path / table).mkdir()
        out = _solved(tmp_path / table, table, rules, people)
        state = out / "invites" / "state.json"
        before, stat = state.read_bytes(), state.stat()
        server = servers(tls=None)
        mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
        sent = run("send", out / "timetable.csv", *mail)
        assert sent.exit_code == 0, sent.output
        assert server.recorder.messages
        assert state.read_bytes() == before and state.stat().st_ino == stat.st_ino  # not written, not replaced
        again = run("send", out / "timetable.csv", *mail)  # and the next one sends nothing
        assert again.exit_code == 0 and state.read_bytes() == before


def test_a_state_that_differs_in_more_than_order_and_change_is_written(tmp_path):
    """What an export really changed is written: only the order of the invites and their ``change`` are
    set aside by the comparison."""
    from scheduler.mail.campaign import _same_state

    path = tmp_path / "state.json"
    state = {"format": 3, "invites": [{"uid": "a", "sequence": 0, "change": "new"}, {"uid": "b", "sequence": 0}]}
    path.write_text(json.dumps(state), encoding="utf-8")
    reordered = {"format": 3, "invites": [{"uid": "b", "sequence": 0}, {"uid": "a", "sequence": 0, "change": "x"}]}
    assert _same_state(path, json.dumps(reordered).encode())
    bumped = {"format": 3, "invites": [{"uid": "b", "sequence": 0}, {"uid": "a", "sequence": 1, "change": "x"}]}
    assert not _same_state(path, json.dumps(bumped).encode())
    assert not _same_state(tmp_path / "missing.json", json.dumps(state).encode())
