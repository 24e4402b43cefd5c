"""``make``'s editable install is a static path mypy follows, with setuptools' default mode (env14
finding 12): the Makefile asked for the "compat" mode, which setuptools warns it will remove. Setuptools
writes a plain ``.pth`` when the package folder is given as the root and every package sits under it
(its ``editable_wheel`` strategy); an import hook otherwise, which mypy cannot follow."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_default_editable_install_is_a_static_path():
    editable = pytest.importorskip("setuptools.command.editable_wheel")
    from setuptools import find_packages

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    package_dir = config.get("package-dir", {})
    packages = find_packages(str(ROOT), include=config["packages"]["find"]["include"])
    assert set(package_dir) == {""}  # with _simple_layout: setuptools' static .pth (_StaticPth)
    assert editable._simple_layout(packages, package_dir, str(ROOT))


def test_make_asks_for_no_compat_mode():
    assert "editable_mode=compat" not in (ROOT / "Makefile").read_text(encoding="utf-8")
