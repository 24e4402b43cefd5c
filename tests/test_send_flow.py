"""The send flow as a library function (issue 12's edge, issue 13 items 1, 3, 4 and 9): a typed report, the
plan heard before the first message, cancellations counted and refused without consent, every check done
before anything is written, the doubt kept in the journal across runs, Ctrl-C recorded, nothing the server
says to AUTH ever shown."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import exit_code, main
from scheduler.errors import BrokenRules, InputError, SchedulerError
from scheduler.invites.guard import TooManyCancellations, cancel_limit
from scheduler.mail.flow import Delivered, Planned, SendInterrupted, SendReport, SendRequest, send_invites
from scheduler.mail.journal import INTERRUPTED, QUEUED, SENT, Journal, lines
from scheduler.mail.server import PLAIN, STARTTLS, Secret, Server
from scheduler.mail.smtp import Failure, SmtpTransport
from scheduler.rules.check import Report
from tests.conftest import edit
from tests.invite_helpers import NOTICE
from tests.safety_helpers import Accepting, folder_hash
from tests.smtp_helpers import ACCEPT_THEN_DROP, ctrl_c_at_send

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
EPOCH = "1630915200"


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def request(example: Path, server=None, **options) -> SendRequest:
    target = Server(server.host, server.port, PLAIN, timeout=10) if server is not None else None
    return SendRequest(example / NOTICE.name, server=target, **options)


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [*args], env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def keep_only(table: Path, units: int) -> None:
    """The table with its header and its first ``units`` rows: a table that lost its rows."""
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(rows[: units + 1]), encoding="utf-8")


def test_the_flow_reports_the_plan_before_the_first_message_and_returns_a_typed_report(example, servers):
    server = servers(tls=None)
    events: list = []
    report = send_invites(request(example, server), events.append)
    assert isinstance(report, SendReport) and report.ok
    assert isinstance(events[0], Planned) and all(isinstance(e, Delivered) for e in events[1:])
    plan = events[0]
    assert plan.mails == 29 and plan.cancellations == () and plan.refreshed
    assert [e.done for e in events[1:]] == list(range(1, 30)) and {e.total for e in events[1:]} == {29}
    assert len(report.sent) == 29 and report.failed == () and report.possible_duplicates == ()
    assert report.plan.journal == example / "mail-journal.jsonl"
    again = send_invites(request(example, server))
    assert again.ok and again.outcomes == () and len(again.plan.units("already")) == 29
    assert [m.key for m, _ in again.notices()][:1] == ["mail.summary"]


def test_a_table_that_lost_its_rows_is_bad_input_and_nothing_changes(example, tmp_path):
    out = tmp_path / "out"
    assert cli("solve", str(example / NOTICE.name), "--out", str(out)).exit_code == 0
    keep_only(example / NOTICE.name, 0)
    before = folder_hash(tmp_path)
    result = cli("solve", str(example / NOTICE.name), "--out", str(out))
    assert result.exit_code == 2 and "Traceback" not in result.output
    where = f"{example / NOTICE.name}, 第 1 行, 列“单位”: "
    assert result.output.strip() == where + "表中只有表头，没有任何单位（是否保存了筛选后的表格？）"
    assert folder_hash(tmp_path) == before


def test_cancelling_more_than_a_few_invites_needs_consent_at_export_and_again_at_send(example, tmp_path, servers):
    table = example / NOTICE.name
    out = tmp_path / "out"
    assert cli("solve", str(table), "--out", str(out)).exit_code == 0
    server = servers(tls=None)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    assert cli("send", str(out / "timetable.csv"), *mail).exit_code == 0
    keep_only(table, 2)  # 2 of 29 units left
    before = folder_hash(tmp_path)
    rows = cli("solve", str(table), "--out", str(out), "--lang", "en")  # out's table holds 27 units more
    assert rows.exit_code == 2 and "this folder holds 27 changes" in rows.output and "--discard-changes" in rows.output
    refused = cli("solve", str(table), "--out", str(out), "--lang", "en", "--discard-changes")
    assert refused.exit_code == 2 and len(refused.output.strip().splitlines()) == 2  # what is dropped, then why not
    last = refused.output.strip().splitlines()[-1]
    assert "this would cancel the invites of 27 units (of 29; at most 2 without consent)" in last
    assert "区发改委, 区财政局" in last and "--allow-cancel" in last
    assert folder_hash(tmp_path) == before

    done = cli("solve", str(table), "--out", str(out), "--allow-cancel", "--discard-changes")
    assert done.exit_code == 0, done.output and "取消 27" in done.output
    before = folder_hash(tmp_path)
    refused = cli("send", str(out / "timetable.csv"), *mail)
    assert refused.exit_code == 2 and "将给 27 个单位寄出取消通知" in refused.output
    assert folder_hash(tmp_path) == before and len(server.recorder.messages) == 29
    sent = cli("send", str(out / "timetable.csv"), *mail, "--allow-cancel")
    assert sent.exit_code == 0, sent.output
    first = sent.output.splitlines()[0]
    assert first.startswith("将发送 27 封邮件，其中取消通知 27 封")  # said before anything is mailed
    assert len(server.recorder.messages) == 56


@pytest.mark.parametrize("command", ["solve", "reschedule", "ics"])
def test_every_export_refuses_in_one_line_before_it_solves_or_shows_anything(example, tmp_path, command):
    """Item 1 through each command that exports: 2 of 29 units left, ``out/`` holding the campaign's invites.
    ``reschedule --out`` used to print a whole timetable first, then refuse."""
    table = example / NOTICE.name
    out = tmp_path / "out"
    assert cli("solve", str(table), "--out", str(out)).exit_code == 0
    keep_only(table, 2)
    target = str(out / "invites") if command == "ics" else str(out)
    before = folder_hash(tmp_path)
    discard = ["--discard-changes"] if command == "solve" else []  # (solve names out's 27 units more first)
    refused = cli(command, str(table), "--out", target, "--lang", "en", *discard)
    lines = refused.output.strip().splitlines()
    assert refused.exit_code == 2 and len(lines) == 1 + len(discard), refused.output
    assert "cancel the invites of 27 units" in lines[-1] and "--allow-cancel" in lines[-1]
    assert folder_hash(tmp_path) == before


@pytest.mark.parametrize(("live", "limit"), [(0, 1), (5, 1), (29, 2), (30, 3), (1000, 3)])
def test_the_cancellation_limit(live, limit):
    assert cancel_limit(live) == limit


def test_a_few_cancellations_go_ahead_without_consent(example, tmp_path):
    table = example / NOTICE.name
    out = tmp_path / "out"
    assert cli("ics", str(table), "--out", str(out)).exit_code == 0
    edit(table, "29,9 月 10 日 17:00,柏庄镇政府,,镇办,F\n", "")
    edit(table, "28,9 月 10 日 17:00,民航路街道办事处,,镇办,F", "28,9 月 10 日 17:00,民航路街道办事处,,镇办,")
    edit(table, "27,9 月 10 日 16:00,彰东街道办事处,,镇办,E\n", "")
    edit(table, "26,9 月 10 日 16:00,彰北街道办事处,,镇办,E", "26,9 月 10 日 16:00,彰北街道办事处,,镇办,")
    result = cli("ics", str(table), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "取消 2" in result.output


@pytest.mark.parametrize(
    "damage",
    ["damaged journal", "journal is a folder", "journal locked", "broken rules", "bad --from", "dry run into a file"],
)
def test_every_check_comes_before_the_first_write(example, damage):
    """Issue 13, item 3: ``send`` used to rewrite invites/ before it looked at its journal."""
    accepting = Accepting()
    nowhere = SendRequest(example / NOTICE.name, server=Server("127.0.0.1", 9, PLAIN))
    assert send_invites(nowhere, transport=accepting).ok
    edit(example / NOTICE.name, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")  # invites/ would change
    edit(example / NOTICE.name, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    journal = example / "mail-journal.jsonl"
    options: dict = {}
    holder = None
    if damage == "damaged journal":
        journal.write_bytes(b"not json\n" + journal.read_bytes())
    elif damage == "journal is a folder":
        options["journal"] = example / "folder"
        (example / "folder").mkdir()
    elif damage == "journal locked":
        holder = Journal(journal)
    elif damage == "broken rules":
        edit(example / NOTICE.name, "9,9 月 8 日 11:00,区司法局", "9,9 月 8 日 8:00,区司法局")
    elif damage == "bad --from":
        options["envelope_from"] = "clerk@example"
    else:
        (example / "dry").write_text("a file", encoding="utf-8")
        options["dry_run"] = example / "dry"
    before = folder_hash(example)
    try:
        with pytest.raises(SchedulerError) as caught:
            send_invites(replace(nowhere, **options), transport=accepting)
    finally:
        if holder is not None:
            holder.close()
    assert folder_hash(example) == before
    assert exit_code(caught.value) == (1 if damage == "broken rules" else 2)
    assert isinstance(caught.value, BrokenRules if damage == "broken rules" else InputError)
    assert len(accepting.mails) == 29


def test_send_refuses_while_another_send_holds_the_journal_and_leaves_invites_untouched(example):
    """Item 3 through the command: another run holds the lock, the table has moved two units."""
    assert cli("ics", str(example / NOTICE.name), "--out", str(example / "invites")).exit_code == 0
    edit(example / NOTICE.name, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")
    edit(example / NOTICE.name, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    with Journal(example / "mail-journal.jsonl"):  # the other run (it created the journal)
        before = folder_hash(example)
        result = cli("send", str(example / NOTICE.name), "--smtp-host", "127.0.0.1", "--smtp-port", "9",
                     "--insecure-plain", "--lang", "en")  # fmt: skip
        assert folder_hash(example) == before  # invites/ untouched, the other run's journal kept
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert "mail-journal.jsonl" in result.output


def test_a_doubt_survives_failed_retries_and_is_named_by_the_run_that_sends_again(example, servers):
    """Issue 13, item 4: the connection drops after the whole message (the server kept it); the run does
    not retry it; the journal keeps the doubt, and the next run names the unit when it sends again."""
    tries: list = []

    def fault(stage, recorder, envelope):
        if stage == "DATA" and envelope.rcpt_tos == ["czj@example.org"]:
            tries.append(1)
            return ACCEPT_THEN_DROP if len(tries) == 1 else "451 4.3.0 try later"
        return None

    server = servers(tls=None, fault=fault)
    first = send_invites(request(example, server), sleep=Sleeps())
    assert not first.ok and [o.mail.unit for o in first.failed] == ["区财政局"]
    assert first.unconfirmed == ("区财政局",) and first.possible_duplicates == ()
    notes = [(m.key, problem) for m, problem in first.notices()]
    assert ("safety.unconfirmed", True) in notes
    failed = [e for e in lines(example / "mail-journal.jsonl") if e.unit == "区财政局"][-1]
    assert failed.state == "failed" and failed.doubt

    server.recorder.fault = None  # the server takes it now; the next run is the command, as a clerk runs it
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    second = cli("send", str(example / NOTICE.name), *mail)
    assert second.exit_code == 0, second.output
    assert "其中 1 封是在无法确认是否送达后重发的" in second.output and "区财政局" in second.output
    assert server.recorder.message_ids().most_common(1)[0][1] == 2  # the copy the summary names
    assert [e.state for e in lines(example / "mail-journal.jsonl") if e.unit == "区财政局"][-1] == SENT
    third = send_invites(request(example, server))
    assert third.outcomes == () and third.possible_duplicates == ()


def test_the_summary_counts_the_greylisted_and_the_next_run_sends_them(example, servers):
    def fault(stage, recorder, envelope):
        return "451 4.7.1 Greylisted, try again later" if stage == "RCPT" and recorder.attempts[stage] <= 3 else None

    server = servers(tls=None, fault=fault)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    first = cli("send", str(example / NOTICE.name), *mail)
    assert first.exit_code == 1, first.output
    assert "3 封被对方暂缓（greylisting），稍后再运行 send 即可：" in first.output
    (line,) = [x for x in first.output.splitlines() if "暂缓" in x]
    assert line.split("即可：")[1].count("、") == 2, line  # the three named (QA qamail18 F16)
    assert "已发送 26" in first.output and "失败 0" in first.output and "失败：" not in first.output
    assert server.recorder.attempts["RCPT"] == 29  # each tried once: no retries in the run
    second = cli("send", str(example / NOTICE.name), *mail)
    assert second.exit_code == 0, second.output
    assert "已发送 3" in second.output and "暂缓" not in second.output
    assert len(server.recorder.messages) == 29 and server.recorder.message_ids().most_common(1)[0][1] == 1


class StopAt:
    """A transport whose user presses Ctrl-C while message ``at`` is on its way (after the server has it)."""

    def __init__(self, inner, at: int) -> None:
        self.inner, self.at, self.count = inner, at, 0

    def open(self):
        self.inner.open()

    def send(self, mail):
        self.count += 1
        reply = self.inner.send(mail)
        if self.count == self.at:
            raise KeyboardInterrupt
        return reply

    def close(self):
        self.inner.close()


def test_ctrl_c_leaves_the_journal_saying_so_and_the_next_run_names_the_copy(example, servers):
    server = servers(tls=None)
    transport = StopAt(SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10)), at=5)
    with pytest.raises(SendInterrupted) as caught:
        send_invites(request(example, server), transport=transport)
    report = caught.value.report
    assert report.interrupted and not report.ok and len(report.sent) == 4
    assert report.unconfirmed == (report.outcomes[4].mail.unit,) and len(report.not_attempted) == 24
    assert report.outcomes[4].mail.unit not in report.not_attempted  # one count per message (QA qaupgrade17 F7)
    last = list(lines(example / "mail-journal.jsonl"))[-1]
    assert last.state == INTERRUPTED and last.doubt and last.unit == report.outcomes[4].mail.unit
    again = send_invites(request(example, server))
    assert again.ok and len(again.sent) == 25 and again.possible_duplicates == (last.unit,)
    assert len(server.recorder.messages) == 30


def _closing(report: SendReport) -> tuple[str, str]:
    """The interrupted run's closing line, in Chinese and English."""
    from scheduler.text.messages import render

    (line,) = [m for m, _ in report.problems() if "interrupted" in m.key]
    return render(line, "zh"), render(line, "en")


