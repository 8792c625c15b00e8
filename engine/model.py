"""The pydantic types of every input format (SPEC §3).

Models are strict: unknown keys and wrong types are errors. Cross-references (a question on an
unknown outcome, a control requiring an unknown control) are checked by the `problems()` methods,
which return located problems instead of raising, so the loader can report all of them at once.
"""
from __future__ import annotations

import datetime as _dt
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator,
                      model_validator)

from .errors import Problem

# Numbers are compared as scaled integers so that durable-rules (which misparses floats such as
# 1e-05 and compares mixed types as text) and the planner see exactly the same values.
NUMBER_SCALE = 1_000_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- framework

class Level(Strict):
    value: int = Field(ge=0)
    name: str
    description: str | None = None


class Outcome(Strict):
    id: str = Field(min_length=1)
    title: str
    description: str | None = None
    children: list["Outcome"] = Field(default_factory=list)


class Question(Strict):
    id: str = Field(min_length=1)
    outcome: str
    text: str
    type: Literal["boolean", "choice", "scale", "number"]
    options: list[str] | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    level: int | None = Field(default=None, ge=0)
    help: str | None = None

    @field_validator("options", mode="before")
    @classmethod
    def _options_are_text(cls, value: Any) -> Any:
        # YAML 1.1 readers turn `no`/`yes` into booleans; our reader does not, but JSON authors
        # may still write true/false for an option named yes/no.
        if isinstance(value, list):
            return [("yes" if v else "no") if isinstance(v, bool) else
                    (str(v) if isinstance(v, (int, float)) else v) for v in value]
        return value

    @model_validator(mode="after")
    def _type_fields(self) -> "Question":
        if self.type == "choice":
            if not self.options or len(self.options) < 2:
                raise ValueError("a choice question needs `options`: at least two, worst first")
            if len(set(self.options)) != len(self.options):
                raise ValueError("choice options must be distinct")
        elif self.options is not None:
            raise ValueError(f"`options` is only for choice questions, not {self.type}")
        if self.type == "scale":
            if self.min is None or self.max is None:
                raise ValueError("a scale question needs `min` and `max`")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"`min` ({self.min}) must be below `max` ({self.max})")
        if self.type in ("boolean", "choice") and (self.min is not None or self.max is not None):
            raise ValueError(f"`min`/`max` are for scale and number questions, not {self.type}")
        return self

    # -- values ---------------------------------------------------------------------------
    def expected(self) -> str:
        if self.type == "boolean":
            return "true or false"
        if self.type == "choice":
            return "one of " + ", ".join(repr(o) for o in self.options or [])
        lo = "" if self.min is None else f" from {self.min:g}"
        hi = "" if self.max is None else f" to {self.max:g}"
        return f"a number{lo}{hi}"

    def encode(self, value: Any) -> int:
        """The answer as the ordered integer used by rules, the engine and the planner.

        Raises ValueError with what was expected when the value is not a valid answer.
        """
        if self.type == "boolean":
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, str) and value.strip().lower() in ("yes", "true", "y"):
                return 1
            if isinstance(value, str) and value.strip().lower() in ("no", "false", "n"):
                return 0
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        if self.type == "choice":
            if isinstance(value, bool):
                value = "yes" if value else "no"
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value in (self.options or []):
                return self.options.index(value)
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str):
                try:
                    value = float(value)
                except ValueError:
                    raise ValueError(f"expected {self.expected()}, got {value!r}") from None
            else:
                raise ValueError(f"expected {self.expected()}, got {value!r}")
        if value != value:  # NaN
            raise ValueError(f"expected {self.expected()}, got NaN")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        return round(value * NUMBER_SCALE)

    def decode(self, code: int) -> Any:
        if self.type == "boolean":
            return bool(code)
        if self.type == "choice":
            return self.options[code]
        v = code / NUMBER_SCALE
        return int(v) if v == int(v) else v

    def best_code(self) -> int | None:
        if self.type == "boolean":
            return 1
        if self.type == "choice":
            return len(self.options) - 1
        return None if self.max is None else round(self.max * NUMBER_SCALE)

    def met_code(self) -> int | None:
        """The lowest value that counts as 'met' under the built-ins' convention (SPEC §3.2)."""
        if self.type == "boolean":
            return 1
        if self.type == "choice":
            return max(0, len(self.options) - 2)
        if self.type == "scale":
            return round((self.max - 1) * NUMBER_SCALE)
        return None if self.max is None else round(self.max * NUMBER_SCALE)


class Cost(Strict):
    capex: float = Field(default=0, ge=0)
    opex: float = Field(default=0, ge=0)


