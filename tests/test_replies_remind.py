"""``send --remind`` against a real SMTP server: which reminders are due on which day, each mailed exactly
once through the journal, resumed after a failure, units that answered or declined left alone, units whose
invite is about to change skipped, and ``send`` itself unaffected by the reminder lines."""

from __future__ import annotations

import email
import json
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest

from scheduler.invites.calendar import Invite
from scheduler.mail.journal import lines
from tests import reply_mails as shapes
from tests.conftest import edit
from tests.replies_helpers import answer, maildir, run

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
MAILED = "2021-09-04T08:00:00Z"


def epoch(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def shanghai(day: int, hour: int) -> datetime:
    """A September 2021 moment in Shanghai, as UTC."""
    return (
        datetime(2021, 9, day, hour - 8, tzinfo=UTC) if hour >= 8 else datetime(2021, 9, day - 1, hour + 16, tzinfo=UTC)
    )


def mailed_on(folder: Path, at: str = MAILED) -> dict[str, Invite]:
    """Export the invites beside the table and write the journal lines of a send made at ``at``."""
    from scheduler.invites.folder import read_invites

    result = run("ics", str(folder / "notice_2021.csv"), "--out", str(folder / "invites"))
    assert result.exit_code == 0, result.output
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    with (folder / "mail-journal.jsonl").open("a", encoding="utf-8") as journal:
        for i in invites.values():
            for state in ("queued", "sent"):
                record = {
                    "v": 1, "at": at, "state": state, "unit": i.unit, "uid": i.uid, "sequence": i.sequence,
                    "method": i.method, "to": i.attendee.address, "message_id": f"<{i.uid}.{i.sequence}@example.org>",
                    "attempt": 1,
                }  # fmt: skip
                journal.write(json.dumps(record, ensure_ascii=False) + "\n")
    return invites


def remind(table: Path, server, when: datetime, *args: str):
    options = ["--remind", "--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"SOURCE_DATE_EPOCH": epoch(when), "DOCKING_NOW": when.isoformat()}  # the Date header, the day it is
    return run("send", str(table), *options, *args, env=env)


def received(server) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(data, policy=policy.default) for _, _, data in server.recorder.messages]


@pytest.fixture
def campaign(example, tmp_path):
    table = example / "notice_2021.csv"
    invites = mailed_on(example)
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(answer(invites["区自然资源局"], comment="准时参加")),  # 9月8日 8:00, accepted
        shapes.gmail(answer(invites["北关区规划技术服务中心"], partstat="DECLINED", comment="有会")),  # 9月8日 9:00
        shapes.apple(answer(invites["区发改委"], partstat="TENTATIVE")),  # 9月8日 10:00
    )
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    return table, invites


def test_the_day_before_the_first_day_and_again_the_same_day(campaign, servers):
    table, invites = campaign
    server = servers(tls="starttls")
    result = remind(table, server, shanghai(7, 10))
    assert result.exit_code == 0, result.output
    mails = received(server)
    subjects = {str(m["To"].addresses[0].display_name): str(m["Subject"]) for m in mails}
    answered = {"区自然资源局", "北关区规划技术服务中心", "区发改委"}
    # answer reminders: mailed 3 days ago (round 1 due after 2 days), to the 26 that have not answered
    asked = {u for u, s in subjects.items() if s.startswith("请答复：")}
    to_answer = [m for m in mails if str(m["Subject"]).startswith("请答复：")]
    assert len(to_answer) == 26 and not asked & answered
    # meeting reminders: the day before 9月8日, to the 8 units meeting then, less the one that declined
    meeting = [m for m in mails if str(m["Subject"]).startswith("提醒：明天")]
    on_the_8th = {u for u, i in invites.items() if i.start.day == 8}
    assert {str(m["To"].addresses[0].display_name) for m in meeting} == on_the_8th - {"北关区规划技术服务中心"}
    assert len(mails) == 26 + 7
    assert "未提醒 北关区规划技术服务中心：已拒绝或提议新时间，不发会议提醒" in result.output
    assert "提醒：已发送 33（请答复 26，会议 7，时间节点 0），失败 0" in result.output
    one = next(m for m in meeting if m["To"].addresses[0].addr_spec == "zrzyj@example.org")
    assert str(one["Subject"]) == "提醒：明天（9月8日 8:00）基层政务公开标准对接：区自然资源局"
    assert "明天（9月8日 8:00）在区政府420房间对接" in one.get_body().get_content()
    ask = next(m for m in to_answer if m["To"].addresses[0].addr_spec == "czj@example.org")
    assert [p.get_filename() for p in ask.iter_attachments()] == ["invite.ics"]
    attached = next(ask.iter_attachments()).get_content()
    assert attached == invites["区财政局"].data
    assert ask["Message-ID"] == f"<{invites['区财政局'].uid}.answer-1.0@example.org>"

    again = remind(table, server, shanghai(7, 18))
    assert again.exit_code == 0, again.output
    assert "今天没有到期的提醒" in again.output and len(received(server)) == 33
    journal = [e for e in lines(table.parent / "mail-journal.jsonl") if e.method == "REMIND"]
    assert sum(1 for e in journal if e.state == "sent") == 33


