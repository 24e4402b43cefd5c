"""The contacts table is read once while it is unchanged (``serve`` weighed the answers on every request
and read it each time: about 0.2 s a request at 5,000 units), and read again as soon as it changes."""

from __future__ import annotations

import os
import time

import pytest

import scheduler.files.contacts as contacts_module
from scheduler.errors import InputError
from scheduler.files.contacts import read_contacts
from tests.test_web_app import client_for, post, version
from tests.web_helpers import make_project


def _aged(path, seconds):
    """``path`` as if last written ``seconds`` ago (its ctime is now: a change all the same)."""
    when = time.time() - seconds
    os.utime(path, (when, when))


def _counting(monkeypatch):
    calls = []
    real = contacts_module.read_table

    def counted(path, *args, **kwargs):
        calls.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(contacts_module, "read_table", counted)
    return calls


def test_an_unchanged_contacts_table_is_read_once_and_a_changed_one_again(tmp_path, monkeypatch):
    calls = _counting(monkeypatch)
    path = tmp_path / "contacts.csv"
    path.write_text("单位,邮箱,联系人\n区财政局,czj@example.org,刘某\n", encoding="utf-8")
    _aged(path, 3600)
    first = read_contacts(path)
    assert read_contacts(path) is first and len(calls) == 1
    path.write_text("单位,邮箱,联系人\n区财政局,czx@example.org,刘某\n", encoding="utf-8")  # the same size
    _aged(path, 1800)
    assert read_contacts(path).by_unit["区财政局"].address == "czx@example.org" and len(calls) == 2


def test_a_table_written_just_now_is_read_every_time(tmp_path, monkeypatch):
    """Within a filesystem's clock tick two same-sized writes look alike: a fresh file is not kept."""
    calls = _counting(monkeypatch)
    path = tmp_path / "contacts.csv"
    path.write_text("单位,邮箱\n区财政局,czj@example.org\n", encoding="utf-8")
    read_contacts(path)
    read_contacts(path)
    assert len(calls) == 2


def test_a_missing_table_is_not_kept(tmp_path):
    path = tmp_path / "contacts.csv"
    with pytest.raises(InputError):
        read_contacts(path)
    path.write_text("单位,邮箱\n区财政局,czj@example.org\n", encoding="utf-8")
    assert read_contacts(path).by_unit["区财政局"].address == "czj@example.org"


def test_the_web_app_reads_the_contacts_once_and_shows_a_change_at_once(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    make_project(folder)
    (folder / "replies-ledger.jsonl").touch()  # the page weighs answers: it read the contacts per request
    contacts = folder / "contacts_2021.csv"
    _aged(contacts, 3600)
    calls = _counting(monkeypatch)
    _, client, guard = client_for(folder)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert len(calls) <= 1

    def addressed():
        mails = post(client, guard, "/api/send/preview", {"version": version(client)}).get_json()["mails"]
        return {mail["to"] for mail in mails}

    assert "区自然资源局 <zrzyj@example.org>" in addressed()
    text = contacts.read_text(encoding="utf-8-sig")
    contacts.write_text(text.replace("zrzyj@", "zrzyx@"), encoding="utf-8")  # the same size, just now
    shown = addressed()
    assert "区自然资源局 <zrzyx@example.org>" in shown and "区自然资源局 <zrzyj@example.org>" not in shown
