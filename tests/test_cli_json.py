"""``--json`` on validate, solve, reschedule and explain: one document on stdout, the text's exit codes, the
library's own values (docs/cli.md, "JSON output")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import scheduler
from scheduler.cli.main import main
from scheduler.files.load import load
from scheduler.text.messages import render
from tests.conftest import MEETINGS_FILES, NOTICE, ROOT, copy_examples, edit

MEETINGS = ROOT / "examples" / "meetings_2025.csv"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": ""})


def answer(*args: str | Path, code: int = 0) -> dict:
    """The one document ``args --json`` prints (its whole standard output), after checking the exit code."""
    result = run(*args, "--json")
    assert result.exit_code == code, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def local(text: str | None) -> datetime | None:
    """An ISO time of a document as the naive local time the library speaks, after checking its offset."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() == timedelta(hours=8), text  # the rules' Asia/Shanghai
    return moment.replace(tzinfo=None)


def broken_notice(folder: Path) -> Path:
    """The notice with two violations: 区发改委 shares 区政府420房间 with a unit outside its parallel group,
    and a street office meets before the departments."""
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    table = folder / "notice_2021.csv"
    edit(table, "3,9 月 8 日 10:00,区发改委", "3,9 月 8 日 9:00,区发改委")
    edit(table, "21,9 月 10 日 10:00,灯塔路街道办事处", "21,9 月 8 日 10:00,灯塔路街道办事处")
    return table


def infeasible_notice(folder: Path) -> Path:
    """The notice with a pin and an unavailability that cannot hold together (docs/explanations.md's)."""
    table = broken_notice(folder)
    shutil.copy(NOTICE, table)
    with (folder / "notice_2021.toml").open("a", encoding="utf-8") as rules:
        rules.write('\n[[pins]]\nunit = "红旗路街道办事处"\ntime = "9月9日 8:00"\n')
        rules.write('\n[[unavailable]]\nunit = "区财政局"\ntimes = ["9月8日", "9月9日 8:00-11:00"]\n')
    return table


# -- validate


def test_validate_a_valid_table_is_one_document_and_exit_0():
    result = run("validate", NOTICE, "--json")
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert document == {
        "schema": 1,
        "command": "validate",
        "file": str(NOTICE),
        "kind": "units",
        "lang": "zh",
        "ok": True,
        "violations": [],
    }


def test_validate_names_each_violation_as_the_library_and_the_text_do(tmp_path):
    table = broken_notice(tmp_path)
    document = answer("validate", table, "--lang", "en", code=1)
    loaded = load(table)
    report = scheduler.validate(loaded.problem, loaded.timetable)
    assert [v["rule"] for v in document["violations"]] == report.rules_broken() == ["allowed-sharing", "category-order"]
    for said, found in zip(document["violations"], report.violations, strict=True):
        assert said["message"] == render(found.message, "en")
        assert said["units"] == list(found.units)
        assert said["rooms"] == list(found.rooms)
        assert [local(t) for t in said["times"]] == list(found.times)
    sharing = document["violations"][0]
    assert sharing["rooms"] == ["区政府420房间"]
    assert sharing["times"] == ["2021-09-08T09:00:00+08:00"]
    # each line of the text is the document's message, rule and title
    text = run("validate", table, "--lang", "en").stdout.splitlines()[1:]
    assert [f"{v['message']}  [rule {v['rule']}: {v['title']}]" for v in document["violations"]] == text
    chinese = answer("validate", table, code=1)
    assert chinese["lang"] == "zh" and chinese["violations"][0]["title"] == "只有同一并行组的单位可同时对接"


# -- solve and reschedule


def test_solve_gives_the_librarys_status_score_and_a_timetable_that_validates():
    document = answer("solve", NOTICE)
    problem = load(NOTICE).problem
    library = scheduler.solve(problem)
    assert document["status"] == library.status.value == "optimal"
    assert document["proven"] is library.proven is True
    assert document["objective"] == "compact"
    assert document["score"] == library.score.as_dict() == document["bound"]
    assert isinstance(document["runtime"], float)
    rows = document["timetable"]
    timetable = scheduler.Timetable(tuple(scheduler.Meeting(r["unit"], local(r["start"]), r["room"]) for r in rows))
    assert scheduler.validate(problem, timetable).ok
    assert [r["unit"] for r in rows] == [u.name for u in problem.units]  # the text's order
    assert all(local(r["end"]) - local(r["start"]) == timedelta(minutes=60) for r in rows)
    assert [r["category"] for r in rows] == [problem.unit(r["unit"]).category for r in rows]
    assert document["slots_used"] == len({r["start"] for r in rows})
    assert document["last_meeting"] == max(r["start"] for r in rows)
    assert document["conflict"] is None and "moves" not in document


