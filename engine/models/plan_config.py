"""A plan configuration: periods, budget, capacity, targets, objective, solver (docs/formats.md §3.5)."""
from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from cyberplan.engine.errors import Problem

from .base import Finite, LevelNumber, Strict, no_negatives

MAX_TIME_LIMIT = 7 * 24 * 3600   # seconds
MAX_THREADS = 256


class Budget(Strict):
    """The money the whole portfolio may spend: per period, or in total."""

    per_period: Finite | list[Finite] | None = Field(default=None, json_schema_extra=no_negatives,
                                                     description='Money available per period: one figure, or a list '
                                                                 'with one per period.')
    total: Finite | None = Field(default=None, json_schema_extra=no_negatives,
                                 description='Money available over the whole horizon.')
    carry_over: bool = Field(default=False, description='Whether what a period leaves unspent is available later.')
    per_entity: Finite | None = Field(default=None, gt=0, description="A cap on each entity's spend per period (cumulative with carry_over).")

    @field_validator("per_period")
    @classmethod
    def _positive(cls, v: Any) -> Any:
        for x in (v if isinstance(v, list) else [v] if v is not None else []):
            if x < 0:
                raise ValueError(f"a budget must not be negative, got {x}")
        return v

    @field_validator("total")
    @classmethod
    def _positive_total(cls, v: Any) -> Any:
        if v is not None and v < 0:
            raise ValueError(f"a budget must not be negative, got {v}")
        return v


class Capacity(Strict):
    """The person-days of its own staff each entity can give to the plan's work per period."""

    per_period: Finite | None = Field(default=None, gt=0, description='Person-days of its own staff each entity can give per period.')
    entities: dict[str, Annotated[Finite, Field(gt=0)]] = Field(default_factory=dict, description='Per-entity person-days per period, overriding `per_period`.')
    shared: Finite | None = Field(default=None, gt=0, description='Person-days per period for the work on shared controls.')


class EntityTargets(Strict):
    """One entity's targets, more specific than the top-level ones."""

    default: LevelNumber | None = Field(default=None, description="The entity's target level for every outcome.")
    outcomes: dict[str, LevelNumber] = Field(default_factory=dict, description='Outcome pattern (`DE.*`) -> target level, for this entity.')


class Targets(Strict):
    """Target levels: the most specific setting wins (the entity's pattern, its default, the top-level
    pattern, the top-level default, the top of the scale)."""

    default: LevelNumber | None = Field(default=None,
                                        description="Target level for every outcome (default: the top of the scale).")
    outcomes: dict[str, LevelNumber] = Field(default_factory=dict, description='Outcome pattern (`DE.*`, `GV.OC-01`) -> target level; the longest matching pattern wins.')
    entities: dict[str, EntityTargets] = Field(default_factory=dict, description='Per-entity targets, more specific than the top-level ones.')


class SolverOptions(Strict):
    """Which solver, how long it may run, and when a plan counts as optimal."""

    name: Literal["highs", "cbc"] = Field(default="highs", description='highs (default) or cbc.')
    time_limit: Finite = Field(default=60, gt=0, le=MAX_TIME_LIMIT, description='Seconds the whole plan may take (at most a week); a plan stopped by it is `feasible`, never `optimal`.')
    gap: Finite = Field(default=0.005, ge=0, lt=1, description='Relative optimality gap at which a plan counts as optimal.')
    threads: int | None = Field(default=None, ge=1, le=MAX_THREADS, description="Solver threads (default: the solver's choice; at most 256).")
    method: Literal["auto", "milp", "decompose"] = Field(
        default="auto", description="milp: one MILP for the whole portfolio; decompose: by entity (a bound, the "
                                    "shared controls fixed, one MILP per entity in parallel, a fill, a polish); auto: "
                                    "milp for one entity or a small model, decompose otherwise.")


class Appraisal(Strict):
    """The business case's appraisal (docs/formats.md §5): how money in later years is valued."""
    discount_rate: Finite = Field(default=0.035, ge=0, lt=1,
                                 description="Real discount rate per year (HM Treasury Green Book: 3.5%).")
    years: int | None = Field(default=None, ge=1, le=100,
                              description="Appraisal period in years from `start` (default 10, at least the horizon); "
                                          "benefits of completed controls and their opex run on after the horizon.")
    fiscal_year_start: int = Field(default=1, ge=1, le=12,
                                   description="The month a fiscal year begins (4: April), for the tables by fiscal year.")


OBJECTIVES = ("max-benefit", "max-net-benefit", "max-npv", "min-cost")
MONTH = r"\d{4}-(0[1-9]|1[0-2])"     # YYYY-MM


