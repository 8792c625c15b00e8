"""Questions of a framework's questionnaire (docs/formats.md §3.1), one class per answer type.

Each type owns everything that depends on it: what a valid answer is and its encoding as an
ordered integer (the form the rules engine, the planner and the lint share), the plain value the
reference evaluator compares, the "met" convention of the built-in rulesets, what the
questionnaire says is allowed, the spreadsheet cell rule, and which comparisons make sense. A new
answer type is one more class here, added to `Question`'s union.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from .base import NUMBER_SCALE, Finite, LevelNumber, Strict, check_number, number_from_text
from .translations import Translations, translated


class DependsOn(Strict):
    """When a question is asked: another question's answer is one of `answers`."""
    question: str = Field(description="The id of the question this one depends on.")
    answers: list[Any] = Field(min_length=1, description="The answers of that question that make this one asked.")

UNKNOWN = "unknown"   # the explicit answer "not known", accepted by every question type


@dataclass(frozen=True)
class CellRule:
    """How a spreadsheet answer cell is checked: a drop-down list, or a number range."""
    kind: Literal["list", "decimal"]
    options: tuple[str, ...] = ()
    operator: str | None = None
    low: float | None = None
    high: float | None = None
    error: str = ""


class QuestionBase(Strict):
    """What every question has, whatever its answer type."""

    id: str = Field(min_length=1, description="Stable id, unique in the framework, e.g. `PR.AA-03.q1`.")
    outcome: str = Field(description="The leaf outcome this question evidences.")
    text: str = Field(description="The question as the respondent reads it.")
    level: LevelNumber | None = Field(default=None,
                                description="The maturity level this question evidences (used by the built-in "
                                          "rulesets' convention and shown in questionnaires).")
    help: str | None = Field(default=None, description="Guidance for the respondent: what evidence to look for.")
    depends_on: "DependsOn | None" = Field(
        default=None, description="Ask this question only when another question's answer is one of `answers` "
                                  "(as CISO Assistant's `depends_on`); rules decide what an unasked question means "
                                  "(the imported default rulesets count it as met).")
    urn: str | None = Field(default=None, description="The requirement or question this one was imported from (its "
                                                      "identifier in the source library), so mapping sets find it.")
    translations: Translations = Field(default_factory=dict, description="The text and help in other languages: "
                                       "`{fr: {text: ..., help: ...}}` (answers stay as written in `options`).")

    type_name: ClassVar[str] = ""

    def text_in(self, lang: str | None) -> str:
        return translated(self.translations, lang, "text", self.text)

    def help_in(self, lang: str | None) -> str | None:
        return translated(self.translations, lang, "help", self.help or "") or None
    ordered_comparisons: ClassVar[bool] = True   # gt/gte/lt/lte make sense

    # -- answers ------------------------------------------------------------------------
    def expected(self) -> str:
        """What a valid answer is, in words (for error messages)."""
        raise NotImplementedError

    def encode(self, value: Any) -> int:
        """The answer as the ordered integer used by rules, the engine and the planner.

        Raises ValueError with what was expected when the value is not a valid answer."""
        raise NotImplementedError

    def decode(self, code: int) -> Any:
        """The answer an encoded value stands for."""
        raise NotImplementedError

    def ordinal(self, value: Any) -> Any:
        """The plain value the reference evaluator compares (no shared encoding with `encode`)."""
        raise NotImplementedError

    def best_answer(self) -> Any:
        """The best answer there is (a control implementing the question fully)."""
        raise NotImplementedError

    def canonical(self, value: Any) -> Any:
        """A valid answer as it is written back (an option's own spelling, true/false, a number).

        Raises ValueError like `encode` when the value is not a valid answer."""
        return self.decode(self.encode(value))

    def is_unknown(self, value: Any) -> bool:
        """The explicit answer `unknown`: the respondent looked and does not know. It satisfies no
        rule, like a blank, but is reported apart from the questions nobody answered. (A choice
        with an option named `unknown` takes it as that option.)"""
        return isinstance(value, str) and value.strip().casefold() == UNKNOWN

    def met_condition(self) -> dict[str, Any] | None:
        """The built-ins' convention for this question being 'met' (docs/formats.md §3.2), as a condition
        leaf; None when the type has no best end (a number without a maximum)."""
        raise NotImplementedError

    # -- documents ----------------------------------------------------------------------
    def allowed(self) -> str:
        """What the questionnaire says may be answered."""
        raise NotImplementedError

    def cell_rule(self) -> CellRule:
        """How a spreadsheet checks the answer cell."""
        raise NotImplementedError

    # -- rules --------------------------------------------------------------------------
    def operand_problems(self, op: str, values: list[Any]) -> list[str]:
        """Why a rule's comparison `op values` does not fit this question (empty when it does)."""
        out = []
        if not self.ordered_comparisons and op not in ("eq", "ne", "in"):
            out.append(f"question {self.id!r} is {self.type_name}: compare it with eq or ne")
        for v in values:
            try:
                self.encode(v)
            except ValueError as e:
                out.append(f"question {self.id!r}: {e}")
        return out

    def operand_hint(self, values: list[Any]) -> str:
        """How to fix a comparison the question rejects."""
        return f"{self.id} takes {self.expected()}"

    def never_holds(self, op: str, v: Any) -> tuple[str, str] | None:
        """(message, fix) when `op v` is well typed but no answer satisfies it."""
        return None

    def always_holds(self, op: str, v: Any) -> str | None:
        """A message when every answer satisfies `op v` (a slip: it only checks 'answered')."""
        return None

    def better_operand(self) -> str:
        """A sensible operand to suggest instead of one that always holds."""
        return "..."

    def candidates(self, operands: list[Any]) -> list[Any]:
        """One answer from every range the rule's operands distinguish (for "can it hold?")."""
        raise NotImplementedError


