"""How offices say time: parts of a day (上午, 下午, 全天), "only mornings", links on the command line,
and a CSV for old Excel (GBK) or in the notice's notation."""

from __future__ import annotations

import json
from datetime import datetime, time

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.changes import parse_changes
from scheduler.files.load import load
from scheduler.text.times import TimeRefused, parse_times, split_times
from tests.conftest import edit

YEAR = lambda month, day: 2021  # noqa: E731


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"DOCKING_LANG": "", "SOURCE_DATE_EPOCH": "1630915200"})


def at(day: int, hour: int) -> datetime:
    return datetime(2021, 9, day, hour)


NOTICE_SLOTS = [at(d, h) for d in (8, 9, 10) for h in (8, 9, 10, 11, 15, 16, 17, 18)]


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        ("9月8日下午", [at(8, h) for h in (15, 16, 17, 18)]),
        ("9月8日 上午", [at(8, h) for h in (8, 9, 10, 11)]),
        ("2021-09-09 下午", [at(9, h) for h in (15, 16, 17, 18)]),
        ("9月10日全天", [at(10, h) for h in (8, 9, 10, 11, 15, 16, 17, 18)]),
        ("上午", [s for s in NOTICE_SLOTS if s.hour < 12]),
        ("每天下午", [s for s in NOTICE_SLOTS if s.hour >= 12]),
        ("全天", NOTICE_SLOTS),
        ("晚上", [at(d, 18) for d in (8, 9, 10)]),  # 晚上6点 too (review §7: it covered none)
        ("9月8日下午至9月9日上午", [at(8, h) for h in (15, 16, 17, 18)] + [at(9, h) for h in (8, 9, 10, 11)]),
        ("9月8日下午3点-5点", [at(8, 15), at(8, 16)]),  # clock time: 15:00 to 17:00, the 17:00 meeting after it
        ("９月８日　下午", [at(8, h) for h in (15, 16, 17, 18)]),
    ],
)
def test_parts_of_a_day_cover_the_meetings_offices_mean(text, covered):
    """Parts of a day by the meetings' starts (an 18:00 hour is the afternoon's, and the evening's: 下午6点 and
    晚上6点 both name it), as unavailable or as only."""
    times = parse_times(text, YEAR)
    assert times.meetings(NOTICE_SLOTS, 60, whole=False) == covered
    assert times.meetings(NOTICE_SLOTS, 60, whole=True) == covered


def grid(*hours: tuple[int, int]) -> list[datetime]:
    return [datetime(2021, 9, 8, h, m) for h, m in hours]


HOUR = grid((8, 0), (9, 0), (10, 0), (11, 0))
NINETY = grid((8, 30), (10, 0), (14, 30), (16, 0))
FORTY = grid((8, 0), (8, 40), (9, 20), (10, 0), (10, 40))


