"""A campaign mailed by an older build keeps its invites' language after the upgrade (QA upgrade22 F5).

tests/data/upgrade22/en_headers_ca37adbe.tar.gz: a unit table with English headers (No.,Time,Unit…) solved
with ``--out`` and mailed by the build of ca37adbe, whose invites were always Chinese (PRODID …//ZH). The
Twenty-first session made an English-header table's invites English by default: after the upgrade, the
next ``send`` would have mailed every unit an update in English, each asked to answer again.
"""

from __future__ import annotations

import tarfile
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from tests.replies_helpers import run

ARCHIVE = Path(__file__).resolve().parent / "data" / "upgrade22" / "en_headers_ca37adbe.tar.gz"
NOW = {"DOCKING_NOW": "2021-09-02T09:00+08:00"}


def _folder(tmp_path: Path) -> Path:
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path / "en_headers"


def test_an_english_header_campaign_mailed_in_chinese_is_not_mailed_again_after_the_upgrade(tmp_path):
    folder = _folder(tmp_path)
    table = folder / "timetable.csv"
    assert b"//ZH" in (folder / "invites" / "区发改委.ics").read_bytes()
    dry = run("send", str(table), "--dry-run", str(tmp_path / "dry"), env=NOW)
    assert dry.exit_code == 0, dry.output
    assert "将发送 0，此前已发送 3" in dry.output, dry.output
    moved = run("reschedule", str(table), "--unavailable", "区发改委@9月8日 9:00", "--out", str(folder), env=NOW)
    assert moved.exit_code == 0, moved.output
    assert "未变 1" in moved.output and "写法有变" not in moved.output, moved.output
    assert b"//ZH" in (folder / "invites" / "区发改委.ics").read_bytes()


def test_the_language_the_rules_name_is_the_invites_language_even_in_an_older_folder(tmp_path):
    folder = _folder(tmp_path)
    rules = folder / "timetable.toml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("[invites]\n", '[invites]\nlanguage = "en"\n', 1), encoding="utf-8")
    dry = run("send", str(folder / "timetable.csv"), "--dry-run", str(tmp_path / "dry"), env=NOW)
    assert dry.exit_code == 0 and "将发送 3，此前已发送 0" in dry.output, dry.output  # asked for: each an update
    subjects = [message_from_bytes(p.read_bytes(), policy=default)["Subject"] for p in (tmp_path / "dry").glob("*.eml")]
    assert len(subjects) == 3 and all(subject.startswith("Updated: ") for subject in subjects), subjects
