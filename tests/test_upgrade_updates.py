"""An update whose time, room and address did not change (QA qaupgrade17 F5): after an upgrade that writes
invites differently (the room's backslash, a quote in a name), every invite goes out again as an update,
and its reason said "内容（说明、时间节点或参会人员）": the user's content, which did not change. The reason
now names what the folder cannot tell apart (the text, deadlines, participants, or this version's
writing), and before mailing one line counts such updates and says what an upgrade does."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.invite_helpers import NOTICE


def run(*args: str):
    return CliRunner().invoke(main, [*map(str, args)], env={"SOURCE_DATE_EPOCH": "1630915200"})


def as_written_by_another_version(invites: Path, unit: str) -> None:
    """The state as an earlier build left it, whose bytes for ``unit``'s invite were not this build's: its
    fingerprint (the hash of the bytes it wrote) is not the one this build's bytes give."""
    path = invites / "state.json"
    state = json.loads(path.read_text(encoding="utf-8"))
    uid = next(i["uid"] for i in state["invites"] if i["unit"] == unit)
    next(item for item in state["items"] if item["uid"] == uid)["fingerprint"] = "0" * 64
    path.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")


def test_an_update_the_user_did_not_make_is_not_told_as_their_content_and_is_counted_first(example, tmp_path):
    table = example / NOTICE.name
    assert run("ics", table, "--out", example / "invites").exit_code == 0
    as_written_by_another_version(example / "invites", "区财政局")
    result = run("send", table, "--dry-run", tmp_path / "dry")
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines() if line.startswith("更新")]
    assert "区财政局" in row and "时间地点未变（说明、时间节点、参会人员或本程序的写法有变）" in row
    assert "内容（说明、时间节点或参会人员）" not in result.output
    assert "注意：1 份邀请将作为更新发出，时间、地点和邮箱却都没变：区财政局。" in result.output
    assert "本程序升级后邀请的写法变了" in result.output
    english = run("--lang", "en", "send", table, "--dry-run", tmp_path / "dry2")
    assert "Note: 1 invite goes out as an update with the same time, room and address: 区财政局." in english.output


def test_a_moved_unit_is_not_counted_as_unexplained(example, tmp_path):
    table = example / NOTICE.name
    assert run("ics", table, "--out", example / "invites").exit_code == 0
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局").replace(
        "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局"), encoding="utf-8")  # fmt: skip
    result = run("send", table, "--dry-run", tmp_path / "dry")
    assert result.exit_code == 0, result.output
    assert "原定" in result.output and "注意：" not in result.output


def test_a_meeting_tables_update_reason_names_no_deadlines(tmp_path):
    """QA qaics19 F2: a meeting table has no deadlines (时间节点), yet an update with the same time and
    room said 说明、时间节点、参会人员; ``send``'s count said the same. A meeting table's words leave them out."""
    import shutil

    from tests.test_meeting_invites import TIMES
    from tests.test_meetings_mail import EXAMPLES, write_table

    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    table = tmp_path / "meetings_2025.csv"
    write_table(table, TIMES)
    assert run("ics", table, "--out", tmp_path / "invites").exit_code == 0
    text = table.read_text(encoding="utf-8-sig")
    table.write_text(text.replace("李科长、区财政局,赵科员,", "李科长、区财政局、赵科员,,", 1), encoding="utf-8-sig")
    result = run("ics", table, "--out", tmp_path / "invites")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("更新")]
    assert rows and all("时间地点未变（说明、参会人员或本程序的写法有变）" in row for row in rows)
    assert "时间节点" not in result.output
    as_written_by_another_version(tmp_path / "invites", "李科长")
    sent = run("send", table, "--dry-run", tmp_path / "dry")
    assert sent.exit_code == 0, sent.output
    assert "注意：" in sent.output and "若说明和参会人员也没改" in sent.output and "时间节点" not in sent.output
    english = run("--lang", "en", "send", table, "--dry-run", tmp_path / "dry2")
    assert "If their text and participants did not change either" in english.output


def test_the_web_preview_words_a_meeting_tables_count_without_deadlines():
    from scheduler.text.messages import render
    from scheduler.web.publish import _unexplained

    meeting, unit = _unexplained(["李科长"], True), _unexplained(["区财政局"])
    assert meeting is not None and unit is not None
    assert "时间节点" not in render(meeting, "zh") and "时间节点" in render(unit, "zh")
