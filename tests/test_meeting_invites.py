"""Meeting invites: one per meeting to every participant, roles, updates and cancellations per person,
in the same state file as unit invites (so send, send --remind and replies read them alike)."""

import email
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from scheduler.domain.meetings import MeetingProblem, Placement, Plan
from scheduler.errors import InputError, ProblemError
from scheduler.files.meeting_files import load_meetings
from scheduler.invites.calendar import InviteSettings
from scheduler.invites.meetings import build_meeting_invites, person_key
from scheduler.invites.state import STATE_NAME, Person, parse_state
from scheduler.mail.message import compose
from scheduler.meetings.replanning import MeetingChanges, apply_meeting_changes

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "meetings_2025.csv"
SETTINGS = InviteSettings("test-2025", Person("区政府办公室", "office@example.org"))
NOW = datetime(2025, 7, 1, 9, tzinfo=UTC)
TIMES = {  # a timetable that keeps every rule of the example (checked below), so no solver is needed here
    "政务公开工作推进会": ("2025-07-16 09:45", "大会议室"),
    "标准目录审核（一）": ("2025-07-16 08:00", "大会议室"),
    "标准目录审核（二）": ("2025-07-15 17:15", "大会议室"),
    "标准目录审核（三）": ("2025-07-15 08:00", "大会议室"),
    "网站栏目设置讨论": ("2025-07-15 09:30", "301小会议室"),
    "检查方案碰头会": ("2025-07-15 15:00", "大会议室"),
    "季度检查培训": ("2025-07-15 10:30", "大会议室"),
    "答疑会": ("2025-07-15 16:00", "大会议室"),
}


@pytest.fixture(scope="module")
def loaded():
    return load_meetings(EXAMPLE)


@pytest.fixture(scope="module")
def plan(loaded):
    from scheduler.meetings.check import check_meetings

    found = Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))
    assert check_meetings(loaded.problem, found).ok
    return found


def event(data: bytes):
    cal = Calendar.from_ical(data)
    (vevent,) = list(cal.walk("VEVENT"))
    return cal, vevent


def build(loaded, plan, previous=None, now=NOW, problem=None):
    state = parse_state(previous.files()[STATE_NAME]) if previous is not None else None
    return build_meeting_invites(problem or loaded.problem, plan, loaded.emails, SETTINGS, state, now)


def test_every_participant_gets_the_meeting_with_their_role(loaded, plan):
    made = build(loaded, plan)
    files = made.files()
    cal, vevent = event(files["政务公开工作推进会/王主任.ics"])
    assert str(cal["METHOD"]) == "REQUEST" and str(vevent["SUMMARY"]) == "政务公开工作推进会"
    roles = {str(a.params["CN"]): (str(a.params["ROLE"]), str(a.params["CUTYPE"])) for a in vevent["ATTENDEE"]}
    assert roles["王主任"] == ("REQ-PARTICIPANT", "INDIVIDUAL") and roles["赵科员"][0] == "OPT-PARTICIPANT"
    assert roles["区财政局"] == ("REQ-PARTICIPANT", "GROUP")  # the example's rules list it among the units
    assert all(str(a).endswith("@example.org") for a in vevent["ATTENDEE"])
    assert vevent["DTSTART"].dt.replace(tzinfo=None) == datetime(2025, 7, 16, 9, 45)
    assert str(vevent["LOCATION"]) == "大会议室" and "必须参会：王主任" in str(vevent["DESCRIPTION"])
    people = {path.split("/")[1] for path in files if path.startswith("政务公开工作推进会/")}
    assert people == {
        f"{n}.ics" for n in ("王主任", "李科长", "区财政局", "区自然资源局", "区发改委", "赵科员", "孙科员")
    }
    mine = next(i for i in made.invites if i.unit == "王主任" and i.uid == vevent["UID"])
    assert mine.key == person_key(mine.uid, "王主任") and mine.journal_key != mine.uid and mine.shared
    assert len({i.journal_key for i in made.invites}) == len(made.invites) == 31
    assert "office.ics" in files and STATE_NAME in files


def test_regenerating_unchanged_gives_identical_files(loaded, plan):
    first = build(loaded, plan)
    again = build(loaded, plan, first, NOW + timedelta(days=1))
    assert calendars(again) == calendars(first)  # the state file differs only in saying "unchanged"
    assert {i.change for i in again.invites} == {"unchanged"}


def calendars(made) -> dict[str, bytes]:
    return {k: v for k, v in made.files().items() if k != STATE_NAME}


