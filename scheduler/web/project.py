"""The project folder the web app works on: the same files the command line writes.

A project is a folder holding ``timetable.csv`` (the table: units, times, rooms)
and ``timetable.toml`` (the rules), exactly as ``solve --out DIR`` leaves it, plus
what later steps add beside them (``invites/``, ``mail-journal.jsonl``). The page
never holds a copy of its own: every change is read from disk, checked, and
written back at once (:func:`scheduler.files.atomic.write_files`: all or nothing),
so ``validate DIR/timetable.csv``, ``send DIR/timetable.csv`` and the app can be
used in turn.

**Versions.** The version of a project is a hash of its two files. Each change
names the version it was made on; when the files changed since (another tab, the
command line), the change is refused with a clear message instead of silently
overwriting the other one. **Undo** keeps the files as they were before each
change made here, and puts them back only when nothing else changed them since.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.domain import Meeting, Timetable
from scheduler.domain.meetings import Plan
from scheduler.errors import InputError
from scheduler.export.outputs import OUTPUT_NAMES, RULES_NAME, TABLE_NAME, timetable_files
from scheduler.files.atomic import write_files
from scheduler.files.encodings import decode
from scheduler.files.folders import make_folders
from scheduler.files.load import Loaded, build
from scheduler.files.meeting_files import LoadedMeetings
from scheduler.files.reasons import file_reason
from scheduler.files.rules_file import Entry, Rules, parse_rules, parse_toml, rules_text
from scheduler.files.tables import XLSX_MAGIC, Table, is_meeting_table, parse_table
from scheduler.invites.settings import bundle_rules
from scheduler.text.messages import Message
from scheduler.text.times import format_iso, format_slots

if TYPE_CHECKING:
    from scheduler.export.annex import Answers

UNDO_DEPTH = 50
"""How many changes made in the app can be undone."""
SEEN = 8
"""How many versions read lately are kept to name the files a stale change finds changed."""


class StaleError(InputError):
    """The files changed since the page read them (another tab, the command line); ``changed`` names
    those that differ from the page's version, when the app still knows it. ``mail``: what was refused
    is a preview or a sending (no mail went: "本次修改未保存" would name a change that was not made)."""

    def __init__(self, changed: Sequence[str] = (), mail: bool = False) -> None:
        key = "web.stale_mail" if mail else "web.stale"
        if changed:
            super().__init__(Message(f"{key}_files", files=list(changed)))
        else:
            super().__init__(Message(key))


@dataclass(frozen=True)
class Snapshot:
    """The project as it is on disk now: its files' bytes, their version, and the loaded problem."""

    table_bytes: bytes
    rules_bytes: bytes
    loaded: Loaded | LoadedMeetings
    people_bytes: bytes = b""
    """A meeting project's people sheet (docs/meetings.md), read with the rest."""

    @property
    def version(self) -> str:
        return version_of(self.table_bytes, self.rules_bytes + self.people_bytes)

    @property
    def meetings(self) -> bool:
        """Whether the project is a meeting table (会议 and 参会人员) rather than a unit table."""
        return isinstance(self.loaded, LoadedMeetings)

    @property
    def unit_table(self) -> Loaded:
        """The loaded unit table, for a unit route; a meeting table is refused (the route's guard read
        the files at the request's start, and they may have been replaced since)."""
        if isinstance(self.loaded, LoadedMeetings):
            raise InputError(Message("mweb.units_only"))
        return self.loaded

    @property
    def meeting_table(self) -> LoadedMeetings:
        """The loaded meeting table, for a meeting route; a unit table is refused (as :attr:`unit_table`)."""
        if not isinstance(self.loaded, LoadedMeetings):
            raise InputError(Message("mweb.meetings_only"))
        return self.loaded


def version_of(table: bytes, rules: bytes) -> str:
    """The version of a project: a short hash of both files."""
    digest = hashlib.sha256()
    digest.update(len(table).to_bytes(8, "big"))
    digest.update(table)
    digest.update(rules)
    return digest.hexdigest()[:16]


@dataclass
class _Undo:
    before: tuple[bytes, bytes]
    after: str
    """The version the change produced: undo only applies on top of it."""


