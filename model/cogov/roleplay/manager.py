"""The rooms a server holds: creation, lookup by code, a worker per room, the round timers.

Each room runs its rounds in its own worker thread and has its own lock, so stepping one
room's model never holds another room's lock: a trainee in room B can send decisions, and
B's facilitator can advance, while room A is stepping. A timer thread closes rounds whose
time is up (it only hands the work to the room's worker). At start, every room file under
the folder is reopened where it was (:meth:`cogov.roleplay.room.Room.open`).
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from cogov.roleplay.engine import GameConfig
from cogov.roleplay.roles import DecisionError
from cogov.roleplay.room import OPEN, CodeTaken, Room

#: Where rooms live unless told otherwise: ``results/roleplay/`` (env ``COGOV_ROLEPLAY_DIR``).
DEFAULT_ROOT = Path("results") / "roleplay"


class RoomManager:
    """Every room under one folder.

    Args:
        root: the folder of the rooms' files.
        tick_s: how often the timer thread looks for rounds whose time is up.
    """

    def __init__(self, root: Path = DEFAULT_ROOT, tick_s: float = 0.5):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.rooms: dict[str, Room] = {}
        self.broken: dict[str, str] = {}
        self._workers: dict[str, ThreadPoolExecutor] = {}
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.tick_s = tick_s
        for path in sorted(self.root.glob("*.sqlite")):
            try:
                room = Room.open(path)
            except Exception as exc:  # a room that cannot resume must not stop the others
                self.broken[path.stem] = str(exc)
                continue
            self._add(room)
        self._timer = threading.Thread(target=self._tick, name="roleplay-timer", daemon=True)
        self._timer.start()

    def _add(self, room: Room) -> None:
        with self._lock:
            self.rooms[room.code] = room
            self._workers[room.code] = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=f"room-{room.code}"
            )

    def create(self, config: GameConfig) -> tuple[Room, str]:
        """Create a room; return it and the facilitator's token."""
        config.check()
        for _ in range(20):
            try:
                room, token = Room.create(self.root, config)
                break
            except CodeTaken:  # a code already used: draw another
                continue
        else:  # pragma: no cover - 32^6 codes
            raise RuntimeError("no free room code")
        self._add(room)
        return room, token

    def get(self, code: str) -> Room:
        """The room with this code.

        Raises:
            DecisionError: for an unknown code (in English and Chinese).
        """
        room = self.rooms.get(str(code).strip().upper())
        if room is None:
            raise DecisionError(
                f"no room with code {code!r}; check the code on the facilitator's screen",
                f"没有房间码为 {code!r} 的房间；请核对主持人屏幕上的房间码",
            )
        return room

    def advance(self, code: str, fac_token: str | None, by: str = "facilitator") -> Future:
        """Close the room's round in its own worker; return the future (round closed)."""
        room = self.get(code)
        if by != "timer" and not room.is_facilitator(fac_token):
            room._facilitator(fac_token)  # raises AccessError
        with self._lock:
            pending = self._pending.get(code)
            if pending is not None and not pending.done():
                return pending  # a double click closes one round, not two
            fut = self._workers[code].submit(room.advance, fac_token, by=by)
            self._pending[code] = fut
            return fut

    def _tick(self) -> None:
        while not self._stop.wait(self.tick_s):
            now = time.time()
            for code, room in list(self.rooms.items()):
                if room.status == OPEN and room.deadline is not None and now >= room.deadline:
                    try:
                        self.advance(code, None, by="timer")
                    except Exception:  # noqa: S112 - a failing room must not stop the timer
                        continue

    def close(self) -> None:
        """Stop the timer and the workers; close every room's file."""
        self._stop.set()
        self._timer.join(timeout=5)
        for w in self._workers.values():
            w.shutdown(wait=True)
        for room in self.rooms.values():
            room.close()


_default: RoomManager | None = None
_default_lock = threading.Lock()


def default_manager() -> RoomManager:
    """The server's rooms (one manager per process), in ``COGOV_ROLEPLAY_DIR``."""
    global _default
    with _default_lock:
        if _default is None:
            _default = RoomManager(Path(os.environ.get("COGOV_ROLEPLAY_DIR", DEFAULT_ROOT)))
        return _default
