"""The report's story for a reader, as plain data that report.html and the Word business case both
render: the executive brief (what to fund in each fiscal year, what it buys, the options side by
side, the risk left), the series behind the charts, and the solver's detail kept for the end.

Nothing here computes a new money figure: every amount is the engine's (the plan, its business
case, the frontier), chosen, grouped by fiscal year and written in the one number format of
`cyberplan.engine.units`. Amounts in a table name their currency in the column header; amounts in a
sentence carry it themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyberplan.engine.models import PlanConfig
from cyberplan.engine.plan.appraisal import fiscal_year_of
from cyberplan.engine.plan.result import PlanResult
from cyberplan.engine.units import money, pct, ratio

SHARED = "all entities (shared)"
BRIEF_YEARS = 6          # fiscal years listed one by one in the brief; later ones are summed
BRIEF_ACTIONS = 3        # actions named per fiscal year in the brief
BRIEF_RISKS = 4          # entities named in the brief's "risk left"
BRIEF_SENTENCES = 4      # plain sentences under the recommendation, each at most BRIEF_SENTENCE characters
BRIEF_SENTENCE = 200


# --------------------------------------------------------------------------- small words

def display_path(path: str | None, base: str | Path | None = None) -> str:
    """An input file as a reader should see it: relative to the answers file's folder when it lies
    under it, else its file name alone (an absolute path says where the author keeps files, nothing
    about the case)."""
    if not path:
        return "(in memory)"
    p = Path(path)
    if base is not None:
        b = Path(base)
        b = b if b.is_dir() else b.parent
        try:
            return p.resolve().relative_to(b.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.name


def short(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[:n - 1].rstrip() + "…"


def _sentence(s: str) -> str:
    return s if s.endswith((".", "…", "!", "?")) else s + "."


def plain_status(plan: PlanResult, solver_gap: float | None = None) -> str:
    """What the solver's status means, in words."""
    obj = plan.objective
    if plan.status == "infeasible":
        return f"No plan meets the constraints: {plan.reason or 'the solver found none'}."
    if plan.status == "optimal":
        within = f" (within the requested {pct(solver_gap, 1)})" if solver_gap else ""
        return f"The best plan under these constraints, proven by the solver{within}."
    how_far = f" at most {pct(obj.gap, 1)} short of the best possible" if obj.gap is not None else ""
    return f"The best plan found in the time allowed,{how_far}; not proven optimal."


# --------------------------------------------------------------------------- the brief

@dataclass
class FundingYear:
    label: str
    in_horizon: bool
    spend: float
    capex: float
    opex: float
    budget: float | None
    benefit: float | None
    count: int = 0
    actions: list[str] = field(default_factory=list)    # the largest first, at most BRIEF_ACTIONS

    @property
    def headroom(self) -> float | None:
        return None if self.budget is None else self.budget - self.spend

    @property
    def more(self) -> int:
        return self.count - len(self.actions)


@dataclass
class Figure:
    """A key figure of the brief: before -> after, or one value, and what it means."""
    label: str
    after: str
    before: str | None = None
    note: str = ""


@dataclass
class OptionColumn:
    id: str
    name: str
    status: str
    favoured: bool
    cells: dict[str, str]            # row label -> text
    note: str = ""


@dataclass
class RiskLeft:
    entity: str
    before: float
    after: float


@dataclass
class Brief:
    title: str
    subtitle: str
    recommendation: str
    sentences: list[str]
    currency: str
    money: bool
    status: str
    funding: list[FundingYear]
    later: FundingYear | None          # the fiscal years after BRIEF_YEARS of the horizon, summed
    after_horizon: str | None          # what runs on after the horizon, in words
    buys: list[Figure]
    option_rows: list[tuple[str, str]]
    options: list[OptionColumn]
    options_note: str
    risks: list[RiskLeft]
    risk_sentence: str


OPTION_ROWS = ["actions", "spend in horizon", "PV of costs", "PV of avoided losses", "NPV", "benefit-cost ratio",
               "payback", "risk left per year", "target attainment"]
