"""Independent consistency check of built-in framework plugins (stdlib + PyYAML only).

    python tests/checks/check_frameworks.py [FRAMEWORK_ID ...]

Default: essential-eight, ncsc-caf, cisa-cpg, ncsc-caf-4.0, cisa-cpg-2.0. For each framework it checks that
  - outcome, question, control and rule ids are unique; levels are numbered 0..n;
  - every question is on a leaf outcome, has a valid type/options and a level on the scale;
  - controls' `requires` and `implements` resolve, implemented values are valid answers, `requires` is acyclic,
    every control implements at least one question, shared controls only require shared controls;
  - the ruleset's rules name existing outcomes (leaf for level rules), existing questions and valid values;
  - every question used by a level rule is implemented by some control, at a value that satisfies the rule's
    leaf on it (so each level of each leaf can be reached by controls);
  - every (leaf, level 1..max) has at least one rule;
  - the ruleset's tests hold under a plain evaluation of the rules: level k holds when for each level 1..k some
    rule for (outcome, k) holds; an unanswered question satisfies no leaf (nor its `not`);
  - the example answers (frameworks/<id>/example/answers.yaml) answer only known questions with valid values;
  - mappings.yaml (if present) relates known outcome ids to ids of the target framework (if installed).
Exit status 0 when everything holds, 1 otherwise.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ["essential-eight", "ncsc-caf", "cisa-cpg", "ncsc-caf-4.0", "cisa-cpg-2.0"]
OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in")


def load(path: Path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_framework(fid: str) -> dict:
    d = ROOT / "frameworks" / fid
    fw = load(d / "framework.yaml")
    for part in ("questions", "controls"):
        p = d / f"{part}.yaml"
        if p.exists():
            fw[part] = list(fw.get(part) or []) + list(load(p)[part] or [])
    return fw


class Checker:
    def __init__(self, fid: str):
        self.fid = fid
        self.errors: list[str] = []
        self.fw = load_framework(fid)
        self.nodes: dict[str, dict] = {}
        self.parent: dict[str, str | None] = {}

    def err(self, msg: str) -> None:
        self.errors.append(f"{self.fid}: {msg}")

    # ---------------------------------------------------------------- values
    def encode(self, q: dict, v):
        """Answer -> ordered number, or raise ValueError."""
        t = q["type"]
        if t == "boolean":
            if isinstance(v, bool):
                return int(v)
            if isinstance(v, str) and v.lower() in ("true", "yes", "false", "no"):
                return int(v.lower() in ("true", "yes"))
            raise ValueError(f"{v!r} is not a boolean")
        if t == "choice":
            if isinstance(v, bool):
                v = "yes" if v else "no"
            if v in q["options"]:
                return q["options"].index(v)
            raise ValueError(f"{v!r} is not one of {q['options']}")
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError(f"{v!r} is not a number")
        if ("min" in q and v < q["min"]) or ("max" in q and v > q["max"]):
            raise ValueError(f"{v!r} out of range")
        return v

    # ---------------------------------------------------------------- framework
    def check_framework(self) -> None:
        fw = self.fw
        if fw.get("id") != self.fid:
            self.err(f"id {fw.get('id')!r} differs from the directory name")
        for key in ("title", "version", "publisher", "source", "licence", "description"):
            if not fw.get(key):
                self.err(f"missing `{key}`")
        values = [lv["value"] for lv in fw["levels"]]
        if values != list(range(len(values))):
            self.err(f"levels not numbered 0..n: {values}")
        self.max_level = max(values)

        def walk(node, parent):
            if node["id"] in self.nodes:
                self.err(f"duplicate outcome id {node['id']}")
            self.nodes[node["id"]] = node
            self.parent[node["id"]] = parent
            for c in node.get("children") or []:
                walk(c, node["id"])
        for root in fw["outcomes"]:
            walk(root, None)
        self.leaves = [i for i, n in self.nodes.items() if not n.get("children")]

        self.questions: dict[str, dict] = {}
        for q in fw.get("questions") or []:
            if q["id"] in self.questions:
                self.err(f"duplicate question id {q['id']}")
            self.questions[q["id"]] = q
            if q.get("outcome") not in self.leaves:
                self.err(f"question {q['id']}: outcome {q.get('outcome')!r} is not a leaf")
            if q.get("type") not in ("boolean", "choice", "scale", "number"):
                self.err(f"question {q['id']}: bad type {q.get('type')!r}")
            if q.get("type") == "choice":
                opts = q.get("options") or []
                if len(opts) < 2 or len(set(opts)) != len(opts) or not all(isinstance(o, str) for o in opts):
                    self.err(f"question {q['id']}: choice options must be >= 2 distinct strings, got {opts}")
            if q.get("level") is not None and not (0 <= q["level"] <= self.max_level):
                self.err(f"question {q['id']}: level {q['level']} off the scale")
            if not q.get("text"):
                self.err(f"question {q['id']}: no text")

        self.controls: dict[str, dict] = {}
        for c in fw.get("controls") or []:
            if c["id"] in self.controls:
                self.err(f"duplicate control id {c['id']}")
            self.controls[c["id"]] = c
        for c in self.controls.values():
            cid = c["id"]
            if not c.get("implements"):
                self.err(f"control {cid} implements nothing")
            for qid, v in (c.get("implements") or {}).items():
                q = self.questions.get(qid)
                if q is None:
                    self.err(f"control {cid} implements unknown question {qid}")
                    continue
                try:
                    self.encode(q, v)
                except ValueError as e:
                    self.err(f"control {cid} implements {qid}: {e}")
            for r in c.get("requires") or []:
                if r not in self.controls:
                    self.err(f"control {cid} requires unknown control {r}")
                elif c.get("scope") == "shared" and self.controls[r].get("scope", "entity") != "shared":
                    self.err(f"shared control {cid} requires entity control {r}")
            cost = c.get("cost") or {}
            if min(cost.get("capex", 0), cost.get("opex", 0), c.get("effort", 0)) < 0 or c.get("duration", 1) <= 0:
                self.err(f"control {cid}: negative cost/effort or non-positive duration")
            if c.get("serves") and c.get("scope") != "shared":
                self.err(f"control {cid}: `serves` on an entity control")
            if not c.get("basis"):
                self.err(f"control {cid}: no `basis`")
        # acyclic requires
        state: dict[str, int] = {}

        def visit(n, path):
            state[n] = 1
            for m in self.controls[n].get("requires") or []:
                if m not in self.controls:
                    continue
                if state.get(m) == 1:
                    self.err("cyclic requires: " + " -> ".join(path + [n, m]))
                elif m not in state:
                    visit(m, path + [n])
            state[n] = 2
        for n in self.controls:
            if n not in state:
                visit(n, [])

    # ---------------------------------------------------------------- rules
    def leaf_ok(self, leaf: dict, where: str) -> None:
        ops = [o for o in OPS if o in leaf]
        if len(ops) != 1:
            self.err(f"{where}: a leaf needs exactly one of {OPS}, got {ops}")
            return
        op = ops[0]
        if "question" in leaf:
            q = self.questions.get(leaf["question"])
            if q is None:
                self.err(f"{where}: unknown question {leaf['question']}")
                return
            vals = leaf[op] if op == "in" else [leaf[op]]
            for v in vals:
                try:
                    self.encode(q, v)
                except ValueError as e:
                    self.err(f"{where}: {leaf['question']}: {e}")
        elif "outcome" in leaf:
            if leaf["outcome"] not in self.nodes:
                self.err(f"{where}: unknown outcome {leaf['outcome']}")
        elif "entity" not in leaf:
            self.err(f"{where}: leaf without question, outcome or entity")

    def walk_cond(self, cond: dict, where: str, leaves: list) -> None:
        if "all" in cond or "any" in cond:
            for i, c in enumerate(cond.get("all") or cond.get("any")):
                self.walk_cond(c, f"{where}.{'all' if 'all' in cond else 'any'}[{i}]", leaves)
        elif "not" in cond:
            self.walk_cond(cond["not"], f"{where}.not", leaves)
        else:
            self.leaf_ok(cond, where)
            leaves.append(cond)

    def holds_leaf(self, leaf: dict, answers: dict, entity: dict, levels: dict):
        op = next(o for o in OPS if o in leaf)
        operand = leaf[op]
        if "question" in leaf:
            q = self.questions[leaf["question"]]
            if leaf["question"] not in answers:
                return None  # unanswered: satisfies nothing, and `not` of it neither
            a = self.encode(q, answers[leaf["question"]])
            b = [self.encode(q, v) for v in operand] if op == "in" else self.encode(q, operand)
        elif "outcome" in leaf:
            a = levels.get(leaf["outcome"], 0)
            b = operand
        else:
            if leaf["entity"] not in entity:
                return None
            a, b = entity[leaf["entity"]], operand
        return {"eq": lambda: a == b, "ne": lambda: a != b, "gt": lambda: a > b, "gte": lambda: a >= b,
                "lt": lambda: a < b, "lte": lambda: a <= b, "in": lambda: a in b}[op]()

    def holds(self, cond: dict, answers: dict, entity: dict, levels: dict):
        """True, False, or None (undetermined: an unanswered question)."""
        if "all" in cond:
            rs = [self.holds(c, answers, entity, levels) for c in cond["all"]]
            return False if False in rs else (None if None in rs else True)
        if "any" in cond:
            rs = [self.holds(c, answers, entity, levels) for c in cond["any"]]
            return True if True in rs else (None if None in rs else False)
        if "not" in cond:
            r = self.holds(cond["not"], answers, entity, levels)
            return None if r is None else not r
        return self.holds_leaf(cond, answers, entity, levels)

    def evaluate(self, rules: list, answers: dict, entity: dict) -> tuple[dict, list]:
        levels: dict[str, int] = {}
        level_rules = [r for r in rules if r.get("outcome") is not None]
        for leaf in self.leaves:
            k = 0
            while k < self.max_level:
                if any(self.holds(r["when"], answers, entity, levels) is True
                       for r in level_rules if r["outcome"] == leaf and r["level"] == k + 1):
                    k += 1
                else:
                    break
            levels[leaf] = k

        def roll(node_id):
            node = self.nodes[node_id]
            if not node.get("children"):
                return levels[node_id]
            vals = [roll(c["id"]) for c in node["children"]]
            levels[node_id] = sum(vals) // len(vals)
            return levels[node_id]
        for root in self.fw["outcomes"]:
            roll(root["id"])
        findings = [r["id"] for r in rules if r.get("finding") and self.holds(r["when"], answers, entity, levels) is True]
        return levels, findings

    def check_ruleset(self) -> None:
        path = ROOT / "rulesets" / self.fid / "default.yaml"
        rs = load(path)
        if rs.get("id") != f"{self.fid}/default" or rs.get("framework") != self.fid:
            self.err(f"{path.name}: id/framework should be {self.fid}/default / {self.fid}")
        rules = rs.get("rules") or []
        ids = set()
        covered = set()
        used: dict[str, list] = {}
        for i, r in enumerate(rules):
            where = f"rules[{i}] ({r.get('id')})"
            if r.get("id") in ids:
                self.err(f"duplicate rule id {r.get('id')}")
            ids.add(r.get("id"))
            if r.get("outcome") is not None:
                if r["outcome"] not in self.leaves:
                    self.err(f"{where}: outcome {r['outcome']!r} is not a leaf")
                if not (1 <= r.get("level", 0) <= self.max_level):
                    self.err(f"{where}: level {r.get('level')} off the scale")
                covered.add((r["outcome"], r.get("level")))
            elif not r.get("finding"):
                self.err(f"{where}: neither a level nor a finding")
            leaves: list = []
            self.walk_cond(r["when"], where + ".when", leaves)
            if r.get("outcome") is not None:
                for lf in leaves:
                    if "question" in lf and lf["question"] in self.questions:
                        used.setdefault(lf["question"], []).append(lf)
        for leaf in self.leaves:
            for k in range(1, self.max_level + 1):
                if (leaf, k) not in covered:
                    self.err(f"no rule for {leaf} level {k}: that level cannot be reached")
        # every question a level rule uses is implemented by a control at a value satisfying its leaves
        best: dict[str, list] = {}
        for c in self.controls.values():
            for qid, v in (c.get("implements") or {}).items():
                if qid in self.questions:
                    best.setdefault(qid, []).append(v)
        for qid, leaves in used.items():
            if qid not in best:
                self.err(f"question {qid} is used by a rule but no control implements it")
                continue
            for lf in leaves:
                if not any(self.holds_leaf(lf, {qid: v}, {}, {}) for v in best[qid]):
                    self.err(f"no control implements {qid} at a value satisfying {lf}")
        self.n_rules = len(rules)
        # tests
        tests = rs.get("tests") or []
        tested: dict[str, set] = {}
        for t in tests:
            for qid, v in (t.get("answers") or {}).items():
                if qid not in self.questions:
                    self.err(f"test {t['name']!r}: unknown question {qid}")
            levels, findings = self.evaluate(rules, t.get("answers") or {}, t.get("entity") or {})
            for o, want in (t.get("expect") or {}).items():
                tested.setdefault(o, set()).add(want)
                if levels.get(o) != want:
                    self.err(f"test {t['name']!r}: {o} expected {want}, got {levels.get(o)}")
            if t.get("expect_findings") is not None and sorted(findings) != sorted(t["expect_findings"]):
                self.err(f"test {t['name']!r}: findings expected {t['expect_findings']}, got {findings}")
        full = [o for o, s in tested.items() if s >= set(range(self.max_level + 1))]
        if len(full) < 3:
            self.err(f"tests cover every level of only {len(full)} outcomes (want >= 3)")
        self.n_tests = len(tests)

    def check_example(self) -> None:
        path = ROOT / "frameworks" / self.fid / "example" / "answers.yaml"
        if not path.exists():
            self.err("no example/answers.yaml")
            return
        doc = load(path)
        if doc.get("framework") != self.fid:
            self.err(f"example answers are for {doc.get('framework')!r}")
        ents = doc.get("entities") or []
        if not 3 <= len(ents) <= 4:
            self.err(f"example has {len(ents)} entities (want 3-4)")
        for e in ents:
            for qid, v in (e.get("answers") or {}).items():
                q = self.questions.get(qid)
                if q is None:
                    self.err(f"example {e['id']}: unknown question {qid}")
                    continue
                try:
                    self.encode(q, v)
                except ValueError as ex:
                    self.err(f"example {e['id']}: {qid}: {ex}")

    def check_mappings(self) -> None:
        path = ROOT / "frameworks" / self.fid / "mappings.yaml"
        if not path.exists():
            return
        m = load(path)
        if m.get("from") != self.fid or not m.get("to") or not m.get("source") or not m.get("id"):
            self.err("mappings.yaml needs id, from (this framework), to and source")
        target_dir = ROOT / "frameworks" / str(m.get("to"))
        target = None
        if (target_dir / "framework.yaml").exists():
            target = set()
            stack = list(load(target_dir / "framework.yaml")["outcomes"])
            while stack:
                n = stack.pop()
                target.add(n["id"])
                stack.extend(n.get("children") or [])
        for i, r in enumerate(m.get("mappings") or []):
            k, v = str(r.get("from")), str(r.get("to"))
            if k not in self.nodes:
                self.err(f"mappings[{i}]: unknown outcome {k}")
            if target is not None and v not in target:
                self.err(f"mappings[{i}]: {k} -> {v}: not an outcome of {m.get('to')}")
            if r.get("relationship", "intersect") not in ("equal", "subset", "superset", "intersect"):
                self.err(f"mappings[{i}]: relationship {r.get('relationship')!r}")

    def run(self) -> None:
        self.check_framework()
        self.check_ruleset()
        self.check_example()
        self.check_mappings()


def main(argv: list[str]) -> int:
    bad = 0
    for fid in argv or DEFAULT:
        c = Checker(fid)
        try:
            c.run()
        except Exception as e:  # a malformed file: report, do not crash
            c.err(f"could not check: {type(e).__name__}: {e}")
        n_ctl = len(getattr(c, "controls", {}))
        shared = sum(1 for x in getattr(c, "controls", {}).values() if x.get("scope") == "shared")
        print(f"{fid}: {len(c.leaves) if hasattr(c, 'leaves') else '?'} leaf outcomes, "
              f"{len(getattr(c, 'questions', {}))} questions, {getattr(c, 'n_rules', '?')} rules, "
              f"{getattr(c, 'n_tests', '?')} tests, {n_ctl} controls ({shared} shared): "
              + ("OK" if not c.errors else f"{len(c.errors)} problem(s)"))
        for e in c.errors:
            print("  " + e)
        bad += bool(c.errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