def test_rounds_come_one_at_a_time_and_never_after_the_meeting(example, servers, tmp_path):
    table = example / "notice_2021.csv"
    edit(
        table.with_suffix(".toml"),
        "[invites.organizer]",  # (below reminder_minutes, the [invites] keys after it fell into the new table)
        "[invites.reminders]\nanswer_after_days = [1, 3]\n"
        "meeting_days_before = 0\ndeadline_days_before = 0\n\n[invites.organizer]",
    )
    mailed_on(example)
    server = servers(tls="starttls")
    first = remind(table, server, shanghai(5, 9))  # one day after: round 1
    assert "提醒：已发送 29（请答复 29，会议 0，时间节点 0）" in first.output
    skipped_days = remind(table, server, shanghai(7, 9))  # round 2 is due (3 days); only once
    assert "提醒：已发送 29（请答复 29" in skipped_days.output
    late = remind(table, server, shanghai(9, 12))  # round 2 sent already; the 9月8日 meetings are past
    assert "今天没有到期的提醒" in late.output
    assert len(received(server)) == 58
    ids = {str(m["Message-ID"]).split(".")[1] for m in received(server)}
    assert ids == {"answer-1", "answer-2"}


def deadlines_only(table: Path) -> None:
    """The notice's rules with the deadline reminders only (no answer nor meeting reminders)."""
    edit(
        table.with_suffix(".toml"),
        "[invites.organizer]",
        "[invites.reminders]\nanswer_after_days = []\nmeeting_days_before = 0\n\n[invites.organizer]",
    )


def test_deadline_reminders_the_day_before(example, servers):
    table = example / "notice_2021.csv"
    deadlines_only(table)
    mailed_on(example)
    server = servers(tls="starttls")
    # 9月10日: the period 9月11日至9月25日 (全部) starts tomorrow; the hand-ins (9月13日, 9月15日) are not due yet
    first = remind(table, server, shanghai(10, 9))
    assert first.exit_code == 0, first.output
    assert "提醒：已发送 29（请答复 0，会议 0，时间节点 29）" in first.output
    subjects = {str(m["Subject"]) for m in received(server)}
    period = "完善区政府网站基层政务公开栏目设置，集中发布本单位所涉领域的政府信息"
    assert subjects == {f"提醒：{period}（9月11日至9月25日）"}
    # 9月12日: the departments' hand-in is due tomorrow; the period was reminded of already
    second = remind(table, server, shanghai(12, 9))
    assert second.exit_code == 0, second.output
    mails = received(server)[29:]
    departments = {
        line.split(",")[2] for line in table.read_text(encoding="utf-8").splitlines()[1:] if ",部门," in line
    }
    assert {str(m["To"].addresses[0].display_name) for m in mails} == departments
    assert len(mails) == len(departments) == 19
    assert {str(m["Subject"]) for m in mails} == {
        "提醒：截止：报送政务公开标准目录和栏目设置纸质版（加盖单位公章，主要领导签字）（9月13日）"
    }
    assert "今天没有到期的提醒" in remind(table, server, shanghai(12, 17)).output


