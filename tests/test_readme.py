"""The README is the front door (issue 11): its library example runs, its command list names
every command, its framework table gives the built-in frameworks' real counts, and it links
every page of docs/."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import click

from cyberplan.cli import cli
from cyberplan.plugins.manager import registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\s*$", re.M | re.S)


def fenced(lang: str) -> list[str]:
    return [body for m_lang, body in FENCE.findall(README) if m_lang == lang]


def test_the_library_example_runs(tmp_path, monkeypatch):
    (example,) = fenced("python")
    for name in ("answers.yaml", "framework.yaml", "ruleset.yaml", "plan.yaml"):
        shutil.copy(Path(__file__).parent / "data" / "mini" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(example, "README.md", "exec"), scope)   # our own README, not a user's file
    plan = scope["plan"]
    assert plan.status == "optimal" and plan.actions
    assert plan.verification.levels_match


def test_the_command_list_names_every_command():
    block = "\n".join(b for b in fenced("sh") if "cyberplan demo" in b)
    lines = [line.split("#")[0] for line in block.splitlines()]

    def paths(cmd: click.Command, prefix: tuple[str, ...]):
        subs = getattr(cmd, "commands", None)
        if not subs:
            yield prefix
            return
        for name, sub in subs.items():
            yield from paths(sub, prefix + (name,))
    missing = []
    for path in paths(cli, ()):
        if path == ("frameworks", "list"):       # `cyberplan frameworks` lists them
            path = ("frameworks",)
        words = " ".join(path)
        if not any(re.search(rf"(cyberplan|\|) {re.escape(words)}(\s|$)", line) for line in lines):
            missing.append(words)
    assert missing == []


def test_the_framework_table_has_every_built_in_framework_and_its_counts():
    reg = registry()
    built_in = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/framework.yaml"))
    assert len(built_in) >= 6
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z0-9.-]+)` \|.*$", README, re.M)}
    for fid in built_in:
        assert fid in rows, f"README's framework table does not list {fid}"
        fw = reg.framework(fid)
        assert f"{len(fw.questions)} questions" in rows[fid], fid
        assert f"{len(fw.controls)} controls" in rows[fid], fid
        assert f"{len(fw.leaves)} " in rows[fid], fid


def test_the_readme_links_every_doc_and_every_link_resolves():
    links = set(re.findall(r"\]\(([^)#]+)", README))
    assert {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")} <= links
    assert [link for link in links if not link.startswith("http") and not (ROOT / link).exists()] == []
