"""The business case under uncertainty: frequencies and impacts are estimates.

A threat may give `frequency_range` / `impact_range` ({sector: [low, high]}) around its likely
values (SPEC §3.4 extended). From them:

- three scenarios: every frequency and impact at its low, likely or high value;
- a Monte Carlo spread: N draws (500 by default) from a seeded `random.Random`, each drawing a
  frequency and an impact per threat and sector from a PERT distribution (a beta distribution
  with mode = likely, lambda 4) on [low, high]; entities of one sector share a draw (a sector's
  year is good or bad for all of it). The same seed gives the same draws, on any machine.

The chosen plan's figures under any draw are exact and cheap: they are linear in ALE(e, threat)
(`engine.plan.appraisal.Exposure`). Whether the plan stays the best choice needs re-solving: the planner
is re-run (time-limited) with the weights of each scenario and of a few draws, each warm-started
with the better of the greedy plan and the chosen one. For each re-solved case we report the
chosen plan's benefit as a share of the best plan found and of the solver's bound (a proven
lower bound on the share of the true optimum). For every draw the chosen plan is compared with
the best of all the re-solved plans evaluated under that draw's weights.
"""
from __future__ import annotations

import math
import random
from typing import Any, Callable

from cyberplan.engine.assess.impact import estimate, leaf_shares
from cyberplan.engine.models import ThreatProfile
from cyberplan.engine.plan.appraisal import Exposure, cost_per_period, trajectory
from cyberplan.engine.plan.business import case_summary

SCENARIOS = ("low", "likely", "high")


def _sector(e) -> str:
    return e.sector if e.sector is not None else ""


def scenario_ale(entities, threats: ThreatProfile, which: str) -> dict[tuple[str, str], float]:
    """ALE(e, threat) with every frequency and impact at its low, likely or high value."""
    pick = SCENARIOS.index(which)
    out = {}
    for e in entities:
        for t in threats.threats:
            f = estimate(t, "frequency", e.sector)[pick]
            i = estimate(t, "impact", e.sector)[pick]
            out[(e.id, t.id)] = f * i * e.loss_factor
    return out


def pert(rng: random.Random, low: float, likely: float, high: float, lam: float = 4.0) -> float:
    if high <= low:
        return likely
    a = 1.0 + lam * (likely - low) / (high - low)
    b = 1.0 + lam * (high - likely) / (high - low)
    return low + (high - low) * rng.betavariate(a, b)


def sample_ales(entities, threats: ThreatProfile, draws: int, seed: int) -> list[dict[tuple[str, str], float]]:
    """`draws` ALE tables, reproducible from `seed`: per draw, threats in file order, sectors in
    sorted order, frequency then impact."""
    rng = random.Random(seed)
    sectors = sorted({_sector(e) for e in entities})
    by_sector: dict[str, list] = {s: [e for e in entities if _sector(e) == s] for s in sectors}
    out = []
    for _ in range(draws):
        ale: dict[tuple[str, str], float] = {}
        for t in threats.threats:
            for s in sectors:
                sector = by_sector[s][0].sector
                f = pert(rng, *estimate(t, "frequency", sector)[:3])
                i = pert(rng, *estimate(t, "impact", sector)[:3])
                for e in by_sector[s]:
                    ale[(e.id, t.id)] = f * i * e.loss_factor
        out.append(ale)
    return out


def weights_from_ale(inst, threats: ThreatProfile, ale: dict[tuple[str, str], float]) -> dict[str, dict[str, float]]:
    """SPEC §3.4 weights from given ALE figures (the same formula as engine.assess.impact.weights)."""
    fw = inst.fw
    top = fw.max_level
    shares = {t.id: leaf_shares(fw, t.mitigated_by) for t in threats.threats}
    out = {}
    for e in inst.entities:
        w = {o: 0.0 for o in fw.leaves}
        for t in threats.threats:
            a = ale[(e.id, t.id)]
            if a:
                for o, s in shares[t.id].items():
                    w[o] += a * s / top
        out[e.id] = w
    return out


