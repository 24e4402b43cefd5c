"""Work made in a second process (``solve --out``'s formats beside its invites) and files handed over
to disk in parts: the same result and the same files as in one process, all or nothing on failure,
and the one-line error of the process itself when the child fails."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import forked
from scheduler.cli.forked import Forked
from scheduler.cli.main import main
from scheduler.errors import InputError
from scheduler.files import atomic
from scheduler.files.atomic import Staging
from tests.invite_helpers import NOTICE

linux = pytest.mark.skipif(sys.platform != "linux", reason="the second process is forked on Linux only")


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


@pytest.fixture
def forking(monkeypatch):
    """A child is forked even if an earlier test left a thread behind (a server still closing):
    these tests are about the child, not about when one may be forked."""
    monkeypatch.setattr(forked, "can_fork", lambda: True)


@pytest.fixture
def started(monkeypatch) -> list[int | None]:
    """The pid of each child started from now on (``None`` where none could be forked)."""
    pids: list[int | None] = []
    real = Forked._start

    def start(job: Forked[object]) -> None:
        real(job)
        pids.append(job.pid)

    monkeypatch.setattr(Forked, "_start", start)
    return pids


@linux
def test_the_result_is_made_in_a_child_and_handed_back(forking):
    with Forked(_pid_and, 21) as job:
        pid, value = job.result()
    assert value == 42 and pid != os.getpid()


def _fails_in_a_child(parent: int) -> str:
    if os.getpid() != parent:
        raise InputError  # type: ignore[call-arg]  (any failure: here not even a well-made error)
    return "made here"


def _slow_in_a_child(parent: int) -> tuple[int, int]:
    if os.getpid() != parent:
        time.sleep(60)
    return os.getpid(), 2


@linux
def test_a_child_that_fails_or_is_killed_leaves_the_work_to_the_command_itself(forking):
    with Forked(_fails_in_a_child, os.getpid()) as job:
        assert job.result() == "made here"
    with Forked(_slow_in_a_child, os.getpid()) as job:
        assert job.pid is not None
        os.kill(job.pid, 9)  # (a child that answered at once could finish before the kill: this one waits)
        assert job.result() == (os.getpid(), 2)


def test_a_fork_the_system_refuses_leaves_the_work_to_the_command_itself(monkeypatch):
    import errno

    def refused() -> int:
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(forked.os, "fork", refused)
    with Forked(_pid_and, 1) as job:
        assert job.pid is None
        assert job.result() == (os.getpid(), 2)


def test_with_another_thread_running_nothing_is_forked():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Forked(_pid_and, 1) as job:
            assert job.pid is None
            assert job.result() == (os.getpid(), 2)
    finally:
        stop.set()
        other.join()


@linux
def test_a_child_already_reaped_when_the_block_ends_is_not_an_error(forking):
    """SIGTERM heard right after ``result()``'s ``waitpid`` reaped the child, before it forgot the pid:
    the block's end found no child (ChildProcessError, "internal error", exit 70 instead of 130)."""
    with Forked(_pid_and, 1) as job:
        assert job.pid is not None
        os.waitpid(job.pid, 0)  # reaped, as result() had done when the signal came
    assert job.pid is None


@linux
def test_a_child_whose_result_is_not_asked_for_is_ended_and_reaped(forking):
    with Forked(threading.Event().wait) as job:  # would wait for ever
        pid = job.pid
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)


def test_parts_are_renamed_in_the_order_handed_over_and_the_switch_interval_comes_back(tmp_path):
    interval = sys.getswitchinterval()
    with Staging(tmp_path / "out") as staging:
        staging.add({f"invites/{i}.ics": str(i).encode() for i in range(atomic.SYNC_BATCH + 3)})
        staging.add({"timetable.csv": b"table"})
        staging.add({"invites/state.json": b"{}"})
        written = staging.commit()
    assert sys.getswitchinterval() == interval
    assert [p.name for p in written[-2:]] == ["timetable.csv", "state.json"]
    assert len(written) == atomic.SYNC_BATCH + 5
    assert (tmp_path / "out" / "invites" / "7.ics").read_bytes() == b"7"
    assert not list((tmp_path / "out").rglob(".*.tmp"))


