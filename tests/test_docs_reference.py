"""The reference pages name everything a user can write or catch (QA qadocs18 F8): every objective term,
preset, level, key and the weight's limit in docs/formats.md; every error class the package exports in
both error trees (docs/architecture.md, docs/python.md)."""

from __future__ import annotations

import re

import scheduler
from scheduler.errors import SchedulerError
from scheduler.files.rules_keys import MEETING_KEYS
from scheduler.meetings.terms import LEVELS, MAX_WEIGHT, NAMES, PRESETS
from tests.conftest import ROOT


def _page(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_formats_md_s_objective_reference_names_every_term_preset_level_key_and_the_limit():
    text = _page("formats.md")
    table = text.split("`[objective]`, for reference", 1)[1].split("\n\n", 2)[1]
    for word in (*NAMES, *PRESETS, *LEVELS, "preset", *MEETING_KEYS["objective.*"]):
        assert f"`{word}`" in table, word
    assert f"{MAX_WEIGHT:,}" in table


def test_both_error_trees_name_every_error_the_package_exports():
    exported = [name for name in scheduler.__all__ if isinstance(getattr(scheduler, name), type)]
    errors = {name for name in exported if issubclass(getattr(scheduler, name), SchedulerError)}
    tree = _page("architecture.md").split("## Errors", 1)[1].split("```", 2)[1]
    listed = _page("python.md").split("## Errors", 1)[1].split("\n\n", 2)[1]
    assert errors - set(re.findall(r"\w+", tree)) == set()
    assert errors - set(re.findall(r"`(\w+)`", listed)) == set()
