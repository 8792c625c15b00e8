"""The inputs of a run, resolved together: answers, their framework and ruleset, targets."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from cyberplan.engine.errors import InputError, Problem, shown
from cyberplan.engine.inputs.document import Document
from cyberplan.engine.inputs.read import (
    load_assessment,
    load_plan_config,
    load_threat_profile,
    parse_loc,
    read_document,
    validate,
)
from cyberplan.engine.inputs.registry import Registry
from cyberplan.engine.models import Assessment, Budget, Framework, PlanConfig, SolverOptions, Targets, ThreatProfile
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
                ruleset: str | None = None, attributes: str | Path | None = None,
                allow_outside_paths: bool = False) -> Inputs:
    """Answers file -> its framework (id or path, `framework` overrides) and prepared ruleset.

    A path the answers file gives (`framework: ../x.yaml`) must resolve into the answers file's
    folder or an installed plugin, so that an answers file someone sent cannot make cyberplan read
    (and quote in its errors) any file the user can read; `allow_outside_paths` lifts that. Paths
    given as options are the user's own choice and are read wherever they are."""
    assessment, doc = load_assessment(answers, attributes=attributes)
    fw_ref = framework or assessment.framework
    if not fw_ref:
        raise InputError("no framework: give `framework:` in the answers file or --framework", file=str(answers))
    within = None if allow_outside_paths else Path(answers).absolute().parent

    def resolve(key: str, from_option: bool, load):
        """A reference from an option resolves on its own; one from the answers file is
        relative to it, and an error about it points at its key there."""
        try:
            return load(None if from_option else answers, None if from_option else within)
        except InputError as e:
            if not from_option:
                for p in e.problems:
                    if p.file is None:
                        p.file, p.path, p.line = str(answers), key, doc.line_of((key,))
            raise
    fw = resolve("framework", bool(framework),
                 lambda rel, inside: registry.framework(fw_ref, relative_to=rel, within=inside))
    version = assessment.framework_version
    if version is not None and fw.version is not None and str(version) != str(fw.version):
        raise InputError(f"the answers are to version {version} of {fw.id}, but the framework is version "
                         f"{fw.version}: questions may differ between versions", file=str(answers),
                         path="framework_version", line=doc.line_of(("framework_version",)))
    rs_ref = ruleset or assessment.ruleset or registry.default_ruleset_id(fw)
    prepared = resolve("ruleset", bool(ruleset),
                       lambda rel, inside: registry.ruleset(rs_ref, fw, relative_to=rel, within=inside))
    return Inputs(fw, prepared, assessment, str(answers), doc)


def inputs_from_models(framework: Framework, ruleset: PreparedRuleset, assessment: Assessment,
                       name: str = "<memory>") -> Inputs:
    """Inputs built in memory (a notebook, a test) rather than read from files."""
    return Inputs(framework, ruleset, assessment, name, Document(name, {}))


def load_targets(*, config: str | Path | None = None, targets: str | Path | None = None) -> tuple[Targets, str | None]:
    """Targets from a plan configuration's `targets:`, or a targets file (the key `targets:` or the
    mapping itself), or none (every outcome's target is the top of the scale)."""
    if config is not None:
        return load_plan_config(config).targets, str(config)
    if targets is not None:
        doc = read_document(targets)
        data = doc.data.get("targets", doc.data) if isinstance(doc.data, dict) else doc.data
        return validate(Targets, Document(doc.path, data, doc.lines)), str(targets)
    return Targets(), None


def with_solver_options(config: PlanConfig, **options) -> PlanConfig:
    """The configuration with solver settings given on the command line (`None`: keep the file's),
    validated as the file's are; a bad value is located at its option, e.g. `--time-limit`."""
    given = {k: v for k, v in options.items() if v is not None}
    if not given:
        return config
    try:
        solver = SolverOptions.model_validate({**config.solver.model_dump(exclude_unset=True), **given})
    except ValidationError as err:
        raise InputError([Problem(e["msg"].removeprefix("Value error, ") + f", got {shown(e['input'])}",
                                  path="--" + str(e["loc"][0]).replace("_", "-") if e["loc"] else None)
                          for e in err.errors(include_url=False)]) from None
    return config.model_copy(update={"solver": solver})


MAX_SWEEP_POINTS = 50   # budgets one --sweep may compare (each is a solve)


