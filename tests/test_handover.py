"""A campaign folder handed to a colleague (QA qahand24): what the colleague is told when a folder of the
campaign is still closed to them, and what they are advised to do with another user's records.

The colleague ("the clerk") is played in this process by a spare uid (``os.geteuid``) and ``os.access``
answering as the system answers them (the "other" permission bits of a file not theirs): a child process
of another uid cannot run this Python (its interpreter may sit in a folder only root may read), and root
may enter every folder. What the system refuses the clerk inside a closed folder (``stat``) is refused
the same way."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.owned import closed_to_us, owner_name, refused_access
from tests.conftest import NOTICE
from tests.test_own_files import _played_as_the_clerk

posix = pytest.mark.skipif(sys.platform == "win32", reason="owners and modes are POSIX's")


def _as_the_clerk(monkeypatch: pytest.MonkeyPatch, closed: Path | None = None) -> str:
    """The running account played as a colleague (a spare uid; its name returned): every file there now stays
    the running account's, so another user's to the clerk, who may use it only as its "other" bits allow;
    ``closed``: a folder whose inside the system refuses to show the clerk (``stat`` of anything in it)."""
    clerk = os.geteuid() + 4242
    real_stat = os.stat

    def access(path: object, mode: int, **kwargs: object) -> bool:
        there = real_stat(path)  # type: ignore[arg-type]
        bits = (there.st_mode >> 6) & 7 if there.st_uid == clerk else there.st_mode & 7
        return mode & ~bits == 0 if mode else True

    inside = None if closed is None else os.path.abspath(closed) + os.sep

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if inside is not None and os.path.abspath(os.fsdecode(path)).startswith(inside):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "geteuid", lambda: clerk)
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "stat", stat)
    return owner_name(clerk)


@pytest.fixture
def handed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A campaign solved into ``out/`` (``0700``, as ``solve --out`` makes it), in the current folder, as a
    folder copied by the administrator with ``cp -a`` leaves it: the colleague's top folder, the rest not."""
    tmp_path.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        (tmp_path / name).write_bytes((NOTICE.parent / name).read_bytes())
    solved = CliRunner().invoke(main, ["solve", "notice_2021.csv", "--out", "out", "--time-limit", "10"])
    assert solved.exit_code == 0, solved.output
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700
    return tmp_path


@posix
def test_a_path_inside_another_users_closed_folder_names_that_folder_its_owner_and_the_ways(handed, monkeypatch):
    """QA qahand24 F1 at its root: what is said of ``out/invites`` when ``out/`` is a colleague's ``0700``."""
    owner = owner_name(os.geteuid())
    clerk = _as_the_clerk(monkeypatch)
    refusal = refused_access(PermissionError(13, "Permission denied", "out/invites"))
    assert refusal is not None
    for lang in ("zh", "en"):
        said = refusal.text(lang)
        assert "\n" not in said and said.startswith("out: "), said
        assert "0700" in said and f"sudo chown -R {clerk} out" in said, said
    english = refusal.text("en")
    if owner == "root":  # (the tests run as root: the folder is the administrator's, who alone can help)
        assert "belongs to the administrator (root)" in english and "let root run" not in english, english
    else:
        assert f"belongs to user {owner}" in english and f"let {owner} run the command" in english, english
    assert refused_access(FileNotFoundError(2, "No such file", "out/invites")) is None
    assert closed_to_us(Path("notice_2021.csv")) is None  # (another user's, but readable: nothing in the way)


