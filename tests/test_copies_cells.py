"""A 备注 or a participant edited in the workbook's 数据 sheet and mailed from it is not mailed back out
by the next ``send timetable.csv`` (QA qaint26 F8: the copies were compared by time, room and the
meeting's presence alone, so ``send timetable.csv`` went ahead, and after a notes-only send from the
workbook nothing rewrote the CSV or the printable sheet: participants got the note, lost it, got it
again; a participant added in the workbook was then cancelled)."""

from __future__ import annotations

import email
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.copies import differences
from scheduler.files.table_file import read_table
from tests.formats_helpers import NOTICE
from tests.test_copies import saved_later

EXAMPLES = NOTICE.parent
NOTE = "改在线上参加，链接另行通知"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    """The example week of meetings solved into a folder once."""
    out = tmp_path_factory.mktemp("cells") / "out"
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, out.parent / name)
    result = run("solve", out.parent / "meetings_2025.csv", "--out", out, "--time-limit", "3")
    assert result.exit_code == 0, result.output
    return out


def _edit_data_sheet(book: Path, meeting: str, column: str, change) -> None:
    """In Excel: one cell of ``meeting``'s row in the 数据 sheet alone, nothing else."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    ws = workbook["数据"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("会议")].value == meeting:
            cell = row[header.index(column)]
            cell.value = change(cell.value or "")
    workbook.save(book)
    saved_later(book)


def _mailed(folder: Path, server) -> list[str]:
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    sent = run("send", *folder, *mail) if isinstance(folder, tuple) else run("send", folder, *mail)
    assert sent.exit_code == 0, sent.output
    return sent.output.splitlines()


def _bodies(server) -> list[str]:
    """Each message's calendar part, as text."""
    texts = []
    for _, _, data in server.recorder.messages:
        parts = email.message_from_bytes(data).walk()
        text = "".join(p.get_payload(decode=True).decode() for p in parts if p.get_content_type() == "text/calendar")
        texts.append(text.replace("\r\n ", ""))  # (lines folded at 75 octets, RFC 5545 3.1)
    return texts


@pytest.mark.parametrize(
    ("column", "change", "said"),
    [
        ("备注", lambda _old: NOTE, f"备注“{NOTE}”"),
        ("参会人员", lambda old: f"{old}、赵科员", "赵科员"),
    ],
    ids=["note", "participant"],
)
def test_an_edit_in_the_data_sheet_alone_refuses_the_csv_and_is_carried_into_every_copy_once_mailed(
    solved, tmp_path, servers, column, change, said
):
    folder = tmp_path / "week"
    shutil.copytree(solved, folder)
    csv, book = folder / "timetable.csv", folder / "timetable.xlsx"
    server = servers(tls=None)
    _mailed(csv, server)  # the first send: every invite out
    first = len(server.recorder.messages)
    meeting = read_table(csv).rows[1].get("会议")
    _edit_data_sheet(book, meeting, column, change)

    refused = run("send", csv, "--dry-run", tmp_path / "eml")  # the copy not edited: refused, naming the cell
    assert refused.exit_code == 2 and not (tmp_path / "eml").exists(), refused.output
    assert f"{book} 的工作表“数据”（比这份晚保存）中的时间表与这份不同（{meeting}：这里 " in refused.stderr
    assert said in refused.stderr.split("那里")[1] and said not in refused.stderr.split("那里")[0]
    assert len(refused.stderr.strip().splitlines()) == 1

    lines = _mailed((book, "--sheet", "数据"), server)  # the edit mailed from the workbook
    assert any("重写" in line for line in lines), lines
    edited = len(server.recorder.messages)
    assert edited > first
    for copy in (read_table(csv), read_table(book)):  # the CSV and the printable sheet carry the edit
        assert differences(copy, read_table(book, sheet="数据"), cells=True) == []
    again = run("send", csv, "--dry-run", tmp_path / "eml2")  # nothing to refuse, nothing to mail
    assert again.exit_code == 0, again.output
    _mailed(csv, server)
    assert len(server.recorder.messages) == edited  # not mailed back out
    if column == "备注":
        assert all(NOTE in body for body in _bodies(server)[first:])


def test_a_resave_of_the_workbook_with_nothing_edited_still_reads_the_csv(solved, tmp_path):
    """Every cell counts, and a workbook saved with no cell changed is no difference (its 数据 sheet's
    结束 column, which the CSV has not, is compared as the meeting's end, not as a cell)."""
    from openpyxl import load_workbook

    folder = tmp_path / "resaved"
    shutil.copytree(solved, folder)
    book = folder / "timetable.xlsx"
    load_workbook(book).save(book)
    saved_later(book)
    assert run("validate", folder / "timetable.csv").exit_code == 0
    assert run("send", folder / "timetable.csv", "--dry-run", tmp_path / "eml").exit_code == 0
