"""The business case of a plan with a threat profile, in plain money (SPEC §3.4, §5): what it
costs and avoids period by period and year by year, NPV, BCR and payback over the appraisal,
spend by fiscal year, the exposure left, the options side by side and a recommendation.

Every figure is recomputed from the plan's schedule by the rules engine and the threat profile
(engine.plan.appraisal), never read from the optimiser.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from cyberplan.engine.assess.impact import by_sector, leaf_shares, sector_key
from cyberplan.engine.models import ThreatProfile
from cyberplan.engine.plan.appraisal import (
    Exposure,
    Figures,
    ale_table,
    figures,
    fiscal_year_of,
    period_label,
    trajectory,
)
from cyberplan.engine.plan.frontier import Frontier


class PeriodRow(BaseModel):
    period: int
    label: str
    in_horizon: bool
    capex: float
    opex: float
    spend: float
    loss_avoided: float
    net: float
    cumulative_spend: float
    cumulative_loss_avoided: float
    cumulative_net: float


class YearRow(BaseModel):
    year: int = Field(description="Years from the plan's start (0 = the first year).")
    label: str
    in_horizon: bool = Field(description="Whether any period of the year is within the plan's horizon.")
    benefit: float = Field(description="Expected loss avoided in the year.")
    capex: float
    opex: float
    cost: float
    net: float
    discount_factor: float = Field(description="1 / (1 + r)^year.")
    pv_benefit: float
    pv_cost: float
    pv_net: float
    cumulative_net: float = Field(description="Undiscounted net benefit to the end of the year.")


class FiscalYearRow(BaseModel):
    label: str = Field(description="The fiscal year, e.g. 2027-28 (or 2027 for calendar years).")
    spend: float = Field(description="Capex and opex charged in the fiscal year.")
    capex: float
    opex: float
    budget: float | None = Field(default=None, description="The configured budget of its periods in the horizon.")
    benefit: float = Field(description="Expected loss avoided in the fiscal year.")
    actions_started: int
    to_fund: list[str] = Field(default_factory=list, description="The actions starting in it (control at entity).")


class Appraisal(BaseModel):
    """SPEC §5's appraisal of one schedule."""
    discount_rate: float
    years: int
    pv_benefit: float
    pv_cost: float
    npv: float
    bcr: float | None
    payback_period: str | None = Field(default=None, description="The first period whose cumulative loss avoided "
                                                                 "reaches cumulative cost.")
    payback_years: float | None = Field(default=None, description="Years from the start to the end of that period.")
    annual_exposure_after: float = Field(description="Expected loss per year left once every action is complete.")


class Option(BaseModel):
    """One option of the options appraisal, on the plan's appraisal."""
    id: str
    name: str
    status: Literal["optimal", "feasible", "infeasible", "not applicable"]
    reason: str | None = None
    actions: int = 0
    spend_in_horizon: float = 0.0
    appraisal: Appraisal | None = None
    target_attainment: float | None = Field(default=None, description="Share of target levels reached at the end.")
    budget_per_period: float | None = None


class ValueForMoney(BaseModel):
    action: int
    entity: str
    control: str
    title: str
    start_period: str
    cost: float
    loss_avoided: float
    loss_avoided_per_unit_spent: float | None
    value_rank: int = 0


