"""A rules file that is not TOML, said in the run's language: file, line, column and what is wrong.

tomllib's error is English (``Expected '=' after a key in a key/value pair (at line 5, column 11)``);
the common cases are mapped to catalog messages (``toml.*``) and the line and column are taken out of
its text, so ``bad.toml, 第 5 行: 规则文件格式错误（第 11 列）：键后面应是“=”`` is one line in Chinese.
A rare message keeps tomllib's own words (its position taken off). A character typed with a Chinese
input method where TOML wants ASCII (curly quotes ``“…”``, a full-width digit ``２`` or ``＝``) is said
as such, whatever tomllib calls the error there. An error inside a double-quoted string that holds a
backslash is a Windows path copied from Explorer (``"C:\\Users\\张三"``: ``\\U`` starts an escape): the
message names the key and says to write the path in single quotes or with forward slashes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from scheduler.errors import InputError
from scheduler.files.toml_lines import _HEADER, _KEY
from scheduler.text.messages import Message

_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")

_KNOWN: tuple[tuple[str, str], ...] = (
    ("Expected newline or end of document after a statement", "toml.newline"),
    ("Expected '=' after a key", "toml.equals"),
    ("Unclosed array", "toml.array"),
    ("Unclosed inline table", "toml.inline_table"),
    ("Invalid value", "toml.value"),
    ("Unterminated string", "toml.string"),
    ("Invalid statement", "toml.statement"),
    ("Invalid initial character for a key part", "toml.key"),
    ("Expected ']' at the end of a table declaration", "toml.table_header"),
    ("Expected ']]' at the end of an array declaration", "toml.array_header"),
    ("Invalid date or datetime", "toml.date"),
    ("Cannot overwrite a value", "toml.twice"),
    ("Cannot declare", "toml.twice"),
    ("Duplicate inline table key", "toml.twice"),
    ("Cannot redefine namespace", "toml.twice"),
    ("Cannot mutate immutable namespace", "toml.twice"),
    ("Illegal character '\\n'", "toml.string"),  # a line break inside a one-line string
    ("Illegal character", "toml.character"),
    ("Found invalid character", "toml.character"),
)
"""tomllib's messages (3.11-3.13) by how they begin, and the catalog message for each."""


CURLY_QUOTES = "“”‘’「」『』＂＇"
"""Quotes a Chinese input method types: never TOML's."""


def toml_error(error: ValueError, path: str, source: str = "") -> InputError:
    """The :class:`InputError` for ``error`` (tomllib's, on the rules file at ``path``, whose text is
    ``source``): the file and line as every rules error names them, the column and the reason in the
    message."""
    text = str(error)
    at = _AT.search(text)
    detail = text[: at.start()] if at else text
    reason = None
    if at is not None and at[1] is not None:
        if detail.startswith("Unclosed array"):
            reason = _in_list(source, int(at[1]), int(at[2]))
        elif detail.startswith("Expected '=' after a key"):
            reason = _colon(source, int(at[1]), int(at[2]))
        reason = reason or _typed_wide(source, int(at[1]), int(at[2]))
    backslash = _backslash_key(source, int(at[1]), int(at[2])) if at is not None and at[1] is not None else None
    reason = reason or (Message("toml.backslash") if backslash is not None else None)
    reason = reason or next((Message(key) for start, key in _KNOWN if detail.startswith(start)), None)
    twice = _written_twice(source) if reason is not None and reason.key == "toml.twice" else None
    if twice is not None:
        return twice.error(path)
    shown = reason if reason is not None else Message("toml.other", text=detail)
    if at is None or at[1] is None:  # the end of the document, or no position given
        key = "input.toml_end" if at is not None else "input.toml"
        return InputError(Message(key, reason=shown), path)
    column = int(at[2])
    return InputError(Message("input.toml_at", reason=shown, column=column), path, line=int(at[1]), key=backslash)


class _Twice(NamedTuple):
    """A key or table written a second time: where, where first, and its name as an error names it."""

    line: int
    first: int
    name: str
    table: bool

    def error(self, path: str) -> InputError:
        """The one line naming it and its first line, and what to do (QA qarules20 F11)."""
        if self.table:
            said = Message("toml.table_twice", table=self.name, first=self.first)
        else:
            said = Message("toml.key_twice", key=self.name, first=self.first)
        return InputError(said, path, line=self.line, key=self.name)


def _written_twice(source: str) -> _Twice | None:
    """The first key or ``[table]`` of ``source`` written again where TOML forbids it: a key twice in one
    table (or one ``[[entry]]``), a ``[table]`` header twice; else ``None`` (a clash of dotted keys, left
    to tomllib's words). Read line by line, as :class:`~scheduler.files.toml_lines.KeyLines` reads keys."""
    tables: dict[str, int] = {}
    entries: dict[str, int] = {}
    keys: dict[str, int] = {}
    where = ""
    for number, text in enumerate(source.splitlines(), 1):
        header = _HEADER.match(text)
        if header is not None:
            name, keys = header[2], {}
            if header[1]:  # [[rooms]]: one more entry
                entries[name] = entries.get(name, 0) + 1
                where = f"{name}[{entries[name]}]"
                continue
            if name in tables:
                return _Twice(number, tables[name], name, True)
            tables[name], where = number, name
            continue
        key = _KEY.match(text)
        if key is not None:
            if key[2] in keys:
                return _Twice(number, keys[key[2]], f"{where}.{key[2]}" if where else key[2], False)
            keys[key[2]] = number
    return None


