"""Random edit sequences of a campaign (issue 13): units dropped, added, moved and renamed, state.json deleted or
damaged, the invites exported again and mailed, in any order. Whatever happens:

* no item's SEQUENCE in the invite files ever goes down, and none goes below what was mailed;
* nothing is written outside the output folder (everything else is hashed before and after each run);
* without ``--allow-cancel`` a run cancels at most max(1, min(3, 10% of the live invites)) invites,
  or refuses (exit 2) and changes nothing;
* every run ends with exit 0 or 2, never a traceback.

The campaign is small (up to 8 units, 16 slots) so that many sequences run in seconds; the code paths
are those of any size.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scheduler.cli.main import main
from scheduler.mail.flow import SendRequest, send_invites
from scheduler.mail.journal import lines
from scheduler.mail.server import PLAIN, Server
from tests.safety_helpers import Accepting, folder_hash

SLOTS = [f"9月{day}日 {hour}:00" for day in (8, 9) for hour in (8, 9, 10, 11, 15, 16, 17, 18)]
POOL = [f"单位{c}" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"]
RULES = """days = ["2021-09-08", "2021-09-09"]
hours = ["8:00", "9:00", "10:00", "11:00", "15:00", "16:00", "17:00", "18:00"]
[invites]
campaign = "property"
contacts = "contacts.csv"
[invites.organizer]
name = "北关区人民政府办公室"
email = "zwgk-office@example.org"
"""


def cancel_limit(live: int) -> int:
    """The documented rule (docs/promises.md), written here again so that the test does not trust the code:
    up to 3 cancellations and up to 10% of the live invites, but always one."""
    return max(1, min(3, live // 10))


_ITEM = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.S)
_UID = re.compile(rb"\r\nUID:([^\r\n]+)\r\n")
_SEQUENCE = re.compile(rb"\r\nSEQUENCE:(\d+)\r\n")


@dataclass
class Campaign:
    folder: Path
    units: dict[str, int] = field(default_factory=dict)  # unit -> slot
    highest: dict[str, int] = field(default_factory=dict)  # UID -> highest SEQUENCE seen in a file
    mailed: dict[str, int] = field(default_factory=dict)  # UID -> highest SEQUENCE mailed

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def write_table(self) -> None:
        rows = ["单位,时间"] + [f"{u},{SLOTS[s]}" for u, s in self.units.items()]
        (self.folder / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        contacts = ["单位,邮箱"] + [f"{u},u{POOL.index(u)}@units.test" for u in POOL]
        (self.folder / "contacts.csv").write_text("\n".join(contacts) + "\n", encoding="utf-8")

    def free_slot(self, hint: int) -> int | None:
        taken = set(self.units.values())
        free = [s for s in range(len(SLOTS)) if s not in taken]
        return free[hint % len(free)] if free else None

    def file_sequences(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for path in self.out.rglob("*.ics"):
            for block in _ITEM.findall(path.read_bytes()):
                uid = _UID.search(block)[1].decode()
                found[uid] = max(found.get(uid, -1), int(_SEQUENCE.search(block)[1]))
        return found

    def live(self) -> dict[str, str]:
        """Each unit's invite method as the state says (REQUEST or CANCEL), when there is a readable state."""
        try:
            state = json.loads((self.out / "state.json").read_text(encoding="utf-8"))
            return {i["unit"]: i["method"] for i in state["invites"]}
        except (OSError, ValueError, KeyError, TypeError):
            return {}


def operations():
    index = st.integers(0, 15)
    return st.lists(
        st.one_of(
            st.tuples(st.just("drop"), index, st.integers(1, 3)),
            st.tuples(st.just("add"), index, index),
            st.tuples(st.just("move"), index, index),
            st.tuples(st.just("rename"), index, index),
            st.tuples(st.just("delete state")),
            st.tuples(st.just("damage state"), st.sampled_from(["cut", "garbage", "escape", "lower", "campaign"])),
            st.tuples(st.just("export"), st.booleans()),
            st.tuples(st.just("mail"), st.booleans()),
        ),
        min_size=1,
        max_size=12,
    )


def apply(campaign: Campaign, op: tuple) -> None:
    units = list(campaign.units)
    kind = op[0]
    if kind == "drop":  # one to three units withdrawn (one always stays)
        for _ in range(min(op[2], len(units) - 1)):
            del campaign.units[units.pop(op[1] % len(units))]
    elif kind in ("add", "rename"):
        spare = [u for u in POOL if u not in campaign.units]
        if not spare:
            return
        new = spare[op[2] % len(spare)]
        if kind == "rename":
            old = units[op[1] % len(units)]
            campaign.units[new] = campaign.units.pop(old)
        else:
            slot = campaign.free_slot(op[1])
            if slot is not None:
                campaign.units[new] = slot
    elif kind == "move":
        slot = campaign.free_slot(op[2])
        if slot is not None:
            campaign.units[units[op[1] % len(units)]] = slot
    elif kind == "delete state":
        (campaign.out / "state.json").unlink(missing_ok=True)
    elif kind == "damage state":
        damage(campaign.out / "state.json", op[1])
    campaign.write_table()


