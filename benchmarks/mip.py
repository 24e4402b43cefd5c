"""The same model as a MIP on HiGHS: our CP-SAT model proto handed to ``highspy``.

Every variable of our model is Boolean and every constraint linear (exactly-one,
at-most-one, bool-or and linear), so the translation is exact. HiGHS honours its
``time_limit`` only between its own checks, so a callback also stops it at the
wall-clock limit.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import highspy
import numpy as np

from scheduler.solver.cpsat import CpModel


@dataclass(frozen=True)
class MipOutcome:
    status: str  # "OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"
    values: tuple[int, ...]
    objective: float | None
    bound: float | None
    wall_time: float
    first_solution: float | None


def to_highs(cp: CpModel) -> highspy.HighsLp:
    """The model proto as a HiGHS LP with every column integer in [0, 1]."""
    proto = cp.proto
    n = cp.num_variables
    lower, upper, starts, index, value = [], [], [0], [], []
    for ct in proto.constraints:
        if len(ct.enforcement_literal):
            raise ValueError("enforced constraints (explanations) are not translated")
        if ct.has_linear():
            domain = list(ct.linear.domain)  # the proto's repeated fields take no negative index
            lo, hi = domain[0], domain[-1]
            variables, coeffs = list(ct.linear.vars), list(ct.linear.coeffs)
        elif ct.has_exactly_one():
            variables, lo, hi = list(ct.exactly_one.literals), 1, 1
            coeffs = [1] * len(variables)
        elif ct.has_at_most_one():
            variables, lo, hi = list(ct.at_most_one.literals), -np.inf, 1
            coeffs = [1] * len(variables)
        elif ct.has_bool_or():
            variables, lo, hi = list(ct.bool_or.literals), 1, np.inf
            coeffs = [1] * len(variables)
        else:
            raise ValueError("unsupported constraint")
        if any(v < 0 for v in variables):
            raise ValueError("negated literals are not translated")
        merged: dict[int, int] = {}
        for var, coeff in zip(variables, coeffs, strict=True):
            merged[var] = merged.get(var, 0) + coeff
        lower.append(-np.inf if lo <= -(2**62) else lo)
        upper.append(np.inf if hi >= 2**62 else hi)
        index += merged.keys()
        value += merged.values()
        starts.append(len(index))
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(lower)
    cost = np.zeros(n)
    for var, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        cost[var] += coeff
    lp.col_cost_ = cost
    lp.offset_ = proto.objective.offset
    domains = [list(v.domain) for v in proto.variables]
    lp.col_lower_ = np.array([d[0] for d in domains], dtype=float)
    lp.col_upper_ = np.array([d[-1] for d in domains], dtype=float)
    lp.row_lower_ = np.array(lower, dtype=float)
    lp.row_upper_ = np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = len(lower)
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    return lp


def solve_mip(cp: CpModel, time_limit: float, hint: Mapping[int, int] | None = None, threads: int = 2) -> MipOutcome:
    """Solve the model with HiGHS within ``time_limit`` seconds of wall clock."""
    started = time.perf_counter()
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("time_limit", max(0.01, time_limit))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 0.0)
    if h.passModel(to_highs(cp)) != highspy.HighsStatus.kOk:
        raise ValueError("HiGHS refused the model")
    if hint:
        solution = highspy.HighsSolution()
        solution.col_value = [float(hint.get(i, 0)) for i in range(cp.num_variables)]
        h.setSolution(solution)
    first: list[float] = []

    def watch(kind: int, _message: str, _data_out: object, data_in: object, _user: object) -> None:
        if kind == highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution and not first:
            first.append(time.perf_counter() - started)
        if kind == highspy.cb.HighsCallbackType.kCallbackMipInterrupt and time.perf_counter() - started > time_limit:
            data_in.user_interrupt = True  # type: ignore[attr-defined]

    h.setCallback(watch, None)
    h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution)
    h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
    h.run()
    elapsed = time.perf_counter() - started
    status = h.getModelStatus()
    info = h.getInfo()
    has = info.primal_solution_status == 2  # feasible
    values = tuple(round(v) for v in h.getSolution().col_value) if has else ()
    if status == highspy.HighsModelStatus.kOptimal:
        name = "OPTIMAL"
    elif status == highspy.HighsModelStatus.kInfeasible:
        name = "INFEASIBLE"
    else:
        name = "FEASIBLE" if has else "UNKNOWN"
    return MipOutcome(
        name,
        values,
        info.objective_function_value if has else None,
        info.mip_dual_bound if has else None,
        elapsed,
        first[0] if first else None,
    )
