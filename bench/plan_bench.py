"""Planner benchmark: synthetic portfolios on NIST CSF 2.0, each planned by every method and by the
greedy baseline (rank by value per cost, schedule as early as the limits allow).

    python bench/plan_bench.py [--sizes S,M,L,C] [--methods milp,decompose,polish] [--seed 3]
                               [--workers 2] [--speedup 1,2,4]

Sizes: S 1 entity, ~100 controls, 8 quarters; M 10 entities, the whole catalogue, 12 quarters;
L 100 entities; C (a country) 500 entities, a mix of sectors and sizes. Methods: milp (one MILP for
the portfolio), decompose (by entity, no polish), polish (by entity, then the portfolio MILP warm-
started for the time left, where it is small enough). Each run is a separate process, so that its
peak memory (its own and its worker processes') is its own. Prints, per size and method: the bound
and where it comes from, the plan's value, the gap, status, time per phase, peak memory, and the
ratio to the greedy baseline; with --speedup, the entity-MILP phase's time on 1, 2, 4 workers and
the speed-up over one, and whether the plans are identical (e.g. `--sizes M --methods decompose
--speedup 1,2 --time-limit 900 --gap 0.01`, so that every sub-plan finishes by its gap).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZES = {
    "S": dict(entities=1, controls=100, horizon=8, time_limit=60),
    "M": dict(entities=10, controls=None, horizon=12, time_limit=60),
    "L": dict(entities=100, controls=None, horizon=12, time_limit=480),
    "C": dict(entities=500, controls=None, horizon=12, time_limit=1800),
}


def build_case(size: str, seed: int):
    from assess_bench import portfolio

    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.inputs.resolve import inputs_from_models
    from cyberplan.engine.models import Framework, PlanConfig
    from cyberplan.engine.plan import prepare_instance
    from cyberplan.plugins.manager import registry
    spec = SIZES[size]
    reg = registry()
    fw = reg.framework("nist-csf-2.0")
    if spec["controls"] is not None and len(fw.controls) > spec["controls"]:
        keep = {c.id for c in fw.controls[:spec["controls"]]}
        changed = True
        while changed:   # keep prerequisites of the kept controls so the subset is closed
            changed = False
            for c in fw.controls:
                if c.id in keep:
                    for r in c.requires:
                        if r not in keep:
                            keep.add(r)
                            changed = True
        fw = Framework.model_validate({**fw.model_dump(by_alias=True),
                                       "controls": [c.model_dump(by_alias=True) for c in fw.controls if c.id in keep]})
    rs = reg.ruleset("nist-csf-2.0/default", fw)
    assessment = portfolio(fw, spec["entities"], seed, sizes=size == "C")
    result = assess(rs, assessment)
    inputs = inputs_from_models(fw, rs, assessment)
    probe = PlanConfig.model_validate({"horizon": spec["horizon"], "budget": {"per_period": 1e12},
                                       "targets": {"default": 3}})
    inst = prepare_instance(inputs, result, probe)
    full = sum(j.capex + j.opex_year for k, j in inst.jobs.items() if k not in inst.unfit)
    budget = full / 3 / spec["horizon"]
    return inputs, result, budget


def one(size: str, method: str, seed: int, workers: int, time_limit: float | None, gap: float) -> dict:
    """Plan one case in this process; the figures as a dict (printed as JSON by --one)."""
    import cyberplan.engine.plan.decompose as decompose
    from cyberplan.engine.models import PlanConfig
    from cyberplan.engine.plan import plan_portfolio, prepare_instance
    from cyberplan.engine.plan.executor import ProcessExecutor
    from cyberplan.engine.plan.greedy import greedy_schedule
    from cyberplan.engine.plan.objective import schedule_value
    from cyberplan.engine.plan.states import States
    spec = SIZES[size]
    t0 = time.perf_counter()
    inputs, result, budget = build_case(size, seed)
    setup = time.perf_counter() - t0
    config = PlanConfig.model_validate({
        "horizon": spec["horizon"], "budget": {"per_period": round(budget), "carry_over": True},
        "capacity": {"per_period": 150}, "targets": {"default": 3},
        "solver": {"name": "highs", "time_limit": time_limit or spec["time_limit"], "gap": gap,
                   "method": "milp" if method == "milp" else "decompose"}})
    if method == "decompose":
        decompose.POLISH_LIMIT = 0
    phases: list[str] = []
    executor = ProcessExecutor(workers)
    t0 = time.perf_counter()
    plan = plan_portfolio(inputs, result, config, progress=phases.append, options=False, executor=executor)
    seconds = time.perf_counter() - t0
    executor.close()
    inst = prepare_instance(inputs, result, config)
    states = States(inst, evaluator="reference")
    g0 = time.perf_counter()
    greedy = schedule_value(inst, states, greedy_schedule(inst, states), tie_break=False)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    o = plan.objective
    return {"size": size, "method": method, "entities": len(inputs.assessment.entities), "workers": workers,
            "budget_per_period": round(budget), "status": plan.status, "value": o.value, "bound": o.bound,
            "gap": o.gap, "bound_source": o.bound_source, "plan_method": plan.method, "seconds": round(seconds, 1),
            "setup_seconds": round(setup, 1), "greedy": greedy, "greedy_seconds": round(time.perf_counter() - g0, 1),
            "ratio_to_greedy": (o.value / greedy) if greedy else None, "peak_mb": round(own),
            "peak_worker_mb": round(kids), "phases": [p for p in phases if "in " in p or "bound" in p or "value" in p][-8:],
            "actions": len(plan.actions), "verified": plan.verification.levels_match if plan.verification else None,
            "digest": _digest(plan)}


def _digest(plan) -> str:
    import hashlib
    return hashlib.sha256(json.dumps(plan.to_json_dict(), sort_keys=True).encode()).hexdigest()[:16]


def _entity_phase(r: dict) -> float | None:
    """Seconds of the entity MILPs' phase, from the plan's phase report."""
    import re
    for p in r.get("phases", []):
        m = re.search(r"entity MILPs ([0-9.]+)s", p)
        if m:
            return float(m.group(1))
    return None


def run_child(size: str, method: str, args, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--one", f"{size},{method}", "--seed", str(args.seed), "--workers", str(workers),
           "--gap", str(args.gap)] + (["--time-limit", str(args.time_limit)] if args.time_limit else [])
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        return {"size": size, "method": method, "error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(r: dict) -> None:
    if "error" in r:
        print(f"{r['size']} {r['method']}: FAILED\n{r['error']}")
        return
    gap = "-" if r["gap"] is None else f"{r['gap']:.3%}"
    bound = "-" if r["bound"] is None else f"{r['bound']:,.1f}"
    ratio = "-" if r["ratio_to_greedy"] is None else f"{r['ratio_to_greedy']:.3f}"
    print(f"{r['size']} ({r['entities']} entities) {r['method']:9s} {r['status']:8s} value {r['value']:,.1f}  "
          f"bound {bound}  gap {gap}  {r['seconds']:.1f}s  peak {r['peak_mb']:,} MB (workers {r['peak_worker_mb']:,} MB)"
          f"  x greedy {ratio}  [{r['plan_method']}; {r['actions']} actions; verified {r['verified']}]")
    print(f"    bound: {r['bound_source']}")
    for p in r["phases"]:
        print(f"    {p}")
    sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--methods", default="milp,decompose,polish")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=None, help="override every size's time limit")
    ap.add_argument("--gap", type=float, default=0.005)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--speedup", default="", help="worker counts for the speed-up table, e.g. 1,2,4")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        size, method = args.one.split(",")
        print(json.dumps(one(size, method, args.seed, args.workers, args.time_limit, args.gap)))
        return
    for size in args.sizes.split(","):
        size = size.strip().upper()
        for method in args.methods.split(","):
            if method == "milp" and size in ("L", "C"):
                print(f"{size} milp: skipped (the one portfolio MILP does not fit: see README 'Limits')")
                continue
            show(run_child(size, method.strip(), args, args.workers))
        if args.speedup:
            rows = [run_child(size, "decompose", args, int(w)) for w in args.speedup.split(",")]
            base = next((r for r in rows if "error" not in r), None)
            print(f"{size}: speed-up by workers (decompose; the entity MILPs' phase and the whole plan; give a time "
                  "limit that lets every sub-plan finish by its gap, or the phase lasts as long as its share of it)")
            for r in rows:
                if "error" in r:
                    print(f"    {r['workers']} workers: FAILED")
                    continue
                sub, whole = _entity_phase(r), _entity_phase(base)
                ratio = "-" if not (sub and whole) else f"{whole / sub:.2f}x one"
                same = r["digest"] == base["digest"]
                print(f"    {r['workers']} workers: entity MILPs {sub or 0:.1f}s ({ratio}); whole plan "
                      f"{r['seconds']:.1f}s ({base['seconds'] / r['seconds']:.2f}x one); same plan as 1 worker: {same}")


if __name__ == "__main__":
    main()
