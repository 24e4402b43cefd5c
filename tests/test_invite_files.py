"""Every exported file, read back byte by byte and by three independent parsers:
icalendar, vobject and (where Debian's gir1.2-ical-3.0 is installed) libical's iTIP check."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from scheduler.files.contacts import Contact
from tests.invite_helpers import LATER, by_unit, ics_files, load_notice_timetable, moved, notice_export, notice_settings


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """A REQUEST for every unit, then an update, a CANCEL and a unit without address (PUBLISH)."""
    first = notice_export()
    timetable = moved(load_notice_timetable(), {"区财政局": None, "区民政局": None})
    contacts = dict(first_contacts())
    contacts["区教育局"] = Contact("区教育局", None)
    from datetime import datetime

    timetable = moved(timetable, {"区司法局": datetime(2021, 9, 8, 11)})
    second = notice_export(timetable, first.state, LATER, contacts=contacts)
    assert {i.method for i in second.invites} == {"REQUEST", "CANCEL", "PUBLISH"}
    assert by_unit(second)["区司法局"].sequence == 1
    out = {f"first/{k}": v for k, v in ics_files(first.files()).items()}
    out.update({f"second/{k}": v for k, v in ics_files(second.files()).items()})
    return out


def first_contacts():
    from scheduler.files.contacts import read_contacts
    from tests.invite_helpers import CONTACTS

    return read_contacts(CONTACTS).by_unit


def check_bytes(name: str, data: bytes) -> None:
    data.decode("utf-8")
    assert data.endswith(b"\r\n"), name
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        assert b"\n" not in line and b"\r" not in line, (name, number, "bare line end")
        assert len(line) <= 75, (name, number, len(line))
        line.decode("utf-8")  # a fold never splits a character
        assert line, (name, number, "empty line")


def test_bytes_are_utf8_crlf_and_folded_at_75_octets(files):
    assert len(files) > 100
    for name, data in files.items():
        check_bytes(name, data)
    folded = [n for n, d in files.items() if b"\r\n " in d]
    assert folded, "the Chinese descriptions are long enough to need folding"


def test_icalendar_parses_every_file_back(files):
    for name, data in files.items():
        cal = Calendar.from_ical(data)
        assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) in ("REQUEST", "CANCEL", "PUBLISH"), name
        for event in cal.walk("VEVENT"):
            for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "ORGANIZER"):
                assert prop in event, (name, prop)
        if str(cal["METHOD"]) in ("REQUEST", "CANCEL"):
            assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 1
        if str(cal["METHOD"]) == "CANCEL":
            assert all(str(e["STATUS"]) == "CANCELLED" for e in cal.walk("VEVENT"))
            assert not cal.walk("VALARM"), name


def test_vobject_reads_the_same_events(files):
    for name, data in files.items():
        text = data.decode("utf-8")
        (parsed,) = list(vobject.readComponents(text))
        ours = Calendar.from_ical(data)
        assert parsed.method.value == str(ours["METHOD"])
        theirs = {e.uid.value: e for e in parsed.vevent_list}
        mine = {str(e["UID"]): e for e in ours.walk("VEVENT")}
        assert theirs.keys() == mine.keys(), name
        for uid, event in theirs.items():
            assert event.dtstart.value == mine[uid].decoded("DTSTART"), (name, uid)
            assert event.summary.value == str(mine[uid]["SUMMARY"])
            assert int(event.sequence.value) == int(mine[uid]["SEQUENCE"])
            if "attendee" in event.contents:
                if parsed.method.value == "REQUEST":
                    assert event.attendee.params["RSVP"] == ["TRUE"]
                assert event.attendee.params["CN"] == [str(mine[uid]["ATTENDEE"].params["CN"])]


LIBICAL_CHECK = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I

def errors(component):
    found = []
    prop = component.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(I.ComponentKind.ANY_COMPONENT)
    return found

report = {}
for path in sys.argv[1:]:
    component = I.Component.new_from_string(open(path, encoding="utf-8").read())
    ok = component.check_restrictions()
    report[path] = {"ok": bool(ok), "errors": errors(component)}
print(json.dumps(report))
"""


