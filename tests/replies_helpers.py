"""A campaign whose invites were mailed, and answer mails in a Maildir: the ground the replies tests stand on."""

from __future__ import annotations

import json
import mailbox
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli.main import main
from scheduler.invites.calendar import Invite
from scheduler.invites.folder import read_invites
from scheduler.mail.journal import SENT, Entry, Journal
from tests import reply_mails as shapes
from tests.reply_mails import Reply

EPOCH = "1630915200"  # 2021-09-06 08:00 UTC


def run(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None):
    """The command line, in Chinese unless ``--lang`` says otherwise, with a fixed clock."""
    base = {"SOURCE_DATE_EPOCH": EPOCH, "DOCKING_LANG": None, "DOCKING_IMAP_PASSWORD": None}
    return CliRunner().invoke(main, list(args), env={**base, **(env or {})}, input=stdin)


def mailed_with_contact_titles(example: Path) -> Path:
    """The notice's invites (in ``example``, a copy of it) titled with each address's contact (``{contact}``
    in the summary), exported beside it and marked as mailed; the table."""
    from tests.conftest import edit

    edit(
        example / "notice_2021.toml",
        'summary = "基层政务公开标准对接：{unit}"',
        'summary = "基层政务公开标准对接：{unit}（{contact}）"',
    )
    table = example / "notice_2021.csv"
    assert run("ics", str(table), "--out", str(example / "invites")).exit_code == 0
    mark_sent(example, {i.journal_key: i for i in read_invites(example / "invites")})
    return table


def mark_sent(folder: Path, invites: dict[str, Invite], at: datetime | None = None) -> None:
    """Record in the journal that every mailed invite went out (as ``send`` would), now or ``at``."""
    path = folder / "mail-journal.jsonl"
    before = path.read_bytes() if path.exists() else b""
    with Journal(path) as journal:
        for invite in invites.values():
            if invite.method in ("REQUEST", "CANCEL"):
                entry = Entry(
                    SENT,
                    invite.unit,
                    invite.journal_key,
                    invite.sequence,
                    invite.method,
                    invite.attendee.address or "",
                    f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>",
                    "",
                    1,
                    250,
                    "2.0.0 Ok",
                    start=invite.start.isoformat(),  # what the message showed, as ``send`` keeps it
                    location=invite.location,
                )
                journal.write(SENT, entry)
    if at is not None:
        lines = [json.loads(line) for line in path.read_bytes()[len(before) :].decode("utf-8").splitlines()]
        stamped = "".join(json.dumps({**line, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n" for line in lines)
        path.write_bytes(before + stamped.encode("utf-8"))


def campaign(folder: Path) -> dict[str, Invite]:
    """Export the notice's invites beside its table and mark them mailed at 8:00 on 6 September 2021 (``EPOCH``),
    before the answers of ``tests.reply_mails`` (10:00 by default): their clocks are right; the invites by unit."""
    table = folder / "notice_2021.csv"
    result = run("ics", str(table), "--out", str(folder / "invites"))
    assert result.exit_code == 0, result.output
    invites = {i.unit: i for i in read_invites(folder / "invites")}
    mark_sent(folder, invites, at=datetime.fromtimestamp(int(EPOCH), UTC))
    return invites


def answer(invite: Invite, **kw) -> Reply:
    """An answer to ``invite`` from its attendee."""
    base = Reply(
        uid=invite.uid,
        attendee=invite.attendee.address or "",
        name=invite.unit,
        sequence=invite.sequence,
        start=invite.start.replace(tzinfo=None),
    )
    return replace(base, **kw)


def maildir(path: Path, *mails: bytes) -> Path:
    """A Maildir holding ``mails`` (created, or added to)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(path, create=True)
    for mail in mails:
        box.add(mail)
    return path


def row(output: str, unit: str) -> str:
    """The line of the standings table that names ``unit``."""
    return next(line for line in output.splitlines() if f"  {unit}  " in line + "  ")


def both_from_a_wrong_clock(invite: Invite) -> tuple[bytes, bytes]:
    """A decline, then an accept, both from a PC whose clock says January 2019 (DTSTAMP and Date): the accept
    claims the later time."""
    decline = answer(invite, partstat="DECLINED", comment="来不了", stamp=datetime(2019, 1, 1, 9, tzinfo=UTC))
    accept = answer(invite, partstat="ACCEPTED", comment="又能来了", stamp=datetime(2019, 1, 2, 9, tzinfo=UTC))
    return shapes.outlook(decline), shapes.outlook(accept)