def test_a_part_that_fails_removes_every_part_and_the_folders_made(tmp_path, monkeypatch):
    import errno

    real = atomic._write_all

    def full(handle: int, data: bytes) -> None:
        if data == b"late":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(handle, data)

    monkeypatch.setattr(atomic, "_write_all", full)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_bytes(b"old")
    with pytest.raises(InputError, match="磁盘已满"), Staging(tmp_path / "out") as staging:
        staging.add({f"invites/deadlines/{i}.ics": b"x" for i in range(300)})
        staging.add({"keep.txt": b"late"})
        staging.commit()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]
    assert (tmp_path / "out" / "keep.txt").read_bytes() == b"old"


def test_leaving_without_a_commit_leaves_nothing_and_a_name_is_handed_over_once(tmp_path):
    with Staging(tmp_path / "out") as staging:
        staging.add({"invites/a.ics": b"a"})
        with pytest.raises(ValueError, match="twice"):
            staging.add({"invites/a.ics": b"again"})
    assert not (tmp_path / "out").exists()


def _solve(table: Path, out: Path):
    args = ["--lang", "en", "solve", str(table), "--out", str(out), "--time-limit", "5"]
    return CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": "1630915200"})


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_solve_out_with_invites_writes_the_same_files_with_and_without_the_second_process(
    example, tmp_path, monkeypatch, forking, started
):
    table = example / NOTICE.name
    assert _solve(table, tmp_path / "forked").exit_code == 0
    # two children: the formats, and the state's JSON (forked before the staging thread starts)
    assert (len(started) == 2 and None not in started and os.getpid() not in started) or sys.platform != "linux"
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert _solve(table, tmp_path / "alone").exit_code == 0
    made = _files(tmp_path / "forked")
    assert "timetable.xlsx" in made and "invites/state.json" in made and len(made) > 60
    assert made == _files(tmp_path / "alone")


def test_a_format_that_fails_after_the_invites_were_handed_over_is_one_line_and_nothing_is_written(
    example, tmp_path, monkeypatch
):
    from scheduler.export import docx
    from scheduler.text.messages import Message

    def broken(*_args: object) -> bytes:
        raise InputError(Message("output.write", reason="broken"), "timetable.docx")

    monkeypatch.setattr(docx, "render_docx", broken)  # in the child too: it is forked after this
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine")
    result = _solve(example / NOTICE.name, out)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "timetable.docx: cannot write the output: broken"
    assert _files(out) == {"keep.txt": b"mine"}
    assert not list(out.rglob(".*"))


def test_two_writes_at_once_put_the_switch_interval_back_as_it_was(tmp_path):
    """The web app's threads may write at the same time: the interval is shortened while any write
    stages files and comes back as it was when the last one ends, whatever order they end in."""
    interval = sys.getswitchinterval()
    first, second = Staging(tmp_path / "a"), Staging(tmp_path / "b")
    first.add({"a.txt": b"a"})
    second.add({"b.txt": b"b"})
    assert sys.getswitchinterval() == min(interval, atomic.SWITCH_INTERVAL)
    first.commit()
    assert sys.getswitchinterval() == min(interval, atomic.SWITCH_INTERVAL)
    second.commit()
    assert sys.getswitchinterval() == interval


def _without_invites(example: Path) -> Path:
    """The notice's table with its rules less the ``[invites]`` table (and what follows it)."""
    rules = example / "notice_2021.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[: text.index("[invites]")], encoding="utf-8")
    return example / NOTICE.name


def test_solve_out_without_invites_makes_the_xlsx_in_a_child_and_writes_the_same_files(
    example, tmp_path, monkeypatch, forking, started
):
    table = _without_invites(example)
    split = _solve(table, tmp_path / "forked")
    assert split.exit_code == 0, split.output
    assert (len(started) == 1 and started[0] not in (None, os.getpid())) or sys.platform != "linux"
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    alone = _solve(table, tmp_path / "alone")
    assert alone.exit_code == 0
    made = _files(tmp_path / "forked")
    assert {"timetable.csv", "timetable.xlsx", "timetable.docx", "timetable.html"} <= set(made)
    assert made == _files(tmp_path / "alone")
    told = [line.rsplit("/", 1)[-1] for line in split.output.splitlines() if line.startswith("Written")]
    assert told == [line.rsplit("/", 1)[-1] for line in alone.output.splitlines() if line.startswith("Written")]
    assert told[:5] == ["timetable.csv", "timetable.xlsx", "timetable.docx", "timetable.html", "timetable.toml"]