def quote_bare_key(source: str, error: ValueError) -> str | None:
    """``source`` with the key tomllib's ``error`` stops at quoted, when it is a bare key holding a Chinese
    character (``每场时长 = 60``, ``镇办 = "…"``, which TOML wants quoted): read as the same key quoted, its
    help (an unknown key's list, the nearest key) or its value the same (QA qarules20 F11: it was "无法识别的
    语句"). ``None`` for any other error."""
    at = _AT.search(str(error))
    if at is None or at[1] is None:
        return None
    lines = source.split("\n")
    line, column = int(at[1]), int(at[2])
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    bare = _BARE.match(text)
    if bare is None or bare.start(1) != column - 1 or bare[1].isascii():
        return None
    lines[line - 1] = f'{text[: bare.start(1)]}"{bare[1]}"{text[bare.end(1) :]}'
    return "\n".join(lines)


_BARE = re.compile(r"""^\s*([^\s"'=\[\]#.,{}]+)\s*=""")
"""A bare key at the start of a line, up to its ``=``."""


TABLE_HEADS = ("单位", "时间", "会议", "参会人员", "姓名", "序号", "邮箱")
"""Words a table's header holds and a rules file's first line never does (:func:`is_table`)."""


def is_table(text: str) -> bool:
    """Whether a rules file's ``text``, which TOML could not read, is a table (CSV or tab-separated): its
    first line has no ``=`` and holds a header's words between commas or tabs (QA qarules20 F11)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if "=" in first or first.startswith(("[", "#")) or not any(sep in first for sep in ",\t"):
        return False
    return any(word in first for word in TABLE_HEADS)


def _backslash_key(source: str, line: int, column: int) -> str | None:
    """The key (``invites.contacts``) whose double-quoted value, holding a backslash before ``column``,
    is where the error at ``line``, ``column`` of ``source`` sits; else ``None``."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    key = _KEY.match(text)
    if key is None:
        return None
    value = text[key.end() :].lstrip()
    start = len(text) - len(value)  # 0-based column of the opening quote
    if not value.startswith('"') or value.startswith('"""') or "\\" not in text[start : max(start, column - 1) + 1]:
        return None
    table = next((m[2] for t in reversed(lines[: line - 1]) if (m := _HEADER.match(t))), None)
    return f"{table}.{key[2]}" if table else key[2]


def _colon(source: str, line: int, column: int) -> Message | None:
    """A key followed by ``：`` or ``:`` (``meeting_minutes：60``) where TOML wants ``=``: said with the line
    as it should be, not as a full-width ``：`` to make ``:``, which gives the next error (QA qarules20 F8)."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines) or not 1 <= column <= len(lines[line - 1]):
        return None
    text = lines[line - 1]
    if text[column - 1] not in "：:":
        return None
    return Message("toml.colon", char=text[column - 1], fixed=f"{text[: column - 1].strip()} = {text[column:].strip()}")


def _in_list(source: str, line: int, column: int) -> Message | None:
    """What is wrong in a list that tomllib calls unclosed at ``line``, ``column`` of ``source``: items
    separated by 、 or ； (``["8:00"、"9:00"]``), or an item without its quotes (``[8:00, 9:00]``,
    ``[9月8日, 9月9日]``); else ``None`` (a ``]`` really missing). QA qarules20 F10: both were told as a
    missing ``]``, and the clerk added one."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines) or not 1 <= column <= len(lines[line - 1]):
        return None
    text = lines[line - 1]
    char = text[column - 1]
    if char in "、；;":
        return Message("toml.list_separator", char=char)
    if char in ",]" or char.isspace():
        return None
    item = re.split(r"[\[,]", text[: column - 1])[-1].strip()
    if item and item[0] not in "\"'{[":
        return Message("toml.list_unquoted")
    return None


def _typed_wide(source: str, line: int, column: int) -> Message | None:
    """What is wrong when the character at ``line``, ``column`` of ``source`` was typed with a Chinese
    input method: curly quotes, a full-width digit or other full-width ASCII (``＝``, ``［``); else ``None``."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines) or not 1 <= column <= len(lines[line - 1]):
        return None
    char = lines[line - 1][column - 1]
    if char in CURLY_QUOTES:
        return Message("toml.curly_quotes")
    narrow = unicodedata.normalize("NFKC", char)
    if narrow == char or not narrow.isascii() or not narrow.strip():
        return None
    return Message("toml.wide_digit" if narrow.isdigit() else "toml.wide_character", char=char, narrow=narrow)