def test_a_moved_meeting_updates_its_people_and_a_dropped_person_is_cancelled(loaded, plan):
    first = build(loaded, plan)
    moved = Plan(
        tuple(replace(p, start=p.start + timedelta(days=1)) if p.title == "答疑会" else p for p in plan.placements)
    )
    session = loaded.problem.session("网站栏目设置讨论")
    fewer = replace(session, attendees=tuple(a for a in session.attendees if a.name != "李科长"))
    problem = loaded.problem.replace(sessions=tuple(fewer if s is session else s for s in loaded.problem.sessions))
    second = build(loaded, moved, first, NOW + timedelta(days=1), problem)
    before, after = first.files(), second.files()
    _, old = event(before["答疑会/李科长.ics"])
    _, new = event(after["答疑会/李科长.ics"])
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1 and new["DTSTART"].dt == old["DTSTART"].dt + timedelta(days=1)
    changes = {(i.unit, i.change) for i in second.invites if i.uid == new["UID"]}
    assert changes == {("李科长", "updated"), ("柏庄镇政府", "updated"), ("赵科员", "updated")}
    cal, cancel = event(after["网站栏目设置讨论/李科长.ics"])
    # RFC 5546 3.2.5: uninviting one attendee of a meeting still held is a CANCEL without STATUS
    assert str(cal["METHOD"]) == "CANCEL" and "STATUS" not in cancel
    assert [str(a) for a in [cancel["ATTENDEE"]]] == ["mailto:li@example.org"]
    assert "您已不在会议“网站栏目设置讨论”（7月15日 9:30，301小会议室）的参会名单中" in str(cancel["DESCRIPTION"])
    # 李科长 was optional there: the meeting's other people keep their SEQUENCE (nothing to mail them, their
    # answers stand; docs/meetings.md), their copies list who is invited now; the untouched ones nothing
    site = {i.unit: i.change for i in second.invites if i.filename.startswith("网站栏目设置讨论/")}
    assert site == {"孙科员": "unchanged", "周工程师": "unchanged", "李科长": "cancelled"}
    _, kept = event(after["网站栏目设置讨论/孙科员.ics"])
    assert kept["SEQUENCE"] == 0 and "li@example.org" not in str(kept.get("ATTENDEE"))
    assert after["政务公开工作推进会/王主任.ics"] == before["政务公开工作推进会/王主任.ics"]
    # a later export repeats the cancellation byte for byte, and cancels nothing new
    third = build(loaded, moved, second, NOW + timedelta(days=2), problem)
    assert calendars(third) == calendars(second)
    assert {i.change for i in third.invites} == {"unchanged"}


def _without(loaded, title: str, *names: str):
    session = loaded.problem.session(title)
    fewer = replace(session, attendees=tuple(a for a in session.attendees if a.name not in names))
    return loaded.problem.replace(sessions=tuple(fewer if s is session else s for s in loaded.problem.sessions))


def test_only_an_optional_participant_removed_mails_nobody_else_and_a_required_one_updates_all(loaded, plan):
    """QA story 9, finding 7: removing 周工程师 (optional) from 季度检查培训 sent the five others an update
    with the same time and room and reset their answers. RFC 5546 asks a new SEQUENCE for a new time, not
    for a new attendee list: the others keep theirs; removing a required participant still updates all."""
    first = build(loaded, plan)
    second = build(loaded, plan, first, NOW + timedelta(days=1), _without(loaded, "季度检查培训", "周工程师"))
    training = {i.unit: (i.change, i.sequence) for i in second.invites if i.filename.startswith("季度检查培训/")}
    assert training.pop("周工程师") == ("cancelled", 1)
    assert set(training.values()) == {("unchanged", 0)} and len(training) == 5
    _, copy = event(second.files()["季度检查培训/孙科员.ics"])
    assert "zhou@example.org" not in str(copy["ATTENDEE"]) and "周工程师" not in str(copy["DESCRIPTION"])
    fewer = _without(loaded, "季度检查培训", "周工程师", "区财政局")
    third = build(loaded, plan, second, NOW + timedelta(days=2), fewer)
    training = {i.unit: (i.change, i.sequence) for i in third.invites if i.filename.startswith("季度检查培训/")}
    assert training.pop("区财政局") == ("cancelled", 1) and training.pop("周工程师") == ("unchanged", 1)
    assert set(training.values()) == {("updated", 1)}  # who must come changed: everyone hears of it