class Serves(Strict):
    sector: list[str] | None = None
    entities: list[str] | None = None

    def includes(self, entity: "Entity") -> bool:
        if self.entities is not None and entity.id in self.entities:
            return True
        if self.sector is not None and entity.sector in self.sector:
            return True
        return self.entities is None and self.sector is None


class Control(Strict):
    id: str = Field(min_length=1)
    title: str
    description: str = ""
    cost: Cost = Field(default_factory=Cost)
    effort: float = Field(default=0, ge=0)
    duration: float = Field(default=1, gt=0)
    requires: list[str] = Field(default_factory=list)
    implements: dict[str, Any] = Field(default_factory=dict)
    scope: Literal["entity", "shared"] = "entity"
    serves: Serves | None = None
    basis: str | None = None
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _serves_only_shared(self) -> "Control":
        if self.serves is not None and self.scope != "shared":
            raise ValueError("`serves` is for shared controls (scope: shared)")
        return self

    def serves_entity(self, entity: "Entity") -> bool:
        return self.serves is None or self.serves.includes(entity)


class Framework(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    version: str | None = None
    publisher: str | None = None
    source: str | None = None
    licence: str | None = None
    description: str | None = None
    currency: str | None = None
    cost_basis: str | None = None
    levels: list[Level] = Field(min_length=2)
    outcomes: list[Outcome] = Field(min_length=1)
    questions: list[Question] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) else v

    # -- indexes (computed once; models are not mutated after loading) -------------------
    @cached_property
    def nodes(self) -> dict[str, Outcome]:
        out: dict[str, Outcome] = {}
        stack = list(self.outcomes)
        while stack:
            node = stack.pop(0)
            out.setdefault(node.id, node)
            stack[0:0] = node.children
        return out

    @cached_property
    def parent_of(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}

        def walk(node: Outcome, parent: str | None) -> None:
            out[node.id] = parent
            for child in node.children:
                walk(child, node.id)
        for root in self.outcomes:
            walk(root, None)
        return out

    @cached_property
    def leaves(self) -> list[str]:
        return [i for i, n in self.nodes.items() if not n.children]

    @cached_property
    def leaves_under(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}

        def walk(node: Outcome) -> list[str]:
            if not node.children:
                out[node.id] = [node.id]
            else:
                out[node.id] = [leaf for c in node.children for leaf in walk(c)]
            return out[node.id]
        for root in self.outcomes:
            walk(root)
        return out

    @cached_property
    def ancestors(self) -> dict[str, list[str]]:
        """Each node's ancestors, nearest first."""
        out: dict[str, list[str]] = {}
        for node in self.nodes:
            chain, p = [], self.parent_of.get(node)
            while p is not None:
                chain.append(p)
                p = self.parent_of.get(p)
            out[node] = chain
        return out

    @cached_property
    def question(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def control(self) -> dict[str, Control]:
        return {c.id: c for c in self.controls}

    @property
    def max_level(self) -> int:
        return max(lv.value for lv in self.levels)

    def level_name(self, value: int) -> str:
        for lv in self.levels:
            if lv.value == value:
                return lv.name
        return str(value)

    def problems(self) -> list[Problem]:
        """Cross-reference errors, each with its key path."""
        out: list[Problem] = []
        values = [lv.value for lv in self.levels]
        if values != list(range(len(values))):
            out.append(Problem(f"levels must be numbered 0, 1, 2, ... in order; got {values}",
                               path="levels"))
        seen: set[str] = set()

        def walk(node: Outcome, path: str) -> None:
            if node.id in seen:
                out.append(Problem(f"duplicate outcome id {node.id!r}", path=path + ".id"))
            seen.add(node.id)
            for i, child in enumerate(node.children):
                walk(child, f"{path}.children[{i}]")
        for i, root in enumerate(self.outcomes):
            walk(root, f"outcomes[{i}]")

        leaves = set(self.leaves)
        qids: set[str] = set()
        for i, q in enumerate(self.questions):
            if q.id in qids:
                out.append(Problem(f"duplicate question id {q.id!r}", path=f"questions[{i}].id"))
            qids.add(q.id)
            if q.outcome not in self.nodes:
                out.append(Problem(f"unknown outcome {q.outcome!r}", path=f"questions[{i}].outcome",
                                   hint=_did_you_mean(q.outcome, self.nodes)))
            elif q.outcome not in leaves:
                out.append(Problem(f"outcome {q.outcome!r} is not a leaf; questions evidence leaf outcomes",
                                   path=f"questions[{i}].outcome"))
            if q.level is not None and q.level > self.max_level:
                out.append(Problem(f"level {q.level} is above the top of the scale ({self.max_level})",
                                   path=f"questions[{i}].level"))

        cids: set[str] = set()
        for i, c in enumerate(self.controls):
            if c.id in cids:
                out.append(Problem(f"duplicate control id {c.id!r}", path=f"controls[{i}].id"))
            cids.add(c.id)
        for i, c in enumerate(self.controls):
            for j, r in enumerate(c.requires):
                if r not in self.control:
                    out.append(Problem(f"requires unknown control {r!r}", path=f"controls[{i}].requires[{j}]",
                                       hint=_did_you_mean(r, self.control)))
                elif self.control[r].scope == "shared" and c.scope == "shared":
                    pass
                elif c.scope == "shared" and self.control[r].scope == "entity":
                    out.append(Problem(f"shared control requires entity control {r!r}; a shared capability "
                                       "can only wait for other shared ones", path=f"controls[{i}].requires[{j}]"))
            for qid, value in c.implements.items():
                q = self.question.get(qid)
                if q is None:
                    out.append(Problem(f"implements unknown question {qid!r}", path=f"controls[{i}].implements.{qid}",
                                       hint=_did_you_mean(qid, self.question)))
                    continue
                try:
                    q.encode(value)
                except ValueError as e:
                    out.append(Problem(str(e), path=f"controls[{i}].implements.{qid}"))
        cycle = _find_cycle({c.id: [r for r in c.requires if r in self.control] for c in self.controls})
        if cycle:
            idx = next(i for i, c in enumerate(self.controls) if c.id == cycle[0])
            out.append(Problem("cyclic requires: " + " -> ".join(cycle + [cycle[0]]),
                               path=f"controls[{idx}].requires"))
        return out


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                return stack[stack.index(m):]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None
    for n in graph:
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def _did_you_mean(word: str, choices) -> str | None:
    import difflib
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.6)
    return ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else None