MONEY_ROWS = {"spend in horizon", "PV of costs", "PV of avoided losses", "NPV", "risk left per year"}


def option_row_labels(currency: str) -> list[tuple[str, str]]:
    """(key, label): the money rows name their currency."""
    return [(r, f"{r} ({currency})" if r in MONEY_ROWS and currency else r) for r in OPTION_ROWS]


def _option_columns(bc) -> tuple[list[OptionColumn], str]:
    if bc is None or not bc.options:
        return [], "The options appraisal needs a threat profile: without one the plan is not valued in money."
    cur = bc.currency
    ranked = [o for o in bc.options if o.appraisal is not None and o.status in ("optimal", "feasible")]
    best = max(ranked, key=lambda o: (o.appraisal.npv, o.id == "plan")) if ranked else None
    cols = []
    for o in bc.options:
        a = o.appraisal
        if a is None:
            cells = {r: "–" for r in OPTION_ROWS}
        else:
            cells = {"actions": f"{o.actions:,}", "spend in horizon": money(o.spend_in_horizon),
                     "PV of costs": money(a.pv_cost), "PV of avoided losses": money(a.pv_benefit),
                     "NPV": money(a.npv), "benefit-cost ratio": ratio(a.bcr),
                     "payback": a.payback_period or "not paid back",
                     "risk left per year": money(a.annual_exposure_after),
                     "target attainment": pct(o.target_attainment) if o.target_attainment is not None else "–"}
        note = "" if a is not None else _sentence(short(o.reason or o.status, 150))
        cols.append(OptionColumn(o.id, o.name.split(" (")[0], o.status, o is best, cells, note))
    ap = bc.appraisal
    return cols, (f"{cur}; present values over {ap.years} years at a real discount rate of "
                  f"{pct(ap.discount_rate, 1)}. Highest NPV marked ★.")


def _config_of(plan: PlanResult, config: PlanConfig | None) -> PlanConfig:
    return config if config is not None else PlanConfig.model_validate(plan.config)


def funding_years(plan: PlanResult, config: PlanConfig | None = None,
                  names: dict[str, str] | None = None) -> list[FundingYear]:
    """Spend, budget, loss avoided and the actions starting, per fiscal year: the business case's
    rows when there is one (they run on over the appraisal), else the plan's spend per period."""
    cfg = _config_of(plan, config)
    names = names or {}
    H = len(plan.periods)
    horizon_years = {fiscal_year_of(cfg, t) for t in range(H)}
    bc = plan.business_case
    rows: dict[str, FundingYear] = {}
    if bc is not None:
        for f in bc.fiscal_years:
            rows[f.label] = FundingYear(f.label, f.label in horizon_years, f.spend, f.capex, f.opex, f.budget,
                                        f.benefit)
    else:
        for s in plan.spend:
            label = fiscal_year_of(cfg, s.period)
            row = rows.setdefault(label, FundingYear(label, True, 0.0, 0.0, 0.0, None, None))
            row.spend += s.total
            row.capex += s.capex
            row.opex += s.opex
            if s.budget is not None:
                row.budget = (row.budget or 0.0) + s.budget
    by_year: dict[str, list] = {}
    for a in plan.actions:
        by_year.setdefault(fiscal_year_of(cfg, a.start), []).append(a)
    for label, acts in by_year.items():
        row = rows[label]
        row.count = len(acts)
        acts = sorted(acts, key=lambda a: (-a.cost, a.rank))
        row.actions = [action_label(a, names) for a in acts[:BRIEF_ACTIONS]]
    return list(rows.values())


def entity_name(entity: str, names: dict[str, str]) -> str:
    """An action's entity for a reader: its name, or who a shared control serves ("*": every
    entity; "energy+water": the entities of those sectors)."""
    if entity == "*":
        return SHARED
    if "+" in entity and entity not in names:
        return "shared by " + ", ".join(entity.split("+"))
    return names.get(entity, entity)


def action_label(a, names: dict[str, str]) -> str:
    who = entity_name(a.entity, names)
    title = short(a.title or a.control, 60)
    return f"{title} ({who})" if who.startswith(("shared", SHARED)) else f"{title} at {who}"


