"""Weighing answers against invites, without files: trust, outdated answers, the newest answer, the same mail
twice, addresses compared as mail compares them, and several people sharing one invite (a meeting)."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from scheduler.files.addresses import address_key, from_mailto, mailto
from scheduler.replies.answers import BOUNCE, REFRESH, Answer, ReadMail, Signal, State
from scheduler.replies.itip import read_mail
from scheduler.replies.standing import Invitee, SentLine, Verdict, judge, live_bounces
from scheduler.text.messages import render
from tests import reply_mails as shapes
from tests.reply_mails import Reply

UID = "uid-meeting-1"
CZJ = "czj@example.org"


def person(name: str, address: str, sequence: int = 1, uid: str = UID, unit: str = "") -> Invitee:
    start = datetime(2021, 9, 8, 8, tzinfo=UTC)
    return Invitee(unit or name, name, address, uid, sequence, "REQUEST", start, start, sent=sequence,
                   addresses=frozenset({address_key(address)}))  # fmt: skip


def mail(key: str, sender: str, *answers: Answer, day: int = 6) -> ReadMail:
    return ReadMail(key, "test", key, sender, date=datetime(2021, 9, day, 10, tzinfo=UTC), answers=answers)


def said(attendee: str, partstat: str, sequence: int = 1, hour: int = 9, uid: str = UID, method: str = "REPLY"):
    return Answer(method, uid, sequence, attendee, partstat=partstat, stamp=datetime(2021, 9, 6, hour, tzinfo=UTC))


def states(standings) -> dict[str, State]:
    return {row.invitee.name: row.state for row in standings.rows}


def test_several_people_on_one_invite_each_answer_for_themselves():
    people = [person("王某", "wang@example.org"), person("李某", "li@example.org"), person("张某", "zhang@example.org")]
    found = judge(
        people,
        [
            mail("a", "wang@example.org", said("wang@example.org", "ACCEPTED")),
            mail("b", "li@example.org", said("li@example.org", "DECLINED")),
            mail("c", "stranger@example.test", said("stranger@example.test", "ACCEPTED")),
        ],
    )
    assert states(found) == {"王某": State.ACCEPTED, "李某": State.DECLINED, "张某": State.NO_ANSWER}
    stranger = found.received[2]
    assert stranger.verdict == Verdict.UNTRUSTED and stranger.person is None
    assert all(not row.untrusted for row in found.rows)


def test_an_answer_on_someones_behalf_counts_only_from_an_address_the_invite_went_to():
    """SENT-BY equal to the sender is no authority of its own: a co-participant of the same meeting (the UID
    is in his own invite) or a stranger declining for 李某 is shown as not counted; the address the office
    itself mailed 李某's invite to (an earlier contact address, the journal says) may answer for her."""
    li = replace(person("李某", "li@example.org"), addresses=frozenset({"li@example.org", "li.old@example.org"}))
    people = [person("王某", "wang@example.org"), li]

    def on_behalf(key: str, sender: str, hour: int) -> ReadMail:
        return mail(key, sender, replace(said("li@example.org", "DECLINED", hour=hour), sent_by=sender))

    found = judge(people, [on_behalf("a", "wang@example.org", 9), on_behalf("b", "mallory@evil.test", 10)])
    assert states(found) == {"王某": State.NO_ANSWER, "李某": State.NO_ANSWER}
    assert [r.verdict for r in found.received] == [Verdict.UNTRUSTED, Verdict.UNTRUSTED]
    assert found.received[0].why is not None and found.received[0].why.key == "replies.why.on_behalf"
    assert "由 wang@example.org 代 li@example.org 答复（SENT-BY），未计入" in render(found.received[0].why)
    known = judge(people, [on_behalf("c", "li.old@example.org", 9)])
    assert states(known)["李某"] == State.DECLINED and known.received[0].verdict == Verdict.CURRENT


