"""An English-headed table's errors name its own headers, and a missing column lists the accepted
headers in the run's language (QA english14 F1); ``Unit, Name, Email`` reads as a contacts table, the
name being the contact's (F16)."""

from __future__ import annotations

import pytest

from scheduler.errors import InputError
from scheduler.files.contacts import parse_contacts
from scheduler.files.load import build
from scheduler.files.rules_file import parse_rules
from scheduler.files.tables import parse_table

RULES = parse_rules(
    {"days": ["2026-03-02"], "hours": ["9:00", "10:00"], "categories": ["Department"], "rooms": [{"name": "R1"}]},
    "t.toml",
)


def _error(text: str, lang: str = "en") -> str:
    with pytest.raises(InputError) as caught:
        build(parse_table(text, "t.csv"), RULES)
    return caught.value.text(lang)


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ("Finance,2026-03-02 25:00,Department,R1", "Time"),
        ("Finance,2026-03-02 12:00,Department,R1", None),  # outside the hours: only with strict
        ("Finance,,Dept,R1", "Category"),
        ("Finance,,Department,R9", "Room"),
    ],
)
def test_a_unit_tables_error_names_the_header_as_written(cells, column):
    text = f"Unit,Time,Category,Room\n{cells}\n"
    if column is None:
        with pytest.raises(InputError) as caught:
            build(parse_table(text, "t.csv"), RULES, strict=True)
        assert caught.value.text("en").startswith("t.csv, row 2, column Time: ")
        return
    assert _error(text).startswith(f"t.csv, row 2, column {column}: ")
    assert _error(text, "zh").startswith(f"t.csv, 第 2 行, 列“{column}”: ")


def test_a_missing_column_lists_the_headers_in_the_runs_language():
    with pytest.raises(InputError) as caught:
        parse_table("No.,Name2,Time\n1,a,b\n", "t.csv")
    english, chinese = caught.value.text("en"), caught.value.text("zh")
    assert "a unit table needs Unit, a meeting table needs Meeting and Participants" in english
    assert "(unit table columns: No., Time, Unit, Note, Category, Group, Room)" in english
    assert "（单位表可用列：序号、时间、单位、备注、类别、并行组、房间）" in chinese
    # the category column, which the rules' categories ask for: said so, and its names not as "the known
    # columns" (which read as the columns the file has: "缺少这一列（可用列：类别）", QA a11y17 #19)
    assert _error("Unit,Time\nFinance,\n").endswith(
        "this column is missing: the rules' categories need each unit's category (it may be headed: Category)"
    )
    assert _error("单位,时间\n区财政局,\n", "zh").endswith(
        "缺少这一列：规则的 categories 要求每个单位有类别（列名可写作：类别）"
    )


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        ("Unit,Time\nFinance,\n", "column Category", "列“Category”"),  # review14 F14: not 类别
        ("单位,时间\n财政局,\n", "column Category", "列“类别”"),  # a Chinese table: the run's language
        ("Meeting,Time\nSync,\n", "column Participants", "列“Participants”"),
        ("会议,时间\n周会,\n", "column Participants", "列“参会人员”"),
        ("Time,Category\n,Dept\n", "column Unit", "列“Unit”"),
    ],
)
def test_a_missing_column_is_named_in_the_tables_language(text, english, chinese):
    """review14 F14: a column the header lacks is named in the table's language (its English word under an
    English header), else in the run's; one rule (``tables.column_name``) for every table's errors."""
    for lang, where in (("en", english), ("zh", chinese)):
        with pytest.raises(InputError) as caught:
            build(parse_table(text, "t.csv"), RULES)
        assert f"t.csv, {'row 1' if lang == 'en' else '第 1 行'}, {where}" in caught.value.text(lang)


def test_a_header_naming_one_column_twice_names_both_headers():
    with pytest.raises(InputError) as caught:
        parse_table("Unit,单位名称,Time\na,b,\n", "t.csv")
    assert caught.value.text("en") == (
        "t.csv, row 1, column 单位名称: the columns 'Unit' and '单位名称' both mean Unit: remove or rename one of them"
    )


def test_unit_name_email_reads_as_contacts_with_the_name_as_the_contact_person():
    contacts = parse_contacts(parse_table("Unit,Name,Email\nFinance Dept.,Jane Doe,finance@example.org\n", "c.csv"))
    found = contacts.get("Finance Dept.")
    assert found is not None and (found.address, found.person) == ("finance@example.org", "Jane Doe")
    alone = parse_contacts(parse_table("Name,Email\nFinance Dept.,finance@example.org\n", "c.csv"))
    assert alone.get("Finance Dept.") is not None  # alone, Name is the unit
    for header in ("Unit,Email Address,Contact", "Unit,E-mail Address,Contact Person"):
        read = parse_contacts(parse_table(f"{header}\nFinance Dept.,finance@example.org,Jane Doe\n", "c.csv"))
        assert (
            read.get("Finance Dept.") == read.get("Finance Dept.")
            and read.by_unit["Finance Dept."].person == "Jane Doe"
        )


def test_a_contacts_table_without_an_address_column_lists_the_english_headers():
    with pytest.raises(InputError) as caught:
        parse_contacts(parse_table("Unit,Phone\nFinance Dept.,123\n", "c.csv"))
    said = caught.value.text("en")
    # the columns found as the header writes them, and what a contacts table needs (QA qaoffice18 F15:
    # "known columns: Unit, Email, Contact" was read as the columns the file has)
    assert said.startswith("c.csv, row 1, column Email: a contacts table needs a unit column and a mail column")
    assert "this row has: Unit, Phone" in said and "unit" in said and "邮箱" in said


def test_a_unit_table_with_unit_and_name_keeps_the_name_as_its_own_column():
    table = parse_table("Unit,Name,Category\nFinance Dept.,Jane Doe,Department\n", "u.csv")
    assert table.columns == ["单位", "Name", "类别"] and table.rows[0].get("Name") == "Jane Doe"
