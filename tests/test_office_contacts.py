"""An office clerk's contacts tables (QA qaoffice18): the headers Excel, WPS and Outlook give the mail
column, a contacts sheet named 通讯录 beside other sheets, unit names that differ only in width, and
addresses pasted from a mail client with their display names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scheduler.errors import InputError
from scheduler.files.contacts import read_contacts
from scheduler.files.meeting_files import load_meetings
from scheduler.text.messages import render


def _contacts(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("header", ["邮箱地址", "电子邮件地址", "E-mail地址", "电子信箱", "Email 地址", "邮箱（必填）"])
def test_the_common_mail_headers_are_read_by_the_contacts_and_the_people_sheet_alike(tmp_path, header):
    """F15: 邮箱地址 was read by the people sheet and "missing" in the contacts: one list now."""
    contacts = read_contacts(_contacts(tmp_path, f"单位,{header}\n区财政局,czj@example.org\n"))
    assert contacts.by_unit["区财政局"].address == "czj@example.org"
    (tmp_path / "m.toml").write_text(
        'title = "会"\ndays = ["2027-05-19"]\nhours = ["8:30-11:30"]\ngrid_minutes = 30\n'
        'rooms = [{ name = "A101" }]\npeople = "people.csv"\n',
        encoding="utf-8",
    )
    (tmp_path / "people.csv").write_text(f"姓名,{header}\n张三,zhang@example.org\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("会议,时长,参会人员\n甲,30,张三\n", encoding="utf-8")
    loaded = load_meetings(str(tmp_path / "m.csv"))
    assert loaded.emails["张三"] == "zhang@example.org"


@pytest.mark.parametrize("header", ["工作邮箱", "单位邮箱", "Mail to"])
def test_a_mail_header_we_cannot_read_is_named_as_a_look_alike(tmp_path, header):
    """F15: the message said 邮箱 was missing while the clerk saw their 工作邮箱 column."""
    with pytest.raises(InputError) as error:
        read_contacts(_contacts(tmp_path, f"单位,{header}\n区财政局,czj@example.org\n"))
    said = render(error.value.message, "zh")
    assert f"通讯录的“{header}”列像是“邮箱”，但读不出：请把表头改为“邮箱”" in said
    assert error.value.row == 1


def _book(tmp_path: Path, sheets: list[tuple[str, list[list[str]]]]) -> Path:
    from tests.conftest import write_book

    return write_book(tmp_path / "contacts.xlsx", sheets)


CONTACTS = [["单位", "邮箱", "联系人"], ["区财政局", "czj@example.org", "刘某"]]
NOTICE = [["序号", "时间", "单位"], ["1", "9月8日 8:00", "区财政局"]]


@pytest.mark.parametrize("title", ["通讯录", "联系人", "人员名单"])
@pytest.mark.parametrize(
    "others",
    [
        [("Sheet2", []), ("Sheet3", [])],  # Excel 2010's new book
        [("说明", [["本表由办公室填写，请勿改动表头"]])],
        "notice first",
    ],
)
def test_a_contacts_sheet_named_as_clerks_name_it_is_read_beside_other_sheets(tmp_path, title, others):
    """F1: a contacts sheet named 通讯录 was passed over for an empty Sheet2, a 说明 sheet or the timetable."""
    sheets = [("对接安排", NOTICE), (title, CONTACTS)] if others == "notice first" else [(title, CONTACTS), *others]
    assert read_contacts(_book(tmp_path, sheets)).by_unit["区财政局"].address == "czj@example.org"


def test_the_timetable_beside_its_contacts_is_still_read_as_the_timetable(tmp_path):
    from scheduler.files.table_file import read_table

    path = _book(tmp_path, [("对接安排", NOTICE), ("通讯录", CONTACTS)])
    assert [row.get("单位") for row in read_table(path).rows] == ["区财政局"]


def test_a_unit_name_differing_only_in_width_finds_its_contact(tmp_path):
    """F4: the timetable's 区财政局（国资办） and 区ＩＴ中心 (an IME's full width) had no address, the contacts'
    区财政局(国资办) and 区IT中心 were told "not in the timetable"."""
    contacts = read_contacts(
        _contacts(tmp_path, "单位,邮箱\n区财政局(国资办),czj@example.org\n区IT中心,it@example.org\n")
    )
    assert contacts.get("区财政局（国资办）").address == "czj@example.org"
    assert contacts.by_unit["区ＩＴ中心"].address == "it@example.org"
    assert contacts.unknown({"区财政局（国资办）", "区ＩＴ中心"}) == []
    assert contacts.unknown({"区财政局（国资办）"}) == ["区IT中心"]
    assert contacts.get("区财政局（国资）") is None


def test_two_rows_of_one_unit_in_two_widths_are_one_unit_with_both_addresses(tmp_path):
    """review18 F2: 区财政局(国资办) and 区财政局（国资办） on two rows: the timetable's spelling found one row,
    the other's address was dropped and no longer told as an unknown unit."""
    text = "单位,邮箱,联系人\n区财政局(国资办),a@example.org,刘某\n区财政局（国资办）,b@example.org,陈某\n"
    contacts = read_contacts(_contacts(tmp_path, text))
    for spelling in ("区财政局（国资办）", "区财政局(国资办)"):
        found = contacts.get(spelling)
        assert (found.address, found.person, found.more) == ("a@example.org", "刘某", (("b@example.org", "陈某"),))
    assert len(contacts.by_unit) == 1
    assert contacts.unknown({"区财政局（国资办）"}) == []
    repeated = "单位,邮箱\n区财政局(国资办),a@example.org\n区财政局（国资办）,A@example.org\n"
    with pytest.raises(InputError) as caught:
        read_contacts(_contacts(tmp_path, repeated))
    assert (caught.value.row, caught.value.message.key) == (3, "input.duplicate_address")


