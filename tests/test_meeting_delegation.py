"""A participant who hands a meeting on (an iTIP REPLY with PARTSTAT=DELEGATED and DELEGATED-TO, RFC 5546
3.2.2.3): the delegate is added to the meeting's invites with DELEGATED-FROM, gets a copy of their own
once, later updates and the cancellation too, and the delegation taken back cancels their copy."""

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from scheduler.domain.meetings import Placement, Plan
from scheduler.files.meeting_files import load_meetings
from scheduler.invites.meetings import build_meeting_invites, delegate_key, meeting_uid, person_key
from scheduler.invites.state import STATE_NAME, parse_state
from tests.test_meeting_invites import EXAMPLE, NOW, SETTINGS, TIMES


@pytest.fixture(scope="module")
def loaded():
    return load_meetings(EXAMPLE)


@pytest.fixture(scope="module")
def plan():
    return Plan(tuple(Placement(t, datetime.fromisoformat(w), r) for t, (w, r) in TIMES.items()))


MEETING = "政务公开工作推进会"
DELEGATE = "jiang@fgw.test"


def build(loaded, plan, previous=None, now=NOW, delegations=None, problem=None):
    state = parse_state(previous.files()[STATE_NAME]) if previous is not None else None
    return build_meeting_invites(
        problem or loaded.problem, plan, loaded.emails, SETTINGS, state, now, delegations=delegations
    )


def handed(loaded, who="王主任", to=DELEGATE):
    return {(meeting_uid(SETTINGS.campaign, MEETING), who): to}


def attendees(data: bytes) -> dict[str, dict[str, str]]:
    (vevent,) = list(Calendar.from_ical(data).walk("VEVENT"))
    found = vevent["ATTENDEE"]
    lines = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:"): {k: str(v) for k, v in a.params.items()} for a in lines}


def copy_of(made, unit):
    return next(i for i in made.invites if i.unit == unit and i.uid == meeting_uid(SETTINGS.campaign, MEETING))


def test_the_delegate_gets_a_copy_of_their_own_and_every_copy_names_both(loaded, plan):
    first = build(loaded, plan)
    made = build(loaded, plan, first, NOW + timedelta(hours=1), handed(loaded))
    mine = copy_of(made, DELEGATE)
    assert mine.change == "new" and mine.method == "REQUEST" and mine.delegated_from == "王主任"
    assert mine.key == delegate_key(mine.uid, "王主任", DELEGATE) != person_key(mine.uid, "王主任")
    assert mine.attendee.address == DELEGATE and mine.attendee.role == "REQ-PARTICIPANT"
    boss = loaded.emails["王主任"]
    lines = attendees(mine.data)
    assert lines[boss]["PARTSTAT"] == "DELEGATED" and lines[boss]["DELEGATED-TO"] == f"mailto:{DELEGATE}"
    assert lines[DELEGATE]["DELEGATED-FROM"] == f"mailto:{boss}" and lines[DELEGATE]["PARTSTAT"] == "NEEDS-ACTION"
    assert lines[DELEGATE]["ROLE"] == "REQ-PARTICIPANT" and lines[DELEGATE]["RSVP"] == "TRUE"
    assert b'DELEGATED-TO="mailto:jiang@fgw.test"' in mine.data  # quoted, as RFC 5545 3.2.5 writes it
    # everyone else keeps their SEQUENCE and is not mailed again; their file shows the new list
    others = [i for i in made.invites if i.uid == mine.uid and i.unit != DELEGATE]
    assert {i.change for i in others} == {"unchanged"} and {i.sequence for i in others} == {mine.sequence}
    assert all(DELEGATE in attendees(i.data) for i in others)
    assert {i.change for i in made.invites if i.uid != mine.uid} == {"unchanged"}
    kept = parse_state(made.files()[STATE_NAME])
    assert [s.delegated_from for s in kept.invites if s.unit == DELEGATE] == ["王主任"]


def test_a_command_that_did_not_read_the_answers_keeps_the_delegate(loaded, plan):
    """``delegations=None`` (``ics``, ``solve --out``): the delegate copies the last export wrote stay, the
    same bytes, never cancelled by a command that did not look."""
    made = build(loaded, plan, build(loaded, plan), delegations=handed(loaded))
    again = build(loaded, plan, made, NOW + timedelta(days=1))
    assert copy_of(again, DELEGATE).change == "unchanged"
    assert again.files() == {**made.files(), STATE_NAME: again.files()[STATE_NAME]}


