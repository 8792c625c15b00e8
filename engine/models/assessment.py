"""An assessment: the answers of each entity (SPEC §3.3)."""
from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import Field, field_validator

from cyberplan.engine.errors import Problem

from .base import Strict


class Entity(Strict):
    id: str = Field(min_length=1)
    name: str | None = None
    sector: str | None = None
    criticality: int = Field(default=1, ge=1, le=5)
    size_factor: float = Field(default=1.0, gt=0)
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict)
    answers: dict[str, Any] = Field(default_factory=dict)

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
    framework: str
    ruleset: str | None = None
    assessed: _dt.date | str | None = None
    title: str | None = None
    entities: list[Entity] = Field(min_length=1)

    def problems(self) -> list[Problem]:
        out, seen = [], set()
        for i, e in enumerate(self.entities):
            if e.id in seen:
                out.append(Problem(f"duplicate entity id {e.id!r}", path=f"entities[{i}].id"))
            seen.add(e.id)
        return out
