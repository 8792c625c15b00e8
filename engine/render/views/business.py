"""The business case as tables a finance ministry reads: the case in words, the options side by
side, spend and benefit by fiscal year, the appraisal year by year, the horizon period by period,
value for money, sensitivity and uncertainty. Every money column names its currency."""
from __future__ import annotations

from cyberplan.engine.plan.business import BusinessCase
from cyberplan.engine.render.output import Table
from cyberplan.engine.units import money, pct, ratio


def _r(x: float | None) -> int | None:
    return None if x is None else round(x)


def business_case_tables(bc: BusinessCase, top: int = 15) -> list[Table]:
    cur = bc.currency
    ap = bc.appraisal
    tables = []
    words = ([[bc.recommendation]] if bc.recommendation else []) + [[s] for s in bc.summary]
    if words:
        tables.append(Table("The case in brief", ["finding"], words, name="brief"))
    summary = [
        ["spend within the horizon", money(bc.total_spend, cur)],
        ["expected loss avoided within the horizon", money(bc.total_loss_avoided, cur)],
        ["net benefit within the horizon", money(bc.net_benefit, cur)],
        ["return on security investment (ROSI) within the horizon", pct(bc.rosi, 1)],
        [f"net present value over {ap.years} years at {ap.discount_rate:.1%}", money(ap.npv, cur)],
        ["present value of the avoided losses / of the costs", f"{money(ap.pv_benefit, cur)} / {money(ap.pv_cost, cur)}"],
        ["benefit-cost ratio (BCR)", ratio(ap.bcr)],
        ["payback", ap.payback_period or f"not within {ap.years} years"],
        ["expected loss per year now", money(bc.annual_exposure_before, cur)],
        ["expected loss per year once the plan is complete (the risk left)", money(bc.annual_exposure_after, cur)],
        ["loss avoided per year once complete", money(bc.annual_loss_avoided_run_rate, cur)],
        ["running costs per year once complete", money(bc.annual_opex_after_horizon, cur)],
    ]
    if bc.priority_weighted is not None:
        summary.append(["priority-weighted objective (criticality x value; not money)", f"{bc.priority_weighted:,.0f}"])
    tables.append(Table(f"Business case ({cur}, plain expected money)", ["figure", "value"], summary, name="business"))
    if bc.options:
        rows = []
        for o in bc.options:
            a = o.appraisal
            rows.append([o.name, o.status, o.actions if a else None, _r(o.spend_in_horizon) if a else None,
                         _r(a.pv_cost) if a else None, _r(a.pv_benefit) if a else None, _r(a.npv) if a else None,
                         None if a is None or a.bcr is None else round(a.bcr, 2),
                         (a.payback_period or "not paid back") if a else None,
                         _r(a.annual_exposure_after) if a else None, o.target_attainment,
                         o.reason or ""])
        tables.append(Table(
            f"Options appraisal ({cur}; present values over {ap.years} years at {ap.discount_rate:.1%})",
            ["option", "status", "actions", f"spend in horizon ({cur})", f"PV cost ({cur})", f"PV benefit ({cur})",
             f"NPV ({cur})", "BCR", "payback", f"risk left per year ({cur})", "target attainment", "note"],
            rows, name="options",
            styles={f"spend in horizon ({cur})": "money", f"PV cost ({cur})": "money",
                    f"PV benefit ({cur})": "money", f"NPV ({cur})": "money",
                    f"risk left per year ({cur})": "money", "target attainment": "pct"}))
    tables.append(Table(
        f"What to fund by fiscal year ({cur})",
        ["fiscal year", f"spend ({cur})", f"capex ({cur})", f"opex ({cur})", f"budget ({cur})",
         f"loss avoided ({cur})", "actions starting"],
        [[f.label, _r(f.spend), _r(f.capex), _r(f.opex), _r(f.budget), _r(f.benefit), f.actions_started]
         for f in bc.fiscal_years], name="fiscal_years",
        styles={c: "money" for c in (f"spend ({cur})", f"capex ({cur})", f"opex ({cur})", f"budget ({cur})",
                                     f"loss avoided ({cur})")}))
    tables.append(Table(
        f"Appraisal by year ({cur}, discount rate {ap.discount_rate:.1%})",
        ["year", "months", "in horizon", f"benefit ({cur})", f"cost ({cur})", f"net ({cur})", "discount factor",
         f"present value of net ({cur})", f"cumulative net ({cur})"],
        [[y.year, y.label, "yes" if y.in_horizon else "no", _r(y.benefit), _r(y.cost), _r(y.net),
          round(y.discount_factor, 4), _r(y.pv_net), _r(y.cumulative_net)] for y in bc.years],
        name="appraisal_years",
        styles={c: "money" for c in (f"benefit ({cur})", f"cost ({cur})", f"net ({cur})",
                                     f"present value of net ({cur})", f"cumulative net ({cur})")}))
    horizon = [r for r in bc.periods if r.in_horizon]
    money_cols = [f"spend ({cur})", f"loss avoided ({cur})", f"net ({cur})", f"cumulative spend ({cur})",
                  f"cumulative loss avoided ({cur})", f"cumulative net ({cur})"]
    tables.append(Table(f"Business case per period within the horizon ({cur})", ["period"] + money_cols,
                        [[r.label, _r(r.spend), _r(r.loss_avoided), _r(r.net), _r(r.cumulative_spend),
                          _r(r.cumulative_loss_avoided), _r(r.cumulative_net)] for r in horizon],
                        name="business_periods", styles={c: "money" for c in money_cols}))
    if bc.value_for_money:
        vfm = bc.value_for_money
        tables.append(Table(
            f"Value for money: actions ranked by expected loss avoided per {cur} spent (top {min(top, len(vfm))} "
            f"of {len(vfm)})",
            ["value rank", "action", "entity", "control", "title", f"cost ({cur})", f"loss avoided ({cur})",
             f"per {cur} spent"],
            [[r.value_rank, r.action, r.entity, r.control, r.title, _r(r.cost), _r(r.loss_avoided),
              "no cost" if r.loss_avoided_per_unit_spent is None else round(r.loss_avoided_per_unit_spent, 2)]
             for r in vfm[:top]], name="value_for_money",
            styles={f"cost ({cur})": "money", f"loss avoided ({cur})": "money"}))
    if bc.sensitivity:
        tables += sensitivity_tables(bc.sensitivity, cur)
    if bc.uncertainty:
        tables += uncertainty_tables(bc.uncertainty, cur)
    return tables