@posix
@pytest.mark.parametrize(
    "command",
    [
        ["send", "out/timetable.csv", "--smtp-host", "127.0.0.1", "--smtp-port", "9", "--insecure-plain"],
        ["reschedule", "out/timetable.csv", "--unavailable", "区财政局@9月8日", "--out", "out"],
        ["ics", "out/timetable.csv", "--out", "out/invites"],
    ],
    ids=["send", "reschedule", "ics"],
)
def test_a_command_in_a_handed_over_folder_still_closed_says_whose_it_is_in_one_line(handed, monkeypatch, command):
    """QA qahand24 F1: ``send`` (and ``serve``) said "internal error … a bug in this program, report it",
    exit 70; ``reschedule --out`` and ``ics --out`` said "cannot create or write a folder here" with no
    owner and no way. Each now names ``out``, its owner and ``sudo chown -R`` on one line, exit 2."""
    before = {p: p.stat().st_mtime_ns for p in (handed / "out").rglob("*")}
    clerk = _as_the_clerk(monkeypatch, closed=handed / "out")
    result = CliRunner().invoke(main, ["--lang", "en", *command])
    monkeypatch.undo()
    said = result.output.strip()
    assert result.exit_code == 2, said
    assert "\n" not in said and said.startswith("out"), said
    assert f"sudo chown -R {clerk} out" in said and "internal error" not in said, said
    assert {p: p.stat().st_mtime_ns for p in (handed / "out").rglob("*")} == before  # nothing written


@posix
def test_a_web_job_that_meets_a_closed_folder_says_whose_it_is(handed, monkeypatch):
    """The web page's jobs (Send, a new plan) say the same line, not "the job crashed (PermissionError)"."""
    from scheduler.web.jobs import Jobs

    clerk = _as_the_clerk(monkeypatch)

    def work(_job: object) -> None:
        raise PermissionError(13, "Permission denied", "out/invites")

    job = Jobs().start("send", "1", work)
    deadline = time.monotonic() + 10
    while job.error is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert isinstance(job.error, InputError)
    assert f"sudo chown -R {clerk} out" in job.error.text("en"), job.error.text("en")


def _journal_of(path: Path, uid: int, mode: int) -> Path:
    path.write_bytes(b"")
    path.chmod(mode)
    os.chown(path, uid, uid)
    return path


as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to play another user")


def _access_as(clerk: int) -> object:
    """``os.access`` answered as the system answers ``clerk``: the owner's bits of a file of theirs, the
    others' bits of any other."""
    real_stat = os.stat

    def access(path: object, mode: int, **kwargs: object) -> bool:
        there = real_stat(path)  # type: ignore[arg-type]
        bits = (there.st_mode >> 6) & 7 if there.st_uid == clerk else there.st_mode & 7
        return mode & ~bits == 0 if mode else True

    return access


@as_root
@pytest.mark.parametrize("mode", [0o600, 0o644])
def test_another_users_journal_is_said_to_be_copied_only_when_it_can_be_read(tmp_path, monkeypatch, mode):
    """QA qahand24 F2: the program makes the journal ``0600``, so a colleague's is unreadable to the clerk, and
    the advice ``cp … && mv …`` failed ("cp: cannot open … Permission denied"). When the file cannot be read
    the line says so and gives the ways that work: its owner runs the command, or the administrator's
    ``sudo chown``; a copy (ending ``0600``: F7) is offered for a journal the clerk can read (``0644``)."""
    from scheduler.mail.journal import Journal

    path = _journal_of(tmp_path / "mail-journal.jsonl", 4000, mode)
    clerk = _played_as_the_clerk(monkeypatch, path)
    real_open = os.open

    def as_the_clerk(file, flags, mode=0o777, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path and not flags & os.O_CREAT:  # (the system refuses the clerk to write it)
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", as_the_clerk)
    monkeypatch.setattr(os, "access", _access_as(clerk))
    with pytest.raises(InputError) as raised:
        Journal(path)
    monkeypatch.undo()
    owner = owner_name(4000)
    for lang in ("en", "zh"):
        said = raised.value.text(lang)
        assert "\n" not in said and f"sudo chown {owner_name(clerk)} {path}" in said and owner in said, said
        if mode == 0o600:
            assert "cp " not in said and "0600" in said, said
        else:
            assert f"cp {path} {path}.new && chmod 600 {path}.new && mv {path}.new {path}" in said, said
    assert f"let {owner} run the command" in raised.value.text("en")


@as_root
def test_a_journal_of_roots_never_says_to_let_root_run_the_command(tmp_path, monkeypatch):
    """QA qahand24 F2: a folder the administrator copied (``cp -r`` as root, the journal left root's) was
    answered "else let root run the command": a run as root is what the sudo advice warns about, and it
    leaves root's journal for the next run. Root's record points to the administrator's ``sudo chown``."""
    from scheduler.mail.journal import Journal

    path = _journal_of(tmp_path / "mail-journal.jsonl", 0, 0o644)
    clerk = _played_as_the_clerk(monkeypatch, path)
    with pytest.raises(InputError) as raised:
        Journal(path)
    monkeypatch.undo()
    said = raised.value.text("en")
    assert "the administrator (root)" in said and "let root run" not in said, said
    assert f"sudo chown {owner_name(clerk)} {path}" in said and "chmod 600" in said, said  # (readable: a copy too)
    assert "请 root 来运行" not in raised.value.text("zh")


needs_proc_locks = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="Linux's /proc/locks")


