"""Assessment throughput: a generated portfolio on the full NIST CSF 2.0 questionnaire, assessed
by durable-rules and by the pure-Python reference evaluator in the same process.

    python bench/assess_bench.py [--entities 1000] [--seed 7]

Prints entities per second for each and the ratio (durable / reference).
"""
from __future__ import annotations

import argparse
import random
import time

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.models import Assessment
from cyberplan.plugins.manager import registry


def portfolio(fw, n: int, seed: int, sizes: bool = False) -> Assessment:
    """A generated portfolio; with `sizes`, entities of a mix of sizes (size_factor 0.25..4), as a
    country's ministries, agencies and operators are."""
    rng = random.Random(seed)
    size_rng = random.Random(seed + 1)
    sectors = ["government", "energy", "water", "telecoms", "finance", "health", "transport"]
    entities = []
    for i in range(n):
        maturity = rng.random()
        answers = {}
        for q in fw.questions:
            if rng.random() < 0.05:
                continue
            if q.type == "choice":
                bias = maturity - (q.level or 1) * 0.15
                idx = min(len(q.options) - 1, max(0, int(rng.gauss(bias * len(q.options), 1.2))))
                answers[q.id] = q.options[idx]
            elif q.type == "boolean":
                answers[q.id] = rng.random() < maturity
            else:
                lo, hi = q.min or 0, q.max or 4
                answers[q.id] = round(rng.uniform(lo, hi))
        entity = {"id": f"e{i:05d}", "sector": rng.choice(sectors), "criticality": rng.randint(1, 5),
                  "answers": answers}
        if sizes:
            entity["size_factor"] = size_rng.choice([0.25, 0.5, 1.0, 1.0, 2.0, 4.0])
        entities.append(entity)
    return Assessment.model_validate({"framework": fw.id, "entities": entities})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ruleset", default="nist-csf-2.0/default")
    args = ap.parse_args()
    reg = registry()
    fw = reg.framework("nist-csf-2.0")
    rs = reg.ruleset(args.ruleset, fw)
    t0 = time.perf_counter()
    data = portfolio(fw, args.entities, args.seed)
    print(f"generated {args.entities} entities x {len(fw.questions)} questions in {time.perf_counter() - t0:.2f}s; "
          f"ruleset {rs.id}: {len(rs.rules)} rules")
    assess(rs, Assessment.model_validate({"framework": fw.id, "entities": data.entities[:2]}))  # compile once
    figures = {}
    results = {}
    for evaluator in ("durable", "reference"):
        t0 = time.perf_counter()
        results[evaluator] = assess(rs, data, evaluator=evaluator)
        dt = time.perf_counter() - t0
        figures[evaluator] = args.entities / dt
        print(f"{evaluator:10s} {dt:8.2f}s  {figures[evaluator]:9.1f} entities/s")
    same = all(a.levels == b.levels and a.decided_by == b.decided_by
               for a, b in zip(results["durable"].entities, results["reference"].entities))
    print(f"ratio durable/reference: {figures['durable'] / figures['reference']:.2f}  (results identical: {same})")


if __name__ == "__main__":
    main()