class FolderLock:
    """A change's hold on the project: the page's other requests wait (a thread lock), and so does any
    other program writing into the folder, the command line's ``reschedule --out`` among them (the
    folder's lock, :mod:`scheduler.files.folderlock`): each change reads, compares its version and
    writes under it, so a command never overwrites the page's change unseen, nor the page the
    command's (QA crash 1). A folder another program holds past the short wait refuses the change on
    one line naming that program. While a sending of this page runs (``frozen`` says why), it holds the
    folder until its last message: a request then is refused at once with that reason, not after the
    wait with another program's name."""

    def __init__(self, folder: Path, frozen: Callable[[], Message | None] = lambda: None) -> None:
        self.folder = folder
        self.thread = threading.RLock()
        self.frozen = frozen

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def acquire(self, instead: str | None = None) -> FolderLock:
        """Take the hold (``with lock:``); ``instead``: the key of the refusal while frozen when the
        request changes no timetable (a download, a publish: "本次修改未保存" would not fit it)."""
        from scheduler.files import folderlock

        self.thread.acquire()
        reason = self.frozen()
        try:
            folderlock.acquire(self.folder, "serve", wait=None if reason is None else 0.0)
        except InputError:
            self.thread.release()
            if reason is None:
                raise
            raise InputError(reason if instead is None else Message(instead)) from None
        except BaseException:
            self.thread.release()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        from scheduler.files import folderlock

        try:
            folderlock.release(self.folder)
        finally:
            self.thread.release()

    @contextmanager
    def for_output(self, instead: str) -> Iterator[FolderLock]:
        """The hold for a request writing the invites, not the timetable: refused while a sending runs
        with the message ``instead`` (its own words), else as ``with lock:``."""
        self.acquire(instead)
        try:
            yield self
        finally:
            self.__exit__()


