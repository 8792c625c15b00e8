"""What every input model shares: strict keys, numbers as scaled integers, and the numeric types
every numeric field uses: finite (no NaN, no infinity), of a bounded size."""
from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Numbers are compared as scaled integers so that durable-rules (which misparses floats such as
# 1e-05 and compares mixed types as text) and the planner see exactly the same values.
NUMBER_SCALE = 1_000_000

# The largest number any input may hold: money, effort, answers, attributes. A trillion keeps every
# sum the planner forms finite and every scaled answer (x NUMBER_SCALE) within a 64-bit integer.
MAX_MAGNITUDE = 1e12
MAX_LEVEL = 100          # maturity scales are short; a level number above this is a typo


def check_number(value: Any, what: str = "a number") -> float:
    """A finite number of bounded size, or ValueError saying what is wrong (booleans are not
    numbers here). Used for the values pydantic does not type (answers, rule operands)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected {what}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"expected {what}, got a number with {len(str(abs(value))):,} digits") from None
    if not math.isfinite(x):
        raise ValueError(f"expected {what}, got {'NaN' if x != x else 'infinity'}")
    if abs(x) > MAX_MAGNITUDE:
        raise ValueError(f"expected {what} of at most {MAX_MAGNITUDE:,.0f} in size, got {x:.4g}")
    return x


# a number written as text: plain decimal notation only (Python's float() also takes "0_3", "nan",
# "infinity" and " 3 ", which no spreadsheet or person means as a number)
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?")


def number_from_text(text: str) -> float | None:
    """The number a text spells in plain decimal notation, else None."""
    return float(text) if NUMBER_TEXT.fullmatch(text) else None


def _bounded(value: float | int) -> float | int:
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"a number of at most {MAX_MAGNITUDE:,.0f} in size is expected, got {float(value):.4g}")
    return value


# every float field of every model: finite (pydantic's allow_inf_nan=False) and bounded
Finite = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_bounded)]
BoundedInt = Annotated[int, AfterValidator(_bounded)]
LevelNumber = Annotated[int, Field(ge=0, le=MAX_LEVEL)]   # a level of a maturity scale


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)



def no_negatives(schema: dict[str, Any]) -> None:
    """A field's JSON Schema saying what its `must not be negative` validator checks: every number in
    it (one figure, a list, a mapping's values, a [low, high] pair) is at least 0. Used as a field's
    `json_schema_extra`, where the validator keeps its own error message."""
    if schema.get("type") == "number":
        schema["minimum"] = 0
    for key in ("anyOf", "prefixItems"):
        for sub in schema.get(key, []):
            no_negatives(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            no_negatives(schema[key])