class PlanConfig(Strict):
    start: str = Field(default="2027-01", description="The first period's month, YYYY-MM.",
                       json_schema_extra={"pattern": f"^{MONTH}$"})
    period: Literal["month", "quarter", "year"] = Field(default="quarter", description='month, quarter or year.')
    horizon: int = Field(default=12, ge=1, le=240, description='Number of periods planned.')
    budget: Budget = Field(default_factory=Budget, description='The money available (for the whole portfolio).')
    capacity: Capacity = Field(default_factory=Capacity, description='The staff time available.')
    targets: Targets = Field(default_factory=Targets, description='Target levels per entity and outcome.')
    objective: Literal["max-benefit", "max-net-benefit", "max-npv", "min-cost"] = Field(
        default="max-benefit",
        description="max-benefit: the largest reduction of weighted gaps, early, within budget; min-cost: every target "
                    "reached at the least spend; max-net-benefit: loss avoided minus spend within the horizon; "
                    "max-npv: the net present value over the appraisal period (docs/formats.md §5). The last two "
                    "need a threat profile.")
    mandatory: list[str] = Field(default_factory=list, description='Control ids (every entity where not in place) or `entity:control` pairs that must be scheduled.')
    solver: SolverOptions = Field(default_factory=SolverOptions, description='Solver settings.')
    threats: str | None = Field(default=None, description="A threat profile: an installed name or a path relative to "
                                                          "this file (`--threats` overrides).")
    currency: str | None = Field(default=None, description="The plan's currency; must agree with the threat profile's "
                                                           "when both are given.")
    priority: Literal["none", "criticality"] = Field(
        default="none", description="criticality: the objective counts each entity's benefit times its criticality "
                                    "(reported as a separate, labelled priority-weighted figure); money figures stay "
                                    "plain money (docs/formats.md §3.4).")
    appraisal: Appraisal = Field(default_factory=Appraisal,
                                 description="The appraisal of the business case (docs/formats.md §5).")

    @field_validator("start", mode="before")
    @classmethod
    def _start_text(cls, v: Any) -> Any:
        if isinstance(v, (_dt.date, _dt.datetime)):
            return f"{v.year:04d}-{v.month:02d}"
        return v

    @field_validator("start")
    @classmethod
    def _start_form(cls, v: str) -> str:
        import re
        if not re.fullmatch(MONTH, v):
            raise ValueError(f"expected a month as YYYY-MM, got {v!r}")
        if not 1900 <= int(v[:4]) <= 2999:
            # the horizon and the appraisal years after it must stay dates every format can write
            raise ValueError(f"expected a start between 1900-01 and 2999-12, got {v!r}")
        return v

    def problems(self) -> list[Problem]:
        """Settings that are each valid but do not fit together, with their key paths."""
        out: list[Problem] = []
        pp, total = self.budget.per_period, self.budget.total
        if isinstance(pp, list) and len(pp) != self.horizon:
            out.append(Problem(f"budget.per_period lists {len(pp)} figures for a horizon of {self.horizon} periods",
                               path="budget.per_period"))
        if pp is not None and not any(x > 0 for x in (pp if isinstance(pp, list) else [pp])):
            out.append(Problem(f"a budget of 0 allows no spending, so nothing could be planned; got {pp!r}",
                               path="budget.per_period"))
        if total is not None and total <= 0:
            out.append(Problem(f"a total budget of 0 allows no spending, so nothing could be planned; got {total!r}",
                               path="budget.total"))
        return out

    @property
    def maximizes(self) -> bool:
        """max-benefit, max-net-benefit and max-npv maximise; min-cost minimises."""
        return self.objective != "min-cost"

    @property
    def needs_money(self) -> bool:
        """The objectives that set loss avoided against money spent need a threat profile."""
        return self.objective in ("max-net-benefit", "max-npv")

    @property
    def appraisal_years(self) -> int:
        """Y of docs/formats.md §5: `appraisal.years` (default 10), at least the horizon."""
        horizon_years = -(-self.horizon // self.periods_per_year)
        return max(self.appraisal.years or 10, horizon_years)

    @property
    def periods_per_year(self) -> int:
        return {"month": 12, "quarter": 4, "year": 1}[self.period]

    @property
    def months_per_period(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.period]

    def period_months(self) -> list[str]:
        """The first month of every period, YYYY-MM."""
        year, month = (int(x) for x in self.start.split("-"))
        out = []
        for t in range(self.horizon):
            m0 = (month - 1) + t * self.months_per_period
            out.append(f"{year + m0 // 12:04d}-{m0 % 12 + 1:02d}")
        return out

    def period_labels(self) -> list[str]:
        year, month = (int(x) for x in self.start.split("-"))
        out = []
        for t in range(self.horizon):
            m0 = (month - 1) + t * self.months_per_period
            y, m = year + m0 // 12, m0 % 12 + 1
            if self.period == "month":
                out.append(f"{y:04d}-{m:02d}")
            elif self.period == "quarter":
                out.append(f"{y:04d}-Q{(m - 1) // 3 + 1}" if (m - 1) % 3 == 0 else f"{y:04d}-{m:02d}+3m")
            else:
                out.append(f"{y:04d}" if m == 1 else f"{y:04d}-{m:02d}+12m")
        return out
