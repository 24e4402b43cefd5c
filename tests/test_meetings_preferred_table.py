"""A meeting table's 时段偏好 (Preferred time): read in the words a window is written in, weighed by
default when written, a bad value refused on one line (file, row, column, exit 2), and the wishes met
counted by ``solve`` and told by ``validate`` (as information, never a violation)."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main as cli
from scheduler.domain.meetings import Window
from scheduler.files.meeting_files import load_meetings
from scheduler.meetings.terms import DEFAULT, PREFERRED

ENV = {"DOCKING_LANG": None}

RULES = """title = "答辩"
days = ["2027-05-19", "2027-05-20"]
hours = ["8:30-11:30", "14:00-17:00"]
grid_minutes = 30
rooms = [{ name = "A101" }]
"""


def _table(tmp_path: Path, rows: list[str], header: str = "会议,时长,参会人员,时段偏好") -> Path:
    (tmp_path / "t.toml").write_text(RULES, encoding="utf-8")
    path = tmp_path / "t.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_column_reads_as_windows_do(tmp_path):
    path = _table(
        tmp_path,
        [
            "甲,90,张,上午",
            "乙,90,李,不晚于 16:00",
            "丙,90,王,5月20日上午",
            "丁,90,赵,5月19日、5月20日 8:30-11:30",
            "戊,90,钱,",
        ],
    )
    loaded = load_meetings(str(path))
    prefer = {s.title: s.prefer for s in loaded.problem.sessions}
    assert prefer["甲"] == (Window("morning"),)
    assert prefer["乙"] == (Window(not_after=time(16)),)
    assert prefer["丙"] == (Window("morning", datetime(2027, 5, 20), datetime(2027, 5, 21)),)
    assert prefer["丁"] == (
        Window(not_before=datetime(2027, 5, 19), not_after=datetime(2027, 5, 20)),
        Window(not_before=datetime(2027, 5, 20, 8, 30), not_after=datetime(2027, 5, 20, 11, 30)),
    )
    assert prefer["戊"] == ()
    assert PREFERRED in loaded.objective  # written wishes are weighed by default


def test_no_wish_no_term(tmp_path):
    loaded = load_meetings(str(_table(tmp_path, ["甲,90,张,"])))
    assert loaded.objective == DEFAULT


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "t.csv, 第 3 行, 列“时段偏好”: 时段偏好“傍晚前后”读不懂"),
        ("en", "t.csv, row 3, column 时段偏好: cannot read the preferred time '傍晚前后'"),
    ],
)
def test_a_bad_value_is_refused_on_one_line(tmp_path, lang, said):
    path = _table(tmp_path, ["甲,90,张,上午", "乙,90,李,傍晚前后"])
    result = CliRunner().invoke(cli, ["solve", str(path), "--lang", lang, "--time-limit", "5"], env=ENV)
    assert result.exit_code == 2
    assert said in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_solve_and_validate_say_the_wishes_met(tmp_path):
    """Three meetings of one person wish for the morning of one day, which holds two: solved, 2 of 3 met;
    ``validate`` tells the third by name and window, as information (exit 0); JSON counts them."""
    path = _table(tmp_path, ["甲,90,张,5月19日上午", "乙,90,张,5月19日上午", "丙,90,张,5月19日上午"])
    out = tmp_path / "out"
    solved = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "10", "--out", str(out)], env=ENV)
    assert solved.exit_code == 0, solved.output
    assert "时段偏好：满足 2/3" in solved.output
    checked = CliRunner().invoke(cli, ["validate", str(out / "timetable.csv")], env=ENV)
    assert checked.exit_code == 0, checked.output
    assert "时段偏好：满足 2/3" in checked.output
    assert "不在其时段偏好（5月19日上午）内" in checked.output  # in the words written (QA qaoffice18 F10)
    english = CliRunner().invoke(cli, ["validate", str(out / "timetable.csv"), "--lang", "en"], env=ENV)
    assert "Preferred times: 2 of 3 met" in english.output
    assert "is outside its preferred time (morning of May 19)" in english.output
    document = json.loads(CliRunner().invoke(cli, ["validate", str(out / "timetable.csv"), "--json"], env=ENV).output)
    assert (document["preferences"]["written"], document["preferences"]["met"]) == (3, 2)
    assert document["terms"]["preferred-time"] == 1


def test_the_english_header_and_solve_json(tmp_path):
    """``Preferred time`` is the column in English; ``solve --json`` counts the wishes met."""
    path = _table(
        tmp_path, ["甲,90,张,morning", "乙,90,张,not after 16:00"], header="Meeting,Length,Participants,Preferred time"
    )
    loaded = load_meetings(str(path))
    assert [s.prefer for s in loaded.problem.sessions] == [(Window("morning"),), (Window(not_after=time(16)),)]
    solved = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "10", "--json"], env=ENV)
    document = json.loads(solved.output)
    assert document["preferences"] == {"written": 2, "met": 2, "unmet": [], "unplaced": 0}
    assert document["terms"]["preferred-time"] == 0


def test_a_persons_wish_in_the_people_sheet_is_refused(tmp_path):
    """A people sheet's 时段偏好 would be kept and not read: refused on one line, saying where a wish goes."""
    path = _table(tmp_path, ["甲,90,张,"])
    (tmp_path / "people.csv").write_text("姓名,时段偏好\n张,上午\n", encoding="utf-8")
    rules = tmp_path / "t.toml"
    rules.write_text(RULES + 'people = "people.csv"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)], env=ENV)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{tmp_path / 'people.csv'}, 第 1 行, 列“时段偏好”: 人员表的“时段偏好”列不读：时段偏好是会议的，不是人的；"
        "请写在此人所参加会议的行上（会议表的“时段偏好”列）"
    )


