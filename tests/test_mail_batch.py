"""The batch against a real SMTP server (aiosmtpd on 127.0.0.1): 1,000 units through transient failures,
dropped connections and an interrupted run arrive exactly once; the limit of SMTP (a message accepted
but not acknowledged) is resent with the same Message-ID; retries are bounded; a dead server stops the
batch. The backoff's sleep is injected, so nothing here waits."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unit, load
from scheduler.files.contacts import Contact
from scheduler.invites.folder import export, read_sources
from scheduler.mail.batch import Retry, deliver
from scheduler.mail.campaign import prepare_batch
from scheduler.mail.journal import DEFERRED, FAILED, INTERRUPTED, QUEUED, SENT, Journal, lines
from scheduler.mail.message import Mail
from scheduler.mail.plan import SEND
from scheduler.mail.server import PLAIN, SSL, STARTTLS, Secret, Server, Timeouts
from scheduler.mail.smtp import Failure, SmtpTransport
from scheduler.text.messages import render
from tests.invite_helpers import NOTICE
from tests.smtp_helpers import ACCEPT_THEN_DROP, DROP, SLOW, Recorder, free_port

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
NOW = datetime(2021, 9, 6, 8, tzinfo=UTC)


def generated(count: int):
    """``count`` units, one per slot, each with an address on a reserved domain; no milestones."""
    hours = tuple(datetime(2021, 1, 1, h).time() for h in (8, 9, 10, 11, 15, 16, 17, 18))
    days = tuple(datetime(2021, 9, 8).date() + timedelta(days=d) for d in range(-(-count // len(hours))))
    calendar = Calendar(days, hours)
    units = tuple(Unit(f"测试单位{i:04d}", "部门") for i in range(count))
    problem = Problem(units, calendar, (Room("区政府420房间", 1),), ("部门", "镇办"))
    timetable = Timetable(tuple(Meeting(u.name, calendar.slots[i], "区政府420房间") for i, u in enumerate(units)))
    contacts = {u.name: Contact(u.name, f"unit{i:04d}@units.test", "联络员") for i, u in enumerate(units)}
    loaded = load(NOTICE)
    sources = read_sources(loaded.rules, loaded.problem, Path("no-such-folder"))
    sources = replace(
        sources,
        settings=replace(sources.settings, milestones=()),
        contacts=replace(sources.contacts, by_unit=contacts),
    )
    return export(sources, problem, timetable, NOW)


@pytest.fixture(scope="module")
def thousand():
    return generated(1000)


class Sleeps(list):
    """An injected sleep: records the delays, waits for none."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def number(address: str) -> int:
    return int(address.split("@")[0][4:])


def run_batch(invites, journal_path: Path, transport, sleep=None, retry=None):
    """One run of ``send`` after its export: plan and compose against the journal, then deliver."""
    with Journal(journal_path) as journal:
        steps, mails = prepare_batch(invites, journal.history, NOW)
        return steps, deliver(mails, journal, transport, retry=retry, sleep=sleep if sleep is not None else Sleeps())


class Interrupting:
    """A transport that dies (as the process would) just before handing over message number ``at``."""

    def __init__(self, inner, at: int) -> None:
        self.inner, self.at, self.count = inner, at, 0

    def open(self):
        self.inner.open()

    def send(self, mail):
        self.count += 1
        if self.count == self.at:
            raise KeyboardInterrupt("the laptop went to sleep")
        return self.inner.send(mail)

    def close(self):
        self.inner.close()


