"""Invites of the 2021 notice: content of a REQUEST, an update and a CANCEL; stable UIDs;
unchanged units byte-identical; the notice's deadlines; the state file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from scheduler import load
from scheduler.files.contacts import Contact
from scheduler.invites.calendar import meeting_uid
from scheduler.invites.folder import export, read_sources
from scheduler.invites.state import dump_state, parse_state
from tests.invite_helpers import FIRST, LATER, MUCH_LATER, NOTICE, ROOT, by_unit, moved, notice_export, notice_settings
from tests.invite_helpers import load_notice_timetable as load_timetable

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLISHED = {
    "区自然资源局": datetime(2021, 9, 8, 8),
    "区财政局": datetime(2021, 9, 8, 11),
    "区司法局": datetime(2021, 9, 9, 8),
    "区税务局": datetime(2021, 9, 10, 9),
    "柏庄镇政府": datetime(2021, 9, 10, 17),
}
SWAP = {"区财政局": datetime(2021, 9, 9, 8), "区司法局": datetime(2021, 9, 8, 11)}


@pytest.fixture(scope="module")
def first():
    return notice_export()


@pytest.fixture(scope="module")
def second(first):
    """The notice after two units swapped times and 柏庄镇政府 left the table."""
    timetable = load_timetable()
    changed = moved(timetable, {**SWAP, "柏庄镇政府": None})
    return notice_export(changed, first.state, LATER)


def event_of(data: bytes):
    cal = Calendar.from_ical(data)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1, "an iTIP message carries one UID, so one VEVENT here"
    return cal, events[0]


def test_every_unit_gets_a_request_with_the_required_properties(first):
    invites = by_unit(first)
    assert len(invites) == 29
    for unit, start in PUBLISHED.items():
        invite = invites[unit]
        assert invite.method == "REQUEST" and invite.sequence == 0 and invite.change == "new"
        cal, event = event_of(invite.data)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(cal["VERSION"]) == "2.0"
        assert str(cal["PRODID"]).startswith("-//docking-scheduler//")
        assert str(event["UID"]) == invite.uid == meeting_uid("beiguan-2021-zwgk-26-fields", unit)
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset() == timedelta(0) and b"DTSTAMP:20210906T080000Z" in invite.data
        assert event.decoded("DTSTART") == start.replace(tzinfo=SHANGHAI)
        assert event.decoded("DTEND") == start.replace(tzinfo=SHANGHAI) + timedelta(hours=1)
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert int(event["SEQUENCE"]) == 0
        assert str(event["SUMMARY"]) == f"基层政务公开标准对接：{unit}"
        assert str(event["LOCATION"]) == "区政府420房间"
        organizer = event["ORGANIZER"]
        assert str(organizer) == "mailto:zwgk-office@example.org"
        assert organizer.params["CN"] == "北关区人民政府办公室"
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{invite.attendee.address}"
        assert attendee.params["CN"] == unit
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        assert str(event["STATUS"]) == "CONFIRMED"
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == timedelta(minutes=-30)


def test_description_says_what_the_meeting_is_for_and_what_to_bring(first):
    invites = by_unit(first)
    for unit in ("区自然资源局", "柏庄镇政府"):
        _, event = event_of(invites[unit].data)
        text = str(event["DESCRIPTION"])
        for term in ("标准目录", "栏目设置", "公开方式", "内容格式", "信息更新频率", "请携带"):
            assert term in text, (unit, term)
        assert unit in text and "区政府420房间" in text
    department = str(event_of(invites["区自然资源局"].data)[1]["DESCRIPTION"])
    town = str(event_of(invites["柏庄镇政府"].data)[1]["DESCRIPTION"])
    assert "9月13日前" in department and "9月15日前" not in department
    assert "9月15日前" in town and "9月13日前" not in town
    assert "指导各镇办" in department and "指导各镇办" not in town


def test_timezone_has_one_standard_block_and_no_summer_time_history(first):
    for invite in first.invites:
        cal = Calendar.from_ical(invite.data)
        (tz,) = cal.walk("VTIMEZONE")
        assert str(tz["TZID"]) == "Asia/Shanghai"
        assert [c.name for c in tz.subcomponents] == ["STANDARD"]
        assert b"RDATE" not in invite.data and b"DAYLIGHT" not in invite.data
        assert tz.subcomponents[0].decoded("TZOFFSETTO") == timedelta(hours=8)


def test_a_timezone_with_summer_time_gets_the_transitions_of_its_years_only():
    from scheduler.invites.vcalendar import vtimezone

    tz = vtimezone(ZoneInfo("Europe/Berlin"), date(2021, 9, 8), date(2021, 11, 1))
    data = tz.to_ical().decode()
    assert "BEGIN:DAYLIGHT" in data and "BEGIN:STANDARD" in data
    years = {int(line.split(":")[1][:4]) for line in data.splitlines() if line.startswith(("DTSTART", "RDATE"))}
    assert years <= {2021, 2022}


# Each change of offset of 2024 and 2025, in UTC (tzdata): the EU changes at 01:00Z, New York at 02:00
# local, Sydney (southern hemisphere: summer time over the new year) at 02:00 standard / 03:00 summer time.
CHANGES = {
    "Europe/Berlin": ["2024-03-31 01:00", "2024-10-27 01:00", "2025-03-30 01:00", "2025-10-26 01:00"],
    "America/New_York": ["2024-03-10 07:00", "2024-11-03 06:00", "2025-03-09 07:00", "2025-11-02 06:00"],
    "Australia/Sydney": ["2024-04-06 16:00", "2024-10-05 16:00", "2025-04-05 16:00", "2025-10-04 16:00"],
    # Negative DST in zoneinfo (winter GMT is dst -1 h): its summer IST was labelled STANDARD.
    "Europe/Dublin": ["2024-03-31 01:00", "2024-10-27 01:00", "2025-03-30 01:00", "2025-10-26 01:00"],
}


@pytest.mark.parametrize("key", sorted(CHANGES))
def test_each_onset_of_a_vtimezone_is_local_time_before_the_change(key):
    """RFC 5545 3.6.5 / 3.8.3.3: a DTSTART (and RDATE) of STANDARD or DAYLIGHT is the local time in force
    before the onset, in TZOFFSETFROM. icalendar's from_tzinfo wrote the spring onset in the new offset
    (Berlin 20250330T030000 for 01:00Z), an hour late for a strict reader."""
    from scheduler.invites.vcalendar import vtimezone

    zone = ZoneInfo(key)
    tz = vtimezone(zone, date(2024, 11, 20), date(2025, 12, 20))
    (parsed,) = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + tz.to_ical() + b"END:VCALENDAR\r\n").walk("VTIMEZONE")
    onsets = []
    for sub in parsed.subcomponents:
        before, after = sub.decoded("TZOFFSETFROM"), sub.decoded("TZOFFSETTO")
        rdates = sub.get("RDATE", [])
        times = [sub.decoded("DTSTART")] + [
            d.dt for r in (rdates if isinstance(rdates, list) else [rdates]) for d in r.dts
        ]
        if before == after:  # what is in force on January 1 of the first year
            assert times == [datetime(2024, 1, 1)] and datetime(2024, 1, 1, tzinfo=zone).utcoffset() == after
            continue
        assert sub.name == ("STANDARD" if after < before else "DAYLIGHT")
        for local in times:
            instant = (local - before).replace(tzinfo=UTC)
            assert (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == before, (local, sub.name)
            assert instant.astimezone(zone).utcoffset() == after, (local, sub.name)
            onsets.append(instant)
    assert sorted(onsets) == [datetime.fromisoformat(t).replace(tzinfo=UTC) for t in CHANGES[key]]


def test_a_zone_without_a_change_in_the_days_keeps_its_one_standard_block():
    from scheduler.invites.vcalendar import vtimezone

    tz = vtimezone(ZoneInfo("Asia/Shanghai"), date(2021, 9, 8), date(2021, 9, 10))
    assert tz.to_ical() == (
        b"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZNAME:CST\r\n"
        b"TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def test_unit_without_address_still_gets_its_file_and_is_named(first):
    contacts = {
        name: contact for name, contact in first_contacts().items() if name not in ("区财政局", "洹北街道办事处")
    }
    contacts["区财政局"] = Contact("区财政局", None, "刘某")
    result = notice_export(contacts=contacts)
    assert [i.unit for i in result.without_address] == ["区财政局", "洹北街道办事处"]
    invite = by_unit(result)["区财政局"]
    assert invite.method == "PUBLISH" and invite.attendee.address is None
    cal, event = event_of(invite.data)
    assert str(cal["METHOD"]) == "PUBLISH" and "ATTENDEE" not in event
    assert invite.filename in result.files()


def first_contacts() -> dict:
    from scheduler.files.contacts import read_contacts
    from tests.invite_helpers import CONTACTS

    return dict(read_contacts(CONTACTS).by_unit)


def test_moved_units_get_a_higher_sequence_and_the_same_uid(first, second):
    before, after = by_unit(first), by_unit(second)
    for unit, start in SWAP.items():
        invite = after[unit]
        assert invite.uid == before[unit].uid
        assert invite.change == "updated" and invite.method == "REQUEST"
        assert invite.sequence == 1
        _cal, event = event_of(invite.data)
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == start.replace(tzinfo=SHANGHAI)
        assert b"DTSTAMP:20210907T093000Z" in invite.data
        assert len(event.walk("VALARM")) == 1


def test_a_unit_no_longer_in_the_table_gets_a_cancel(first, second):
    invite = by_unit(second)["柏庄镇政府"]
    assert invite.method == "CANCEL" and invite.change == "cancelled" and invite.cancelled
    assert invite.uid == by_unit(first)["柏庄镇政府"].uid
    assert invite.sequence > by_unit(first)["柏庄镇政府"].sequence
    cal, event = event_of(invite.data)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["ATTENDEE"]) == "mailto:bzz@example.org"
    assert event["ORGANIZER"].params["CN"] == "北关区人民政府办公室"
    assert event.decoded("DTSTART") == datetime(2021, 9, 10, 17, tzinfo=SHANGHAI)
    assert event.walk("VALARM") == [] and b"VALARM" not in invite.data
    assert "柏庄镇政府" not in second.unknown_contacts


def test_unchanged_units_are_byte_identical_and_changes_are_reported(first, second):
    old, new = first.files(), second.files()
    changed = {i.unit for i in second.changed}
    assert changed == {"区财政局", "区司法局", "柏庄镇政府"}
    for invite in second.invites:
        if invite.unit not in changed:
            assert invite.change == "unchanged"
            assert new[invite.filename] == old[invite.filename], invite.unit
            assert new[invite.deadlines_filename] == old[invite.deadlines_filename]
    assert second.office_change == "updated" and new["office.ics"] != old["office.ics"]


def test_same_input_and_same_state_give_identical_bytes(first, second):
    # The clock is an input: it is the DTSTAMP of what changed (RFC 5545: when the message
    # was created). Nothing else varies: no random UID, no ordering left to chance.
    again = notice_export(moved(load_timetable(), {**SWAP, "柏庄镇政府": None}), first.state, LATER)
    assert again.files() == second.files()
    assert notice_export().files() == first.files()
    # A regeneration with nothing changed changes nothing, whatever the clock says.
    third = notice_export(moved(load_timetable(), {**SWAP, "柏庄镇政府": None}), second.state, MUCH_LATER)
    assert third.changed == ()
    assert {k: v for k, v in third.files().items() if k != "state.json"} == {
        k: v for k, v in second.files().items() if k != "state.json"
    }


def test_a_cancelled_unit_stays_cancelled_then_comes_back_with_a_higher_sequence(second):
    timetable = moved(load_timetable(), {**SWAP, "柏庄镇政府": None})
    third = notice_export(timetable, second.state, MUCH_LATER)
    assert by_unit(third)["柏庄镇政府"].change == "unchanged"
    back = notice_export(moved(load_timetable(), SWAP), third.state, MUCH_LATER)
    invite = by_unit(back)["柏庄镇政府"]
    assert invite.method == "REQUEST" and invite.sequence == 2 and invite.change == "updated"


def test_uids_come_from_campaign_and_unit_never_from_the_time(first, second):
    assert len({i.uid for i in first.invites}) == 29
    assert {i.unit: i.uid for i in first.invites} == {i.unit: i.uid for i in second.invites}
    other = notice_settings()
    from dataclasses import replace

    renamed = notice_export(settings=replace(other, campaign="another-campaign"))
    assert not {i.uid for i in renamed.invites} & {i.uid for i in first.invites}


def test_a_changed_address_is_an_update(first):
    contacts = first_contacts()
    contacts["区民政局"] = Contact("区民政局", "mzj-new@example.org", "徐某")
    result = notice_export(state=first.state, now=LATER, contacts=contacts)
    assert [i.unit for i in result.changed] == ["区民政局"]
    assert by_unit(result)["区民政局"].sequence == 1


def test_deadlines_follow_who_what_when(first):
    invites = by_unit(first)
    department = Calendar.from_ical(invites["区财政局"].deadlines)
    town = Calendar.from_ical(invites["红旗路街道办事处"].deadlines)
    assert str(department["METHOD"]) == "PUBLISH"

    def items(cal):
        return {(e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in cal.walk("VEVENT")}

    dept, towns = items(department), items(town)
    hand_in = "截止：报送政务公开标准目录和栏目设置纸质版（加盖单位公章，主要领导签字）"
    assert (date(2021, 9, 13), date(2021, 9, 14), hand_in) in dept
    assert (date(2021, 9, 15), date(2021, 9, 16), hand_in) in towns
    assert not any(d[0] == date(2021, 9, 15) for d in dept)
    inspection = (date(2021, 9, 26), date(2021, 10, 1))
    assert any(d[:2] == inspection for d in dept) and any(d[:2] == inspection for d in towns)
    quarters = sorted(d[0] for d in dept if "季度" in d[2])
    assert quarters == [date(2021, 9, 30), date(2021, 12, 31), date(2022, 3, 31), date(2022, 6, 30)]
    assert not any("季度" in d[2] for d in towns)
    for cal in (department, town):
        for event in cal.walk("VEVENT"):
            assert "RRULE" not in event and "RDATE" not in event
            assert event["DTSTART"].params.get("VALUE") == "DATE"
            assert str(event["TRANSP"]) == "TRANSPARENT"
            assert len(event.walk("VALARM")) == 1


def test_office_calendar_has_every_meeting_and_every_date(first, second):
    office = Calendar.from_ical(first.office)
    events = office.walk("VEVENT")
    meetings = [e for e in events if isinstance(e.decoded("DTSTART"), datetime)]
    assert len(meetings) == 29
    assert str(office["METHOD"]) == "PUBLISH"
    all_day = [e for e in events if not isinstance(e.decoded("DTSTART"), datetime)]
    assert len(all_day) == 1 + 1 + 1 + 1 + 4
    after = Calendar.from_ical(second.office).walk("VEVENT")
    cancelled = [e for e in after if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["SUMMARY"]) for e in cancelled] == ["对接：柏庄镇政府"]
    assert len({str(e["UID"]) for e in after}) == len(after)


def test_state_round_trips_through_json(second):
    data = dump_state(second.state)
    assert parse_state(data) == second.state
    assert dump_state(parse_state(data)) == data


def test_reading_a_state_parses_each_distinct_stamp_once(second, monkeypatch):
    """The items of one export share their stamp: a state of thousands of items (38,340 at 5,000
    units with five milestones) is read with one parse a distinct stamp, not one an item, and reads
    back the same; a stamp that is not one is still a damaged state."""
    import json

    from scheduler.invites import state as module

    data = dump_state(second.state)
    stamps = {record.dtstamp for record in second.state.items.values()}
    parsed: list[str] = []

    class Counting(datetime):
        @classmethod
        def strptime(cls, text: str, form: str) -> datetime:  # type: ignore[override]
            parsed.append(text)
            return datetime.strptime(text, form)

    monkeypatch.setattr(module, "datetime", Counting)
    assert parse_state(data) == second.state
    assert len(parsed) == len(stamps) < len(second.state.items)
    raw = json.loads(data)
    raw["items"][-1]["dtstamp"] = "2021-09-06 08:00:00"
    with pytest.raises(module.DamagedState):
        parse_state(json.dumps(raw).encode())


def test_a_change_in_a_deadline_alone_updates_the_invites_of_the_units_concerned(first):
    from dataclasses import replace

    settings = notice_settings()
    milestones = tuple(
        replace(m, detail=m.detail + "（补充说明）") if m.id == "hand-in-towns" else m for m in settings.milestones
    )
    result = notice_export(state=first.state, now=LATER, settings=replace(settings, milestones=milestones))
    towns = {i.unit for i in result.invites if i.unit.endswith(("街道办事处", "镇政府"))}
    assert len(towns) == 10
    assert {i.unit for i in result.changed} == towns
    for invite in result.invites:
        if invite.unit in towns:
            assert invite.sequence == 1 and invite.deadlines_change == "updated"
            assert "（补充说明）" in Calendar.from_ical(invite.deadlines).walk("VEVENT")[1]["DESCRIPTION"]
        else:
            assert invite.data == by_unit(first)[invite.unit].data


def test_file_names_are_safe_and_never_collide():
    from scheduler.invites.names import file_name

    assert file_name("区自然资源局") == "区自然资源局"
    assert file_name('a/b\\c:d*e?"f<g>h|i') == "a_b_c_d_e__f_g_h_i"
    assert file_name(" .. ") == "unit"
    from scheduler import Calendar, Meeting, Problem, Room, Timetable, Unit

    calendar = Calendar((date(2021, 9, 8),), tuple(datetime(2021, 1, 1, h).time() for h in (8, 9, 10)))
    problem = Problem((Unit("A/B"), Unit("A_B"), Unit("office")), calendar, (Room("420", 1),))
    timetable = Timetable(tuple(Meeting(u.name, calendar.slots[i]) for i, u in enumerate(problem.units)))
    from scheduler.invites.calendar import build_invites

    result = build_invites(problem, timetable, notice_settings(), {}, None, LATER)
    names = [i.filename for i in result.invites]
    assert len({n.casefold() for n in names}) == 3 and "office.ics" not in names
    assert len(result.files()) == result.file_count == 3 + 3 + 2  # invites, deadlines (milestones), office, state


@pytest.mark.parametrize("address", ["cgzfj@例子.测试", "王某@例子.测试", "王某@example.org"])
def test_an_attendee_is_the_ascii_mailto_uri_and_a_rebuilt_state_changes_nothing(address, tmp_path):
    """RFC 5545: a CAL-ADDRESS is a URI, ASCII; the domain as the mail writes it (IDNA), a non-ASCII local part
    percent-encoded (RFC 6068). QA found ``mailto:cgzfj@政务.中国`` in the invite and ``xn--`` in the mail."""
    from scheduler import load
    from scheduler.files.addresses import address_key, mailto
    from scheduler.files.atomic import write_files
    from scheduler.invites.rebuild import rebuild_state
    from tests.invite_helpers import NOTICE

    contacts = {"区财政局": Contact("区财政局", address, "王某")}
    first = notice_export(contacts=contacts)
    invite = by_unit(first)["区财政局"]
    attendee = event_of(invite.data)[1]["ATTENDEE"]
    assert str(attendee) == mailto(address) and address_key(str(attendee)) == address_key(address)
    (line,) = [x for x in invite.data.replace(b"\r\n ", b"").split(b"\r\n") if x.startswith(b"ATTENDEE")]
    assert line.endswith(b":" + mailto(address).encode()) and mailto(address).isascii()  # the value, as written
    if address.split("@")[0].isascii():
        assert str(attendee) == "mailto:cgzfj@xn--fsqu00a.xn--0zwm56d"
    else:
        assert str(attendee).startswith("mailto:%E7%8E%8B%E6%9F%90@")
    write_files(tmp_path, first.files())
    units = [unit.name for unit in load(NOTICE).problem.units]
    rebuilt = rebuild_state(tmp_path, first.state.campaign, units)
    assert rebuilt is not None and address_key(rebuilt.items[invite.uid].attendee.address) == address_key(address)
    again = notice_export(state=rebuilt, now=LATER, contacts=contacts)
    assert {i.change for i in again.invites} == {"unchanged"} and by_unit(again)["区财政局"].data == invite.data


def naive_now_said(now: object) -> str:
    """What the unit tables' ``build_invites`` says to ``now`` (the meeting invites' test asks it too)."""
    from scheduler import ArgumentError, load
    from scheduler.invites.calendar import build_invites

    loaded = load(NOTICE)
    with pytest.raises(ArgumentError) as caught:
        build_invites(loaded.problem, loaded.timetable, notice_settings(), {}, None, now)  # type: ignore[arg-type]
    return caught.value.text("en")


def test_an_aware_now_in_another_zone_is_the_same_moment():
    from scheduler import load
    from scheduler.invites.calendar import build_invites

    loaded = load(NOTICE)
    here = LATER.astimezone(ZoneInfo("Asia/Shanghai"))
    made = build_invites(loaded.problem, loaded.timetable, notice_settings(), {}, None, here)
    assert b"DTSTAMP:20210907T093000Z" in made.invites[0].data


class _Counted(tuple):
    """A tuple that counts how often it is read through (how often ``Export.before`` scans it)."""

    reads = 0

    def __iter__(self):
        type(self).reads += 1
        return super().__iter__()


def test_what_an_invite_was_is_found_without_a_scan_per_invite(first, second):
    """Review 9, finding 4: ``Export.before`` read the whole previous export for each invite the ``ics``
    report explains (2 s for 5,000 updated invites). It reads it once, and finds the same as the scan."""
    from dataclasses import replace

    expected = {
        i.journal_key: next((s for s in first.state.invites if (s.key or s.uid) == i.journal_key), None)
        for i in second.invites
    }
    counted = replace(second, previous=_Counted(second.previous))
    _Counted.reads = 0
    found = {i.journal_key: counted.before(i) for i in second.invites}
    assert found == expected and sum(s is not None for s in found.values()) == 29
    assert _Counted.reads <= 1


def test_one_rule_says_what_changed_for_the_letter_and_the_report(first, second):
    """Review 9, finding 5: the letter and the ``ics`` report's 说明 each compared times and rooms in their
    own words; the report gave a traceback on a start that is not ISO, where the letter said nothing."""
    from dataclasses import replace

    from scheduler.cli.invites import _why
    from scheduler.invites.changes import moved
    from scheduler.mail.message import Before, what_changed

    finance = by_unit(second)["区财政局"]  # SWAP: 9月8日 11:00 -> 9月9日 8:00, the same room
    was = second.before(finance)
    change = moved(was.start, was.location, finance)
    eleven = datetime(2021, 9, 8, 11, tzinfo=finance.start.tzinfo)
    assert (change.was, change.time, change.room) == (eleven, True, False)
    assert moved("2021-09-08T03:00:00+00:00", was.location, finance).was == change.was  # read in the zone
    assert _why(finance, was, "en") == "was Sep 8 11:00"
    unreadable = replace(was, start="not a time")
    assert moved(unreadable.start, unreadable.location, finance) == moved("", was.location, finance)
    assert not moved("not a time", was.location, finance).time
    assert _why(finance, unreadable, "en") == _why(finance, replace(was, start=finance.start.isoformat()), "en")
    assert what_changed(finance, Before("not a time", was.location)) == ""


def test_a_name_with_double_quotes_is_written_in_cn_with_chinese_quotes_and_read_back_by_vobject(tmp_path):
    """QA (clients, D4): RFC 6868 wrote ``"`` in CN as ``^'``, which vobject and libical (Evolution, older
    Thunderbird) show as it is. The CN now holds “ ” instead; SUMMARY keeps the exact name; a state rebuilt
    from the files finds the unit by that CN."""
    from dataclasses import replace

    import vobject

    from scheduler import Calendar as Days
    from scheduler import Meeting, Problem, Room, Timetable, Unit
    from scheduler.files.atomic import write_files
    from scheduler.invites.calendar import build_invites
    from scheduler.invites.rebuild import rebuild_state
    from scheduler.invites.state import Person

    unit = '区发改委,规划科;"综合"组'
    days = Days((date(2021, 9, 8),), (datetime(2021, 1, 1, 8).time(),))
    problem = Problem((Unit(unit),), days, (Room("420", 1),))
    timetable = Timetable((Meeting(unit, days.slots[0]),))
    settings = replace(notice_settings(), organizer=Person('北关区"政务公开"办公室', "zwgk@example.org"))
    result = build_invites(problem, timetable, settings, {unit: Contact(unit, "fgw@example.org")}, None, LATER)
    (invite,) = result.invites
    assert b"^'" not in invite.data and b'\\"' not in invite.data
    event = vobject.readOne(invite.data.decode("utf-8")).vevent
    assert event.attendee.params["CN"] == ["区发改委,规划科;“综合”组"]
    assert event.organizer.params["CN"] == ["北关区“政务公开”办公室"]
    assert unit in event.summary.value  # TEXT: the exact name
    write_files(tmp_path, result.files())
    rebuilt = rebuild_state(tmp_path, settings.campaign, [])  # the unit named only by its file and its CN
    assert rebuilt is not None and [i.unit for i in rebuilt.invites] == [unit]


def test_a_cn_has_no_double_quote_and_no_line_break():
    from scheduler.invites.attendees import cn_text

    assert cn_text('甲"乙"丙"丁') == "甲“乙”丙“丁"
    assert cn_text("北关区\r\n办公室") == "北关区 办公室"
    assert cn_text("区财政局") == "区财政局"


def test_deadlines_made_before_the_timetable_give_the_very_export_made_without_them():
    """``solve --out`` makes the deadline calendars while it searches (they depend on no timetable that
    holds every unit): handed to the export, the files and the state are those it makes itself, on a
    first export and on one after moves, a milestone changed and a unit that left and came back."""
    from dataclasses import replace as changed

    from scheduler.invites.folder import export_deadlines

    loaded = load(NOTICE)
    sources = read_sources(loaded.rules, loaded.problem, ROOT / "no-such-folder")
    first = export(sources, loaded.problem, loaded.timetable, FIRST)
    unit = loaded.problem.units[3].name
    gone = notice_export(moved(loaded.timetable, {unit: None}), first.state, LATER)
    milestones = sources.settings.milestones
    later = changed(milestones[0], what=milestones[0].what + "（改）")
    settings = changed(sources.settings, milestones=(later, *milestones[1:]))
    start = loaded.timetable.starts()[loaded.problem.units[0].name]
    timetable = moved(loaded.timetable, {loaded.problem.units[1].name: start})
    for state, given, now in ((None, sources, FIRST), (gone.state, changed(sources, settings=settings), MUCH_LATER)):
        given = changed(given, state=state)
        alone = export(given, loaded.problem, timetable, now)
        deadlines = export_deadlines(given, loaded.problem, now)
        assert deadlines.files() and set(deadlines.units) == {u.name for u in loaded.problem.units}
        made = export(given, loaded.problem, timetable, now, deadlines)
        assert made.files() == alone.files()
        assert made.invites == alone.invites and made.state == alone.state
        assert all(made.calendars()[name] is data for name, data in deadlines.files().items())


def test_deadlines_asked_for_once_the_office_copies_are_made_give_the_same_export():
    """``solve --out`` hands the export a function that waits for the deadline calendars its child is
    making: the office's copies of the meetings, which need none, are made first (while the child
    finishes), and the function is called once. The files and the state are those of the export made
    with the calendars in hand, and those of the export that makes them itself."""
    from scheduler.invites.folder import export_deadlines

    loaded = load(NOTICE)
    sources = read_sources(loaded.rules, loaded.problem, ROOT / "no-such-folder")
    first = export(sources, loaded.problem, loaded.timetable, FIRST)
    unit = loaded.problem.units[3].name
    gone = notice_export(moved(loaded.timetable, {unit: None}), first.state, LATER)
    for state, now in ((None, FIRST), (gone.state, MUCH_LATER)):
        given = replace(sources, state=state)
        deadlines = export_deadlines(given, loaded.problem, now)
        asked = []

        def later(made=deadlines, asked=asked):
            asked.append(1)
            return made

        lazily = export(given, loaded.problem, loaded.timetable, now, later)
        assert asked == [1]
        for other in (
            export(given, loaded.problem, loaded.timetable, now, deadlines),
            export(given, loaded.problem, loaded.timetable, now),
        ):
            assert lazily.files() == other.files()
            assert lazily.invites == other.invites and lazily.state == other.state


@pytest.mark.parametrize(
    "text", ["", 'a "quoted", b\\c', "line\nbreak\ttab\x01\x7f", "区发改委 \u2028 \U0001f600", "plain"]
)
def test_each_state_item_is_the_json_of_its_fields_whatever_its_text(text):
    """``dump_state`` writes each item's line as text (0.12 s instead of 0.38 s at 5,000 units): the
    very line the JSON encoder makes of the item's fields, for any text, person, role and stamp."""
    import json

    from scheduler.invites.state import Person, Record, State, _item_line

    people = (None, Person(text), Person(text, text), Person(text, "a@example.org", "OPT-PARTICIPANT"))
    stamp = datetime(2021, 9, 6, 8, 0, tzinfo=UTC)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for number, person in enumerate(people):
        record = Record(text, text, text, number, stamp, text, text, text, text, text, person, number % 2 == 1)
        fields = {
            "uid": text,
            "kind": text,
            "owner": text,
            "sequence": number,
            "dtstamp": "2021-09-06T08:00:00Z",
            "fingerprint": text,
            "summary": text,
            "start": text,
            "end": text,
            "location": text,
            "attendee": None
            if person is None
            else {"name": person.name, "address": person.address, **({"role": person.role} if person.role else {})},
            "cancelled": number % 2 == 1,
        }
        assert _item_line(record, encode, {}) == json.dumps(fields, ensure_ascii=False)
        kept = replace(record, uid="u-1")  # a UID is ASCII without invisible characters (qafuzz17 #6)
        assert parse_state(dump_state(State("c", {"u-1": kept}))).items["u-1"] == kept
    odd = Record("u", "k", "o", True, stamp, "f", "s", "a", "b", 3, None, False)  # type: ignore[arg-type]
    assert json.loads(_item_line(odd, encode, {}))["sequence"] is True


def test_a_record_is_pickled_as_its_fields_and_comes_back_equal():
    """Issue 16: the deadline calendars' 35,000 items cross from ``solve --out``'s forked child pickled;
    as their fields in order (0.12 s at 5,000 units) instead of a dictionary each (0.20 s). Every
    field comes back, an attendee and a cancellation too, and a copy is equal."""
    import copy
    import pickle
    from datetime import UTC, datetime

    from scheduler.invites.state import Person, Record

    stamp = datetime(2021, 9, 6, tzinfo=UTC)
    plain = Record("u-1", "deadline", "区档案馆", 2, stamp, "f" * 64, "报送", "2021-09-13", "2021-09-14")
    full = Record(
        "u-2", "meeting", "区审计局", 0, stamp, "0" * 64, "对接", "a", "b", "420", Person("甲", "a@example.org"), True
    )
    for record in (plain, full):
        assert record.__reduce__() == (Record, tuple(record.__dict__.values()))
        assert pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)) == record
        assert copy.copy(record) == record and copy.deepcopy(record) == record