def sensitivity_tables(sens: dict, cur: str) -> list[Table]:
    rows = [[s["what"], s["sentence"]] for s in sens.get("switching", [])]
    out = [Table("Switching values: how far the estimates must fall before the NPV reaches zero", ["estimate", "finding"],
                 rows, name="switching")] if rows else []
    tor = sens.get("tornado", [])
    if tor:
        out.append(Table(f"NPV under each threat's low and high estimates ({cur}; the others at their likely values)",
                         ["threat", f"NPV low ({cur})", f"NPV likely ({cur})", f"NPV high ({cur})", f"swing ({cur})"],
                         [[t["threat"], _r(t["npv_low"]), _r(t["npv_likely"]), _r(t["npv_high"]), _r(t["swing"])]
                          for t in tor], name="tornado",
                         styles={c: "money" for c in (f"NPV low ({cur})", f"NPV likely ({cur})", f"NPV high ({cur})",
                                                      f"swing ({cur})")}))
    return out


def uncertainty_tables(unc: dict, cur: str) -> list[Table]:
    rows = []
    for s in unc["scenarios"]:
        r = s.get("robustness") or {}
        rows.append([s["name"], _r(s["total_loss_avoided"]), _r(s["net_benefit"]), _r(s.get("npv")),
                     s["rosi"], s["payback_period"] or "beyond horizon", _r(s["annual_exposure_after"]),
                     r.get("share_of_best"), r.get("share_of_bound")])
    mc = unc.get("monte_carlo")
    if mc:
        for q in ("p5", "p50", "p95"):
            rows.append([f"Monte Carlo {q}", _r(mc["total_loss_avoided"][q]), _r(mc["net_benefit"][q]),
                         _r(mc["npv"][q]) if "npv" in mc else None, mc["rosi"][q], "",
                         _r(mc["annual_exposure_after"][q]), None, None])
    tables = [Table(f"Business case under uncertainty ({cur}): scenarios and Monte Carlo percentiles",
                    ["scenario", f"loss avoided ({cur})", f"net ({cur})", f"NPV ({cur})", "ROSI", "payback",
                     f"risk left per year ({cur})", "plan vs best plan found", "plan vs solver bound (at least)"],
                    rows, name="uncertainty",
                    styles={f"loss avoided ({cur})": "money", f"net ({cur})": "money", f"NPV ({cur})": "money",
                            "ROSI": "pct", f"risk left per year ({cur})": "money", "plan vs best plan found": "pct",
                            "plan vs solver bound (at least)": "pct"})]
    said = list(unc.get("summary") or [])
    if unc.get("fixed_estimates"):
        said.append(f"held at their likely value (no range given): {', '.join(unc['fixed_estimates'][:8])}"
                    + (f" and {len(unc['fixed_estimates']) - 8} more" if len(unc["fixed_estimates"]) > 8 else ""))
    if said:
        tables.append(Table("Uncertainty and robustness, in words", ["finding"], [[x] for x in said],
                            name="uncertainty_summary"))
    return tables
