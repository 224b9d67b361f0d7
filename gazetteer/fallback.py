"""Ask a geocoder (geopy; Nominatim by default) for a name the gazetteer lacks: politely,
once per name ever (cached), and never fatally — every fault comes back as a status + reason.

    fb = Fallback(load_config())
    fb.new_article()
    r = fb.geocode("Sudzha", lang="id")
    r.status in {"found", "not_found", "error", "offline", "budget", "breaker_open", "refused"}
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gazetteer.config import GeocoderConfig, load_config
from gazetteer.geocache import GeoCache, Question
from gazetteer.geocoders import BackendRefused, backend_for, user_agent_problem
from gazetteer.place import Place
from gazetteer.politeness import Backoff, CircuitBreaker, SharedRateLimiter

log = logging.getLogger("geomap.geocoder")

STATUSES = ("found", "not_found", "error", "offline", "budget", "breaker_open", "refused")
#: Longest name sent to a geocoder: longer "names" are sentences the geoparser mis-cut.
MAX_NAME_LENGTH = 200
#: HTTP statuses that are about the query itself: asking again later would not help, and they
#: say nothing about the service's health, so they do not count towards the breaker.
_QUERY_STATUSES = frozenset({400, 413, 414})


@dataclass(frozen=True, slots=True)
class FallbackResult:
    """What the fallback did for one name. ``place`` is set only when status is "found"."""

    status: str
    place: Place | None = None
    reason: str | None = None
    cached: bool = False
    query: str = ""
    attempts: int = 0  # HTTP requests made for this call (0 when cached/offline/refused)

    @property
    def answered(self) -> bool:
        """True when the service gave an answer (found or not found) — nothing to retry."""
        return self.status in ("found", "not_found")

    @property
    def retryable(self) -> bool:
        """True when asking again later may help (network fault, offline, budget, breaker,
        or a configuration that refused to go out): what `geomap resolve --retry` re-asks."""
        return not self.answered

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "status": self.status,
            "place": self.place.to_dict() if self.place else None,
            "reason": self.reason,
            "cached": self.cached,
            "attempts": self.attempts,
        }


@dataclass(frozen=True, slots=True)
class _Fault:
    reason: str
    retryable: bool
    retry_after: float | None = None
    counts_for_breaker: bool = True


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and those it was raised from (geopy chains the adapter's error)."""
    out: list[BaseException] = []
    e: BaseException | None = error
    while e is not None and all(e is not x for x in out):
        out.append(e)
        e = e.__cause__ or e.__context__
    return out


def _http_status(error: BaseException) -> int | None:
    """The HTTP status behind a geopy exception."""
    for e in _chain(error):
        code = getattr(e, "status_code", None)
        if isinstance(code, int):
            return code
    return None


def classify(error: BaseException, timeout: float) -> _Fault:
    """Which faults are worth another try (429, 5xx, timeouts, refused connections)."""
    from geopy import exc

    status = _http_status(error)
    if isinstance(error, exc.GeocoderRateLimited) or status == 429:
        after = getattr(error, "retry_after", None)
        hint = f", Retry-After {after:g} s" if after is not None else ""
        return _Fault(f"rate limited (HTTP 429{hint})", True, after)
    if status is not None:
        if status >= 500 or status == 408:
            return _Fault(f"server error (HTTP {status})", True)
        return _Fault(
            f"refused by the service (HTTP {status}): {error}",
            False,
            counts_for_breaker=status not in _QUERY_STATUSES,
        )
    # geopy's urllib adapter (used when requests is absent) wraps socket errors less precisely
    chain = _chain(error)
    if isinstance(error, exc.GeocoderTimedOut) or any(isinstance(e, TimeoutError) for e in chain):
        return _Fault(f"timed out (no reply within {timeout:g} s)", True)
    if isinstance(error, exc.GeocoderUnavailable) or any(
        isinstance(e, ConnectionError) for e in chain
    ):
        return _Fault(f"service unreachable: {error}", True)
    if isinstance(error, exc.GeocoderParseError):
        return _Fault(f"service error: malformed reply: {str(error)[:160]}", False)
    if isinstance(error, exc.GeocoderQueryError):
        return _Fault(f"query rejected: {error}", False, counts_for_breaker=False)
    if isinstance(error, exc.GeocoderServiceError):
        return _Fault(f"service error: {error}", True)
    return _Fault(f"unusable reply ({type(error).__name__}: {error})", False)


