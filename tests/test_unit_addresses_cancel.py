"""A unit's further address taken off the contacts (QA qamail18 F1, F2): after ``send --remind`` mailed
that address its reminders, the reminders' journal lines are never read back as invites (no phantom
copies, no "state.json 落后" on every run, one cancellation per address), and the cancellation of one
person's copy tells them they are no longer on the list while the unit's meeting stands. Over a real
SMTP server (tests/smtp_helpers.py)."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest

from scheduler.invites.folder import read_invites
from scheduler.mail.journal import SENT, lines
from tests.conftest import edit
from tests.replies_helpers import run

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
SECOND = "区财政局,czj2@example.org,陈某\n"
MAILED = datetime(2021, 9, 6, 8, 0, tzinfo=UTC)
REMINDED = datetime(2021, 9, 7, 2, 0, tzinfo=UTC)  # 9月7日 10:00 in Shanghai: 区财政局 meets 9月8日 11:00
LATER = datetime(2021, 9, 7, 9, 0, tzinfo=UTC)


def _two_people(example: Path) -> None:
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "区财政局,czj@example.org,刘某\n" + SECOND)


def _send(table: Path, server, when: datetime, *args: str):
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"SOURCE_DATE_EPOCH": str(int(when.timestamp())), "DOCKING_NOW": when.isoformat()}
    result = run("send", str(table), *options, *args, env=env)
    assert result.exit_code == 0, result.output
    return result


def _received(server, since: int) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(d, policy=policy.default) for _, _, d in server.recorder.messages[since:]]


def _reminded(example: Path, servers):
    """The 2021 notice with 区财政局 at two addresses: invites mailed, then the reminders of 9月7日 (the
    meeting reminder to both of 区财政局's addresses)."""
    server = servers(tls="starttls")
    _two_people(example)
    table = example / "notice_2021.csv"
    _send(table, server, MAILED)
    assert len(server.recorder.messages) == 30
    _send(table, server, REMINDED, "--remind")
    told = [m["To"].addresses[0].addr_spec for m in _received(server, 30) if "区财政局" in str(m["To"])]
    assert "czj2@example.org" in told, told
    return server, table


def test_a_further_addresss_reminders_are_not_read_back_as_invites(example, servers):
    server, table = _reminded(example, servers)
    env = {"DOCKING_NOW": LATER.isoformat()}
    for _ in range(2):
        again = run("ics", str(table), "--out", str(example / "invites"), env=env)
        assert again.exit_code == 0, again.output
        assert "落后" not in again.output, again.output
    copies = sorted(p.name for p in (example / "invites" / "区财政局").rglob("*"))
    assert copies == ["czj2@example.org.ics"], copies
    edit(example / "contacts_2021.csv", SECOND, "")
    before = len(server.recorder.messages)
    result = _send(table, server, LATER)
    assert "已发送 1，" in result.output, result.output
    (cancel,) = _received(server, before)
    assert cancel["To"].addresses[0].addr_spec == "czj2@example.org"
    assert "已发送 0，" in _send(table, server, LATER).output and len(server.recorder.messages) == before + 1
    cancels = [e for e in lines(example / "mail-journal.jsonl") if e.state == SENT and e.method == "CANCEL"]
    assert len(cancels) == 1, cancels


def test_the_unit_leaving_after_its_further_address_was_reminded_cancels_each_address_once(example, servers):
    server, table = _reminded(example, servers)
    edit(table, "4,9 月 8 日 11:00,区财政局,,部门,\n", "")
    before = len(server.recorder.messages)
    result = _send(table, server, LATER)
    assert "已发送 2，" in result.output, result.output
    to = sorted(m["To"].addresses[0].addr_spec for m in _received(server, before))
    assert to == ["czj2@example.org", "czj@example.org"]


def _calendar(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return part.get_content()


def _text(message) -> str:
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()


def _mailed(example: Path, servers):
    server = servers(tls="starttls")
    _two_people(example)
    table = example / "notice_2021.csv"
    _send(table, server, MAILED)
    assert len(server.recorder.messages) == 30
    return server, table


@pytest.mark.parametrize("row", [SECOND, "区财政局,czj@example.org,刘某\n"])
def test_a_person_taken_off_is_told_they_are_off_the_list_and_the_meeting_stands(example, servers, row):
    """QA qamail18 F2: the person taken off (a further address, or the one holding the unit's invite) got
    "已取消：…" and "区财政局原定于…的对接已取消" while the unit's meeting was still held for the other."""
    server, table = _mailed(example, servers)
    person = "陈某" if row == SECOND else "刘某"
    address = row.split(",")[1]
    edit(example / "contacts_2021.csv", row, "")
    result = _send(table, server, LATER)
    (cancel,) = [m for m in _received(server, 30) if m["To"].addresses[0].addr_spec == address]
    assert cancel["Subject"] == "您已不在参会名单中：基层政务公开标准对接：区财政局", result.output
    ics = _calendar(cancel)
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" not in ics and f"mailto:{address}" in ics
    letter = _text(cancel)
    assert letter.startswith(f"区财政局 {person}：") and "对接照常举行" in letter and "已取消" not in letter, letter
    assert "已发送 0，" in _send(table, server, LATER).output


def test_the_unit_leaving_still_tells_each_person_its_meeting_is_cancelled(example, servers):
    server, table = _mailed(example, servers)
    edit(table, "4,9 月 8 日 11:00,区财政局,,部门,\n", "")
    _send(table, server, LATER)
    cancels = _received(server, 30)
    assert len(cancels) == 2
    for cancel in cancels:
        assert cancel["Subject"].startswith("已取消：") and "STATUS:CANCELLED" in _calendar(cancel)


def test_a_cancellation_written_before_keeps_its_wording_and_is_not_mailed_again(example, servers, monkeypatch):
    """A folder whose copy's cancellation the release before wrote (and mailed) as the unit's meeting
    cancelled: the upgrade re-words nothing, so nothing is mailed again, nor a new SEQUENCE."""
    import scheduler.invites.calendar as calendar

    server, table = _mailed(example, servers)
    edit(example / "contacts_2021.csv", SECOND, "")
    before = calendar._cancelled_meeting

    def as_before(ctx, record, filename, mailed=None, held=False, names=None):  # the release before's CANCEL
        return before(ctx, record, filename, mailed, False, {})

    monkeypatch.setattr(calendar, "_cancelled_meeting", as_before)
    _send(table, server, LATER)
    (cancel,) = _received(server, 30)
    assert cancel["Subject"].startswith("已取消：") and "STATUS:CANCELLED" in _calendar(cancel)
    monkeypatch.undo()
    files = {p: p.read_bytes() for p in (example / "invites").rglob("*.ics")}
    assert "已发送 0，" in _send(table, server, LATER).output and len(server.recorder.messages) == 31
    assert {p: p.read_bytes() for p in (example / "invites").rglob("*.ics")} == files
    (example / "invites" / "state.json").unlink()  # rebuilt from the files: the same
    assert "已发送 0，" in _send(table, server, LATER).output and len(server.recorder.messages) == 31


FOUR = "区财政局,czj@example.org、czj2@example.org、czj3@example.org、czj4@example.org,刘某、陈某、甲、乙\n"


def test_the_send_guard_counts_a_units_people_as_one_withdrawal(example, servers):
    """QA qamail18 F5: one unit of four people withdrawn needed --allow-cancel at send ("4 封", "已发出邀请的
    单位 32 个" of 29 units): the send guard counted addresses. It counts units, as the export's does."""
    server = servers(tls="starttls")
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", FOUR)
    table = example / "notice_2021.csv"
    _send(table, server, MAILED)
    assert len(server.recorder.messages) == 32
    edit(table, "4,9 月 8 日 11:00,区财政局,,部门,\n", "")
    result = _send(table, server, LATER)
    assert "已发送 4，" in result.output, result.output
    # three units withdrawn, exported with consent: send asks again, counting units
    for row in ("5,9 月 8 日 11:00,区民政局", "6,9 月 8 日 15:00,区司法局", "7,9 月 9 日 9:00,区人社局"):
        text = table.read_text(encoding="utf-8")
        line = next((x for x in text.splitlines() if x.split(",")[2:3] == [row.split(",")[2]]), None)
        assert line is not None, row
        table.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    env = {"DOCKING_NOW": LATER.isoformat()}
    exported = run("ics", str(table), "--out", str(example / "invites"), "--allow-cancel", env=env)
    assert exported.exit_code == 0, exported.output
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    refused = run("send", str(table), *options, env=env)
    assert refused.exit_code == 2, refused.output
    assert "将给 3 个单位寄出取消通知（已发出邀请的单位 29 个，未经确认最多 2 个）" in refused.output, refused.output


def test_a_cancellation_to_a_bounced_address_taken_off_is_not_held_as_work_left(example, servers, tmp_path):
    """QA qamail18 F7: a further address whose invite bounced, corrected in the contacts: every later send
    held the cancellation to the dead address as work left ("未发送给 … 请在通讯录中改正地址 … --allow-bounced
    照发", exit 1). It is not mailed (it cannot arrive), said as a cancellation not sent, and not a fault."""
    from tests import reply_mails as shapes
    from tests.replies_helpers import maildir

    server, table = _mailed(example, servers)
    second = next(i for i in read_invites(example / "invites") if i.unit == "区财政局" and i.key)
    message_id = f"<{second.journal_key.replace('/', '.')}.{second.sequence}@example.org>"
    returned = shapes.invite_mail("czj2@example.org", message_id, second.data)
    box = maildir(tmp_path / "Maildir", shapes.bounce(returned, "czj2@example.org", "5.1.1"))
    read = run("replies", str(table), "--maildir", str(box))
    assert read.exit_code == 0 and "（czj2@example.org）的邀请被退回（5.1.1）" in read.output, read.output
    edit(example / "contacts_2021.csv", SECOND, "区财政局,czj3@example.org,陈某\n")
    for _ in range(2):
        result = _send(table, server, LATER)
        assert "czj2@example.org 的邮件被退回过" not in result.output, result.output
        assert "1 个取消未发送（寄往该地址的邮件被退回过）：区财政局 <czj2@example.org>" in result.output, result.output
    to = [m["To"].addresses[0].addr_spec for m in _received(server, 30)]
    assert to == ["czj3@example.org"], to


def test_a_reminder_not_sent_to_one_persons_address_names_that_address_and_why(example, servers):
    """QA qamail18 F6: ``未提醒 区财政局：当前邀请（第 0 版）尚未发出（先运行 send）`` for a further address that
    the server refused for good (550), while the unit's own address got its invite and its reminder: the
    line names the address, and says it was refused, not "run send first" (which only repeats the 550)."""
    server, table = _second_refused(example, servers)
    result = _send(table, server, REMINDED, "--remind")
    said = "未提醒 区财政局 <czj2@example.org>：邀请被对方服务器拒收（550 5.1.1）：请核对地址"
    assert said in result.output, result.output
    assert "先运行 send" not in result.output, result.output
    told = [m["To"].addresses[0].addr_spec for m in _received(server, 29) if "区财政局" in str(m["To"])]
    assert told == ["czj@example.org"], told


def _refuse_second(stage, recorder, envelope):
    if stage == "DATA" and envelope.rcpt_tos == ["czj2@example.org"]:
        return "550 5.1.1 <czj2@example.org>: mailbox unavailable"
    return None


def _second_refused(example: Path, servers):
    """The invites mailed, the server refusing 区财政局's second address for good (550)."""
    server = servers(tls="starttls", fault=_refuse_second)
    _two_people(example)
    table = example / "notice_2021.csv"
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"SOURCE_DATE_EPOCH": str(int(MAILED.timestamp())), "DOCKING_NOW": MAILED.isoformat()}
    assert run("send", str(table), *options, env=env).exit_code == 1
    return server, table


def test_a_cancellation_not_sent_to_an_address_never_reached_does_not_say_the_unit_never_was(example, servers):
    """QA qamail18 F6: "1 个取消未发送（该单位从未收到过邀请）：区财政局 <czj2@example.org>", though 区财政局 got
    its invite at its own address: it is that address that never got one."""
    server, table = _second_refused(example, servers)
    edit(example / "contacts_2021.csv", SECOND, "")
    result = _send(table, server, LATER)
    assert "1 个取消未发送（收件地址从未收到过邀请）：区财政局 <czj2@example.org>" in result.output, result.output
    assert "该单位" not in result.output, result.output


def test_a_failure_names_the_address_as_the_contacts_wrote_it(example, servers):
    """QA qamail18 F6: ``失败：区民政局 <mzj@xn--zfr164b.xn--fiqs8s>``, an address the office cannot find in its
    sheet, which says ``mzj@政务.中国``."""

    def refuse(stage, recorder, envelope):
        if stage == "DATA" and envelope.rcpt_tos == ["mzj@xn--zfr164b.xn--fiqs8s"]:
            return "550 5.1.1 no such user"
        return None

    server = servers(tls="starttls", fault=refuse)
    edit(example / "contacts_2021.csv", "区民政局,mzj@example.org,", "区民政局,mzj@政务.中国,")
    table = example / "notice_2021.csv"
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    env = {"SOURCE_DATE_EPOCH": str(int(MAILED.timestamp())), "DOCKING_NOW": MAILED.isoformat()}
    result = run("send", str(table), *options, env=env)
    assert result.exit_code == 1
    assert "失败：区民政局 <mzj@政务.中国>：服务器答复 550 5.1.1 no such user" in result.output, result.output


def test_a_copys_message_id_is_on_one_line_for_scripts_that_read_it_raw(example, servers, tmp_path):
    """QA qamail18 F13: a copy's Message-ID (82 characters with its field name) was folded onto a line of
    its own, and ``email.message_from_bytes(...)["Message-ID"]`` (compat32) gave ``"\\r\\n <…>"``: a script
    copying it into In-Reply-To, or comparing it, missed. 7-bit, SMTPUTF8 and a reminder alike."""
    edit(
        example / "contacts_2021.csv",
        "区财政局,czj@example.org,刘某\n",
        "区财政局,czj@example.org,刘某\n" + SECOND + "区财政局,王老师@example.org,王老师\n",
    )
    table = example / "notice_2021.csv"
    env = {"SOURCE_DATE_EPOCH": str(int(MAILED.timestamp())), "DOCKING_NOW": MAILED.isoformat()}
    assert run("send", str(table), "--dry-run", str(tmp_path / "dry"), env=env).exit_code == 0
    server = servers(tls="starttls")
    _send(table, server, MAILED)
    remind = ["--remind", "--dry-run", str(tmp_path / "rem")]
    assert "封提醒写入" in _send(table, server, REMINDED, *remind).output
    files = [*(tmp_path / "dry" / "区财政局").glob("*.eml"), *(tmp_path / "rem" / "reminders").glob("区财政局*.eml")]
    assert len(files) >= 3, files
    for path in files:
        raw = email.message_from_bytes(path.read_bytes())["Message-ID"]
        assert raw.startswith("<") and raw.endswith(">") and "\n" not in raw, (path.name, raw)


def test_starttls_on_an_implicit_tls_port_does_not_say_run_again(example, servers):
    """QA qamail18 F14: after "没有发出问候 … 试试 --ssl", the last line said "未尝试 29（重新运行同一命令继续）":
    the same command can only fail the same way."""
    server = servers(tls="ssl")
    table = example / "notice_2021.csv"
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    result = run("send", str(table), *options, "--smtp-timeout", "1", env={"DOCKING_NOW": MAILED.isoformat()})
    assert result.exit_code != 0
    assert "没有发出问候" in result.output and "试试 --ssl" in result.output, result.output
    assert "未尝试 29" in result.output and "重新运行同一命令" not in result.output, result.output


def test_a_person_put_back_after_their_cancellation_is_invited_not_told_of_an_update(example, servers):
    """QA qamail18 F9: put back after their cancellation, a person got "已更新：…", "日历中原有的邀请会随之更新 …
    时间、地点不变，其他内容有更新": the last thing they were told is that they are off the list, and their
    calendar holds no invite to update. They get an invitation (its SEQUENCE above the cancellation's)."""
    server, table = _mailed(example, servers)
    edit(example / "contacts_2021.csv", SECOND, "")
    _send(table, server, LATER)
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "区财政局,czj@example.org,刘某\n" + SECOND)
    before = len(server.recorder.messages)
    _send(table, server, LATER)
    (mail,) = _received(server, before)
    assert mail["To"].addresses[0].addr_spec == "czj2@example.org"
    assert mail["Subject"] == "邀请：基层政务公开标准对接：区财政局", mail["Subject"]
    letter = _text(mail)
    assert "随之更新" not in letter and "不变" not in letter, letter
    assert "METHOD:REQUEST" in _calendar(mail) and "SEQUENCE:2" in _calendar(mail)


def test_an_answer_reminder_attaches_the_invite_as_the_invite_mail_does(example, servers):
    """QA qamail18 F12 (in part): the answer reminder's invite.ics had no ``name=`` in its Content-Type and a
    MIME-Version of its own inside the part; the invite mail's attachment has the one and not the other."""
    server, table = _mailed(example, servers)
    _send(table, server, datetime(2021, 9, 8, 0, 30, tzinfo=UTC), "--remind")  # 2 days on: 请答复 due
    asked = [m for m in _received(server, 30) if str(m["Subject"]).startswith("请答复")]
    assert asked
    for mail in asked:
        (part,) = [p for p in mail.walk() if p.get_filename() == "invite.ics"]
        assert part.get_param("name") == "invite.ics" and part["MIME-Version"] is None, part.as_string()[:300]
