"""A people sheet inside the meeting table's own workbook (docs/formats.md, "The meeting table"):
read when the rules name no people file (the explicit file wins), its bad rows one line naming the file,
the sheet, the row and the column (exit 2), and written out as people.csv by ``solve --out``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.test_meetings_cli import RULES, run

TABLE = [
    ["会议", "时长", "参会人员", "时间", "会议室"],
    ["碰头会", "1小时", "张三、李四", "2025-07-15 08:00", "一号会议室"],
    ["答疑会", "30分钟", "王五", "2025-07-15 09:00", "一号会议室"],
]
PEOPLE = [
    ["姓名", "单位", "邮箱", "不可用"],
    ["张三", "办公室", "zhang@example.org", "2025-07-15 08:00-09:00"],
    ["李四", "", "li@example.org", ""],
    ["王五", "", "", ""],
]


def workbook(folder: Path, people: list[list[str]], sheet: str = "人员", rules: str = RULES) -> Path:
    return sheets(folder, ("会议", TABLE), (sheet, people), rules=rules)


def test_the_workbook_s_people_sheet_is_read(tmp_path):
    table = workbook(tmp_path / "in", PEOPLE)
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 1, result.output  # 张三 is away at 碰头会's time: the sheet's 不可用 counts
    assert "张三 is unavailable" in result.output
    english = workbook(tmp_path / "en", PEOPLE, sheet="People")
    assert run("validate", english).exit_code == 1


def test_the_workbook_is_opened_once_for_the_table_and_once_for_its_people(tmp_path, monkeypatch):
    """The sheet titles come with the table (``Table.sheets``): opening the workbook again only to
    list its sheets is gone. The people sheet is the only second opening; a workbook without one
    is opened once."""
    import scheduler.files.excel as excel

    opened: list[str] = []
    real = excel._open
    monkeypatch.setattr(excel, "_open", lambda data, path, **kw: (opened.append(path), real(data, path, **kw))[1])
    assert run("validate", workbook(tmp_path / "in", PEOPLE)).exit_code == 1
    assert len(opened) == 2
    opened.clear()
    assert run("validate", workbook(tmp_path / "other", PEOPLE, sheet="备注")).exit_code == 0
    assert len(opened) == 1


def test_a_workbook_of_one_sheet_named_people_is_the_table_not_its_people(tmp_path):
    """The table's own sheet is never read again as its people, whatever it is called."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "people"
    for row in TABLE:
        book.active.append(row)
    book.save(tmp_path / "m.xlsx")
    (tmp_path / "m.toml").write_text(RULES, encoding="utf-8")
    result = run("validate", tmp_path / "m.xlsx")
    assert result.exit_code == 0, result.output