def test_one_format_alone_or_the_xlsx_alone_is_made_in_the_command_itself(example, tmp_path, monkeypatch):
    from scheduler.cli.invites import split_off

    table = _without_invites(example)
    monkeypatch.setattr(Forked, "_start", lambda _job: pytest.fail("nothing to make beside the xlsx"))
    for fmt in ("xlsx", "csv"):
        args = ["--lang", "en", "solve", str(table), "--out", str(tmp_path / fmt), "--format", fmt]
        assert CliRunner().invoke(main, args).exit_code == 0
    assert split_off(("csv", "xlsx"), object()) is None  # with invites, every format is made beside them


def test_an_xlsx_that_fails_in_the_child_is_the_one_line_error_and_nothing_is_written(example, tmp_path, monkeypatch):
    from scheduler.export import xlsx
    from scheduler.text.messages import Message

    def broken(*_args: object) -> bytes:
        raise InputError(Message("output.write", reason="broken"), "timetable.xlsx")

    monkeypatch.setattr(xlsx, "render_xlsx", broken)  # in the child too: it is forked after this
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine")
    result = _solve(_without_invites(example), out)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "timetable.xlsx: cannot write the output: broken"
    assert _files(out) == {"keep.txt": b"mine"}


def test_the_collector_is_paused_while_files_are_made_and_comes_back_as_it_was():
    import gc

    from scheduler.cli.loading import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_frozen_pause_leaves_what_the_block_made_to_no_collection_and_the_collector_as_it_was():
    """``collector_paused(freeze=True)``: what the process holds as the block ends (what the block made with
    it) is frozen, so the collections after it (the command telling what it wrote) do not go through it
    again; what is made after is collected as ever (issue 16)."""
    import gc

    from scheduler.cli.loading import collector_paused

    class Held:
        pass

    def collected(thing: Held) -> bool:  # (in a generation the collector goes through)
        return any(o is thing for generation in range(3) for o in gc.get_objects(generation))

    assert gc.isenabled()
    try:
        with collector_paused():
            loose = Held()
        assert collected(loose)
        with collector_paused(freeze=True):
            kept = Held()
        after = Held()
        assert gc.isenabled()
        assert not collected(kept) and not collected(loose) and collected(after)
    finally:
        gc.unfreeze()


def test_solve_out_freezes_what_it_made_once_the_files_are_written(example, tmp_path, monkeypatch):
    """Before telling the files and the invites, ``solve --out`` freezes what writing them made (at 5,000 units
    with invites two collections of about 80 ms each went through it while the invites were told)."""
    import gc

    from scheduler.cli import loading

    said: list[str] = []
    frozen: list[int] = []
    monkeypatch.setattr(loading.gc, "freeze", lambda: frozen.append(len(said)))
    monkeypatch.setattr("scheduler.cli.invites.report_invites", lambda *_a, **_k: said.append("invites told"))
    assert _solve(example / NOTICE.name, tmp_path / "out").exit_code == 0
    assert said == ["invites told"] and frozen == [0, 0]  # the table read, then the files made: before the telling
    assert gc.isenabled()


CTRL_C_DURING_THE_FORK = """
import os, signal
from scheduler.cli.forked import Forked

signal.signal(signal.SIGINT, signal.default_int_handler)
os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGINT))  # Ctrl+C as the child is made
try:
    with Forked(os.getpid) as job:
        print("went on", job.result() != os.getpid())
except KeyboardInterrupt:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        print("interrupted, no child left")
"""


@linux
def test_ctrl_c_during_the_fork_is_heard_once_the_child_is_known_and_ends_it():
    """Heard in one of Python's fork hooks (logging's), the KeyboardInterrupt was printed as 'Exception
    ignored' and dropped: the command went on to write its files and exit 0."""
    import subprocess

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CTRL_C_DURING_THE_FORK], capture_output=True, text=True, env=env)
    assert done.stdout.splitlines() == ["interrupted, no child left"], done.stderr
    assert done.stderr == ""