def test_a_failed_reminder_is_sent_by_the_next_run_and_only_it(campaign, servers):
    table, _ = campaign

    def fault(stage, recorder, envelope):
        if stage == "DATA" and envelope.rcpt_tos == ["czj@example.org"]:
            return "550 5.1.1 mailbox unavailable"
        return None

    server = servers(tls="starttls", fault=fault)
    first = remind(table, server, shanghai(7, 10))
    assert first.exit_code == 1 and "失败：区财政局 <czj@example.org>" in first.output
    count = len(received(server))
    assert count == 31  # 33 due, the two to 区财政局 refused
    server.recorder.fault = None
    second = remind(table, server, shanghai(7, 11))
    assert second.exit_code == 0, second.output
    assert "提醒：已发送 2（请答复 1，会议 1，时间节点 0），失败 0" in second.output
    assert {m["To"].addresses[0].addr_spec for m in received(server)[count:]} == {"czj@example.org"}


def dry_run_skips(table: Path, servers, tmp_path: Path, said: str):
    """A dry reminder run that names 区财政局 as not reminded (``said``) and writes no reminder for it
    (区民政局's is written); the run's result and the server."""
    server = servers(tls="starttls")
    result = remind(table, server, shanghai(7, 10), "--dry-run", str(tmp_path / "eml"))
    assert result.exit_code == 0, result.output
    assert said in result.output
    names = {p.name for p in (tmp_path / "eml" / "reminders").iterdir()}
    assert not any(n.startswith("区财政局") for n in names) and "区民政局-answer-1.eml" in names
    return result, server


@pytest.mark.parametrize("current", [False, True])
def test_a_letter_of_unknown_time_holds_reminders_only_when_it_replies_to_the_current_invite(
    campaign, servers, tmp_path, current
):
    """QA review 12, L2: a letter with no usable time (no Date, or one without a zone, read from an .eml
    file: no delivery time either) counted as come when it was read, always after the mailing, and held
    the unit's reminders until someone answered. Decision: an unknown time counts as before the mailing
    (the letter may be about an earlier invite), unless the letter replies to the current invite's own
    Message-ID; either way it is still listed as awaiting a person in the replies' table."""
    table, invites = campaign
    invite = invites["区财政局"]
    sequence = invite.sequence if current else invite.sequence - 1
    words = shapes.plain_reply(
        "czj@example.org", "回复：邀请：基层政务公开标准对接", "我局不参加", "<w2@example.org>",
        f"<{invite.uid}.{sequence}@example.org>",
    ).replace(b"Date: Tue, 07 Sep 2021 09:00:00 +0800\r\n", b"")  # fmt: skip
    assert b"Date:" not in words
    folder = tmp_path / "eml-in"
    folder.mkdir()
    (folder / "reply.eml").write_bytes(words)
    read = run("replies", str(table), "--eml", str(folder))
    assert read.exit_code == 0, read.output
    assert "有邮件待人工查看" in read.output
    if current:
        dry_run_skips(table, servers, tmp_path, "未提醒 区财政局：有邮件待人工查看（")
        return
    server = servers(tls="starttls")
    result = remind(table, server, shanghai(7, 10), "--dry-run", str(tmp_path / "eml"))
    assert result.exit_code == 0, result.output
    assert "未提醒 区财政局" not in result.output
    names = {p.name for p in (tmp_path / "eml" / "reminders").iterdir()}
    assert "区财政局-answer-1.eml" in names and "区民政局-answer-1.eml" in names


def test_a_unit_whose_invite_is_about_to_change_is_not_reminded(campaign, servers, tmp_path):
    table, _ = campaign
    edit(table, "9 月 8 日 11:00,区财政局", "9 月 10 日 18:00,区财政局")  # edited by hand, not mailed yet
    result, server = dry_run_skips(
        table, servers, tmp_path, "未提醒 区财政局：邀请随时间表改变，尚未发出（先运行 send）"
    )
    assert "试运行：" in result.output and server.recorder.messages == []
    assert not any(e.method == "REMIND" for e in lines(table.parent / "mail-journal.jsonl"))


def test_send_itself_is_unaffected_by_the_reminders_in_the_journal(campaign, servers):
    table, _ = campaign
    server = servers(tls="starttls")
    assert remind(table, server, shanghai(7, 10)).exit_code == 0
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    result = run("send", str(table), *options)
    assert result.exit_code == 0, result.output
    assert "发送：已发送 0，此前已发送 29" in result.output


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ("answer_after_days = [3, 1]", "answer_after_days"),
        ('meeting_days_before = "1"', "meeting_days_before"),
        ("deadline_days_before = -1", "deadline_days_before"),
    ],
)
def test_a_bad_reminder_setting_is_one_line(example, setting, key):
    table = example / "notice_2021.csv"
    mailed_on(example)  # then the setting edited: `send --remind` refuses it too
    edit(table.with_suffix(".toml"), "[invites.organizer]", f"[invites.reminders]\n{setting}\n\n[invites.organizer]")
    result = run("send", str(table), "--remind", "--dry-run", "x")
    assert result.exit_code == 2 and f"invites.reminders.{key}" in result.output and "notice_2021.toml" in result.output


