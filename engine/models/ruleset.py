"""A ruleset: rules that turn answers into levels and findings, and the tests a consultant writes (SPEC §3.2)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import Strict
from .conditions import Condition


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