def test_a_thousand_units_through_failures_and_an_interruption_arrive_exactly_once(thousand, servers, tmp_path):
    attempts: Counter = Counter()  # per recipient, DATA attempts and RCPT attempts

    def fault(stage, recorder, envelope):
        if stage == "MAIL":
            return DROP if recorder.attempts["MAIL"] % 97 == 0 else None  # connection drops now and then
        address = envelope.rcpt_tos[0] if stage == "DATA" else None
        if stage == "RCPT":
            # the address is not yet in the envelope at RCPT: count per MAIL transaction instead
            return "451 4.3.0 greylisted, try later" if recorder.attempts["RCPT"] % 7 == 0 else None
        attempts[address] += 1
        n = number(address)
        if n % 101 == 0 and attempts[address] <= 8:
            return "452 4.2.2 mailbox full for now"  # outlasts the retries of one run
        if n % 53 == 0 and attempts[address] == 1:
            return DROP  # the whole message sent, no answer, nothing kept: the client cannot tell
        if n % 11 == 0 and attempts[address] == 1:
            return "421 4.7.0 too many messages, closing"
        return None

    server = servers(tls=None, fault=fault)
    journal = tmp_path / "journal.jsonl"

    def transport():
        return SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))

    sleeps = Sleeps()
    with pytest.raises(KeyboardInterrupt):
        run_batch(thousand.invites, journal, Interrupting(transport(), at=600), sleeps)
    interrupted = [e for e in lines(journal) if e.state == QUEUED][-1]
    last = [e for e in lines(journal)][-1]  # the journal says the run was stopped with this message in flight
    assert read_state(journal, interrupted) == INTERRUPTED and last.doubt and last.uid == interrupted.uid

    runs = []
    for _ in range(3):
        steps, batch = run_batch(thousand.invites, journal, transport(), sleeps)
        runs.append((sum(1 for s in steps if s.action == SEND), batch.count(SENT), batch.count(FAILED)))
    # run 2: the 400 left, the interrupted one, and run 1's failures; run 3: run 2's failures; run 4: nothing
    to_send, sent, failed = runs[0]
    assert sent + failed == to_send and failed > 0
    assert runs[1] == (failed, failed, 0)
    assert runs[2] == (0, 0, 0)

    ids = server.recorder.message_ids()
    assert len(server.recorder.messages) == 1000 and set(ids.values()) == {1}
    expected = {i.attendee.address for i in thousand.invites}
    assert sorted(r[0] for _, r, _ in server.recorder.messages) == sorted(expected)
    assert ids.keys() == {f"<{i.uid}.0@example.org>" for i in thousand.invites}
    assert set(sleeps) <= {2.0, 4.0, 8.0, 16.0, 32.0}  # bounded backoff, injected: nothing waited
    # the faults did happen: dropped connections, 4xx at RCPT and DATA, answers lost after DATA
    recorder = server.recorder
    assert recorder.attempts["MAIL"] >= 1000 + 10 and recorder.attempts["RCPT"] >= 1000 + 140
    full = [n for n in range(1000) if n % 101 == 0]  # eight refusals each
    once = [n for n in range(1000) if n % 101 and (n % 53 == 0 or n % 11 == 0)]  # one each
    assert recorder.attempts["DATA"] == 1000 + 8 * len(full) + len(once) and len(sleeps) > 250
    final = {}
    for e in lines(journal):
        final[e.uid] = e.state
    assert set(final.values()) == {SENT} and len(final) == 1000


def read_state(journal: Path, entry) -> str:
    last = None
    for e in lines(journal):
        if (e.uid, e.sequence) == (entry.uid, entry.sequence):
            last = e.state
    return last


def test_every_message_parses_back_to_its_invite(thousand, servers, tmp_path):
    server = servers(tls=None)
    invites = thousand.invites[:40]
    _, batch = run_batch(invites, tmp_path / "j.jsonl", SmtpTransport(Server(server.host, server.port, PLAIN)))
    assert batch.count(SENT) == 40
    from icalendar import Calendar as ICalendar

    by_uid = {i.uid: i for i in invites}
    for message in server.recorder.parsed():
        calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        data = calendar.get_payload(decode=True)
        uid = str(ICalendar.from_ical(data).walk("VEVENT")[0]["UID"])
        assert data == by_uid[uid].data
        assert message["To"].addresses[0].addr_spec == by_uid[uid].attendee.address


def test_a_message_accepted_but_not_acknowledged_is_resent_once_by_the_next_run(thousand, servers, tmp_path):
    """SMTP's own limit (RFC 1047): the server kept the message, the connection dropped before its 250.
    The client cannot tell this from a loss. It does not retry in this run (a server that keeps every
    message without answering would get one copy per retry): the message is recorded failed, in doubt,
    and the next run sends it once more (at least once): same Message-ID, same UID and SEQUENCE, so
    calendars update the one event and many mailboxes drop the copy."""
    seen: Counter = Counter()

    def fault(stage, recorder, envelope):
        if stage == "DATA":
            seen[envelope.rcpt_tos[0]] += 1
            if number(envelope.rcpt_tos[0]) == 3 and seen[envelope.rcpt_tos[0]] == 1:
                return ACCEPT_THEN_DROP
        return None

    server = servers(tls=None, fault=fault)
    sleeps = Sleeps()
    journal = tmp_path / "j.jsonl"

    def transport():
        return SmtpTransport(Server(server.host, server.port, PLAIN))

    _, batch = run_batch(thousand.invites[:6], journal, transport(), sleeps)
    assert [o.state for o in batch.outcomes] == [SENT, SENT, SENT, FAILED, SENT, SENT]
    assert [o.doubtful for o in batch.outcomes] == [0, 0, 0, 1, 0, 0] and batch.outcomes[3].doubt
    assert batch.outcomes[3].reason.key == "mail.unanswered" and batch.outcomes[3].transient
    assert len(server.recorder.messages) == 6 and sleeps == []  # not retried: one copy in this run
    steps, again = run_batch(thousand.invites[:6], journal, transport(), sleeps)
    assert [s.invite.unit for s in steps if s.action == SEND] == [thousand.invites[3].unit]
    assert [s.in_doubt for s in steps if s.action == SEND] == [True]
    assert again.count(SENT) == 1 and again.outcomes[0].doubt  # the summary names it
    ids = server.recorder.message_ids()
    assert len(server.recorder.messages) == 7
    assert [i for i, n in ids.items() if n == 2] == [f"<{thousand.invites[3].uid}.0@example.org>"]


