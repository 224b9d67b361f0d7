"""Opening shared SQLite files safely when several processes start at the same moment.

Why: switching a fresh file to WAL and creating tables both need a write lock, and SQLite may
answer "database is locked" at once (without waiting for its busy timeout) when two new
connections race for it. Retrying the setup for a while turns that race into a short wait.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _locked(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def retry_locked(step: Callable[[], T], *, timeout: float = 30.0) -> T:
    """Run ``step`` again while SQLite says the file is locked, up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def enable_wal(con: sqlite3.Connection, *, synchronous: str | None = "NORMAL",
               timeout: float = 30.0) -> None:
    """WAL journal (readers never block the writer) with a busy timeout, race-safe."""

    def step() -> None:
        con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        if synchronous:
            con.execute(f"PRAGMA synchronous = {synchronous}")

    retry_locked(step, timeout=timeout)


def create_schema(con: sqlite3.Connection, script: str, *, timeout: float = 30.0) -> None:
    """Run a CREATE ... IF NOT EXISTS script in one write transaction taken up front."""
    retry_locked(lambda: con.executescript(f"BEGIN IMMEDIATE;\n{script}\nCOMMIT;"),
                 timeout=timeout)
