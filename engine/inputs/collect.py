"""Collecting returned questionnaires: many filled-in workbooks -> one assessment (SPEC §3.3).

A national programme sends one workbook to each organisation (`questionnaire --split`) and gets
them back edited by many hands. `collect` reads every one of them and says, per file, what it
read (entities, answers, `unknown`s, evidence and comments), what is missing (unanswered
questions, deleted question rows, expected organisations that sent nothing back) and what is
wrong, in four kinds:

- error: a file or cell that cannot be read as an answer (out of range, a formula saved without
  a value, an unknown question id, a bad attribute or date);
- conflict: two answers that cannot both be right — the same entity in two files, a workbook for
  another framework or another version of it, a question whose text was edited before it was
  answered (the answer may be to a different question);
- warning: something to look at that does not change an answer (a question row deleted, an
  edited text left unanswered, no framework version recorded, an entity not on the list);
- note: how a value was obtained (a formula's saved value, which assessment date was taken).

Errors and conflicts stop the merge: no answers file is written until they are resolved (never a
silent choice between two answers). Warnings do too with `strict`.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from cyberplan.engine.errors import InputError
from cyberplan.engine.inputs.workbook import (
    ANSWER_COL,
    COMMENT_COL,
    EVIDENCE_COL,
    QUESTION_COL,
    SheetEntity,
    WorkbookContent,
    entity_data,
    parse_workbook,
)
from cyberplan.engine.models import Assessment, Entity, Framework
from cyberplan.engine.models.assessment import iso_date

Kind = Literal["error", "conflict", "warning", "note"]
BLOCKING = ("error", "conflict")


class Issue(BaseModel):
    kind: Kind
    where: str | None = Field(default=None, description="Sheet and cell, e.g. `sheet 'mof' cell G12`.")
    message: str


class EntityRead(BaseModel):
    id: str
    sheet: str
    answered: int = Field(description="Questions answered with a value (not blank, not `unknown`).")
    unknown: list[str] = Field(default_factory=list, description="Questions answered `unknown`.")
    unanswered: list[str] = Field(default_factory=list, description="Questions left blank or whose row is missing.")
    evidence: int = 0
    comments: int = 0
    merged: bool = Field(default=False, description="Taken into the answers file.")

    def share_unanswered(self, questions: int) -> float:
        return (len(self.unanswered) + len(self.unknown)) / questions if questions else 0.0


class FileRead(BaseModel):
    file: str
    framework: str | None = None
    framework_version: str | None = None
    ruleset: str | None = None
    assessed: _dt.date | None = None
    entities: list[EntityRead] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)

    def add(self, kind: Kind, where: str | None, message: str) -> None:
        self.issues.append(Issue(kind=kind, where=where, message=message))

    def count(self, *kinds: str) -> int:
        return sum(1 for i in self.issues if i.kind in kinds)

    @property
    def status(self) -> str:
        for kind, word in (("error", "errors"), ("conflict", "conflicts"), ("warning", "warnings")):
            if self.count(kind):
                return f"{self.count(kind)} {word if self.count(kind) > 1 else kind}"
        return "read"


class CollectReport(BaseModel):
    framework: str
    framework_version: str | None
    questions: int
    files: list[FileRead]
    expected_missing: list[str] = Field(default_factory=list,
                                        description="Entities expected (--expect) that no workbook holds.")
    assessed: _dt.date | None = None
    notes: list[str] = Field(default_factory=list)
    strict: bool = False

    def count(self, *kinds: str) -> int:
        return sum(f.count(*kinds) for f in self.files)

    @property
    def merged(self) -> bool:
        """Whether the answers file may be written."""
        return not self.count(*BLOCKING) and not (self.strict and self.count("warning")) and \
            any(e.merged for f in self.files for e in f.entities)


def collect(paths: list[str | Path], framework: Framework, *, framework_ref: str | None = None,
            ruleset: str | None = None, expected: list[str] | None = None, assessed: _dt.date | None = None,
            strict: bool = False) -> tuple[Assessment | None, CollectReport]:
    """Read every workbook, check it against `framework`, and merge the entities into one
    assessment (None when an error or conflict stops the merge). `framework_ref` and `ruleset` are
    what the answers file will name (default: the framework's id, the ruleset the workbooks name)."""
    fw = framework
    files: list[FileRead] = []
    merged: list[dict[str, Any]] = []
    first_seen: dict[str, tuple[str, str]] = {}     # entity id -> (file, sheet)
    rulesets: dict[str, str] = {}                   # ruleset named -> first file naming it
    dates: dict[_dt.date, list[str]] = {}
    titles: list[str] = []
    for path in paths:
        rep = FileRead(file=str(path))
        files.append(rep)
        try:
            content = parse_workbook(path)
        except InputError as e:
            for p in e.problems:
                rep.add("error", p.path, p.message)
            continue
        _check_meta(content, rep, fw, rulesets, dates, titles)
        for p in content.problems:
            rep.add("error", p.path, p.message)
        for f in content.formulas:
            if f.computed:
                rep.add("note", f"sheet {f.sheet!r} cell {f.cell}",
                        f"{f.what} is a formula ({f.formula}); the value saved with it, {f.value!r}, was used")
        for ent in content.entities:
            data = _read_entity(ent, rep, fw)
            if data is None:
                continue
            eid = data["id"]
            if eid in first_seen:
                other_file, other_sheet = first_seen[eid]
                rep.add("conflict", f"sheet {ent.sheet!r} cell C{ent.attribute_rows.get('id', 2)}",
                        f"entity {eid!r} is also in {other_file} (sheet {other_sheet!r}): keep one of the two")
                continue
            first_seen[eid] = (str(path), ent.sheet)
            if expected is not None and eid not in expected:
                rep.add("warning", f"sheet {ent.sheet!r} cell C{ent.attribute_rows.get('id', 2)}",
                        f"entity {eid!r} is not among the entities expected")
            merged.append(data)
            rep.entities[-1].merged = True
    report = CollectReport(framework=fw.id, framework_version=fw.version, questions=len(fw.questions), files=files,
                           strict=strict,
                           expected_missing=[e for e in (expected or []) if e not in first_seen])
    if len(rulesets) > 1 and ruleset is None:
        for name, file in list(rulesets.items())[1:]:
            rep = next(f for f in files if f.file == file)
            rep.add("conflict", "sheet 'About'", f"the workbook names the ruleset {name!r}, another names "
                                                 f"{next(iter(rulesets))!r}: give --ruleset to choose")
    report.assessed = assessed if assessed is not None else (max(dates) if dates else None)
    if assessed is None and len(dates) > 1:
        report.notes.append("the workbooks give " + str(len(dates)) + " assessment dates (" + ", ".join(
            f"{d.isoformat()}: {len(fs)} file(s)" for d, fs in sorted(dates.items())) + f"); the answers file takes "
            f"the latest, {report.assessed.isoformat()} (give --assessed to choose another)")
    elif assessed is None and not dates and merged:
        report.notes.append("no workbook gives an assessment date: the answers file has none (give --assessed)")
    if report.expected_missing:
        n = len(report.expected_missing)
        report.notes.append(f"{n} expected entit{'y' if n == 1 else 'ies'} sent no workbook back: "
                            + ", ".join(report.expected_missing))
    if not report.merged:
        return None, report
    doc = {"framework": framework_ref or fw.id, "framework_version": fw.version,
           "ruleset": ruleset or (next(iter(rulesets)) if rulesets else None),
           "assessed": report.assessed, "title": titles[0] if titles else None, "entities": merged}
    return Assessment.model_validate({k: v for k, v in doc.items() if v is not None}), report


def _check_meta(content: WorkbookContent, rep: FileRead, fw: Framework, rulesets: dict[str, str],
                dates: dict[_dt.date, list[str]], titles: list[str]) -> None:
    meta = content.meta

    def where(key: str) -> str:
        return f"sheet 'About' cell B{content.meta_rows[key]}" if key in content.meta_rows else "sheet 'About'"
    rep.framework = meta.get("framework")
    rep.framework_version = meta.get("framework version")
    rep.ruleset = meta.get("ruleset")
    if rep.framework is None:
        rep.add("warning", where("framework"), "the workbook does not say which framework it is for")
    elif rep.framework != fw.id:
        rep.add("conflict", where("framework"), f"the workbook is for the framework {rep.framework!r}, "
                                                f"not {fw.id!r}")
    if rep.framework_version is None:
        if fw.version is not None:
            rep.add("warning", where("framework version"), f"the workbook does not record the framework's version "
                                                           f"(this framework is version {fw.version})")
    elif fw.version is not None and str(rep.framework_version) != str(fw.version):
        rep.add("conflict", where("framework version"),
                f"the workbook was written for version {rep.framework_version} of {fw.id}, but the framework is "
                f"version {fw.version}: its questions may differ")
    if rep.ruleset:
        rulesets.setdefault(rep.ruleset, rep.file)
    if "title" in meta:
        titles.append(str(meta["title"]))
    if "assessed" in meta:
        try:
            rep.assessed = iso_date(meta["assessed"])
            dates.setdefault(rep.assessed, []).append(rep.file)
        except ValueError as e:
            rep.add("error", where("assessed"), f"the assessment date: {e}")


def _read_entity(ent: SheetEntity, rep: FileRead, fw: Framework) -> dict[str, Any] | None:
    """The entity's answers checked against the framework, in canonical form; None when an error
    or conflict makes it unusable (each is recorded in `rep`)."""
    before = rep.count(*BLOCKING)
    eid = ent.id
    read = EntityRead(id=eid or "", sheet=ent.sheet, answered=0)
    rep.entities.append(read)
    answers: dict[str, Any] = {}
    for qid, row in ent.rows.items():
        if qid not in fw.question:
            rep.add("error", ent.where(1, row=row), f"unknown question id {qid!r} (the hidden column A was changed, "
                                                    "or the workbook is for another framework)")
    for q in fw.questions:
        if q.id not in ent.rows:
            continue
        value = ent.answers.get(q.id)
        shown = ent.texts.get(q.id)
        official = " ".join(q.text.split())
        if shown is not None and shown != official:
            noted = value is not None or q.id in ent.evidence or q.id in ent.comments
            rep.add("conflict" if noted else "warning", ent.where(QUESTION_COL, q.id),
                    f"the text of question {q.id} was changed to {_short(shown)!r}; the framework asks "
                    f"{_short(official)!r}" + (": check the answer is to that question, then restore the text"
                                               if noted else ""))
        if value is None:
            read.unanswered.append(q.id)
            continue
        if q.is_unknown(value):
            read.unknown.append(q.id)
            answers[q.id] = "unknown"
            continue
        try:
            answers[q.id] = q.canonical(value)
            read.answered += 1
        except ValueError as e:
            rep.add("error", ent.where(ANSWER_COL, q.id), f"question {q.id}: {e} (or unknown)")
    missing = [q.id for q in fw.questions if q.id not in ent.rows]
    if missing:
        read.unanswered += missing
        rep.add("warning", f"sheet {ent.sheet!r}", f"{len(missing)} question row(s) are missing from the sheet "
                                                   "(counted as unanswered): " + ", ".join(missing[:6])
                + (" …" if len(missing) > 6 else ""))
    for store, col, what in ((ent.evidence, EVIDENCE_COL, "evidence"), (ent.comments, COMMENT_COL, "comment")):
        for qid in store:
            if qid in fw.question:
                continue
            rep.add("error", ent.where(col, qid), f"{what} on unknown question {qid!r}")
    read.evidence = sum(1 for q in ent.evidence if q in fw.question)
    read.comments = sum(1 for q in ent.comments if q in fw.question)
    data = entity_data(ent)
    data["answers"] = answers
    try:
        Entity.model_validate(data)
    except ValidationError as err:
        for e in err.errors(include_url=False):
            key = str(e["loc"][0]) if e["loc"] else "id"
            row = ent.attribute_rows.get(key, 2)
            rep.add("error", f"sheet {ent.sheet!r} cell C{row}",
                    f"{key}: {e['msg'].removeprefix('Value error, ')}, got {e.get('input')!r}")
    if rep.count(*BLOCKING) > before or eid is None:
        return None
    return data


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def named_framework(paths: list[str | Path]) -> str | None:
    """The framework id the first readable workbook's About sheet names (to resolve it before
    collecting, when no framework is given)."""
    from openpyxl import load_workbook

    from cyberplan.engine.inputs.workbook import ABOUT_SHEET
    for path in paths:
        try:
            wb = load_workbook(path, read_only=True)
        except Exception:  # noqa: BLE001 - unreadable files are reported by collect itself
            continue
        try:
            if ABOUT_SHEET not in wb.sheetnames:
                continue
            for row in wb[ABOUT_SHEET].iter_rows(min_row=1, max_row=60, max_col=2, values_only=True):
                if row and isinstance(row[0], str) and row[0].strip() == "framework" and row[1]:
                    return str(row[1]).strip()
        finally:
            wb.close()
    return None


def reference_for(ref: str | None, output: str | Path) -> str | None:
    """A framework or ruleset reference as the answers file at `output` must write it: an
    existing path (given relative to here) made relative to that file's folder (SPEC §3.3); an
    installed id as it is."""
    import os
    if ref is None or not Path(ref).exists():
        return ref
    return os.path.relpath(Path(ref).resolve(), Path(output).resolve().parent)
