"""What every input model shares: strict keys, and numbers as scaled integers."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

# Numbers are compared as scaled integers so that durable-rules (which misparses floats such as
# 1e-05 and compares mixed types as text) and the planner see exactly the same values.
NUMBER_SCALE = 1_000_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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