def test_the_ics_export_mails_a_unit_named_in_the_other_width(example):
    from click.testing import CliRunner

    from scheduler.cli.main import main
    from tests.conftest import edit

    edit(example / "notice_2021.csv", ",区财政局,", ",区财政局（国资办）,")
    edit(example / "notice_2021.csv", ",区税务局,", ",区ＩＴ中心,")
    edit(example / "contacts_2021.csv", "区财政局,", "区财政局(国资办),")
    edit(example / "contacts_2021.csv", "区税务局,", "区IT中心,")
    out = example / "o"
    result = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "没有邮箱" not in result.output and "不在时间表中" not in result.output
    assert "mailto:czj@example.org" in (out / "区财政局（国资办）.ics").read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(out)])
    assert again.exit_code == 0, again.output  # the second export, with the first one's state, too
    assert "更新 0，取消 0" in again.output and "没有邮箱" not in again.output
    assert "mailto:czj@example.org" in (out / "区财政局（国资办）.ics").read_text(encoding="utf-8")


def test_a_participant_differing_from_the_people_sheet_only_in_width_is_that_person(tmp_path):
    (tmp_path / "m.toml").write_text(
        'title = "会"\ndays = ["2027-05-19"]\nhours = ["8:30-11:30"]\ngrid_minutes = 30\n'
        'rooms = [{ name = "A101" }]\npeople = "people.csv"\n',
        encoding="utf-8",
    )
    (tmp_path / "people.csv").write_text("姓名,单位\n张三,区财政局（国资办）\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("会议,时长,参会人员\n甲,30,区财政局(国资办)、张三\n", encoding="utf-8")
    session = load_meetings(str(tmp_path / "m.csv")).problem.sessions[0]
    assert [a.name for a in session.attendees] == ["区财政局（国资办）", "张三"]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("刘某 <czj@example.org>", ("刘某",)),
        ('"刘某" <czj@example.org>; 陈某 <czj2@example.org>', ("刘某", "陈某")),
        ("刘某<czj@example.org>", ("刘某",)),
        ("mailto:czj@example.org", ("",)),
        ("<czj@example.org>", ("",)),
        ('"Liu, Mou" <czj@example.org>', ("Liu, Mou",)),  # review18 F7: Outlook's copy, a comma in the name
        ('"Liu, Mou" <czj@example.org>, "Chen; Mou" <czj2@example.org>', ("Liu, Mou", "Chen; Mou")),
    ],
)
def test_an_address_pasted_from_a_mail_client_is_that_address_and_its_name_the_contact(tmp_path, cell, names):
    """F3: 刘某 <czj@example.org> (Outlook, Foxmail) was refused as "含有空格", mailto: as a bad local part."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["单位", "邮箱", "联系人"], ["区财政局", cell, ""]])
    contact = read_contacts(_contacts(tmp_path, buffer.getvalue())).by_unit["区财政局"]
    assert contact.address == "czj@example.org"
    assert (contact.person, *(name for _, name in contact.more)) == names
    assert tuple(address for address, _ in contact.more) == (("czj2@example.org",) if len(names) > 1 else ())


def test_a_display_name_never_overrides_the_contact_column(tmp_path):
    text = "单位,邮箱,联系人\n区财政局,刘某 <czj@example.org>,刘主任\n"
    assert read_contacts(_contacts(tmp_path, text)).by_unit["区财政局"].person == "刘主任"


def test_two_units_at_one_address_are_told_once_and_the_export_goes_on(example):
    """F6: 区财政局 given 区发改委's address (a copy-paste slip) passed without a word; 区财政局 never got its
    invite."""
    from click.testing import CliRunner

    from scheduler.cli.main import main
    from tests.conftest import edit

    edit(example / "contacts_2021.csv", "区财政局,czj@example.org", "区财政局,fgw@example.org")
    result = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(example / "o")])
    assert result.exit_code == 0, result.output
    said = "通讯录中 区发改委、区财政局 的邮箱相同（fgw@example.org）：是否复制错了？（确是共用的邮箱可不理会）"
    assert result.output.count("的邮箱相同") == 1
    assert said in result.output


def test_a_line_break_stored_as_cr_lf_in_a_workbook_cell_separates_addresses(tmp_path):
    """F7: Excel stores a pasted line break as CR LF (``_x000D_``): it was refused as a control character,
    while LF and a CSV's CR LF separate addresses."""
    path = _book(tmp_path, [("Sheet1", [["单位", "邮箱"], ["区财政局", "czj@example.org\r\nczj2@example.org"]])])
    contact = read_contacts(path).by_unit["区财政局"]
    assert (contact.address, contact.more) == ("czj@example.org", (("czj2@example.org", ""),))


