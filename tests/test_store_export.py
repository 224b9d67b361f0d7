"""Exports read back: GeoJSON (RFC 7946, checked against a JSON schema and by geopandas),
GeoJSONSeq, GeoPackage layers (pyogrio) and ACLED-like CSV; the filters."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import warnings
from datetime import date

import geopandas as gpd
import jsonschema
import pyogrio
import pytest
from _store_helpers import DAWNSIDE, FARPORT, QUENBY, VALLORA, article, event, place, route

from geo.export import CSV_COLUMNS, export
from geo.ingest import content_hash
from geo.store import EVENT_COLUMNS, ROUTE_COLUMNS, Filters, Store

POSITION = {"type": "array", "minItems": 2, "maxItems": 2,
            "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                            {"type": "number", "minimum": -90, "maximum": 90}]}  # fmt: skip
LINE = {"type": "array", "minItems": 2, "items": POSITION}
BBOX = {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}}
GEOMETRY = {
    "oneOf": [
        {"type": "object", "required": ["type", "coordinates"],
         "properties": {"type": {"const": "Point"}, "coordinates": POSITION}},
        {"type": "object", "required": ["type", "coordinates"],
         "properties": {"type": {"const": "LineString"}, "coordinates": LINE}},
        {"type": "object", "required": ["type", "coordinates"],
         "properties": {"type": {"const": "MultiLineString"},
                        "coordinates": {"type": "array", "minItems": 1, "items": LINE}}},
    ]
}  # fmt: skip
FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": ["string", "number"]},
        "bbox": BBOX,
        "geometry": GEOMETRY,
        "properties": {"type": "object"},
    },
}
FEATURE_COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "bbox": BBOX,
        "features": {"type": "array", "items": FEATURE},
    },
}

PRECISE = place("Precise Point", 12.123456789, 22.987654321)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("export") / "s.sqlite")
    batches = [
        ("a1", [event(qty=500, id="k1")], [route(VALLORA, QUENBY, event_id="k1")]),
        ("a2", [event(type="meeting", subtype="talks", where=QUENBY, on=date(2023, 5, 2))], []),
        ("a3", [event(type="disaster", subtype="flood", where=FARPORT, on=date(2024, 1, 5),
                      actor1=None, id="k3")],
         [route(FARPORT, DAWNSIDE, mode="aid", on=date(2024, 1, 6), event_id="k3")]),
        ("a4", [event(where=PRECISE, on=date(2024, 2, 1), actor1="Eastland")], []),
        ("a5", [event(where=None, location_text="Nowhere Town")], []),
    ]  # fmt: skip
    for text, evs, rts in batches:
        a = article(f"text of {text}", url=f"http://news.invalid/{text}")
        s.add_extraction(a, [], evs, rts, content_hash=content_hash(a.text))
    yield s
    s.close()


def all_positions(coords):
    if coords and isinstance(coords[0], int | float):
        yield coords
    else:
        for c in coords:
            yield from all_positions(c)


def test_geojson_is_rfc7946_and_reads_back(store, tmp_path):
    out = tmp_path / "e.geojson"
    s = export(store, out)
    assert (s.format, s.events, s.routes) == ("geojson", 4, 2)  # the unlocated event is left out
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, FEATURE_COLLECTION)
    for f in doc["features"]:
        for x, y in all_positions(f["geometry"]["coordinates"]):
            assert round(x, 7) == x and round(y, 7) == y
    west, south, east, north = doc["bbox"]
    assert west <= 20.0 <= east and south <= -20.0 and north >= 30.0
    events = [f for f in doc["features"] if f["properties"]["feature_type"] == "event"]
    precise = next(f for f in events if f["properties"]["place_id"] == PRECISE.id)
    assert precise["geometry"]["coordinates"] == [22.9876543, 12.1234568]  # [lon, lat], 7 dp
    for f in events:
        assert set(EVENT_COLUMNS) <= set(f["properties"])
        assert isinstance(f["properties"]["sources"], list)
    routes = {f["properties"]["destination_id"]: f for f in doc["features"]
              if f["properties"]["feature_type"] == "route"}  # fmt: skip
    assert routes[DAWNSIDE.id]["geometry"]["type"] == "MultiLineString"
    assert routes[QUENBY.id]["geometry"]["type"] == "LineString"
    for f in routes.values():
        assert set(ROUTE_COLUMNS) <= set(f["properties"])
        assert f["properties"]["date"] == "2024-10-28" or f["properties"]["date"] == "2024-01-06"
    gdf = gpd.read_file(out)
    assert len(gdf) == 6 and gdf.crs.to_epsg() == 4326
    pt = gdf[gdf["place_id"] == VALLORA.id].geometry.iloc[0]
    assert (pt.x, pt.y) == (VALLORA.lon, VALLORA.lat)


@pytest.mark.parametrize("suffix", ["geojson", "geojsons"])
def test_read_back_gives_no_gdal_warning_and_unique_ids(store, tmp_path, suffix):
    """Events and routes are numbered apart (event 1 and route 1 both exist here): an integer
    ``id`` property repeated across them made GDAL warn and renumber its FIDs."""
    out = tmp_path / f"ids.{suffix}"
    export(store, out)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdf = pyogrio.read_dataframe(out, fid_as_index=True)
        again = gpd.read_file(out)
    assert [str(w.message) for w in caught] == []
    assert len(gdf) == len(again) == 6 and gdf.index.is_unique and gdf["id"].is_unique
    kinds = dict(zip(gdf["id"], gdf["feature_type"], strict=True))
    assert {k.partition("-")[0] for k in kinds} == {"event", "route"}
    assert all(fid.startswith(kind + "-") for fid, kind in kinds.items())
    # the store's own number stays, as in the CSV column of that name
    events = gdf[gdf["feature_type"] == "event"]
    assert sorted(events["geomap_id"]) == sorted(r["id"] for r in store.event_rows(located=True))
    raw = out.read_text(encoding="utf-8")
    feats = (json.loads(raw)["features"] if suffix == "geojson"
             else [json.loads(r) for r in raw.split("\x1e") if r])  # fmt: skip
    assert all(f["id"] == f["properties"]["id"] for f in feats)


def test_geojsonseq_has_one_feature_per_record(store, tmp_path):
    out = tmp_path / "e.geojsons"
    s = export(store, out)
    assert s.format == "geojsonseq"
    raw = out.read_text(encoding="utf-8")
    records = [r for r in raw.split("\x1e") if r]
    assert len(records) == 6 and all(r.endswith("\n") for r in records)
    for r in records:
        jsonschema.validate(json.loads(r), FEATURE)
    assert len(gpd.read_file(out)) == 6


def test_geopackage_has_events_and_routes_layers(store, tmp_path):
    out = tmp_path / "e.gpkg"
    export(store, out)
    layers = dict(pyogrio.list_layers(out))
    assert layers == {"events": "Point", "routes": "MultiLineString"}
    ev = pyogrio.read_dataframe(out, layer="events")
    rt = pyogrio.read_dataframe(out, layer="routes")
    assert len(ev) == 4 and len(rt) == 2
    assert set(EVENT_COLUMNS) <= set(ev.columns) and set(ROUTE_COLUMNS) <= set(rt.columns)
    assert ev.crs.to_epsg() == 4326
    assert sorted(ev["type"]) == ["attack", "attack", "disaster", "meeting"]


def test_csv_has_acled_like_columns(store, tmp_path):
    out = tmp_path / "e.csv"
    export(store, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 4
    flood = next(r for r in rows if r["event_type"] == "disaster")
    assert flood["event_date"] == "2024-01-05" and flood["year"] == "2024"
    assert flood["time_precision"] == "1" and flood["geo_precision"] == "1"
    assert (float(flood["latitude"]), float(flood["longitude"])) == (FARPORT.lat, FARPORT.lon)
    assert flood["sub_event_type"] == "flood"
    attack = next(r for r in rows if r["place_id"] == VALLORA.id)
    assert float(attack["quantity"]) == 500 and attack["actor1"] == "Northland"
    assert "http://news.invalid/a1" in attack["urls"]


@pytest.mark.parametrize(
    ("flt", "want_events", "want_routes"),
    [
        ({"since": "2024-01-01"}, 3, 2),
        ({"until": "2023-12-31"}, 1, 0),
        ({"type": "disaster"}, 1, 1),
        ({"type": "attack/clash"}, 2, 1),
        ({"country": "yy"}, 1, 1),
    ],
)
def test_filters(store, tmp_path, flt, want_events, want_routes):
    s = export(store, tmp_path / "f.geojson", **flt)
    assert (s.events, s.routes) == (want_events, want_routes)
    assert len(store.events_gdf(**flt)) == want_events
    # a Filters object selects what the keywords select, in every reader
    f = Filters(**flt)
    assert len(store.events_gdf(f)) == want_events and len(store.routes_gdf(f)) == want_routes
    s = export(store, tmp_path / "f.csv", filters=f)
    assert s.events == want_events
    assert store.event_rows(f) == store.event_rows(**flt)
    assert store.route_rows(f) == store.route_rows(**flt)
    assert store.event_rows(Filters(), **flt) == store.event_rows(**flt)


def test_readers_refuse_positional_dates_and_unknown_filters(store):
    with pytest.raises(TypeError, match="not a Filters"):
        store.event_rows("2024-01-01")
    with pytest.raises(TypeError, match="contry"):
        store.route_rows(contry="ZZ")


def test_cli_export_and_bad_format(store, tmp_path):
    out = tmp_path / "cli.gpkg"
    cmd = [sys.executable, "-m", "geo", "export", "--store", store.path, "-o", str(out)]
    res = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == {"path": str(out), "format": "gpkg", "events": 4,
                                      "routes": 2}  # fmt: skip
    bad = [sys.executable, "-m", "geo", "export", "--store", store.path, "-o",
           str(tmp_path / "x.unknown")]  # fmt: skip
    res = subprocess.run(bad, capture_output=True, text=True, timeout=120)
    assert res.returncode != 0 and "--format" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "x.unknown").exists()


@pytest.mark.parametrize("suffix", ["geojson", "geojsons", "gpkg", "csv"])
def test_an_empty_store_exports_valid_empty_files(tmp_path, suffix):
    out = tmp_path / f"empty.{suffix}"
    with Store(":memory:") as s:
        assert export(s, out).events == 0
    if suffix == "geojson":
        doc = json.loads(out.read_text(encoding="utf-8"))
        jsonschema.validate(doc, FEATURE_COLLECTION)
        assert doc["features"] == []
    elif suffix == "gpkg":
        assert dict(pyogrio.list_layers(out)) == {"events": "Point", "routes": "MultiLineString"}
    elif suffix == "csv":
        assert out.read_text(encoding="utf-8").strip() == ",".join(CSV_COLUMNS)
    else:
        assert out.read_text(encoding="utf-8") == ""
