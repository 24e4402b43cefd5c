"""Several addresses per unit in the contacts table (QA jobs16 F4: "units send 1–3 named people"): a row
each, or several in one cell; each address gets the unit's invite, mailed exactly once per address over
a real SMTP server (tests/smtp_helpers.py); a re-run sends nothing, an address added later gets only its
own invitation, one removed gets a cancellation, a change reaches every address, an answer from either
address counts for that address; a folder written by the release before (one address per unit, mailed)
re-sends nothing after the upgrade."""

from __future__ import annotations

import email
import json
import tarfile
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.contacts import read_contacts
from scheduler.invites.folder import read_invites
from scheduler.mail.journal import SENT, lines
from tests.conftest import edit

EPOCH = "1630915200"  # 2021-09-06 08:00 UTC: the same DTSTAMP and Date in every run
DATA = Path(__file__).resolve().parent / "data"
SECOND = "区财政局,czj2@example.org,陈某\n"

# -- reading


def _contacts(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "contacts.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_several_rows_and_several_in_a_cell_read_alike(tmp_path, encoding):
    rest = "区民政局,mzj@example.org,孙某\n"
    rows = "单位,邮箱,联系人\n区财政局,czj@example.org,刘某\n区财政局,czj2@example.org,陈某\n" + rest
    cell = "单位,邮箱,联系人\n区财政局,czj@example.org、czj2@example.org,刘某、陈某\n" + rest
    by_rows = read_contacts(_contacts(tmp_path, rows, encoding)).by_unit
    by_cell = read_contacts(_contacts(tmp_path, cell, encoding)).by_unit
    for found in (by_rows, by_cell):
        assert (found["区财政局"].address, found["区财政局"].person) == ("czj@example.org", "刘某")
        assert found["区财政局"].more == (("czj2@example.org", "陈某"),)
        assert found["区民政局"].more == ()
    semicolons = "单位,邮箱,联系人\n区财政局,czj@example.org; czj2@example.org,\n"
    assert read_contacts(_contacts(tmp_path, semicolons)).by_unit["区财政局"].more == (("czj2@example.org", ""),)


def test_one_name_for_several_addresses_is_the_first_ones(tmp_path):
    text = "单位,邮箱,联系人\n区财政局,czj@example.org;czj2@example.org,刘某\n"
    contact = read_contacts(_contacts(tmp_path, text)).by_unit["区财政局"]
    assert (contact.person, contact.more) == ("刘某", (("czj2@example.org", ""),))


def test_one_address_keeps_its_names_cell_whole_in_any_row(tmp_path):
    """Review17 finding 7, decided and documented (docs/formats.md, Contacts table): the count of names is
    checked only in a row listing several addresses; a row with one address keeps its 联系人 whole (a
    shared mailbox's two people, as a contacts table read before several addresses were possible)."""
    text = (
        "单位,邮箱,联系人\n区财政局,a@example.org,刘某、陈某\n"
        "区民政局,m@example.org\n区民政局,b@example.org,孙某、李某\n"
    )
    found = read_contacts(_contacts(tmp_path, text)).by_unit
    assert found["区财政局"].person == "刘某、陈某" and found["区财政局"].more == ()
    assert found["区民政局"].more == (("b@example.org", "孙某、李某"),)


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        (
            "区财政局,czj@example.org,刘某\n区财政局,CZJ@example.org,陈某\n",
            3,
            "邮箱",
            "邮箱 CZJ@example.org 重复（第 2 行已有）",
        ),
        ("区财政局,czj@example.org、czj@example.org,刘某\n", 2, "邮箱", "在这一格里写了两次"),
        ("区财政局,czj@example.org、czj@@example.org,刘某\n", 2, "邮箱", "的邮箱地址"),
        ("区财政局,czj@example.org、a b@example.org,刘某\n", 2, "邮箱", "的邮箱地址"),
        ("区财政局,czj@example.org、b@example.org,刘某、陈某、李某\n", 2, "联系人", "有 3 个名字，而邮箱有 2 个"),
        ("区财政局,czj@example.org,刘某\n区财政局,,陈某\n", 3, "单位", "单位 区财政局 重复（第 2 行已有）"),
        ("区财政局,,刘某\n区财政局,czj@example.org,陈某\n", 3, "邮箱", "第 2 行没有邮箱，这一行又加了邮箱"),
    ],
)
def test_a_repeat_or_a_bad_address_is_named_by_file_row_and_column(tmp_path, text, row, column, words):
    path = _contacts(tmp_path, "单位,邮箱,联系人\n" + text)
    with pytest.raises(InputError) as caught:
        read_contacts(path)
    said = str(caught.value)
    assert f"第 {row} 行" in said and f"列“{column}”" in said and words in said, said