def test_a_server_that_keeps_every_message_without_answering_gets_one_copy_of_each(thousand, servers, tmp_path):
    """QA: a server that kept every message and dropped the connection before each 250 got 6 copies of
    each in one run (the retries) and 6 more the next. Now one copy each; the batch stops after three in a
    row (the server is not well), the rest left for a later run."""
    server = servers(tls=None, fault=lambda stage, recorder, envelope: ACCEPT_THEN_DROP if stage == "DATA" else None)
    sleeps = Sleeps()
    transport = SmtpTransport(Server(server.host, server.port, PLAIN))
    _, batch = run_batch(thousand.invites[:6], tmp_path / "j.jsonl", transport, sleeps)
    assert [o.state for o in batch.outcomes] == [FAILED] * 3 + ["not-attempted"] * 3
    assert all(o.doubt for o in batch.outcomes[:3]) and batch.stopped.key == "mail.gave_up"
    assert sorted(server.recorder.message_ids().values()) == [1, 1, 1] and sleeps == []


def test_an_answer_slower_than_the_timeout_is_not_retried_in_the_run(thousand, servers, tmp_path):
    server = servers(tls=None, fault=lambda stage, recorder, envelope: SLOW if stage == "DATA" else None)
    server.recorder.slow = 1.0
    sleeps = Sleeps()
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=0.3))
    _, batch = run_batch(thousand.invites[:1], tmp_path / "j.jsonl", transport, sleeps)
    (outcome,) = batch.outcomes
    assert outcome.state == FAILED and outcome.doubt and outcome.attempts == 1 and sleeps == []
    assert len(server.recorder.messages) == 1
    last = list(lines(tmp_path / "j.jsonl"))[-1]
    assert last.state == FAILED and last.doubt


class AcceptedThenCrash:
    """The server accepted the message, then the process died before the journal said ``sent``."""

    def __init__(self, inner, unit: str) -> None:
        self.inner, self.unit = inner, unit

    def open(self):
        self.inner.open()

    def send(self, mail: Mail):
        reply = self.inner.send(mail)
        if mail.unit == self.unit:
            raise KeyboardInterrupt("killed between the server's 250 and the journal's fsync")
        return reply

    def close(self):
        self.inner.close()


def test_a_crash_after_acceptance_resends_that_one_message_with_the_same_message_id(thousand, servers, tmp_path):
    server = servers(tls=None)
    journal = tmp_path / "j.jsonl"
    invites = thousand.invites[:10]
    victim = invites[4].unit

    def transport():
        return SmtpTransport(Server(server.host, server.port, PLAIN))

    with pytest.raises(KeyboardInterrupt):
        run_batch(invites, journal, AcceptedThenCrash(transport(), victim))
    steps, _ = run_batch(invites, journal, transport())
    resent = [s for s in steps if s.action == SEND]
    assert [s.invite.unit for s in resent] == [i.unit for i in invites[4:]]
    assert [s.in_doubt for s in resent] == [True] + [False] * 5
    ids = server.recorder.message_ids()
    assert len(ids) == 10 and ids[f"<{invites[4].uid}.0@example.org>"] == 2 and sum(ids.values()) == 11


def test_retries_are_bounded_and_a_failure_that_lasts_is_recorded_not_fatal(thousand, servers, tmp_path):
    def fault(stage, recorder, envelope):
        if stage == "DATA" and number(envelope.rcpt_tos[0]) == 1:
            return "451 4.3.0 local problem"
        if stage == "DATA" and number(envelope.rcpt_tos[0]) == 2:
            return "550 5.1.1 no such mailbox"
        return None

    server = servers(tls=None, fault=fault)
    sleeps = Sleeps()
    journal = tmp_path / "j.jsonl"
    _, batch = run_batch(thousand.invites[:4], journal, SmtpTransport(Server(server.host, server.port, PLAIN)), sleeps)
    states = [o.state for o in batch.outcomes]
    assert states == [SENT, FAILED, FAILED, SENT] and batch.stopped is None
    transient, permanent = batch.outcomes[1], batch.outcomes[2]
    assert transient.attempts == 6 and transient.code == 451 and transient.transient
    assert permanent.attempts == 1 and permanent.code == 550 and not permanent.transient
    assert sleeps == [2.0, 4.0, 8.0, 16.0, 32.0]
    failed = [e for e in lines(journal) if e.state == FAILED]
    assert [(e.code, e.permanent) for e in failed] == [(451, False), (550, True)]
    assert "no such mailbox" in failed[1].reply
    assert len(server.recorder.messages) == 2