def _clean_name(name: object) -> tuple[str | None, str | None]:
    """(name, None) when it can be sent, else (None, why not)."""
    if not isinstance(name, str):
        return None, f"not a name: {type(name).__name__}"
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        return None, "empty name"
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in text):
        return None, f"not a place name (control or invalid characters): {text[:40]!r}"
    if len(text) > MAX_NAME_LENGTH:
        return None, f"name longer than {MAX_NAME_LENGTH} characters: {text[:40]!r}…"
    return text, None


def _country_tuple(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(c.strip().lower() for c in items if c and c.strip())


class Fallback:
    """The geocoder fallback. One per process is typical; it is thread-safe.

    ``cache`` (or ``db_path``) picks the SQLite file; by default the places store.
    """

    def __init__(
        self,
        cfg: GeocoderConfig | None = None,
        *,
        cache: GeoCache | None = None,
        db_path: str | None = None,
    ) -> None:
        self.cfg = cfg if cfg is not None else load_config()
        self.backend = backend_for(self.cfg)
        self.cache = cache if cache is not None else GeoCache(db_path)
        # pacing shared by every process using the same places file
        self.limiter = SharedRateLimiter.shared(
            self.cache.path, self.backend.endpoint, self.cfg.min_delay
        )
        self.backoff = Backoff(base=self.cfg.backoff_base, cap=self.cfg.max_backoff_seconds)
        self.breaker = CircuitBreaker(self.cfg.breaker_threshold, self.cfg.breaker_cooldown)
        self._lock = threading.RLock()
        self.article_queries = 0
        #: counters since creation: requests (HTTP), cache_hits, answered, errors
        self.stats = {"requests": 0, "cache_hits": 0, "answered": 0, "errors": 0}

    @classmethod
    def from_config(cls, path: str | None = None, **overrides: Any) -> Fallback:
        """A Fallback from geomap.toml / env vars / overrides (see :func:`load_config`)."""
        return cls(load_config(path, **overrides))

    @property
    def offline(self) -> bool:
        return self.cfg.offline

    @property
    def endpoint(self) -> str:
        return self.backend.endpoint

    def problem(self) -> str | None:
        """Why this fallback would refuse to go online (None when it is ready)."""
        if self.offline:
            return None
        try:
            self.backend.geocoder()
        except BackendRefused as e:
            return str(e)
        return user_agent_problem(self.cfg.user_agent)

    def forget(self, name: str) -> int:
        """Forget the kept answers for ``name`` (e.g. a wrong one); returns how many."""
        query, _ = _clean_name(name)
        return self.cache.forget(self.endpoint, query) if query else 0

    def new_article(self) -> None:
        """Reset the per-article query budget (call once per article)."""
        with self._lock:
            self.article_queries = 0

    def close(self) -> None:
        self.cache.close()

    def __enter__(self) -> Fallback:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def geocode(
        self,
        name: str,
        lang: str | None = None,
        country_bias: str | Iterable[str] | None = None,
        retry_errors: bool = False,
    ) -> FallbackResult:
        """Resolve ``name``: from the cache if it was ever answered, else (online) by asking.

        Never raises for network faults or bad input: the status and reason say what happened.
        ``retry_errors`` asks again for a name whose last attempt failed with a network error.
        """
        query, bad = _clean_name(name)
        if query is None:
            return FallbackResult("refused", reason=bad, query=str(name)[:80])
        language = lang or self.cfg.language
        country = _country_tuple(country_bias)
        if country is None:
            country = self.cfg.country_bias
        q = Question(self.endpoint, self.backend.provider, query, language, country)
        try:
            hit = self._from_cache(q, retry_errors)  # cache hits never wait behind a request
            if hit is not None:
                return hit
            with self._lock:
                return self._geocode(q, retry_errors)
        except sqlite3.Error as e:  # the places file is locked, full or damaged
            reason = f"local places store {self.cache.path} unavailable: {e}"
            return FallbackResult("error", reason=reason, query=query)

    def _from_cache(self, q: Question, retry_errors: bool) -> FallbackResult | None:
        entry = self.cache.get(q)
        if entry is None or (entry.status == "error" and retry_errors):
            return None
        self.stats["cache_hits"] += 1
        if entry.status == "error" and self.offline:
            reason = f"offline; the last attempt failed: {entry.reason}"
            return FallbackResult("offline", reason=reason, cached=True, query=q.query)
        reason = entry.reason if entry.status == "error" else self._not_found(entry.status)
        return FallbackResult(entry.status, entry.place, reason, cached=True, query=q.query)

    def _geocode(self, q: Question, retry_errors: bool) -> FallbackResult:
        query = q.query
        # again under the lock: another thread may have asked this very name meanwhile
        hit = self._from_cache(q, retry_errors)
        if hit is not None:
            return hit
        if self.offline:
            return FallbackResult("offline", reason="offline and not in the cache", query=query)
        try:
            self.backend.geocoder()
        except BackendRefused as e:
            return FallbackResult("refused", reason=str(e), query=query)
        if not self.breaker.allow():
            reason = (
                f"{q.endpoint} failed {self.breaker.failures} times in a row; "
                f"paused for another {self.breaker.retry_in():.0f} s"
            )
            return FallbackResult("breaker_open", reason=reason, query=query)
        budget = self.cfg.max_queries_per_article
        if budget is not None and self.article_queries >= budget:
            reason = f"query budget of {budget} per article used up"
            return FallbackResult("budget", reason=reason, query=query)
        self.article_queries += 1
        return self._ask(q)

    def _not_found(self, status: str) -> str | None:
        return f"no match from {self.backend.provider}" if status == "not_found" else None

    def _ask(self, q: Question) -> FallbackResult:
        query = q.query
        fault: _Fault | None = None
        attempts = 0
        for attempt in range(self.cfg.max_retries + 1):
            if attempt:
                delay = self.backoff.delay(attempt - 1, fault.retry_after if fault else None)
                cap = self.cfg.max_backoff_seconds
                if delay > cap:
                    fault = _Fault(
                        f"{fault.reason if fault else 'error'}; the service asked to wait "
                        f"{delay:g} s, more than max_backoff_seconds={cap:g}",
                        False,
                    )
                    break
                self.limiter.hold_off(delay)
            self.limiter.wait()
            attempts += 1
            self.stats["requests"] += 1
            try:
                location = self.backend.lookup(query, language=q.language, country_bias=q.country)
                place = self.backend.to_place(location, query) if location is not None else None
            except BackendRefused as e:
                return FallbackResult("refused", reason=str(e), query=query, attempts=attempts)
            except Exception as e:  # noqa: BLE001 - never fatal: every fault becomes a reason
                fault = classify(e, self.cfg.timeout)
                log.info("%s: %r attempt %d: %s", q.endpoint, query, attempts, fault.reason)
                if not fault.retryable:
                    break
                continue
            self.breaker.success()
            raw = getattr(location, "raw", None) if location is not None else None
            self.cache.put_answer(q, place, raw)
            self.stats["answered"] += 1
            status = "found" if place is not None else "not_found"
            return FallbackResult(
                status, place, self._not_found(status), query=query, attempts=attempts
            )
        assert fault is not None
        if fault.counts_for_breaker:
            self.breaker.failure()
        reason = fault.reason if attempts <= 1 else f"{fault.reason} (after {attempts} attempts)"
        self.cache.put_error(q, reason)
        self.stats["errors"] += 1
        return FallbackResult("error", reason=reason, query=query, attempts=attempts)
