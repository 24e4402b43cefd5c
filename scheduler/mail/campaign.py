"""The ``send`` command's steps that are not the terminal's: refresh the invites, compose, dry run.

``send`` mails exactly the invites on disk. It first brings the invites folder
up to date through the same export as ``ics`` (nothing is written when nothing
changed), then reads it back with :func:`scheduler.invites.folder.read_invites`
(each file checked against the SHA-256 in ``state.json``), so the UID and
SEQUENCE in the journal are those of the bytes that went out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from scheduler.errors import InputError
from scheduler.files.atomic import write_files
from scheduler.invites.calendar import Export, Invite
from scheduler.invites.folder import INVITES_DIR
from scheduler.invites.state import STATE_NAME
from scheduler.mail.journal import JOURNAL_NAME, History
from scheduler.mail.message import Mail, compose
from scheduler.mail.plan import SEND, Bounced, Step, plan


def invites_folder(table: str | Path) -> Path:
    """Where ``send`` keeps a timetable's invites by default: ``invites/`` beside it (as ``solve --out`` does)."""
    return Path(table).parent / INVITES_DIR


def journal_path(table: str | Path) -> Path:
    """The journal's default place: ``mail-journal.jsonl`` beside the timetable."""
    return Path(table).parent / JOURNAL_NAME


def files_to_refresh(directory: str | Path, result: Export) -> tuple[dict[str, bytes], bool]:
    """What bringing ``directory`` up to date with ``result`` writes: the files that differ from what is
    there (the rest are byte-identical already), written together, all or none; and whether a calendar
    file changes (new, updated or cancelled invites: worth reporting). A state file that differs only in
    what it says the last export did is rewritten silently, unless nothing else changed: a state that differs
    only in that, and in the order of its invites, is left as it is (:func:`_same_state`). Reads only."""
    root = Path(directory)
    files = result.files()
    differ = []
    for name, data in files.items():
        try:
            same = (root / name).read_bytes() == data
        except OSError:
            same = False
        if not same:
            differ.append(name)
    if differ == [STATE_NAME] and _same_state(root / STATE_NAME, files[STATE_NAME]):
        differ = []
    return {name: files[name] for name in differ}, any(name != STATE_NAME for name in differ)


def _same_state(path: Path, data: bytes) -> bool:
    """Whether the state file at ``path`` says what ``data`` says but for the order of its invites and what
    each says the last export did (``change``: ``new`` after ``solve --out``, ``unchanged`` after the
    export ``send`` makes of the same folder). The first ``send`` of an untouched folder rewrote its
    700 KB ``state.json`` for that alone, and on a nearly full disk stopped there before mailing anything
    (QA qaint26 F4): an unchanged folder is not written."""
    try:
        return _essence(json.loads(path.read_bytes())) == _essence(json.loads(data))
    except (OSError, ValueError):
        return False


def _essence(state: object) -> object:
    """A parsed state file without its invites' order and ``change``: what :func:`_same_state` compares."""
    if not isinstance(state, dict) or not isinstance(state.get("invites"), list):
        return state
    rest = {key: value for key, value in state.items() if key != "invites"}
    invites = [{k: v for k, v in i.items() if k != "change"} if isinstance(i, dict) else i for i in state["invites"]]
    return rest, sorted(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in invites)


def refresh_invites(directory: str | Path, result: Export) -> bool:
    """Write ``result`` into ``directory`` (all files or none) unless every file there is already identical;
    whether a calendar file changed (see :func:`files_to_refresh`)."""
    files, changed = files_to_refresh(directory, result)
    if files:
        write_files(directory, files)
    return changed


class Refused(InputError):
    """Invites that cannot be mailed safely (bad address, a line break in a name...): one line each."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = tuple(errors)
        super().__init__(errors[0].message)

    def text(self, lang: str = "zh") -> str:
        return "\n".join(error.text(lang) for error in self.errors)


def prepare_batch(
    invites: Sequence[Invite],
    history: History,
    now: datetime,
    only_changed: bool = False,
    envelope_from: str | None = None,
    bounced: Mapping[str, Bounced] | None = None,
    allow_bounced: bool = False,
    clock: datetime | None = None,
) -> tuple[list[Step], list[Mail]]:
    """What to do with each invite (:func:`scheduler.mail.plan.plan`) and the message of each one to send;
    ``now`` dates the messages, ``clock`` says which meetings are past (none when ``None``).

    Every invite that cannot be mailed safely is named in one :class:`Refused`
    error, before anything is sent to anyone.
    """
    steps = plan(invites, history, only_changed, bounced, allow_bounced, clock)
    mails = []
    refused = []
    for step in steps:
        if step.action != SEND:
            continue
        try:
            mail = compose(step.invite, now, step.updated, envelope_from, step.before)
            mails.append(replace(mail, allow_bounced=True) if step.bounce is not None else mail)
        except InputError as error:
            refused.append(error)
    if refused:
        raise Refused(refused)
    return steps, mails


def write_dry_run(directory: str | Path, mails: Sequence[Mail]) -> list[Path]:
    """Each message as an ``.eml`` file (the exact bytes that would be sent), all or none."""
    return write_files(directory, {mail.eml_name: mail.data for mail in mails})