class CutAt(StopAt):
    """Ctrl-C while message ``at`` is on its way: a signal after the server has it (a single Ctrl-C: held
    until its answer is recorded), or a cut before any of it went out (as a second Ctrl-C at MAIL does)."""

    def __init__(self, inner, at: int, signal_after: bool) -> None:
        super().__init__(inner, at)
        self.signal_after = signal_after
        self.handed = True

    def send(self, mail):
        self.count += 1
        if self.count == self.at and not self.signal_after:
            self.handed = False
            raise KeyboardInterrupt
        reply = self.inner.send(mail)
        if self.count == self.at:
            import os
            import signal

            os.kill(os.getpid(), signal.SIGINT)
        return reply


@pytest.mark.parametrize(
    ("where", "zh", "en"),
    [
        ("between", "中断时没有正在发送的邮件（在两封之间）", "between two messages (none was in flight)"),
        ("finished", "正在发送的那封已发完，服务器的答复已记入发送日志", "the message in flight was finished first"),
        ("cut_before", "正在发送的邮件在内容送出前被切断（不会送达）", "cut off before its content went out"),
        (
            "cut_after",
            "正在发送的邮件在内容送出后被切断，发送日志已记下它可能已送达",
            "cut off after its content had gone out",
        ),
    ],
)
def test_the_closing_line_of_an_interrupted_run_says_where_it_came(example, servers, where, zh, en):
    """After a single Ctrl-C the message in flight is finished and recorded, so "the journal records the
    message in flight" (said in every case) was wrong there and between two messages: each case its own
    words, zh and en; the run then holds the outcomes the words claim."""
    server = servers(tls=None)
    inner = SmtpTransport(Server(server.host, server.port, PLAIN, timeout=10))
    delivered: list[Delivered] = []

    def progress(event: object) -> None:
        if isinstance(event, Delivered):
            delivered.append(event)
            if where == "between" and len(delivered) == 3:
                raise KeyboardInterrupt

    transport = inner if where == "between" else CutAt(inner, 5, signal_after=where == "finished")
    if where == "cut_after":
        transport = StopAt(inner, 5)
    with pytest.raises(SendInterrupted) as caught:
        send_invites(request(example, server), progress, transport=transport)
    report = caught.value.report
    said_zh, said_en = _closing(report)
    assert (
        said_zh.startswith("发送被中断")
        and zh in said_zh
        and said_zh.endswith("重新运行同一命令继续" if where != "finished" else "发送其余的")
    )
    assert en in said_en and "the journal records the message in flight" not in said_en
    states = [o.state for o in report.outcomes if o.state != "not-attempted"]
    assert states == {"between": [SENT] * 3, "finished": [SENT] * 5}.get(where, [SENT] * 4 + [INTERRUPTED])
    assert bool(report.unconfirmed) == (where == "cut_after")