def test_the_batch_stops_when_messages_keep_failing_for_now(thousand, servers, tmp_path):
    server = servers(
        tls=None, fault=lambda stage, recorder, envelope: "451 4.3.2 system busy" if stage == "RCPT" else None
    )
    retry = Retry(retries=2, first=1.0)
    _, batch = run_batch(
        thousand.invites[:10],
        tmp_path / "j.jsonl",
        SmtpTransport(Server(server.host, server.port, PLAIN)),
        retry=retry,
    )
    assert [o.state for o in batch.outcomes] == [FAILED] * 3 + ["not-attempted"] * 7
    assert batch.stopped is not None and batch.stopped.key == "mail.gave_up"
    assert server.recorder.attempts["RCPT"] == 9


def test_a_server_that_cannot_be_reached_stops_the_batch_before_any_message(thousand, tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    journal = tmp_path / "j.jsonl"
    _, batch = run_batch(thousand.invites[:5], journal, SmtpTransport(Server("127.0.0.1", port, PLAIN)), sleeps)
    assert [o.state for o in batch.outcomes] == ["not-attempted"] * 5
    # refused at the run's first connection: a wrong port, said at once (QA qaweb24 F8), not retried
    assert batch.stopped is not None and batch.stopped.key == "mail.unreachable"
    assert sleeps == []
    assert list(lines(journal)) == []


def test_the_password_never_shows_itself():
    secret = Secret("hunter2-密码")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    assert "hunter2" not in repr(Server("h", password=secret, user="u"))
    import base64

    leaked = "535 bad " + base64.b64encode("hunter2-密码".encode()).decode() + " hunter2-密码"
    assert secret.redact(leaked) == "535 bad *** ***"


def test_the_reply_after_the_message_gets_its_own_longer_wait(thousand, servers, tmp_path):
    """RFC 5321 4.5.3.2: the wait after the final dot is the longest; a server that scans the message for
    longer than a command's wait still gets its 250, and the message is sent once, not left in doubt."""
    assert Timeouts().final >= 600 and Timeouts().command >= 300 and Server("h").waits == Timeouts()
    server = servers(tls=None, fault=lambda stage, recorder, envelope: SLOW if stage == "DATA" else None)
    server.recorder.slow = 1.0
    waits = Timeouts(connect=5, greeting=5, command=0.3, data=0.3, block=5, final=30)

    class Waits(Server):
        @property
        def waits(self) -> Timeouts:
            return waits

    transport = SmtpTransport(Waits(server.host, server.port, PLAIN))
    _, batch = run_batch(thousand.invites[:2], tmp_path / "j.jsonl", transport, Sleeps())
    assert [(o.state, o.doubt) for o in batch.outcomes] == [(SENT, False)] * 2
    assert sorted(server.recorder.message_ids().values()) == [1, 1]


def test_a_server_that_says_nothing_is_named_an_implicit_tls_port_at_once(thousand, tmp_path):
    """Port 465 without --ssl: the server waits for a TLS handshake and never greets. One short wait, one
    line that says to try --ssl, and no retries (before: 6 connections of 60 s each, then 'timed out')."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    try:
        listener.settimeout(5)
        sleeps = Sleeps()

        class Counting(SmtpTransport):
            def open(self):
                super_open = SmtpTransport.open
                try:
                    return super_open(self)
                finally:
                    with contextlib.suppress(OSError):
                        accepted.append(listener.accept()[0])

        transport = Counting(Server("127.0.0.1", listener.getsockname()[1], STARTTLS, timeout=0.3))
        _, batch = run_batch(thousand.invites[:2], tmp_path / "j.jsonl", transport, sleeps)
    finally:
        for conn in accepted:
            conn.close()
        listener.close()
    assert batch.stopped.key == "mail.no_greeting" and "--ssl" in render(batch.stopped, "en")
    assert sleeps == [] and len(accepted) == 1
    assert [o.state for o in batch.outcomes] == ["not-attempted"] * 2


def test_ssl_on_a_plain_smtp_port_says_to_drop_ssl(thousand, servers, tmp_path):
    server = servers(tls=None)
    transport = SmtpTransport(Server(server.host, server.port, SSL, timeout=5))
    _, batch = run_batch(thousand.invites[:1], tmp_path / "j.jsonl", transport, Sleeps())
    assert batch.stopped.key == "mail.not_implicit_tls"
    assert "drop --ssl" in render(batch.stopped, "en") and "--cafile" not in render(batch.stopped, "en")


class Greeter:
    """A server that answers every connection with one line (a 554 greeting) and closes; counts them."""

    def __init__(self, line: bytes) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, args=(line,), daemon=True)
        self.thread.start()

    def _serve(self, line: bytes) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.sendall(line)
                with contextlib.suppress(OSError):
                    conn.recv(1024)  # QUIT

    def close(self) -> None:
        self.listener.close()


def test_a_5xx_greeting_stops_the_run_without_retries(thousand, tmp_path):
    """RFC 5321 3.1: a 554 greeting (no service here, a blocklisted address) is for good; it was retried
    5 times over a minute."""
    greeter = Greeter(b"554 5.7.1 Your IP is listed in a blocklist\r\n")
    sleeps = Sleeps()
    try:
        transport = SmtpTransport(Server("127.0.0.1", greeter.port, STARTTLS, timeout=5))
        _, batch = run_batch(thousand.invites[:2], tmp_path / "j.jsonl", transport, sleeps)
    finally:
        greeter.close()
    assert sleeps == [] and greeter.connections == 1
    assert batch.stopped.key == "mail.unreachable" and "554 5.7.1" in render(batch.stopped, "en")


def test_a_server_name_that_does_not_exist_stops_the_run_without_retries(thousand, tmp_path, monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr("smtplib.socket.create_connection", no_such_name)
    sleeps = Sleeps()
    transport = SmtpTransport(Server("mail.example.invalid", None, STARTTLS, timeout=5))
    _, batch = run_batch(thousand.invites[:2], tmp_path / "j.jsonl", transport, sleeps)
    assert sleeps == [] and batch.stopped.key == "mail.unreachable"
    assert [o.state for o in batch.outcomes] == ["not-attempted"] * 2


class OfferingOnly:
    """Enough of an smtplib connection for the login: a server that offers ``auth`` mechanisms."""

    def __init__(self, auth: str) -> None:
        self.esmtp_features = {"auth": auth}
        self.commands: list[str] = []

    def has_extn(self, name: str) -> bool:
        return name.lower() in self.esmtp_features

    def docmd(self, cmd: str, args: str = "") -> tuple[int, bytes]:
        self.commands.append(cmd)
        return 504, b"5.5.4 unknown mechanism"


def test_an_oauth_only_server_is_told_as_such_not_as_offering_no_login():
    """QA: XOAUTH2 only (Gmail, Microsoft 365 without basic auth) was told 'the server offers no login
    (AUTH)'. It does; send does not do OAuth. The line names both sides, and nothing is sent to it."""
    connection = OfferingOnly("XOAUTH2 OAUTHBEARER")
    transport = SmtpTransport(Server("mail.example.org", None, STARTTLS, "office", Secret("pw")))
    with pytest.raises(Failure) as caught:
        transport._login(connection)
    text = render(caught.value.reason, "en")
    assert caught.value.fatal and "XOAUTH2 OAUTHBEARER" in text and "PLAIN" in text and "OAuth" in text
    assert connection.commands == []


def test_the_size_is_declared_to_a_server_that_offers_size(thousand, servers, tmp_path):
    """RFC 1870: with SIZE= in MAIL FROM a server that takes less refuses before the upload (a message
    too big was uploaded in full, then refused, once per unit)."""
    server = servers(tls=None)  # aiosmtpd offers SIZE 33554432
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    _, batch = run_batch(thousand.invites[:1], tmp_path / "j.jsonl", transport, Sleeps())
    assert batch.count(SENT) == 1
    ((_, _, data),) = server.recorder.messages
    (options,) = server.recorder.options
    sizes = [int(option.partition("=")[2]) for option in options if option.upper().startswith("SIZE=")]
    assert sizes and sizes[0] >= len(data)


class HeloOnly(Recorder):
    """A server without ESMTP: EHLO is answered 502, and MAIL before a HELO 503."""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        return ["502 5.5.2 Error: command not recognized"]


def test_a_server_without_ehlo_is_greeted_with_helo(thousand, tmp_path):
    recorder = HeloOnly()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        transport = SmtpTransport(Server("127.0.0.1", port, PLAIN, timeout=10))
        _, batch = run_batch(thousand.invites[:2], tmp_path / "j.jsonl", transport, Sleeps())
    finally:
        controller.stop()
    assert batch.count(SENT) == 2 and len(recorder.messages) == 2


def test_greylisted_recipients_do_not_stop_the_batch(thousand, servers, tmp_path):
    """QA: greylisting (451 at RCPT for each new recipient) counted as an overloaded server, so each run
    got 3 recipients past it and stopped. A recipient put off is recorded failed for now and the batch
    goes on; the next run sends those."""

    def fault(stage, recorder, envelope):
        if stage == "RCPT" and recorder.attempts["RCPT"] <= 4:
            return "451 4.7.1 Greylisted, please try again later"
        return None

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    _, batch = run_batch(thousand.invites[:6], tmp_path / "j.jsonl", transport, Sleeps(), Retry(retries=0))
    assert batch.stopped is None
    assert [o.state for o in batch.outcomes] == [DEFERRED] * 4 + [SENT] * 2
    assert all(o.deferred and o.transient for o in batch.outcomes[:4])
    _, again = run_batch(thousand.invites[:6], tmp_path / "j.jsonl", transport, Sleeps())
    assert again.count(SENT) == 4 and len(server.recorder.messages) == 6


def test_a_greylisted_recipient_is_left_for_the_next_run_at_once(thousand, servers, tmp_path):
    """QA: each greylisted recipient was retried for about 62 s within the run (greylisting wants minutes).
    It is recorded ``deferred`` (not failed) on its first 4xx at RCPT, and the next run sends it."""

    def fault(stage, recorder, envelope):
        return (
            "450 4.2.0 Greylisted, see https://grey.test" if stage == "RCPT" and recorder.attempts[stage] <= 2 else None
        )

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    journal = tmp_path / "j.jsonl"
    sleeps = Sleeps()
    _, batch = run_batch(thousand.invites[:3], journal, transport, sleeps)
    assert sleeps == [] and server.recorder.attempts["RCPT"] == 3
    assert [o.state for o in batch.outcomes] == [DEFERRED, DEFERRED, SENT] and batch.stopped is None
    assert [e.state for e in lines(journal)] == [QUEUED, DEFERRED, QUEUED, DEFERRED, QUEUED, SENT]
    assert [e.code for e in lines(journal) if e.state == DEFERRED] == [450, 450]
    _, again = run_batch(thousand.invites[:3], journal, transport, Sleeps())
    assert [o.state for o in again.outcomes] == [SENT, SENT] and len(server.recorder.messages) == 3


def test_a_server_that_fails_every_message_for_now_still_stops_the_batch(thousand, servers, tmp_path):
    server = servers(
        tls=None, fault=lambda stage, recorder, envelope: "451 4.3.0 try later" if stage == "MAIL" else None
    )
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    _, batch = run_batch(thousand.invites[:6], tmp_path / "j.jsonl", transport, Sleeps(), Retry(retries=0))
    assert batch.stopped.key == "mail.gave_up" and batch.count(FAILED) == 3


@pytest.mark.parametrize(
    ("stage", "reply"),
    [("MAIL", "550 5.7.1 sender not allowed"), ("RCPT", "554 5.7.1 relay access denied"), ("MAIL", "553 sorry")],
)
def test_the_same_refusal_of_the_sender_on_three_messages_in_a_row_stops_the_batch(
    thousand, servers, tmp_path, stage, reply
):
    """QA: a server refusing the sender (not a recipient) refused every message one by one, to the end.
    After three in a row with the same 5xx the run stops, saying what the server said and what to check."""
    server = servers(tls=None, fault=lambda s, recorder, envelope: reply if s == stage else None)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    journal = tmp_path / "j.jsonl"
    _, batch = run_batch(thousand.invites[:8], journal, transport, Sleeps())
    assert [o.state for o in batch.outcomes] == [FAILED] * 3 + ["not-attempted"] * 5
    assert batch.stopped is not None and batch.stopped.key == "mail.refused_sender"
    zh, en = render(batch.stopped, "zh"), render(batch.stopped, "en")
    assert reply in zh and "--from" in zh and "--user" in zh and "relay" in en and "\n" not in zh
    assert not [e for e in lines(journal) if e.state == SENT] and server.recorder.attempts[stage] == 3
    assert [e.permanent for e in lines(journal) if e.state == FAILED] == [True] * 3


def test_refused_recipients_and_different_refusals_do_not_stop_the_batch(thousand, servers, tmp_path):
    def fault(stage, recorder, envelope):
        n = recorder.attempts[stage]
        if stage == "RCPT" and n <= 4:
            return "550 5.1.1 no such user"
        if stage == "MAIL" and 5 <= n <= 8:  # sender refusals, but never the same three in a row
            return ("550 5.7.1 sender not allowed", "554 5.7.0 relay denied")[n % 2]
        return None

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    _, batch = run_batch(thousand.invites[:10], tmp_path / "j.jsonl", transport, Sleeps())
    assert batch.stopped is None
    assert [o.state for o in batch.outcomes] == [FAILED] * 8 + [SENT] * 2
    assert [bool(o.refusal) for o in batch.outcomes[:8]] == [False] * 4 + [True] * 4


CONTENT_REFUSALS = {
    "qq": "550 Mail content denied. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726",
    "163": "554 DT:SPM 163 smtp10,DsCowAC{n}Wr5Ys2dhYs7QCA--.{n}S2 16400{n},please see "
    "http://mail.163.com/help/help_spam_16.htm?ip=1.2.3.{n}",
    "spam-5.7": "550 5.7.1 Message rejected as spam (id {n})",
}


@pytest.mark.parametrize("provider", sorted(CONTENT_REFUSALS))
def test_a_providers_spam_verdict_on_three_messages_in_a_row_stops_the_batch(thousand, servers, tmp_path, provider):
    """QA qasmtp20 F2: QQ's "550 Mail content denied" and 163's "554 DT:SPM" (no RFC 3463 code, an id of
    their own in each reply) refused every remaining message one by one. The same refusal at DATA (ids
    aside) for three recipients in a row now stops the batch, with one line saying it is the content."""

    def fault(stage, recorder, envelope):
        n = recorder.attempts["DATA"]
        return CONTENT_REFUSALS[provider].format(n=n) if stage == "DATA" and n > 2 else None

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    journal = tmp_path / "j.jsonl"
    _, batch = run_batch(thousand.invites[:10], journal, transport, Sleeps())
    assert [o.state for o in batch.outcomes] == [SENT] * 2 + [FAILED] * 3 + ["not-attempted"] * 5
    assert batch.stopped is not None and batch.stopped.key == "mail.refused_content"
    zh, en = render(batch.stopped, "zh"), render(batch.stopped, "en")
    assert CONTENT_REFUSALS[provider].format(n=5) in zh and "垃圾邮件" in zh and "spam" in en and "\n" not in zh
    assert "--user" not in zh and server.recorder.attempts["DATA"] == 5
    assert [e.permanent for e in lines(journal) if e.state == FAILED] == [True] * 3


@pytest.mark.parametrize(
    "reply", ["552 5.2.2 mailbox full", "550 5.1.1 mailbox unavailable", "554 5.3.4 message too big for this mailbox"]
)
def test_the_same_refusal_of_each_recipients_mailbox_at_data_does_not_stop_the_batch(
    thousand, servers, tmp_path, reply
):
    server = servers(tls=None, fault=lambda stage, recorder, envelope: reply if stage == "DATA" else None)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    _, batch = run_batch(thousand.invites[:6], tmp_path / "j.jsonl", transport, Sleeps())
    assert batch.stopped is None and [o.state for o in batch.outcomes] == [FAILED] * 6


def test_the_same_content_refusal_to_one_recipient_does_not_stop_the_batch(thousand, servers, tmp_path):
    """A meeting campaign mails one person several invites in a row: their own server's verdict on them
    says nothing yet of the others'. Only refusals of different recipients count."""
    one = thousand.invites[0].attendee.address
    server = servers(
        tls=None,
        fault=lambda stage, recorder, envelope: "550 Mail content denied" if envelope.rcpt_tos == [one] else None,
    )
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    with Journal(tmp_path / "j.jsonl") as journal:
        _, mails = prepare_batch(thousand.invites[:4], journal.history, NOW)
        same = [
            replace(mails[0], uid=f"{mails[0].uid}-{n}", message_id=f"<{n}{mails[0].message_id[1:]}") for n in range(4)
        ]
        batch = deliver([*same, *mails[1:]], journal, transport, sleep=Sleeps())
    assert batch.stopped is None
    assert [o.state for o in batch.outcomes] == [FAILED] * 4 + [SENT] * 3


def test_a_server_answering_421_to_every_message_stops_the_batch_soon_sending_nothing(thousand, servers, tmp_path):
    """QA crash 6: a server answering 421 to each message kept ``send`` waiting ~187 s (5 retries of 3
    messages) before it stopped, the three counted failed. Now the third 421 in a row stops it, after 2 + 4 s
    of waits; nothing is failed (a 421 takes nothing): every message is left for the next run."""
    server = servers(
        tls=None, fault=lambda stage, recorder, envelope: "421 4.7.0 busy, closing" if stage == "MAIL" else None
    )
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    journal, sleeps = tmp_path / "j.jsonl", Sleeps()
    _, batch = run_batch(thousand.invites[:10], journal, transport, sleeps)
    assert batch.stopped is not None and batch.stopped.key == "mail.busy"
    assert render(batch.stopped, "en") == "the server is busy (421): nothing more was sent; run again later"
    assert [o.state for o in batch.outcomes] == ["not-attempted"] * 10 and batch.count(FAILED) == 0
    assert sleeps == [2.0, 4.0] and server.recorder.attempts["MAIL"] == 3
    assert list(lines(journal)) == []  # nothing was handed over: no line says it might have been
    server.recorder.fault = None
    _, again = run_batch(thousand.invites[:10], journal, transport, Sleeps())
    assert again.count(SENT) == 10 and not any(o.doubt for o in again.outcomes)


@pytest.mark.parametrize(
    ("stage", "reply"),
    [("DATA", "450 4.7.1 Rate limit exceeded, try again later"), ("MAIL", "451 Too many messages, slow down")],
)
def test_a_rate_limit_stops_the_batch_as_a_busy_server_does(thousand, servers, tmp_path, stage, reply):
    """QA qasmtp20 F3: "450 4.7.1 Rate limit exceeded" at DATA was retried five times per message for ~3
    minutes (18 more tries at a server counting them) and three messages counted failed. A rate limit at
    MAIL or DATA now counts as a 421 does: the third in a row stops the batch, the rest not attempted."""

    def fault(s, recorder, envelope):
        return reply if s == stage and recorder.attempts[s] > 2 else None

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    journal, sleeps = tmp_path / "j.jsonl", Sleeps()
    _, batch = run_batch(thousand.invites[:10], journal, transport, sleeps)
    assert batch.stopped is not None and batch.stopped.key == "mail.rate_limited"
    assert reply in render(batch.stopped, "zh") and "--" not in render(batch.stopped, "en")
    assert [o.state for o in batch.outcomes] == [SENT] * 2 + ["not-attempted"] * 8 and batch.count(FAILED) == 0
    assert sleeps == [2.0, 4.0] and server.recorder.attempts[stage] == 5
    assert [e.state for e in lines(journal)] == [QUEUED, SENT] * 2  # the refused tries took nothing
    server.recorder.fault = None
    _, again = run_batch(thousand.invites[:10], journal, transport, Sleeps())
    assert again.count(SENT) == 8 and len(server.recorder.messages) == 10


def test_a_greylisting_4_7_at_data_is_retried_as_before(thousand, servers, tmp_path):
    def fault(s, recorder, envelope):
        return "451 4.7.1 Greylisted, please try again" if s == "DATA" and recorder.attempts[s] == 2 else None

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    _, batch = run_batch(thousand.invites[:4], tmp_path / "j.jsonl", transport, Sleeps())
    assert batch.stopped is None and batch.count(SENT) == 4


def test_the_waits_for_a_busy_server_stop_at_busy_for_seconds(thousand, servers, tmp_path):
    def fault(stage, recorder, envelope):  # the first message goes; then 421 after each whole message
        return "421 4.3.2 shutting down" if stage == "DATA" and recorder.attempts["DATA"] > 1 else None

    server = servers(tls=None, fault=fault)
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    sleeps = Sleeps()
    _, batch = run_batch(thousand.invites[:4], tmp_path / "j.jsonl", transport, sleeps, Retry(first=20.0))
    assert sleeps == [20.0]  # then 20 + 40 > 30: stop rather than wait
    assert [o.state for o in batch.outcomes] == [SENT, "not-attempted", "not-attempted", "not-attempted"]
    assert batch.stopped is not None and batch.stopped.key == "mail.busy"


def test_a_421_greeting_is_a_busy_server_not_an_unreachable_one(thousand, servers, tmp_path):
    """A server whose greeting is 421 (busy, closing) was retried as if it could not be reached: 5 waits
    of 2-32 s, then "cannot reach". It is busy, as a 421 to a message: the same cap (the third 421 in a
    row, after 2 + 4 s), nothing sent, every message left for the next run."""
    server = servers(tls=None)
    server.recorder.greeting = "421 4.3.2 busy, try again later"
    transport = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    journal, sleeps = tmp_path / "j.jsonl", Sleeps()
    _, batch = run_batch(thousand.invites[:5], journal, transport, sleeps)
    assert batch.stopped is not None and batch.stopped.key == "mail.busy"
    assert render(batch.stopped, "en") == "the server is busy (421): nothing more was sent; run again later"
    assert [o.state for o in batch.outcomes] == ["not-attempted"] * 5
    assert sleeps == [2.0, 4.0] and server.recorder.attempts["CONNECT"] == 3
    assert "421 4.3.2 busy" in render(batch.outcomes[0].reason, "en")
    assert list(lines(journal)) == []
    server.recorder.greeting = None
    _, again = run_batch(thousand.invites[:5], journal, transport, Sleeps())
    assert again.count(SENT) == 5


@pytest.mark.parametrize(
    ("error", "zh", "en"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "服务器拒绝连接", "the server refused the connection"),
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "找不到这个服务器名", "no server"),
        (TimeoutError("timed out"), "超时", "timed out"),
    ],
)
def test_an_unreachable_server_is_told_in_the_page_s_language_not_the_system_s(error, zh, en, monkeypatch):
    """QA (twentieth session): the web app's sending page, in Chinese, said "Connection refused", "Name or
    service not known", "timed out" (the system's words); the CLI's send the same. Both render this line."""

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr("smtplib.socket.create_connection", failing)
    transport = SmtpTransport(Server("mail.example.invalid", None, STARTTLS, timeout=5))
    with pytest.raises(Failure) as caught:
        transport.open()
    said = render(caught.value.reason, "zh")
    assert zh in said and str(error.args[-1]) not in said, said
    assert en in render(caught.value.reason, "en")