@pytest.mark.parametrize(
    "header",
    [
        "时间偏好",
        "偏好",
        "希望时间",
        "期望时间",
        "首选时间",
        "会议时间偏好",
        "Time preference",
        "Preferences",
        "Preferred",
    ],
)
def test_a_look_alike_header_of_the_wishes_is_refused(tmp_path, header):
    """QA jobs17 F6: 时间偏好, 希望时间, Time preference ... were kept as unknown columns and not read, every
    wish dropped with exit 0; refused on the header's row like other columns' look-alikes."""
    path = _table(tmp_path, ["甲,90,张,上午"], header=f"会议,时长,参会人员,{header}")
    result = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "5"], env=ENV)
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        f"{path}, 第 1 行, 列“{header}”: 会议表的“{header}”列像是“时段偏好”，但读不出：请把表头改为“时段偏好”"
        "（认得的表头见源代码的 docs/formats.md“Headers”）"
    )


def test_a_header_merely_holding_the_word_is_kept(tmp_path):
    """A column of its own that holds 偏好 among other words (饮食偏好) is kept and not read, as before."""
    path = _table(tmp_path, ["甲,90,张,素食"], header="会议,时长,参会人员,饮食偏好")
    assert load_meetings(str(path)).problem.sessions[0].prefer == ()


def test_a_wish_no_timetable_can_meet_is_told_when_the_table_is_read(tmp_path):
    """QA jobs17 F1: a wish for a day outside ``days`` (a typo: 5月22日 for 5月20日) or a time outside the
    hours was taken silently and only shown unmet after the solve; a hint on stderr names its row and
    column when the table is read (solve and validate), the table still solved (exit 0)."""
    path = _table(tmp_path, ["甲,90,张,5月22日", "乙,90,李,上午", "丙,90,王,不早于 17:30"])
    out = tmp_path / "out"
    solved = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "10", "--out", str(out)], env=ENV)
    assert solved.exit_code == 0, solved.output
    hints = [line for line in solved.stderr.splitlines() if "任何时间表都无法满足" in line]
    assert hints == [
        f"{path}, 第 2 行, 列“时段偏好”: 时段偏好“5月22日”不在会议日期或工作时间内，任何时间表都无法满足"
        "（只作提示，仍按未满足计；请核对日期或改写偏好）",
        f"{path}, 第 4 行, 列“时段偏好”: 时段偏好“不早于 17:30”不在会议日期或工作时间内，任何时间表都无法满足"
        "（只作提示，仍按未满足计；请核对日期或改写偏好）",
    ]
    assert "时段偏好：满足 1/3" in solved.stdout
    checked = CliRunner().invoke(cli, ["validate", str(out / "timetable.csv"), "--lang", "en"], env=ENV)
    assert checked.exit_code == 0, checked.output
    assert "row 2, column 时段偏好: the preferred time '5月22日' lies outside the meeting days" in checked.stderr


