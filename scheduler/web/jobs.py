"""Work that outlasts a request (solving, sending): run in the background, watched by the page.

A :class:`Job` runs one function in a thread. The page asks for its state every
few hundred milliseconds (``GET /api/jobs/<id>``): what it is doing, how far it
got, and at the end its result or its error as one line. ``stop`` asks it to
stop; each kind of work decides what stopping keeps (solving keeps the best
timetable found so far).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scheduler.errors import SchedulerError
from scheduler.text.messages import Message

RUNNING, DONE, STOPPED, FAILED = "running", "done", "stopped", "failed"
KEEP = 20
"""Finished jobs remembered (the oldest are forgotten first)."""


@dataclass
class Job:
    """One piece of background work and what the page may know of it."""

    kind: str
    version: str
    """The project's version when the job started: its result applies only to that version."""
    id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    state: str = RUNNING
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    progress: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: SchedulerError | None = None
    stop_event: threading.Event = field(default_factory=threading.Event)

    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()

    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    def report(self, **progress: Any) -> None:
        """Record what the job is doing now (the page shows it on its next look)."""
        self.progress = {**self.progress, **progress}


class Jobs:
    """The jobs of one server; at most one of each kind runs at a time."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, version: str, work: Callable[[Job], Any]) -> Job:
        """Run ``work(job)`` in a thread; its return value becomes ``job.result``."""
        with self._lock:
            busy = [j for j in self._jobs.values() if j.kind == kind and j.state == RUNNING]
            if busy:
                from scheduler.errors import InputError

                raise InputError(Message("web.job_busy"))
            job = Job(kind, version)
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.state != RUNNING]
            for old in finished[:-KEEP]:
                del self._jobs[old.id]
        thread = threading.Thread(target=self._run, args=(job, work), name=f"job-{kind}", daemon=True)
        thread.start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[Job], Any]) -> None:
        try:
            job.result = work(job)
            job.state = STOPPED if job.stopping else DONE
        except SchedulerError as error:
            job.error = error
            job.state = FAILED
        except Exception as error:
            from scheduler.errors import InputError

            logging.getLogger("scheduler.web").exception("job %s failed", job.kind)  # the server's log only

            job.error = InputError(Message("web.job_crashed", reason=type(error).__name__))
            job.state = FAILED
        finally:
            job.ended = time.monotonic()

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            from scheduler.errors import InputError

            raise InputError(Message("web.no_job"))
        return job

    def running(self) -> list[Job]:
        return [j for j in self._jobs.values() if j.state == RUNNING]