def libical_python() -> str | None:
    python = shutil.which("python3", path="/usr/bin")
    if python is None:
        return None
    probe = subprocess.run(
        [python, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"],
        capture_output=True,
        check=False,
    )
    return python if probe.returncode == 0 else None


def run_libical(python: str, paths: list[Path]) -> dict:
    done = subprocess.run(
        [python, "-c", LIBICAL_CHECK, *map(str, paths)], capture_output=True, check=True, text=True, timeout=120
    )
    return json.loads(done.stdout)


def test_libical_itip_restrictions_pass(files, tmp_path):
    python = libical_python()
    if python is None:
        pytest.skip("libical's GObject bindings are not installed (apt-get install gir1.2-ical-3.0 python3-gi)")
    paths = []
    for i, (_name, data) in enumerate(sorted(files.items())):
        path = tmp_path / f"{i:03d}.ics"
        path.write_bytes(data)
        paths.append(path)
    report = run_libical(python, paths)
    failures = {name: report[str(path)] for (name, _), path in zip(sorted(files.items()), paths, strict=True)}
    bad = {name: r for name, r in failures.items() if not r["ok"] or r["errors"]}
    assert not bad


def test_libical_check_does_catch_a_broken_invite(files, tmp_path):
    python = libical_python()
    if python is None:
        pytest.skip("libical's GObject bindings are not installed (apt-get install gir1.2-ical-3.0 python3-gi)")
    data = files["first/区自然资源局.ics"]
    broken = b"\r\n".join(line for line in data.split(b"\r\n") if not line.startswith(b"ORGANIZER"))
    path = tmp_path / "broken.ics"
    path.write_bytes(broken)
    report = run_libical(python, [path])[str(path)]
    assert not report["ok"] and any("ORGANIZER" in e for e in report["errors"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="{}"),
        min_size=1,
        max_size=300,
    )
)
def test_any_text_folds_within_75_octets_and_reads_back_unchanged(text):
    base = notice_settings()
    custom = replace(base, bring={"*": text, "部门": text, "镇办": text}, milestones=base.milestones[:1])
    result = notice_export(settings=custom)
    invite = result.invites[0]
    check_bytes(invite.filename, invite.data)
    description = str(Calendar.from_ical(invite.data).walk("VEVENT")[0]["DESCRIPTION"])
    assert text.strip() in description


def test_calendar_names_are_escaped_text_that_every_parser_reads_whole():
    """A unit's or the office's name with ``,``, ``;``, ``"`` and ``\\`` (X-WR-CALNAME is TEXT, RFC 5545 3.3.11)."""
    from datetime import date, datetime

    from scheduler import Calendar as Days
    from scheduler import Meeting, Problem, Room, Timetable, Unit
    from scheduler.invites.calendar import build_invites

    unit = '区发改委,规划科;"综合"组\\备案'
    days = Days((date(2021, 9, 8),), (datetime(2021, 1, 1, 8).time(),))
    problem = Problem((Unit(unit),), days, (Room("420", 1),))
    timetable = Timetable((Meeting(unit, days.slots[0]),))
    office = '北关区,政务公开;"办公室"\\日历'
    settings = replace(notice_settings(), calendar_name=office)
    result = build_invites(problem, timetable, settings, {}, None, LATER)
    (invite,) = result.invites
    files = result.files()
    for data, name in ((invite.deadlines, f"{unit}：工作时间节点"), (files["office.ics"], office)):
        (parsed,) = list(vobject.readComponents(data.decode("utf-8")))
        assert parsed.contents["x-wr-calname"][0].value == name
        unfolded = data.replace(b"\r\n ", b"")
        escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        assert b"X-WR-CALNAME:" + escaped.encode() in unfolded