def test_an_optional_participant_invited_again_goes_above_their_cancellation(loaded, plan):
    """Removed (a CANCEL at SEQUENCE 1 while the others stay at 0) and invited again: their invite must
    not go below the CANCEL they hold (``send`` would refuse it): their copy gets SEQUENCE 2, and the
    others keep theirs (QA qaics19 F1: a per-person change is not mailed to the others)."""
    first = build(loaded, plan)
    second = build(loaded, plan, first, NOW + timedelta(days=1), _without(loaded, "季度检查培训", "周工程师"))
    back = build(loaded, plan, second, NOW + timedelta(days=2))
    training = {i.unit: (i.change, i.sequence) for i in back.invites if i.filename.startswith("季度检查培训/")}
    assert training.pop("周工程师") == ("new", 2) and set(training.values()) == {("unchanged", 0)}


def test_a_corrected_address_of_an_optional_participant_is_mailed(loaded, plan):
    """Review 9, finding 2: 孙科员 (optional in 季度检查培训) bounced and got a new address. The essence
    leaves optional participants out, so the meeting kept SEQUENCE 0 and ``send`` found that copy sent
    already (to the old address): the new address never got the invitation. Now the meeting goes to
    SEQUENCE 1 for that copy alone: the new address gets the invitation (not an update), the others
    nothing (QA qaics19 F1)."""
    from scheduler.mail.journal import SENT, Entry, History
    from scheduler.mail.plan import ALREADY, SEND
    from scheduler.mail.plan import plan as send_plan

    first = build(loaded, plan)
    sent = [
        Entry(SENT, i.unit, i.journal_key, i.sequence, i.method, i.attendee.address or "", "<x>", "")
        for i in first.invites
        if i.attendee.address
    ]
    emails = {**loaded.emails, "孙科员": "new-address@example.org"}
    state = parse_state(first.files()[STATE_NAME])
    second = build_meeting_invites(loaded.problem, plan, emails, SETTINGS, state, NOW + timedelta(days=1))
    training = [i for i in second.invites if i.filename.startswith("季度检查培训/")]
    steps = {s.invite.unit: s for s in send_plan(training, History(sent))}
    sun = steps["孙科员"]
    assert (sun.action, sun.invite.attendee.address, sun.invite.sequence) == (SEND, "new-address@example.org", 1)
    assert not sun.updated  # that mailbox never had the meeting: the invitation's letter
    assert {s.action for u, s in steps.items() if u != "孙科员"} == {ALREADY} and len(steps) == 6
    # the address alone, however written, is no change
    same = {**loaded.emails, "孙科员": "SUN@example.org"}
    again = build_meeting_invites(loaded.problem, plan, same, SETTINGS, state, NOW + timedelta(days=1))
    assert {i.change for i in again.invites if i.filename.startswith("季度检查培训/")} == {"unchanged"}


def _mailed(first):
    from scheduler.mail.journal import SENT, Entry, History

    return History(
        [
            Entry(SENT, i.unit, i.journal_key, i.sequence, i.method, i.attendee.address or "", "<x>", "")
            for i in first.invites
            if i.attendee.address
        ]
    )