def test_a_delegate_from_the_contacts_answers_for_that_invitee_and_nobody_else_does():
    """The 代理邮箱 column: a secretary's answer counts for the invitee it is named for, either as the
    invitee's ATTENDEE with SENT-BY (Outlook's "on behalf of") or as the secretary's own ATTENDEE (a
    forwarded invite), and says "X 代 Y 答复"; the same secretary is no one for another invitee, nor is a
    stranger; and one who stands for two people of a meeting cannot answer as themselves (for whom?)."""
    secretary = "mishu@example.org"
    li = replace(person("李某", "li@example.org"), delegates=frozenset({secretary}))
    wang = person("王某", "wang@example.org")

    def on_behalf(key: str, who: str, sender: str, partstat: str, hour: int) -> ReadMail:
        return mail(key, sender, replace(said(who, partstat, hour=hour), sent_by=sender))

    found = judge(
        [wang, li],
        [
            on_behalf("a", "li@example.org", secretary, "DECLINED", 9),
            on_behalf("b", "wang@example.org", secretary, "DECLINED", 9),
            on_behalf("c", "li@example.org", "mallory@example.test", "ACCEPTED", 10),
        ],
    )
    assert states(found) == {"王某": State.NO_ANSWER, "李某": State.DECLINED}
    assert [r.verdict for r in found.received] == [Verdict.CURRENT, Verdict.UNTRUSTED, Verdict.UNTRUSTED]
    assert render(found.received[0].why) == "mishu@example.org 代 李某 答复"
    assert render(found.received[0].why, "en") == "mishu@example.org for 李某"
    assert "也不是其代理邮箱" in render(found.received[1].why)

    forwarded = judge([wang, li], [mail("d", secretary, said(secretary, "TENTATIVE"))])
    assert states(forwarded) == {"王某": State.NO_ANSWER, "李某": State.TENTATIVE}
    assert render(forwarded.rows[1].answer.why) == "mishu@example.org 代 李某 答复"
    not_from_them = judge([wang, li], [mail("e", "other@example.test", said(secretary, "ACCEPTED"))])
    assert states(not_from_them)["李某"] == State.NO_ANSWER

    both = [replace(wang, delegates=frozenset({secretary})), li]
    assert set(states(judge(both, [mail("f", secretary, said(secretary, "ACCEPTED"))])).values()) == {State.NO_ANSWER}
    on_both = judge(both, [on_behalf("g", "wang@example.org", secretary, "ACCEPTED", 9)])
    assert states(on_both) == {"王某": State.ACCEPTED, "李某": State.NO_ANSWER}


def test_the_newest_answer_wins_by_sequence_then_stamp_then_date():
    people = [person("区财政局", "czj@example.org", sequence=2)]
    found = judge(
        people,
        [
            mail("late-old", "czj@example.org", said("czj@example.org", "DECLINED", sequence=1, hour=20)),
            mail("new-early", "czj@example.org", said("czj@example.org", "TENTATIVE", sequence=2, hour=8)),
            mail("new-late", "czj@example.org", said("czj@example.org", "ACCEPTED", sequence=2, hour=11)),
            mail("new-mid", "czj@example.org", said("czj@example.org", "DECLINED", sequence=2, hour=10)),
        ],
    )
    (row,) = found.rows
    assert row.state == State.ACCEPTED and row.answer.mail.key == "new-late"
    assert [r.verdict for r in found.received] == [Verdict.OUTDATED] + [Verdict.CURRENT] * 3


def test_only_an_outdated_answer_leaves_no_answer_with_the_old_one_shown():
    found = judge([person("区财政局", "czj@example.org", sequence=3)],
                  [mail("x", "czj@example.org", said("czj@example.org", "ACCEPTED", sequence=2))])  # fmt: skip
    (row,) = found.rows
    assert row.state == State.NO_ANSWER and row.outdated.state == State.ACCEPTED


