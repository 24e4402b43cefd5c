"""The web page for keyboard, screen-reader, colour and large-font users (QA a11y17), in a real browser
(Debian's Chromium through Playwright): what the accessibility tree says, where the focus goes."""

from __future__ import annotations

import pytest

from tests.web_helpers import make_project, serve

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect


@pytest.fixture
def app(tmp_path):
    make_project(tmp_path / "project")
    served = serve(tmp_path / "project")
    yield served
    served.stop()


@pytest.fixture
def page(browser, app):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app.url)
    page.wait_for_selector(".chip")
    yield page
    context.close()
    assert errors == []


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
