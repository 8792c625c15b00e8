"""Limits: how cyberplan copes with huge inputs — 100k entities, a 50 MB answers file, a file over
the size limit — measured as wall time and peak memory (max RSS) of the real CLI, one process per
scenario so that the figures do not mix.

    python bench/limits_bench.py            # the full set (a few minutes)
    python bench/limits_bench.py --quick    # a tenth of the sizes (seconds)
    python bench/limits_bench.py --only plan   # the scenarios whose name says "plan"

Prints one line per scenario: file size, exit status, seconds, peak MB and the first line of any
error. The figures are quoted in README "Limits"; the last scenarios are hostile inputs (issue 16), each
refused fast and in little memory, and the Monte Carlo cost of --draws.
"""
from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
EXE = Path(sys.executable).with_name("cyberplan")
SECTORS = ["government", "energy", "water", "finance", "health"]
ANSWERS = {  # the mini questionnaire: every option of each question
    "PR-1.q1": ["no", "partially", "largely", "fully"], "PR-1.q2": [True, False], "PR-1.q3": [0, 50, 90, 100],
    "PR-2.q1": [True, False], "PR-2.q2": [0, 1, 2, 3, 4], "DE-1.q1": ["no", "partially", "largely", "fully"],
    "DE-1.q2": [True, False],
}


def entities(n: int, seed: int = 1):
    rng = random.Random(seed)
    for i in range(n):
        yield {"id": f"e{i:06d}", "name": f"Entity {i}", "sector": rng.choice(SECTORS),
               "criticality": rng.randint(1, 5),
               "answers": {q: rng.choice(opts) for q, opts in ANSWERS.items() if rng.random() < 0.85}}


def write_yaml(path: Path, n: int, pad: int = 0) -> None:
    """Answers for n entities in block YAML; `pad` characters of description per entity make the
    file as large as wanted without more entities."""
    with path.open("w") as fh:
        # the framework and ruleset are copied beside the answers: paths in an answers file stay in its folder
        fh.write("framework: framework.yaml\nruleset: ruleset.yaml\nentities:\n")
        for e in entities(n):
            fh.write(f"  - id: {e['id']}\n    name: {e['name']}{' ' + 'x' * pad if pad else ''}\n"
                     f"    sector: {e['sector']}\n    criticality: {e['criticality']}\n    answers:\n")
            for q, v in e["answers"].items():
                fh.write(f"      {q}: {json.dumps(v)}\n")


def write_json(path: Path, n: int) -> None:
    doc = {"framework": "framework.yaml", "ruleset": "ruleset.yaml",
           "entities": list(entities(n))}
    path.write_text(json.dumps(doc, indent=1))


def write_csv(path: Path, n: int) -> None:
    with path.open("w") as fh:
        fh.write("entity,question,answer\n")
        for e in entities(n):
            for q, v in e["answers"].items():
                fh.write(f"{e['id']},{q},{str(v).lower() if isinstance(v, bool) else v}\n")


