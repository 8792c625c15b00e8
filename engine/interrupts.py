"""Ctrl-C (SIGINT) and `kill` (SIGTERM) as one exception, `Interrupted`, so that a stopped run
cleans up the same way whatever stopped it: temporary files removed, solver processes stopped,
the user's previous output left as it was.

Two modes, each a context manager that only acts in the main thread (Python delivers signals
there) and leaves a signal alone when it was ignored on start (`nohup`, a background job):

* `signals_raise()`: SIGINT and SIGTERM raise `Interrupted` wherever the program is. The CLI runs
  every command inside it. Without it SIGTERM would end the process on the spot, with no cleanup.
* `deferred()`: the signals are noted, not raised, while C code runs that a Python exception
  cannot stop cleanly (a solver: an exception inside its callback is swallowed and comes back as
  "solve error"). The code polls `Pending.signum` and stops the solver; on leaving the block a
  noted signal is raised as `Interrupted`.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from cyberplan.engine.errors import Interrupted

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_raising = 0   # how many signals_raise() blocks are open


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _raise(signum, frame) -> None:
    raise Interrupted(signum)


def _swap(handler) -> dict:
    old = {s: signal.getsignal(s) for s in SIGNALS}
    for s, h in old.items():
        if h is not signal.SIG_IGN:
            signal.signal(s, handler)
    return old


def _restore(old: dict) -> None:
    for s, h in old.items():
        signal.signal(s, h if h is not None else signal.SIG_DFL)


@contextmanager
def signals_raise() -> Iterator[None]:
    """SIGINT and SIGTERM raise `Interrupted` inside the block."""
    global _raising
    if not _in_main_thread():
        yield
        return
    old = _swap(_raise)
    _raising += 1
    try:
        yield
    finally:
        _raising -= 1
        _restore(old)


def raising() -> bool:
    """True inside `signals_raise()`: a real signal then arrives as `Interrupted`, so a bare
    KeyboardInterrupt was raised by code (a plugin), not by the user."""
    return _raising > 0


def is_real_interrupt(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt came from a signal (else some code raised it)."""
    return isinstance(exc, Interrupted) or not raising()


_abandoned: list[threading.Thread] = []


def abandon(thread: threading.Thread) -> None:
    """Work (a solver in C code) that did not stop when asked: the run stops without it."""
    _abandoned.append(thread)


def work_left_running() -> bool:
    """Whether abandoned work still runs: the process must then end without waiting for it
    (Python would tear down the objects it is using)."""
    return any(t.is_alive() for t in _abandoned)


@dataclass
class Pending:
    signum: int | None = None

    @property
    def stop(self) -> bool:
        return self.signum is not None


@contextmanager
def deferred() -> Iterator[Pending]:
    """SIGINT and SIGTERM are noted in the yielded `Pending` instead of raised; on leaving the
    block (normally or not) a noted signal is raised as `Interrupted`."""
    pending = Pending()
    if not _in_main_thread():
        yield pending
        return

    def note(signum, frame) -> None:
        if pending.signum is None:
            pending.signum = signum
    old = _swap(note)
    try:
        yield pending
    except BaseException:
        # whatever failed because the work was stopped (a solver killed half-way), the
        # interruption is what happened
        if pending.signum is not None:
            raise Interrupted(pending.signum) from None
        raise
    finally:
        _restore(old)
    if pending.signum is not None:
        raise Interrupted(pending.signum)
