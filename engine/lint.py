"""Warnings about a ruleset that loads but is probably not what its author meant."""
from __future__ import annotations

from .errors import Problem
from .ruleset import PreparedRuleset, questions_read


def lint_ruleset(rs: PreparedRuleset) -> list[Problem]:
    fw = rs.framework
    out: list[Problem] = []
    top_file = rs.origins[-1].file if rs.origins else None
    for leaf in fw.leaves:
        if leaf not in rs.level_rules_of:
            out.append(Problem(f"leaf outcome {leaf!r} has no rule: it stays at level 0", file=top_file,
                               hint="add rules for levels 1.. of this outcome"))
            continue
        for k in range(1, fw.max_level + 1):
            if (leaf, k) not in rs.by_level:
                higher = [j for j in range(k + 1, fw.max_level + 1) if (leaf, j) in rs.by_level]
                if higher:
                    i = rs.by_level[(leaf, higher[0])][0]
                    o = rs.origins[i]
                    out.append(Problem(f"{leaf} has rules for level {higher[0]} but none for level {k}: "
                                       f"levels {k}..{fw.max_level} can never be reached", file=o.file,
                                       path=f"rules[{o.index}]", hint=f"add a rule for level {k}"))
                break
    read = set()
    for r in rs.rules:
        read |= questions_read(r.when)
    unread = [q.id for q in fw.questions if q.id not in read]
    if unread:
        out.append(Problem(f"{len(unread)} question(s) no rule reads: " + ", ".join(unread[:8])
                           + (" ..." if len(unread) > 8 else ""), file=top_file,
                           hint="use them in a rule or drop them from the questionnaire"))
    for parent, child in rs.shadowed:
        out.append(Problem(f"rule {rs.rules[[o for o in rs.origins].index(child)].id!r} replaces the rule of the "
                           f"same id in {parent.ruleset}", file=child.file, path=f"rules[{child.index}]",
                           hint="rename it to add a rule instead of replacing one"))
    return out