def test_validate_of_a_table_that_breaks_a_rule_still_tells_the_wishes(tmp_path):
    """QA jobs17 F5: with a rule broken, text ``validate`` said only the violations (``--json`` had the
    wishes); an office repairing the table wants both in one look. The wish lines follow the faults."""
    path = _table(
        tmp_path,
        ["甲,90,张,下午,5月19日 8:30", "乙,90,李,上午,5月19日 8:30"],
        header="会议,时长,参会人员,时段偏好,时间",
    )
    checked = CliRunner().invoke(cli, ["validate", str(path)], env=ENV)
    assert checked.exit_code == 1, checked.output
    said = checked.stdout.splitlines()
    assert said[0].startswith("时间表有 1 处违反规则")
    assert said[-2:] == ["时段偏好：满足 1/2", "  会议“甲”安排在 5月19日 8:30—10:00，不在其时段偏好（下午）内"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "会议“甲”安排在 5月19日 8:30—10:00，不在其时段偏好（不早于 9:00）内"),
        ("en", "meeting '甲' at May 19 8:30-10:00 is outside its preferred time (not before 9:00)"),
    ],
)
def test_a_single_bound_wish_is_said_in_its_own_words(tmp_path, lang, said):
    """QA jobs17 F4: ``不早于 9:00`` unmet was told as ``同时满足不早于 9:00`` / ``all of not before 9:00``, a
    combination the office never wrote."""
    path = _table(tmp_path, ["甲,90,张,不早于 9:00,5月19日 8:30"], header="会议,时长,参会人员,时段偏好,时间")
    checked = CliRunner().invoke(cli, ["validate", str(path), "--lang", lang], env=ENV)
    assert checked.exit_code == 0, checked.output
    assert said in checked.stdout


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_line_break_separates_wishes_as_in_the_other_list_cells(tmp_path, newline):
    """QA qaoffice18 F2: 时段偏好 typed on two lines (Excel's Alt+Enter; a CSV cell quoted with a line
    break) was refused, while 不可用, 参会人员 and 邮箱 of the same workbook take a line break as a separator."""
    path = _table(tmp_path, [f'甲,90,张,"5月19日上午{newline}5月20日上午"'])
    prefer = load_meetings(str(path)).problem.sessions[0].prefer
    assert prefer == (
        Window("morning", datetime(2027, 5, 19), datetime(2027, 5, 20)),
        Window("morning", datetime(2027, 5, 20), datetime(2027, 5, 21)),
    )


@pytest.mark.parametrize("header", ["时间段偏好", "偏好时间段", "优先时段", "优先时间", "优先时间段"])
def test_the_everyday_spellings_of_the_wishes_header_are_refused_as_look_alikes(tmp_path, header):
    """QA qaoffice18 F5: 时间段偏好, 偏好时间段, 优先时段 were kept and not read, every wish dropped with exit 0."""
    path = _table(tmp_path, ["甲,90,张,上午"], header=f"会议,时长,参会人员,{header}")
    result = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "5"], env=ENV)
    assert result.exit_code == 2, result.output
    assert f"会议表的“{header}”列像是“时段偏好”，但读不出：请把表头改为“时段偏好”" in result.output


@pytest.mark.parametrize(
    "header", ["时段偏好（选填）", "时段偏好(可选)", "时段偏好*", "*时段偏好", "Preferred time (optional)"]
)
def test_a_known_header_with_a_templates_mark_is_read_as_that_column(tmp_path, header):
    """QA qaoffice18 F5: office templates mark optional columns 时段偏好（选填）; read as 时段偏好."""
    path = _table(tmp_path, ["甲,90,张,上午"], header=f"会议,时长,参会人员,{header}")
    assert load_meetings(str(path)).problem.sessions[0].prefer == (Window("morning"),)


