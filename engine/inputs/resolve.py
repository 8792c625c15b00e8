"""The inputs of a run, resolved together: answers, their framework and ruleset, targets."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cyberplan.engine.errors import InputError
from cyberplan.engine.inputs.document import Document
from cyberplan.engine.inputs.read import load_assessment, parse_loc
from cyberplan.engine.inputs.registry import Registry
from cyberplan.engine.models import Assessment, Framework
from cyberplan.engine.rules.prepare import PreparedRuleset


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

    def resolve(key: str, from_option: bool, load):
        """A reference from an option resolves on its own; one from the answers file is
        relative to it, and an error about it points at its key there."""
        try:
            return load(None if from_option else answers)
        except InputError as e:
            if not from_option:
                for p in e.problems:
                    if p.file is None:
                        p.file, p.path, p.line = str(answers), key, doc.line_of((key,))
            raise
    fw = resolve("framework", bool(framework), lambda rel: registry.framework(fw_ref, relative_to=rel))
    rs_ref = ruleset or assessment.ruleset or registry.default_ruleset_id(fw)
    prepared = resolve("ruleset", bool(ruleset), lambda rel: registry.ruleset(rs_ref, fw, relative_to=rel))
    return Inputs(fw, prepared, assessment, str(answers), doc)


def inputs_from_models(framework: Framework, ruleset: PreparedRuleset, assessment: Assessment,
                       name: str = "<memory>") -> Inputs:
    """Inputs built in memory (a notebook, a test) rather than read from files."""
    return Inputs(framework, ruleset, assessment, name, Document(name, {}))
