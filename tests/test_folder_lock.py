"""One writer at a time in an output folder (QA crash 1): two ``reschedule --out out`` at once, or the
page's move while ``reschedule --out`` runs, lost one change silently. The other writer here is a real
second process holding the folder's lock (started and waited for: no timing decides the outcome)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files import folderlock
from scheduler.web.app import create_app
from scheduler.web.guard import Guard
from tests.web_helpers import ROOT, make_project

HOLD = (
    "import sys; from scheduler.files import folderlock; "
    "folderlock.acquire(sys.argv[1], sys.argv[2]); print('held', flush=True); sys.stdin.read()"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path / "out")
    return tmp_path / "out"


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folderlock, "WAIT", 0.2)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def held(project: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the folder's lock as ``reschedule`` would, until the test ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), "reschedule"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


def test_a_second_reschedule_on_a_folder_being_written_is_refused_and_writes_nothing(project, held, short_wait):
    before = _files(project)
    table = str(project / "timetable.csv")
    result = CliRunner().invoke(
        main, ["--lang", "en", "reschedule", table, "--unavailable", "区财政局@9月8日", "--out", str(project)]
    )
    assert result.exit_code == 2, result.output
    line = f"{project}: another program is writing into this folder ('reschedule' started by "
    assert result.output.startswith(line) and result.output.count("\n") == 1
    assert f", process {held.pid}): nothing was written" in result.output
    assert _files(project) == before


@pytest.mark.skipif(sys.platform == "win32", reason="an open file cannot be deleted on Windows")
def test_a_lock_file_deleted_while_its_holder_runs_still_keeps_a_second_writer_out(project, held, short_wait):
    """A leftover of the twenty-first session: the lock was on the file alone, so with ``.docking.lock``
    deleted a second ``reschedule`` made a new one, locked it and wrote while the first still ran. The
    folder's own lock holds; the refusal says the note is gone; the next writer after the holder goes in."""
    (project / folderlock.LOCK_NAME).unlink()
    before = _files(project)
    table = str(project / "timetable.csv")
    args = ["--lang", "en", "reschedule", table, "--unavailable", "区财政局@9月8日", "--out", str(project)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(
        f"{project}: another program is writing into this folder (unknown: its .docking.lock was deleted, but it"
        " still holds the folder): nothing was written"
    )
    assert _files(project) == before
    assert held.stdin is not None
    held.stdin.close()
    held.wait(timeout=30)
    after = CliRunner().invoke(main, args)
    assert after.exit_code == 0, after.output
    assert not (project / folderlock.LOCK_NAME).exists()


def test_a_folder_the_file_system_cannot_lock_keeps_the_lock_files_lock(tmp_path, monkeypatch):
    """Where a folder cannot be locked (a network mount: EBADF, ENOLCK), the lock file's lock alone is kept."""
    import fcntl

    real = fcntl.flock

    def no_folder_locks(fd: int, operation: int) -> None:
        if Path(f"/proc/self/fd/{fd}").resolve().is_dir():
            raise OSError(9, "Bad file descriptor")
        real(fd, operation)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc to tell a folder's descriptor")
    monkeypatch.setattr(fcntl, "flock", no_folder_locks)
    folderlock.acquire(tmp_path, "ics")
    try:
        assert (tmp_path / folderlock.LOCK_NAME).is_file()
        with pytest.raises(subprocess.CalledProcessError):  # another process: refused on the file's lock
            subprocess.run(
                [sys.executable, "-c", HOLD, str(tmp_path), "x"],
                cwd=ROOT,
                check=True,
                timeout=60,
                capture_output=True,
                input="",
            )
    finally:
        folderlock.release(tmp_path)
    assert not (tmp_path / folderlock.LOCK_NAME).exists()


def test_the_pages_move_while_a_command_writes_the_folder_is_refused_and_nothing_lost(project, held, short_wait):
    guard = Guard("127.0.0.1")
    client = create_app(project, guard).test_client()
    version = client.get("/api/project").get_json()["version"]
    before = _files(project)
    moved = client.post(
        "/api/move",
        json={"version": version, "index": 3, "start": "2021-09-10T18:00"},
        headers={"X-CSRF-Token": guard.csrf, "X-Page-Lang": "en"},
    )
    assert moved.status_code >= 400
    said = moved.get_json()["error"]
    assert "another program is writing into this folder ('reschedule' started by " in said
    assert f", process {held.pid})" in said
    assert _files(project) == before


def test_a_writer_waits_for_the_folder_and_then_reads_what_the_first_wrote(project, monkeypatch):
    """Two writers in one process, ordered by events: the second takes the lock only once the first
    has released it, so it reads the first one's change (its own read-compare-write is not stale)."""
    monkeypatch.setattr(folderlock, "WAIT", 60.0)
    first_has_it, second_asks = threading.Event(), threading.Event()
    seen: list[str] = []

    def first() -> None:
        folderlock.acquire(project, "first")
        first_has_it.set()
        second_asks.wait(30)
        (project / "note.txt").write_text("first", encoding="utf-8")
        folderlock.release(project)

    def second() -> None:
        first_has_it.wait(30)
        second_asks.set()
        folderlock.acquire(project, "second")
        seen.append((project / "note.txt").read_text(encoding="utf-8"))
        folderlock.release(project)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert seen == ["first"]
    assert not (project / folderlock.LOCK_NAME).exists()


def test_a_folder_made_only_to_be_locked_is_removed_again(tmp_path):
    folder = tmp_path / "new" / "out"
    folderlock.acquire(folder, "solve")
    folderlock.acquire(folder, "solve")  # reentrant for the thread that holds it
    folderlock.release(folder)
    assert (folder / folderlock.LOCK_NAME).exists()
    folderlock.release(folder)
    assert not (tmp_path / "new").exists()


def test_a_killed_writes_leftovers_are_removed_and_said_once(project):
    """QA crash 5: a write killed with -9 left ``.timetable.csv.XXXXXXXX-PID.tmp`` copies (addresses
    included); the next writer swept them without a word, so nobody knew the previous run had died."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    leftovers = [
        project / f".timetable.csv.0a1b2c3d-{pid}.tmp",
        project / "invites" / f".区财政局.ics.0a1b2c3e-{pid}.tmp",
    ]
    for path in leftovers:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half")
    table = str(project / "timetable.csv")
    result = CliRunner().invoke(
        main, ["--lang", "en", "reschedule", table, "--unavailable", "区财政局@9月8日", "--out", str(project)]
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "a previous run was interrupted" in line]
    assert len(said) == 1 and said[0].startswith(str(project))  # one line, naming the folder
    assert not any(path.exists() for path in leftovers)


def test_a_send_refreshing_the_invites_waits_for_the_folder_too(project, held, short_wait, tmp_path):
    """The send flow (the command's, the web app's sending job) reads the table and refreshes ``invites/``
    under the folder's lock: refused while another writer holds it, having written nothing."""
    before = _files(project)
    table = str(project / "timetable.csv")
    result = CliRunner().invoke(main, ["--lang", "en", "send", table, "--smtp-host", "127.0.0.1", "--smtp-port",
                                       "9", "--insecure-plain"])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "another program is writing into this folder ('reschedule' started by " in result.output
    assert f", process {held.pid})" in result.output
    assert _files(project) == before


def test_a_dry_run_reads_while_another_writer_holds_the_folder_and_writes_nothing_there(project, held, tmp_path):
    """QA qaupgrade17 F1: ``send --dry-run`` took the folder's lock and rewrote ``invites/state.json`` (its
    record of what the last reschedule changed gone after a mere preview), while docs/cli.md lists it
    among the commands that only read. A preview reads: no lock, nothing of the folder written."""
    before = _files(project)
    table = str(project / "timetable.csv")
    result = CliRunner().invoke(main, ["--lang", "en", "send", table, "--dry-run", str(tmp_path / "dry")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "dry").glob("*.eml"))) == 29
    assert _files(project) == before


