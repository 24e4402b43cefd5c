"""What a command run with ``--json`` answers (:class:`Answer`): a module of its own, loaded where an
answer is made or checked (``--json`` given), so that a command run without it builds no such class at
start-up; ``from scheduler.cli.json_mode import Answer`` is this class (PEP 562)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Answer:
    """What a command run with ``--json`` answers: its document and its exit code."""

    document: dict[str, Any]
    code: int = 0
