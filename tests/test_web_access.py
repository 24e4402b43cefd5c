"""The page is for the one who started ``serve`` (QA qasec23 F3): on 127.0.0.1 any other account of the
computer read the project (the annex with the addresses, every unit's feed address) and moved units,
the CSRF token being on the page itself. ``serve`` makes a secret for each run and prints the address
with it; the first visit with it sets the session cookie, and every request but the feeds and the
page's script and style needs that cookie (scheduler/web/guard.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.web.app import create_app
from scheduler.web.guard import Guard
from tests.web_helpers import make_project

SECRET = "s3cret-of-this-run-0123456789abcdef"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path / "out")
    return tmp_path / "out"


def _app(project: Path, password: str | None = None):  # type: ignore[no-untyped-def]
    return create_app(project, Guard("127.0.0.1", password=password, access=SECRET))


@pytest.mark.parametrize("given", [None, "", "wrong", SECRET[:-1], SECRET + "x", SECRET.upper()])
def test_without_the_runs_secret_nothing_of_the_project_is_read_or_changed(project, given):
    """Another account on the computer: it knows the port, not the secret."""
    other = _app(project).test_client()
    query = {} if given is None else {"token": given}
    page = other.get("/", query_string=query)
    assert page.status_code == 401 and "serve 在终端里" in page.get_data(as_text=True)
    assert "区财政局" not in page.get_data(as_text=True) and "csrf" not in page.get_data(as_text=True)
    for path in ("/api/project", "/api/feeds", "/api/journal", "/download/timetable.xlsx"):
        answer = other.get(path, query_string=query)
        assert answer.status_code == 401, path
        assert b"\xe5\x8c\xba\xe8\xb4\xa2\xe6\x94\xbf\xe5\xb1\x80" not in answer.get_data()  # 区财政局
    before = (project / "timetable.csv").read_bytes()
    moved = other.post("/api/move", json={"unit": "区财政局", "slot": 3}, headers={"Origin": "http://127.0.0.1"})
    assert moved.status_code in (401, 403) and (project / "timetable.csv").read_bytes() == before
    assert "Set-Cookie" not in page.headers


def test_the_printed_address_lets_the_browser_in_and_leaves_the_secret_behind(project):
    browser = _app(project).test_client()
    first = browser.get("/", query_string={"token": SECRET, "lang": "en"})
    assert first.status_code == 200
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires" not in cookie
    page = first.get_data(as_text=True)
    assert 'http-equiv="refresh" content="0;url=/?lang=en"' in page and SECRET not in page
    assert first.headers["Referrer-Policy"] == "no-referrer"
    assert browser.get("/").status_code == 200
    assert browser.get("/api/project").get_json()["version"]
    assert browser.get("/static/common.js").status_code == 200


def test_a_session_of_another_run_is_not_let_in(project):
    """A cookie of yesterday's run (another session key): the address printed today is needed."""
    old = _app(project).test_client()
    old.get("/", query_string={"token": SECRET})
    today = _app(project).test_client()
    today.set_cookie("docking_session", old.get_cookie("docking_session").value)
    assert today.get("/api/project").status_code == 401


def test_the_feeds_and_the_pages_files_need_no_session(project):
    client = _app(project).test_client()
    assert client.get("/static/common.js").status_code == 200
    assert client.get("/feed/not-a-token.ics").status_code == 404  # its own secret decides, not the session


def test_with_a_password_the_login_is_asked_and_the_printed_address_lets_in_too(project):
    other = _app(project, password="long enough password").test_client()
    assert other.get("/").status_code == 302 and other.get("/api/project").status_code == 401
    mine = _app(project, password="long enough password").test_client()
    assert mine.get("/", query_string={"token": SECRET}).status_code == 200
    assert mine.get("/api/project").status_code == 200


def test_a_library_app_without_a_secret_is_open_to_this_machine_as_before(project):
    assert create_app(project).test_client().get("/api/project").status_code == 200


def test_in_a_browser_the_opening_page_leads_to_the_timetable_and_another_context_is_kept_out(
    project, browser, tmp_path, monkeypatch
):
    """Chromium, as serve starts it: the opening page (a file of the user's) goes on to the address with
    the secret, whose answer sets the SameSite=Strict cookie and goes on to the page: the grid is drawn,
    the address bar holds no secret. A second browser (another account) gets the words, no grid."""
    from scheduler.cli.serve import opening_page
    from tests.web_helpers import serve

    monkeypatch.setenv("HOME", str(tmp_path))  # where the page is made on Linux (serve.opening_folder)
    served = serve(project)
    served.guard.access = SECRET
    try:
        opening = opening_page(f"{served.url}?token={SECRET}")
        context = browser.new_context()
        page = context.new_page()
        page.goto(opening.as_uri())
        page.wait_for_selector(".chip", state="visible")
        assert page.url == served.url
        page.reload()
        page.wait_for_selector(".chip", state="visible")
        context.close()
        other = browser.new_context()
        page = other.new_page()
        answer = page.goto(served.url)
        assert answer is not None and answer.status == 401
        assert "serve 在终端里打印的网址" in page.content() and page.locator(".chip").count() == 0
        assert page.locator("h1").inner_text() == "需要终端里打印的网址"
        other.close()
    finally:
        served.stop()


