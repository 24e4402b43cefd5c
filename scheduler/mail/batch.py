"""Delivering a batch: the planned messages one by one, the journal written before and after each,
transient failures retried with a bounded backoff, the batch stopped when the server is busy, refuses
the sender or fails for good. "Exactly once" and its limit are explained in docs/mail.md."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NoReturn

from scheduler.files.signals import first_signal_held, swapped_handlers
from scheduler.mail.journal import (
    DEFERRED,
    FAILED,
    INTERRUPTED,
    QUEUED,
    SENT,
    Entry,
    History,
    Journal,
    JournalWriteError,
)
from scheduler.mail.message import Mail
from scheduler.mail.smtp import Failure, Transport
from scheduler.text.messages import Message


@dataclass(frozen=True)
class Retry:
    """How transient failures are retried: ``retries`` more attempts per message, waiting
    ``first``, ``first * factor``, ... seconds (at most ``longest``); the batch stops after
    ``give_up_after`` messages in a row failed for good with transient failures, or after
    ``refused_after`` messages in a row were refused with the same 5xx about the sender or the account.
    A server busy (421, "closing the connection"; to a message or as its greeting) is waited for less:
    the batch stops at the ``busy_after``-th 421 in a row (whatever the messages), or before a wait would
    take the waits after those 421s past ``busy_for`` seconds in all (QA crash 6: ~187 s of backoff before
    it stopped)."""

    retries: int = 5
    first: float = 2.0
    factor: float = 2.0
    longest: float = 60.0
    give_up_after: int = 3
    refused_after: int = 3
    busy_after: int = 3
    busy_for: float = 30.0

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        return min(self.longest, self.first * self.factor ** (retry - 1))


@dataclass(frozen=True)
class Outcome:
    """What became of one planned message.

    ``state``: ``sent``, ``failed``, ``deferred`` (put off at RCPT by greylisting: left for the next
    run at once, not retried in this one), ``interrupted`` (the run was stopped while
    delivering it) or ``not-attempted`` (the batch stopped first).
    ``transient``: a failure that may pass (a later run may succeed).
    ``doubtful``: attempts in this run that ended with the whole message at the
    server and no answer (at most one: such an attempt is not retried).
    ``doubt``: some copy of this message may have reached the server besides
    the one this outcome reports (an earlier run's, or this run's doubtful
    attempt). A ``sent`` message with ``doubt`` may arrive twice (same
    Message-ID); a failed one with ``doubt`` may have arrived after all.
    """

    mail: Mail
    state: str
    attempts: int = 0
    code: int | None = None
    reply: str = ""
    reason: Message | None = None
    transient: bool = False
    doubtful: int = 0
    doubt: bool = False
    deferred: bool = False
    """Put off at RCPT (greylisting, state ``deferred``): the server took the command and put this recipient
    off, so it does not count toward stopping the batch (``Retry.give_up_after``)."""
    refusal: str = ""
    """Refused for good about the sender or the account (relay denied, sender not allowed), not the
    recipient: the reply's codes (``550 5.7.1``), which ``Retry.refused_after`` in a row stop the batch;
    or, with ``content``, the message itself (a provider's spam filter at DATA): the reply with its ids left
    out, the same for ``Retry.refused_after`` different recipients in a row stopping the batch."""
    content: bool = False


NOT_ATTEMPTED = "not-attempted"


@dataclass(frozen=True)
class Retrying:
    """A message about to be tried again: attempt ``attempt`` failed for now with ``reason``; retry
    ``attempt`` of ``retries`` comes after ``seconds``."""

    mail: Mail
    attempt: int
    retries: int
    seconds: float
    reason: Message


@dataclass
class Batch:
    """The outcomes of :func:`deliver`, and why it stopped early (``None`` if it did not).

    ``interrupted``: the run was stopped from outside (Ctrl-C, SIGTERM). ``cut``: then, the outcome of
    the message being delivered when it was stopped (finished and recorded first, or cut short:
    ``interrupted``, or never handed over: ``not-attempted``); ``None`` when it was stopped between two
    messages.
    """

    outcomes: list[Outcome] = field(default_factory=list)
    stopped: Message | None = None
    interrupted: bool = False
    cut: Outcome | None = None

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) during :func:`deliver`, after the journal says what was in flight.

    ``batch`` holds every outcome so far (the rest ``not-attempted``); it is
    still a :class:`KeyboardInterrupt`, so a caller that does not look for it stops as before.
    """

    def __init__(self, batch: Batch) -> None:
        super().__init__("interrupted")
        self.batch = batch


class _Stop(Exception):
    """Control flow inside :func:`deliver`: the batch must stop after this outcome."""

    def __init__(self, outcome: Outcome, reason: Message) -> None:
        super().__init__(reason.key)
        self.outcome = outcome
        self.reason = reason


@dataclass
class _Busy:
    """The server's 421 answers in a row in this batch (any message, any attempt) and the seconds waited
    after them; anything else it answers (a message sent, another failure) starts the count again."""

    replies: int = 0
    waited: float = 0.0

    def heard(self, code: int | None, rate_limited: bool = False) -> None:
        """An answer: a 421 or a rate limit (:attr:`Failure.rate_limited`) counts, anything else resets the
        count."""
        if code == 421 or rate_limited:
            self.replies += 1
        else:
            self.replies, self.waited = 0, 0.0

    def over(self, retry: Retry, attempt: int) -> bool:
        """Whether to stop rather than wait before retry ``attempt`` (:attr:`Retry.busy_after`, ``busy_for``)."""
        if not self.replies:
            return False
        return self.replies >= retry.busy_after or self.waited + retry.delay(attempt) > retry.busy_for


class _Cut(Exception):
    """Control flow inside :func:`deliver`: interrupted, with the outcome of the message in hand."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("interrupted")
        self.outcome = outcome


def deliver(
    mails: Sequence[Mail],
    journal: Journal,
    transport: Transport,
    retry: Retry | None = None,
    sleep: Callable[[float], None] | None = None,
    progress: Callable[[Outcome], None] | None = None,
    waiting: Callable[[Retrying], None] | None = None,
    holding: Callable[[Mail], None] | None = None,
) -> Batch:
    """Send ``mails`` in order, each recorded in ``journal`` before (``queued``) and after (``sent``/``failed``).

    Transient failures are retried after ``sleep(retry.delay(n))``, except a recipient put off at RCPT
    (greylisting: the server wants minutes, not seconds), recorded ``deferred`` at once for the next
    run, and an ambiguous one (the whole message reached the server, no answer came): that
    message is recorded ``failed`` with its doubt and left for the next run, which
    sends it once more and names it. Permanent failures are recorded and the
    batch goes on. The batch stops, leaving the rest ``not-attempted`` for the
    next run, when the server cannot be reached or refuses TLS or the login, or
    when ``retry.give_up_after`` messages in a row failed with transient failures (a recipient put off
    at RCPT with a 4.1, 4.2 or 4.7 code, greylisting, is not counted: the others go on),
    or when the server answered 421 (busy) ``retry.busy_after`` times in a row or its waits would pass
    ``retry.busy_for`` seconds (the message and the rest ``not-attempted``: a 421 takes nothing),
    or when the journal cannot be written (a full disk: see :func:`_unrecorded`).
    ``progress(outcome)`` is called after each message, ``waiting(retrying)`` before each pause
    before a retry. Ctrl-C (SIGINT, or SIGTERM) while a message is being handed over (from its ``queued``
    line to its answer's line) lets it finish, its answer recorded (``holding(mail)`` is called as the
    signal comes, to say so), then stops the batch; a second one, or a Ctrl-C anywhere else, stops it at
    once, the message in flight recorded ``interrupted``, in doubt only if its end may have reached the
    server. Either way :class:`Interrupted` is raised, with the batch so far.
    """
    retry = retry or Retry()
    if sleep is None:
        sleep = time.sleep  # looked up now, so a test can patch time.sleep
    batch = Batch()
    in_a_row = 0
    busy = _Busy()
    refusals: list[Outcome] = []  # the last messages in a row refused with the same 5xx about the sender
    try:
        for index, mail in enumerate(mails):
            try:
                outcome = _deliver_one(mail, journal, transport, retry, sleep, waiting, busy, holding)
            except _Stop as stop:
                outcome = stop.outcome
                batch.stopped = stop.reason
            except JournalWriteError as error:  # a full disk: stop, the summary still names every copy
                outcome = _unrecorded(mail, journal.history)
                batch.stopped = Message("mail.journal_stopped", path=error.path, problem=error.message)
            except _Cut as cut:
                batch.outcomes.append(cut.outcome)
                batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index + 1 :])
                batch.interrupted, batch.cut = True, cut.outcome
                raise Interrupted(batch) from None
            except KeyboardInterrupt:  # between two messages (in a progress callback): nothing in flight
                batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index:])
                batch.interrupted = True
                raise Interrupted(batch) from None
            else:
                if outcome.state == FAILED and outcome.transient:
                    in_a_row += 1
                elif not outcome.deferred:  # a greylisted recipient says nothing of the server either way
                    in_a_row = 0
                if in_a_row >= retry.give_up_after:
                    batch.stopped = Message("mail.gave_up", count=in_a_row)
                if outcome.refusal and refusals and refusals[-1].refusal == outcome.refusal:
                    refusals.append(outcome)
                elif not outcome.deferred:
                    refusals = [outcome] if outcome.refusal else []
                batch.stopped = _refused(refusals, retry) or batch.stopped
            batch.outcomes.append(outcome)
            if progress is not None:
                try:
                    progress(outcome)
                except KeyboardInterrupt:
                    batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index + 1 :])
                    batch.interrupted = True
                    raise Interrupted(batch) from None
            if batch.stopped is not None:
                batch.outcomes.extend(Outcome(m, NOT_ATTEMPTED) for m in mails[index + 1 :])
                break
    finally:
        transport.close()
    return batch


class Heeding:
    """``transport`` that hears ``stop`` (set from another thread: the web app's server stopping on Ctrl-C
    or SIGTERM) as :func:`deliver` hears Ctrl-C, at a message's start (:meth:`open`, before its ``queued``
    line): the message being handed over is finished, its answer recorded, and none is started after it
    (QA qaconc22 F1: the sending used to die with the interpreter, mid-message)."""

    def __init__(self, transport: Transport, stop: threading.Event) -> None:
        self.transport = transport
        self.stop = stop

    def open(self) -> None:
        if self.stop.is_set():
            raise KeyboardInterrupt
        self.transport.open()

    def send(self, mail: Mail) -> tuple[int, str]:
        return self.transport.send(mail)

    @property
    def handed(self) -> bool:
        """The transport's own ``handed`` (see :class:`~scheduler.mail.smtp.SmtpTransport`)."""
        return bool(getattr(self.transport, "handed", True))

    def close(self) -> None:
        self.transport.close()


