"""The web page for keyboard, screen-reader, colour and large-font users (QA a11y17), in a real browser
(Debian's Chromium through Playwright): what the accessibility tree says, where the focus goes."""

from __future__ import annotations

import re

import pytest

from tests.web_helpers import make_project, opened_page, serve

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect


@pytest.fixture
def page(browser, app):
    with opened_page(browser, app.url, (1280, 720)) as opened:
        yield opened


def test_the_preview_of_a_campaign_all_past_says_the_sending_is_refused_and_how_to_mend_it(
    page, app, servers, monkeypatch
):
    """QA a11y17 #1: the preview said "将发送 29 封邮件" and enabled 发送, which was then refused naming
    the command's option --now, which the page lacks."""
    monkeypatch.setenv("DOCKING_NOW", "2026-12-05T09:00:00+08:00")
    server = servers(tls=None)
    page.goto(app.url + "#publish")
    form = page.locator("#send-form")
    form.locator('input[name="host"]').fill(server.host)
    form.locator('input[name="port"]').fill(str(server.port))
    form.locator('select[name="security"]').select_option("plain")
    page.locator("#preview").click()
    past = page.locator("#preview-past")
    expect(past).to_contain_text("发送会被拒绝")
    assert "--now" not in past.inner_text() and "DOCKING_NOW" in past.inner_text()
    expect(page.locator("#status")).to_contain_text("发送会被拒绝")
    assert page.locator("#send").is_disabled()
    page.evaluate("document.querySelector('#send').disabled = false")  # sent anyway (another tab, a script)
    page.locator("#send").click()
    expect(page.locator("#send-error")).to_contain_text("都已开始")
    assert "--now" not in page.locator("#send-error").inner_text()
    assert server.recorder.messages == []


def described(page, selector: str) -> list:
    """A field's aria-invalid and the text of what describes it (aria-describedby)."""
    return page.evaluate(
        """(selector) => {
        const el = document.querySelector(selector);
        const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        return [el.getAttribute("aria-invalid"), ids.map((id) => document.getElementById(id).textContent).join(" ")];
        }""",
        selector,
    )


def test_an_error_is_tied_to_its_field_and_said_once(page, app):
    """QA a11y17 #2: the field with the error stayed aria-invalid=false with no description (the red border
    the only mark), and the rules form filled two alerts with the same line."""
    page.goto(app.url + "#rules")
    page.locator('input[name="meeting_minutes"]').fill("六十")
    page.locator('input[name="meeting_minutes"]').press("Enter")
    expect(page.locator(".form-error")).not_to_be_empty()
    invalid, said = described(page, 'input[name="meeting_minutes"]')
    line = page.locator(".form-error").inner_text()
    assert invalid == "true" and said and line.endswith(said)
    alerts = page.locator('#rules-form [role="alert"]')
    assert [t for t in alerts.all_inner_texts() if t] == [line]  # one announcement, not two
    page.locator('input[name="meeting_minutes"]').fill("60")
    page.locator('input[name="meeting_minutes"]').press("Enter")
    expect(page.locator("#notice-text")).to_have_text("规则已保存")
    assert described(page, 'input[name="meeting_minutes"]') == [None, ""]
    page.goto(app.url + "#publish")
    page.locator('#send-form input[name="port"]').fill("abc")
    page.locator("#preview").click()
    expect(page.locator("#send-error")).to_contain_text("abc")
    assert described(page, '#send-form input[name="port"]') == ["true", page.locator("#send-error").inner_text()]
    assert page.evaluate("document.activeElement.name") == "port"


def test_solve_keeps_the_keyboard_focus_and_shows_its_progress_as_a_progress_bar(page):
    """QA a11y17 #3: 求解 was disabled under the focus, which fell to the page for the whole solve (and for
    good when the time limit was refused); the progress line was neither live nor a progress bar."""
    page.evaluate(
        """window.drops = [];
        document.addEventListener("focusout", (e) => setTimeout(() => {
            if (document.activeElement === document.body) drops.push(e.target.id);
        }, 0));"""
    )
    page.locator("#time-limit").fill("")
    page.locator("#solve").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#time-limit")).to_be_focused()  # the box to mend, marked and described
    assert described(page, "#time-limit") == ["true", page.locator("#notice-text").inner_text()]
    page.locator("#time-limit").fill("5")
    page.locator("#solve").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#solve-result > :first-child")).to_be_focused()
    assert described(page, "#time-limit") == [None, ""]
    bar = page.locator('#solve-progress [role="progressbar"]')
    assert bar.get_attribute("aria-valuetext") and bar.get_attribute("aria-label") == "求解"
    assert page.evaluate("drops") == []  # never on the page meanwhile (on 停止 while it ran)


