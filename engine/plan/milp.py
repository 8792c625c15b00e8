"""The time-indexed mixed-integer program, with the ruleset compiled into it (SPEC §5).

Variables: x[j, s] = 1 when job j starts in period s (the only binaries). Everything else is an
exact function of them, expressed with continuous variables in [0, 1] held by two-sided
constraints, so it is 0/1 whenever the x are:

- done_j(t) = sum of x[j, s] with s + d_j <= t  (complete before period t)
- A[e, q, v, t] = some done job raises answer q of entity e to at least v  (OR)
- a leaf comparison on q is f(base) + sum_k (f(v_k) - f(v_{k-1})) * A[e, q, v_k, t] over the
  ladder of values v_1 < v_2 < ... that candidates can bring, which telescopes to f(answer in force)
- condition trees in negation normal form (an unanswered question satisfies neither a leaf nor
  its negation, as in the rules engine): all = AND, any = OR
- L[e, o, k, t] = level k of o holds at t = L[e, o, k-1, t] AND (OR of the rules for (o, k))

The objective is `engine.plan.objective`'s: each capped gain sum_{k <= target} L[e, o, k, t] -
min(level_0, target) at its coefficient, minus each start's cost. The limits (budget, capacity,
prerequisites, ...) add their own rows (`engine.plan.limits`). With `relax=True` every binary is
continuous in [0, 1]: the LP relaxation, whose value bounds the MILP's.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pulp

from cyberplan.engine.models import AllCondition, AnyCondition, EntityLeaf, NotCondition, OutcomeLeaf, QuestionLeaf
from cyberplan.engine.plan.instance import Instance
from cyberplan.engine.rules.prepare import operand_codes
from cyberplan.engine.rules.reference import leaf_value


class Expr:
    """A linear expression: constant plus {variable: coefficient}."""
    __slots__ = ("c", "t")

    def __init__(self, c: float = 0.0, t: dict | None = None):
        self.c = c
        self.t = t or {}

    @property
    def const(self) -> bool:
        return not self.t

    def plus(self, other: "Expr", k: float = 1.0) -> "Expr":
        t = dict(self.t)
        for v, a in other.t.items():
            t[v] = t.get(v, 0.0) + k * a
        return Expr(self.c + k * other.c, {v: a for v, a in t.items() if a != 0})

    def iadd(self, other: "Expr", k: float = 1.0) -> "Expr":
        """In place: for long sums (the objective), where copying would be quadratic."""
        t = self.t
        for v, a in other.t.items():
            t[v] = t.get(v, 0.0) + k * a
        self.c += k * other.c
        return self

    def lp(self) -> pulp.LpAffineExpression:
        return pulp.LpAffineExpression(self.t, constant=self.c)


ZERO, ONE = Expr(0.0), Expr(1.0)


def _cmp(op: str, seen: int, codes: list) -> bool:
    c = codes[0]
    return {"eq": seen == c, "ne": seen != c, "gt": seen > c, "gte": seen >= c, "lt": seen < c,
            "lte": seen <= c, "in": seen in codes}[op]


@dataclass
class Model:
    inst: Instance
    prob: pulp.LpProblem
    x: dict[str, dict[int, pulp.LpVariable]]
    level_exprs: dict[tuple[str, str, int], Expr]      # (entity, leaf, t) -> capped level expr
    benefit: Expr
    cost: Expr
    build_seconds: float
    n_binaries: int
    # budget rows (constraint, period or None for the total, cumulative?) so a budget sweep can
    # change their right-hand sides without rebuilding the model
    budget_rows: list = field(default_factory=list)
    money: float = 1.0               # money rows are in this unit
    objective_unit: float = 1.0      # the solver's objective is the objective's value over this
    n_aux: int = 0
    cons: int = 0
    objective_constant: float = 0.0  # the objective's constant, in objective units (not given to the solver)
    value: Expr | None = None        # the objective's gain terms (objective units)
    job_cost: Expr | None = None     # the objective's cost terms (objective units)
    defs: list = field(default_factory=list)   # auxiliary definitions (Builder.defs)

    def complete(self, start: dict[str, int]) -> dict:
        """Every variable's value for a schedule given as job -> start: the x, then each auxiliary
        from its definition (they are exact functions of the x)."""
        values: dict = {}
        for key, xs in self.x.items():
            for s, var in xs.items():
                values[var] = 1.0 if start.get(key) == s else 0.0

        def ev(e: Expr) -> float:
            return e.c + sum(a * values.get(v, 0.0) for v, a in e.t.items())
        for var, kind, items in self.defs:
            if kind == "and":
                values[var] = 1.0 if all(ev(i) > 0.5 for i in items) else 0.0
            elif kind == "or":
                values[var] = 1.0 if any(ev(i) > 0.5 for i in items) else 0.0
            else:
                total, need = items
                values[var] = 1.0 if ev(total) >= need - 1e-9 else 0.0
        return values

    def objective_value(self) -> float:
        """The objective's value of the current solution (gains minus costs, or cost for min-cost)."""
        if self.inst.objective.maximise:
            return expr_value(self.value) - expr_value(self.job_cost)
        return expr_value(self.job_cost)


