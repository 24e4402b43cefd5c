"""The answers in the web app's files (QA loop M2): a project whose folder holds a replies ledger keeps the
答复 column and the 答复情况 sheet in what it writes and what it hands out, and a drag rewrites every
timetable file beside the table, not only timetable.csv."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
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


def test_the_api_gives_each_units_answer(tmp_path):
    folder = _answered(tmp_path)
    _, client, _ = client_for(folder)
    answers = client.get("/api/project").get_json()["answers"]
    assert answers["区财政局"].startswith("拒绝：有会") and len(answers) == 29


def test_the_page_shows_who_answered_what(browser, tmp_path):
    """The unit page's 答复 panel lists the answers, and a unit's panel and tooltip say its own; a project
    without a replies ledger shows no such panel."""
    pytest.importorskip("playwright.sync_api")
    from tests.web_helpers import make_project as fresh_project
    from tests.web_helpers import serve

    folder = _answered(tmp_path)
    fresh_project(tmp_path / "plain")
    for where, shown in ((folder, True), (tmp_path / "plain", False)):
        served = serve(where)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.goto(served.url)
            page.wait_for_selector(".chip")
            assert page.locator("#answers-panel").is_visible() is shown
            if shown:
                line = page.locator('#answers li[data-unit="区财政局"]').inner_text()
                assert line.startswith("区财政局：拒绝：有会")
                tip = page.locator('.chip[data-unit="区财政局"]').get_attribute("title") or ""
                assert "答复：拒绝：有会" in tip
                page.locator('.chip[data-unit="区财政局"]').click()
                assert "答复：拒绝：有会" in page.locator("#unit-info").inner_text()
            assert errors == []
        finally:
            context.close()
            served.stop()
