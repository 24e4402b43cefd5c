"""QA (winfiles): a file another program holds open (Excel or Word on Windows) made a write of many
files stop half-way: the files renamed before it stayed, the folder was left half old, half new, and
the same command could not be run again. Now every target is set aside before the first rename and
put back when any step fails: the folder is byte for byte as it was, and the error says what to do.

A rename that fails is simulated by wrapping ``os.replace`` (and ``os.link``, the backup's first
try); ``chattr +i`` makes a real one fail where the tests run as root on a file system that has it."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files import atomic, swap
from scheduler.files.atomic import check_targets, write_files

EPOCH = "1630915200"  # 2021-09-06 08:00 UTC: the same bytes in every run
LOCKED = "the file may be open in another program (Excel, Word): close it and run again"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file's hash and every folder, by path under ``folder``: what "byte for byte" means here."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.rglob("*"))
    }


def strays(folder: Path) -> list[str]:
    """Our temporary files and backups left anywhere under ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*") if p.suffix in (".tmp", ".bak"))


def failing(monkeypatch: pytest.MonkeyPatch, target: Path, when: Callable[[str], bool]) -> list[tuple[Path, Path]]:
    """``os.replace`` refuses (EPERM, as a file held open does) the calls onto or from ``target``
    that ``when`` picks by the other path's name; every rename done is returned (from, to), in order."""
    real = os.replace
    seen: list[tuple[Path, Path]] = []
    target = Path(os.path.abspath(target))

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        source, destination = Path(os.path.abspath(src)), Path(os.path.abspath(dst))
        if (destination == target and when(source.name)) or (source == target and when(destination.name)):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(src), None, os.fsdecode(dst))
        seen.append((source, destination))
        real(src, dst, **kwargs)

    monkeypatch.setattr(swap.os, "replace", replace)
    return seen


@pytest.fixture(params=[True, False], ids=["linked", "renamed"])
def links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways of setting a target aside: a hard link (POSIX), the target renamed (Windows, FAT)."""
    monkeypatch.setattr(swap, "LINKS", request.param)
    return bool(request.param)


OLD = {"timetable.csv": b"csv", "timetable.docx": b"docx", "invites/a.ics": b"a", "invites/state.json": b"{}"}
NEW = {**{name: b"new " + data for name, data in OLD.items()}, "invites/b.ics": b"b", "invites/deeper/c.ics": b"c"}
ORDER = [*OLD][:3] + ["invites/b.ics", "invites/deeper/c.ics", "invites/state.json"]  # the state file last


@pytest.mark.parametrize("k", range(len(ORDER)))
def test_a_rename_that_fails_at_any_file_leaves_the_folder_as_it_was(tmp_path, monkeypatch, links, k):
    """The k-th rename fails (the last is the state file, renamed last): the files renamed before it
    are taken out again, an old file comes back, a new one and its new folder go, nothing is left."""
    out = tmp_path / "out"
    write_files(out, OLD)
    before = snapshot(out)
    files = {name: NEW[name] for name in ORDER}
    target = out / ORDER[k]
    seen = failing(monkeypatch, target, lambda name: name.endswith(".tmp"))
    with pytest.raises(InputError) as caught:
        write_files(out, files)
    assert caught.value.text("en") == f"{target}: {LOCKED}"
    renamed_in = [new.relative_to(out).as_posix() for old, new in seen if old.suffix == ".tmp"]
    assert renamed_in[:k] == ORDER[:k]  # the files before it were in place, then taken out again
    assert snapshot(out) == before and strays(tmp_path) == []
    monkeypatch.undo()
    monkeypatch.setattr(swap, "LINKS", links)
    assert [p.relative_to(out).as_posix() for p in write_files(out, files)] == ORDER
    assert snapshot(out) == snapshot_of(files) and strays(tmp_path) == []


def snapshot_of(files: dict[str, bytes]) -> dict[str, str]:
    folders = {str(Path(name).parents[i]) for name in files for i in range(len(Path(name).parents) - 1)}
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return dict(sorted({**hashes, **dict.fromkeys(folders, "folder")}.items()))


def test_a_target_that_cannot_be_set_aside_stops_the_write_before_any_rename(tmp_path, monkeypatch, links):
    """An immutable file (a hard link refused too, and its rename): found before any new file goes in."""
    out = tmp_path / "out"
    write_files(out, OLD)
    before = snapshot(out)
    target = out / "invites" / "a.ics"
    seen = failing(monkeypatch, target, lambda name: name.endswith(".bak"))
    real_link = os.link

    def link(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(src) == target:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(src))
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(swap.os, "link", link)
    with pytest.raises(InputError) as caught:
        write_files(out, {name: NEW[name] for name in ORDER})
    assert caught.value.text("en") == f"{target}: {LOCKED}"
    assert not [new for old, new in seen if old.suffix == ".tmp"]  # no new file was ever renamed in
    assert snapshot(out) == before and strays(tmp_path) == []


def test_a_folder_that_cannot_be_written_is_named_as_such(tmp_path, monkeypatch):
    """The other reason a rename fails: the folder, named as ``--out``'s own check names it."""
    out = tmp_path / "out"
    write_files(out, OLD)
    target = out / "invites" / "state.json"
    failing(monkeypatch, target, lambda name: name.endswith(".tmp"))
    real = os.access
    monkeypatch.setattr(swap.os, "access", lambda path, mode: Path(path) != target.parent and real(path, mode))
    with pytest.raises(InputError) as caught:
        write_files(out, {name: NEW[name] for name in ORDER})
    assert caught.value.text("en") == f"{target.parent}: cannot create or write a folder here"


