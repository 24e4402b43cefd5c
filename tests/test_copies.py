"""Two copies of one timetable (``timetable.csv`` and ``timetable.xlsx``, the workbook's printable sheet and
its 数据 sheet) that disagree are said, never one of them silently read or overwritten (QA winfiles §2b:
the clerk edited timetable.xlsx, then ran the README's commands on timetable.csv; ``send`` mailed the old
times and ``reschedule --out`` overwrote the edit)."""

from __future__ import annotations

import email
import os
import re
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.files.copies import differences
from scheduler.files.table_file import read_table
from tests.formats_helpers import NOTICE

EXAMPLES = NOTICE.parent


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], env={"DOCKING_LANG": None})


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The notice solved into a folder once: timetable.csv, .xlsx, the rules, the invites."""
    out = tmp_path_factory.mktemp("copies") / "out"
    for name in ("notice_2021.csv", "notice_2021.toml", "contacts_2021.csv"):
        shutil.copy(EXAMPLES / name, out.parent / name)
    result = run("solve", out.parent / "notice_2021.csv", "--out", out)
    assert result.exit_code == 0, result.output
    return out


def saved_later(book: Path) -> None:
    """The workbook's time a minute after the CSV's, as when the clerk saves it in Excel later (a
    workbook not saved after the CSV beside it was written with it and is not compared)."""
    later = (book.with_suffix(".csv").stat().st_mtime if book.with_suffix(".csv").exists() else time.time()) + 60
    os.utime(book, (later, later))


def _swap(book: Path, a: str, b: str, sheets: tuple[str, ...] = ("对接计划表", "数据")) -> None:
    """In Excel: two units change places (their names swapped in the 单位 column of ``sheets``)."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    for title in sheets:
        ws = workbook[title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (a, b):
                    cell.value = b if cell.value == a else a
    workbook.save(book)
    saved_later(book)


@pytest.fixture
def edited(written, tmp_path) -> Path:
    """The folder, after the clerk swapped 区财政局 and 区住建局 in timetable.xlsx (both sheets)."""
    folder = tmp_path / "two"
    shutil.copytree(written, folder)
    _swap(folder / "timetable.xlsx", "区财政局", "区住建局")
    return folder


def test_send_on_the_csv_refuses_when_the_workbook_beside_it_was_edited(edited):
    csv, book = edited / "timetable.csv", edited / "timetable.xlsx"
    result = run("send", csv, "--dry-run", edited / "eml")
    assert result.exit_code == 2 and not (edited / "eml").exists()
    assert result.stderr.strip() == (
        f"{csv}: {book}（比这份晚保存）中的时间表与这份不同"
        "（区财政局：这里 9月8日 11:00，那里 9月8日 16:00；共 2 处不同）："
        f"在 Excel 里改过它的话，请改用 {book}；以这份为准请加 --allow-differing-copy（寄出后会按它重写 {book}）"
        f"；邀请文件夹（invites/state.json，send 寄出的就是它们）与这一份相同：{csv}"  # QA loop M3: which one
    )
    sent = run("send", book, "--dry-run", edited / "eml")  # what the message says: the edit is mailed
    assert sent.exit_code == 0, sent.output
    mail = email.message_from_bytes(next((edited / "eml").glob("*区财政局*")).read_bytes())
    invite = next(p for p in mail.walk() if p.get_content_type() == "text/calendar").get_payload(decode=True)
    assert b"DTSTART;TZID=Asia/Shanghai:20210908T160000" in invite
    assert run("validate", csv, "--allow-differing-copy").exit_code == 0  # the CSV said to count
    # newcomer12: validate and send have no --out: neither their refusal nor their help says it
    refused = run("validate", csv)
    assert refused.exit_code == 2 and "--allow-differing-copy；" in refused.stderr and "--out" not in refused.stderr
    for command in ("validate", "explain", "send"):
        shown = "".join(run(command, "--help").output.split())  # however the help is wrapped
        assert "会覆盖另一份" not in shown and ("另一份不改" in shown or "寄出后另一份按它重写" in shown)


def test_out_never_overwrites_an_edited_workbook_without_consent(edited, written):
    book = edited / "timetable.xlsx"
    kept = book.read_bytes()
    change = ("--unavailable", "区住建局@9月8日 18:00")
    refused = run("reschedule", edited / "timetable.csv", *change, "--out", edited)
    assert refused.exit_code == 2 and "--allow-differing-copy" in refused.stderr
    resolved = run("solve", written.parent / "notice_2021.csv", "--out", edited, "--lang", "en")  # a table elsewhere
    assert resolved.exit_code == 2
    assert resolved.stderr.startswith(
        f"{book} [对接计划表], option --out: {edited / 'timetable.csv'} holds a different"
    )
    assert book.read_bytes() == kept
    carried = run("reschedule", book, *change, "--out", edited)  # from the edited copy: it is carried on
    assert carried.exit_code == 0, carried.output
    assert differences(read_table(book), read_table(edited / "timetable.csv")) == []
    overwritten = run(  # the folder's recorded change dropped knowingly too (jobs16 F0)
        "solve", written.parent / "notice_2021.csv", "--out", edited, "--allow-differing-copy", "--discard-changes"
    )
    assert overwritten.exit_code == 0, overwritten.output


def test_an_edit_in_the_data_sheet_alone_is_not_ignored(written, tmp_path):
    """``validate timetable.xlsx`` read the printable sheet only: an edit in 数据 was ignored unseen."""
    from openpyxl import load_workbook

    folder = tmp_path / "data"
    shutil.copytree(written, folder)
    book = folder / "timetable.xlsx"
    workbook = load_workbook(book)
    ws = workbook["数据"]
    for row in ws.iter_rows(min_row=2):
        if row[2].value == "区财政局":
            row[1].value += timedelta(hours=7)  # 9月8日 11:00 -> 18:00, beside 区文广体旅局
    workbook.save(book)
    saved_later(book)
    result = run("validate", book)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{book} [对接计划表]: 工作表“数据”中的时间表与这张不同（区财政局：这里 9月8日 11:00，那里 9月8日 18:00）："
        "请用 --sheet 数据 或 --sheet 对接计划表 说明以哪张为准"  # validate has no --out: nothing is rewritten
        f"；邀请文件夹（invites/state.json，send 寄出的就是它们）与这一份相同：{book} 的工作表“对接计划表”"
    )
    assert "不属于同一并行组" in run("validate", book, "--sheet", "数据").output  # the edit, read when named
    assert run("validate", book, "--sheet", "对接计划表").exit_code == 0
    assert run("send", folder / "timetable.csv", "--dry-run", folder / "eml").exit_code == 2  # 数据 beside it


