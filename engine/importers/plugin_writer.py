"""An imported framework written as a pip-installable plugin, in the layout `cyberplan new
framework` makes (engine/scaffold.py writes both): the framework split into framework.yaml,
questions.yaml and controls.yaml, the default ruleset with tests, example answers and plan,
mapping sets, a test file, and costs.csv (the placeholder controls, to fill in)."""
from __future__ import annotations

from pathlib import Path

from cyberplan.engine.errors import InputError
from cyberplan.engine.importers.costs import apply_costs, costs_template, read_costs
from cyberplan.engine.importers.defaults import (
    Draft,
    dump,
    example_answers,
    example_plan,
    framework_files,
    ruleset_text,
)
from cyberplan.engine.scaffold import module_name, next_steps, write_plugin

_IMPORTED_TEST = '''

def test_example_assessment():
    r = cyberplan("assess", str(PKG / "example" / "answers.yaml"), "--format", "json")
    assert r.returncode == 0, r.stderr
    levels = {e["id"]: e["levels"] for e in json.loads(r.stdout)["entities"]}
    # the operator answers every question at its worst, the ministry mostly at its best
    assert set(levels["operator"].values()) == {0}
    assert max(levels["ministry"].values()) > 0
'''


def check_id_free(fw_id: str, registry, out_dir: Path) -> None:
    """An installed framework of the same id (not this folder's) would hide the import."""
    entry = registry.frameworks.get(fw_id) if registry is not None else None
    if entry is None:
        return
    where = Path(entry.path).resolve() if entry.path is not None else None
    if where is not None and Path(out_dir).resolve() in where.parents:
        return
    raise InputError(f"a framework with id {fw_id!r} is already installed ({entry.plugin}); the import would be "
                     "hidden by it", path="--id", hint="give the import another id with --id, e.g. "
                                                       f"{fw_id}-imported")


def write_draft(draft: Draft, out_dir: Path, *, costs: Path | None = None, replace: bool = False) -> list[str]:
    """Write the plugin; returns what to tell the user (what was decided, what is left to do)."""
    fw = draft.framework
    if costs is not None:
        fw = apply_costs(fw, read_costs(costs), file=str(costs))
    licence = " ".join((fw.licence or "").split())[:600]
    header = (f"{fw.title} ({fw.id}), imported by `cyberplan import`.\n"
              f"Source: {fw.source}\n" + (f"Licence: {licence}\n" if licence else "")
              + "Edit freely: `cyberplan rules check " + fw.id + "/default --strict` says what no longer fits.")
    mappings = {f"{ms.id}.yaml": dump(ms.model_dump(mode="json", by_alias=True, exclude_none=True),
                                      f"Mapping set {ms.id}: {ms.from_} -> {ms.to} (cyberplan's format, "
                                      "engine/models/mapping.py).")
                for ms in draft.mappings}
    files = write_plugin(Path(out_dir), fw.id, fw.title, framework=framework_files(fw, header),
                         ruleset=ruleset_text(fw, draft.evidence), answers=example_answers(fw, draft.evidence),
                         plan=example_plan(fw), test=_IMPORTED_TEST, mappings=mappings,
                         extra={"costs.csv": costs_template(fw)}, replace=replace)
    root = Path(out_dir)
    lines = [f"imported {fw.id} ({fw.title}) into {root}/ (plugin module {module_name(fw.id)}, {len(files)} files)"]
    lines += [f"  {s}" for s in draft.summary]
    lines += [f"  {len(draft.mappings)} mapping sets: " + ", ".join(f"{m.id} ({m.from_} -> {m.to}, "
                                                                   f"{len(m.mappings)} relations)"
                                                                   for m in draft.mappings)] if draft.mappings else []
    lines += [f"warning: {w}" for w in draft.warnings]
    left = fw.placeholders()
    if left:
        lines.append(f"to do: {len(left)} of {len(fw.controls)} controls have no cost, effort or duration yet; "
                     f"`plan` refuses them until filled: fill {root}/costs.csv and run the import again with "
                     f"--costs {root}/costs.csv --force")
    return lines + next_steps(root, fw.id)


def write_mapping_files(mappings: list, out_dir: Path, warnings: list[str], replace: bool = False) -> list[str]:
    """A mapping-only library: each mapping set as a file, for `assess --against ... --mapping FILE`
    (or a plugin's mappings/ folder)."""
    from cyberplan.engine.render import write_atomic
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for ms in mappings:
        path = root / f"{ms.id}.yaml"
        if path.exists() and not replace:
            raise InputError("already exists; choose another -o folder or --force", file=str(path))
        write_atomic(path, dump(ms.model_dump(mode="json", by_alias=True, exclude_none=True),
                                f"Mapping set {ms.id}: {ms.from_} -> {ms.to} (cyberplan's format)."))
        lines.append(f"wrote {path} ({ms.from_} -> {ms.to}, {len(ms.mappings)} relations): use it with "
                     f"`cyberplan assess ANSWERS --against {ms.to} --mapping {path}`")
    return lines + [f"warning: {w}" for w in warnings]
