"""What a command freezes (:func:`gc.freeze`) is unfrozen when it ends, unless the process ends with it.

The command line freezes the table it has read (:func:`scheduler.cli.loading.load_table`): later
collections then pass over its millions of objects. A freeze is the whole process's: it keeps
everything alive at that moment out of every later collection until :func:`gc.unfreeze`, the
garbage among it too (cycles the collector had not reached yet). In the command's own process
(``docking-scheduler``, ``python cli.py``, ``python -m scheduler``: click reads the process's own
arguments) that costs nothing, as the process ends with the command. In a process that runs
commands inside it (a test's ``CliRunner``, a program calling ``main([...])``) each command froze
what the commands before it had left: python-docx's documents are cycles (package, parts,
relationships) holding lxml trees, some 5 MB of C memory in about 350 Python objects, too few to
bring on a collection before the next command's freeze. ``solve --alternatives 2 --out DIR`` (two
``.docx``) grew such a process by 10 MB a call for good: ``gc.collect()`` could not reach it, and
tracemalloc saw 0.8 MB of it (the Python objects, not lxml's).

So a command run inside another process (:func:`command_inside`) unfreezes what it froze when it
ends, and freezes nothing where the process had frozen objects of its own before it began
(unfreezing would thaw those too)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_may = [True]
"""Whether a command may freeze now (one flag, a list so that no ``global`` is needed)."""


def freeze() -> None:
    """Freeze what lives now, where the command may (:func:`command_inside`)."""
    if _may[0]:
        gc.freeze()


@contextmanager
def command_inside() -> Iterator[None]:
    """A command run inside a process that outlives it: what it freezes is unfrozen at the block's
    end (the garbage among it then collectable as any other); nothing is frozen where something
    already was when the block began (the process's own, or an outer command's)."""
    was = _may[0]
    mine = was and gc.get_freeze_count() == 0
    _may[0] = mine
    try:
        yield
    finally:
        _may[0] = was
        if mine:
            gc.unfreeze()
