"""``replies`` end to end on Maildir, mbox and .eml folders: who comes, read once, resumed, outdated and
untrusted answers, malformed mails, the outputs, and ``reschedule --from-replies``."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import mailbox
import os
import re
import stat
from datetime import UTC, datetime

import pytest

from scheduler.invites.folder import read_invites
from scheduler.replies.collect import collect
from scheduler.replies.ledger import Ledger, read_ledger
from scheduler.replies.mailboxes import Maildir
from tests import reply_mails as shapes
from tests.replies_helpers import answer, campaign, maildir, run


@pytest.fixture
def sent(example):
    """The notice's invites exported beside the table and mailed; (table, invites by unit)."""
    return example / "notice_2021.csv", campaign(example)


def row(output: str, unit: str) -> str:
    """The line of the standings table that names ``unit``."""
    return next(line for line in output.splitlines() if f"  {unit}  " in line + "  ")


def test_who_comes_from_every_client_and_a_second_run_reads_nothing_new(sent, tmp_path):
    table, invites = sent
    units = list(invites)
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(answer(invites[units[0]], comment="准时参加，带齐材料")),
        shapes.gmail(answer(invites[units[1]], partstat="DECLINED", comment="当天有全局大会")),
        shapes.apple(answer(invites[units[2]], partstat="TENTATIVE")),
        shapes.thunderbird(answer(invites[units[3]], proposed=datetime(2021, 9, 9, 10, 0), comment="上午不行")),
        shapes.foxmail(answer(invites[units[4]], comment="收到")),
        shapes.plain_mail("someone@example.org", "周报"),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "检查 6 封邮件，新的日历答复邮件 5 封，此前已读 0 封" in result.output
    assert "接受" in row(result.output, units[0]) and "准时参加，带齐材料" in row(result.output, units[0])
    assert "拒绝" in row(result.output, units[1]) and "当天有全局大会" in row(result.output, units[1])
    assert "暂定" in row(result.output, units[2])
    assert "提议新时间" in row(result.output, units[3]) and "提议改到 9月9日 10:00" in row(result.output, units[3])
    assert "接受" in row(result.output, units[4])
    assert "未答复" in row(result.output, units[5])
    assert "接受 2，拒绝 1，暂定 1，提议新时间 1，未答复 24（共 29 个单位）" in result.output
    assert len(read_ledger(table.parent / "replies-ledger.jsonl").mails) == 5

    again = run("replies", str(table), "--maildir", str(box), "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "6 messages examined, 0 new calendar mails, 5 read before" in again.output
    assert "2 accepted, 1 declined, 1 tentative, 1 counter, 24 no answer (29 units)" in again.output
    assert "counter" in row(again.output, units[3]) and "proposes Sep 9 10:00" in row(again.output, units[3])
    assert len((table.parent / "replies-ledger.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_the_ledger_is_stamped_with_the_command_s_now_as_the_journal_is(sent, tmp_path):
    """leftfix17: the ledger's read_at took the computer's clock while the mail journal takes the command's
    now ($DOCKING_NOW, a rehearsal): one rule, the given now when there is one, else the clock."""
    table, invites = sent
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"])))
    result = run("replies", str(table), "--maildir", str(box), env={"DOCKING_NOW": "2021-09-07T09:30:00+08:00"})
    assert result.exit_code == 0, result.output
    (mail,) = read_ledger(table.parent / "replies-ledger.jsonl").mails
    assert mail.read_at == datetime(2021, 9, 7, 1, 30, tzinfo=UTC)


def test_the_same_mail_from_mbox_maildir_and_eml_counts_once(sent, tmp_path):
    table, invites = sent
    mail = shapes.outlook(answer(invites["区财政局"], partstat="DECLINED"))
    box = mailbox.mbox(tmp_path / "Inbox")
    box.add(mail)
    box.close()
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "回复.eml").write_bytes(mail)
    first = run("replies", str(table), "--mbox", str(tmp_path / "Inbox"))
    assert first.exit_code == 0, first.output
    assert "新的日历答复邮件 1 封" in first.output
    for option, path in (("--maildir", maildir(tmp_path / "Maildir", mail)), ("--eml", tmp_path / "saved")):
        again = run("replies", str(table), option, str(path))
        assert again.exit_code == 0, again.output
        assert "新的日历答复邮件 0 封，此前已读 1 封" in again.output
        assert "接受 0，拒绝 1，" in again.output


def test_the_newest_answer_wins_whatever_order_the_mails_are_read(sent, tmp_path):
    table, invites = sent
    invite = invites["区财政局"]
    early = answer(invite, partstat="ACCEPTED", stamp=datetime(2021, 9, 6, 9, 0, tzinfo=UTC))
    late = answer(invite, partstat="DECLINED", comment="临时有会", stamp=datetime(2021, 9, 7, 9, 0, tzinfo=UTC))
    box = maildir(tmp_path / "Maildir", shapes.gmail(late), shapes.outlook(early))
    result = run("replies", str(table), "--maildir", str(box))
    assert "拒绝" in row(result.output, "区财政局") and "临时有会" in row(result.output, "区财政局")


def test_an_answer_to_an_older_sequence_is_outdated(sent, tmp_path):
    table, invites = sent
    invite = invites["区财政局"]
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invite, partstat="ACCEPTED", sequence=0)))
    # the unit moves: its invite becomes SEQUENCE 1 (exported, not yet mailed)
    moved = run("reschedule", str(table), "--unavailable", "区财政局@9月8日 11:00", "--out", str(table.parent))
    assert moved.exit_code == 0, moved.output
    result = run("replies", str(table.parent / "timetable.csv"), "--maildir", str(box))
    line = row(result.output, "区财政局")
    assert "未答复" in line and "当前邀请（第 1 次更新的邀请）尚未发出" in line
    assert "此前对最初的邀请答复“接受”，对当前邀请尚未答复" in line


def test_an_answer_from_another_address_is_shown_and_not_trusted(sent, tmp_path):
    table, invites = sent
    invite = invites["区财政局"]
    forwarded = answer(invite, partstat="DECLINED", sender="liu.personal@example.test")
    for_someone_else = answer(invite, partstat="ACCEPTED", attendee="stranger@example.test")
    box = maildir(tmp_path / "Maildir", shapes.outlook(forwarded), shapes.gmail(for_someone_else))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    line = row(result.output, "区财政局")
    assert "未答复" in line and "另有 2 封答复未采信" in line
    assert "发件人 liu.personal@example.test 与答复的参加人 czj@example.org 不符" in result.output
    assert "答复的参加人 stranger@example.test 不是受邀地址 czj@example.org" in result.output


def test_a_secretary_with_sent_by_is_shown_not_counted_and_a_named_delegate_is_trusted(sent, tmp_path):
    """SENT-BY from an address the invite never went to: shown on one line, not counted (anyone can write
    it). Delegation: the delegate's answer is trusted when the invitee's own DELEGATED answer named that
    delegate; nobody else's is."""
    table, invites = sent
    czj, swj, mzj = invites["区财政局"], invites["区税务局"], invites["区民政局"]
    stamp = datetime(2021, 9, 7, 9, 0, tzinfo=UTC)
    secretary = answer(
        czj, partstat="DECLINED", comment="有会", sender="mishu@example.test", sent_by="mishu@example.test"
    )
    passed_on = answer(swj, partstat="DELEGATED", delegated_to="lisi@example.test")
    delegate = answer(swj, partstat="ACCEPTED", attendee="lisi@example.test", name="李四", stamp=stamp,
                      delegated_from=swj.attendee.address)  # fmt: skip
    self_named = answer(mzj, partstat="ACCEPTED", attendee="zhang@example.test", delegated_from=mzj.attendee.address)
    pretends = answer(mzj, partstat="DECLINED", sender="other@example.test", sent_by="mishu@example.test")
    box = maildir(
        tmp_path / "Maildir",
        *(shapes.thunderbird(r) for r in (delegate, passed_on, self_named)),  # the delegate read first
        *(shapes.outlook(r) for r in (secretary, pretends)),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "未答复" in row(result.output, "区财政局")
    said = "关于区财政局的答复未采信：由 mishu@example.test 代 czj@example.org 答复（SENT-BY），未计入"
    assert said in result.output and "代为答复" not in result.output
    line = row(result.output, "区税务局")
    assert "接受" in line and f"{swj.attendee.address} 已转交 lisi@example.test，由其答复" in line
    line = row(result.output, "区民政局")
    assert "未答复" in line and "另有 2 封答复未采信" in line


def test_a_secretary_in_the_contacts_delegate_column_answers_for_that_unit_only(example, tmp_path):
    """The contacts' 代理邮箱 (two addresses, 、 between them): the secretary's answer on the unit's behalf
    (SENT-BY) and the other secretary's answer from a forwarded copy count for 区财政局 and say who answered
    for whom (zh and en, and in the 答复 column written with --out); the same secretary answering for
    another unit is not counted."""
    contacts = example / "contacts_2021.csv"
    lines = contacts.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [
        f"{line}," + ("mishu@example.org、bgs@example.org" if "区财政局" in line else "") for line in lines[1:]
    ]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    invites = campaign(example)
    table = example / "notice_2021.csv"
    czj, fgw, swj = invites["区财政局"], invites["区发改委"], invites["区税务局"]
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(
            answer(czj, partstat="DECLINED", comment="有会", sender="mishu@example.org", sent_by="mishu@example.org")
        ),
        shapes.outlook(answer(fgw, partstat="ACCEPTED", sender="mishu@example.org", sent_by="mishu@example.org")),
        shapes.thunderbird(answer(swj, partstat="TENTATIVE", attendee="bgs@example.org", sender="bgs@example.org")),
    )
    result = run("replies", str(table), "--maildir", str(box), "--out", str(example))
    assert result.exit_code == 0, result.output
    line = row(result.output, "区财政局")
    assert "拒绝" in line and "有会" in line and "mishu@example.org 代 区财政局 答复" in line
    assert "未答复" in row(result.output, "区发改委") and "未答复" in row(result.output, "区税务局")
    assert "不是发给其邀请的地址，也不是其代理邮箱" in result.output
    assert "拒绝：有会；mishu@example.org 代 区财政局 答复" in (example / "timetable.csv").read_text(
        encoding="utf-8-sig"
    )
    english = run("replies", str(table), "--lang", "en")
    assert "mishu@example.org for 区财政局" in row(english.output, "区财政局")

    forwarded = maildir(
        tmp_path / "Forwarded",
        shapes.thunderbird(
            answer(
                czj,
                partstat="ACCEPTED",
                attendee="bgs@example.org",
                sender="bgs@example.org",
                stamp=datetime(2021, 9, 7, 9, 0, tzinfo=UTC),
            )
        ),
    )
    later = run("replies", str(table), "--maildir", str(forwarded))
    assert "接受" in row(later.output, "区财政局") and "bgs@example.org 代 区财政局 答复" in row(
        later.output, "区财政局"
    )


