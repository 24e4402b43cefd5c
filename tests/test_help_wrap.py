"""The help pages never leave an opening bracket at a line's end, nor split a ``[default: …]`` marker,
and say a default once (QA english14 F10)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scheduler.cli.localized import NO_LINE_END
from scheduler.cli.main import LAZY_COMMANDS, main


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_of_any_help_page_ends_with_an_opening_bracket(lang):
    for command in sorted({*main.commands, *LAZY_COMMANDS}):
        result = CliRunner().invoke(main, [command, "--help", "--lang", lang], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        for line in result.output.splitlines():
            assert not line.rstrip().endswith(tuple(NO_LINE_END)), f"{command}: {line!r}"
        markers = [line for line in result.output.splitlines() if "[default:" in line or "[默认：" in line]
        assert all("]" in line[line.find("[") :] for line in markers), (command, markers)


def test_the_example_commands_default_is_said_once():
    result = CliRunner().invoke(main, ["example", "--help", "--lang", "en"], env={"COLUMNS": "80"})
    line = next(line for line in result.output.splitlines() if "--out" in line)
    assert line.split() == ["--out", "DIR", "The", "folder", "to", "write", "into.", "[default:", "examples]"]