def test_a_moved_meeting_updates_the_delegate_and_a_cancelled_one_cancels_them(loaded, plan):
    made = build(loaded, plan, build(loaded, plan), delegations=handed(loaded))
    later = Plan(
        tuple(replace_start(p, datetime(2025, 7, 16, 14)) if p.title == MEETING else p for p in plan.placements)
    )
    moved = build(loaded, later, made, NOW + timedelta(days=1), handed(loaded))
    mine = copy_of(moved, DELEGATE)
    assert mine.change == "updated" and mine.sequence == copy_of(made, DELEGATE).sequence + 1
    from scheduler.meetings.replanning import MeetingChanges, apply_meeting_changes

    problem = apply_meeting_changes(loaded.problem, later, MeetingChanges(drop=(MEETING,)))
    gone = build(loaded, Plan(problem.reference.placements), moved, NOW + timedelta(days=2), problem=problem)
    cancel = copy_of(gone, DELEGATE)
    assert cancel.method == "CANCEL" and cancel.change == "cancelled" and cancel.attendee.address == DELEGATE


def replace_start(place: Placement, start: datetime) -> Placement:
    return Placement(place.title, start, place.room)


def test_a_delegation_taken_back_cancels_the_delegates_copy_alone(loaded, plan):
    made = build(loaded, plan, build(loaded, plan), delegations=handed(loaded))
    back = build(loaded, plan, made, NOW + timedelta(days=1), {})
    cancel = copy_of(back, DELEGATE)
    assert cancel.method == "CANCEL" and cancel.change == "cancelled"
    assert list(attendees(cancel.data)) == [DELEGATE]  # the meeting is still held: only they are told
    boss = copy_of(back, "王主任")
    assert boss.change == "unchanged" and "DELEGATED" not in str(attendees(boss.data)[loaded.emails["王主任"]])


def test_a_delegate_already_invited_gets_no_second_copy(loaded, plan):
    """Decided: handing the meeting on to a co-participant's address adds no copy; their own invite stands
    (and their own answer counts for them); no line of any copy changes."""
    other = loaded.emails["李科长"]
    made = build(loaded, plan, build(loaded, plan), delegations=handed(loaded, to=other))
    uid = meeting_uid(SETTINGS.campaign, MEETING)
    assert not any(i.delegated_from for i in made.invites)
    assert [i.unit for i in made.invites if i.uid == uid and i.attendee.address == other] == ["李科长"]
    lines = attendees(copy_of(made, "李科长").data)
    assert "DELEGATED-TO" not in lines[loaded.emails["王主任"]] and "DELEGATED-FROM" not in lines[other]


def test_a_delegate_who_is_one_of_the_campaigns_people_is_named_as_the_people_sheet_names_them(loaded, plan):
    """The delegate is one of the people sheet's (invited to other meetings, not this one): their copy and
    its CN carry their name, not their address."""
    uid = meeting_uid(SETTINGS.campaign, MEETING)
    invited = {i.attendee.address for i in build(loaded, plan).invites if i.uid == uid}
    name, address = next((n, a) for n, a in loaded.emails.items() if a not in invited)
    made = build(loaded, plan, build(loaded, plan), delegations=handed(loaded, to=address))
    mine = copy_of(made, address)
    assert mine.attendee.name == name and mine.delegated_from == "王主任"
    assert attendees(mine.data)[address]["CN"] == name


def two_handed(loaded, to=(DELEGATE, DELEGATE), who=("王主任", "李科长")):
    return {(meeting_uid(SETTINGS.campaign, MEETING), w): a for w, a in zip(who, to, strict=True)}


def delegate_lines(data: bytes, address: str) -> list[str]:
    """The ATTENDEE lines (unfolded) of ``data`` whose address is ``address``, as written."""
    unfolded = data.decode().replace("\r\n ", "")
    return [line for line in unfolded.splitlines() if line.startswith("ATTENDEE") and line.endswith(f":{address}")]


def test_two_participants_handing_on_to_one_address_give_one_attendee_and_one_copy(loaded, plan):
    """RFC 5545 3.2.4: DELEGATED-FROM is a list. 王主任 and 李科长 both hand the meeting on to one
    deputy: every copy has one ATTENDEE line for the deputy naming both, each of them PARTSTAT=DELEGATED
    with DELEGATED-TO the deputy; the deputy gets one copy (one journal key: mailed once), required as
    they are, and the state keeps both names; the same again changes nothing."""
    uid = meeting_uid(SETTINGS.campaign, MEETING)
    boss, li = loaded.emails["王主任"], loaded.emails["李科长"]
    made = build(loaded, plan, build(loaded, plan), NOW + timedelta(hours=1), two_handed(loaded))
    mine = [i for i in made.invites if i.uid == uid and i.attendee.address == DELEGATE]
    assert len(mine) == 1 and mine[0].delegators == ("王主任", "李科长"), [i.key for i in mine]
    assert mine[0].key == delegate_key(uid, "王主任", DELEGATE) and mine[0].change == "new"
    assert mine[0].attendee.role == "REQ-PARTICIPANT"
    for copy in (i for i in made.invites if i.uid == uid):
        assert delegate_lines(copy.data, DELEGATE) == [
            "ATTENDEE;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
            f'DELEGATED-FROM="mailto:{boss}","mailto:{li}":mailto:{DELEGATE}'
        ], copy.unit
        lines = attendees(copy.data)
        for address in (boss, li):
            assert lines[address]["PARTSTAT"] == "DELEGATED" and lines[address]["DELEGATED-TO"] == f"mailto:{DELEGATE}"
    kept = [s for s in parse_state(made.files()[STATE_NAME]).invites if s.unit == DELEGATE]
    assert [(s.delegated_from, s.delegated_also) for s in kept] == [("王主任", ("李科长",))]
    again = build(loaded, plan, made, NOW + timedelta(days=1), two_handed(loaded))
    assert again.files() == {**made.files(), STATE_NAME: again.files()[STATE_NAME]}
    kept_as_is = build(loaded, plan, made, NOW + timedelta(days=1))  # a command that did not read the answers
    assert kept_as_is.files() == {**made.files(), STATE_NAME: kept_as_is.files()[STATE_NAME]}