def test_a_forwarded_answer_is_untrusted_and_the_same_mail_twice_is_one():
    answer = said("czj@example.org", "DECLINED")
    forwarded = mail("fwd", "liu@personal.example.test", answer)
    found = judge([person("区财政局", "czj@example.org")], [forwarded])
    (row,) = found.rows
    assert row.state == State.NO_ANSWER and len(row.untrusted) == 1
    assert row.untrusted[0].why.key == "replies.why.other_sender"


def test_addresses_compare_without_case_and_with_the_domain_in_idna():
    assert address_key("CZJ@Example.ORG") == address_key("czj@example.org")
    assert address_key("单位@政务.中国") == address_key("单位@xn--zfr164b.xn--fiqs8s")
    found = judge([person("区财政局", "单位@政务.中国")],
                  [mail("m", "单位@XN--ZFR164B.xn--fiqs8s", said("单位@政务.中国", "ACCEPTED"))])  # fmt: skip
    assert found.rows[0].state == State.ACCEPTED


def test_a_counter_is_counter_whatever_its_partstat_and_another_uid_is_foreign():
    found = judge(
        [person("区财政局", "czj@example.org")],
        [
            mail("c", "czj@example.org", said("czj@example.org", "DECLINED", method="COUNTER")),
            mail("f", "czj@example.org", said("czj@example.org", "ACCEPTED", uid="another-meeting")),
        ],
    )
    assert found.rows[0].state == State.COUNTER
    assert found.received[1].verdict == Verdict.FOREIGN and found.foreign == (found.received[1],)


def test_the_outputs_name_each_person_of_a_meeting():
    from scheduler.replies.report import answers_for

    people = [person("王某", "wang@example.org", unit="季度例会"), person("李某", "li@example.org", unit="季度例会")]
    found = judge(people, [mail("a", "li@example.org", said("li@example.org", "DECLINED"))])
    answers = answers_for(found, None)
    assert answers.cells == {"季度例会": "王某：未答复\n李某：拒绝"}
    assert answers.header[:3] == ["单位", "人员", "答复"]
    assert [row[:3] for row in answers.rows] == [["季度例会", "李某", "拒绝"]]


def test_two_answers_stamped_in_the_same_second_are_told_apart_by_the_mails_date():
    """Foxmail stamps with the minute: the later mail's answer wins, whatever the order of reading."""
    later = mail("decline", "czj@example.org", said("czj@example.org", "DECLINED"), day=7)
    earlier = mail("accept", "czj@example.org", said("czj@example.org", "ACCEPTED"), day=6)
    for mails in ([later, earlier], [earlier, later]):
        (row,) = judge([person("区财政局", "czj@example.org")], mails).rows
        assert row.state == State.DECLINED and row.answer.mail.key == "decline"


def test_an_answer_to_a_sequence_never_mailed_counts_as_one_to_the_last_mailed():
    bumped = mail("bumped", "czj@example.org", said("czj@example.org", "ACCEPTED", sequence=5, hour=9))
    later = mail("later", "czj@example.org", said("czj@example.org", "DECLINED", sequence=0, hour=11))
    found = judge([person("区财政局", "czj@example.org", sequence=0)], [bumped, later])
    (row,) = found.rows
    assert row.state == State.DECLINED and row.answer.mail.key == "later"
    first = found.received[0]
    assert first.verdict == Verdict.CURRENT and first.weighed == 0
    assert first.why.key == "replies.why.sequence_above" and first.why.params["sent"] == 0


def test_an_answer_to_an_update_not_mailed_yet_answers_the_one_mailed():
    unsent = replace(person("区财政局", "czj@example.org", sequence=2), sent=1)
    found = judge([unsent], [mail("m", "czj@example.org", said("czj@example.org", "ACCEPTED", sequence=2))])
    (row,) = found.rows
    assert row.state == State.NO_ANSWER and row.outdated is not None and row.outdated.weighed == 1