def test_a_killed_write_leaves_backups_the_next_write_puts_back_or_clears_and_only_ours(tmp_path, monkeypatch):
    """SIGKILL between setting a file aside and renaming its new file in: the old file waits under
    its backup name. The next write of it puts it back where the file is missing (so a failure of that
    write leaves the old file), and removes a backup whose file is there; other files are not ours."""
    out = tmp_path / "out"
    (out / "invites").mkdir(parents=True)
    (out / ".timetable.csv.ab12cd34.bak").write_bytes(b"old csv")  # timetable.csv itself missing
    (out / "invites" / "a.ics").write_bytes(b"a")
    os.link(out / "invites" / "a.ics", out / "invites" / ".a.ics.zz99yy88.bak")
    others = [".timetable.csv.bak", ".other.csv.abcdefgh.bak", "invites/.a.ics.ABCDEFGH.bak", "notes.bak"]
    for name in others:
        (out / name).write_bytes(b"mine")
    ours = sorted(name for name in others if name.split("/")[-1].startswith("."))
    files = {"timetable.csv": b"new csv", "invites/a.ics": b"new a"}
    with monkeypatch.context() as patch:
        failing(patch, out / "invites" / "a.ics", lambda name: name.endswith(".tmp"))
        with pytest.raises(InputError):
            write_files(out, files)
    assert (out / "timetable.csv").read_bytes() == b"old csv" and (out / "invites" / "a.ics").read_bytes() == b"a"
    assert strays(out) == ours
    write_files(out, files)
    assert (out / "timetable.csv").read_bytes() == b"new csv"
    assert strays(out) == ours and (out / "notes.bak").read_bytes() == b"mine"


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args], env={"DOCKING_LANG": "", "SOURCE_DATE_EPOCH": EPOCH})


def renames(monkeypatch: pytest.MonkeyPatch, command: Callable[[], Any]) -> list[Path]:
    """The targets a command renames its new files onto, in order (a run on a copy, watched)."""
    with monkeypatch.context() as patch:
        seen = failing(patch, Path("/nowhere"), lambda _name: False)
        done = command()
    assert done.exit_code == 0, done.output
    return [new for old, new in seen if old.suffix == ".tmp"]