class Builder:
    def __init__(self, inst: Instance, relax: bool = False):
        self.inst = inst
        self.relax = relax
        self.money = money_unit(inst)
        self.budget_rows: list = []
        # each auxiliary's definition, in creation order (its inputs come first), so that a start
        # given on the x alone can be completed exactly (engine.plan.solve gives solvers whole starts)
        self.defs: list[tuple] = []
        self.fw = inst.fw
        self.rs = inst.rs
        sense = pulp.LpMaximize if inst.config.maximizes else pulp.LpMinimize
        self.prob = pulp.LpProblem("cyberplan", sense)
        self.n_aux = 0
        self.cons: list[pulp.LpConstraint] = []
        self.x: dict[str, dict[int, pulp.LpVariable]] = {}
        self._done: dict[tuple[str, int], Expr] = {}
        self._A: dict[tuple, Expr] = {}
        self._L: dict[tuple, Expr] = {}
        self._ge: dict[tuple, Expr] = {}
        self._ladders: dict[tuple[str, str], tuple[int | None, list[int], dict[int, list[str]]]] = {}
        self._leaf_codes: dict[int, list] = {}
        self.entity = {e.id: e for e in inst.entities}

    # -- primitives ---------------------------------------------------------------------
    def aux(self) -> pulp.LpVariable:
        self.n_aux += 1
        return self.prob.add_variable(f"z{self.n_aux:07d}", 0, 1)

    def add(self, expr: Expr, sense: str, rhs: float = 0.0) -> None:
        e = expr.lp()
        if sense == "<=":
            self.cons.append(pulp.LpConstraint(e, pulp.LpConstraintLE, rhs=rhs))
        elif sense == ">=":
            self.cons.append(pulp.LpConstraint(e, pulp.LpConstraintGE, rhs=rhs))
        else:
            self.cons.append(pulp.LpConstraint(e, pulp.LpConstraintEQ, rhs=rhs))

    def and_(self, items: list[Expr]) -> Expr:
        live = []
        for it in items:
            if it.const:
                if it.c < 0.5:
                    return ZERO
                continue
            live.append(it)
        if not live:
            return ONE
        if len(live) == 1:
            return live[0]
        z = Expr(0.0, {self.aux(): 1.0})
        self.defs.append((next(iter(z.t)), "and", live))
        total = Expr()
        for it in live:
            self.add(z.plus(it, -1.0), "<=")           # z <= y_i
            total = total.plus(it)
        self.add(z.plus(total, -1.0), ">=", -(len(live) - 1))  # z >= sum y - (n - 1)
        return z

    def or_(self, items: list[Expr]) -> Expr:
        live = []
        for it in items:
            if it.const:
                if it.c > 0.5:
                    return ONE
                continue
            live.append(it)
        if not live:
            return ZERO
        if len(live) == 1:
            return live[0]
        z = Expr(0.0, {self.aux(): 1.0})
        self.defs.append((next(iter(z.t)), "or", live))
        total = Expr()
        for it in live:
            self.add(z.plus(it, -1.0), ">=")           # z >= y_i
            total = total.plus(it)
        self.add(z.plus(total, -1.0), "<=")             # z <= sum y
        return z

    # -- schedule -----------------------------------------------------------------------
    def schedule_vars(self) -> None:
        inst = self.inst
        cat = pulp.LpContinuous if self.relax else pulp.LpBinary
        for k, j in inst.jobs.items():
            if k in inst.unfit:
                self.x[k] = {}
                continue
            self.x[k] = {s: self.prob.add_variable(f"x_{_safe(k)}_{s:03d}", 0, 1, cat=cat)
                         for s in range(j.est, inst.last_start(j) + 1)}

    # -- what the limits read ------------------------------------------------------------
    def expr(self) -> Expr:
        return Expr()

    def sum_of(self, variables) -> Expr:
        return Expr(0.0, {v: 1.0 for v in variables})

    def _money_series(self) -> None:
        if hasattr(self, "_spend"):
            return
        inst, money = self.inst, self.money
        self._spend = [dict() for _ in range(inst.H)]
        self._spend_ent: dict[str, list[dict]] = {e.id: [dict() for _ in range(inst.H)] for e in inst.entities}
        self._effort: dict[str | None, list[dict]] = {}
        for k, j in inst.jobs.items():
            for s, v in self.x[k].items():
                for t in range(inst.H):
                    capex, opex = inst.spend_of(j, s, t)
                    amount = (capex + opex) / money
                    if amount:
                        self._spend[t][v] = self._spend[t].get(v, 0.0) + amount
                        if j.entity is not None:
                            self._spend_ent[j.entity][t][v] = amount
                    eff = inst.effort_of(j, s, t)
                    if eff:
                        self._effort.setdefault(j.entity, [dict() for _ in range(inst.H)])[t][v] = eff

    def portfolio_spend(self) -> list[Expr]:
        """Money spent per period, in units of `money` (well-scaled rows)."""
        self._money_series()
        return [Expr(0.0, dict(terms)) for terms in self._spend]

    def entity_spend(self) -> dict[str, list[Expr]]:
        self._money_series()
        return {e: [Expr(0.0, dict(terms)) for terms in series] for e, series in self._spend_ent.items()}

    def effort_by_owner(self) -> dict[str | None, list[Expr]]:
        self._money_series()
        return {o: [Expr(0.0, dict(terms)) for terms in series] for o, series in self._effort.items()}

    def done(self, key: str, t: int) -> Expr:
        """Job complete before period t."""
        got = self._done.get((key, t))
        if got is None:
            j = self.inst.jobs[key]
            got = Expr(0.0, {v: 1.0 for s, v in self.x[key].items() if s + j.dp <= t})
            self._done[(key, t)] = got
        return got

    def started_by(self, key: str, t: int) -> Expr:
        return Expr(0.0, {v: 1.0 for s, v in self.x[key].items() if s <= t})

    # -- answers ------------------------------------------------------------------------
    def ladder(self, e: str, qid: str):
        """(assessed code or None, candidate values above it ascending, value -> jobs)."""
        key = (e, qid)
        if key not in self._ladders:
            base = self.inst.codes0[e].get(qid)
            q = self.fw.question[qid]
            by_value: dict[int, list[str]] = {}
            for k, j in self.inst.jobs.items():
                if k in self.inst.unfit or e not in j.serves or qid not in j.control.implements:
                    continue
                v = q.encode(j.control.implements[qid])
                if base is None or v > base:
                    by_value.setdefault(v, []).append(k)
            self._ladders[key] = (base, sorted(by_value), by_value)
        return self._ladders[key]

    def reaches(self, e: str, qid: str, v: int, t: int) -> Expr:
        """Answer q of e is at least v at period t (some done job brings v or better)."""
        key = (e, qid, v, t)
        got = self._A.get(key)
        if got is None:
            base, values, by_value = self.ladder(e, qid)
            jobs = [k for w in values if w >= v for k in by_value[w]]
            got = self.or_([self.done(k, t) for k in jobs])
            self._A[key] = got
        return got

    # -- conditions ---------------------------------------------------------------------
    def cond(self, c, e: str, t: int, negate: bool = False) -> Expr:
        if isinstance(c, NotCondition):
            return self.cond(c.not_, e, t, not negate)
        if isinstance(c, (AllCondition, AnyCondition)):
            kids = [self.cond(k, e, t, negate) for k in (c.all if isinstance(c, AllCondition) else c.any)]
            return self.and_(kids) if isinstance(c, AllCondition) != negate else self.or_(kids)
        if isinstance(c, QuestionLeaf):
            codes = self._codes(c)
            base, values, _ = self.ladder(e, c.question)

            def f(v: int | None) -> int:
                if v is None:
                    return 0   # unanswered: neither the leaf nor its negation holds
                return int(_cmp(c.op, v, codes) != negate)
            out = Expr(float(f(base)))
            prev = base
            for v in values:
                step = f(v) - f(prev)
                if step:
                    out = out.plus(self.reaches(e, c.question, v, t), float(step))
                prev = v
            return out
        if isinstance(c, EntityLeaf):
            truth, _ = leaf_value(c, self.fw, {}, self.entity[e], {})
            if truth is None:
                return ZERO
            return ONE if truth != negate else ZERO
        assert isinstance(c, OutcomeLeaf)
        codes = [int(v) for v in (c.operand if c.op == "in" else [c.operand])]
        o = c.outcome

        def eq(v: int) -> Expr:
            return self.level_ge(e, o, v, t).plus(self.level_ge(e, o, v + 1, t), -1.0)
        op, v = c.op, codes[0]
        if op == "gte":
            expr = self.level_ge(e, o, v, t)
        elif op == "gt":
            expr = self.level_ge(e, o, v + 1, t)
        elif op == "lt":
            expr = ONE.plus(self.level_ge(e, o, v, t), -1.0)
        elif op == "lte":
            expr = ONE.plus(self.level_ge(e, o, v + 1, t), -1.0)
        elif op == "eq":
            expr = eq(v)
        elif op == "ne":
            expr = ONE.plus(eq(v), -1.0)
        else:
            expr = Expr()
            for w in sorted(set(codes)):
                expr = expr.plus(eq(w))
        return ONE.plus(expr, -1.0) if negate else expr

    def _codes(self, leaf) -> list:
        got = self._leaf_codes.get(id(leaf))
        if got is None:
            got = operand_codes(leaf, self.fw)
            self._leaf_codes[id(leaf)] = got
        return got

    # -- levels -------------------------------------------------------------------------
    def level_ge(self, e: str, o: str, k: int, t: int) -> Expr:
        """Outcome o (leaf or parent) of e is at level k or above at period t."""
        if k <= 0:
            return ONE
        if k > self.fw.max_level:
            return ZERO
        key = (e, o, k, t)
        got = self._ge.get(key)
        if got is not None:
            return got
        node = self.fw.nodes[o]
        if not node.children:
            got = self.leaf_level(e, o, k, t)
        else:
            how = self.rs.rollup_of(o)
            kids = [c.id for c in node.children]
            if how == "min":
                got = self.and_([self.level_ge(e, c, k, t) for c in kids])
            elif how == "max":
                got = self.or_([self.level_ge(e, c, k, t) for c in kids])
            else:
                total = Expr()
                for c in kids:
                    for j in range(1, self.fw.max_level + 1):
                        total = total.plus(self.level_ge(e, c, j, t))
                got = self.threshold(total, k * len(kids), len(kids) * self.fw.max_level)
        self._ge[key] = got
        return got

    def threshold(self, total: Expr, need: int, hi: int) -> Expr:
        """An exact 0/1 indicator of total >= need for an integer-valued total in [0, hi]."""
        if total.const:
            return ONE if total.c >= need - 1e-9 else ZERO
        z = self.prob.add_variable(f"g{self.n_aux + 1:07d}", 0, 1,
                                   cat=pulp.LpContinuous if self.relax else pulp.LpBinary)
        self.n_aux += 1
        zi = Expr(0.0, {z: 1.0})
        self.defs.append((z, "ge", (total, need)))
        # total >= need * z ; total <= need - 1 + (hi - need + 1) * z
        self.add(total.plus(zi, -float(need)), ">=")
        self.add(total.plus(zi, -float(hi - need + 1)), "<=", need - 1)
        return zi

    def leaf_level(self, e: str, o: str, k: int, t: int) -> Expr:
        K = self.inst.modeled[e].get(o)
        if K is None or k > K:
            return ONE if self.inst.levels0[e][o] >= k else ZERO
        key = (e, o, k, t)
        got = self._L.get(key)
        if got is None:
            holds = self.or_([self.cond(self.rs.rules[i].when, e, t) for i in self.rs.by_level.get((o, k), [])])
            got = holds if k == 1 else self.and_([self.leaf_level(e, o, k - 1, t), holds])
            self._L[key] = got
        return got


