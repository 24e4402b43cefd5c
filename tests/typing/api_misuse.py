"""Misuse the type checker must catch (tests/test_api.py expects exactly these errors)."""

from __future__ import annotations

import scheduler

problem = scheduler.load("examples/notice_2021.csv").problem
scheduler.solve(problem, objective="fastest")  # not an objective
status: str = scheduler.solve(problem).status.upper()  # a Status is a str: allowed
moved: int = scheduler.solve(problem).moves()  # a list of Move, not an int