def test_a_unit_breaking_a_rule_says_so_in_its_name_and_by_more_than_colour(page):
    """QA a11y17 #4: a red ring alone (the same ring, in black, meant "selected"), gone in forced colours,
    and nothing in the unit's name."""
    page.locator('.chip[data-unit="区财政局"]').drag_to(page.locator('td.cell[data-slot="2021-09-10T15:00"]'))
    bad = page.locator(".chip.bad").first
    expect(bad).to_have_accessible_description(re.compile(r"违反 1 条规则$"))
    assert bad.evaluate("el => getComputedStyle(el, '::after').content").startswith('"⚠"')  # to see, not read
    assert "违反" not in (page.locator(".chip:not(.bad)").first.get_attribute("title") or "")
    page.emulate_media(forced_colors="active")
    assert bad.evaluate("el => getComputedStyle(el).outlineStyle") == "dashed"


def test_a_violation_is_a_button_named_by_its_text_that_leads_to_its_unit(page):
    """QA a11y17 #5: the rule check's lines were reached by the mouse alone, and named by their tooltip
    ("点击：在表中找到该单位") instead of their text."""
    page.locator('.chip[data-unit="区财政局"]').drag_to(page.locator('td.cell[data-slot="2021-09-10T15:00"]'))
    find = page.locator("#violations button.find").first
    expect(find).to_have_accessible_name(re.compile(r"^区财政局、.* 同在 9月10日 15:00 "))  # its text, not the tip
    find.focus()
    page.keyboard.press("Enter")
    unit = find.get_attribute("data-unit")
    expect(page.locator(f'.chip[data-unit="{unit}"]')).to_be_focused()
    expect(page.locator("#unit-name")).to_have_text(unit)


@pytest.fixture
def big(browser, tmp_path):
    """A page on 300 units in 2 rooms (the benchmarks' generator) at 1280x720, a small laptop's screen."""
    from benchmarks.generate import generate
    from benchmarks.shapes import write_files

    make_project(tmp_path / "project", write_files(generate(300, 2, seed=0, stable=True), tmp_path / "source"))
    served = serve(tmp_path / "project")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(served.url)
    page.wait_for_selector(".chip")
    yield page
    context.close()
    served.stop()


CLEAR = """() => {
    const r = document.activeElement.getBoundingClientRect();
    const head = document.querySelector(".grid thead th[scope=col]").getBoundingClientRect();
    const hour = document.querySelector(".grid tbody th.hour").getBoundingClientRect();
    const top = document.querySelector("header.top").getBoundingClientRect();
    return r.top >= Math.max(head.bottom, top.bottom) - 1 && r.left >= hour.right - 1 && r.bottom <= innerHeight;
}"""


def test_a_big_grid_keeps_its_day_heads_and_scrollbar_on_screen(big):
    """QA a11y17 #9: the grid's box was as tall as its table, so its sticky day heads never stuck while the
    page scrolled, and its sideways scrollbar was 1,600 px down."""
    wrap = big.locator(".grid-wrap")
    assert wrap.evaluate("el => el.scrollHeight > el.clientHeight")  # a big grid, scrolling in its box
    assert wrap.evaluate("el => el.getBoundingClientRect().bottom") <= 720  # its scrollbars on screen
    wrap.evaluate("el => el.scrollBy(0, 2000)")
    head = big.locator(".grid thead th[scope=col]").first
    top = "el => el.getBoundingClientRect().top"
    assert head.evaluate(top) >= wrap.evaluate(top)  # the day heads stuck at the box's top


def test_the_focused_unit_is_never_under_the_sticky_heads_or_hour_column(big):
    """QA a11y17 #6: ↑ and Ctrl+← left the focused unit under the sticky page header or hour column."""
    big.locator(".chip").first.focus()
    for key in ["ArrowDown"] * 19 + ["ArrowUp"] * 19 + ["Control+ArrowRight"] * 9 + ["Control+ArrowLeft"] * 9:
        big.keyboard.press(key)
        assert big.evaluate(CLEAR), key


