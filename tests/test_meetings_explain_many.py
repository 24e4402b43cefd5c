"""An explanation of a meeting table the time left unsettled, over more rules than a list can show, is one
sentence with the counts, as a unit table's is (scheduler/solver/diagnose.py, ``not_narrowed``): QA
qabigmeet22 saw 20 time windows and "……等 3616 条" at 2,000 meetings, all of the table's rules, unproven,
none of them the cause (the series' seats were)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import scheduler.meetings.diagnose as diagnose
from scheduler.conflicts.story import MOST
from scheduler.files.meeting_files import load_meetings
from scheduler.meetings.model import MeetingModel
from scheduler.rules.registry import session_instances


def _table(folder: Path, rows: int):
    (folder / "m.toml").write_text(
        'days = ["2027-03-01", "2027-03-02"]\nhours = ["8:00-12:00", "14:00-17:00"]\ngrid_minutes = 30\n'
        '[[rooms]]\nname = "甲室"\n[[rooms]]\nname = "乙室"\n[[rooms]]\nname = "丙室"\n[[rooms]]\nname = "丁室"\n',
        encoding="utf-8",
    )
    lines = [f"会{k:02d},1小时,人{k:02d},,{'上午' if k % 2 else '下午'}" for k in range(rows)]
    (folder / "m.csv").write_text("会议,时长,参会人员,指定会议室,时段\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return load_meetings(folder / "m.csv").problem


@pytest.fixture
def undecided(monkeypatch):
    """Every question to the explaining model comes back unsettled (a table too hard for the time)."""
    monkeypatch.setattr(diagnose, "clash", lambda prep, until: None)
    monkeypatch.setattr(diagnose, "packs", lambda problem, until: False)
    real = MeetingModel.build

    def build(self, *args):
        model = real(self, *args)
        model.cp.solve = lambda *a, **k: SimpleNamespace(status="UNKNOWN", has_solution=False, core=())
        return model

    monkeypatch.setattr(MeetingModel, "build", build)


@pytest.mark.parametrize("infeasible", [False, True])
def test_every_rule_left_unsettled_is_one_sentence_with_the_counts(tmp_path, undecided, infeasible):
    problem = _table(tmp_path, MOST + 5)
    conflict = diagnose.explain_meetings(problem, 5, infeasible=infeasible)
    assert conflict is not None and not conflict.minimal and conflict.proven == infeasible
    for lang in ("zh", "en"):
        lines = conflict.lines(lang)
        assert len(lines) == 1, lines
        assert str(len(session_instances(problem))) in lines[0] and "--time-limit" in lines[0]
    assert "个会议" in conflict.lines("zh")[0] and "等" not in conflict.lines("zh")[0]


def test_a_few_rules_left_unsettled_are_still_listed(tmp_path, undecided):
    problem = _table(tmp_path, 3)
    conflict = diagnose.explain_meetings(problem, 5, infeasible=True)
    assert conflict is not None and not conflict.minimal
    assert len(conflict.instances) == len(conflict.lines("zh")) - 2 > 0  # header, list header, the rules