def sweep_option(text: str) -> list[float]:
    """`--sweep`: per-period budgets as '100000,200000,400000' or 'start:stop:step', each checked
    as the configuration's `budget.per_period` is (finite, not negative, of bounded size), at most
    MAX_SWEEP_POINTS of them, in increasing order."""
    form = f"--sweep expects budgets as '100000,200000' or 'start:stop:step', got {shown(text)}"

    def budget(word: str) -> float:
        try:
            value = float(word)
        except ValueError:
            raise InputError(form, path="--sweep") from None
        try:
            Budget.model_validate({"per_period": value})
        except ValidationError as err:
            e = err.errors(include_url=False)[0]
            raise InputError(f"{e['msg'].removeprefix('Value error, ')}, got {shown(word.strip())}",
                             path="--sweep") from None
        return value
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise InputError(form, path="--sweep")
        start, stop, step = (budget(w) for w in parts)
        if step <= 0 or stop < start:
            raise InputError(f"--sweep start:stop:step needs a step above 0 and stop >= start, got {shown(text)}",
                             path="--sweep")
        count = math.floor((stop - start) / step * (1 + 1e-12)) + 1
        values = [start + i * step for i in range(min(count, MAX_SWEEP_POINTS + 1))]
    else:
        values = sorted({budget(w) for w in text.split(",") if w.strip()})
        count = len(values)
        if not values:
            raise InputError(form, path="--sweep")
    if count > MAX_SWEEP_POINTS:
        raise InputError(f"--sweep {shown(text)} asks for {count:,} budgets; at most {MAX_SWEEP_POINTS} "
                         "(each is a solve): use a larger step", path="--sweep")
    return values


def resolve_threats(ref: str, registry: Registry, relative_to: str | Path | None = None, *,
                    framework: Framework | None = None) -> tuple[ThreatProfile, str]:
    """A threat profile by installed name or path, and the file it came from; with `framework`,
    checked against it (every `mitigated_by` key an outcome of it, ranges around the likely values)."""
    from cyberplan.engine.assess.impact import threat_problems
    path = registry.threat_profile_path(ref, relative_to)
    profile = load_threat_profile(path)
    if framework is not None:
        problems = threat_problems(profile, framework, str(path))
        if problems:
            raise InputError(problems)
    return profile, str(path)


def plan_threats(option: str | None, config: PlanConfig, config_file: str | Path, registry: Registry, *,
                 framework: Framework | None = None) -> tuple[ThreatProfile | None, str | None]:
    """The threat profile a plan weighs its benefit with, and its file: `--threats` when given, else
    the configuration's `threats:` (an installed name, or a path relative to the configuration
    file), else none (benefit in level-periods)."""
    if option:
        return resolve_threats(option, registry, framework=framework)
    if config.threats is None:
        return None, None
    try:
        return resolve_threats(config.threats, registry, relative_to=config_file, framework=framework)
    except InputError as err:
        for p in err.problems:
            if p.file is None:
                p.file, p.path = str(config_file), p.path or "threats"
        raise


def resolve_mapping(reg, source, against: str, mapping: str | None = None, relative_to: str | None = None):
    """The framework to read an assessment against and the mapping set to read it through, oriented
    from `source` to it: the one given (`--mapping` id or path), else the one installed."""
    target = reg.framework(against, relative_to=relative_to)
    if target.id == source.id:
        raise InputError(f"the answers are already in {source.id}: --against needs another framework",
                         path="--against")
    if mapping is not None:
        ms, _ = reg.mapping(mapping, relative_to=relative_to)
        if ms.from_ == target.id and ms.to == source.id:
            ms = ms.reversed()
        if ms.from_ != source.id or ms.to != target.id:
            raise InputError(f"mapping set {ms.id!r} relates {ms.from_} and {ms.to}, not {source.id} and {target.id}",
                             path="--mapping")
        return target, ms
    found = reg.mappings_between(source.id, target.id)
    if not found:
        raise InputError(f"no installed mapping set relates {source.id} and {target.id}", path="--against",
                         hint="give one with --mapping FILE (cyberplan import ciso-assistant MAPPING.yaml writes one)")
    if len(found) > 1:
        raise InputError(f"{len(found)} installed mapping sets relate {source.id} and {target.id}: "
                         + ", ".join(ms.id for ms, _ in found), path="--against", hint="choose one with --mapping ID")
    return target, found[0][0]