def test_mails_that_are_not_answers_are_counted_as_mails_not_as_calendars():
    from scheduler.replies.report import mail_lines

    bounce = ReadMail("bounce", "test", "bounce", "mailer-daemon@example.org", ignored=2)  # the invite twice
    invite = ReadMail("fwd", "test", "fwd", "czj@example.org", ignored=1)
    lines = mail_lines([bounce, invite], judge([], [bounce, invite]), "en", None)
    assert lines == ["2 calendar mails are not answers (invitations, cancellations): skipped"]


FORMS = [
    # (invited as typed, the answer's ATTENDEE, its From)
    # our invite's ATTENDEE, echoed: the domain in IDNA (what the mail went to), or as typed
    ("cgzfj@例子.测试", "cgzfj@xn--fsqu00a.xn--0zwm56d", "cgzfj@xn--fsqu00a.xn--0zwm56d"),
    ("cgzfj@例子.测试", "CGZFJ@例子.测试", "cgzfj@xn--fsqu00a.xn--0zwm56d"),
    # a non-ASCII mailbox: percent-encoded in the mailto URI (RFC 6068), or raw
    ("王某@example.org", "%E7%8E%8B%E6%9F%90@example.org", "王某@example.org"),
    ("王某@例子.测试", "王某@例子.测试", "王某@xn--fsqu00a.xn--0zwm56d"),
]


@pytest.mark.parametrize(
    ("client", "invited", "attendee", "sender"),
    # the Foxmail builder writes 7-bit headers only (GB18030 words), so no UTF-8 From
    [(c, *form) for c in sorted(shapes.CLIENTS) for form in FORMS if c != "foxmail" or form[2].isascii()],
)
def test_an_answer_carrying_either_form_of_the_address_is_the_invitees(client, invited, attendee, sender):
    data = shapes.CLIENTS[client](Reply(uid=UID, attendee=attendee, name="区财政局", sequence=1, sender=sender))
    read = read_mail(data, "test")
    assert read is not None and not read.problems
    found = judge([person("区财政局", invited)], [read])
    assert found.rows[0].state == State.ACCEPTED
    assert [r.verdict for r in found.received] == [Verdict.CURRENT]


def test_a_mailto_address_is_ascii_and_reads_back_as_the_same_mailbox():
    assert mailto("cgzfj@例子.测试") == "mailto:cgzfj@xn--fsqu00a.xn--0zwm56d"
    assert mailto("王某@example.org") == "mailto:%E7%8E%8B%E6%9F%90@example.org"
    assert mailto("a/b?c#d%e@example.org") == "mailto:a%2Fb%3Fc%23d%25e@example.org"  # RFC 6068's gen-delims
    assert mailto("o'brien+x=y@example.org") == "mailto:o'brien+x=y@example.org"
    for address in ("cgzfj@例子.测试", "王某@例子.测试", "a/b?c#d%e@example.org", "czj@example.org"):
        uri = mailto(address)
        assert uri.isascii() and address_key(uri) == address_key(address)
        assert mailto(from_mailto(uri)) == uri  # what a lost state is rebuilt from writes the same URI


