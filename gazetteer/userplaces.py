"""The user's own places (a base, a border crossing, a front-line village GeoNames lacks), in the
table ``user_places`` of the local places database (SQLite, WAL; the geocoder cache lives in
other tables of the same file). They win over GeoNames for their name.

Lookups read an in-memory copy, refreshed when another connection changed the table (checked
through ``PRAGMA data_version`` at most once a second), so ``has()`` stays ~1 us.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazetteer import paths
from gazetteer.normalize import normalize
from gazetteer.place import Place
from gazetteer.sqlite_setup import create_schema, enable_wal

#: --kind values that map to a GeoNames-like feature and precision; anything else is a point.
KINDS: dict[str, tuple[str, str, str]] = {
    "point": ("S", "USER", "point"),
    "city": ("P", "PPL", "city"),
    "admin1": ("A", "ADM1", "admin1"),
    "country": ("A", "PCLI", "country"),
    "region": ("L", "RGN", "region"),
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS user_places (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT,
    kind TEXT NOT NULL DEFAULT 'point',
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS user_places_key ON user_places(key);
"""


class UserPlaceError(ValueError):
    """A user place that cannot be stored (bad name, coordinate, country code)."""


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    name: str
    key: str
    lat: float
    lon: float
    country_code: str | None
    kind: str
    created: str


def _to_place(r: _Row) -> Place:
    fclass, fcode, precision = KINDS.get(r.kind, KINDS["point"])
    return Place(
        id=f"user:{r.id}", name=r.name, lat=r.lat, lon=r.lon, feature_class=fclass,
        feature_code=fcode, country_code=r.country_code, admin1=None, population=0,
        source="user", geonameid=None, precision=precision,
        extra={"kind": r.kind, "created": r.created},
    )


class UserPlaces:
    """User places stored in SQLite, mirrored in memory for fast name checks."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._by_key: dict[str, list[Place]] = {}
        self._prefixes: set[str] = set()
        self._version: int | None = None
        self._checked = -1.0

    @property
    def path(self) -> Path:
        return self._path or paths.places_db_path()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            enable_wal(conn, synchronous=None)
            create_schema(conn, _SCHEMA)
            self._conn = conn
        return self._conn

    def _refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < 1.0:
            return
        with self._lock:
            self._checked = now
            if self._conn is None and not force and not self.path.exists():
                return
            db = self._db()
            version = db.execute("PRAGMA data_version").fetchone()[0]
            if not force and version == self._version:
                return
            self._version = version
            by_key: dict[str, list[Place]] = {}
            prefixes: set[str] = set()
            for r in self._rows():
                by_key.setdefault(r.key, []).append(_to_place(r))
                words = r.key.split(" ")
                for i in range(1, len(words)):
                    prefixes.add(" ".join(words[:i]) + " ")
            self._by_key, self._prefixes = by_key, prefixes

    def _rows(self, where: str = "", args: tuple[Any, ...] = ()) -> list[_Row]:
        cur = self._db().execute(
            "SELECT id, name, key, lat, lon, country_code, kind, created FROM user_places "
            f"{where} ORDER BY id", args)
        return [_Row(*r) for r in cur.fetchall()]

    # -- reads (fast) ---------------------------------------------------------------------

    def has(self, key: str) -> bool:
        self._refresh()
        return key in self._by_key

    def has_prefix(self, key_with_space: str) -> bool:
        self._refresh()
        return key_with_space in self._prefixes

    def places(self, key: str) -> list[Place]:
        self._refresh()
        return self._by_key.get(key, [])

    def get(self, place_id: str) -> Place | None:
        try:
            n = int(place_id.split(":", 1)[1])
        except (IndexError, ValueError):
            return None
        with self._lock:
            if self._conn is None and not self.path.exists():
                return None
            rows = self._rows("WHERE id = ?", (n,))
        return _to_place(rows[0]) if rows else None

    def list(self) -> list[Place]:
        with self._lock:
            if self._conn is None and not self.path.exists():
                return []
            return [_to_place(r) for r in self._rows()]

    def count(self) -> int:
        with self._lock:
            if self._conn is None and not self.path.exists():
                return 0
            return int(self._db().execute("SELECT count(*) FROM user_places").fetchone()[0])

    # -- writes ---------------------------------------------------------------------------

    def add(self, name: str, lat: float, lon: float, country: str | None = None,
            kind: str = "point") -> Place:
        """Store a place; it wins over GeoNames for its name from now on."""
        name = (name or "").strip()
        key = normalize(name)
        if not key:
            raise UserPlaceError(f"place name {name!r}: empty after normalisation")
        lat, lon = float(lat), float(lon)
        if not (math.isfinite(lat) and -90 <= lat <= 90):
            raise UserPlaceError(f"latitude {lat}: must be between -90 and 90")
        if not (math.isfinite(lon) and -180 <= lon <= 180):
            raise UserPlaceError(f"longitude {lon}: must be between -180 and 180")
        cc = country.strip().upper() if country else None
        if cc is not None and not (len(cc) == 2 and cc.isascii() and cc.isalpha()):
            raise UserPlaceError(f"country {country!r}: expected an ISO 3166 alpha-2 code")
        kind = (kind or "point").strip().lower() or "point"
        with self._lock:
            db = self._db()
            cur = db.execute(
                "INSERT INTO user_places(name, key, lat, lon, country_code, kind) "
                "VALUES (?, ?, ?, ?, ?, ?)", (name, key, lat, lon, cc, kind))
            db.commit()
            new_id = cur.lastrowid
            self._refresh(force=True)
            rows = self._rows("WHERE id = ?", (new_id,))
        return _to_place(rows[0])

    def remove(self, place_id_or_name: str) -> list[Place]:
        """Remove by id (``user:3`` or ``3``) or by name (every user place of that name)."""
        s = place_id_or_name.strip()
        n = s.split(":", 1)[1] if s.startswith("user:") else s
        with self._lock:
            if n.isdigit():
                rows = self._rows("WHERE id = ?", (int(n),))
            else:
                rows = self._rows("WHERE key = ?", (normalize(s),))
            if rows:
                db = self._db()
                db.executemany("DELETE FROM user_places WHERE id = ?", [(r.id,) for r in rows])
                db.commit()
                self._refresh(force=True)
        return [_to_place(r) for r in rows]