def test_an_interrupted_runs_lines_have_the_pages_words_too():
    """Each closing line says "run the same command again": the page says "press 发送 again" instead."""
    from scheduler.text.messages import Message, render
    from scheduler.web.publish import in_page_words

    for key in (
        "safety.interrupted",
        "safety.interrupted_finished",
        "safety.interrupted_cut",
        "safety.interrupted_cut_out",
    ):
        for lang in ("zh", "en"):
            page = render(in_page_words(Message(key)), lang)
            assert "重新运行" not in page and "run the same command" not in page, page
            assert (
                render(Message(key), lang).split("；" if lang == "zh" else ";")[0]
                == page.split("；" if lang == "zh" else ";")[0]
            )


def test_ctrl_c_at_the_command_line_prints_the_summary_and_exits_130(example, servers, monkeypatch):
    server = servers(tls=None)
    ctrl_c_at_send(monkeypatch, 3)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    result = cli("send", str(example / NOTICE.name), *mail)
    assert result.exit_code == 130, result.output
    assert "发送被中断" in result.output and "已发送 2" in result.output and "未尝试 26" in result.output  # 1 in doubt
    assert "Traceback" not in result.output
    last = list(lines(example / "mail-journal.jsonl"))[-1]  # the journal says so too
    assert last.state == INTERRUPTED and last.doubt
    assert [e.state for e in lines(example / "mail-journal.jsonl")].count(SENT) == 2


