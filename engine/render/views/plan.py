"""The plan as an Output: the action list, spend per period, maturity per period, and the rest."""
from __future__ import annotations

from cyberplan.engine.models import Framework
from cyberplan.engine.plan.result import PlanResult
from cyberplan.engine.render import Output, Table


def plan_output(plan: PlanResult, fw: Framework) -> Output:
    data = plan.to_json_dict()
    unit = plan.objective.unit
    money = unit != "level-periods"
    tables = []
    if plan.status in ("infeasible", "no-solution"):
        return Output("plan", data, [Table("No plan", ["status", "reason"], [[plan.status, plan.reason]],
                                           name="status")], notes=[], result=plan)
    tables.append(Table(
        f"Action list ({len(plan.actions)} actions, ranked by start period then benefit per cost)",
        ["rank", "entity", "control", "title", "start", "finish", "cost", "effort", "benefit", "raises", "why"],
        [[a.rank, a.entity, a.control, a.title, a.start_period, a.finish_period, round(a.cost), round(a.effort, 1),
          round(a.benefit, 2), ", ".join(f"{r.outcome} {r.from_}→{r.to}" for r in a.raises[:3])
          + (" …" if len(a.raises) > 3 else ""), a.why] for a in plan.actions],
        name="actions", styles={"cost": "money", "benefit": "money"}))
    tables.append(Table("Spend per period", ["period", "capex", "opex", "total", "budget", "available"],
                        [[s.label, round(s.capex), round(s.opex), round(s.total),
                          None if s.budget is None else round(s.budget),
                          None if s.available is None else round(s.available)] for s in plan.spend],
                        name="spend", styles={c: "money" for c in ("capex", "opex", "total", "budget", "available")}))
    functions = [o.id for o in fw.outcomes]
    rows = []
    for e, series in plan.maturity.items():
        for t in (0, len(series) // 2, len(series) - 1):
            label = "start" if t == 0 else ("end" if t == len(series) - 1 else plan.periods[t])
            rows.append([e, label] + [series[t][f] for f in functions])
    tables.append(Table("Maturity by function: start, mid-horizon, end", ["entity", "when"] + functions, rows,
                        name="maturity", styles={f: "level" for f in functions}))
    if plan.unmet_targets:
        tables.append(Table(f"Targets not reached within the horizon ({len(plan.unmet_targets)})",
                            ["entity", "outcome", "current", "target", "reached"],
                            [[u.entity, u.outcome, u.current, u.target, u.reached] for u in plan.unmet_targets[:40]],
                            name="unmet"))
    if plan.unselected:
        tables.append(Table("Controls that would help but are not in the plan", ["entity", "control", "title", "reason"],
                            [[u.entity, u.control, u.title, u.reason] for u in plan.unselected], name="unselected"))
    if plan.business_case:
        from cyberplan.engine.render.views.impact import business_case_tables
        tables += business_case_tables(plan.business_case)
    obj = plan.objective
    gap = "" if obj.gap is None else f", gap {obj.gap:.2%} to the bound {obj.bound:,.2f}"
    notes = [f"status: {plan.status}{gap}",
             f"benefit: {obj.benefit:,.2f} {unit}" + (" of expected loss avoided" if money else
                                                       " (levels gained x criticality x periods)")
             + f"; cost within the horizon: {obj.cost:,.0f}"]
    if plan.verification:
        v = plan.verification
        notes.append(f"verified: {v.checked} planned levels re-assessed by the rules engine, budget, capacity "
                     f"and prerequisites recomputed from the actions")
    if plan.business_case:
        bc = plan.business_case
        notes.append(f"business case: spend {bc['total_spend']:,.0f}, expected loss avoided "
                     f"{bc['total_loss_avoided']:,.0f}, net {bc['net_benefit']:,.0f} {bc['currency']}; "
                     f"ROSI {bc['rosi'] if bc['rosi'] is not None else 'n/a'}; payback "
                     f"{bc['payback_period'] or 'not within the horizon'}")
    notes += plan.dropped.notes
    return Output("plan", data, tables, notes=notes, result=plan)


def frontier_output(points, config) -> Output:
    data = {"frontier": [p.model_dump() for p in points]}
    return Output("frontier", data, [Table(
        "Efficient frontier: benefit against budget",
        ["budget/period", "total budget", "status", "benefit", "cost", "actions", "extra benefit per 1,000"],
        [[round(p.budget_per_period), round(p.total_budget), p.status, round(p.benefit, 2), round(p.cost), p.actions,
          p.marginal_benefit_per_1000] for p in points], name="frontier")])
