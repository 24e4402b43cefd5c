"""The page in step with what the commands gained (in a real browser, Debian's Chromium through
Playwright): ``send``'s warnings shown in the preview, several addresses per unit in the lists, the
meeting tables' preferred times and per-person terms on the meeting page."""

from __future__ import annotations

import json

import pytest

from tests.web_helpers import make_project, opened_page, serve

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect


@pytest.fixture
def page(browser, app):
    with opened_page(browser, app.url + "#publish", (1280, 720), ready="attached") as opened:
        yield opened


def preview(page, server) -> None:
    form = page.locator("#send-form")
    form.locator('input[name="host"]').fill(server.host)
    form.locator('input[name="port"]').fill(str(server.port))
    form.locator('select[name="security"]').select_option("plain")
    page.evaluate("document.querySelector('#mail-preview').innerHTML = ''")  # this preview's, not the last
    page.locator("#preview").click()
    page.wait_for_selector("#mail-preview h3", timeout=30000)


def test_the_preview_says_before_the_mails_which_updates_keep_their_time_room_and_address(page, app, servers):
    """``send`` warns before mailing updates whose time, room and address did not change (what an upgrade
    writing invites differently makes of every invite); the page's preview did not."""
    with page.expect_download():
        page.locator('#invites-form button[type="submit"]').click()
    path = app.folder / "invites" / "state.json"
    state = json.loads(path.read_text(encoding="utf-8"))  # as an earlier build wrote 区财政局's invite
    uid = next(i["uid"] for i in state["invites"] if i["unit"] == "区财政局")
    next(item for item in state["items"] if item["uid"] == uid)["fingerprint"] = "0" * 64
    path.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    preview(page, servers(tls=None))
    line = page.locator("#preview-unexplained")
    expect(line).to_contain_text("注意：1 份邀请将作为更新发出，时间、地点和邮箱却都没变：区财政局。")
    assert "--dry-run" not in line.inner_text()  # the preview is that dry run
    expect(page.locator("#status")).to_contain_text("时间、地点和邮箱却都没变")


def test_each_copy_of_a_unit_with_several_addresses_is_named_with_its_address(page, app, servers):
    """A unit with two addresses gets two messages: the preview's lists and the journal named the copy by
    the unit alone, two rows alike (docs/invites.md "A unit sending several people")."""
    contacts = app.folder / "contacts_2021.csv"
    contacts.write_text(contacts.read_text(encoding="utf-8") + "区财政局,czj2@example.org,赵某\n", encoding="utf-8")
    server = servers(tls=None)
    preview(page, server)
    summaries = page.locator("details.mail summary").all_inner_texts()
    assert any(s.startswith("区财政局 · 区财政局 <czj@example.org> · ") for s in summaries)
    assert any(s.startswith("区财政局 · 区财政局 <czj2@example.org> · ") for s in summaries)  # by its To
    page.locator("#send").click()
    page.wait_for_selector("#send-result li")
    rows = page.locator("#journal tbody tr").all_inner_texts()
    assert [r.split("\t")[1:3] for r in rows if "区财政局" in r] == [  # its To column names each
        ["区财政局", "czj2@example.org"],
        ["区财政局", "czj@example.org"],
    ]
    preview(page, server)  # nothing left to send: each copy skipped, by its address
    skipped = "、区财政局 (已发送过)、区财政局 <czj2@example.org> (已发送过)、"
    expect(page.locator("#mail-preview .hint")).to_contain_text(skipped)


DEFENCES = """title = "答辩"
days = ["2027-05-19", "2027-05-20"]
hours = ["8:30-11:30", "14:00-17:00"]
grid_minutes = 30
rooms = [{ name = "A101" }]

[objective.idle]
weight = 1
"""