def test_a_resave_that_changes_the_bytes_but_not_the_timetable_is_no_difference(written, tmp_path):
    """Copies are compared by their timetables: Excel's or LibreOffice's save rewrites every byte."""
    from openpyxl import load_workbook

    folder = tmp_path / "resaved"
    shutil.copytree(written, folder)
    book = folder / "timetable.xlsx"
    before = book.read_bytes()
    workbook = load_workbook(book)
    workbook["对接计划表"].cell(row=1, column=1).value = "标题改了"
    workbook.save(book)
    saved_later(book)
    assert book.read_bytes() != before
    for table in (folder / "timetable.csv", book):
        assert run("validate", table).exit_code == 0
    assert run("solve", written.parent / "notice_2021.csv", "--out", folder).exit_code == 0


def test_a_meeting_moved_to_another_room_in_the_workbook_is_a_difference(tmp_path):
    """Rooms count as well as times (a meeting table's 会议室)."""
    from openpyxl import load_workbook

    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = tmp_path / "out"
    assert run("solve", tmp_path / "meetings_2025.csv", "--out", out, "--time-limit", "3").exit_code == 0
    workbook = load_workbook(out / "timetable.xlsx")
    for title, header in (("会议安排", 2), ("数据", 1)):
        ws = workbook[title]
        room = [c.value for c in ws[header]].index("会议室")
        cell = ws.cell(row=header + 1, column=room + 1)
        cell.value = "大会议室" if cell.value != "大会议室" else "420会议室"
    workbook.save(out / "timetable.xlsx")
    saved_later(out / "timetable.xlsx")
    result = run("validate", out / "timetable.csv")
    assert result.exit_code == 2
    said = re.search(r"（(\S+)：这里 (\S+ \S+) (\S+)，那里 (\S+ \S+) (\S+)）", result.stderr)
    assert said is not None, result.stderr
    assert said[2] == said[4] and said[3] != said[5] and "大会议室" in (said[3], said[5])


