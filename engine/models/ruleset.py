"""A ruleset: rules that turn answers into levels and findings, and the tests a consultant writes
(docs/formats.md §3.2)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from .base import LevelNumber, Strict
from .conditions import Condition


class Finding(Strict):
    """What a rule reports about an entity when its condition holds."""

    severity: Literal["critical", "high", "medium", "low", "info"] = Field(default="medium", description='critical, high, medium, low or info.')
    text: str = Field(description='What the finding says.')


class Rule(Strict):
    """A level rule (`outcome` and `level`: the condition evidences that level) or a finding rule, or both."""

    # the checks of `_decides_something`, said to editors
    model_config = ConfigDict(json_schema_extra={
        "dependentRequired": {"outcome": ["level"], "level": ["outcome"]},
        "anyOf": [{"required": ["outcome"]}, {"required": ["finding"]}]})

    id: str = Field(min_length=1, description="Stable id, unique in the ruleset (a child ruleset's rule with the same id replaces it).")
    outcome: str | None = Field(default=None, description='The leaf outcome whose level this rule decides.')
    level: LevelNumber | None = Field(default=None, ge=1, description='The level it evidences: the outcome reaches level k when, for every level 1..k, some rule holds.')
    when: Condition = Field(description='The condition tree.')
    finding: Finding | None = Field(default=None, description='A finding to report when the condition holds (instead of, or as well as, a level).')
    description: str | None = Field(default=None, description='Why the rule exists.')

    @model_validator(mode="after")
    def _decides_something(self) -> "Rule":
        if (self.outcome is None) != (self.level is None):
            raise ValueError("a level rule needs both `outcome` and `level`")
        if self.outcome is None and self.finding is None:
            raise ValueError("a rule needs `outcome` and `level`, or a `finding`")
        return self


class RuleTest(Strict):
    """An example entity and the levels (and findings) the ruleset must give it."""

    name: str = Field(description='What the example shows.')
    answers: dict[str, Any] = Field(default_factory=dict, description='The answers of the example entity.')
    entity: dict[str, Any] = Field(default_factory=dict, description='Attributes of the example entity (sector, criticality, ...).')
    expect: dict[str, LevelNumber] = Field(default_factory=dict, description='Expected levels: outcome -> level.')
    expect_findings: list[str] | None = Field(default=None, description='Expected finding rule ids (all of them).')


class Rollup(Strict):
    """How a parent outcome's level comes from its children's."""

    default: Literal["mean", "min", "max"] = Field(
        default="mean", description="How parents get their level from their children: mean (rounded down), min or max.")
    outcomes: dict[str, Literal["mean", "min", "max"]] = Field(default_factory=dict, description='Per outcome pattern (`DE.*`): mean, min or max.')


class Ruleset(Strict):
    id: str = Field(min_length=1, description='Stable id, `<framework>/<name>`.')
    framework: str = Field(description='The id of the framework it is for.')
    title: str | None = Field(default=None, description="The ruleset's name.")
    description: str | None = Field(default=None, description='What it is for.')
    extends: str | None = Field(default=None, description="Another ruleset's id: its rules first, then these.")
    rollup: Rollup | None = Field(default=None, description='How parent outcomes are rolled up (default: rounded-down mean).')
    rules: list[Rule] = Field(default_factory=list, description='The rules.')
    tests: list[RuleTest] = Field(default_factory=list, description='Examples `cyberplan rules test` runs.')
