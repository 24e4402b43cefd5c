"""Rounds of replies and replans as an office runs them (QA story 9): an old answer stays an answer to its
invite after updates go out, running a replan twice changes nothing, and mails that are not calendars
(plain "回复：" answers, out-of-office replies) are named rather than lost."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

from scheduler.invites.folder import read_invites
from tests import reply_mails as shapes
from tests.replies_helpers import answer, maildir, mark_sent, run


def _times(folder: Path) -> dict[str, str]:
    text = (folder / "timetable.csv").read_text(encoding="utf-8-sig")
    return {r["单位"]: r["时间"] for r in csv.DictReader(io.StringIO(text))}


def _mailed(folder: Path, later: timedelta = timedelta(0)) -> dict:
    """Mark the invites in ``folder/invites`` mailed, the journal's new lines ``later`` than now (a replan's
    updates go out after the answers before them were read); the invites by unit."""
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    journal = folder / "mail-journal.jsonl"
    before = journal.read_bytes() if journal.exists() else b""
    mark_sent(folder, invites)
    if later:
        lines = journal.read_bytes()[len(before) :].decode("utf-8").splitlines()
        shifted = []
        for line in lines:
            record = json.loads(line)
            at = datetime.fromisoformat(record["at"].replace("Z", "+00:00")) + later
            shifted.append(json.dumps({**record, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ")}, ensure_ascii=False))
        journal.write_bytes(before + "".join(s + "\n" for s in shifted).encode("utf-8"))
    return invites


def _solved(example: Path) -> Path:
    out = example / "out"
    assert run("solve", str(example / "notice_2021.csv"), "--out", str(out)).exit_code == 0
    return out


def _row(output: str, unit: str) -> str:
    return next(line for line in output.splitlines() if f"  {unit}  " in line + "  ")


def test_a_decline_with_a_raised_sequence_does_not_follow_the_unit_to_its_new_times(example, tmp_path):
    """Finding 1: replies, reschedule, send, then replies and reschedule again with no new mail: the decline
    (SEQUENCE 7, for 9月8日 11:00) is an outdated answer to SEQUENCE 0, and moves nobody a second time."""
    out = _solved(example)
    invites = _mailed(out)
    declined = answer(invites["区财政局"], partstat="DECLINED", comment="11点不行", sequence=7)
    box = maildir(tmp_path / "Maildir", shapes.outlook(declined))
    table = str(out / "timetable.csv")
    first = run("replies", table, "--maildir", str(box))
    assert "答复的是第 7 版邀请，但答复之前发出的最高为第 0 版：按第 0 版计" in first.output
    assert run("reschedule", table, "--from-replies", "--out", str(out)).exit_code == 0
    moved = _times(out)
    _mailed(out, later=timedelta(hours=1))  # the updates go out after the answer was read
    again = run("replies", table)
    assert "未答复" in _row(again.output, "区财政局") and "此前对最初的邀请答复“拒绝”" in _row(again.output, "区财政局")
    replan = run("reschedule", table, "--from-replies", "--out", str(out))
    assert replan.exit_code == 0, replan.output
    assert "区财政局：此前拒绝过 9月8日 11:00" in replan.output and "没有单位需要调整" in replan.output
    assert _times(out) == moved


def test_running_reschedule_from_replies_again_changes_no_file(example, tmp_path):
    """Findings 3 and 4: the second and third runs write no [[unavailable]] entry again, and leave the
    adjustment notice of the round that moved units as it was (a notice adjusting nothing is not written)."""
    out = _solved(example)
    invites = _mailed(out)
    box = maildir(
        tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="不行"))
    )
    table = str(out / "timetable.csv")
    assert run("replies", table, "--maildir", str(box)).exit_code == 0
    first = run("reschedule", table, "--from-replies", "--out", str(out))
    assert first.exit_code == 0, first.output
    files = {name: (out / name).read_bytes() for name in ("timetable.toml", "调整通知.docx", "调整通知.xlsx")}
    assert files["timetable.toml"].decode("utf-8").count('[[unavailable]]\nunit = "区财政局"') == 1
    for _ in range(2):
        again = run("reschedule", table, "--from-replies", "--out", str(out))
        assert again.exit_code == 0, again.output
        assert (out / "timetable.toml").read_bytes() == files["timetable.toml"]
        assert {name: (out / name).read_bytes() for name in files} == files
        assert "没有单位需要调整" in again.output
        assert "没有单位调整：不写调整通知，原有的 调整通知.docx、调整通知.xlsx 保持不变" in again.output
    fresh = run("reschedule", table, "--out", str(tmp_path / "fresh"), "--lang", "en")
    assert "No unit moves: no adjustment notice written" in fresh.output, fresh.output
    assert not list((tmp_path / "fresh").glob("调整通知.*"))


def _invite_id(invite) -> str:
    """The Message-ID the journal recorded for ``invite`` (as ``mark_sent`` writes it)."""
    return f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>"


def test_plain_replies_and_out_of_office_replies_are_named_and_stay_on_the_rows(example, tmp_path):
    """Finding 2: a "回复：" mail in words only, answering our invite, is named with the unit and what it says,
    and the unit's row says a mail awaits reading, on every later run (the ledger keeps it); so is an
    out-of-office reply. A reply about something else is neither named nor kept; none of them is counted
    as a calendar answer mail, nor is a mail whose subject reads as an answer but holds no calendar."""
    out = _solved(example)
    invites = _mailed(out)
    cg, cz = invites["区城管执法局"], invites["区财政局"]
    subject = "邀请：基层政务公开标准对接：{}"
    box = maildir(
        tmp_path / "Maildir",
        shapes.plain_reply(
            "cgzfj@example.org",
            "回复：" + subject.format("区城管执法局"),
            "您好，我局9月8日下午有执法任务，来不了，能否改到9日上午？",
            "<p1@example.org>",
            in_reply_to=_invite_id(cg),
        ),
        shapes.plain_reply(
            "cgzfj@example.org",
            "自动回复: " + subject.format("区城管执法局"),
            "我于9月6日至9月10日休假。",
            "<p2@example.org>",
            auto=True,
        ),
        shapes.plain_reply(
            "wgtlj@example.org", "Re: " + subject.format("区文广体旅局"), "收到，准时参加。", "<p3@example.org>"
        ),
        shapes.plain_reply(
            "someone@example.test", "Re: 周报", "好的", "<p4@example.org>", in_reply_to="<x@example.test>"
        ),
        shapes.plain_mail("czj@example.org", "已接受: " + subject.format("区财政局"), "准时参加", "<p5@example.org>"),
        shapes.outlook(answer(cz, comment="到")),
        shapes.plain_mail("liu@example.test", "已接受: " + subject.format("区财政局"), "好", "<p6@example.org>"),
    )
    table = str(out / "timetable.csv")
    first = run("replies", table, "--maildir", str(box))
    assert first.exit_code == 0, first.output
    assert "检查 7 封邮件，新的日历答复邮件 1 封，此前已读 0 封" in first.output
    # from an address not invited, its subject an answer's: named as before, without guessing winmail.dat
    assert "（liu@example.test，9月6日 10:00）：像是答复" in first.output
    assert "但没有日历数据（手写的回复或网页邮箱？），未计入：请手工查看" in first.output
    assert (
        "邮件“回复：邀请：基层政务公开标准对接：区城管执法局”（cgzfj@example.org，9月7日 9:00）"
        "回复了 区城管执法局 的邀请，但不是日历答复，未计入：请手工查看："
        "“您好，我局9月8日下午有执法任务，来不了，能否改到9日上午？”" in first.output
    )
    assert (
        "区城管执法局 的邀请收到自动回复（cgzfj@example.org）：“我于9月6日至9月10日休假。”：联系人可能不在"
        in first.output
    )
    assert "回复了 区文广体旅局 的邀请" in first.output and "周报" not in first.output
    assert "winmail" not in first.output and "原始邮件" not in first.output
    for result in (first, run("replies", table), run("replies", table, "--maildir", str(box))):
        cg_row, wg_row = _row(result.output, "区城管执法局"), _row(result.output, "区文广体旅局")
        assert "未答复" in cg_row and "有邮件待人工查看（9月7日 9:00，“您好，我局9月8日下午有执法任务" in cg_row
        assert "收到自动回复（“我于9月6日至9月10日休假。”）：联系人可能不在" in cg_row
        assert "有邮件待人工查看（9月7日 9:00，“收到，准时参加。”）" in wg_row
        # the two in the timetable's order, which may be either among equally good timetables
        assert any(
            f"有邮件待人工查看 2 个：{a}、{b}" in result.output
            for a, b in (("区城管执法局", "区文广体旅局"), ("区文广体旅局", "区城管执法局"))
        )
        assert "收到自动回复 1 个：区城管执法局" in result.output
    keys = [json.loads(line)["message_id"] for line in (out / "replies-ledger.jsonl").read_text().splitlines()]
    assert "<p4@example.org>" not in keys and {"<p1@example.org>", "<p2@example.org>", "<p3@example.org>"} <= set(keys)
    english = run("replies", table, "--lang", "en")
    assert "a mail to read by hand (Sep 7 9:00: '收到，准时参加。')" in _row(english.output, "区文广体旅局")
    replan = run("reschedule", table, "--from-replies")  # QA loop L3: where the office decides, too
    assert replan.exit_code == 0, replan.output
    assert "区城管执法局：有邮件待人工查看（9月7日 9:00，“您好，我局9月8日下午有执法任务" in replan.output


def test_an_answer_from_a_withdrawn_unit_is_shown(example, tmp_path):
    """Finding 9: 区环保局 was withdrawn (its cancellation mailed) and accepts its old invite: the answer is
    named when read, and the counts say on every run that a withdrawn unit still answered."""
    out = _solved(example)
    invites = _mailed(out)
    dropped = run("reschedule", str(out / "timetable.csv"), "--drop", "区环保局", "--out", str(out))
    assert dropped.exit_code == 0, dropped.output
    _mailed(out)
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区环保局"], comment="准时到")))
    table = str(out / "timetable.csv")
    first = run("replies", table, "--maildir", str(box))
    assert first.exit_code == 0, first.output
    assert "是 区环保局 的答复（接受），但其邀请已取消：未计入" in first.output
    for result in (first, run("replies", table)):
        assert "邀请已取消、仍有答复 1 个：区环保局（接受）（对方可能仍以为要参加）" in result.output
    english = run("--lang", "en", "replies", table).output  # QA loop L4: no Chinese brackets in English
    assert "1 whose invite was cancelled still answered: 区环保局 (accepted) (they may think" in english


def _moved_units(output: str) -> set[str]:
    """The units of the moves table ``reschedule`` prints (its rows, up to the total)."""
    rows = output.split("调整的单位", 1)[1].split("调整合计", 1)[0].splitlines()[3:]
    return {row.split()[0] for row in rows if row.strip()}


def test_among_equally_small_changes_a_unit_that_accepted_is_not_moved(example, tmp_path):
    """QA loop M1: 区财政局 declines 9月8日 11:00. Swapping it with 区发改委 is the smallest change, but
    区发改委 has just accepted its invite: a change as small that moves a unit without an answer is taken."""
    out = _solved(example)
    invites = _mailed(out)
    table = str(out / "timetable.csv")
    declined = shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="11点不行"))
    assert run("replies", table, "--maildir", str(maildir(tmp_path / "one", declined))).exit_code == 0
    before = run("reschedule", table, "--from-replies")
    assert before.exit_code == 0, before.output
    assert _moved_units(before.output) == {"区财政局", "区发改委"}  # the swap, while nobody accepted
    accepted = shapes.outlook(answer(invites["区发改委"], partstat="ACCEPTED"))
    assert run("replies", table, "--maildir", str(maildir(tmp_path / "two", accepted))).exit_code == 0
    after = run("reschedule", table, "--from-replies", "--out", str(out))
    assert after.exit_code == 0, after.output
    moved = _moved_units(after.output)
    assert len(moved) == 2 and "区财政局" in moved and "区发改委" not in moved
    assert _times(out)["区发改委"] == "2021-09-08 10:00"


def test_send_refreshes_the_answer_column_that_said_the_invites_were_not_sent(example, tmp_path, servers):
    """QA loop L1: the 答复 column written before ``send`` said "尚未发出"; after the invites went out the
    files still said so until the next ``replies --out``. ``send`` now rewrites them."""
    out = _solved(example)
    table = str(out / "timetable.csv")
    assert run("replies", table, "--maildir", str(maildir(tmp_path / "empty")), "--out", str(out)).exit_code == 0
    assert "尚未发出" in (out / "timetable.csv").read_text(encoding="utf-8-sig")
    server = servers(tls=None)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    sent = run("send", table, *mail)
    assert sent.exit_code == 0, sent.output
    assert len(server.recorder.messages) == 29
    text = (out / "timetable.csv").read_text(encoding="utf-8-sig")
    assert "答复" in text.splitlines()[0] and "尚未发出" not in text
    assert run("send", table, *mail).exit_code == 0 and len(server.recorder.messages) == 29


def test_send_that_cannot_rewrite_the_tables_after_mailing_warns_and_exits_0(example, tmp_path, servers, monkeypatch):
    """Review 2: when the rewrite after the mailing failed (timetable.xlsx open in Excel: its rename refused),
    ``send`` exited 2, "bad input, nothing changed", after every invite went out. The mail is sent: exit 0, one
    warning naming the file, and the next ``replies --out`` brings the tables in step."""
    from scheduler.files import swap

    out = _solved(example)
    table = str(out / "timetable.csv")
    assert run("replies", table, "--maildir", str(maildir(tmp_path / "empty")), "--out", str(out)).exit_code == 0
    real = swap.set_aside

    def refusing(target, backup):
        if target.name == "timetable.xlsx":
            raise PermissionError(13, "Permission denied", str(target))
        return real(target, backup)

    server = servers(tls=None)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    with monkeypatch.context() as patch:
        patch.setattr(swap, "set_aside", refusing)
        sent = run("send", table, *mail)
    assert sent.exit_code == 0, sent.output
    assert len(server.recorder.messages) == 29
    warned = [line for line in sent.output.splitlines() if line.startswith("警告：")]
    assert len(warned) == 1 and str(out / "timetable.xlsx") in warned[0] and "replies --out" in warned[0], warned
    assert "尚未发出" in (out / "timetable.csv").read_text(encoding="utf-8-sig")  # all or none: both left
    assert run("replies", table, "--maildir", str(maildir(tmp_path / "empty")), "--out", str(out)).exit_code == 0
    assert "尚未发出" not in (out / "timetable.csv").read_text(encoding="utf-8-sig")


def _traded():
    """One room, six hours: X is blocked so that it must trade places with B or C; the plain optimum moves B
    (displacement 2), sparing B costs displacement 3."""
    from datetime import date, time

    from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unavailable, Unit
    from scheduler.solver.replan import Changes

    calendar = Calendar((date(2021, 9, 8),), tuple(time(h) for h in (8, 9, 10, 11, 14, 15)))
    s = calendar.slots
    names = ("A", "B", "X", "C", "D")
    reference = Timetable(tuple(Meeting(n, s[i]) for i, n in enumerate(names)))
    problem = Problem(tuple(Unit(n, "") for n in names), calendar, rooms=(Room("房", 1),), reference=reference)
    blocked = (Unavailable("X", frozenset({s[0], s[2], s[4], s[5]})), Unavailable("C", frozenset({s[2]})))
    return problem, Changes(unavailable=blocked)


def test_sparing_an_accepted_unit_keeps_the_problems_bound_and_claims_no_optimum_it_misses():
    """Review 3: the timetable found with B pinned was reported "optimal" with the pinned search's bound 3,
    while displacement 2 exists. The bound is the unrestricted search's, and the status ``feasible``."""
    from scheduler.replies.wishes import spare_accepted
    from scheduler.solver.replan import replan

    problem, changes = _traded()
    plain = replan(problem, changes, time_limit=10)
    assert plain.proven and "B" in {m.unit for m in plain.moves()}
    spared = spare_accepted(problem, changes, plain, ["B"], 10)
    assert "B" not in {m.unit for m in spared.moves()} and spared.score > plain.score
    assert spared.bound == plain.bound and spared.status == "feasible" and not spared.proven


def test_sparing_an_accepted_unit_searches_in_what_is_left_of_the_one_time_limit(monkeypatch):
    """Review 3: the tie-break's second search had the whole time limit again; it has what is left of it."""
    from dataclasses import replace

    from scheduler.replies import wishes
    from scheduler.solver import replan as module
    from scheduler.solver.deadline import Deadline

    problem, changes = _traded()
    plain = module.replan(problem, changes, time_limit=10)
    limits = []
    real = module.replan

    def spy(problem, changes, time_limit, now=None):
        limits.append(time_limit)
        return real(problem, changes, time_limit=time_limit, now=now)

    monkeypatch.setattr(module, "replan", spy)
    wishes.spare_accepted(problem, changes, replace(plain, runtime=7.5), ["B"], 10.0)
    assert limits == [2.5]
    limits.clear()
    assert wishes.spare_accepted(problem, changes, replace(plain, runtime=10.0), ["B"], 10.0).proven
    assert limits == []  # nothing left: the first search's answer stands
    wishes.replan_with(problem, changes, (), time_limit=10.0, accepted=["B"])
    assert len(limits) == 2 and isinstance(limits[0], Deadline) and limits[1] is limits[0]
