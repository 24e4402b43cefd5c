"""The rules file's invite keys and the address check, piece by piece."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.errors import InputError
from scheduler.files.addresses import AddressError, check_address, visible
from scheduler.files.rules_file import dump_rules, read_rules
from scheduler.invites.settings import invite_settings
from tests.invite_helpers import NOTICE

BASE = NOTICE.with_suffix(".toml").read_text(encoding="utf-8")


def settings_of(tmp_path, text: str):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return invite_settings(read_rules(path))


def test_the_notice_settings():
    settings = invite_settings(read_rules(NOTICE.with_suffix(".toml")))
    assert settings.campaign == "beiguan-2021-zwgk-26-fields"
    assert settings.organizer.name == "北关区人民政府办公室"
    assert [m.id for m in settings.milestones] == [
        "implement",
        "hand-in-departments",
        "hand-in-towns",
        "inspection",
        "quarterly-report",
    ]
    implement, departments, towns, inspection, quarterly = settings.milestones
    assert implement.who == () and implement.dates == ((date(2021, 9, 11), date(2021, 9, 25)),)
    assert departments.who == ("部门",) and departments.dates == ((date(2021, 9, 13), date(2021, 9, 13)),)
    assert towns.who == ("镇办",) and towns.dates == ((date(2021, 9, 15), date(2021, 9, 15)),)
    assert inspection.dates == ((date(2021, 9, 26), date(2021, 9, 30)),)
    assert [d for d, _ in quarterly.dates] == [
        date(2021, 9, 30),
        date(2021, 12, 31),
        date(2022, 3, 31),
        date(2022, 6, 30),
    ]


def test_toml_dates_and_star_are_accepted(tmp_path):
    text = BASE + '\n[[milestones]]\nid = "extra"\nwhat = "x"\nwho = "*"\nwhen = [2021-10-08, "10月9日"]\n'
    extra = settings_of(tmp_path, text).milestones[-1]
    assert extra.who == ()
    assert extra.dates == ((date(2021, 10, 8), date(2021, 10, 8)), (date(2021, 10, 9), date(2021, 10, 9)))


@pytest.mark.parametrize(
    ("addition", "key"),
    [
        ('\n[[milestones]]\nid = "t"\nwhat = "x"\nwhen = "9月13日 17:00"\n', "milestones[6].when"),
        ('\n[[milestones]]\nid = "t"\nwhat = "x"\n', "milestones[6].when"),
        ('\n[[milestones]]\nwhat = "x"\nwhen = "9月13日"\n', "milestones[6].id"),
        ('\n[[milestones]]\nid = "t"\nwhat = "a\\nb"\nwhen = "9月13日"\n', "milestones[6].what"),
    ],
)
def test_bad_milestones_name_line_and_key(tmp_path, addition, key):
    with pytest.raises(InputError) as caught:
        settings_of(tmp_path, BASE + addition)
    error = caught.value
    assert error.key == key
    assert error.line is not None and error.line > BASE.count("\n")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('summary = "基层政务公开标准对接：{unit}"', 'summary = "对接：{unit}\\n第二行"', "U+000A"),
        ('summary = "基层政务公开标准对接：{unit}"', 'summary = "对接：{unit}\\r\\nBcc: x@example.invalid"', "U+000D"),
        ('campaign = "beiguan-2021-zwgk-26-fields"', 'campaign = "a\\tb"', "U+0009"),
    ],
)
def test_a_key_of_one_line_with_a_line_break_says_so_naming_file_line_and_key(tmp_path, old, new, code):
    """The value is text; what is wrong is the line break (an attempt to add a mail header, or a slip)."""
    assert old in BASE
    with pytest.raises(InputError) as caught:
        settings_of(tmp_path, BASE.replace(old, new))
    error = caught.value
    key = new.split(" =")[0]
    assert error.key == f"invites.{key}" and error.path == str(tmp_path / "rules.toml")
    assert BASE.splitlines()[error.line - 1] == old
    assert error.text("zh").endswith(f"“{key}”只能写一行：其中有换行或控制字符 {code}（见源代码的 docs/formats.md）")
    assert error.text("en").endswith(
        f"'{key}' must be one line: it holds a line break or control character {code} "
        "(see the source's docs/formats.md)"
    )


def test_errors_in_a_dumped_rules_file_still_name_the_line(tmp_path):
    rules = read_rules(NOTICE.with_suffix(".toml"))
    text = dump_rules(rules).decode("utf-8").replace('email = "zwgk-office@example.org"', 'email = ""')
    with pytest.raises(InputError) as caught:
        settings_of(tmp_path, text)
    lines = text.splitlines()
    assert caught.value.key == "invites.organizer.email"
    assert lines[caught.value.line - 1] == 'email = ""'


def test_missing_invites_table(tmp_path):
    with pytest.raises(InputError) as caught:
        settings_of(tmp_path, BASE[: BASE.index("# -- Calendar invites")])
    assert caught.value.key == "invites"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zrzyj@example.org", "zrzyj@example.org"),
        ("  ZRZYJ@Example.ORG ", "ZRZYJ@example.org"),
        ("ｚｒｚｙｊ＠ｅｘａｍｐｌｅ．ｏｒｇ", "zrzyj@example.org"),
        ("a.b+c@units.test", "a.b+c@units.test"),
        ("x@bgq.local", "x@bgq.local"),
        ("王@例子.中国", "王@例子.中国"),
    ],
)
def test_addresses_accepted(text, expected):
    assert check_address(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("zrzyj", "address.no_at"),
        ("zrzyj@example", "address.domain"),
        ("zrzyj@example。org", "address.fullwidth_dot"),
        ("a@example.org,b@example.org", "address.several"),
        ("a@@example.org", "address.double_at"),  # newcomer12: a typo, not "one address per unit"
        ("a@example.orgb@example.org", "address.several"),
        ("a@example.org;b@@example.org", "address.several"),
        ("a b@example.org", "address.space"),
        ("a@example.org\r\nBcc: b@example.org", "address.control"),
        (".a@example.org", "address.local"),
        ("a..b@example.org", "address.local"),
        ("a@-example.org", "address.domain"),
        ("a@example.123", "address.domain"),
        ("@example.org", "address.local"),
    ],
)
def test_addresses_refused(text, reason):
    with pytest.raises(AddressError) as caught:
        check_address(text)
    assert caught.value.reason == reason


def test_a_doubled_at_among_delegates_is_a_typo_not_a_missing_separator():
    from scheduler.files.addresses import check_addresses

    with pytest.raises(AddressError) as caught:
        check_addresses("mishu@@example.org、bgs@example.org")
    assert caught.value.reason == "address.double_at"
    with pytest.raises(AddressError) as caught:
        check_addresses("mishu@example.org bgs@example.org")
    assert caught.value.reason == "address.separate"
    separators = "a@example.org；b@example.org,c@example.org，d@example.org\ne@example.org ; f@example.org"
    assert check_addresses(separators) == tuple(f"{x}@example.org" for x in "abcdef")


def test_visible_writes_out_line_breaks():
    assert visible("张某\nBcc:\x00") == "张某\\nBcc:\\x00"


def test_a_message_may_have_a_value_called_key(tmp_path):
    # Message("…", key=…) used to raise TypeError (the key argument clashed with the catalog key)
    path = tmp_path / "rules.toml"
    path.write_text(BASE.replace("meeting_minutes = 60", 'meeting_minutes = "60"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rules(path)
    assert "meeting_minutes" in caught.value.text("en")