def test_a_workbook_not_saved_after_the_csv_is_not_read_again(written, tmp_path, monkeypatch):
    """``--out`` writes the two copies together: reading the CSV does not read the workbook beside it
    (at 5,000 units that cost more than the CSV) unless the workbook was saved after it."""
    from scheduler.files import copies

    folder = tmp_path / "fresh"
    shutil.copytree(written, folder)
    read: list[Path] = []
    real = copies.read_table

    def counted(path, *args, **kwargs):
        read.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(copies, "read_table", counted)
    assert run("validate", folder / "timetable.csv").exit_code == 0
    assert read == []
    saved_later(folder / "timetable.xlsx")
    assert run("validate", folder / "timetable.csv").exit_code == 0
    assert read == [folder / "timetable.xlsx"]


def test_a_weekday_written_after_a_date_is_notation_not_a_difference(tmp_path):
    """``9月8日（星期三）8:00`` (as a notice prints it) and ``2021-09-08 08:00`` are one time: the copies
    are compared with a stand-in year, so the weekday is not checked there (2000-09-08 was a Friday);
    the table's own reading checks it against the campaign's year."""
    printed = "单位,时间\n区财政局,9月8日（星期三）8:00\n区民政局,9月9日(周四) 9:00\n"
    (tmp_path / "a.csv").write_text(printed, encoding="utf-8")
    (tmp_path / "b.csv").write_text("单位,时间\n区财政局,2021-09-08 08:00\n区民政局,9月9日 9:00\n", encoding="utf-8")
    assert differences(read_table(tmp_path / "a.csv"), read_table(tmp_path / "b.csv")) == []


def test_send_from_the_edited_workbook_brings_the_csv_and_the_data_sheet_in_step(written, tmp_path, servers):
    """QA loop M3: the clerk moved a unit in the printable sheet only and mailed with --sheet; the CSV and
    the 数据 sheet kept the old times, and the next command's refusal led back to them. Now send rewrites
    them from the copy mailed, and the next send mails nothing and refuses nothing; before it, the refusal
    says which copy the invites follow."""
    folder = tmp_path / "three"
    shutil.copytree(written, folder)
    book = folder / "timetable.xlsx"
    _swap(book, "区财政局", "区住建局", sheets=("对接计划表",))
    server = servers(tls=None)
    mail = ["--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain"]
    refused = run("send", book, *mail)
    assert (
        refused.exit_code == 2
        and "与这一份相同：" in refused.stderr
        and "对接计划表”" not in refused.stderr.split("相同：")[1]
    )
    sent = run("send", book, "--sheet", "对接计划表", *mail)
    assert sent.exit_code == 0, sent.output
    assert "已按 " in sent.output and "重写" in sent.output
    mailed = len(server.recorder.messages)
    csv = read_table(folder / "timetable.csv")
    assert differences(csv, read_table(book)) == [] and differences(csv, read_table(book, sheet="数据")) == []
    times = {r.get("单位"): r.get("时间") for r in csv.rows}
    assert times["区财政局"].endswith("16:00") and times["区住建局"].endswith("11:00")
    again = run("send", folder / "timetable.csv", *mail)
    assert again.exit_code == 0, again.output
    assert len(server.recorder.messages) == mailed