def test_an_interrupted_reminder_run_says_what_was_left_unsent(campaign, servers, monkeypatch):
    """QA: Ctrl-C during send --remind printed only sent/failed: not what was left, nor the message in
    flight. The same lines as an invite run now."""
    from scheduler.mail.smtp import SmtpTransport
    from tests.smtp_helpers import ctrl_c_at_send

    table, _ = campaign
    server = servers(tls="starttls")
    real = ctrl_c_at_send(monkeypatch, 3)
    result = remind(table, server, shanghai(7, 10))
    assert result.exit_code == 130, result.output
    assert "发送被中断" in result.output and "提醒：已发送 2" in result.output
    assert "未尝试 30（重新运行同一命令继续）" in result.output  # 33 due: 2 sent, 1 in flight, 30 not tried
    assert "1 封邮件无法确认是否送达（服务器可能已收到）" in result.output
    monkeypatch.setattr(SmtpTransport, "send", real)
    again = remind(table, server, shanghai(7, 11))
    assert again.exit_code == 0, again.output
    assert "提醒：已发送 31" in again.output and "其中 1 封提醒是在无法确认是否送达后重发的" in again.output
    assert len(received(server)) == 33


def test_a_reminder_that_may_have_arrived_is_named_and_so_is_its_second_copy(campaign, servers):
    from tests.smtp_helpers import DropFirstReply

    table, _ = campaign
    fault = DropFirstReply("czj@example.org")
    server = servers(tls="starttls", fault=fault)
    first = remind(table, server, shanghai(7, 10))
    assert first.exit_code == 1, first.output
    assert "1 封邮件无法确认是否送达（服务器可能已收到）：区财政局" in first.output
    assert len(received(server)) == 33 and fault.tries == 2  # its answer and meeting reminders, one copy each
    second = remind(table, server, shanghai(7, 11))
    assert second.exit_code == 0, second.output
    assert "提醒：已发送 1" in second.output
    # a reminder has no calendar to merge its two copies: said so, not "日历中不会出现两次" (QA qamail18 F11)
    assert "其中 1 封提醒是在无法确认是否送达后重发的" in second.output and "：区财政局" in second.output
    assert "两封相同的提醒" in second.output and "日历中不会出现两次" not in second.output
    assert len(received(server)) == 34


def test_a_unit_whose_invite_bounced_is_not_reminded_at_that_address(campaign, servers, tmp_path):
    table, invites = campaign
    invite = invites["区财政局"]
    ours = shapes.invite_mail("czj@example.org", f"<{invite.uid}.{invite.sequence}@example.org>", invite.data)
    box = maildir(tmp_path / "Maildir", shapes.bounce(ours, "czj@example.org", "5.1.1"))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    dry_run_skips(
        table, servers, tmp_path, "未提醒 区财政局：寄给 czj@example.org 的邀请被退回（5.1.1）：地址不对（查无"
    )


