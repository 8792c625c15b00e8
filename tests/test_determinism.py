"""The same inputs give byte-identical output: across runs (each a fresh process with a different
PYTHONHASHSEED, so set and dict-of-set orders differ), and across the solver's thread count.

Only plans solved to the requested gap are compared: a solve stopped by its time limit depends on
the wall clock, and SPEC §4 calls that `feasible`, never a fixed answer (see README "Limits")."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gen import random_answers, random_framework, random_ruleset

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXE = Path(sys.executable).with_name("cyberplan")
MINI = HERE / "data" / "mini"
SEEDS = ("0", "1", "4242")


def run(*args: str, seed: str = "0", cwd: Path = ROOT) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([str(EXE), *args], capture_output=True, env=env, cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout
    return proc.stdout


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> Path:
    """A generated portfolio larger than mini (6 leaves, 9 controls with prerequisites and a shared
    one, 5 entities, 8 quarters) that HiGHS and CBC both solve to optimality in about a second."""
    d = tmp_path_factory.mktemp("medium")
    rng = random.Random(20261129)
    fw = random_framework(rng, n_leaves=6, q_per_leaf=2, n_controls=9)
    rs = random_ruleset(rng, fw, max_rules_per_level=2)
    ans = random_answers(rng, fw, n_entities=5, blank=0.2)
    ans["framework"], ans["ruleset"] = "framework.yaml", "ruleset.yaml"
    for name, data in (("framework.yaml", fw), ("ruleset.yaml", rs), ("answers.yaml", ans)):
        (d / name).write_text(yaml.safe_dump(data, sort_keys=False))
    cfg = {"start": "2027-01", "period": "quarter", "horizon": 8,
           "budget": {"per_period": 150, "carry_over": True}, "capacity": {"per_period": 10},
           "targets": {"default": 3, "outcomes": {"B": 2}}, "objective": "max-benefit",
           "solver": {"name": "highs", "time_limit": 120, "gap": 0}}
    (d / "plan.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False))
    return d


def _config(folder: Path, solver: str, threads: int | None) -> Path:
    cfg = yaml.safe_load((folder / "plan.yaml").read_text())
    cfg["solver"]["name"] = solver
    if threads is not None:
        cfg["solver"]["threads"] = threads
    out = folder / f"plan-{solver}-{threads}.yaml"
    out.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return out


@pytest.mark.parametrize("answers", [
    "frameworks/nist-csf-2.0/demo/answers.yaml",
    "frameworks/essential-eight/example/answers.yaml",
    "tests/data/mini/answers.yaml",
])
def test_assessment_identical_across_runs(answers):
    if not (ROOT / answers).exists():
        pytest.skip(f"{answers} is not in this checkout")
    outputs = {run("assess", answers, "--format", "json", seed=s) for s in SEEDS}
    assert len(outputs) == 1


@pytest.mark.parametrize("where", ["mini", "medium"])
def test_plan_identical_across_runs(where, medium):
    folder = MINI if where == "mini" else medium
    outputs = []
    for s in SEEDS:
        out = run("plan", str(folder / "answers.yaml"), "--config", str(folder / "plan.yaml"), "-q",
                  "--format", "json", seed=s)
        outputs.append(out)
    assert b'"status": "optimal"' in outputs[0]
    assert b'"actions": []' not in outputs[0]   # a plan with something in it
    assert all(o == outputs[0] for o in outputs[1:])
    # the other text formats too
    csvs = {run("plan", str(folder / "answers.yaml"), "--config", str(folder / "plan.yaml"), "-q",
                "--format", "csv", seed=s) for s in SEEDS[:2]}
    assert len(csvs) == 1


def test_highs_plan_identical_across_thread_counts(medium):
    outs = {}
    for threads in (1, 2, 4):
        cfg = _config(medium, "highs", threads)
        outs[threads] = run("plan", str(medium / "answers.yaml"), "--config", str(cfg), "-q", "--format", "json",
                            seed=str(threads))
    assert b'"status": "optimal"' in outs[1]
    # the only difference allowed is the echo of the configuration itself
    for threads in (2, 4):
        one = outs[1].replace(b'"threads": 1', f'"threads": {threads}'.encode())
        assert one.count(f'"threads": {threads}'.encode()) == 1
        assert one == outs[threads]


def test_cbc_single_thread_identical_across_runs(medium):
    cfg = _config(medium, "cbc", 1)
    outs = {run("plan", str(medium / "answers.yaml"), "--config", str(cfg), "-q", "--format", "json", seed=s)
            for s in SEEDS}
    assert len(outs) == 1


def test_cbc_threads_change_nothing_but_ties(medium):
    """Multi-threaded CBC is not deterministic: among plans of equal benefit it may pick a different
    one from run to run (README "Limits"). What must not change is the status and the benefit."""
    import json
    plans = []
    for threads in (1, 2, 2):
        cfg = _config(medium, "cbc", threads)
        plans.append(json.loads(run("plan", str(medium / "answers.yaml"), "--config", str(cfg), "-q",
                                    "--format", "json")))
    for p in plans:
        assert p["status"] == "optimal" and p["verification"]["levels_match"]
        assert p["objective"]["benefit"] == plans[0]["objective"]["benefit"]


def test_highs_and_cbc_agree_on_the_optimum(medium):
    """Two solvers may pick different plans of equal worth; the benefit must be the same."""
    import json
    got = {}
    for solver in ("highs", "cbc"):
        cfg = _config(medium, solver, None)
        plan = json.loads(run("plan", str(medium / "answers.yaml"), "--config", str(cfg), "-q", "--format", "json"))
        assert plan["status"] == "optimal"
        got[solver] = plan["objective"]["benefit"]
    assert got["highs"] == pytest.approx(got["cbc"], abs=1e-6)
