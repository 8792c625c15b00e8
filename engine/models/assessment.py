"""An assessment: the answers of each entity (SPEC §3.3)."""
from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import Field, field_validator

from cyberplan.engine.errors import Problem

from .base import Finite, Strict, check_number

MAX_SIZE_FACTOR = 1000


class Entity(Strict):
    id: str = Field(min_length=1, description='Stable id of the organisation, e.g. `mof`.')
    name: str | None = Field(default=None, description='Its name, e.g. `Ministry of Finance`.')
    sector: str | None = Field(default=None, description='Free text used by rules, threat profiles and shared controls: government, energy, water, ...')
    criticality: int = Field(default=1, ge=1, le=5, description="1..5: the entity's priority. It never multiplies money (SPEC §3.4).")
    size_factor: Finite = Field(default=1.0, gt=0, le=MAX_SIZE_FACTOR, description='Scales the capex, opex and effort of entity-scoped controls (default 1, at most 1,000).')
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict, description='Further attributes rules may read.')
    answers: dict[str, Any] = Field(default_factory=dict, description='Question id -> answer; leave a question out (or blank) when it is not assessed.')

    @field_validator("attributes", mode="before")
    @classmethod
    def _finite_attributes(cls, v: Any) -> Any:
        # checked before the union of types, whose four errors would each say less
        if isinstance(v, dict):
            for key, value in v.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    try:
                        check_number(value, "a finite number")
                    except ValueError as e:
                        raise ValueError(f"{key}: {e}") from None
        return v

    @field_validator("id", "sector", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    def attribute(self, name: str) -> Any:
        if name in ("id", "name", "sector", "criticality", "size_factor"):
            return getattr(self, name)
        return self.attributes.get(name)

    @property
    def label(self) -> str:
        return self.name or self.id


class Assessment(Strict):
    framework: str = Field(description='The framework: an installed id, or a path relative to this file.')
    ruleset: str | None = Field(default=None, description="The ruleset: an installed id, or a path relative to this file (default: the framework's default).")
    assessed: _dt.date | None = Field(default=None, description='The date of the assessment, YYYY-MM-DD.')
    title: str | None = Field(default=None, description='A title for the assessment.')
    entities: list[Entity] = Field(min_length=1, description='The organisations assessed.')

    @field_validator("assessed", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        # a date, as YAML reads one or as text (JSON, CSV, a workbook cell); never a number, which
        # pydantic would take for seconds since 1970
        if v is None or (isinstance(v, _dt.date) and not isinstance(v, _dt.datetime)):
            return v
        if isinstance(v, _dt.datetime):
            return v.date()
        if isinstance(v, str):
            text = v.strip()
            try:   # a date, or a date and time (a spreadsheet's cell): the date is what counts
                return _dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text)
            except ValueError:
                pass
        from cyberplan.engine.errors import shown
        raise ValueError(f"expected a date as YYYY-MM-DD, got {shown(v)}")

    def problems(self) -> list[Problem]:
        out, seen = [], set()
        for i, e in enumerate(self.entities):
            if e.id in seen:
                out.append(Problem(f"duplicate entity id {e.id!r}", path=f"entities[{i}].id"))
            seen.add(e.id)
        return out