def _from(data: bytes, header: str) -> bytes:
    head, body = data.split(b"\r\n\r\n", 1)
    lines = [b"From: " + header.encode("ascii") if x.startswith(b"From:") else x for x in head.split(b"\r\n")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


NAME_ONLY = "=?utf-8?b?" + base64.b64encode("区财政局".encode()).decode() + "?="
WHOLE = "=?gb2312?B?" + base64.b64encode("区财政局 <czj@example.org>".encode("gb2312")).decode() + "?="


def test_a_from_with_only_an_encoded_display_name_is_shown_decoded_and_not_trusted():
    """Shown as the raw ``=?utf-8?b?...?=`` in the line, the row's note and the sheet."""
    from scheduler.replies.report import answers_for, mail_lines

    read = read_mail(_from(shapes.outlook(Reply(uid=UID, attendee=CZJ, name="区财政局", sequence=1)), NAME_ONLY))
    assert (read.sender, read.sender_name) == ("", "区财政局")
    found = judge([person("区财政局", CZJ)], [read])
    assert found.rows[0].state == State.NO_ANSWER and found.received[0].verdict == Verdict.UNTRUSTED
    (line,) = mail_lines([read], found, "zh", None)
    assert "（区财政局（没有邮件地址），9月6日 10:00）" in line
    assert "发件人 区财政局（没有邮件地址） 与答复的参加人" in line
    assert "(区财政局 (no mail address), Sep 6 10:00)" in mail_lines([read], found, "en", None)[0]
    answers = answers_for(found, None)
    assert answers.cells["区财政局"] == "未答复；另有 1 封答复未采信：区财政局（没有邮件地址）（接受）"
    assert answers.rows[0][6] == "区财政局（没有邮件地址）"
    assert "=?" not in line + answers.cells["区财政局"] + "".join(answers.rows[0])


def test_a_from_encoded_whole_as_one_word_is_decoded_before_its_address_is_taken():
    """``=?gb2312?B?<区财政局 <czj@example.org>>?=``: the encoded word was taken for the address, so the
    invitee's own answer was not trusted."""
    read = read_mail(_from(shapes.outlook(Reply(uid=UID, attendee=CZJ, name="区财政局", sequence=1)), WHOLE))
    assert (read.sender, read.sender_name) == (CZJ, "区财政局")
    found = judge([person("区财政局", CZJ)], [read])
    assert found.rows[0].state == State.ACCEPTED and [r.verdict for r in found.received] == [Verdict.CURRENT]


@pytest.mark.parametrize(("stored", "shown"), [(NAME_ONLY, ("", "区财政局")), (WHOLE, (CZJ, "区财政局"))])
def test_a_ledger_line_written_with_the_from_undecoded_reads_back_decoded(tmp_path, stored, shown):
    """Mails already read are not read again: the ledger's record of them is decoded on reading."""
    from scheduler.replies.ledger import mail_record, read_ledger

    record = mail_record(mail("m", stored, said(CZJ, "ACCEPTED")))
    (tmp_path / "l.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (back,) = read_ledger(tmp_path / "l.jsonl").mails
    assert (back.sender, back.sender_name) == shown


def _mailed(*mailings: tuple[int, int]) -> Invitee:
    """区财政局, its invite mailed as (SEQUENCE, hour of 2021-09-06 UTC) says; the last is the current one."""
    at = tuple((seq, datetime(2021, 9, 6, hour, tzinfo=UTC)) for seq, hour in mailings)
    start = datetime(2021, 9, 8, 8, tzinfo=UTC)
    return replace(person("区财政局", CZJ, sequence=mailings[-1][0]), mailings=at, start=start)


def _bumped(partstat: str, hour: int, read_hour: int, start: datetime | None = None) -> ReadMail:
    """An answer whose client raised the SEQUENCE to 7, stamped and dated at ``hour``, read at ``read_hour``."""
    answer = replace(said(CZJ, partstat, sequence=7, hour=hour), start=start)
    return replace(mail("bumped", CZJ, answer), date=answer.stamp, read_at=datetime(2021, 9, 6, read_hour, tzinfo=UTC))


def test_an_answer_above_every_sequence_stays_an_answer_to_the_invite_mailed_before_it():
    """QA story 9, finding 1: an update mailed after the answer never makes the old answer one to the update
    (a decline would move the unit at every replan; an accept would count for a time never asked)."""
    before = judge([_mailed((0, 8))], [_bumped("DECLINED", 9, 10)])
    assert before.rows[0].state == State.DECLINED and before.received[0].weighed == 0
    for update in (11, 10):  # mailed after the answer was read, or after it was written and before it was read
        after = judge([_mailed((0, 8), (1, update))], [_bumped("DECLINED", 9, 11)])
        (row,) = after.rows
        assert row.state == State.NO_ANSWER and row.outdated is not None and row.outdated.weighed == 0
        assert row.outdated.why.params == {"sequence": 7, "sent": 0}
    answered = judge([_mailed((0, 8), (1, 9))], [_bumped("ACCEPTED", 10, 11)])  # written after the update
    assert answered.rows[0].state == State.ACCEPTED and answered.received[0].weighed == 1


def test_clocks_before_the_first_mailing_are_wrong_and_a_time_not_the_invites_tells_an_older_answer():
    wrong_clock = replace(_bumped("ACCEPTED", 5, 10), date=datetime(2021, 9, 1, tzinfo=UTC))  # written "before"
    assert judge([_mailed((0, 8), (1, 11))], [wrong_clock]).received[0].weighed == 0  # read at 10: before SEQ 1
    old_time = _bumped("ACCEPTED", 12, 12, start=datetime(2021, 9, 9, 7, tzinfo=UTC))  # read after SEQ 1
    received = judge([_mailed((0, 8), (1, 11))], [old_time]).received[0]
    assert received.verdict == Verdict.OUTDATED and received.weighed == 0
    assert received.why.key == "replies.why.sequence_above_time"
    same_time = _bumped("ACCEPTED", 12, 12, start=datetime(2021, 9, 8, 8, tzinfo=UTC))
    assert judge([_mailed((0, 8), (1, 11))], [same_time]).received[0].verdict == Verdict.CURRENT


def test_a_bounce_that_names_no_address_is_of_the_address_its_returned_message_went_to():
    """Review §1: a bounce with neither Final-Recipient nor the returned To concerns the address the journal
    says the returned message was mailed to; once the contacts give another address, it holds nothing back."""
    mailed = datetime(2021, 9, 6, 8, tzinfo=UTC)
    old = SentLine(address_key(CZJ), mailed, "uid-meeting-1.0@example.org", 0)
    bounce = Signal(BOUNCE, message_id="<uid-meeting-1.0@example.org>", status="5.1.1")
    returned = ReadMail("dsn", "test", "<dsn@example.org>", "mailer-daemon@example.org", signals=(bounce,))
    for address, live in ((CZJ, True), ("czj-new@example.org", False)):
        someone = replace(
            person("区财政局", address, sequence=0), sent_to=(old,), message_ids=frozenset({old.message_id})
        )
        assert bool(live_bounces([someone], [returned])) == live


def _refresh(key: str, sender: str, attendee: str, sent_by: str = "") -> ReadMail:
    """A mail from ``sender`` asking for the invite ``UID`` again (REFRESH) for ``attendee``."""
    signal = Signal(REFRESH, UID, attendee, 1, sent_by=sent_by)
    return ReadMail(key, "test", key, sender, subject="refresh", signals=(signal,))


def _refresh_lines(people: list[Invitee], mails: list[ReadMail], lang: str = "zh") -> list[str]:
    from scheduler.replies.report import mail_lines

    return mail_lines(mails, judge(people, mails), lang, None)


def test_a_refresh_from_an_address_not_the_invitees_is_not_the_units_and_its_invite_is_not_sent_there():
    """QA qaitip20 F2: a REFRESH was matched by UID alone ("the only one"): one from a stranger (a forwarded
    invite) was told as the unit asking, with "send it its invite" beside the stranger's address. Trusted as
    an answer is: the invitee's own address (or its delegate, or SENT-BY an address the invite went to)."""
    zjj = replace(person("区住建局", "zjj@example.org"), delegates=frozenset({"mishu@example.org"}))
    for sender, attendee, sent_by in (
        ("stranger@example.net", "stranger@example.net", ""),  # the QA's mail: ATTENDEE and From a stranger's
        ("stranger@example.net", "zjj@example.org", ""),  # the invitee's ATTENDEE from another mailbox
        ("stranger@example.net", "zjj@example.org", "stranger@example.net"),  # on its behalf, not known
    ):
        mails = [_refresh("r", sender, attendee, sent_by)]
        (line,) = _refresh_lines([zjj], mails)
        assert "不要把邀请发到 stranger@example.net" in line and "区住建局" in line, line
        assert "再发给它" not in line
        assert judge([zjj], mails).rows[0].refresh is None  # not on the unit's row as its request
        (english,) = _refresh_lines([zjj], mails, "en")
        assert "do not send the invite to stranger@example.net" in english
    for sender, attendee in (("zjj@example.org", "zjj@example.org"), ("mishu@example.org", "mishu@example.org")):
        mails = [_refresh("r", sender, attendee)]
        (line,) = _refresh_lines([zjj], mails)
        assert line.startswith(f"区住建局 请求重新发送邀请（REFRESH，{sender}）") and "再发给它" in line
        assert judge([zjj], mails).rows[0].refresh is not None


def test_a_refresh_for_a_cancelled_invite_says_it_was_cancelled_and_not_to_send_the_invite():
    """QA qaitip20 F3: a withdrawn unit's REFRESH was answered "send it its invite again"."""
    hbj = replace(person("区环保局", "hbj@example.org"), cancelled=True)
    (line,) = _refresh_lines([hbj], [_refresh("r", "hbj@example.org", "hbj@example.org")])
    assert "区环保局 请求重新发送邀请（REFRESH，hbj@example.org），但其邀请已取消" in line
    assert "再发给它" not in line
    (english,) = _refresh_lines([hbj], [_refresh("r", "hbj@example.org", "hbj@example.org")], "en")
    assert "but its invite was cancelled" in english and "send it its invite" not in english


def test_a_reply_saying_nothing_about_coming_stays_a_mail_to_read_and_keeps_the_earlier_answer():
    """QA qaitip20 F4: after a decline, a REPLY with PARTSTAT=NEEDS-ACTION (or X-MAYBE) is no answer: the
    decline stands, and the row keeps the mail to read by hand, as one without PARTSTAT."""
    czj = person("区财政局", CZJ, sequence=0)
    decline = shapes.outlook(Reply(uid=UID, attendee=CZJ, name="区财政局", partstat="DECLINED", message_id="<d@x>"))
    for partstat in ("NEEDS-ACTION", "X-MAYBE"):
        later = Reply(
            uid=UID, attendee=CZJ, name="区财政局", message_id="<n@x>", stamp=datetime(2021, 9, 7, tzinfo=UTC)
        )
        calendar = shapes.outlook_calendar(later).replace(";PARTSTAT=ACCEPTED", f";PARTSTAT={partstat}")
        mails = [read_mail(decline), read_mail(shapes.outlook(later, calendar))]
        assert all(m is not None for m in mails)
        (row,) = judge([czj], mails).rows
        assert row.state == State.DECLINED and row.letter is not None and row.letter.mail is mails[1]
        assert [p.key for p in row.letter.mail.problems] == ["replies.partstat_unknown"]


def test_an_untrusted_refresh_names_every_address_not_invited_joined_as_the_language_joins():
    """The addresses a refused REFRESH names as not to be sent to: its From and its ATTENDEE when neither
    was invited, listed 、 in Chinese and , in English."""
    zjj = person("区住建局", "zjj@example.org")
    mails = [_refresh("r", "a@example.net", "b@example.net")]
    assert "不要把邀请发到 a@example.net、b@example.net" in _refresh_lines([zjj], mails)[0]
    assert "do not send the invite to a@example.net, b@example.net" in _refresh_lines([zjj], mails, "en")[0]


def test_a_refresh_on_the_invitees_behalf_keeps_its_sent_by_through_the_ledger(tmp_path):
    """A REFRESH's SENT-BY is read and kept in the ledger, so it is judged as an answer's is: from an
    address the invite went to (an earlier contact address), the unit's request; from anyone else, not."""
    from scheduler.replies.ledger import mail_record, read_ledger

    czj = replace(person("区财政局", CZJ), addresses=frozenset({CZJ, "czj.old@example.org"}))
    for sender, trusted in (("czj.old@example.org", True), ("mishu@example.test", False)):
        asked = Reply(uid=UID, attendee=CZJ, name="区财政局", sequence=1, sent_by=sender, sender=sender)
        read = read_mail(shapes.refresh(asked))
        assert read is not None and [s.sent_by for s in read.signals] == [sender]
        (tmp_path / "l.jsonl").write_text(json.dumps(mail_record(read), ensure_ascii=False) + "\n", encoding="utf-8")
        (back,) = read_ledger(tmp_path / "l.jsonl").mails
        assert back.signals == read.signals
        (line,) = _refresh_lines([czj], [back])
        assert ("再发给它" in line) is trusted and ("不要把邀请发到 mishu@example.test" in line) is not trusted, line


def test_a_refresh_whose_every_address_is_the_invitees_or_its_delegates_is_its_request():
    """QA review20 F2: From the invitee's own address with its 代理邮箱 as ATTENDEE (or the other way round)
    was refused as "not from an address the invite went to … do not send the invite to <its own address>".
    Resending the invite to the invitee's own addresses is what a REFRESH from them asks for."""
    zjj = replace(person("区住建局", "zjj@example.org"), delegates=frozenset({"mishu@example.org"}))
    for sender, attendee in (("zjj@example.org", "mishu@example.org"), ("mishu@example.org", "zjj@example.org")):
        mails = [_refresh("r", sender, attendee)]
        (line,) = _refresh_lines([zjj], mails)
        assert line.startswith(f"区住建局 请求重新发送邀请（REFRESH，{sender}）") and "再发给它" in line, line
        assert judge([zjj], mails).rows[0].refresh is not None


def test_an_untrusted_refresh_naming_only_invited_addresses_never_says_not_to_send_to_them():
    """QA review20 F2: with no stranger among its addresses, the line named the sender (an invited address) as
    where the invite must not go. From one invitee's address for another's: read it by hand."""
    zjj, czj = person("区住建局", "zjj@example.org"), person("区财政局", CZJ)
    mails = [_refresh("r", "zjj@example.org", CZJ)]
    (line,) = _refresh_lines([zjj, czj], mails)
    assert "不要把邀请发到" not in line and "不是来自邀请发往的地址" not in line, line
    assert "请人工阅读" in line and "区财政局" in line, line
    (english,) = _refresh_lines([zjj, czj], mails, "en")
    assert "do not send" not in english and "read it by hand" in english, english


def test_a_refresh_in_a_ledger_written_before_sent_by_was_kept_is_judged_as_then(tmp_path):
    """QA review20 F7: an Outlook delegate-access REFRESH (From czj.old, ATTENDEE czj, SENT-BY czj.old) in a
    ledger line of the eighteenth session's, which kept no SENT-BY, was re-judged untrusted; a known mail is
    never read again, so it stayed so. Every address in it is the invitee's: its request, as then."""
    from scheduler.replies.ledger import read_ledger

    czj = replace(person("区财政局", CZJ), addresses=frozenset({CZJ, "czj.old@example.org"}))
    line = {
        "v": 1,
        "kind": "mail",
        "key": "<e0@example.org> 9d6b",
        "message_id": "<e0@example.org>",
        "from": "czj.old@example.org",
        "subject": "已接受: 基层政务公开标准对接",
        "date": "2021-09-06T10:00:00+00:00",
        "answers": [],
        "signals": [{"kind": "refresh", "uid": UID, "attendee": CZJ, "sequence": 0}],
    }
    (tmp_path / "l.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    mails = list(read_ledger(tmp_path / "l.jsonl").mails)
    (said,) = _refresh_lines([czj], mails)
    assert said.startswith("区财政局 请求重新发送邀请（REFRESH，czj.old@example.org）") and "再发给它" in said, said
