"""The run ledger: which runs of an output folder are done and which failed.

A run's outcome is recorded once, as one file named by its run id:

* :attr:`RunStatus.DONE`: ``runs/<run_id>.parquet``, the run's table, with its record
  (identity, parameters, seed, timing, worker) as JSON in the Parquet metadata;
* :attr:`RunStatus.FAILED`: ``failed/<run_id>.json``, its record (identity, parameters,
  error and traceback).

:class:`RunLedger` writes and reads both through one code path: :meth:`RunLedger.encode`
turns a record (and table) into the file's bytes, which a worker may do;
:meth:`RunLedger.write` puts the bytes in place atomically and clears the run's other
status; :meth:`RunLedger.ids`, :meth:`RunLedger.records` and :meth:`RunLedger.status` answer
what is done or failed. Finished runs are skipped by a rerun; failed ones are retried, and
a success clears the failure.

:class:`SweepStatus` is the status of one sweep in the manifest's list of sweeps; its values
are the strings written since the first layout, so older folders read the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cogov.experiments.atomic import (
    TMP_PREFIX,
    atomic_write_bytes,
    fsync_dir,
    json_bytes,
    parquet_bytes,
)

#: Key of the run's JSON record in each run's Parquet metadata.
RUN_METADATA_KEY = b"cogov.run"
#: Suffix given to a run file that fails the check on resume (kept, not counted as done).
BROKEN_SUFFIX = ".broken"


class RunStatus(StrEnum):
    """The outcome of one run, as recorded in the ledger."""

    DONE = "done"
    FAILED = "failed"

    @property
    def folder(self) -> str:
        """The folder (in an output folder) holding runs of this status."""
        return _FOLDERS[self]

    @property
    def suffix(self) -> str:
        """The file suffix of a run of this status."""
        return _SUFFIXES[self]


_FOLDERS = {RunStatus.DONE: "runs", RunStatus.FAILED: "failed"}
_SUFFIXES = {RunStatus.DONE: ".parquet", RunStatus.FAILED: ".json"}


class SweepStatus(StrEnum):
    """The status of one sweep, in the manifest's ``sweeps`` entries."""

    RUNNING = "running"
    COMPLETE = "complete"
    FAILED_RUNS = "failed runs"
    INTERRUPTED = "interrupted"


def run_table(frame: pd.DataFrame, record: Mapping[str, Any]) -> pa.Table:
    """Return a run's table with its record (parameters, seed, timing) as JSON metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[RUN_METADATA_KEY] = json.dumps(dict(record), default=str).encode("utf-8")
    return table.replace_schema_metadata(meta)


def read_run_metadata(path: Path | str) -> dict[str, Any]:
    """Return the record of one run file: run id, parameters, seed, wall time, worker."""
    meta = pq.read_schema(path).metadata or {}
    return json.loads(meta[RUN_METADATA_KEY])


def _run_file_problem(path: Path) -> str | None:
    """Return what is wrong with a finished run's file, or None if it can be trusted."""
    try:
        meta = pq.read_metadata(path)
        record = json.loads((meta.metadata or {})[RUN_METADATA_KEY])
    except (OSError, KeyError, ValueError, pa.ArrowException) as exc:
        return f"unreadable ({type(exc).__name__})"
    if record.get("run_id") != path.stem:
        return f"its record names run {record.get('run_id')!r}"
    expected = record.get("rows", record.get("steps"))
    if isinstance(expected, int) and meta.num_rows != expected:
        return f"{meta.num_rows} rows where its record says {expected}"
    return None