@pytest.mark.parametrize(
    ("slots", "minutes", "text", "away", "only"),
    [
        # an hour each: a clock span takes the meetings it overlaps; only, those wholly within it
        (HOUR, 60, "9月8日 9:00-11:00", grid((9, 0), (10, 0)), grid((9, 0), (10, 0))),
        (HOUR, 60, "9月8日 9:00", grid((9, 0)), grid((9, 0))),
        (HOUR, 60, "9月8日 9:30", grid((9, 0)), []),  # no meeting starts at 9:30
        (HOUR, 60, "9月8日 9:30-10:30", grid((9, 0), (10, 0)), []),
        # 90 minutes (the report's 甲局): away 9:00-10:00 is the 8:30 meeting, not the 10:00 one; only
        # 9:00-10:00 holds no meeting; one moment, 11:00, is the 10:00-11:30 meeting
        (NINETY, 90, "9月8日 9:00-10:00", grid((8, 30)), []),
        (NINETY, 90, "9月8日 11:00", grid((10, 0)), []),
        (NINETY, 90, "9月8日 8:30-11:30", grid((8, 30), (10, 0)), grid((8, 30), (10, 0))),
        (NINETY, 90, "9月8日 10:00", grid((10, 0)), grid((10, 0))),  # the meeting starting then
        (NINETY, 90, "9月8日上午", grid((8, 30), (10, 0)), grid((8, 30), (10, 0))),  # by start
        # 40 minutes
        (FORTY, 40, "9月8日 9:00-10:00", grid((8, 40), (9, 20)), grid((9, 20))),
        (FORTY, 40, "9月8日 10:00-11:20", grid((10, 0), (10, 40)), grid((10, 0), (10, 40))),
        (FORTY, 40, "9月8日 8:00 至 9月8日 9:20", grid((8, 0), (8, 40)), grid((8, 0), (8, 40))),
    ],
)
def test_clock_spans_take_the_meetings_running_in_them(slots, minutes, text, away, only):
    """A span is clock time: unavailable takes every meeting that overlaps it (a moment: the meeting
    running then), only keeps the meetings wholly within it. By start, a 90-minute meeting at 8:30
    was free of 9:00-10:00 and one at 10:00 was wholly outside it yet within its only."""
    times = parse_times(text, YEAR)
    assert times.meetings(slots, minutes, whole=False) == away
    assert times.meetings(slots, minutes, whole=True) == only


NINETY_RULES = 'days = ["2025-06-09"]\nhours = ["8:30", "10:00", "14:30", "16:00"]\nmeeting_minutes = 90\n'


def ninety(tmp_path, rules: str, table: str = "序号,时间,单位\n1,,甲局\n2,,乙局\n"):
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    (tmp_path / "t.toml").write_text(NINETY_RULES + rules, encoding="utf-8")
    return str(tmp_path / "t.csv")


def start_of(document: str, unit: str) -> str:
    return next(m["start"] for m in json.loads(document)["timetable"] if m["unit"] == unit)


def test_ninety_minute_meetings_keep_a_units_absence_and_its_window(tmp_path):
    """The report's 甲局: solve, validate and the refusal read a span the same way (one rule)."""
    away = '[[unavailable]]\nunit = "甲局"\ntimes = "6月9日 9:00-10:00"\n'
    checked = run("validate", ninety(tmp_path, away, "序号,时间,单位\n1,6月9日 8:30,甲局\n2,6月9日 10:00,乙局\n"))
    assert checked.exit_code == 1
    assert "甲局 安排在 6月9日 8:30，但该时间不能参加" in checked.output
    solved = run("solve", ninety(tmp_path, away), "--json")
    assert solved.exit_code == 0, solved.output
    assert start_of(solved.output, "甲局") == "2025-06-09T10:00:00+08:00"
    only = '[[only]]\nunit = "甲局"\ntimes = "6月9日 9:00-10:00"\n'
    refused = run("solve", ninety(tmp_path, only), "--lang", "en")
    assert refused.exit_code == 2
    assert refused.output.endswith("key only[1].times: no whole meeting (90 minutes) fits in '6月9日 9:00-10:00'\n")
    at_eleven = run("reschedule", ninety(tmp_path, ""), "--unavailable", "甲局@6月9日 11:00", "--json")
    assert at_eleven.exit_code == 0, at_eleven.output
    assert start_of(at_eleven.output, "甲局") == "2025-06-09T08:30:00+08:00"  # not the 10:00-11:30 meeting


@pytest.mark.parametrize("text", ["下午茶", "9月8日傍晚", "9月8日下午至9月7日上午", "每天", ""])
def test_what_is_not_a_time_is_refused(text):
    with pytest.raises(ValueError):
        parse_times(text, YEAR)


LATE = grid((20, 0), (21, 0), (22, 0), (23, 0))


