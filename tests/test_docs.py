"""The docs cannot rot: every worked example in docs/ is run here (issue 6).

In the Markdown, a ```yaml file=NAME``` block is written to NAME in a scratch folder, and a
```console``` block is a list of `$ cyberplan ...` commands, each followed by lines its output
must contain (in order of appearance is not required; `# exit N` after a command gives its exit
status, default 0). A ```console e2e``` block is the plugin walk-through: it runs only in the
end-to-end test, which really `pip install -e`s the scaffold into this environment.
A ```python scaffold=PATH``` or ```toml scaffold=PATH``` block must appear verbatim in that
file of a fresh `cyberplan new framework acme-fw`.
"""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXE = Path(sys.executable).with_name("cyberplan")
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```\s*$", re.M | re.S)


def blocks(doc: str):
    text = (DOCS / doc).read_text()
    for m in FENCE.finditer(text):
        lang, info, body = m.group(1), m.group(2).strip(), m.group(3)
        attrs = dict(a.split("=", 1) for a in info.split() if "=" in a)
        flags = {a for a in info.split() if "=" not in a}
        yield lang, attrs, flags, body


def commands(body: str):
    """[(argv, expected exit, [expected output lines])] of a console block."""
    out = []
    for line in body.splitlines():
        if line.startswith("$ "):
            cmd, _, comment = line[2:].partition("#")
            m = re.search(r"exit (\d+)", comment)
            out.append((cmd.strip(), int(m.group(1)) if m else 0, []))
        elif line.strip() and out:
            out[-1][2].append(line.rstrip())
    return out


def run(cmd: str, cwd: Path, env=None) -> subprocess.CompletedProcess:
    argv = shlex.split(cmd)
    if argv[0] == "cyberplan":
        argv[0] = str(EXE)
    elif argv[:3] == ["pip", "install", "-e"]:
        argv = pip_install(argv[3])
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def pip_install(path: str) -> list[str]:
    """`pip install -e` into this environment, offline when the build tools are here."""
    try:
        import wheel  # noqa: F401 - setuptools < 70.1 needs it for editable builds
        isolation = ["--no-build-isolation"]
    except ImportError:
        import setuptools
        isolation = ["--no-build-isolation"] if tuple(map(int, setuptools.__version__.split(".")[:2])) >= (70, 1) \
            else []
    return [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", *isolation, "-e", path]


def check(cmd, want_exit, want_lines, proc):
    text = proc.stdout + proc.stderr
    assert proc.returncode == want_exit, f"$ {cmd}\nexit {proc.returncode}, want {want_exit}\n{text}"
    assert "Traceback" not in text, text
    for line in want_lines:
        assert line.strip() in text, f"$ {cmd}\nexpected {line.strip()!r} in the output:\n{text}"


def materialise(doc: str, where: Path) -> list:
    consoles = []
    for lang, attrs, flags, body in blocks(doc):
        if "file" in attrs:
            (where / attrs["file"]).parent.mkdir(parents=True, exist_ok=True)
            (where / attrs["file"]).write_text(body)
        elif lang == "console":
            consoles.append((flags, body))
    return consoles


def test_docs_exist_with_examples():
    for doc in ("writing-rulesets.md", "writing-framework-plugins.md"):
        kinds = [(lang, tuple(sorted(attrs))) for lang, attrs, _, _ in blocks(doc)]
        assert any(lang == "console" for lang, _ in kinds), doc
    files = [a["file"] for _, a, _, _ in blocks("writing-rulesets.md") if "file" in a]
    assert {"framework.yaml", "ruleset.yaml", "answers.yaml", "strict.yaml"} <= set(files)


def run_console_examples(doc: str, where: Path) -> int:
    """Write the doc's files into `where`, run every command of its console blocks there and check
    each one's exit status and output as the doc shows them; how many commands ran."""
    n = 0
    for _flags, body in materialise(doc, where):
        for cmd, want_exit, want in commands(body):
            check(cmd, want_exit, want, run(cmd, where))
            n += 1
    return n


def test_writing_rulesets_examples_run(tmp_path):
    assert run_console_examples("writing-rulesets.md", tmp_path) >= 8


def test_collecting_and_tracking_examples_run(tmp_path):
    assert run_console_examples("collecting-and-tracking.md", tmp_path) >= 7


def test_bring_your_own_framework_examples_run(tmp_path):
    """docs/bring-your-own-framework.md: import, check, test, questionnaire, assess, plan refused,
    costs filled, plan, OSCAL import, an assessment read against another framework."""
    assert run_console_examples("bring-your-own-framework.md", tmp_path) >= 11


def test_plugin_doc_snippets_match_the_scaffold(tmp_path):
    p = run("cyberplan new framework acme-fw", tmp_path)
    assert p.returncode == 0, p.stderr
    n = 0
    for lang, attrs, flags, body in blocks("writing-framework-plugins.md"):
        if "scaffold" in attrs:
            generated = (tmp_path / "acme-fw" / attrs["scaffold"]).read_text()
            assert body.strip() in generated, f"docs show {attrs['scaffold']} differently from the scaffold"
            n += 1
    assert n >= 3


@pytest.mark.slow
def test_plugin_walkthrough_end_to_end(tmp_path):
    """Follow docs/writing-framework-plugins.md: new framework -> pip install -e -> listed ->
    checked -> tested -> assessed -> planned, each through the real `cyberplan` command."""
    consoles = materialise("writing-framework-plugins.md", tmp_path)
    steps = [c for flags, body in consoles if "e2e" in flags for c in commands(body)]
    assert any(c.startswith("pip install -e") for c, _, _ in steps)
    assert any(c.startswith("cyberplan frameworks") for c, _, _ in steps)
    assert any(c.startswith("cyberplan assess") for c, _, _ in steps)
    assert any(c.startswith("cyberplan plan") for c, _, _ in steps)
    installed = False
    try:
        for cmd, want_exit, want in steps:
            proc = run(cmd, tmp_path)
            if cmd.startswith("pip install"):
                assert proc.returncode == 0, proc.stdout + proc.stderr
                installed = True
                continue
            check(cmd, want_exit, want, proc)
        # the scaffold's own test file passes against the installed plugin
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                              cwd=tmp_path / "acme-fw", capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    finally:
        if installed:
            subprocess.run([sys.executable, "-m", "pip", "uninstall", "--quiet", "-y", "cyberplan-acme-fw"],
                           capture_output=True, timeout=300)
    listed = subprocess.run([str(EXE), "frameworks"], capture_output=True, text=True, timeout=120)
    assert "acme-fw" not in listed.stdout, "the plugin was not uninstalled"