def test_a_rules_row_names_its_fields_and_delete_button_by_its_unit_and_keeps_the_focus(page, app):
    """QA a11y17 #7: every row's fields were named by their column alone ("类别" 29 times), every × was
    "删除这一行", and deleting a row dropped the focus to the page."""
    page.goto(app.url + "#rules")
    row = page.locator('fieldset[data-section="units"] tbody tr').nth(5)
    unit = row.locator("input").first.input_value()
    expect(row.locator("input").nth(1)).to_have_accessible_name(f"{unit} 类别")
    expect(row.locator("button.remove")).to_have_accessible_name(f"删除这一行 {unit}")
    following = page.locator('fieldset[data-section="units"] tbody tr').nth(6).locator("input").first
    following = page.locator(f'input[name="{following.get_attribute("name")}"]')
    row.locator("button.remove").focus()
    page.keyboard.press("Enter")
    expect(following).to_be_focused()
    expect(page.locator("#status")).to_have_text(f"已删除这一行 {unit}")


SIZES = """() => [...document.querySelectorAll("body *")]
    .filter((el) => el.offsetParent && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => parseFloat(getComputedStyle(el).fontSize))"""


def test_the_text_follows_the_browsers_font_size_and_is_never_under_12px(page, app):
    """QA a11y17 #8: every size was in px (html 14px, hours and room names 10px), so the browser's font size
    setting changed nothing."""
    assert min(page.evaluate(SIZES)) >= 12
    chip_size = "parseFloat(getComputedStyle(document.querySelector('.chip')).fontSize)"
    at_default = page.evaluate(chip_size)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24}})  # Chrome's font size "very large"
    page.reload()
    page.wait_for_selector(".chip")
    assert page.evaluate(chip_size) == at_default * 1.5


def test_pinning_is_said_and_the_pinned_unit_is_described_so(page):
    """QA a11y17 #11: a pin changed the file and the button's label, but nothing was said, and the pinned
    unit's name became "📌区财政局" (read "pushpin")."""
    page.locator('.chip[data-unit="区财政局"]').click()
    page.locator("#pin-toggle").press("Enter")
    expect(page.locator("#status")).to_have_text("区财政局 已固定在 9月8日 11:00")
    unit = page.locator('.chip[data-unit="区财政局"]')
    expect(unit).to_have_accessible_name("区财政局")
    expect(unit).to_have_accessible_description(re.compile("已固定"))
    page.locator("#pin-toggle").press("Enter")
    expect(page.locator("#status")).to_have_text("区财政局 已取消固定")


def test_the_units_panel_is_a_group_named_by_its_unit(page):
    """QA a11y17 #13: the panel opened with the focus on 固定在当前时间, and nothing said whose panel it was."""
    page.locator('.chip[data-unit="区财政局"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#pin-toggle")).to_be_focused()
    expect(page.get_by_role("group", name="区财政局")).to_be_visible()


def test_enter_in_the_smtp_form_previews_and_send_says_why_it_waits(page, app, servers):
    """QA a11y17 #14: Enter in the SMTP form did nothing at all (发送 waits for a preview), and nothing said
    why 发送 was disabled."""
    server = servers(tls=None)
    page.goto(app.url + "#publish")
    expect(page.locator("#send")).to_have_accessible_description(re.compile("先预览邮件"))
    form = page.locator("#send-form")
    form.locator('input[name="host"]').fill(server.host)
    form.locator('input[name="port"]').fill(str(server.port))
    form.locator('select[name="security"]').select_option("plain")
    form.locator('input[name="password"]').press("Enter")
    expect(page.locator("#status")).to_contain_text("封邮件")
    assert page.locator("#send").is_enabled() and server.recorder.messages == []


def test_the_print_carries_no_folder_path(page):
    """QA a11y17 #18: the printed page carried the server's folder path."""
    page.emulate_media(media="print")
    expect(page.locator(".folder")).to_be_hidden()


def test_save_of_the_rules_form_is_on_screen_and_one_tab_away(page, app):
    """QA a11y17 #20: 保存 was 164 Tab stops down the rules form, 2,000 px below its top."""
    page.goto(app.url + "#rules")
    save = page.locator("#rules-save")
    expect(save).to_be_in_viewport()
    page.locator('input[name="title"]').focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # 跳到保存
    expect(save).to_be_focused()


def test_the_grid_has_a_heading_and_a_name(page):
    """QA a11y17 #15: the timetable (the main content) had no heading, its table no name."""
    expect(page.get_by_role("heading", name="时间表", level=2)).to_be_attached()
    expect(page.get_by_role("table", name="时间表")).to_be_visible()


def test_a_meeting_named_in_chinese_on_the_english_page_is_marked_chinese(browser, tmp_path):
    """QA a11y17 #16: a meeting's name (its aria-label, title and room in Chinese) was in an English block."""
    from tests.test_web_meetings import meeting_project

    served = serve(meeting_project(tmp_path))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url + "?lang=en")
        block = page.locator(".mblock").first
        expect(block).to_have_attribute("lang", "zh-CN")
    finally:
        context.close()
        served.stop()


