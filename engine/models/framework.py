"""A framework: its maturity scale, outcome tree, questionnaire and control catalogue (SPEC §3.1)."""
from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from cyberplan.engine.errors import Problem, did_you_mean, find_cycle

from .assessment import Entity
from .base import Finite, LevelNumber, Strict

MAX_DURATION_MONTHS = 1200
from .questions import Question


class Level(Strict):
    value: LevelNumber = Field(description="The level's number: 0 is the lowest, then 1, 2, ... in order.")
    name: str = Field(description="The level's name, e.g. `Partial`.")
    description: str | None = Field(default=None, description='What an organisation at this level does.')


class Outcome(Strict):
    id: str = Field(min_length=1, description='Stable id, unique in the framework, e.g. `PR.AA-03`.')
    title: str = Field(description="The outcome's title.")
    description: str | None = Field(default=None, description='What the outcome means.')
    children: list["Outcome"] = Field(default_factory=list, description='Sub-outcomes; an outcome without children is a leaf, which is what questions evidence.')


class Cost(Strict):
    capex: Finite = Field(default=0, ge=0, description="One-off cost, spread evenly over the control's duration (currency of the plan).")
    opex: Finite = Field(default=0, ge=0, description='Running cost per year once the control is complete.')


class Serves(Strict):
    sector: list[str] | None = Field(default=None, description='Sectors whose entities a shared control serves.')
    entities: list[str] | None = Field(default=None, description='Entity ids a shared control serves (in addition to `sector`).')

    def includes(self, entity: "Entity") -> bool:
        if self.entities is not None and entity.id in self.entities:
            return True
        if self.sector is not None and entity.sector in self.sector:
            return True
        return self.entities is None and self.sector is None


class Control(Strict):
    id: str = Field(min_length=1, description='Stable id, unique in the framework, e.g. `CSF-PR-07`.')
    title: str = Field(description='The action in a few words.')
    description: str = Field(default="", description='What implementing it involves.')
    cost: Cost = Field(default_factory=Cost, description='What it costs: `{capex, opex}`.')
    effort: Finite = Field(default=0, ge=0, description="Person-days of the entity's own staff, spread over the duration.")
    duration: Finite = Field(default=1, gt=0, le=MAX_DURATION_MONTHS, description='Months from start to completion (turned into whole periods, rounded up); at most 1,200 (a century).')
    requires: list[str] = Field(default_factory=list, description='Controls that must be complete before this one starts.')
    implements: dict[str, Any] = Field(default_factory=dict, description='The answers that are true once the control is complete: question id -> answer.')
    scope: Literal["entity", "shared"] = Field(default="entity", description='`entity`: done per entity; `shared`: done once for the group it serves.')
    serves: Serves | None = Field(default=None, description='For a shared control: whom it serves (default: every entity).')
    basis: str | None = Field(default=None, description='Where the cost and effort estimates come from.')
    tags: list[str] = Field(default_factory=list, description='Free labels for grouping and filtering.')

    @model_validator(mode="after")
    def _serves_only_shared(self) -> "Control":
        if self.serves is not None and self.scope != "shared":
            raise ValueError("`serves` is for shared controls (scope: shared)")
        return self

    def serves_entity(self, entity: "Entity") -> bool:
        return self.serves is None or self.serves.includes(entity)


class Framework(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description='Stable lower-case id, e.g. `nist-csf-2.0`.')
    title: str = Field(description="The framework's name.")
    version: str | None = Field(default=None, description='The version of the source framework.')
    publisher: str | None = Field(default=None, description='Who publishes the source framework.')
    source: str | None = Field(default=None, description='Where the source framework is published (a URL).')
    licence: str | None = Field(default=None, description="The licence of the source framework's text.")
    description: str | None = Field(default=None, description='What the framework is for.')
    currency: str | None = Field(default=None, description='The currency control costs are given in.')
    cost_basis: str | None = Field(default=None, description='How control costs were estimated.')
    levels: list[Level] = Field(min_length=2, description='The ordered maturity scale, value 0 the lowest.')
    outcomes: list[Outcome] = Field(min_length=1, description='The outcome tree; leaves are what is assessed.')
    questions: list[Question] = Field(default_factory=list, description='The questionnaire: each question evidences one leaf outcome.')
    controls: list[Control] = Field(default_factory=list, description='The catalogue of actions a plan chooses from.')

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
                                   hint=did_you_mean(q.outcome, self.nodes)))
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
                                       hint=did_you_mean(r, self.control)))
                elif self.control[r].scope == "shared" and c.scope == "shared":
                    pass
                elif c.scope == "shared" and self.control[r].scope == "entity":
                    out.append(Problem(f"shared control requires entity control {r!r}; a shared capability "
                                       "can only wait for other shared ones", path=f"controls[{i}].requires[{j}]"))
            for qid, value in c.implements.items():
                q = self.question.get(qid)
                if q is None:
                    out.append(Problem(f"implements unknown question {qid!r}", path=f"controls[{i}].implements.{qid}",
                                       hint=did_you_mean(qid, self.question)))
                    continue
                try:
                    q.encode(value)
                except ValueError as e:
                    out.append(Problem(str(e), path=f"controls[{i}].implements.{qid}"))
        cycle = find_cycle({c.id: [r for r in c.requires if r in self.control] for c in self.controls})
        if cycle:
            idx = next(i for i, c in enumerate(self.controls) if c.id == cycle[0])
            out.append(Problem("cyclic requires: " + " -> ".join(cycle + [cycle[0]]),
                               path=f"controls[{idx}].requires"))
        return out