@linux
def test_the_child_makes_the_xlsx_alone_and_starts_before_the_timetable_is_printed(
    example, tmp_path, monkeypatch, forking
):
    """The command prints its timetable while the child makes the workbook, and makes the rules file
    itself (the child made one too and threw it away: at 5,000 units 0.05-0.15 s of the longest part)."""
    from scheduler.cli import solving
    from scheduler.export import outputs

    steps: list[str] = []
    dumped = tmp_path / "dumped"
    real_dump, real_show, real_start = outputs.dump_rules, solving._show_result, Forked._start

    def dump(*args: object, **kwargs: object) -> str:
        with dumped.open("a") as record:  # (from the child too: a file, not a list)
            record.write(f"{os.getpid()}\n")
        return real_dump(*args, **kwargs)  # type: ignore[arg-type]

    def start(job: Forked[object]) -> None:
        steps.append("fork")
        real_start(job)

    def show(*args: object, **kwargs: object) -> None:
        steps.append("show")
        real_show(*args, **kwargs)

    monkeypatch.setattr(outputs, "dump_rules", dump)
    monkeypatch.setattr(Forked, "_start", start)
    monkeypatch.setattr(solving, "_show_result", show)
    result = _solve(_without_invites(example), tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert steps == ["fork", "show"]
    assert dumped.read_text().split() == [str(os.getpid())]
    assert (tmp_path / "out" / "timetable.toml").is_file()


def test_a_write_that_fails_before_the_child_starts_still_prints_the_timetable_first(example, tmp_path, monkeypatch):
    from scheduler.invites import settings
    from scheduler.text.messages import Message

    def broken(*_args: object, **_kwargs: object) -> object:
        raise InputError(Message("output.write", reason="broken"), "contacts.csv")

    monkeypatch.setattr(settings, "bundle_rules", broken)
    out = tmp_path / "out"
    result = _solve(_without_invites(example), out)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[-1] == "contacts.csv: cannot write the output: broken"
    assert "Status: optimal (proven)" in lines[:-1] and len(lines) > 25  # the timetable, then the error
    assert not out.exists() or not list(out.iterdir())


@linux
def test_reschedule_prints_its_timetable_while_the_child_makes_the_workbook(example, tmp_path, monkeypatch, forking):
    from scheduler.cli import rescheduling

    steps: list[str] = []
    real_show, real_start = rescheduling._show_result, Forked._start
    monkeypatch.setattr(Forked, "_start", lambda job: steps.append("fork") or real_start(job))
    monkeypatch.setattr(rescheduling, "_show_result", lambda *a, **k: steps.append("show") or real_show(*a, **k))
    table, out = _without_invites(example), tmp_path / "out"
    args = ["--lang", "en", "reschedule", str(table), "--unavailable", "区财政局@9月8日 11:00", "--out", str(out)]
    result = CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": "1630915200"})
    assert result.exit_code == 0, result.output
    assert steps == ["fork", "show"]
    assert (out / "timetable.xlsx").is_file() and (out / "调整通知.docx").is_file()


@linux
def test_each_alternative_makes_its_xlsx_in_a_child_and_the_same_files(
    example, tmp_path, monkeypatch, forking, started
):
    """``solve --alternatives K --out`` made every format of every timetable in the command, the
    collector running: at 5,000 units one timetable's files took 1.2-1.5 s of its CPU (issue 16)."""
    args = ["--lang", "en", "solve", str(example / NOTICE.name), "--alternatives", "3", "--time-limit", "10"]
    env = {"SOURCE_DATE_EPOCH": "1630915200"}
    split = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "forked")], env=env)
    assert split.exit_code == 0, split.output
    assert len(started) == 3 and os.getpid() not in started and None not in started
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    alone = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "alone")], env=env)
    made = _files(tmp_path / "forked")
    assert "alternative-3/timetable.xlsx" in made and "alternative-3/contacts_2021.csv" in made
    assert made == _files(tmp_path / "alone")
    told = [line.replace("forked", "alone") for line in split.output.splitlines() if line.startswith("Written")]
    assert told == [line for line in alone.output.splitlines() if line.startswith("Written")] and len(told) == 18


