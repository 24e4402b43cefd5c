"""docs/tutorial-en.md runs as written, from an empty folder (``example --english`` copies its examples), and
says what the pages say: English output, English invitations, no Chinese in what it prints (QA qaeng22 F8)."""

from __future__ import annotations

import email
import re
import shlex
import shutil
from email.header import decode_header, make_header

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.load import load
from tests.conftest import ROOT, shell_commands

TUTORIAL = (ROOT / "docs" / "tutorial-en.md").read_text(encoding="utf-8")
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_the_english_walk_through_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = shell_commands(TUTORIAL)
    assert len(commands) == 8
    said = {}
    for command in commands:
        words = shlex.split(command)[1:]
        result = CliRunner().invoke(main, words, env={"DOCKING_LANG": "", "DOCKING_NOW": "2027-08-01T08:00+01:00"})
        assert result.exit_code == 0, (command, result.output)
        printed = result.output.replace("调整通知", "")  # the adjustment notice's file name, as the annex's
        assert not HAN.search(printed), (command, result.output)
        said[f"{words[2]} {words[3]}"] = result.output
    assert (
        "José's Bakery's note 'Away on Wednesday' looks like a time it cannot come (Sep 8)"
        in said["solve examples/visits_2027.csv"]
    )
    moved = said["reschedule visits/timetable.csv"]
    assert re.search(r"Units moved \(\d\):\n.*\n.*\nIT Department +Sep 8 9:00 +Sep \d", moved), moved
    assert "The timetable satisfies every rule (5 meetings, 1 room)" in said["validate school/timetable.csv"]
    for outbox, count in (("visits", 7), ("school", 13)):
        mails = [email.message_from_bytes(p.read_bytes()) for p in (tmp_path / outbox / "outbox").rglob("*.eml")]
        assert len(mails) == count
        assert all(str(make_header(decode_header(m["Subject"]))).startswith("Invitation: ") for m in mails)


def test_the_rule_the_walk_through_adds_is_read(tmp_path):
    """The ``[[unavailable]]`` entry the page shows, added to the example's rules, keeps the bakery off Sep 8."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (entry,) = re.findall(r"```toml\n(.*?)```", TUTORIAL, re.S)
    rules = tmp_path / "examples" / "visits_2027.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    loaded = load(tmp_path / "examples" / "visits_2027.csv")
    blocked = {u.unit: len(u.starts) for u in loaded.problem.unavailable}
    assert blocked["José's Bakery"] == 5  # the five hours of Sep 8
