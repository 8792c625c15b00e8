"""Solving the model with HiGHS (default) or CBC, and reporting the status honestly: `optimal`
only when the solver proved the requested gap, `feasible` (with the gap) when a limit stopped it."""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import Callable

import pulp

from cyberplan.engine import interrupts
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
        import highspy
        kinds = highspy.cb.HighsCallbackType
        started = time.perf_counter()
        last = [0.0]
        with interrupts.deferred() as pending:
            def on_event(callback_type, message, data_out, data_in, user_data):
                # a signal noted while HiGHS runs: ask it to stop (an exception raised in here
                # would be swallowed and come back as "solve error")
                if pending.stop:
                    data_in.user_interrupt = True
                    return
                if self.progress is None or callback_type != kinds.kCallbackMipInterrupt:
                    return
                now = time.perf_counter() - started
                if now - last[0] >= 1.0:
                    last[0] = now
                    try:
                        self.progress(now, self.scale * data_out.objective_function_value,
                                      self.scale * data_out.mip_dual_bound, data_out.mip_gap)
                    except Exception:  # noqa: BLE001 - progress display must never stop a solve
                        pass
            h.setCallback(on_event, None)
            for kind in (kinds.kCallbackMipInterrupt, kinds.kCallbackSimplexInterrupt, kinds.kCallbackIpmInterrupt):
                h.startCallback(kind)
            _run_stoppable(h, pending)
            if self.start_values and not pending.stop and not _consistent(h):
                # HiGHS's presolve can mishandle a given start: it then reports the objective and
                # bound of a reduced problem that its returned solution does not reach. Solve again
                # without presolve (the start kept), within the time that is left, and say so.
                self.resolved_without_presolve = True
                h.setOptionValue("presolve", "off")
                if self.timeLimit:
                    h.setOptionValue("time_limit",
                                     max(1.0, float(self.timeLimit) - (time.perf_counter() - began)))
                self._give_start(h)
                _run_stoppable(h, pending)

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


STOP_GRACE = 2.0   # seconds HiGHS may take to reach a checkpoint after a signal before it is left behind


def _run_stoppable(h, pending: interrupts.Pending) -> None:
    """Run HiGHS in a worker thread while this (the main) thread waits, so that a signal is
    noted at once. HiGHS stops at its next callback; its presolve has none and can run for minutes
    past the time limit on a large model, so after STOP_GRACE seconds it is left running
    (`interrupts.abandon`): the run stops anyway, and the CLI ends the process without waiting."""
    import threading
    done = threading.Event()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            h.run()
        except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
            failed.append(e)
        finally:
            done.set()
    worker = threading.Thread(target=work, name="cyberplan-highs", daemon=True)
    worker.start()
    signalled = None
    while not done.wait(0.05):
        if pending.stop:
            signalled = signalled or time.monotonic()
            if time.monotonic() - signalled > STOP_GRACE:
                interrupts.abandon(worker)
                return
    if failed:
        raise failed[0]


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


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """How far the best plan found may be from the best possible, as a share of the plan's
    value: |bound - objective| / |objective|, never negative whichever way the model optimises
    (HiGHS's definition; CBC prints it negative for a maximisation). None without a bound."""
    if objective is None or bound is None or not (math.isfinite(objective) and math.isfinite(bound)):
        return None
    diff = abs(bound - objective)
    if diff <= 1e-9 * max(1.0, abs(objective)):
        return 0.0
    return diff / abs(objective) if objective != 0 else None


def solve(model: Model, options: SolverOptions, start: dict[str, int] | None = None,
          progress: Callable | None = None, heuristics: float | None = None) -> SolveOutcome:
    """Solve the model. A signal (Ctrl-C, SIGTERM) stops the solver and is raised as
    `Interrupted`: an interrupted solve is never reported as a result. `heuristics`: HiGHS's
    effort on primal heuristics (0..1), where good plans matter more than proofs (sub-plans)."""
    if options.name == "highs":
        return _solve_highs(model, options, start, progress, heuristics)
    return _solve_cbc(model, options, start)


def _solve_highs(model: Model, options: SolverOptions, start: dict[str, int] | None,
                 progress: Callable | None, heuristics: float | None = None) -> SolveOutcome:
    prob = model.prob
    maximize = prob.sense == pulp.LpMaximize
    started = time.perf_counter()
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
    if bound is not None and not math.isfinite(bound):
        bound = None   # no bound yet: say nothing rather than "infinity"
    gap = relative_gap(obj, bound)
    name = f"HiGHS {h.version()}" if hasattr(h, "version") else "HiGHS"
    why = h.modelStatusToString(status)
    if status == highspy.HighsModelStatus.kOptimal:
        return SolveOutcome("optimal", obj, bound, gap or 0.0, seconds, name)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return SolveOutcome("infeasible", None, None, None, seconds, name, "the solver proved no plan exists")
    if has_solution:
        return SolveOutcome("feasible", obj, bound, gap, seconds, name, f"stopped by {_limit_words(why)}")
    return SolveOutcome("no-solution", None, None, None, seconds, name, _no_plan_words(why, options))


