"""The plan as data (SPEC §4): what every renderer, report and export reads."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Objective(BaseModel):
    kind: Literal["max-benefit", "max-net-benefit", "min-cost"]
    benefit: float                 # SPEC §5 benefit, recomputed from the actions by the rules engine
    cost: float                    # capex + opex spent within the horizon
    bound: float | None = None     # the solver's bound on its objective (benefit, benefit - cost, or cost)
    gap: float | None = None       # relative gap to the bound; 0 when proven optimal
    unit: str                      # a currency, or "level-periods" without a threat profile


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
    business_case: dict[str, Any] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