def test_a_refused_login_says_what_to_check(campaign, servers):
    """As for the invites (test_mail_send): a refused login names --user and where the password came from,
    since running again with the same ones cannot help."""
    table, _invites = campaign
    server = servers(tls="starttls", user="zwgk-office", password="the-right-one")
    options = ["--remind", "--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"DOCKING_NOW": shanghai(7, 10).isoformat(), "DOCKING_SMTP_PASSWORD": "wrong"}
    result = run("send", str(table), *options, "--user", "zwgk-office", "--lang", "en", env=env)
    assert result.exit_code == 1, result.output
    assert "the server refused the login: 535" in result.output
    assert "check --user zwgk-office and the password (from DOCKING_SMTP_PASSWORD), then run again" in result.output
    assert server.recorder.messages == []


def test_a_unit_whose_mail_awaits_a_person_is_not_reminded_and_the_output_says_so(campaign, servers, tmp_path):
    """A reply in words ("不参加") is no calendar answer: the unit is 未答复 with a mail to read by hand. Asking
    it to answer, or telling it to come tomorrow, would contradict what it wrote: neither is sent, and the
    output names it (the cron recipe runs ``replies && send --remind`` unattended)."""
    table, invites = campaign
    invite = invites["区财政局"]
    words = shapes.plain_reply(
        "czj@example.org", "回复：邀请：基层政务公开标准对接", "我局不参加", "<w1@example.org>",
        f"<{invite.uid}.{invite.sequence}@example.org>",
    )  # fmt: skip
    assert run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", words))).exit_code == 0
    said = "未提醒 区财政局：有邮件待人工查看（9月7日 9:00，“我局不参加”），不发请答复或会议提醒"
    dry_run_skips(table, servers, tmp_path, said)


def test_a_delegate_added_to_the_contacts_after_the_export_counts_and_holds_the_reminder(campaign, servers, tmp_path):
    """newcomer12 #1: the 代理邮箱 column added after the invites were exported and mailed: the secretary's
    answer counts in `replies` (the contacts are the office's truth, read again), and `send --remind`
    weighs it the same way: no "please answer" to that unit."""
    table, invites = campaign
    contacts = table.parent / "contacts_2021.csv"
    lines_ = contacts.read_text(encoding="utf-8-sig").splitlines()
    lines_[0] += ",代理邮箱"
    lines_[1:] = [f"{line}," + ("mishu@example.org" if "区财政局" in line else "") for line in lines_[1:]]
    contacts.write_text("\n".join(lines_) + "\n", encoding="utf-8")
    secretary = answer(invites["区财政局"], sender="mishu@example.org", sent_by="mishu@example.org")
    read = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Secretary", shapes.outlook(secretary))))
    assert read.exit_code == 0, read.output
    assert "mishu@example.org 代 区财政局 答复" in read.output and "不是其代理邮箱" not in read.output
    server = servers(tls="starttls")
    result = remind(table, server, shanghai(7, 10), "--dry-run", str(tmp_path / "eml"))
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "eml" / "reminders").iterdir()}
    assert not any(n.startswith("区财政局-answer") for n in names) and "区民政局-answer-1.eml" in names


@pytest.mark.parametrize("command", ["solve", "ics", "send"])
def test_a_bad_reminder_setting_stops_every_export_with_the_rule_it_breaks(example, tmp_path, command):
    """newcomer12 #3: `answer_after_days = [0]` passed `solve --out`, `ics` and `send` and was refused first
    by the daily `send --remind`, saying 0 was allowed. It is read with the rest of [invites] now, and
    the line gives the real range; nothing is written."""
    table = example / "notice_2021.csv"
    edit(
        table.with_suffix(".toml"),
        "[invites.organizer]",
        "[invites.reminders]\nanswer_after_days = [0]\n\n[invites.organizer]",
    )
    out = tmp_path / "out"
    args = {
        "solve": ["solve", str(table), "--out", str(out), "--time-limit", "5"],
        "ics": ["ics", str(table), "--out", str(out)],
        "send": ["send", str(table), "--dry-run", str(out)],
    }[command]
    result = run(*args)
    assert result.exit_code == 2, result.output
    (line,) = [line for line in result.output.splitlines() if line.strip()]
    assert "notice_2021.toml" in line and "invites.reminders.answer_after_days" in line
    assert "1 到 365" in line and "0 到 365" not in line
    assert not out.exists()


@pytest.mark.parametrize("how", ["option", "variable"])
def test_reminders_are_due_as_of_the_now_send_judges_by(campaign, tmp_path, how):
    """review14 F16: `send --remind` ignored --now (even an unreadable one) and DOCKING_NOW and judged what
    was due by the run's clock (SOURCE_DATE_EPOCH): two "now"s in one command. One now: the same as send's."""
    table, _ = campaign
    moment = shanghai(7, 10).isoformat()  # the clock (SOURCE_DATE_EPOCH of run) says 9月6日: nothing due
    given = (["--now", moment], {}) if how == "option" else ([], {"DOCKING_NOW": moment})
    result = run("send", str(table), "--remind", "--dry-run", str(tmp_path / "dry"), *given[0], env=given[1])
    assert result.exit_code == 0, result.output
    assert "试运行：33 封提醒" in result.output, result.output


