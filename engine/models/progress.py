"""Progress against a plan: what has been done, what is under way, what was dropped, and the money
actually spent, as of a period (read by `cyberplan track` and `cyberplan plan --progress`).

```yaml
as_of: 2027-Q2            # the last period this progress covers (a period label of the plan, or its index)
actions:
  - {entity: mof, control: CSF-PR-07, status: done, spent: 61000, finished: 2027-Q1}
  - {entity: grid, control: CSF-DE-01, status: in_progress, complete: 0.5, spent: 30000}
  - {entity: "*", control: CSF-GV-SOC, status: dropped, spent: 5000, note: merged into the EU programme}
other_spent: 12000        # programme money spent outside these actions
```
An action of the plan that is not listed has not started. `spent` is every unit of money the
action has cost so far (its capex and, once complete, its running cost): money already spent is
sunk, so a re-plan counts only what remains.
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from cyberplan.engine.errors import Problem

from .base import Strict


class Remaining(Strict):
    """The estimate to complete an action under way (default: the plan's figures times the share
    not yet done)."""
    capex: float | None = Field(default=None, ge=0, description="Capital spending still needed to complete it.")
    effort: float | None = Field(default=None, ge=0, description="Person-days of the entity's staff still needed.")
    months: float | None = Field(default=None, gt=0, description="Months of work still needed.")


class ActionProgress(Strict):
    """The state of one action of the plan."""

    # the checks of `_fits_status`, said to editors
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"status": {"const": "in_progress"}}}, "then": {"required": ["complete"]},
        "dependentSchemas": {"complete": {"properties": {"status": {"const": "in_progress"}}},
                             "remaining": {"properties": {"status": {"const": "in_progress"}}},
                             "finished": {"properties": {"status": {"const": "done"}}}}})

    entity: str = Field(min_length=1, description="The entity the action is for; `*` (or the plan's group name) "
                                                  "for a shared control.")
    control: str = Field(min_length=1, description="The control's id.")
    status: Literal["done", "in_progress", "dropped", "not_started"] = Field(
        description="done: complete and in place; in_progress: started, `complete` says how far; dropped: "
                    "stopped and not to be planned again; not_started (the same as leaving the action out).")
    complete: float | None = Field(default=None, gt=0, lt=1,
                                   description="For in_progress: the share of the work done, above 0 and below 1.")
    spent: float = Field(default=0.0, ge=0, description="Money actually spent on the action so far.")
    finished: str | int | None = Field(default=None, description="For done: the period it was completed (a label "
                                                                 "or an index; default: `as_of`).")
    remaining: Remaining | None = Field(default=None, description="For in_progress: the estimate to complete, when "
                                                                  "it differs from the plan's figures.")
    note: str | None = Field(default=None, description="Anything the reader of the tracking report should know.")

    @field_validator("entity", "control", mode="before")
    @classmethod
    def _text(cls, v):
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    @model_validator(mode="after")
    def _fits_status(self) -> "ActionProgress":
        if self.status == "in_progress" and self.complete is None:
            raise ValueError("an action in_progress needs `complete`: the share done, e.g. 0.5")
        if self.status != "in_progress" and self.complete is not None:
            raise ValueError(f"`complete` is for in_progress actions; this one is {self.status}")
        if self.status != "in_progress" and self.remaining is not None:
            raise ValueError(f"`remaining` is for in_progress actions; this one is {self.status}")
        if self.status != "done" and self.finished is not None:
            raise ValueError(f"`finished` is for done actions; this one is {self.status}")
        return self

    @property
    def key(self) -> tuple[str, str]:
        return (self.entity, self.control)


class Progress(Strict):
    as_of: str | int = Field(description="The last period this progress covers: a period label of the plan "
                                         "(2027-Q2, 2027-06, 2027) or its index (0 = the first period).")
    actions: list[ActionProgress] = Field(default_factory=list, description="Per action: done, in progress, dropped.")
    other_spent: float = Field(default=0.0, ge=0, description="Programme money spent outside the listed actions "
                                                              "(it counts against the budget too).")
    note: str | None = Field(default=None, description="A note for the reader.")

    @field_validator("as_of", mode="before")
    @classmethod
    def _period_text(cls, v):
        import datetime as _dt
        if isinstance(v, _dt.date):      # `2027-06-01` written as a date: its month
            return f"{v.year:04d}-{v.month:02d}"
        return v

    @property
    def spent(self) -> float:
        """Every unit of money spent so far: on the actions and besides them."""
        return sum(a.spent for a in self.actions) + self.other_spent

    def problems(self) -> list[Problem]:
        out, seen = [], {}
        for i, a in enumerate(self.actions):
            if a.key in seen:
                out.append(Problem(f"{a.control} for {a.entity} is listed twice (first at actions[{seen[a.key]}])",
                                   path=f"actions[{i}]"))
            seen.setdefault(a.key, i)
        return out


def period_index(value: str | int, labels: list[str], months: list[str] | None = None) -> int | None:
    """The index of a period given by its label (as the plan prints it), its first month
    (YYYY-MM) or its index; None when it is none of the plan's periods."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if 0 <= value < len(labels):
            return value
        return labels.index(str(value)) if str(value) in labels else None   # a year label, 2027
    text = str(value).strip()
    if text in labels:
        return labels.index(text)
    if months is not None and text in months:
        return months.index(text)
    if text.isdigit() and int(text) < len(labels) and text not in labels:
        return int(text)
    return None
