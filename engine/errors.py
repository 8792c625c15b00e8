"""Errors a user can act on: each names the file, the place in it and what was expected."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong with one input, located as precisely as the reader knows."""

    message: str
    file: str | None = None
    path: str | None = None  # key path such as entities[3].answers.PR.AA-01.q1
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        text = ""
        if self.file:
            text = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            text = f"line {self.line}: "
        if self.path:
            text += f"at {self.path}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass
class InputError(Exception):
    """Bad input: the CLI prints every problem and exits with status 2."""

    problems: list[Problem] = field(default_factory=list)

    def __init__(self, problems: list[Problem] | Problem | str, *, file: str | None = None,
                 path: str | None = None, line: int | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, file=file, path=path, line=line)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class PlanError(Exception):
    """A plan that cannot be made (infeasible, verification failed): exit status 1."""
