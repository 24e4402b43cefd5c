"""``scheduler.invites`` is the one import home of what a host making invites in code needs (embed16
#2): before, ``Contact`` came from ``scheduler.files.contacts``, ``Person`` from
``scheduler.invites.state``, ``InviteSettings`` from ``scheduler.invites.calendar``, none of them
named in the docs, and ``mypy --strict`` refused ``Contact`` imported from the calendar module."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import scheduler.invites
from tests.conftest import ROOT


def test_every_name_is_its_module_s_own():
    assert sorted(scheduler.invites.__all__) == sorted(scheduler.invites._HOMES)
    for name, module in scheduler.invites._HOMES.items():
        assert getattr(scheduler.invites, name) is getattr(importlib.import_module(module), name), name


def test_the_type_checkers_read_the_same_homes():
    tree = ast.parse((ROOT / "scheduler" / "invites" / "__init__.py").read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    typed = {alias.name: node.module for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert typed == scheduler.invites._HOMES


def test_a_module_of_the_package_loads_nothing_else():
    """The command line reads ``scheduler.invites.invited`` on its way to solving: the package's names
    load on first use, not with it."""
    code = "import sys, scheduler.invites.invited; print('scheduler.invites.calendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_mypy_strict_accepts_the_imports(tmp_path, mypy_cache):
    script = tmp_path / "host.py"
    script.write_text(
        "from scheduler.invites import Contact, Export, InviteSettings, Person, build_invites\n"
        "from scheduler.invites import State, build_meeting_invites, dump_state, parse_state\n"
        "settings = InviteSettings(campaign='c', organizer=Person('办公室', 'office@example.org'))\n"
        "contact: Contact = Contact('甲局', 'a@example.org')\n"
        "reveal = (Export, State, build_invites, build_meeting_invites, dump_state, parse_state)\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stdout
