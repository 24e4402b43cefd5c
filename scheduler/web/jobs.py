"""Work that outlasts a request (solving, sending): run in the background, watched by the page.

A :class:`Job` runs one function in a thread. The page asks for its state every
few hundred milliseconds (``GET /api/jobs/<id>``): what it is doing, how far it
got, and at the end its result or its error as one line. ``stop`` asks it to
stop; each kind of work decides what stopping keeps (solving keeps the best
timetable found so far).

When the server stops (Ctrl+C), :meth:`Jobs.stop_all` stops every job that hears
its stop signal and waits for its thread: a solver still searching in a thread
while the interpreter shuts down aborts the process (OR-Tools calls back into a
Python that is gone). A sending hears it between messages, as ``send`` hears
Ctrl-C: the message being handed over is finished first (QA qaconc22 F1: it was
not waited for, and died with the interpreter mid-message).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scheduler.errors import InputError, SchedulerError
from scheduler.text.messages import Message

RUNNING, DONE, STOPPED, FAILED = "running", "done", "stopped", "failed"
KEEP = 20
"""Finished jobs remembered (the oldest are forgotten first)."""
BUSY = {"send": "web.send_busy"}
"""What a refusal says when a job of that kind is running (else ``web.job_busy``: a solve, with its stop)."""
STOP_WAIT = 60.0
"""Seconds the server waits, when it stops, for its jobs to hear the stop (a CP-SAT search hears it
within about 0.05 s; building a large model or its presolve, only when done; a sending once the message
being handed over is answered, within the SMTP timeouts)."""


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
    stoppable: bool = True
    """Whether the work hears ``stop_event`` (solving and sending do), so :meth:`Jobs.stop_all` waits for it."""
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()

    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    def report(self, **progress: Any) -> None:
        """Record what the job is doing now (the page shows it on its next look)."""
        self.progress = {**self.progress, **progress}


class Busy(InputError):
    """A job of the same kind is running already (perhaps started in another tab, or before a reload):
    the refusal names it, so that the page shows it (its progress, its stop button, its result)."""

    def __init__(self, job: Job) -> None:
        super().__init__(Message(BUSY.get(job.kind, "web.job_busy")))
        self.job = job


class Jobs:
    """The jobs of one server; at most one of each kind runs at a time."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, version: str, work: Callable[[Job], Any], stoppable: bool = True) -> Job:
        """Run ``work(job)`` in a thread; its return value becomes ``job.result``. ``stoppable``: the
        work hears the job's stop signal (:meth:`stop_all` waits for it)."""
        with self._lock:
            busy = [j for j in self._jobs.values() if j.kind == kind and j.state == RUNNING]
            if busy:
                raise Busy(busy[0])
            job = Job(kind, version, stoppable=stoppable)
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.state != RUNNING]
            for old in finished[:-KEEP]:
                del self._jobs[old.id]
        job.thread = threading.Thread(target=self._run, args=(job, work), name=f"job-{kind}", daemon=True)
        job.thread.start()
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
            from scheduler.files.owned import refused_access  # (a folder handed over still closed to us)

            closed = refused_access(error) if isinstance(error, OSError) else None
            if closed is None:
                logging.getLogger("scheduler.web").exception("job %s failed", job.kind)  # the server's log only
            job.error = closed or InputError(Message("web.job_crashed", reason=type(error).__name__))
            job.state = FAILED
        finally:
            job.ended = time.monotonic()

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise InputError(Message("web.no_job"))
        return job

    def last_result(self, kinds: tuple[str, ...]) -> Job | None:
        """The last job of ``kinds`` that ended with a result (done, or stopped with the best so far), while
        kept: a page loaded after it ended offers that result (QA a11y17 #10)."""
        with self._lock:
            ended = [j for j in self._jobs.values() if j.kind in kinds and j.state in (DONE, STOPPED)]
        return ended[-1] if ended and ended[-1].result is not None else None

    def running(self) -> list[Job]:
        return [j for j in self._jobs.values() if j.state == RUNNING]

    def stop_all(self, timeout: float = STOP_WAIT) -> None:
        """Ask every running job to stop, and wait (at most ``timeout`` seconds in all) for those that hear it."""
        running = self.running()
        for job in running:
            job.stop_event.set()
        until = time.monotonic() + timeout
        for job in running:
            if job.stoppable and job.thread is not None:
                job.thread.join(max(0.0, until - time.monotonic()))