def _finite(x: float | None) -> float | None:
    """A solver bound, or None when the solver has none yet (HiGHS reports infinity)."""
    return x if x is not None and math.isfinite(x) else None


def percentiles(xs: list[float], digits: int = 2) -> dict[str, float]:
    """Mean, 5th, 50th and 95th percentiles (linear interpolation), min and max."""
    s = sorted(xs)
    if not s:
        return {k: 0.0 for k in ("mean", "p5", "p50", "p95", "min", "max")}

    def q(p: float) -> float:
        k = (len(s) - 1) * p
        lo, hi = math.floor(k), math.ceil(k)
        return s[lo] + (s[hi] - s[lo]) * (k - lo)
    return {"mean": round(sum(s) / len(s), digits), "p5": round(q(0.05), digits), "p50": round(q(0.5), digits),
            "p95": round(q(0.95), digits), "min": round(s[0], digits), "max": round(s[-1], digits)}


def schedule_of_plan(inst, plan) -> dict[str, int]:
    """The job keys and starts of a plan's actions."""
    out = {}
    for a in plan.actions:
        key = inst.job_key(a.control, a.entity)
        if key not in inst.jobs:
            key = inst.job_key(a.control, None)
        out[key] = a.start
    return out


def resolve(inst, threats: ThreatProfile, weights: dict[str, dict[str, float]], time_limit: float,
            chosen: dict[str, int]) -> dict[str, Any]:
    """The planner re-run with other weights: (schedule, status, bound)."""
    from cyberplan.engine.plan.greedy import greedy_schedule
    from cyberplan.engine.plan.instance import build_instance
    from cyberplan.engine.plan.milp import build_model
    from cyberplan.engine.plan.objective import schedule_value
    from cyberplan.engine.plan.solve import schedule_from, solve
    from cyberplan.engine.plan.states import States
    cfg = inst.config.model_copy(update={"solver": inst.config.solver.model_copy(update={"time_limit": time_limit})})
    alt = build_instance(inst.fw, inst.rs, cfg, inst.entities, inst.codes0, inst.levels0, threats, weights)
    states = States(alt, evaluator="reference")
    greedy = greedy_schedule(alt, states)
    model = build_model(alt)
    start = greedy
    if all(k in model.x and s in model.x[k] for k, s in chosen.items()):
        if schedule_value(alt, states, chosen) >= schedule_value(alt, states, greedy):
            start = chosen
    outcome = solve(model, cfg.solver, start=start)
    if outcome.status in ("optimal", "feasible"):
        schedule = schedule_from(model)
        if schedule_value(alt, states, schedule) < schedule_value(alt, states, start):
            schedule = start
    else:
        schedule = start
    return {"instance": alt, "states": states, "schedule": schedule, "status": outcome.status,
            "bound": outcome.bound, "gap": outcome.gap}


