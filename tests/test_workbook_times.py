"""``reschedule`` from our own workbook keeps ISO times in its timetable.csv, as the workbook's 数据 sheet
holds them, not the printed sheet's 9月8日 8:00 (QA english14 F13: an English table's CSV switched to
Chinese dates)."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.formats_helpers import NOTICE, ROOT, RULES


def _run(*args: object) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def test_a_reschedule_from_the_workbook_writes_iso_times(tmp_path):
    for source in (NOTICE, RULES, ROOT / "examples" / "contacts_2021.csv"):
        shutil.copy(source, tmp_path / source.name)
    _run("solve", tmp_path / NOTICE.name, "--out", tmp_path / "out", "--time-limit", "10")
    _run("reschedule", tmp_path / "out" / "timetable.xlsx", "--drop", "区财政局", "--out", tmp_path / "out2",
         "--time-limit", "10", "--allow-cancel")  # fmt: skip
    rows = (tmp_path / "out2" / "timetable.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].split(",")[1].startswith("2021-09-"), rows[1]
    _run("reschedule", tmp_path / "out" / "timetable.xlsx", "--drop", "区财政局", "--out", tmp_path / "out3",
         "--time-limit", "10", "--allow-cancel", "--time-format", "notice")  # fmt: skip
    rows = (tmp_path / "out3" / "timetable.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "9月" in rows[1].split(",")[1], rows[1]
