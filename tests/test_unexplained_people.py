"""An update whose meeting gained (or lost) a participant in this export is not warned of as "time, room
and address unchanged… this version writes invites differently": the report names the change, 新增 赵科员
(QA qaint26 F8, polish: 谭主任 and 钟科长 were warned of although their 说明 said 新增 万主任)."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.formats_helpers import NOTICE

EXAMPLES = NOTICE.parent


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


def test_a_participant_added_is_a_named_change_not_an_unexplained_update(tmp_path):
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = tmp_path / "out"
    assert run("solve", tmp_path / "meetings_2025.csv", "--out", out, "--time-limit", "3").exit_code == 0
    csv = out / "timetable.csv"
    text = csv.read_text(encoding="utf-8-sig")
    assert ",检查方案碰头会,45分钟,王主任、李科长," in text
    csv.write_text(
        text.replace(",检查方案碰头会,45分钟,王主任、李科长,", ",检查方案碰头会,45分钟,王主任、李科长、赵科员,"),
        "utf-8-sig",
    )
    result = run("send", csv, "--dry-run", tmp_path / "eml")
    assert result.exit_code == 0, result.output
    updated = [line for line in result.stdout.splitlines() if line.startswith("更新")]
    assert len(updated) == 3 and all(line.endswith("新增 赵科员") for line in updated), result.stdout
    assert "注意：" not in result.output