def test_a_refused_first_connection_stops_at_once_and_a_later_one_is_retried(monkeypatch):
    """QA qaweb24 F8: a mistyped port (nothing listens) was retried five times with backoff, a minute of
    "8 秒后重试" before the line saying to check the host and port. Refused before the server was ever
    reached in the run, it is fatal; refused after (a server restarting), transient as before."""
    import smtplib

    transport = SmtpTransport(Server("mail.example.invalid", 2600, STARTTLS, timeout=5))

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("smtplib.socket.create_connection", refused)
    with pytest.raises(Failure) as first:
        transport.open()
    assert first.value.fatal and not first.value.transient
    assert "请核对服务器名和端口" in render(first.value.reason, "zh")
    monkeypatch.setattr(smtplib.SMTP, "connect", lambda self, host, port: (220, b"hello"))
    monkeypatch.setattr(smtplib.SMTP, "ehlo", lambda self: (500, b"no"))
    monkeypatch.setattr(smtplib.SMTP, "helo", lambda self: (501, b"no"))
    with pytest.raises(Failure):
        transport.open()  # reached once (greeted 220), then dropped for another reason
    monkeypatch.setattr(smtplib.SMTP, "connect", lambda self, host, port: refused())
    with pytest.raises(Failure) as later:
        transport.open()
    assert later.value.transient and not later.value.fatal