@pytest.mark.parametrize(
    ("text", "late"),
    [
        ("9月8日 20:00-24:00", LATE),
        ("9月8日 10pm-12am", LATE[2:]),
        ("9月8日 20:00-晚上12点", LATE),
        ("9月8日 20点-24点", LATE),
    ],
)
def test_an_absence_may_run_to_the_days_end_as_the_hours_may(text, late):
    """qafuzz17 #8: the last hours of a day that runs to 24:00 could not be said as an absence."""
    times = parse_times(text, YEAR)
    assert times.meetings(LATE, 60, whole=False) == late and times.meetings(LATE, 60, whole=True) == late


def test_an_empty_span_is_refused_as_an_empty_period_is():
    with pytest.raises(TimeRefused) as caught:
        parse_times("9月8日 8:00-8:00", YEAR)
    assert caught.value.key == "time.empty_span"


def test_a_value_may_list_several_times():
    assert split_times("9月8日下午、9月9日上午；9月10日") == ["9月8日下午", "9月9日上午", "9月10日"]


def test_unavailable_and_only_on_the_command_line(notice):
    changes = parse_changes(notice, unavailable=["区财政局@9月8日下午、9月9日上午"])
    (entry,) = changes.unavailable
    assert sorted(entry.starts) == [at(8, h) for h in (15, 16, 17, 18)] + [at(9, h) for h in (8, 9, 10, 11)]
    only = parse_changes(notice, only=["区财政局@上午", "区财政局@9月10日下午"])
    (entry,) = only.unavailable
    assert sorted(entry.starts) == [at(d, h) for d in (8, 9) for h in (15, 16, 17, 18)]


def test_reschedule_only_afternoons_moves_a_unit_met_in_the_morning(example, tmp_path):
    out = tmp_path / "out"
    result = run("reschedule", str(example / "notice_2021.csv"), "--only", "区财政局@下午", "--out", str(out))
    assert result.exit_code == 0, result.output
    moved = next(line for line in result.output.splitlines() if line.startswith("区财政局"))
    assert moved.split()[1:3] == ["9月8日", "11:00"]
    assert int(moved.split()[-1].split(":")[0]) >= 15
    assert run("validate", str(out / "timetable.csv")).exit_code == 0  # the written rules keep the restriction
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert "[[unavailable]]" in rules and "区财政局" in rules


def test_only_and_parts_of_a_day_in_the_rules_file(example):
    rules = example / "notice_2021.toml"
    with rules.open("a", encoding="utf-8") as out:
        out.write('\n[[only]]\nunit = "区财政局"\ntimes = ["下午"]\n')
        out.write('\n[[unavailable]]\nunit = "区发改委"\ntimes = ["9月9日上午、9月10日全天"]\n')
    loaded = load(example / "notice_2021.csv")
    blocked = {u.unit: sorted(u.starts) for u in loaded.problem.unavailable}
    assert blocked["区财政局"] == [s for s in NOTICE_SLOTS if s.time() < time(12)]
    assert blocked["区发改委"] == [at(9, h) for h in (8, 9, 10, 11)] + [
        at(10, h) for h in (8, 9, 10, 11, 15, 16, 17, 18)
    ]
    checked = run("validate", str(example / "notice_2021.csv"), "--lang", "en")
    assert checked.exit_code == 1
    assert "区财政局 is at Sep 8 11:00, when it cannot come" in checked.output


def test_a_bad_part_of_a_day_is_one_line_naming_option_or_key(example):
    result = run("reschedule", str(example / "notice_2021.csv"), "--unavailable", "区财政局@9月8日傍晚")
    assert result.exit_code == 2
    assert result.output == (
        "--unavailable “区财政局@9月8日傍晚”："
        "无法识别的时间“9月8日傍晚”（例：9月8日 8:00-11:00、9月8日下午、9月8日、上午）\n"
    )
    rules = example / "notice_2021.toml"
    with rules.open("a", encoding="utf-8") as out:
        out.write('\n[[only]]\nunit = "区财政局"\ntimes = ["9月8日 20:00-22:00"]\n')
    result = run("validate", str(example / "notice_2021.csv"), "--lang", "en")
    assert result.exit_code == 2
    assert result.output.endswith("key only[1].times: '9月8日 20:00-22:00' covers no meeting slot\n")


