"""A framework: its maturity scale, outcome tree, questionnaire and control catalogue (docs/formats.md §3.1)."""
from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from cyberplan.engine.errors import Problem, did_you_mean, find_cycle

from .assessment import Entity
from .base import Finite, LevelNumber, Strict
from .questions import Question
from .translations import Translations, translated

MAX_DURATION_MONTHS = 1200

# What an imported control does not yet say; `plan` refuses such a control until it is estimated.
ESTIMATES = ("cost", "effort", "duration")


class Level(Strict):
    """One step of the maturity scale."""

    value: LevelNumber = Field(description="The level's number: 0 is the lowest, then 1, 2, ... in order.")
    name: str = Field(description="The level's name, e.g. `Partial`.")
    description: str | None = Field(default=None, description='What an organisation at this level does.')
    translations: Translations = Field(default_factory=dict, description="The name and description in other "
                                       "languages: `{fr: {name: ..., description: ...}}`.")


class Outcome(Strict):
    """An outcome of the framework: a function or category (with `children`), or a leaf, which is what is
    assessed."""

    id: str = Field(min_length=1, description='Stable id, unique in the framework, e.g. `PR.AA-03`.')
    title: str = Field(description="The outcome's title.")
    description: str | None = Field(default=None, description='What the outcome means.')
    urn: str | None = Field(default=None, description="The outcome's identifier in the library it was imported from "
                                                      "(a CISO Assistant requirement URN, an OSCAL control id), so "
                                                      "mapping sets that name it that way find it.")
    translations: Translations = Field(default_factory=dict, description="The title and description in other "
                                       "languages: `{fr: {title: ..., description: ...}}`.")
    children: list["Outcome"] = Field(default_factory=list, description='Sub-outcomes; an outcome without children is a leaf, which is what questions evidence.')

    def title_in(self, lang: str | None) -> str:
        return translated(self.translations, lang, "title", self.title)


class Cost(Strict):
    """What a control costs, in the plan's currency."""

    capex: Finite = Field(default=0, ge=0, description="One-off cost, spread evenly over the control's duration (currency of the plan).")
    opex: Finite = Field(default=0, ge=0, description='Running cost per year once the control is complete.')


class Serves(Strict):
    """Whom a shared control serves: the entities of these sectors and these entities (neither given:
    every entity)."""

    sector: list[str] | None = Field(default=None, description='Sectors whose entities a shared control serves.')
    entities: list[str] | None = Field(default=None, description='Entity ids a shared control serves (in addition to `sector`).')

    def includes(self, entity: "Entity") -> bool:
        if self.entities is not None and entity.id in self.entities:
            return True
        if self.sector is not None and entity.sector in self.sector:
            return True
        return self.entities is None and self.sector is None


class Control(Strict):
    """An action a plan may schedule: what it costs, how long it takes, which answers it makes true."""

    # the checks of `_serves_only_shared`, said to editors
    model_config = ConfigDict(json_schema_extra={
        "dependentSchemas": {"serves": {"required": ["scope"], "properties": {"scope": {"const": "shared"}}}},
        "allOf": [{"if": {"required": ["unknown"], "properties": {"unknown": {"contains": {"const": k}}}},
                   "then": {"not": {"required": [k]}}} for k in ESTIMATES]})

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
    unknown: list[Literal["cost", "effort", "duration"]] = Field(
        default_factory=list,
        description="Estimates not made yet: a placeholder control (as `cyberplan import` writes one) lists here "
                    "which of `cost`, `effort` and `duration` nobody has estimated. Such a field is absent, never a "
                    "silent zero: `rules check` reports the control and `plan` refuses to run until it is filled "
                    "(`--costs FILE` on import, or by hand: give the figure and drop it from this list).")
    translations: Translations = Field(default_factory=dict, description="The title and description in other "
                                       "languages: `{fr: {title: ..., description: ...}}`.")

    @model_validator(mode="after")
    def _serves_only_shared(self) -> "Control":
        if self.serves is not None and self.scope != "shared":
            raise ValueError("`serves` is for shared controls (scope: shared)")
        given = self.model_fields_set
        clash = [k for k in self.unknown if k in given]
        if clash:
            raise ValueError(f"`{clash[0]}` is both given and listed in `unknown`: give the estimate and drop it "
                             "from `unknown`, or leave it out")
        return self

    @property
    def placeholder(self) -> bool:
        """True while some estimate is unknown (the planner may not use it yet)."""
        return bool(self.unknown)

    def serves_entity(self, entity: "Entity") -> bool:
        return self.serves is None or self.serves.includes(entity)


