"""The executor back-ends runs are submitted to: a local process pool, this process, or Dask.

All three are ``concurrent.futures.Executor`` objects, so the sweep (and the other users of
:func:`cogov.experiments.replication.run_replicates`) have one code path for all of them:

* local: a ``ProcessPoolExecutor`` with the forkserver start method, one worker per core by
  default; the server imports the engine once and every worker forked from it starts warm;
* in-process: ``workers=0``, one thread, for debugging and stand-ins that cannot be pickled;
* a cluster: the executor of a ``dask.distributed.Client`` connected to a scheduler address,
  or to a ``LocalCluster`` started here (``--scheduler local[:N]``).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import select
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

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


def max_workers() -> int:
    """Return the most local workers a sweep may start: one per core, and at least 2.

    More processes than cores only share the same cores and add memory (each worker holds
    the engine); 2 is always allowed so that results can be checked with 0, 1 and 2 workers.
    """
    return max(2, default_workers())


def _watch_parent(parent: int) -> None:
    """Worker initializer: end this worker as soon as the sweep's process ends.

    A pool's workers are children of the forkserver, not of the sweep, so when the sweep is
    killed outright (SIGKILL, the OOM killer) nothing would tell them: they would wait for
    work for ever, and keep the forkserver and the resource tracker alive. A daemon thread
    waits on a pidfd of the sweep's process (polling it where pidfds do not exist) and ends
    the worker at once when it ends; the forkserver and the tracker then see their last
    user gone and exit too.
    """
    try:
        fd = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # pragma: no cover - no pidfd (old kernel, not Linux)
        fd = None

    def watch() -> None:
        if fd is not None:
            select.select([fd], [], [])  # readable once the process has ended
        else:  # pragma: no cover
            while os.getppid() != 1 and _alive(parent):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="cogov-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:  # pragma: no cover - the fallback of _watch_parent
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """Return a local process pool (forkserver start, engine preloaded).

    Each worker ends when this process ends, however it ends (see :func:`_watch_parent`).
    """
    return ProcessPoolExecutor(
        max_workers=workers or default_workers(),
        mp_context=_mp_context(),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate a pool's workers at once (an interrupted sweep does not wait for runs).

    ``ProcessPoolExecutor`` has no public way to do this before Python 3.14
    (``terminate_workers``); its ``_processes`` mapping is what that method uses.
    """
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except (OSError, ValueError):  # already gone
            pass


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """Yield the executor runs are submitted to, and shut it down afterwards.

    Args:
        workers: local worker processes (default: one per core); 0 runs in this process
            (a single thread), which is for debugging and for stand-ins that cannot be pickled.
        scheduler: address of a Dask scheduler (``tcp://HOST:PORT``), or ``local[:N]`` to
            start a Dask ``LocalCluster`` of N worker processes here; if given, runs go to
            that cluster's workers and ``workers`` is ignored.

    Raises:
        InputError: if the scheduler cannot be reached, the local cluster cannot start,
            dask.distributed is not installed, or ``workers`` is negative.
    """
    if scheduler:
        with _dask_executor(scheduler) as executor:
            yield executor
        return
    if workers is not None and not 0 <= workers <= max_workers():
        raise InputError(
            f"--workers has value {workers}; allowed: 0 (in this process) to {max_workers()} "
            "(one per core)"
        )
    if workers == 0:
        pool: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cogov-run")
    else:
        pool = process_pool(workers)
    try:
        yield pool
    except BaseException:
        if isinstance(pool, ProcessPoolExecutor):
            _stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


#: ``--scheduler`` value that starts a Dask ``LocalCluster`` on this machine (``local[:N]``).
LOCAL_SCHEDULER = "local"
#: How long to wait for a Dask scheduler to answer before giving up.
CONNECT_TIMEOUT = "10s"
#: Address schemes a Dask client can connect to.
DASK_SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://", "ws://", "wss://")


def parse_local(scheduler: str) -> int | None | bool:
    """Return the worker count of a ``local[:N]`` scheduler value.

    Returns:
        False if ``scheduler`` is an address (not ``local``), None for ``local`` (one worker per
        core), else ``N``.

    Raises:
        InputError: for ``local:`` followed by anything but a whole number >= 1.
    """
    text = scheduler.strip()
    if text != LOCAL_SCHEDULER and not text.startswith(LOCAL_SCHEDULER + ":"):
        return False
    if text == LOCAL_SCHEDULER:
        return None
    count = text.split(":", 1)[1]
    if not count.isdigit() or int(count) < 1:
        raise InputError(
            f"--scheduler has value '{scheduler}'; allowed: local, local:N with N a whole "
            "number >= 1 (N worker processes on this machine), or a scheduler address such "
            "as tcp://HOST:8786"
        )
    return int(count)


def _import_distributed() -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            "--scheduler needs Dask's distributed scheduler, which is not installed; "
            "install it with: pip install 'cogov[cluster]'"
        ) from None
    return Client, LocalCluster


@contextmanager
def _dask_executor(scheduler: str) -> Iterator[Executor]:
    """Yield the executor of a Dask client; close the client (and a local cluster) at the end.

    ``scheduler`` is ``local[:N]`` (a ``LocalCluster`` of N single-threaded worker processes
    started here, one per core by default) or the address of a running scheduler. The client
    and the cluster are closed in every case, also on Ctrl+C or an error: runs already written
    to disk are kept, as with the process pool.
    """
    n_local = parse_local(scheduler)
    if n_local is False and not scheduler.startswith(DASK_SCHEMES):
        raise InputError(
            f"--scheduler has value '{scheduler}'; allowed: local, local:N, or a Dask "
            "scheduler address such as tcp://HOST:8786"
        )
    Client, LocalCluster = _import_distributed()
    cluster = client = None
    try:
        if n_local is not False:
            try:
                cluster = LocalCluster(
                    n_workers=n_local or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            except Exception as exc:  # the cluster's own failure, named in the message
                raise InputError(
                    f"could not start a local Dask cluster ({scheduler}): "
                    f"{type(exc).__name__}: {exc}"
                ) from None
            client = Client(cluster, set_as_default=False)
        else:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with "
                    "'dask scheduler' and workers with 'dask worker ADDRESS' (see docs/cluster.md)"
                ) from None
        executor = client.get_executor(pure=False)
        try:
            yield executor
        except BaseException:
            executor.shutdown(wait=False)
            raise
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


__all__ = [
    "LOCAL_SCHEDULER",
    "PRELOAD",
    "default_workers",
    "max_workers",
    "open_executor",
    "parse_local",
    "process_pool",
]
