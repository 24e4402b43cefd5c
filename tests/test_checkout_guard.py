"""The suite's guard that no test writes, or locks, anything in the checkout (tests/checkout_guard.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import checkout_guard, conftest
from tests.conftest import ROOT


def test_a_file_opened_for_writing_made_renamed_or_removed_is_a_write_and_one_read_is_not():
    flags = os.O_WRONLY | os.O_CREAT
    assert checkout_guard.written("open", ("a", "w", flags)) == ["a"]
    assert checkout_guard.written("open", ("a", "r", os.O_RDONLY)) == []
    assert checkout_guard.written("open", (3, "w", flags)) == [3]  # (a descriptor: in_checkout leaves it out)
    assert checkout_guard.written("os.mkdir", ("d", 0o777, None)) == ["d"]
    assert checkout_guard.written("os.remove", ("f", None)) == ["f"]
    assert checkout_guard.written("os.rename", ("a", "b", None, None)) == ["a", "b"]
    assert checkout_guard.written("os.remove", ("f", 5)) == []  # relative to a folder descriptor: unknown
    assert checkout_guard.written("os.listdir", ("d",)) == []


def test_only_paths_under_the_checkout_outside_the_caches_are_its(tmp_path):
    root = os.path.realpath(tmp_path)
    assert checkout_guard.in_checkout(tmp_path / "examples" / ".docking.lock", root) == os.path.join(
        "examples", ".docking.lock"
    )
    assert checkout_guard.in_checkout(str(tmp_path / "a").encode(), root) == "a"
    assert checkout_guard.in_checkout(tmp_path / "scheduler" / "__pycache__" / "x.pyc", root) is None
    assert checkout_guard.in_checkout(tmp_path / ".hypothesis" / "examples" / "x", root) is None
    assert checkout_guard.in_checkout(tmp_path.parent / (tmp_path.name + "2") / "x", root) is None  # a neighbour
    assert checkout_guard.in_checkout(7, root) is None


def test_a_new_changed_or_removed_file_is_a_change_and_a_cache_is_not(tmp_path):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "notice.csv").write_text("a")
    (tmp_path / "kept.txt").write_text("b")
    (tmp_path / "gone.txt").write_text("c")
    before = checkout_guard.snapshot(tmp_path)
    assert checkout_guard.changes(before, checkout_guard.snapshot(tmp_path)) == []
    (tmp_path / "examples" / "notice.csv").write_text("longer")
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "examples" / "invites").mkdir()
    (tmp_path / "examples" / "invites" / "a.ics").write_text("x")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.pyc").write_text("x")
    assert checkout_guard.changes(before, checkout_guard.snapshot(tmp_path)) == [
        f"new: {Path('examples', 'invites', 'a.ics')}",
        f"changed: {Path('examples', 'notice.csv')}",
        "removed: gone.txt",
    ]


def test_the_hook_notes_this_process_writing_under_the_folder_and_nothing_else(tmp_path):
    """In a child process: an audit hook cannot be removed once added."""
    (tmp_path / "in").mkdir()
    script = (
        "import sys; from pathlib import Path; from tests import checkout_guard\n"
        "noted = []; checkout_guard.watch(Path(sys.argv[1]) / 'in', noted.append)\n"
        "(Path(sys.argv[1]) / 'in' / 'a.txt').write_text('x'); (Path(sys.argv[1]) / 'out.txt').write_text('y')\n"
        "(Path(sys.argv[1]) / 'in' / 'a.txt').read_text(); print(noted)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "['a.txt']"


def test_the_suites_hook_notes_a_write_into_the_checkout():
    """The hook conftest installed sees an open for writing in the checkout: its "open" event comes
    before the file is opened, so a folder that is not there shows it with nothing written."""
    missing = ROOT / "examples" / "no-such-folder" / "x.ics"
    with pytest.raises(FileNotFoundError):
        missing.open("w")
    assert conftest._written[-1] == str(missing.relative_to(ROOT))
    conftest._written.pop()
