"""``docking-scheduler --lang en`` alone shows the help page in English, as the bare command shows it in
Chinese (QA english14 F11: it answered "Error: Missing command.", exit 2)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main


@pytest.mark.parametrize(("args", "opening"), [(["--lang", "en"], "Usage:"), (["--lang=zh"], "用法：")])
def test_the_language_option_alone_shows_the_help_page_in_that_language(args, opening):
    result = CliRunner().invoke(main, args, env={"DOCKING_LANG": None})
    assert result.exit_code == 0, result.output
    assert result.output.startswith(opening)
    assert "solve" in result.output


def test_a_command_after_the_language_option_still_runs():
    result = CliRunner().invoke(main, ["--lang", "en", "solve", "--help"], env={"DOCKING_LANG": None})
    assert result.exit_code == 0 and "Usage:" in result.output and "solve" in result.output
