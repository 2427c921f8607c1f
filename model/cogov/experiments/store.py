"""The output folder of a sweep: one Parquet file per finished run, and a manifest.

Layout::

    OUT/
      manifest.json        what was run: experiment, identity, provenance, one entry per sweep
      experiment.toml      a copy of the experiment file last used
      design.parquet       the design points (sampler values before rounding)
      runs/<run_id>.parquet       one per finished run: its timeseries, parameters and seed
      failed/<run_id>.json        one per failed run: parameters, seed and traceback
      results.parquet      every finished run in one table, kept by `cogov report` (a cache:
                           rebuilt from runs/ when they change; delete it at will)

Every file is written to a temporary name in the same folder and moved into place with
``os.replace`` (:mod:`cogov.experiments.atomic`), so a sweep killed at any moment leaves
either a whole file or none. The ``runs/`` and ``failed/`` files are the run ledger
(:class:`cogov.experiments.ledger.RunLedger`): a run is finished when its Parquet file exists;
a rerun skips it and retries the failed ones.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cogov.errors import InputError
from cogov.experiments.atomic import (
    TMP_PREFIX,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_parquet,
    now,
)
from cogov.experiments.ledger import (
    RUN_METADATA_KEY,
    RunLedger,
    RunStatus,
    SweepStatus,
    read_run_metadata,
)

MANIFEST = "manifest.json"
#: The lock file a sweep holds while it writes into a folder.
LOCK = ".lock"
RUNS = RunStatus.DONE.folder
FAILED = RunStatus.FAILED.folder
DESIGN = "design.parquet"
EXPERIMENT_COPY = "experiment.toml"
#: Version of the folder layout, recorded in the manifest.
LAYOUT_VERSION = 1
#: Columns that identify a run in every results table.
ID_COLUMNS = ("run_id", "scenario", "point", "replication", "seed")


class ResultStore:
    """An experiment's output folder.

    Args:
        root: the folder.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)
        #: The done and failed runs of the folder.
        self.ledger = RunLedger(self.root)
        #: What opening the folder corrected (stale sweeps, broken run files), for the user.
        self.notes: list[str] = []
        self._lock_fd: int | None = None

    # --- opening -----------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        root: Path | str,
        *,
        name: str,
        identity: Mapping[str, Any],
        identity_hash: str,
        spec: Mapping[str, Any],
        experiment_file: Path | None,
        design: pd.DataFrame,
    ) -> ResultStore:
        """Open a folder for a sweep, creating it, or check it holds the same experiment.

        The sweep holds an exclusive lock on ``OUT/.lock`` until :meth:`close` (or until its
        process ends, however it ends), so a second sweep into the same folder is refused
        rather than doing every run again; the checks below run under the lock. Sweeps the
        manifest still lists as running (their process was killed) are marked interrupted,
        and every finished run's file is checked before it is trusted
        (:meth:`RunLedger.verify`); :attr:`notes` says what was corrected.

        Raises:
            InputError: if the folder holds another experiment, files that are not an
                experiment's output, or another sweep is writing into it; nothing in it is
                changed.
        """
        store = cls(root)
        manifest_path = store.root / MANIFEST
        if store.root.exists() and not store.root.is_dir():
            raise InputError(
                f"--out {store.root}: exists and is not a folder; allowed: a folder path"
            )
        if (
            not manifest_path.exists()
            and store.root.exists()
            and any(p.name != LOCK for p in store.root.iterdir())
        ):
            raise InputError(
                f"{store.root}: the folder exists and is not the output of an experiment (it "
                f"has no {MANIFEST}); refusing to write into it: choose another --out folder"
            )
        store.root.mkdir(parents=True, exist_ok=True)
        store._lock()
        try:
            store._open_locked(name, identity, identity_hash, spec, experiment_file, design)
            store._sign_lock()
        except BaseException:
            store.close()
            raise
        return store

    def _open_locked(
        self,
        name: str,
        identity: Mapping[str, Any],
        identity_hash: str,
        spec: Mapping[str, Any],
        experiment_file: Path | None,
        design: pd.DataFrame,
    ) -> None:
        manifest_path = self.root / MANIFEST
        if manifest_path.exists():
            manifest = self.manifest()
            if manifest.get("identity_hash") != identity_hash:
                raise InputError(_different_message(self.root, manifest, name, identity))
            saved = self.root / DESIGN
            if saved.exists() and not _same_design(pd.read_parquet(saved), design):
                raise InputError(
                    f"{self.root}: the design points generated now differ from those of the "
                    "runs already in the folder (a different SALib version?); refusing to mix "
                    "them: choose another --out folder"
                )
            for entry in manifest.get("sweeps", []):
                if entry.get("status") == SweepStatus.RUNNING:
                    entry["status"] = SweepStatus.INTERRUPTED
                    entry["note"] = "its process ended without recording it (killed)"
                    self.notes.append(
                        f"the sweep started {entry.get('started')} was left 'running' (its "
                        "process was killed); marked interrupted"
                    )
        else:
            manifest = {
                "layout_version": LAYOUT_VERSION,
                "experiment": name,
                "identity_hash": identity_hash,
                "identity": dict(identity),
                "created": now(),
                "sweeps": [],
            }
        self.ledger.prepare()
        self.notes.extend(self.ledger.verify())
        for tmp in self.root.glob(f"{TMP_PREFIX}*"):
            tmp.unlink(missing_ok=True)
        manifest["spec"] = dict(spec)
        atomic_write_json(manifest_path, manifest)
        if not (self.root / DESIGN).exists():
            atomic_write_parquet(self.root / DESIGN, pa.Table.from_pandas(design))
        if experiment_file is not None and Path(experiment_file).is_file():
            atomic_write_bytes(self.root / EXPERIMENT_COPY, Path(experiment_file).read_bytes())

    def _lock(self) -> None:
        """Take the folder's exclusive lock, or raise InputError if another sweep holds it."""
        path = self.root / LOCK
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise InputError(
                f"--out {self.root}: another sweep is writing into this folder"
                + (f" ({holder})" if holder else "")
                + "; wait for it to end (a rerun then resumes), or choose another --out folder"
            ) from None
        except OSError:
            os.close(fd)
            raise
        self._lock_fd = fd

    def _sign_lock(self) -> None:
        """Say in the lock file who holds it (for the message a second sweep gets)."""
        if self._lock_fd is not None:
            text = f"pid {os.getpid()} on {socket.gethostname()} since {now()}\n"
            os.ftruncate(self._lock_fd, 0)
            os.pwrite(self._lock_fd, text.encode(), 0)

    def close(self) -> None:
        """Release the folder's lock (also released when the process ends)."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """Return the manifest.

        Raises:
            InputError: if the folder has no readable manifest.
        """
        path = self.root / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or not isinstance(manifest.get("sweeps", []), list):
                raise ValueError("not a manifest")
            return manifest
        except FileNotFoundError:
            raise InputError(
                f"{self.root}: not an experiment output folder (no {MANIFEST}); run "
                "'cogov sweep EXPERIMENT --out DIR' first"
            ) from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot be read: {exc}") from None

    # --- writing -----------------------------------------------------------------------
    def record_sweep(self, entry: Mapping[str, Any], *, replace_last: bool = False) -> None:
        """Append (or update) this sweep's entry in the manifest's list of sweeps.

        The entry's ``status`` is a :class:`SweepStatus` (written as its string value).
        """
        manifest = self.manifest()
        sweeps = manifest.setdefault("sweeps", [])
        if replace_last and sweeps:
            sweeps[-1] = dict(entry)
        else:
            sweeps.append(dict(entry))
        manifest["updated"] = now()
        atomic_write_json(self.root / MANIFEST, manifest)


def _same_design(saved: pd.DataFrame, new: pd.DataFrame) -> bool:
    if list(saved.columns) != list(new.columns) or len(saved) != len(new):
        return False
    try:
        pd.testing.assert_frame_equal(
            saved.reset_index(drop=True), new.reset_index(drop=True), check_dtype=False
        )
    except AssertionError:
        return False
    return True


def _different_message(
    root: Path, manifest: Mapping[str, Any], name: str, identity: Mapping[str, Any]
) -> str:
    old = manifest.get("identity", {})
    keys = sorted(set(old) | set(identity))
    differ = [
        k
        for k in keys
        if json.dumps(old.get(k), sort_keys=True, default=str)
        != json.dumps(identity.get(k), sort_keys=True, default=str)
    ]
    details = []
    for key in differ:
        if key == "scenario_params":
            changed = sorted(
                s
                for s in set(old.get(key, {})) | set(identity.get(key, {}))
                if old.get(key, {}).get(s) != identity.get(key, {}).get(s)
            )
            details.append(f"scenario parameters of {', '.join(changed)}")
        else:
            details.append(f"{key} ({_short(old.get(key))} there, {_short(identity.get(key))} now)")
    return (
        f"{root}: holds the results of experiment '{manifest.get('experiment')}', which differs "
        f"from '{name}' in: {'; '.join(details)}. Refusing to mix or overwrite them: choose "
        "another --out folder (only the replication count, precision and report settings may "
        "change between sweeps into one folder)"
    )


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def run_files(directory: Path | str) -> list[Path]:
    """Return the Parquet files of the finished runs in an output folder, sorted by name."""
    return RunLedger(directory).paths(RunStatus.DONE)


#: Threads reading run files at once (Parquet decoding releases the GIL; many files are small).
READ_THREADS = 4


def _read_run(path: Path, columns: Sequence[str] | None) -> pa.Table:
    try:
        if columns is None:
            return pq.read_table(path, use_threads=False)
        file = pq.ParquetFile(path)
        present = set(file.schema_arrow.names)
        return file.read(columns=[c for c in columns if c in present], use_threads=False)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(
            f"{path}: the run file cannot be read ({type(exc).__name__}: it may be truncated); "
            "run the same 'cogov sweep' again: it sets broken files aside and redoes those runs"
        ) from None


#: Every finished run in one table, kept by reports (``load_results(..., cache=True)``).
RESULTS_CACHE = "results.parquet"
#: The cache's Parquet metadata key: the run files it holds (name -> [size, mtime_ns]) and
#: the columns it has (None: all).
CACHE_METADATA_KEY = b"cogov.cache"


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _read_runs(files: Sequence[Path], columns: Sequence[str] | None) -> list[pa.Table]:
    if not files:
        return []
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        return [
            t.replace_schema_metadata(None)
            for t in pool.map(lambda path: _read_run(path, columns), files)
        ]


def _cached_runs(
    directory: Path, files: Sequence[Path], columns: Sequence[str] | None
) -> list[pa.Table]:
    """The runs in ``files``: from the cache where it holds them unchanged, else read.

    The cache is rewritten (atomically) when runs were added, changed or removed, or when
    it lacks a column asked for; a folder that cannot be written is read without it.
    """
    path = directory / RESULTS_CACHE
    stamps = {f.name: _stamp(f) for f in files}
    cached: pa.Table | None = None
    held: dict[str, list[int]] = {}
    if path.exists():
        try:
            meta = json.loads(pq.read_schema(path).metadata[CACHE_METADATA_KEY])
            has = meta["columns"]
            if has is None or (columns is not None and set(columns) <= set(has)):
                held = {k: v for k, v in meta["files"].items() if stamps.get(k) == v}
                cached = pq.read_table(path) if held else None
                if cached is not None and len(held) < len(meta["files"]):
                    keep = pa.array(sorted(Path(name).stem for name in held))
                    cached = cached.filter(pc.is_in(cached["run_id"], value_set=keep))
        except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
            cached, held = None, {}
    new = [f for f in files if f.name not in held]
    tables = ([cached] if cached is not None else []) + _read_runs(new, columns)
    if new or len(held) != len(stamps) or not path.exists():
        whole = pa.concat_tables(tables, promote_options="permissive")
        meta = {"files": stamps, "columns": None if columns is None else list(columns)}
        whole = whole.replace_schema_metadata(
            {CACHE_METADATA_KEY: json.dumps(meta).encode("utf-8")}
        )
        try:
            atomic_write_parquet(path, whole)
        except OSError:
            pass  # a read-only folder: the report is built without the cache
        tables = [whole.replace_schema_metadata(None)]
    return tables


def load_results(
    directory: Path | str, columns: Sequence[str] | None = None, *, cache: bool = False
) -> pd.DataFrame:
    """Load every finished run of an output folder into one tidy table.

    One row per run and step. Columns: ``run_id``, ``scenario``, ``point`` (index of the
    design point), ``replication``, ``seed``, one column per varied parameter (named by its
    dotted key, e.g. ``population.willingness_mean``), ``step``, then the outcome columns
    kept. Rows are sorted by scenario (in the experiment's order), point, replication and
    step. Failed runs are not included (see ``failed/``).

    Args:
        directory: the output folder of ``cogov sweep``.
        columns: read only these columns (those a run file lacks are left out; the id
            columns and ``step`` are always read); default every column.
        cache: keep every run read in ``OUT/results.parquet`` and read the runs from it
            next time, reading only the run files added or changed since (what
            ``cogov report`` does); the table returned is the same either way.

    Returns:
        The results; an empty table with the id columns if no run has finished.

    Raises:
        InputError: if the folder is not an experiment's output folder.
    """
    directory = Path(directory)
    manifest = ResultStore(directory).manifest()
    files = run_files(directory)
    if not files:
        return pd.DataFrame(columns=[*ID_COLUMNS, "step"])
    if columns is not None:
        columns = list(dict.fromkeys([*ID_COLUMNS, "step", *columns]))
    tables = _cached_runs(directory, files, columns) if cache else _read_runs(files, columns)
    table = pa.concat_tables(tables, promote_options="permissive")
    if columns is not None:
        table = table.select([c for c in table.column_names if c in set(columns)])
    frame = table.to_pandas()
    order = {label: i for i, label in enumerate(_labels(manifest))}
    frame["_order"] = frame["scenario"].map(order).fillna(len(order))
    frame = frame.sort_values(["_order", "scenario", "point", "replication", "step"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def _labels(manifest: Mapping[str, Any]) -> list[str]:
    from cogov.experiments.spec import scenario_label

    return [scenario_label(s) for s in manifest.get("spec", {}).get("scenarios", [])]


def load_manifest(directory: Path | str) -> dict[str, Any]:
    """Return the manifest of an output folder (raises InputError if there is none)."""
    return ResultStore(directory).manifest()


def sweep_status(entry: Mapping[str, Any]) -> SweepStatus | None:
    """Return the status of one of the manifest's sweep entries (None if it has none)."""
    value = entry.get("status")
    return SweepStatus(value) if value is not None else None


__all__ = [
    "DESIGN",
    "EXPERIMENT_COPY",
    "FAILED",
    "ID_COLUMNS",
    "LAYOUT_VERSION",
    "LOCK",
    "MANIFEST",
    "RESULTS_CACHE",
    "RUNS",
    "RUN_METADATA_KEY",
    "ResultStore",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_parquet",
    "load_manifest",
    "load_results",
    "now",
    "read_run_metadata",
    "run_files",
    "sweep_status",
]