@dataclass
class Project:
    """One project folder, shared by every request (and every tab) of one server."""

    folder: Path
    lock: FolderLock = field(init=False, repr=False)
    _undo: list[_Undo] = field(default_factory=list, repr=False)
    _cache: Snapshot | None = field(default=None, repr=False)
    _seen: dict[str, Snapshot] = field(default_factory=dict, repr=False)
    """The versions this app read lately, to name what changed when a page's is stale."""
    frozen: Callable[[], Message | None] = field(default=lambda: None, repr=False)
    """Why the timetable may not change now (``None``: it may): set by the server to refuse every change
    while a sending of this project runs (:class:`scheduler.web.context.Context`), checked by each
    write under the lock, so that a change and the start of a sending cannot cross."""

    def __post_init__(self) -> None:
        self.lock = FolderLock(self.folder, lambda: self.frozen())

    @property
    def table_path(self) -> Path:
        return self.folder / TABLE_NAME

    @property
    def rules_path(self) -> Path:
        return self.folder / RULES_NAME

    def exists(self) -> bool:
        return self.table_path.is_file() and self.rules_path.is_file()

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> Snapshot:
        """The project as it is on disk (parsed again only when a file changed); only the page's other
        requests wait for it, never another program (a read does not take the folder's lock)."""
        with self.lock.thread:
            try:
                table_bytes = self.table_path.read_bytes()
                rules_bytes = self.rules_path.read_bytes()
            except FileNotFoundError as exc:
                raise InputError(Message("web.no_project"), str(self.folder)) from exc
            except OSError as exc:
                raise InputError(Message("input.unreadable", reason=file_reason(exc)), str(self.folder)) from exc
            cached = self._cache
            if (
                cached is not None
                and cached.table_bytes == table_bytes
                and cached.rules_bytes == rules_bytes
                and (not cached.meetings or cached.people_bytes == _people_bytes(cached.loaded))
            ):
                return cached
            snapshot = self._parse(table_bytes, rules_bytes)
            self._cache = snapshot
            self._seen[snapshot.version] = snapshot
            for old in list(self._seen)[:-SEEN]:
                del self._seen[old]
            return snapshot

    def _parse(self, table_bytes: bytes, rules_bytes: bytes) -> Snapshot:
        """The project these bytes of its two files make (checked as :meth:`read` checks the files)."""
        table = _table_from(table_bytes, self.table_path)
        if is_meeting_table(table):
            loaded: Loaded | LoadedMeetings = _meetings_from(table, rules_bytes, self.rules_path)
            return Snapshot(table_bytes, rules_bytes, loaded, _people_bytes(loaded))
        rules = _rules_from(rules_bytes, self.rules_path)
        return Snapshot(table_bytes, rules_bytes, build(table, rules))

    def current(self, version: str | None, mail: bool = False) -> Snapshot:
        """The project, refusing with :class:`StaleError` when it is no longer at ``version`` (``mail``: in
        the words of a preview or a sending refused)."""
        snapshot = self.read()
        if version is not None and version != snapshot.version:
            raise StaleError(self._changed_since(version, snapshot), mail)
        return snapshot

    def _changed_since(self, version: str, now: Snapshot) -> list[str]:
        """The project's files that differ between the version a page holds and the files now, when the
        app read that version itself (:attr:`_seen`); none when it does not know it."""
        then = self._seen.get(version)
        if then is None:
            return []
        names = [(TABLE_NAME, "table_bytes"), (RULES_NAME, "rules_bytes"), ("people", "people_bytes")]
        changed = [name for name, part in names if getattr(then, part) != getattr(now, part)]
        if changed and changed[-1] == "people" and isinstance(now.loaded, LoadedMeetings) and now.loaded.people_path:
            changed[-1] = Path(now.loaded.people_path).name
        return changed

    # -- writing ---------------------------------------------------------------------------

    def write(
        self, snapshot: Snapshot, timetable: Timetable, table: Table | None = None, rules: Rules | None = None
    ) -> Snapshot:
        """Write ``timetable`` (and a changed table or rules) as the project's files, all or none.

        The new table and rules are checked first (:func:`scheduler.files.load.build`), so a
        bad change raises :class:`InputError` and leaves the files as they were.
        """
        with self.lock:
            now = self.read()
            if now.version != snapshot.version:
                raise StaleError(self._changed_since(snapshot.version, now))
            loaded = snapshot.loaded
            assert isinstance(loaded, Loaded), "a meeting project is written with write_plan"
            if table is not None or rules is not None:
                loaded = build(table or loaded.table, rules or loaded.rules)
            ordered = in_time_order(loaded, timetable)
            answers = folder_answers(self.folder, loaded, ordered)
            files = timetable_files(loaded, ordered, rules or loaded.rules, formats=("csv",), answers=answers)
            return self._put(files[TABLE_NAME], files[RULES_NAME], snapshot)

    def write_plan(self, snapshot: Snapshot, plan: Plan) -> Snapshot:
        """Write a meeting project's timetable (its table with these times and rooms), all or none."""
        from scheduler.export.meeting_outputs import meeting_timetable_files

        with self.lock:
            now = self.read()
            if now.version != snapshot.version:
                raise StaleError(self._changed_since(snapshot.version, now))
            assert isinstance(snapshot.loaded, LoadedMeetings)
            answers = folder_answers(self.folder, snapshot.loaded, plan)
            files = meeting_timetable_files(snapshot.loaded, plan, ("csv",), answers=answers)
            return self._put(files[TABLE_NAME], files[RULES_NAME], snapshot)

    def _put(self, table_bytes: bytes, rules_bytes: bytes, before: Snapshot | None) -> Snapshot:
        """Write the table, the rules and the timetable files beside them as one set, all or none; the
        change is undoable only once it is written (a file that cannot be replaced, such as
        ``timetable.xlsx`` open in Excel, refuses the whole change, naming that file)."""
        self._not_frozen()
        write_files(self.folder, self._with_beside(table_bytes, rules_bytes))
        after = self.read()
        if before is not None and after.version != before.version:
            self._undo.append(_Undo((before.table_bytes, before.rules_bytes), after.version))
            del self._undo[:-UNDO_DEPTH]
        return after

    def undo(self, version: str) -> Snapshot:
        """Put the files back as they were before the last change made here (all or none: when a file
        cannot be replaced, nothing changes and the change can still be undone)."""
        with self.lock:
            snapshot = self.current(version)
            self._not_frozen()
            if not self._undo:
                raise InputError(Message("web.nothing_to_undo"))
            last = self._undo[-1]
            if last.after != snapshot.version:
                self._undo.clear()  # changed elsewhere since: undoing would overwrite that change
                raise InputError(Message("web.undo_elsewhere"))
            write_files(self.folder, self._with_beside(*last.before))
            self._undo.pop()
            return self.read()

    def _not_frozen(self) -> None:
        """Refuse a change while the timetable is frozen (:attr:`frozen`), with its reason."""
        reason = self.frozen()
        if reason is not None:
            raise InputError(reason)

    def _with_beside(self, table_bytes: bytes, rules_bytes: bytes) -> dict[str, bytes]:
        """The table and rules with the folder's other timetable files (``timetable.xlsx``, ``.docx``,
        ``.html``, those present) made again from them, with the 答复 column and sheet: a drag changes
        them all, so that no file beside the table keeps the times before it (QA loop M2), and they are
        written in the same all-or-nothing set as the table (a refused workbook leaves the table as it was)."""
        files = {TABLE_NAME: table_bytes, RULES_NAME: rules_bytes}
        present = tuple(fmt for fmt in ("xlsx", "docx", "html") if (self.folder / f"timetable.{fmt}").is_file())
        if "xlsx" in present:
            self._keep_edited_workbook(table_bytes)
        if present:
            snapshot = self._parse(table_bytes, rules_bytes)
            self._cache = snapshot  # read again once written (a cache keyed by the bytes on disk)
            beside = project_files(self.folder, snapshot, present)
            files.update({f"timetable.{fmt}": beside[f"timetable.{fmt}"] for fmt in present})
        return files

    def _keep_edited_workbook(self, table_bytes: bytes) -> None:
        """Refuse a change that would overwrite an edit made in Excel: ``timetable.xlsx`` saved after the
        CSV, with a different timetable or any other cell the CSV would rewrite (备注, 类别, 并行组: QA
        review 12), as the page's line says (:mod:`scheduler.web.notices`), unless the change brings the
        CSV to that very workbook (opened with 打开表格). Decision: refused, not kept aside, as ``--out``
        refuses such a workbook (:func:`scheduler.files.copies.check_overwrite`, the same comparison) and
        a workbook open in Excel is refused: the edit stays where the clerk made it, and the refusal names
        the file and the first difference (QA: a drag rewrote it and undo could not bring it back)."""
        from scheduler.files.copies import WORKBOOK, differing_beside, saved_after

        workbook = self.table_path.with_suffix(WORKBOOK)
        if not saved_after(workbook, self.table_path):
            return  # written with the CSV (by the app or --out), not saved since: nothing to lose
        try:
            current = _table_from(self.table_path.read_bytes(), self.table_path)
        except (OSError, InputError):
            return  # no readable CSV that the workbook could be ahead of
        differing = differing_beside(self.table_path, current, cells=True)
        changed = _table_from(table_bytes, self.table_path)
        if differing is None or differing_beside(self.table_path, changed, cells=True) is None:
            return  # the workbook agrees with the CSV, or the change brings the CSV to it: nothing lost
        named, _, diff = differing
        raise InputError(Message("web.copies_overwrite", other=named, diff=diff))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def start_from(self, loaded: Loaded | LoadedMeetings, fresh_sheet: bool = False) -> Snapshot:
        """Make this folder's project from a table read elsewhere, undoably; the contacts its rules name
        (a meeting table's people sheet) are copied in (a file already there under that name is kept,
        unless ``fresh_sheet``: the sheet was chosen with the table), so the folder stands on its own."""
        with self.lock:
            self._not_frozen()  # before the contacts are copied in: nothing written when refused
            before = None
            if self.exists():
                try:
                    before = self.read()
                except InputError:  # files the command line left unreadable: replacing them is the way out
                    before = None
            if isinstance(loaded, LoadedMeetings):
                return self._start_meetings(loaded, before, fresh_sheet)
            rules, contacts = bundle_rules(loaded.rules, taken=OUTPUT_NAMES)
            files = timetable_files(loaded, in_time_order(loaded, loaded.timetable), rules, formats=("csv",))
            make_folders(self.folder)
            missing = {n: d for n, d in contacts.items() if fresh_sheet or not (self.folder / n).exists()}
            if missing:
                write_files(self.folder, missing)
            return self._put(files[TABLE_NAME], files[RULES_NAME], before)

    def _start_meetings(self, loaded: LoadedMeetings, before: Snapshot | None, fresh_sheet: bool) -> Snapshot:
        from scheduler.export.meeting_outputs import meeting_timetable_files
        from scheduler.invites.campaigns import full_plan

        files = meeting_timetable_files(loaded, full_plan(loaded), ("csv",))
        make_folders(self.folder)
        people = {n: d for n, d in files.items() if n not in (TABLE_NAME, RULES_NAME)}
        missing = {n: d for n, d in people.items() if fresh_sheet or not (self.folder / n).exists()}
        if missing:
            write_files(self.folder, missing)
        return self._put(files[TABLE_NAME], files[RULES_NAME], before)