def test_ctrl_c_on_a_full_disk_is_still_an_interruption_and_the_message_still_in_doubt(example, servers, monkeypatch):
    """Ctrl-C while the 3rd message goes out, and the disk full when its ``interrupted`` line is written:
    still the interruption (exit 130, its summary), not a journal error; the ``queued`` line before the
    lost one keeps the doubt, so the next run names the copy it sends."""
    from tests.safety_helpers import FullDisk

    server = servers(tls=None)
    disk = FullDisk(example / "mail-journal.jsonl").install(monkeypatch)
    disk.fill_at = 6  # queued, sent, queued, sent, queued, [interrupted]
    real = ctrl_c_at_send(monkeypatch, 3)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    result = cli("send", str(example / NOTICE.name), *mail)
    assert result.exit_code == 130, result.output
    assert "发送被中断" in result.output and "已发送 2" in result.output and "Traceback" not in result.output
    last = list(lines(example / "mail-journal.jsonl"))[-1]
    assert last.state == QUEUED and (example / "mail-journal.jsonl").read_bytes().endswith(b"\n")
    disk.free()
    monkeypatch.setattr(SmtpTransport, "send", real)
    again = cli("send", str(example / NOTICE.name), *mail)
    assert again.exit_code == 0, again.output
    assert "其中 1 封是在无法确认是否送达后重发的" in again.output and last.unit in again.output


