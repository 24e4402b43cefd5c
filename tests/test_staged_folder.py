"""A new ``invites/`` is written in a staging folder beside it and renamed into place whole
(:func:`scheduler.files.atomic.new_trees`): one rename instead of one a file (10,002 at 5,000 units),
all or nothing as before."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.atomic import Staging, new_trees, stage_apart
from tests.invite_helpers import NOTICE


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _renames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    done: list[tuple[str, str]] = []
    real = os.replace

    def replace(src: object, dst: object, **kwargs: object) -> None:
        done.append((os.fspath(src), os.fspath(dst)))  # type: ignore[arg-type]
        real(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    return done


def test_a_new_folder_is_staged_whole_and_renamed_once(tmp_path, monkeypatch):
    out = tmp_path / "out"
    renames = _renames(monkeypatch)
    trees = new_trees(out, ("invites", "taken"))
    assert list(trees) == ["invites", "taken"]
    (out / "taken").mkdir(parents=True)
    assert list(new_trees(out, ("invites", "taken"))) == ["invites"]  # (a folder that is there: file by file)
    trees = new_trees(out, ("invites",))
    with Staging(out, trees) as staging:
        staging.adopt(stage_apart(out, {"invites/deadlines/a.ics": b"a"}, trees))
        staging.add({"invites/x.ics": b"x", "timetable.csv": b"t", "taken/y.ics": b"y"})
        staging.add({"invites/state.json": b"{}"})
        written = staging.commit()
        assert sorted(p.relative_to(out).as_posix() for p in staging.written) == [
            "invites/deadlines/a.ics",
            "invites/state.json",
            "invites/x.ics",
            "taken/y.ics",
            "timetable.csv",
        ]
    assert [p.relative_to(out).as_posix() for p in written] == [
        "invites/deadlines/a.ics",
        "invites/x.ics",
        "timetable.csv",
        "taken/y.ics",
        "invites/state.json",
    ]
    assert _files(out) == {
        "invites/deadlines/a.ics": b"a",
        "invites/state.json": b"{}",
        "invites/x.ics": b"x",
        "taken/y.ics": b"y",
        "timetable.csv": b"t",
    }
    assert [Path(target).relative_to(out).as_posix() for _, target in renames] == [
        "timetable.csv",
        "taken/y.ics",
        "invites",
    ]
    assert not [p for p in out.rglob(".*")]
    assert (out / "invites").stat().st_mode & 0o777 == 0o700 & ~_umask()
    assert (out / "invites" / "x.ics").stat().st_mode & 0o777 == 0o600 & ~_umask()


def test_a_new_folder_whose_rename_fails_leaves_nothing_and_one_left_without_a_commit_neither(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "timetable.csv").write_bytes(b"old")
    real = os.replace

    def refused(src: object, dst: object, **kwargs: object) -> None:
        if Path(os.fspath(dst)).name == "invites":  # type: ignore[arg-type]
            raise PermissionError(13, "refused", os.fspath(dst))  # type: ignore[arg-type]
        real(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(InputError), Staging(out, new_trees(out, ("invites",))) as staging:
        staging.add({"timetable.csv": b"new", "invites/deadlines/a.ics": b"a", "invites/x.ics": b"x"})
        staging.commit()
    assert _files(out) == {"timetable.csv": b"old"} and not list(out.rglob(".*"))
    with pytest.raises(InputError), Staging(out, new_trees(out, ("another", "invites"))) as staging:
        staging.add({"another/a.ics": b"a", "invites/x.ics": b"x"})  # (the first folder, renamed, comes out)
        staging.commit()
    assert _files(out) == {"timetable.csv": b"old"} and not list(out.rglob(".*"))
    with Staging(out, new_trees(out, ("invites",))) as staging:
        staging.add({"invites/deadlines/a.ics": b"a"})
    assert _files(out) == {"timetable.csv": b"old"} and not list(out.rglob(".*"))


@pytest.mark.parametrize("ending", [KeyboardInterrupt, OSError])
def test_files_adopted_into_a_staging_folder_this_write_made_leave_no_folder_when_it_ends(tmp_path, ending):
    """The deadline child's files adopted into the staging folder of a new ``invites/`` that this write
    made first (its child failed: ``ulimit -f``, the work done here): a Ctrl-C, or a failure, before the
    commit removed the adopted ``deadlines/`` but not the staging folder it was in (tried first, not
    empty yet), nor DIR: every folder is removed, innermost first, whoever made it."""
    out = tmp_path / "out"
    trees = new_trees(out, ("invites",))
    tree = out / trees["invites"]
    with pytest.raises(ending), Staging(out, trees) as staging:
        staging.add({"invites/x.ics": b"x"})
        for _ in range(1000):  # the staging thread makes the staging folder (the first time: this write's)
            if tree.is_dir():
                break
            time.sleep(0.01)
        assert tree.is_dir()
        staging.adopt(stage_apart(out, {"invites/deadlines/a.ics": b"a"}, trees))
        assert (tree / "deadlines" / "a.ics").is_file()
        raise ending()
    assert not out.exists(), sorted(p.name for p in out.rglob("*"))


def test_a_staging_folder_a_killed_write_left_is_removed_and_a_running_ones_is_not(tmp_path):
    out = tmp_path / "out"
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = out / f".invites.0000abcd-{ended.pid}.tmp"
    (left / "deadlines").mkdir(parents=True)
    (left / "deadlines" / "a.ics").write_bytes(b"old")
    running = out / f".invites.0000abce-{os.getppid()}.tmp"
    running.mkdir()
    with Staging(out, new_trees(out, ("invites",))) as staging:
        staging.add({"invites/a.ics": b"a"})
        staging.commit()
    assert not left.exists() and running.exists()
    assert _files(out) == {"invites/a.ics": b"a"}


def test_a_staging_folder_a_killed_write_left_is_removed_when_its_folder_is_there_since(tmp_path):
    """review18 F8: once ``invites/`` was written after the kill (file by file: no staging folder of its
    own), the killed run's ``.invites.*-PID.tmp`` stayed for good."""
    out = tmp_path / "out"
    (out / "invites").mkdir(parents=True)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = out / f".invites.0000abcd-{ended.pid}.tmp"
    left.mkdir()
    (left / "a.ics").write_bytes(b"old")
    other = out / f".elsewhere.0000abcd-{ended.pid}.tmp"  # a folder this write does not write into
    other.mkdir()
    trees = new_trees(out, ("invites",))
    assert trees == {}
    with Staging(out, trees) as staging:
        staging.add({"invites/a.ics": b"a"})
        staging.commit()
    assert not left.exists() and other.exists()
    assert (out / "invites" / "a.ics").read_bytes() == b"a"


