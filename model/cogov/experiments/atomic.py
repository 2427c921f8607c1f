"""Writing files so that a sweep killed at any moment leaves either a whole file or none.

Every file of an output folder is written to a temporary name in the same folder, flushed
to disk, and moved into place with ``os.replace``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

#: Prefix of the temporary files (removed when a folder is opened again).
TMP_PREFIX = ".tmp-"


def now() -> str:
    """Return the current UTC time as ISO 8601 text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk; errors are ignored."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_mode() -> int:
    """Return the mode of a new file under this process's umask (0644 under umask 022).

    ``tempfile.mkstemp`` creates files 0600; every output is given this mode instead, so
    that run files, the manifest and the report share one mode whatever wrote them.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644


def atomic_write_bytes(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file, fsync, then ``os.replace``.

    Args:
        path: the file.
        data: its content.
        sync_dir: also flush the folder, so that the new name survives a power cut at once.
            Writers of many files (the run ledger) pass False and flush the folder once
            with :func:`fsync_dir`: the file's content is always on disk before its name
            appears, and a name lost in a crash only means that run is done again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if sync_dir:
        fsync_dir(path.parent)


def json_bytes(data: Any) -> bytes:
    """Return ``data`` as indented UTF-8 JSON text (the form of every JSON file written)."""
    text = json.dumps(data, indent=2, sort_keys=False, default=str, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def parquet_bytes(table: pa.Table) -> bytes:
    """Return an Arrow table as the bytes of a Parquet file (zstd, no dictionary pages).

    Dictionary encoding is off: run tables are short and mostly floats, where it costs
    time and makes the file larger.
    """
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", use_dictionary=False)
    return sink.getvalue().to_pybytes()


def atomic_write_json(path: Path, data: Any) -> None:
    """Write JSON to ``path`` atomically."""
    atomic_write_bytes(path, json_bytes(data))


def atomic_write_parquet(path: Path, table: pa.Table) -> None:
    """Write an Arrow table to a Parquet file atomically."""
    atomic_write_bytes(path, parquet_bytes(table))


__all__ = [
    "TMP_PREFIX",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_parquet",
    "file_mode",
    "fsync_dir",
    "json_bytes",
    "now",
    "parquet_bytes",
]