def test_the_invitees_own_attendee_from_a_delegate_address_without_sent_by_counts(example, tmp_path):
    """QA qacamp24 F9: the answer names the invited address as ATTENDEE with no SENT-BY and comes From an
    address the contacts list as that invitee's 代理邮箱 (a "send mail as" alias, a forwarding rule answered
    as the invited address): the office said in writing that this address answers for them, and the
    ATTENDEE is exactly the invited one, so it counts ("X 代 Y 答复"). The same address answering for
    another unit, whose 代理邮箱 it is not, still does not."""
    contacts = example / "contacts_2021.csv"
    lines = contacts.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [f"{line}," + ("alias@example.org" if "区财政局" in line else "") for line in lines[1:]]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    invites = campaign(example)
    table = example / "notice_2021.csv"
    czj, fgw = invites["区财政局"], invites["区发改委"]
    box = maildir(
        tmp_path / "Maildir",
        shapes.gmail(answer(czj, partstat="ACCEPTED", sender="alias@example.org")),
        shapes.gmail(answer(fgw, partstat="ACCEPTED", sender="alias@example.org")),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    line = row(result.output, "区财政局")
    assert "接受" in line and "alias@example.org 代 区财政局 答复" in line
    assert "未答复" in row(result.output, "区发改委")


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("mishu@example.org bgs@example.org", "多个地址之间请用“、”或“;”分隔"),  # no separator between them
        ("mishu＠example。org", "域名中有中文句号"),
    ],
)
def test_a_bad_delegate_address_in_the_contacts_is_one_line_naming_file_row_and_column(example, cell, said):
    contacts = example / "contacts_2021.csv"
    lines = contacts.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [f'{line},"{cell}"' if n == 3 else f"{line}," for n, line in enumerate(lines[1:], start=2)]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("ics", str(example / "notice_2021.csv"), "--out", str(example / "invites"))
    assert result.exit_code == 2, result.output
    (message,) = [line for line in result.output.splitlines() if line.strip()]
    assert "contacts_2021.csv" in message and "第 3 行" in message and "代理邮箱" in message
    assert said in message and "Traceback" not in result.output
    assert not (example / "invites").exists()


def test_malformed_mails_each_get_one_line_and_the_good_ones_count(sent, tmp_path):
    table, invites = sent
    good = shapes.thunderbird(answer(invites["区发改委"], partstat="ACCEPTED"))
    no_method = shapes.single_part(
        answer(invites["区财政局"]),
        shapes.foxmail_calendar(answer(invites["区财政局"], partstat="DECLINED")).replace("METHOD:REPLY\r\n", ""),
        "text/calendar; charset=utf-8",
    )
    wrong_uid = shapes.apple(answer(invites["区民政局"], uid="not-ours-1234@example.test"))
    text = shapes.outlook(answer(invites["区税务局"])).decode()
    start = text.index("\r\n\r\n", text.index("Content-Type: text/calendar")) + 4
    broken = (text[:start] + "QkVHSU46VkNBT!!!\r\n" + text[text.index("--_000_", start) :]).encode()
    garbage = shapes.single_part(
        answer(invites["区教育局"]), "BEGIN:VCALENDAR\r\nnonsense", "text/calendar; method=REPLY"
    )
    cal = shapes.foxmail_calendar(answer(invites["区环保局"], comment="收到")).encode("gbk")
    wrong_charset = shapes.foxmail(answer(invites["区环保局"], comment="收到"), calendar_charset="utf-8", data=cal)
    box = maildir(tmp_path / "Maildir", no_method, wrong_uid, broken, garbage, wrong_charset, good)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "没有 METHOD，不是规范的答复，未计入（其中写的是 DECLINED）" in result.output
    assert "答复的不是本次的邀请（UID not-ours-1234@example.test），未计入" in result.output
    assert "base64 编码已损坏" in result.output
    assert "无法解析：内容不完整或格式不对" in result.output  # not the parser's English (qafuzz17 #11)
    assert "Found no components" not in result.output and "BEGIN:VCALENDAR" not in result.output
    assert "接受" in row(result.output, "区发改委")
    assert "接受" in row(result.output, "区环保局")  # the wrong charset was read anyway
    assert "未答复" in row(result.output, "区财政局")
    kept = read_ledger(table.parent / "replies-ledger.jsonl")
    # the answer to another UID is known by its key alone (QA qamailbox25 F9), the other five kept whole
    assert len(kept.mails) == 5 and len(kept.keys) >= 6
    again = run("replies", str(table), "--maildir", str(box))
    # each problem gets its line when its mail is read, once; the unit's row keeps saying a mail awaits a person
    assert again.output.count("base64") == 1 and "base64 编码已损坏" in row(again.output, "区税务局")


class Interrupting(Maildir):
    """A Maildir whose reading is interrupted (Ctrl-C) after ``after`` messages."""

    def __init__(self, path, after):
        super().__init__(path)
        self.after = after

    def messages(self, known, limit, checkpoint=None):
        for count, item in enumerate(super().messages(known, limit, checkpoint)):
            if count == self.after:
                raise KeyboardInterrupt
            yield item


def test_many_answers_to_another_campaign_are_one_line(sent, tmp_path):
    """QA loop L5: a mailbox shared with another campaign printed one line per answer of it (27); more than
    a few read at once are counted on one line; a few are still named one by one (above)."""
    table, invites = sent
    units = ["区民政局", "区税务局", "区教育局", "区环保局"]
    foreign = [shapes.apple(answer(invites[u], uid=f"other-{i}@example.test")) for i, u in enumerate(units)]
    result = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", *foreign)))
    assert result.exit_code == 0, result.output
    assert "4 封答复的不是本次的邀请（4 个其他邀请：同一邮箱中的其他活动或会议？），未计入" in result.output
    assert "UID other-" not in result.output


def test_an_interrupted_run_keeps_what_it_read_and_the_next_one_goes_on(sent, tmp_path):
    table, invites = sent
    units = list(invites)[:5]
    box = maildir(tmp_path / "Maildir", *(shapes.outlook(answer(invites[u])) for u in units))
    ledger_path = table.parent / "replies-ledger.jsonl"
    with Ledger(ledger_path) as ledger, pytest.raises(KeyboardInterrupt):
        collect(Interrupting(box, 3), ledger)
    assert len(read_ledger(ledger_path).mails) == 3
    # a crash in the middle of writing a line leaves half of it: it is dropped, the mail read again
    with ledger_path.open("ab") as handle:
        handle.write(b'{"v": 1, "kind": "mail", "key": "<half')
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "新的日历答复邮件 2 封，此前已读 3 封" in result.output
    assert "接受 5，" in result.output
    assert len(read_ledger(ledger_path).mails) == 5


def test_a_damaged_or_busy_ledger_stops_with_one_line(sent, tmp_path):
    table, invites = sent
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"])))
    ledger_path = table.parent / "replies-ledger.jsonl"
    ledger_path.write_text('{"v": 1, "kind": "mail", "key": "a"}\nnot json\n{"v": 1}\n', encoding="utf-8")
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 2 and "replies-ledger.jsonl" in result.output and "第 2 行" in result.output
    ledger_path.unlink()
    with Ledger(ledger_path):
        busy = run("replies", str(table), "--maildir", str(box))
    assert busy.exit_code == 2 and "另一个 replies 正在使用这个答复记录" in busy.output


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (
            ["--maildir", "a", "--mbox", "b"],
            "选项 --maildir/--mbox: --maildir、--mbox、--eml 和 --imap-host 只能选一个",
        ),
        (["--user", "x"], "选项 --user: --user 只用于 --imap-host"),
        (["--imap-host", "127.0.0.1"], "选项 --user: --imap-host 需要 --user"),
        (["--maildir", "no-such-dir"], "no-such-dir: 找不到这个文件夹或文件（请核对路径）"),  # not 邮箱: an address
        (["--folder", "x"], "选项 --folder: --folder 只用于 --imap-host"),
        (["--maildir", "x", "--imap-port", "1"], "选项 --imap-port: --imap-port 只用于 --imap-host"),
        (
            ["--imap-host", "h.example.org", "--user", "u", "--starttls", "--insecure-plain"],
            "选项 --starttls/--insecure-plain: --starttls 和 --insecure-plain 只能选一个",
        ),
    ],
)
def test_bad_options_stop_with_one_line(sent, args, text):
    """An option is named as every command names one, ``选项 --user:`` (docsaudit #7: replies said
    ``键“--user”:``, a rules file's key, so a clerk looked for ``--user`` in the rules file)."""
    table, _ = sent
    result = run("replies", str(table), *args)
    assert result.exit_code == 2 and text in result.output and result.output.count("\n") == 1, result.output
    assert not (table.parent / "replies-ledger.jsonl").exists()


