"""What every input model shares: strict keys, and numbers as scaled integers."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Numbers are compared as scaled integers so that durable-rules (which misparses floats such as
# 1e-05 and compares mixed types as text) and the planner see exactly the same values.
NUMBER_SCALE = 1_000_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