def test_an_unreadable_now_is_refused_with_remind_too(campaign, tmp_path):
    table, _ = campaign
    result = run("send", str(table), "--remind", "--now", "garbage", "--dry-run", str(tmp_path / "dry"))
    assert result.exit_code == 2 and "--now" in result.output and "garbage" in result.output, result.output
    assert not (tmp_path / "dry").exists()


def test_a_rehearsal_s_invites_are_stamped_with_its_now_so_its_answer_rounds_come(example, servers):
    """QA jobs17 F2: invites mailed with ``--now`` were stamped in the journal with the clock (years after
    the rehearsal's now), so the answer rounds counted from them never came: ``请答复 0``. The journal's
    lines carry the command's now when one is given; six days after, round 1 is due to every address."""
    table = example / "notice_2021.csv"
    server = servers(tls="starttls")
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    sent = run("send", str(table), *options, "--now", "2021-09-01T09:00+08:00")
    assert sent.exit_code == 0, sent.output
    stamps = {e.at for e in lines(table.parent / "mail-journal.jsonl")}
    assert stamps == {"2021-09-01T01:00:00Z"}
    reminded = run("send", str(table), "--remind", *options, "--now", "2021-09-07T09:00+08:00")
    assert reminded.exit_code == 0, reminded.output
    assert "提醒：已发送 37（请答复 29，会议 8，时间节点 0），失败 0" in reminded.output


def test_the_reminders_password_is_asked_before_any_lock_is_taken(campaign, servers, monkeypatch):
    """QA review17b F1, for ``send --remind`` as for the invites: the password prompt held the folder's lock
    and the journal's for as long as it stayed open."""
    import scheduler.cli.mail as mail_cli
    from tests.test_mail_send import _lock_free

    table, _invites = campaign
    asked = []
    original = mail_cli._password

    def watched(user: str, lang: str):
        asked.append(_lock_free(table.parent, table.parent / "mail-journal.jsonl"))
        return original(user, lang)

    monkeypatch.setattr(mail_cli, "_password", watched)
    server = servers(tls="starttls", user="zwgk-office", password="the-right-one")
    options = ["--remind", "--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"DOCKING_NOW": shanghai(7, 10).isoformat(), "DOCKING_SMTP_PASSWORD": "the-right-one"}
    result = run("send", str(table), *options, "--user", "zwgk-office", env=env)
    assert result.exit_code == 0, result.output
    assert asked == [True] and len(server.recorder.messages) == 33
    again = run("send", str(table), *options, "--user", "zwgk-office", env=env)  # none due: not asked
    assert again.exit_code == 0 and "今天没有到期的提醒" in again.output
    assert asked == [True]


def test_a_dry_run_writes_one_file_per_reminder_two_deadlines_due_the_same_day(example, tmp_path):
    """QA qadocs18 F14: on 9月12日 a department is due a reminder of the period (9月11日至9月25日) and of the
    9月13日 hand-in; both letters were written to ``<unit>-deadline.eml``, the second over the first, so the
    preview said 48 written and held 29 files."""
    table = example / "notice_2021.csv"
    deadlines_only(table)
    mailed_on(example)
    when = shanghai(12, 9)
    env = {"SOURCE_DATE_EPOCH": epoch(when), "DOCKING_NOW": when.isoformat()}
    result = run("send", str(table), "--remind", "--dry-run", str(tmp_path / "dry"), env=env)
    assert result.exit_code == 0, result.output
    assert "试运行：48 封提醒写入" in result.output
    files = sorted((tmp_path / "dry" / "reminders").rglob("*.eml"))
    assert len(files) == 48
    own = [f.name for f in files if f.name.startswith("区财政局-")]
    assert len(own) == 2 and all(name.startswith("区财政局-deadline-2021-09-1") for name in own), own


def test_the_pages_reminder_settings_are_read_as_written(example):
    """docs/replies.md's ``[invites.reminders]`` block, read from the page into the example's rules (QA
    qadocs18: no test read it): two rounds, 2 and 5 days after; meeting and deadline reminders a day before."""
    import re

    from scheduler.files.rules_file import read_rules
    from scheduler.invites.reminder_settings import ReminderSettings, reminder_settings

    page = (Path(__file__).resolve().parent.parent / "docs" / "replies.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", page, re.S) if "[invites.reminders]" in b]
    rules = example / "notice_2021.toml"
    edit(rules, "[invites.organizer]", f"{block}\n[invites.organizer]")
    assert reminder_settings(read_rules(rules)) == ReminderSettings((2, 5), 1, 1)


