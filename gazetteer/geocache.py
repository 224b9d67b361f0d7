"""Every geocoder answer, kept in the local places store so no name goes out twice.

Table ``geocoder_answers`` lives in the same SQLite file as the user places
(:func:`gazetteer.paths.places_db_path`), in WAL mode with a busy timeout so the gazetteer,
the store and several geomap processes can share it. Found and not-found answers are answers
(served forever, also offline); network errors are only *recorded* so a retry can ask again.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gazetteer.paths import places_db_path
from gazetteer.place import Place
from gazetteer.sqlite_setup import create_schema, enable_wal

_SCHEMA = """
CREATE TABLE IF NOT EXISTS geocoder_answers (
    endpoint   TEXT NOT NULL,              -- provider, plus @domain when one is configured
    query_key  TEXT NOT NULL,              -- normalised query (NFKC, casefold, one space)
    language   TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',   -- country bias, comma-joined
    provider   TEXT NOT NULL,
    query      TEXT NOT NULL,              -- the name as first asked
    status     TEXT NOT NULL CHECK (status IN ('found', 'not_found', 'error')),
    place_json TEXT,
    raw_json   TEXT,
    reason     TEXT,
    asked_at   TEXT NOT NULL,              -- UTC ISO time of the last request
    attempts   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (endpoint, query_key, language, country)
);
CREATE INDEX IF NOT EXISTS geocoder_answers_status ON geocoder_answers (status);
"""

_SPACES = re.compile(r"\s+")


def query_key(name: str) -> str:
    """The cache key of a name: "  Kursk\u00a0 " and "kursk" are the same question."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


@dataclass(frozen=True, slots=True)
class Question:
    """One question to one service: what the cache keys answers on."""

    endpoint: str
    provider: str
    query: str
    language: str | None = None
    country: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.endpoint, query_key(self.query), self.language or "", ",".join(self.country))


@dataclass(frozen=True, slots=True)
class CacheEntry:
    status: str  # found | not_found | error
    place: Place | None
    reason: str | None
    query: str
    provider: str
    language: str
    country: str
    asked_at: str
    attempts: int
    raw: Any = None


def _place_from_json(text: str | None) -> Place | None:
    if not text:
        return None
    return Place(**json.loads(text))


class GeoCacheError(ValueError):
    """The places file cannot hold geocoder answers (not SQLite, unreadable, read-only)."""


class GeoCache:
    """The geocoder answer table. Thread-safe; one connection per instance."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else places_db_path()
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            # WAL + NORMAL: no corruption on a crash, at worst the last answers are asked
            # again; spares an fsync per answer (3 ms of a ~8 ms loopback request here)
            enable_wal(self._db, synchronous="NORMAL")
            create_schema(self._db, _SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise GeoCacheError(f"{self.path}: cannot keep geocoder answers here: {e}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> GeoCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, q: Question, *, with_raw: bool = False) -> CacheEntry | None:
        """The kept answer or recorded error for ``q``; ``with_raw`` adds the service's reply."""
        raw_col = "raw_json" if with_raw else "NULL"
        with self._lock:
            row = self._db.execute(
                "SELECT status, place_json, reason, query, provider, language, country, asked_at,"
                f" attempts, {raw_col} FROM geocoder_answers"
                " WHERE endpoint=? AND query_key=? AND language=? AND country=?",
                q.key,
            ).fetchone()
        if row is None:
            return None
        return CacheEntry(
            status=row[0],
            place=_place_from_json(row[1]),
            reason=row[2],
            query=row[3],
            provider=row[4],
            language=row[5],
            country=row[6],
            asked_at=row[7],
            attempts=row[8],
            raw=json.loads(row[9]) if row[9] else None,
        )

    def _put(
        self,
        q: Question,
        status: str,
        place: Place | None = None,
        raw: Any = None,
        reason: str | None = None,
    ) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        place_json = json.dumps(place.to_dict(), ensure_ascii=False) if place else None
        raw_json = json.dumps(raw, ensure_ascii=False, default=str) if raw is not None else None
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO geocoder_answers (endpoint, query_key, language, country, provider,"
                " query, status, place_json, raw_json, reason, asked_at, attempts)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,1)"
                " ON CONFLICT (endpoint, query_key, language, country) DO UPDATE SET"
                " status=excluded.status, place_json=excluded.place_json,"
                " raw_json=excluded.raw_json, reason=excluded.reason,"
                " asked_at=excluded.asked_at, attempts=geocoder_answers.attempts+1",
                (*q.key, q.provider, q.query, status, place_json, raw_json, reason, now),
            )

    def put_answer(self, q: Question, place: Place | None, raw: Any = None) -> None:
        """Keep a found (``place``) or not-found (None) answer for good."""
        self._put(q, "found" if place is not None else "not_found", place, raw)

    def put_error(self, q: Question, reason: str) -> None:
        """Record that asking failed; never replaces an answer already kept."""
        entry = self.get(q)
        if entry is not None and entry.status != "error":
            return
        self._put(q, "error", reason=reason)

    def forget(self, endpoint: str, query: str) -> int:
        """Drop what is kept for ``query`` (every language and bias); returns rows removed.
        For a wrong answer: the next ask goes out again."""
        with self._lock, self._db:
            cur = self._db.execute(
                "DELETE FROM geocoder_answers WHERE endpoint = ? AND query_key = ?",
                (endpoint, query_key(query)),
            )
        return cur.rowcount

    def errors(self, endpoint: str | None = None) -> list[CacheEntry]:
        """Queries whose last attempt failed (what `geomap resolve --retry` asks again)."""
        sql = "SELECT endpoint, query, language, country FROM geocoder_answers WHERE status='error'"
        args: tuple = ()
        if endpoint is not None:
            sql += " AND endpoint=?"
            args = (endpoint,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY asked_at", args).fetchall()
        out = []
        for ep, query, lang, country in rows:
            provider = ep.split("@", 1)[0]
            cc = tuple(c for c in country.split(",") if c)
            entry = self.get(Question(ep, provider, query, lang or None, cc))
            if entry is not None:
                out.append(entry)
        return out

    def counts(self) -> dict[str, int]:
        """Number of kept rows by status."""
        with self._lock:
            rows = self._db.execute(
                "SELECT status, COUNT(*) FROM geocoder_answers GROUP BY status"
            ).fetchall()
        return {s: n for s, n in rows}
