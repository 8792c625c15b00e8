"""Ctrl-C (SIGINT) and SIGTERM at any point of a run (loading, building, solving, writing) tell the
truth: exit 130 or 143 with "interrupted", the previous output file byte for byte, no temporary
file or folder left, no solver process left running (issue 16).

Every test sends a real signal to a real process. A small wrapper script makes the chosen step
announce itself on standard error and then wait (or, for the solver, gives it a problem that
takes HiGHS minutes), so the signal lands inside that step.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
MINI = HERE / "data" / "mini"
OLD = b"the previous plan: must survive byte for byte\n"
SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143)]

# A market-split problem: 30 binaries, 4 equality rows; HiGHS needs far longer than the tests wait,
# reporting progress (through our callback) about once a second.
HARD_MODEL = """
import random, types
import pulp

def hard_model(m=4, n=30, seed=3):
    r = random.Random(seed)
    prob = pulp.LpProblem("split", pulp.LpMinimize)
    x = [prob.add_variable(f"x{j}", cat="Binary") for j in range(n)]
    sp = [prob.add_variable(f"sp{i}", lowBound=0) for i in range(m)]
    sn = [prob.add_variable(f"sn{i}", lowBound=0) for i in range(m)]
    prob += pulp.lpSum(sp) + pulp.lpSum(sn)
    for i in range(m):
        a = [r.randint(0, 99) for _ in range(n)]
        prob += pulp.lpSum(a[j] * x[j] for j in range(n)) + sp[i] - sn[i] == sum(a) // 2
    return types.SimpleNamespace(prob=prob, x={}, objective_unit=1.0)