def picks(order: list[Path]) -> list[int]:
    """The first, the second, one in the middle and the last (the state file) of the renames."""
    return sorted({0, 1, len(order) // 2, len(order) - 1})


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2021 notice solved into a folder with its invites, and mailed once (so the folder holds
    the mail journal too)."""
    from tests.conftest import ROOT

    base = tmp_path_factory.mktemp("published")
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(ROOT / "examples" / name, base / name)
    out = base / "out"
    assert run("solve", str(base / "notice_2021.csv"), "--out", str(out), "--time-limit", "5").exit_code == 0
    return base


def mailed(base: Path, servers) -> Path:
    """A copy of the published folder, its invites mailed to a real server (the journal written)."""
    out = base.parent / f"{base.name}-mailed"
    if not out.exists():
        shutil.copytree(base / "out", out)
        server = servers(tls=None)
        smtp = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
        sent = run("send", str(out / "timetable.csv"), *smtp)
        assert sent.exit_code == 0, sent.output
        assert (out / "mail-journal.jsonl").exists()
    return out


@pytest.mark.parametrize("kind", ["reschedule", "solve"])
def test_an_output_folder_stays_as_it_was_when_any_rename_fails_and_the_command_then_runs(
    published, servers, tmp_path, monkeypatch, kind
):
    """``reschedule --drop 区财政局 --out`` on a mailed folder, and ``solve --out`` onto a folder that a
    smaller table was solved into (new invites beside changed ones): a rename refused at the first,
    second, a middle or the last file (the state file) leaves every file, the journal included, byte
    for byte; the error is one line naming the file; the same command then works."""
    folder = mailed(published, servers)
    if kind == "reschedule":
        args = ["reschedule", "timetable.csv", "--drop", "区财政局", "--out", "."]
        base = folder
    else:
        base = tmp_path / "work"
        shutil.copytree(published, base)
        table = base / "notice_2021.csv"
        rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
        (base / "smaller.csv").write_text("".join(r for r in rows if "区财政局" not in r), encoding="utf-8")
        shutil.copy(base / "notice_2021.toml", base / "smaller.toml")
        shutil.rmtree(base / "out")
        assert run("solve", str(base / "smaller.csv"), "--out", str(base / "out"), "--time-limit", "5").exit_code == 0
        # (the folder's table lacks 区财政局: named, unless --discard-changes says it is meant)
        args = ["solve", "notice_2021.csv", "--out", "out", "--discard-changes"]
    work = tmp_path / "copy"
    shutil.copytree(base, work)
    monkeypatch.chdir(work)
    order = renames(monkeypatch, lambda: run(*args, "--time-limit", "5"))
    assert order[-1].name == "state.json" and len(order) >= 4
    for k in picks(order):
        work = tmp_path / f"k{k}"
        shutil.copytree(base, work)
        monkeypatch.chdir(work)
        before = snapshot(work)
        target = work / order[k].relative_to(tmp_path / "copy")
        with monkeypatch.context() as patch:
            failing(patch, target, lambda name: name.endswith(".tmp"))
            result = run(*args, "--time-limit", "5")
        shown = os.path.relpath(target, work)
        assert result.exit_code == 2, result.output
        assert result.output.splitlines()[-1] == f"{shown}: {LOCKED}", (k, result.output)
        assert "Traceback" not in result.output
        assert snapshot(work) == before, k
        assert strays(work) == []
    again = run(*args, "--time-limit", "5")
    assert again.exit_code == 0, again.output
    assert snapshot(work) != before and strays(work) == []
    if kind == "reschedule":
        assert "区财政局" not in (work / "timetable.csv").read_text(encoding="utf-8")


def chattr_works(folder: Path) -> bool:
    probe = folder / "chattr-probe"
    probe.write_bytes(b"")
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        return False
    made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
    probe.unlink()
    return made


@pytest.mark.parametrize("locked", ["timetable.docx", "invites/state.json"])
def test_a_really_immutable_file_is_named_and_nothing_changes(published, tmp_path, monkeypatch, locked):
    """The tester's reproduction, as it was: ``chattr +i`` on the Word annex (found before the solve,
    by ``--out``'s own check) or on the state file (found when the files are put in place)."""
    if not chattr_works(tmp_path):
        pytest.skip("needs root and chattr on this file system")
    work = tmp_path / "out"
    shutil.copytree(published / "out", work)
    monkeypatch.chdir(work)
    before = snapshot(work)
    subprocess.run(["chattr", "+i", locked], check=True)
    try:
        result = run("reschedule", "timetable.csv", "--drop", "区财政局", "--out", ".")
    finally:
        subprocess.run(["chattr", "-i", locked], check=True)
    assert result.exit_code == 2, result.output
    option = ", option --out" if locked == "timetable.docx" else ""
    assert result.output.splitlines()[-1] == f"{locked}{option}: {LOCKED}"
    assert snapshot(work) == before and strays(work) == []
    assert run("reschedule", "timetable.csv", "--drop", "区财政局", "--out", ".").exit_code == 0


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_link_among_the_targets_is_replaced_as_a_link_dangling_or_not(tmp_path, monkeypatch, links):
    """Review §4: a dangling link in the output folder made every ``--out`` fail (the check followed it)
    and left one more backup each run. A link is set aside, compared and put back as the link itself:
    the new file takes its place, the file it points to stays as it was; a backup that is a link is ours
    to clear too."""
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"someone's")
    (out / "timetable.csv").symlink_to(tmp_path / "nowhere" / "x.csv")
    (out / "timetable.docx").symlink_to(elsewhere)
    os.link(out / "timetable.docx", out / ".timetable.docx.ab12cd34.bak", follow_symlinks=False)  # a killed write's
    check_targets(out, ["timetable.csv", "timetable.docx"], option="--out")
    assert os.path.islink(out / "timetable.csv") and strays(out) == [".timetable.docx.ab12cd34.bak"]
    write_files(out, {"timetable.csv": b"csv", "timetable.docx": b"docx"})
    assert not (out / "timetable.csv").is_symlink() and (out / "timetable.csv").read_bytes() == b"csv"
    assert not (out / "timetable.docx").is_symlink() and (out / "timetable.docx").read_bytes() == b"docx"
    assert elsewhere.read_bytes() == b"someone's" and not (tmp_path / "nowhere").exists()
    assert strays(tmp_path) == []


def test_the_check_never_leaves_the_file_renamed_and_says_where_it_is_when_it_cannot_be_renamed_back(
    tmp_path, monkeypatch
):
    """Review §4, Windows (the target itself renamed aside to test it): a rename back refused for a moment
    (a virus scanner) is tried again; refused for good, the one-line error says where the file is now."""
    monkeypatch.setattr(swap, "LINKS", False)
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    target = tmp_path / "timetable.xlsx"
    target.write_bytes(b"xlsx")
    refusals = iter([True, True])  # twice, then never
    real = os.replace

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst) == target and Path(src).name.endswith(".bak") and next(refusals, False):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(src), None, os.fsdecode(dst))
        real(src, dst, **kwargs)

    monkeypatch.setattr(swap.os, "replace", replace)
    check_targets(tmp_path, ["timetable.xlsx"])
    assert target.read_bytes() == b"xlsx" and strays(tmp_path) == [] and len(waits) == 2

    refusals = iter(lambda: True, False)  # for good
    with pytest.raises(InputError) as caught:
        check_targets(tmp_path, ["timetable.xlsx"], option="--out")
    (left,) = strays(tmp_path)
    assert not target.exists() and (tmp_path / left).read_bytes() == b"xlsx"
    reason = "permission denied (or the file is in use by another program)"  # in words (QA qabig25 F5)
    assert caught.value.text("en") == (
        f"{target}, option --out: checking that it can be replaced, the file was renamed for a moment and "
        f"could not be given its name back ({reason}): it is now {tmp_path / left}; rename it back"
    )


