"""The ``ics`` command and ``solve --out``: files written, regeneration, bad input named by file, row/line
and column/key with exit 2 and nothing written, the contacts path rebased into the output folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.rules_file import read_rules
from scheduler.invites.folder import read_invites
from scheduler.invites.settings import bundle_rules
from tests.conftest import edit
from tests.invite_helpers import CONTACTS, NOTICE

RULES = NOTICE.with_suffix(".toml")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [*args], env={"SOURCE_DATE_EPOCH": "1630915200", **(env or {})})


def ics_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.ics"))}


def test_ics_writes_one_file_per_unit_the_office_calendar_and_the_state(example, tmp_path):
    out = tmp_path / "out"
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "新建 29" in result.output
    names = {p.name for p in out.glob("*.ics")}
    assert len(names) == 30 and "office.ics" in names and "区自然资源局.ics" in names
    assert len(list((out / "deadlines").glob("*.ics"))) == 29
    assert (out / "state.json").exists()
    assert not list(out.rglob(".*.tmp"))


def test_a_second_run_changes_nothing_then_a_move_and_a_removal_are_reported(example, tmp_path):
    out = tmp_path / "out"
    table = example / NOTICE.name
    assert run("ics", str(table), "--out", str(out)).exit_code == 0
    before = ics_bytes(out)
    again = run("ics", str(table), "--out", str(out), env={"SOURCE_DATE_EPOCH": "1631000000"})
    assert again.exit_code == 0 and "未变 29" in again.output
    assert ics_bytes(out) == before

    edit(table, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")
    edit(table, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    edit(table, "29,9 月 10 日 17:00,柏庄镇政府,,镇办,F\n", "")
    edit(table, "28,9 月 10 日 17:00,民航路街道办事处,,镇办,F", "28,9 月 10 日 17:00,民航路街道办事处,,镇办,")
    changed = run("ics", str(table), "--out", str(out), "--lang", "en", env={"SOURCE_DATE_EPOCH": "1631000000"})
    assert changed.exit_code == 0, changed.output
    assert "0 new, 2 updated, 1 cancelled, 26 unchanged" in changed.output
    rows = [line.split() for line in changed.output.splitlines()]
    assert ["cancelled", "柏庄镇政府", "Sep", "10", "17:00", "CANCEL", "SEQUENCE", "1"] in rows
    assert ["updated", "区财政局", "Sep", "9", "8:00", "REQUEST", "SEQUENCE", "1", "was", "Sep", "8", "11:00"] in rows
    after = ics_bytes(out)
    differ = {name for name in after if after[name] != before.get(name)}
    assert differ == {
        "区财政局.ics",
        "区司法局.ics",
        "柏庄镇政府.ics",
        "deadlines/柏庄镇政府.ics",
        "office.ics",
    }
    assert b"METHOD:CANCEL" in after["柏庄镇政府.ics"]


def test_units_without_address_get_their_file_and_are_named(example, tmp_path):
    edit(example / CONTACTS.name, "区财政局,czj@example.org,刘某", "区财政局,,刘某")
    edit(example / CONTACTS.name, "洹北街道办事处,hbjd@example.org,谢某\n", "")
    out = tmp_path / "out"
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2 个单位没有邮箱" in result.output and "区财政局、洹北街道办事处" in result.output
    assert b"METHOD:PUBLISH" in (out / "区财政局.ics").read_bytes()
    assert (out / "洹北街道办事处.ics").exists()


def test_contacts_option_overrides_the_rules_file(example, tmp_path):
    other = tmp_path / "other.csv"
    text = CONTACTS.read_text(encoding="utf-8").replace("zrzyj@example.org", "land@units.test")
    other.write_bytes(text.encode("gb18030"))  # as Excel saves it on Chinese Windows
    out = tmp_path / "out"
    result = run("ics", str(example / NOTICE.name), "--contacts", str(other), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert b"mailto:land@units.test" in (out / "区自然资源局.ics").read_bytes()


def only_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize(
    ("row", "bad", "reason"),
    [
        ("区发改委,fgw@example.org,张某", "区发改委,fgw@example,张某", "域名"),
        ("区发改委,fgw@example.org,张某", "区发改委,fgw example.org,张某", "空格"),
        ("区发改委,fgw@example.org,张某", '区发改委,"fgw@example.org; FGW@example.org",张某', "写了两次"),
        ("区发改委,fgw@example.org,张某", "区发改委,fgw@example。org,张某", "。"),
    ],
)
def test_a_bad_address_names_file_row_and_column_and_writes_nothing(example, tmp_path, row, bad, reason):
    edit(example / CONTACTS.name, row, bad)
    out = tmp_path / "out"
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 2
    line = only_line(result)
    assert str(example / CONTACTS.name) in line and "第 4 行" in line and "列“邮箱”" in line and reason in line
    assert not out.exists()


def test_a_full_width_at_sign_is_folded_and_a_line_break_in_a_name_refused(example, tmp_path):
    edit(example / CONTACTS.name, "fgw@example.org", "ｆｇｗ＠example.org")
    out = tmp_path / "out"
    assert run("ics", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    assert b"mailto:fgw@example.org" in (out / "区发改委.ics").read_bytes()
    edit(
        example / CONTACTS.name,
        "区发改委,ｆｇｗ＠example.org,张某",
        '区发改委,fgw@example.org,"张某\nBcc: x@example.org"',
    )
    result = run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "out2"))
    assert result.exit_code == 2 and "第 4 行" in only_line(result) and "联系人" in only_line(result)


def line_of(path: Path, text: str) -> int:
    """The last line holding ``text``."""
    return max(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('email = "zwgk-office@example.org"', 'email = "zwgk-office@example"', "invites.organizer.email", "域名"),
        ('when = "9月26日至9月30日"', 'when = "9月26日–30日"', "milestones[4].when", "9月26日–30日"),
        ('who = "镇办"', 'who = "街道"', "milestones[3].who", "街道"),
        ('summary = "基层政务公开标准对接：{unit}"', 'summary = "对接：{unti}"', "invites.summary", "unti"),
        ("reminder_minutes = 30", "reminder_minutes = -5", "invites.reminder_minutes", "-5"),
        ('id = "inspection"', 'id = "implement"', "milestones[4].id", "implement"),
    ],
)
def test_bad_invite_keys_name_file_line_and_key(example, tmp_path, old, new, key, words):
    rules = example / RULES.name
    edit(rules, old, new)
    out = tmp_path / "out"
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 2, result.output
    line = only_line(result)
    assert line.startswith(f"{rules}, 第 {line_of(rules, new)} 行, 键“{key}”: "), line
    assert words in line
    assert not out.exists()


def test_missing_invites_table_is_bad_input_for_ics_and_skipped_by_solve(example, tmp_path):
    rules = example / RULES.name
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[: text.index("# -- Calendar invites")], encoding="utf-8")
    result = run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "[invites]" in only_line(result)
    solved = run("solve", str(example / NOTICE.name), "--out", str(tmp_path / "solved"), "--time-limit", "20")
    assert solved.exit_code == 0, solved.output
    assert "未生成日历邀请" in solved.output and not (tmp_path / "solved" / "invites").exists()


def test_a_timetable_breaking_the_rules_gets_no_invites(example, tmp_path):
    edit(example / NOTICE.name, "3,9 月 8 日 10:00,区发改委", "3,9 月 8 日 8:00,区发改委")
    result = run("ics", str(example / NOTICE.name), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "未生成邀请" in result.output
    assert not (tmp_path / "out").exists()


def test_state_of_another_campaign_is_refused_and_a_damaged_one_rebuilt(example, tmp_path):
    out = tmp_path / "out"
    assert run("ics", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    edit(example / RULES.name, 'campaign = "beiguan-2021-zwgk-26-fields"', 'campaign = "another"')
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 2 and "another" in only_line(result) and "state.json" in only_line(result)
    edit(example / RULES.name, 'campaign = "another"', 'campaign = "beiguan-2021-zwgk-26-fields"')
    before = ics_bytes(out)
    (out / "state.json").write_text("{not json", encoding="utf-8")
    result = run("ics", str(example / NOTICE.name), "--out", str(out))  # issue 13, item 6: rebuilt, not refused
    assert result.exit_code == 0 and "已损坏：已根据邀请文件和发送日志重建" in result.output
    assert "未变 29" in result.output and ics_bytes(out) == before


@pytest.mark.parametrize(
    ("where", "value"),
    [("office_file", True), ("office_file", 10**20), ("deadlines_file", True), ("deadlines_file", {"a": 1})],
)
def test_a_state_field_of_the_wrong_type_is_damage_and_rebuilt(example, tmp_path, where, value):
    """qafuzz17 #4: a bool or table where state.json holds a file name crashed ics and send (exit 70)."""
    out = tmp_path / "out"
    assert run("ics", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    before = ics_bytes(out)
    state = json.loads((out / "state.json").read_text(encoding="utf-8"))
    if where == "office_file":
        state["office_file"] = value
    else:
        state["invites"][0]["deadlines_file"] = value
    (out / "state.json").write_text(json.dumps(state), encoding="utf-8")
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 0 and "已损坏：已根据邀请文件和发送日志重建" in result.output, result.output
    assert ics_bytes(out) == before


def test_read_invites_gives_the_mailer_the_exported_bytes_and_notices_edits(example, tmp_path):
    out = tmp_path / "out"
    assert run("ics", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    invites = read_invites(out)
    assert len(invites) == 29
    first = invites[0]
    assert first.unit == "区自然资源局" and first.method == "REQUEST" and first.sequence == 0
    assert first.attendee.address == "zrzyj@example.org" and first.organizer.address == "zwgk-office@example.org"
    assert first.data == (out / "区自然资源局.ics").read_bytes()
    assert first.deadlines == (out / "deadlines" / "区自然资源局.ics").read_bytes()
    assert all(i.change == "new" for i in invites)
    (out / "区自然资源局.ics").write_bytes(first.data.replace(b"SEQUENCE:0", b"SEQUENCE:7"))
    with pytest.raises(InputError, match="改动"):
        read_invites(out)


def test_reproducible_with_source_date_epoch(example, tmp_path):
    for name in ("a", "b"):
        assert run("ics", str(example / NOTICE.name), "--out", str(tmp_path / name)).exit_code == 0
    assert ics_bytes(tmp_path / "a") == ics_bytes(tmp_path / "b")
    assert b"DTSTAMP:20210906T080000Z" in (tmp_path / "a" / "区财政局.ics").read_bytes()


def test_solve_out_writes_invites_and_copies_the_contacts_in(example, tmp_path):
    out = tmp_path / "deep" / "out"
    result = run("solve", str(example / NOTICE.name), "--out", str(out), "--objective", "stable", "--time-limit", "20")
    assert result.exit_code == 0, result.output
    assert len(list((out / "invites").glob("*.ics"))) == 30
    rules = read_rules(out / "timetable.toml")
    assert rules.extra["invites"]["contacts"] == CONTACTS.name
    assert (out / CONTACTS.name).read_bytes() == (example / CONTACTS.name).read_bytes()
    before = ics_bytes(out / "invites")
    again = run("ics", str(out / "timetable.csv"), "--out", str(out / "invites"))
    assert again.exit_code == 0, again.output
    assert "未变 29" in again.output
    assert ics_bytes(out / "invites") == before


def test_bundle_rules_copies_the_contacts_by_their_own_name_or_a_free_one(tmp_path):
    from dataclasses import replace

    rules = read_rules(RULES)
    written, files = bundle_rules(rules)
    assert written.extra["invites"]["contacts"] == CONTACTS.name
    assert files == {CONTACTS.name: CONTACTS.read_bytes()}
    absolute = rules.extra | {"invites": rules.extra["invites"] | {"contacts": str(CONTACTS)}}
    written, files = bundle_rules(replace(rules, extra=absolute), taken={CONTACTS.name})
    assert written.extra["invites"]["contacts"] == "contacts.csv"
    assert files == {"contacts.csv": CONTACTS.read_bytes()}
    assert rules.extra["invites"]["contacts"] == "contacts_2021.csv"
    plain = replace(rules, extra={k: v for k, v in rules.extra.items() if k != "invites"})
    assert bundle_rules(plain) == (plain, {})


def test_an_unknown_time_zone_is_named_by_the_rules_reader(example, tmp_path):
    """``validate`` refuses the zone ``ics`` would refuse (the rules reader checks it), as does a
    meeting table's rules reader."""
    rules = example / "notice_2021.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace('timezone = "Asia/Shanghai"', 'timezone = "Asia/Beiguan"'),
        encoding="utf-8",
    )
    line = next(n for n, text in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if "timezone" in text)
    for args in (
        ["ics", str(example / "notice_2021.csv"), "--out", str(tmp_path / "o")],
        ["validate", str(example / "notice_2021.csv")],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert (
            result.output
            == f"{rules}, 第 {line} 行, 键“timezone”: 未知的时区“Asia/Beiguan”（应为 IANA 时区名，如 Asia/Shanghai）\n"
        )
    assert not (tmp_path / "o").exists()
    table = tmp_path / "会议.csv"
    table.write_text("会议,时长,参会人员\n一,1小时,张三\n", encoding="utf-8")
    (tmp_path / "会议.toml").write_text('days = ["2025-07-15"]\ntimezone = "Mars/Base"\n[[rooms]]\nname = "甲"\n')
    result = CliRunner().invoke(main, ["validate", str(table)])
    assert result.exit_code == 2
    assert (
        result.output == f"{tmp_path / '会议.toml'}, 第 2 行, 键“timezone”: 未知的时区“Mars/Base”"
        "（应为 IANA 时区名，如 Asia/Shanghai）\n"
    )


def test_without_summary_and_description_the_defaults_are_filled_in(example, tmp_path):
    """Only ``campaign``, ``contacts`` and the organizer set: the catalog's default summary and
    description are used as templates (they once raised KeyError: 'unit')."""
    rules = example / RULES.name
    text = rules.read_text(encoding="utf-8")
    start = text.index("summary = ")
    end = text.index("# The organising office")
    rules.write_text(text[:start] + text[end:], encoding="utf-8")
    out = tmp_path / "out"
    result = run("ics", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 0, result.output
    invite = (out / "区财政局.ics").read_text(encoding="utf-8")
    assert "SUMMARY:对接：区财政局" in invite
    assert "对接单位：区财政局" in invite.replace("\r\n ", "")


def test_an_address_removed_is_said_so_not_as_a_new_address(example, tmp_path):
    """QA calendar L2: the 说明 column said 邮箱改为 —（新地址收到的是邀请） when a contact row was deleted."""
    out = tmp_path / "out"
    table = example / NOTICE.name
    assert run("ics", str(table), "--out", str(out)).exit_code == 0
    edit(example / CONTACTS.name, "区环保局,hbj@example.org,林某\n", "")
    result = run("ics", str(table), "--out", str(out), env={"SOURCE_DATE_EPOCH": "1631000000"})
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "区环保局" in line and "SEQUENCE" in line]
    assert "PUBLISH SEQUENCE 1" in line and "邮箱已删除（邀请文件需另行送达，不会发送）" in line
    assert "邮箱改为" not in result.output
    english = run("ics", str(table), "--out", str(tmp_path / "en"), "--lang", "en")
    assert english.exit_code == 0


def test_the_files_written_are_counted_honestly(example, tmp_path):
    """QA calendar L4: an export that wrote nothing said 已写入邀请：…（60 个文件）."""
    out = tmp_path / "out"
    table = example / NOTICE.name
    first = run("ics", str(table), "--out", str(out))
    assert f"已写入邀请：{out}（60 个文件）" in first.output
    again = run("ics", str(table), "--out", str(out), env={"SOURCE_DATE_EPOCH": "1631000000"})
    assert f"已写入邀请：{out}（1 个文件；其余 59 个未变）" in again.output  # the state: each invite now "unchanged"
    third = run("ics", str(table), "--out", str(out), env={"SOURCE_DATE_EPOCH": "1632000000"})
    assert third.exit_code == 0 and f"邀请文件未变：{out}（60 个文件都与上次相同，未写入）" in third.output
    assert "已写入邀请" not in third.output
    edit(table, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")
    edit(table, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    moved = run("ics", str(table), "--out", str(out), env={"SOURCE_DATE_EPOCH": "1631000000"})
    # the two invites, the office's calendar and the state
    assert f"已写入邀请：{out}（4 个文件；其余 56 个未变）" in moved.output, moved.output


def test_a_milestone_already_past_in_a_campaign_to_come_is_told_once(example, tmp_path):
    """QA qadst23 F9: ``when = "9月13日"`` for a campaign whose days were moved to next year took this
    year's day, already past, and went into the deadline calendars without a word. Told (a hint, exit 0),
    on the rules file's line and key; a campaign entirely over says nothing of its milestones."""
    import re

    from click.testing import CliRunner

    from scheduler.cli.main import main

    rules = example / "notice_2021.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace(
            'days = ["2021-09-08", "2021-09-09", "2021-09-10"]', 'days = ["2022-01-10", "2022-01-11", "2022-01-12"]'
        )
    )
    table = example / "notice_2021.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([rows[0]] + [re.sub(r"^(\d+),[^,]*,", r"\1,,", r) for r in rows[1:]]) + "\n")
    env = {"DOCKING_NOW": "2021-10-01T09:00+08:00", "DOCKING_LANG": "en"}
    args = ["solve", str(example / "notice_2021.csv"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "already past" in line]
    assert len(notes) == 5, notes  # the four of September and the quarterly one's first date
    assert notes[1] == (
        f"{rules}, line 79, key milestones[2].when: note: milestone "
        "'报送政务公开标准目录和栏目设置纸质版（加盖单位公章，主要领导签字）' falls on 2021-09-13, already past "
        "(today is 2021-10-01; the meetings start on 2022-01-10): a day without its year takes the year nearest "
        "the campaign; if another year is meant, write it. Written into the calendars as it is"
    )
    over = CliRunner().invoke(main, args, env={**env, "DOCKING_NOW": "2022-02-01T09:00+08:00"})
    assert over.exit_code == 0 and "already past" not in over.stderr