def _steps(parent: int, fail_after: int | None = None) -> Iterator[tuple[int, int]]:
    for step in range(3):
        if step == fail_after and os.getpid() != parent:
            os._exit(3)  # the child dies half-way (a crash, a kill)
        yield os.getpid(), step


@linux
def test_each_step_is_handed_back_as_the_child_makes_it_and_a_failed_child_leaves_the_rest_here(forking):
    from scheduler.cli.forked import ForkedSteps

    here = os.getpid()
    with ForkedSteps(_steps, here) as job:
        made = [job.next() for _ in range(3)]
    assert [step for _, step in made] == [0, 1, 2] and {pid for pid, _ in made} == {job.child} != {here}
    assert job.failed is None
    with ForkedSteps(_steps, here, 1) as job:
        made = [job.next() for _ in range(3)]
    assert made == [(job.child, 0), (here, 1), (here, 2)] and job.failed == job.child
    with pytest.raises(ChildProcessError):
        os.waitpid(job.child, 0)


def test_steps_are_made_here_where_no_child_can_be_forked(monkeypatch):
    from scheduler.cli.forked import ForkedSteps

    monkeypatch.setattr(forked, "can_fork", lambda: False)
    with ForkedSteps(_steps, os.getpid()) as job:
        assert [job.next() for _ in range(3)] == [(os.getpid(), step) for step in range(3)]
    assert job.child is None


def test_files_staged_by_another_process_are_renamed_with_the_write_or_removed_with_it(tmp_path):
    from scheduler.files.atomic import stage_apart

    out = tmp_path / "out"
    staged = stage_apart(out, {"invites/deadlines/a.ics": b"a", "invites/deadlines/b.ics": b"b"})
    assert not (out / "invites" / "deadlines" / "a.ics").exists() and len(list(out.rglob(".*.tmp"))) == 2
    with Staging(out) as staging:
        staging.adopt(staged)
        staging.add({"invites/x.ics": b"x"})
        with pytest.raises(ValueError, match="twice"):
            staging.add({"invites/deadlines/a.ics": b"again"})
        written = staging.commit()
    assert [p.relative_to(out).as_posix() for p in written] == [
        "invites/deadlines/a.ics",
        "invites/deadlines/b.ics",
        "invites/x.ics",
    ]
    assert _files(out) == {"invites/deadlines/a.ics": b"a", "invites/deadlines/b.ics": b"b", "invites/x.ics": b"x"}
    again = tmp_path / "again"
    with Staging(again) as staging:  # left without a commit: the adopted files go too, and their folders
        staging.adopt(stage_apart(again, {"invites/deadlines/a.ics": b"a"}))
        staging.add({"invites/x.ics": b"x"})
    assert not again.exists()


@linux
def test_solve_out_makes_the_deadlines_in_a_child_while_it_solves_and_writes_the_same_files(
    example, tmp_path, monkeypatch, forking
):
    """The deadline calendars and their files are made by a child forked before the search; the folder
    is the one the command writes alone, also when that child dies half-way (its files cleared)."""
    from scheduler.cli import invites as cli_invites
    from scheduler.cli.forked import ForkedSteps

    children: list[ForkedSteps[object]] = []
    real = ForkedSteps.__enter__

    def enter(job: ForkedSteps[object]) -> ForkedSteps[object]:
        children.append(job)
        return real(job)

    monkeypatch.setattr(ForkedSteps, "__enter__", enter)
    table = example / NOTICE.name
    assert _solve(table, tmp_path / "forked").exit_code == 0
    assert len(children) == 1 and children[0].child not in (None, os.getpid()) and children[0].failed is None
    made = _files(tmp_path / "forked")
    assert any(name.startswith("invites/deadlines/") for name in made)

    real_steps = cli_invites._deadline_steps

    parent = os.getpid()

    def dies_after_the_calendars(*args: object) -> Iterator[object]:
        for number, value in enumerate(real_steps(*args)):  # type: ignore[arg-type]
            yield value
            if number == 0 and os.getpid() != parent:
                os._exit(3)

    monkeypatch.setattr(cli_invites, "_deadline_steps", dies_after_the_calendars)
    assert _solve(table, tmp_path / "died").exit_code == 0
    assert children[-1].failed is not None
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert _solve(table, tmp_path / "alone").exit_code == 0
    assert made == _files(tmp_path / "died") == _files(tmp_path / "alone")
    assert not list(tmp_path.rglob(".*"))


