"""The event store: one SQLite file that collects events and routes from articles over weeks.

Why SQLite: one file, no server, transactions that survive a killed process, WAL so readers
(the map) never block a running `geomap add`, and `busy_timeout` so two writers take turns.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from gazetteer.place import Place
from gazetteer.sqlite_setup import enable_wal
from geo import merge
from geo.errors import GeomapError
from geo.models import EVENT_TYPES, Actor, Article, Event, Quantity, Route, Toponym
from geo.schema import SCHEMA_VERSION, SchemaTooNew, migrate, read_version

if TYPE_CHECKING:
    import geopandas as gpd

ENV_STORE = "GEOMAP_STORE"
#: Points per route leg in the densified geodesic line.
ROUTE_NPTS = 64


class StoreError(GeomapError):
    """A store that cannot be opened or a request it cannot answer (unknown event id, ...)."""


def default_path() -> Path:
    """$GEOMAP_STORE, else `store.sqlite` in geomap's data folder."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env).expanduser()
    from gazetteer.paths import data_dir

    return data_dir() / "store.sqlite"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_json(a: Actor | None) -> str | None:
    if a is None:
        return None
    return json.dumps(
        {"name": a.name, "kind": a.kind, "country_code": a.country_code, "role": a.role},
        ensure_ascii=False,
    )


def _quantity_dict(q: Quantity) -> dict[str, Any]:
    return {
        "value": q.value,
        "unit": q.unit,
        "what": q.what,
        "approximate": q.approximate,
        "text": q.text,
    }


def place_from_row(row: sqlite3.Row | dict[str, Any]) -> Place:
    return Place(
        id=row["id"],
        name=row["name"],
        lat=row["lat"],
        lon=row["lon"],
        feature_class=row["feature_class"],
        feature_code=row["feature_code"],
        country_code=row["country_code"],
        admin1=row["admin1"],
        population=row["population"] or 0,
        source=row["source"],
        geonameid=row["geonameid"],
        precision=row["precision"],
        extra=json.loads(row["extra"] or "{}"),
    )


@dataclass(slots=True)
class AddResult:
    """What one article did to the store."""

    article_pk: int | None
    skipped: bool = False
    events_new: int = 0
    events_merged: int = 0
    routes_new: int = 0
    routes_merged: int = 0
    mentions: int = 0
    unresolved: list[str] = field(default_factory=list)


_EVENT_SOURCES_SQL = """(
  SELECT json_group_array(json_object('article_id', a.article_id, 'url', a.url,
                                      'title', a.title, 'published', a.published))
  FROM (SELECT DISTINCT article_pk FROM event_sources WHERE event_id = e.id) s
  JOIN articles a ON a.pk = s.article_pk)"""

_ROUTE_SOURCES_SQL = _EVENT_SOURCES_SQL.replace(
    "event_sources WHERE event_id = e.id", "route_sources WHERE route_id = r.id"
)

_EVENT_SELECT = f"""
SELECT e.id, e.type, e.subtype, e.date, e.date_end, e.time_precision,
       p.name AS place_name, e.place_id, p.country_code, p.admin1, e.geo_precision,
       p.lat, p.lon, json_extract(e.actor1, '$.name') AS actor1,
       json_extract(e.actor2, '$.name') AS actor2,
       json_extract(e.quantities, '$[0].value') AS quantity,
       json_extract(e.quantities, '$[0].unit') AS quantity_unit,
       json_extract(e.quantities, '$[0].what') AS quantity_what,
       e.quantities, e.modality, e.confidence, e.evidence,
       e.source_count, coalesce({_EVENT_SOURCES_SQL}, '[]') AS sources,
       e.location_text, e.deleted, e.locked
FROM events e LEFT JOIN places p ON p.id = e.place_id
"""

_ROUTE_SELECT = f"""
SELECT r.id, r.event_id, r.mode, o.name AS origin_name, r.origin_id,
       d.name AS destination_name, r.destination_id, r.via, r.quantity, r.date, r.evidence,
       r.source_count, {_ROUTE_SOURCES_SQL} AS sources, o.precision AS origin_precision,
       d.precision AS destination_precision, o.lat AS o_lat, o.lon AS o_lon,
       d.lat AS d_lat, d.lon AS d_lon, o.country_code AS o_cc, d.country_code AS d_cc
FROM routes r JOIN places o ON o.id = r.origin_id JOIN places d ON d.id = r.destination_id
LEFT JOIN events e ON e.id = r.event_id
"""

EVENT_COLUMNS = (
    "id",
    "type",
    "subtype",
    "date",
    "date_end",
    "time_precision",
    "place_name",
    "place_id",
    "country_code",
    "admin1",
    "geo_precision",
    "lat",
    "lon",
    "actor1",
    "actor2",
    "quantity",
    "quantity_unit",
    "quantity_what",
    "quantities",
    "modality",
    "confidence",
    "evidence",
    "source_count",
    "sources",
)
ROUTE_COLUMNS = (
    "id",
    "event_id",
    "mode",
    "origin_name",
    "origin_id",
    "destination_name",
    "destination_id",
    "via",
    "quantity",
    "quantity_unit",
    "quantity_what",
    "date",
    "evidence",
    "source_count",
    "sources",
    "origin_precision",
    "destination_precision",
)


