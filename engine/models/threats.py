"""A threat profile: how often each threat strikes each sector and what it costs (docs/formats.md §3.4)."""
from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from .base import Finite, Strict, no_negatives


class Threat(Strict):
    """One kind of attack: how often it strikes, what an incident costs, which outcomes mitigate it."""

    id: str = Field(description='Stable id, e.g. `ransomware`.')
    name: str | None = Field(default=None, description='Its name.')
    description: str | None = Field(default=None, description='What it is.')
    frequency: dict[str, Finite] = Field(json_schema_extra=no_negatives,
                                        description="Expected incidents per entity per year, by sector (`default` "
                                                    "for the rest).")
    impact: dict[str, Finite] = Field(json_schema_extra=no_negatives,
                                     description="Expected loss per incident in the profile's currency, by sector "
                                                 "(`default` for the rest).")
    mitigated_by: dict[str, Finite] = Field(json_schema_extra=no_negatives,
                                           description="Outcome id -> the share of the threat's loss that outcome "
                                                       "mitigates (an ancestor's share is split evenly among its "
                                                       "leaves).")
    frequency_range: dict[str, tuple[Finite, Finite]] | None = Field(
        default=None, json_schema_extra=no_negatives,
        description="By sector: [low, high] around the likely frequency (for uncertainty analysis).")
    impact_range: dict[str, tuple[Finite, Finite]] | None = Field(
        default=None, json_schema_extra=no_negatives, description="By sector: [low, high] around the likely impact.")
    sources: list[str] = Field(default_factory=list, description='Where the figures come from.')
    assumptions: str | list[str] | None = Field(default=None, description='What the figures assume.')

    @field_validator("frequency", "impact", "mitigated_by")
    @classmethod
    def _non_negative(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if x < 0:
                raise ValueError(f"{k}: must not be negative, got {x}")
        return v

    @field_validator("frequency_range", "impact_range")
    @classmethod
    def _ordered(cls, v: dict[str, tuple[float, float]] | None) -> Any:
        for k, (lo, hi) in (v or {}).items():
            if lo < 0 or hi < lo:
                raise ValueError(f"{k}: expected [low, high] with 0 <= low <= high, got [{lo}, {hi}]")
        return v


class ThreatProfile(Strict):
    currency: str = Field(default="USD", description='The currency of every impact figure.')
    title: str | None = Field(default=None, description="The profile's name.")
    description: str | None = Field(default=None, description='What it covers.')
    threats: list[Threat] = Field(min_length=1, description='The threats.')