@pytest.mark.parametrize("legacy", [False, True])
def test_a_required_participants_corrected_address_concerns_that_person_alone(loaded, plan, legacy):
    """QA qacamp24 F7: correcting 钱会计's address (required in six meetings) mailed "已更新…请重新答复" to
    every other participant of those meetings, with nothing they could see changed, resetting their
    answers. Decided: an address corrected, cleared or entered concerns its person alone, required or
    optional: their copies go one above the SEQUENCE they held (an invitation to the new address), the
    meetings and everyone else's copies keep theirs. A state written until 6 December (its essence held
    the required participants' addresses) is read so too, and upgrading alone mails nothing."""
    from scheduler.invites.meetings import _fingerprints, _meetings
    from scheduler.mail.plan import ALREADY, SEND
    from scheduler.mail.plan import plan as send_plan

    first = build(loaded, plan)
    history = _mailed(first)
    state = parse_state(first.files()[STATE_NAME])
    if legacy:
        import json

        written = json.loads(first.files()[STATE_NAME])
        older = {
            m.uid: _fingerprints(m.session, m.start, m.end, m.room, loaded.emails, SETTINGS, True)[1]
            for m in _meetings(loaded.problem, plan, loaded.emails, SETTINGS)
        }
        assert all(item["fingerprint"] != older[item["uid"]] for item in written["items"] if item["uid"] in older)
        for item in written["items"]:
            item["fingerprint"] = older.get(item["uid"], item["fingerprint"])
        state = parse_state(json.dumps(written).encode())
        upgraded = build_meeting_invites(loaded.problem, plan, loaded.emails, SETTINGS, state, NOW + timedelta(days=1))
        assert {i.change for i in upgraded.invites} == {"unchanged"} and calendars(upgraded).keys() == calendars(
            first
        ).keys()
    emails = {**loaded.emails, "李科长": "li.new@example.org"}
    second = build_meeting_invites(loaded.problem, plan, emails, SETTINGS, state, NOW + timedelta(days=1))
    steps = send_plan(list(second.invites), history)
    li = [s for s in steps if s.invite.unit == "李科长"]
    assert len(li) == 7  # required in six, optional in one
    assert all((s.action, s.invite.attendee.address, s.invite.sequence) == (SEND, "li.new@example.org", 1) for s in li)
    assert not any(s.updated for s in li)  # the new mailbox never had the meetings: invitations
    others = [s for s in steps if s.invite.unit != "李科长" and s.invite.attendee.address]
    assert others and {(s.action, s.invite.sequence) for s in others} == {(ALREADY, 0)}
    # cleared: his copies turn PUBLISH one above, nobody else is mailed
    cleared = {k: v for k, v in loaded.emails.items() if k != "李科长"}
    third = build_meeting_invites(loaded.problem, plan, cleared, SETTINGS, state, NOW + timedelta(days=1))
    li = [i for i in third.invites if i.unit == "李科长"]
    assert {(i.method, i.sequence, i.change) for i in li} == {("PUBLISH", 1, "updated")}
    assert {i.change for i in third.invites if i.unit != "李科长"} == {"unchanged"}
    # a real change still updates everyone, above the copies he holds
    state = parse_state(second.files()[STATE_NAME])
    moved = Plan(tuple(replace(p, room="420会议室") if p.title == "答疑会" else p for p in plan.placements))
    fourth = build_meeting_invites(loaded.problem, moved, emails, SETTINGS, state, NOW + timedelta(days=2))
    assert {(i.unit, i.sequence, i.change) for i in fourth.invites if i.filename.startswith("答疑会/")} == {
        ("李科长", 2, "updated"),
        ("柏庄镇政府", 2, "updated"),
        ("赵科员", 2, "updated"),
    }


def test_an_optional_participant_cleared_then_readdressed_is_mailed_at_the_new_address(loaded, plan):
    """Loop 12, finding 1: 周工程师 (optional in 季度检查培训) had his address cleared, the invites were
    exported, then a new address entered. The export in between held no address, so the new one was
    compared with nothing: SEQUENCE 0 again, which the journal says went to zhou@, and ``send`` never
    mailed zhou2@. Now the cleared copy is a change like a required participant's (SEQUENCE + 1, reported
    ``PUBLISH``) and the new address is compared with the one the journal last mailed: the invitation."""
    from scheduler.mail.journal import SENT, Entry, History
    from scheduler.mail.plan import SEND
    from scheduler.mail.plan import plan as send_plan

    first = build(loaded, plan)
    sent = [
        Entry(SENT, i.unit, i.journal_key, i.sequence, i.method, i.attendee.address or "", "<x>", "")
        for i in first.invites
        if i.attendee.address
    ]
    mailed = {e.uid: e.to for e in sent}  # the journal key -> the address last mailed
    cleared = {k: v for k, v in loaded.emails.items() if k != "周工程师"}
    state = parse_state(first.files()[STATE_NAME])
    second = build_meeting_invites(
        loaded.problem, plan, cleared, SETTINGS, state, NOW + timedelta(days=1), mailed=mailed
    )
    zhou = {i.filename: i for i in second.invites if i.unit == "周工程师"}
    training = zhou["季度检查培训/周工程师.ics"]
    assert (training.method, training.sequence, training.change) == ("PUBLISH", 1, "updated")
    assert zhou["检查方案碰头会/周工程师.ics"].sequence == 1
    state = parse_state(second.files()[STATE_NAME])
    again = build_meeting_invites(
        loaded.problem, plan, cleared, SETTINGS, state, NOW + timedelta(days=2), mailed=mailed
    )
    assert {i.change for i in again.invites} == {"unchanged"}  # cleared once is one change, not one per export
    emails = {**loaded.emails, "周工程师": "zhou2@example.org"}
    third = build_meeting_invites(loaded.problem, plan, emails, SETTINGS, state, NOW + timedelta(days=3), mailed=mailed)
    for title in ("季度检查培训", "检查方案碰头会"):
        copies = [i for i in third.invites if i.filename.startswith(f"{title}/")]
        steps = {s.invite.unit: s for s in send_plan(copies, History(sent))}
        zhou2 = steps["周工程师"]
        assert (zhou2.action, zhou2.invite.attendee.address, zhou2.invite.sequence) == (SEND, "zhou2@example.org", 2)
    # a state written while the address was cleared without a new SEQUENCE (the earlier release): the
    # journal's address is what the new one is compared with
    import json

    written = json.loads(first.files()[STATE_NAME])
    for copy in written["invites"]:
        if copy["unit"] == "周工程师" and copy["attendee"]["role"] == "OPT-PARTICIPANT":
            copy["attendee"]["address"], copy["method"] = None, "PUBLISH"
    older = parse_state(json.dumps(written).encode())
    fourth = build_meeting_invites(
        loaded.problem, plan, emails, SETTINGS, older, NOW + timedelta(days=3), mailed=mailed
    )
    copies = [i for i in fourth.invites if i.filename.startswith("季度检查培训/")]
    steps = {s.invite.unit: s for s in send_plan(copies, History(sent))}
    assert (steps["周工程师"].action, steps["周工程师"].invite.sequence) == (SEND, 1)