def test_without_invites_it_says_what_to_do(example, tmp_path):
    result = run("replies", str(example / "notice_2021.csv"), "--maildir", str(maildir(tmp_path / "M")))
    assert result.exit_code == 2 and "没有找到邀请" in result.output


def test_the_answers_go_into_the_outputs(sent, tmp_path):
    table, invites = sent
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="当天有全局大会")),
        shapes.gmail(answer(invites["区发改委"])),
    )
    out = tmp_path / "out"
    result = run("replies", str(table), "--maildir", str(box), "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "timetable.csv").read_text(encoding="utf-8-sig"))))
    answers = {r["单位"]: r["答复"] for r in rows}
    assert answers["区财政局"] == "拒绝：当天有全局大会" and answers["区发改委"] == "接受"
    assert answers["区民政局"] == "未答复"
    sheet = list(csv.DictReader(io.StringIO((out / "replies.csv").read_text(encoding="utf-8-sig"))))
    assert {(r["单位"], r["答复"], r["是否采信"]) for r in sheet} == {
        ("区财政局", "拒绝", "采信"),
        ("区发改委", "接受", "采信"),
    }
    from openpyxl import load_workbook

    book = load_workbook(out / "timetable.xlsx")
    assert book.sheetnames == ["对接计划表", "数据", "答复情况"]
    header = [c.value for c in book["对接计划表"][2]]
    assert header[-1] == "答复"
    values = {r[header.index("单位")]: r[-1] for r in book["对接计划表"].iter_rows(min_row=3, values_only=True)}
    assert values["区财政局"] == "拒绝：当天有全局大会"
    said = book["答复情况"]["A1"].value  # when the answers were read, above the header (QA qaimap26 F3)
    assert re.match(r"答复读取于 \d+月\d+日 \d+:\d\d（.*Maildir：检查 2 封邮件，新的答复邮件 2 封）$", said), said
    assert [c.value for c in book["答复情况"][2]][:3] == ["单位", "答复", "留言"]
    assert book["答复情况"].max_row == 4 and book["答复情况"].auto_filter.ref.startswith("A2:")
    # the written folder checks as it stands (the 答复 column is not data), and answers are not carried over
    assert run("validate", str(out / "timetable.csv")).exit_code == 0
    assert run("validate", str(out / "timetable.xlsx")).exit_code == 0
    resolved = run(
        "solve",
        str(out / "timetable.csv"),
        "--rules",
        str(table.with_suffix(".toml")),
        "--out",
        str(tmp_path / "again"),
    )
    assert resolved.exit_code == 0, resolved.output
    assert "答复" not in (tmp_path / "again" / "timetable.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def times(folder) -> dict[str, str]:
    """Unit -> 时间 of the timetable.csv in ``folder``."""
    text = (folder / "timetable.csv").read_text(encoding="utf-8-sig")
    return {r["单位"]: r["时间"] for r in csv.DictReader(io.StringIO(text))}


def mailed(folder):
    """The invites exported in ``folder/invites``, marked as mailed; by unit."""
    from scheduler.invites.folder import read_invites
    from tests.replies_helpers import mark_sent

    invites = {i.unit: i for i in read_invites(folder / "invites")}
    mark_sent(folder, invites)
    return invites


def test_reschedule_from_a_decline_then_send_mails_only_the_moved_units(example, tmp_path):
    table = example / "notice_2021.csv"
    out = example / "out"
    assert run("solve", str(table), "--out", str(out)).exit_code == 0
    invites = mailed(out)
    before = times(out)
    box = maildir(
        tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="不行"))
    )
    assert run("replies", str(out / "timetable.csv"), "--maildir", str(box)).exit_code == 0
    result = run("reschedule", str(out / "timetable.csv"), "--from-replies", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "按 1 个单位的答复调整：" in result.output and "区财政局：拒绝 9月8日 11:00（“不行”）" in result.output
    after = times(out)
    moved = {unit for unit in after if after[unit] != before[unit]}
    assert "区财政局" in moved and after["区财政局"] != "2021-09-08 11:00"
    assert f"调整的单位（{len(moved)} 个）" in result.output
    text = (out / "timetable.csv").read_text(encoding="utf-8-sig")
    answers = {r["单位"]: r["答复"] for r in csv.DictReader(io.StringIO(text))}
    assert answers["区财政局"].startswith("未答复；当前邀请（第 1 次更新的邀请）尚未发出；此前对最初的邀请答复“拒绝”")
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert 'unit = "区财政局"\ntimes = [\n    "9月8日 11:00",\n]\nreason = "不行"' in rules
    assert run("validate", str(out / "timetable.csv")).exit_code == 0
    # the updates go out through send as today: exactly the moved units
    dry = run("send", str(out / "timetable.csv"), "--dry-run", str(tmp_path / "eml"))
    assert dry.exit_code == 0, dry.output
    assert {p.stem for p in (tmp_path / "eml").glob("*.eml")} == moved


def test_reschedule_from_replies_keeps_a_feasible_proposal_and_drops_an_impossible_one(sent, tmp_path):
    table, invites = sent
    counter_ok = answer(invites["区财政局"], proposed=datetime(2021, 9, 9, 10, 0), comment="上午不行")
    # a 部门 proposing a time among the street offices breaks the category order: it cannot be kept
    counter_bad = answer(invites["区住建局"], proposed=datetime(2021, 9, 10, 15, 0), comment="改到周五下午")
    box = maildir(tmp_path / "Maildir", shapes.outlook(counter_ok), shapes.thunderbird(counter_bad))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    out = tmp_path / "out"
    result = run("reschedule", str(table), "--from-replies", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "区财政局: not Sep 8 11:00, proposes Sep 9 10:00 ('上午不行')" in result.output
    assert "区住建局: not Sep 8 16:00, proposes Sep 10 15:00 ('改到周五下午')" in result.output
    assert "these proposed times cannot be kept and were left out" in result.output
    assert "left out (the declined times are still avoided): 区住建局 9月10日 15:00" in result.output
    after = times(out)
    assert after["区财政局"] == "9月9日 10:00"  # written as the table writes its times
    assert after["区住建局"] not in ("9月8日 16:00", "9月10日 15:00")


def test_reschedule_from_replies_with_nothing_to_do(sent):
    table, _ = sent
    result = run("reschedule", str(table), "--from-replies")
    assert result.exit_code == 0, result.output
    assert "答复中没有拒绝或提议新时间的单位：不因答复调整" in result.output
    assert "没有单位需要调整" in result.output


def test_ledger_lines_are_json_with_the_answer(sent, tmp_path):
    table, invites = sent
    box = maildir(tmp_path / "Maildir", shapes.gmail(answer(invites["区财政局"], comment="好的")))
    run("replies", str(table), "--maildir", str(box))
    (line,) = (table.parent / "replies-ledger.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["kind"] == "mail" and record["from"] == "czj@example.org"
    assert record["answers"][0]["partstat"] == "ACCEPTED" and record["answers"][0]["comment"] == "好的"


def test_the_python_example_of_the_how_to_runs(example, tmp_path, monkeypatch):
    import re

    from tests.conftest import ROOT

    text = (ROOT / "docs" / "replies.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.S)
    home = tmp_path / "home"
    assert run("solve", str(example / "notice_2021.csv"), "--out", str(tmp_path / "out")).exit_code == 0
    invites = mailed(tmp_path / "out")
    maildir(home / "Maildir", shapes.foxmail(answer(invites["区财政局"], partstat="DECLINED", comment="当天有会")))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "docs/replies.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert len(lines) == 29 and "区财政局 declined 当天有会" in lines


def test_answers_written_into_the_tables_own_folder_leave_its_rules_alone(example, tmp_path):
    out = example / "out"
    assert run("solve", str(example / "notice_2021.csv"), "--out", str(out)).exit_code == 0
    invites = mailed(out)
    rules = (out / "timetable.toml").read_bytes()
    box = maildir(tmp_path / "Maildir", shapes.apple(answer(invites["区财政局"], partstat="TENTATIVE")))
    result = run("replies", str(out / "timetable.csv"), "--maildir", str(box), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "timetable.toml" not in result.output and (out / "timetable.toml").read_bytes() == rules
    assert "区财政局,,部门,,暂定" in (out / "timetable.csv").read_text(encoding="utf-8-sig")
    assert run("validate", str(out / "timetable.csv")).exit_code == 0
    assert run("send", str(out / "timetable.csv"), "--dry-run", str(tmp_path / "eml")).output.count("将发送 0") == 1


def _finance_proposed(example, tmp_path):
    """The notice solved and mailed; 区财政局 proposes 9月9日 10:00 ("上午不行"), read by ``replies``: the
    folder and the Maildir."""
    table, out = example / "notice_2021.csv", example / "out"
    assert run("solve", str(table), "--out", str(out)).exit_code == 0
    invites = mailed(out)
    first = answer(invites["区财政局"], proposed=datetime(2021, 9, 9, 10, 0), comment="上午不行")
    box = maildir(tmp_path / "Maildir", shapes.outlook(first))
    assert run("replies", str(out / "timetable.csv"), "--maildir", str(box)).exit_code == 0
    return out, box


def test_two_rounds_of_reschedule_from_replies_a_newer_answer_replaces_the_earlier_proposal(example, tmp_path):
    """Round 1 writes the honoured proposal as a pin marked ``from = "reply"``; in round 2 the same unit
    declines that time (its updated invite) and proposes another: the old pin is lifted, the new one kept."""
    out, box = _finance_proposed(example, tmp_path)
    result = run("reschedule", str(out / "timetable.csv"), "--from-replies", "--out", str(out))
    assert result.exit_code == 0, result.output
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert '[[pins]]\nunit = "区财政局"\ntime = "2021-09-09 10:00"\nfrom = "reply"\nreason = "上午不行"' in rules
    # round 2: the update is mailed; the unit declines it (9月9日 10:00) and proposes 9月9日 11:00
    invites = mailed(out)
    assert invites["区财政局"].sequence == 1
    second = answer(
        invites["区财政局"],
        proposed=datetime(2021, 9, 9, 11, 0),
        comment="十点有会",
        stamp=datetime(2021, 9, 7, 8, 0, tzinfo=UTC),
    )
    maildir(box, shapes.outlook(second))
    assert run("replies", str(out / "timetable.csv"), "--maildir", str(box)).exit_code == 0
    result = run("reschedule", str(out / "timetable.csv"), "--from-replies", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "区财政局：此前按其提议固定在 9月9日 10:00，已按其对新邀请的答复取消该固定" in result.output
    assert "无法安排" not in result.output
    assert times(out)["区财政局"] == "2021-09-09 11:00"
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert rules.count("[[pins]]") == 1
    assert '[[pins]]\nunit = "区财政局"\ntime = "2021-09-09 11:00"\nfrom = "reply"\nreason = "十点有会"' in rules
    assert run("validate", str(out / "timetable.csv")).exit_code == 0
    # round 3 with no newer answer: the round-2 proposal is an outdated answer now and its pin stays
    mailed(out)
    result = run("reschedule", str(out / "timetable.csv"), "--from-replies", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "区财政局: declined Sep 9 10:00 before" in result.output and "lifted" not in result.output
    assert "No unit needs to move" in result.output


def pinned_by_an_older_build(example, tmp_path):
    """Round 1 as a build before ``from = "reply"`` wrote it: 区财政局 proposed 9月9日 10:00 and was pinned
    there by ``reschedule --from-replies`` with ``unit`` and ``time`` alone; the update is mailed. The
    folder, and the Maildir the answers are read from."""
    out, box = _finance_proposed(example, tmp_path)
    assert run("reschedule", str(out / "timetable.csv"), "--from-replies", "--out", str(out)).exit_code == 0
    rules = out / "timetable.toml"
    marked = '[[pins]]\nunit = "区财政局"\ntime = "2021-09-09 10:00"\nfrom = "reply"\nreason = "上午不行"\n'
    text = rules.read_text(encoding="utf-8")
    assert marked in text
    rules.write_text(text.replace(marked, '[[pins]]\nunit = "区财政局"\ntime = "2021-09-09 10:00"\n'), encoding="utf-8")
    return out, box, mailed(out)


def test_a_pin_an_older_build_wrote_for_a_proposal_is_lifted_by_the_units_newer_decline(example, tmp_path):
    """QA qaupgrade21 F2: such a pin has no ``from = "reply"``; the unit's decline of its update made the
    replan fail ("没有满足全部规则的时间表") until the office edited the rules by hand. The ledger holds the
    proposal it came from: it is that unit's own proposal, lifted as a marked one, and said so."""
    out, box, invites = pinned_by_an_older_build(example, tmp_path)
    assert invites["区财政局"].sequence == 1
    stamp = datetime(2021, 9, 7, 8, 0, tzinfo=UTC)
    maildir(box, shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="十点有会", stamp=stamp)))
    assert run("replies", str(out / "timetable.csv"), "--maildir", str(box)).exit_code == 0
    result = run("reschedule", str(out / "timetable.csv"), "--from-replies", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (
        '区财政局：固定在 9月9日 10:00 的 [[pins]] 没有写 from = "reply"，但正是它此前提议的时间：按其提议的固定对待，'
        "已按其对新邀请的答复取消该固定"
    ) in result.output
    assert times(out)["区财政局"] not in ("2021-09-09 10:00", "2021-09-08 11:00")
    assert "[[pins]]" not in (out / "timetable.toml").read_text(encoding="utf-8")
    assert run("validate", str(out / "timetable.csv")).exit_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refusal_names_a_pin_that_came_from_the_units_proposal(example, tmp_path, lang):
    """The same pin not lifted (the unit has not answered its update) and in the way of what the office
    now knows (the unit phoned: not that morning): the refusal says where the pin came from and what to
    do, instead of only "区财政局 固定在 9月9日 10:00"."""
    out, _, _ = pinned_by_an_older_build(example, tmp_path)
    args = ("--from-replies", "--unavailable", "区财政局@9月9日上午", "--lang", lang)
    result = run("reschedule", str(out / "timetable.csv"), *args)
    assert result.exit_code == 1, result.output
    rules = out / "timetable.toml"
    if lang == "zh":
        assert (
            "区财政局 固定在 9月9日 10:00 是它此前提议的时间（reschedule --from-replies 写下的固定）："
            "它不能来这个时间的话，"
            f'请删去 {rules} 中 unit = "区财政局" 的 [[pins]] 再运行'
        ) in result.output
    else:
        assert (
            f"区财政局 is pinned at Sep 9 10:00 because it proposed that time (a pin written by reschedule "
            f'--from-replies): if it cannot come then, delete the [[pins]] with unit = "区财政局" from {rules} '
            "and run again"
        ) in result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reschedule_from_replies_names_proposals_that_are_not_meeting_times(sent, tmp_path, lang):
    """A COUNTER at 9:30 (hourly meetings), on a day outside the calendar, or all day is a decline whose
    proposal is named as left out, as an impossible proposal is; never silently a plain decline."""
    table, invites = sent
    off_grid = answer(invites["区司法局"], proposed=datetime(2021, 9, 9, 9, 30), comment="九点半可以")
    outside = answer(invites["区乡村振兴局"], proposed=datetime(2021, 9, 20, 10, 0), comment="20日可以")
    all_day = answer(invites["区财政局"], proposed=datetime(2021, 9, 9, 0, 0), comment="9日都行")
    calendar = shapes.outlook_calendar(all_day).replace(
        "DTSTART;TZID=China Standard Time:20210909T000000", "DTSTART;VALUE=DATE:20210909"
    )
    same = answer(invites["区住建局"], proposed=datetime(2021, 9, 8, 16, 0), comment="原时间")  # its own time
    mails = (
        shapes.outlook(off_grid),
        shapes.thunderbird(outside),
        shapes.outlook(all_day, calendar),
        shapes.outlook(same),
    )
    assert run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", *mails))).exit_code == 0
    result = run("reschedule", str(table), "--from-replies", "--lang", lang)
    assert result.exit_code == 0, result.output
    if lang == "zh":
        assert "区司法局：不能 9月9日 8:00，提议的 9月9日 9:30 不是对接时间，未采用（“九点半可以”）" in result.output
        assert "区乡村振兴局：不能 9月9日 9:00，提议的 9月20日 10:00 不是对接时间，未采用" in result.output
        assert "区财政局：不能 9月8日 11:00，提议的 9月9日 0:00 不是对接时间，未采用（“9日都行”）" in result.output
        assert "区住建局：不能 9月8日 16:00，提议的 9月8日 16:00 正是其拒绝的时间，未采用" in result.output
    else:
        assert "区司法局: not Sep 9 8:00; its proposed Sep 9 9:30 is not a meeting time, left out" in result.output
        assert "区乡村振兴局: not Sep 9 9:00; its proposed Sep 20 10:00 is not a meeting time" in result.output
        assert "区财政局: not Sep 8 11:00; its proposed Sep 9 0:00 is not a meeting time" in result.output
        assert "区住建局: not Sep 8 16:00; its proposed Sep 8 16:00 is the time it declines" in result.output


def test_a_refresh_and_bounced_invites_are_named_and_marked_not_counted_as_answers(sent, tmp_path):
    """REFRESH: the unit asks for its invite again; a bounce (RFC 3464) returning our invite, or only its
    headers (matched by the Message-ID the journal recorded): the unit is named, marked in the table and
    the summary, and the read line counts only answer mails."""
    table, invites = sent

    def ours(unit: str) -> bytes:
        invite = invites[unit]
        message_id = f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>"  # as mark_sent
        return shapes.invite_mail(invite.attendee.address or "", message_id, invite.data)

    box = maildir(
        tmp_path / "Maildir",
        shapes.bounce(ours("区住建局"), invites["区住建局"].attendee.address or ""),
        shapes.bounce(ours("区民政局"), "mzj@relay.example.org", "5.2.2", headers_only=True),
        shapes.refresh(answer(invites["区农业农村局"])),
        shapes.outlook(answer(invites["区自然资源局"])),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "检查 4 封邮件，新的日历答复邮件 1 封" in result.output
    zjj, mzj = invites["区住建局"].attendee.address, invites["区民政局"].attendee.address
    assert (
        f"寄给 区住建局（{zjj}）的邀请被退回（5.1.1）：地址不对（查无此人、邮箱停用或域名有误）：请核对其邮件地址"
        in result.output
    )
    assert f"寄给 区民政局（{mzj}）的邀请被退回（5.2.2）" in result.output
    assert "区农业农村局 请求重新发送邀请（REFRESH，" in result.output
    assert "不是答复" not in result.output
    assert f"未答复        邀请被退回（5.1.1，地址不对，{zjj}）" in row(result.output, "区住建局")
    assert "请求重新发送邀请（REFRESH）" in row(result.output, "区农业农村局")
    assert "接受 1，拒绝 0，暂定 0，提议新时间 0，未答复 28（共 29 个单位）" in result.output
    assert re.search("邀请被退回 2 个：(区民政局、区住建局|区住建局、区民政局)", result.output)
    english = run("replies", str(table), "--lang", "en")
    assert "2 invites bounced:" in english.output
    # once the unit answers, its REFRESH is settled
    maildir(box, shapes.outlook(answer(invites["区农业农村局"], comment="收到了，参加")))
    again = run("replies", str(table), "--maildir", str(box))
    assert "REFRESH" not in row(again.output, "区农业农村局")


def test_a_decline_naming_a_day_suggests_the_unavailable_to_add_and_the_rules_stay_as_they_were(sent, tmp_path):
    """QA story 9, finding 6: "8日全天不行" blocked only the hour declined, so the unit was put on 9月8日
    again and again. The words are not read into the rules; the output names the day and the option."""
    table, invites = sent
    decline = answer(invites["区财政局"], partstat="DECLINED", comment="说了8日全天不行")
    box = maildir(tmp_path / "Maildir", shapes.outlook(decline))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    result = run("reschedule", str(table), "--from-replies")
    assert result.exit_code == 0, result.output
    hint = '--unavailable "区财政局@9月8日"'
    assert f"“说了8日全天不行”说到 9月8日：若该单位那时都不能来，请加上 {hint}" in result.output
    english = run("reschedule", str(table), "--from-replies", "--lang", "en")
    hint = '--unavailable "区财政局@Sep 8"'
    assert f"'说了8日全天不行' names Sep 8: if the unit cannot come at all then, add {hint}" in english.output
    out = tmp_path / "out"
    taken = run("reschedule", str(table), "--from-replies", "--unavailable", "区财政局@9月8日", "--out", str(out))
    assert taken.exit_code == 0, taken.output
    assert "说到" not in taken.output  # the day is unavailable now: nothing more to suggest
    assert not times(out)["区财政局"].startswith("9月8日")
    rules = (out / "timetable.toml").read_text(encoding="utf-8")
    assert rules.count('unit = "区财政局"') == 2  # the hour declined, and the day the user added


def test_control_characters_in_a_reply_are_written_out_and_every_output_reads_back(sent, tmp_path):
    """A reply's words with ESC, BEL, a C1 control or U+FFFE (a terminal hyperlink in a hand-written reply,
    a calendar COMMENT): written out as ``\\x1b`` in the 答复 column, the sheet and the rules' reason,
    never as the character no reader takes back."""
    table, invites = sent
    hostile = "\x1b]8;;http://evil.invalid\x07点此\x1b]8;;\x07 来不了\x9b\ufffe"
    box = maildir(
        tmp_path / "Maildir",
        shapes.plain_mail(invites["区人社局"].attendee.address or "", "回复：邀请\x1b[2J", hostile, "<e@example.test>"),
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment=hostile)),
    )
    out = tmp_path / "out"
    result = run("replies", str(table), "--maildir", str(box), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "timetable.csv").read_text(encoding="utf-8-sig")
    answers = {r["单位"]: r["答复"] for r in csv.DictReader(io.StringIO(text))}
    assert answers["区财政局"].startswith("拒绝：\\x1b]8;;http://evil.invalid\\x07点此")
    assert "\\x9b\\ufffe" in answers["区财政局"] and "“\\x1b]8;;http://evil.invalid\\x07点此" in answers["区人社局"]
    written = text + (out / "replies.csv").read_text(encoding="utf-8-sig")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe]", written)
    for path in ("timetable.csv", "timetable.xlsx"):
        checked = run("validate", str(out / path))
        assert checked.exit_code == 0, checked.output
    again = run("reschedule", str(table), "--from-replies", "--out", str(tmp_path / "moved"))
    assert again.exit_code == 0, again.output
    rules = (tmp_path / "moved" / "timetable.toml").read_text(encoding="utf-8")
    assert 'reason = "\\\\x1b]8;;http://evil.invalid' in rules
    checked = run("validate", str(tmp_path / "moved" / "timetable.csv"))
    assert checked.exit_code == 0, checked.output


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX's")
def test_files_with_addresses_and_answers_are_their_owners_only_and_a_file_keeps_its_mode(example, tmp_path):
    """Under the usual umask (022) every file solve, the mail journal and replies create is 0600: the contacts
    copy, invites, state.json, the journal, the ledger, the answers. A file written again keeps its mode."""
    before = os.umask(0o022)
    try:
        out = example / "out"
        assert run("solve", str(example / "notice_2021.csv"), "--out", str(out)).exit_code == 0
        invites = mailed(out)
        (out / "timetable.csv").chmod(0o644)  # shared by the office on purpose
        box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")))
        result = run("replies", str(out / "timetable.csv"), "--maildir", str(box), "--out", str(out))
        assert result.exit_code == 0, result.output
    finally:
        os.umask(before)
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    private = ("contacts_2021.csv", "invites/state.json", "mail-journal.jsonl", "replies-ledger.jsonl", "replies.csv")
    assert [name for name in private if name not in modes] == []
    assert {name: oct(mode) for name, mode in modes.items() if mode != 0o600} == {"timetable.csv": "0o644"}


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX's")
def test_folders_a_command_creates_are_their_owners_only_and_an_existing_folder_keeps_its_mode(example, tmp_path):
    """Under the usual umask (022) the folders solve --out, the mail journal and the replies ledger create are
    0700 (as the files are 0600), parents included; a folder that was there keeps its mode (0755: shared)."""
    shared = example / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    before = os.umask(0o022)
    try:
        out = shared / "new" / "out"
        assert run("solve", str(example / "notice_2021.csv"), "--out", str(out)).exit_code == 0
        box = maildir(tmp_path / "Maildir", shapes.plain_mail("someone@example.org", "周报"))
        ledger = tmp_path / "logs" / "answers" / "ledger.jsonl"
        result = run("replies", str(out / "timetable.csv"), "--maildir", str(box), "--ledger", str(ledger))
        assert result.exit_code == 0, result.output
        from scheduler.invites.folder import read_invites
        from tests.replies_helpers import mark_sent

        mark_sent(tmp_path / "journals" / "2021", {i.unit: i for i in read_invites(out / "invites")})
    finally:
        os.umask(before)
    made = [shared / "new", out, out / "invites", ledger.parent.parent, ledger.parent]
    made += [tmp_path / "journals", tmp_path / "journals" / "2021"]
    assert {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in made if stat.S_IMODE(p.stat().st_mode) != 0o700} == {}
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


def test_two_mails_with_one_message_id_are_two_mails(sent, tmp_path):
    """A gateway that gives every mail the same Message-ID: each unit's answer counts, and so does a unit's later
    decline after its accept."""
    table, invites = sent
    same = "<1@localhost>"
    first = shapes.outlook(answer(invites["区乡村振兴局"], message_id=same))
    second = shapes.outlook(answer(invites["区民政局"], message_id=same))
    accept = shapes.outlook(answer(invites["区教育局"], message_id=same, stamp=datetime(2021, 9, 6, 9, tzinfo=UTC)))
    decline = shapes.outlook(
        answer(invites["区教育局"], message_id=same, partstat="DECLINED", stamp=datetime(2021, 9, 7, 9, tzinfo=UTC))
    )
    box = maildir(tmp_path / "Maildir", first, second, accept, decline)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "检查 4 封邮件，新的日历答复邮件 4 封，此前已读 0 封" in result.output
    assert "接受" in row(result.output, "区乡村振兴局") and "接受" in row(result.output, "区民政局")
    assert "拒绝" in row(result.output, "区教育局")
    again = run("replies", str(table), "--maildir", str(box))
    assert "检查 4 封邮件，新的日历答复邮件 0 封，此前已读 4 封" in again.output


def test_a_ledger_keyed_by_message_id_alone_still_knows_its_mails(sent, tmp_path):
    """Ledgers written when a mail was keyed by its Message-ID alone: their mails are not read again."""
    table, invites = sent
    mail = shapes.outlook(answer(invites["区财政局"], partstat="DECLINED"))
    box = maildir(tmp_path / "Maildir", mail)
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    path = table.parent / "replies-ledger.jsonl"
    (line,) = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    assert line["key"] != line["message_id"] and line["key"].startswith(line["message_id"] + " ")
    path.write_text(json.dumps({**line, "key": line["message_id"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    again = run("replies", str(table), "--maildir", str(box))
    assert "新的日历答复邮件 0 封，此前已读 1 封" in again.output and "拒绝" in row(again.output, "区财政局")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_an_answer_that_cannot_be_used_stays_on_the_row_until_a_later_answer(sent, tmp_path):
    """A mail from an invited unit whose calendar could not be read is named on the run that reads it, and
    afterwards the unit is not merely 未答复: its row, the summary and reschedule --from-replies keep saying
    that a mail awaits a person, until an answer read after it."""
    table, invites = sent
    text = shapes.outlook(answer(invites["区税务局"], partstat="DECLINED")).decode()
    start = text.index("\r\n\r\n", text.index("Content-Type: text/calendar")) + 4
    broken = (text[:start] + "QkVHSU46VkNBT!!!\r\n" + text[text.index("--_000_", start) :]).encode()
    box = maildir(tmp_path / "Maildir", broken)
    first = run("replies", str(table), "--maildir", str(box))
    assert first.exit_code == 0, first.output
    assert first.output.count("base64 编码已损坏") == 2  # the mail's line, and the row
    for result in (run("replies", str(table), "--maildir", str(box)), run("replies", str(table))):
        assert "未答复" in row(result.output, "区税务局")
        assert "有邮件待人工查看（9月6日 18:00，“已谢绝" in row(result.output, "区税务局")
        assert "base64 编码已损坏，无法读取）" in row(result.output, "区税务局")
        assert "有邮件待人工查看 1 个：区税务局" in result.output
    replan = run("reschedule", str(table), "--from-replies", "--out", str(tmp_path / "out"))
    assert "区税务局：有邮件待人工查看" in replan.output
    later = shapes.gmail(answer(invites["区税务局"], partstat="DECLINED", stamp=datetime(2021, 9, 7, 9, tzinfo=UTC)))
    after = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", later)))
    assert "拒绝" in row(after.output, "区税务局") and "待人工查看" not in after.output


def test_a_counter_naming_the_day_it_proposes_gets_no_unavailable_hint_for_it(sent, tmp_path):
    """QA replies #5: "建议9日下午" with a proposal of 9月9日 16:00 suggested --unavailable "…@9月9日下午",
    which, copied, makes the unit's own proposal impossible."""
    table, invites = sent
    counter = answer(invites["区文广体旅局"], proposed=datetime(2021, 9, 9, 16, 0), comment="建议9日下午")
    box = maildir(tmp_path / "Maildir", shapes.thunderbird(counter))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    result = run("reschedule", str(table), "--from-replies")
    assert result.exit_code == 0, result.output
    assert "提议改到 9月9日 16:00（“建议9日下午”）" in result.output
    assert "--unavailable" not in result.output and "说到" not in result.output


def test_eml_reads_one_saved_mail_and_names_outlook_msg_files(sent, tmp_path):
    """QA replies #7, #8: ``--eml`` given one file read nothing ("找不到邮箱"); an Outlook ``.msg`` beside the
    ``.eml`` files was passed over without a word; ``--mbox`` given a folder said "找不到邮箱"."""
    table, invites = sent
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "回复.EML").write_bytes(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")))
    (saved / "已接受_基层政务公开标准对接.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    result = run("replies", str(table), "--eml", str(saved))
    assert result.exit_code == 0, result.output
    assert "检查 2 封邮件，新的日历答复邮件 1 封" in result.output
    said = "已接受_基层政务公开标准对接.msg：是 Outlook 的 .msg 文件，无法读取，未计入：请在 Outlook 中另存为 .eml"
    assert said in result.output
    single = tmp_path / "one.eml"
    single.write_bytes(shapes.gmail(answer(invites["区民政局"])))
    one = run("replies", str(table), "--eml", str(single))
    assert one.exit_code == 0, one.output
    assert "检查 1 封邮件，新的日历答复邮件 1 封" in one.output and "接受" in row(one.output, "区民政局")
    folder = run("replies", str(table), "--mbox", str(saved))
    assert folder.exit_code == 2 and f"{saved}: 是文件夹，不是 mbox 文件：保存的 .eml 文件请用 --eml" in folder.output


def test_a_new_mail_from_an_invited_unit_saying_it_will_not_come_is_named(sent, tmp_path):
    """QA replies #9: a clerk writes a new mail instead of pressing Reply (no In-Reply-To, no 回复： prefix):
    from an invited address and about the invitation, it is named and kept on the unit's row; the same
    words from an address not invited are neither."""
    table, _invites = sent
    box = maildir(
        tmp_path / "Maildir",
        shapes.plain_reply("czj@example.org", "关于9月10日对接的回复", "我单位不参加", "<n1@example.org>"),
        shapes.plain_reply(
            "mzj@example.org", "【回复】邀请：基层政务公开标准对接", "我单位不参加2", "<n2@example.org>"
        ),
        shapes.plain_reply("someone@example.test", "关于对接的回复", "随便说说", "<n3@example.org>"),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "有邮件待人工查看（9月7日 9:00，“我单位不参加”）" in row(result.output, "区财政局")
    assert "有邮件待人工查看（9月7日 9:00，“我单位不参加2”）" in row(result.output, "区民政局")
    assert "随便说说" not in result.output


def test_the_delegates_come_from_the_contacts_as_they_read_now_and_from_the_invites_when_the_file_is_gone(
    example, tmp_path
):
    """newcomer12 #1: the contacts are the office's truth, read again by `replies` (a 代理邮箱 edited after
    the export counts, one removed no longer does); the invites' state is the fallback when the contacts
    table is gone."""
    contacts = example / "contacts_2021.csv"
    original = contacts.read_text(encoding="utf-8-sig")

    def with_delegate(address: str) -> None:
        lines = original.splitlines()
        lines[0] += ",代理邮箱"
        lines[1:] = [f"{line}," + (address if "区财政局" in line else "") for line in lines[1:]]
        contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with_delegate("mishu@example.org")
    invites = campaign(example)  # exported with mishu@example.org as 区财政局's delegate
    table = example / "notice_2021.csv"
    with_delegate("bgs@example.org")  # then edited: bgs answers for 区财政局, mishu no longer does
    bgs = answer(invites["区财政局"], sender="bgs@example.org", sent_by="bgs@example.org")
    result = run("replies", str(table), "--maildir", str(maildir(tmp_path / "One", shapes.outlook(bgs))))
    assert result.exit_code == 0, result.output
    assert "bgs@example.org 代 区财政局 答复" in row(result.output, "区财政局")

    mishu = answer(invites["区发改委"], sender="mishu@example.org", sent_by="mishu@example.org")
    mishu_czj = answer(
        invites["区财政局"], sender="mishu@example.org", sent_by="mishu@example.org", partstat="DECLINED"
    )
    box = maildir(tmp_path / "Two", shapes.outlook(mishu), shapes.outlook(mishu_czj))
    result = run("replies", str(table), "--maildir", str(box))
    assert "不是其代理邮箱" in result.output and "接受" in row(result.output, "区财政局")

    contacts.unlink()  # gone: the invites' own (mishu) count again
    result = run("replies", str(table), "--ledger", str(tmp_path / "fresh.jsonl"), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "拒绝" in row(result.output, "区财政局") and "mishu@example.org 代 区财政局 答复" in row(
        result.output, "区财政局"
    )


def test_a_lost_state_is_rebuilt_in_memory_as_send_and_ics_rebuild_it_and_nothing_is_written(sent, tmp_path):
    """newcomer12 #5: with state.json deleted, `replies` refused and said to export and send the invites
    again, while `ics` and `send` rebuild it from the invite files and the journal. It is rebuilt the
    same way now, said on one line, and not written (the next ics or send writes it)."""
    table, invites = sent
    state = table.parent / "invites" / "state.json"
    state.unlink()
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], comment="准时参加")))
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "state.json 不存在：已根据邀请文件和发送日志重建" in result.output
    assert "接受" in row(result.output, "区财政局") and "准时参加" in row(result.output, "区财政局")
    assert not state.exists()


def not_coming(uid: str, message_id: str) -> bytes:
    """区财政局's letter in words, replying to its invite, dated 7 September 2021 9:00 in Beijing."""
    return shapes.plain_reply("czj@example.org", "回复：邀请", "我局不参加", message_id, f"<{uid}.0@example.org>")


DATES_WITHOUT_A_ZONE = [
    "Tue, 7 Sep 2021 09:00:00",  # RFC 5322's form, the zone left off
    "7 Sep 2021 09:00",
    "2021-09-07 09:00:00",  # OA gateways
    "2021/9/7 9:00",
    "2021年9月7日 9:00",
    "Tue Sep 07 09:00:00 CST 2021",  # Java's Date.toString() in Beijing: China Standard Time, not US Central
    "Tue, 07 Sep 2021 01:00:00 -0000",  # RFC 5322: the time is UTC, the writer's zone unknown
]


@pytest.mark.parametrize("told", DATES_WITHOUT_A_ZONE)
def test_a_date_without_a_zone_is_read_in_the_campaigns_zone(sent, tmp_path, told):
    """A Date: that names no zone (or names it the way OA gateways do) was dropped, and a letter showed the
    time it was read instead: it is the campaign's zone (Asia/Shanghai), with nothing said about it."""
    table, invites = sent
    words = not_coming(invites["区财政局"].uid, "<w7@example.org>")
    folder = tmp_path / "eml-in"
    folder.mkdir()
    (folder / "reply.eml").write_bytes(words.replace(b"Tue, 07 Sep 2021 09:00:00 +0800", told.encode()))
    result = run("replies", str(table), "--eml", str(folder))
    assert result.exit_code == 0, result.output
    assert "9月7日 9:00，“我局不参加”" in row(result.output, "区财政局"), result.output
    assert "时区" not in result.output
    (line,) = read_ledger(table.parent / "replies-ledger.jsonl").mails
    assert line.date == datetime(2021, 9, 7, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("told", ["Tue, 31 Sep 2021 09:00:00 +0800", "2021-09-07 25:00", "明天上午", "\x00\x7f"])
def test_a_date_that_cannot_be_read_gives_way_to_the_maildirs_delivery_time(sent, tmp_path, told):
    """A malformed Date: is no traceback: the mail is read, and the time shown is when it was delivered."""
    table, invites = sent
    words = not_coming(invites["区财政局"].uid, "<w8@example.org>")
    box = tmp_path / "Maildir"
    maildir(box, words.replace(b"Tue, 07 Sep 2021 09:00:00 +0800", told.encode()))
    (name,) = os.listdir(box / "new")
    delivered = int(datetime(2021, 9, 7, 2, 30, tzinfo=UTC).timestamp())  # 10:30 in Beijing
    os.rename(box / "new" / name, box / "new" / f"{delivered}.M1P1.example.org")
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "9月7日 10:30，“我局不参加”" in row(result.output, "区财政局"), result.output


def test_a_mail_read_in_any_zone_keeps_the_key_it_had(sent):
    """The key digests the Date only as it named its zone: a ledger written before naive Dates were read
    (or with another zone) still knows the mail."""
    from zoneinfo import ZoneInfo

    from scheduler.replies.itip import read_mail

    _, invites = sent
    mail = shapes.outlook(answer(invites["区财政局"]))
    naive = re.sub(rb"Date: ([^\r]*) \+0000", rb"Date: \1", mail)
    assert naive != mail
    keys = {read_mail(naive, zone=zone).key for zone in (None, ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Paris"))}
    assert len(keys) == 1


@pytest.mark.parametrize(
    ("told", "office", "meant"),
    [
        ("Sat, 05 Dec 2026 9:30 PM +0800", "America/New_York", "2026-12-05T21:30:00+08:00"),
        ("Sat, 05 Dec 2026 12:30 AM +0800", "Asia/Shanghai", "2026-12-05T00:30:00+08:00"),
        ("Sat, 05 Dec 2026 12:30 PM", "Asia/Shanghai", "2026-12-05T12:30:00+08:00"),
        ("5 Dec 2026 9:30:00 p.m. GMT+08:00", "Asia/Shanghai", "2026-12-05T21:30:00+08:00"),
        ("2026-12-05 9:30 PM", "Asia/Shanghai", "2026-12-05T21:30:00+08:00"),
        ("2026-12-05 上午12:30", "Asia/Shanghai", "2026-12-05T00:30:00+08:00"),
        ("2026-12-05 下午12:30", "Asia/Shanghai", "2026-12-05T12:30:00+08:00"),
    ],
)
def test_a_date_on_the_twelve_hour_clock_is_read_as_written(told, office, meant):
    """review13 #7: ``9:30 PM +0800`` is 21:30 in the written zone (the library read 09:30, the zone lost);
    上午12:30 is half past midnight. The key's date is as before (keys of mails read before unchanged)."""
    from zoneinfo import ZoneInfo

    from scheduler.replies.mime import mail_date

    date, key_date = mail_date(told, ZoneInfo(office))
    assert date is not None and date.isoformat() == meant
    assert key_date is None


def test_a_delegate_added_after_the_export_is_weighed_by_reschedule_and_the_outputs_as_replies_shows_it(
    example, tmp_path
):
    """QA qaimap21 F1: the 代理邮箱 column added to the contacts after the invites were mailed, and the
    secretary declines from her own mailbox. `replies` showed 拒绝; `reschedule --from-replies` did not move
    the unit (it weighed the invites' delegates, none) and the 答复 column of `solve --out` said 未答复.
    One rule now (:func:`scheduler.invites.campaigns.listed_delegates`) for all of them."""
    invites = campaign(example)  # exported and mailed without a 代理邮箱 column
    table = example / "notice_2021.csv"
    contacts = example / "contacts_2021.csv"
    lines = contacts.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [f"{line}," + ("dlyx@example.test" if "区住建局" in line else "") for line in lines[1:]]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    declined = answer(
        invites["区住建局"], partstat="DECLINED", attendee="dlyx@example.test", sender="dlyx@example.test",
        comment="局长出差",
    )  # fmt: skip
    read = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", shapes.outlook(declined))))
    assert read.exit_code == 0, read.output
    assert "拒绝" in row(read.output, "区住建局") and "dlyx@example.test 代 区住建局 答复" in read.output
    result = run("reschedule", str(table), "--from-replies", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "区住建局：拒绝 9月8日 16:00（“局长出差”）" in result.output
    assert "未采信" not in result.output
    assert times(tmp_path / "out")["区住建局"] != "9月8日 16:00"
    solved = run("solve", str(table), "--out", str(example), "--time-limit", "20")
    assert solved.exit_code == 0, solved.output
    text = (example / "timetable.csv").read_text(encoding="utf-8-sig")
    answers = {r["单位"]: r["答复"] for r in csv.DictReader(io.StringIO(text))}
    assert answers["区住建局"].startswith("拒绝：局长出差；dlyx@example.test 代 区住建局 答复"), answers["区住建局"]


def test_a_damaged_calendar_is_told_in_words_on_the_row_in_the_outputs_and_from_an_old_ledger(sent, tmp_path):
    """QA qaimap21 F2: a calendar that cannot be parsed showed `Message(key='replies.calendar_damaged', …)`
    on the unit's row and in the 答复 column, and the ledger kept that text. A message inside a message is
    written to the ledger as one (key and params) and told in words; a line written before, holding the
    text, is read back as the message it was."""
    table, invites = sent
    garbage = shapes.single_part(
        answer(invites["区教育局"]), "BEGIN:VCALENDAR\r\nnonsense", "text/calendar; method=REPLY"
    )
    box = maildir(tmp_path / "Maildir", garbage)
    out = tmp_path / "out"
    for lang, words in (("zh", "内容不完整或格式不对"), ("en", "incomplete or malformed")):
        result = run("replies", str(table), "--maildir", str(box), "--out", str(out), "--lang", lang)
        assert result.exit_code == 0, result.output
        assert "Message(" not in result.output and words in row(result.output, "区教育局")
    cell = {r["单位"]: r["答复"] for r in csv.DictReader(io.StringIO(times_text(out)))}["区教育局"]
    assert "Message(" not in cell and "内容不完整或格式不对" in cell
    ledger = table.parent / "replies-ledger.jsonl"
    assert "Message(" not in ledger.read_text(encoding="utf-8")
    # a ledger written before: the reason kept as the message's repr
    line = json.loads(ledger.read_text(encoding="utf-8").splitlines()[0])
    line["problems"][0]["params"]["reason"] = "Message(key='replies.calendar_damaged', params={})"
    ledger.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    again = run("replies", str(table))
    assert again.exit_code == 0, again.output
    assert "Message(" not in again.output and "内容不完整或格式不对" in row(again.output, "区教育局")


def times_text(folder) -> str:
    """The text of the timetable.csv in ``folder``."""
    return (folder / "timetable.csv").read_text(encoding="utf-8-sig")


def test_a_reply_in_words_from_a_unit_s_delegate_is_named_kept_and_held_as_the_unit_s_own(example, tmp_path):
    """QA qaimap21 F4: a reply written by hand from the unit's 代理邮箱 (the invite forwarded to the
    secretary, no In-Reply-To) was dropped without a word, while the same mail from the unit's own address
    is named, kept in the ledger and shown on the row. The office named that address as the one that
    answers for the unit: its reply in words is the unit's too."""
    contacts = example / "contacts_2021.csv"
    lines = contacts.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [f"{line}," + ("mishu@example.test" if "区财政局" in line else "") for line in lines[1:]]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    campaign(example)
    table = example / "notice_2021.csv"
    words = "局长9月8日全天在市里开会，这次对接我局改派副局长参加"
    mail = shapes.plain_reply(
        "mishu@example.test", "回复：邀请：基层政务公开标准对接：区财政局", words, "<d1@example.test>"
    )
    result = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", mail)))
    assert result.exit_code == 0, result.output
    assert "（mishu@example.test，9月7日 9:00）回复了 区财政局 的邀请，但不是日历答复" in result.output
    assert "有邮件待人工查看（9月7日 9:00，“局长9月8日全天在市里开会" in row(result.output, "区财政局")
    assert len(read_ledger(table.parent / "replies-ledger.jsonl").mails) == 1


def test_a_reply_in_words_to_another_mail_from_an_invited_address_is_not_this_campaign_s(sent, tmp_path):
    """QA qaimap21 F3: the office mailbox serves other campaigns and the units' other business. A reply in
    words from an invited address whose In-Reply-To/References name none of our mails, or whose subject
    answers another invitation, was told as "回复了 区财政局 的邀请" and held the unit's reminders. It is not
    this campaign's unless its subject names the invite it would answer; a reply naming ours still is."""
    table, _invites = sent
    other_business = shapes.plain_reply(
        "czj@example.org", "回复：关于报送2021年第三季度统计数据的通知", "已报送，请查收。", "<y1@example.org>",
        in_reply_to="<20210901093000.12345@oa.example.test>",
    )  # fmt: skip
    other_campaign = shapes.plain_reply(
        "mzj@example.org", "回复：邀请：政务公开工作推进会", "这次我局不参加了", "<x1@example.org>"
    )
    ours_forwarded = shapes.plain_reply(
        "fgw@example.org", "回复：转发：邀请：基层政务公开标准对接：区发改委", "我委改派副主任参加", "<f1@example.org>",
        in_reply_to="<fwd-1@internal.example.test>",
    )  # fmt: skip
    cut_short = shapes.plain_reply(  # the campaign's title, the unit left out
        "mzj@example.org", "回复：邀请：基层政务公开标准对接", "我局改派科长参加", "<c1@example.org>",
        in_reply_to="<fwd-2@internal.example.test>",
    )  # fmt: skip
    box = maildir(tmp_path / "Maildir", other_business, other_campaign, ours_forwarded, cut_short)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    assert "已报送" not in row(result.output, "区财政局") and "这次我局不参加了" not in row(result.output, "区民政局")
    assert "未答复" in row(result.output, "区财政局") and "有邮件待人工查看" not in row(result.output, "区财政局")
    assert "我局改派科长参加" in row(result.output, "区民政局")
    # each said on one line, not filed (QA review21b F3)
    assert "来自 区财政局 的邮箱，回复的是别的邮件" in result.output and "“已报送，请查收。”" in result.output
    assert "来自 区民政局 的邮箱，回复的是别的邮件" in result.output
    assert "回复了 区发改委 的邀请" in result.output and "我委改派副主任参加" in row(result.output, "区发改委")
    assert len(read_ledger(table.parent / "replies-ledger.jsonl").mails) == 2


def test_a_reply_in_words_to_the_office_s_notice_is_said_on_one_line(sent, tmp_path):
    """QA review21b F3: a unit's reply to the office's own notice mail (mailed from the OA, not by `send`)
    is not this campaign's invite's (docs/replies.md), but it may well say the unit cannot come: the run
    read it and said nothing. One line names the mail, the unit whose address it came from, why it was not
    filed and its words; the row and the ledger stay as they were."""
    table, _invites = sent
    notice = shapes.plain_reply(
        "czj@example.org", "回复：关于做好26个试点领域基层政务公开标准对接工作的通知",
        "我局9月8日全天在市里开会，无法参加对接，请改期", "<n1@example.org>", in_reply_to="<notice-1@oa.example.test>",
    )  # fmt: skip
    result = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", notice)))
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "关于做好26个试点领域" in x)
    assert "来自 区财政局 的邮箱，回复的是别的邮件" in line and "无法参加对接" in line, line
    assert "未答复" in row(result.output, "区财政局") and "无法参加" not in row(result.output, "区财政局")
    assert not read_ledger(table.parent / "replies-ledger.jsonl").mails


def test_an_answer_on_behalf_from_the_unit_s_own_address_names_who_wrote_it(sent, tmp_path):
    """QA qaimap21 F5: Exchange's "send on behalf" (From the unit, ATTENDEE the unit with SENT-BY a
    secretary) counts, as it comes from the invited address, but nothing said a secretary wrote it. It is
    named with the answer, as docs/replies.md promises, on the row and in replies.csv (zh and en)."""
    table, invites = sent
    on_behalf = answer(invites["区卫健委"], partstat="DECLINED", sent_by="xiaoli@example.test", comment="主任出差")
    box = maildir(tmp_path / "Maildir", shapes.outlook(on_behalf))
    result = run("replies", str(table), "--maildir", str(box), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    line = row(result.output, "区卫健委")
    assert "拒绝" in line and "由 xiaoli@example.test 代为答复（SENT-BY）" in line
    assert "xiaoli@example.test" in (tmp_path / "out" / "replies.csv").read_text(encoding="utf-8-sig")
    english = run("replies", str(table), "--lang", "en")
    assert "sent by xiaoli@example.test on the attendee's behalf (SENT-BY)" in row(english.output, "区卫健委")


def test_the_answers_send_writes_beside_its_table_weigh_the_contacts_it_was_given(example, tmp_path):
    """QA (twentieth session): `send --contacts FILE` rewrote the 答复 column of the timetable beside it
    with the contacts the rules name, so a delegate listed only in FILE stayed untrusted there."""
    from scheduler.cli.replies import bring_copies_in_step

    invites = campaign(example)
    table = example / "notice_2021.csv"
    lines = (example / "contacts_2021.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",代理邮箱"
    lines[1:] = [f"{line}," + ("dlyx@example.test" if "区住建局" in line else "") for line in lines[1:]]
    given = tmp_path / "given_contacts.csv"
    given.write_text("\n".join(lines) + "\n", encoding="utf-8")
    declined = answer(
        invites["区住建局"], partstat="DECLINED", attendee="dlyx@example.test", sender="dlyx@example.test"
    )
    read = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", shapes.outlook(declined))))
    assert read.exit_code == 0, read.output
    written = run("replies", str(table), "--out", str(example))  # timetable.csv beside the invites
    assert written.exit_code == 0, written.output

    def answers() -> dict[str, str]:
        text = (example / "timetable.csv").read_text(encoding="utf-8-sig")
        return {r["单位"]: r["答复"] for r in csv.DictReader(io.StringIO(text))}

    assert answers()["区住建局"].startswith("未答复")  # the rules' contacts: dlyx answers for no one
    bring_copies_in_step(str(example / "timetable.csv"), None, None, "zh", contacts=str(given))
    assert answers()["区住建局"].startswith("拒绝"), answers()["区住建局"]


def test_a_reply_to_another_mail_is_said_once_not_on_every_reading(sent, tmp_path):
    """Twenty-first session: the reply in words to the office's notice (above) was said again on every
    run that read the same Maildir. It is remembered in the ledger as seen and not this campaign's (a
    ``mail`` line marked ``aside``, kept off the rows and the counts), so a second run says nothing more of
    it; a new such mail is still said."""
    table, _invites = sent
    words = "我局9月8日全天在市里开会，无法参加对接，请改期"
    notice = shapes.plain_reply(
        "czj@example.org", "回复：关于做好26个试点领域基层政务公开标准对接工作的通知", words, "<n1@example.org>",
        in_reply_to="<notice-1@oa.example.test>",
    )  # fmt: skip
    box = maildir(tmp_path / "Maildir", notice)
    first = run("replies", str(table), "--maildir", str(box))
    assert first.exit_code == 0 and "回复的是别的邮件" in first.output, first.output
    again = run("replies", str(table), "--maildir", str(box))
    assert again.exit_code == 0, again.output
    assert "回复的是别的邮件" not in again.output and words not in again.output
    ledger = read_ledger(table.parent / "replies-ledger.jsonl")
    assert not ledger.mails and "无法参加" not in row(again.output, "区财政局")
    later = shapes.plain_reply(
        "czj@example.org", "回复：关于报送2021年第三季度统计数据的通知", "已报送，请查收。", "<y1@example.org>",
        in_reply_to="<20210901093000.12345@oa.example.test>",
    )  # fmt: skip
    third = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", later)))
    assert "“已报送，请查收。”" in third.output and words not in third.output, third.output


def test_a_units_delegation_is_told_not_carried_and_the_contacts_are_the_way(sent, tmp_path):
    """Decided (twenty-fifth session, docs/replies.md "A delegate, named with the answer"): a unit table's
    invites are not changed by a delegation, unlike a meeting's: its recipients are the contacts table's.
    ``replies`` says so for the unit (zh and en): the delegate gets nothing, pass it on or add the address
    to the unit's 邮箱. Following that advice gives the delegate a copy of their own (a further address,
    ``<UID>/to-…``), and the note is no longer said."""
    table, invites = sent
    swj = invites["区税务局"]
    handed = answer(swj, partstat="DELEGATED", delegated_to="lisi@example.test")
    result = run("replies", str(table), "--maildir", str(maildir(tmp_path / "Maildir", shapes.thunderbird(handed))))
    assert result.exit_code == 0, result.output
    note = "注意：区税务局 已转交 lisi@example.test：单位的邀请只寄给联系人表中该单位的邮箱，lisi@example.test 收不到"
    assert note in result.output and "把该地址加进联系人表中该单位的邮箱" in result.output, result.output
    english = run("replies", str(table), "--lang", "en")
    assert "note: 区税务局 delegated it to lisi@example.test: a unit's invite goes to" in english.output
    contacts = table.parent / "contacts_2021.csv"
    text = contacts.read_text(encoding="utf-8-sig")
    contacts.write_text(text.replace("swj@example.org,", "swj@example.org、lisi@example.test,"), encoding="utf-8")
    assert run("ics", str(table), "--out", str(table.parent / "invites")).exit_code == 0
    copies = [i for i in read_invites(table.parent / "invites") if i.uid == swj.uid]
    assert sorted(i.attendee.address for i in copies) == ["lisi@example.test", "swj@example.org"]
    again = run("replies", str(table))
    assert again.exit_code == 0 and "收不到" not in again.output, again.output
