"""English polish (QA english14 F14): an option is named once per line, English quotes are '…', and a
table of one person a row says Participant."""

from __future__ import annotations

from scheduler.errors import InputError
from scheduler.text.messages import Message, render


def test_an_option_is_named_once():
    for key, option in (("output.format_without_out", "--format"), ("mail.no_host", "--smtp-host")):
        line = InputError(Message(key), column=option).text("en")
        assert line.count(option) == 1, line
        assert InputError(Message(key), column=option).text("zh").count(option) == 1


def test_english_sentences_quote_with_straight_quotes():
    said = render(Message("web.sheet_outside", value="../t.csv"), "en")
    assert said.startswith("'../t.csv' is not among") and "“" not in said


def test_the_ics_change_table_names_one_participant_a_row():
    assert render(Message("mshow.person"), "en") == "Participant"
