"""Our line-by-line VEVENTs against icalendar's own ``Event.add`` and serialisation: the same bytes
for any text, name, time zone and reminder (``EventLines`` exists only because icalendar's
per-property machinery was two thirds of a 5,000-unit export)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Event

from scheduler.domain.clock import unclear_wall
from scheduler.invites.attendees import cal_address
from scheduler.invites.lines import EventLines, ical
from scheduler.invites.state import Person

# The escapes (\\ ; , newline, \r), quoting in parameters (: ; , " ’), 2-4 octet characters. No "\\N":
# icalendar's writer reads it as a line break, ours keeps it (BACKSLASHED, below).
PIECES = ["a", " ", "\\", ";", ",", ":", '"', "’", "\n", "\r\n", "\r", "中", "、", "é", "😀", "^"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
BACKSLASHED = st.lists(st.sampled_from([*PIECES, "\\N", "\\n", "N", "n", "\\\\", "\\;", "\\,"]), max_size=80).map(
    "".join
)
ZONES = st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York", "Etc/GMT+8", "America/Argentina/Buenos_Aires"])
TIMES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda t: t.replace(microsecond=0)
)


def _reference(
    uid: str, start: datetime | date, end: datetime | date, texts: tuple[str, str, str], people: tuple[Person, Person]
) -> Event:
    summary, location, description = texts
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC")))
    event.add("sequence", 0)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("organizer", cal_address(people[0]))
    event.add("attendee", cal_address(people[1], role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE"))
    event.add("status", "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-30))
    alarm.add("description", summary)
    event.add_component(alarm)
    return event


def _ours(
    uid: str, start: datetime | date, end: datetime | date, texts: tuple[str, str, str], people: tuple[Person, Person]
) -> bytes:
    summary, location, description = texts
    organizer = cal_address(people[0])
    attendee = cal_address(people[1], role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE")
    event = EventLines().text("UID", uid).value("dtstamp", datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC")))
    event.value("sequence", 0).value("dtstart", start).value("dtend", end)
    event.text("SUMMARY", summary).text("LOCATION", location).text("DESCRIPTION", description)
    event.address("organizer", str(organizer), tuple(organizer.params.items()))
    event.address("attendee", str(attendee), tuple(attendee.params.items()))
    alarm = EventLines("VALARM").text("ACTION", "DISPLAY").value("trigger", timedelta(minutes=-30))
    return event.text("STATUS", "CONFIRMED").component(alarm.text("DESCRIPTION", summary)).done()


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT, TEXT, TEXT, TEXT, ZONES, TIMES)
def test_a_timed_event_is_icalendars(
    summary: str, location: str, description: str, name: str, other: str, zone: str, start: datetime
) -> None:
    aware = start.replace(tzinfo=ZoneInfo(zone))
    # a wall time the zone's clock skips or repeats is written in UTC on purpose (lines._time_line; its
    # own tests), where icalendar keeps the zone's name: here only times both write alike
    assume(not unclear_wall(aware) and not unclear_wall(aware + timedelta(hours=1)))
    texts = (summary or "x", location or "x", description or "x")
    people = (Person(name or "n", "office@example.org"), Person(other or "o", "unit@example.org"))
    expected = ical(_reference("u-1", aware, aware + timedelta(hours=1), texts, people))
    assert _ours("u-1", aware, aware + timedelta(hours=1), texts, people) == expected


def test_an_all_day_event_and_two_zones_at_one_instant() -> None:
    people = (Person("办公室, 420", "office@example.org"), Person('单位"甲"', "unit@example.org"))
    texts = ("截止；报送", "区政府420房间", "第一行\n第二行，" + "长" * 80)
    day = date(2021, 9, 13)
    assert _ours("u", day, day + timedelta(days=1), texts, people) == ical(
        _reference("u", day, day + timedelta(days=1), texts, people)
    )
    shanghai = datetime(2021, 9, 8, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
    utc = shanghai.astimezone(ZoneInfo("UTC"))
    assert shanghai == utc  # equal instants: the cache must still tell the zones apart
    for start in (shanghai, utc, shanghai):
        end = start + timedelta(hours=1)
        assert _ours("u", start, end, texts, people) == ical(_reference("u", start, end, texts, people))


def _escaped_before(text: str) -> str:
    """``escape`` as it was until the QA calendar report (M1): icalendar's ``vText`` escaping, which first
    reads ``\\N`` as a line break."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


@settings(max_examples=600, deadline=None)
@given(st.one_of(TEXT, st.text(max_size=200).map(lambda t: t.replace("\\", ""))))
def test_a_text_without_a_backslash_is_escaped_as_before_and_as_icalendars_vtext(text: str) -> None:
    """Every text without a backslash: byte for byte what ``escape`` gave before and what icalendar's own
    TEXT escaping gives (TEXT has backslashes, never followed by N: the same there too)."""
    from icalendar import vText

    from scheduler.invites.lines import escape

    assert escape(text) == _escaped_before(text) == vText(text).to_ical().decode("utf-8")


