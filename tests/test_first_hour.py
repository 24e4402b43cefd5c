"""docs/first-hour.md runs as written, in an empty folder, and its rules-file snippet reads."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.load import load
from tests.conftest import ROOT, shell_commands

HOWTO = (ROOT / "docs" / "first-hour.md").read_text(encoding="utf-8")


def test_the_first_hour_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = shell_commands(HOWTO)
    assert len(commands) == 7
    runner = CliRunner()
    said = {}
    for command in commands:
        if shlex.split(command)[1] == "solve":
            _step_two(tmp_path)
        # as a reader runs it today: the clock long after the example's 2021 dates
        env = {"DOCKING_LANG": "", "DOCKING_NOW": "2026-12-05T09:00:00+08:00"}
        result = runner.invoke(main, shlex.split(command)[1:], env=env)
        assert result.exit_code == 0, (command, result.output)
        said[shlex.split(command)[1]] = result.output + result.stderr
    assert (tmp_path / "结果" / "调整通知.docx").is_file()
    # step 4 does what it says: the change moves two units, the table stays GBK, the dry run writes the mail
    moved = said["reschedule"].split("调整的单位（2 个）：")[1].split("调整合计")[0]
    assert sorted(line.split()[0] for line in moved.splitlines()[3:] if line.strip()) == ["区住建局", "区财政局"]
    (tmp_path / "结果" / "timetable.csv").read_bytes().decode("gbk")
    assert len(list((tmp_path / "结果" / "待发邮件").glob("*.eml"))) == 29
    # the dry run's line on the example's past dates is the one the page quotes (newcomer22: it was not quoted)
    (quoted,) = re.findall(r"`(这个日程的会议[^`]*?)（…）([^`]*?)…`", " ".join(HOWTO.split()))
    assert quoted[0].replace(" ", "") in said["send"].replace(" ", "") and quoted[1] in said["send"]
    loaded = load(tmp_path / "我的对接" / "notice_2021.csv")
    blocked = {u.unit: len(u.starts) for u in loaded.problem.unavailable}
    assert blocked == {"区住建局": 12, "区财政局": 8}


def _step_two(folder: Path) -> None:
    """Step 2 as the page says it, before step 3's solve: its rules-file snippet added at the end of the
    file the page names (before, the page did not say where, and step 4's "区财政局 and 区住建局 swap"
    held only with it: without it 区发改委 moved, and the test did not notice)."""
    (rules,) = re.findall(r"```toml\n(.*?)```", HOWTO, re.S)
    (name,) = re.findall(r"at the end of `([^`]+)`", HOWTO.split("```toml")[0].split("## 2.")[1])
    with (folder / name).open("a", encoding="utf-8") as out:
        out.write("\n" + rules)


def test_next_year_runs_as_written(tmp_path, monkeypatch):
    """Step 5 as the page says it: last year's folder copied, its days, 时间 and campaign id changed, then
    the page's solve into a new folder; and the page's advice when the id was changed only after the
    warning (the same folder is refused, yet another new one takes it)."""
    monkeypatch.chdir(tmp_path)
    step = HOWTO.split("## 5. Next year")[1].split("\n## ")[0]
    (command,) = re.findall(r"`(docking-scheduler solve [^`]+)`", step)
    (again,) = re.findall(r"\(`(--out [^`]+)`\)", step)
    env = {"DOCKING_LANG": "", "DOCKING_NOW": "2022-09-01T09:00:00+08:00"}
    runner = CliRunner()
    assert runner.invoke(main, ["example", "--out", "我的对接"], env=env).exit_code == 0
    _step_two(tmp_path)
    shutil.copytree(tmp_path / "我的对接", tmp_path / "对接2022")
    rules, table = tmp_path / "对接2022" / "notice_2021.toml", tmp_path / "对接2022" / "notice_2021.csv"
    days = 'days = ["2022-09-07", "2022-09-08", "2022-09-09"]'
    rules.write_text(re.sub(r"days = \[[^]]*\]", days, rules.read_text(encoding="utf-8")), encoding="utf-8")
    rows = [line.split(",") for line in table.read_text(encoding="utf-8-sig").splitlines()]
    table.write_text("\n".join(",".join([r[0], "" if k else r[1], *r[2:]]) for k, r in enumerate(rows)), "utf-8")
    old_id = 'campaign = "beiguan-2021-zwgk-26-fields"'
    warned = runner.invoke(main, shlex.split(command)[1:], env=env)
    assert warned.exit_code == 0 and "活动编号" in warned.stderr, warned.output
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(old_id, 'campaign = "beiguan-2022-zwgk-26-fields"'), "utf-8"
    )
    refused = runner.invoke(main, shlex.split(command)[1:], env=env)
    assert refused.exit_code == 2, refused.output
    done = runner.invoke(main, [*shlex.split(command)[1:-2], *shlex.split(again)], env=env)
    assert done.exit_code == 0 and "活动编号" not in done.stderr, done.output
    assert (tmp_path / shlex.split(again)[1] / "invites" / "state.json").is_file()
