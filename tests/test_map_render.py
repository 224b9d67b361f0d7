"""maps.render and its payload, without a browser: offline page contents, escaping, encoding."""

from __future__ import annotations

import json
import re
import warnings

import pytest
from shapely.geometry import LineString, MultiLineString

from maps import render
from maps.assets import countries_geojson, js_json, leaflet_css
from maps.encode import bounds, encode, quantity_text, unwrap_line
from maps.synthetic import events_gdf, routes_gdf
from tests._map_helpers import HOSTILE_IMG, HOSTILE_SCRIPT, events, hostile_events, hostile_routes


def _html(m) -> str:
    return m.get_root().render()


def test_render_returns_folium_map_from_the_lazy_package_export():
    import folium

    import maps

    assert isinstance(maps.render(events_gdf(3)), folium.Map)


def test_offline_page_has_no_external_resource():
    html = _html(render(events_gdf(20), routes_gdf([[(0, 0), (5, 5)]]), offline=True))
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    for cdn in ("jsdelivr", "cloudflare", "bootstrapcdn", "jquery", "tile.openstreetmap"):
        assert cdn not in html
    assert "geomap-offline-sea" in html  # the country-outline basemap is there
    assert "url(images/" not in html  # Leaflet's images are data: URIs


def test_online_page_keeps_tiles_with_attribution():
    html = _html(render(events_gdf(5)))
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap" in html and "GeoNames" in html


def test_leaflet_css_images_are_inlined():
    css = leaflet_css()
    assert "data:image/png;base64," in css and "images/layers.png" not in css


def test_hostile_text_never_appears_as_markup_in_the_page():
    html = _html(render(hostile_events(), hostile_routes(), title=HOSTILE_SCRIPT, offline=True))
    for bad in (HOSTILE_SCRIPT, HOSTILE_IMG, "<script>window.__pwned", "<img src=x"):
        assert bad not in html
    assert "&lt;/script&gt;" in html  # the <title> is escaped too


def test_js_json_escapes_html_breakers():
    s = js_json({"a": "</script><!-- & \u2028"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028"}


def test_encode_dedups_strings_and_skips_events_without_coordinates():
    gdf = events([
        {"type": "attack", "lat": 1.0, "lon": 2.0, "place_name": "P", "evidence": "x"},
        {"type": "attack", "lat": 1.0, "lon": 2.0, "place_name": "P", "evidence": "y"},
        {"type": "meeting", "lat": None, "lon": None, "place_name": "Q"},
    ])
    p = encode(gdf)
    assert p["skipped"] == 1
    assert len(p["e"]["lat"]) == 2
    assert p["S"].count("P") == 1
    assert [t["name"] for t in p["types"]] == ["attack"]


def test_unknown_type_gets_other_style_and_its_own_label():
    p = encode(events([{"type": "parade", "lat": 0.0, "lon": 0.0}]))
    assert p["types"][0]["label"] == "Parade"
    assert p["types"][0]["shape"] == "ring"


def test_quantity_text():
    assert quantity_text(12000.0, None, "troops") == "12,000 troops"
    assert quantity_text(30, "mm") == "30 mm"
    assert quantity_text(None, "mm") is None
    assert quantity_text(float("nan")) is None


def test_dates_become_days_for_the_time_slider():
    p = encode(events([{"lat": 0.0, "lon": 0.0, "date": "1970-01-11", "date_end": "1970-01-13"},
                       {"lat": 0.0, "lon": 0.0, "date": None}]))
    assert p["e"]["d"] == [10, None]
    assert p["e"]["de"] == [12, None]


def test_unwrap_joins_a_line_cut_at_the_antimeridian():
    cut = MultiLineString([[(170, 0), (180, 1)], [(-180, 1), (-170, 2)]])
    assert unwrap_line(cut) == [[170, 0], [180, 1], [190, 2]]
    west = LineString([(-170, 0), (170, 0)])  # the short way is across the antimeridian
    assert unwrap_line(west) == [[-170, 0], [-190, 0]]


def test_bounds_frame_pacific_data_across_the_antimeridian():
    p = encode(events([{"lat": -20.0, "lon": 150.0}, {"lat": -21.0, "lon": -175.0}]),
               routes_gdf([[(-176.0, -20.0), (-170.0, -15.0)]]))
    assert bounds(p) == [[-21.0, 150.0], [-15.0, 190.0]]
    assert p["r"][0]["c"] == [[184.0, -20.0], [190.0, -15.0]]  # moved into the frame
    wide = encode(events([{"lat": 0.0, "lon": -60.0}, {"lat": 0.0, "lon": 60.0}]))
    assert bounds(wide) == [[0.0, -60.0], [0.0, 60.0]]  # the short way is not across


def test_bounds_cover_events_and_routes():
    p = encode(events([{"lat": 5.0, "lon": 6.0}]), routes_gdf([[(10, -3), (20, 4)]]))
    assert bounds(p) == [[-3, 6.0], [5.0, 20]]
    assert bounds(encode(events([]))) is None


@pytest.mark.parametrize("offline", [False, True])
def test_empty_input_renders_a_world_map(offline):
    m = render(events([]), None, offline=offline)
    assert m.geomap_stats == {"events": 0, "routes": 0, "skipped": 0, "compressed": False}
    assert "geomap.eventLayer" in _html(m)


def test_country_outlines_are_natural_earth_countries():
    fc = json.loads(countries_geojson())
    assert len(fc["features"]) >= 170
    names = {f["properties"]["name"] for f in fc["features"]}
    assert len(names) == len(fc["features"])
    assert {f["geometry"]["type"] for f in fc["features"]} <= {"Polygon", "MultiPolygon"}


def test_odd_values_do_not_break_the_page():
    import pandas as pd

    gdf = events([
        {"lat": 1.0, "lon": 2.0, "quantity": float("nan"), "date": pd.NaT,
         "confidence": "high", "sources": "not json", "quantities": "{broken",
         "actor1": '{"name": "Actor A", "kind": "country"}'},
        {"lat": 95.0, "lon": 2.0},  # impossible latitude: left out, counted
    ])
    with warnings.catch_warnings():  # shapely warns about the NaN we put in on purpose
        warnings.simplefilter("ignore", RuntimeWarning)
        routes = routes_gdf([[(0.0, 0.0), (float("nan"), 1.0), (5.0, 5.0)]])
    p = encode(gdf, routes)
    assert p["skipped"] == 1 and p["e"]["q"] == [None] and p["e"]["d"] == [None]
    assert p["e"]["c"] == [None] and p["e"]["src"] == [[]]
    assert "Actor A" in p["S"]
    assert p["r"][0]["c"] == [[0.0, 0.0], [5.0, 5.0]]
    assert "geomap.eventLayer" in _html(render(gdf, routes, offline=True))
