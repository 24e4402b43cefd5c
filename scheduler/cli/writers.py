"""Which folders a command writes into, locked for its whole run (:mod:`scheduler.files.folderlock`).

A command that writes holds, from before it reads its table until its last file is in place, the
lock of its ``--out`` folder (``solve``, ``reschedule``, ``ics``, ``replies``, ``example``), of
``send``'s ``--invites`` folder, and of the folder of the table it reads when it writes at all (the
project folder: the mail journal and ``invites/`` sit beside the table, and a second writer there
must not change the table between our read and our write). A dry run, and a command that only
reads, takes none; ``serve`` takes the project folder's for each change the page makes
(:class:`scheduler.web.project.Project`), not for its whole life.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

NOT_FOR_LIFE = frozenset({"serve"})
"""Commands that lock per change, not for their run."""

LOCKS_ITSELF = frozenset({"send", "replies"})
"""Commands that take the same folders' locks themselves, after their password prompt, so that a prompt left
open holds no lock (QA review17b F1): ``send`` in its library call (:func:`scheduler.mail.flow.send_invites`
and :func:`scheduler.replies.reminders.send_reminders`), ``replies`` (its IMAP password) with :func:`held`."""


OPTIONS = (("out_dir", "--out"), ("invites_dir", "--invites"))
"""The options that give a folder a command writes into: named when it cannot be made."""


def written_folders(command: str, params: Mapping[str, Any]) -> list[str]:
    """The folders ``command`` run with ``params`` writes into (see the module)."""
    if command in NOT_FOR_LIFE:
        return []
    folders = [params[name] for name in ("out_dir",) if params.get(name)]
    writes = bool(folders) or (command == "send" and not params.get("dry_run"))
    if not writes:
        return []
    if command == "send" and params.get("invites_dir"):
        folders.append(params["invites_dir"])
    if params.get("table"):
        from scheduler.files.folderlock import beside

        folders.extend(str(folder) for folder in beside(params["table"]))
    return folders


@contextlib.contextmanager
def locked(command: str, params: Mapping[str, Any]) -> Iterator[None]:
    """The locks of the folders ``command`` writes into, for the block; first, a folder given by an
    option that cannot be made (under a file, a name too long, a read-only disk) is one line naming
    the option (exit 2), for every command that writes one (``serve`` too), before anything is read."""
    given = _given(params)
    if given:  # (a command that writes no folder does not load the writers, docs/performance.md)
        from scheduler.files.atomic import check_folder

        for folder, option in given.items():
            check_folder(Path(folder), option)
    if not written_folders(command, params):
        yield
        return
    from scheduler.files import atomic

    said: list[Path] = []

    def say_cleared(folder: Path) -> None:
        """One line, the first time this run clears what a killed earlier run left (its temporary files)."""
        if said:
            return
        said.append(folder)
        import click

        from scheduler.cli.language import current
        from scheduler.text.messages import Message, render

        click.echo(f"{folder}: {render(Message('output.leftovers'), current())}", err=True)

    atomic.on_leftovers = say_cleared
    try:
        with contextlib.nullcontext() if command in LOCKS_ITSELF else held(command, params):
            yield
    finally:
        atomic.on_leftovers = None


@contextlib.contextmanager
def held(command: str, params: Mapping[str, Any]) -> Iterator[None]:
    """The locks of the folders ``command`` run with ``params`` writes into (:func:`written_folders`), for
    the block: taken by :func:`locked` for the command's run, or by a command of :data:`LOCKS_ITSELF` once
    its password is asked."""
    from scheduler.files.folderlock import folders_locked

    with folders_locked(list(written_folders(command, params)), command, _given(params)):
        yield


def _given(params: Mapping[str, Any]) -> dict[str, str]:
    """The folders given by an option (:data:`OPTIONS`), by their path as given: the option they came from."""
    return {str(params[name]): option for name, option in OPTIONS if params.get(name)}
