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
                 path: str | None = None, line: int | None = None, hint: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, file=file, path=path, line=line, hint=hint)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class PlanError(Exception):
    """A plan that cannot be made (infeasible, verification failed): exit status 1."""


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl-C is SIGINT, `kill` sends SIGTERM). A subclass of
    KeyboardInterrupt so that every `finally` and `except KeyboardInterrupt` cleans up as for
    Ctrl-C; the CLI exits with 128 + the signal's number (130, 143)."""

    def __init__(self, signum: int):
        import signal
        self.signum = signum
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        super().__init__(name)

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def size_text(n: float) -> str:
    """A size in bytes for a message: MiB from one MiB up."""
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n:,.0f} bytes"


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]}


def printable(text: str) -> str:
    """Text for a terminal: control characters (an escape sequence in a file name or an entity
    name could clear the screen or fake a line) shown as \\xNN; newlines and tabs kept."""
    return str(text).translate(_CONTROL)


def cut(text: str, limit: int = 300) -> str:
    """A text (an exception's message) cut short for a message, unquoted."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 15] + f"... ({len(text):,} characters)"


def shown(value, limit: int = 60) -> str:
    """A value quoted in a message, cut short: an error about a 5,000-character answer should
    name it, not repeat it."""
    text = repr(value)
    if len(text) > limit:
        text = text[:limit - 15] + f"... ({len(text):,} characters)"
    return text


def did_you_mean(word: str, choices) -> str | None:
    """A hint naming the known ids closest to a mistyped one, or None."""
    import difflib
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.6)
    return ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else None


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """One cycle of a directed graph (node -> successors) as a list of nodes, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                return stack[stack.index(m):]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None
    for n in graph:
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None
