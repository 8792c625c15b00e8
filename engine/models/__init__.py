"""The pydantic models of every input format (docs/formats.md §3), one module per format.

Models are strict: unknown keys and wrong types are errors. Cross-references (a question on an
unknown outcome, a control requiring an unknown control) are checked by the `problems()` methods,
which return located problems instead of raising, so the loader can report all of them at once.
"""
from .assessment import Assessment, Entity
from .base import NUMBER_SCALE, Strict
from .conditions import (
    COMPARATORS,
    AllCondition,
    AnyCondition,
    Condition,
    EntityLeaf,
    NotCondition,
    OutcomeLeaf,
    QuestionLeaf,
)
from .framework import Control, Cost, Framework, Level, Outcome, Serves
from .plan_config import Appraisal, Budget, Capacity, EntityTargets, PlanConfig, SolverOptions, Targets
from .progress import ActionProgress, Progress, Remaining
from .questions import Question
from .ruleset import Finding, Rollup, Rule, Ruleset, RuleTest
from .threats import Threat, ThreatProfile

__all__ = [
    "Assessment", "Entity", "NUMBER_SCALE", "Strict", "COMPARATORS", "AllCondition", "AnyCondition", "Condition",
    "EntityLeaf", "NotCondition", "OutcomeLeaf", "QuestionLeaf", "Control", "Cost", "Framework", "Level",
    "Outcome", "Serves", "Appraisal", "ActionProgress", "Progress", "Remaining", "Budget", "Capacity",
    "EntityTargets", "PlanConfig", "SolverOptions", "Targets",
    "Question", "Finding", "Rollup", "Rule", "RuleTest", "Ruleset", "Threat", "ThreatProfile",
]