def _sum_years(label: str, years: list[FundingYear]) -> FundingYear:
    budgets = [y.budget for y in years if y.budget is not None]
    benefits = [y.benefit for y in years if y.benefit is not None]
    return FundingYear(label, True, sum(y.spend for y in years), sum(y.capex for y in years),
                       sum(y.opex for y in years), sum(budgets) if budgets else None,
                       sum(benefits) if benefits else None, sum(y.count for y in years), [])


def risk_left(plan: PlanResult, levels0: dict[str, dict[str, int]] | None, top: int,
              names: dict[str, str]) -> list[RiskLeft]:
    """Expected loss per year per entity before and after the plan (SPEC §3.4: weight x (top - level)
    summed over leaves), from the plan's weights and level changes; empty when they do not add up to
    the business case's own exposure (the split is then not shown rather than shown wrong)."""
    bc = plan.business_case
    if bc is None or not levels0 or not plan.weights:
        return []
    end = {e: dict(lv) for e, lv in levels0.items()}
    for ch in sorted(bc.inputs.get("level_changes", []), key=lambda c: c["period"]):
        end.setdefault(ch["entity"], {})[ch["outcome"]] = ch["to"]
    rows = []
    for e, w in plan.weights.items():
        if e not in levels0:
            return []
        before = sum(x * (top - levels0[e].get(o, 0)) for o, x in w.items())
        after = sum(x * (top - end[e].get(o, 0)) for o, x in w.items())
        rows.append(RiskLeft(names.get(e, e), before, after))
    tol = 0.005 * max(bc.annual_exposure_before, 1.0)
    if abs(sum(r.before for r in rows) - bc.annual_exposure_before) > tol or \
            abs(sum(r.after for r in rows) - bc.annual_exposure_after) > tol:
        return []
    return sorted(rows, key=lambda r: (-r.after, r.entity))


def progress_figures(plan: PlanResult) -> list[Figure]:
    port = next((m for m in plan.progress if m.scope == "portfolio"), None)
    if port is None:
        return []
    return [
        Figure("Target attainment", pct(port.attainment[-1]), pct(port.attainment[0]),
               "share of the target levels reached, all entities and outcomes"),
        Figure("Gaps to target closed", f"{port.gaps_closed[-1]:,} of {port.gaps_open_at_start:,}", None,
               "entity-outcome pairs below target today that reach it"),
        Figure("Maturity level steps gained", f"{port.steps_gained[-1]:,}", None, "summed over entities and outcomes"),
    ]