def test_two_projects_served_on_two_ports_keep_their_own_sessions_in_one_browser(tmp_path):
    """Review23: a browser keeps a cookie for a host whatever its port (RFC 6265 §8.5), and both servers
    named it ``docking_session``: opening a second project's ``serve`` (another port) replaced the first
    project's session, whose open tab then got 401 at its next call, and back again. Each port's server
    names its cookie for its port, as Jupyter does."""
    projects = []
    for name in ("a", "b"):
        make_project(tmp_path / name)
        projects.append(tmp_path / name)
    guards = [Guard("127.0.0.1", access=SECRET), Guard("127.0.0.1", access=SECRET + "b")]
    guards[0].port, guards[1].port = 8765, 8766
    clients = [create_app(path, guard).test_client() for path, guard in zip(projects, guards, strict=True)]
    bases = ["http://127.0.0.1:8765", "http://127.0.0.1:8766"]
    first = clients[0].get("/", query_string={"token": SECRET}, base_url=bases[0])
    assert first.status_code == 200
    second = clients[1].get("/", query_string={"token": SECRET + "b"}, base_url=bases[1])
    assert second.status_code == 200
    name, _, rest = second.headers["Set-Cookie"].partition("=")
    clients[0].set_cookie(name, rest.partition(";")[0], domain="127.0.0.1")  # the one browser's cookie jar
    assert clients[0].get("/api/project", base_url=bases[0]).status_code == 200
    assert clients[1].get("/api/project", base_url=bases[1]).status_code == 200


def _restart(served) -> str:  # type: ignore[no-untyped-def]
    """What a restart of serve changes, in place (same folder, same port): a new CSRF token, a new key for
    the session cookies, a new secret in the printed address; the new address."""
    import secrets

    served.guard.csrf = secrets.token_urlsafe(32)
    served.guard.access = secrets.token_urlsafe(24)
    served.app.secret_key = secrets.token_bytes(32)
    return f"{served.url}?token={served.guard.access}"