def _people_bytes(loaded: Loaded | LoadedMeetings) -> bytes:
    """A meeting project's people sheet as it is on disk (its version includes it)."""
    if not isinstance(loaded, LoadedMeetings) or not loaded.people_path:
        return b""
    try:
        return Path(loaded.people_path).read_bytes()
    except OSError:
        return b""


def _meetings_from(table: Table, data: bytes, path: Path) -> LoadedMeetings:
    """A meeting project's rules file's bytes read as :func:`scheduler.files.meeting_files.load_meetings` reads it."""
    from scheduler.files.meeting_files import build_meetings
    from scheduler.files.toml_lines import KeyLines

    text = rules_text(data, str(path))
    parsed = parse_toml(text, str(path))
    return build_meetings(table, parsed, KeyLines(text), str(path))


def _table_from(data: bytes, path: Path) -> Table:
    """The table's bytes read as :func:`scheduler.files.tables.read_table` reads a file."""
    if data.startswith(XLSX_MAGIC):
        from scheduler.files.excel import read_workbook

        return read_workbook(data, str(path))
    decoded = decode(data, str(path))
    table = parse_table(decoded.text, str(path))
    table.encoding = decoded.encoding  # a text table: the copies beside it are compared (scheduler.web.notices)
    return table


def _rules_from(data: bytes, path: Path) -> Rules:
    """The rules file's bytes read as :func:`scheduler.files.rules_file.read_rules` reads a file."""
    text = rules_text(data, str(path))
    parsed = parse_toml(text, str(path))
    return parse_rules(parsed, str(path), text)


