"""Solving the model with HiGHS (default) or CBC, and reporting the status honestly: `optimal`
only when the solver proved the requested gap, `feasible` (with the gap) when a limit stopped it."""
from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from typing import Callable

import pulp

from cyberplan.engine.models import SolverOptions
from cyberplan.engine.plan.milp import Model


@dataclass
class SolveOutcome:
    status: str                 # optimal | feasible | infeasible | no-solution
    objective: float | None     # in the model's own sense (benefit, or cost)
    bound: float | None
    gap: float | None
    seconds: float
    solver: str
    message: str = ""


def _start_values(model: Model, start: dict[str, int] | None) -> dict[pulp.LpVariable, float]:
    """A whole starting solution: the x of the schedule and every auxiliary they determine (a start
    on the x alone misleads HiGHS: it may report the objective of a completion that is infeasible)."""
    if not start:
        return {}
    return model.complete(start)


_UNSET = object()
_HIGHS_POOL_THREADS: object = _UNSET


class _HiGHS(pulp.HiGHS):
    """PuLP's HiGHS interface plus a starting solution (the greedy plan) before the solve."""

    def __init__(self, start_values: dict | None = None, progress: Callable | None = None,
                 scale: float = 1.0, heuristics: float | None = None, **kw):
        super().__init__(**kw)
        self.heuristics = heuristics
        self.scale = scale   # solver objective x scale = benefit (sign included)
        self.start_values = start_values or {}
        self.progress = progress
        self.resolved_without_presolve = False

    def createAndConfigureSolver(self, lp):
        # HiGHS prints a banner to the process's standard output when it is created, before any
        # option can silence it: keep our stdout clean for JSON and CSV output
        with _stdout_to_devnull():
            super().createAndConfigureSolver(lp)

    def callSolver(self, lp):
        h = lp.solverModel
        began = time.perf_counter()
        # HiGHS keeps one thread pool per process, sized by the first solve: a later solve asking
        # for another thread count fails ("Not Set") unless the pool is rebuilt first
        global _HIGHS_POOL_THREADS
        if self.threads != _HIGHS_POOL_THREADS:
            if _HIGHS_POOL_THREADS is not _UNSET:
                import highspy
                highspy.Highs.resetGlobalScheduler(True)
            _HIGHS_POOL_THREADS = self.threads
        self._give_start(h)
        if self.heuristics is not None:
            h.setOptionValue("mip_heuristic_effort", float(self.heuristics))
        if self.progress is not None:
            import highspy
            started = time.perf_counter()
            last = [0.0]

            def on_event(callback_type, message, data_out, data_in, user_data):
                now = time.perf_counter() - started
                if now - last[0] >= 1.0:
                    last[0] = now
                    try:
                        self.progress(now, self.scale * data_out.objective_function_value,
                                      self.scale * data_out.mip_dual_bound, data_out.mip_gap)
                    except Exception:  # noqa: BLE001 - progress display must never stop a solve
                        pass
            try:
                h.setCallback(on_event, None)
                h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
            except Exception:  # noqa: BLE001
                pass
        h.run()
        if self.start_values and not _consistent(h):
            # HiGHS's presolve can mishandle a given start: it then reports the objective and bound
            # of a reduced problem that its returned solution does not reach. Solve again without
            # presolve (the start kept), and say so.
            self.resolved_without_presolve = True
            h.setOptionValue("presolve", "off")
            if self.timeLimit:
                h.setOptionValue("time_limit", max(1.0, float(self.timeLimit) - (time.perf_counter() - began)))
            self._give_start(h)
            h.run()

    def _give_start(self, h) -> None:
        if not self.start_values:
            return
        idx = [v.index for v in self.start_values]
        val = [self.start_values[v] for v in self.start_values]
        try:
            h.setSolution(len(idx), idx, val)
        except Exception:  # noqa: BLE001 - an older highspy without sparse starts: solve without
            pass


def _consistent(h) -> bool:
    """Whether the objective HiGHS reports is that of the solution it returns."""
    info = h.getInfo()
    if info.primal_solution_status != 2:
        return True
    lp = h.getLp()
    value = sum(c * x for c, x in zip(lp.col_cost_, h.getSolution().col_value)) + lp.offset_
    return abs(value - info.objective_function_value) <= 1e-6 * max(1.0, abs(value))


class _stdout_to_devnull:
    def __enter__(self):
        import sys
        sys.stdout.flush()
        self.saved = os.dup(1)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)

    def __exit__(self, *exc):
        os.dup2(self.saved, 1)
        os.close(self.saved)


