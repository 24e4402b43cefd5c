"""``solve --out DIR`` over a folder whose invites were mailed says, on one line, how many mailed invites it
changed and points to ``reschedule`` (QA jobs16 F9: one committee corrected in the source table re-issued
159 of 200 invitations without a word); before any mailing, nothing is said."""

from __future__ import annotations

import shutil

from scheduler.invites.folder import read_invites
from tests.conftest import ROOT
from tests.replies_helpers import mark_sent, run


def _solved(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    table = folder / "meetings_2025.csv"
    out = tmp_path / "out"
    result = run("solve", str(table), "--out", str(out), "--time-limit", "4")
    assert result.exit_code == 0, result.output
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("1,政务公开工作推进会,2小时", "1,政务公开工作推进会,3小时"), encoding="utf-8")
    return table, out


def test_a_re_solve_after_mailing_says_how_many_mailed_invites_it_changes(tmp_path):
    table, out = _solved(tmp_path)
    mark_sent(out, {i.journal_key: i for i in read_invites(out / "invites")})
    result = run("solve", str(table), "--out", str(out), "--time-limit", "4")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("注意：这些邀请已发出过")]
    assert "份（" in line and f"请改 {out / 'timetable.csv'} 后用 reschedule" in line


def test_a_re_solve_before_mailing_says_nothing_of_it(tmp_path):
    table, out = _solved(tmp_path)
    result = run("solve", str(table), "--out", str(out), "--time-limit", "4")
    assert result.exit_code == 0, result.output
    assert "已发出过" not in result.output + result.stderr
