"""Names derived from the user's data (units, meetings, people) as Windows and macOS take them: no device
name, nothing Windows refuses, no two names for one file there (they compare names case-insensitively)
(docs/invites.md, "File names")."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.invites.names import file_name
from scheduler.invites.rebuild import rebuild_meeting_state
from tests.conftest import ROOT, edit

HEADER = "序号,会议,时长,参会人员,可选参会人员,人数,指定会议室,时段,不早于,系列,备注\n"


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("AUX", "AUX_"),  # a device, whatever follows
        ("con", "con_"),
        ("CON.", "CON_"),  # Windows drops the trailing dot: still the device
        ("Nul.txt", "Nul_.txt"),
        ("PRN .doc", "PRN_ .doc"),
        ("COM1", "COM1_"),
        ("lpt9", "lpt9_"),
        ("评审:A?", "评审_A_"),  # characters Windows refuses
        ('a<b>c|d*e"f', "a_b_c_d_e_f"),
        ("区财政局", "区财政局"),  # the rest as it is
        ("CONTACT", "CONTACT"),
        ("AUXILIARY", "AUXILIARY"),
        ("COM10", "COM10"),
        ("LPT0", "LPT0"),
        ("NULL", "NULL"),
        ("my CON", "my CON"),
    ],
)
def test_names_windows_would_take_as_a_device_or_refuse_are_made_safe(name, made):
    assert file_name(name) == made


def run(folder: Path, *args: str | Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", *map(str, args)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "DOCKING_LANG": "", "PATH": ""},
        cwd=folder,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def meetings(folder: Path, titles: list[str]) -> Path:
    """A meeting table of ``titles`` (李科长 in each) with the example's rules, solved: its invites folder."""
    for name in ("meetings_2025.toml", "people_2025.csv"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    rows = "".join(f"{i},{title},1小时,李科长,,,,,,,\n" for i, title in enumerate(titles, 1))
    (folder / "case.csv").write_text(HEADER + rows, encoding="utf-8")
    shutil.copy(folder / "meetings_2025.toml", folder / "case.toml")
    run(folder, "solve", folder / "case.csv", "--out", folder / "out")
    return folder / "out" / "invites"


def test_meeting_copies_differing_only_in_case_are_two_files_and_read_back_from_one_folder(tmp_path: Path):
    titles = ["Review", "review", "评审:A?"]
    invites = meetings(tmp_path, titles)
    files = files_of(invites)
    assert len({f.casefold() for f in files}) == len(files) == 2 + len(titles)  # office.ics, state.json, one each
    assert {"Review/李科长.ics", "评审_A_/李科长.ics"} <= set(files)  # today's names where nothing collides
    campaign = json.loads((invites / "state.json").read_text(encoding="utf-8"))["campaign"]
    (second,) = (invites / "review").iterdir()  # on Windows and macOS one folder holds both copies
    second.rename(invites / "Review" / second.name)
    (invites / "review").rmdir()
    rebuilt = rebuild_meeting_state(invites, campaign, titles, ["李科长"])
    assert rebuilt is not None
    assert sorted(s.unit for s in rebuilt.invites) == ["李科长"] * len(titles)


def test_a_meeting_named_as_a_device_gets_a_folder_windows_can_make(tmp_path: Path):
    assert "NUL_/李科长.ics" in files_of(meetings(tmp_path, ["NUL"]))


def test_unit_invites_and_mail_drafts_avoid_device_names(example: Path, tmp_path: Path):
    for name in ("notice_2021.csv", "contacts_2021.csv"):
        edit(example / name, "区发改委", "AUX")
        edit(example / name, "区财政局", "CON.")
    run(example, "solve", example / "notice_2021.csv", "--out", tmp_path / "out")
    run(example, "send", tmp_path / "out" / "timetable.csv", "--dry-run", tmp_path / "drafts")
    invites, drafts = files_of(tmp_path / "out" / "invites"), files_of(tmp_path / "drafts")
    assert {"AUX_.ics", "CON_.ics", "deadlines/AUX_.ics", "区教育局.ics"} <= set(invites)
    assert {"AUX_.eml", "CON_.eml", "区教育局.eml"} <= set(drafts)
    assert not any(Path(f).name.split(".")[0].upper() in ("AUX", "CON") for f in invites + drafts)


def test_a_meeting_named_as_the_invites_folders_own_files_gets_a_folder_of_its_own(tmp_path: Path):
    files = files_of(meetings(tmp_path, ["state.json", "Office.ics", "deadlines"]))
    assert {"state.json_/李科长.ics", "Office.ics_/李科长.ics", "deadlines_/李科长.ics"} <= set(files)