def test_what_the_server_says_to_auth_is_never_shown(example, servers, monkeypatch):
    """Issue 13, item 9: a server that echoes the AUTH PLAIN data (base64 of user and password together)."""
    import smtplib

    password = "s3cret-密码"
    echoed = base64.b64encode(f"\0zwgk-office\0{password}".encode()).decode()

    def login(smtp, user, secret):
        raise smtplib.SMTPAuthenticationError(535, f"5.7.8 bad credentials {echoed} for {secret}".encode())

    monkeypatch.setattr("scheduler.mail.smtp._login", login)
    server = servers(tls="starttls")
    target = Server(
        server.host, server.port, STARTTLS, "zwgk-office", Secret(password), _context(server.cafile), timeout=10
    )
    report = send_invites(SendRequest(example / NOTICE.name, server=target))
    assert report.stopped is not None
    text = "\n".join(m.text(lang) for m, _ in report.notices() for lang in ("zh", "en"))
    assert "535 5.7.8" in text and echoed not in text and password not in text and "bad credentials" not in text
    journal = (example / "mail-journal.jsonl").read_bytes() if (example / "mail-journal.jsonl").exists() else b""
    assert echoed.encode() not in journal


def test_what_the_server_says_to_auth_is_never_printed_by_the_command(example, servers, monkeypatch):
    """Item 9 end to end: the terminal of ``send --user`` shows the codes of the refusal, not its text."""
    import smtplib

    password = "s3cret-密码"
    echoed = base64.b64encode(f"\0zwgk-office\0{password}".encode()).decode()

    def login(smtp, user, secret):
        raise smtplib.SMTPAuthenticationError(535, f"5.7.8 {echoed} {secret} not accepted".encode())

    monkeypatch.setattr("scheduler.mail.smtp._login", login)
    server = servers(tls="starttls")
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    result = cli("send", str(example / NOTICE.name), *mail, "--user", "zwgk-office",
                 env={"DOCKING_SMTP_PASSWORD": password})  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "535 5.7.8" in result.output and echoed not in result.output and password not in result.output
    assert "not accepted" not in result.output and "Traceback" not in result.output


