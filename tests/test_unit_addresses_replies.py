"""Answers from a unit with several addresses (QA jobs16 F4): each address answers for itself, with a row of
its own; the unit is moved by `reschedule --from-replies` only when every one of its addresses declines
(docs/replies.md, "A unit with several addresses")."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scheduler.invites.folder import read_invites
from tests.conftest import edit

SECOND = "区财政局,czj2@example.org,陈某\n"


def _two_people(example: Path) -> None:
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "区财政局,czj@example.org,刘某\n" + SECOND)


def test_replies_from_either_address_count_for_that_address(example):
    from tests import reply_mails as shapes
    from tests.replies_helpers import answer, maildir, mark_sent, run

    _two_people(example)
    table = example / "notice_2021.csv"
    assert run("ics", str(table), "--out", str(example / "invites")).exit_code == 0
    invites = read_invites(example / "invites")
    mark_sent(example, {i.journal_key: i for i in invites})
    first, second = [i for i in invites if i.unit == "区财政局"]
    assert (first.attendee.address, second.attendee.address) == ("czj@example.org", "czj2@example.org")
    box = maildir(
        example / "Maildir",
        shapes.outlook(answer(first, comment="准时参加", start=datetime(2021, 9, 8, 11, 0))),
        shapes.gmail(answer(second, partstat="DECLINED", comment="当天出差", start=datetime(2021, 9, 8, 11, 0))),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    mine = [line for line in result.output.splitlines() if "  区财政局  " in line]
    assert len(mine) == 2 and "刘某" in mine[0] and "接受" in mine[0] and "陈某" in mine[1] and "拒绝" in mine[1]
    assert "未答复 28（29 个单位，共 30 个邮箱）" in result.output
    # one of two declining does not move the unit: it still comes; both declining do
    assert _asked_to_move(example) == []
    # and reschedule --from-replies says so, rather than "nobody declined" (QA qamail18 F15)
    replan = run("reschedule", str(table), "--from-replies", "--out", str(example / "replan"))
    assert replan.exit_code == 0, replan.output
    said = "1 个单位只有部分人员拒绝或提议新时间（同单位还有人参加）：不因答复调整（区财政局）"
    assert said in replan.output and "答复中没有拒绝或提议新时间的单位" not in replan.output, replan.output
    box = maildir(box, shapes.outlook(answer(first, partstat="DECLINED", start=datetime(2021, 9, 8, 11, 0))))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    assert _asked_to_move(example) == ["区财政局"]


def _asked_to_move(folder: Path) -> list[str]:
    from zoneinfo import ZoneInfo

    from scheduler import load
    from scheduler.replies.collect import standings
    from scheduler.replies.wishes import wishes

    loaded = load(folder / "notice_2021.csv")
    found = standings(folder / "invites", folder / "mail-journal.jsonl")
    units = [u.name for u in loaded.problem.units]
    zone = ZoneInfo("Asia/Shanghai")
    return [w.unit for w in wishes(found, loaded.problem.calendar, zone, units)]


def test_reminders_go_to_each_address_that_has_not_answered(example, servers):
    from tests import reply_mails as shapes
    from tests.replies_helpers import answer, maildir, mark_sent, run
    from tests.test_replies_remind import received, remind, shanghai

    _two_people(example)
    table = example / "notice_2021.csv"
    assert run("ics", str(table), "--out", str(example / "invites")).exit_code == 0
    invites = read_invites(example / "invites")
    mark_sent(example, {i.journal_key: i for i in invites}, at=shanghai(4, 8))
    first = next(i for i in invites if i.unit == "区财政局" and not i.key)
    box = maildir(example / "Maildir", shapes.outlook(answer(first, start=datetime(2021, 9, 8, 11, 0))))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    server = servers(tls="starttls")
    result = remind(table, server, shanghai(7, 10))
    assert result.exit_code == 0, result.output
    theirs = [m for m in received(server) if "区财政局" in str(m["Subject"])]
    asked = [m["To"].addresses[0].addr_spec for m in theirs if str(m["Subject"]).startswith("请答复：")]
    assert asked == ["czj2@example.org"]  # the one who accepted is not asked again
    told = sorted(m["To"].addresses[0].addr_spec for m in theirs if str(m["Subject"]).startswith("提醒：明天"))
    assert told == ["czj2@example.org", "czj@example.org"]
    assert len({m["Message-ID"] for m in received(server)}) == len(received(server))
    # the deadlines: each address its own reminder (its own journal key and Message-ID), once
    later = remind(table, server, shanghai(10, 9))
    assert later.exit_code == 0, later.output
    period = [m for m in received(server) if "（9月11日至9月25日）" in str(m["Subject"]) and "区财政局" in str(m["To"])]
    assert sorted(m["To"].addresses[0].addr_spec for m in period) == ["czj2@example.org", "czj@example.org"]
    assert len({m["Message-ID"] for m in received(server)}) == len(received(server))
    count = len(received(server))
    assert "今天没有到期的提醒" in remind(table, server, shanghai(10, 17)).output and len(received(server)) == count


def test_the_person_column_shows_the_contact_of_a_unit_of_one_address_too(example):
    """QA jobs17 F11: with a unit of several addresses the 人员 column showed their 联系人, and for a unit of
    one address its own name (区自然资源局), though the contacts name 王某: the 联系人 for every row."""
    import csv

    from tests import reply_mails as shapes
    from tests.replies_helpers import answer, maildir, mark_sent, run

    _two_people(example)
    table = example / "notice_2021.csv"
    assert run("ics", str(table), "--out", str(example / "invites")).exit_code == 0
    invites = read_invites(example / "invites")
    mark_sent(example, {i.journal_key: i for i in invites})
    first = next(i for i in invites if i.unit == "区财政局")
    lone = next(i for i in invites if i.unit == "区自然资源局")
    box = maildir(example / "Maildir", shapes.outlook(answer(first)), shapes.gmail(answer(lone)))
    result = run("replies", str(table), "--maildir", str(box), "--out", str(example / "out"))
    assert result.exit_code == 0, result.output
    mine = [line for line in result.output.splitlines() if "  区自然资源局  " in line]
    assert len(mine) == 1 and "  王某  " in mine[0], mine
    with (example / "out" / "replies.csv").open(encoding="utf-8-sig") as handle:
        rows = {row["单位"]: row["人员"] for row in csv.DictReader(handle)}
    assert rows["区自然资源局"] == "王某" and rows["区财政局"] == "刘某"


def test_a_hand_written_reply_from_one_person_is_pinned_on_that_person_alone(example):
    """QA qamail18 F3: a text-only reply from the second address, In-Reply-To its own copy, was pinned on
    both people of the unit (the journal's copy key was also read as the unit's own), so the other was
    not reminded either. It concerns the person it came from, named once."""
    from tests import reply_mails as shapes
    from tests.replies_helpers import maildir, mark_sent, run

    _two_people(example)
    table = example / "notice_2021.csv"
    assert run("ics", str(table), "--out", str(example / "invites")).exit_code == 0
    invites = read_invites(example / "invites")
    mark_sent(example, {i.journal_key: i for i in invites})
    second = next(i for i in invites if i.unit == "区财政局" and i.key)
    mail = shapes.plain_reply(
        "陈某 <czj2@example.org>",
        "回复：邀请：基层政务公开标准对接：区财政局",
        "陈某那天不能参加，抱歉",
        "<hand@example.org>",
        in_reply_to=f"<{second.journal_key.replace('/', '.')}.0@example.org>",
    )
    box = maildir(example / "Maildir", mail)
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    mine = [line for line in result.output.splitlines() if "  区财政局  " in line]
    assert len(mine) == 2, result.output
    assert "刘某" in mine[0] and "待人工查看" not in mine[0], mine
    assert "陈某" in mine[1] and "待人工查看" in mine[1], mine
    # the summary names that person's address once, as send names a further address (QA qamail18 F6)
    assert "有邮件待人工查看 1 个：区财政局 <czj2@example.org>（" in result.output, result.output


def test_a_reply_in_words_from_a_further_address_names_its_own_copy_title(example):
    """QA review21b F2: with ``{contact}`` in the summary each address's invite has its own title
    (“…区财政局（陈某）”). A reply in words without In-Reply-To from the second address, its subject that
    copy's title, was compared with the first address's title and dropped; it is kept on that row."""
    from tests import reply_mails as shapes
    from tests.replies_helpers import maildir, mailed_with_contact_titles, run

    _two_people(example)
    table = mailed_with_contact_titles(example)
    mail = shapes.plain_reply(
        "czj2@example.org",
        "回复：邀请：基层政务公开标准对接：区财政局（陈某）",
        "9月8日我不能来，改派刘某",
        "<w1@example.org>",
    )
    result = run("replies", str(table), "--maildir", str(maildir(example / "Maildir", mail)))
    assert result.exit_code == 0, result.output
    mine = [line for line in result.output.splitlines() if "  区财政局  " in line]
    assert len(mine) == 2, result.output
    assert "刘某" in mine[0] and "待人工查看" not in mine[0], mine
    assert "陈某" in mine[1] and "待人工查看" in mine[1] and "改派" in mine[1], mine


def test_a_further_address_s_copy_title_is_its_own_record_not_derived_from_the_first(example):
    """Twenty-first session: a further address's title was derived from the first copy's (its contact's
    name replaced by this one's), which fails when the first address names no person (“…区财政局（）”) or the
    name appears elsewhere in the title. Each copy's own SUMMARY is in state.json (its item, under the
    copy's key) and is read from there; a state without it is derived as before."""
    import json

    from scheduler.invites.state import parse_state
    from scheduler.mail.journal import read_history
    from scheduler.replies.standing import invitees
    from tests import reply_mails as shapes
    from tests.replies_helpers import maildir, mailed_with_contact_titles, run

    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "区财政局,czj@example.org,\n" + SECOND)
    table = mailed_with_contact_titles(example)
    mail = shapes.plain_reply(
        "czj2@example.org", "回复：邀请：基层政务公开标准对接：区财政局（陈某）", "9月8日我不能来", "<w2@example.org>"
    )
    result = run("replies", str(table), "--maildir", str(maildir(example / "Maildir", mail)))
    assert result.exit_code == 0, result.output
    mine = [line for line in result.output.splitlines() if "  区财政局  " in line]
    assert "陈某" in mine[1] and "待人工查看" in mine[1], mine

    state_path = example / "invites" / "state.json"
    raw = json.loads(state_path.read_text(encoding="utf-8"))
    raw["items"] = [item for item in raw["items"] if "/to-" not in item["uid"]]  # a state without the copy's own
    older = parse_state(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    people = [p for p in invitees(older, read_history(example / "mail-journal.jsonl")) if p.unit == "区财政局"]
    assert [p.summary for p in people] == ["基层政务公开标准对接：区财政局（）"] * 2  # derived: read, not failed


def test_a_reply_naming_the_title_mailed_is_matched_after_a_rename_not_yet_mailed(example, servers):
    """A leftover of the twenty-first session: the contacts renamed (刘某 → 刘主任, 陈某 → 陈科长) and the invites
    exported again without mailing, state.json held the new titles ("…区财政局（陈科长）"), and a reply in words
    naming the title that was mailed ("回复：邀请：…区财政局（陈某）") was set aside as about something else.
    The journal keeps each message's SUMMARY; a reply naming any title the invite was mailed with is its."""
    import json

    from tests import reply_mails as shapes
    from tests.replies_helpers import maildir, run

    _two_people(example)
    edit(
        example / "notice_2021.toml",
        'summary = "基层政务公开标准对接：{unit}"',
        'summary = "基层政务公开标准对接：{unit}（{contact}）"',
    )
    table = example / "notice_2021.csv"
    server = servers(tls="starttls")
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--cafile", str(server.cafile)]
    sent = run("send", str(table), *options)
    assert sent.exit_code == 0, sent.output
    lines = [json.loads(line) for line in (example / "mail-journal.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"基层政务公开标准对接：区财政局（刘某）", "基层政务公开标准对接：区财政局（陈某）"} <= {
        line.get("summary") for line in lines if line["state"] == "sent"
    }
    edit(example / "contacts_2021.csv", "czj@example.org,刘某\n", "czj@example.org,刘主任\n")
    edit(example / "contacts_2021.csv", "czj2@example.org,陈某\n", "czj2@example.org,陈科长\n")
    renamed = run("ics", str(table), "--out", str(example / "invites"))
    assert renamed.exit_code == 0, renamed.output
    # the updates say why (they were "same time and room", and send warned of them as unexplained)
    assert "联系人改为 刘主任" in renamed.output and "联系人改为 陈科长" in renamed.output, renamed.output
    assert "时间地点未变" not in renamed.output
    dry = run("send", str(table), "--dry-run", str(example / "outbox"))
    assert dry.exit_code == 0 and "时间、地点和邮箱却都没变" not in dry.output, dry.output
    state = (example / "invites" / "state.json").read_text(encoding="utf-8")
    assert "区财政局（陈科长）" in state and "区财政局（陈某）" not in state  # the files as exported now

    box = maildir(
        example / "Maildir",
        shapes.plain_reply(
            "czj@example.org", "回复：邀请：基层政务公开标准对接：区财政局（刘某）", "收到", "<r1@example.org>"
        ),
        shapes.plain_reply(
            "czj2@example.org",
            "回复：邀请：基层政务公开标准对接：区财政局（陈某）",
            "9月8日我不能来",
            "<r2@example.org>",
        ),
    )
    result = run("replies", str(table), "--maildir", str(box))
    assert result.exit_code == 0, result.output
    mine = [line for line in result.output.splitlines() if "  区财政局  " in line]
    assert len(mine) == 2 and all("待人工查看" in line for line in mine), result.output
