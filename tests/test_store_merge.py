"""Later articles: the same real-world event (or route) merges; a different one is added."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from _store_helpers import DAWNSIDE, FARPORT, QUENBY, VALLORA, VALLORA_EAST, article, event, route

from geo.ingest import content_hash
from geo.store import Store


def put(store: Store, text: str, events=(), routes=(), published: date | None = None, **kw):
    a = article(text, **kw)
    if published:
        a.published = datetime.combine(published, datetime.min.time())
    return store.add_extraction(a, [], list(events), list(routes), content_hash=content_hash(text))


@pytest.fixture()
def store():
    s = Store(":memory:")
    yield s
    s.close()


def test_same_event_from_two_articles_is_one_event_with_two_sources(store):
    r1 = put(store, "first report", [event()], url="http://one.example/a")
    r2 = put(store, "second report", [event(where=VALLORA_EAST, on=date(2024, 10, 29))],
             url="http://two.example/b")  # fmt: skip
    assert (r1.events_new, r2.events_new, r2.events_merged) == (1, 0, 1)
    rows = store.event_rows()
    assert len(rows) == 1
    assert rows[0]["source_count"] == 2
    urls = [s["url"] for s in json.loads(rows[0]["sources"])]
    assert urls == ["http://one.example/a", "http://two.example/b"]


@pytest.mark.parametrize(
    "other",
    [
        {"type": "meeting", "subtype": "talks"},  # another type
        {"where": QUENBY},  # far away
        {"on": date(2024, 12, 1)},  # weeks later
        {"actor1": "Southland"},  # another actor
    ],
    ids=["type", "place", "date", "actor"],
)
def test_a_genuinely_different_event_is_added(store, other):
    put(store, "first", [event()])
    r = put(store, "second", [event(**other)])
    assert (r.events_new, r.events_merged) == (1, 0)
    assert len(store.event_rows()) == 2


def test_month_precision_covers_the_whole_month(store):
    put(store, "first", [event(on=date(2024, 10, 1), precision="month")])
    r = put(store, "second", [event(on=date(2024, 10, 28))])
    assert r.events_merged == 1
    r = put(store, "third", [event(on=date(2024, 11, 20))])
    assert r.events_new == 1


def test_undated_events_match_within_the_week_before_publication(store):
    put(store, "dated", [event(on=date(2024, 10, 28))])
    near = put(store, "undated near", [event(on=None)], published=date(2024, 10, 30))
    far = put(store, "undated far", [event(on=None)], published=date(2025, 3, 1))
    assert near.events_merged == 1
    assert far.events_new == 1


def test_a_missing_actor_is_no_conflict_and_later_reports_fill_gaps(store):
    put(store, "first", [event(actor1=None, qty=None, on=None)])
    put(store, "second", [event(actor1="Northland", qty=500)])
    (row,) = store.event_rows()
    assert row["actor1"] == "Northland"
    assert row["quantity"] == 500
    assert row["date"] == "2024-10-28"
    assert row["source_count"] == 2


def test_a_finer_place_replaces_a_country_level_one(store):
    country = VALLORA.__class__(**{**VALLORA.to_dict(), "id": "test:zz", "name": "Zedland",
                                   "precision": "country", "lat": 11.0, "lon": 21.0})  # fmt: skip
    put(store, "first", [event(where=country)])
    put(store, "second", [event(where=VALLORA)])
    (row,) = store.event_rows()
    assert row["place_id"] == VALLORA.id
    assert row["geo_precision"] == "city"


def test_same_content_adds_nothing_the_second_time(store):
    r1 = put(store, "the very same text", [event()])
    r2 = put(store, "the very same text", [event()])
    assert not r1.skipped and r2.skipped
    assert store.stats()["articles"] == 1
    assert store.event_rows()[0]["source_count"] == 1


def test_routes_merge_like_events(store):
    put(store, "r1", [], [route(VALLORA, QUENBY)])
    r = put(store, "r2", [], [route(VALLORA_EAST, QUENBY, on=date(2024, 10, 30))])
    assert (r.routes_new, r.routes_merged) == (0, 1)
    r = put(store, "r3", [], [route(VALLORA, FARPORT)])
    assert r.routes_new == 1
    r = put(store, "r4", [], [route(VALLORA, QUENBY, mode="shipment")])
    assert r.routes_new == 1
    rows = store.route_rows()
    assert sorted(r["source_count"] for r in rows) == [1, 1, 2]


def test_routes_link_to_their_stored_event(store):
    ev = event(id="x1")
    put(store, "linked", [ev], [route(VALLORA, QUENBY, event_id="x1")])
    (rt,) = store.route_rows()
    (row,) = store.event_rows()
    assert rt["event_id"] == row["id"]


def test_routes_gdf_is_geodesic_and_cut_at_the_antimeridian(store):
    put(store, "pacific", [], [route(FARPORT, DAWNSIDE), route(VALLORA, QUENBY)])
    gdf = store.routes_gdf()
    assert str(gdf.crs) == "EPSG:4326"
    kinds = dict(zip(gdf["destination_id"], gdf.geometry.geom_type, strict=True))
    assert kinds == {DAWNSIDE.id: "MultiLineString", QUENBY.id: "LineString"}
    line = gdf.geometry[gdf["destination_id"] == QUENBY.id].iloc[0]
    assert len(line.coords) > 10  # densified
    for part in gdf.geometry[gdf["destination_id"] == DAWNSIDE.id].iloc[0].geoms:
        assert all(-180 <= x <= 180 for x, _ in part.coords)


def test_the_same_facts_in_indonesian_and_english_merge(tmp_path):
    """The repo's example article about the Kursk deployment, in Indonesian and in English:
    the second language adds sources, not events."""
    from pathlib import Path

    from geo.ingest import add

    examples = Path(__file__).resolve().parents[1] / "examples"
    with Store(tmp_path / "kursk.sqlite") as s:
        first = add(s, [str(examples / "dprk-troops-id.txt")], offline=True,
                    published="2024-10-28")
        second = add(s, [str(examples / "dprk-troops-en.txt")], offline=True,
                     published="2024-10-28")
        assert first.errors == [] and second.errors == []
        assert first.events >= 4
        assert second.events_merged >= 4 and second.events <= 1
        assert second.routes_merged >= 2
        arrival = s.event_rows(type="deployment/arrival", country="RU")
        assert arrival and arrival[0]["source_count"] == 2
        assert {json.loads(arrival[0]["sources"])[i]["article_id"] for i in (0, 1)} == {
            r[0] for r in s.con.execute("SELECT article_id FROM articles")
        }
