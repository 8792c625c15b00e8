"""An assessment written out as an answers file (SPEC §3.3): what `collect` and a re-plan's
raised answers produce. Answers are in canonical form (an option's own spelling, true/false,
numbers), in the framework's question order; evidence and comments are kept beside them."""
from __future__ import annotations

import json
from typing import Any

import yaml

from cyberplan.engine.models import Assessment, Framework

_ENTITY_KEYS = ("id", "name", "sector", "criticality", "size_factor", "attributes", "answers", "evidence", "comments")


def answers_data(assessment: Assessment, fw: Framework | None = None) -> dict[str, Any]:
    """The assessment as plain data: unset and empty keys left out, answers in question order."""
    order = {q.id: i for i, q in enumerate(fw.questions)} if fw is not None else {}

    def ordered(d: dict[str, Any]) -> dict[str, Any]:
        return {k: d[k] for k in sorted(d, key=lambda k: (order.get(k, len(order)), k))}
    out: dict[str, Any] = {}
    for key in ("framework", "framework_version", "ruleset", "assessed", "title"):
        v = getattr(assessment, key)
        if v is not None:
            out[key] = v
    ents = []
    for e in assessment.entities:
        d: dict[str, Any] = {}
        for key in _ENTITY_KEYS:
            v = getattr(e, key)
            if key in ("answers", "evidence", "comments"):
                if v or key == "answers":
                    d[key] = ordered(v)
            elif key == "attributes":
                if v:
                    d[key] = dict(v)
            elif v is not None:
                d[key] = v
        ents.append(d)
    out["entities"] = ents
    return out


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order given, long texts kept on one line."""


def answers_yaml(assessment: Assessment, fw: Framework | None = None, header: str = "") -> str:
    data = answers_data(assessment, fw)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=10_000)
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    return "\n".join(lines + [text.rstrip()]) + "\n"


def answers_json(assessment: Assessment, fw: Framework | None = None) -> str:
    return json.dumps(answers_data(assessment, fw), indent=2, ensure_ascii=False, default=str) + "\n"
