"""Named random streams derived from one seed (common random numbers).

Each process of the weekly step draws from its own stream. A stream's seed depends only on
the master seed and the stream's name, never on which other streams exist or how much they
have drawn: switching a mechanism on, or changing how one process draws, leaves every other
process's draws unchanged, so that differences between scenarios run with the same seed
show the mechanism rather than noise.
"""

from __future__ import annotations

import hashlib

import numpy as np

#: The streams of the weekly step, one per process (mechanisms add "mechanism.<name>").
STREAMS = (
    "structure",
    "population",
    "ties",
    "needs",
    "channels",
    "dispatch",
    "participation",
    "volunteers",
    "fees",
    "disputes",
    "adaptation",
    "shocks",
    "visits",
    "village",
)


def stream_key(name: str) -> int:
    """Return a stable 32-bit integer for a stream name (the same on every machine)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "little")


class RandomStreams:
    """A lazily filled mapping from stream name to ``numpy.random.Generator``.

    Args:
        seed: the master seed (a non-negative integer).
    """

    def __init__(self, seed: int):
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed}")
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def sequence(self, name: str) -> np.random.SeedSequence:
        """Return the SeedSequence of the named stream."""
        return np.random.SeedSequence(entropy=self.seed, spawn_key=(stream_key(name),))

    def __getitem__(self, name: str) -> np.random.Generator:
        """Return the generator of the named stream, creating it on first use."""
        gen = self._streams.get(name)
        if gen is None:
            gen = np.random.Generator(np.random.PCG64(self.sequence(name)))
            self._streams[name] = gen
        return gen


def replication_seeds(master_seed: int, n: int) -> list[int]:
    """Return ``n`` replication seeds spawned from a master seed, stable under extension.

    Seed *i* is the same whether 10 or 1,000 replications are asked for, so an experiment
    can be topped up without changing the replications already run.
    """
    root = np.random.SeedSequence(master_seed)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in root.spawn(n)]
