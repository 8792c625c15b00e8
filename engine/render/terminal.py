"""The terminal table, with colour, when standard output is a terminal (rich)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from cyberplan.engine.errors import printable
from cyberplan.engine.render import Output
from cyberplan.engine.render.text import _cell

_LEVEL_STYLES = ["red", "dark_orange", "yellow", "green", "bold green", "bold green"]


def print_rich(out: Output, console: Console | None = None) -> None:
    console = console or Console()
    for table in out.tables:
        t = RichTable(title=Text(printable(table.title)), title_justify="left", header_style="bold")
        for col in table.columns:
            right = table.styles.get(col) in ("money", "level", "pct", "number")
            t.add_column(Text(printable(col)), justify="right" if right else "left")
        for row in table.rows:
            cells = []
            for col, v in zip(table.columns, row):
                # data is shown as text: never read as rich markup ("[/]" in a name raised an
                # error, "[link=...]" made a link) nor passed to the terminal as control codes
                style = table.styles.get(col)
                text = Text(printable(_cell(v, style)))
                if style in ("level", "heat") and text.plain:
                    try:
                        level = int(text.plain.split()[0])
                        text.stylize(_LEVEL_STYLES[min(level, 5)])
                    except ValueError:
                        pass
                cells.append(text)
            t.add_row(*cells)
        console.print(t)
    for note in out.notes:
        console.print(Text(printable(note)))


# --------------------------------------------------------------------------- progress while solving

class SolveProgress:
    """Progress messages and the solver's progress (elapsed time, best, bound, gap) on standard
    error. On a terminal the solver line is a rich spinner that rewrites itself and disappears when
    the next message comes; piped, each report is one plain line. `quiet` shows nothing."""

    def __init__(self, console: Console | None = None, quiet: bool = False):
        self.console = console or Console(stderr=True)
        self.quiet = quiet
        self.tty = self.console.is_terminal
        self._live = None
        self._spinner = None
        self.lines = 0   # how many solver reports were shown

    @staticmethod
    def describe(elapsed: float, primal: float, bound: float, gap: float) -> str:
        import math

        def num(v: float) -> str:
            return f"{v:,.2f}" if v is not None and math.isfinite(v) else "–"
        g = f"{gap:.2%}" if gap is not None and math.isfinite(gap) else "–"
        return f"solving: {elapsed:5.0f}s elapsed  best {num(primal)}  bound {num(bound)}  gap {g}"

    def message(self, msg: str) -> None:
        if self.quiet:
            return
        self.stop()
        if self.tty:
            self.console.print(msg, markup=False, highlight=False)
        else:
            self.console.file.write(msg + "\n")
            self.console.file.flush()

    def solver(self, elapsed: float, primal: float, bound: float, gap: float) -> None:
        if self.quiet:
            return
        self.lines += 1
        text = self.describe(elapsed, primal, bound, gap)
        if not self.tty:
            self.console.file.write("  " + text + "\n")
            self.console.file.flush()
            return
        from rich.live import Live
        from rich.spinner import Spinner
        from rich.text import Text
        if self._live is None:
            self._spinner = Spinner("dots", text=Text(text, style="cyan"))
            self._live = Live(self._spinner, console=self.console, transient=True, refresh_per_second=10)
            self._live.start()
        else:
            self._spinner.update(text=Text(text, style="cyan"))

    def stop(self) -> None:
        if self._live is not None:
            try:
                self._live.stop()
            finally:
                self._live = None
                self._spinner = None


def progress_callbacks(quiet: bool, console: Console | None = None):
    """(message, solver_progress) callbacks for the engine; both None when quiet."""
    if quiet:
        return None, None
    import atexit
    p = SolveProgress(console)
    atexit.register(p.stop)
    return p.message, p.solver
