"""The page's 求解 plans as of now, as ``reschedule`` does (F6; docs/web.md, "Solve and replan"): unit and
meeting projects, either objective, read ``DOCKING_NOW`` (the page has no ``--now``) or the clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.test_web_app import client_for, post, version, wait_for
from tests.test_web_meetings import client_for as meetings_client
from tests.test_web_meetings import meeting_project, start_solve
from tests.web_helpers import make_project


@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_a_unit_projects_solve_holds_the_units_whose_meetings_have_started(tmp_path, monkeypatch, objective):
    import scheduler.web.solving as solving

    monkeypatch.setenv("DOCKING_NOW", "2021-09-08T16:30:00+08:00")
    seen = []
    real = solving.run

    def spy(job, task, problem, *args):
        seen.append(problem)
        return real(job, task, problem, *args)

    monkeypatch.setattr(solving, "run", spy)
    make_project(tmp_path / "project")
    _, client, guard = client_for(tmp_path / "project")
    job = post(client, guard, "/api/solve", {"version": version(client), "objective": objective, "time_limit": 10})
    data = wait_for(client, job.get_json()["job"])
    now = datetime(2021, 9, 8, 16, 30).isoformat(timespec="minutes")
    before = {m["unit"]: m["start"] for m in client.get("/api/project").get_json()["meetings"]}
    after = {m["unit"]: m["start"] for m in data["result"]["timetables"][0]["meetings"]}
    started = {u for u, start in before.items() if start < now}
    assert started and all(after[u] == before[u] for u in started)  # 9月8日 8:00-16:00: held
    held = getattr(seen[0], "as_of", None)  # the problem solved is as of now (rule started)
    assert held is not None and {h.unit for h in held.held} == started
    assert all(after[u] >= now for u in before if u not in started)  # nobody moved into the past


@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_a_meeting_projects_solve_keeps_the_meetings_that_have_started(tmp_path, monkeypatch, objective):
    import scheduler.meetings.planner as planner
    import scheduler.meetings.replanning as replanning

    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00:00+08:00")
    seen = []
    for module, name in ((planner, "solve_meetings"), (replanning, "replan_meetings")):
        real = getattr(module, name)

        def spy(problem, *args, _real=real, **kwargs):
            seen.append(problem)
            return _real(problem, *args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    client = meetings_client(meeting_project(tmp_path))
    _, job = start_solve(client, objective, 5)
    wait_for(client, job)
    pinned = {p.title: p.start for p in seen[0].pins}
    assert pinned == {  # 7月15日 before noon: held where they are
        "标准目录审核（三）": datetime(2025, 7, 15, 8, 0),
        "网站栏目设置讨论": datetime(2025, 7, 15, 9, 30),
        "季度检查培训": datetime(2025, 7, 15, 10, 30),
    }


@pytest.mark.parametrize("objective", ["compact", "stable"])
def test_a_begun_meeting_off_the_grid_is_named_at_its_row_and_time_column_as_on_the_command_line(
    tmp_path, monkeypatch, objective
):
    """(review16 §10) The page said the refusal without the row and column the CLI gives (one helper now)."""
    monkeypatch.setenv("DOCKING_NOW", "2025-07-15T12:00:00+08:00")
    folder = meeting_project(tmp_path)
    table = folder / "timetable.csv"
    text = table.read_text(encoding="utf-8-sig")
    assert "2025-07-15 09:30" in text
    table.write_text(text.replace("2025-07-15 09:30", "2025-07-15 09:40", 1), encoding="utf-8-sig")
    client = meetings_client(folder)
    _, job = start_solve(client, objective, 5)
    data = wait_for(client, job)
    assert data["state"] == "failed"
    assert data["error"].startswith(f"{table}, 第 3 行, 列“时间”: 会议“网站栏目设置讨论”已于 7月15日 9:40 开始")