class BusinessCase(BaseModel):
    currency: str
    recommendation: str = Field(default="", description="The option the figures favour and why, in one sentence.")
    summary: list[str] = Field(default_factory=list, description="The case in plain sentences.")
    # within the horizon
    total_spend: float
    total_loss_avoided: float
    net_benefit: float
    rosi: float | None = Field(description="(loss avoided - spend) / spend within the horizon.")
    payback_period: str | None
    payback_periods: int | None
    payback_years: float | None
    annual_exposure_before: float
    annual_exposure_after: float
    annual_exposure_reduction: float
    annual_loss_avoided_run_rate: float
    annual_opex_after_horizon: float
    annual_net_after_horizon: float
    priority_weighted: float | None = Field(default=None, description="With `priority: criticality`: the objective's "
                                            "criticality-weighted value (not money).")
    appraisal: Appraisal
    periods: list[PeriodRow]
    years: list[YearRow]
    fiscal_years: list[FiscalYearRow]
    options: list[Option] = Field(default_factory=list)
    value_for_money: list[ValueForMoney] = Field(default_factory=list)
    sensitivity: dict[str, Any] | None = None
    uncertainty: dict[str, Any] | None = None
    frontier: Frontier | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    definitions: dict[str, str] = Field(default_factory=dict)


DEFINITIONS = {
    "money": "plain expected money in the profile's currency: criticality never multiplies it (docs/formats.md §3.4)",
    "loss_avoided": "in a period: sum over entities e and leaf outcomes o of weight(e, o) x (min(level, target) - "
                    "min(level at start, target)) / periods per year; after the horizon the levels at its end hold",
    "rosi": "(total loss avoided - total spend) / total spend, within the horizon",
    "npv": "sum over appraisal years y of (benefit_y - cost_y) / (1 + r)^y (docs/formats.md §5); after the horizon benefits of "
           "completed controls and their opex run on",
    "bcr": "PV(benefit) / PV(cost)",
    "payback_period": "the first period whose cumulative loss avoided reaches cumulative cost (once money is spent)",
    "annual_exposure": "sum over entities and leaves of weight x (top level - level): before = assessed levels, after "
                       "= once every action is complete",
}


def appraisal_of(inst, figs: Figures, exposure_after: float) -> Appraisal:
    cfg = inst.config
    pay = figs.payback
    return Appraisal(discount_rate=figs.discount_rate, years=figs.years, pv_benefit=round(figs.pv_benefit, 2),
                     pv_cost=round(figs.pv_cost, 2), npv=round(figs.npv, 2),
                     bcr=None if figs.bcr is None else round(figs.bcr, 4),
                     payback_period=None if pay is None else period_label(cfg, pay),
                     payback_years=None if pay is None else round((pay + 1) / cfg.periods_per_year, 2),
                     annual_exposure_after=round(exposure_after, 2))


def appraise_schedule(inst, states, schedule: dict[str, int], threats: ThreatProfile) -> tuple[Appraisal, Figures]:
    """The appraisal of any schedule of the instance (an option, a frontier point)."""
    traj = trajectory(inst, states, schedule)
    exp = Exposure(inst, traj, threats)
    ale = ale_table(inst.entities, threats)
    figs = figures(inst, schedule, exp, ale)
    return appraisal_of(inst, figs, exp.exposure(ale)[1]), figs