def _context(cafile):
    import ssl

    return ssl.create_default_context(cafile=str(cafile))


def test_failure_and_address_errors_are_in_the_one_tree():
    from scheduler.files.addresses import AddressError, check_address
    from scheduler.mail.campaign import Refused

    with pytest.raises(SchedulerError):
        check_address("a@b")
    assert issubclass(AddressError, InputError) and issubclass(Refused, InputError)
    assert issubclass(TooManyCancellations, InputError) and issubclass(Failure, SchedulerError)
    assert issubclass(BrokenRules, SchedulerError) and exit_code(BrokenRules(Report(()))) == 1


def test_a_journal_line_without_its_newline_is_kept(tmp_path):
    """Issue 13, item 10: a whole last line without its newline (an editor, a crash between the two) is kept."""
    path = tmp_path / "j.jsonl"
    record = {"v": 1, "state": "sent", "unit": "区财政局", "uid": "u", "sequence": 0, "method": "REQUEST",
              "to": "czj@example.org", "message_id": "<u.0@example.org>", "at": "2021-09-06T08:00:00Z"}  # fmt: skip
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    with Journal(path) as journal:
        assert journal.history.state("u", 0) == SENT
        journal.write(SENT, next(iter(lines(path))))
    assert [e.state for e in lines(path)] == [SENT, SENT] and path.read_text(encoding="utf-8").count("\n") == 2