@needs_proc_locks
def test_whether_a_file_is_locked_is_told_without_opening_it(tmp_path):
    """``lock_held``: what ``/proc/locks`` says of a file (QA qahand24 F4), held and then let go."""
    import fcntl

    from scheduler.files.appendlog import lock_held

    path = tmp_path / ".serve-lock"
    path.write_bytes(b"")
    assert lock_held(path) is False
    with path.open("rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        assert lock_held(path) is True
    assert lock_held(path) is False
    assert lock_held(tmp_path / "none") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [".serve-lock"]  # (the probe beside it is gone)


@as_root
@needs_proc_locks
def test_a_serve_lock_a_colleagues_stopped_server_left_is_taken_over_and_removed_at_the_end(tmp_path):
    """QA qahand24 F4: ``.serve-lock`` stayed after every ``serve``, so the colleague's ``serve`` on the shared
    folder was refused for its owner, and the advice (delete it) let a second server in while the first ran.
    A lock no process holds is taken over; this server's own is removed when it stops."""
    from scheduler.cli.serve import _hold_served, _let_go

    lock = tmp_path / ".serve-lock"
    lock.write_bytes(b"http://127.0.0.1:40000/")
    lock.chmod(0o600)
    os.chown(lock, 4242, 4242)  # (a colleague's, their server stopped or killed)
    held = _hold_served(tmp_path)
    assert held is not None and lock.stat().st_uid == os.geteuid()
    _let_go(held, tmp_path)
    assert not lock.exists()


@as_root
@needs_proc_locks
def test_a_serve_lock_a_colleagues_running_server_holds_is_refused_naming_them_and_kept(tmp_path):
    """The same file while the colleague's server holds it: refused naming them, not deleted."""
    import fcntl

    from scheduler.cli.serve import _hold_served

    lock = tmp_path / ".serve-lock"
    lock.write_bytes(b"http://127.0.0.1:40000/")
    lock.chmod(0o600)
    os.chown(lock, 4242, 4242)
    with lock.open("rb") as theirs:
        fcntl.flock(theirs.fileno(), fcntl.LOCK_EX)
        with pytest.raises(InputError) as raised:
            _hold_served(tmp_path)
    said = raised.value.text("en")
    assert "\n" not in said and f"user {owner_name(4242)}'s serve has this project open" in said, said
    assert "do not delete .serve-lock" in said
    assert lock.stat().st_uid == 4242 and lock.read_bytes() == b"http://127.0.0.1:40000/"


@as_root
def test_a_colleagues_port_that_cannot_be_read_is_said_not_lost_silently(tmp_path, monkeypatch):
    """QA qahand24 F5: a colleague's ``.serve-port`` (``0600``) was read as "no port remembered" and the page
    moved to another port, every feed address with it, without a word. Its owner is named now."""
    from scheduler.cli import serve

    port = tmp_path / ".serve-port"
    port.write_text("35309\n", encoding="ascii")
    os.chown(port, 4242, 4242)
    assert serve._unreadable_port(tmp_path) is None  # (readable: taken again as before)
    real_open = Path.open

    def refused(self: Path, *args: object, **kwargs: object) -> object:
        if self == port:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refused)
    assert serve._unreadable_port(tmp_path) == owner_name(4242)


