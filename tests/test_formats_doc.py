"""docs/formats.md is the contract shipped in the repository (issue 11), checked against the code:

- every example file in it is read by cyberplan's own loader and validates against its schema;
- every key of every input format is explained in the format's section;
- the commands it shows print what it says, and its JSON examples are what the commands print;
- the section numbers the code and the docs cite exist, and no user-facing text points to a
  specification outside the repository.

Blocks are marked as in the other docs (tests/test_docs.py): ```yaml format=FORMAT file=NAME```
is a file of that format (written to a scratch folder when it has a name), ```json output=CMD```
is the abridged JSON of `assess` or `plan` on those files, ```console``` lists commands and lines
of their output."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from test_docs import DOCS, ROOT, blocks, check, commands, materialise, run
from test_schemas import read_yaml, schema_errors

from cyberplan.cli import cli
from cyberplan.engine.inputs.read import (
    load_assessment,
    load_framework,
    load_plan_config,
    load_progress,
    load_ruleset,
    load_threat_profile,
)
from cyberplan.engine.inputs.registry import load_mapping_set
from cyberplan.engine.models.schemas import FORMATS, json_schema

DOC = "formats.md"
TEXT = (DOCS / DOC).read_text(encoding="utf-8")


def examples() -> list[tuple[str, dict, str, str]]:
    """(language, attributes, flags, body) of every block."""
    return [(lang, attrs, flags, body) for lang, attrs, flags, body in blocks(DOC)]


def section(number: str) -> str:
    """The text of section `number` (e.g. 3.4), up to the next section of its level or above."""
    depth = number.count(".") + 2
    m = re.search(rf"^#{{{depth}}} {re.escape(number)}\.? .*$", TEXT, re.M)
    assert m, f"docs/formats.md has no section {number}"
    rest = TEXT[m.end():]
    end = re.search(rf"^#{{2,{depth}}} ", rest, re.M)
    return rest[:end.start()] if end else rest


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("formats")
    materialise(DOC, where)
    return where


def load(fmt: str, path: Path, attrs: dict, where: Path) -> None:
    """Read a file of format `fmt` as the commands do (cross-references checked too)."""
    if fmt in ("questions", "controls"):
        load_framework(path.parent)        # a split file is read as part of its framework's folder
    elif fmt == "framework":
        load_framework(path.parent if (path.parent / "questions.yaml").exists() else path)
    elif fmt == "answers":
        load_assessment(path, attributes=where / attrs["attributes"] if "attributes" in attrs else None)
    else:
        {"ruleset": load_ruleset, "threats": load_threat_profile, "plan": load_plan_config,
         "progress": load_progress, "mapping": load_mapping_set}[fmt](path)


def test_every_example_file_loads_and_validates_against_its_schema(folder):
    seen = set()
    for n, (lang, attrs, flags, body) in enumerate(examples()):
        fmt = attrs.get("format")
        if fmt is None:
            continue
        assert fmt in FORMATS, f"block {n}: unknown format {fmt!r}"
        seen.add(fmt)
        path = folder / attrs["file"] if "file" in attrs else folder / f"example-{n}.{lang}"
        if "file" not in attrs:
            path.write_text(body)
        load(fmt, path, attrs, folder)
        if lang == "yaml":
            assert schema_errors(fmt, read_yaml(path)) == [], f"block {n} ({fmt})"
    assert seen == set(FORMATS), f"formats without an example: {sorted(set(FORMATS) - seen)}"


def test_every_yaml_example_is_checked():
    # a YAML block is a file of a format, or the attributes file a CSV example names
    named = {attrs["attributes"] for _, attrs, _, _ in examples() if "attributes" in attrs}
    for lang, attrs, _, body in examples():
        if lang == "yaml":
            assert "format" in attrs or attrs.get("file") in named, f"an unchecked YAML example:\n{body[:200]}"


def test_every_key_of_every_input_format_is_explained_in_its_section():
    missing = []
    for name, fmt in FORMATS.items():
        text = section(fmt.section)
        schema = json_schema(name)
        for model, node in {"(file)": schema, **schema.get("$defs", {})}.items():
            for key in node.get("properties", {}):
                if not re.search(rf"`{re.escape(key)}`|(^|[\s{{,\[`-]){re.escape(key)}:", text, re.M):
                    missing.append(f"§{fmt.section} {name}: {model}.{key}")
    assert missing == []


def test_the_commands_print_what_the_page_says(folder):
    n = 0
    for lang, attrs, flags, body in examples():
        if lang != "console":
            continue
        for cmd, want_exit, want in commands(body):
            check(cmd, want_exit, want, run(cmd, folder))
            n += 1
    assert n >= 4


def _contained(example, actual, where="") -> list[str]:
    """Where the abridged example differs from the real output: a key the output does not have,
    or a value that is not the same."""
    out = []
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [f"{where}: not a mapping"]
        for k, v in example.items():
            if k not in actual:
                out.append(f"{where}.{k}: no such key in the output")
            else:
                out += _contained(v, actual[k], f"{where}.{k}")
    elif isinstance(example, list):
        if not isinstance(actual, list) or len(actual) < len(example):
            return [f"{where}: the output has fewer items"]
        for i, v in enumerate(example):
            out += _contained(v, actual[i], f"{where}[{i}]")
    elif example != actual:
        out.append(f"{where}: {example!r} in the page, {actual!r} in the output")
    return out


def test_the_json_examples_are_what_the_commands_print(folder):
    argv = {"assess": ["assess", str(folder / "answers.yaml"), "--format", "json"],
            "plan": ["plan", str(folder / "answers.yaml"), "--config", str(folder / "plan.yaml"), "-q",
                     "--format", "json"]}
    shown = [(attrs["output"], body) for lang, attrs, _, body in examples() if lang == "json" and "output" in attrs]
    assert {cmd for cmd, _ in shown} == set(argv)
    for cmd, body in shown:
        res = CliRunner().invoke(cli, argv[cmd])
        assert res.exit_code == 0, res.output
        assert _contained(json.loads(body), json.loads(res.stdout)) == [], cmd


def test_the_editor_settings_name_every_schema():
    (settings,) = [json.loads(body) for lang, _, flags, body in examples() if lang == "json" and "vscode" in flags]
    paths = settings["yaml.schemas"]
    assert set(paths) == {f"docs/schemas/{name}.json" for name in FORMATS}
    assert all((ROOT / p).is_file() for p in paths)
    # and the modeline example points to a schema that is there, from the folder of an example
    modelines = re.findall(r"# yaml-language-server: \$schema=(\S+)", TEXT)
    assert modelines and all((DOCS / m).resolve().is_file() for m in modelines)


def test_the_sections_the_code_and_docs_cite_exist():
    headings = set(re.findall(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", TEXT, re.M))
    cited: dict[str, set[str]] = {}
    files = [p for p in ROOT.rglob("*") if p.suffix in (".py", ".md", ".j2", ".yaml", ".toml") and p.is_file()
             and not {".venv", ".git", "data", "build"} & set(p.relative_to(ROOT).parts)]
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"(?:SPEC|formats\.md)\s*(?:§|section\s+)(\d+(?:\.\d+)*)", text):
            cited.setdefault(m.group(1), set()).add(str(p.relative_to(ROOT)))
    assert cited, "no citations found: the pattern is wrong"
    unknown = {s: sorted(ps) for s, ps in cited.items() if s not in headings}
    assert unknown == {}


def test_no_user_facing_text_points_to_a_spec_outside_the_repository():
    for p in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        assert not re.search(r"\bSPEC\b", p.read_text(encoding="utf-8")), p.name

    def helps(cmd: click.Command, path: str):
        yield path, cmd.help or ""
        for param in cmd.params:
            yield f"{path} {param.name}", getattr(param, "help", None) or ""
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from helps(sub, f"{path} {name}")
    texts = list(helps(cli, "cyberplan"))
    assert len(texts) > 50
    assert [where for where, text in texts if "SPEC" in text] == []
    assert "docs/formats.md" in cli.help