def _safe(key: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in key)


def build_model(inst: Instance, relax: bool = False, prices: list[float] | None = None) -> Model:
    """The MILP of an instance (or, `relax`, its LP relaxation). `prices` (objective units per unit
    of money, one per period) charge each period's spend in the objective: a sub-plan priced by the
    portfolio's budget rows (engine.plan.decompose)."""
    started = time.perf_counter()
    b = Builder(inst, relax=relax)
    b.schedule_vars()
    H = inst.H
    cfg = inst.config
    for limit in inst.limits:
        limit.rows(b)
    spend = b.portfolio_spend()

    # levels and the objective (engine.plan.objective)
    terms = inst.objective
    level_exprs: dict[tuple[str, str, int], Expr] = {}
    value = Expr()
    benefit = Expr()          # SPEC §5 benefit (plain, within the horizon), for verification
    plain = 1.0 / inst.periods_per_year if inst.money else 1.0
    for e in inst.entities:
        for o, K in inst.modeled[e.id].items():
            T = inst.targets[e.id][o]
            base = min(inst.levels0[e.id][o], T)
            vw, w = terms.value_weight[e.id][o], inst.weights[e.id][o] * plain
            for t in range(1, H + 1):
                f = terms.period_factor[t]
                need = (t <= H - 1 and w) or f or (t == H and cfg.objective == "min-cost")
                if not need:
                    continue
                capped = Expr()
                for k in range(1, T + 1):
                    capped = capped.plus(b.leaf_level(e.id, o, k, t))
                level_exprs[(e.id, o, t)] = capped
                if f and vw:
                    value.iadd(capped, f * vw)
                    value.c -= f * vw * base
                if t <= H - 1 and w:
                    benefit.iadd(capped, w)
                    benefit.c -= w * base
            if cfg.objective == "min-cost" and T > 0:
                b.add(level_exprs[(e.id, o, H)], ">=", float(T))
    cost = Expr()                 # money spent within the horizon, in units of `money`
    for s in spend:
        cost.iadd(s)
    # each start's cost in the objective (money in the plan's currency, not rescaled)
    job_cost = Expr()
    for k, j in inst.jobs.items():
        for s, v in b.x[k].items():
            c = terms.job_cost(inst, j, s)
            if prices is not None:
                c += sum(p * sum(inst.spend_of(j, s, t)) for t, p in enumerate(prices) if p)
            if c:
                job_cost.t[v] = job_cost.t.get(v, 0.0) + c
    obj_unit = objective_unit(value if terms.maximise else job_cost)
    if terms.maximise:
        objective = Expr().plus(value, 1.0 / obj_unit).plus(job_cost, -1.0 / obj_unit)
    else:
        objective = Expr().plus(job_cost, 1.0 / obj_unit)
    # the solvers see no constant (HiGHS through PuLP drops it): it is added back to their values and bounds
    constant, objective.c = objective.c * obj_unit, 0.0
    b.prob.setObjective(objective.lp())
    for i, con in enumerate(b.cons):
        b.prob.addConstraint(con, name=f"c{i:07d}")
    n_bin = sum(len(v) for v in b.x.values())
    model = Model(inst, b.prob, b.x, level_exprs, benefit, cost, time.perf_counter() - started, n_bin,
                  budget_rows=b.budget_rows, money=b.money, objective_unit=obj_unit, n_aux=b.n_aux,
                  cons=len(b.cons))
    model.value = value
    model.job_cost = job_cost
    model.objective_constant = constant
    model.defs = b.defs
    return model