class RunLedger:
    """The done and failed runs of one output folder.

    Args:
        root: the output folder.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)

    # --- where ---------------------------------------------------------------------------
    def folder(self, status: RunStatus) -> Path:
        """Return the folder holding runs of ``status``."""
        return self.root / status.folder

    def path(self, run_id: str, status: RunStatus) -> Path:
        """Return the file recording that run ``run_id`` has ``status``."""
        return self.folder(status) / f"{run_id}{status.suffix}"

    def prepare(self) -> None:
        """Create the folders and remove temporary files left by a killed sweep."""
        for status in RunStatus:
            folder = self.folder(status)
            folder.mkdir(parents=True, exist_ok=True)
            for tmp in folder.glob(f"{TMP_PREFIX}*"):
                tmp.unlink(missing_ok=True)

    def verify(self) -> list[str]:
        """Check every finished run's file before it is trusted; set aside those that fail.

        A run file counts as done only if its Parquet footer reads, its record names the
        run, and it holds the rows its record says (``rows``; older files: ``steps``). A
        file that fails (a truncated copy, a disk error) is renamed ``<run_id>.parquet.broken``
        (kept for inspection, no longer counted) so that the run is done again.

        Returns:
            One line per file set aside.
        """
        notes = []
        for path in self.paths(RunStatus.DONE):
            problem = _run_file_problem(path)
            if problem is None:
                continue
            path.replace(path.with_name(path.name + BROKEN_SUFFIX))
            notes.append(
                f"{path.name}: {problem}; set aside as {path.name}{BROKEN_SUFFIX}, to run again"
            )
        return notes

    # --- writing -------------------------------------------------------------------------
    @staticmethod
    def encode(
        status: RunStatus, record: Mapping[str, Any], frame: pd.DataFrame | None = None
    ) -> bytes:
        """Return the bytes of the file recording a run's outcome.

        Pure (no file is touched), so a worker can encode its run and send only bytes back.

        Args:
            status: the outcome.
            record: the run's record (its identity and what else is kept); ``status`` is
                added to it.
            frame: the run's table (required for :attr:`RunStatus.DONE`).
        """
        record = {**record, "status": status.value}
        if status is RunStatus.DONE:
            if frame is None:
                raise ValueError("a finished run needs its table")
            return parquet_bytes(run_table(frame, record))
        return json_bytes(record)

    def write(self, run_id: str, status: RunStatus, data: bytes) -> Path:
        """Record a run's outcome from :meth:`encode`'s bytes, atomically.

        A finished run clears its earlier failure record (a run that succeeds on retry is no
        longer failed); a failure never removes a finished run's data. The file's content is
        on disk before its name appears; call :meth:`sync` to flush the names too.
        """
        path = self.path(run_id, status)
        atomic_write_bytes(path, data, sync_dir=False)
        if status is RunStatus.DONE:
            self.path(run_id, RunStatus.FAILED).unlink(missing_ok=True)
        return path

    def record(
        self, status: RunStatus, record: Mapping[str, Any], frame: pd.DataFrame | None = None
    ) -> Path:
        """Encode and write a run's outcome; ``record['run_id']`` names the run."""
        return self.write(record["run_id"], status, self.encode(status, record, frame))

    def sync(self) -> None:
        """Flush the ledger's folders, so that every name written so far survives a crash."""
        for status in RunStatus:
            fsync_dir(self.folder(status))

    # --- reading -------------------------------------------------------------------------
    def paths(self, status: RunStatus) -> list[Path]:
        """Return the files of the runs with ``status``, sorted by name."""
        folder = self.folder(status)
        if not folder.exists():
            return []
        return sorted(p for p in folder.glob(f"*{status.suffix}") if not p.name.startswith("."))

    def ids(self, status: RunStatus) -> set[str]:
        """Return the ids of the runs with ``status``."""
        return {p.stem for p in self.paths(status)}

    def status(self, run_id: str) -> RunStatus | None:
        """Return the recorded status of a run (done wins over failed), or None."""
        for status in RunStatus:
            if self.path(run_id, status).exists():
                return status
        return None

    @staticmethod
    def read(path: Path, status: RunStatus) -> dict[str, Any]:
        """Return the record in one ledger file."""
        if status is RunStatus.DONE:
            return read_run_metadata(path)
        return json.loads(path.read_text(encoding="utf-8"))

    def records(self, status: RunStatus) -> list[dict[str, Any]]:
        """Return the records of the runs with ``status``, sorted by run id."""
        return [self.read(p, status) for p in self.paths(status)]

    def done_ids(self) -> set[str]:
        """Return the ids of the finished runs."""
        return self.ids(RunStatus.DONE)

    def failed_ids(self) -> set[str]:
        """Return the ids of runs that failed and have not succeeded since."""
        return self.ids(RunStatus.FAILED)

    def failures(self) -> list[dict[str, Any]]:
        """Return the records of failed runs (parameters, seed, error, traceback)."""
        return self.records(RunStatus.FAILED)


__all__ = [
    "BROKEN_SUFFIX",
    "RUN_METADATA_KEY",
    "RunLedger",
    "RunStatus",
    "SweepStatus",
    "read_run_metadata",
    "run_table",
]