@pytest.mark.skipif(sys.platform != "linux", reason="the deadlines' child is forked on Linux only")
def test_solve_out_into_a_new_folder_renames_its_invites_folder_once_and_writes_the_same_files(
    example, tmp_path, monkeypatch
):
    from scheduler.cli import forked

    args = ["--lang", "en", "solve", str(example / NOTICE.name), "--time-limit", "5", "--out"]
    env = {"SOURCE_DATE_EPOCH": "1630915200"}
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # (a thread another test left turns it off)
    renames = _renames(monkeypatch)
    assert CliRunner().invoke(main, [*args, str(tmp_path / "new")], env=env).exit_code == 0
    inside = [target for _, target in renames if Path(target).parent.name in ("invites", "deadlines")]
    assert inside == [] and [Path(t).name for _, t in renames].count("invites") == 1
    made = _files(tmp_path / "new")
    assert sum(name.startswith("invites/deadlines/") for name in made) > 10
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert CliRunner().invoke(main, [*args, str(tmp_path / "alone")], env=env).exit_code == 0
    (tmp_path / "over").mkdir()
    (tmp_path / "over" / "invites").mkdir()  # (a folder that is there: file by file, as before)
    assert CliRunner().invoke(main, [*args, str(tmp_path / "over")], env=env).exit_code == 0
    assert made == _files(tmp_path / "alone") == _files(tmp_path / "over")
    assert not list(tmp_path.rglob(".*.tmp"))


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