def test_link_on_the_command_line(example, tmp_path):
    out = tmp_path / "out"
    table = str(example / "notice_2021.csv")
    result = run("reschedule", table, "--link", "区财政局，区住建局", "--out", str(out), "--time-format", "iso")
    assert result.exit_code == 0, result.output
    rows = {
        line.split(",")[2]: line.split(",")[1]
        for line in (out / "timetable.csv").read_text("utf-8-sig").splitlines()[1:]
    }
    first, then = datetime.fromisoformat(rows["区财政局"]), datetime.fromisoformat(rows["区住建局"])
    assert then.date() == first.date() and then > first
    assert not any(first < datetime.fromisoformat(t) < then for t in rows.values())
    assert 'first = "区财政局"' in (out / "timetable.toml").read_text(encoding="utf-8")
    assert run("validate", str(out / "timetable.csv")).exit_code == 0

    added = run("reschedule", table, "--add", "区统计局,部门", "--link", "区统计局,区发改委")
    assert added.exit_code == 0, added.output


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("区财政局", "格式不对，应为 FIRST,THEN"),
        ("区财政局,区财政厅", "表中没有单位“区财政厅”"),
        ("区财政局,区财政局", "区财政局 不能紧随自己"),
        ("区自然资源局,区发改委", "紧随关系 区自然资源局 → 区发改委 与另一条冲突"),
    ],
)
def test_a_bad_link_is_one_line_naming_the_option(example, value, says):
    result = run("reschedule", str(example / "notice_2021.csv"), "--link", value)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "--link" in result.output and says in result.output, result.output


