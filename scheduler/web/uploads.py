"""An upload to 打开表格 on disk: a temporary folder holding the table, its rules, and the sheet the
rules name beside them (a unit table's ``[invites] contacts``, a meeting table's ``people``).

Every file gets a name we choose (``upload.csv``, ``rules/rules.toml``) or, for that sheet, the name
the rules give it: a client's file name is only ever shown in messages. The rules file comes from
the client as well, so the name it gives must stay inside the upload's folder: an absolute path or a
``..`` out of it is refused with one line naming the rules file and the key. (Read as the command
line reads it, the server would copy any file it can read into the project, and the send preview
would show it.) A sheet the rules name but the form did not carry is taken from the project folder
when a file of that name is there, inside it; else the message says which file to choose with the
table. Messages never show the temporary folder: its paths become the names the user knows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.addresses import visible
from scheduler.files.folders import make_folders
from scheduler.files.rules_file import parse_toml, rules_text
from scheduler.files.toml_lines import KeyLines
from scheduler.text.messages import Message

TABLE_STEM = "upload"
RULES_FOLDER = "rules"
"""The uploaded rules file's folder inside the upload: what the names it gives are read from."""
RULES_NAME = "rules.toml"
SHEETS = {"people": "web.sheet.people", "invites.contacts": "web.sheet.contacts"}
"""The keys that name a sheet beside the rules file, and what each sheet is called in messages."""


@dataclass(frozen=True)
class Part:
    """One uploaded file: the client's name for it (shown, never used as a path) and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Named:
    """A sheet a rules file names: the key (``people`` or ``invites.contacts``), the value as written, its line."""

    key: str
    value: str
    line: int | None


@dataclass(frozen=True)
class Saved:
    """An upload written out: the table, the rules (``None``: none uploaded), each of our paths' names as
    messages show them, and whether the sheet the rules name was uploaded (not taken from the project)."""

    table: Path
    rules: Path | None
    shown: Mapping[str, str]
    fresh: bool = False


def shown_name(filename: str) -> str:
    """A client's file name as messages show it (its last part; never used as a path)."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1][:120]


def named_sheets(data: bytes) -> list[Named]:
    """The sheets a rules file's bytes name (none when they are no TOML: reading the rules says why)."""
    try:
        text = rules_text(data, "")
        parsed = parse_toml(text)
    except (InputError, ValueError):  # an unknown encoding and TOML errors alike
        return []
    lines = KeyLines(text)
    out = []
    people = parsed.get("people")
    if isinstance(people, str) and people.strip():  # (a blank one is the rules reader's to refuse)
        out.append(Named("people", people, lines.top("people") or lines.anywhere("people")))
    invites = parsed.get("invites")
    if isinstance(invites, dict) and isinstance(invites.get("contacts"), str) and invites["contacts"].strip():
        out.append(Named("invites.contacts", invites["contacts"], lines.in_table("invites", "contacts")))
    return out


def inside(base: Path, value: str) -> Path | None:
    """``value`` read from the folder ``base`` when it names a file inside it (links followed), else ``None``."""
    if "\0" in value or not value.strip():
        return None
    relative = Path(value)
    if relative.is_absolute() or relative.drive or relative.root:
        return None
    path = base / relative
    try:
        resolved, root = path.resolve(), base.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if resolved == root or not resolved.is_relative_to(root):
        return None
    return path


def save_upload(temp: Path, project: Path, table: Part, suffix: str, rules: Part | None, sheet: Part | None) -> Saved:
    """Write ``table`` (as ``upload<suffix>``), ``rules`` and the sheet they name into ``temp``.

    The sheet is ``sheet`` when given, else the file of that name in the ``project`` folder; a
    name outside the upload's folder, or a sheet neither uploaded nor in the project, is an
    :class:`InputError` naming the rules file, the line and the key. Without ``rules`` the sheet is
    not needed (the project's own rules name theirs, in the project folder) and is ignored.
    """
    table_path = temp / f"{TABLE_STEM}{suffix}"
    table_path.write_bytes(table.data)
    shown = {str(table_path): shown_name(table.filename)}
    if rules is None:
        return Saved(table_path, None, shown)
    folder = temp / RULES_FOLDER
    make_folders(folder)
    rules_path = folder / RULES_NAME
    rules_path.write_bytes(rules.data)
    rules_shown = shown_name(rules.filename)
    shown[str(rules_path)] = rules_shown
    sheets = named_sheets(rules.data)
    for named in sheets:
        targets = {inside(folder, value) for value in (named.value, named.value.strip())}
        if None in targets or rules_path in targets:
            raise _refused(Message("web.sheet_outside", value=visible(named.value)), rules_shown, named)
    if not sheets:
        return Saved(table_path, rules_path, shown)
    named = sheets[0]  # a meeting table's people, else a unit table's contacts
    target = folder / named.value
    if sheet is not None:
        data, theirs = sheet.data, shown_name(sheet.filename)
    else:
        kept = _in_project(project, named.value)
        if kept is None:
            message = Message("web.sheet_missing", what=Message(SHEETS[named.key]), name=shown_name(named.value))
            raise _refused(message, rules_shown, named)
        data, theirs = kept.read_bytes(), shown_name(named.value)
    try:
        make_folders(target.parent)
        target.write_bytes(data)
    except OSError as exc:  # a name no file can have here (too long, under a file's name)
        raise _refused(Message("web.sheet_outside", value=visible(named.value)), rules_shown, named) from exc
    shown[str(target)] = theirs
    return Saved(table_path, rules_path, shown, fresh=sheet is not None)


def _refused(message: Message, rules: str, named: Named) -> InputError:
    """An error about the sheet ``named``, naming the rules file (as the user calls it), the line and the key."""
    return InputError(message, rules, line=named.line, key=named.key)


def _in_project(project: Path, value: str) -> Path | None:
    """The file ``value`` names inside the project folder (not a hidden one, as ``.feed-key``), if any."""
    path = inside(project, value)
    if path is None or any(part.startswith(".") for part in path.relative_to(project).parts):
        return None
    return path if path.is_file() else None


@contextmanager
def named_as_shown(temp: Path, shown: Mapping[str, str]) -> Iterator[None]:
    """Errors raised inside name the user's files instead of our paths in ``temp``.

    ``shown`` maps our paths to the user's names (filled as the upload is saved); any other path in
    ``temp`` loses the folder and keeps its own name.
    """
    try:
        yield
    except InputError as error:
        error.path = _rename(error.path, temp, shown) if error.path else error.path
        params = {k: _rename(v, temp, shown) if isinstance(v, str) else v for k, v in error.message.params.items()}
        if params != dict(error.message.params):
            renamed = Message(error.message.key, **params)
            object.__setattr__(renamed, "own", error.message.own)  # the sentences it carries, if any
            error.message = renamed
        raise


def as_shown(lines: list[str], temp: Path, shown: Mapping[str, str]) -> tuple[str, ...]:
    """``lines`` (said of the upload: how it was read) naming the user's files instead of our paths in ``temp``."""
    return tuple(_rename(line, temp, shown) for line in lines)


def _rename(text: str, temp: Path, shown: Mapping[str, str]) -> str:
    for ours, theirs in sorted(shown.items(), key=lambda item: -len(item[0])):
        text = text.replace(ours, theirs)
    for prefix in (str(temp.resolve()), str(temp)):
        text = text.replace(prefix + "/" + RULES_FOLDER + "/", "").replace(prefix + "/", "").replace(prefix, "")
    return text
