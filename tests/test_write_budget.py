"""Issue 16's T + 1 promise for commands that write a folder (``solve``/``reschedule --out``): the work
done once that was done twice, the same files either way."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from tests.invite_helpers import NOTICE

EPOCH = {"SOURCE_DATE_EPOCH": "1630915200"}


def run(*args: str) -> object:
    return CliRunner().invoke(main, [*args], env=EPOCH)


def test_reschedule_reads_the_invites_folder_once(example, tmp_path, monkeypatch):
    """``reschedule --out`` reads the invites' state (its JSON, every file's SEQUENCE) before it solves,
    to refuse bad input early, and again for the changed table: the second read took the first's
    (1 s of CPU at 5,000 units with the notice's deadlines)."""
    from scheduler.invites import rebuild

    out = tmp_path / "out"
    first = run("solve", str(example / NOTICE.name), "--out", str(out))
    assert first.exit_code == 0, first.output
    reads: list[Path] = []
    real = rebuild.file_sequences

    def counted(root: Path, state: object) -> dict[str, int]:
        reads.append(root)
        return real(root, state)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuild, "file_sequences", counted)
    moved = run("reschedule", str(out / "timetable.csv"), "--unavailable", "区财政局@9月8日 11:00", "--out", str(out))
    assert moved.exit_code == 0, moved.output
    assert "更新" in moved.output
    assert reads == [out / "invites"]


def test_event_blocks_are_what_the_pattern_found():
    """The VEVENT blocks found with ``bytes.find`` are the pattern's, on pieces put together at random
    (nested, unclosed, broken lines)."""
    import random
    import re

    from scheduler.invites.rebuild import event_blocks

    pattern = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.S)
    pieces = [b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"UID:x\r\n", b"\r\n", b"BEGIN:VEVENT", b"END:VEVENT\n", b"a"]
    draw = random.Random(16)
    for _ in range(3000):
        data = b"".join(draw.choice(pieces) for _ in range(draw.randrange(12)))
        assert event_blocks(data) == pattern.findall(data), data


def test_leftover_items_come_by_start_owner_and_uid_whatever_order_the_state_held():
    """:meth:`Versions.leftover` sorts what is left when asked (not every old item up front): the
    order is the one it always was, by start, owner and UID, for any order of the state's items."""
    import random
    from datetime import UTC, datetime

    from scheduler.invites.state import Record
    from scheduler.invites.versions import DEADLINE, MEETING, Versions

    draw = random.Random(7)
    records = []
    for n in range(300):
        kind = draw.choice((MEETING, DEADLINE))
        owner, start = f"unit{draw.randrange(20)}", f"2021-09-{draw.randrange(1, 29):02d}"
        stamp = datetime(2021, 1, 1, tzinfo=UTC)
        records.append(Record(f"uid{n:03d}", kind, owner, 0, stamp, "", "", start, start))
    produced = {r.uid for r in draw.sample(records, 100)}
    for _ in range(5):
        draw.shuffle(records)
        versions = Versions({r.uid: r for r in records}, datetime(2021, 9, 1, tzinfo=UTC))
        versions.records.update((uid, records[0]) for uid in produced)
        for kind in (MEETING, DEADLINE):
            left = sorted(
                (r for r in records if r.kind == kind and r.uid not in produced),
                key=lambda r: (r.start, r.owner, r.uid),
            )
            assert versions.leftover(kind) == left
            assert versions.leftover(kind, "unit3") == [r for r in left if r.owner == "unit3"]


def _exports(monkeypatch) -> list[bool]:
    """Whether each export the command makes was handed deadline calendars made beforehand (given, or
    given by the function it is handed, called once the office's copies are made)."""
    from scheduler.invites import folder

    handed: list[bool] = []
    real = folder.build_invites

    def recorded(*args: object, **kwargs: object) -> object:
        given = args[-1]
        if not callable(given):
            handed.append(given is not None)
            return real(*args, **kwargs)  # type: ignore[arg-type]

        def asked() -> object:
            made = given()
            handed.append(made is not None)
            return made

        return real(*args[:-1], asked, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(folder, "build_invites", recorded)
    return handed


def test_reschedule_makes_the_deadlines_while_it_solves_and_the_files_are_the_same(example, tmp_path, monkeypatch):
    """``reschedule --out`` makes the units' deadline calendars in a forked child while it solves, as
    ``solve --out`` does (0.5 s of CPU off the command's path at 5,000 units), and writes the very bytes
    it wrote when it made them itself; a ``--drop`` leaves the child's work unused."""
    from scheduler.cli import forked

    out, plain = tmp_path / "out", tmp_path / "plain"
    for folder in (out, plain):
        assert run("solve", str(example / NOTICE.name), "--out", str(folder)).exit_code == 0
    move = ("--unavailable", "区财政局@9月8日 11:00")
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # (a thread another test left would forbid it)
    handed = _exports(monkeypatch)
    moved = run("reschedule", str(out / "timetable.csv"), *move, "--out", str(out))
    assert moved.exit_code == 0, moved.output
    assert handed == [True]
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    alone = run("reschedule", str(plain / "timetable.csv"), *move, "--out", str(plain))
    assert alone.exit_code == 0, alone.output
    assert handed == [True, False]
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    for name in files:
        assert (out / name).read_bytes() == (plain / name).read_bytes(), name
    monkeypatch.undo()
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    handed = _exports(monkeypatch)
    dropped = run("reschedule", str(out / "timetable.csv"), "--drop", "区司法局", "--out", str(out))
    assert dropped.exit_code == 0, dropped.output
    assert handed == [False]
    assert not list(out.rglob(".*.tmp"))
