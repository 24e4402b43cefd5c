"""The contacts table a rules file names, set to another one: ``send --contacts FILE`` records FILE there.

``send`` mails (and writes the invites' state) with the addresses of ``--contacts FILE``; ``replies``,
``reschedule`` and ``solve --out`` have no such option and read the contacts the rules name. Left as it
was, the rules' table would come back at the next command: a reschedule wrote the invites again with
its old addresses, "邮箱改为 czj@…", and ``replies`` weighed its 代理邮箱. So the rules file's
``[invites] contacts`` line is set to FILE (Twenty-first session, docs/mail.md): the one line rewritten in
place, every other line (comments included) as it was; written whole or not at all. Only a rules file this
program wrote (``solve --out``'s ``timetable.toml``) is rewritten: the office's own is an input, never
changed by surprise; the exact line it needs is said instead (:class:`ContactsLine`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from scheduler.files.atomic import write_files
from scheduler.files.rules_file import written_by_us
from scheduler.files.toml_lines import KeyLines


def contacts_value(rules: Path, contacts: Path) -> str:
    """How the rules file at ``rules`` names ``contacts``: relative to its folder when inside it (as
    ``solve --out`` names the copy it puts there), else the absolute path."""
    base, target = rules.parent.resolve(), contacts.resolve()
    try:
        return target.relative_to(base).as_posix()
    except ValueError:
        return str(target)


@dataclass(frozen=True)
class ContactsLine:
    """The one line a rules file's ``[invites]`` table needs to name the contacts table: ``written`` (the
    whole line, ``contacts = "…"``), to replace line ``line`` (1-based), or to add under the table's header
    on ``line`` when ``added``."""

    line: int
    written: str
    added: bool


def contacts_line(text: str, value: str) -> ContactsLine | None:
    """Where and what ``text`` (a rules file's) must say to name ``value`` as its ``[invites] contacts``;
    ``None`` when it names it already or has no ``[invites]`` table (no invites: nothing to record)."""
    where = KeyLines(text).in_table("invites", "contacts")
    if where is None:
        return None
    written = f"contacts = {json.dumps(value, ensure_ascii=False)}"
    line = text.splitlines()[where - 1]
    if line.lstrip().startswith("["):  # the table's header: no contacts key yet
        return ContactsLine(where, written, added=True)
    try:
        import tomllib

        if tomllib.loads("v =" + line.partition("=")[2])["v"] == value:
            return None
    except ValueError:
        pass  # a multi-line string, or more than the key on its line: a line to change all the same
    return ContactsLine(where, written, added=False)


def named_contacts_text(text: str, value: str) -> str | None:
    """``text`` (a rules file's) with its ``[invites]`` table naming ``value`` as its ``contacts``: the
    key's line replaced, or the key added under the table's header; ``text`` itself when it names it
    already or has no ``[invites]`` table (no invites: nothing to record); ``None`` when it writes the key
    in a way one line cannot replace (a multi-line string, an inline table)."""
    lines = text.splitlines(keepends=True)
    change = contacts_line(text, value)
    if change is None:
        return text
    line = lines[change.line - 1]
    ending = line[len(line.rstrip("\r\n")) :] or ("\r\n" if "\r\n" in text else "\n")  # the file's own
    if change.added:
        lines.insert(change.line, change.written + ending)
        return "".join(lines)
    key, _, rest = line.partition("=")
    if key.strip().strip("\"'") != "contacts" or not rest.strip().startswith('"'):
        return None
    try:
        import tomllib

        tomllib.loads("v =" + rest)
    except ValueError:
        return None  # a multi-line string, or more than the key on its line: left to the office
    indent = line[: len(line) - len(line.lstrip())]
    lines[change.line - 1] = indent + change.written + ending
    return "".join(lines)


def record_contacts(rules: Path, contacts: Path) -> bool | ContactsLine | None:
    """Set the ``[invites] contacts`` of the rules file at ``rules`` to ``contacts`` when this program wrote
    that file (:func:`~scheduler.files.rules_file.written_by_us`): ``True`` when it was changed, ``False``
    when there was nothing to change, ``None`` when its line cannot be rewritten. The office's own rules file
    is never written: the :class:`ContactsLine` it needs is returned, for the caller to say. An
    :class:`OSError` when it cannot be read or written (the caller says so)."""
    from scheduler.errors import InputError
    from scheduler.files.encodings import decode

    raw = rules.read_bytes()
    try:  # as every command reads it: UTF-8, or what Notepad saves as "ANSI" (GBK) or "Unicode" (UTF-16)
        decoded = decode(raw, str(rules))
    except InputError:
        return None  # not text the commands read either: they say so, naming the line
    text = decoded.text
    value = contacts_value(rules, contacts)
    if not written_by_us(text):
        return contacts_line(text, value) or False
    changed = named_contacts_text(text, value)
    if changed is None:
        return None
    if changed == text:
        return False
    try:  # kept in its own encoding (QA upgrade22 F2); UTF-8, which every command reads, when a name needs it
        data = changed.encode(decoded.encoding)
    except UnicodeEncodeError:
        data = changed.lstrip("\ufeff").encode("utf-8")
    write_files(rules.parent, {rules.name: data})
    return True