def heeding_sleep(stop: threading.Event) -> Callable[[float], None]:
    """A backoff's sleep that ends early when ``stop`` is set, heard as Ctrl-C (see :class:`Heeding`)."""

    def wait(seconds: float) -> None:
        if stop.wait(seconds):
            raise KeyboardInterrupt

    return wait


def _refused(refusals: Sequence[Outcome], retry: Retry) -> Message | None:
    """Why the batch stops after ``refusals``, the last messages refused in a row with the same reply about
    the sender or the account (``retry.refused_after`` of them), or about the message itself (a spam
    filter: for ``retry.refused_after`` different recipients; one person's several invites of a meeting
    campaign may meet their own server's verdict); ``None``: it goes on."""
    if not refusals:
        return None
    last = refusals[-1]
    reply = f"{last.code} {last.reply}".strip()
    if last.content:
        recipients = len({o.mail.recipient for o in refusals})
        return (
            Message("mail.refused_content", count=recipients, reply=reply)
            if recipients >= retry.refused_after
            else None
        )
    return (
        Message("mail.refused_sender", count=len(refusals), reply=reply)
        if len(refusals) >= retry.refused_after
        else None
    )


def _unrecorded(mail: Mail, history: History) -> Outcome:
    """The message whose journal line could not be written, as the journal on disk now tells the next run:
    its last durable line ``queued`` (the ``sent`` line was lost, or the ``failed`` one) makes it
    ``interrupted`` in doubt, "may have arrived", which the next run sends again and names; otherwise it
    was never handed over in this run (its ``queued`` line was the one that failed): not attempted."""
    doubt = history.in_doubt(mail.uid, mail.sequence)
    return Outcome(mail, INTERRUPTED if doubt else NOT_ATTEMPTED, doubt=doubt)