def test_solve_stable_says_who_moved():
    document = answer("solve", NOTICE, "--objective", "stable")
    assert document["objective"] == "stable"
    assert document["score"]["moved"] == 0
    assert document["moves"] == document["room_changes"] == document["withdrawn"] == []


def test_no_timetable_is_a_document_with_the_conflict_and_exit_1(tmp_path):
    table = infeasible_notice(tmp_path)
    out = tmp_path / "out"
    result = run("solve", table, "--out", out, "--json", "--lang", "en")
    assert result.exit_code == 1 and result.stderr == ""
    document = json.loads(result.stdout)
    library = scheduler.solve(load(table).problem)
    assert document["status"] == library.status.value == "infeasible"
    assert document["timetable"] is None and document["score"] is None and document["slots_used"] is None
    conflict = library.conflict
    said = document["conflict"]
    assert [r["rule"] for r in said["rules"]] == [i.rule for i in conflict.instances]
    assert [r["message"] for r in said["rules"]] == [render(conflict.told(i)[0], "en") for i in conflict.instances]
    assert said["rules"][-1]["names"] == ["红旗路街道办事处"]
    assert said["text"] == conflict.text("en")
    assert said["proven"] is said["minimal"] is True and said["reason"] is None
    assert not out.exists()


def test_reschedule_lists_the_moves_against_the_tables_times(tmp_path):
    table = broken_notice(tmp_path)
    shutil.copy(NOTICE, table)
    document = answer("reschedule", table, "--unavailable", "区财政局@9月8日", "--drop", "区发改委")
    before = load(table).timetable.starts()
    after = {r["unit"]: local(r["start"]) for r in document["timetable"]}
    assert document["command"] == "reschedule" and document["objective"] == "stable"
    assert document["withdrawn"] == [{"unit": "区发改委", "start": "2021-09-08T10:00:00+08:00"}]
    moved = {m["unit"]: (local(m["before"]), local(m["after"])) for m in document["moves"]}
    assert "区财政局" in moved
    assert moved == {u: (before[u], after[u]) for u in after if before[u] != after[u]}
    assert document["score"]["moved"] == len(moved)