def open_table(path: str | Path, rules: str | Path | None = None, sheet: str | None = None) -> Loaded | LoadedMeetings:
    """A table of either kind and its rules (beside it, or ``rules``), read leniently as ``validate`` reads them."""
    from scheduler.files.either import load_either

    return load_either(path, rules, sheet=sheet)


def in_time_order(loaded: Loaded, timetable: Timetable) -> Timetable:
    """Meetings by time, then room, then the table's order; meetings without a time last."""
    problem = loaded.problem
    rooms = {r.name: i for i, r in enumerate(problem.rooms)}

    def key(item: tuple[int, Meeting]) -> tuple[int, datetime, int, int]:
        index, m = item
        when = m.start or datetime.max
        return (m.start is None, when, rooms.get(m.room or "", -1), index)

    return Timetable(tuple(m for _, m in sorted(enumerate(timetable.meetings), key=key)))


# -- the changes the grid makes -------------------------------------------------------------


def moved(timetable: Timetable, index: int, start: datetime | None, room: str | None) -> Timetable:
    """The timetable with meeting ``index`` at ``start`` in ``room``."""
    meetings = list(timetable.meetings)
    if not 0 <= index < len(meetings):
        raise InputError(Message("web.no_meeting"))
    meetings[index] = replace(meetings[index], start=start, room=room)
    return Timetable(tuple(meetings))


def with_pin(rules: Rules, unit: str, start: datetime | None) -> Rules:
    """The rules with ``unit`` pinned at ``start`` (``None``: unpinned)."""
    pins = [e for e in rules.pins if str(e.values.get("unit", "")).strip() != unit]
    if start is not None:
        pins.append(Entry({"unit": unit, "time": format_iso(start)}))
    return replace(rules, pins=tuple(pins))


def with_away(rules: Rules, unit: str, starts: Sequence[datetime], minutes: int) -> Rules:
    """The rules with ``unit`` unable to come at exactly ``starts`` (none: the entry goes)."""
    kept = [e for e in rules.unavailable if str(e.values.get("unit", "")).strip() != unit]
    if starts:
        kept.append(Entry({"unit": unit, "times": [str(t) for t in format_slots(starts, minutes)]}))
    return replace(rules, unavailable=tuple(kept))


def folder_answers(
    folder: Path, loaded: Loaded | LoadedMeetings, timetable: Timetable | Plan | None = None
) -> Answers | None:
    """The answers the files of the project in ``folder`` carry (the 答复 column and the 答复情况 sheet), as
    ``solve --out`` writes them, weighed against ``loaded``'s timetable (``timetable``: the one about to be
    written), so that a unit moved since it answered shows 未答复 (:mod:`scheduler.web.standing`): ``None``
    when the folder holds no replies ledger."""
    from zoneinfo import ZoneInfo

    from scheduler.replies.report import answers_for, table_language
    from scheduler.web.notices import project_timezone
    from scheduler.web.standing import weighed_standings

    found = weighed_standings(folder, loaded, timetable)
    return None if found is None else answers_for(found, ZoneInfo(project_timezone(loaded)), table_language(loaded))


def project_files(folder: Path, snapshot: Snapshot, formats: Sequence[str]) -> dict[str, bytes]:
    """The project's timetable files in ``formats``, with the answers of its folder (:func:`folder_answers`)."""
    loaded = snapshot.loaded
    answers = folder_answers(folder, loaded)
    if isinstance(loaded, LoadedMeetings):
        from scheduler.export.meeting_outputs import meeting_timetable_files
        from scheduler.web.meeting_views import table_plan

        return meeting_timetable_files(loaded, table_plan(loaded), formats, answers=answers)
    return timetable_files(loaded, in_time_order(loaded, loaded.timetable), formats=formats, answers=answers)