def test_a_state_written_before_the_essence_mails_nothing_on_upgrade(loaded, plan):
    """A record's fingerprint from an earlier release (the whole content) is compared as it was: upgrading
    alone changes no SEQUENCE, and the record then keeps the essence; an optional participant removed
    from such a state is told apart from a real change too."""
    import json

    from scheduler.invites.meetings import _meetings

    first = build(loaded, plan)
    state = json.loads(first.files()[STATE_NAME])
    whole = {m.uid: m.fingerprint for m in _meetings(loaded.problem, plan, loaded.emails, SETTINGS)}
    for item in state["items"]:
        if item["uid"] in whole:
            item["fingerprint"] = whole[item["uid"]]
    old = parse_state(json.dumps(state).encode())
    again = build_meeting_invites(loaded.problem, plan, loaded.emails, SETTINGS, old, NOW + timedelta(days=1))
    assert {i.change for i in again.invites} == {"unchanged"} and calendars(again) == calendars(first)
    assert all(r.fingerprint.startswith("essence:") for r in again.state.items.values() if r.uid in whole)
    # QA's campaign: a state of the earlier release, then an optional participant removed; the meeting
    # with the participants that state lists has that whole fingerprint and today's essence: only 周工程师
    fewer = _without(loaded, "季度检查培训", "周工程师")
    upgraded = build_meeting_invites(fewer, plan, loaded.emails, SETTINGS, old, NOW + timedelta(days=1))
    training = {i.unit: (i.change, i.sequence) for i in upgraded.invites if i.filename.startswith("季度检查培训/")}
    assert training.pop("周工程师") == ("cancelled", 1) and set(training.values()) == {("unchanged", 0)}
    moved = Plan(tuple(replace(p, room="420会议室") if p.title == "季度检查培训" else p for p in plan.placements))
    both = build_meeting_invites(fewer, moved, loaded.emails, SETTINGS, old, NOW + timedelta(days=1))
    training = {i.unit: (i.change, i.sequence) for i in both.invites if i.filename.startswith("季度检查培训/")}
    assert training.pop("周工程师") == ("cancelled", 1) and set(training.values()) == {("updated", 1)}


def test_an_optional_person_dropped_keeps_their_role_and_is_told_so(loaded, plan):
    first = build(loaded, plan)
    session = loaded.problem.session("答疑会")
    fewer = replace(session, attendees=tuple(a for a in session.attendees if a.name != "赵科员"))
    problem = loaded.problem.replace(sessions=tuple(fewer if s is session else s for s in loaded.problem.sessions))
    second = build(loaded, plan, first, NOW + timedelta(days=1), problem)
    (mine,) = [i for i in second.invites if i.unit == "赵科员" and i.filename.startswith("答疑会/")]
    _, cancel = event(mine.data)
    assert "STATUS" not in cancel and cancel["ATTENDEE"].params["ROLE"] == "OPT-PARTICIPANT"
    mail = compose(mine, NOW)
    assert mail.subject == "您已不在参会名单中：答疑会"
    body = text_part(mail.data)
    assert "您已不在会议“答疑会”（7月15日 16:00，大会议室）的参会名单中，无需参加；会议照常举行。" in body
    assert "已取消" not in body