def _number(value: Any, expected: str) -> float:
    """A numeric answer or operand: a finite number of bounded size (numeric text accepted)."""
    from cyberplan.engine.errors import shown
    if isinstance(value, str):
        number = number_from_text(value.strip())
        if number is None:
            raise ValueError(f"expected {expected}, got {shown(value)}")
        value = number
    try:
        return check_number(value, expected)
    except ValueError as e:
        if "got" not in str(e):
            raise ValueError(f"expected {expected}, got {shown(value)}") from None
        raise


def _g(x: float) -> Any:
    return int(x) if x == int(x) else x


class BooleanQuestion(QuestionBase):
    """A yes/no question: answered `true` or `false`."""

    type: Literal["boolean"] = Field(description="`boolean`: answered true or false.")
    type_name: ClassVar[str] = "boolean"
    ordered_comparisons: ClassVar[bool] = False

    def expected(self) -> str:
        return "true or false"

    def encode(self, value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str) and value.strip().lower() in ("yes", "true", "y"):
            return 1
        if isinstance(value, str) and value.strip().lower() in ("no", "false", "n"):
            return 0
        raise ValueError(f"expected {self.expected()}, got {value!r}")

    def decode(self, code: int) -> Any:
        return bool(code)

    def ordinal(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower() in ("yes", "true", "y")
        return bool(value)

    def best_answer(self) -> Any:
        return True

    def met_condition(self) -> dict[str, Any]:
        return {"question": self.id, "eq": True}

    def allowed(self) -> str:
        return "true or false"

    def cell_rule(self) -> CellRule:
        return CellRule("list", ("true", "false"), error="true or false")

    def operand_problems(self, op: str, values: list[Any]) -> list[str]:
        out = []
        if op not in ("eq", "ne", "in"):
            out.append(f"question {self.id!r} is boolean: compare it with eq or ne")
        for v in values:
            if not isinstance(v, bool):
                out.append(f"question {self.id!r} is boolean; compare with true or false, not {v!r}")
        return out

    def operand_hint(self, values: list[Any]) -> str:
        return "a boolean answer is compared with `eq: true` or `eq: false`"

    def candidates(self, operands: list[Any]) -> list[Any]:
        return [False, True]


class ChoiceQuestion(QuestionBase):
    """A question answered with one of its options, ordered from worst to best."""

    type: Literal["choice"] = Field(description="`choice`: answered with one of `options`.")
    options: list[str] = Field(min_length=2, json_schema_extra={"uniqueItems": True}, description="The allowed answers, ordered from worst to best; rules "
                                                         "compare them by this order.")
    type_name: ClassVar[str] = "choice"

    @field_validator("options", mode="before")
    @classmethod
    def _options_are_text(cls, value: Any) -> Any:
        # YAML 1.1 readers turn `no`/`yes` into booleans; our reader does not, but JSON authors
        # may still write true/false for an option named yes/no.
        if isinstance(value, list):
            return [("yes" if v else "no") if isinstance(v, bool) else
                    (str(v) if isinstance(v, (int, float)) else v) for v in value]
        return value

    @field_validator("options")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("choice options must be distinct")
        return value

    def _text(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, (int, float)):
            return str(value)
        return value

    def expected(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options)

    def _index(self, value: Any) -> int | None:
        """The option an answer names: its exact spelling, else the one option equal to it
        ignoring case and surrounding spaces (`Partially ` is `partially`); None when none is."""
        value = self._text(value)
        if not isinstance(value, str):
            return None
        if value in self.options:
            return self.options.index(value)
        folded = value.strip().casefold()
        close = [i for i, o in enumerate(self.options) if o.strip().casefold() == folded]
        return close[0] if len(close) == 1 else None

    def encode(self, value: Any) -> int:
        i = self._index(value)
        if i is None:
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        return i

    def decode(self, code: int) -> Any:
        return self.options[code]

    def ordinal(self, value: Any) -> Any:
        i = self._index(value)
        if i is None:
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        return i

    def is_unknown(self, value: Any) -> bool:
        return super().is_unknown(value) and self._index(value) is None

    def best_answer(self) -> Any:
        return self.options[-1]

    def met_condition(self) -> dict[str, Any]:
        # "met" is either of the two best options, unless there are only two
        if len(self.options) >= 3:
            return {"question": self.id, "gte": self.options[-2]}
        return {"question": self.id, "eq": self.options[-1]}

    def allowed(self) -> str:
        return "one of: " + ", ".join(self.options)

    def cell_rule(self) -> CellRule:
        return CellRule("list", tuple(self.options), error="pick one of the listed options")

    def operand_hint(self, values: list[Any]) -> str:
        for v in values:
            if isinstance(v, str) and v not in self.options:
                close = difflib.get_close_matches(v, self.options, n=1, cutoff=0.5)
                return (f"did you mean {close[0]!r}? " if close else "") + "the options are " + ", ".join(
                    repr(o) for o in self.options)
        return "the options are " + ", ".join(repr(o) for o in self.options)

    def never_holds(self, op: str, v: Any) -> tuple[str, str] | None:
        if not isinstance(v, str) or v not in self.options:
            return None
        if op == "gt" and v == self.options[-1]:
            return (f"question {self.id} gt {v!r} can never hold: {v!r} is its best option",
                    f"use `gte: {v}` or `eq: {v}`")
        if op == "lt" and v == self.options[0]:
            return (f"question {self.id} lt {v!r} can never hold: {v!r} is its worst option", f"use `eq: {v}`")
        return None

    def always_holds(self, op: str, v: Any) -> str | None:
        if op == "in" and isinstance(v, list) and set(v) >= set(self.options):
            return f"question {self.id} in every option holds for every answer"
        if isinstance(v, str) and v in self.options and (
                (op == "gte" and v == self.options[0]) or (op == "lte" and v == self.options[-1])):
            return f"question {self.id} {op} {v!r} holds for every answer"
        return None

    def better_operand(self) -> str:
        return self.options[-2]

    def candidates(self, operands: list[Any]) -> list[Any]:
        return list(self.options)


class Range(Strict):
    """The nested form of a numeric question's bounds: `scale: {min: 0, max: 4}`."""
    min: Finite | None = Field(default=None, description="The lowest answer allowed.")
    max: Finite | None = Field(default=None, description="The highest answer allowed.")
    unit: str | None = Field(default=None, description="The unit the answer is in (%, days, ...).")


class _Numeric(QuestionBase):
    min: Finite | None = Field(default=None, description="The lowest answer allowed (flat form).")
    max: Finite | None = Field(default=None, description="The highest answer allowed (flat form).")
    unit: str | None = Field(default=None, description="The unit the answer is in (%, days, ...).")

    _nested: ClassVar[str] = ""

    @model_validator(mode="after")
    def _bounds(self) -> "_Numeric":
        nested = getattr(self, self._nested, None)
        if nested is not None:
            clash = [k for k in ("min", "max", "unit") if getattr(self, k) is not None and getattr(nested, k) is not None]
            if clash:
                raise ValueError(f"`{clash[0]}` is given both flat and in `{self._nested}:`; give it once")
            for k in ("min", "max", "unit"):
                if getattr(self, k) is None and getattr(nested, k) is not None:
                    object.__setattr__(self, k, getattr(nested, k))
        for k in ("min", "max"):
            v = getattr(self, k)
            if v is not None and v != v:
                raise ValueError(f"`{k}` must be a number, got NaN")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"`min` ({self.min}) must be below `max` ({self.max})")
        return self

    def expected(self) -> str:
        lo = "" if self.min is None else f" from {self.min:g}"
        hi = "" if self.max is None else f" to {self.max:g}"
        return f"a number{lo}{hi}"

    def encode(self, value: Any) -> int:
        value = _number(value, self.expected())
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        return round(value * NUMBER_SCALE)

    def decode(self, code: int) -> Any:
        return _g(code / NUMBER_SCALE)

    def ordinal(self, value: Any) -> Any:
        return float(value)

    def best_answer(self) -> Any:
        return _g(self.max) if self.max is not None else None

    def allowed(self) -> str:
        lo = "" if self.min is None else f"{self.min:g}"
        hi = "" if self.max is None else f"{self.max:g}"
        rng = f"{lo}..{hi}" if (lo or hi) else "a number"
        return rng + (f" {self.unit}" if self.unit else "")

    def cell_rule(self) -> CellRule:
        lo, hi = self.min, self.max
        if lo is not None and hi is not None:
            return CellRule("decimal", operator="between", low=lo, high=hi, error=f"a number from {lo:g} to {hi:g}")
        if lo is not None:
            return CellRule("decimal", operator="greaterThanOrEqual", low=lo, error=f"a number of at least {lo:g}")
        if hi is not None:
            return CellRule("decimal", operator="lessThanOrEqual", low=hi, error=f"a number of at most {hi:g}")
        return CellRule("decimal", operator="between", low=-1e300, high=1e300, error="a number")

    def never_holds(self, op: str, v: Any) -> tuple[str, str] | None:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        lo, hi = self.min, self.max
        what = f"{self.type_name} from {lo:g} to {hi:g}" if lo is not None and hi is not None else self.expected()
        if hi is not None and ((op == "gt" and v >= hi) or (op == "gte" and v > hi)):
            return (f"question {self.id} {_SYM[op]} {v:g} can never hold: it is a {what}",
                    f"the highest answer is {hi:g}: use `gte: {hi:g}` or a lower value")
        if lo is not None and ((op == "lt" and v <= lo) or (op == "lte" and v < lo)):
            return (f"question {self.id} {_SYM[op]} {v:g} can never hold: it is a {what}",
                    f"the lowest answer is {lo:g}: use `eq: {lo:g}` or a higher value")
        return None

    def always_holds(self, op: str, v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return None
        if (op == "gte" and self.min is not None and v <= self.min) or \
                (op == "lte" and self.max is not None and v >= self.max):
            return f"question {self.id} {op} {v:g} holds for every answer"
        return None

    def better_operand(self) -> str:
        return f"{self.max:g}" if self.max is not None else "..."

    def candidates(self, operands: list[Any]) -> list[Any]:
        points = [float(v) for v in operands if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return numeric_candidates(points, self.min, self.max)


_SYM = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "in"}


def numeric_candidates(points: list[float], lo: float | None, hi: float | None) -> list[float]:
    """The points, the midpoints between them and one beyond each end, within [lo, hi]."""
    pts = sorted(set(points) | ({lo} if lo is not None else set()) | ({hi} if hi is not None else set()))
    out = set(pts)
    for a, b in zip(pts, pts[1:]):
        out.add((a + b) / 2)
    if pts:
        out.add(pts[0] - 1)
        out.add(pts[-1] + 1)
    return sorted(x for x in out if (lo is None or x >= lo) and (hi is None or x <= hi))


class ScaleQuestion(_Numeric):
    """A rating on a bounded scale, e.g. 0 to 4."""

    # bounds given nested or flat (`_needs_bounds`), said to editors
    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["scale"]}, {"required": ["min", "max"]}]})

    type: Literal["scale"] = Field(description="`scale`: a rating from `min` to `max`.")
    scale: Range | None = Field(default=None, description="The bounds in the nested form `{min: 0, max: 4}` "
                                                          "(or give `min` and `max` on the question).")
    type_name: ClassVar[str] = "scale"
    _nested: ClassVar[str] = "scale"

    @model_validator(mode="after")
    def _needs_bounds(self) -> "ScaleQuestion":
        if self.min is None or self.max is None:
            raise ValueError("a scale question needs `min` and `max` (or `scale: {min: ..., max: ...}`)")
        return self

    def met_condition(self) -> dict[str, Any]:
        v = self.max - 1 if self.max - 1 >= self.min else self.max
        return {"question": self.id, "gte": _g(v)}


