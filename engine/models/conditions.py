"""Condition trees: all, any, not, and leaves comparing an answer, an entity attribute or a derived level
(docs/formats.md §3.2)."""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from .base import Strict, check_number

COMPARATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in")


class _Leaf(Strict):
    # exactly one comparison (`_one_comparison`), said to editors
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": [op]} for op in COMPARATORS]})

    eq: Any = Field(default=None, description='Holds when the value equals this.')
    ne: Any = Field(default=None, description='Holds when the value differs from this (an unanswered question satisfies neither).')
    gt: Any = Field(default=None, description='Holds when the value is greater (choice answers compare by option order).')
    gte: Any = Field(default=None, description='Holds when the value is at least this.')
    lt: Any = Field(default=None, description='Holds when the value is less.')
    lte: Any = Field(default=None, description='Holds when the value is at most this.')
    in_: list[Any] | None = Field(default=None, alias="in", description='Holds when the value is one of these.')

    @model_validator(mode="after")
    def _one_comparison(self) -> "_Leaf":
        given = [op for op in COMPARATORS if op in self.model_fields_set or
                 (op == "in" and "in_" in self.model_fields_set)]
        if len(given) != 1:
            raise ValueError("a condition leaf needs exactly one comparison of " + ", ".join(COMPARATORS)
                             + (f"; got {', '.join(given)}" if given else ""))
        for v in (self.operand if self.op == "in" else [self.operand]):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                try:
                    check_number(v, "a finite number")
                except ValueError as e:
                    raise ValueError(f"`{self.op}`: {e}") from None
        return self

    @cached_property
    def op(self) -> str:
        for op in COMPARATORS:
            if op in self.model_fields_set or (op == "in" and "in_" in self.model_fields_set):
                return op
        raise AssertionError("validated leaf without comparison")

    @cached_property
    def operand(self) -> Any:
        return self.in_ if self.op == "in" else getattr(self, self.op)


class QuestionLeaf(_Leaf):
    """Compares a question's answer, e.g. `{question: PR.AA-03.q1, gte: largely}`; an unanswered question
    satisfies no comparison."""

    question: str = Field(description='The question whose answer is compared.')


class EntityLeaf(_Leaf):
    """Compares an attribute of the entity, e.g. `{entity: sector, in: [energy, water]}`."""

    entity: str = Field(description='The entity attribute compared: id, name, sector, criticality, size_factor or one of `attributes`.')


class OutcomeLeaf(_Leaf):
    """Compares the level another rule gave an outcome, e.g. `{outcome: DE.CM-01, lt: 2}`."""

    outcome: str = Field(description='The outcome whose derived level is compared.')


class AllCondition(Strict):
    """`all: [...]`: every condition holds."""

    all: list["Condition"] = Field(min_length=1, description='Holds when every condition holds.')


class AnyCondition(Strict):
    """`any: [...]`: at least one condition holds."""

    any: list["Condition"] = Field(min_length=1, description='Holds when at least one condition holds.')


class NotCondition(Strict):
    """`not: {...}`: the condition is false."""

    not_: "Condition" = Field(alias="not", description='Holds when the condition is false (not when it is unknown).')


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
