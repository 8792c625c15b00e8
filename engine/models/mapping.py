"""A mapping set: how the outcomes of one framework relate to those of another.

Our own format, the one CISO Assistant's `requirement_mapping_sets` are imported into (and the
shipped CPG -> CSF references are written in):

```yaml
id: cisa-cpg-to-nist-csf-2.0
title: CISA CPG goals -> NIST CSF 2.0 subcategories
from: cisa-cpg                # the framework the relations are read from
to: nist-csf-2.0              # the framework they point to
source: where the relations come from (who made them, from what)
licence: the licence of the relations, when it is not ours
mappings:
  - {from: 1.A, to: ID.AM-01, relationship: intersect}
  - {from: 2.A, to: PR.AA-01, relationship: equal, rationale: ..., strength: 8}
```

A relationship reads from `from` to `to`, as CISO Assistant and NIST's OLIR write them:
`equal` (the same requirement), `subset` (the `from` requirement is narrower than, contained in,
the `to` one), `superset` (broader: it contains the `to` one), `intersect` (they overlap, neither
contains the other). Read the other way round, subset and superset swap.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from cyberplan.engine.errors import Problem, did_you_mean

from .base import Strict

Relationship = Literal["equal", "subset", "superset", "intersect"]
REVERSED: dict[str, str] = {"equal": "equal", "subset": "superset", "superset": "subset", "intersect": "intersect"}


class Relation(Strict):
    """How one outcome of the `from` framework relates to one of the `to` framework."""

    from_: str = Field(alias="from", description="An outcome id of the `from` framework.")
    to: str = Field(description="An outcome id of the `to` framework.")
    relationship: Relationship = Field(default="intersect", description="equal, subset, superset or intersect, read "
                                                                        "from `from` to `to`.")
    rationale: str | None = Field(default=None, description="Why the two are related (as the mapping's author says).")
    strength: int | None = Field(default=None, ge=0, le=10,
                                 description="The author's confidence that the relation exists, 0 to 10.")


class MappingSet(Strict):
    id: str = Field(min_length=1, description="Stable id, unique among installed mapping sets.")
    title: str | None = Field(default=None, description="What it maps, in a few words.")
    from_: str = Field(alias="from", description="The id of the framework the relations are read from.")
    to: str = Field(description="The id of the framework they point to.")
    source: str | None = Field(default=None, description="Where the relations come from.")
    licence: str | None = Field(default=None, description="The licence of the relations.")
    urn: str | None = Field(default=None, description="The mapping set's identifier in the library it was imported "
                                                      "from (a CISO Assistant URN).")
    mappings: list[Relation] = Field(default_factory=list, description="The relations, one per pair of outcomes.")

    def reversed(self) -> "MappingSet":
        """The same relations read from `to` to `from`."""
        return MappingSet.model_validate({
            "id": self.id, "title": self.title, "from": self.to, "to": self.from_, "source": self.source,
            "licence": self.licence, "urn": self.urn,
            "mappings": [{"from": r.to, "to": r.from_, "relationship": REVERSED[r.relationship],
                          "rationale": r.rationale, "strength": r.strength} for r in self.mappings]})

    def problems_against(self, source_ids, target_ids, file: str | None = None) -> list[Problem]:
        """Relations naming outcomes that the two frameworks do not have."""
        out = []
        for i, r in enumerate(self.mappings):
            if r.from_ not in source_ids:
                out.append(Problem(f"unknown outcome {r.from_!r} of {self.from_}", file=file,
                                   path=f"mappings[{i}].from", hint=did_you_mean(r.from_, source_ids)))
            if r.to not in target_ids:
                out.append(Problem(f"unknown outcome {r.to!r} of {self.to}", file=file,
                                   path=f"mappings[{i}].to", hint=did_you_mean(r.to, target_ids)))
        return out
