"""Second-level regions (precision 'admin2', US counties) in ranking, merging and export.

The places are fictional (see _store_helpers): what is tested is how a county-level reading is
placed between a town and a state, not the gazetteer.
"""

from __future__ import annotations

import csv

import pytest
from _store_helpers import article, event, place

from gazetteer.place import PRECISIONS
from geo import events as geo_events
from geo.export import ACLED_GEO, export
from geo.ingest import content_hash
from geo.merge import NEAR_KM, PLACE_RANK, Loc, place_distance
from geo.store import Store

TOWN = place("Millbrook", 40.0, -90.0, cc="US")
# ~80 km east of the town: farther than two towns may be apart, within a county's reach
COUNTY = place("Millbrook County", 40.0, -89.06, cc="US", precision="admin2")
STATE = place("Northshire", 40.5, -89.5, cc="US", precision="admin1")


@pytest.fixture()
def store():
    s = Store(":memory:")
    yield s
    s.close()


def put(store: Store, text: str, evs) -> None:
    a = article(text)
    store.add_extraction(a, [], list(evs), [], content_hash=content_hash(text))


def test_every_precision_has_a_rank_and_a_county_lies_between_town_and_state():
    assert set(PRECISIONS) <= set(PLACE_RANK)
    assert PLACE_RANK["city"] < PLACE_RANK["admin2"] < PLACE_RANK["admin1"]
    assert geo_events.PLACE_RANK is PLACE_RANK  # the extractor ranks by the same table


def test_the_extractor_keeps_the_county_over_the_state_and_the_town_over_the_county():
    assert geo_events._finer(STATE, COUNTY) is COUNTY
    assert geo_events._finer(COUNTY, STATE) is COUNTY
    assert geo_events._finer(COUNTY, TOWN) is TOWN


def test_county_merge_distance_lies_between_town_and_state():
    assert NEAR_KM["city"] < NEAR_KM["admin2"] < NEAR_KM["admin1"]
    town, county = Loc.of(TOWN), Loc.of(COUNTY)
    d = place_distance(town, county)
    assert d is not None and NEAR_KM["city"] < d <= NEAR_KM["admin2"]
    # the same two points both read as towns are two places
    assert place_distance(town, Loc.of(COUNTY, precision="city")) is None


def test_a_town_report_merges_into_a_county_report_and_refines_its_place(store):
    put(store, "county report", [event(where=COUNTY)])
    put(store, "town report", [event(where=TOWN)])
    (row,) = store.event_rows()
    assert row["source_count"] == 2
    assert (row["place_id"], row["geo_precision"]) == (TOWN.id, "city")


def test_a_county_report_refines_a_state_report_but_a_state_report_does_not_coarsen_it(store):
    put(store, "state report", [event(where=STATE)])
    put(store, "county report", [event(where=COUNTY)])
    put(store, "another state report", [event(where=STATE)])
    (row,) = store.event_rows()
    assert row["source_count"] == 3
    assert (row["place_id"], row["geo_precision"]) == (COUNTY.id, "admin2")


def test_csv_gives_a_county_acled_geo_precision_2(store, tmp_path):
    assert ACLED_GEO["admin2"] == 2
    put(store, "county report", [event(where=COUNTY)])
    out = tmp_path / "e.csv"
    export(store, out)
    with out.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["geo_precision"] == "2" and row["location"] == COUNTY.name