def measure(args: list[str], timeout: float) -> dict:
    """Run the CLI in a child process; its own peak RSS comes from wait4's rusage."""
    import threading
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(EXE), *args], stdout=subprocess.DEVNULL, stderr=err, text=True)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    if seconds >= timeout:
        return {"status": "timeout", "seconds": round(seconds, 1), "peak_mb": round(usage.ru_maxrss / 1024),
                "error": ""}
    errors = [l for l in stderr.splitlines() if l.startswith(("error", "Traceback", "plan"))]
    return {"status": proc.returncode, "seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024),
            "error": errors[0][:110] if errors else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--only", default="", help="run only the scenarios whose name contains this text")
    opts = ap.parse_args()
    k = 10 if opts.quick else 1
    from cyberplan.engine.inputs.read import MAX_FILE_BYTES
    with tempfile.TemporaryDirectory(prefix="cyberplan-limits-") as tmp:
        d = Path(tmp)
        for name in ("framework.yaml", "ruleset.yaml"):
            (d / name).write_bytes((MINI / name).read_bytes())
        scenarios = []

        def add(name, path: Path, writer, *cmd):
            scenarios.append((name, path, writer, list(cmd) or ["assess", str(path), "--format", "json"]))

        P = functools.partial
        add("baseline: mini answers (2 entities)", d / "mini.yaml", write_baseline)
        add(f"YAML, {10_000 // k:,} entities: assess", d / "e10k.yaml", P(write_yaml, n=10_000 // k))
        add(f"CSV, {100_000 // k:,} entities: assess", d / "e100k.csv", P(write_csv, n=100_000 // k),
            "assess", str(d / "e100k.csv"), "--framework", str(MINI / "framework.yaml"),
            "--ruleset", str(MINI / "ruleset.yaml"), "--format", "json")
        add(f"JSON, {100_000 // k:,} entities: assess", d / "e100k.json", P(write_json, n=100_000 // k))
        add(f"YAML, {100_000 // k:,} entities: assess", d / "e100k.yaml", P(write_yaml, n=100_000 // k))
        cfg = d / "plan.yaml"
        cfg.write_text((MINI / "plan.yaml").read_text().replace(", entities: {wat: {default: 3}}", "")
                       .replace("time_limit: 20, gap: 0", "time_limit: 120, gap: 0.01"))
        for n in (100 // k, 1_000 // k, 10_000 // k):
            add(f"YAML, {n:,} entities: plan (mini config, 120 s limit)", d / f"plan-{n}.yaml",
                P(write_yaml, n=n), "plan", str(d / f"plan-{n}.yaml"), "--config", str(cfg), "-q",
                "--format", "json")
        add(f"YAML, {50 // k} MB ({10_000 // k:,} entities, long names): assess", d / "big50.yaml",
            P(write_yaml, n=10_000 // k, pad=4_800))
        over = MAX_FILE_BYTES + 1_000_000
        add(f"over the limit: {over / 1e6:.0f} MB file", d / "over.yaml", P(write_over, size=over))
        # hostile inputs (issue 16): each refused fast, in little memory
        add("answers file that is a symlink to /dev/zero", d / "zero.yaml", P(link_to, target="/dev/zero"))
        add(f"one 1 MB text aliased {300 // k} times", d / "aliases.yaml", P(write_aliases, copies=300 // k))
        add(f"xlsx with {1_000_000 // k:,} rows", d / "rows.xlsx", P(write_rows_xlsx, rows=1_000_000 // k),
            "assess", str(d / "rows.xlsx"), "--framework", str(d / "framework.yaml"))
        threats = ROOT / "tests" / "data" / "threats" / "mini.yaml"
        for n in (1_000, 10_000):
            add(f"mini plan --uncertainty --draws {n // k:,}", d / "mini.yaml", write_baseline,
                "plan", str(d / "mini.yaml"), "--config", str(MINI / "plan.yaml"), "--threats", str(threats),
                "--uncertainty", "--draws", str(n // k), "-q", "--format", "json")

        print(f"cyberplan limits (MAX_FILE_BYTES = {MAX_FILE_BYTES / 1e6:.0f} MB; python {sys.version.split()[0]}; "
              f"{os.cpu_count()} CPUs)")
        print(f"{'scenario':58} {'size':>8} {'exit':>5} {'seconds':>8} {'peak MB':>8}  error")
        scenarios = [sc for sc in scenarios if opts.only in sc[0]]
        for name, path, writer, cmd in scenarios:
            # each file is written by a child process, so this process stays small: a child's peak
            # RSS counts the memory it inherits at fork
            if not path.exists():
                ctx = multiprocessing.get_context("spawn")
                w = ctx.Process(target=writer, args=(path,))
                w.start()
                w.join()
            size = path.lstat().st_size / 1e6
            r = measure(cmd, opts.timeout)
            print(f"{name:58} {size:7.1f}M {r['status']!s:>5} {r['seconds']:>8} {r['peak_mb']!s:>8}  {r['error']}",
                  flush=True)


def write_baseline(path: Path) -> None:
    path.write_text((MINI / "answers.yaml").read_text())


def write_aliases(path: Path, text_bytes: int = 1_000_000, copies: int = 300) -> None:
    """One long text referenced hundreds of times: few YAML nodes, hundreds of MB once expanded."""
    path.write_text(f"framework: framework.yaml\ntitle: &t {'x' * text_bytes}\nentities:\n  - id: e\n"
                    f"    attributes: {{a: [{', '.join(['*t'] * copies)}]}}\n")


def write_rows_xlsx(path: Path, rows: int) -> None:
    """A workbook of one sheet with `rows` rows, written part by part (a few MB compressed)."""
    import zipfile
    main, rel = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                                  f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="big" '
                                      'sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                                                 f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                                                 '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>' + "".join(
            f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, rows + 1)) + "</sheetData></worksheet>")


def link_to(path: Path, target: str) -> None:
    path.symlink_to(target)


def write_over(path: Path, size: int) -> None:
    write_yaml(path, 2)
    with path.open("a") as fh:
        line = "# " + "x" * 1000 + "\n"
        while fh.tell() < size:
            fh.write(line)


if __name__ == "__main__":
    main()
