"""A threat profile: how often each threat strikes each sector and what it costs (SPEC §3.4)."""
from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from .base import Strict


class Threat(Strict):
    id: str
    name: str | None = None
    description: str | None = None
    frequency: dict[str, float]
    impact: dict[str, float]
    mitigated_by: dict[str, float]
    frequency_range: dict[str, tuple[float, float]] | None = None
    impact_range: dict[str, tuple[float, float]] | None = None
    sources: list[str] = Field(default_factory=list)
    assumptions: str | list[str] | None = None

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
    currency: str = "USD"
    title: str | None = None
    description: str | None = None
    threats: list[Threat] = Field(min_length=1)
