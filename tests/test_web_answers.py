"""The answers in the web app's files (QA loop M2): a project whose folder holds a replies ledger keeps the
答复 column and the 答复情况 sheet in what it writes and what it hands out, and a drag rewrites every
timetable file beside the table, not only timetable.csv."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from scheduler.files.copies import differences
from scheduler.files.table_file import read_table
from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.replies_helpers import EPOCH, answer, maildir, mark_sent, run
from tests.test_web_app import client_for, post, version
from tests.web_helpers import make_project


def _answered(tmp_path):
    """A project whose invites went out and whose 区财政局 declined; ``replies --out`` wrote the answers
    into its timetable.csv and timetable.xlsx."""
    folder = tmp_path / "project"
    make_project(folder)
    table = folder / "timetable.csv"
    assert run("ics", str(table), "--out", str(folder / "invites")).exit_code == 0
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    mark_sent(folder, invites, at=datetime.fromtimestamp(int(EPOCH), UTC))
    box = maildir(
        tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="有会"))
    )
    assert run("replies", str(table), "--maildir", str(box), "--out", str(folder)).exit_code == 0
    assert "答复" in table.read_text(encoding="utf-8-sig").splitlines()[0]
    return folder


def test_a_drag_keeps_the_answer_column_and_rewrites_the_workbook(tmp_path):
    folder = _answered(tmp_path)
    _, client, guard = client_for(folder)
    moved = post(client, guard, "/api/move", {"version": version(client), "index": 0, "start": "2021-09-10T18:00"})
    assert moved.status_code == 200, moved.get_json()
    text = (folder / "timetable.csv").read_text(encoding="utf-8-sig")
    assert "答复" in text.splitlines()[0] and "拒绝：有会" in text
    csv = read_table(folder / "timetable.csv")
    assert differences(csv, read_table(folder / "timetable.xlsx")) == []  # the workbook has the drag too
    assert "答复情况" in load_workbook(folder / "timetable.xlsx").sheetnames


def test_downloads_carry_the_answers(tmp_path):
    folder = _answered(tmp_path)
    _, client, _ = client_for(folder)
    text = client.get("/download/csv").get_data().decode("utf-8-sig")
    assert "答复" in text.splitlines()[0] and "拒绝：有会" in text
    book = load_workbook(io.BytesIO(client.get("/download/xlsx").get_data()))
    assert "答复情况" in book.sheetnames