def test_out_with_json_writes_the_files_and_says_so_on_stderr(tmp_path, example):
    out = tmp_path / "out"
    result = run("solve", example / NOTICE.name, "--out", out, "--format", "csv", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["status"] == "optimal"
    assert "timetable.csv" in result.stderr
    assert run("validate", out / "timetable.csv").exit_code == 0


# -- explain


def test_explain_is_feasible_or_the_librarys_minimal_conflict(tmp_path):
    feasible = answer("explain", NOTICE)
    assert feasible["status"] == "feasible" and feasible["conflict"] is None
    table = infeasible_notice(tmp_path)
    document = answer("explain", table, code=1)
    found = scheduler.explain(load(table).problem)
    assert document["status"] == "infeasible"
    assert [r["rule"] for r in document["conflict"]["rules"]] == [i.rule for i in found.instances]
    assert [r["title"] for r in document["conflict"]["rules"]] == [
        render(found.told(i)[1], "zh") for i in found.instances
    ]
    assert document["conflict"]["minimal"] is found.minimal is True


# -- meeting tables


@pytest.fixture(scope="module")
def solved_meetings(tmp_path_factory) -> tuple[dict, Path]:
    """``solve --json --out`` on the meetings' worked example: its document and the folder written."""
    out = tmp_path_factory.mktemp("meet") / "meet"
    return answer(
        "solve", copy_examples(out.parent / "in", MEETINGS_FILES) / MEETINGS.name, "--out", out, "--time-limit", "10"
    ), out


def test_a_meeting_timetables_rows_carry_the_participants_and_validate(solved_meetings):
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.check import check_meetings

    document, out = solved_meetings
    problem = load_meetings(MEETINGS).problem
    assert document["kind"] == "meetings" and document["status"] in ("optimal", "feasible")
    rows = {r["meeting"]: r for r in document["timetable"]}
    assert set(rows) == {s.title for s in problem.sessions}
    for s in problem.sessions:
        assert (rows[s.title]["required"], rows[s.title]["optional"]) == (list(s.required), list(s.optional))
        assert local(rows[s.title]["end"]) - local(rows[s.title]["start"]) == timedelta(minutes=s.minutes)
    checked = answer("validate", out / "timetable.csv")
    written = load_meetings(out / "timetable.csv")
    report = check_meetings(written.problem, written.plan, written.objective)
    assert checked["ok"] is True and checked["violations"] == []
    assert checked["score"] == report.score == document["score"]
    # validate's terms are solve's: the objective's (before, all seven, larger-rooms counting in no score)
    assert checked["terms"] == document["terms"] == {t.name: report.terms[t.name] for t in written.objective}


def test_a_meeting_tables_violation_names_its_people(solved_meetings, tmp_path):
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.check import check_meetings

    _, out = solved_meetings
    folder = tmp_path / "meet"
    shutil.copytree(out, folder)
    table = folder / "timetable.csv"
    rows = [r.split(",") for r in table.read_text(encoding="utf-8-sig").splitlines()]
    review = next(cells for cells in rows if cells[3] == "标准目录审核（二）")
    for cells in rows:
        if cells[3] == "答疑会":  # 李科长 is required at both: now at once, in another room
            cells[1] = review[1]
    table.write_text("\n".join(",".join(cells) for cells in rows) + "\n", encoding="utf-8")
    document = answer("validate", table, "--allow-differing-copy", code=1)  # (timetable.xlsx: the old one)
    loaded = load_meetings(table)
    report = check_meetings(loaded.problem, loaded.plan, loaded.objective)
    said = [(v["rule"], v["meetings"], v["people"], v["rooms"]) for v in document["violations"]]
    assert said == [(v.rule, list(v.units), list(v.people), list(v.rooms)) for v in report.violations]
    double = [v for v in document["violations"] if v["rule"] == "no-double-booking"]
    assert [(set(v["meetings"]), v["people"], v["rooms"]) for v in double] == [
        ({"答疑会", "标准目录审核（二）"}, ["李科长"], [])
    ]
    assert double[0]["times"] == [review[1].replace(" ", "T") + ":00+08:00"]
    assert document["score"] == report.score and document["missed"] == []  # missed parts: said of a valid one


def test_a_valid_meeting_timetable_says_who_misses_what(tmp_path):
    from scheduler.files.meeting_files import load_meetings
    from scheduler.invites.campaigns import full_plan
    from scheduler.meetings.missed import missed_parts
    from tests.test_meetings_missed import MOVED, example

    table = example(tmp_path, MOVED)
    document = answer("validate", table, "--lang", "en")
    loaded = load_meetings(table)
    parts = missed_parts(loaded.problem, full_plan(loaded))
    grid = loaded.problem.workdays.grid
    assert document["ok"] is True and document["score"]["medium"] == 7
    assert [
        (m["person"], m["meeting"], local(m["start"]), local(m["end"]), m["minutes"], m["other"])
        for m in document["missed"]
    ] == [(p.person, p.meeting, p.start, p.end, p.steps * grid, p.other or None) for p in parts]
    assert [m["message"] for m in document["missed"]] == [render(p.message(grid), "en") for p in parts]
    assert all(m["message"] == m["message"].strip() for m in document["missed"])  # before: "  李科长 misses …"
    # the objective's terms, as solve --json has them (before: all seven, larger-rooms counting in no score)
    assert set(document["terms"]) == {t.name for t in loaded.objective}
    assert document["missed"][1]["other"] is None  # unavailable then, in no other meeting


def test_a_meeting_reschedule_says_what_moved_and_what_was_called_off(solved_meetings, tmp_path):
    _, out = solved_meetings
    folder = tmp_path / "meet"
    shutil.copytree(out, folder)
    table = folder / "timetable.csv"
    before = {r["meeting"]: r for r in answer("solve", table, "--objective", "stable")["timetable"]}
    document = answer(
        "reschedule", table, "--unavailable", "周工程师@7月15日", "--drop", "答疑会", "--time-limit", "10"
    )
    assert document["dropped"] == [
        {"meeting": "答疑会", "start": before["答疑会"]["start"], "room": before["答疑会"]["room"]}
    ]
    after = {r["meeting"]: r for r in document["timetable"]}
    assert "答疑会" not in after
    for move in document["moves"]:
        title = move["meeting"]
        assert move["before"] == {"start": before[title]["start"], "room": before[title]["room"]}
        assert move["after"] == {"start": after[title]["start"], "room": after[title]["room"]}
    assert document["moves"] and document["terms"]["moves"] == len(document["moves"])


def test_explain_on_a_meeting_table_without_a_timetable(tmp_path):
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    table = tmp_path / "meetings_2025.csv"
    edit(table, "1,政务公开工作推进会,2小时", "1,政务公开工作推进会,6小时")  # longer than any working period
    document = answer("explain", table, "--time-limit", "10", code=1)
    assert document["kind"] == "meetings" and document["status"] == "infeasible"
    assert "政务公开工作推进会" in document["conflict"]["text"]


# -- what is no part of the answer, and bad input


def test_a_count_that_shows_the_conflict_is_its_own_key(tmp_path):
    """QA shapes #1: one person required beyond the working day; the count is said apart from the rules."""
    table = tmp_path / "m.csv"
    rows = "".join(f"汇报会{k:02},30分钟,王主任\n" for k in range(1, 18))
    table.write_text("会议,时长,参会人员\n" + rows, encoding="utf-8")
    rules = 'days = ["2025-07-15"]\nhours = ["8:00-12:00", "14:00-18:00"]\n[[rooms]]\nname = "一号会议室"\n'
    (tmp_path / "m.toml").write_text(rules + '[[rooms]]\nname = "二号会议室"\n', encoding="utf-8")
    for command in ("explain", "solve"):
        conflict = answer(command, table, "--lang", "en", "--time-limit", "5", code=1)["conflict"]
        assert conflict["count"] == (
            "王主任 is required at 17 meetings lasting 8 hours 30 minutes in all, and has only 8 hours of working time "
            "for them"
        )
        assert conflict["reason"] is None and [r["rule"] for r in conflict["rules"]] == ["no-double-booking"]
        assert conflict["proven"] is conflict["minimal"] is True


def test_bad_input_is_still_one_line_on_stderr_and_no_document(tmp_path):
    for args in (("validate", tmp_path / "none.csv"), ("solve", NOTICE, "--alternatives", "2")):
        result = run(*args, "--json")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "--json" in run("solve", NOTICE, "--alternatives", "2", "--json").stderr


def test_stdout_is_utf8_whatever_the_locale_and_escapes_what_would_steer_a_terminal(tmp_path):
    table = broken_notice(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "gbk", "LC_ALL": "C", "DOCKING_LANG": ""}
    command = [sys.executable, "-m", "scheduler", "validate", str(table), "--json"]
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    assert done.returncode == 1, done.stderr
    assert "区政府420房间".encode() in done.stdout  # UTF-8, not GBK, and not \u escapes
    json.loads(done.stdout.decode("utf-8"))
    # C1 CSI and DEL in a unit's name (ESC and the other C0 controls: refused when read, as every control
    # character in a unit's name now is, by every command: QA excel #12): the refusal escapes them
    edit(table, "区发改委", "区发改委\x9b2J\x7f")
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    assert done.returncode == 2 and done.stdout == b""
    assert "\x9b".encode() not in done.stderr and b"\x7f" not in done.stderr
    assert b"\\x9b2J\\x7f" in done.stderr


@pytest.mark.parametrize("command", ["validate", "solve", "reschedule", "explain"])
def test_help_names_json_in_both_languages(command):
    chinese = run(command, "--help").stdout
    english = run(command, "--help", "--lang", "en").stdout
    assert "--json" in chinese and "JSON" in chinese and "退出码不变" in chinese
    assert "Print one JSON document on stdout" in " ".join(english.split())


def test_an_absent_value_is_null_never_an_empty_string():
    """Review §13: a unit without a 并行组 had ``"group": ""`` beside ``"room": null`` for the same
    "nothing"; every absent value is null (docs/cli.md, "JSON output")."""
    rows = answer("solve", NOTICE)["timetable"]
    grouped = {u.name: u.group for u in load(NOTICE).problem.units}
    assert [r["group"] for r in rows] == [grouped[r["unit"]] or None for r in rows]
    assert any(r["group"] is None for r in rows) and any(r["group"] for r in rows)
    assert all(value != "" for r in rows for value in r.values())


def test_a_key_of_one_kind_of_table_is_absent_from_the_other_kind_s_documents(solved_meetings):
    """QA qadocs18 F13 (decision, docs/cli.md "JSON output"): the meeting keys are left out of a unit
    table's documents, ``validate``'s and ``solve``'s alike, and the unit keys out of a meeting table's."""
    meeting_only = {"terms", "preferences", "per_person", "missed"}
    unit_only = {"slots_used", "last_meeting"}
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "a unit table's have no\n`terms`, `preferences`, `per_person` or `missed`" in text
    assert "a meeting table's no `slots_used` or `last_meeting`" in text
    for document in (answer("validate", NOTICE), answer("solve", NOTICE, "--time-limit", "5")):
        assert document["kind"] == "units" and not meeting_only & set(document), sorted(document)
    solved, out = solved_meetings
    checked = answer("validate", out / "timetable.csv")
    assert meeting_only <= set(checked) and not unit_only & set(checked)
    assert meeting_only - {"missed"} <= set(solved) and not unit_only & set(solved)
    assert unit_only <= set(answer("solve", NOTICE, "--time-limit", "5"))