class FilterArgs(TypedDict, total=False):
    """The keyword arguments every reader takes (the fields of `Filters`)."""

    since: str | date | None
    until: str | date | None
    type: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class Filters:
    """What the readers (`event_rows`, `route_rows`, `events_gdf`, `routes_gdf`) select; an
    empty field selects everything. One object so the four readers and the commands share
    one meaning: ``since``/``until`` ISO dates (or dates), ``type`` as ``type`` or
    ``type/subtype``, ``country`` an alpha-2 code in any case."""

    since: str | date | None = None
    until: str | date | None = None
    type: str | None = None
    country: str | None = None

    @classmethod
    def of(cls, filters: Filters | None = None, **by: Unpack[FilterArgs]) -> Filters:
        """``filters`` with any keyword arguments laid over it (a typo is a TypeError)."""
        if filters is not None and not isinstance(filters, Filters):
            raise TypeError(f"{filters!r}: not a Filters (give since/until/type/country by name)")
        return replace(filters or cls(), **by)

    def event_where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions and arguments on ``events e`` joined with its place ``p``."""
        t, _, sub = (self.type or "").partition("/")
        return _conditions(
            ("coalesce(e.date_end, e.date) >= ?", self._day(self.since)),
            ("e.date <= ?", self._day(self.until)),
            ("e.type = ?", t if self.type else None),
            ("e.subtype = ?", sub or None),
            ("p.country_code = ?", self.country.upper() if self.country else None),
        )

    def route_where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions and arguments on ``routes r``, its event ``e`` and end places
        ``o``/``d``: a route's type is its mode or its event's type, its country either end's."""
        return _conditions(
            ("r.date >= ?", self._day(self.since)),
            ("r.date <= ?", self._day(self.until)),
            ("(r.mode = ? OR e.type = ?)", self.type.partition("/")[0] if self.type else None),
            ("(o.country_code = ? OR d.country_code = ?)",
             self.country.upper() if self.country else None),
        )  # fmt: skip

    @staticmethod
    def _day(value: str | date | None) -> str | None:
        return _iso_arg(value) if value else None


def _conditions(*pairs: tuple[str, Any]) -> tuple[list[str], list[Any]]:
    """The SQL conditions whose value is not None, with that value for each of their ``?``."""
    where: list[str] = []
    args: list[Any] = []
    for sql, value in pairs:
        if value is not None:
            where.append(sql)
            args += [value] * sql.count("?")
    return where, args