@linux
def test_a_solve_that_fails_after_the_deadlines_were_staged_leaves_nothing(example, tmp_path, monkeypatch, forking):
    from scheduler.cli import invites as cli_invites
    from scheduler.text.messages import Message

    def broken(*_args: object, **_kwargs: object) -> None:
        raise InputError(Message("output.write", reason="broken"), "invites")

    monkeypatch.setattr(cli_invites, "export", broken, raising=False)
    monkeypatch.setattr("scheduler.invites.folder.export", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine")
    result = _solve(example / NOTICE.name, out)
    assert result.exit_code == 2
    assert _files(out) == {"keep.txt": b"mine"}
    assert not list(out.rglob(".*")) and not (out / "invites").exists()
    assert _solve(example / NOTICE.name, tmp_path / "new" / "out").exit_code == 2
    assert not (tmp_path / "new").exists()  # (the folders the child made for its files, DIR's too)


def test_a_folder_where_a_file_goes_is_refused_before_anything_is_written_and_a_link_to_one_is_not(tmp_path):
    out = tmp_path / "out"
    (out / "invites" / "b.ics").mkdir(parents=True)
    (out / "elsewhere").mkdir()
    (out / "invites" / "c.ics").symlink_to(out / "elsewhere")
    with pytest.raises(InputError, match="folder") as error, Staging(out) as staging:
        staging.add({"invites/a.ics": b"a", "invites/b.ics": b"b"})
    assert error.value.path == str(out / "invites" / "b.ics")
    assert sorted(p.name for p in (out / "invites").iterdir()) == ["b.ics", "c.ics"]
    with Staging(out) as staging:
        staging.add({"invites/c.ics": b"c", "new/d.ics": b"d"})
        staging.commit()
    assert (out / "invites" / "c.ics").read_bytes() == b"c" and not (out / "invites" / "c.ics").is_symlink()


def test_steps_whose_fork_the_system_refuses_are_made_here_and_leave_no_pipe_open(monkeypatch):
    import errno

    from scheduler.cli.forked import ForkedSteps

    def refused() -> int:
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(forked.os, "fork", refused)
    before = len(os.listdir("/proc/self/fd")) if sys.platform == "linux" else 0
    with ForkedSteps(_steps, os.getpid()) as job:
        assert job.pid is None and job.child is None
        assert [job.next() for _ in range(3)] == [(os.getpid(), step) for step in range(3)]
    assert sys.platform != "linux" or len(os.listdir("/proc/self/fd")) == before


_ORPHANED = """
import os, sys, time
from scheduler.cli.forked import ForkedSteps

def steps(path):
    with open(path, "w") as out:
        out.write(str(os.getpid()))
    yield 1
    time.sleep(300)  # a long search's deadlines, still being staged
    yield 2

with ForkedSteps(steps, sys.argv[1]) as job:
    job.next()
    print("ready", flush=True)
    time.sleep(300)
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped by whoever adopted it, does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\\nState:\\tZ" not in status


@linux
def test_a_child_ends_when_the_command_is_killed(tmp_path):
    """QA review 12, L4: ``kill -9`` of ``solve --out`` left its deadline child running, staging files
    in DIR/invites/deadlines for nobody. The child gets a parent-death signal: it ends with the command."""
    import signal
    import subprocess

    script, told = tmp_path / "orphaned.py", tmp_path / "child.pid"
    script.write_text(_ORPHANED)
    command = subprocess.Popen([sys.executable, str(script), str(told)], stdout=subprocess.PIPE, text=True)
    child = None
    try:
        assert command.stdout is not None and command.stdout.readline().strip() == "ready"
        child = int(told.read_text())
        assert _alive(child)
        command.send_signal(signal.SIGKILL)
        command.wait()
        for _ in range(200):  # (a wait for the kernel's signal, not a speed target: 20 s at most)
            if not _alive(child):
                break
            time.sleep(0.1)
        assert not _alive(child)
    finally:
        command.kill()
        command.wait()
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)
