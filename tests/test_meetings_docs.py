"""The meeting tour of the README and of docs/meetings.md runs as written (every command of their shell
blocks, in a folder holding a copy of examples/, except `serve`, which the web tests drive)."""

from __future__ import annotations

import re
import shlex
import shutil

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.conftest import ROOT


def commands() -> list[str]:
    found: list[str] = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "meetings.md"):
        for block in re.findall(r"```sh\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            if "meetings_2025" not in block and "meet/" not in block:
                continue
            for line in block.splitlines():
                command = line.split("  #")[0].strip()
                if command.startswith("python cli.py") and command not in found:
                    found.append(command)
    return found


def test_the_meeting_tour_runs_as_written(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    ran = []
    for command in commands():
        args = shlex.split(command)[2:]
        if args[0] == "serve":
            continue
        result = CliRunner().invoke(main, args, env={"DOCKING_LANG": None})
        assert result.exit_code == 0, (command, result.output)
        ran.append(args[0])
    assert ran[:4] == ["solve", "validate", "reschedule", "send"] and "explain" in ran
    assert len(list((tmp_path / "meet" / "eml").rglob("*.eml"))) > 0
    # the layout the tour's comment, cli.md and send --help give: meet/eml/<meeting>/<person>.eml (QA qadocs18 F2)
    table = (tmp_path / "meet" / "timetable.csv").read_text("utf-8-sig").splitlines()
    titles = {line.split(",")[3] for line in table}
    shapes = {p.relative_to(tmp_path / "meet" / "eml").parts for p in (tmp_path / "meet" / "eml").rglob("*.eml")}
    assert all(len(shape) == 2 and shape[0] in titles for shape in shapes), shapes
    assert (tmp_path / "meet" / "timetable.docx").is_file() and (tmp_path / "meet" / "people_2025.csv").is_file()


def test_send_help_and_the_pages_give_the_dry_run_s_three_layouts():
    """QA qadocs18 F2: ``send --help``, cli.md and mail.md said only ``DIR/<unit>.eml``; a further address's
    and a meeting table's messages go elsewhere."""
    chinese = "".join(CliRunner().invoke(main, ["send", "--help"], env={"DOCKING_LANG": None}).stdout.split())
    english = " ".join(CliRunner().invoke(main, ["send", "--help", "--lang", "en"]).stdout.split())
    for shape in ("文件夹/<单位>.eml", "文件夹/<单位>/<邮箱>.eml", "文件夹/<会议>/<人员>.eml"):
        assert shape in chinese, chinese  # (wrapped anywhere: compared without spaces)
    for shape in ("DIR/<unit>.eml", "DIR/<unit>/<address>.eml", "DIR/<meeting>/<person>.eml"):
        assert shape in english, english
    for page in ("cli.md", "mail.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert all(shape in text for shape in ("`DIR/<unit>/<address>.eml`", "`DIR/<meeting>/<person>.eml`")), page
