"""The one replication loop: paired seeds for every arm, runs in a stable order.

Sweeps, calibration and the app's compare page all run *arms* (a scenario with its
settings) over *replications*. Replication *i* of every arm gets the same seed,
``replication_seeds(master_seed, n)[i]`` (common random numbers), so that arms differ by
their settings and not by noise, and results are paired by replication index.

Two functions make the loop:

* :func:`schedule` lists the runs: every arm at every replication, replication-major
  (all arms of replication 0, then all arms of replication 1, ...), so paired runs are
  submitted, and finish, close together.
* :func:`run_replicates` runs a function over such a list, in this thread (in order) or on
  a ``concurrent.futures`` executor (as runs finish, with a bounded number in flight), with
  optional ``progress(done, total)`` and ``cancelled()`` callbacks.

Example::

    runs = schedule(["baseline", "epidemic"], 4, master_seed=1)
    for rep, table in run_replicates(runs, lambda r: simulate(r.arm, seed=r.seed)):
        ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass

from cogov.rng import replication_seeds

#: Most runs submitted to an executor and not yet collected: bounds the memory held by
#: pending tasks and results, and what is lost from the queue (not from disk) on an interrupt.
MAX_IN_FLIGHT = 256


@dataclass(frozen=True)
class Replicate[A]:
    """One run of the loop: an arm at one replication, with that replication's seed.

    Attributes:
        arm: what is run (a scenario name, a resolved scenario, a label and point, ...).
        replication: the replication index; runs of different arms with the same index pair.
        seed: ``replication_seeds(master_seed, ...)[replication]``, the same for every arm.
    """

    arm: A
    replication: int
    seed: int


def schedule[A](
    arms: Sequence[A], replications: int | Iterable[int], master_seed: int
) -> list[Replicate[A]]:
    """Return every arm at every replication, replication-major, with paired seeds.

    Args:
        arms: the arms, in the order they run within a replication.
        replications: a count ``n`` (replications ``0..n-1``) or the replication indices.
        master_seed: the seed the replications' seeds are spawned from.

    Returns:
        ``[Replicate(arm, i, seed_i) for i in replications for arm in arms]``.
    """
    indices = range(replications) if isinstance(replications, int) else list(replications)
    if not indices:
        return []
    seeds = replication_seeds(master_seed, max(indices) + 1)
    return [Replicate(arm, i, seeds[i]) for i in indices for arm in arms]


def run_replicates[T, R](
    items: Sequence[T],
    run: Callable[[T], R],
    *,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_error: Callable[[T, BaseException], R] | None = None,
    max_in_flight: int | None = None,
) -> Iterator[tuple[T, R]]:
    """Run ``run(item)`` for every item; yield ``(item, result)`` as each run finishes.

    Without an executor the runs go one after another in this thread and are yielded in
    the order of ``items``. With one, up to ``max_in_flight`` runs are submitted at a time
    (``run`` and the items must then be picklable for a process pool) and are yielded as they
    finish; pair them by ``item.replication``, not by arrival. Closing the iterator early (or
    an exception in the consumer) cancels the runs not started yet.

    Args:
        items: the runs, usually from :func:`schedule` (or objects carrying its fields).
        run: what to do with one item; its return value is yielded.
        executor: where runs go (None: this thread, in order).
        progress: called with ``(runs done, runs in all)`` after every run.
        cancelled: polled before every run is started; True stops the loop (nothing more is
            started; runs already submitted to an executor are cancelled or left to finish,
            and not yielded). The caller sees fewer results than items.
        on_error: with an executor, turns an exception raised by a run (or by the executor,
            e.g. a dead worker) into a result; without it, the exception propagates.
        max_in_flight: most runs submitted and not collected (default :data:`MAX_IN_FLIGHT`).
    """
    total = len(items)
    done = 0

    def stop() -> bool:
        return cancelled is not None and cancelled()

    if executor is None:
        for item in items:
            if stop():
                return
            result = run(item)
            done += 1
            if progress is not None:
                progress(done, total)
            yield item, result
        return

    window = max_in_flight if max_in_flight is not None else MAX_IN_FLIGHT
    queue = iter(items)
    pending: dict[Future[R], T] = {}
    end = object()

    def fill() -> None:
        while len(pending) < window and not stop():
            item = next(queue, end)
            if item is end:
                return
            pending[executor.submit(run, item)] = item

    try:
        fill()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                item = pending.pop(future)
                try:
                    result = future.result()
                except Exception as exc:
                    if on_error is None:
                        raise
                    result = on_error(item, exc)
                done += 1
                if progress is not None:
                    progress(done, total)
                yield item, result
            if stop():
                return
            fill()
    finally:
        for future in pending:
            future.cancel()


__all__ = ["MAX_IN_FLIGHT", "Replicate", "run_replicates", "schedule"]
