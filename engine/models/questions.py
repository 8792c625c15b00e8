"""Questions of a framework's questionnaire (SPEC §3.1)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import NUMBER_SCALE, Strict


class Question(Strict):
    id: str = Field(min_length=1)
    outcome: str
    text: str
    type: Literal["boolean", "choice", "scale", "number"]
    options: list[str] | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    level: int | None = Field(default=None, ge=0)
    help: str | None = None

    @field_validator("options", mode="before")
    @classmethod
    def _options_are_text(cls, value: Any) -> Any:
        # YAML 1.1 readers turn `no`/`yes` into booleans; our reader does not, but JSON authors
        # may still write true/false for an option named yes/no.
        if isinstance(value, list):
            return [("yes" if v else "no") if isinstance(v, bool) else
                    (str(v) if isinstance(v, (int, float)) else v) for v in value]
        return value

    @model_validator(mode="after")
    def _type_fields(self) -> "Question":
        if self.type == "choice":
            if not self.options or len(self.options) < 2:
                raise ValueError("a choice question needs `options`: at least two, worst first")
            if len(set(self.options)) != len(self.options):
                raise ValueError("choice options must be distinct")
        elif self.options is not None:
            raise ValueError(f"`options` is only for choice questions, not {self.type}")
        if self.type == "scale":
            if self.min is None or self.max is None:
                raise ValueError("a scale question needs `min` and `max`")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"`min` ({self.min}) must be below `max` ({self.max})")
        if self.type in ("boolean", "choice") and (self.min is not None or self.max is not None):
            raise ValueError(f"`min`/`max` are for scale and number questions, not {self.type}")
        return self

    # -- values ---------------------------------------------------------------------------
    def expected(self) -> str:
        if self.type == "boolean":
            return "true or false"
        if self.type == "choice":
            return "one of " + ", ".join(repr(o) for o in self.options or [])
        lo = "" if self.min is None else f" from {self.min:g}"
        hi = "" if self.max is None else f" to {self.max:g}"
        return f"a number{lo}{hi}"

    def encode(self, value: Any) -> int:
        """The answer as the ordered integer used by rules, the engine and the planner.

        Raises ValueError with what was expected when the value is not a valid answer.
        """
        if self.type == "boolean":
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, str) and value.strip().lower() in ("yes", "true", "y"):
                return 1
            if isinstance(value, str) and value.strip().lower() in ("no", "false", "n"):
                return 0
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        if self.type == "choice":
            if isinstance(value, bool):
                value = "yes" if value else "no"
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value in (self.options or []):
                return self.options.index(value)
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str):
                try:
                    value = float(value)
                except ValueError:
                    raise ValueError(f"expected {self.expected()}, got {value!r}") from None
            else:
                raise ValueError(f"expected {self.expected()}, got {value!r}")
        if value != value:  # NaN
            raise ValueError(f"expected {self.expected()}, got NaN")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise ValueError(f"expected {self.expected()}, got {value!r}")
        return round(value * NUMBER_SCALE)

    def decode(self, code: int) -> Any:
        if self.type == "boolean":
            return bool(code)
        if self.type == "choice":
            return self.options[code]
        v = code / NUMBER_SCALE
        return int(v) if v == int(v) else v

    def best_code(self) -> int | None:
        if self.type == "boolean":
            return 1
        if self.type == "choice":
            return len(self.options) - 1
        return None if self.max is None else round(self.max * NUMBER_SCALE)

    def met_code(self) -> int | None:
        """The lowest value that counts as 'met' under the built-ins' convention (SPEC §3.2)."""
        if self.type == "boolean":
            return 1
        if self.type == "choice":
            return max(0, len(self.options) - 2)
        if self.type == "scale":
            return round((self.max - 1) * NUMBER_SCALE)
        return None if self.max is None else round(self.max * NUMBER_SCALE)