def test_solve_out_writes_the_sheet_as_the_folder_s_people_file(tmp_path):
    table = workbook(tmp_path / "in", PEOPLE)
    result = run("solve", table, "--time-limit", "5", "--out", tmp_path / "out", "--format", "csv")
    assert result.exit_code == 0, result.output
    written = list(csv.DictReader(io.StringIO((tmp_path / "out" / "people.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["姓名"] for r in written] == ["张三", "李四", "王五"] and written[0]["邮箱"] == "zhang@example.org"
    assert 'people = "people.csv"' in (tmp_path / "out" / "timetable.toml").read_text(encoding="utf-8")
    assert run("validate", tmp_path / "out" / "timetable.csv").exit_code == 0  # the folder stands on its own


def test_a_people_file_the_rules_name_wins_over_the_sheet(tmp_path):
    folder = tmp_path / "in"
    table = workbook(folder, PEOPLE, rules=RULES.replace("[[rooms]]", 'people = "people.csv"\n[[rooms]]', 1))
    (folder / "people.csv").write_text("姓名,邮箱\n张三,\n李四,\n王五,\n", encoding="utf-8")
    result = run("validate", table)
    assert result.exit_code == 0, result.output  # the file's 张三 is never away


def test_bad_rows_of_the_sheet_are_one_line_naming_file_sheet_row_and_column(tmp_path):
    for number, (row, column) in enumerate(
        (
            (["赵六", "", "not-an-address", ""], "邮箱"),
            (["", "", "x@example.org", ""], "姓名"),
            (["赵六", "", "", "明天下午"], "不可用"),
            (["张三", "", "", ""], "姓名"),  # twice
        )
    ):
        table = workbook(tmp_path / str(number), [*PEOPLE, row])
        result = run("solve", table, "--out", tmp_path / str(number) / "out", "--lang", "en")
        assert result.exit_code == 2, result.output
        line = result.output.strip()
        assert len(line.splitlines()) == 1, line
        assert f"m.xlsx [人员], row 5, column {column}" in line, line
        assert not (tmp_path / str(number) / "out").exists()


def test_the_web_app_starts_a_project_from_the_workbook_with_its_people_sheet(tmp_path):
    """A project started from the workbook (the web app's upload) keeps the sheet as the
    project's people file, and the page's checker hears 张三's unavailability from it."""
    from scheduler.web.app import create_app
    from tests.web_helpers import make_project

    make_project(tmp_path / "project", workbook(tmp_path / "in", PEOPLE))
    people = list(csv.DictReader(io.StringIO((tmp_path / "project" / "people.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["姓名"] for r in people] == ["张三", "李四", "王五"]
    project = create_app(tmp_path / "project").test_client().get("/api/project").get_json()
    assert project["kind"] == "meetings"
    assert [(v["rule"], v["meetings"]) for v in project["violations"]] == [("unavailable", ["碰头会"])]
    assert "张三" in project["violations"][0]["text"]


def sheets(folder: Path, *named: tuple[str, list[list[str]]], rules: str = RULES) -> Path:
    """A workbook of the given sheets, in this order, with ``rules`` beside it."""
    from tests.conftest import write_book

    folder.mkdir(parents=True, exist_ok=True)
    write_book(folder / "m.xlsx", list(named))
    (folder / "m.toml").write_text(rules, encoding="utf-8")
    return folder / "m.xlsx"


NOTES = [["填表说明：请在“会议”表填写，每行一个会议"]]


def test_the_table_s_sheet_is_told_by_its_header_not_its_place(tmp_path):
    """QA: a workbook whose first sheet is 人员 (or a 说明 sheet) was read as a unit table: '单位为空',
    or, when every 人员 row had a 单位, the valid meeting rules blamed for their hours."""
    people_first = run("validate", sheets(tmp_path / "a", ("人员", PEOPLE), ("会议", TABLE)), "--lang", "en")
    assert people_first.exit_code == 1 and "张三 is unavailable" in people_first.output, people_first.output
    units = [PEOPLE[0], *([*row[:1], "办公室", *row[2:]] for row in PEOPLE[1:])]
    every_unit = run("validate", sheets(tmp_path / "b", ("人员", units), ("会议", TABLE)), "--lang", "en")
    assert every_unit.exit_code == 1 and "张三 is unavailable" in every_unit.output, every_unit.output
    for number, first in enumerate((("说明", NOTES), ("Sheet1", NOTES), ("通讯录", PEOPLE))):
        result = run("validate", sheets(tmp_path / f"c{number}", first, ("会议", TABLE)), "--lang", "en")
        assert result.exit_code in (0, 1) and "m.toml" not in result.output, result.output


def test_a_workbook_without_a_table_says_what_each_kind_needs_and_never_blames_the_rules(tmp_path):
    result = run("validate", sheets(tmp_path / "a", ("说明", NOTES), ("人员", PEOPLE)), "--lang", "en")
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert line.startswith(str(tmp_path / "a" / "m.xlsx") + " [说明], row 1"), line
    assert "a unit table needs Unit, a meeting table needs Meeting and Participants" in line, line


def test_a_unit_table_after_a_notes_sheet_is_read_as_the_unit_table(tmp_path):
    from tests.formats_helpers import RULES as NOTICE_RULES
    from tests.formats_helpers import notice_rows

    table = sheets(tmp_path / "u", ("说明", NOTES), ("单位表", notice_rows()))
    (tmp_path / "u" / "m.toml").write_bytes(NOTICE_RULES.read_bytes())
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 0, result.output


def test_a_people_workbook_s_sheet_is_told_by_its_header_too(tmp_path):
    folder = tmp_path / "p"
    table = named_people_book(folder, front="说明")
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 1 and "张三 is unavailable" in result.output, result.output


def named_people_book(folder: Path, front: str | None = None, hidden: int | None = None) -> Path:
    """A meeting table whose rules name ``people.xlsx`` (the people on its last sheet, after a sheet
    ``front`` when given, row ``hidden`` hidden): the table's path."""
    from openpyxl import Workbook

    table = workbook(
        folder,
        [["备注"], ["无"]],
        sheet="备注",
        rules=RULES.replace("[[rooms]]", 'people = "people.xlsx"\n[[rooms]]', 1),
    )
    book = Workbook()
    data = book.active
    if front is not None:
        data.title = front
        data.append(["每人一行"])
        data = book.create_sheet("Sheet2")
    for row in PEOPLE:
        data.append(row)
    if hidden is not None:
        data.row_dimensions[hidden].hidden = True
    book.save(folder / "people.xlsx")
    return table


def hide(book: Path, sheet: str | None = None, rows: tuple[tuple[str, int], ...] = ()) -> Path:
    """``book`` with the sheet ``sheet`` hidden and the ``rows`` (sheet, row) hidden."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    if sheet is not None:
        workbook[sheet].sheet_state = "hidden"
    for title, row in rows:
        workbook[title].row_dimensions[row].hidden = True
    workbook.save(book)
    return book


OLD = [["姓名", "邮箱"], ["张三", "old-zhang@example.org"], ["李四", ""], ["王五", ""]]


def test_the_people_sheet_read_is_said_and_a_second_one_is_refused_naming_both(tmp_path):
    """QA qaexcel20 F5: of 通讯录 and 人员 the first was read, silently, the two lists disagreeing."""
    table = sheets(tmp_path / "two", ("通讯录", OLD), ("会议", TABLE), ("人员", PEOPLE))
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"{table}: the sheets 通讯录, 人员 are each named as a people sheet: only one would be read; delete or"
        " rename the others, or name the people file in the rules (people = …)"
    ]
    one = run("validate", workbook(tmp_path / "one", PEOPLE), "--lang", "en")
    assert one.exit_code == 1, one.output
    assert (
        f"{tmp_path / 'one' / 'm.xlsx'}: the people (their addresses and unavailable times) are read from the"
        " sheet 人员" in one.stderr
    )


def test_a_hidden_people_sheet_is_not_read_and_said(tmp_path):
    """QA qaexcel20 F5: a hidden old copy of 人员 was the one the invites were mailed from."""
    table = hide(sheets(tmp_path / "h", ("会议", TABLE), ("参会人员名单", PEOPLE), ("人员", OLD)), "人员")
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 1 and "张三 is unavailable" in result.output, result.output  # 参会人员名单 read
    assert (
        f"{table}: the sheet 人员 is hidden: not read as the people sheet (unhide it to have it read)" in result.stderr
    )
    alone = hide(sheets(tmp_path / "a", ("会议", TABLE), ("人员", PEOPLE)), "人员")
    result = run("validate", alone, "--lang", "en")
    assert result.exit_code == 0, result.output  # 张三's 不可用 is on the hidden sheet only
    assert "the sheet 人员 is hidden: not read" in result.stderr


def test_a_visible_sheet_with_names_that_is_not_read_is_said(tmp_path):
    """QA qaexcel20 F5: a people sheet under another name was dropped unseen (its 不可用 with it)."""
    table = sheets(tmp_path / "n", ("会议", TABLE), ("名单2025", PEOPLE))
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (
        f"{table}: the sheet 名单2025 has a Name column but is not named as a people sheet: not read; rename it People,"
        " or name it in the rules (people = …)"
    ) in result.stderr


def test_hidden_rows_of_the_people_sheet_are_said_naming_file_and_sheet(tmp_path):
    """QA qaexcel20 F6: a colleague hidden in 人员 was read and invited without the promised note; the note
    for the meeting sheet named neither file nor sheet."""
    table = hide(sheets(tmp_path / "r", ("会议", TABLE), ("人员", PEOPLE)), rows=(("人员", 4), ("会议", 3)))
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert f"{table} [会议]: row 3 is hidden or filtered out" in result.stderr, result.stderr
    assert f"{table} [人员]: row 4 is hidden or filtered out" in result.stderr, result.stderr


def test_participants_headers_offices_write_are_read_and_a_missing_one_is_said_on_the_table_s_sheet(tmp_path):
    """QA qaexcel20 F3: 参加人员 / 与会人员 / 出席人员 were no participants column, and with a 说明 sheet in
    front the error named [说明], row 1 and a unit table's 单位."""
    for number, header in enumerate(("参加人员", "与会人员", "出席人员")):
        renamed = [[header if cell == "参会人员" else cell for cell in TABLE[0]], *TABLE[1:]]
        result = run("validate", sheets(tmp_path / str(number), ("说明", NOTES), ("会议", renamed)), "--lang", "en")
        assert result.exit_code == 0, result.output
    renamed = [[("与会者" if cell == "参会人员" else cell) for cell in TABLE[0]], *TABLE[1:]]
    table = sheets(tmp_path / "x", ("说明", NOTES), ("会议", renamed))
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"{table} [会议], row 1, column Participants: this column is missing"), (
        result.output
    )


def test_a_unit_table_on_a_sheet_named_as_people_is_still_the_unit_table(tmp_path):
    """QA review20 F1: a unit table on a sheet named 参会人员名单 or 人员信息 (a notice's 报名表), beside a
    说明 sheet or Excel's empty Sheet2 and Sheet3, was no longer found: the people-sheet names are a
    meeting workbook's, never a reason to pass over a unit table."""
    from tests.formats_helpers import RULES as NOTICE_RULES
    from tests.formats_helpers import notice_rows

    for number, name in enumerate(("参会人员名单", "人员信息", "人员")):
        for others, shape in (((("说明", NOTES),), "notes"), ((("Sheet2", []), ("Sheet3", [])), "empty")):
            folder = tmp_path / f"{shape}{number}"
            first = ((name, notice_rows()), *others) if shape == "empty" else (*others, (name, notice_rows()))
            table = sheets(folder, *first)
            (folder / "m.toml").write_bytes(NOTICE_RULES.read_bytes())
            result = run("validate", table, "--lang", "en")
            assert result.exit_code == 0, (name, shape, result.output)


ROSTER = [
    ["会议", "姓名", "单位", "联系电话"],
    ["碰头会", "张三", "办公室", "0371-1"],
    ["答疑会", "张三", "办公室", "0371-1"],
]


def test_a_roster_by_meeting_named_as_people_is_not_the_people_sheet_and_is_said(tmp_path):
    """QA review20 F6: a sheet 参会人员名单 holding one row per person per meeting (a 会议 column) was read
    as the people sheet by its name alone, and the solve refused on a 'duplicate' person."""
    table = sheets(tmp_path / "r", ("会议", TABLE), ("参会人员名单", ROSTER))
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (
        f"{table}: the sheet 参会人员名单 is named as a people sheet but has a meeting table's columns (会议): not read"
        " as the people sheet; name the people file in the rules (people = …)"
    ) in result.stderr, result.stderr


def test_the_people_sheet_read_says_why_and_so_does_its_error(tmp_path):
    """QA review20 F6: which sheet was read as the people sheet, and why (its name and its 姓名 column), is said
    on success and on the error of one of its rows."""
    one = run("validate", workbook(tmp_path / "one", PEOPLE, sheet="参会人员名单"), "--lang", "en")
    assert one.exit_code == 1, one.output
    assert "are read from the sheet 参会人员名单 (named as a people sheet, with a Name column)" in one.stderr, (
        one.stderr
    )
    twice = [*PEOPLE, ["张三", "", "", ""]]
    table = workbook(tmp_path / "two", twice, sheet="参会人员名单")
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"{table} [参会人员名单], row 5, column 姓名: '张三' is listed twice (first in row 2) (this sheet was read as"
        " the people sheet because of its name and its Name column; if it is not one, rename it or name the people"
        " file in the rules: people = …)"
    ], result.output


def test_send_ics_and_explain_say_how_the_people_were_read_as_solve_does(tmp_path):
    """QA review20 F5: the people-sheet notes (which sheet was read, a hidden one not read, its hidden rows)
    were said by validate, solve and reschedule only; ``send``, ``ics`` and ``explain``, the commands that
    mail and write the invites, said none of them."""
    invites = '[invites]\ncampaign = "t"\n[invites.organizer]\nname = "办公室"\nemail = "office@example.org"\n'
    free = [PEOPLE[0], [*PEOPLE[1][:3], ""], *PEOPLE[2:]]  # 张三 free: the timetable keeps the rules
    table = hide(workbook(tmp_path / "s", free, rules=RULES + invites), rows=(("人员", 4),))
    read = "the people (their addresses and unavailable times) are read from the sheet 人员"
    hidden = f"{table} [人员]: row 4 is hidden or filtered out"
    for args in (
        ("ics", table, "--out", tmp_path / "s" / "invites"),
        ("explain", table, "--time-limit", "5"),
        ("send", table, "--dry-run", tmp_path / "s" / "eml"),
    ):
        result = run(*args, "--lang", "en")
        assert read in result.stderr and hidden in result.stderr, (args[0], result.output)
    gone = hide(workbook(tmp_path / "h", free, rules=RULES + invites), "人员")
    result = run("send", gone, "--dry-run", tmp_path / "h" / "eml", "--lang", "en")
    assert "the sheet 人员 is hidden: not read as the people sheet" in result.stderr, result.output


def test_hidden_rows_of_a_people_workbook_the_rules_name_are_said(tmp_path):
    """QA review20 F8: the hidden rows of a people .xlsx the rules name (the file the docs recommend) were read
    silently; only the people sheet inside the table's own workbook had the note."""
    folder = tmp_path / "p"
    table = named_people_book(folder, hidden=3)
    result = run("validate", table, "--lang", "en")
    assert result.exit_code == 1, result.output  # 张三 is away at 碰头会's time: the file is read
    assert f"{folder / 'people.xlsx'}: row 3 is hidden or filtered out" in result.stderr, result.stderr
