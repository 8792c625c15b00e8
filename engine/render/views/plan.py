"""The plan as an Output: the action list, spend per period, maturity per period, and the rest."""
from __future__ import annotations

from cyberplan.engine import units
from cyberplan.engine.models import Framework
from cyberplan.engine.plan.result import PlanResult
from cyberplan.engine.render import Output, Table


def plan_output(plan: PlanResult, fw: Framework) -> Output:
    data = plan.to_json_dict()
    unit = plan.objective.unit
    money = unit != "level-periods"
    cur = plan.business_case.currency if plan.business_case else (plan.config.get("currency") or fw.currency or "")
    cu = f" ({cur})" if cur else ""
    tables = []
    if plan.status in ("infeasible", "no-solution"):
        return Output("plan", data, [Table("No plan", ["status", "reason"], [[plan.status, plan.reason]],
                                           name="status")], notes=[], result=plan)
    from cyberplan.engine.render.views.results import assessed_phrase
    cost, effort = f"cost{cu}", "effort (person-days)"
    benefit = f"loss avoided{cu}" if money else f"benefit ({unit})"
    tables.append(Table(
        f"Action list ({len(plan.actions)} actions, ranked by start period then benefit per cost; "
        f"answers {assessed_phrase(plan)})",
        ["rank", "entity", "control", "title", "start", "finish", cost, effort, benefit, "raises", "why"],
        [[a.rank, a.entity, a.control + (" (in progress)" if a.locked else ""), a.title, a.start_period,
          a.finish_period, round(a.cost), round(a.effort), round(a.benefit) if money else round(a.benefit, 2),
          ", ".join(f"{r.outcome} {r.from_}→{r.to}" for r in a.raises[:3])
          + (" …" if len(a.raises) > 3 else ""), a.why] for a in plan.actions],
        name="actions", styles={cost: "money", effort: "number", benefit: "money" if money else "number"}))
    spend_cols = [f"{c}{cu}" for c in ("capex", "opex", "total", "budget", "available with carry-over")]
    tables.append(Table("Spend per period", ["period"] + spend_cols,
                        [[s.label, round(s.capex), round(s.opex), round(s.total),
                          None if s.budget is None else round(s.budget),
                          None if s.available is None else round(s.available)] for s in plan.spend],
                        name="spend", styles={c: "money" for c in spend_cols}))
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
        tables.append(Table("Controls that would help but are not in the plan",
                            ["entity", "control", "title", "reason"],
                            [[u.entity, u.control, u.title, u.reason] for u in plan.unselected], name="unselected"))
    if plan.replan:
        rp = plan.replan
        rows = [["progress as of", rp["as_of"]], ["re-plan starts", f"{rp['starts']} ({rp['periods_left']} periods)"],
                ["done (in place)", ", ".join(rp["done"]) or "none"],
                ["in progress (locked in)", ", ".join(f"{x['control']} for {x['entity']} ({x['complete']:.0%} done)"
                                                      for x in rp["in_progress"]) or "none"],
                ["dropped (not planned again)", ", ".join(rp["dropped"]) or "none"],
                ["money spent so far (sunk)", f"{rp['spent']:,.0f}"],
                ["budget", f"{_budget_text(rp['budget_before'])} before; {_budget_text(rp['budget_now'])} now"]]
        rows += [["note", n] for n in rp["notes"]]
        tables.insert(0, Table(f"Re-plan from {rp['starts']}: what it starts from", ["item", "value"], rows,
                               name="replan"))
    if plan.business_case:
        from cyberplan.engine.render.views.business import business_case_tables
        tables += business_case_tables(plan.business_case)
    obj = plan.objective
    gap = "" if obj.gap is None else (f", gap {obj.gap:.2%} to the bound "
                                      + (units.money(obj.bound, unit) if money else f"{obj.bound:,.2f}"))
    notes = [f"status: {plan.status}{gap}",
             f"planned from the answers {assessed_phrase(plan)}",
             (f"benefit: {units.money(obj.benefit, unit)} of expected loss avoided" if money else
              f"benefit: {obj.benefit:,.2f} {unit} (levels gained x criticality x periods)")
             + f"; cost within the horizon: {units.money(obj.cost, cur)}"]
    if plan.verification:
        v = plan.verification
        notes.append(f"verified: {v.checked} planned levels re-assessed by the rules engine, budget, capacity "
                     f"and prerequisites recomputed from the actions")
    if plan.business_case:
        bc = plan.business_case
        notes.insert(0, bc.recommendation)
    notes += plan.dropped.notes
    return Output("plan", data, tables, notes=notes, result=plan)


def frontier_output(front) -> Output:
    """The budget frontier (engine.plan.frontier.Frontier): one row per budget."""
    unit = front.unit
    money = unit != "level-periods"
    value_name = {"max-benefit": "benefit", "max-net-benefit": "net benefit", "max-npv": "NPV"}.get(front.objective,
                                                                                                   "value")
    cu = f" ({unit})" if money else ""
    cols = [f"budget per period{cu}", f"total budget{cu}", "status", "gap", f"objective: {value_name} ({unit})",
            f"benefit ({unit})", f"cost in horizon{cu}", "actions", f"extra {value_name} per 1,000 of budget", "note"]
    rows = []
    for p in front.points:
        note = []
        if p.configured:
            note.append("the plan's budget")
        if p.knee:
            note.append("knee: more money buys markedly less beyond here")
        if p.above_gordon_loeb:
            note.append("above the Gordon-Loeb reference")
        rows.append([round(p.budget_per_period), round(p.total_budget), p.status, p.gap,
                     round(p.value) if money else round(p.value, 2), round(p.benefit) if money else round(p.benefit, 2),
                     round(p.cost), p.actions, None if p.marginal_value_per_1000 is None
                     else round(p.marginal_value_per_1000, 2), "; ".join(note)])
    notes = []
    if front.knee:
        notes.append(front.knee)
    if front.gordon_loeb_per_period is not None and money:
        notes.append(f"Gordon-Loeb reference: spending more than {front.gordon_loeb_per_period:,.0f} {unit} a period "
                     "(37% of the expected annual loss the programme addresses) is hard to justify.")
    return Output("frontier", {"frontier": front.model_dump(mode="json")}, [Table(
        f"Budget frontier: the plan's objective ({front.objective}) at each budget", cols, rows, name="frontier",
        styles={f"budget per period{cu}": "money", f"total budget{cu}": "money", f"cost in horizon{cu}": "money",
                "gap": "pct", f"objective: {value_name} ({unit})": "money" if money else "number",
                f"benefit ({unit})": "money" if money else "number"})],
        notes=notes)


def _budget_text(b: dict) -> str:
    parts = []
    per = b.get("per_period")
    if isinstance(per, list):
        parts.append("per period " + ", ".join(f"{x:,.0f}" for x in per))
    elif per is not None:
        parts.append(f"{per:,.0f} per period")
    if b.get("total") is not None:
        parts.append(f"{b['total']:,.0f} in total")
    if b.get("carry_over"):
        parts.append("carried over")
    return ", ".join(parts) or "none"