def test_a_write_starting_beside_another_leaves_that_ones_backups_and_its_undo_works(tmp_path, monkeypatch):
    """Review §5: a write starting while another one puts the same files in place (a second command on the
    folder, the web app's other thread) swept that one's temporary files and backups as a killed write's;
    when a later rename of the first write then failed, its undo could not put the old files back."""
    out = tmp_path / "out"
    write_files(out, {"a.csv": b"old a", "b.csv": b"old b"})
    files = {"a.csv": b"new a", "b.csv": b"new b"}
    real = os.replace

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        source, destination = Path(src), Path(dst)
        if source.suffix == ".tmp" and destination.name == "b.csv":
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(src), None, os.fsdecode(dst))
        real(src, dst, **kwargs)
        if source.suffix == ".tmp" and destination.name == "a.csv":
            atomic._sweep(out, files)  # what the other write does first, now

    monkeypatch.setattr(swap.os, "replace", replace)
    with pytest.raises(InputError) as caught:
        write_files(out, files)
    assert caught.value.text("en") == f"{out / 'b.csv'}: {LOCKED}"
    assert (out / "a.csv").read_bytes() == b"old a" and (out / "b.csv").read_bytes() == b"old b"
    assert strays(out) == []


def test_what_an_ended_writer_left_is_cleared_and_what_a_running_one_has_is_not(tmp_path):
    """The process id in the names tells: a writer that has ended (killed) left its files to clear; one
    still running (this process: another thread) is not done with them. Names without it (written
    before it was kept there) are cleared as before."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    out = tmp_path / "out"
    write_files(out, {"a.csv": b"a", "b.csv": b"b"})
    running = os.getpid()
    names = [f".a.csv.zz99yy88-{ended.pid}.tmp", f".a.csv.zz99yy89-{running}.tmp", ".a.csv.zz99yy90.tmp"]
    for name in names:
        (out / name).write_bytes(b"half")
    for stem in (f"ab12cd34-{ended.pid}", f"ab12cd35-{running}", "ab12cd36"):
        os.link(out / "b.csv", out / f".b.csv.{stem}.bak")
    write_files(out, {"a.csv": b"new a", "b.csv": b"new b"})
    assert strays(out) == sorted([f".a.csv.zz99yy89-{running}.tmp", f".b.csv.ab12cd35-{running}.bak"])


# -- a virus scanner holding a file for a moment (QA windows §10) -------------------------------------


@pytest.mark.parametrize(("system", "waits"), [("nt", swap.PUT_BACK_WAITS), ("posix", ())])
def test_only_windows_tries_a_refused_rename_again(system, waits):
    """Elsewhere a refusal (an immutable file) does not pass: said at once."""
    assert swap.lock_waits(system) == waits


def test_a_file_a_virus_scanner_holds_for_a_moment_is_written_once_it_lets_go(tmp_path, monkeypatch, links):
    monkeypatch.setattr(swap, "LOCK_WAITS", (0.0, 0.0, 0.0))  # Windows' tries, without their waits
    out = tmp_path / "out"
    write_files(out, OLD)
    refusals = iter([True, True])  # the scanner holds timetable.docx for two tries, then lets go
    failing(monkeypatch, out / "timetable.docx", lambda name: next(refusals, False))
    write_files(out, NEW)
    assert snapshot(out) == snapshot_of(NEW) and strays(tmp_path) == []


def test_a_file_held_longer_than_the_tries_is_still_said_to_be_open(tmp_path, monkeypatch, links):
    monkeypatch.setattr(swap, "LOCK_WAITS", (0.0, 0.0, 0.0))
    out = tmp_path / "out"
    write_files(out, OLD)
    before = snapshot(out)
    target = out / "timetable.docx"
    failing(monkeypatch, target, lambda name: True)
    with pytest.raises(InputError) as caught:
        write_files(out, NEW)
    assert caught.value.text("en") == f"{target}: {LOCKED}"
    assert snapshot(out) == before and strays(tmp_path) == []


# -- a path past Windows' 260 characters (QA windows §9) ---------------------------------------------


def _deep(tmp_path: Path, length: int) -> Path:
    """A folder under ``tmp_path`` whose absolute path is ``length`` characters long."""
    left = length - len(str(tmp_path)) - 1
    assert left > 10
    return tmp_path / "/".join("d" * 100 for _ in range(left // 101)) / ("e" * (left - 101 * (left // 101)))


def _windows_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows without LongPathsEnabled: ``os.open`` of a path of 260 characters or more is not found."""
    real = os.open

    def open_(path: Any, *args: Any, **kwargs: Any) -> int:
        if len(os.path.abspath(os.fsdecode(path))) >= swap.MAX_PATH:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", open_)
    monkeypatch.setattr(swap, "WINDOWS", True)