def test_an_annotated_note_column_still_reaches_the_table(tmp_path):
    """QA qaoffice18 F5: 备注（选填） was kept and not read: the notes never reached invites or the .docx."""
    path = _table(tmp_path, ["甲,90,张,请带材料"], header="会议,时长,参会人员,备注（选填）")
    loaded = load_meetings(str(path))
    assert loaded.table.labels["备注"] == "备注（选填）"
    assert loaded.table.rows[0].get("备注") == "请带材料"


def test_a_part_of_day_written_once_after_a_list_of_days_holds_for_each(tmp_path):
    """QA qaoffice18 F13: 周二、周三上午 read as "all of Tuesday, or Wednesday morning", so a Tuesday-afternoon
    placing was told as 满足; in office writing it is both mornings. A whole day said as such stays one."""
    path = _table(
        tmp_path,
        [
            "甲,90,张,5月19日、5月20日上午",
            "乙,90,李,5月19日全天、5月20日上午",
            "丙,90,王,5月19日、上午",
            "丁,90,赵,5月19日下午、5月20日",
            "戊,90,钱,周三、周四上午",
        ],
    )
    prefer = {s.title: s.prefer for s in load_meetings(str(path)).problem.sessions}
    day19, day20, day21 = datetime(2027, 5, 19), datetime(2027, 5, 20), datetime(2027, 5, 21)
    assert prefer["甲"] == (Window("morning", day19, day20), Window("morning", day20, day21))
    assert prefer["乙"] == (Window("", day19, day20), Window("morning", day20, day21))
    assert prefer["丙"] == (Window("", day19, day20), Window("morning"))
    assert prefer["丁"] == (Window("afternoon", day19, day20), Window("", day20, day21))
    assert prefer["戊"] == prefer["甲"]


def test_an_office_s_before_and_after_a_clock_read_as_the_bounds(tmp_path):
    """QA qaoffice18 F8: 10点前, 16点以前, 9点以后, 上午9点前 were refused; they are how an office writes 不晚于 /
    不早于."""
    path = _table(
        tmp_path,
        ["甲,90,张,10点前", "乙,90,李,16点以前", "丙,90,王,9点以后", "丁,90,赵,上午9点半前", "戊,90,钱,下午3点后"],
    )
    prefer = {s.title: s.prefer for s in load_meetings(str(path)).problem.sessions}
    assert prefer["甲"] == (Window(not_after=time(10)),)
    assert prefer["乙"] == (Window(not_after=time(16)),)
    assert prefer["丙"] == (Window(not_before=time(9)),)
    assert prefer["丁"] == (Window("morning", not_after=time(9, 30)),)
    assert prefer["戊"] == (Window("afternoon", not_before=time(15)),)


def test_an_excel_date_serial_as_a_wish_is_named_with_its_date(tmp_path):
    """QA qaoffice18 F8: 45854 (a date in a General column) got the generic line, not the serial's hint."""
    path = _table(tmp_path, ["甲,90,张,46527"])
    result = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "5"], env=ENV)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{path}, 第 2 行, 列“时段偏好”: 时段偏好“46527”像是 Excel 的日期序号（5月20日）：请写成“5月20日”，"
        "或把这一列设为日期格式"
    )


def test_a_wish_against_its_own_rows_part_of_day_is_told_when_the_table_is_read(tmp_path):
    """QA qaoffice18 F16: 时段 上午 with 时段偏好 下午 was only shown unmet after the solve (read as the
    solver's failure); a hint names the row and column, the table still solved (exit 0)."""
    path = _table(tmp_path, ["甲,90,张,上午,下午", "乙,90,李,上午,上午"], header="会议,时长,参会人员,时段,时段偏好")
    solved = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "10"], env=ENV)
    assert solved.exit_code == 0, solved.output
    hints = [line for line in solved.stderr.splitlines() if "任何时间表都无法满足" in line]
    assert hints == [
        f"{path}, 第 2 行, 列“时段偏好”: 时段偏好“下午”与本行的时段、不早于或不晚于矛盾，任何时间表都无法满足"
        "（只作提示，仍按未满足计；请核对这一行）"
    ]