def damage(path: Path, how: str) -> None:
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    if how == "cut":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == "garbage":
        path.write_text("not json at all", encoding="utf-8")
    else:
        try:
            data = json.loads(text)
        except ValueError:  # damaged already
            return
        if how == "escape" and data["invites"]:
            data["invites"][0]["file"] = "../../escaped.ics"
        elif how == "lower":  # an old copy of the state: every SEQUENCE back to 0
            for item in data["items"]:
                item["sequence"] = 0
            for invite in data["invites"]:
                invite["sequence"] = 0
        elif how == "campaign":
            data["campaign"] = "another"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def run(campaign: Campaign, op: tuple) -> None:
    """Export (``ics``) or mail (``send_invites``), checking every promise around it."""
    before_outside = {k: v for k, v in folder_hash(campaign.folder).items() if not k.startswith("out/")}
    before_out = folder_hash(campaign.out) if campaign.out.exists() else {}
    methods_before = campaign.live()
    live_before = sum(1 for m in methods_before.values() if m != "CANCEL")
    allow = op[1]
    if op[0] == "export":
        args = ["ics", str(campaign.folder / "t.csv"), "--out", str(campaign.out)]
        result = CliRunner().invoke(main, [*args, *(["--allow-cancel"] if allow else [])])
        code, output = result.exit_code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    else:
        request = SendRequest(
            campaign.folder / "t.csv",
            invites=campaign.out,
            server=Server("127.0.0.1", 9, PLAIN),
            allow_cancel=allow,
        )
        accepting = Accepting()
        try:
            assert send_invites(request, transport=accepting).ok
            code, output = 0, ""
        except Exception as error:  # only our own errors may come out, as bad input
            from scheduler.errors import InputError

            assert isinstance(error, InputError), repr(error)
            code, output = 2, error.text("en")
        for mail in accepting.mails:
            campaign.mailed[mail.uid] = max(campaign.mailed.get(mail.uid, -1), mail.sequence)
        if not allow:
            cancels = [m for m in accepting.mails if m.method == "CANCEL"]
            mailed_units = {e.uid for e in lines(campaign.folder / "mail-journal.jsonl")}
            assert len(cancels) <= cancel_limit(len(mailed_units)), output
    assert code in (0, 2), output
    after_outside = {k: v for k, v in folder_hash(campaign.folder).items() if not k.startswith("out/")}
    changed = {k for k in set(before_outside) | set(after_outside) if before_outside.get(k) != after_outside.get(k)}
    assert changed <= {"mail-journal.jsonl"}, changed  # the journal beside the table, and the output folder
    assert not (campaign.folder.parent / "escaped.ics").exists()
    if code == 2:
        assert folder_hash(campaign.out) == before_out if campaign.out.exists() else not before_out, output
        return
    sequences = campaign.file_sequences()
    for uid, sequence in sequences.items():
        assert sequence >= campaign.highest.get(uid, -1), (uid, sequence, campaign.highest.get(uid))
        assert sequence >= campaign.mailed.get(uid, -1), (uid, sequence, campaign.mailed.get(uid))
        campaign.highest[uid] = max(campaign.highest.get(uid, -1), sequence)
    if op[0] == "export" and not allow:
        methods_after = campaign.live()
        newly = [u for u, m in methods_after.items() if m == "CANCEL" and methods_before.get(u, "CANCEL") != "CANCEL"]
        assert len(newly) <= cancel_limit(live_before), (newly, live_before)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.integers(2, 8), ops=operations())
# the sequences that broke a promise before these fixes, always tried besides the random ones
@example(start=6, ops=[("drop", 0, 3), ("export", False)])  # cancels without consent
@example(start=6, ops=[("mail", False), ("drop", 0, 3), ("mail", False)])  # mails cancellations unasked
@example(start=4, ops=[("move", 0, 5), ("export", False), ("damage state", "lower"), ("export", False)])
@example(start=4, ops=[("move", 0, 5), ("mail", False), ("delete state",), ("move", 0, 3), ("export", False)])
@example(start=4, ops=[("damage state", "escape"), ("move", 0, 5), ("export", False)])
@example(start=4, ops=[("rename", 1, 2), ("export", True), ("delete state",), ("rename", 0, 1), ("mail", True)])
def test_random_edits_never_lower_a_sequence_never_write_outside_never_cancel_unasked(start, ops):
    root = Path(tempfile.mkdtemp(prefix="campaign-"))
    try:
        campaign = Campaign(root / "c")
        campaign.folder.mkdir()
        (campaign.folder / "t.toml").write_text(RULES, encoding="utf-8")
        campaign.units = {POOL[i]: i for i in range(start)}
        campaign.write_table()
        run(campaign, ("export", False))
        for op in ops:
            if op[0] in ("export", "mail"):
                run(campaign, op)
            else:
                apply(campaign, op)
        run(campaign, ("export", True))
    finally:
        shutil.rmtree(root)