def test_gbk_csv_for_old_excel_and_the_notices_notation(tmp_path):
    out = tmp_path / "out"
    result = run("solve", "--out", str(out), "--encoding", "gbk", "--time-format", "notice", "--format", "csv")
    assert result.exit_code == 0, result.output
    data = (out / "timetable.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("gbk").splitlines()
    assert lines[0] == "序号,时间,单位,备注,类别,并行组"
    assert lines[1] == "1,9月8日 8:00,区自然资源局,,部门,"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert run("validate", str(out / "timetable.csv")).exit_code == 0


def test_a_name_gbk_cannot_write_is_named_and_nothing_is_written(example, tmp_path):
    edit(example / "notice_2021.csv", "区财政局", "区财政局𠮷")
    edit(example / "contacts_2021.csv", "区财政局", "区财政局𠮷")
    out = tmp_path / "out"
    result = run("solve", str(example / "notice_2021.csv"), "--out", str(out), "--encoding", "gbk")
    assert result.exit_code == 2
    table = example / "notice_2021.csv"
    assert (
        result.output == f"{table}, 第 5 行, 列“单位”: “区财政局𠮷”中的字符“𠮷”无法用 gbk 编码写出："
        "请改用 --encoding utf-8（或 gb18030）\n"
    )
    assert not out.exists()


def test_links_are_a_change_in_python_too(notice):
    import scheduler
    from scheduler import Changes, Link, Unit

    changes = Changes(add=(Unit("区统计局", "部门"),), links=(Link("区统计局", "区发改委"),))
    result = scheduler.replan(notice.problem, changes, time_limit=20)
    starts = result.require().starts()
    slots = notice.problem.calendar.slots
    assert slots.index(starts["区发改委"]) == slots.index(starts["区统计局"]) + 1
    assert starts["区发改委"].date() == starts["区统计局"].date()


def test_noon_hours_in_the_rules_and_options_are_afternoon_hours(example):
    """中午1点 is 13:00 wherever a time is read (one parser): in the rules' hours, and a 中午 hour that
    means nothing is one line naming the value, not a guess."""
    edit(example / "notice_2021.toml", '"11:00", "15:00"', '"11:00", "中午1点", "15:00"')
    assert time(13) in load(str(example / "notice_2021.csv")).problem.calendar.hours
    result = run("reschedule", str(example / "notice_2021.csv"), "--unavailable", "区财政局@9月8日 中午8点")
    assert result.exit_code == 2
    # docsaudit #17: the line said "无法识别的时间" and gave unrelated forms; formats.md promises it says the
    # word and the hour disagree, and what to write
    assert result.output == (
        "--unavailable “区财政局@9月8日 中午8点”："
        "“中午8点”：中午没有 8 点（中午是 11:00 至 14:59），请写 8:00 或 20:00\n"
    )
    late = run(
        "--lang", "en", "reschedule", str(example / "notice_2021.csv"), "--unavailable", "区文广体旅局@9月8日 下午7点"
    )
    assert late.exit_code == 2
    assert late.output == (
        "--unavailable '区文广体旅局@9月8日 下午7点': '下午7点': 下午 has no 7 o'clock (下午 is 12:00 to 18:59),"
        " write 7:00 or 19:00\n"
    )


def test_a_gb18030_table_with_a_rare_character_is_written_back_in_gb18030(example, tmp_path):
    """A GBK file is read as GB18030; written back "in its own encoding" as gbk, the rare character it was
    read with was refused. GB18030 writes it, and every GBK character as GBK does."""
    table = example / "notice_2021.csv"
    text = table.read_text(encoding="utf-8").replace("区司法局", "区𠀀司法局")
    table.write_bytes(text.encode("gb18030"))
    edit(example / "contacts_2021.csv", "区司法局", "区𠀀司法局")
    out = tmp_path / "out"
    result = run("reschedule", str(table), "--drop", "区财政局", "--out", str(out), "--format", "csv")
    assert result.exit_code == 0, result.output
    data = (out / "timetable.csv").read_bytes()
    assert "区𠀀司法局" in data.decode("gb18030")
    header = data.splitlines()[0]
    assert header == "序号,时间,单位,备注,类别,并行组".encode("gbk")
    solved = run("solve", str(table), "--out", str(tmp_path / "o2"), "--encoding", "gb18030", "--format", "csv")
    assert solved.exit_code == 0, solved.output
    assert "区𠀀司法局" in (tmp_path / "o2" / "timetable.csv").read_bytes().decode("gb18030")


def test_gb18030_writes_every_gbk_character_as_gbk_does():
    for code in range(0x80, 0x10000):
        char = chr(code)
        try:
            gbk = char.encode("gbk")
        except UnicodeEncodeError:
            continue
        assert char.encode("gb18030") == gbk, hex(code)


# -- a half-day closed for everyone; hours as working periods -------------------------------------


def test_a_half_day_closed_for_every_unit(example):
    """``unit = "*"`` (or ``"全部"``, as milestones say it) is every unit: Friday afternoon off is one
    entry, not one per unit (the report's 41)."""
    with (example / "notice_2021.toml").open("a", encoding="utf-8") as out:
        out.write('\n[[unavailable]]\nunit = "*"\ntimes = "9月8日下午"\n')
        out.write('\n[[only]]\nunit = "全部"\ntimes = ["9月8日", "9月9日", "9月10日上午"]\n')
    loaded = load(example / "notice_2021.csv")
    blocked = {u.unit: u.starts for u in loaded.problem.unavailable}
    assert set(blocked) == {u.name for u in loaded.problem.units}
    closed = {at(8, h) for h in (15, 16, 17, 18)} | {at(10, h) for h in (15, 16, 17, 18)}
    assert all(starts == closed for starts in blocked.values())
    checked = run("validate", str(example / "notice_2021.csv"), "--lang", "en")
    assert checked.exit_code == 1
    assert "is at Sep 8 15:00, when it cannot come" in checked.output


def test_hours_written_as_working_periods(example):
    """``hours`` as a meeting table writes them (``"9:00-11:30"``): meetings back to back from each
    period's start, each ending by its end; once refused as 无法识别的时刻."""
    rules = example / "notice_2021.toml"
    edit(
        rules,
        'hours = ["8:00", "9:00", "10:00", "11:00", "15:00", "16:00", "17:00", "18:00"]\nmeeting_minutes = 60',
        'hours = ["9:00-11:30", "14:30-17:30", "19:00"]\nmeeting_minutes = 30',
    )
    hours = [f"{h.hour}:{h.minute:02d}" for h in load(example / "notice_2021.csv").problem.calendar.hours]
    assert hours == [
        "9:00",
        "9:30",
        "10:00",
        "10:30",
        "11:00",
        "14:30",
        "15:00",
        "15:30",
        "16:00",
        "16:30",
        "17:00",
        "19:00",
    ]
    edit(rules, '"19:00"]', '"19:00-19:20"]')
    refused = run("validate", str(example / "notice_2021.csv"), "--lang", "en")
    assert refused.exit_code == 2
    assert refused.output.endswith("key hours: working period 19:00-19:20 holds no meeting (30 minutes each)\n")


# Weekdays (QA notices #3): the notice's days are 9月8日 (a Wednesday) to 9月10日 (a Friday).


def test_weekdays_on_the_command_line(notice):
    asked = {"unavailable": ["区财政局@周三"], "only": ["区发改委@星期五上午"], "pins": ["区民政局@礼拜四 9:00"]}
    changes = parse_changes(notice, **asked)
    blocked = {u.unit: sorted(u.starts) for u in changes.unavailable}
    assert blocked["区财政局"] == [at(8, h) for h in (8, 9, 10, 11, 15, 16, 17, 18)]
    assert blocked["区发改委"] == [s for s in NOTICE_SLOTS if s not in (at(10, 8), at(10, 9), at(10, 10), at(10, 11))]
    assert [(p.unit, p.start) for p in changes.pins] == [("区民政局", at(9, 9))]


def test_a_weekday_that_is_no_meeting_day_is_one_line_naming_the_option(example):
    result = run("reschedule", str(example / "notice_2021.csv"), "--unavailable", "区财政局@周六")
    assert result.exit_code == 2
    assert result.output == "--unavailable “区财政局@周六”：对接日期（9月8日、9月9日、9月10日）中没有星期六\n"


def test_a_weekday_of_two_meeting_days_means_both_but_is_refused_for_a_pin(example):
    """With 9月15日 a meeting day too, 周三 is two days: who cannot come on 周三 cannot on either, and a
    pin at 周三 9:00 is refused with the dates, not guessed."""
    edit(example / "notice_2021.toml", '"2021-09-10"]', '"2021-09-10", "2021-09-15"]')
    with (example / "notice_2021.toml").open("a", encoding="utf-8") as out:
        out.write('\n[[unavailable]]\nunit = "区财政局"\ntimes = ["周三上午"]\n')
    loaded = load(example / "notice_2021.csv")
    (entry,) = [u for u in loaded.problem.unavailable if u.unit == "区财政局"]
    assert sorted(entry.starts) == [datetime(2021, 9, d, h) for d in (8, 15) for h in (8, 9, 10, 11)]
    result = run("reschedule", str(example / "notice_2021.csv"), "--pin", "区民政局@周三 9:00")
    assert result.exit_code == 2
    assert result.output == (
        "--pin “区民政局@周三 9:00”：周三是对接日期中的 2 天（9月8日、9月15日）：这里只能是一个时间，请写明日期\n"
    )


def test_a_date_with_its_weekday_in_the_table_and_the_days(example):
    """Notices print 9月8日（星期三）: read, and checked against the date."""
    edit(example / "notice_2021.csv", "9 月 8 日 8:00", "9月8日（星期三）8:00")
    edit(example / "notice_2021.toml", '"2021-09-10"]', '"2021-09-10（星期五）"]')
    assert load(example / "notice_2021.csv").timetable.meetings[0].start == at(8, 8)
    edit(example / "notice_2021.csv", "9月8日（星期三）8:00", "9月8日（星期六）8:00")
    result = run("validate", str(example / "notice_2021.csv"))
    assert result.exit_code == 2
    assert result.output.endswith("第 2 行, 列“时间”: 9月8日是星期三，不是星期六\n")
    edit(example / "notice_2021.toml", '"2021-09-10（星期五）"]', '"2021-09-10（星期四）"]')
    result = run("validate", str(example / "notice_2021.csv"), "--lang", "en")
    assert result.exit_code == 2
    assert result.output.endswith("key days: Sep 10 is a Friday, not a Thursday\n")


def test_a_meeting_tables_busy_times_read_weekdays():
    from scheduler.files.meeting_files import busy_spans
    from scheduler.text.times import year_resolver

    days = [datetime(2025, 7, d).date() for d in (16, 17, 23)]  # two Wednesdays and a Thursday
    spans = busy_spans("王主任", "周三下午、周四 9:00", year_resolver(days), days)
    assert [(b.start, b.end) for b in spans] == [
        (datetime(2025, 7, 16, 12), datetime(2025, 7, 16, 18, 59, 59)),
        (datetime(2025, 7, 23, 12), datetime(2025, 7, 23, 18, 59, 59)),
        (datetime(2025, 7, 17, 9), datetime(2025, 7, 17, 9, 1)),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_date_wrapped_onto_two_lines_is_one_time_and_two_complete_times_are_two(newline):
    """review18 F9: ``7月15日⏎下午`` (Alt+Enter, or a notice's wrapped text) is one afternoon, as with a
    space, not all of 7月15日 and every afternoon; QA qaoffice18 F2's ``5月19日上午⏎5月20日上午`` stays two."""
    assert split_times(f"7月15日{newline}下午") == ["7月15日 下午"]
    assert split_times(f"7月15日（周三）{newline}9:00-11:00") == ["7月15日（周三） 9:00-11:00"]
    assert split_times(f"周三{newline}上午") == ["周三 上午"]
    assert split_times(f"5月19日上午{newline}5月20日上午") == ["5月19日上午", "5月20日上午"]
    assert split_times(f"7月15日{newline}7月16日") == ["7月15日", "7月16日"]
    assert split_times(f"周三上午{newline}周四上午") == ["周三上午", "周四上午"]
    assert split_times(f"上午{newline}下午") == ["上午", "下午"]


def test_a_busy_cell_wrapped_onto_two_lines_is_one_span():
    """review18 F9: the 不可用 of ``7月15日⏎下午`` kept the person out of every afternoon, and
    ``7月15日⏎9:00-11:00`` was refused; both were one time before line breaks separated times."""
    from scheduler.files.meeting_files import busy_spans
    from scheduler.text.times import year_resolver

    days = [datetime(2026, 7, d).date() for d in range(13, 18)]
    spans = busy_spans("王主任", "7月15日\n下午", year_resolver(days), days)
    assert [(b.start, b.end) for b in spans] == [(datetime(2026, 7, 15, 12), datetime(2026, 7, 15, 18, 59, 59))]
    spans = busy_spans("王主任", "7月15日\n9:00-11:00", year_resolver(days), days)
    assert [(b.start, b.end) for b in spans] == [(datetime(2026, 7, 15, 9), datetime(2026, 7, 15, 11))]


def test_the_encoding_is_checked_a_cell_at_a_time_and_a_character_only_in_a_cell_that_fails(monkeypatch):
    """5,000 rows checked a character at a time took 40-80 ms of every ``solve --out`` (issue 16)."""
    from scheduler.export import outputs
    from scheduler.files.load import load
    from tests.conftest import NOTICE

    table = load(NOTICE).table
    assert table is not None
    asked: list[str] = []
    real = outputs._encodable
    monkeypatch.setattr(outputs, "_encodable", lambda text, encoding: asked.append(text) or real(text, encoding))
    outputs.check_encoding(table, "gbk")
    assert len(asked) == len(table.columns) + sum(len(row.cells) for row in table.rows)