def test_a_weekday_with_its_date_in_brackets_reads_as_the_date_first_form(tmp_path):
    """QA qaoffice18 F14: 周三（7月16日）上午 was refused while 7月16日（周三）上午 and 周三 7月16日 上午 were read;
    its weekday is checked against the date as in the other forms."""
    path = _table(tmp_path, ["甲,90,张,周三（5月19日）上午", "乙,90,李,5月19日（周三）上午"])
    prefer = {s.title: s.prefer for s in load_meetings(str(path)).problem.sessions}
    assert prefer["甲"] == prefer["乙"] == (Window("morning", datetime(2027, 5, 19), datetime(2027, 5, 20)),)
    wrong = _table(tmp_path, ["甲,90,张,周四（5月19日）上午"])
    result = CliRunner().invoke(cli, ["solve", str(wrong), "--time-limit", "5"], env=ENV)
    assert result.exit_code == 2 and "星期三" in result.output and "星期四" in result.output, result.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "会议“甲”安排在 5月20日 8:30—10:00，不在其时段偏好（周三上午）内"),
        ("en", "meeting '甲' at May 20 8:30-10:00 is outside its preferred time (morning of May 19)"),
    ],
)
def test_an_unmet_wish_is_told_in_the_words_written(tmp_path, lang, said):
    """QA qaoffice18 F10: 周三上午 unmet was told as （5月19日的上午）, words the clerk searching the table
    never wrote (in English the wish is said in English, as before)."""
    path = _table(tmp_path, ["甲,90,张,周三上午,5月20日 8:30"], header="会议,时长,参会人员,时段偏好,时间")
    checked = CliRunner().invoke(cli, ["validate", str(path), "--lang", lang], env=ENV)
    assert checked.exit_code == 0, checked.output
    assert said in checked.stdout


def test_a_weekday_wish_outside_the_days_is_told_not_refused(tmp_path):
    """QA qamscale18 F8: ``周五下午`` in a campaign with no Friday (moved from the week it was written for)
    refused the whole table (exit 2, in a unit table's 对接日期) where a date outside the days is a hint;
    now the same hint naming row and column, the table solved and the wish counted unmet. A weekday that
    is a meeting day (周三) is read as before."""
    path = _table(tmp_path, ["甲,90,张,周五下午", "乙,90,李,5月22日", "丙,90,王,周三上午、周五"])
    solved = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "5"], env=ENV)
    assert solved.exit_code == 0, solved.output
    hints = [line for line in solved.stderr.splitlines() if "任何时间表都无法满足" in line]
    assert [h.split(": ")[0] for h in hints] == [f"{path}, 第 2 行, 列“时段偏好”", f"{path}, 第 3 行, 列“时段偏好”"]
    assert "时段偏好“周五下午”不在会议日期或工作时间内" in hints[0]
    assert "时段偏好：满足 1/3" in solved.stdout


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "会议日期（5月19日、5月20日）中没有星期五"),
        ("en", "none of the meeting days (May 19, May 20) is a Friday"),
    ],
)
def test_a_busy_weekday_outside_the_days_is_refused_in_a_meeting_tables_words(tmp_path, lang, said):
    """QA qamscale18 F8: a busy time (where refusing is right) said 对接日期, a unit table's word, in a
    meeting table's message; it says 会议日期 (meeting days)."""
    path = _table(tmp_path, ["甲,90,张,上午"])
    rules = tmp_path / "t.toml"
    rules.write_text(RULES + '[[unavailable]]\nperson = "张"\ntimes = ["周五"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path), "--lang", lang], env=ENV)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "对接" not in result.output


def test_validate_names_the_first_twenty_wishes_missed_and_how_many_more(tmp_path):
    """QA qamscale18 F11: ``validate`` printed one line per meeting outside its wish (811 lines at 2,000
    meetings); the optional participants' lines stop at 20 and say how many more, so do these."""
    (tmp_path / "t.toml").write_text(RULES.replace('[{ name = "A101" }]', '[{ name = "A" }, { name = "B" }]'))
    clocks = ["8:30", "9:00", "9:30", "10:00", "10:30", "11:00"]
    times = [f"{day} {clock}" for day in ("5月19日", "5月20日") for clock in clocks]
    rows = [f"会{i:02d},30,人{i:02d},下午,{times[i // 2]},{'AB'[i % 2]}" for i in range(24)]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(["会议,时长,参会人员,时段偏好,时间,会议室", *rows]) + "\n", encoding="utf-8")
    for lang, more in (("zh", "  ……另有 4 个会议不在其时段偏好内"), ("en", "  … and 4 more meetings outside their")):
        checked = CliRunner().invoke(cli, ["validate", str(path), "--lang", lang], env=ENV)
        assert checked.exit_code == 0, checked.output
        said = checked.stdout.splitlines()
        start = next(i for i, line in enumerate(said) if line.startswith(("时段偏好", "Preferred times")))
        assert said[start].endswith(("0/24", "0 of 24 met"))
        assert len([line for line in said[start + 1 :] if "会议“会" in line or "meeting '会" in line]) == 20
        assert said[start + 21].startswith(more)


