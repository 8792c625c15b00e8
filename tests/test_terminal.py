"""The terminal: rich tables with colour on a TTY only, plain text when piped, the solver's progress
as a spinner on a TTY and plain lines otherwise, and --quiet."""
from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from cyberplan.engine.render import Output, Table
from cyberplan.engine.render.terminal import SolveProgress, print_rich, progress_callbacks
from cyberplan.engine.render.text import to_plain

MINI = Path(__file__).parent / "data" / "mini"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _out() -> Output:
    return Output("assessment", {}, [Table("Maturity", ["entity", "PR"], [["mof", 2], ["wat", 0]],
                                           styles={"PR": "level"})], notes=["a note"])


def test_rich_table_colours_on_a_terminal_only():
    tty = io.StringIO()
    print_rich(_out(), Console(file=tty, force_terminal=True, width=80, color_system="standard"))
    assert ANSI.search(tty.getvalue())
    assert "mof" in tty.getvalue() and "a note" in tty.getvalue()
    piped = io.StringIO()
    print_rich(_out(), Console(file=piped, force_terminal=False, width=80))
    assert not ANSI.search(piped.getvalue()) and "wat" in piped.getvalue()
    assert not ANSI.search(to_plain(_out()))


def test_cli_output_is_plain_when_piped():
    from cyberplan.cli import cli
    r = CliRunner().invoke(cli, ["assess", str(MINI / "answers.yaml")])
    assert r.exit_code == 0, r.output
    assert not ANSI.search(r.stdout)
    assert "Maturity by function" in r.stdout and "mof" in r.stdout


def test_solver_progress_plain_lines_when_piped():
    buf = io.StringIO()
    p = SolveProgress(Console(file=buf, force_terminal=False))
    p.message("model: 10 binaries")
    p.solver(1.2, 100.0, 110.0, 0.0909)
    p.solver(2.4, 105.0, 108.0, 0.0278)
    p.message("verified")
    lines = buf.getvalue().splitlines()
    assert lines[0] == "model: 10 binaries" and lines[-1] == "verified"
    assert "gap 9.09%" in lines[1] and "1s elapsed" in lines[1] and "bound 110.00" in lines[1]
    assert "gap 2.78%" in lines[2] and "best 105.00" in lines[2]
    assert not ANSI.search(buf.getvalue())


def test_solver_progress_spinner_on_a_terminal_goes_away():
    buf = io.StringIO()
    p = SolveProgress(Console(file=buf, force_terminal=True, width=100, color_system="standard"))
    p.solver(1.0, 50.0, 80.0, 0.375)
    assert p._live is not None          # a live spinner line, rewritten in place
    p.solver(2.0, 60.0, 70.0, 0.1429)
    p.message("solved")
    assert p._live is None               # the next message ends it
    text = buf.getvalue()
    assert "gap 14.29%" in text and "solved" in text and ANSI.search(text)


def test_no_solution_yet_is_shown_as_a_dash():
    text = SolveProgress.describe(1.0, float("inf"), float("-inf"), float("inf"))
    assert "best –" in text and "bound –" in text and "gap –" in text


def test_quiet_shows_nothing():
    assert progress_callbacks(True) == (None, None)
    from cyberplan.cli import cli
    r = CliRunner().invoke(cli, ["plan", str(MINI / "answers.yaml"), "--config", str(MINI / "plan.yaml"), "-q",
                                 "--format", "json"])
    assert r.exit_code == 0
    # no progress at all; what is left is the data warning that wat's levels are lower bounds
    # (-q silences progress, never a warning about the answers)
    assert r.stderr.splitlines() == ["warning: wat: 43% of the questions the ruleset reads are unanswered or "
                                     "unknown (above 20%); its levels are lower bounds"]
    r = CliRunner().invoke(cli, ["plan", str(MINI / "answers.yaml"), "--config", str(MINI / "plan.yaml"),
                                 "--format", "json"])
    assert "model:" in r.stderr   # without -q the progress messages go to stderr, never stdout
    assert r.stdout.lstrip().startswith("{")