def case_summary(inst, schedule: dict[str, int], exp: Exposure, ale: dict, costs=None) -> dict[str, Any]:
    """The headline figures of a schedule under one set of ALE figures: within the horizon (spend,
    loss avoided, net, ROSI, payback), exposure and run rate, and the appraisal (NPV, BCR).
    `costs`: the appraisal's (capex, opex) per period, when already known (they do not depend on ALE)."""
    from cyberplan.engine.plan.appraisal import cost_per_period
    cfg = inst.config
    ppy, H = inst.periods_per_year, inst.H
    years = cfg.appraisal_years
    periods = years * ppy
    costs = costs if costs is not None else cost_per_period(inst, schedule, periods)
    figs = Figures(periods, exp.avoided_per_period(ale, max(periods, H + 1))[:periods], [c for c, _ in costs],
                   [o for _, o in costs], cfg.appraisal.discount_rate, years, ppy)
    before, after = exp.exposure(ale)
    spend_h, avoided_h = sum(figs.cost[:H]), sum(figs.benefit[:H])
    cs = ca = 0.0
    pay = None
    for t in range(H):
        cs, ca = cs + figs.cost[t], ca + figs.benefit[t]
        if pay is None and cs > 0 and ca >= cs - 1e-9:
            pay = t
    run_rate = exp.avoided_per_period(ale, H + 1)[H] * ppy
    ongoing = sum(inst.jobs[k].opex_year for k in schedule)
    net = avoided_h - spend_h
    return {
        "total_spend": round(spend_h, 2), "total_loss_avoided": round(avoided_h, 2), "net_benefit": round(net, 2),
        "rosi": round(net / spend_h, 4) if spend_h > 0 else None,
        "payback_period": None if pay is None else cfg.period_labels()[pay],
        "payback_periods": None if pay is None else pay + 1,
        "payback_years": None if pay is None else round((pay + 1) / ppy, 2),
        "annual_exposure_before": round(before, 2), "annual_exposure_after": round(after, 2),
        "annual_exposure_reduction": round(before - after, 2), "annual_loss_avoided_run_rate": round(run_rate, 2),
        "annual_opex_after_horizon": round(ongoing, 2), "annual_net_after_horizon": round(run_rate - ongoing, 2),
        "npv": round(figs.npv, 2), "bcr": None if figs.bcr is None else round(figs.bcr, 4),
        "pv_benefit": round(figs.pv_benefit, 2), "pv_cost": round(figs.pv_cost, 2),
    }


def business_case(inst, states, schedule: dict[str, int], plan, threats: ThreatProfile,
                  options: list[Option] | None = None) -> BusinessCase:
    cfg = inst.config
    ppy, H = inst.periods_per_year, inst.H
    traj = trajectory(inst, states, schedule)
    exp = Exposure(inst, traj, threats)
    ale = ale_table(inst.entities, threats)
    figs = figures(inst, schedule, exp, ale)
    after = exp.exposure(ale)[1]
    rows, cs, ca = [], 0.0, 0.0
    for t in range(figs.periods):
        s, a = figs.cost[t], figs.benefit[t]
        cs, ca = cs + s, ca + a
        rows.append(PeriodRow(period=t, label=period_label(cfg, t), in_horizon=t < H, capex=round(figs.capex[t], 2),
                              opex=round(figs.opex[t], 2), spend=round(s, 2), loss_avoided=round(a, 2),
                              net=round(a - s, 2), cumulative_spend=round(cs, 2), cumulative_loss_avoided=round(ca, 2),
                              cumulative_net=round(ca - cs, 2)))
    head = case_summary(inst, schedule, exp, ale, list(zip(figs.capex, figs.opex)))
    years = []
    cum = 0.0
    by_b, by_c = figs.by_year(figs.benefit), figs.by_year(figs.cost)
    by_cap, by_op = figs.by_year(figs.capex), figs.by_year(figs.opex)
    for y, d in enumerate(figs.discount):
        cum += by_b[y] - by_c[y]
        years.append(YearRow(year=y, label=_year_label(cfg, y), in_horizon=y * ppy < H, benefit=round(by_b[y], 2),
                             capex=round(by_cap[y], 2), opex=round(by_op[y], 2), cost=round(by_c[y], 2),
                             net=round(by_b[y] - by_c[y], 2), discount_factor=round(d, 6),
                             pv_benefit=round(by_b[y] * d, 2), pv_cost=round(by_c[y] * d, 2),
                             pv_net=round((by_b[y] - by_c[y]) * d, 2), cumulative_net=round(cum, 2)))
    bc = BusinessCase(
        currency=threats.currency, **{k: v for k, v in head.items() if k in BusinessCase.model_fields},
        appraisal=appraisal_of(inst, figs, after), periods=rows, years=years,
        fiscal_years=fiscal_years(inst, figs, plan), options=list(options or []),
        value_for_money=value_for_money(plan), inputs=inputs_table(inst, threats, traj),
        definitions=dict(DEFINITIONS))
    if cfg.priority == "criticality":
        bc.priority_weighted = round(plan.objective.value, 6) if plan.objective.value is not None else None
    return bc


