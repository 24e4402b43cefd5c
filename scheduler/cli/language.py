"""The language the command line speaks: its own messages, its help and click's usage errors.

Chinese by default, English with ``--lang en`` (on the group, or after a command as
users type it: ``validate t.csv --lang en``) or ``DOCKING_LANG=en``. The language is
read from the arguments *before* click parses them, because click reports a bad
option while parsing, before any option's callback could run. An unknown language
(``--lang fr``, ``DOCKING_LANG=fr``) is an error, exit 2, not a silent fallback.

click marks each sentence it prints (``Usage:``, ``Missing argument``, ``No such
option``...) with gettext's ``_`` and ``ngettext``, imported by name into each of its
modules. :func:`install_click_translation` rebinds those names in click's modules to
a lookup in our catalog (``scheduler/text/catalog/cli.py``, ``CLICK_ZH``), so no
``.mo`` file is needed and gettext's process-wide domain is left alone. A test
lists every sentence click marks and checks that each is translated.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import import_module

from scheduler.text.catalog.cli import CLICK_ZH
from scheduler.text.messages import LANGS, Message, render

ENV = "DOCKING_LANG"
"""The environment variable that sets the default language."""

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
"""click's modules that print marked sentences a user can see."""

_state = {"lang": "zh"}


class UnknownLanguage(Exception):
    """``--lang`` or ``DOCKING_LANG`` names a language we do not speak."""

    def __init__(self, value: str, source: str) -> None:
        super().__init__(value)
        self.value = value
        self.source = source

    def text(self) -> str:
        """One line in both languages: which one the user wanted is exactly what is unknown."""
        said = Message("lang.unknown", source=self.source, value=self.value, known=LANGS)
        return f"{render(said, 'zh')} / {render(said, 'en')}"


def normalize(value: str, source: str) -> str:
    """``zh``, ``en``, and locale-like spellings of them (``zh_CN``, ``en-US``, ``en_US.UTF-8``, ``ZH``)."""
    folded = value.strip().lower().replace("-", "_")
    base = folded.split(".")[0].split("_")[0]
    if base in LANGS:
        return base
    raise UnknownLanguage(value, source)


def from_environment() -> str:
    """The default language: ``$DOCKING_LANG`` if set, else Chinese."""
    value = os.environ.get(ENV, "")
    return normalize(value, ENV) if value.strip() else "zh"


def from_arguments(args: Sequence[str]) -> str | None:
    """The last ``--lang X`` / ``--lang=X`` before a ``--``, checked; ``None`` when there is none.

    A ``--lang`` with no value is left for click to report.
    """
    found: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return normalize(found, "--lang") if found is not None else None


def only_language(args: Sequence[str]) -> bool:
    """Whether ``args`` are a ``--lang`` and nothing else (``docking-scheduler --lang en``): the way to ask
    for the help page in a language, as the bare command shows it in Chinese."""
    rest = list(args)
    if len(rest) == 2 and rest[0] == "--lang":
        return True
    return len(rest) == 1 and rest[0].startswith("--lang=")


def choose(args: Sequence[str]) -> str:
    """The language of a run: ``--lang`` wins over ``$DOCKING_LANG``; sets it for this process."""
    lang = from_arguments(args)
    if lang is None:
        lang = from_environment()
    _state["lang"] = lang
    return lang


def current() -> str:
    """The language chosen for this run (Chinese before any was chosen)."""
    return _state["lang"]


def set_current(lang: str) -> None:
    _state["lang"] = normalize(lang, "--lang")


def click_text(message: str) -> str:
    """click's sentence ``message`` in the current language."""
    if current() == "zh":
        return CLICK_ZH.get(message, message)
    return message


def click_plural(singular: str, plural: str, count: int) -> str:
    """click's sentence with a plural form, in the current language (Chinese has one form)."""
    if current() == "zh":
        return CLICK_ZH.get(singular if count == 1 else plural, singular if count == 1 else plural)
    return singular if count == 1 else plural


def install_click_translation() -> None:
    """Make click's marked sentences follow :func:`current` (done once; harmless to repeat)."""
    for name in CLICK_MODULES:
        module = import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = click_text  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_plural  # type: ignore[attr-defined]