def solve(model: Model, options: SolverOptions, start: dict[str, int] | None = None,
          progress: Callable | None = None, heuristics: float | None = None) -> SolveOutcome:
    """Solve with the options' solver. `heuristics`: HiGHS's effort on primal heuristics (0..1),
    where good plans matter more than proofs (the decomposition's sub-plans)."""
    prob = model.prob
    maximize = prob.sense == pulp.LpMaximize
    started = time.perf_counter()
    if options.name == "highs":
        solver = _HiGHS(start_values=_start_values(model, start), progress=progress, heuristics=heuristics,
                        scale=(-1.0 if maximize else 1.0) * model.objective_unit, msg=False,
                        timeLimit=options.time_limit, gapRel=options.gap, threads=options.threads)
        prob.solve(solver)
        seconds = time.perf_counter() - started
        h = prob.solverModel
        import highspy
        status = h.getModelStatus()
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2
        sign = -1.0 if maximize else 1.0   # PuLP hands HiGHS the negated objective when maximising
        unit = model.objective_unit
        const = model.objective_constant
        obj = sign * info.objective_function_value * unit + const if has_solution else None
        bound = sign * info.mip_dual_bound * unit + const if has_solution else None
        gap = info.mip_gap if has_solution else None
        if bound is not None and not math.isfinite(bound):
            bound, gap = None, None   # no bound yet: say nothing rather than "infinity"
        if gap is not None and not math.isfinite(gap):
            gap = None
        name = f"HiGHS {h.version()}" if hasattr(h, "version") else "HiGHS"
        if status == highspy.HighsModelStatus.kOptimal:
            return SolveOutcome("optimal", obj, bound, max(0.0, gap or 0.0), seconds, name)
        if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return SolveOutcome("infeasible", None, None, None, seconds, name, "the solver proved no plan exists")
        if has_solution:
            return SolveOutcome("feasible", obj, bound, gap, seconds, name,
                                f"stopped by {h.modelStatusToString(status)}")
        return SolveOutcome("no-solution", None, None, None, seconds, name,
                            f"no plan found before the solver stopped ({h.modelStatusToString(status)})")
    # CBC: PuLP reports "Optimal" for a time-limited solve; sol_status and the log tell the truth
    # PuLP's .mps/.sol/.mst files and our log go into a folder of our own, removed whatever happens
    # (PuLP itself leaves its files behind when CBC fails or the user presses Ctrl-C)
    workdir = tempfile.mkdtemp(prefix="cyberplan-cbc-")
    log_name = os.path.join(workdir, "cbc.log")
    try:
        for var, value in _start_values(model, start).items():
            var.setInitialValue(value)
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=options.time_limit, gapRel=options.gap,
                                   threads=options.threads, warmStart=bool(start), logPath=log_name)
        solver.tmpDir = workdir
        prob.solve(solver)
        seconds = time.perf_counter() - started
        text = open(log_name, encoding="utf-8", errors="replace").read()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sol = prob.sol_status
    if sol == pulp.LpSolutionInfeasible or prob.status == pulp.LpStatusInfeasible:
        return SolveOutcome("infeasible", None, None, None, seconds, "CBC", "the solver proved no plan exists")
    if sol not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        return SolveOutcome("no-solution", None, None, None, seconds, "CBC", "no plan found before CBC stopped")
    obj = pulp.value(prob.objective) * model.objective_unit + model.objective_constant
    stopped = re.search(r"Result - Stopped on (time|iterations|nodes)", text) is not None
    m = re.search(r"^Gap:\s+([0-9.eE+-]+)", text, re.M)
    gap = float(m.group(1)) if m else (None if stopped else 0.0)
    bound = None
    m = re.search(r"^(Lower|Upper) bound:\s+([0-9.eE+-]+)", text, re.M)
    if m:
        bound = (abs(float(m.group(2))) if obj is not None and obj >= 0 else float(m.group(2))) * model.objective_unit \
            + model.objective_constant
    if sol == pulp.LpSolutionOptimal and not stopped:
        return SolveOutcome("optimal", obj, bound if bound is not None else obj, gap or 0.0, seconds, "CBC")
    return SolveOutcome("feasible", obj, bound, gap, seconds, "CBC", "stopped by its time limit")


def schedule_from(model: Model) -> dict[str, int]:
    """Job key -> start period, read from the solution."""
    out = {}
    for key, xs in model.x.items():
        for s, var in xs.items():
            if (var.varValue or 0.0) > 0.5:
                out[key] = s
    return out