def _limit_words(why: str) -> str:
    return "its time limit" if "time" in why.lower() else why


def _no_plan_words(why: str, options: SolverOptions) -> str:
    """A solver that stopped without any plan has proved nothing: say what stopped it."""
    if "time" in why.lower():
        return (f"no plan found within the time limit ({options.time_limit:g} s); nothing is proved "
                "infeasible: raise solver.time_limit (--time-limit) or plan fewer entities or controls")
    return f"no plan found: the solver stopped with {why!r}; nothing is proved infeasible"


# --------------------------------------------------------------------------- CBC

def _solve_cbc(model: Model, options: SolverOptions, start: dict[str, int] | None) -> SolveOutcome:
    """CBC run as a child process of our own (PuLP's files, our command line): the model, start,
    solution and log live in a private `cyberplan-cbc-*` folder removed whatever happens, and a
    signal stops the child before the folder goes. PuLP reports "Optimal" for a time-limited
    solve; the solution file's status line and the log tell the truth."""
    prob = model.prob
    maximize = prob.sense == pulp.LpMaximize
    started = time.perf_counter()
    workdir = tempfile.mkdtemp(prefix="cyberplan-cbc-")
    try:
        cbc = pulp.PULP_CBC_CMD(msg=False, timeLimit=options.time_limit, gapRel=options.gap,
                                threads=options.threads, warmStart=bool(start))
        mps, sol, mst, log = (os.path.join(workdir, n) for n in ("model.mps", "model.sol", "start.mst", "cbc.log"))
        variables, var_names, con_names, _ = prob.writeMPS(mps, rename=1)
        args = [cbc.path, mps] + (["-max"] if maximize else [])
        if start:
            for var, value in _start_values(model, start).items():
                var.setInitialValue(value)
            cbc.writesol(mst, prob, variables, var_names, con_names)
            args += ["-mips", mst]
        args += ["-sec", f"{options.time_limit:g}"]
        for opt in cbc.getOptions():   # ratio (gap), threads
            args += ["-" + opt.split(" ", 1)[0], *opt.split(" ", 1)[1:]]
        args += ["-solve", "-printingOptions", "all", "-solution", sol]
        code = _run_child(args, log)
        seconds = time.perf_counter() - started
        text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
        if code != 0 or not os.path.exists(sol):
            return SolveOutcome("no-solution", None, None, None, seconds, "CBC",
                                f"no plan found: CBC failed (exit status {code}); nothing is proved infeasible")
        status, values, _dj, _pi, _slack, sol_status = cbc.readsol_MPS(sol, prob, variables, var_names, con_names)
        prob.assignVarsVals(values)
        prob.assignStatus(status, sol_status)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _cbc_outcome(model, options, text, seconds, maximize)


def _run_child(args: list[str], log: str) -> int:
    """Run CBC to its end, or stop it (SIGTERM, then SIGKILL) when we are interrupted."""
    with open(log, "w") as out, interrupts.deferred() as pending:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            while True:
                try:
                    return proc.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    if pending.stop:
                        break
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    return proc.returncode   # not reached: leaving `deferred` raised the interruption


def _cbc_outcome(model: Model, options: SolverOptions, log: str, seconds: float, maximize: bool) -> SolveOutcome:
    prob = model.prob
    result = re.search(r"^Result - (.*)$", log, re.M)
    result_text = result.group(1).strip() if result else ""
    if prob.sol_status == pulp.LpSolutionInfeasible or "infeasible" in result_text.lower():
        return SolveOutcome("infeasible", None, None, None, seconds, "CBC", "the solver proved no plan exists")
    if prob.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        why = "time limit" if "time" in result_text.lower() else (result_text or "an unknown reason")
        return SolveOutcome("no-solution", None, None, None, seconds, "CBC", _no_plan_words(why, options))
    unit = model.objective_unit
    const = model.objective_constant
    obj = pulp.value(prob.objective) * unit + const
    # CBC's log prints the bound in the problem's own sense ("Upper bound" when maximising)
    m = re.search(r"^(?:Lower|Upper) bound:\s+([0-9.eE+-]+)", log, re.M)
    bound = float(m.group(1)) * unit + const if m else None
    stopped = result_text.lower().startswith("stopped")
    if bound is not None and ((maximize and bound < obj) or (not maximize and bound > obj)):
        bound = obj   # rounding in the log: a bound is never on the wrong side of the plan
    if not stopped and prob.sol_status == pulp.LpSolutionOptimal:
        return SolveOutcome("optimal", obj, bound if bound is not None else obj,
                            relative_gap(obj, bound) or 0.0, seconds, "CBC")
    return SolveOutcome("feasible", obj, bound, relative_gap(obj, bound), seconds, "CBC",
                        "stopped by its time limit" if "time" in result_text.lower() else f"stopped: {result_text}")


def schedule_from(model: Model) -> dict[str, int]:
    """Job key -> start period, read from the solution."""
    out = {}
    for key, xs in model.x.items():
        for s, var in xs.items():
            if (var.varValue or 0.0) > 0.5:
                out[key] = s
    return out
