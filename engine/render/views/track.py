"""Plan against actual as an Output: the money and the schedule, in plain words first."""
from __future__ import annotations

from cyberplan.engine.plan.track import TrackReport
from cyberplan.engine.render import Output, Table


def _signed(v: float) -> str:
    return f"{v:+,.0f}"


def track_output(r: TrackReport, unit: str = "") -> Output:
    data = r.model_dump(mode="json")
    u = f" {unit}" if unit and unit != "level-periods" else ""
    money = unit if u else "the currency the control costs are given in"
    summary = Table(f"Plan against actual, {r.periods[0]} to the end of {r.as_of} (money in {money})",
                    ["measure", "value", "meaning"], [
        ["planned spend to date", f"{r.planned_spend:,.0f}{u}", "what the plan charges the periods so far"],
        ["actually spent", f"{r.spent:,.0f}{u}", "as reported in the progress file"],
        ["spend variance", f"{_signed(r.spend_variance)}{u}", "spent − planned: above 0 is more than planned"],
        ["worth of the work done", f"{r.value_done:,.0f}{u}", "share of each action done × its capex (earned value)"],
        ["schedule variance", f"{_signed(r.schedule_variance)}{u}",
         "worth of work done − planned spend: below 0 is behind schedule"],
        ["cost variance", f"{_signed(r.cost_variance)}{u}", "worth of work done − spent: below 0 is over cost"],
        ["schedule index", "" if r.schedule_index is None else f"{r.schedule_index:.2f}", "1 is on schedule"],
        ["cost index", "" if r.cost_index is None else f"{r.cost_index:.2f}", "1 is on budget"],
        ["actions late", str(len(r.late)), ", ".join(r.late) or "none"],
    ], name="summary")
    actions = Table("Every action", ["entity", "control", "title", "planned", "status", "planned done", "done",
                                     "planned spend", "spent", "variance", "schedule"],
                    [[a.entity, a.control, a.title, a.planned, a.status, f"{a.planned_share:.0%}",
                      f"{a.actual_share:.0%}", round(a.planned_spend), round(a.spent), round(a.spend_variance),
                      a.schedule] for a in r.actions], name="actions",
                    styles={"planned spend": "money", "spent": "money", "variance": "money"})
    tables = [summary, actions]
    late = [a for a in r.actions if a.late]
    if late:
        tables.append(Table(f"Late or behind ({len(late)})", ["entity", "control", "title", "planned", "schedule",
                                                               "periods behind", "note"],
                            [[a.entity, a.control, a.title, a.planned, a.schedule, round(a.periods_behind, 2),
                              a.note or ""] for a in late], name="late"))
    notes = [f"as of {r.as_of}: {len(r.late)} action(s) late or behind"] + r.notes
    return Output("track", data, tables, notes=notes, result=r)
