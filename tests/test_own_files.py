"""The program's own files and folders in a project folder other local users can write (QA qasec23 F1,
F2, F5, F6): a link planted as ``.docking.lock``, ``.serve-lock``, the mail journal or the replies
ledger made the next command truncate and write the link's target (any file of the clerk's); a journal
another user created first received the campaign's addresses; a link in the place of ``invites/`` sent
the invites into another folder; the lock's holder fields printed a forged line. Each is refused now on
one line naming the file or folder, and the target is left as it was.

"Another user" is played by ``lchown`` to a spare uid where the tests run as root, and skipped elsewhere;
the link, mode and hard-link cases need no privilege."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files import folderlock
from scheduler.files.appendlog import AppendLog, open_log
from scheduler.files.atomic import write_files
from scheduler.mail.journal import Journal
from tests.web_helpers import make_project

OTHER = 4242
"""The uid of "another user" (root only: files and links are handed to it with ``lchown``)."""
posix = pytest.mark.skipif(sys.platform == "win32", reason="owners and modes are POSIX's")
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to play another user")


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A private file of the clerk's outside the project folder."""
    path = tmp_path / "victim.txt"
    path.write_bytes(b"the clerk's own file\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path / "out")
    return tmp_path / "out"


def _refused(call: object, *args: object) -> str:
    with pytest.raises(InputError) as raised:
        call(*args)  # type: ignore[operator]
    said = raised.value.text("en")
    assert "\n" not in said
    return said


@pytest.mark.parametrize("name", [folderlock.LOCK_NAME, ".serve-lock", "mail-journal.jsonl", "replies-ledger.jsonl"])
def test_a_link_planted_as_one_of_our_files_is_refused_and_its_target_left_as_it_was(tmp_path, victim, name):
    link = tmp_path / "shared" / name
    link.parent.mkdir()
    link.symlink_to(victim)
    said = _refused(open_log, link)
    assert said.startswith(str(link)) and "is a link: refused" in said
    assert victim.read_bytes() == b"the clerk's own file\n"


@pytest.mark.parametrize("name", [folderlock.LOCK_NAME, "mail-journal.jsonl"])
def test_a_dangling_link_planted_as_one_of_our_files_creates_nothing_at_its_target(tmp_path, name):
    """Followed, the open would have made the target, anywhere the clerk may write (``~/.config/x``)."""
    target = tmp_path / "clerks" / "new-file"
    target.parent.mkdir()
    link = tmp_path / "shared" / name
    link.parent.mkdir()
    link.symlink_to(target)
    assert "is a link: refused" in _refused(open_log, link)
    assert not target.exists()


def test_an_empty_file_linked_as_the_journal_is_not_filled(tmp_path):
    """The journal could fill an empty file of the clerk's anywhere (24 KB of addresses)."""
    empty = tmp_path / "empty.txt"
    empty.touch(mode=0o600)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "mail-journal.jsonl").symlink_to(empty)
    (tmp_path / "shared" / "replies-ledger.jsonl").symlink_to(empty)
    said = _refused(Journal, tmp_path / "shared" / "mail-journal.jsonl")
    assert "mail-journal.jsonl" in said and "link" in said
    _refused(AppendLog, tmp_path / "shared" / "replies-ledger.jsonl")
    assert empty.read_bytes() == b"" and empty.is_file()


