"""The store file: versioned schema, WAL, foreign keys, default path, refusing bad files."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geo.schema import SCHEMA_VERSION
from geo.store import Store, StoreError, default_path


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_new_store_has_the_schema_wal_and_foreign_keys(tmp_path):
    p = tmp_path / "s.sqlite"
    with Store(p) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in s.con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        want = {"articles", "mentions", "places", "events", "routes", "event_sources",
                "route_sources", "corrections", "place_corrections"}  # fmt: skip
        assert want <= tables
        with pytest.raises(sqlite3.IntegrityError):
            s.con.execute("INSERT INTO mentions (article_pk, start, \"end\", text) "
                          "VALUES (999, 0, 1, 'x')")  # fmt: skip
    with Store(p) as s:  # reopening migrates nothing and keeps the version
        assert s.schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_store_of_a_newer_schema_is_refused_untouched(tmp_path, journal):
    p = tmp_path / "newer.sqlite"
    with Store(p) as s:
        s.con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        s.con.execute(f"PRAGMA journal_mode = {journal}")
    before = digest(p)
    files = sorted(x.name for x in tmp_path.iterdir())
    with pytest.raises(StoreError, match="newer geomap"):
        Store(p)
    assert digest(p) == before
    assert sorted(x.name for x in tmp_path.iterdir()) == files  # no -wal / -shm created
    # and through the CLI: a message, a non-zero exit, no traceback
    res = subprocess.run([sys.executable, "-m", "geo", "events", "list", "--store", str(p)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode != 0
    assert "newer geomap" in res.stderr and "Traceback" not in res.stderr
    assert digest(p) == before


def test_a_file_that_is_not_a_store_is_refused_with_its_name(tmp_path):
    p = tmp_path / "notes.sqlite"
    p.write_bytes(b"this is not a database at all" * 100)
    before = digest(p)
    with pytest.raises(StoreError, match="notes.sqlite"):
        Store(p)
    assert digest(p) == before


def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOMAP_STORE", raising=False)
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "store.sqlite"
    monkeypatch.setenv("GEOMAP_STORE", str(tmp_path / "elsewhere.sqlite"))
    assert default_path() == tmp_path / "elsewhere.sqlite"
    with Store() as s:
        assert s.path == str(tmp_path / "elsewhere.sqlite")
    assert (tmp_path / "elsewhere.sqlite").exists()


def test_memory_store_works_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store(":memory:") as s:
        assert s.stats()["events"] == 0
        assert s.events_gdf().empty and s.routes_gdf().empty
    assert list(tmp_path.iterdir()) == []


def test_geo_exports_store_lazily():
    import geo

    assert geo.Store is Store


def test_an_older_store_is_migrated_and_keeps_its_data(tmp_path):
    """A version-1 store (before the R-trees), written with plain SQL, opens as the current
    version; its events are indexed, so a later report of a stored event still merges."""
    from _store_helpers import VALLORA, article, event

    from geo import schema
    from geo.ingest import content_hash

    p = tmp_path / "v1.sqlite"
    con = sqlite3.connect(p, isolation_level=None)
    for stmt in schema._statements(schema.MIGRATIONS[0]):
        con.execute(stmt)
    con.execute("PRAGMA user_version = 1")
    now = "2024-10-28T00:00:00+00:00"
    con.execute(
        "INSERT INTO places (id, name, lat, lon, country_code, precision) VALUES (?,?,?,?,?,?)",
        (VALLORA.id, VALLORA.name, VALLORA.lat, VALLORA.lon, VALLORA.country_code, "city"),
    )
    con.execute("INSERT INTO articles (article_id, content_hash, added_at) VALUES ('a', 'h', ?)",
                (now,))  # fmt: skip
    con.execute(
        """INSERT INTO events (type, subtype, date, time_precision, place_id, geo_precision,
               source_count, match_start, match_end, created_at, updated_at)
           VALUES ('attack', 'clash', '2024-10-28', 'day', ?, 'city', 1, '2024-10-27',
                   '2024-10-29', ?, ?)""",
        (VALLORA.id, now, now),
    )
    con.execute("INSERT INTO event_sources (event_id, article_pk, key) VALUES (1, 1, 'k')")
    con.close()
    with Store(p) as s:
        assert s.schema_version == SCHEMA_VERSION >= 2
        assert s.con.execute("SELECT count(*) FROM event_rtree").fetchone()[0] == 1
        a = article("a later report")
        r = s.add_extraction(a, [], [event(actor1=None)], [], content_hash=content_hash(a.text))
        assert (r.events_new, r.events_merged) == (0, 1)
        assert s.event_rows()[0]["source_count"] == 2