def test_a_participant_copy_that_cannot_be_mailed_names_a_participant_not_a_unit(loaded, plan):
    made = build(loaded, plan)
    mine = next(i for i in made.invites if i.unit == "李科长")
    with pytest.raises(InputError) as caught:
        compose(replace(mine, attendee=Person("李科长", "not an address")), NOW)
    assert caught.value.text("zh").startswith("参会人“李科长”的邀请不能发送")
    assert caught.value.text("en").startswith("the invite of the participant 李科长 cannot be mailed")


def text_part(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=policy.default)
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return part.get_content()


def called_off(loaded, plan, title: str) -> tuple[MeetingProblem, Plan]:
    """The problem and timetable with the meeting ``title`` called off (dropped, as ``--drop`` does)."""
    problem = apply_meeting_changes(loaded.problem, plan, MeetingChanges(drop=(title,)))
    return problem, Plan(tuple(p for p in plan.placements if p.title != title))


@pytest.mark.parametrize("blank", ["答疑会", None])
def test_a_meeting_still_in_the_problem_but_without_a_time_is_refused_not_cancelled(loaded, plan, blank):
    """A timetable that leaves a meeting of the problem without a time (a hand-edited row blanked, an
    empty ``Plan(())``) is refused, naming it: before, every participant was told it was cancelled."""
    first = build(loaded, plan)
    edited = Plan(tuple(p for p in plan.placements if blank is not None and p.title != blank))
    if blank is not None:
        edited = Plan(tuple(p if p.title != blank else Placement(p.title, None, p.room) for p in plan.placements))
    with pytest.raises(ProblemError) as caught:
        build(loaded, edited, first)
    first_unplaced = blank or loaded.problem.sessions[0].title
    assert caught.value.text("en").startswith(f"meeting '{first_unplaced}' is in the problem but the timetable")
    assert f"会议“{first_unplaced}”" in caught.value.text("zh")


def test_a_meeting_no_longer_held_is_cancelled_for_everyone(loaded, plan):
    first = build(loaded, plan)
    problem, without = called_off(loaded, plan, "答疑会")
    second = build(loaded, without, first, problem=problem)
    gone = {i.unit: (i.method, i.change) for i in second.invites if i.filename.startswith("答疑会/")}
    assert gone == {n: ("CANCEL", "cancelled") for n in ("李科长", "柏庄镇政府", "赵科员")}
    (mine,) = [i for i in second.invites if i.unit == "赵科员" and i.filename.startswith("答疑会/")]
    _, cancel = event(mine.data)
    roles = {str(a.params["CN"]): str(a.params["ROLE"]) for a in cancel["ATTENDEE"]}
    assert str(cancel["STATUS"]) == "CANCELLED" and roles["赵科员"] == "OPT-PARTICIPANT"
    said = "会议“答疑会”原定于 7月15日 16:00 在大会议室举行，现已取消。"
    assert said in str(cancel["DESCRIPTION"])
    mail = compose(mine, NOW)
    assert mail.subject == "已取消：答疑会" and said in text_part(mail.data)
    _, office = event_all(second.files()["office.ics"])
    assert office["答疑会"] == "CANCELLED" and office["季度检查培训"] == "CONFIRMED"


def test_a_meeting_called_off_is_cancelled_with_all_its_attendees_and_the_files_stay(loaded, plan):
    """RFC 5546 3.2.5: a CANCEL of a whole event lists all its attendees, as the REQUEST did (QA calendar
    L1); each person still gets their own copy. Later exports, and an earlier release's CANCELs naming
    their recipient only, keep their bytes."""
    first = build(loaded, plan)
    (request,) = [i for i in first.invites if i.unit == "李科长" and i.filename.startswith("答疑会/")]
    _, invited = event(request.data)
    wanted = {(str(a.params["CN"]), str(a), str(a.params["ROLE"])) for a in invited["ATTENDEE"]}
    problem, without = called_off(loaded, plan, "答疑会")
    second = build(loaded, without, first, problem=problem)
    copies = [i for i in second.invites if i.filename.startswith("答疑会/")]
    for copy in copies:
        _, cancel = event(copy.data)
        listed = {(str(a.params["CN"]), str(a), str(a.params["ROLE"])) for a in cancel["ATTENDEE"]}
        assert listed == wanted and len(wanted) == 3 and str(cancel["STATUS"]) == "CANCELLED"
    third = build(loaded, without, second, now=NOW + timedelta(days=1), problem=problem)
    assert {i.filename: i.data for i in third.invites} == {i.filename: i.data for i in second.invites}
    earlier = parse_state(second.files()[STATE_NAME])  # as an earlier release left it: no mark
    items = {k: replace(r, fingerprint="") if r.kind == "session-cancel" else r for k, r in earlier.items.items()}
    old = build_meeting_invites(problem, without, loaded.emails, SETTINGS, replace(earlier, items=items), NOW)
    for copy in (i for i in old.invites if i.filename.startswith("答疑会/")):
        _, cancel = event(copy.data)
        assert str(cancel["ATTENDEE"].params["CN"]) == copy.unit  # one ATTENDEE: its recipient, as written then


