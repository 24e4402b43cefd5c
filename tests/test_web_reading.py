"""打开表格 says how a workbook was read, as every command does (QA qaweb21 F1): a hidden 人员 sheet not
read, a workbook's hidden rows read as the others, which sheet gave the people; the lines name the
user's file, never the upload's temporary folder, and stay under the check until the next table is opened."""

from __future__ import annotations

from tests.test_meetings_workbook_people import PEOPLE, TABLE, hide, sheets
from tests.test_web_app import client_for, open_files, version
from tests.web_helpers import make_project


def test_a_hidden_people_sheet_and_hidden_rows_are_said_under_the_check(tmp_path):
    make_project(tmp_path / "project")
    _, client, guard = client_for(tmp_path / "project")
    table = hide(sheets(tmp_path / "h", ("会议", TABLE), ("人员", PEOPLE)), "人员", rows=(("会议", 3),))
    answer = open_files(client, guard, table, table.with_suffix(".toml"))
    assert answer.status_code == 200, answer.get_json()
    said = answer.get_json()["notices"]
    assert "m.xlsx: 工作表“人员”是隐藏的：未作为人员表读取（要读它请取消隐藏）" in said, said
    assert any(line.startswith("m.xlsx [会议]: 第 3 行是隐藏行") for line in said), said
    assert not any("docking-upload" in line or "/tmp" in line for line in said), said
    english = client.get("/api/project?lang=en").get_json()["notices"]
    assert "m.xlsx: the sheet 人员 is hidden: not read as the people sheet (unhide it to have it read)" in english
    assert client.get("/api/project").get_json()["notices"] == said  # still said on the next look
    visible = sheets(tmp_path / "v", ("会议", TABLE), ("人员", PEOPLE))
    answer = open_files(client, guard, visible, visible.with_suffix(".toml"))
    said = answer.get_json()["notices"]
    assert not any("隐藏" in line for line in said), said  # the next table opened: its own lines only
    assert any("人员" in line and "姓名" in line for line in said), said  # which sheet gave the people
    assert version(client)