def analyse(inputs, result, config, threats: ThreatProfile, plan, *, draws: int = 500, seed: int = 1,
            resolve_draws: int = 2, resolve_time_limit: float | None = None, threshold: float = 0.95,
            progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The business case of `plan` under the low/likely/high scenarios and `draws` Monte Carlo
    draws, and how close the plan stays to the best plan under each (see the module's doc)."""
    from cyberplan.engine.plan import prepare_instance
    from cyberplan.engine.plan.states import States

    def say(msg: str) -> None:
        if progress is not None:
            progress(msg)

    inst = prepare_instance(inputs, result, config, threats)
    states = States(inst, evaluator="reference")
    chosen = schedule_of_plan(inst, plan)
    lin = Exposure(inst, trajectory(inst, states, chosen), threats)
    H = inst.H
    costs = cost_per_period(inst, chosen, config.appraisal_years * config.periods_per_year)

    def case(ale) -> dict[str, Any]:
        return case_summary(inst, chosen, lin, ale, costs)

    def total(linear: Exposure, ale) -> float:
        return sum(linear.avoided_per_period(ale, H))

    missing = []   # estimates with no range: held at their likely value in every scenario and draw
    for t in threats.threats:
        for e in inst.entities:
            f, i = estimate(t, "frequency", e.sector), estimate(t, "impact", e.sector)
            if f[2] == 0 or i[2] == 0:
                continue   # no exposure whatever the other estimate
            for what, est in (("frequency", f), ("impact", i)):
                if not est[3]:
                    missing.append(f"{t.id} {what} for {e.sector or '(no sector)'}")
    missing = sorted(set(missing))

    if draws > 0:
        say(f"uncertainty: drawing {draws:,} Monte Carlo samples")
    samples = sample_ales(inst.entities, threats, draws, seed) if draws > 0 else []
    limit = resolve_time_limit if resolve_time_limit is not None else min(10.0, config.solver.time_limit)
    depends = config.maximizes
    alternatives: list[tuple[str, Exposure]] = []
    scenarios: list[dict[str, Any]] = []
    resolved_draws: list[dict[str, Any]] = []
    cases = [(name, scenario_ale(inst.entities, threats, name)) for name in SCENARIOS]
    cases += [(f"draw {i + 1}", samples[i]) for i in range(min(resolve_draws, len(samples)))]
    for name, ale in cases:
        row: dict[str, Any] = {"name": name}
        if name in SCENARIOS:
            row.update(case(ale))
        mine = total(lin, ale)
        robust: dict[str, Any] = {"plan_loss_avoided": round(mine, 2)}
        if depends and name == "likely":
            # the likely case is the plan's own problem: the plan is its best found, its bound applies
            bound = _finite(plan.objective.bound)
            robust.update({"best_found": round(mine, 2), "solver_status": plan.status,
                           "solver_bound": None if bound is None else round(max(bound, mine), 2),
                           "share_of_best": 1.0,
                           "share_of_bound": round(mine / max(bound, mine), 4) if bound and mine > 0 else None,
                           "note": "the chosen plan's own solve"})
        elif depends:
            say(f"uncertainty: re-solving the plan under the {name} case (time limit {limit:g}s)")
            r = resolve(inst, threats, weights_from_ale(inst, threats, ale), limit, chosen)
            alt_lin = Exposure(r["instance"], trajectory(r["instance"], r["states"], r["schedule"]), threats)
            alternatives.append((name, alt_lin))
            best = max(total(alt_lin, ale), mine)
            bound = None if _finite(r["bound"]) is None else max(r["bound"], best)
            robust.update({"best_found": round(best, 2), "solver_status": r["status"],
                           "solver_bound": None if bound is None else round(bound, 2),
                           "share_of_best": round(mine / best, 4) if best > 0 else 1.0,
                           "share_of_bound": round(mine / bound, 4) if bound else None})
        if name in SCENARIOS:
            row["robustness"] = robust
            scenarios.append(row)
        else:
            robust["draw"] = int(name.split()[1])
            resolved_draws.append(robust)
    out: dict[str, Any] = {
        "method": "scenarios: every frequency and impact at its low, likely or high value; Monte Carlo: PERT "
                  "(lambda 4) per threat and sector on [low, likely, high], one draw shared by a sector's entities",
        "seed": seed, "draws": draws, "scenarios": scenarios,
        "fixed_estimates": missing,
        "resolve_time_limit": limit if depends else None,
    }
    if samples:
        totals, nets, rosis, afters, paid, after_h, npvs = [], [], [], [], [], [], []
        for n, ale in enumerate(samples, start=1):
            if n % 1000 == 0 or n == len(samples):
                say(f"uncertainty: Monte Carlo {n:,} of {len(samples):,} draws")
            c = case(ale)
            npvs.append(c["npv"])
            totals.append(c["total_loss_avoided"])
            nets.append(c["net_benefit"])
            rosis.append(c["rosi"] if c["rosi"] is not None else 0.0)
            afters.append(c["annual_exposure_after"])
            paid.append(c["payback_period"] is not None)
            after_h.append(c["annual_net_after_horizon"])
        mc: dict[str, Any] = {
            "draws": draws, "seed": seed,
            "total_loss_avoided": percentiles(totals), "net_benefit": percentiles(nets),
            "rosi": percentiles(rosis, 4),
            "annual_exposure_after": percentiles(afters),
            "annual_net_after_horizon": percentiles(after_h),
            "npv": percentiles(npvs),
            "probability_npv_positive": round(sum(1 for x in npvs if x > 0) / len(npvs), 4),
            "probability_net_positive": round(sum(1 for x in nets if x > 0) / len(nets), 4),
            "probability_payback_within_horizon": round(sum(paid) / len(paid), 4),
        }
        if depends and alternatives:
            ratios = []
            for ale in samples:
                mine = total(lin, ale)
                best = max([mine] + [total(a, ale) for _, a in alternatives])
                ratios.append(mine / best if best > 0 else 1.0)
            mc["robustness"] = {
                "threshold": threshold,
                "share_of_draws_at_threshold": round(sum(1 for r in ratios if r >= threshold - 1e-12) / len(ratios), 4),
                "share_of_best": percentiles(ratios, 4),
                "compared_with": [n for n, _ in alternatives],
                "resolved_draws": resolved_draws,
            }
        out["monte_carlo"] = mc
    out["summary"] = robustness_sentence(out, depends)
    return out


def robustness_sentence(unc: dict[str, Any], depends: bool) -> list[str]:
    """Plain sentences for the reader."""
    out = []
    sc = {s["name"]: s for s in unc["scenarios"]}
    if sc:
        lo, hi = sc["low"], sc["high"]
        out.append(f"loss avoided within the horizon ranges from {lo['total_loss_avoided']:,.0f} (low) to "
                   f"{hi['total_loss_avoided']:,.0f} (high); likely {sc['likely']['total_loss_avoided']:,.0f}")
    mc = unc.get("monte_carlo")
    if mc:
        t = mc["total_loss_avoided"]
        out.append(f"Monte Carlo ({mc['draws']} draws, seed {mc['seed']}): loss avoided {t['p5']:,.0f} to "
                   f"{t['p95']:,.0f} (5th-95th percentile), median {t['p50']:,.0f}; net benefit positive in "
                   f"{mc['probability_net_positive']:.0%} of draws, NPV positive in "
                   f"{mc['probability_npv_positive']:.0%}, payback within the horizon in "
                   f"{mc['probability_payback_within_horizon']:.0%}")
    if not depends:
        out.append("min-cost plans do not depend on the threat weights: the same plan is chosen under every scenario")
        return out
    parts = []
    for s in unc["scenarios"]:
        r = s["robustness"]
        bound = "" if r.get("share_of_bound") is None else \
            f" (the solver's bound proves at least {r['share_of_bound']:.1%} of the optimum)"
        parts.append(f"{s['name']} {r['share_of_best']:.1%} of the best plan found{bound}")
    if parts:
        out.append("re-solved under each scenario, the chosen plan achieves: " + "; ".join(parts))
    if mc and mc.get("robustness"):
        r = mc["robustness"]
        out.append(f"in {r['share_of_draws_at_threshold']:.0%} of the {mc['draws']} draws the chosen plan achieves "
                   f"at least {r['threshold']:.0%} of the best of itself and the {len(r['compared_with'])} plans re-solved "
                   f"for {', '.join(r['compared_with'])}, each evaluated under that draw (worst draw "
                   f"{r['share_of_best']['min']:.1%})")
    if sc and mc:
        likely, med = sc["likely"]["total_loss_avoided"], mc["total_loss_avoided"]["p50"]
        if likely and abs(med - likely) > 0.1 * likely:
            out.append(f"the likely values are the most probable estimates (modes); with skewed ranges the median "
                       f"draw ({med:,.0f}) differs from the likely case ({likely:,.0f})")
    return out