@pytest.mark.parametrize("header", ["所属单位", "单位全称", "对接单位", "*单位", "单位（全称）"])
def test_the_common_unit_headers_are_read_by_the_contacts(tmp_path, header):
    """F15: 所属单位 (the people sheet reads it), 单位全称 and 对接单位 were refused in a contacts table with a
    timetable's message."""
    contacts = read_contacts(_contacts(tmp_path, f"{header},邮箱\n区财政局,czj@example.org\n"))
    assert contacts.by_unit["区财政局"].address == "czj@example.org"


def test_an_address_retyped_in_other_capitals_changes_no_invite(example):
    """F17: CZJ2@Example.ORG for czj2@example.org made a new version of that person's invite (SEQUENCE 1,
    mailed again) though every mail system takes them as one mailbox."""
    from click.testing import CliRunner

    from scheduler.cli.main import main
    from tests.conftest import edit

    edit(
        example / "contacts_2021.csv",
        "区财政局,czj@example.org,刘某\n",
        "区财政局,czj@example.org、czj2@example.org,刘某、陈某\n",
    )
    out = example / "o"
    first = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(out)])
    assert first.exit_code == 0, first.output
    edit(example / "contacts_2021.csv", "czj@example.org、czj2@example.org", "CZJ@Example.org、CZJ2@Example.ORG")
    again = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert "新建 0，更新 0，取消 0" in again.output, again.output


