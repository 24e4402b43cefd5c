"""click's commands, options and help page, in the language of the run.

Commands and options are declared with catalog keys instead of sentences
(``help="help.solve"``, ``metavar="metavar.dir"``); the classes here render them
in :func:`scheduler.cli.language.current` each time help is shown, so one process
can answer in Chinese and then in English (the tests do). The help page is
wrapped by display width: a Chinese character takes two terminal columns and a
Chinese sentence may break between any two characters, neither of which click's
own wrapping knows.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import click

from scheduler.cli.language import current
from scheduler.errors import InputError
from scheduler.text.messages import CATALOG, Message, render


def text(value: str | None) -> str | None:
    """A catalog key rendered in the current language; any other string as it is."""
    if value is not None and value in CATALOG:
        return render(Message(value), current())
    return value


def width(value: str) -> int:
    """Terminal columns of ``value`` (wcwidth loads only when help is shown: other commands start faster)."""
    from wcwidth import wcswidth

    found = wcswidth(value)
    return found if found >= 0 else len(value)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


NO_LINE_START = "。，、；：？！）》」』】〕…’”,.;:?!)]}%"
"""Punctuation that never opens a line: it stays with the character before it."""

NO_LINE_END = "（《「『【〔‘“([{"
"""Punctuation that never ends a line: it stays with the character after it (避头尾: ``（同一单位…``, not
``（`` alone at a line's end)."""

MARKER = 30
"""A bracketed run this short (``[默认：utf-8]``, ``[default: examples]``) is kept whole on one line."""

WIDE_BREAK = "。，、；：？！"
"""Wide punctuation after which a line may break before a narrow one (``timetable.csv、.xlsx``: the
``.`` opens the next word, it does not close the ``、``)."""


def _tokens(paragraph: str) -> list[str]:
    """Words to wrap: a run of narrow characters, or one wide character, or one space; closing
    punctuation stays with what it closes, and a number stays with the character after it (9月8日).
    A comma ends a run (``MEETING,LENGTH,REQUIRED``: a line may break after each) unless a digit
    follows it (``5,000``, ``9:00,10:00`` stay whole)."""
    out: list[str] = []
    closing = -1  # inside a short bracketed run (:data:`MARKER`): where its "]" is
    for i, char in enumerate(paragraph):
        if i <= closing:
            out[-1] += char
            continue
        previous = out[-1][-1] if out else " "
        glued = previous != " " and (
            (char in NO_LINE_START and not (previous in WIDE_BREAK and not _wide(char)))
            or (_wide(char) and previous.isdigit())
            or (not _wide(char) and char != " " and not _wide(previous) and (previous != "," or char.isdigit()))
            or (previous in NO_LINE_END and char != " ")
        )
        if glued:
            out[-1] += char
        else:
            out.append(char)
        if char == "[":
            end = paragraph.find("]", i, i + MARKER)
            closing = end if end > 0 else -1
    return out


def _wrap_line(paragraph: str, columns: int, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    line, used = first, width(first)
    fresh = True
    for token in _tokens(paragraph):
        if token == " " and fresh:
            continue
        size = width(token)
        if not fresh and used + size > columns and token != " ":
            lines.append(line.rstrip())
            line, used, fresh = rest, width(rest), True
            if token == " ":
                continue
        line += token
        used += size
        fresh = False
    lines.append(line.rstrip())
    return lines


def _join(lines: Iterable[str]) -> str:
    """Lines of one paragraph as one: a space between them, none between two Chinese characters."""
    out = ""
    for line in (line.strip() for line in lines):
        if out and line and not (_wide(out[-1]) and _wide(line[0])):
            out += " "
        out += line
    return out


def wrap(value: str, columns: int, first: str = "", rest: str = "", paragraphs: bool = False) -> str:
    """``value`` wrapped to ``columns`` display columns; with ``paragraphs``, blank lines part
    paragraphs and a paragraph opened by a ``\\b`` line is kept as written (click's convention)."""
    if not paragraphs:
        return "\n".join(_wrap_line(_join(value.splitlines()), columns, first, rest))
    blocks: list[list[str]] = [[]]
    for line in value.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out: list[str] = []
    for block in (b for b in blocks if b):
        if block[0].strip() == "\b":
            out.append("\n".join(rest + line for line in block[1:]))
        else:
            out.append("\n".join(_wrap_line(_join(block), columns, rest, rest)))
    return "\n\n".join(out)


class HelpFormatter(click.HelpFormatter):
    """click's help page, with text wrapped and columns aligned by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and current() == "zh":
            prefix = "用法："  # click's default adds a space, which a full-width colon does not need
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        colon = "：" if current() == "zh" else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap(text, self.width, indent, indent, paragraphs=True))
        self.write("\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(r[0]) for r in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            columns = max(self.width - first_col - self.current_indent, 10)
            lines = wrap(second, columns, paragraphs=True).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class _Translated:
    """An attribute click sets once (a message key or plain text) and reads, rendered in the current
    language, each time it prints help; the value set is kept under the name with a leading ``_``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: object, owner: type | None = None) -> str | None:
        return None if obj is None else text(getattr(obj, self.slot))

    def __set__(self, obj: object, value: str | None) -> None:
        setattr(obj, self.slot, value)


class _Localized:
    """Help, short help and the ``[OPTIONS]`` placeholder rendered in the current language."""

    _help: str | None
    _short_help: str | None
    _options_metavar: str | None

    help = _Translated()
    short_help = _Translated()

    @property
    def options_metavar(self) -> str | None:
        return text("metavar.options") if self._options_metavar == "[OPTIONS]" else self._options_metavar

    @options_metavar.setter
    def options_metavar(self, value: str | None) -> None:
        self._options_metavar = value

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = text("help.opt.help")
        return option  # type: ignore[no-any-return]


class Command(_Localized, click.Command):
    context_class = Context

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command holding the locks of the folders it writes into (:mod:`scheduler.cli.writers`)."""
        from scheduler.cli.writers import locked

        with locked(ctx.info_name or self.name or "", ctx.params):
            return super().invoke(ctx)


class Group(_Localized, click.Group):
    context_class = Context

    @property
    def subcommand_metavar(self) -> str:
        return text("metavar.command") or ""

    @subcommand_metavar.setter
    def subcommand_metavar(self, value: str) -> None:
        pass


class _Param:
    _help: str | None
    _metavar: str | None

    help = _Translated()
    metavar = _Translated()


PATH_METAVARS = frozenset({"metavar.dir", "metavar.file", "metavar.folder"})
"""The options that name a file or folder: an empty value (``--out "$OUT"`` with ``OUT`` unset) is refused
on one line naming the option, by every command alike (it was read as the current folder by some, as
not given by others: ``solve --out ""`` wrote nothing and said nothing, ``ics --out ""`` filled the
current folder)."""


class Option(_Param, click.Option):
    def process_value(self, ctx: click.Context, value: Any) -> Any:
        if self._metavar in PATH_METAVARS and isinstance(value, str) and not value.strip():
            raise InputError(Message("input.empty_path"), column=self.opts[0])
        return super().process_value(ctx, value)


class Argument(_Param, click.Argument):
    def make_metavar(self, ctx: click.Context) -> str:
        name = self.metavar
        if name is None:
            return super().make_metavar(ctx)
        return name if self.required else f"[{name}]"


def command(**attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` with a localized class; ``help`` is a catalog key."""
    return click.command(cls=Command, **attrs)


option = functools.partial(click.option, cls=Option)
"""``click.option`` whose ``help`` and ``metavar`` may be catalog keys."""

argument = functools.partial(click.argument, cls=Argument)
"""``click.argument`` whose ``metavar`` may be a catalog key."""