def build_brief(plan: PlanResult, *, title: str, subtitle: str = "", config: PlanConfig | None = None,
                names: dict[str, str] | None = None, levels0: dict[str, dict[str, int]] | None = None,
                top: int | None = None) -> Brief:
    names = names or {}
    cfg = _config_of(plan, config)
    bc = plan.business_case
    cur = bc.currency if bc is not None else (cfg.currency or "")
    status = plain_status(plan, cfg.solver.gap)
    years = funding_years(plan, cfg, names)
    horizon = [y for y in years if y.in_horizon]
    later = None
    if len(horizon) > BRIEF_YEARS:
        later = _sum_years(f"{horizon[BRIEF_YEARS].label} to {horizon[-1].label}", horizon[BRIEF_YEARS:])
        horizon = horizon[:BRIEF_YEARS]
    after_horizon = None
    buys: list[Figure] = []
    risks: list[RiskLeft] = []
    risk_sentence = ""
    if bc is not None:
        ap = bc.appraisal
        sentences = [short(x, BRIEF_SENTENCE) for x in bc.summary[:BRIEF_SENTENCES]]
        recommendation = short(bc.recommendation or (sentences[0] if sentences else ""), 2 * BRIEF_SENTENCE)
        buys.append(Figure(f"Expected loss per year ({cur})", money(bc.annual_exposure_after),
                           money(bc.annual_exposure_before), "the risk left once every action is complete"))
        buys += progress_figures(plan)
        buys.append(Figure(f"NPV over {ap.years} years ({cur})", money(ap.npv), None,
                           f"benefit-cost ratio {ratio(ap.bcr)}; "
                           + (f"paid back in {ap.payback_period}" if ap.payback_period else "not paid back")))
        if bc.annual_opex_after_horizon or bc.annual_loss_avoided_run_rate:
            after_horizon = (f"After the plan: running costs of {money(bc.annual_opex_after_horizon, cur, short=True)} "
                             f"a year against {money(bc.annual_loss_avoided_run_rate, cur, short=True)} a year of "
                             "expected loss avoided.")
        risks = risk_left(plan, levels0, top or 0, names)
        share = bc.annual_exposure_after / bc.annual_exposure_before if bc.annual_exposure_before else None
        left = money(bc.annual_exposure_after, cur, short=True)
        risk_sentence = (f"Once every action is complete an expected {left} of loss a year remains"
                         + (f" ({pct(share)} of today's {money(bc.annual_exposure_before, cur, short=True)})"
                            if share is not None else "") + ".")
        if risks:
            risks = risks[:BRIEF_RISKS]
    else:
        recommendation, sentences = _no_money_case(plan, cur)
        buys += progress_figures(plan)
        risk_sentence = ("Without a threat profile the risk left is not valued in money: "
                         f"{len(plan.unmet_targets):,} entity-outcome targets remain unmet at the end of the plan.")
    options, options_note = _option_columns(bc)
    if plan.status == "infeasible":
        recommendation = status
    return Brief(title=title, subtitle=subtitle, recommendation=recommendation, sentences=sentences, currency=cur,
                 money=bc is not None, status=status, funding=horizon, later=later, after_horizon=after_horizon,
                 buys=buys, option_rows=option_row_labels(cur), options=options, options_note=options_note, risks=risks,
                 risk_sentence=risk_sentence)


def _no_money_case(plan: PlanResult, cur: str) -> tuple[str, list[str]]:
    cost = plan.objective.cost
    port = next((m for m in plan.progress if m.scope == "portfolio"), None)
    rec = (f"Fund the {len(plan.actions):,} actions of the plan, {money(cost, cur, short=True)} over its "
           f"{len(plan.periods)} periods")
    if port is not None:
        rec += (f": target attainment rises from {pct(port.attainment[0])} to {pct(port.attainment[-1])} and "
                f"{port.gaps_closed[-1]:,} of {port.gaps_open_at_start:,} gaps to target close.")
    else:
        rec += "."
    return rec, ["The plan is not valued in money: give a threat profile (--threats) for the loss it avoids, its "
                 "NPV and the options appraisal."]


# --------------------------------------------------------------------------- chart series

@dataclass
class Series:
    name: str
    values: list[float]
    emphasis: bool = False


def attainment_series(plan: PlanResult, names: dict[str, str]) -> tuple[list[str], list[Series]]:
    """Target attainment (%) at t = 0..H for the portfolio and each entity."""
    labels = ["now"] + list(plan.periods)
    out = []
    for m in plan.progress:
        if m.scope == "portfolio":
            out.insert(0, Series("portfolio", [round(100 * a, 2) for a in m.attainment], True))
        elif "/" not in m.scope:
            out.append(Series(names.get(m.scope, m.scope), [round(100 * a, 2) for a in m.attainment]))
    return labels[:len(out[0].values)] if out else labels, out