def _year_label(cfg, y: int) -> str:
    """The calendar span of appraisal year y, e.g. '2027-01..2027-12'."""
    year, month = (int(x) for x in cfg.start.split("-"))
    first = f"{year + y:04d}-{month:02d}"
    m_last = month - 1 + 11
    last = f"{year + y + m_last // 12:04d}-{m_last % 12 + 1:02d}"
    return first if first == last else f"{first}..{last}"


def fiscal_years(inst, figs: Figures, plan) -> list[FiscalYearRow]:
    cfg = inst.config
    out: dict[str, FiscalYearRow] = {}
    budget = inst.budget
    for t in range(figs.periods):
        label = fiscal_year_of(cfg, t)
        row = out.setdefault(label, FiscalYearRow(label=label, spend=0.0, capex=0.0, opex=0.0, benefit=0.0,
                                                  actions_started=0))
        row.spend += figs.cost[t]
        row.capex += figs.capex[t]
        row.opex += figs.opex[t]
        row.benefit += figs.benefit[t]
        if t < inst.H and budget is not None:
            row.budget = (row.budget or 0.0) + budget[t]
    for a in plan.actions:
        row = out[fiscal_year_of(cfg, a.start)]
        row.actions_started += 1
        row.to_fund.append(f"{a.control} at {a.entity}")
    for row in out.values():
        row.spend, row.capex, row.opex, row.benefit = (round(row.spend, 2), round(row.capex, 2), round(row.opex, 2),
                                                       round(row.benefit, 2))
        if row.budget is not None:
            row.budget = round(row.budget, 2)
    return list(out.values())


def value_for_money(plan) -> list[ValueForMoney]:
    """The plan's actions ranked by expected loss avoided per unit of money spent within the horizon."""
    rows = []
    for a in plan.actions:
        ratio = a.benefit / a.cost if a.cost > 0 else None
        rows.append(ValueForMoney(action=a.rank, entity=a.entity, control=a.control, title=a.title,
                                  start_period=a.start_period, cost=a.cost, loss_avoided=round(a.benefit, 2),
                                  loss_avoided_per_unit_spent=None if ratio is None else round(ratio, 4)))
    rows.sort(key=lambda r: (-(r.loss_avoided_per_unit_spent if r.cost > 0 else float("inf")), -r.loss_avoided,
                             r.action))
    for i, r in enumerate(rows, 1):
        r.value_rank = i
    return rows


def inputs_table(inst, threats: ThreatProfile, traj) -> dict[str, Any]:
    """What a reader needs to recompute every figure: frequencies, impacts, impact factors and ALE
    per entity and threat, each threat's share per leaf, the scale, and every level change the plan
    makes (the weights per entity and leaf are the plan's `weights`)."""
    fw = inst.fw
    ale_rows = []
    for e in inst.entities:
        for t in threats.threats:
            f, i = by_sector(t.frequency, e.sector), by_sector(t.impact, e.sector)
            ale_rows.append({"entity": e.id, "sector": e.sector, "threat": t.id, "frequency": f,
                             "frequency_from": sector_key(t.frequency, e.sector), "impact": i,
                             "impact_from": sector_key(t.impact, e.sector), "impact_factor": e.loss_factor,
                             "ale": round(f * i * e.loss_factor, 2)})
    return {
        "ale": ale_rows,
        "leaf_shares": {t.id: {o: round(s, 8) for o, s in leaf_shares(fw, t.mitigated_by).items()}
                        for t in threats.threats},
        "max_level": fw.max_level,
        "periods_per_year": inst.periods_per_year,
        "level_changes": traj.changes,
        "note": "weight(e, o) = sum_threat ALE x share(threat, o) / max_level (the plan's `weights`); ALE = frequency "
                "x impact x impact_factor; a level change in `period` p counts from period p on",
    }
