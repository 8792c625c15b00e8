"""A word while long work runs: steps that cannot report their own progress (building a large
model, the greedy start) say every few seconds that they are still at it, so that a run of
minutes is never silent (issue 16: a 100,000-control framework printed nothing for minutes)."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def heartbeat(say: Callable[[str], None] | None, what: str, every: float = 10.0) -> Iterator[None]:
    """While the block runs, `say` "<what>: still working (N s)" every `every` seconds, from a
    background thread (the block's own thread stays free to run, and to be interrupted)."""
    if say is None:
        yield
        return
    stop = threading.Event()
    started = time.monotonic()

    def beat() -> None:
        while not stop.wait(every):
            try:
                say(f"{what}: still working ({time.monotonic() - started:,.0f} s)")
            except Exception:  # noqa: BLE001 - a progress line must never stop the work
                pass
    thread = threading.Thread(target=beat, name="cyberplan-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