@pytest.mark.parametrize("header", ["部门", "名称"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_contacts_table_without_a_unit_column_is_told_what_a_contacts_table_needs(tmp_path, header, lang):
    """F15 (rest): a contacts file headed 部门 was told what a timetable needs (序号、时间…、房间, 会议表…);
    now its own line: the columns found there and the headers read for 单位 and 邮箱."""
    with pytest.raises(InputError) as caught:
        read_contacts(_contacts(tmp_path, f"{header},邮箱,联系人\n区财政局,czj@example.org,刘某\n"))
    said = caught.value.text(lang)
    assert (caught.value.row, caught.value.path) == (1, str(tmp_path / "contacts.csv"))
    assert f"{header}{'、' if lang == 'zh' else ', '}邮箱" in said  # the columns found, as written
    assert "所属单位" in said and "邮箱地址" in said  # the spellings read for each needed column
    assert "会议" not in said and "房间" not in said and "Room" not in said  # nothing of a timetable


def test_a_contacts_workbook_without_a_unit_column_is_told_the_same(tmp_path):
    """The same line for a workbook (the contacts' reader passes ``contacts`` to the sheet's table)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["部门", "邮箱", "联系人"])
    sheet.append(["区财政局", "czj@example.org", "刘某"])
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_contacts(path)
    said = caught.value.text("zh")
    assert "通讯录需要“单位”和“邮箱”两列，这一行的列是：部门、邮箱、联系人" in said


def test_the_replies_find_a_units_delegates_written_in_the_other_width(example):
    """review18 F1: ``listed_delegates`` keyed a plain dict by the contacts' 区财政局(国资办), so ``replies``
    and ``send --remind`` looking up the timetable's 区财政局（国资办） fell back to the state's old 代理邮箱."""
    from scheduler.files.load import load
    from scheduler.invites.campaigns import listed_delegates
    from tests.conftest import edit

    edit(example / "notice_2021.csv", ",区财政局,", ",区财政局（国资办）,")
    path = example / "contacts_2021.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",代理邮箱"] + [
        row.replace("区财政局,", "区财政局(国资办),") + (",dl@example.org" if row.startswith("区财政局,") else ",")
        for row in rows[1:]
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    delegates = listed_delegates(load(str(example / "notice_2021.csv")))
    assert delegates is not None and "区财政局（国资办）" in delegates
    assert delegates["区财政局（国资办）"] == ("dl@example.org",)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_contacts_table_with_delegates_but_no_mail_column_is_told_the_mail_column_is_missing(tmp_path, lang):
    """review18 F6: 单位,联系人,代理邮箱 was told to rename 代理邮箱 to 邮箱, which would invite the delegates
    instead of the units."""
    with pytest.raises(InputError) as caught:
        read_contacts(_contacts(tmp_path, "单位,联系人,代理邮箱\n区财政局,刘某,dl@example.org\n"))
    said = render(caught.value.message, lang)
    assert caught.value.message.key == "input.contacts_no_mail"
    assert "代理邮箱" in said and ("改为" not in said and "name it" not in said)


def test_a_contacts_sheet_headed_address_is_chosen_beside_the_timetable(tmp_path):
    """review18 F5: the reader reads ``address`` as 邮箱, the sheet choice did not: a workbook of a timetable
    and contacts headed 单位, address was told to merge its two sheets."""
    book = _book(tmp_path, [("时间表", NOTICE), ("通讯录", [["单位", "address"], ["区财政局", "czj@example.org"]])])
    assert read_contacts(book).by_unit["区财政局"].address == "czj@example.org"


def test_a_contacts_table_with_a_unit_column_and_no_mail_column_is_told_what_it_has_and_needs():
    """leftfix18's leftover of QA qaoffice18 F15: with 单位 but no mail column the line listed "可用列：单位、
    邮箱、联系人", read by the clerk as the columns the file has; now the contacts' own line, as without 单位."""
    from scheduler.errors import InputError
    from scheduler.files.contacts import parse_contacts
    from scheduler.files.tables import parse_table

    with pytest.raises(InputError) as caught:
        parse_contacts(parse_table("单位,电话\n区财政局,123\n", "c.csv"))
    said = caught.value.text("zh")
    assert said.startswith("c.csv, 第 1 行, 列“邮箱”: 通讯录需要“单位”和“邮箱”两列，这一行的列是：单位、电话"), said