def progress_rows(plan: PlanResult, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for m in plan.progress:
        if "/" in m.scope:
            continue
        rows.append({"scope": "all entities" if m.scope == "portfolio" else names.get(m.scope, m.scope),
                     "portfolio": m.scope == "portfolio", "now": pct(m.attainment[0]),
                     "end": pct(m.attainment[-1]), "steps": m.steps_gained[-1],
                     "closed": f"{m.gaps_closed[-1]:,} of {m.gaps_open_at_start:,}"})
    return rows


def frontier_series(front) -> dict[str, Any] | None:
    """The frontier's lines against the budget per period: the objective's gross benefit, and with
    money the net within the horizon and the NPV over the appraisal."""
    if front is None or not front.points:
        return None
    pts = front.points
    money_ = front.unit != "level-periods"
    obj = front.objective
    lines = [Series(f"benefit within the horizon ({front.unit})" if money_ else f"benefit ({front.unit})",
                    [p.benefit for p in pts], obj == "max-benefit" or not money_)]
    if money_ and all(p.net is not None for p in pts):
        lines.append(Series("net within the horizon (benefit − cost)", [p.net for p in pts], obj == "max-net-benefit"))
    if money_ and all(p.npv is not None for p in pts):
        lines.append(Series("NPV over the appraisal", [p.npv for p in pts], obj == "max-npv"))
    for ln in lines:     # the objective's own line is drawn bold and carries the knee
        if ln.emphasis:
            ln.name += ": the plan's objective"
    return {"budgets": [p.budget_per_period for p in pts], "lines": lines,
            "knee": next((i for i, p in enumerate(pts) if p.knee), None),
            "configured": next((i for i, p in enumerate(pts) if p.configured), None),
            "above_gl": [bool(p.above_gordon_loeb) for p in pts],
            "gordon_loeb": front.gordon_loeb_per_period if money_ else None, "unit": front.unit}


def tornado_rows(bc) -> list[dict[str, Any]]:
    if bc is None or not bc.sensitivity:
        return []
    return [r for r in bc.sensitivity.get("tornado", []) if r.get("ranged")]


# --------------------------------------------------------------------------- technical detail

def technical_rows(plan: PlanResult, config: PlanConfig | None = None, notes: list[str] | None = None
                   ) -> list[tuple[str, str]]:
    """The solver's side of the plan: status detail, bounds, model size, what was dropped, verification."""
    cfg = _config_of(plan, config)
    obj = plan.objective
    s = cfg.solver
    rows = [("Status", f"{plan.status}" + (f": {plan.reason}" if plan.reason else "")),
            ("Objective", f"{obj.kind}" + (" (priority-weighted by criticality)" if obj.priority == "criticality"
                                           else "")),
            ("Objective value", "n/a" if obj.value is None else f"{obj.value:,.2f} {obj.unit}"),
            ("Bound", "n/a" if obj.bound is None else f"{obj.bound:,.2f} ({obj.bound_source or 'solver'})"),
            ("Gap to the bound", "n/a" if obj.gap is None else pct(obj.gap, 2)),
            ("Solver settings", f"{s.name}, time limit {s.time_limit:g} s, requested gap {pct(s.gap, 2)}"
             + (f", {s.threads} threads" if s.threads else "")),
            ("Method", plan.method)]
    if plan.model is not None:
        m = plan.model
        rows.append(("Model size", f"{m.binaries:,} binaries, {m.variables:,} variables, "
                                   f"{m.constraints:,} constraints; solved by {m.solver}"))
    d = plan.dropped
    rows.append(("Reduced before solving", f"{d.controls_in_place:,} control-entity pairs already in place, "
                 f"{d.controls_not_useful:,} pairs that raise nothing below target, {d.controls_beyond_horizon:,} "
                 f"that cannot finish in the horizon; {d.outcomes_at_target:,} outcomes at target, "
                 f"{d.outcomes_constant:,} that no control changes; {d.start_slots_before_prerequisites:,} start slots "
                 "before prerequisites"))
    rows += [("Reduction note", n) for n in d.notes]
    v = plan.verification
    if v is not None:
        rows.append(("Verification", f"{v.checked:,} planned levels re-assessed by the rules engine: "
                     f"{'all match' if v.levels_match else 'MISMATCH'}; budget {'kept' if v.budget_ok else 'BROKEN'}, "
                     f"capacity {'kept' if v.capacity_ok else 'BROKEN'}, prerequisites "
                     f"{'kept' if v.prerequisites_ok else 'BROKEN'}; benefit recomputed {v.benefit_recomputed:,.2f}"
                     + ("" if v.benefit_solver is None else f" (solver {v.benefit_solver:,.2f})")))
        rows += [("Verification note", n) for n in v.notes]
    rows += [("Planner note", n) for n in (notes or [])]
    return rows