def test_someone_dropped_from_a_meeting_still_held_is_the_only_attendee_of_their_cancel(loaded, plan):
    first = build(loaded, plan)
    second = build(loaded, plan, first, problem=_without(loaded, "答疑会", "赵科员"))
    (mine,) = [i for i in second.invites if i.unit == "赵科员" and i.filename.startswith("答疑会/")]
    _, cancel = event(mine.data)
    assert mine.method == "CANCEL" and "STATUS" not in cancel and str(cancel["ATTENDEE"].params["CN"]) == "赵科员"


def event_all(data: bytes):
    cal = Calendar.from_ical(data)
    return cal, {str(e["SUMMARY"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}


def test_someone_without_an_address_gets_a_file_to_hand_over(loaded, plan):
    emails = {k: v for k, v in loaded.emails.items() if k != "赵科员"}
    made = build_meeting_invites(loaded.problem, plan, emails, SETTINGS, None, NOW)
    cal, vevent = event(made.files()["答疑会/赵科员.ics"])
    assert str(cal["METHOD"]) == "PUBLISH"
    assert "zhao@" not in vevent.to_ical().decode()
    assert "ATTENDEE" not in vevent  # RFC 5546 3.2.1: a PUBLISH names no attendee
    assert {i.unit for i in made.without_address} == {"赵科员"}
    _, others = event(made.files()["答疑会/李科长.ics"])  # the REQUEST copies still name everyone with an address
    assert {str(a.params["CN"]) for a in others["ATTENDEE"]} == {"李科长", "柏庄镇政府"}


def test_every_attendee_and_the_organizer_are_ascii_mailto_uris(loaded, plan):
    """The same CAL-ADDRESS as a unit's invite (RFC 6068): the domain in IDNA, a non-ASCII mailbox percent-encoded."""
    from scheduler.files.addresses import mailto

    emails = {**loaded.emails, "王主任": "王主任@例子.测试", "赵科员": "zhao@例子.测试"}
    settings = replace(SETTINGS, organizer=Person("区政府办公室", "office@政务.例子.测试"))
    made = build_meeting_invites(loaded.problem, plan, emails, settings, None, NOW)
    _, vevent = event(made.files()["政务公开工作推进会/王主任.ics"])
    found = {str(a.params["CN"]): str(a) for a in vevent["ATTENDEE"]}
    assert found["王主任"] == "mailto:%E7%8E%8B%E4%B8%BB%E4%BB%BB@xn--fsqu00a.xn--0zwm56d" == mailto(emails["王主任"])
    assert found["赵科员"] == "mailto:zhao@xn--fsqu00a.xn--0zwm56d"
    assert all(uri.isascii() for uri in found.values())
    assert str(vevent["ORGANIZER"]) == mailto("office@政务.例子.测试") and str(vevent["ORGANIZER"]).isascii()


def test_the_tables_note_reaches_the_invite(loaded, plan):
    """The 备注 column of the table is in each invite's description (it was dropped when the table was read)."""
    assert loaded.problem.session("政务公开工作推进会").note == "各单位派一名负责同志参加"
    _, vevent = event(build(loaded, plan).files()["政务公开工作推进会/王主任.ics"])
    assert "备注：各单位派一名负责同志参加" in str(vevent["DESCRIPTION"])
    _, plain = event(build(loaded, plan).files()["网站栏目设置讨论/孙科员.ics"])
    assert "备注" not in str(plain["DESCRIPTION"])


@pytest.mark.parametrize(
    ("now", "says"),
    [
        (  # datetime.now() on an office PC: before, read as UTC and stamped 8 hours off
            datetime(2025, 7, 1, 9),
            "now must be an aware datetime (such as datetime.now(UTC)), not the naive Jul 1 9:00",
        ),
        ("2025-07-01 09:00", "now must be a datetime, not '2025-07-01 09:00'"),
    ],
)
def test_a_naive_now_is_refused_by_both_invite_builders(loaded, plan, now, says):
    from scheduler.errors import ArgumentError
    from tests.test_invites import naive_now_said

    with pytest.raises(ArgumentError) as caught:
        build(loaded, plan, now=now)
    assert caught.value.text("en") == says
    assert naive_now_said(now) == says


def test_an_optional_participant_cleared_changes_only_their_copy(loaded, plan):
    """QA qaics19 F1: clearing 周工程师's address (optional in 季度检查培训 and 检查方案碰头会) raised
    each meeting's SEQUENCE and mailed an update to everyone else, resetting their answers; removing him
    mails him alone. Now his copy alone goes to SEQUENCE + 1 (a PUBLISH above the REQUEST he holds), the
    others keep theirs, and a later export changes nothing; a real change then goes above his copy."""
    first = build(loaded, plan)
    cleared = {k: v for k, v in loaded.emails.items() if k != "周工程师"}
    state = parse_state(first.files()[STATE_NAME])
    second = build_meeting_invites(loaded.problem, plan, cleared, SETTINGS, state, NOW + timedelta(days=1))
    for title in ("季度检查培训", "检查方案碰头会"):
        copies = {i.unit: (i.method, i.sequence, i.change) for i in second.invites if i.filename.startswith(title)}
        assert copies.pop("周工程师") == ("PUBLISH", 1, "updated")
        assert {(s, c) for _, s, c in copies.values()} == {(0, "unchanged")}
    _, mine = event(second.files()["季度检查培训/周工程师.ics"])
    assert mine["DTSTAMP"].dt == NOW + timedelta(days=1)  # his copy's own DTSTAMP, kept by the state
    again = build_meeting_invites(
        loaded.problem, plan, cleared, SETTINGS, parse_state(second.files()[STATE_NAME]), NOW + timedelta(days=2)
    )
    assert calendars(again) == calendars(second) and {i.change for i in again.invites} == {"unchanged"}
    moved = Plan(
        tuple(
            replace(p, start=p.start + timedelta(days=1)) if p.title == "季度检查培训" else p for p in plan.placements
        )
    )
    third = build_meeting_invites(
        loaded.problem, moved, cleared, SETTINGS, parse_state(again.files()[STATE_NAME]), NOW + timedelta(days=3)
    )
    training = {i.unit: (i.sequence, i.change) for i in third.invites if i.filename.startswith("季度检查培训/")}
    assert set(training.values()) == {(2, "updated")}  # above 周工程师's copy at 1


def test_a_folder_written_before_per_copy_sequences_mails_nobody(loaded, plan):
    """A state written before copies could differ (the whole meeting raised for one optional person's
    address: every copy at SEQUENCE 1, 周工程师's a PUBLISH) exports again unchanged."""
    import json

    first = build(loaded, plan)
    cleared = {k: v for k, v in loaded.emails.items() if k != "周工程师"}
    written = json.loads(first.files()[STATE_NAME])
    raised = {i.uid for i in first.invites if i.unit == "周工程师" and i.attendee.role == "OPT-PARTICIPANT"}
    for item in written["items"]:
        if item["uid"] in raised:
            item["sequence"] = 1
    for copy in written["invites"]:
        if copy["uid"] in raised:
            copy["sequence"] = 1
            if copy["unit"] == "周工程师":
                copy["attendee"]["address"], copy["method"] = None, "PUBLISH"
    older = parse_state(json.dumps(written).encode())
    made = build_meeting_invites(loaded.problem, plan, cleared, SETTINGS, older, NOW + timedelta(days=1))
    assert {i.change for i in made.invites if i.uid in raised} == {"unchanged"}  # (in 网站栏目设置讨论 he is required)
    assert {i.sequence for i in made.invites if i.uid in raised} == {1}


def test_the_office_calendar_says_who_comes_and_the_note(loaded, plan):
    """QA qaics19 F3: office.ics listed title, time and room only; the office had to open a participant's
    file to see who comes. Each meeting held now carries the participants' description: who must come,
    who may, and the 备注."""
    made = build(loaded, plan)
    cal = Calendar.from_ical(made.files()["office.ics"])
    described = {str(e["SUMMARY"]): str(e.get("DESCRIPTION", "")) for e in cal.walk("VEVENT")}
    _, copy = event(made.files()["季度检查培训/孙科员.ics"])
    assert described["季度检查培训"] == str(copy["DESCRIPTION"])
    assert "必须参会：区财政局" in described["季度检查培训"] and "请带笔记本电脑" in described["季度检查培训"]
    assert "可选参会：孙科员、周工程师" in described["季度检查培训"]
    assert all(described.values()) and len(described) == 8
