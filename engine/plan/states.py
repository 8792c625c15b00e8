"""Levels of an entity in a state of the plan (a set of completed jobs), evaluated by the rules
engine — never by the model — so that plans can be verified and explained independently.

`answers_in_force` follows SPEC §5: each assessed answer raised to the best value that a
completed control implements. Results are cached by the answers themselves.
"""
from __future__ import annotations

from typing import Iterable

from cyberplan.engine.plan.instance import Instance, Job
from cyberplan.engine.rules.prepare import outcomes_read, roll_up


class States:
    def __init__(self, inst: Instance, evaluator: str = "durable"):
        self.inst = inst
        self.fw = inst.fw
        self.rs = inst.rs
        self.evaluator = evaluator
        self._cache: dict[tuple, dict[str, int]] = {}
        self._entity = {e.id: e for e in inst.entities}
        self._encoded: dict[tuple[str, str], dict[str, int]] = {}
        self._durable = None
        # with no rule reading outcome levels, a leaf depends on its own questions only
        self._local = not any(outcomes_read(r.when) for r in self.rs.rules if r.outcome is not None)
        self._reads: dict[str, set[str]] = {}
        if self._local:
            from cyberplan.engine.rules.prepare import questions_read
            for o in self.fw.leaves:
                qs: set[str] = set()
                for i in self.rs.level_rules_of.get(o, []):
                    qs |= questions_read(self.rs.rules[i].when)
                self._reads[o] = qs
        self._reads_sorted = {o: sorted(qs) for o, qs in self._reads.items()}
        self._leaf_memo: dict[tuple, int] = {}
        self.evaluations = 0
        # each entity's jobs: a state of the whole portfolio is cut down to them in C, so that an
        # entity's levels cost its own jobs, not the portfolio's
        jobs_of: dict[str, set[str]] = {e.id: set() for e in inst.entities}
        for k, j in inst.jobs.items():
            for e in j.serves:
                jobs_of.setdefault(e, set()).add(k)
        self._jobs_of = {e: frozenset(ks) for e, ks in jobs_of.items()}

    def implemented(self, job: Job) -> dict[str, int]:
        key = (job.key, "")
        if key not in self._encoded:
            self._encoded[key] = {q: self.fw.question[q].encode(v) for q, v in job.control.implements.items()}
        return self._encoded[key]

    def own(self, entity: str, done: Iterable[str]) -> frozenset[str]:
        """The jobs of `done` that serve `entity` (all its levels depend on)."""
        return self._jobs_of.get(entity, frozenset()).intersection(done)

    def answers_in_force(self, entity: str, done: Iterable[str]) -> dict[str, int]:
        codes = dict(self.inst.codes0[entity])
        mine = self._jobs_of.get(entity, frozenset())
        for k in (mine.intersection(done) if isinstance(done, (set, frozenset)) else done):
            job = self.inst.jobs[k]
            if entity not in job.serves:
                continue
            for q, v in self.implemented(job).items():
                if codes.get(q) is None or codes[q] < v:
                    codes[q] = v
        return codes

    def levels(self, entity: str, done: Iterable[str], evaluator: str | None = None) -> dict[str, int]:
        """Every outcome's level (leaves and parents) of `entity` once the `done` jobs are complete."""
        evaluator = evaluator or self.evaluator
        codes = self.answers_in_force(entity, done)
        # keyed by what the done jobs changed, not by every answer: a portfolio's plan visits
        # hundreds of thousands of states, and whole answer sets as keys took gigabytes
        base = self.inst.codes0[entity]
        key = (entity, evaluator, tuple(sorted((q, c) for q, c in codes.items() if base.get(q) != c)))
        got = self._cache.get(key)
        if got is not None:
            return got
        self.evaluations += 1
        if evaluator == "durable":
            if self._durable is None:
                from cyberplan.engine.rules.durable import durable_ruleset
                self._durable = durable_ruleset(self.rs)
            got = self._durable.evaluate(codes, self._entity[entity])[0]
        elif self._local:
            got = self._local_levels(entity, codes)
        else:
            from cyberplan.engine.rules.reference import assess_entity
            answers = {q: self.fw.question[q].decode(c) for q, c in codes.items()}
            got = assess_entity(self.rs, answers, self._entity[entity]).levels
        self._cache[key] = got
        return got

    def _local_levels(self, entity: str, codes: dict[str, int]) -> dict[str, int]:
        """Only the leaves whose questions changed are re-evaluated (the rest keep their level)."""
        from cyberplan.engine.rules.reference import leaf_level
        base = self.inst.codes0[entity]
        changed = {q for q, c in codes.items() if base.get(q) != c}
        levels = {o: self.inst.levels0[entity][o] for o in self.fw.leaves}
        if changed:
            answers = None
            ent = self._entity[entity]
            for o in self.fw.leaves:
                reads = self._reads[o]
                if not reads & changed:
                    continue
                # a leaf's level depends only on its own questions (and its entity): remember it
                key = (entity, o, tuple(codes.get(q) for q in self._reads_sorted[o]))
                got = self._leaf_memo.get(key)
                if got is None:
                    if answers is None:
                        answers = {q: self.fw.question[q].decode(c) for q, c in codes.items()}
                    got = leaf_level(self.rs, o, answers, ent, levels)[0]
                    self._leaf_memo[key] = got
                levels[o] = got
        roll_up(self.rs, levels)
        return levels

    def done_before(self, schedule: dict[str, int], t: int) -> frozenset[str]:
        """Jobs complete before period t (finish < t)."""
        return frozenset(k for k, s in schedule.items() if s + self.inst.jobs[k].dp <= t)

    def capped_benefit(self, schedule: dict[str, int], evaluator: str | None = None) -> tuple[float, list[float]]:
        """SPEC §5 benefit of a schedule, recomputed from the actions alone (and per period)."""
        inst = self.inst
        scale = 1.0 / inst.periods_per_year if inst.money else 1.0
        per_period = []
        for t in range(inst.H):
            done = self.done_before(schedule, t)
            total = 0.0
            for e in inst.entities:
                lv = self.levels(e.id, done, evaluator) if done else None
                if lv is None:
                    continue
                w, T, l0 = inst.weights[e.id], inst.targets[e.id], inst.levels0[e.id]
                for o in self.fw.leaves:
                    if w[o]:
                        total += w[o] * (min(lv[o], T[o]) - min(l0[o], T[o]))
            per_period.append(total * scale)
        return sum(per_period), per_period


def roll_up_levels(inst: Instance, levels: dict[str, int]) -> dict[str, int]:
    out = dict(levels)
    roll_up(inst.rs, out)
    return out
