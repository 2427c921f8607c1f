"""A room's log: one SQLite file per room (stdlib ``sqlite3``, WAL mode, synchronous writes).

Every decision, every injected event, every facilitator action and every round's outcome
rows and state are appended as they happen, each in its own transaction, so a server that
dies loses nothing that was acknowledged: reopening the file gives the room back where it
was (:meth:`cogov.roleplay.room.Room.open` replays the closed rounds from the log). The log
exports to Parquet for research (:meth:`RoomLog.export_parquet`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seats (
    role TEXT PRIMARY KEY, token_hash TEXT NOT NULL, name TEXT NOT NULL, joined_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, round INTEGER NOT NULL, role TEXT NOT NULL,
    payload TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, round INTEGER NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS rounds (
    round INTEGER PRIMARY KEY, first_week INTEGER NOT NULL, last_week INTEGER NOT NULL,
    rows TEXT NOT NULL, state TEXT NOT NULL, notes TEXT NOT NULL, digest TEXT NOT NULL,
    closed_by TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, action TEXT NOT NULL, payload TEXT NOT NULL,
    at REAL NOT NULL
);
"""


class RoomLog:
    """The SQLite log of one room.

    Args:
        path: the room's file (created if missing).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        """Close the file (after a checkpoint, so the WAL is folded in)."""
        with self._lock:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self.conn.close()

    def _write(self, sql: str, args: tuple = ()) -> None:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.execute(sql, args)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self.conn.execute(sql, args).fetchall()

    # ---------------------------------------------------------------- meta
    def set_meta(self, key: str, value: str) -> None:
        """Set a room property."""
        self._write("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def meta(self) -> dict[str, str]:
        """Every room property."""
        return dict(self._read("SELECT key, value FROM meta"))

    # ---------------------------------------------------------------- seats
    def add_seat(self, role: str, token_hash: str, name: str) -> None:
        """Bind a role to a token (fails if the role is taken)."""
        self._write(
            "INSERT INTO seats(role, token_hash, name, joined_at) VALUES (?, ?, ?, ?)",
            (role, token_hash, name, time.time()),
        )

    def remove_seat(self, role: str) -> None:
        """Free a role."""
        self._write("DELETE FROM seats WHERE role = ?", (role,))

    def seats(self) -> dict[str, tuple[str, str]]:
        """Role → (token hash, name)."""
        return {r: (h, n) for r, h, n in self._read("SELECT role, token_hash, name FROM seats")}

    # ---------------------------------------------------------------- log
    def add_decision(self, rnd: int, role: str, payload: str) -> None:
        """Append a decision for a round."""
        self._write(
            "INSERT INTO decisions(round, role, payload, at) VALUES (?, ?, ?, ?)",
            (rnd, role, payload, time.time()),
        )

    def decisions(self, rnd: int | None = None) -> list[tuple[int, int, str, str, float]]:
        """(id, round, role, payload, time) in order, for one round or all."""
        sql = "SELECT id, round, role, payload, at FROM decisions"
        if rnd is None:
            return self._read(sql + " ORDER BY id")
        return self._read(sql + " WHERE round = ? ORDER BY id", (rnd,))

    def add_event(self, rnd: int, kind: str, payload: str) -> None:
        """Append an event injected for a round."""
        self._write(
            "INSERT INTO events(round, kind, payload, at) VALUES (?, ?, ?, ?)",
            (rnd, kind, payload, time.time()),
        )

    def events(self, rnd: int | None = None) -> list[tuple[int, int, str, str, float]]:
        """(id, round, kind, payload, time) in order, for one round or all."""
        sql = "SELECT id, round, kind, payload, at FROM events"
        if rnd is None:
            return self._read(sql + " ORDER BY id")
        return self._read(sql + " WHERE round = ? ORDER BY id", (rnd,))

    def add_round(
        self,
        rnd: int,
        first: int,
        last: int,
        rows: str,
        state: str,
        notes: str,
        digest: str,
        closed_by: str,
        meta: dict[str, str] | None = None,
    ) -> None:
        """Record a closed round (and room properties that change with it) in one transaction."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.execute(
                    "INSERT INTO rounds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rnd, first, last, rows, state, notes, digest, closed_by, time.time()),
                )
                for k, v in (meta or {}).items():
                    self.conn.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (k, v)
                    )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def rounds(self) -> list[tuple[Any, ...]]:
        """(round, first week, last week, rows, state, notes, digest, closed_by) in order."""
        return self._read(
            "SELECT round, first_week, last_week, rows, state, notes, digest, closed_by "
            "FROM rounds ORDER BY round"
        )

    def add_action(self, action: str, payload: str) -> None:
        """Append a facilitator action (pause, resume, timer, seat released)."""
        self._write(
            "INSERT INTO actions(action, payload, at) VALUES (?, ?, ?)",
            (action, payload, time.time()),
        )

    # ---------------------------------------------------------------- export
    def export_parquet(self, folder: Path) -> dict[str, Path]:
        """Write the log's tables as Parquet files in ``folder``; return them by table.

        ``timeseries`` has one row per week played (the outcome columns, with the round);
        ``decisions`` one row per decision field submitted (round, role, field, value as
        JSON, time); ``events``, ``rounds`` (state as JSON) and ``actions`` as logged.
        """
        import json

        import pandas as pd

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out: dict[str, Path] = {}
        ts = []
        rounds = []
        for rnd, first, last, rows, state, notes, dig, by in self.rounds():
            for row in json.loads(rows):
                ts.append({"round": rnd, **row})
            rounds.append(
                {"round": rnd, "first_week": first, "last_week": last, "state": state,
                 "notes": notes, "digest": dig, "closed_by": by}
            )  # fmt: skip
        dec = []
        for id_, rnd, role, payload, at in self.decisions():
            for k, v in json.loads(payload).items():
                dec.append(
                    {"id": id_, "round": rnd, "role": role, "field": k,
                     "value": json.dumps(v), "at": at}
                )  # fmt: skip
        ev = [
            {"id": i, "round": r, "kind": k, "params": p, "at": at}
            for i, r, k, p, at in self.events()
        ]
        act = [
            {"id": i, "action": a, "payload": p, "at": at}
            for i, a, p, at in self._read("SELECT id, action, payload, at FROM actions ORDER BY id")
        ]
        tables = {
            "timeseries": pd.DataFrame(ts),
            "decisions": pd.DataFrame(dec, columns=["id", "round", "role", "field", "value", "at"]),
            "events": pd.DataFrame(ev, columns=["id", "round", "kind", "params", "at"]),
            "rounds": pd.DataFrame(
                rounds,
                columns=[
                    "round",
                    "first_week",
                    "last_week",
                    "state",
                    "notes",
                    "digest",
                    "closed_by",
                ],
            ),  # fmt: skip
            "actions": pd.DataFrame(act, columns=["id", "action", "payload", "at"]),
        }
        for name, df in tables.items():
            path = folder / f"{name}.parquet"
            df.to_parquet(path, index=False)
            out[name] = path
        return out
