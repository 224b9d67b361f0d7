"""Being a good client of a shared geocoding service: pace, back off, and stop when it is down.

Small, clock-injectable pieces so the fallback stays readable and each rule is tested alone:
a process-wide rate limiter per endpoint, exponential backoff that honours Retry-After, and a
circuit breaker that stops asking a service that keeps failing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """At most one request per ``min_delay`` seconds, for every caller sharing the instance.

    :meth:`shared` hands out one limiter per endpoint key so two Fallback objects pointed at
    the same service in one process still respect the service's limit together.
    """

    _registry: dict[str, RateLimiter] = {}
    _registry_lock = threading.Lock()

    def __init__(
        self, min_delay: float, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep
    ) -> None:
        self.min_delay = min_delay
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_ok = float("-inf")

    @classmethod
    def shared(cls, key: str, min_delay: float) -> RateLimiter:
        """The limiter for ``key``; a stricter (larger) delay asked later wins."""
        with cls._registry_lock:
            lim = cls._registry.get(key)
            if lim is None:
                lim = cls._registry[key] = cls(min_delay)
            else:
                lim.min_delay = max(lim.min_delay, min_delay)
            return lim

    def wait(self) -> float:
        """Block until a request may go out and claim that slot; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            delay = max(0.0, self._next_ok - now)
            if delay:
                self._sleep(delay)
            self._next_ok = max(now + delay, self._clock()) + self.min_delay
            return delay

    def hold_off(self, seconds: float) -> None:
        """Push the next slot back, e.g. after a 429 with Retry-After: the whole process waits."""
        with self._lock:
            self._next_ok = max(self._next_ok, self._clock() + seconds)


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
