"""An English table's Answer column and ``replies.csv`` are English (QA qaeng22 F9): headers, answers
(``declined``, ``no answer``) and times (``Sep 2 13:00``), as ``replies --lang en`` prints them; a
Chinese table's stay Chinese (``tests/test_replies_meetings.py``)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.replies_helpers import maildir, mark_sent, run
from tests.reply_mails import Reply

DATA = Path(__file__).parent / "data" / "english_school"
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
NOW = {"DOCKING_NOW": "2026-08-01T08:00+01:00"}


def _answered(tmp_path: Path) -> tuple[Path, Path]:
    """The English school's table solved, its invites mailed, one decline read: the folder and the table."""
    for path in DATA.iterdir():
        shutil.copy(path, tmp_path / path.name)
    out = tmp_path / "out"
    solved = run("solve", str(tmp_path / "meetings.csv"), "--out", str(out), "--time-limit", "5", env=NOW)
    assert solved.exit_code == 0, solved.output
    invites = read_invites(out / "invites")
    mark_sent(out, {i.journal_key: i for i in invites})
    mine = next(i for i in invites if i.unit == "José Álvarez" and i.filename.startswith("IT Budget Review/"))
    reply = Reply(uid=mine.uid, sequence=mine.sequence, start=mine.start.replace(tzinfo=None),
                  attendee=mine.attendee.address or "", name="José Álvarez", partstat="DECLINED",
                  comment="I am away that day", summary="IT Budget Review")  # fmt: skip
    box = maildir(tmp_path / "Maildir", shapes.outlook(reply))
    table = out / "timetable.csv"
    read = run("replies", str(table), "--maildir", str(box), "--out", str(out), env=NOW)
    assert read.exit_code == 0, read.output
    return out, table


def test_an_english_tables_answer_column_and_replies_csv_are_english(tmp_path):
    out, table = _answered(tmp_path)
    rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    answers = [r[rows[0].index("Answer")] for r in rows[1:]]
    assert any("José Álvarez: declined: I am away that day" in a for a in answers), answers
    assert any("no answer" in a for a in answers), answers
    assert not HAN.search("".join(answers)), answers
    replies = (out / "replies.csv").read_bytes().decode("utf-8-sig")
    head, first = list(csv.reader(io.StringIO(replies)))[:2]
    assert head[:3] == ["Meeting", "Person", "Answer"], head
    assert first[2] == "declined" and re.fullmatch(r"[A-Z][a-z]{2} \d+ \d+:\d\d", first[head.index("Answered")])
    ours = [cell for row in csv.reader(io.StringIO(replies)) for cell in row[:-1]]  # the subject is the mail's
    assert not HAN.search("".join(ours)), replies
    assert run("validate", str(table), env=NOW).exit_code == 0


def test_replies_in_english_print_english_times(tmp_path):
    _out, table = _answered(tmp_path)
    said = run("replies", str(table), env={**NOW, "DOCKING_LANG": "en"})
    assert said.exit_code == 0, said.output
    rows = [line for line in said.output.splitlines() if re.match(r"\d+  ", line)]
    assert rows and all(re.match(r"\d+\s+Sep \d+ \d+:\d\d\s", line) for line in rows), said.output
    assert "月" not in said.output, said.output