def test_one_address_spelt_two_ways_is_one_delegate(loaded, plan):
    """Addresses compare without case (as everywhere): ``Jiang@FGW.test`` and ``jiang@fgw.test`` are one
    deputy, written as the first of them (in the meeting's order) spelt it."""
    uid = meeting_uid(SETTINGS.campaign, MEETING)
    made = build(loaded, plan, build(loaded, plan), delegations=two_handed(loaded, ("Jiang@FGW.test", DELEGATE)))
    mine = [i for i in made.invites if i.uid == uid and i.delegated_from]
    assert [(i.attendee.address, i.delegators) for i in mine] == [("Jiang@FGW.test", ("王主任", "李科长"))]
    assert len(delegate_lines(copy_of(made, "王主任").data, "Jiang@FGW.test")) == 1
    assert 'DELEGATED-TO="mailto:Jiang@FGW.test"' in copy_of(made, "区财政局").data.decode().replace("\r\n ", "")


@pytest.mark.parametrize("kept", ["王主任", "李科长"])
def test_taking_back_one_of_two_delegations_leaves_the_other(loaded, plan, kept):
    """One of the two takes the meeting back (their own answer): the deputy keeps the copy, its journal
    key and SEQUENCE (not mailed again, nor cancelled), now for the other alone; the one who took it back
    is NEEDS-ACTION again in every copy. Either one: the key stays the first export's."""
    uid = meeting_uid(SETTINGS.campaign, MEETING)
    made = build(loaded, plan, build(loaded, plan), delegations=two_handed(loaded))
    back = build(loaded, plan, made, NOW + timedelta(days=1), handed(loaded, who=kept))
    mine = [i for i in back.invites if i.uid == uid and i.attendee.address == DELEGATE]
    assert [(i.method, i.change, i.delegators) for i in mine] == [("REQUEST", "unchanged", (kept,))]
    assert mine[0].key == delegate_key(uid, "王主任", DELEGATE) and mine[0].sequence == copy_of(made, DELEGATE).sequence
    took = "李科长" if kept == "王主任" else "王主任"
    lines = attendees(mine[0].data)
    assert lines[loaded.emails[took]]["PARTSTAT"] == "NEEDS-ACTION" and "DELEGATED-TO" not in lines[loaded.emails[took]]
    assert lines[DELEGATE]["DELEGATED-FROM"] == f"mailto:{loaded.emails[kept]}"
    assert {i.change for i in back.invites if i.uid == uid} == {"unchanged"}
    gone = build(loaded, plan, back, NOW + timedelta(days=2), {})  # the other takes it back too: cancelled
    assert [(i.method, i.key) for i in gone.invites if i.attendee.address == DELEGATE] == [("CANCEL", mine[0].key)]


def test_the_deputy_named_in_another_case_by_the_next_delegator_keeps_the_same_copy(loaded, plan):
    """王主任 hands the meeting on to ``Jiang@FGW.test``; then he takes it back while 李科长 hands it on to
    ``jiang@fgw.test``, the same mailbox: the deputy's copy goes on (its key, its spelling, unchanged: not
    mailed again), never a CANCEL and a second invitation to one mailbox."""
    uid = meeting_uid(SETTINGS.campaign, MEETING)
    made = build(loaded, plan, build(loaded, plan), delegations=handed(loaded, to="Jiang@FGW.test"))
    then = build(loaded, plan, made, NOW + timedelta(days=1), handed(loaded, who="李科长", to=DELEGATE))
    mine = [i for i in then.invites if i.uid == uid and i.delegated_from]
    assert [(i.attendee.address, i.delegators, i.method, i.change) for i in mine] == [
        ("Jiang@FGW.test", ("李科长",), "REQUEST", "unchanged")
    ]
    assert mine[0].key == delegate_key(uid, "王主任", "Jiang@FGW.test")
