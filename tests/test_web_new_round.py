"""The web app's words for a new round in last round's folder (docs/mail.md, "A new round"): the page
has no ``--out``; it says to serve the new table with another project folder (one key per edge)."""

from __future__ import annotations

import re

import pytest

from scheduler.errors import InputError
from scheduler.invites.folder import read_invites
from scheduler.text.messages import CATALOG, Message
from scheduler.web.context import PAGE_WORDS, error_text
from tests.replies_helpers import mark_sent
from tests.test_web_app import client_for, folder, version  # noqa: F401  (the fixture)

SHIFT = (("2021-09-08", "2022-09-07"), ("2021-09-09", "2022-09-08"), ("2021-09-10", "2022-09-09"))


def _next_year(project) -> None:
    """The project's days a year on, the table's times with them (the project's files write ISO dates)."""
    for name in ("timetable.toml", "timetable.csv"):
        path = project / name
        text = path.read_text(encoding="utf-8-sig")
        for old, new in SHIFT:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


def test_the_page_refuses_last_rounds_folder_in_its_own_words(folder, monkeypatch):  # noqa: F811
    """Leftover of the twenty-first session: the page said "并输出到新的文件夹（--out 新文件夹）", an option
    it does not have; it says to open the new table in another project folder with serve."""
    monkeypatch.setenv("DOCKING_NOW", "2021-09-01T09:00:00+08:00")
    _, client, guard = client_for(folder)
    assert client.post("/download/invites", data={"csrf": guard.csrf, "version": version(client)}).status_code == 200
    mark_sent(folder, {i.unit: i for i in read_invites(folder / "invites")})
    _next_year(folder)
    before = {p: p.read_bytes() for p in (folder / "invites").rglob("*") if p.is_file()}
    monkeypatch.setenv("DOCKING_NOW", "2022-09-01T09:00:00+08:00")
    _, client, guard = client_for(folder)
    answer = client.post("/download/invites", data={"csrf": guard.csrf, "version": version(client)})
    said = answer.get_json()["error"]
    assert answer.status_code == 400 and "新一轮" in said and 'campaign = "beiguan-2022-zwgk-26-fields"' in said
    assert "项目文件夹" in said and "serve 新表格 --out 新文件夹" in said and "并输出到新的文件夹" not in said
    assert {p: p.read_bytes() for p in (folder / "invites").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("key", sorted(PAGE_WORDS))
def test_each_folder_refusal_has_page_words_with_the_same_values(key):
    """One key per edge: the page's sentence takes the command's values, and names serve, not an option alone."""
    page = PAGE_WORDS[key]
    names = {"old": "a-2021", "new": "a-2022", "last": "2021-09-10", "first": "2022-09-07", "offered": "a-2022"}
    names["year_note"] = Message("input.round_clock_year", year=2022, old=2021)  # the days had no year
    error = InputError(Message(key, **names), "invites/state.json")
    assert placeholders(CATALOG[key]) == placeholders(CATALOG[page])
    for lang in ("zh", "en"):
        said = error_text(error, lang)
        assert said.startswith("invites/state.json: ") and "serve" in said and "{" not in said
        assert said != error.text(lang)
        if "{year_note}" in CATALOG[key][0]:  # said on the page as by the command
            assert "year = 2021" in said


def placeholders(pair: tuple[str, str]) -> set[str]:
    return {name for text in pair for name in re.findall(r"{(\w+)", text)}
