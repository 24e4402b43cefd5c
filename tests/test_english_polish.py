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


def test_an_english_length_or_name_error_advises_english_words():
    """F8: the advice was Chinese only (write 1.5小时, separate people with 、)."""
    said = render(Message("mfile.bare_decimal", value="1.5"), "en")
    assert said.endswith("write '1.5 hours' if hours are meant") and "小时" not in said
    said = render(Message("mfile.run_together", name="Jane Doe/John Smith", names=["Jane Doe", "John Smith"]), "en")
    assert "separate people with ; or ," in said and said.endswith("(meant: Jane Doe, John Smith)")


def test_a_unit_named_with_another_case_is_suggested(tmp_path):
    """F14: English names invite a case slip (``tax office`` for ``Tax Office``)."""
    from click.testing import CliRunner

    from scheduler.cli.main import main

    table = tmp_path / "t.csv"
    table.write_text("Unit,Time\nTax Office,2026-03-02 09:00\nFinance,2026-03-02 10:00\n", encoding="utf-8")
    table.with_suffix(".toml").write_text('days = ["2026-03-02"]\nhours = ["9:00", "10:00"]\n', encoding="utf-8")
    for option in (["--unavailable", "tax office@Mar 2"], ["--drop", "TAX OFFICE"]):
        result = CliRunner().invoke(main, ["reschedule", str(table), *option, "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert result.output.rstrip().endswith("(did you mean 'Tax Office'?)"), result.output


def test_unwritable_finds_each_character_the_pattern_names_and_no_other():
    """The fast path (``str.isprintable`` once tabs and line breaks are set aside) misses none of
    :data:`UNWRITABLE`'s characters, in a text of several lines too."""
    import re

    from scheduler.text.messages import UNWRITABLE, unwritable

    for code in [*range(0x3000), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]:
        char = chr(code)
        named = re.fullmatch(UNWRITABLE, char) is not None
        for text in (char, f"对接单位：\n\t{char}\r\n"):
            assert (unwritable(text) == f"U+{code:04X}") is named, hex(code)
            assert (unwritable(text) is None) is not named, hex(code)