def test_the_command_stops_with_exit_2_and_one_line(example):
    edit(
        example / "contacts_2021.csv",
        "区财政局,czj@example.org,刘某\n",
        "区财政局,czj@example.org;czj@example.org,刘某\n",
    )
    result = CliRunner().invoke(main, ["ics", str(example / "notice_2021.csv"), "--out", str(example / "x")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    said = "contacts_2021.csv, 第 5 行, 列“邮箱”: 单位“区财政局”的邮箱 czj@example.org 在这一格里写了两次"
    assert said in result.output
    assert not (example / "x").exists()


# -- mailing


def send(table: Path, server) -> object:
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    result = CliRunner().invoke(main, ["send", str(table), *options], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    return result


def _calendar(message) -> bytes:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return part.get_payload(decode=True)


def _two_people(example: Path) -> None:
    edit(
        example / "contacts_2021.csv",
        "区财政局,czj@example.org,刘某\n",
        "区财政局,czj@example.org,刘某\n区财政局,czj2@example.org,陈某\n",
    )


def test_each_address_gets_the_units_invite_once_and_a_rerun_sends_nothing(example, servers):
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    result = send(table, server)
    assert "已发送 30，此前已发送 0" in result.output
    mails = server.recorder.parsed()
    assert len(server.recorder.messages) == 30 and len(server.recorder.message_ids()) == 30
    theirs = [
        (rcpt, m) for (_, rcpt, _), m in zip(server.recorder.messages, mails, strict=True) if "区财政局" in m["Subject"]
    ]
    assert sorted(r for r, _ in theirs) == [["czj2@example.org"], ["czj@example.org"]]
    for (rcpt,), message in theirs:
        ics = _calendar(message)
        assert ics.count(b"ATTENDEE") == 1 and f"mailto:{rcpt}".encode() in ics  # each its own attendee
        assert b"UID:" in ics and message["Subject"] == "邀请：基层政务公开标准对接：区财政局"
    uids = {_calendar(m).split(b"UID:")[1].split(b"\r\n")[0] for _, m in theirs}
    assert len(uids) == 1  # one meeting in both calendars
    copy = (example / "invites" / "区财政局" / "czj2@example.org.ics").read_bytes()
    assert b"mailto:czj2@example.org" in copy
    again = send(table, server)
    assert "已发送 0，此前已发送 30" in again.output and len(server.recorder.messages) == 30


def test_one_address_per_unit_writes_the_same_files_as_before(example, tmp_path):
    """The second address adds its own file and changes none of the others (nor the first one's)."""
    table = example / "notice_2021.csv"
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    assert CliRunner().invoke(main, ["ics", str(table), "--out", str(tmp_path / "one")], env=env).exit_code == 0
    _two_people(example)
    assert CliRunner().invoke(main, ["ics", str(table), "--out", str(tmp_path / "two")], env=env).exit_code == 0
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    extra = Path("区财政局") / "czj2@example.org.ics"
    assert set(two) - set(one) == {extra}
    changed = {name for name in one if one[name] != two[name]}
    assert changed == {Path("state.json"), Path("office.ics")}  # the office's calendar names both people
    assert "czj2@example.org" in two[Path("office.ics")].decode()


def test_an_address_added_later_gets_only_its_invitation_and_one_removed_a_cancellation(example, servers):
    server = servers(tls=None)
    table = example / "notice_2021.csv"
    send(table, server)
    assert len(server.recorder.messages) == 29
    _two_people(example)
    added = send(table, server)
    assert "已发送 1，此前已发送 29" in added.output
    (mail,) = server.recorder.parsed()[29:]
    assert mail["To"].endswith("<czj2@example.org>") and mail["Subject"] == "邀请：基层政务公开标准对接：区财政局"
    # the time changes: an update to each of the unit's addresses, once
    edit(table, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")
    edit(table, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    moved = send(table, server)
    assert "已发送 3，此前已发送 27" in moved.output
    updates = sorted(m["To"] for m in server.recorder.parsed()[30:] if "区财政局" in m["Subject"])
    assert [t.rsplit("<", 1)[1] for t in updates] == ["czj2@example.org>", "czj@example.org>"]
    # the second person taken off the contacts: a cancellation to that address only
    edit(example / "contacts_2021.csv", SECOND, "")
    removed = send(table, server)
    assert "已发送 1，此前已发送 29" in removed.output
    (cancel,) = server.recorder.parsed()[33:]
    assert cancel["To"].endswith("<czj2@example.org>") and cancel["Subject"].startswith("您已不在参会名单中")
    ics = _calendar(cancel)  # only this person uninvited: the unit's meeting goes on (QA qamail18 F2)
    assert b"METHOD:CANCEL" in ics and b"mailto:czj2@example.org" in ics and b"STATUS:CANCELLED" not in ics
    assert "已发送 0" in send(table, server).output and len(server.recorder.messages) == 34
    journal = [e for e in lines(example / "mail-journal.jsonl") if e.state == SENT and e.unit == "区财政局"]
    assert len(journal) == 5 and len({(e.uid, e.sequence) for e in journal}) == 5  # per address, per version


def test_the_unit_leaving_the_table_cancels_every_address(example, servers):
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    send(table, server)
    edit(table, "4,9 月 8 日 11:00,区财政局,,部门,\n", "")
    result = CliRunner().invoke(
        main,
        ["send", str(table), "--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0, result.output
    cancels = server.recorder.parsed()[30:]
    assert sorted(m["To"].rsplit("<", 1)[1] for m in cancels) == ["czj2@example.org>", "czj@example.org>"]
    assert all(m["Subject"].startswith("已取消") for m in cancels)


def test_a_folder_mailed_by_the_release_before_sends_nothing_after_the_upgrade(tmp_path, servers):
    """tests/data/units_2021_sent.tar.gz: the 2021 notice with its contacts, its invites folder and the
    mail journal as `send` wrote them before this change (the code of /work/main at 5c627629, one address
    per unit, 29 mailed over a plain local server, SOURCE_DATE_EPOCH=1630915200)."""
    with tarfile.open(DATA / "units_2021_sent.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    folder = tmp_path / "upgrade"
    before = {p: p.read_bytes() for p in (folder / "invites").rglob("*") if p.is_file()}
    server = servers(tls=None)
    result = send(folder / "notice_2021.csv", server)
    assert "已发送 0，此前已发送 29" in result.output and server.recorder.messages == []
    after = {p: p.read_bytes() for p in (folder / "invites").rglob("*") if p.is_file()}
    state = folder / "invites" / "state.json"
    assert {p: d for p, d in after.items() if p != state} == {p: d for p, d in before.items() if p != state}
    assert _unchanged(before[state]) == _unchanged(after[state])  # each invite now says "unchanged", as ever
    # and the first second address added there gets its invitation, nothing else
    edit(
        folder / "contacts_2021.csv",
        "区财政局,czj@example.org,刘某\n",
        "区财政局,czj@example.org、czj2@example.org,刘某、陈某\n",
    )
    again = send(folder / "notice_2021.csv", server)
    assert "已发送 1，此前已发送 29" in again.output
    assert [r for _, r, _ in server.recorder.messages] == [["czj2@example.org"]]
    assert len(read_invites(folder / "invites")) == 30


def _unchanged(state: bytes) -> dict:
    data = json.loads(state)
    for invite in data["invites"]:
        invite["change"] = "unchanged"
    return data


def test_a_lost_state_is_rebuilt_with_the_copies_and_nothing_is_sent_twice(example, servers):
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    send(table, server)
    edit(table, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")
    edit(table, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    send(table, server)
    assert len(server.recorder.messages) == 33
    files = {p: p.read_bytes() for p in (example / "invites").rglob("*.ics")}
    (example / "invites" / "state.json").unlink()
    result = send(table, server)
    assert "已根据邀请文件和发送日志重建" in result.output
    assert "已发送 0，此前已发送 30" in result.output and len(server.recorder.messages) == 33
    assert {p: p.read_bytes() for p in (example / "invites").rglob("*.ics")} == files
    # and a copy whose file is gone too: the journal's SEQUENCE is the floor, never gone back to
    (example / "invites" / "state.json").unlink()
    (example / "invites" / "区财政局" / "czj2@example.org.ics").unlink()
    again = send(table, server)
    assert again.exit_code == 0, again.output
    (mail,) = server.recorder.parsed()[33:]
    assert mail["To"].endswith("<czj2@example.org>") and mail["Message-ID"].endswith(".2@example.org>")


def test_the_first_address_taken_off_is_sent_a_cancellation_and_the_next_one_the_units_invite(example, servers):
    """The first address is the unit's own invite: taken off while the unit keeps another, that person gets
    a cancellation (a copy's, numbered above the invite they had), and the second address, now the unit's
    own, the unit's invite numbered above the copy it had, as an invitation; nobody else is mailed."""
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    send(table, server)
    edit(table, "4,9 月 8 日 11:00,区财政局", "4,9 月 9 日 8:00,区财政局")  # both at SEQUENCE 1 now
    edit(table, "9,9 月 9 日 8:00,区司法局", "9,9 月 8 日 11:00,区司法局")
    send(table, server)
    assert len(server.recorder.messages) == 33
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "")
    result = send(table, server)
    assert "已发送 2，此前已发送 28" in result.output, result.output
    assert "取消通知寄给：区财政局 <czj@example.org>" in result.output
    mails = {m["To"].rsplit("<", 1)[1].rstrip(">"): m for m in server.recorder.parsed()[33:]}
    assert set(mails) == {"czj@example.org", "czj2@example.org"}
    cancel, invite = mails["czj@example.org"], mails["czj2@example.org"]
    assert cancel["Subject"].startswith("您已不在参会名单中") and b"METHOD:CANCEL" in _calendar(cancel)
    assert b"SEQUENCE:2" in _calendar(cancel)
    assert invite["Subject"] == "邀请：基层政务公开标准对接：区财政局" and b"SEQUENCE:2" in _calendar(invite)
    assert b"mailto:czj2@example.org" in (example / "invites" / "区财政局.ics").read_bytes()
    assert "已发送 0" in send(table, server).output and len(server.recorder.messages) == 35


def test_after_the_first_address_is_taken_off_the_state_is_not_said_behind(example, servers):
    """QA jobs17 F3: once the first address was taken off, every later send said state.json was behind
    and rebuilt it: the journal's copy to the address that became the unit's own had no record of its
    own. That address's record is the unit's own invite now; nothing is rebuilt, nothing mailed."""
    server = servers(tls=None)
    _two_people(example)
    table = example / "notice_2021.csv"
    send(table, server)
    edit(example / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "")
    assert "已发送 2" in send(table, server).output
    mailed = len(server.recorder.messages)
    for _ in range(2):
        again = send(table, server)
        assert "已发送 0" in again.output, again.output
        assert "落后" not in again.output, again.output
    assert len(server.recorder.messages) == mailed


def test_the_web_apps_feeds_list_a_unit_once(tmp_path):
    """Seen trying the web app with two addresses for a unit: its feed was listed twice."""
    from tests.test_web_app import client_for, post, version
    from tests.web_helpers import make_project

    make_project(tmp_path / "project")
    folder = tmp_path / "project"
    edit(folder / "contacts_2021.csv", "区财政局,czj@example.org,刘某\n", "区财政局,czj@example.org,刘某\n" + SECOND)
    _, client, guard = client_for(folder)
    answer = post(client, guard, "/api/feeds/publish", {"version": version(client)})
    assert answer.status_code == 200
    rows = answer.get_json()["feeds"]
    assert len(rows) == 29 and [row["unit"] for row in rows].count("区财政局") == 1


def test_the_times_invited_are_the_units_whichever_address(example):
    """The two-copies check reads the times the invites were mailed for, by unit: a unit's further address
    counted as a meeting named after its summary (found reading the code that tells copies apart)."""
    from scheduler.invites.invited import invited_times

    _two_people(example)
    table = example / "notice_2021.csv"
    assert CliRunner().invoke(main, ["ics", str(table), "--out", str(example / "invites")]).exit_code == 0
    times = invited_times(table)
    assert set(times) == {line.split(",")[2] for line in table.read_text(encoding="utf-8").splitlines()[1:]}
    assert len(times["区财政局"]) == 1


def test_a_copy_in_doubt_is_named_with_its_address(example, servers):
    """Review17 finding 4: a further address's message in doubt (the server may have it) was named by the
    unit alone in the in-doubt and re-sent lines, so the office could not tell which person might get it
    twice; now as the failure line names it: ``区财政局 <czj2@example.org>``. The mail itself: re-sent
    once, to that address only."""
    from tests.smtp_helpers import ACCEPT_THEN_DROP

    state = {"on": True}

    def fault(stage, recorder, envelope):
        if state["on"] and stage == "DATA" and envelope.rcpt_tos[0] == "czj2@example.org":
            return ACCEPT_THEN_DROP
        return None

    server = servers(tls=None, fault=fault)
    _two_people(example)
    table = example / "notice_2021.csv"
    options = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    first = CliRunner().invoke(main, ["send", str(table), *options], env={"SOURCE_DATE_EPOCH": EPOCH})
    doubt = next(line for line in first.output.splitlines() if "无法确认是否送达" in line)
    assert doubt.endswith("：区财政局 <czj2@example.org>；下次运行会重发并注明"), first.output
    state["on"] = False
    before = len(server.recorder.messages)
    second = send(table, server)
    resent = next(line for line in second.output.splitlines() if "重发的" in line)
    assert resent.endswith("：区财政局 <czj2@example.org>"), second.output
    assert [m["To"] for m in server.recorder.parsed()[before:]] == ["区财政局 <czj2@example.org>"]


def test_the_person_is_named_in_the_letter_and_the_office_s_calendar_not_in_the_invite(example, tmp_path):
    """docs/invites.md, "A unit sending several people", as written (QA qadocs18 F11: the page said the
    copy's description named its person; no description names a contact)."""
    _two_people(example)
    table = example / "notice_2021.csv"
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    assert CliRunner().invoke(main, ["ics", str(table), "--out", str(tmp_path / "inv")], env=env).exit_code == 0
    page = (Path(__file__).resolve().parent.parent / "docs" / "invites.md").read_text(encoding="utf-8")
    assert "`CN=区财政局`" in page and "`区财政局 陈某：`" in page and "`联系人：刘某、陈某`" in page
    for ics in ("区财政局.ics", "区财政局/czj2@example.org.ics"):
        unfolded = (tmp_path / "inv" / ics).read_bytes().decode().replace("\r\n ", "")
        attendee = next(line for line in unfolded.splitlines() if line.startswith("ATTENDEE"))
        assert "CN=区财政局" in attendee and "陈某" not in unfolded and "刘某" not in unfolded
    office = (tmp_path / "inv" / "office.ics").read_bytes().decode().replace("\r\n ", "")
    assert "联系人：刘某、陈某" in office
    dry = tmp_path / "dry"
    result = CliRunner().invoke(main, ["send", str(table), "--dry-run", str(dry)], env=env)
    assert result.exit_code == 0, result.output
    letter = email.message_from_bytes((dry / "区财政局" / "czj2@example.org.eml").read_bytes(), policy=policy.default)
    assert "区财政局 陈某：" in letter.get_body(("plain",)).get_content()


def test_the_writing_reserve_counts_each_further_address(tmp_path, monkeypatch):
    """QA qashapes20 F3: 5,000 units with three addresses each wrote 15,008 files (5,008 with one) and took
    ~25 s to write where the reserve and the late line counted the items of one address a unit. Each
    further address is an invite more in what ``solve --out`` keeps back and adds up."""
    import scheduler.cli.solving as solving
    from scheduler.invites.calendar import FURTHER_ADDRESS_ITEMS
    from tests.conftest import NOTICE_FILES, copy_examples

    said: list[int] = []
    late = solving.say_if_late

    def counting(*args, **how):
        said.append(how["invites"])
        return late(*args, **how)

    monkeypatch.setattr(solving, "say_if_late", counting)
    counts = []
    for extra in ("", SECOND + "区发改委,fgw2@example.org,\n区教育局,jyj2@example.org,\n"):
        folder = copy_examples(tmp_path / f"in{len(counts)}", NOTICE_FILES)
        contacts = folder / "contacts_2021.csv"
        contacts.write_text(contacts.read_text(encoding="utf-8-sig") + extra, encoding="utf-8")
        counts.append(read_contacts(contacts).further())
        out = tmp_path / f"out{len(counts)}"
        result = CliRunner().invoke(main, ["solve", str(folder / "notice_2021.csv"), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert counts == [0, 3]
    assert said[1] == said[0] + 3 * FURTHER_ADDRESS_ITEMS and said[0] > 0