def money_unit(inst: Instance) -> float:
    """A power of ten near a thousandth of the largest budget figure (1 when there is none)."""
    import math
    figures = list(inst.budget or []) + ([inst.total_budget] if inst.total_budget else [])
    top = max([f for f in figures if f > 0], default=0.0) or max(
        [j.capex + j.opex_year for j in inst.jobs.values()], default=1.0)
    return 10.0 ** max(0, math.floor(math.log10(max(top, 1.0))) - 3)


def objective_unit(expr: Expr) -> float:
    import math
    top = max((abs(a) for a in expr.t.values()), default=1.0)
    return 10.0 ** max(0, math.floor(math.log10(max(top, 1.0))) - 2)


def set_budget(model: Model, per_period: list[float] | None, total: float | None) -> None:
    """Change the model's budget right-hand sides in place (the rows' expressions have no constant)."""
    for con, t, cumulative in model.budget_rows:
        if t is None:
            rhs = total
        else:
            rhs = sum(per_period[:t + 1]) if cumulative else per_period[t]
        if rhs is None:
            raise ValueError("the new budget lacks a figure the model has a row for")
        con.constant = -float(rhs) / model.money


def expr_value(expr: Expr) -> float:
    return expr.c + sum(a * (v.varValue or 0.0) for v, a in expr.t.items())

