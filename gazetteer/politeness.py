"""Being a good client of a shared geocoding service: pace, back off, and stop when it is down.

Small, clock-injectable pieces so the fallback stays readable and each rule is tested alone:
a rate limiter per endpoint shared by all processes using one SQLite file, exponential backoff
that honours Retry-After, and a circuit breaker that stops asking a failing service.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class SharedRateLimiter:
    """At most one request per ``min_delay`` seconds to an endpoint, for every thread and every
    process that uses the same SQLite file: the next free slot per endpoint is a row
    (wall-clock time), claimed in an IMMEDIATE transaction. So two `geomap add` runs at once
    still send Nominatim at most one request a second together.

    A slot further ahead than ``max_hold`` seconds is taken as a clock jump and ignored.
    """

    _registry: dict[tuple[str, str], SharedRateLimiter] = {}
    _registry_lock = threading.Lock()

    def __init__(
        self,
        path: str | Path,
        key: str,
        min_delay: float,
        *,
        max_hold: float = 3600.0,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.key, self.min_delay, self.max_hold = key, min_delay, max_hold
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS geocoder_pacing"
            " (endpoint TEXT PRIMARY KEY, next_ok REAL NOT NULL)"
        )

    @classmethod
    def shared(cls, path: str | Path, key: str, min_delay: float) -> SharedRateLimiter:
        """One limiter per (file, endpoint) in this process; a stricter delay asked later wins."""
        with cls._registry_lock:
            reg_key = (str(Path(path).resolve()), key)
            lim = cls._registry.get(reg_key)
            if lim is None:
                lim = cls._registry[reg_key] = cls(path, key, min_delay)
            else:
                lim.min_delay = max(lim.min_delay, min_delay)
            return lim

    def _claim(self, ahead: float) -> float:
        """Take the slot if it is free (returns 0), else return the seconds to wait for it."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            row = self._db.execute(
                "SELECT next_ok FROM geocoder_pacing WHERE endpoint = ?", (self.key,)
            ).fetchone()
            now = self._clock()
            next_ok = row[0] if row else float("-inf")
            if next_ok - now > self.max_hold:
                next_ok = float("-inf")  # a clock jump, not a real wait
            if next_ok > now:
                return next_ok - now
            self._db.execute(
                "INSERT INTO geocoder_pacing VALUES (?, ?) ON CONFLICT (endpoint)"
                " DO UPDATE SET next_ok = excluded.next_ok",
                (self.key, now + ahead),
            )
            return 0.0
        finally:
            self._db.execute("COMMIT")

    def wait(self) -> float:
        """Block until a request may go out and claim that slot; returns the seconds waited."""
        waited = 0.0
        with self._lock:
            while (delay := self._claim(self.min_delay)) > 0:
                self._sleep(delay)
                waited += delay
        return waited

    def hold_off(self, seconds: float) -> None:
        """Push the next slot back for every process (e.g. after a 429 with Retry-After)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO geocoder_pacing VALUES (?, ?) ON CONFLICT (endpoint)"
                " DO UPDATE SET next_ok = max(next_ok, excluded.next_ok)",
                (self.key, self._clock() + seconds),
            )

    def close(self) -> None:
        self._db.close()


@dataclass(slots=True)
class Backoff:
    """Exponential backoff: base * 2**attempt, capped; a server's Retry-After wins when given."""

    base: float = 1.0
    cap: float = 60.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return max(0.0, float(retry_after))
        return min(self.cap, self.base * (2**attempt))


@dataclass(slots=True)
class CircuitBreaker:
    """Open after ``threshold`` consecutive failures; after ``cooldown`` s let one trial through.

    threshold 0 disables the breaker.
    """

    threshold: int = 5
    cooldown: float = 300.0
    clock: Clock = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        if self.clock() - self.opened_at >= self.cooldown:
            return "half-open"
        return "open"

    def allow(self) -> bool:
        """True when a request may go out (closed, or half-open: one trial)."""
        with self._lock:
            st = self.state
            if st == "half-open":
                # the trial is running: hold the rest until it reports back
                self.opened_at = self.clock()
                return True
            return st == "closed"

    def retry_in(self) -> float:
        if self.opened_at is None:
            return 0.0
        return max(0.0, self.cooldown - (self.clock() - self.opened_at))

    def success(self) -> None:
        with self._lock:
            self.failures = 0
            self.opened_at = None

    def failure(self) -> None:
        with self._lock:
            self.failures += 1
            if self.threshold and self.failures >= self.threshold:
                self.opened_at = self.clock()