def test_ics_through_a_planted_lock_link_is_refused_in_one_line_and_writes_nothing(project, victim):
    (project / folderlock.LOCK_NAME).symlink_to(victim)
    before = sorted(p.name for p in project.iterdir())
    result = CliRunner().invoke(main, ["ics", str(project / "timetable.csv"), "--out", str(project), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert result.output.strip().count("\n") == 0 and "link" in result.output
    assert victim.read_bytes() == b"the clerk's own file\n"
    assert sorted(p.name for p in project.iterdir()) == before


def test_serve_refuses_a_planted_serve_lock_link(project, victim):
    from scheduler.cli.serve import SERVED_NAME, _hold_served

    (project / SERVED_NAME).symlink_to(victim)
    said = _refused(_hold_served, project)
    assert said.startswith(str(project / SERVED_NAME))
    assert victim.read_bytes() == b"the clerk's own file\n"


@posix
def test_a_hard_link_or_a_pipe_in_the_place_of_our_file_is_refused(tmp_path, victim):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.link(victim, shared / folderlock.LOCK_NAME)
    assert "another hard link" in _refused(folderlock.acquire, shared, "ics", 0)
    assert victim.read_bytes() == b"the clerk's own file\n"
    os.mkfifo(shared / "mail-journal.jsonl")
    assert "plain file" in _refused(open_log, shared / "mail-journal.jsonl")


def _shared_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files' group is a shared one (an office group), not the running user's private group, whatever
    the machine's groups are (the tests' files take the running user's group: private on Debian or as root)."""
    from scheduler.files import owned

    monkeypatch.setattr(owned, "_private_group", lambda gid, uid: False)


@posix
@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_a_journal_others_may_write_is_refused_naming_its_mode(tmp_path, monkeypatch, mode):
    _shared_group(monkeypatch)
    path = tmp_path / "mail-journal.jsonl"
    path.touch()
    path.chmod(mode)
    said = _refused(Journal, path)
    assert said.startswith(str(path)) and f"mode {mode:04o}" in said and "chmod 600" in said
    assert path.read_bytes() == b""
    assert path.stat().st_mode & 0o777 == mode  # (asking whether the file system keeps modes changed nothing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mail-journal.jsonl"]  # (nor left a probe)


@posix
def test_a_journal_readable_by_others_but_ours_is_still_used(tmp_path):
    """Readable by the group (made so on purpose, or by an older version): ours, and others cannot change it."""
    path = tmp_path / "replies-ledger.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    path.chmod(0o644)
    log = AppendLog(path)
    try:
        log.append({"b": 2})
    finally:
        log.close()
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'


@as_root
@pytest.mark.parametrize("name", ["mail-journal.jsonl", "replies-ledger.jsonl", folderlock.LOCK_NAME])
def test_a_file_another_user_made_first_is_refused_naming_them(tmp_path, name):
    """QA qasec23 F2: the other user's 0666 journal was appended to: 58 lines of addresses they read."""
    path = tmp_path / name
    path.touch()
    path.chmod(0o600)  # even one only they may change the mode of
    os.chown(path, OTHER, OTHER)
    said = _refused(open_log, path)
    assert said.startswith(str(path)) and f"belongs to user {_name(OTHER)}" in said
    assert path.read_bytes() == b""


def _played_as_the_clerk(monkeypatch: pytest.MonkeyPatch, *theirs: Path) -> int:
    """The running account played as another one, the clerk (a spare uid, returned), without root: ``theirs``
    stay the running account's, so another user's to the clerk; a file made from now on (the probe asking
    whether the file system keeps owners) shows as the clerk's, as it would when the clerk made it."""
    real, clerk = os.geteuid(), os.geteuid() + 4242
    kept = {(p.stat().st_dev, p.stat().st_ino) for p in theirs}
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        there = real_fstat(fd)
        if there.st_uid != real or (there.st_dev, there.st_ino) in kept:
            return there
        values = list(there)[:10]
        values[4] = clerk
        return os.stat_result(values)

    monkeypatch.setattr(os, "geteuid", lambda: clerk)
    monkeypatch.setattr(os, "fstat", fstat)
    return clerk


@posix
@pytest.mark.parametrize("name", ["mail-journal.jsonl", "replies-ledger.jsonl"])
def test_a_record_of_another_users_is_refused_with_advice_that_keeps_it(tmp_path, monkeypatch, name):
    """Review23: the refusal of a journal or ledger that is another user's said 'check, delete it and try
    again'; but the journal is the only record of what was sent (deleted, the next send mails everyone
    again: docs/mail.md), and the usual way a clerk's own journal becomes another user's is a run with
    sudo, or a colleague's in a shared folder. The line says how to take it back (sudo chown, naming the
    clerk) or whom to ask, and never to delete it."""
    path = tmp_path / name
    path.write_bytes(b'{"uid": "x"}\n')
    path.chmod(0o600)
    clerk = _played_as_the_clerk(monkeypatch, path)  # the file stays the running account's: the clerk's "root"
    opener = Journal if name == "mail-journal.jsonl" else AppendLog
    for lang in ("en", "zh"):
        with pytest.raises(InputError) as raised:
            opener(path)
        said = raised.value.text(lang)
        assert "\n" not in said and f"sudo chown {_name(clerk)} {path}" in said, said
        assert ("do not delete it" in said) if lang == "en" else ("不要删除它" in said), said
        assert "delete it and" not in said and "删除它再试" not in said, said
    assert path.read_bytes() == b'{"uid": "x"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # (the probe asking of owners is gone)


@posix
def test_a_journal_a_sudo_run_left_is_named_as_its_owners_with_the_way_back(tmp_path, monkeypatch):
    """Review23: ``sudo docking-scheduler send`` leaves the journal root's, ``0600``; the clerk's next
    ``send`` said only 'cannot write the mail journal: Permission denied'. It says whose it is and how to
    take it back. Played in this process: the clerk is a spare uid, the system refuses the open as it
    refuses the clerk another user's 0600 file (a child process of another uid cannot run this Python)."""
    path = tmp_path / "mail-journal.jsonl"
    path.write_bytes(b"")
    path.chmod(0o600)
    owner = _name(os.geteuid())
    clerk = _played_as_the_clerk(monkeypatch, path)
    real_open = os.open

    def as_the_clerk(file, flags, mode=0o777, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path and not flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", as_the_clerk)
    from scheduler.mail.journal import read_history

    for opened in (Journal, read_history):  # send; ics's look at what was mailed, a dry run
        said = _refused(opened, path)
        who = "the administrator (root)" if owner == "root" else f"user {owner}"
        assert said.startswith(f"{path}: this file belongs to {who}, not to {_name(clerk)}"), said
        assert f"sudo chown {_name(clerk)} {path}" in said and "do not delete it" in said
    from scheduler.files.owned import read_note

    with pytest.raises(PermissionError):  # a holder's note: the system's refusal, no probe in the busy folder
        read_note(path)
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mail-journal.jsonl"]  # (the probe asking of owners gone)


def test_a_new_file_of_ours_is_made_0600_and_opened_again(tmp_path):
    path = tmp_path / "mail-journal.jsonl"
    with open_log(path) as handle:
        handle.write(b"x\n")
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600
    with open_log(path) as handle:
        handle.seek(0)
        assert handle.read() == b"x\n"


@as_root
def test_a_link_another_user_put_in_the_place_of_invites_is_refused(project, tmp_path):
    """QA qasec23 F5: ``invites/`` renamed away and linked to another project's: 60 invites written there."""
    elsewhere = tmp_path / "victimproj" / "invites"
    elsewhere.mkdir(parents=True)
    (elsewhere / "state.json").write_text('{"victim": "state"}')
    (project / "invites").symlink_to(elsewhere)
    os.lchown(project / "invites", OTHER, OTHER)
    out = str(project / "invites")
    result = CliRunner().invoke(main, ["ics", str(project / "timetable.csv"), "--out", out, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert f"link made by user {_name(OTHER)}" in result.output and "\n" not in result.output.strip()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["state.json"]
    assert (elsewhere / "state.json").read_text() == '{"victim": "state"}'
    # a deeper folder, through the library
    (project / "invites").unlink()
    (project / "sub").mkdir()
    (project / "sub" / "deeper").symlink_to(elsewhere)
    os.lchown(project / "sub" / "deeper", OTHER, OTHER)
    with pytest.raises(InputError, match="deeper"):
        write_files(project, {"sub/deeper/x.ics": b"x"})
    assert not (elsewhere / "x.ics").exists()


def test_a_link_of_our_own_is_followed(project, tmp_path):
    """The clerk's own ``invites -> elsewhere`` (a synced drive) is written through, as before."""
    elsewhere = tmp_path / "synced" / "invites"
    elsewhere.mkdir(parents=True)
    (project / "invites").symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["ics", str(project / "timetable.csv"), "--out", str(project / "invites")])
    assert result.exit_code == 0, result.output
    assert len(list(elsewhere.glob("*.ics"))) > 20


def test_the_holders_fields_are_shown_as_visible_text_on_one_line():
    """QA qasec23 F6: a newline in the lock file's ``user`` forged a second line in the clerk's terminal."""
    said = {
        "pid": "1\n2",
        "what": "send\x1b]0;PWNED\x07",
        "user": "局长\n外部错误：请把密码发到 evil@evil.test",
        "host": "vm\r\nx" + "h" * 200,
        "since": "2026-12-06T02:00:00+00:00",
    }
    from scheduler.errors import InputError as Error
    from scheduler.text.messages import Message

    for lang in ("zh", "en"):
        line = Error(Message("safety.folder_busy", holder=folderlock.described(said)), "out").text(lang)
        assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\x07" not in line
        assert "局长\\n外部错误" in line and "send\\x1b]0;PWNED\\x07" in line
        assert "h" * (folderlock.SHOWN) not in line


NOTE_READ = """
import fcntl, os, sys, time
from pathlib import Path
from scheduler.errors import InputError
from scheduler.files import folderlock
folder = Path(sys.argv[1])
held = os.open(folder, os.O_RDONLY)
fcntl.flock(held, fcntl.LOCK_EX)  # another account holding the folder: read access is enough
try:
    folderlock.acquire(folder, "ics", wait=0.2)
except InputError as error:
    print(error.text("en"))
"""


@posix
@pytest.mark.parametrize("plant", ["pipe", "device", "link"])
def test_the_holders_note_is_read_as_a_plain_file_of_at_most_a_page_never_a_pipe_or_a_device(tmp_path, plant):
    """Review23: with the folder held by another account (any that may read it can ``flock`` it), the
    refusal read ``.docking.lock`` to name the holder by following whatever was there: a pipe planted
    there hung the command for ever, a link to ``/dev/zero`` read until memory ran out, a link to a
    file of the clerk's printed that file. The note is read without following a link, only when a plain
    file, a page at most: the refusal comes within the wait and names no holder."""
    folder = tmp_path / "out"
    folder.mkdir()
    note = folder / folderlock.LOCK_NAME
    if plant == "pipe":
        os.mkfifo(note)
    elif plant == "device":
        note.symlink_to("/dev/zero")
    else:
        secret = tmp_path / "secret.txt"
        secret.write_text("the clerk's private line", encoding="utf-8")
        note.symlink_to(secret)
    import subprocess

    from tests.web_helpers import ROOT

    done = subprocess.run(
        [sys.executable, "-c", NOTE_READ, str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{folder}: another program is writing into this folder (?)"), done.stdout
    assert "private" not in done.stdout


READ = """
import sys
from pathlib import Path
from scheduler.errors import InputError
from scheduler.mail.journal import read_history
from scheduler.replies.ledger import read_ledger
read = {"mail-journal.jsonl": read_history, "replies-ledger.jsonl": read_ledger}[Path(sys.argv[1]).name]
try:
    read(sys.argv[1])
    print("read")
except InputError as error:
    print(error.text("en"))
"""


@posix
@pytest.mark.parametrize("name", ["mail-journal.jsonl", "replies-ledger.jsonl"])
@pytest.mark.parametrize("plant", ["pipe", "link"])
def test_a_journal_or_ledger_only_read_is_never_a_pipe_or_a_link_either(tmp_path, name, plant, victim):
    """Review23: writing the journal or the ledger refused a link or a pipe, but reading them (``ics``'s
    look at what was mailed, ``send --dry-run``, ``replies``, the web page's journal) still followed
    whatever was there: a pipe another user planted hung the command (or a server thread, for good), a
    link read a file of the clerk's as the journal. Read as they are written: refused on one line."""
    path = tmp_path / name
    if plant == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to(victim)
    import subprocess

    from tests.web_helpers import ROOT

    done = subprocess.run([sys.executable, "-c", READ, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    said = done.stdout.strip()
    assert said.startswith(f"{path}: ") and "\n" not in said, said
    assert ("is a link" if plant == "link" else "plain file") in said, said


def _name(uid: int) -> str:
    from scheduler.files.owned import owner_name

    return owner_name(uid)


def _as_on_a_file_system_without_modes(monkeypatch: pytest.MonkeyPatch, folder: Path, uid: int | None = None) -> None:
    """``fstat`` shows every file under ``folder`` ``0777`` (and owned by ``uid``, when given), whatever it was
    made with or ``chmod`` does: WSL's ``/mnt/c``, FAT or exFAT mounted ``umask=000``, a CIFS share
    ``file_mode=0777`` (mounted by ``uid``: root, in an fstab without ``uid=``)."""
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        there = real(fd)
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return there
        if not name.startswith(str(folder)):
            return there
        values = list(there)[:10]
        values[0] = (there.st_mode & ~0o777) | 0o777
        if uid is not None:
            values[4] = uid
        return os.stat_result(values)

    monkeypatch.setattr(os, "fstat", fstat)


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="the stand-in file system reads /proc")


@posix
@needs_proc
@pytest.mark.parametrize("uid", [None, OTHER])
def test_on_a_file_system_that_keeps_no_modes_the_journal_opens_again(tmp_path, monkeypatch, uid):
    """upgrade23: a project folder where every file shows 0777 (or the mounting user's) whatever chmod does: the
    journal the first send made was refused by every later one ('other users may write this file (mode
    0777)… chmod 600 it'), and no chmod could help. Owners and modes are not checked where the file system
    keeps none, as on Windows; the probe leaves nothing behind."""
    folder = tmp_path / "usb"
    folder.mkdir()
    _as_on_a_file_system_without_modes(monkeypatch, folder, uid)
    path = folder / "mail-journal.jsonl"
    for line in (b"1\n", b"2\n"):
        with open_log(path) as handle:
            handle.write(line)
    assert path.read_bytes() == b"1\n2\n"
    assert sorted(p.name for p in folder.iterdir()) == ["mail-journal.jsonl"]


@posix
@needs_proc
def test_a_journal_others_may_write_is_still_refused_where_the_file_system_keeps_modes(tmp_path, monkeypatch):
    """The probe is made beside the file: another folder that keeps no modes changes nothing here, and the
    refusal leaves no probe behind."""
    _as_on_a_file_system_without_modes(monkeypatch, tmp_path / "usb")
    _shared_group(monkeypatch)
    path = tmp_path / "mail-journal.jsonl"
    path.touch()
    path.chmod(0o664)
    assert "mode 0664" in _refused(Journal, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mail-journal.jsonl"]


@posix
@needs_proc
def test_a_file_system_that_keeps_no_modes_does_not_lock_the_clerk_out(tmp_path, monkeypatch):
    """Review23: on a file system that keeps no modes (WSL's /mnt/c, a Windows share mounted with
    file_mode=0777) every file shows 0777, the journal ``send`` itself made too, and chmod changes
    nothing: the second ``send`` was refused ('chmod 600 it') for good. A journal already there with what
    was mailed, 0777, is appended to (its mode says nothing of who may write it there, as on Windows), and
    left 0777: the look (a probe beside it, upgrade23's) changes nothing of it and leaves nothing."""
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "mail-journal.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    path.chmod(0o777)
    _as_on_a_file_system_without_modes(monkeypatch, folder)
    log = AppendLog(path)
    try:
        log.append({"b": 2})
    finally:
        log.close()
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    assert os.stat(path).st_mode & 0o777 == 0o777
    assert sorted(p.name for p in folder.iterdir()) == ["mail-journal.jsonl"]


@posix
@needs_proc
def test_replies_twice_on_a_file_system_that_keeps_no_modes(tmp_path, monkeypatch):
    """The command line: the second ``replies`` read its ledger again (refused before, with a chmod that
    could not help)."""
    from tests.replies_helpers import maildir

    project = tmp_path / "stick"
    make_project(project)
    _as_on_a_file_system_without_modes(monkeypatch, tmp_path)
    box = maildir(tmp_path / "Maildir")
    table = str(project / "timetable.csv")
    assert CliRunner().invoke(main, ["ics", table, "--out", str(project / "invites")]).exit_code == 0
    for _ in range(2):
        result = CliRunner().invoke(main, ["replies", table, "--maildir", str(box)])
        assert result.exit_code == 0, result.output
    assert (project / "replies-ledger.jsonl").exists()


@as_root
def test_another_users_journal_is_never_said_to_be_deleted(tmp_path):
    """upgrade23: a journal of another user's (a folder copied or unpacked keeping its owner, a colleague's
    send in a shared folder) was refused with 'check, delete it and try again'; deleting it, the next send
    mailed all 29 units again. The journal and the ledger record what was done: the line says not to delete
    it and how to make it one's own; a lock file, which records nothing, may still be deleted."""
    for name, opener in (("mail-journal.jsonl", Journal), ("replies-ledger.jsonl", AppendLog)):
        path = tmp_path / name
        path.write_bytes(b"")
        os.chown(path, OTHER, OTHER)
        for lang in ("en", "zh"):
            with pytest.raises(InputError) as raised:
                opener(path)
            said = raised.value.text(lang)
            assert "\n" not in said and said.startswith(str(path))
            assert ("delete it and" not in said) if lang == "en" else ("删除它再试" not in said)
            assert ("do not delete it" in said) if lang == "en" else ("不要删除" in said)
            assert f"cp {path} {path}.new && chmod 600 {path}.new && mv {path}.new {path}" in said
    lock = tmp_path / folderlock.LOCK_NAME
    lock.touch()
    os.chown(lock, OTHER, OTHER)
    assert "delete it and try again" in _refused(open_log, lock)


@posix
def test_a_hard_linked_journal_says_how_to_make_it_a_file_of_its_own(tmp_path):
    """upgrade23: a journal hard-linked by a backup (``cp -al out backup``) was refused naming no way out; the
    line says how to make it a file of its own (a copy), never to delete it."""
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "mail-journal.jsonl"
    path.write_bytes(b"")
    path.chmod(0o600)
    os.link(path, tmp_path / "backup.jsonl")
    said = _refused(Journal, path)
    assert "hard link" in said and f"cp {path} {path}.new && chmod 600 {path}.new && mv {path}.new {path}" in said
    assert "do not delete it" in said and "delete it and" not in said


@as_root
def test_the_copy_suggested_quotes_a_path_with_spaces(tmp_path):
    """The command the line suggests is one the shell runs as it stands, from where the command was run."""
    folder = tmp_path / "对接 2021"
    folder.mkdir()
    path = folder / "mail-journal.jsonl"
    path.write_bytes(b"")
    os.chown(path, OTHER, OTHER)
    said = _refused(Journal, path)
    assert f"cp '{path}' '{path}.new' && chmod 600 '{path}.new' && mv '{path}.new' '{path}'" in said


@posix
@needs_proc
def test_a_probe_on_another_file_system_says_nothing_of_the_files(tmp_path, monkeypatch):
    """The probe tells of the checked file's file system only: a folder swapped meanwhile for a link to a
    file system without modes (a probe with another st_dev) leaves the refusal standing."""
    from scheduler.files import owned

    path = tmp_path / "mail-journal.jsonl"
    path.touch()
    path.chmod(0o666)
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        there = real(fd)
        if ".docking-probe-" not in os.readlink(f"/proc/self/fd/{fd}"):
            return there
        values = list(there)[:10]
        values[0], values[2] = there.st_mode | 0o777, there.st_dev + 1
        return os.stat_result(values)

    monkeypatch.setattr(os, "fstat", fstat)
    assert not owned.keeps_owners(tmp_path)  # the probe alone: a file system without modes
    assert "mode 0666" in _refused(Journal, path)
