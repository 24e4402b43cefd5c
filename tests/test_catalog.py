"""The message catalog: its areas load as their keys are asked for, and a key is still defined once
(in one area, or in one :class:`~scheduler.text.messages.Sentences` beside its code), whichever
loads first."""

from __future__ import annotations

import pytest

from scheduler.text import messages
from scheduler.text.catalog import web


def test_an_area_loads_when_one_of_its_keys_is_asked_for_and_iterating_loads_them_all():
    catalog = messages._Catalog()
    assert catalog["show.no"] == ("序号", "No.")  # the common area's
    assert catalog._loaded < len(messages.AREAS)
    assert "no-such-key" not in catalog and catalog._loaded == len(messages.AREAS)
    assert len(catalog) == len(dict(catalog.items())) == len(messages.CATALOG)


def test_a_key_two_areas_define_is_refused_when_the_second_loads(monkeypatch):
    monkeypatch.setattr(messages, "AREAS", ("cli", "common", "cli"))
    catalog = messages._Catalog()
    assert catalog["show.no"]
    with pytest.raises(AssertionError, match="defined twice"):
        list(catalog)


def test_a_key_of_sentences_is_refused_whether_its_area_loaded_before_or_after():
    key = next(iter(web.ENTRIES))
    after = messages._Catalog()
    after.refuse_clashes({key: ("甲", "a")})  # the web area is not loaded yet
    with pytest.raises(AssertionError, match=key):
        list(after)
    before = messages._Catalog()
    list(before)
    with pytest.raises(AssertionError, match=key):
        before.refuse_clashes({key: ("甲", "a")})
    with pytest.raises(AssertionError, match="defined twice"):
        messages.Sentences({"show.no": ("序号", "No.")})