@as_root
@pytest.mark.parametrize("planted", ["link", "theirs", "group-writable"])
def test_a_feed_key_not_ours_alone_is_refused_and_never_used(tmp_path, monkeypatch, planted):
    """QA qahand24 F6: ``.feed-key`` was read through another user's link and from anyone's file, so a
    colleague who planted one could compute every unit's feed address; and one of theirs that could not be
    read (F5) made the feeds page a 500. It is refused on one line naming it, its owner and the way."""
    from scheduler.web.feeds import token
    from tests.test_own_files import _shared_group

    _shared_group(monkeypatch)
    key = tmp_path / ".feed-key"
    theirs = tmp_path / "planted"
    theirs.write_bytes(b"A" * 44 + b"\n")
    if planted == "link":
        key.symlink_to(theirs)
        os.lchown(key, 4242, 4242)
    else:
        key.write_bytes(b"A" * 44 + b"\n")
        key.chmod(0o660 if planted == "group-writable" else 0o600)
        if planted == "theirs":
            os.chown(key, 4242, 4242)
    with pytest.raises(InputError) as raised:
        token(tmp_path, "campaign", "区财政局")
    said = raised.value.text("en")
    assert "\n" not in said and said.startswith(str(key)), said
    if planted != "link":
        assert "sudo chown" in said and "feed address" in said, said
    assert theirs.read_bytes() == b"A" * 44 + b"\n"


def test_a_feed_key_of_ours_is_used_and_kept(tmp_path):
    """The key the page made is the one read again: the same address across restarts."""
    from scheduler.web.feeds import token

    first = token(tmp_path, "campaign", "区财政局")
    assert (tmp_path / ".feed-key").stat().st_mode & 0o777 == 0o600
    assert token(tmp_path, "campaign", "区财政局") == first


@posix
def test_a_copied_link_into_the_first_clerks_folder_is_named_with_its_target_and_the_way(tmp_path, monkeypatch):
    """QA qahand24 F10: a folder copied with its ``out/invites`` link, still pointing into the first clerk's
    home, was "cannot create or write a folder here", the link and its target unnamed. Now both, whose
    the folder is, and the way (a copy of the folder, or a link of one's own)."""
    elsewhere = tmp_path / "li" / "invites"
    elsewhere.mkdir(parents=True)
    elsewhere.chmod(0o700)
    (tmp_path / "camp" / "out").mkdir(parents=True)
    (tmp_path / "camp" / "out" / "invites").symlink_to(elsewhere)
    tmp_path.chmod(0o755)
    monkeypatch.chdir(tmp_path / "camp")
    owner = owner_name(os.geteuid())
    monkeypatch.setattr(os, "geteuid", lambda: 4343)
    monkeypatch.setattr(os, "access", _access_as(4343))
    (tmp_path / "camp").chmod(0o777)
    (tmp_path / "camp" / "out").chmod(0o777)  # (the colleague's, as far as its modes go)
    refusal = closed_to_us(Path("out/invites"), write=True)
    assert refusal is not None
    said = refusal.text("en")
    assert said.startswith(f"out/invites: this is a link to {elsewhere}, a folder of user {owner}'s (mode 0700)"), said
    assert "a copy of that folder" in said and "\n" not in said, said


def test_a_link_another_user_made_says_the_way_for_a_folder_handed_over():
    """QA qahand24 F10, the other way round: a link left another user's was refused with no way forward."""
    from scheduler.text.messages import Message, render

    said = render(Message("safety.foreign_link", owner="li", target="/home/li/x"), "en")
    assert "replace the link by a copy of the folder it points to, or a link of your own" in said


class _Entry:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


