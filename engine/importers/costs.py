"""Filling placeholder estimates: `--costs FILE`, a CSV or a YAML/JSON file.

CSV, one row per control (blank cells are left unknown):

    control,capex,opex,effort,duration,basis
    RC-01,40000,10000,30,3,vendor quote 2026

YAML or JSON, by control id:

    controls:
      RC-01: {cost: {capex: 40000, opex: 10000}, effort: 30, duration: 3, basis: vendor quote 2026}

A control's cost counts as estimated once its capex or its opex is given (the other is then 0);
effort and duration each once given. The import writes `costs.csv`, a template listing every
placeholder control, next to the plugin.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, Problem, did_you_mean
from cyberplan.engine.inputs.read import read_document, read_text
from cyberplan.engine.models import Framework

COLUMNS = ("control", "capex", "opex", "effort", "duration", "basis")
_NUMBERS = ("capex", "opex", "effort", "duration")


def _number(v: Any, what: str, where: Problem) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        x = float(str(v).replace(",", "").replace("_", "")) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        where.message = f"{what}: expected a number, got {v!r}"
        raise InputError(where) from None
    if isinstance(v, bool) or x != x or x < 0 or (what == "duration" and x == 0):
        where.message = f"{what}: expected a number " + ("above 0" if what == "duration" else "of at least 0") + \
            f", got {v!r}"
        raise InputError(where)
    return x


def read_costs(path: str | Path) -> dict[str, dict[str, Any]]:
    """Control id -> {capex, opex, effort, duration, basis} (only what is given)."""
    p = Path(path)
    out: dict[str, dict[str, Any]] = {}
    if p.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(read_text(p))))
        header = set(rows[0]) if rows else set()
        if "control" not in header and "id" not in header:
            raise InputError("expected a `control` column (and capex, opex, effort, duration, basis)", file=str(p),
                             line=1)
        for i, row in enumerate(rows):
            cid = (row.get("control") or row.get("id") or "").strip()
            if not cid:
                continue
            entry: dict[str, Any] = {}
            for k in _NUMBERS:
                x = _number(row.get(k), k, Problem("", file=str(p), line=i + 2))
                if x is not None:
                    entry[k] = x
            if (row.get("basis") or "").strip():
                entry["basis"] = row["basis"].strip()
            if cid in out:
                raise InputError(f"control {cid!r} is given twice", file=str(p), line=i + 2)
            out[cid] = entry
        return out
    doc = read_document(p)
    data = doc.data.get("controls") if isinstance(doc.data, dict) else None
    if isinstance(data, list):
        data = {str(c.get("id")): c for c in data if isinstance(c, dict)}
    if not isinstance(data, dict):
        raise InputError("expected `controls:` mapping control ids to {cost: {capex, opex}, effort, duration, basis}",
                         file=str(p), line=1)
    for cid, c in data.items():
        if not isinstance(c, dict):
            raise InputError("expected {cost: {capex, opex}, effort, duration, basis}", file=str(p),
                             path=f"controls.{cid}", line=doc.line_of(("controls", cid)))
        unknown = set(c) - {"id", "cost", "capex", "opex", "effort", "duration", "basis"}
        if unknown:
            k = sorted(unknown)[0]
            raise InputError(f"unknown key {k!r}", file=str(p), path=f"controls.{cid}.{k}",
                             line=doc.line_of(("controls", cid, k)), hint="expected cost, effort, duration, basis")
        flat = dict(c.get("cost") or {}) if isinstance(c.get("cost"), dict) else {}
        flat.update({k: c[k] for k in _NUMBERS if k in c})
        entry = {}
        for k in _NUMBERS:
            x = _number(flat.get(k), k, Problem("", file=str(p), path=f"controls.{cid}",
                                                line=doc.line_of(("controls", cid))))
            if x is not None:
                entry[k] = x
        if c.get("basis"):
            entry["basis"] = str(c["basis"])
        out[str(cid)] = entry
    return out


def apply_costs(fw: Framework, costs: dict[str, dict[str, Any]], file: str | None = None) -> Framework:
    """The framework with the given estimates filled in (and dropped from each control's `unknown`)."""
    problems = [Problem(f"unknown control {cid!r}", file=file, hint=did_you_mean(cid, fw.control))
                for cid in costs if cid not in fw.control]
    if problems:
        raise InputError(problems)
    controls = []
    for c in fw.controls:
        data = c.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        given = costs.get(c.id)
        if given:
            unknown = list(c.unknown)
            if "capex" in given or "opex" in given:
                data["cost"] = {"capex": given.get("capex", 0), "opex": given.get("opex", 0)}
                unknown = [u for u in unknown if u != "cost"]
            for k in ("effort", "duration"):
                if k in given:
                    data[k] = given[k]
                    unknown = [u for u in unknown if u != k]
            if "basis" in given:
                data["basis"] = given["basis"]
            data["unknown"] = unknown
            if not unknown:
                data.pop("unknown")
        controls.append(data)
    return Framework.model_validate({**fw.model_dump(mode="json", by_alias=True, exclude_defaults=True),
                                     "controls": controls})


def costs_template(fw: Framework) -> str:
    """A CSV with a row for every placeholder control, to fill in and pass back as --costs."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(COLUMNS) + ["title"])
    for c in fw.placeholders():
        w.writerow([c.id, "", "", "", "", "", c.title])
    return buf.getvalue()