def test_send_from_the_csv_names_the_workbook_it_rewrites_once(written, tmp_path, servers):
    """Loop 12, finding 4: after an edit of timetable.csv, send said "out/timetable.xlsx、out/timetable.xlsx
    的工作表“数据” 中仍是邀请寄出前的时间" (the workbook twice, and times, though a name may be what changed)."""
    folder = tmp_path / "csv"
    shutil.copytree(written, folder)
    csv, book = folder / "timetable.csv", folder / "timetable.xlsx"
    text = csv.read_text(encoding="utf-8-sig")
    csv.write_text(
        text.replace("区财政局", "\0").replace("区住建局", "区财政局").replace("\0", "区住建局"), "utf-8-sig"
    )
    server = servers(tls=None)
    sent = run("send", csv, "--smtp-host", server.host, "--smtp-port", str(server.port), "--insecure-plain")
    assert sent.exit_code == 0, sent.output
    (line,) = [line for line in sent.output.splitlines() if "重写" in line]
    assert line.startswith(f"{book}（含工作表“数据”） 中仍是邀请寄出前的时间表：已按 {csv}"), line
    assert line.count(str(book)) == 1
    assert differences(read_table(csv), read_table(book, sheet="数据")) == []


def _remark(book: Path, unit: str, text: str) -> None:
    """In Excel: ``unit``'s 备注 cell rewritten in every sheet that has the column, nothing else."""
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    for ws in workbook.worksheets:
        column = None
        for row in ws.iter_rows():
            values = [c.value for c in row]
            if "备注" in values:
                column = values.index("备注")
            elif column is not None and unit in values:
                row[column].value = text
    workbook.save(book)
    saved_later(book)


def test_out_never_overwrites_a_remark_edited_in_the_workbook(written, tmp_path):
    """QA review 12, M1: only times and rooms were compared, so a 备注 (or 类别, 并行组) edited in Excel
    was overwritten by ``--out`` from the CSV, silently. Every cell the CSV would rewrite counts."""
    folder = tmp_path / "remark"
    shutil.copytree(written, folder)
    book, csv = folder / "timetable.xlsx", folder / "timetable.csv"
    _remark(book, "区财政局", "局长9月8日出差，请改期")
    kept = book.read_bytes()
    change = ("--unavailable", "区住建局@9月8日 18:00")
    refused = run("reschedule", csv, *change, "--out", folder)
    assert refused.exit_code == 2 and book.read_bytes() == kept  # (reading the CSV: qaint26 F8, every cell)
    said = "（比这份晚保存）中的时间表与这份不同（区财政局：这里 备注“”，那里 备注“局长9月8日出差，请改期”）"
    assert said in refused.stderr
    assert "--allow-differing-copy" in refused.stderr
    elsewhere = run("solve", written.parent / "notice_2021.csv", "--out", folder)  # a table elsewhere: --out's check
    assert elsewhere.exit_code == 2 and book.read_bytes() == kept
    assert "（区财政局：这里 备注“局长9月8日出差，请改期”，那里 备注“”；在 Excel 里改过？）" in elsewhere.stderr
    carried = run("reschedule", book, *change, "--out", folder)  # from the edited copy: the remark is carried
    assert carried.exit_code == 0, carried.output
    assert differences(read_table(book), read_table(csv), cells=True) == []
    assert "局长9月8日出差" in csv.read_text(encoding="utf-8-sig")


def _options(command: str) -> set[str]:
    """Every long option ``command`` takes."""
    import click

    found = main.get_command(click.Context(main), command)
    assert found is not None
    return {name for param in found.params for name in param.opts if name.startswith("--")}