def test_a_path_past_windows_limit_is_said_so_with_what_to_do(tmp_path, monkeypatch):
    out = _deep(tmp_path, 240)  # the folder fits; its files' temporary names (and some files) do not
    out.mkdir(parents=True)
    _windows_open(monkeypatch)
    with pytest.raises(InputError) as caught:
        write_files(out, {"timetable.csv": b"csv"})
    english = caught.value.text("en")
    assert english.startswith(f"{out / 'timetable.csv'}: cannot write the output: the path is ")
    assert "past Windows' limit of 260: choose an output folder with a shorter path" in english
    assert "路径较短的输出文件夹" in caught.value.text("zh")
    assert strays(tmp_path) == [] and not (out / "timetable.csv").exists()
    monkeypatch.setattr(swap, "WINDOWS", False)  # elsewhere: the system's reason, in words (QA qabig25 F5)
    with pytest.raises(InputError) as caught:
        write_files(out, {"timetable.csv": b"csv"})
    assert "no such file or folder" in caught.value.text("en")


def test_a_file_that_cannot_be_put_back_after_a_failed_write_is_named_where_it_was_left(tmp_path, monkeypatch, links):
    """leftovers13: a write whose rename failed (a file open in Excel) undoes what it did; when putting one
    of the old files back is refused too, the one-line error said only "close it": the old timetable.csv
    was left under a hidden backup name, unsaid. It now names that file and what it was called."""
    out = tmp_path / "out"
    write_files(out, OLD)
    locked, stuck = out / "invites" / "a.ics", out / "timetable.csv"
    real = os.replace

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        source, destination = Path(os.fsdecode(src)), Path(os.fsdecode(dst))
        refused = (destination == locked and source.suffix == ".tmp") or (
            destination == stuck and source.suffix == ".bak"  # the put back of timetable.csv
        )
        if refused:
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(src), None, os.fsdecode(dst))
        real(src, dst, **kwargs)

    monkeypatch.setattr(swap.os, "replace", replace)
    with pytest.raises(InputError) as caught:
        write_files(out, {name: NEW[name] for name in ORDER})
    (left,) = strays(out)
    backup = out / left
    assert backup.read_bytes() == b"csv" and backup.name.startswith(".timetable.csv.")
    assert caught.value.text("en") == (
        f"{locked}: {LOCKED}; the file that was there could not be put back and is now {backup} "
        "(was timetable.csv): rename it back"
    )
    assert "\n" not in caught.value.text("zh") and f"{backup}（原名 timetable.csv）" in caught.value.text("zh")
