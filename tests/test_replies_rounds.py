"""Rounds of replies and replans as an office runs them (QA story 9): an old answer stays an answer to its
invite after updates go out, running a replan twice changes nothing, and mails that are not calendars
(plain "回复：" answers, out-of-office replies) are named rather than lost."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.replies_helpers import answer, maildir, mark_sent, run


def _times(folder: Path) -> dict[str, str]:
    text = (folder / "timetable.csv").read_text(encoding="utf-8-sig")
    return {r["单位"]: r["时间"] for r in csv.DictReader(io.StringIO(text))}


def _mailed(folder: Path, later: timedelta = timedelta(0)) -> dict:
    """Mark the invites in ``folder/invites`` mailed, the journal's new lines ``later`` than now (a replan's
    updates go out after the answers before them were read); the invites by unit."""
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    journal = folder / "mail-journal.jsonl"
    before = journal.read_bytes() if journal.exists() else b""
    mark_sent(folder, invites)
    if later:
        lines = journal.read_bytes()[len(before) :].decode("utf-8").splitlines()
        shifted = []
        for line in lines:
            record = json.loads(line)
            at = datetime.fromisoformat(record["at"].replace("Z", "+00:00")) + later
            shifted.append(json.dumps({**record, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ")}, ensure_ascii=False))
        journal.write_bytes(before + "".join(s + "\n" for s in shifted).encode("utf-8"))
    return invites


def _solved(example: Path) -> Path:
    out = example / "out"
    assert run("solve", str(example / "notice_2021.csv"), "--out", str(out)).exit_code == 0
    return out


def _row(output: str, unit: str) -> str:
    return next(line for line in output.splitlines() if f"  {unit}  " in line + "  ")


def test_a_decline_with_a_raised_sequence_does_not_follow_the_unit_to_its_new_times(example, tmp_path):
    """Finding 1: replies, reschedule, send, then replies and reschedule again with no new mail: the decline
    (SEQUENCE 7, for 9月8日 11:00) is an outdated answer to SEQUENCE 0, and moves nobody a second time."""
    out = _solved(example)
    invites = _mailed(out)
    declined = answer(invites["区财政局"], partstat="DECLINED", comment="11点不行", sequence=7)
    box = maildir(tmp_path / "Maildir", shapes.outlook(declined))
    table = str(out / "timetable.csv")
    first = run("replies", table, "--maildir", str(box))
    assert "答复的是第 7 版邀请，但答复之前发出的最高为第 0 版：按第 0 版计" in first.output
    assert run("reschedule", table, "--from-replies", "--out", str(out)).exit_code == 0
    moved = _times(out)
    _mailed(out, later=timedelta(hours=1))  # the updates go out after the answer was read
    again = run("replies", table)
    assert "未答复" in _row(again.output, "区财政局") and "此前对第 0 版邀请答复“拒绝”" in _row(
        again.output, "区财政局"
    )
    replan = run("reschedule", table, "--from-replies", "--out", str(out))
    assert replan.exit_code == 0, replan.output
    assert "区财政局：此前拒绝过 9月8日 11:00" in replan.output and "没有单位需要调整" in replan.output
    assert _times(out) == moved


def test_running_reschedule_from_replies_again_changes_no_file(example, tmp_path):
    """Findings 3 and 4: the second and third runs write no [[unavailable]] entry again, and leave the
    adjustment notice of the round that moved units as it was (a notice adjusting nothing is not written)."""
    out = _solved(example)
    invites = _mailed(out)
    box = maildir(
        tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="不行"))
    )
    table = str(out / "timetable.csv")
    assert run("replies", table, "--maildir", str(box)).exit_code == 0
    first = run("reschedule", table, "--from-replies", "--out", str(out))
    assert first.exit_code == 0, first.output
    files = {name: (out / name).read_bytes() for name in ("timetable.toml", "调整通知.docx", "调整通知.xlsx")}
    assert files["timetable.toml"].decode("utf-8").count('[[unavailable]]\nunit = "区财政局"') == 1
    for _ in range(2):
        again = run("reschedule", table, "--from-replies", "--out", str(out))
        assert again.exit_code == 0, again.output
        assert (out / "timetable.toml").read_bytes() == files["timetable.toml"]
        assert {name: (out / name).read_bytes() for name in files} == files
        assert "没有单位需要调整" in again.output
        assert "没有单位调整：不写调整通知，原有的 调整通知.docx、调整通知.xlsx 保持不变" in again.output
    fresh = run("reschedule", table, "--out", str(tmp_path / "fresh"), "--lang", "en")
    assert "No unit moves: no adjustment notice written" in fresh.output, fresh.output
    assert not list((tmp_path / "fresh").glob("调整通知.*"))