@pytest.fixture
def defences(browser, tmp_path):
    """A meeting table with 时段偏好: 甲 in its morning, 乙 in the afternoon against its wish, 丙 without
    one; the objective weighs the waiting (a per-person term)."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "t.toml").write_text(DEFENCES, encoding="utf-8")
    rows = [
        "会议,时长,参会人员,时段偏好,时间,会议室",
        "甲,90,张,上午,2027-05-19 08:30,A101",
        "乙,90,张,上午,2027-05-19 14:00,A101",
        "丙,90,李,,2027-05-20 08:30,A101",
    ]
    (source / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    make_project(tmp_path / "project", source / "t.csv")
    served = serve(tmp_path / "project")
    try:
        with opened_page(browser, served.url, (1400, 1200), drawn=".mblock") as page:
            yield page
    finally:
        served.stop()


def test_the_meeting_page_says_each_meetings_preferred_time_and_whether_it_is_met(defences):
    page = defences
    met, unmet = page.locator('.mblock[data-title="甲"]'), page.locator('.mblock[data-title="乙"]')
    assert met.get_attribute("aria-label").endswith("时段偏好：上午（满足）")
    assert unmet.get_attribute("aria-label").endswith("时段偏好：上午（未满足）")
    assert "时段偏好" not in page.locator('.mblock[data-title="丙"]').get_attribute("aria-label")
    assert "unwished" in unmet.get_attribute("class") and "unwished" not in met.get_attribute("class")
    unmet.click()
    expect(page.locator("#move-wish")).to_have_text("时段偏好：上午（未满足）")
    page.locator("#move-slot").select_option("2027-05-20T08:30")  # 丙's time: the morning, 丙 then clashes
    page.locator("#move-go").click()
    expect(page.locator("#move-wish")).to_have_text("时段偏好：上午（满足）")


def test_the_move_panel_offers_only_starts_where_the_meeting_fits_its_period(defences):
    """QA qawebmeet19 F4: a 90-minute meeting was offered 11:00 (ending 12:30, past the morning's 11:30)
    and 16:30; chosen, it was saved with a working-hours violation. Its own time stays listed."""
    defences.locator('.mblock[data-title="甲"]').click()
    offered = defences.locator("#move-slot option").evaluate_all("(options) => options.map((o) => o.value)")
    day = [v[11:] for v in offered if v.startswith("2027-05-19")]
    assert day == ["08:30", "09:00", "09:30", "10:00", "14:00", "14:30", "15:00", "15:30"], offered
    assert offered[0] == "" and defences.locator("#move-slot").input_value() == "2027-05-19T08:30"


def test_the_meeting_pages_score_says_the_per_person_terms_the_objective_weighs(defences):
    score = defences.locator("#score")
    expect(score).to_contain_text("按人计：等待共")
    assert score.inner_text().index("按人计") < score.inner_text().index("时段偏好：满足 1/2")


def test_the_meeting_pages_score_lines_are_lines(defences):
    """QA qadocs18 F5: the score lines ran together as one paragraph (``软 717 时段偏好：满足 7/12 会议…``).
    QA qawebmeet19 F2: the indented lines (each preferred time missed, the people behind a per-person
    term: 20 lines and more) filled the toolbar above the grid; they are folded under the line they
    detail, and opened are the lines ``validate`` prints."""
    said = defences.evaluate("fetch('/api/project').then((r) => r.json()).then((p) => p.score)")
    heads = [line for line in said if not line.startswith(" ")]
    assert defences.locator("#score").inner_text().splitlines() == heads and len(heads) < len(said), said
    for fold in defences.locator("#score summary").all():
        fold.click()
    shown = defences.locator("#score").inner_text().splitlines()
    assert shown == said and len(shown) >= 3, (shown, said)


def test_a_fresh_meeting_table_says_its_meetings_wait_for_a_solve(browser, tmp_path):
    """QA qawebmeet19 F8: a table without times (as an office writes it before solving) greeted the clerk
    with "4000 处违反规则", two lines per meeting, each chip "违反 2 条规则" for the one rule it breaks."""
    source = tmp_path / "source"
    source.mkdir()
    two_rooms = DEFENCES.replace('rooms = [{ name = "A101" }]', 'rooms = [{ name = "A101" }, { name = "A102" }]')
    (source / "t.toml").write_text(two_rooms, encoding="utf-8")  # (with one room, none is missing)
    rows = ["会议,时长,参会人员", "甲,90,张", "乙,90,张", "丙,90,李"]
    (source / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    make_project(tmp_path / "project", source / "t.csv")
    served = serve(tmp_path / "project")
    try:
        with opened_page(browser, served.url, (1400, 1200), drawn=".mchip") as page:
            expect(page.locator("#check-badge")).to_have_text("3 个会议尚未安排")
            assert page.locator("#violations li").all_inner_texts() == ["3 个会议尚未安排：按“求解”排出时间表"]
            said = page.evaluate("fetch('/api/project').then((r) => r.json()).then((p) => p.violations.length)")
            assert said == 6  # no time, no room: two lines of one rule each
            titles = page.locator(".mchip").evaluate_all("(chips) => chips.map((c) => c.title)")
            assert len(titles) == 3 and all(t.endswith("违反 1 条规则") for t in titles), titles
    finally:
        served.stop()