class Framework(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description='Stable lower-case id, e.g. `nist-csf-2.0`.')
    title: str = Field(description="The framework's name.")
    version: str | None = Field(default=None, description='The version of the source framework.')
    publisher: str | None = Field(default=None, description='Who publishes the source framework.')
    source: str | None = Field(default=None, description='Where the source framework is published (a URL).')
    licence: str | None = Field(default=None, description="The licence of the source framework's text.")
    urn: str | None = Field(default=None, description="The framework's identifier in the library it was imported "
                                                      "from (a CISO Assistant framework URN, an OSCAL catalog uuid), "
                                                      "so mapping sets that name it that way find it.")
    translations: Translations = Field(default_factory=dict, description="The title and description in other "
                                       "languages: `{fr: {title: ..., description: ...}}`.")
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

    def level_name(self, value: int, lang: str | None = None) -> str:
        for lv in self.levels:
            if lv.value == value:
                return translated(lv.translations, lang, "name", lv.name)
        return str(value)

    @property
    def languages(self) -> list[str]:
        """The languages some text of the framework is translated into."""
        found: set[str] = set(self.translations)
        for n in self.nodes.values():
            found.update(n.translations)
        for q in self.questions:
            found.update(q.translations)
        return sorted(found)

    def placeholders(self) -> list[Control]:
        """Controls some of whose estimates are still unknown."""
        return [c for c in self.controls if c.placeholder]

    def placeholder_problems(self) -> list[Problem]:
        """Why a plan cannot use this catalogue yet: the placeholder controls, each named (the first
        ten one by one, the rest counted)."""
        waiting = [(i, c) for i, c in enumerate(self.controls) if c.placeholder]
        hint = "fill the estimates: cyberplan import ... --costs FILE, or edit the controls"
        out = [Problem(f"control {c.id!r} of framework {self.id} has no estimate of its {', '.join(c.unknown)} yet "
                       "(an imported placeholder): a plan would count it as free", path=f"controls[{i}].unknown",
                       hint=hint) for i, c in waiting[:10]]
        if len(waiting) > 10:
            out.append(Problem(f"and {len(waiting) - 10} more placeholder controls of framework {self.id}: "
                               + ", ".join(c.id for _, c in waiting[10:30]) + (", ..." if len(waiting) > 30 else ""),
                               hint=hint))
        return out

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
            dep = getattr(q, "depends_on", None)
            if dep is not None:
                parent = self.question.get(dep.question)
                if parent is None:
                    out.append(Problem(f"depends on unknown question {dep.question!r}",
                                       path=f"questions[{i}].depends_on.question",
                                       hint=did_you_mean(dep.question, self.question)))
                else:
                    for j, a in enumerate(dep.answers):
                        try:
                            parent.encode(a)
                        except ValueError as e:
                            out.append(Problem(str(e), path=f"questions[{i}].depends_on.answers[{j}]"))
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


# A framework's folder may keep its questionnaire and its catalogue apart from framework.yaml (the
# built-in frameworks do: a consultant edits 500 questions without scrolling past the outcome tree).
# Each file's items are read as if written in framework.yaml; `cost_basis` and `currency` count
# when framework.yaml does not give them.

class _BesideFramework(Strict):
    """What questions.yaml and controls.yaml may both say of the catalogue's costs."""
    cost_basis: str | None = Field(default=None, description="How control costs were estimated (used when "
                                                             "framework.yaml does not say).")
    currency: str | None = Field(default=None, description="The currency control costs are given in (used when "
                                                           "framework.yaml does not say).")


class QuestionsFile(_BesideFramework):
    """questions.yaml beside framework.yaml."""
    questions: list[Question] = Field(description="The questionnaire, read after any `questions` of framework.yaml: "
                                                  "each question evidences one leaf outcome.")
    description: str | None = Field(default=None, description="A note on the questionnaire for its readers.")


class ControlsFile(_BesideFramework):
    """controls.yaml beside framework.yaml."""
    controls: list[Control] = Field(description="The control catalogue, read after any `controls` of "
                                                "framework.yaml.")
    description: str | None = Field(default=None, description="A note on the catalogue for its readers.")


PART_FILES: dict[str, type[Strict]] = {"questions": QuestionsFile, "controls": ControlsFile}
