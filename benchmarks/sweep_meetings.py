"""The sweep's runs of a meeting table (``benchmarks/sweep.py``): the library, its greedy, a written timetable.

A meeting shape is solved from its files (``benchmarks/series_tables.py`` writes them), so each run
reads the table first, outside its clock. Scores are the objective's levels (medium, soft); HiGHS has
no model of a meeting table, so the sweep runs none for it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any


def lib(table: Path, limit: float) -> dict[str, Any]:
    """:func:`solve_meetings` on the table's problem and objective, checked."""
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.check import check_meetings
    from scheduler.meetings.planner import solve_meetings
    from scheduler.meetings.terms import LEVELS

    loaded = load_meetings(str(table))
    started, cpu = time.perf_counter(), time.process_time()
    result = solve_meetings(loaded.problem, loaded.objective, time_limit=limit)
    total = time.perf_counter() - started
    out: dict[str, Any] = {"status": result.status, "total": total, "cpu": time.process_time() - cpu}
    if result.plan is not None:
        out["valid"] = check_meetings(loaded.problem, result.plan, loaded.objective).ok
        out["score"] = [result.score.get(level, 0) for level in LEVELS]
    bound = [result.bound.get(level) for level in LEVELS]
    out["bound"] = bound if None not in bound else None
    out["proven"] = total if result.status == "optimal" else None
    if result.conflict is not None:
        out["reason"] = "minimal" if result.conflict.minimal else "partial"
    return out


def greedy(table: Path) -> dict[str, Any]:
    """The library's greedy alone (its rounds, no search), scored; ``score`` absent when it found none."""
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.greedy import greedy as first_fit
    from scheduler.meetings.measure import score_key
    from scheduler.meetings.prepared import prepare

    loaded = load_meetings(str(table))
    started = time.perf_counter()
    prep = prepare(loaded.problem)
    found = first_fit(prep, loaded.objective)
    out: dict[str, Any] = {"status": "heuristic", "total": time.perf_counter() - started}
    if found is not None:
        out["score"] = list(score_key(prep, loaded.objective, found))
    return out


def written(timetable: Path) -> dict[str, Any]:
    """The timetable ``solve --out`` wrote (and its rules file beside it), read back and checked."""
    from scheduler.files.meeting_files import load_meetings
    from scheduler.meetings.check import check_meetings
    from scheduler.meetings.terms import LEVELS

    loaded = load_meetings(str(timetable))
    if loaded.plan is None:
        return {"valid": False}
    report = check_meetings(loaded.problem, loaded.plan, loaded.objective)
    return {"valid": report.ok, "score": [report.score.get(level, 0) for level in LEVELS]}


STATUS = (
    ("not proven", "feasible"),
    ("optimal", "optimal"),
    ("no timetable satisfies", "infeasible"),
    ("cannot all hold", "infeasible"),
    ("no timetable", "unknown"),
)
"""The English status line's words -> the library's status (first match)."""


def status_of(text: str) -> str:
    """The status the command printed (``--lang en``), as the library names it."""
    line = next((x for x in text.splitlines() if x.startswith("Status:")), "").lower()
    if not line:
        line = text.lower()
    return next((status for words, status in STATUS if words in line), "")


def score_of(text: str) -> list[int] | None:
    """The levels of the ``Score`` line the command printed."""
    line = next((x for x in text.splitlines() if x.startswith("Score")), "")
    found = re.findall(r"(medium|soft) (-?\d+)", line)
    return [int(v) for _, v in found] or None
