"""The plan as data (SPEC §4): what every renderer, report and export reads."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from cyberplan.engine.plan.business import BusinessCase
from cyberplan.engine.plan.measures import Measure


class Objective(BaseModel):
    kind: Literal["max-benefit", "max-net-benefit", "max-npv", "min-cost"]
    benefit: float = Field(description="docs/formats.md §5 benefit within the horizon, recomputed from the actions by the rules "
                                       "engine: plain money with a threat profile, else level-periods x criticality.")
    cost: float = Field(description="Capex and opex spent within the horizon.")
    value: float | None = Field(default=None, description="The objective's own value: benefit (max-benefit), benefit - "
                                "cost (max-net-benefit), NPV (max-npv), cost (min-cost); with `priority: "
                                "criticality`, criticality-weighted.")
    bound: float | None = Field(default=None, description="A proven bound on `value` (an upper bound when maximising).")
    gap: float | None = Field(default=None, description="Relative gap of `value` to `bound` (>= 0); 0 when proven.")
    bound_source: str | None = Field(default=None, description="Where the bound comes from, e.g. 'MILP (HiGHS)' or "
                                                               "'LP relaxation'.")
    unit: str = Field(description="A currency, or 'level-periods' without a threat profile.")
    priority: Literal["none", "criticality"] = "none"


class Raise(BaseModel):
    entity: str
    outcome: str
    from_: int = Field(alias="from")
    to: int

    model_config = {"populate_by_name": True}


class Action(BaseModel):
    rank: int
    entity: str                    # "*" for a shared control serving every entity, else its group
    control: str
    title: str
    start: int
    finish: int
    start_period: str
    finish_period: str
    cost: float                    # capex + opex charged within the horizon
    capex: float
    opex_per_year: float
    effort: float                  # person-days
    benefit: float                 # marginal benefit of this action over the horizon
    raises: list[Raise] = Field(default_factory=list)
    unlocks: list[str] = Field(default_factory=list)
    mandatory: bool = False
    locked: bool = False           # under way when the re-plan started: runs from its first period
    complete_before: float | None = None   # locked: the share done before the re-plan's first period
    serves: list[str] = Field(default_factory=list)
    why: str = ""


class Spend(BaseModel):
    period: int
    label: str
    capex: float
    opex: float
    total: float
    budget: float | None = None
    available: float | None = None  # budget plus carry-over when carry_over is on


class UnmetTarget(BaseModel):
    entity: str
    outcome: str
    current: int
    target: int
    reached: int


class Unselected(BaseModel):
    entity: str
    control: str
    title: str
    reason: str


class Dropped(BaseModel):
    controls_not_useful: int = 0
    controls_in_place: int = 0
    controls_beyond_horizon: int = 0
    outcomes_at_target: int = 0
    outcomes_constant: int = 0
    start_slots_before_prerequisites: int = 0
    notes: list[str] = Field(default_factory=list)


class ModelSize(BaseModel):
    binaries: int
    variables: int
    constraints: int
    solver: str   # timings are printed as progress, not stored: the same inputs give the same JSON


class Verification(BaseModel):
    levels_match: bool
    checked: int
    budget_ok: bool
    capacity_ok: bool
    prerequisites_ok: bool
    benefit_recomputed: float
    benefit_solver: float | None
    notes: list[str] = Field(default_factory=list)


class PlanResult(BaseModel):
    framework: str
    ruleset: str
    assessed: _dt.date | None = None   # the date of the answers the plan starts from
    status: Literal["optimal", "feasible", "infeasible", "no-solution"]   # no-solution: stopped before any plan
    reason: str | None = None
    objective: Objective
    periods: list[str]
    actions: list[Action]
    spend: list[Spend]
    unmet_targets: list[UnmetTarget]
    unselected: list[Unselected] = Field(default_factory=list)
    maturity: dict[str, list[dict[str, int]]] = Field(default_factory=dict)  # entity -> per t (0..H) -> function -> level
    benefit_by_period: list[float] = Field(default_factory=list)
    dropped: Dropped = Field(default_factory=Dropped)
    model: ModelSize | None = None
    verification: Verification | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    weights: dict[str, dict[str, float]] = Field(default_factory=dict)  # entity -> leaf -> weight
    business_case: BusinessCase | None = None   # with a threat profile
    progress: list[Measure] = Field(default_factory=list)
    method: str = "milp"           # how the plan was found: milp, decomposition, decomposition+polish
    replan: dict[str, Any] | None = None   # `plan --progress`: what the re-plan starts from (see plan/replan.py)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