def test_a_tail_that_is_not_ours_is_never_cut(tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_bytes(b"unit,address\xe5")  # --journal pointed at some other file
    with pytest.raises(InputError, match="第 1 行"):
        Journal(path)
    assert path.read_bytes() == b"unit,address\xe5"


@pytest.mark.parametrize("remind", [False, True])
def test_ctrl_c_before_the_first_message_exits_130_with_one_line(example, servers, monkeypatch, remind):
    """QA: Ctrl-C while send (or send --remind) still read and planned gave click's "已中止。" and exit 1."""

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    if remind:
        monkeypatch.setattr("scheduler.replies.reminders._plan", interrupted)
    else:
        monkeypatch.setattr("scheduler.mail.flow.prepare_batch", interrupted)
    server = servers(tls=None)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    result = cli("send", str(example / NOTICE.name), *mail, *(["--remind"] if remind else []))
    assert result.exit_code == 130, result.output
    assert result.output == "已中断：重新运行同一命令即可\n" and server.recorder.messages == []
    assert not (example / "mail-journal.jsonl").exists()  # a run stopped before its first line leaves none


@pytest.mark.parametrize("value", ["1.9", "true", '"0"'])
def test_a_hand_edited_journal_value_stops_even_a_dry_run_and_changes_nothing(example, servers, tmp_path, value):
    """QA: line 3 edited to "sequence": 1.9 was read as a number; even --dry-run then rebuilt the state
    and raised an invite's SEQUENCE for good. Now the line is named, exit 2, nothing written."""
    server = servers(tls=None)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    assert cli("send", str(example / NOTICE.name), *mail).exit_code == 0
    journal = example / "mail-journal.jsonl"
    text = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    assert '"sequence": 0' in text[2]
    text[2] = text[2].replace('"sequence": 0', f'"sequence": {value}')
    journal.write_text("".join(text), encoding="utf-8")
    before = folder_hash(example)
    result = cli("send", str(example / NOTICE.name), "--dry-run", str(tmp_path / "eml"))
    assert result.exit_code == 2, result.output
    assert result.output == f"{journal}: 发送日志第 3 行已损坏或不是本程序写的：请从备份恢复\n"
    assert folder_hash(example) == before and not (tmp_path / "eml").exists()


def test_a_retry_is_told_on_its_own_line_when_not_on_a_terminal(example, servers, monkeypatch):
    """QA: while a message was retried (up to a minute) nothing was printed: it looked hung."""
    waits: list = []
    monkeypatch.setattr("scheduler.mail.batch.time.sleep", waits.append)

    tries: list = []

    def fault(stage, recorder, envelope):
        if stage == "DATA" and envelope.rcpt_tos == ["czj@example.org"]:
            tries.append(1)
            return "451 4.3.0 try later" if len(tries) <= 2 else None
        return None

    server = servers(tls=None, fault=fault)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    done = cli("send", str(example / NOTICE.name), *mail)
    assert done.exit_code == 0, done.output
    retries = [line for line in done.output.splitlines() if "秒后重试" in line]
    assert len(retries) == len(waits) == 2
    told = "2 秒后重试（第 1/5 次）：区财政局 <czj@example.org> 暂时失败（服务器答复 451 4.3.0 try later）"
    assert told in retries[0]
    assert "4 秒后重试（第 2/5 次）" in retries[1] and "\r" not in done.output


@pytest.mark.parametrize(("lang", "words"), [("zh", "秒后重试"), ("en", "retrying in 2 s")])
def test_a_retry_is_told_over_the_progress_line_on_a_terminal(monkeypatch, lang, words):
    import io

    from scheduler.cli.mail import _Shown
    from scheduler.mail.batch import Retrying
    from scheduler.mail.flow import Waiting
    from scheduler.text.messages import Message

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setenv("COLUMNS", "200")
    mail = type("Mail", (), {"unit": "区财政局", "recipient": "czj@example.org"})()
    reason = Message("mail.server_reply", reply="451 4.7.1 Greylisted")
    shown = _Shown(lang)
    shown(Delivered(None, 3, 29))
    shown(Waiting(Retrying(mail, 1, 5, 2.0, reason), 3, 29))
    shown(Delivered(None, 4, 29))
    shown.end()
    parts = screen.getvalue().split("\r")[1:]
    assert len(parts) == 3 and "\n" not in "".join(parts[:2])
    assert parts[0].rstrip().endswith(" 3/29") and words in parts[1] and "4/29" in parts[1]
    assert parts[2].startswith(parts[0].rstrip()[:-4] + "4/29") and len(parts[2]) - 1 >= len(parts[1])


@pytest.mark.parametrize(("lang", "words"), [("zh", "2 秒后重试"), ("en", "retrying in 2 s")])
def test_a_narrow_terminal_still_shows_the_wait(monkeypatch, lang, words):
    import io

    from scheduler.cli.localized import width
    from scheduler.cli.mail import _Shown
    from scheduler.mail.batch import Retrying
    from scheduler.mail.flow import Waiting
    from scheduler.text.messages import Message

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setenv("COLUMNS", "60")
    mail = type("Mail", (), {"unit": "北关区人民政府办公室政务公开科", "recipient": "zwgk@example.org"})()
    reason = Message("mail.server_reply", reply="451 4.3.0 Temporary local problem, please try again later")
    _Shown(lang)(Waiting(Retrying(mail, 1, 5, 2.0, reason), 3, 29))
    line = screen.getvalue().lstrip("\r")
    assert words in line and line.endswith("…") and width(line) <= 59