class Store:
    """Events and routes from many articles, deduplicated, correctable, exportable.

    >>> store = Store(":memory:")           # or Store() for the default file
    >>> store.events_gdf().empty
    True
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = str(path) if path is not None else str(default_path())
        self.memory = self.path == ":memory:"
        if not self.memory:
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(f"{self.path}: is a folder, not a store file")
            if p.exists() and p.stat().st_size > 0:
                self._check_version(p)
            p.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = sqlite3.connect(self.path, isolation_level=None, timeout=60.0)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc
        self.con.row_factory = sqlite3.Row
        try:
            self.con.execute("PRAGMA busy_timeout = 60000")
            if not self.memory:
                enable_wal(self.con, synchronous="NORMAL", timeout=60.0)
            self.con.execute("PRAGMA foreign_keys = ON")
            migrate(self.con)
        except SchemaTooNew as exc:  # a newer store created between the check and now
            self.con.close()
            raise StoreError(f"{self.path}: {exc}; upgrade geomap to use it") from exc
        except sqlite3.OperationalError as exc:  # locked for too long, read-only, disk full
            self.con.close()
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            self.con.close()
            raise StoreError(f"{self.path}: not a geomap store ({exc})") from exc

    def _check_version(self, p: Path) -> None:
        """Refuse a store of a newer schema before writing a single byte to it."""
        try:
            version = read_version(str(p))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a geomap store ({exc})") from exc
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({exc.strerror or exc})") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer geomap (schema version {version}, this one "
                f"knows up to {SCHEMA_VERSION}); it was not opened or changed. Upgrade geomap."
            )

    # -- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.con.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the write lock is taken at once so writers queue, not fail."""
        self.con.execute("BEGIN IMMEDIATE")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def has_article(self, content_hash: str) -> bool:
        return self.article_pk(content_hash) is not None

    def article_pk(self, content_hash: str) -> int | None:
        q = "SELECT pk FROM articles WHERE content_hash = ?"
        row = self.con.execute(q, (content_hash,)).fetchone()
        return int(row[0]) if row else None

    def stats(self) -> dict[str, int]:
        one = self.con.execute
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "events": one("SELECT count(*) FROM events WHERE deleted = 0").fetchone()[0],
            "events_deleted": one("SELECT count(*) FROM events WHERE deleted = 1").fetchone()[0],
            "routes": one("SELECT count(*) FROM routes WHERE deleted = 0").fetchone()[0],
            "mentions": one("SELECT count(*) FROM mentions").fetchone()[0],
            "unresolved": one("SELECT count(*) FROM mentions WHERE place_id IS NULL").fetchone()[0],
            "places": one("SELECT count(*) FROM places").fetchone()[0],
            "schema_version": self.schema_version,
        }

    # -- places and corrections -----------------------------------------------------------

    def _put_place(self, place: Place) -> None:
        self.con.execute(
            """INSERT INTO places (id, name, lat, lon, feature_class, feature_code,
                   country_code, admin1, population, source, geonameid, precision, extra)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET name=excluded.name, lat=excluded.lat,
                   lon=excluded.lon, feature_class=excluded.feature_class,
                   feature_code=excluded.feature_code, country_code=excluded.country_code,
                   admin1=excluded.admin1, population=excluded.population,
                   source=excluded.source, geonameid=excluded.geonameid,
                   precision=excluded.precision, extra=excluded.extra""",
            (
                place.id,
                place.name,
                float(place.lat),
                float(place.lon),
                place.feature_class,
                place.feature_code,
                place.country_code,
                place.admin1,
                place.population,
                place.source,
                place.geonameid,
                place.precision,
                json.dumps(place.extra or {}, ensure_ascii=False, default=str),
            ),
        )

    def place(self, place_id: str) -> Place | None:
        row = self.con.execute("SELECT * FROM places WHERE id = ?", (place_id,)).fetchone()
        return place_from_row(row) if row else None

    def place_corrections(self) -> dict[str, Place]:
        """name key -> the place the user chose for that name."""
        rows = self.con.execute(
            "SELECT c.name_key, p.* FROM place_corrections c JOIN places p ON p.id = c.place_id"
        ).fetchall()
        return {r["name_key"]: place_from_row(r) for r in rows}

    def remember_place(self, name: str, place: Place) -> None:
        """From now on, `name` in any article means `place` (a user correction)."""
        key = merge.name_key(name)
        if not key:
            return
        self._put_place(place)
        self.con.execute(
            """INSERT INTO place_corrections (name_key, name, place_id, created_at)
               VALUES (?,?,?,?) ON CONFLICT(name_key) DO UPDATE SET
               name=excluded.name, place_id=excluded.place_id, created_at=excluded.created_at""",
            (key, name, place.id, _now()),
        )

    # -- adding an article ----------------------------------------------------------------

    def add_extraction(
        self,
        article: Article,
        toponyms: Sequence[Toponym],
        events: Sequence[Event],
        routes: Sequence[Route],
        *,
        content_hash: str,
        retryable: Any = None,
    ) -> AddResult:
        """Store one article and what was extracted from it, in one transaction.

        Nothing happens when an article with the same content hash is already stored.
        ``retryable(toponym) -> bool`` says which unresolved mentions failed for a network
        reason (for `geomap resolve --retry`).
        """
        with self.transaction() as con:
            if self.has_article(content_hash):
                return AddResult(None, skipped=True)
            cur = con.execute(
                """INSERT INTO articles (article_id, content_hash, url, title, published, lang,
                       source_path, n_chars, text, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                (
                    article.id,
                    content_hash,
                    article.url,
                    article.title,
                    _iso(article.published),
                    article.lang,
                    article.source_path,
                    len(article.text),
                    article.text,
                    _now(),
                ),
            )
            apk = int(cur.lastrowid or 0)
            return self._put_extraction(apk, article, toponyms, events, routes, retryable)

    def readd_extraction(
        self,
        article_pk: int,
        toponyms: Sequence[Toponym],
        events: Sequence[Event],
        routes: Sequence[Route],
        *,
        retryable: Any = None,
    ) -> AddResult:
        """Store a new extraction of an article already stored (after its places could be
        resolved): its mentions are replaced, its events and routes merged as usual, so
        nothing is duplicated and corrections hold."""
        article = self.article(article_pk)
        with self.transaction() as con:
            con.execute("DELETE FROM mentions WHERE article_pk = ?", (article_pk,))
            return self._put_extraction(article_pk, article, toponyms, events, routes, retryable)

    def article(self, article_pk: int) -> Article:
        """A stored article, with its text."""
        r = self.con.execute("SELECT * FROM articles WHERE pk = ?", (article_pk,)).fetchone()
        if r is None:
            raise StoreError(f"article {article_pk}: no such article in {self.path}")
        pub = datetime.fromisoformat(r["published"]) if r["published"] else None
        return Article(
            id=r["article_id"],
            text=r["text"],
            url=r["url"],
            title=r["title"],
            published=pub,
            lang=r["lang"],
            source_path=r["source_path"],
        )

    def _put_extraction(
        self,
        apk: int,
        article: Article,
        toponyms: Sequence[Toponym],
        events: Sequence[Event],
        routes: Sequence[Route],
        retryable: Any,
    ) -> AddResult:
        con = self.con
        res = AddResult(apk)
        fixes = self.place_corrections()
        for t in toponyms:
            place = fixes.get(merge.name_key(t.text), t.place)
            if place is not None:
                self._put_place(place)
            else:
                res.unresolved.append(t.text)
            con.execute(
                """INSERT INTO mentions (article_pk, start, "end", text, place_id, score,
                       source, reason, retryable) VALUES (?,?,?,?,?,?,?,?,?)""",
                (
                    apk,
                    t.start,
                    t.end,
                    t.text,
                    place.id if place else None,
                    float(t.score),
                    "user" if place is not t.place else t.source,
                    None if place else t.reason,
                    int(bool(place is None and retryable and retryable(t))),
                ),
            )
            res.mentions += 1
        ids: dict[str, int] = {}
        published = article.published.date() if article.published else None
        for ev in events:
            eid, new = self._merge_event(ev, apk, fixes, published)
            ids[ev.id] = eid
            res.events_new += new
            res.events_merged += not new
        for rt in routes:
            new = self._merge_route(rt, apk, fixes, ids.get(rt.event_id or ""))
            res.routes_new += new
            res.routes_merged += not new
        return res

    def _corrected(
        self, place: Place | None, text: str | None, fixes: dict[str, Place]
    ) -> tuple[Place | None, bool]:
        """The place the user chose for this text (or this gazetteer name), if any."""
        for name in (text, place.name if place else None):
            key = merge.name_key(name)
            if key and key in fixes:
                return fixes[key], True
        return place, False

    def _merge_event(
        self, ev: Event, apk: int, fixes: dict[str, Place], published: date | None
    ) -> tuple[int, bool]:
        rng = merge.match_range(ev.date, ev.date_end, ev.time_precision, published)
        place, fixed = self._corrected(ev.place, ev.location_text, fixes)
        key = merge.event_key(ev, place)
        geo_prec = place.precision if fixed and place else ev.geo_precision
        con = self.con
        eid = self._same_key_event(key, rng)
        if eid is None:
            eid = self._find_event(ev, place, geo_prec, rng)
        if place is not None:
            self._put_place(place)
        quantities = json.dumps([_quantity_dict(q) for q in ev.quantities], ensure_ascii=False)
        if eid is None:
            now = _now()
            cur = con.execute(
                """INSERT INTO events (type, subtype, date, date_end, time_precision, place_id,
                       location_text, geo_precision, actor1, actor2, quantities, modality,
                       confidence, evidence, source_count, match_start, match_end,
                       created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?)""",
                (
                    ev.type,
                    ev.subtype,
                    _iso(ev.date),
                    _iso(ev.date_end),
                    ev.time_precision,
                    place.id if place else None,
                    ev.location_text,
                    geo_prec,
                    _actor_json(ev.actor1),
                    _actor_json(ev.actor2),
                    quantities,
                    ev.modality,
                    float(ev.confidence),
                    ev.evidence.sentence if ev.evidence else None,
                    _iso(rng[0]) if rng else None,
                    _iso(rng[1]) if rng else None,
                    now,
                    now,
                ),
            )
            eid, new = int(cur.lastrowid or 0), True
            index_event(con, eid)
        else:
            self._enrich_event(eid, ev, place, geo_prec, quantities)
            new = False
        ev_ = ev.evidence
        con.execute(
            """INSERT OR IGNORE INTO event_sources (event_id, article_pk, key, evidence,
                   ev_start, ev_end) VALUES (?,?,?,?,?,?)""",
            (
                eid,
                apk,
                key,
                ev_.sentence if ev_ else None,
                ev_.start if ev_ else None,
                ev_.end if ev_ else None,
            ),
        )
        con.execute(
            """UPDATE events SET source_count = (SELECT count(DISTINCT article_pk)
                   FROM event_sources WHERE event_id = ?) WHERE id = ?""",
            (eid, eid),
        )
        return eid, new

    def _same_key_event(self, key: str, rng: tuple[date, date] | None) -> int | None:
        """The event an identical earlier report went to (even if corrected since), when the
        dates still fit (an undated report a year later is another event)."""
        for r in self.con.execute(
            """SELECT e.id, e.match_start, e.match_end, e.locked FROM event_sources s
               JOIN events e ON e.id = s.event_id WHERE s.key = ?""",
            (key,),
        ):
            other = None
            if r["match_start"]:
                other = merge.as_date(r["match_start"]), merge.as_date(r["match_end"])
            if "date" in json.loads(r["locked"]) or merge.dates_overlap(rng, other):
                return int(r["id"])
        return None

    def _find_event(
        self,
        ev: Event,
        place: Place | None,
        geo_prec: str | None,
        rng: tuple[date, date] | None,
    ) -> int | None:
        """The stored event this report is about, by the rules in geo.merge, or None."""
        cols = """SELECT e.id, e.match_start, e.match_end, e.actor1, e.actor2,
                         e.geo_precision, e.location_text, p.id AS pid, p.lat, p.lon,
                         p.country_code"""
        if place is None:
            sql = f"""{cols} FROM events e LEFT JOIN places p ON p.id = e.place_id
                      WHERE e.type = ? AND e.place_id IS NULL"""
            args: list[Any] = [ev.type]
        else:
            sql = f"""{cols} FROM event_rtree x CROSS JOIN events e ON e.id = x.id
                      JOIN places p ON p.id = e.place_id
                      WHERE x.k0 <= ? AND x.k1 >= ? AND x.d0 <= ? AND x.d1 >= ?
                      AND x.lat0 <= ? AND x.lat1 >= ? AND x.lon0 <= ? AND x.lon1 >= ?
                      AND e.type = ?"""
            k, _, d0, d1, lat0, lat1, lon0, lon1 = merge.event_box(
                ev.type, place.lat, place.lon, geo_prec, rng
            )
            args = [k, k, d1, d0, lat1, lat0, lon1, lon0, ev.type]
        here = merge.Loc.of(place, geo_prec) if place else None
        a1, a2 = merge.actor_key(ev.actor1), merge.actor_key(ev.actor2)
        best: tuple[float, int] | None = None
        for r in self.con.execute(sql, args):
            if here is not None:
                there = merge.Loc(
                    r["pid"], r["lat"], r["lon"], r["country_code"], r["geo_precision"]
                )
                dist = merge.place_distance(here, there)
                if dist is None:
                    continue
            elif merge.name_key(r["location_text"]) != merge.name_key(ev.location_text):
                continue
            else:
                dist = 0.0
            other = None
            if r["match_start"]:
                other = merge.as_date(r["match_start"]), merge.as_date(r["match_end"])
            b1 = merge.actor_key(json.loads(r["actor1"])) if r["actor1"] else None
            b2 = merge.actor_key(json.loads(r["actor2"])) if r["actor2"] else None
            if not merge.actors_agree(a1, a2, b1, b2):
                continue
            gap = abs((rng[0] - other[0]).days) if rng and other else 0
            score = dist + gap
            if best is None or score < best[0]:
                best = (score, r["id"])
        return best[1] if best else None

    def _enrich_event(
        self, eid: int, ev: Event, place: Place | None, geo_prec: str | None, quantities: str
    ) -> None:
        """A later report fills what the stored event lacks; fields fixed by hand stay."""
        cur = self.con.execute("SELECT * FROM events WHERE id = ?", (eid,)).fetchone()
        locked = set(json.loads(cur["locked"]))
        upd: dict[str, Any] = {}
        if "date" not in locked and cur["date"] is None and ev.date is not None:
            upd |= {
                "date": _iso(ev.date),
                "date_end": _iso(ev.date_end),
                "time_precision": ev.time_precision,
            }
            rng = merge.date_range(ev.date, ev.date_end, ev.time_precision)
            if rng is not None:
                upd |= {"match_start": _iso(rng[0]), "match_end": _iso(rng[1])}
        if "place" not in locked and place is not None:
            rank = merge.PLACE_RANK
            old = rank.get(cur["geo_precision"] or "", 9)
            if cur["place_id"] is None or rank.get(geo_prec or "", 9) < old:
                upd |= {
                    "place_id": place.id,
                    "geo_precision": geo_prec,
                    "location_text": ev.location_text,
                }
        if cur["actor1"] is None and ev.actor1 is not None:
            upd["actor1"] = _actor_json(ev.actor1)
        if cur["actor2"] is None and ev.actor2 is not None:
            upd["actor2"] = _actor_json(ev.actor2)
        if cur["quantities"] == "[]" and ev.quantities:
            upd["quantities"] = quantities
        if ev.confidence > cur["confidence"]:
            upd["confidence"] = float(ev.confidence)
        if ev.modality == "confirmed" and cur["modality"] != "confirmed":
            upd["modality"] = "confirmed"
        upd["updated_at"] = _now()
        sets = ", ".join(f"{k} = ?" for k in upd)
        self.con.execute(f"UPDATE events SET {sets} WHERE id = ?", [*upd.values(), eid])
        if upd.keys() & {"place_id", "match_start"}:
            index_event(self.con, eid)

    def _merge_route(
        self, rt: Route, apk: int, fixes: dict[str, Place], event_id: int | None
    ) -> bool:
        origin, _ = self._corrected(rt.origin, None, fixes)
        dest, _ = self._corrected(rt.destination, None, fixes)
        via = [self._corrected(p, None, fixes)[0] for p in rt.via]
        key = merge.route_key(rt, origin, dest, via)  # type: ignore[arg-type]
        for p in (origin, dest, *via):
            self._put_place(p)  # type: ignore[arg-type]
        con = self.con
        row = con.execute(
            "SELECT route_id FROM route_sources WHERE key = ? LIMIT 1", (key,)
        ).fetchone()
        rid = row[0] if row else self._find_route(rt, origin, dest)  # type: ignore[arg-type]
        q = rt.quantity
        if rid is None:
            now = _now()
            cur = con.execute(
                """INSERT INTO routes (event_id, mode, origin_id, destination_id, via, quantity,
                       date, evidence, source_count, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,0,?,?)""",
                (
                    event_id,
                    rt.mode,
                    origin.id,
                    dest.id,  # type: ignore[union-attr]
                    json.dumps([p.id for p in via]),  # type: ignore[union-attr]
                    json.dumps(_quantity_dict(q), ensure_ascii=False) if q else None,
                    _iso(rt.date),
                    rt.evidence.sentence if rt.evidence else None,
                    now,
                    now,
                ),
            )
            rid, new = int(cur.lastrowid or 0), True
            index_route(con, rid)
        else:
            con.execute(
                """UPDATE routes SET event_id = coalesce(event_id, ?),
                       quantity = coalesce(quantity, ?), date = coalesce(date, ?),
                       updated_at = ? WHERE id = ?""",
                (
                    event_id,
                    json.dumps(_quantity_dict(q), ensure_ascii=False) if q else None,
                    _iso(rt.date),
                    _now(),
                    rid,
                ),
            )
            new = False
        con.execute(
            "INSERT OR IGNORE INTO route_sources (route_id, article_pk, key) VALUES (?,?,?)",
            (rid, apk, key),
        )
        con.execute(
            """UPDATE routes SET source_count = (SELECT count(DISTINCT article_pk)
                   FROM route_sources WHERE route_id = ?) WHERE id = ?""",
            (rid, rid),
        )
        return new

    def _find_route(self, rt: Route, origin: Place, dest: Place) -> int | None:
        here_o, here_d = merge.Loc.of(origin), merge.Loc.of(dest)
        k, _, a0, a1, b0, b1, c0, c1, e0, e1 = merge.route_box(rt.mode, here_o, here_d)
        rows = self.con.execute(
            """SELECT r.id, r.date, o.id AS oid, o.lat AS olat, o.lon AS olon,
                      o.country_code AS occ, o.precision AS oprec, d.id AS did, d.lat AS dlat,
                      d.lon AS dlon, d.country_code AS dcc, d.precision AS dprec
               FROM route_rtree x CROSS JOIN routes r ON r.id = x.id
               JOIN places o ON o.id = r.origin_id JOIN places d ON d.id = r.destination_id
               WHERE x.k0 <= ? AND x.k1 >= ? AND x.olat0 <= ? AND x.olat1 >= ?
               AND x.olon0 <= ? AND x.olon1 >= ? AND x.dlat0 <= ? AND x.dlat1 >= ?
               AND x.dlon0 <= ? AND x.dlon1 >= ? AND r.mode = ?""",
            (k, k, a1, a0, b1, b0, c1, c0, e1, e0, rt.mode),
        )
        rng = merge.date_range(rt.date, None, "month")
        best: tuple[float, int] | None = None
        for r in rows:
            do = merge.place_distance(
                here_o, merge.Loc(r["oid"], r["olat"], r["olon"], r["occ"], r["oprec"])
            )
            dd = merge.place_distance(
                here_d, merge.Loc(r["did"], r["dlat"], r["dlon"], r["dcc"], r["dprec"])
            )
            if do is None or dd is None:
                continue
            other = merge.date_range(merge.as_date(r["date"]), None, "month")
            if not merge.dates_overlap(rng, other):
                continue
            if best is None or do + dd < best[0]:
                best = (do + dd, r["id"])
        return best[1] if best else None

    # -- reading --------------------------------------------------------------------------

    def event_rows(
        self,
        filters: Filters | None = None,
        /,
        *,
        include_deleted: bool = False,
        located: bool = False,
        limit: int | None = None,
        **by: Unpack[FilterArgs],
    ) -> list[dict[str, Any]]:
        """Events as flat dicts with the columns of `events_gdf` (no geometry), selected by
        ``filters`` and/or the keywords ``since``, ``until``, ``type``, ``country``."""
        where, args = Filters.of(filters, **by).event_where()
        if not include_deleted:
            where.insert(0, "e.deleted = 0")
        if located:
            where.append("e.place_id IS NOT NULL")
        sql = _EVENT_SELECT + _where_sql(where) + " ORDER BY e.date IS NULL, e.date, e.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [_event_dict(r) for r in self.con.execute(sql, args)]

    def event(self, event_id: int) -> dict[str, Any]:
        """One event with its sources, routes and the corrections made to it."""
        row = self.con.execute(_EVENT_SELECT + " WHERE e.id = ?", (event_id,)).fetchone()
        if row is None:
            raise StoreError(f"event {event_id}: no such event in {self.path}")
        d = _event_dict(row)
        d["deleted"] = bool(row["deleted"])
        d["location_text"] = row["location_text"]
        d["locked"] = json.loads(row["locked"])
        d["evidence_by_source"] = [
            dict(r)
            for r in self.con.execute(
                """SELECT a.article_id, s.evidence, s.ev_start, s.ev_end FROM event_sources s
                   JOIN articles a ON a.pk = s.article_pk WHERE s.event_id = ?""",
                (event_id,),
            )
        ]
        d["routes"] = [
            r["id"]
            for r in self.con.execute(
                "SELECT id FROM routes WHERE event_id = ? AND deleted = 0", (event_id,)
            )
        ]
        d["corrections"] = [
            dict(r)
            for r in self.con.execute(
                """SELECT field, old_value, new_value, created_at FROM corrections
                   WHERE event_id = ? ORDER BY pk""",
                (event_id,),
            )
        ]
        return d

    def route_rows(
        self, filters: Filters | None = None, /, **by: Unpack[FilterArgs]
    ) -> list[dict[str, Any]]:
        """Routes as flat dicts with the columns of `routes_gdf`, plus their end points."""
        where, args = Filters.of(filters, **by).route_where()
        where[:0] = ["r.deleted = 0", "(e.id IS NULL OR e.deleted = 0)"]
        sql = _ROUTE_SELECT + _where_sql(where) + " ORDER BY r.id"
        rows = self.con.execute(sql, args).fetchall()
        via_ids = {pid for r in rows for pid in json.loads(r["via"])}
        via = {pid: self.place(pid) for pid in via_ids}
        out = []
        for r in rows:
            q = json.loads(r["quantity"]) if r["quantity"] else {}
            vias = [via[p] for p in json.loads(r["via"]) if via.get(p)]
            d = {
                "id": r["id"],
                "event_id": r["event_id"],
                "mode": r["mode"],
                "origin_name": r["origin_name"],
                "origin_id": r["origin_id"],
                "destination_name": r["destination_name"],
                "destination_id": r["destination_id"],
                "via": json.dumps(
                    [{"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon} for p in vias],
                    ensure_ascii=False,
                ),
                "quantity": q.get("value"),
                "quantity_unit": q.get("unit"),
                "quantity_what": q.get("what"),
                "date": r["date"],
                "evidence": r["evidence"],
                "source_count": r["source_count"],
                "sources": r["sources"] or "[]",
                "origin_precision": r["origin_precision"],
                "destination_precision": r["destination_precision"],
                "_points": [
                    (r["o_lon"], r["o_lat"]),
                    *((p.lon, p.lat) for p in vias),
                    (r["d_lon"], r["d_lat"]),
                ],
            }
            out.append(d)
        return out

    def events_gdf(
        self, filters: Filters | None = None, /, **by: Unpack[FilterArgs]
    ) -> gpd.GeoDataFrame:
        """Located, not deleted events as a GeoDataFrame of Points in EPSG:4326."""
        import geopandas as gpd
        import pandas as pd

        rows = self.event_rows(Filters.of(filters, **by), located=True)
        df = pd.DataFrame.from_records(rows, columns=list(EVENT_COLUMNS))
        geom = gpd.points_from_xy(df["lon"].astype(float), df["lat"].astype(float))
        return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")

    def routes_gdf(
        self, filters: Filters | None = None, /, **by: Unpack[FilterArgs]
    ) -> gpd.GeoDataFrame:
        """Routes as densified geodesic LineStrings (MultiLineString across the antimeridian)."""
        import geopandas as gpd
        import pandas as pd

        rows = self.route_rows(Filters.of(filters, **by))
        geoms = [route_geometry(r.pop("_points")) for r in rows]
        df = pd.DataFrame.from_records(rows, columns=list(ROUTE_COLUMNS))
        return gpd.GeoDataFrame(df, geometry=geoms, crs="EPSG:4326")

    # -- corrections ----------------------------------------------------------------------

    def _log(self, event_id: int, field_: str, old: Any, new: Any) -> None:
        self.con.execute(
            """INSERT INTO corrections (event_id, field, old_value, new_value, created_at)
               VALUES (?,?,?,?,?)""",
            (event_id, field_, None if old is None else str(old), str(new), _now()),
        )

    def _lock(self, event_id: int, fields: set[str]) -> None:
        row = self.con.execute("SELECT locked FROM events WHERE id = ?", (event_id,)).fetchone()
        locked = sorted(set(json.loads(row[0])) | fields)
        self.con.execute(
            "UPDATE events SET locked = ?, updated_at = ? WHERE id = ?",
            (json.dumps(locked), _now(), event_id),
        )

    def fix_event(
        self,
        event_id: int,
        *,
        place: Place | None = None,
        type: str | None = None,
        date: date | None = None,
        time_precision: str | None = None,
    ) -> dict[str, Any]:
        """Correct an event by hand. A new place is also remembered for the event's location
        text, so later articles that name the same place get it too."""
        cur = self.event(event_id)
        with self.transaction() as con:
            if place is not None:
                self._put_place(place)
                con.execute(
                    "UPDATE events SET place_id = ?, geo_precision = ? WHERE id = ?",
                    (place.id, place.precision, event_id),
                )
                self._log(event_id, "place", cur["place_id"], place.id)
                # Remembered for what the article said (the gazetteer's name only when the
                # text is unknown): "Rusia" fixed to one oblast must not move every "Russia".
                name = cur["location_text"] or cur["place_name"]
                if name:
                    self.remember_place(name, place)
                self._lock(event_id, {"place"})
            if type is not None:
                t, _, sub = type.partition("/")
                if t not in EVENT_TYPES:
                    raise StoreError(
                        f"{type}: unknown event type (one of {', '.join(EVENT_TYPES)})"
                    )
                if sub and sub not in EVENT_TYPES[t]:
                    raise StoreError(
                        f"{type}: unknown subtype of {t} ({', '.join(EVENT_TYPES[t])})"
                    )
                con.execute(
                    "UPDATE events SET type = ?, subtype = ? WHERE id = ?",
                    (t, sub or None, event_id),
                )
                self._log(event_id, "type", f"{cur['type']}/{cur['subtype']}", type)
                self._lock(event_id, {"type"})
            if date is not None:
                rng = merge.date_range(date, None, time_precision or "day")
                assert rng is not None
                con.execute(
                    """UPDATE events SET date = ?, date_end = NULL, time_precision = ?,
                           match_start = ?, match_end = ? WHERE id = ?""",
                    (
                        date.isoformat(),
                        time_precision or "day",
                        _iso(rng[0]),
                        _iso(rng[1]),
                        event_id,
                    ),
                )
                self._log(event_id, "date", cur["date"], date.isoformat())
                self._lock(event_id, {"date"})
            index_event(con, event_id)
        return self.event(event_id)

    def delete_event(self, event_id: int) -> None:
        """Hide an event and its routes for good: later reports of it merge into the deleted
        event and stay hidden, so re-adding articles does not bring it back."""
        self.event(event_id)
        with self.transaction() as con:
            con.execute(
                "UPDATE events SET deleted = 1, updated_at = ? WHERE id = ?", (_now(), event_id)
            )
            con.execute("UPDATE routes SET deleted = 1 WHERE event_id = ?", (event_id,))
            self._log(event_id, "deleted", 0, 1)

    # -- unresolved mentions (geomap resolve --retry) -------------------------------------

    def unresolved_mentions(self, *, retryable_only: bool = True) -> list[dict[str, Any]]:
        sql = """SELECT m.pk, m.text, m.reason, m.retryable, m.article_pk, a.lang, a.article_id
                 FROM mentions m JOIN articles a ON a.pk = m.article_pk
                 WHERE m.place_id IS NULL"""
        if retryable_only:
            sql += " AND m.retryable = 1"
        return [dict(r) for r in self.con.execute(sql + " ORDER BY m.pk")]

    def resolve_mention(
        self,
        mention_pk: int,
        place: Place | None,
        *,
        reason: str | None = None,
        retryable: bool = False,
    ) -> int:
        """Record the answer of a retried look-up; a found place also locates the article's
        events that were left without a place for that name. Returns events located."""
        with self.transaction() as con:
            row = con.execute(
                "SELECT article_pk, text FROM mentions WHERE pk = ?", (mention_pk,)
            ).fetchone()
            if row is None:
                raise StoreError(f"mention {mention_pk}: no such mention")
            if place is None:
                con.execute(
                    "UPDATE mentions SET reason = ?, retryable = ? WHERE pk = ?",
                    (reason, int(retryable), mention_pk),
                )
                return 0
            self._put_place(place)
            con.execute(
                """UPDATE mentions SET place_id = ?, reason = NULL, retryable = 0,
                       source = 'geocoder' WHERE pk = ?""",
                (place.id, mention_pk),
            )
            key = merge.name_key(row["text"])
            located = 0
            for ev in con.execute(
                """SELECT DISTINCT e.id, e.location_text FROM events e
                   JOIN event_sources s ON s.event_id = e.id
                   WHERE s.article_pk = ? AND e.place_id IS NULL""",
                (row["article_pk"],),
            ).fetchall():
                if merge.name_key(ev["location_text"]) == key:
                    con.execute(
                        "UPDATE events SET place_id = ?, geo_precision = ?, updated_at = ? "
                        "WHERE id = ?",
                        (place.id, place.precision, _now(), ev["id"]),
                    )
                    index_event(con, ev["id"])
                    located += 1
            return located


def index_event(con: sqlite3.Connection, event_id: int) -> None:
    """Put an event's box in the R-tree (after any change of its type, place or dates)."""
    r = con.execute(
        """SELECT e.type, e.match_start, e.match_end, e.geo_precision, p.lat, p.lon
           FROM events e LEFT JOIN places p ON p.id = e.place_id WHERE e.id = ?""",
        (event_id,),
    ).fetchone()
    con.execute("DELETE FROM event_rtree WHERE id = ?", (event_id,))
    if r is None or r[4] is None:
        return  # no place: matched by location text, not through the R-tree
    rng = (merge.as_date(r[1]), merge.as_date(r[2])) if r[1] else None
    box = merge.event_box(r[0], r[4], r[5], r[3], rng)  # type: ignore[arg-type]
    con.execute("INSERT INTO event_rtree VALUES (?,?,?,?,?,?,?,?,?)", (event_id, *box))


def index_route(con: sqlite3.Connection, route_id: int) -> None:
    r = con.execute(
        """SELECT r.mode, o.id, o.lat, o.lon, o.country_code, o.precision,
                  d.id, d.lat, d.lon, d.country_code, d.precision
           FROM routes r JOIN places o ON o.id = r.origin_id
           JOIN places d ON d.id = r.destination_id WHERE r.id = ?""",
        (route_id,),
    ).fetchone()
    con.execute("DELETE FROM route_rtree WHERE id = ?", (route_id,))
    if r is not None:
        box = merge.route_box(r[0], merge.Loc(*r[1:6]), merge.Loc(*r[6:11]))
        con.execute("INSERT INTO route_rtree VALUES (?,?,?,?,?,?,?,?,?,?,?)", (route_id, *box))


def _iso_arg(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _where_sql(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


def _event_dict(r: sqlite3.Row) -> dict[str, Any]:
    """The EVENT_COLUMNS of a row of _EVENT_SELECT (selected in that order)."""
    return dict(zip(EVENT_COLUMNS, r, strict=False))


def route_geometry(points: Sequence[tuple[float, float]]) -> Any:
    """Shapely geometry of a route through (lon, lat) points: a densified great-circle line,
    cut into a MultiLineString where it crosses the antimeridian (geo.routes does the work)."""
    from geo.routes import geodesic_coords, to_geojson_geometry

    return to_geojson_geometry(geodesic_coords(list(points), ROUTE_NPTS))