def test_no_meeting_block_is_cut_in_the_middle_of_a_line_on_a_phone(browser, tmp_path):
    """QA a11y17 #17: on a phone a 45-minute or 1-hour meeting's participants were cut off half-way down a
    line (its block's height is set by its minutes)."""
    from tests.test_web_meetings import meeting_project

    served = serve(meeting_project(tmp_path))
    context = browser.new_context(viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(served.url)
        page.wait_for_selector(".mblock")
        cut = page.evaluate(
            """() => [...document.querySelectorAll(".mblock")].filter((block) => {
                const box = block.getBoundingClientRect();
                return [...block.children].some((line) => {
                    const r = line.getBoundingClientRect();
                    return r.top < box.bottom - 2 && r.bottom > box.bottom + 1;
                });
            }).map((block) => block.dataset.title)"""
        )
        assert cut == []
    finally:
        context.close()
        served.stop()


def test_while_absences_are_marked_no_button_holds_another(page):
    """QA a11y17 #12: marking absences, each hour became a button holding its units' buttons."""
    page.locator('.chip[data-unit="区财政局"]').click()
    page.locator("#away-mode").click()
    expect(page.locator('#grid td.cell[role="button"]').first).to_be_attached()
    assert page.locator('#grid [role="button"] [role="button"]').count() == 0


def test_a_reload_after_a_solve_ended_offers_its_result_until_discarded(page):
    """QA a11y17 #10: a reload just after 求解 lost the finished result without a word (only running jobs
    were offered to a page loaded later)."""
    page.locator("#time-limit").fill("5")
    page.locator("#solve").click()
    expect(page.locator("#apply")).to_be_visible()
    page.reload()
    page.wait_for_selector(".chip")
    expect(page.locator("#apply")).to_be_visible()  # offered again, as at its end
    page.locator("#discard").click()
    page.reload()
    page.wait_for_selector(".chip")
    page.wait_for_timeout(500)
    expect(page.locator("#apply")).to_have_count(0)


def test_the_projects_chinese_data_in_the_legend_journal_and_rules_is_marked_chinese_on_the_english_page(browser, app):
    """QA qaweb24 F6: on the English page the category legend ("部门 (19)"), the rules form's title and
    categories and every mail journal row's unit, meeting and reply were read by the English voice; the
    journal said the calendar's `REQUEST #0` / `CANCEL #1` on both pages, not 邀请 / 更新 / 取消."""
    import json

    rows = [
        {"at": "", "shown": "2021-09-01 09:00:00", "unit": "柏庄镇政府", "to": "bzz@example.org", "state": "sent",
         "method": method, "sequence": sequence, "reply": "250 已收下", "meeting": "基层政务公开标准对接：柏庄镇政府"}
        for method, sequence in (("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2))
    ]  # fmt: skip
    body = json.dumps({"rows": rows, "stopped": None})
    for lang, words in (
        ("en", ["cancellation", "update (version 2)", "invite"]),
        ("zh", ["取消", "更新（第 2 版）", "邀请"]),
    ):
        with opened_page(browser, f"{app.url}?lang={lang}") as page:
            if lang == "en":
                legend = page.locator("#legend li span[lang='zh-CN']")
                expect(legend).to_have_text(["部门", "镇办"])
                assert page.locator("#legend li").first.inner_text().endswith("(19)")
            page.route("**/api/journal", lambda route: route.fulfill(content_type="application/json", body=body))
            page.goto(f"{app.url}?lang={lang}#publish")
            page.wait_for_selector("#journal tbody tr.sent")
            what = page.locator("#journal tbody tr td:nth-child(4)").all_inner_texts()
            assert [w.rsplit(" · ", 1)[1] for w in what] == words
            marked = page.locator("#journal tbody [lang='zh-CN']").count()
            assert marked == (9 if lang == "en" else 0)  # unit, meeting, reply of each row
            page.goto(f"{app.url}?lang={lang}#rules")
            page.wait_for_selector("#f-title")
            expected = "zh-CN" if lang == "en" else None
            assert page.locator("#f-title").get_attribute("lang") == expected
            assert page.locator("#f-categories").get_attribute("lang") == expected