def _entry(mail: Mail) -> Entry:
    """The journal's line for ``mail`` before its state is known (the invite's time and room with it)."""
    fields = (mail.unit, mail.uid, mail.sequence, mail.method, mail.recipient, mail.message_id, "")
    return Entry(
        QUEUED,
        *fields,
        start=mail.start,
        location=mail.location,
        allow_bounced=mail.allow_bounced,
        end=mail.end,
        people=mail.people,
        summary=mail.summary,
    )


# Long: one message's retries are one story (send, classify the answer, wait, reconnect, record each
# step in the journal before and after); split, the journal's order would be spread over several helpers.
def _deliver_one(
    mail: Mail,
    journal: Journal,
    transport: Transport,
    retry: Retry,
    sleep: Callable[[float], None],
    waiting: Callable[[Retrying], None] | None = None,
    busy: _Busy | None = None,
    holding: Callable[[Mail], None] | None = None,
) -> Outcome:
    """One message through its retries; see :func:`deliver`. Keeps the doubt of earlier runs on every line.

    An ambiguous failure is not retried in this run: the server may have kept the message, and one that
    keeps every message without answering would get one copy per retry. It is recorded failed with its
    doubt; the next run sends it once more and names it.

    Each attempt, from its ``queued`` line to the line of its answer, runs with the first SIGINT or SIGTERM
    held (:func:`~scheduler.files.signals.first_signal_held`): a Ctrl-C there lets the message finish and
    its answer be recorded, then stops the batch; a second one stops it at once (:func:`_cut_short`).
    """
    doubt = journal.history.in_doubt(mail.uid, mail.sequence)
    before = journal.history.last(mail.uid, mail.sequence)  # (the line this run starts from, if any)
    base = _entry(mail)
    busy = busy or _Busy()
    heard = None if holding is None else lambda: holding(mail)

    def pause(attempt: int, reason: Message) -> None:
        seconds = retry.delay(attempt)
        if waiting is not None:
            waiting(Retrying(mail, attempt, retry.retries, seconds, reason))
        if busy.replies:
            busy.waited += seconds
        sleep(seconds)

    queued = 0  # attempts that reached the server
    withdrawn = 0  # their queued lines taken back (answered 421: nothing taken)
    doubtful = 0
    attempt = 0
    in_flight = False
    ending: Outcome | None = None  # the outcome whose line is being written (see _cut_short)

    def stop_failed(failure: Failure, why: Message) -> NoReturn:
        """The attempt's transient failure recorded ``failed`` and the batch stopped for ``why`` (a lost
        connection after an earlier attempt reached the server; a busy server's cap). ``ending`` is set
        before the line is written, so a second Ctrl-C during the write finds the outcome (:func:`_cut_short`)."""
        nonlocal ending
        entry = replace(base, attempt=attempt, code=failure.code, reply=failure.reply, doubt=doubt)
        ending = Outcome(mail, FAILED, queued, failure.code, failure.reply, failure.reason, True, doubtful, doubt)
        journal.write(FAILED, entry)
        raise _Stop(ending, why) from failure

    try:
        while True:
            attempt += 1
            try:
                transport.open()
            except Failure as failure:
                if failure.code is not None:  # the server answered (a 4xx greeting), as to a message
                    busy.heard(failure.code)
                stop = failure.code == 421 and busy.over(retry, attempt)  # greeted 421: a busy server's cap
                if not failure.fatal and not stop and attempt <= retry.retries:
                    pause(attempt, failure.reason)
                    continue
                gone = isinstance(failure.reason, Message) and failure.reason.key == "mail.gone"  # (qaint26 F1)
                stopped = Message("mail.stopped_gone" if gone else "mail.stopped", reason=failure.reason)
                reason = failure.reason if failure.fatal else stopped
                reason = Message("mail.busy") if stop else reason
                if not queued:
                    outcome = Outcome(mail, NOT_ATTEMPTED, reason=failure.reason, doubt=doubt)
                    raise _Stop(outcome, reason) from failure
                stop_failed(failure, reason)
            again: Message | None = None  # a transient failure: retried after the pause, outside the hold
            with first_signal_held(heard):  # a Ctrl-C lets this attempt finish and be recorded (a second: now)
                journal.write(QUEUED, replace(base, attempt=attempt, doubt=doubt))
                queued += 1
                in_flight = True
                try:
                    code, reply = transport.send(mail)
                except Failure as failure:
                    doubtful += failure.ambiguous
                    doubt = doubt or failure.ambiguous
                    in_flight = False  # (after the doubt: a second Ctrl-C between the two keeps it)
                    if failure.fatal and failure.code == 530 and not failure.ambiguous:
                        # the server wants a login (530 at MAIL): nothing of the message reached it, and it
                        # says nothing of this recipient; the batch stops as after a refused login (QA crash 2)
                        journal.withdraw()
                        raise _Stop(
                            Outcome(mail, NOT_ATTEMPTED, reason=failure.reason, doubt=doubt), failure.reason
                        ) from failure
                    busy.heard(failure.code, failure.rate_limited)
                    if (failure.code == 421 or failure.rate_limited) and not failure.ambiguous:
                        # busy, or a rate limit: it took nothing (the session's, as 530)
                        journal.withdraw()
                        withdrawn += 1
                        if busy.over(retry, attempt):
                            said = f"{failure.code} {failure.reply}".strip()
                            why = Message("mail.busy")
                            if failure.rate_limited:
                                why = Message("mail.rate_limited", reply=said)
                            if queued == withdrawn:  # (an earlier attempt's other failure is recorded as it was)
                                outcome = Outcome(mail, NOT_ATTEMPTED, reason=failure.reason, doubt=doubt)
                                raise _Stop(outcome, why) from failure
                            stop_failed(failure, why)
                    if failure.deferred:  # greylisting: minutes, not our seconds of retries; the next run sends it
                        entry = replace(base, attempt=attempt, code=failure.code, reply=failure.reply, doubt=doubt)
                        reason = failure.reason
                        ending = Outcome(
                            mail, DEFERRED, queued, failure.code, failure.reply, reason, True, doubtful, doubt, True
                        )
                        journal.write(DEFERRED, entry)
                        return ending
                    if failure.transient and not failure.ambiguous and attempt <= retry.retries:
                        again = failure.reason
                    else:
                        permanent = not failure.transient
                        entry = replace(
                            base,
                            attempt=attempt,
                            code=failure.code,
                            reply=failure.reply,
                            permanent=permanent,
                            doubt=doubt,
                        )
                        ending = Outcome(
                            mail,
                            FAILED,
                            queued,
                            failure.code,
                            failure.reply,
                            failure.reason,
                            not permanent,
                            doubtful,
                            doubt,
                            deferred=failure.deferred,
                            refusal=failure.refusal,
                            content=failure.content,
                        )
                        journal.write(FAILED, entry)
                        if failure.fatal:
                            raise _Stop(ending, failure.reason) from failure
                        return ending
                else:
                    ending = Outcome(mail, SENT, queued, code, reply, doubtful=doubtful, doubt=doubt)
                    journal.write(SENT, replace(base, attempt=attempt, code=code, reply=reply, doubt=doubt))
                    busy.heard(code)
                    return ending
            assert again is not None
            pause(attempt, again)
    except KeyboardInterrupt as exc:
        handed = in_flight and bool(getattr(transport, "handed", True))  # (a transport that cannot tell: may have)
        cut = _Cut(_cut_short(mail, journal, before, ending, (attempt, queued, doubtful), doubt or handed))
        raise cut from exc