"""


def run_until(args: list[str], marker: str, sig: int, cwd: Path, env: dict | None = None,
              timeout: float = 60) -> tuple[int, str, float]:
    """Start a process, wait for `marker` on its standard error, send `sig`; (status, stderr,
    seconds from the signal to the exit)."""
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=cwd,
                            env=env)
    lines = []
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if marker in line or not line:
                break
        assert any(marker in line for line in lines), "".join(lines)
        sent = time.time()
        proc.send_signal(sig)
        rest = proc.communicate(timeout=30)[1]
        took = time.time() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, "".join(lines) + rest, took


def wrapper(tmp_path: Path, patch: str) -> Path:
    """A script that runs the real `cyberplan` command after applying `patch`."""
    script = tmp_path / "run_cyberplan.py"
    script.write_text(textwrap.dedent(patch) + textwrap.dedent("""
        import sys
        import cyberplan.cli as cli
        sys.argv = ["cyberplan"] + sys.argv[1:]
        cli.main()
    """))
    return script


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- the library: solve()

def test_highs_interrupted_is_not_a_result(tmp_path, sig=signal.SIGINT):
    """A signal while HiGHS solves is raised as `Interrupted` from solve(): never a status, never
    "infeasible" (before the fix the signal was swallowed inside HiGHS's callback and came back
    as "Solve error", which the planner reported as an infeasible plan)."""
    script = tmp_path / "solve.py"
    script.write_text(HARD_MODEL + textwrap.dedent("""
        import importlib, sys
        from cyberplan.engine.errors import Interrupted
        from cyberplan.engine.models import SolverOptions
        solve = importlib.import_module("cyberplan.engine.plan.solve").solve
        def progress(*a):
            print("PROGRESS", file=sys.stderr, flush=True)
        try:
            out = solve(hard_model(), SolverOptions(name="highs", time_limit=120, gap=0), progress=progress)
        except Interrupted as e:
            print(f"INTERRUPTED {e.signum}", file=sys.stderr, flush=True)
            sys.exit(3)
        print(f"RESULT {out.status} {out.message}", file=sys.stderr, flush=True)
    """))
    status, err, took = run_until([sys.executable, str(script)], "PROGRESS", sig, tmp_path)
    assert f"INTERRUPTED {int(sig)}" in err and "RESULT" not in err, err
    assert status == 3 and took < 10


# --------------------------------------------------------------------------- the CLI, at every step

STEPS = {
    # reading the answers file
    "load": ("""
        import sys, time
        import cyberplan.engine.inputs.read as read
        real = read.read_text
        def slow(path, *a, **kw):
            if path.name == "answers.yaml":
                print("STEP", file=sys.stderr, flush=True)
                time.sleep(60)
            return real(path, *a, **kw)
        read.read_text = slow
    """, []),
    # building the model
    "build": ("""
        import sys, time
        import cyberplan.engine.plan as plan
        real = plan.build_model
        def slow(*a, **kw):
            print("STEP", file=sys.stderr, flush=True)
            time.sleep(60)
        plan.build_model = slow
    """, []),
    # HiGHS at work on a problem it cannot finish soon
    "solve": (HARD_MODEL + textwrap.dedent("""
        import importlib, sys
        import cyberplan.engine.plan as plan
        solve_module = importlib.import_module("cyberplan.engine.plan.solve")
        def hard_solve(model, options, start=None, progress=None):
            def tick(*a):
                print("STEP", file=sys.stderr, flush=True)
            return solve_module.solve(hard_model(), options.model_copy(update={"time_limit": 120}), progress=tick)
        plan.solve = hard_solve
    """), []),
    # HiGHS inside a phase without checkpoints (presolve of a large model can run for minutes
    # past its time limit): the run stops within seconds all the same
    "presolve": ("""
        import sys, time
        import highspy
        def no_checkpoints(self):
            print("STEP", file=sys.stderr, flush=True)
            time.sleep(60)
        highspy.Highs.run = no_checkpoints
    """, []),
    # half-way through writing the output (the temporary file exists beside the target)
    "write": ("""
        import sys, time
        import cyberplan.engine.render.output as output
        def slow_fsync(fd):
            print("STEP", file=sys.stderr, flush=True)
            time.sleep(60)
        output.os.fsync = slow_fsync
    """, []),
}


# every step under Ctrl-C; SIGTERM (the same path, another status) where it matters most
STEP_SIGNALS = [(step, signal.SIGINT, 130) for step in sorted(STEPS)] + [
    ("solve", signal.SIGTERM, 143), ("presolve", signal.SIGTERM, 143)]


@pytest.mark.parametrize("step, sig, status", STEP_SIGNALS)
def test_signal_at_every_step(tmp_path, step, sig, status):
    patch, extra = STEPS[step]
    work = tmp_path / "work"
    work.mkdir()
    for name in ("answers.yaml", "framework.yaml", "ruleset.yaml", "plan.yaml"):
        (work / name).write_bytes((MINI / name).read_bytes())
    out = work / "plan.json"
    out.write_bytes(OLD)
    script = wrapper(tmp_path, patch)
    before = listing(work)
    code, err, took = run_until([sys.executable, str(script), "plan", "answers.yaml", "--config", "plan.yaml",
                                 "-o", "plan.json", *extra], "STEP", sig, work)
    assert code == status, err
    assert "Traceback" not in err
    assert f"interrupted by {signal.Signals(sig).name}" in err and "plan.json is unchanged" in err, err
    assert out.read_bytes() == OLD
    assert listing(work) == before, "a temporary file was left beside the output"
    assert took < 10


# --------------------------------------------------------------------------- CBC, a child process

SLOW_CBC = """#!/bin/sh
# stands in for CBC: records its process id and its model file, then works for a minute
echo $$ > "{pidfile}"
echo "$1" > "{mpsfile}"
exec sleep 60
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")   # a zombie has ended (init reaps it: its parent is gone)
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.parametrize("sig, status", SIGNALS)
def test_signal_while_cbc_runs(tmp_path, sig, status):
    """A real SIGINT or SIGTERM to `cyberplan plan --solver cbc` while CBC works: the CBC child is
    stopped, its cyberplan-cbc-* folder (with the .mps model) removed, exit 130 or 143 with
    "interrupted", and the previous -o file kept byte for byte."""
    tmp, work = tmp_path / "tmp", tmp_path / "work"
    tmp.mkdir()
    work.mkdir()
    pidfile, mpsfile = tmp_path / "cbc.pid", tmp_path / "cbc.mps"
    fake = tmp_path / "cbc"
    fake.write_text(SLOW_CBC.format(pidfile=pidfile, mpsfile=mpsfile))
    fake.chmod(0o755)
    script = wrapper(tmp_path, f"""
        import sys, time
        import pulp
        pulp.PULP_CBC_CMD.pulp_cbc_path = {str(fake)!r}
        import cyberplan.engine.plan as plan
        real = plan.solve
        def announced(*a, **kw):
            print("STEP", file=sys.stderr, flush=True)
            return real(*a, **kw)
        plan.solve = announced
    """)
    out = work / "plan.json"
    out.write_bytes(OLD)
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.Popen([sys.executable, str(script), "plan", str(MINI / "answers.yaml"), "--config",
                             str(MINI / "plan.yaml"), "--solver", "cbc", "-q", "-o", str(out)],
                            stderr=subprocess.PIPE, text=True, cwd=work, env=env)
    try:
        deadline = time.time() + 60
        while not (pidfile.exists() and pidfile.read_text().strip()) and time.time() < deadline:
            time.sleep(0.05)
        assert pidfile.exists(), "the stand-in CBC was never started"
        cbc_pid = int(pidfile.read_text())
        model = Path(mpsfile.read_text().strip())
        assert model.exists() and model.parent.name.startswith("cyberplan-cbc-") and model.parent.parent == tmp
        proc.send_signal(sig)
        err = proc.communicate(timeout=30)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == status, err
    assert "Traceback" not in err and "interrupted" in err and "plan.json" in err and "unchanged" in err
    assert out.read_bytes() == OLD
    assert listing(work) == ["plan.json"]
    assert listing(tmp) == [], "the cyberplan-cbc-* folder was left behind"
    deadline = time.time() + 10
    while _alive(cbc_pid) and time.time() < deadline:
        time.sleep(0.05)
    assert not _alive(cbc_pid), "the CBC child process is still running"
