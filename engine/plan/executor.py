"""Where the planner's independent pieces of work run: in this process, in a pool of local worker
processes (the default for portfolios), or on an existing Dask cluster.

Every executor has one method, `map(fn, tasks, context)`: `fn(context, task)` for each task, results
in the order of the tasks whatever order they finish in, so that plans are the same on any executor
and any number of workers. The context (the framework, the ruleset, the plan configuration) is sent
to each worker once, not with every task; each task carries one entity's own data and the worker
builds that entity's model itself (a pickled model would be far larger than its data).
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

_CONTEXT: Any = None    # a worker process's context, set once by the pool's initializer
CONNECT_TIMEOUT = "15s"  # how long to wait for a Dask scheduler before saying it cannot be reached


def _set_context(context: Any) -> None:
    global _CONTEXT
    _CONTEXT = context
    _quiet_worker()


def _quiet_worker() -> None:
    # workers leave Ctrl-C to the parent, which stops them (and says so) itself
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(fn: Callable, task: Any) -> Any:
    return fn(_CONTEXT, task)


class SerialExecutor:
    """In this process: for small portfolios and tests, where starting workers costs more than it saves."""

    workers = 1
    name = "in process"

    def map(self, fn: Callable, tasks: Sequence, context: Any) -> list:
        return [fn(context, t) for t in tasks]

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A pool of local worker processes (spawned, so no solver state is inherited)."""

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.name = f"{self.workers} local worker process{'es' if self.workers != 1 else ''}"
        self._pool: ProcessPoolExecutor | None = None
        self._context_id: int | None = None

    def map(self, fn: Callable, tasks: Sequence, context: Any) -> list:
        if not tasks:
            return []
        if self.workers == 1:
            return SerialExecutor().map(fn, tasks, context)
        if self._pool is None or self._context_id != id(context):
            self.close()
            import multiprocessing
            self._pool = ProcessPoolExecutor(max_workers=min(self.workers, len(tasks)),
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_set_context, initargs=(context,))
            self._context_id = id(context)
        futures = [self._pool.submit(_call, fn, t) for t in tasks]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            self.close(kill=True)
            raise

    def close(self, kill: bool = False) -> None:
        if self._pool is not None:
            if kill:
                for p in list(getattr(self._pool, "_processes", {}).values()):
                    p.terminate()
            self._pool.shutdown(wait=not kill, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """An existing dask.distributed cluster (`--cluster tcp://HOST:8786`). The context is scattered
    to every worker once; tasks are gathered in order."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:   # an optional dependency: say how to get it
            from cyberplan.engine.errors import InputError
            raise InputError("--cluster needs dask.distributed: pip install 'cyberplan[cluster]'",
                             path="--cluster") from None
        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as e:
            from cyberplan.engine.errors import InputError
            raise InputError(f"cannot reach the Dask scheduler at {address}: {e}", path="--cluster") from None
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))
        self.name = f"Dask cluster {address} ({self.workers} worker threads)"
        self._scattered: dict[int, Any] = {}

    def map(self, fn: Callable, tasks: Sequence, context: Any) -> list:
        if not tasks:
            return []
        key = id(context)
        if key not in self._scattered:
            self._scattered = {key: self.client.scatter(context, broadcast=True)}
        ctx = self._scattered[key]
        futures = [self.client.submit(fn, ctx, t, pure=False) for t in tasks]
        try:
            return self.client.gather(futures)
        except BaseException:
            self.client.cancel(futures)
            raise

    def close(self) -> None:
        self.client.close()


def make_executor(workers: int | None = None, cluster: str | None = None):
    """The executor the options ask for: a Dask cluster, else local processes (default: the
    machine's cores)."""
    if cluster:
        return DaskExecutor(cluster)
    return ProcessExecutor(workers)