@posix
@pytest.mark.parametrize(
    ("members", "others_primary", "private"),
    [((), False, True), (("li",), False, False), ((), True, False)],
    ids=["private", "a-member-besides", "another-users-primary"],
)
def test_a_group_writable_file_of_ones_private_group_is_not_writable_by_others(
    monkeypatch, members, others_primary, private
):
    """QA qahand24 F9 b: with user-private groups (Debian, Ubuntu), a journal unpacked under umask 002 is
    ``-rw-rw-r-- wang wang``; group wang is wang alone, so "other users may write it" was untrue. A group
    with another member, or another user's primary group, is shared: still refused. ``o+w``: always."""
    import grp
    import pwd
    import stat as st

    from scheduler.files.owned import others_may_write

    wang = _Entry(pw_name="wang", pw_uid=2001, pw_gid=2001)
    li = _Entry(pw_name="li", pw_uid=2002, pw_gid=2001 if others_primary else 2002)
    monkeypatch.setattr(pwd, "getpwuid", {2001: wang, 2002: li}.__getitem__)
    monkeypatch.setattr(pwd, "getpwall", lambda: [wang, li])
    monkeypatch.setattr(grp, "getgrgid", {2001: _Entry(gr_name="wang", gr_mem=list(members))}.__getitem__)

    def there(mode: int) -> os.stat_result:
        return os.stat_result((st.S_IFREG | mode, 1, 1, 1, 2001, 2001, 0, 0, 0, 0))

    assert others_may_write(there(0o664)) is not private
    assert others_may_write(there(0o666)) is True
    assert others_may_write(there(0o644)) is False


@posix
def test_a_folder_backed_up_with_cp_al_names_both_records_at_once(handed):
    """QA qahand24 F7 a: after ``cp -al camp camp.bak`` the journal was refused, then (its advice followed)
    the ledger with the same advice: three runs for one mailing. Both are named on the first refusal."""
    out = handed / "out"
    (out / "replies-ledger.jsonl").write_bytes(b"")
    (out / "replies-ledger.jsonl").chmod(0o600)
    backup = handed / "backup"
    backup.mkdir()
    for name in ("mail-journal.jsonl", "replies-ledger.jsonl"):
        if not (out / name).exists():
            (out / name).write_bytes(b"")
            (out / name).chmod(0o600)
        os.link(out / name, backup / name)
    command = ["send", "out/timetable.csv", "--smtp-host", "127.0.0.1", "--smtp-port", "9", "--insecure-plain"]
    result = CliRunner().invoke(main, ["--lang", "en", *command])
    said = result.output.strip()
    assert result.exit_code == 2 and "\n" not in said, said
    assert said.startswith("out/mail-journal.jsonl: this file has another hard link"), said
    assert said.endswith("; so is out/replies-ledger.jsonl: do the same there"), said


def test_the_page_names_the_project_folder_absolutely(tmp_path, monkeypatch):
    """QA qahand24 F9 a: ``serve out/timetable.csv`` gave the page the folder as typed (``out``), so a refusal
    on the page advised ``sudo chown wang out/mail-journal.jsonl``, a path meaningful only in the terminal
    ``serve`` was started in. The page's project is the absolute folder, and so is every path it names."""
    from scheduler.web.app import create_app
    from tests.web_helpers import make_project

    make_project(tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    app = create_app(Path("out"))
    project = app.extensions["docking"].project
    assert project.folder == tmp_path / "out" and project.folder.is_absolute()


@posix
@pytest.mark.parametrize("mode", [0o700, 0o755])
def test_a_colleagues_home_or_a_folder_merely_not_ours_is_never_said_to_be_chowned(tmp_path, monkeypatch, mode):
    """A mistyped ``--out ~li/x`` (li's home, closed or only not writable), or any folder someone else
    simply owns: named with its owner, but the advice is a folder of one's own, never ``sudo chown -R``
    of a colleague's home (that is for a folder handed over, ``out/`` closed ``0700``)."""
    import pwd

    home = tmp_path / "li"
    home.mkdir()
    home.chmod(mode)
    if os.geteuid() == 0:
        os.chown(home, 4242, 4242)  # (li's, not the administrator's: a system folder keeps the old words)
    tmp_path.chmod(0o755)
    real = pwd.getpwuid(os.geteuid())
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: _Entry(pw_name=real.pw_name, pw_dir=str(home)))
    monkeypatch.setattr(os, "geteuid", lambda: 4343)
    monkeypatch.setattr(os, "access", _access_as(4343))
    monkeypatch.chdir(tmp_path)
    refusal = closed_to_us(Path("li"), write=True)
    assert refusal is not None
    said = refusal.text("en")
    assert said.startswith("li: this folder cannot be ") and "choose a folder of your own" in said, said
    assert "sudo chown" not in said, said