class NumberQuestion(_Numeric):
    """A measured quantity, optionally bounded (a percentage, a number of days)."""

    type: Literal["number"] = Field(description="`number`: a measured quantity, optionally within `min`..`max`.")
    number: Range | None = Field(default=None, description="The bounds and unit in the nested form "
                                                           "`{min: 0, max: 100, unit: '%'}` (or flat on the question).")
    type_name: ClassVar[str] = "number"
    _nested: ClassVar[str] = "number"

    def met_condition(self) -> dict[str, Any] | None:
        return {"question": self.id, "gte": _g(self.max)} if self.max is not None else None

    def allowed(self) -> str:
        return "a number " + super().allowed() if (self.min is not None or self.max is not None) else (
            "a number" + (f" {self.unit}" if self.unit else ""))


QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    cls.type_name: cls for cls in (BooleanQuestion, ChoiceQuestion, ScaleQuestion, NumberQuestion)}


def _question_type(value: Any) -> str | None:
    if isinstance(value, dict):
        t = value.get("type")
        return t if isinstance(t, str) else None
    if isinstance(value, BaseModel):
        return getattr(value, "type_name", None)
    return None


Question = Annotated[
    Union[tuple(Annotated[cls, Tag(name)] for name, cls in QUESTION_TYPES.items())],
    Discriminator(_question_type, custom_error_type="question_type",
                  custom_error_message="expected `type`: one of " + ", ".join(QUESTION_TYPES)),
]
