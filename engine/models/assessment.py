"""An assessment: the answers of each entity (docs/formats.md §3.3)."""
from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from pydantic import Field, field_validator

from cyberplan.engine.errors import Problem

from .base import Finite, Strict, check_number

MAX_SIZE_FACTOR = 1000


class Entity(Strict):
    """An organisation assessed: its attributes and its answers."""

    id: str = Field(min_length=1, description='Stable id of the organisation, e.g. `mof`.')
    name: str | None = Field(default=None, description='Its name, e.g. `Ministry of Finance`.')
    sector: str | None = Field(default=None, description='Free text used by rules, threat profiles and shared controls: government, energy, water, ...')
    criticality: int = Field(default=1, ge=1, le=5, description="1..5: the entity's priority. It never multiplies "
                                                                "money (docs/formats.md §3.4).")
    size_factor: Finite = Field(default=1.0, gt=0, le=MAX_SIZE_FACTOR,
                                description='Scales the capex, opex and effort of entity-scoped controls (default 1, '
                                            'at most 1,000).')
    impact_factor: Finite | None = Field(default=None, gt=0, le=MAX_SIZE_FACTOR,
                                         description="Scales this entity's loss per incident (docs/formats.md §3.4); "
                                                     "default: its size_factor, so a small office does not carry a "
                                                     "large firm's losses.")
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict, description='Further attributes rules may read.')
    answers: dict[str, Any] = Field(default_factory=dict, description='Question id -> answer; leave a question out (or blank) when it is not assessed, or answer `unknown` when the respondent does not know (both satisfy no rule; they are reported apart).')
    evidence: dict[str, str] = Field(default_factory=dict, description='Question id -> the evidence the respondent cites for the answer (a document, a link, a ticket). Kept with the answers, never read by rules.')
    comments: dict[str, str] = Field(default_factory=dict, description="Question id -> the respondent's comment on the answer. Kept with the answers, never read by rules.")

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

    @field_validator("evidence", "comments", mode="before")
    @classmethod
    def _notes_text(cls, v: Any) -> Any:
        # a cell holding 2026 or a date is still a note: keep it as its text; drop blank notes
        if isinstance(v, dict):
            return {k: (x if isinstance(x, str) else str(x)) for k, x in v.items()
                    if x is not None and not (isinstance(x, str) and not x.strip())}
        return v

    def attribute(self, name: str) -> Any:
        if name in ("id", "name", "sector", "criticality", "size_factor"):
            return getattr(self, name)
        return self.attributes.get(name)

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def loss_factor(self) -> float:
        """What this entity's losses per incident are multiplied by: impact_factor, else size_factor."""
        return self.impact_factor if self.impact_factor is not None else self.size_factor


class Assessment(Strict):
    framework: str = Field(description='The framework: an installed id, or a path relative to this file.')
    framework_version: str | None = Field(default=None, description="The version of the framework the questionnaire was written from (a workbook records it); when given it must match the framework's `version`, so answers to another edition's questions are never read as this one's.")
    ruleset: str | None = Field(default=None, description="The ruleset: an installed id, or a path relative to this file (default: the framework's default).")
    assessed: _dt.date | None = Field(default=None, description='The date of the assessment, an ISO date YYYY-MM-DD '
                                                              '(shown in every output).')
    title: str | None = Field(default=None, description='A title for the assessment.')
    entities: list[Entity] = Field(min_length=1, description='The organisations assessed.')

    @field_validator("framework_version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    @field_validator("assessed", mode="before")
    @classmethod
    def _iso_date(cls, v: Any) -> Any:
        return None if v is None else iso_date(v)

    def problems(self) -> list[Problem]:
        out, seen = [], set()
        for i, e in enumerate(self.entities):
            if e.id in seen:
                out.append(Problem(f"duplicate entity id {e.id!r}", path=f"entities[{i}].id"))
            seen.add(e.id)
        return out


def iso_date(v: Any) -> _dt.date:
    """A date given as YYYY-MM-DD (or a date, or a datetime at midnight). 15/03/2026 or
    03/15/2026? Only the ISO form says which, so anything else is a ValueError saying so."""
    if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime):
        return v
    if isinstance(v, _dt.datetime) and v.time() == _dt.time(0):
        return v.date()
    if isinstance(v, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", v):
        try:
            return _dt.date.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(f"{v.strip()!r} is not a calendar date; expected an ISO date YYYY-MM-DD") from None
    raise ValueError(f"expected an ISO date YYYY-MM-DD (e.g. 2026-11-01), got {v!r}")
