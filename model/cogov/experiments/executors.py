"""The executor back-ends runs are submitted to: a local process pool, this process, or Dask.

All three are ``concurrent.futures.Executor`` objects, so the sweep (and the other users of
:func:`cogov.experiments.replication.run_replicates`) have one code path for all of them:

* local: a ``ProcessPoolExecutor`` with the forkserver start method, one worker per core by
  default; the server imports the engine once and every worker forked from it starts warm;
* in-process: ``workers=0``, one thread, for debugging and stand-ins that cannot be pickled;
* a cluster: the executor of a ``dask.distributed.Client`` connected to a scheduler address.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager

from cogov.errors import InputError

#: Modules the forkserver imports once, so that every worker starts with the engine loaded.
PRELOAD = ["cogov", "cogov.api", "cogov.experiments.worker"]


def default_workers() -> int:
    """Return one worker per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _mp_context() -> mp.context.BaseContext:
    # fork would copy the parent's threads and locks (tqdm, dask); forkserver is safe and
    # cheaper than spawn where it exists.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """Return a local process pool (forkserver start, engine preloaded)."""
    return ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=_mp_context())


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """Yield the executor runs are submitted to, and shut it down afterwards.

    Args:
        workers: local worker processes (default: one per core); 0 runs in this process
            (a single thread), which is for debugging and for stand-ins that cannot be pickled.
        scheduler: address of a Dask scheduler (``tcp://HOST:PORT``); if given, runs go to
            that cluster's workers and ``workers`` is ignored.

    Raises:
        InputError: if the scheduler cannot be reached or ``workers`` is negative.
    """
    if scheduler:
        with _dask_executor(scheduler) as executor:
            yield executor
        return
    if workers is not None and workers < 0:
        raise InputError(f"--workers has value {workers}; allowed: 0 (in-process) or more")
    if workers == 0:
        pool: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cogov-run")
    else:
        pool = process_pool(workers)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@contextmanager
def _dask_executor(scheduler: str) -> Iterator[Executor]:
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise InputError(f"--scheduler needs dask.distributed: {exc}") from None
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with "
            "'dask scheduler' and workers with 'dask worker ADDRESS'"
        ) from None
    executor = client.get_executor(pure=False)
    try:
        yield executor
    except BaseException:
        executor.shutdown(wait=False)
        raise
    finally:
        client.close()


__all__ = ["PRELOAD", "default_workers", "open_executor", "process_pool"]