def test_every_command_that_reads_a_table_names_only_options_it_has_when_it_refuses_a_copy(written, tmp_path):
    """newcomer12: the refusal of two sheets that disagree said "--out then rewrites the other" in validate,
    explain and send, which have no --out. Every command with --sheet is run on such a workbook, and on a
    CSV with an edited workbook beside it: whatever option the refusal names, the command has."""
    from openpyxl import load_workbook

    folder = tmp_path / "data"
    shutil.copytree(written, folder)
    book = folder / "timetable.xlsx"
    workbook = load_workbook(book)
    for row in workbook["数据"].iter_rows(min_row=2):
        if row[2].value == "区财政局":
            row[1].value += timedelta(hours=7)
    workbook.save(book)
    saved_later(book)
    import click

    extra = {
        "send": ("--dry-run", tmp_path / "eml"),
        "reschedule": ("--unavailable", "区住建局@9月8日 18:00"),
        "ics": ("--out", tmp_path / "ics"),
    }
    listed = main.list_commands(click.Context(main))
    commands = [c for c in listed if "--sheet" in _options(c) and c != "serve"]  # serve opens what it is given
    assert {"solve", "validate", "explain", "ics", "reschedule", "send", "replies"} <= set(commands)
    for command in commands:
        for table in (book, folder / "timetable.csv"):
            result = run(command, table, *extra.get(command, ()))
            assert result.exit_code == 2, (command, result.output)
            named = set(re.findall(r"--[a-z][a-z-]*", result.stderr))
            assert "--allow-differing-copy" in named or "--sheet" in named, (command, result.stderr)
            assert named <= _options(command), (command, result.stderr)
    refused = run("send", book, "--dry-run", tmp_path / "eml")
    assert "说明以哪张为准（寄出后会按它重写另一张）" in refused.stderr
    assert "说明以哪张为准（--out 会按它重写另一张）" in run("solve", book).stderr
    invites = run("ics", book, "--out", tmp_path / "ics")  # its --out holds invites: the other sheet stays as it is
    assert "说明以哪张为准；" in invites.stderr and "会覆盖另一份" not in "".join(run("ics", "--help").output.split())


def test_a_contacts_workbook_with_every_sheet_hidden_is_not_told_to_use_sheet(tmp_path):
    """--sheet names the table's sheet, never the contacts' or the people's: their refusal says to unhide one."""
    import zipfile

    from openpyxl import Workbook

    from scheduler.errors import InputError
    from scheduler.files.contacts import read_contacts

    made = Workbook()
    made.active.append(["单位", "邮箱"])
    made.active.append(["区财政局", "czj@example.org"])
    plain = tmp_path / "plain.xlsx"
    made.save(plain)
    hidden = tmp_path / "contacts.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(hidden, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="hidden"')
            out.writestr(item, data)
    with pytest.raises(InputError) as refused:
        read_contacts(hidden)
    assert "--sheet" not in refused.value.text("zh") and "取消隐藏" in refused.value.text("zh")


def test_the_web_apps_meeting_solve_that_found_nothing_in_time_names_its_own_field(monkeypatch):
    """The page has no --time-limit: it names its 时限（秒） field."""
    from types import SimpleNamespace

    from scheduler.web.meeting_views import solved_data

    monkeypatch.setattr("scheduler.export.meeting_summary.meeting_summary_lines", lambda *args: [])
    monkeypatch.setattr("scheduler.web.notices.meeting_hints", lambda *args: [])
    result = SimpleNamespace(status="unknown", plan=None, conflict=None)
    job = SimpleNamespace(result={"result": result, "loaded": SimpleNamespace(problem=None)}, version="1")
    (said,) = solved_data(job, "1", "zh")["conflict"]
    assert said == "时限内没有找到满足全部规则的时间表（可把“时限（秒）”加长再试）。"
