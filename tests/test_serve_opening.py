"""Where ``serve`` puts the page it opens the browser with (review23): on Linux a folder of the user's in
the home, not hidden, since a browser from Snap (Ubuntu's Firefox and Chromium) has a ``/tmp`` of its own
and reads no hidden folder of the home: it said "file not found" on the first ``serve``. Under WSL a
Windows browser is given the page's Windows name. The secret stays out of every command line."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from scheduler.cli import serve as serve_module
from scheduler.cli.serve import OPENING_PREFIX, opening_folder, opening_page, page_uri

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the home is used on Linux only")


def _gone_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


@linux
def test_the_page_is_in_a_folder_of_the_home_that_is_not_hidden_and_the_users_only(tmp_path, monkeypatch):
    home = tmp_path / "张三"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    page = opening_page("http://127.0.0.1:8765/?token=secret&x=<1>")
    try:
        assert page.parent.parent == home
        assert page.parent.name.startswith(f"{OPENING_PREFIX}{os.getpid()}-") and not page.parent.name.startswith(".")
        assert page.parent.stat().st_mode & 0o777 == 0o700 and page.stat().st_mode & 0o777 == 0o600
        text = page.read_text(encoding="utf-8")
        assert 'url=http://127.0.0.1:8765/?token=secret&amp;x=&lt;1&gt;"' in text
        assert not Path(tempfile.gettempdir(), page.parent.name).exists()
    finally:
        page.unlink()
        page.parent.rmdir()


@linux
@pytest.mark.parametrize("where", [".hidden/home", "missing", "file"])
def test_a_home_a_snap_browser_cannot_read_or_none_leaves_the_temporary_folder(tmp_path, monkeypatch, where):
    home = tmp_path / where
    if where == "file":
        home.write_text("not a folder", encoding="utf-8")
    elif where != "missing":
        home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    folder = opening_folder()
    try:
        assert folder.parent == Path(tempfile.gettempdir())
        assert folder.stat().st_mode & 0o777 == 0o700
    finally:
        folder.rmdir()
    assert not home.is_dir() or list(home.iterdir()) == []


@linux
def test_a_home_whose_folders_do_not_keep_their_mode_leaves_the_temporary_folder(tmp_path, monkeypatch):
    """A home on a file system that ignores modes (a Windows drive, a share): the page would be open to
    others, so it is not put there, and nothing is left there."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    real = tempfile.mkdtemp

    def loose(*args: object, **kwargs: object) -> str:
        made: str = real(*args, **kwargs)  # type: ignore[call-overload]
        if kwargs.get("dir") is not None:
            os.chmod(made, 0o755)
        return made

    monkeypatch.setattr(tempfile, "mkdtemp", loose)
    folder = opening_folder()
    try:
        assert folder.parent == Path(tempfile.gettempdir())
    finally:
        folder.rmdir()
    assert list(home.iterdir()) == []


@linux
def test_the_folders_killed_runs_left_in_the_home_are_removed_and_no_other(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    gone = _gone_pid()
    stale = home / f"{OPENING_PREFIX}{gone}-abc"
    stale.mkdir()
    (stale / "open.html").write_text("old secret", encoding="utf-8")
    empty = home / f"{OPENING_PREFIX}{gone}-def"
    empty.mkdir()
    running = home / f"{OPENING_PREFIX}{os.getppid()}-ghi"  # another serve, still running
    running.mkdir()
    (running / "open.html").write_text("its secret", encoding="utf-8")
    users = home / f"{OPENING_PREFIX}{gone}-mine"  # holds something else: not ours to remove
    users.mkdir()
    (users / "notes.txt").write_text("keep", encoding="utf-8")
    named = home / f"{OPENING_PREFIX}notes"
    named.mkdir()
    folder = opening_folder()
    try:
        assert not stale.exists() and not empty.exists()
        assert (running / "open.html").exists() and (users / "notes.txt").exists() and named.is_dir()
    finally:
        folder.rmdir()


def test_a_browser_is_given_the_pages_own_address_outside_wsl(tmp_path, monkeypatch):
    monkeypatch.setattr(serve_module, "_in_wsl", lambda: False)
    page = tmp_path / "a b" / "open.html"
    assert page_uri(page, "/mnt/c/Program Files/Google/Chrome/Application/chrome.exe") == page.as_uri()
    assert page_uri(page, "firefox") == page.as_uri()


@pytest.mark.skipif(sys.platform == "win32", reason="the fake wslpath is a POSIX shell script")
def test_under_wsl_a_windows_browser_is_given_the_pages_windows_name(tmp_path, monkeypatch):
    """A Windows browser started from WSL cannot read ``/home/…``; it reads ``\\\\wsl.localhost\\…``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wslpath = bin_dir / "wslpath"
    wslpath.write_text(  # as WSL's own: the path's Windows name
        r"""#!/bin/sh
[ "$1" = -w ] || exit 1
printf '%s\n' "\\\\wsl.localhost\\Ubuntu$(echo "$2" | tr / '\\')"
""",
        encoding="utf-8",
    )
    wslpath.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(serve_module, "_in_wsl", lambda: True)
    page = Path("/home/zhang/docking-serve-1-x/open.html")
    wanted = "file://wsl.localhost/Ubuntu/home/zhang/docking-serve-1-x/open.html"
    assert page_uri(page, "/mnt/c/Program Files/Mozilla Firefox/firefox.exe") == wanted
    assert page_uri(page, "wslview") == wanted
    assert page_uri(page, "firefox") == page.as_uri()  # a Linux browser (WSLg) reads the Linux path
    wslpath.unlink()  # no wslpath: the page's own address, never an error
    assert page_uri(page, "chrome.exe") == page.as_uri()
