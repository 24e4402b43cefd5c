"""When the answers were last read, and whether that reading broke off (QA qaimap26 F3): the ledger keeps a
note of each run, ``replies --out`` writes nothing after a reading that broke off (all or none) and the
答复情况 sheet says when its answers were read, and the web page's 答复 panel says both, and learns of
answers read while it is open (``GET /api/answers-key``)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from scheduler.cli.loading import load_table
from scheduler.invites.folder import read_invites
from scheduler.replies.ledger import read_ledger
from scheduler.web.notices import answers_data
from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.imap_proxy import ImapProxy
from tests.replies_helpers import EPOCH, answer, campaign, maildir, mark_sent, run
from tests.test_web_app import client_for
from tests.web_helpers import make_project


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    if shutil.which(DOVECOT) is None:
        pytest.skip("dovecot-imapd is not installed")
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"))
    yield server
    server.stop()


def replies(port, table, folder, *args):
    options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(port), "--insecure-plain"]
    env = {"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None}
    return run("replies", str(table), *options, "--folder", folder, *args, env=env)


def cut_in_the_body(pieces, command):
    """The connection closed while the whole messages are being sent (after the headers were)."""
    if b"BODY.PEEK[]" in command and pieces[0][0].startswith(b"* "):
        raise OSError("cut")
    return b"".join(line + literal for line, literal in pieces)


def test_a_reading_that_broke_off_writes_no_files_and_is_said_on_the_page(dovecot, example, tmp_path):
    table, invites = example / "notice_2021.csv", campaign(example)
    folder, out = "答复-last-read", tmp_path / "out"
    dovecot.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder=folder)
    first = replies(dovecot.imap_port, table, folder, "--out", str(out))
    assert first.exit_code == 0, first.output
    written = {path.name: path.read_bytes() for path in out.iterdir()}
    dovecot.deliver(
        *(shapes.outlook(answer(invites[u], partstat="DECLINED")) for u in ("区民政局", "区司法局")), folder=folder
    )
    proxy = ImapProxy(dovecot.imap_port, server=cut_in_the_body)
    try:
        broken = replies(proxy.port, table, folder, "--out", str(out))
    finally:
        proxy.close()
    assert broken.exit_code == 1, broken.output
    assert f"读取中断，未写入 {out} 中的文件（其中的答复会不全）" in broken.output, broken.output
    assert "已写入" not in broken.output
    assert {path.name: path.read_bytes() for path in out.iterdir()} == written  # all or none
    note = read_ledger(example / "replies-ledger.jsonl").last_reading
    assert note is not None and note.stopped is not None and note.stopped.key == "replies.imap_dropped"
    data = answers_data(example, load_table(str(table)))
    assert data["answers_read_failed"] is True
    (line,) = data["answers_read"]
    assert line.startswith("上次读取答复（") and "中断：与 IMAP 服务器 127.0.0.1:" in line, line
    assert "可能还有未读的答复：重新运行 replies 即可继续" in line and PASSWORD not in line
    again = replies(dovecot.imap_port, table, folder, "--out", str(out))  # through: read to the end, written
    assert again.exit_code == 0 and "已写入" in again.output, again.output
    data = answers_data(example, load_table(str(table)))
    assert data["answers_read_failed"] is False and data["answers_read"][0].startswith("答复读取于 ")


def test_a_first_reading_refused_leaves_no_ledger(dovecot, example):
    """A login refused before anything was read: no ledger (no all-未答复 答复 column in the outputs), as before."""
    table, _ = example / "notice_2021.csv", campaign(example)
    env = {"DOCKING_IMAP_PASSWORD": "wrong", "DOCKING_SMTP_PASSWORD": None}
    options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(dovecot.imap_port), "--insecure-plain"]
    result = run("replies", str(table), *options, env=env)
    assert result.exit_code == 1 and not (example / "replies-ledger.jsonl").exists(), result.output


def test_the_page_says_when_the_answers_were_read_and_learns_of_new_ones(tmp_path):
    folder = tmp_path / "project"
    make_project(folder)
    table = folder / "timetable.csv"
    assert run("ics", str(table), "--out", str(folder / "invites")).exit_code == 0
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    mark_sent(folder, invites, at=datetime.fromtimestamp(int(EPOCH), UTC))
    box = maildir(tmp_path / "Maildir", shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    _, client, _ = client_for(folder)
    shown = client.get("/api/project").get_json()
    (line,) = shown["answers_read"]
    assert line.startswith("答复读取于 ") and f"（{box}：检查 1 封邮件，新的答复邮件 1 封）" in line, line
    assert shown["answers_read_failed"] is False
    key = client.get("/api/answers-key").get_json()["key"]
    assert key == shown["answers_key"]
    maildir(box, shapes.outlook(answer(invites["区司法局"], partstat="DECLINED", comment="临时有会")))
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    assert client.get("/api/answers-key").get_json()["key"] != key  # the page fetches the project again
    fresh = client.get("/api/project").get_json()
    assert "拒绝：临时有会" in fresh["answers"]["区司法局"] and "新的答复邮件 1 封" in fresh["answers_read"][0]


def test_the_unit_page_says_when_read_counts_declines_first_and_brings_new_answers(browser, tmp_path):
    """In Chromium: the 答复 panel opens with when the answers were read and the counts ``replies`` prints
    (QA qaimap26 F6), lists the decline first and marks its chip; answers read while the page is open are
    shown without a reload, with the time (F3)."""
    pytest.importorskip("playwright.sync_api")
    from tests.web_helpers import serve

    folder = tmp_path / "project"
    make_project(folder)
    table = folder / "timetable.csv"
    assert run("ics", str(table), "--out", str(folder / "invites")).exit_code == 0
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    mark_sent(folder, invites, at=datetime.fromtimestamp(int(EPOCH), UTC))
    units = list(invites)
    last = units[-1]
    box = maildir(
        tmp_path / "Maildir",
        shapes.outlook(answer(invites[units[0]])),
        shapes.outlook(answer(invites[last], partstat="DECLINED", comment="有会")),
    )
    assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
    served = serve(folder)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script("window.answersEvery = 300")
        page.goto(served.url)
        page.wait_for_selector(".chip")
        said = page.locator("#answers-read").inner_text()
        assert said.startswith("答复读取于 ") and "接受 1，拒绝 1，暂定 0，提议新时间 0，未答复 " in said, said
        keys = page.locator("#answers > li").evaluate_all("(items) => items.map((i) => i.dataset.key)")
        assert keys[0] == last, keys  # the decline first, though last in the table
        assert "declined" in (page.locator(f'.chip[data-unit="{last}"]').get_attribute("class") or "")
        assert "declined" not in (page.locator(f'.chip[data-unit="{units[0]}"]').get_attribute("class") or "")
        maildir(box, shapes.outlook(answer(invites[units[1]], partstat="DECLINED", comment="临时有会")))
        assert run("replies", str(table), "--maildir", str(box)).exit_code == 0
        page.wait_for_function(
            "() => document.querySelector('#answers-read').innerText.includes('答复已更新')", timeout=20000
        )
        assert (
            page.locator(f'#answers li[data-key="{units[1]}"]').inner_text().startswith(f"{units[1]}：拒绝：临时有会")
        )
        assert "拒绝 2" in page.locator("#answers-read").inner_text()
        assert errors == []
    finally:
        context.close()
        served.stop()