# --------------------------------------------------------------------------- ruleset

COMPARATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in")


class _Leaf(Strict):
    eq: Any = None
    ne: Any = None
    gt: Any = None
    gte: Any = None
    lt: Any = None
    lte: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")

    @model_validator(mode="after")
    def _one_comparison(self) -> "_Leaf":
        given = [op for op in COMPARATORS if op in self.model_fields_set or
                 (op == "in" and "in_" in self.model_fields_set)]
        if len(given) != 1:
            raise ValueError("a condition leaf needs exactly one comparison of " + ", ".join(COMPARATORS)
                             + (f"; got {', '.join(given)}" if given else ""))
        return self

    @property
    def op(self) -> str:
        for op in COMPARATORS:
            if op in self.model_fields_set or (op == "in" and "in_" in self.model_fields_set):
                return op
        raise AssertionError("validated leaf without comparison")

    @property
    def operand(self) -> Any:
        return self.in_ if self.op == "in" else getattr(self, self.op)


class QuestionLeaf(_Leaf):
    question: str


class EntityLeaf(_Leaf):
    entity: str


class OutcomeLeaf(_Leaf):
    outcome: str


class AllCondition(Strict):
    all: list["Condition"] = Field(min_length=1)


class AnyCondition(Strict):
    any: list["Condition"] = Field(min_length=1)


class NotCondition(Strict):
    not_: "Condition" = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not", "question", "entity", "outcome"):
            if key in value:
                return key
        return None
    if isinstance(value, BaseModel):
        return {AllCondition: "all", AnyCondition: "any", NotCondition: "not", QuestionLeaf: "question",
                EntityLeaf: "entity", OutcomeLeaf: "outcome"}.get(type(value))
    return None


Condition = Annotated[
    Union[Annotated[AllCondition, Tag("all")], Annotated[AnyCondition, Tag("any")],
          Annotated[NotCondition, Tag("not")], Annotated[QuestionLeaf, Tag("question")],
          Annotated[EntityLeaf, Tag("entity")], Annotated[OutcomeLeaf, Tag("outcome")]],
    Discriminator(_condition_kind, custom_error_type="condition",
                  custom_error_message="expected a condition: a mapping with one of all, any, not, "
                                       "question, entity, outcome"),
]
AllCondition.model_rebuild()
AnyCondition.model_rebuild()
NotCondition.model_rebuild()


class Finding(Strict):
    severity: Literal["critical", "high", "medium", "low", "info"] = "medium"
    text: str


class Rule(Strict):
    id: str = Field(min_length=1)
    outcome: str | None = None
    level: int | None = Field(default=None, ge=1)
    when: Condition
    finding: Finding | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _decides_something(self) -> "Rule":
        if (self.outcome is None) != (self.level is None):
            raise ValueError("a level rule needs both `outcome` and `level`")
        if self.outcome is None and self.finding is None:
            raise ValueError("a rule needs `outcome` and `level`, or a `finding`")
        return self


class RuleTest(Strict):
    name: str
    answers: dict[str, Any] = Field(default_factory=dict)
    entity: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, int] = Field(default_factory=dict)
    expect_findings: list[str] | None = None