def _read_back(line: bytes) -> tuple[str, str]:
    """A SUMMARY line as icalendar's parser and vobject's read it back."""
    import vobject
    from icalendar import Calendar

    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u\r\n"
    data += b"DTSTAMP:20000101T000000Z\r\nDTSTART:20210908T080000Z\r\n" + line + b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    parsed = vobject.readOne(data.decode("utf-8"))
    return str(event["SUMMARY"]), str(parsed.vevent.summary.value)


@settings(max_examples=400, deadline=None)
@given(BACKSLASHED)
def test_a_text_with_backslashes_reads_back_whole(text: str) -> None:
    """RFC 5545 TEXT: a backslash is written ``\\\\`` always, so ``C:\\会议室\\New楼`` or ``区财政局\\N科``
    comes back as it was (line breaks as LF), from icalendar's parser and vobject's (libical: the QA
    report's checker, by hand)."""
    from scheduler.invites.lines import text_line

    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert _read_back(text_line("SUMMARY", text)) == (expected, expected)


def test_a_backslash_n_is_no_longer_a_line_break():
    from scheduler.invites.lines import escape

    assert escape("行政中心\\N座\\420室") == "行政中心\\\\N座\\\\420室"
    assert escape("C:\\会议室\\New楼\\420;A,B") == "C:\\\\会议室\\\\New楼\\\\420\\;A\\,B"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, st.text(max_size=60)), min_size=1, max_size=5))
def test_a_uid_is_the_uuid5_of_its_parts(parts: list[str]) -> None:
    """The UIDs are made from the namespace's SHA-1 state taken once: the same as ``uuid.uuid5``
    of the parts joined, for any text (a UID must never change from one release to the next)."""
    import uuid

    from scheduler.invites.calendar import NAMESPACE, _uid

    assert _uid(*parts) == str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


KEYS = st.sampled_from(["CN", "ROLE", "PARTSTAT", "RSVP", "CUTYPE", "DELEGATED-TO", "SENT-BY", "DIR", "TZID", "cn"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(KEYS, st.one_of(TEXT, st.just("UTC"))), max_size=5), TEXT)
def test_an_address_line_is_icalendars_for_any_parameters(params: list[tuple[str, str]], name: str) -> None:
    """Issue 16: an ORGANIZER or ATTENDEE line whose parameters need no escape nor quotes is written
    without icalendar's objects; any other through them. The same bytes either way: always-quoted
    keys, CN with a space or an apostrophe, RFC 6868's escapes, TZID=UTC, a key given twice."""
    from scheduler.invites.lines import _address, _address_by_icalendar

    address = f"mailto:{name.replace(chr(10), '').replace(chr(13), '')}@example.org"
    assert _address("attendee", address, tuple(params)) == _address_by_icalendar("attendee", address, tuple(params))


def test_a_units_attendee_line_needs_no_icalendar_object(monkeypatch) -> None:
    """A unit's attendee (a name without spaces, quotes or escapes, the usual parameters) is written
    as icalendar writes it, without making its ``vCalAddress`` (0.1 ms a line, 5,000 at 5,000 units)."""
    from scheduler.invites import attendees, lines

    person = Person("第4321街道办事处", "unit4321@units.test")
    expected = (
        "ATTENDEE;CN=第4321街道办事处;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACT\r\n".encode()
        + b" ION;RSVP=TRUE:mailto:unit4321@units.test\r\n"
    )
    attendee = cal_address(person, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE")
    assert lines._address("attendee", str(attendee), tuple(attendee.params.items())) == expected

    def refused(*_args: object) -> None:
        raise AssertionError("an icalendar address object was made")

    monkeypatch.setattr(lines, "vCalAddress", refused)
    monkeypatch.setattr(attendees, "vCalAddress", refused)
    uri, params = attendees.address_parts(person, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE")
    assert lines.EventLines().address("attendee", uri, params).parts[-1] == expected


def test_one_time_written_once_per_zone_and_reading() -> None:
    """The time lines are written once per distinct time (cached): equal times that are different
    instants or different zones keep lines of their own. A repeated hour's two readings (``fold`` 0 and
    1) are equal in their zone, yet each is written as its own instant in UTC; one instant in two zones
    is two lines."""
    york = ZoneInfo("America/New_York")
    first = datetime(2021, 11, 7, 1, 30, tzinfo=york)
    second = first.replace(fold=1)
    assert first == second
    lines = [EventLines().value("dtstart", t).done() for t in (first, second, first, second)]
    assert b"DTSTART:20211107T053000Z\r\n" in lines[0] and lines[0] == lines[2]
    assert b"DTSTART:20211107T063000Z\r\n" in lines[1] and lines[1] == lines[3]
    shanghai = datetime(2021, 9, 8, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    utc = shanghai.astimezone(ZoneInfo("UTC"))
    assert shanghai == utc
    here, there = (EventLines().value("dtstart", t).done() for t in (shanghai, utc))
    assert b"DTSTART;TZID=Asia/Shanghai:20210908T080000\r\n" in here
    assert b"DTSTART:20210908T000000Z\r\n" in there