def test_many_wishes_no_timetable_meets_are_told_twenty_then_how_many_more(tmp_path):
    """QA qamscale18 F11: every solve, reschedule and validate told one stderr line per wish no timetable
    meets (231 lines before the answer); the first 20 are told, then one line says how many more."""
    path = _table(tmp_path, [f"会{i:02d},30,人{i:02d},5月22日" for i in range(23)])
    solved = CliRunner().invoke(cli, ["solve", str(path), "--time-limit", "5"], env=ENV)
    assert solved.exit_code == 0, solved.output
    said = solved.stderr.splitlines()
    assert len([line for line in said if "时段偏好“5月22日”" in line]) == 20
    assert f"{path}, 列“时段偏好”: ……另有 3 个会议的时段偏好同样任何时间表都无法满足" in solved.stderr


def test_the_page_tells_as_many_unmeetable_wishes_as_the_commands(tmp_path):
    """review18 F4: the web page put up one notice per wish no timetable meets (2,000 at 2,000 meetings),
    the commands 20 and how many more; both take one helper."""
    from scheduler.web.notices import wish_hints

    path = _table(tmp_path, [f"会{i:02d},30,人{i:02d},5月22日" for i in range(23)])
    said = wish_hints(load_meetings(str(path)), "zh")
    assert len(said) == 21 and all("时段偏好“5月22日”" in line for line in said[:20])
    assert said[20].startswith(f"{path.name}, 列“时段偏好”: ……另有 3 个会议的时段偏好同样任何时间表都无法满足")


def test_days_a_year_apart_are_refused_in_a_meeting_tables_words(tmp_path):
    """QA qamscale18 F8 (the words): the rules' days read by the shared reader said 对接日期, a unit
    table's word, in a meeting table's refusal; it says 会议日期."""
    path = _table(tmp_path, ["甲,90,张,上午"])
    rules = tmp_path / "t.toml"
    rules.write_text(RULES.replace('"2027-05-20"', '"2028-05-20"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)], env=ENV)
    assert result.exit_code == 2, result.output
    assert "会议日期 2027-05-19 与下一个日期 2028-05-20 相隔 367 天" in result.output


def test_a_wish_wrapped_onto_two_lines_is_one_time(tmp_path):
    """review18 F9: ``5月19日⏎上午`` is the morning of 5月19日, not the whole day or any morning."""
    path = _table(tmp_path, ['甲,90,张,"5月19日\n上午"'])
    prefer = load_meetings(str(path)).problem.sessions[0].prefer
    assert prefer == (Window("morning", datetime(2027, 5, 19), datetime(2027, 5, 20)),)
