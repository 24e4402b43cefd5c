"""``send`` and now (docs/invites.md, "Meetings that have started"): no invitation, update or cancellation
is mailed for a meeting that has started (it is listed as past); a timetable whose meetings have all
started is refused in one line; ``--now`` and ``DOCKING_NOW`` fix the clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files.now import planning_now
from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.plan import PAST
from scheduler.mail.server import PLAIN, Server
from tests.invite_helpers import NOTICE

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
BEFORE = datetime.fromisoformat("2021-09-01T09:00:00+08:00")
MIDWAY = datetime.fromisoformat("2021-09-08T12:00:00+08:00")  # the morning of the first day is over


def _request(example: Path, server, now: datetime) -> SendRequest:
    return SendRequest(example / NOTICE.name, server=Server(server.host, server.port, PLAIN, timeout=10), now=now)


def _drop(table: Path, unit: str) -> None:
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(r for r in rows if unit not in r), encoding="utf-8")


def test_a_meeting_that_has_started_is_not_invited_to(example, servers):
    server = servers(tls=None)
    report = send_invites(_request(example, server, MIDWAY))
    past = report.plan.units(PAST)
    assert "区自然资源局" in past and "区发改委" in past  # 9月8日 8:00 and 10:00
    assert len(past) + len(report.sent) == 29 and past and report.sent
    assert "基层政务公开标准对接：区发改委（9月8日 10:00）" in [m.text("zh") for m in report.plan.past()]
    assert "基层政务公开标准对接：区发改委 (Sep 8 10:00)" in [m.text("en") for m in report.plan.past()]
    assert {m.key for m, _ in report.notices()} >= {"mail.summary.past"}
    assert len(server.recorder.messages) == len(report.sent)


def test_a_row_removed_after_its_meeting_was_held_is_not_cancelled(example, servers):
    server = servers(tls=None)
    first = send_invites(_request(example, server, BEFORE))
    assert len(first.sent) == 29
    _drop(example / NOTICE.name, "区财政局")  # held on 9月8日 11:00, then taken off the table
    later = send_invites(_request(example, server, MIDWAY))
    assert "区财政局" in later.plan.units(PAST)
    assert later.plan.cancellations == () and later.sent == ()
    assert len(server.recorder.messages) == 29  # no 已取消 mailed for a meeting that was held
    said = {m.key for m, _ in later.notices()}  # nothing to tell the unit: not a change to phone about
    assert "mail.summary.past" in said and "mail.summary.past_changed" not in said  # QA qareuse22 F3


SERVER = ["--smtp-host", "127.0.0.1", "--smtp-port", "9", "--insecure-plain"]  # never reached: refused first


def test_a_row_removed_after_the_round_is_no_update_left_unmailed(example, servers):
    """QA qareuse22 F3: once every meeting is over, a row taken off the table is held, not cancelled: the
    refusal does not count it as an update to tell the unit of another way."""
    server = servers(tls=None)
    assert len(send_invites(_request(example, server, BEFORE)).sent) == 29
    _drop(example / NOTICE.name, "区财政局")
    with pytest.raises(InputError) as refused:
        send_invites(_request(example, server, datetime.fromisoformat("2021-09-12T09:00:00+08:00")))
    assert refused.value.message.key == "send.all_past", refused.value.text()


def test_a_timetable_all_in_the_past_is_refused_in_one_line(example, tmp_path):
    table = example / NOTICE.name
    result = CliRunner().invoke(main, ["send", str(table), *SERVER, "--now", "2022-01-01T00:00+08:00"])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "2021年9月8日 8:00 至 2021年9月10日" in result.output and "2022年1月1日" in result.output
    assert "--now" in result.output
    assert not list(example.glob("*.jsonl")) and not (example / "invites").exists()


def test_a_dry_run_of_a_timetable_all_in_the_past_drafts_every_message_and_says_so(example, tmp_path):
    """The first hour's tutorial drafts the 2021 notice's messages years later: a dry run mails nothing, so
    it is not refused; its drafts are those a send before the first meeting would mail, and a line says
    that a real send is refused."""
    table = example / NOTICE.name
    result = CliRunner().invoke(
        main, ["send", str(table), "--dry-run", str(tmp_path / "eml"), "--now", "2022-01-01T00:00+08:00"]
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 29
    assert "2021年9月8日 8:00 至 2021年9月10日" in result.output and "真正发送时会拒绝" in result.output


def test_the_environment_variable_fixes_now_and_the_option_wins(monkeypatch, example, tmp_path):
    monkeypatch.setenv("DOCKING_NOW", "2022-01-01T00:00:00+08:00")
    table = example / NOTICE.name
    refused = CliRunner().invoke(main, ["send", str(table), *SERVER])
    assert refused.exit_code == 2 and "9月8日 8:00 至" in refused.output
    done = CliRunner().invoke(
        main, ["send", str(table), "--dry-run", str(tmp_path / "b"), "--now", "2021-09-01T00:00+08:00"]
    )
    assert done.exit_code == 0, done.output
    assert "真正发送时会拒绝" not in done.output
    assert len(list((tmp_path / "b").glob("*.eml"))) == 29


@pytest.mark.parametrize("value", ["2027-01-04 08:00", "明天", "2027-13-01T00:00+08:00"])
def test_a_now_without_its_offset_is_bad_input_naming_the_option(value: str) -> None:
    with pytest.raises(InputError) as caught:
        planning_now(value)
    assert caught.value.column == "--now" and value in caught.value.text("en")


@pytest.mark.parametrize(("now", "warned"), [("2022-01-01T00:00:00+08:00", True), ("2021-09-01T00:00:00+08:00", False)])
def test_ics_of_a_timetable_all_in_the_past_writes_the_invites_and_says_so_in_one_line(
    monkeypatch, example, tmp_path, now, warned
):
    """QA timecal14: ``ics`` of a timetable whose meetings have all started wrote them without a word, and
    ``send`` then refused: one line on stderr says so (the test ``send`` refuses by, invites.all_started)."""
    monkeypatch.setenv("DOCKING_NOW", now)
    result = CliRunner().invoke(main, ["ics", str(example / NOTICE.name), "--out", str(tmp_path / "inv")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "inv").glob("*.ics"))) == 30  # 29 units and the office's
    said = [line for line in result.stderr.splitlines() if "都已开始" in line]
    assert said == (["注意：这个日程的会议（2021年9月8日 8:00 至 2021年9月10日 17:00）在现在（2022年1月1日 0:00）之前"
                     "都已开始：邀请已写出，但 send 会拒绝发送（若是写错了年份，请改正时间表或规则中的 year）"]
                    if warned else [])  # fmt: skip


def test_ics_of_a_meeting_table_all_in_the_past_says_so_in_one_line(monkeypatch, tmp_path, meetings_example):
    monkeypatch.setenv("DOCKING_NOW", "2027-01-04T08:00:00+08:00")
    solved = CliRunner().invoke(main, ["solve", str(meetings_example / "meetings_2025.csv"), "--out", str(tmp_path)])
    assert solved.exit_code == 0, solved.output
    table = tmp_path / "timetable.csv"
    result = CliRunner().invoke(main, ["ics", str(table), "--out", str(tmp_path / "inv"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "has started by now" in line]
    assert len(said) == 1 and said[0].startswith("note: every meeting of this timetable (Jul 15 2025")
    assert "(Jan 4 2027 8:00)" in said[0]


def test_a_deadline_changed_after_every_meeting_started_is_said_plainly_not_nothing_to_mail(example, servers):
    """review14 F12: the hand-in deadline moved (9月13日 → 9月20日) once the meetings were over gives each department
    an update (SEQUENCE 1). Decided: send mails nothing about a meeting that has started, updates included;
    the refusal said "nothing to mail" though 29 updates were waiting. It says how many, and what to do."""
    server = servers(tls=None)
    assert len(send_invites(_request(example, server, BEFORE)).sent) == 29
    rules = example / "notice_2021.toml"
    moved = rules.read_text(encoding="utf-8").replace('when = "9月13日"', 'when = "9月20日"')
    rules.write_text(moved, encoding="utf-8")
    result = CliRunner().invoke(main, ["send", str(example / NOTICE.name), *SERVER, "--now", "2021-09-12T09:00+08:00"])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "没有可发送的邮件" not in result.output
    assert "19 封邀请的更新" in result.output  # the 19 部门 the deadline concerns
    assert "请用其他方式通知这些单位" in result.output
    assert len(server.recorder.messages) == 29


def test_a_deadline_changed_mid_campaign_names_the_started_units_whose_update_is_not_mailed(example, servers):
    """review14 F12, mid-campaign: the units met already were only listed among "started, not mailed"; the
    ones whose invite changed since it was mailed (the new deadline) are named on a line of their own."""
    server = servers(tls=None)
    assert len(send_invites(_request(example, server, BEFORE)).sent) == 29
    rules = example / "notice_2021.toml"
    moved = rules.read_text(encoding="utf-8").replace('when = "9月13日"', 'when = "9月20日"')
    rules.write_text(moved, encoding="utf-8")
    report = send_invites(_request(example, server, MIDWAY))
    lines = {m.key: m for m, _ in report.notices()}
    assert "mail.summary.past_changed" in lines
    told = lines["mail.summary.past_changed"].params["units"]
    assert "区发改委" in told and "区自然资源局" in told  # 部门 met on 9月8日 morning
    assert set(told) <= set(report.plan.units(PAST)) and report.sent  # the later ones get their update


def test_a_deadline_changed_after_the_invites_were_written_but_never_mailed_is_said_too(example):
    """review14 F12's repro: the invites written by ics (SEQUENCE 0), the deadline moved after the meetings
    (SEQUENCE 1), nothing ever mailed: still not "nothing to mail", the updates are counted."""
    table = example / NOTICE.name
    assert CliRunner().invoke(main, ["ics", str(table), "--out", str(example / "invites")]).exit_code == 0
    rules = example / "notice_2021.toml"
    moved = rules.read_text(encoding="utf-8").replace('when = "9月13日"', 'when = "9月20日"')
    rules.write_text(moved, encoding="utf-8")
    result = CliRunner().invoke(main, ["send", str(table), *SERVER, "--now", "2021-09-12T09:00+08:00"])
    assert result.exit_code == 2 and "19 封邀请的更新" in result.output, result.output
