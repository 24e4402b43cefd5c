"""The English catalog speaks English (QA qaeng22 F6: 51 English sentences held Chinese examples and Chinese
column names an English table does not have). A Chinese literal stays only where it is what the user types or
what a file holds, each listed here with why; an English form is given wherever one is read (``Length``,
``Sep 8 afternoon``, ``;`` between names)."""

from __future__ import annotations

import re

from scheduler.text import messages

HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # CJK words and full-width punctuation

ALLOWED = {
    "help.main": "its example runs on the shipped 2021 notice, whose unit 区财政局 is typed as the table names it",
    "help.reschedule": "names the file it writes (调整通知.docx) and the shipped examples' own unit and people",
    "help.opt.time_format": "shows what the notice form writes into timetable.csv (9月8日 8:00)",
    "help.opt.time_format_kept": "shows what the notice form writes into timetable.csv (9月8日 8:00)",
    "help.opt.allow_differing_copy": "the workbook's data sheet is named 数据 in the file",
    "help.opt.allow_differing_copy_read": "the workbook's data sheet is named 数据 in the file",
    "help.opt.allow_differing_copy_send": "the workbook's data sheet is named 数据 in the file",
    "input.extra_cells": "the Chinese enumeration comma 、 is the character to type instead of a comma",
    "input.list_comma": "names the Chinese punctuation found in the user's value",
    "address.fullwidth_dot": "names the Chinese full stop found in the user's address",
    "output.issued": "the annex's issue date: the annex is Chinese whatever --lang (docs/formats.md)",
    "replies.unit_delegated": "the contacts table's column is named 邮箱 in the file, and 、 is the separator to type",
    "mchange.add_person_after": "the two separators the option reads, as the Chinese sentence says (review17 F3)",
    "mfile.bad_preferred": "offers the two separators the cell reads, as the Chinese sentence does (review17 F3)",
    "ui.f_units_help": "the Chinese enumeration comma 、 is the separator the field reads",
}


def _english_with_cjk() -> dict[str, str]:
    """Every English sentence holding CJK: the catalog's areas and the sentences kept beside code
    (:class:`~scheduler.text.messages.Sentences`: the rules' titles and checks)."""
    import gc
    import importlib

    from tests.conftest import ROOT

    for path in sorted((ROOT / "scheduler").rglob("*.py")):
        if path.name != "__main__.py" and "Sentences(" in path.read_text(encoding="utf-8"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            importlib.import_module(name)
    sentences = dict(messages.CATALOG.items())
    for found in gc.get_objects():
        if isinstance(found, messages.Sentences):
            sentences.update(found.items())
    return {key: pair[1] for key, pair in sentences.items() if HAN.search(pair[1])}


def test_no_english_sentence_holds_chinese_but_the_literals_listed():
    found = _english_with_cjk()
    assert sorted(set(found) - set(ALLOWED)) == [], {k: found[k] for k in sorted(set(found) - set(ALLOWED))}


def test_every_listed_literal_is_still_there():
    """An entry whose sentence became all English is taken off the list (the list says only what stands)."""
    assert sorted(set(ALLOWED) - set(_english_with_cjk())) == []
