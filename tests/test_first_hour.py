"""docs/first-hour.md runs as written, in an empty folder, and its rules-file snippet reads."""

from __future__ import annotations

import re
import shlex

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.load import load
from tests.conftest import ROOT

HOWTO = (ROOT / "docs" / "first-hour.md").read_text(encoding="utf-8")


def test_the_first_hour_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = [
        line
        for block in re.findall(r"```sh\n(.*?)```", HOWTO, re.S)
        for line in block.splitlines()
        if line.startswith("docking-scheduler")
    ]
    assert len(commands) == 7
    runner = CliRunner()
    said = {}
    for command in commands:
        result = runner.invoke(main, shlex.split(command)[1:], env={"DOCKING_LANG": ""})
        assert result.exit_code == 0, (command, result.output)
        said[shlex.split(command)[1]] = result.output
    assert (tmp_path / "结果" / "调整通知.docx").is_file()
    # step 4 does what it says: the change moves two units, the table stays GBK, the dry run writes the mail
    assert "调整的单位（2 个）" in said["reschedule"] and "区住建局" in said["reschedule"]
    (tmp_path / "结果" / "timetable.csv").read_bytes().decode("gbk")
    assert len(list((tmp_path / "结果" / "待发邮件").glob("*.eml"))) == 29
    (rules,) = re.findall(r"```toml\n(.*?)```", HOWTO, re.S)
    with (tmp_path / "我的对接" / "notice_2021.toml").open("a", encoding="utf-8") as out:
        out.write("\n" + rules)
    loaded = load(tmp_path / "我的对接" / "notice_2021.csv")
    blocked = {u.unit: len(u.starts) for u in loaded.problem.unavailable}
    assert blocked == {"区住建局": 12, "区财政局": 8}
