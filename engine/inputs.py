"""The inputs of a run, resolved together: answers, their framework and ruleset, targets."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .load import Document, load_assessment, parse_loc
from .model import Assessment, Framework
from .registry import Registry
from .ruleset import PreparedRuleset


@dataclass
class Inputs:
    framework: Framework
    ruleset: PreparedRuleset
    assessment: Assessment
    answers_file: str
    document: Document

    def line_of(self, path: str | None) -> int | None:
        return self.document.line_of(parse_loc(path)) if path else None


def load_inputs(answers: str | Path, registry: Registry, *, framework: str | None = None,
                ruleset: str | None = None, attributes: str | Path | None = None) -> Inputs:
    """Answers file -> its framework (id or path, `framework` overrides) and prepared ruleset."""
    assessment, doc = load_assessment(answers, attributes=attributes)
    fw_ref = framework or assessment.framework
    if not fw_ref:
        raise InputError("no framework: give `framework:` in the answers file or --framework", file=str(answers))
    try:
        fw = registry.framework(fw_ref, relative_to=None if framework else answers)
    except InputError as e:
        if not framework:
            for p in e.problems:
                if p.file is None:
                    p.file, p.path, p.line = str(answers), "framework", doc.line_of(("framework",))
        raise
    rs_ref = ruleset or assessment.ruleset or registry.default_ruleset_id(fw)
    try:
        prepared = registry.ruleset(rs_ref, fw, relative_to=None if ruleset else answers)
    except InputError as e:
        if not ruleset:
            for p in e.problems:
                if p.file is None:
                    p.file, p.path, p.line = str(answers), "ruleset", doc.line_of(("ruleset",))
        raise
    return Inputs(fw, prepared, assessment, str(answers), doc)


def inputs_from_models(framework: Framework, ruleset: PreparedRuleset, assessment: Assessment,
                       name: str = "<memory>") -> Inputs:
    """Inputs built in memory (a notebook, a test) rather than read from files."""
    return Inputs(framework, ruleset, assessment, name, Document(name, {}))
