"""``example``: a built-in example (the 2021 notice, or ``--meetings`` the 2025 meetings; ``--english`` the English
walk-through's) copied into a folder."""

from __future__ import annotations

from pathlib import Path

from scheduler.cli.localized import command, option
from scheduler.cli.options import lang_option, say


@command(help="help.example")
@option("--out", "out_dir", default="examples", show_default=True, metavar="metavar.dir", help="help.opt.out_example")
@option("--meetings", is_flag=True, help="help.opt.example_meetings")
@option("--english", is_flag=True, help="help.opt.example_english")
@lang_option
def example(out_dir: str, meetings: bool, english: bool, lang: str) -> None:
    """Copy the 2021 example (table, rules, contacts), or with ``meetings`` the 2025 meetings example
    (meeting table, rules, people), into ``out_dir``; with ``english`` the English walk-through's (2027
    visits, or 2027 school meetings); never overwrite a different file."""
    from scheduler.errors import InputError
    from scheduler.files.atomic import write_files
    from scheduler.files.bundled import example_files, example_names
    from scheduler.text.messages import Message

    shipped = example_files(example_names(meetings, english))
    files = {name: for_excel(name, data) for name, data in shipped.items()}
    for name, data in files.items():
        target = Path(out_dir) / name
        if target.exists() and (target.is_dir() or target.read_bytes() not in (data, shipped[name])):
            raise InputError(Message("example.differs", path=target))
    write_files(out_dir, files)
    written = "example.written" + ("_english" if english else "") + ("_meetings" if meetings else "")
    say(written, lang, path=Path(out_dir))


_BOM = b"\xef\xbb\xbf"


def for_excel(name: str, data: bytes) -> bytes:
    """A ``.csv`` file of the example as the outputs are written (docs/formats.md): UTF-8 with BOM and
    CRLF, so that Excel on Chinese Windows opens it without mojibake (QA qawin19 F4; the shipped files
    stay UTF-8 and LF, as the repository keeps text). Any other file as it is."""
    if not name.endswith(".csv"):
        return data
    text = data.removeprefix(_BOM).replace(b"\r\n", b"\n")
    return _BOM + text.replace(b"\n", b"\r\n")
