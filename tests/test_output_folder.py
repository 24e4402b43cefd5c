"""An output folder that travels, a rules file whose optional keys may all be missing, bytes that repeat."""

from __future__ import annotations

import shutil
import time
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner

from scheduler.cli.main import main

EPOCH = "1630915200"  # 2021-09-06 08:00 UTC, the notice's date


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [*args], env={"DOCKING_LANG": "", **(env or {})})


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_output_folder_holds_everything_it_needs_wherever_it_is_copied(example, tmp_path, monkeypatch):
    out = tmp_path / "out"
    result = run("solve", str(example / "notice_2021.csv"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert 'contacts = "contacts_2021.csv"' in (out / "timetable.toml").read_text(encoding="utf-8")
    elsewhere = tmp_path / "shared drive" / "对接"
    shutil.copytree(out, elsewhere)
    shutil.rmtree(example)  # nothing may point back to where the folder was made
    shutil.rmtree(out)
    monkeypatch.chdir(elsewhere.parent)
    folder = Path("对接")

    assert run("validate", str(folder / "timetable.csv")).exit_code == 0
    assert run("validate", str(folder / "timetable.xlsx")).exit_code == 0
    again = run("ics", str(folder / "timetable.csv"), "--out", str(folder / "invites"))
    assert again.exit_code == 0, again.output
    assert "未变 29" in again.output
    dry = run("send", str(folder / "timetable.csv"), "--dry-run", str(folder / "eml"))
    assert dry.exit_code == 0, dry.output
    assert len(list((folder / "eml").glob("*.eml"))) == 29
    moved = run("reschedule", str(folder / "timetable.csv"), "--unavailable", "区财政局@9月8日", "--out", str(folder))
    assert moved.exit_code == 0, moved.output
    assert "更新 1" in moved.output or "更新 2" in moved.output
    assert (folder / "调整通知.docx").exists()
    assert run("validate", str(folder / "timetable.csv")).exit_code == 0


def test_a_contacts_file_named_like_an_output_is_copied_under_another_name(example, tmp_path):
    (example / "contacts_2021.csv").rename(example / "timetable.csv")
    rules = example / "notice_2021.toml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace('"contacts_2021.csv"', '"timetable.csv"'), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert run("solve", str(example / "notice_2021.csv"), "--out", str(out)).exit_code == 0
    assert 'contacts = "contacts.csv"' in (out / "timetable.toml").read_text(encoding="utf-8")
    assert (out / "contacts.csv").read_bytes() == (example / "timetable.csv").read_bytes()
    assert run("ics", str(out / "timetable.csv"), "--out", str(out / "invites")).exit_code == 0


OPTIONAL = [
    # (path of the key in the rules file, exit code of `solve --out` and `ics` without it)
    (("title",), 0),
    (("timezone",), 0),
    (("meeting_minutes",), 0),
    (("categories",), 0),
    (("links",), 0),
    (("rooms", 0, "name"), 0),
    (("rooms", 0, "capacity"), 1),  # capacity 1: 29 units do not fit in 24 hours, said so (exit 1)
    (("rooms",), 1),  # one unnamed room of capacity 1: the same
    (("invites", "contacts"), 0),
    (("invites", "summary"), 0),
    (("invites", "description"), 0),
    (("invites", "reminder_minutes"), 0),
    (("invites", "bring"), 0),
    (("milestones",), 0),
    (("milestones", "*", "who"), 0),
    (("milestones", "*", "detail"), 0),
    (("milestones", "*", "where"), 0),
]
"""Every optional key of the rules file that the 2021 example sets (``year``, ``[[pins]]``,
``[[unavailable]]``, ``[invites].calendar_name`` are absent from it already)."""


def without(data: dict, path: tuple) -> dict:
    head, rest = path[0], path[1:]
    if not rest:
        assert head in data, path
        return {k: v for k, v in data.items() if k != head}
    if rest[0] == "*":  # from every entry that has it (at least one does)
        assert any(rest[1] in entry for entry in data[head]), path
        return {**data, head: [without(e, rest[1:]) if rest[1] in e else e for e in data[head]]}
    if isinstance(rest[0], int):
        entries = list(data[head])
        entries[rest[0]] = without(entries[rest[0]], rest[1:])
        return {**data, head: entries}
    return {**data, head: without(data[head], rest)}


@pytest.mark.parametrize(
    ("path", "code"), OPTIONAL, ids=lambda p: ".".join(map(str, p)) if isinstance(p, tuple) else ""
)
def test_every_optional_key_may_be_missing(example, tmp_path, path, code):
    rules = example / "notice_2021.toml"
    data = tomllib.loads(rules.read_text(encoding="utf-8"))
    rules.write_text(tomli_w.dumps(without(data, path)), encoding="utf-8")
    table = str(example / "notice_2021.csv")
    formats = "all" if path[0] in ("title", "rooms", "categories") else "csv"  # the others do not reach the annex
    solve = ["solve", table, "--out", str(tmp_path / "out"), "--format", formats]
    for args in (solve, ["ics", table, "--out", str(tmp_path / "ics")]):
        result = run(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        assert result.exit_code == code, result.output
    if code == 0:
        assert (tmp_path / "out" / "timetable.toml").exists() and (tmp_path / "ics" / "office.ics").exists()


def test_without_invites_solve_writes_the_timetable_and_ics_says_what_is_missing(example, tmp_path):
    rules = example / "notice_2021.toml"
    data = tomllib.loads(rules.read_text(encoding="utf-8"))
    rules.write_text(tomli_w.dumps(without(without(data, ("invites",)), ("milestones",))), encoding="utf-8")
    solved = run("solve", str(example / "notice_2021.csv"), "--out", str(tmp_path / "out"))
    assert solved.exit_code == 0 and not (tmp_path / "out" / "invites").exists()
    refused = run("ics", str(example / "notice_2021.csv"), "--out", str(tmp_path / "ics"))
    assert refused.exit_code == 2 and refused.output.count("\n") == 1 and "invites" in refused.output


def _solve_into(folder: Path, table: Path, env: dict[str, str]) -> dict[str, bytes]:
    result = run("solve", str(table), "--out", str(folder), env=env)
    assert result.exit_code == 0, result.output
    return files_of(folder)


def test_with_source_date_epoch_every_output_is_byte_identical_and_without_it_only_the_day_shows(example, tmp_path):
    table = example / "notice_2021.csv"
    fixed, today = {"SOURCE_DATE_EPOCH": EPOCH}, {"SOURCE_DATE_EPOCH": ""}
    day = date.today()
    first, plain = _solve_into(tmp_path / "a", table, fixed), _solve_into(tmp_path / "c", table, today)
    time.sleep(2.1)  # ZIP entry times have a two-second resolution: a later second must not show
    second, plain_again = _solve_into(tmp_path / "b", table, fixed), _solve_into(tmp_path / "d", table, today)

    kinds = {Path(name).suffix for name in first}
    assert {".csv", ".xlsx", ".docx", ".html", ".toml", ".ics", ".json"} <= kinds
    assert first == second
    assert "2021年9月6日" in first["timetable.html"].decode("utf-8")
    for name in ("timetable.xlsx", "timetable.docx"):
        assert b"2021-09-06T08:00:00Z" in _core_properties(tmp_path / "a" / name)

    if date.today() != day:  # midnight passed between the runs: the one difference allowed
        plain = _solve_into(tmp_path / "c", table, today)
    stamped = {n for n in plain if n.startswith("invites/")}  # DTSTAMP: when each new item was made
    assert {n: d for n, d in plain.items() if n not in stamped} == {
        n: d for n, d in plain_again.items() if n not in stamped
    }
    assert f"{day.year}年{day.month}月{day.day}日" in plain["timetable.html"].decode("utf-8")


def _core_properties(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as book:
        assert all(info.date_time[:3] == (2021, 9, 6) for info in book.infolist())
        return book.read("docProps/core.xml")


def test_the_excel_file_has_a_plain_data_sheet_that_sorts_filters_and_reads_back(tmp_path):
    import openpyxl
    import pandas as pd

    out = tmp_path / "out"
    assert run("solve", "--out", str(out), "--format", "xlsx").exit_code == 0
    book = openpyxl.load_workbook(out / "timetable.xlsx")
    assert book.sheetnames == ["对接计划表", "数据"]
    data = book["数据"]
    assert not data.merged_cells.ranges
    assert data.auto_filter.ref == "A1:F30"
    assert data.freeze_panes == "A2" and all(cell.font.b for cell in data[1])
    assert data["B2"].number_format == "yyyy-mm-dd hh:mm" and data.column_dimensions["B"].width == 18
    assert (book.properties.title, book.properties.creator) == (
        "26个试点领域区政府各主管部门工作对接计划表",
        "docking-scheduler",
    )
    frame = pd.read_excel(out / "timetable.xlsx", sheet_name="数据")
    assert list(frame.columns) == ["序号", "时间", "单位", "备注", "类别", "并行组"]
    assert len(frame) == 29 and frame["时间"].notna().all()
    assert str(frame["时间"].dtype).startswith("datetime64")
    # the times the solver chose, as real datetimes: the categories in order
    solved = {row.单位: row.时间.to_pydatetime() for row in frame.itertuples()}
    assert solved["区自然资源局"].isoformat() == "2021-09-08T08:00:00"
    assert frame[frame["类别"] == "镇办"]["时间"].min() > frame[frame["类别"] == "部门"]["时间"].max()
    # sorted by unit in Excel (here: openpyxl), the sheet is still a table the tool reads
    rows = sorted(data.iter_rows(min_row=2, values_only=True), key=lambda r: r[2])
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            data.cell(row=r, column=c, value=value)
    book.save(tmp_path / "sorted.xlsx")
    (tmp_path / "sorted.toml").write_bytes((out / "timetable.toml").read_bytes())
    assert run("validate", str(tmp_path / "sorted.xlsx"), "--sheet", "数据").exit_code == 0
    assert run("validate", str(out / "timetable.xlsx")).exit_code == 0


def test_each_alternative_folder_stands_on_its_own(tmp_path):
    out = tmp_path / "out"
    assert run("solve", "--alternatives", "2", "--out", str(out), "--format", "csv").exit_code == 0
    for number in (1, 2):
        folder = out / f"alternative-{number}"
        assert (folder / "contacts_2021.csv").is_file()
        assert 'contacts = "contacts_2021.csv"' in (folder / "timetable.toml").read_text(encoding="utf-8")
        made = run("ics", str(folder / "timetable.csv"), "--out", str(folder / "invites"))
        assert made.exit_code == 0, made.output


def _meeting_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("meetings_2025.csv", "meetings_2025.toml", "people_2025.csv"):
        shutil.copy(Path(__file__).resolve().parent.parent / "examples" / name, folder / name)
    return folder / "meetings_2025.csv"


@pytest.mark.parametrize("kind", ["units", "meetings"])
def test_a_timetable_file_that_is_a_folder_is_named_before_anything_is_solved(example, tmp_path, kind):
    """QA: 'at/o2: cannot write the output: Is a directory', after the whole solve. Now one line naming
    the file, before reading and solving (nothing else is printed: no timetable, no solve time)."""
    table = example / "notice_2021.csv" if kind == "units" else _meeting_example(tmp_path / "m")
    out = tmp_path / "out"
    (out / "timetable.docx").mkdir(parents=True)
    result = run("solve", str(table), "--out", str(out), "--lang", "en", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 2, result.output
    said = "is a folder, not a file: the output cannot be written there (move or rename it)"
    assert result.output == f"{out / 'timetable.docx'}, option --out: {said}\n"
    assert files_of(out) == {}


def test_an_invites_folder_that_cannot_be_written_is_named_before_anything_is_solved(tmp_path, monkeypatch):
    import os

    from scheduler.files import atomic

    table = _meeting_example(tmp_path / "m")
    out = tmp_path / "out"
    first = run("solve", str(table), "--out", str(out), "--time-limit", "3")
    assert first.exit_code == 0, first.output
    locked = next((out / "invites").iterdir())
    real = os.access
    monkeypatch.setattr(atomic.os, "access", lambda path, mode: Path(path) != locked and real(path, mode))
    before = files_of(out)
    result = run("solve", str(table), "--out", str(out), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert result.output == f"{locked}, option --out: cannot create or write a folder here\n"
    assert "Solve time" not in result.output and files_of(out) == before


def test_a_write_that_fails_names_the_file_it_failed_on(tmp_path, monkeypatch):
    import errno
    import os

    from scheduler.errors import InputError
    from scheduler.files import atomic

    real = atomic._create

    def refused(folder: Path, name: str, suffix: str, *rest):
        if folder.name == "会议二":
            temp = folder / f".{name}.abcd1234{suffix}"
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(temp))
        return real(folder, name, suffix, *rest)

    monkeypatch.setattr(atomic, "_create", refused)
    files = {"timetable.csv": b"x", "invites/会议一/张三.ics": b"a", "invites/会议二/李四.ics": b"b"}
    with pytest.raises(InputError) as caught:
        atomic.write_files(tmp_path / "out", files)
    failed = tmp_path / "out" / "invites" / "会议二" / "李四.ics"
    said = "the system does not permit it (permission denied)"  # in words, not the system's (QA qabig25 F5)
    assert caught.value.text("en") == f"{failed}: cannot write the output: {said}"
    assert not (tmp_path / "out").exists()


def test_a_workbook_is_dated_in_its_zip_headers_without_being_packed_again():
    """``dated_zip`` sets each entry's time (and an MS-DOS origin, whatever system wrote it) in the
    headers only: the compressed data are the writer's, byte for byte, and the archive still reads.
    An archive it cannot walk that way (here: one with a comment) is rewritten by ``stamped_zip``."""
    import io
    import zipfile
    from datetime import datetime

    from scheduler.export.stamps import dated_zip, stamped_zip

    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("[Content_Types].xml", "xl/worksheets/sheet1.xml"):
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), f"<{name}/>" * 50)
    data = written.getvalue()
    moment = datetime(2021, 9, 6, 8, 0, 3)
    dated = dated_zip(data, moment)
    with zipfile.ZipFile(io.BytesIO(dated)) as archive:
        assert archive.testzip() is None
        assert {(i.date_time, i.create_system) for i in archive.infolist()} == {((2021, 9, 6, 8, 0, 2), 0)}
        infos = archive.infolist()
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        for before, after in zip(original.infolist(), infos, strict=True):
            start = before.header_offset + 30 + len(before.filename.encode()) + len(before.extra)
            assert after.header_offset == before.header_offset and after.compress_size == before.compress_size
            assert dated[start : start + after.compress_size] == data[start : start + before.compress_size]
    assert dated_zip(data, moment) == dated  # the same moment, the same bytes

    commented = io.BytesIO(data)
    with zipfile.ZipFile(commented, "a") as archive:
        archive.comment = b"made elsewhere"
    assert dated_zip(commented.getvalue(), moment) == stamped_zip(commented.getvalue(), moment)


LONG_TITLE = ("Joint Review of the Fiscal Year 2028 Capital Improvement Program, " * 5)[:300]
"""QA: a title of 300 characters (over Word's 255 for a document's properties) ended ``solve --out``
and ``reschedule --out`` with an internal error, exit 70."""


def _long_titled(rules: Path) -> None:
    data = tomllib.loads(rules.read_text(encoding="utf-8"))
    data["title"] = LONG_TITLE
    rules.write_text(tomli_w.dumps(data), encoding="utf-8")


def _docx_title(path: Path) -> tuple[str, str]:
    """The document's title property, and the text of its body."""
    import docx

    doc = docx.Document(str(path))
    return doc.core_properties.title, "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.parametrize("kind", ["units", "meetings"])
def test_a_title_longer_than_word_allows_in_a_property_is_written_whole_on_the_page(example, tmp_path, kind):
    table = example / "notice_2021.csv" if kind == "units" else _meeting_example(tmp_path / "m")
    _long_titled(table.with_suffix(".toml"))
    out = tmp_path / "out"
    solved = run("solve", str(table), "--out", str(out), "--time-limit", "20")
    assert solved.exit_code == 0, solved.output
    title, body = _docx_title(out / "timetable.docx")
    assert len(title) == 255 and title.endswith("…") and LONG_TITLE.startswith(title[:-1])
    assert LONG_TITLE in body
    import openpyxl

    assert openpyxl.load_workbook(out / "timetable.xlsx").properties.title == LONG_TITLE
    assert LONG_TITLE in (out / "timetable.html").read_text(encoding="utf-8")


def test_the_adjustment_notice_of_a_long_title_is_written(example, tmp_path):
    _long_titled(example / "notice_2021.toml")
    out = tmp_path / "out"
    moved = run("reschedule", str(example / "notice_2021.csv"), "--unavailable", "区财政局@9月8日", "--out", str(out))
    assert moved.exit_code == 0, moved.output
    title, body = _docx_title(out / "调整通知.docx")
    assert len(title) == 255 and title.endswith("…")
    assert f"《{LONG_TITLE}》" in body
