"""The event store's SQLite schema: numbered migrations, applied in order, version in user_version.

Why PRAGMA user_version: SQLite keeps it in the file header, so the version can be read from a
read-only connection before anything is written, and a store written by a newer geomap is
refused untouched.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

#: Application id in the SQLite header ("GeoM"), so `file` and tools can tell a geomap store.
APPLICATION_ID = 0x47656F4D

#: Migrations: index i brings a store from version i to i + 1 (SQL text, or a function of the
#: connection). Never edit a released one; append a new one instead.
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    # 0 -> 1: the first schema.
    """
    CREATE TABLE articles (
        pk           INTEGER PRIMARY KEY,
        article_id   TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        url          TEXT,
        title        TEXT,
        published    TEXT,
        lang         TEXT,
        source_path  TEXT,
        n_chars      INTEGER NOT NULL DEFAULT 0,
        text         TEXT NOT NULL DEFAULT '',  -- kept to extract again (resolve --retry)
        added_at     TEXT NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);

    CREATE TABLE places (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        lat           REAL NOT NULL,
        lon           REAL NOT NULL,
        feature_class TEXT,
        feature_code  TEXT,
        country_code  TEXT,
        admin1        TEXT,
        population    INTEGER NOT NULL DEFAULT 0,
        source        TEXT,
        geonameid     INTEGER,
        precision     TEXT,
        extra         TEXT NOT NULL DEFAULT '{}'
    );

    CREATE TABLE mentions (
        pk          INTEGER PRIMARY KEY,
        article_pk  INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        text        TEXT NOT NULL,
        place_id    TEXT REFERENCES places(id),
        score       REAL NOT NULL DEFAULT 0,
        source      TEXT,
        reason      TEXT,
        retryable   INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX mentions_article ON mentions(article_pk);
    CREATE INDEX mentions_unresolved ON mentions(retryable) WHERE place_id IS NULL;

    CREATE TABLE events (
        id             INTEGER PRIMARY KEY,
        type           TEXT NOT NULL,
        subtype        TEXT,
        date           TEXT,
        date_end       TEXT,
        time_precision TEXT,
        place_id       TEXT REFERENCES places(id),
        location_text  TEXT,
        geo_precision  TEXT,
        actor1         TEXT,
        actor2         TEXT,
        quantities     TEXT NOT NULL DEFAULT '[]',
        modality       TEXT NOT NULL DEFAULT 'reported',
        confidence     REAL NOT NULL DEFAULT 0.5,
        evidence       TEXT,
        source_count   INTEGER NOT NULL DEFAULT 0,
        -- The days this event may be on, for matching later reports: its date widened to its
        -- precision, else the week before the article's publication, else NULL (any day).
        match_start    TEXT,
        match_end      TEXT,
        locked         TEXT NOT NULL DEFAULT '[]',
        deleted        INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
    );
    CREATE INDEX events_type_match ON events(type, match_start);
    CREATE INDEX events_date ON events(date);

    CREATE TABLE event_sources (
        event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        key        TEXT NOT NULL,
        evidence   TEXT,
        ev_start   INTEGER,
        ev_end     INTEGER,
        PRIMARY KEY (event_id, article_pk, key)
    );
    CREATE INDEX event_sources_key ON event_sources(key);
    CREATE INDEX event_sources_article ON event_sources(article_pk);

    CREATE TABLE routes (
        id             INTEGER PRIMARY KEY,
        event_id       INTEGER REFERENCES events(id) ON DELETE SET NULL,
        mode           TEXT NOT NULL,
        origin_id      TEXT NOT NULL REFERENCES places(id),
        destination_id TEXT NOT NULL REFERENCES places(id),
        via            TEXT NOT NULL DEFAULT '[]',
        quantity       TEXT,
        date           TEXT,
        evidence       TEXT,
        source_count   INTEGER NOT NULL DEFAULT 0,
        deleted        INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
    );
    CREATE INDEX routes_mode ON routes(mode);
    CREATE INDEX routes_event ON routes(event_id);

    CREATE TABLE route_sources (
        route_id   INTEGER NOT NULL REFERENCES routes(id) ON DELETE CASCADE,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        key        TEXT NOT NULL,
        PRIMARY KEY (route_id, article_pk, key)
    );
    CREATE INDEX route_sources_key ON route_sources(key);

    -- A place the user chose for a name: applied to later articles at ingest time.
    CREATE TABLE place_corrections (
        name_key   TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        place_id   TEXT NOT NULL REFERENCES places(id),
        created_at TEXT NOT NULL
    );

    -- Every correction made by hand, for the record (and `events show`).
    CREATE TABLE corrections (
        pk         INTEGER PRIMARY KEY,
        event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        field      TEXT NOT NULL,
        old_value  TEXT,
        new_value  TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX corrections_event ON corrections(event_id);
    """,
)


def _add_rtrees(con: sqlite3.Connection) -> None:
    """1 -> 2: R-trees over events (type, days, reach) and routes (mode, both ends' reach),
    so matching a report against a store of 10^5 events reads a handful of rows, not all of
    one type. Filled from the events and routes already stored."""
    con.execute(
        "CREATE VIRTUAL TABLE event_rtree USING rtree(id, k0, k1, d0, d1, lat0, lat1, lon0, lon1)"
    )
    con.execute(
        "CREATE VIRTUAL TABLE route_rtree USING rtree(id, k0, k1, olat0, olat1, olon0, olon1,"
        " dlat0, dlat1, dlon0, dlon1)"
    )
    con.execute("CREATE INDEX events_place ON events(place_id)")
    from geo.store import index_event, index_route

    for (eid,) in con.execute("SELECT id FROM events").fetchall():
        index_event(con, eid)
    for (rid,) in con.execute("SELECT id FROM routes").fetchall():
        index_route(con, rid)


MIGRATIONS = (*MIGRATIONS, _add_rtrees)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(Exception):
    """The store was written by a newer geomap: reading or writing it could damage it."""


def read_version(path: str) -> int:
    """The schema version of the store at ``path`` (0 when it is new or empty), read from the
    file header so that nothing is written, not even a -shm file beside a WAL store."""
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head:
        return 0
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        raise sqlite3.DatabaseError("file is not a database")
    if os.path.exists(path + "-wal"):  # committed pages may still wait in the WAL
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    return int.from_bytes(head[60:64], "big", signed=True)


def migrate(con: sqlite3.Connection) -> int:
    """Bring ``con`` up to SCHEMA_VERSION, one migration per transaction; returns the version."""
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"schema version {version} is newer than this geomap understands ({SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        con.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            current = int(con.execute("PRAGMA user_version").fetchone()[0])
            if current == version:
                step = MIGRATIONS[version]
                if callable(step):
                    step(con)
                else:
                    for stmt in _statements(step):
                        con.execute(stmt)
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {version + 1}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
    return version


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit implicitly)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