class Rollup(Strict):
    default: Literal["mean", "min", "max"] = "mean"
    outcomes: dict[str, Literal["mean", "min", "max"]] = Field(default_factory=dict)


class Ruleset(Strict):
    id: str = Field(min_length=1)
    framework: str
    title: str | None = None
    description: str | None = None
    extends: str | None = None
    rollup: Rollup | None = None
    rules: list[Rule] = Field(default_factory=list)
    tests: list[RuleTest] = Field(default_factory=list)


# --------------------------------------------------------------------------- assessment

class Entity(Strict):
    id: str = Field(min_length=1)
    name: str | None = None
    sector: str | None = None
    criticality: int = Field(default=1, ge=1, le=5)
    size_factor: float = Field(default=1.0, gt=0)
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict)
    answers: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", "sector", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    def attribute(self, name: str) -> Any:
        if name in ("id", "name", "sector", "criticality", "size_factor"):
            return getattr(self, name)
        return self.attributes.get(name)

    @property
    def label(self) -> str:
        return self.name or self.id


class Assessment(Strict):
    framework: str
    ruleset: str | None = None
    assessed: _dt.date | str | None = None
    title: str | None = None
    entities: list[Entity] = Field(min_length=1)

    def problems(self) -> list[Problem]:
        out, seen = [], set()
        for i, e in enumerate(self.entities):
            if e.id in seen:
                out.append(Problem(f"duplicate entity id {e.id!r}", path=f"entities[{i}].id"))
            seen.add(e.id)
        return out


# --------------------------------------------------------------------------- threats

class Threat(Strict):
    id: str
    name: str | None = None
    description: str | None = None
    frequency: dict[str, float]
    impact: dict[str, float]
    mitigated_by: dict[str, float]
    frequency_range: dict[str, tuple[float, float]] | None = None
    impact_range: dict[str, tuple[float, float]] | None = None
    sources: list[str] = Field(default_factory=list)
    assumptions: str | list[str] | None = None

    @field_validator("frequency", "impact", "mitigated_by")
    @classmethod
    def _non_negative(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if x < 0:
                raise ValueError(f"{k}: must not be negative, got {x}")
        return v

    @field_validator("frequency_range", "impact_range")
    @classmethod
    def _ordered(cls, v: dict[str, tuple[float, float]] | None) -> Any:
        for k, (lo, hi) in (v or {}).items():
            if lo < 0 or hi < lo:
                raise ValueError(f"{k}: expected [low, high] with 0 <= low <= high, got [{lo}, {hi}]")
        return v


class ThreatProfile(Strict):
    currency: str = "USD"
    title: str | None = None
    description: str | None = None
    threats: list[Threat] = Field(min_length=1)


# --------------------------------------------------------------------------- plan config

class Budget(Strict):
    per_period: float | list[float] | None = None
    total: float | None = None
    carry_over: bool = False
    per_entity: float | None = Field(default=None, gt=0)

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
    per_period: float | None = Field(default=None, gt=0)
    entities: dict[str, float] = Field(default_factory=dict)
    shared: float | None = Field(default=None, gt=0)


class EntityTargets(Strict):
    default: int | None = Field(default=None, ge=0)
    outcomes: dict[str, int] = Field(default_factory=dict)


class Targets(Strict):
    default: int | None = Field(default=None, ge=0)
    outcomes: dict[str, int] = Field(default_factory=dict)
    entities: dict[str, EntityTargets] = Field(default_factory=dict)


class SolverOptions(Strict):
    name: Literal["highs", "cbc"] = "highs"
    time_limit: float = Field(default=60, gt=0)
    gap: float = Field(default=0.005, ge=0, lt=1)
    threads: int | None = Field(default=None, ge=1)


class PlanConfig(Strict):
    start: str = "2027-01"
    period: Literal["month", "quarter", "year"] = "quarter"
    horizon: int = Field(default=12, ge=1, le=240)
    budget: Budget = Field(default_factory=Budget)
    capacity: Capacity = Field(default_factory=Capacity)
    targets: Targets = Field(default_factory=Targets)
    objective: Literal["max-benefit", "max-net-benefit", "min-cost"] = "max-benefit"
    mandatory: list[str] = Field(default_factory=list)
    solver: SolverOptions = Field(default_factory=SolverOptions)

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
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
            raise ValueError(f"expected a month as YYYY-MM, got {v!r}")
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
        """max-benefit (loss avoided within budget) and max-net-benefit (loss avoided minus spend,
        within budget; needs a threat profile) maximise; min-cost minimises."""
        return self.objective != "min-cost"

    @property
    def periods_per_year(self) -> int:
        return {"month": 12, "quarter": 4, "year": 1}[self.period]

    @property
    def months_per_period(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.period]

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