def _cut_short(
    mail: Mail,
    journal: Journal,
    before: Entry | None,
    ending: Outcome | None,
    counts: tuple[int, int, int],
    doubt: bool,
) -> Outcome:
    """The outcome of a message whose delivery a Ctrl-C (or SIGTERM) cut short, read from its last line in
    the journal, which is the file's (:meth:`Journal.write` keeps the two in step): no line of this run, it
    was never handed over (not attempted); a ``sent``, ``failed`` or ``deferred`` line of this run, that is
    its outcome (``ending``); its ``queued`` line, it was cut in its attempt: an ``interrupted`` line is
    written, in doubt (``doubt``) only when the message may have reached the server, in this run (its end
    handed over: the transport's ``handed``) or an earlier one. ``counts``: the attempt, the attempts that
    reached the server, those of them in doubt. A further Ctrl-C meanwhile changes nothing: it is stopping."""
    attempt, queued, doubtful = counts
    with swapped_handlers((signal.SIGINT, signal.SIGTERM), lambda _got, _frame: None):
        last = journal.history.last(mail.uid, mail.sequence)
        if last is None or last is before:
            return Outcome(mail, NOT_ATTEMPTED, doubt=doubt)
        if last.state != QUEUED:
            if ending is not None and ending.state == last.state:
                return ending
            return Outcome(mail, last.state, queued, last.code, last.reply, doubtful=doubtful, doubt=last.doubt)
        with contextlib.suppress(JournalWriteError):  # a full disk: still Ctrl-C; the queued line keeps the doubt
            journal.write(INTERRUPTED, replace(_entry(mail), attempt=attempt, doubt=doubt))
        return Outcome(mail, INTERRUPTED, queued, doubtful=doubtful, doubt=doubt)
