"""A meeting campaign's lost or damaged state.json is rebuilt from its copies (``<meeting>/<person>.ics``)
and the mail journal, as a unit campaign's is: unchanged copies stay byte-identical, cancellations are
kept, and no SEQUENCE ever goes below what the files or the journal show (QA calendar report, H1)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scheduler.invites.folder import read_invites
from tests.test_meeting_invites import TIMES
from tests.test_meetings_mail import campaign as campaign
from tests.test_meetings_mail import run, write_table

MOVED = {**TIMES, "检查方案碰头会": ("2025-07-16 15:00", "大会议室")}
LATER = 1752200000  # a later SOURCE_DATE_EPOCH than the first export's


def ics_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.ics"))}


def sequences(folder: Path) -> dict[str, int]:
    found = {}
    for path in folder.rglob("*/*.ics"):
        (number,) = re.findall(rb"\r\nSEQUENCE:(\d+)\r\n", path.read_bytes())
        found[str(path.relative_to(folder))] = int(number)
    return found


def ics(table: Path, out: Path, *more: str):
    from datetime import UTC, datetime

    return run("ics", table, "--out", out, *more, when=datetime.fromtimestamp(LATER, UTC))


def test_a_lost_or_damaged_meeting_state_is_rebuilt_and_nothing_changes(campaign):
    out = campaign.parent / "invites"
    assert ics(campaign, out).exit_code == 0
    write_table(campaign, MOVED, drop=("答疑会",))  # a meeting moved (SEQUENCE 1), one called off (CANCEL)
    second = ics(campaign, out, "--allow-cancel")
    assert second.exit_code == 0, second.output
    before, state = ics_bytes(out), sequences(out)
    assert 1 in state.values() and any(name.startswith("答疑会/") for name in before)
    for damage in ("missing", "damaged"):
        if damage == "missing":
            (out / "state.json").unlink()
        else:
            (out / "state.json").write_text('{"format": 1, "campaign"', encoding="utf-8")
        again = ics(campaign, out)
        assert again.exit_code == 0, again.output
        said = "不存在" if damage == "missing" else "已损坏"
        assert f"{said}：已根据邀请文件和发送日志重建" in again.output
        assert "新建 0，更新 0，取消 0" in again.output and ics_bytes(out) == before
        cancelled = [i for i in read_invites(out) if i.cancelled]
        assert {i.unit for i in cancelled} == {"李科长", "柏庄镇政府", "赵科员"}  # 答疑会's copies, still known
    write_table(campaign, TIMES, drop=("答疑会",))  # moved back: an update above what the files hold
    (out / "state.json").unlink()
    back = ics(campaign, out)
    assert back.exit_code == 0 and "更新" in back.output
    assert {n: s for n, s in sequences(out).items() if n.startswith("检查方案碰头会/")} == {
        n: 2 for n in state if n.startswith("检查方案碰头会/")
    }


def test_a_rebuilt_meeting_state_never_falls_below_what_was_mailed(campaign):
    """The invites folder restored from an old copy (SEQUENCE 0 on disk), the journal says 1 went out:
    ``send`` mails the moved meeting at 2 instead of refusing the whole campaign."""
    from scheduler.mail.flow import SendRequest, send_invites
    from scheduler.mail.server import PLAIN, Server
    from tests.safety_helpers import Accepting

    request = SendRequest(campaign, server=Server("127.0.0.1", 9, PLAIN))
    assert send_invites(request, transport=Accepting()).ok
    folder = campaign.parent / "invites"
    old = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    write_table(campaign, MOVED)
    accepting = Accepting()
    assert send_invites(request, transport=accepting).ok and {m.sequence for m in accepting.mails} == {1}
    for path, data in old.items():  # the old copy comes back, and its state is lost
        path.write_bytes(data)
    (folder / "state.json").unlink()
    write_table(campaign, TIMES)
    accepting = Accepting()
    report = send_invites(request, transport=accepting)
    assert report.ok and report.plan.rebuilt is not None
    moved = sorted((m.unit, m.sequence) for m in accepting.mails)
    assert moved == [("周工程师", 2), ("李科长", 2), ("王主任", 2)]


def test_the_damaged_state_message_does_not_advise_deleting_it():
    from scheduler.text.messages import Message, render

    for lang in ("zh", "en"):
        text = render(Message("input.bad_state"), lang)
        assert "SEQUENCE 0" not in text and ("ics" in text)


def test_a_mailed_copy_whose_file_and_state_are_gone_stops_the_export_naming_the_person(campaign):
    from scheduler.mail.flow import SendRequest, send_invites
    from scheduler.mail.server import PLAIN, Server
    from tests.safety_helpers import Accepting

    assert send_invites(SendRequest(campaign, server=Server("127.0.0.1", 9, PLAIN)), transport=Accepting()).ok
    folder = campaign.parent / "invites"
    (folder / "state.json").unlink()
    (folder / "答疑会" / "赵科员.ics").unlink()
    before = ics_bytes(folder)
    result = ics(campaign, folder)
    assert result.exit_code == 2 and "赵科员" in result.output and "state.json" in result.output
    assert len(result.output.strip().splitlines()) == 1 and ics_bytes(folder) == before


def test_an_invisible_character_in_a_uid_is_damage_not_a_cancellation(campaign):
    """qafuzz17 #6: a ZERO WIDTH JOINER in one UID of state.json (valid JSON, so not damaged) made the next
    run cancel that UID, never sent, by mail ("已取消：区发改委") and invite its participant anew."""
    out = campaign.parent / "invites"
    assert ics(campaign, out).exit_code == 0
    before = ics_bytes(out)
    state = json.loads((out / "state.json").read_text(encoding="utf-8"))
    uid = state["items"][0]["uid"]
    state["items"][0]["uid"] = uid[:19] + "\u200d" + uid[19:]
    (out / "state.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    again = ics(campaign, out)
    assert again.exit_code == 0, again.output
    assert "已损坏：已根据邀请文件和发送日志重建" in again.output
    assert "新建 0，更新 0，取消 0" in again.output and ics_bytes(out) == before


def test_a_copy_raised_alone_is_rebuilt_as_its_own(campaign):
    """QA qaics19 F1: a copy above its meeting's SEQUENCE (周工程师's address cleared: his copies alone
    at SEQUENCE 1) is rebuilt as a copy of its own, so a lost state.json re-mails nobody; the meeting
    itself keeps the SEQUENCE its other copies hold."""
    out = campaign.parent / "invites"
    assert ics(campaign, out).exit_code == 0
    people = campaign.parent / "people_2025.csv"
    people.write_text(re.sub(r"(?m)^(周工程师,[^,]*,)[^,]*,", r"\1,", people.read_text(encoding="utf-8-sig")))
    second = ics(campaign, out)
    assert second.exit_code == 0, second.output
    found = sequences(out)
    assert found["季度检查培训/周工程师.ics"] == 1 and found["季度检查培训/孙科员.ics"] == 0
    before = ics_bytes(out)
    (out / "state.json").unlink()
    again = ics(campaign, out)
    assert again.exit_code == 0, again.output
    assert "新建 0，更新 0，取消 0" in again.output and ics_bytes(out) == before
