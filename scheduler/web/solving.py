"""Solving for the page: in a worker process that the stop button can end, keeping the best answer so far.

The worker first sends the quick answer (the pipeline's greedy timetable, or
better, within a tenth of a second), then solves within the time limit and
sends the final result. Stopping ends the worker and keeps the quick answer:
a stop never leaves the page with nothing when a timetable was found.
A process, not a thread: CP-SAT cannot be interrupted from Python, and a
process can be ended at once without leaving a solver running behind.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

from scheduler.domain import Problem
from scheduler.text.messages import Message
from scheduler.web.jobs import Job

QUICK_LIMIT = 0.1
"""Seconds for the first answer the worker sends."""


def _work(conn: Any, task: str, problem: Problem, objective: str, time_limit: float, count: int) -> None:
    """In the worker process: the quick answer, then the real one, each sent as ``(stage, result)``."""
    import scheduler

    try:
        if task == "alternatives":
            conn.send(("final", scheduler.alternatives(problem, objective, count=count, time_limit=time_limit)))
            return
        conn.send(("quick", scheduler.solve(problem, objective, time_limit=min(QUICK_LIMIT, time_limit))))
        conn.send(("final", scheduler.solve(problem, objective, time_limit=time_limit)))
    except Exception as error:
        conn.send(("error", error))
    finally:
        conn.close()


def run(job: Job, task: str, problem: Problem, objective: str, time_limit: float, count: int = 1) -> dict[str, Any]:
    """Solve (``task`` = ``solve``) or list alternatives (``alternatives``) for ``job``.

    Returns ``{"result": Result | None, "alternatives": Alternatives | None, "stopped": bool}``.
    """
    context = multiprocessing.get_context("spawn")  # never fork a threaded server
    parent, child = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(child, task, problem, objective, time_limit, count), name="docking-solver", daemon=True
    )
    job.report(phase=Message("web.phase.starting"), limit=time_limit)
    worker.start()
    child.close()
    best: Any = None
    final: Any = None
    deadline = time.monotonic() + time_limit + 30  # the worker's own limit, plus start-up and explanation
    try:
        while final is None:
            if job.stopping or time.monotonic() > deadline:
                break
            if not parent.poll(0.05):
                if not worker.is_alive() and not parent.poll(0):
                    break
                continue
            try:
                stage, value = parent.recv()
            except EOFError:
                break
            if stage == "error":
                raise value
            if stage == "quick":
                best = value
                job.report(phase=Message("web.phase.improving"), best=_summary(value))
            else:
                final = value
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(5)
        parent.close()
    if task == "alternatives":
        return {"result": final.result if final else None, "alternatives": final, "stopped": final is None}
    return {"result": final or best, "alternatives": None, "stopped": final is None}


def _summary(result: Any) -> dict[str, Any]:
    return {"status": result.status, "slots": result.slots_used(), "moved": len(result.moves())}