def test_a_dry_run_after_a_reschedule_leaves_the_state_file_as_it_was(project, tmp_path):
    table = str(project / "timetable.csv")
    run = CliRunner().invoke
    assert run(main, ["send", table, "--dry-run", str(tmp_path / "first")]).exit_code == 0
    drop = ["reschedule", table, "--drop", "区卫健委", "--out", str(project)]
    assert run(main, drop).exit_code == 0
    before = _files(project)
    result = run(main, ["--lang", "en", "send", table, "--dry-run", str(tmp_path / "dry")])
    assert result.exit_code == 0, result.output
    assert _files(project) == before


def test_the_pages_move_after_a_command_changed_the_table_names_what_changed(project):
    """A command that wrote the folder between the page's read and its move (the page's version is
    stale): the move is refused, naming the file that changed and asking to reload; nothing is lost."""
    guard = Guard("127.0.0.1")
    client = create_app(project, guard).test_client()
    version = client.get("/api/project").get_json()["version"]
    table = str(project / "timetable.csv")
    command = ["--lang", "en", "reschedule", table, "--unavailable", "区财政局@9月8日", "--out", str(project)]
    assert CliRunner().invoke(main, command).exit_code == 0
    after = _files(project)
    moved = client.post(
        "/api/move",
        json={"version": version, "index": 3, "start": "2021-09-10T18:00"},
        headers={"X-CSRF-Token": guard.csrf, "X-Page-Lang": "en"},
    )
    assert moved.status_code == 409
    error = moved.get_json()["error"]
    assert "(another tab or the command line changed timetable.csv" in error and "Reload" in error
    assert _files(project) == after


def test_a_lock_file_another_user_left_is_named_with_its_owner(tmp_path, monkeypatch):
    """env14 finding 7: a lock file left by another user's killed run in a shared folder (0600, theirs)
    blocked the folder with 'cannot write the folder', which is writable: the lock file is named now."""
    import os

    from scheduler.errors import InputError

    pwd = pytest.importorskip("pwd")
    (tmp_path / folderlock.LOCK_NAME).write_bytes(b"")

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(folderlock, "open_log", refused)
    with pytest.raises(InputError) as raised:
        folderlock.acquire(tmp_path, "reschedule", wait=0)
    said = raised.value.text("en")
    assert said.startswith(str(tmp_path / folderlock.LOCK_NAME))
    assert pwd.getpwuid(os.getuid()).pw_name in said and "delete it" in said


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts this process's descriptors in /proc")
def test_ctrl_c_while_waiting_for_the_folder_leaves_no_descriptor_open(tmp_path, monkeypatch):
    """Review23: the folder opened to be locked was left open when Ctrl+C (or a stop) came while waiting
    for another writer: a web server's thread, or a library caller going on, kept one more descriptor of
    the folder each time."""
    import fcntl
    import os

    holder = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another writer has the folder
    try:

        def interrupted(seconds: float) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(folderlock.time, "sleep", interrupted)
        before = len(list(Path("/proc/self/fd").iterdir()))
        with pytest.raises(KeyboardInterrupt):
            folderlock.acquire(tmp_path, "ics", wait=5)
        assert len(list(Path("/proc/self/fd").iterdir())) == before
    finally:
        os.close(holder)
    folderlock.acquire(tmp_path, "ics", wait=0)  # and the folder is free again for this process
    folderlock.release(tmp_path)