def test_a_dry_run_with_nothing_due_says_so_and_writes_no_folder(example, tmp_path):
    """QA qadocs18 F8: it said '试运行：0 封提醒写入 r2' and made no r2."""
    table = example / "notice_2021.csv"
    mailed_on(example)
    when = shanghai(4, 9)  # the day the invites went out: nothing is due yet
    env = {"SOURCE_DATE_EPOCH": epoch(when), "DOCKING_NOW": when.isoformat()}
    result = run("send", str(table), "--remind", "--dry-run", str(tmp_path / "r2"), env=env)
    assert result.exit_code == 0, result.output
    assert f"试运行：今天没有到期的提醒，{tmp_path / 'r2'} 未写入" in result.output, result.output
    assert not (tmp_path / "r2").exists()


def test_a_read_receipt_holds_no_reminder_even_after_an_accept(campaign, servers, tmp_path):
    """QA qamailbox25 F2: a read receipt says the invite was opened and not answered, exactly the unit a
    reminder is for; it held the reminders as "有邮件待人工查看", and an accepted unit whose Outlook sent one
    later lost its meeting reminder. Now 区财政局 (unanswered, Foxmail's 收条) is asked to answer and 区自然资源局
    (accepted, then Outlook's MDN) is reminded of its meeting."""
    table, invites = campaign

    def ours(invite: Invite) -> str:
        return f"<{invite.uid}.{invite.sequence}@example.org>"

    at = "Tue, 07 Sep 2021 09:30:00 +0800"  # after the mailing, before the reminders' run
    box = maildir(
        tmp_path / "Maildir-receipts",
        shapes.read_receipt("czj@example.org", "邀请：…：区财政局", ours(invites["区财政局"]), "foxmail", at=at),
        shapes.read_receipt("zrzyj@example.org", "邀请：…：区自然资源局", ours(invites["区自然资源局"]), at=at),
    )
    read = run("replies", str(table), "--maildir", str(box))
    assert read.exit_code == 0 and "有邮件待人工查看" not in read.output, read.output
    server = servers(tls="starttls")
    result = remind(table, server, shanghai(7, 10), "--dry-run", str(tmp_path / "eml"))
    assert result.exit_code == 0, result.output
    assert "未提醒 区财政局" not in result.output and "未提醒 区自然资源局" not in result.output, result.output
    names = {p.name for p in (tmp_path / "eml" / "reminders").iterdir()}
    assert "区财政局-answer-1.eml" in names and "区自然资源局-meeting.eml" in names, names


def test_reminders_wait_for_a_replies_run_reading_the_ledger_and_then_refuse_naming_it(campaign, servers, tmp_path):
    """QA qaimap26 F7: ``send --remind`` beside a long ``replies`` reminded 26 units whose answers were being
    read. It waits for the ledger as a second ``replies`` does (3 s), then refuses, nothing mailed; a run
    that ends meanwhile is waited for and its answers count."""
    import threading
    import time

    from scheduler.replies.ledger import Ledger

    table, _invites = campaign
    server = servers(tls="starttls")
    ledger = table.parent / "replies-ledger.jsonl"
    with Ledger(ledger):  # a replies run under way
        started = time.monotonic()
        refused = remind(table, server, shanghai(7, 10), "--dry-run", str(tmp_path / "eml"))
        waited = time.monotonic() - started
    assert refused.exit_code == 2, refused.output
    assert (
        "另一个 replies 正在读取答复（" in refused.output and "请等它结束后再发提醒（未发送任何提醒）" in refused.output
    )
    assert "Traceback" not in refused.output and waited >= 2.5
    assert not (tmp_path / "eml").exists() and received(server) == []
    holder = Ledger(ledger)
    threading.Timer(1.0, holder.close).start()  # a run that ends a second later: waited for
    done = remind(table, server, shanghai(7, 10), "--dry-run", str(tmp_path / "eml"))
    assert done.exit_code == 0, done.output
    names = {p.name for p in (tmp_path / "eml" / "reminders").iterdir()}
    assert "区民政局-answer-1.eml" in names and not any(n.startswith("区自然资源局-answer") for n in names)