def test_a_change_from_a_page_of_the_previous_run_is_told_the_login_ended_not_a_stale_token(project):
    """QA qaweb24 F1: after a restart every change of an open tab was refused 403 "page token out of date"
    (the CSRF check came first, its token new each run), which the page does not keep: no 重做. Without a
    session a change is a 401, which it keeps; with the session a wrong token is still a 403."""
    old = _app(project).test_client()
    old.get("/", query_string={"token": SECRET})
    csrf = old.application.extensions["docking"].guard.csrf
    before = (project / "timetable.csv").read_bytes()
    today = _app(project).test_client()  # the restarted server: the old tab's cookie and token
    today.set_cookie("docking_session", old.get_cookie("docking_session").value)
    moved = today.post("/api/move", json={"unit": "区财政局", "slot": 3}, headers={"X-CSRF-Token": csrf})
    assert moved.status_code == 401 and moved.get_json()["field"] == "access"
    assert "serve 在终端里" in moved.get_json()["error"]
    assert (project / "timetable.csv").read_bytes() == before
    today.get("/", query_string={"token": SECRET})  # let in again: a wrong CSRF token is refused as before
    refused = today.post("/api/move", json={"unit": "区财政局", "slot": 3}, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403 and (project / "timetable.csv").read_bytes() == before
    with_password = _app(project, password="long enough password").test_client()
    answer = with_password.post("/api/move", json={"unit": "区财政局", "slot": 3}, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 401 and answer.get_json()["error"] == "请先登录"


@pytest.mark.parametrize("path", ["/", "/download/timetable.xlsx", "/?lang=en&token=@"])
@pytest.mark.parametrize("given", [SECRET, "yesterdays-secret"])
def test_the_printed_address_opened_again_by_a_browser_let_in_leaves_no_secret_in_the_bar(project, path, given):
    """QA qaweb24 F7: the printed address opened a second time (Ctrl+click again, a restored tab) was
    served as asked, the live secret left in the address bar, a bookmark, an address copied to a
    colleague. Every page asked for with ?token= gets the going-on page, the secret (or an old one) out."""
    browser = _app(project).test_client()
    browser.get("/", query_string={"token": SECRET})
    separator = "&" if "?" in path else "?"
    answer = browser.get(path + separator + "token=" + given)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'http-equiv="refresh"' in page
    assert given not in page and "token" not in page and "区财政局" not in page
    target = page.split('content="0;url=')[1].split('"')[0]
    assert target == path.split("?")[0] + ("?lang=en" if "lang" in path else "")
    assert browser.get("/").status_code == 200  # still let in


def test_an_address_of_an_earlier_run_is_said_to_be_out_of_date_on_a_page_of_the_apps_own(project):
    """QA qaweb24 F3: one bare paragraph (English title, lang="zh", no viewport, no heading), the same words
    for no secret and yesterday's. Now the app's title and look, and a stale secret is named as such."""
    other = _app(project).test_client()
    stale = other.get("/", query_string={"token": "yesterdays-secret"}).get_data(as_text=True)
    bare = other.get("/").get_data(as_text=True)
    for page in (stale, bare):
        assert '<html lang="zh-CN">' in page and '<meta name="viewport"' in page
        assert "<title>对接时间表</title>" in page and "<h1>需要终端里打印的网址</h1>" in page
        assert "书签、浏览记录或别人转来的网址都进不来" in page
    assert "这个网址的令牌已失效" in stale and "这个网址的令牌已失效" not in bare
    english = other.get("/", query_string={"token": "x", "lang": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "out of date" in english


def test_after_a_restart_the_open_tabs_change_and_rules_edits_come_back_in_the_new_address(project, browser, tmp_path):
    """QA qaweb24 F1 and F11, in Chromium: serve restarts (same folder, same port, new secrets) while a tab
    is open. A move made in it, and the rules form's edits saved in it, are not saved; the tab goes to the
    page that asks for the new address; opened in a new tab (from the terminal), the page names the move
    and 重做 makes it, and the rules form shows the edits typed, not saved, on the rules tab."""
    from tests.web_helpers import serve

    served = serve(project)
    served.guard.access = SECRET
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{served.url}?token={SECRET}")
        page.wait_for_selector(".chip", state="visible")
        before = (project / "timetable.csv").read_bytes()
        page.locator(".chip", has_text="区财政局").first.click()
        page.select_option("#move-slot", "2021-09-10T18:00")
        entry = _restart(served)
        page.locator("#move-go").click()
        page.wait_for_selector("h1:has-text('需要终端里打印的网址')")
        assert (project / "timetable.csv").read_bytes() == before
        fresh = context.new_page()
        fresh.goto(entry)
        fresh.wait_for_selector("#notice-redo", state="visible")
        assert fresh.locator("#notice-text").inner_text() == (
            "登录已失效，刚才的修改没有保存（区财政局 → 2021-09-10 18:00）：按“重做”再做一次"
        )
        fresh.locator("#notice-redo").click()
        fresh.wait_for_selector('[data-slot="2021-09-10T18:00"] .chip:has-text("区财政局")')
        assert (project / "timetable.csv").read_bytes() != before
        fresh.goto(served.url + "#rules")
        fresh.fill("#f-title", "2022 年对接计划（改过的标题）")
        fresh.fill("#f-categories", "部门\n镇办\n街道")
        entry = _restart(served)
        fresh.locator("#rules-save").click()
        fresh.wait_for_selector("h1:has-text('需要终端里打印的网址')")
        third = context.new_page()
        third.goto(entry)
        third.wait_for_selector("#f-title")
        expect = pytest.importorskip("playwright.sync_api").expect
        expect(third.locator("#f-title")).to_have_value("2022 年对接计划（改过的标题）")
        assert third.locator("#f-categories").input_value() == "部门\n镇办\n街道"
        assert "规则表单中的修改没有保存" in third.locator("#notice-text").inner_text()
        assert "2022 年对接计划" not in (project / "timetable.toml").read_text(encoding="utf-8")
        third.locator("#rules-save").click()
        expect(third.locator("#notice-text")).to_have_text("规则已保存")
        assert "2022 年对接计划（改过的标题）" in (project / "timetable.toml").read_text(encoding="utf-8")
    finally:
        context.close()
        served.stop()
    assert errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printed_address_is_followed_by_a_space_so_a_terminal_takes_it_alone(lang):
    """QA qaweb24 F4: `…?token=pqvu…c_（按 Ctrl+C 停止）`: a double-click, or a grabber taking the address to
    the next space, took `…（按` with it, which the server refused as a wrong secret."""
    import re

    from scheduler.text.messages import Message, render

    url = "http://127.0.0.1:8765/?token=pqvu3ICfi-K7eDzGTrzfC0Zv35wsfLc_"
    said = render(Message("serve.listening", url=url), lang)
    assert url in re.findall(r"http://\S+", said) and said.count(url) == 1
