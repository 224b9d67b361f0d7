"""User places: stored in SQLite, win over GeoNames for their name, visible to has/has_prefix,
shared between connections (another process adding a place)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.userplaces import UserPlaceError, UserPlaces


@pytest.fixture
def gz(tmp_path: Path) -> Gazetteer:
    """The real index with a private user-places database."""
    return Gazetteer(Gazetteer.load().path, user=UserPlaces(tmp_path / "places.sqlite"),
                     verify=False)


def test_user_place_wins_over_geonames(gz: Gazetteer) -> None:
    before = gz.lookup("Donetsk")[0].place
    assert before.source.startswith("geonames")
    # a point of the user's near the GeoNames one (derived, not typed)
    p = gz.user.add("Donetsk", before.lat + 0.1, before.lon + 0.1, country="ua", kind="base")
    assert p.id.startswith("user:") and p.country_code == "UA" and p.source == "user"
    res = gz.lookup("Donetsk")
    assert res[0].place == p and res[0].score == 1.0
    assert res[1].place == before  # GeoNames still follows
    assert gz.candidates("DONETSK")[0] == p
    assert gz.lookup("Donetsk", country="RU")[0].place.country_code == "RU"  # filter applies
    assert gz.get(p.id) == p


def test_new_name_is_known_to_has_and_prefix(gz: Gazetteer) -> None:
    assert not gz.has("zzyzx forward base")
    gz.user.add("Zzyzx Forward-Base", 50.0, 36.0)
    assert gz.has("zzyzx forward base")
    assert gz.has_prefix("zzyzx") and gz.has_prefix("zzyzx forward")
    assert not gz.has_prefix("zzyzx forward base")
    assert gz.lookup("zzyzx forward base")[0].place.name == "Zzyzx Forward-Base"


def test_kinds_map_to_precision(gz: Gazetteer) -> None:
    assert gz.user.add("Qx Town", 1, 2, kind="city").precision == "city"
    assert gz.user.add("Qx Crossing", 1, 2, kind="crossing").precision == "point"
    assert gz.user.add("Qx Crossing", 1, 2, kind="crossing").extra["kind"] == "crossing"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("", 1, 2), "empty"),
        (("'-.", 1, 2), "empty"),
        (("X", 91, 2), "latitude"),
        (("X", 1, -180.5), "longitude"),
        (("X", float("nan"), 2), "latitude"),
        (("X", 1, 2, "Ukraine"), "ISO 3166"),
    ],
)
def test_bad_user_places_are_refused(gz: Gazetteer, args, match: str) -> None:
    with pytest.raises(UserPlaceError, match=match):
        gz.user.add(*args)
    assert gz.user.count() == 0


def test_list_and_remove(gz: Gazetteer) -> None:
    a = gz.user.add("Alpha Post", 10, 20)
    b = gz.user.add("Bravo Post", 11, 21)
    c = gz.user.add("Bravo Post", 12, 22)
    assert [p.id for p in gz.user.list()] == [a.id, b.id, c.id]
    assert gz.user.remove(a.id) == [a]
    assert not gz.has("alpha post")
    assert {p.id for p in gz.user.remove("bravo post")} == {b.id, c.id}
    assert gz.user.list() == [] and gz.user.remove("nothing here") == []


def test_another_connection_adding_is_seen(gz: Gazetteer, tmp_path: Path) -> None:
    assert not gz.has("yonder depot")  # loads the (empty) table
    other = UserPlaces(tmp_path / "places.sqlite")  # as another process would
    other.add("Yonder Depot", 3, 4)
    time.sleep(1.05)  # the in-memory copy re-checks the database at most once a second
    assert gz.has("yonder depot") and gz.has_prefix("yonder")
    other.remove("Yonder Depot")
    time.sleep(1.05)
    assert not gz.has("yonder depot")


def test_table_lives_beside_other_tables(gz: Gazetteer, tmp_path: Path) -> None:
    gz.user.add("Shared File Place", 5, 6)
    db = sqlite3.connect(tmp_path / "places.sqlite")
    db.execute("CREATE TABLE IF NOT EXISTS geocache (q TEXT)")  # the fallback's own table
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT name FROM user_places").fetchall() == [("Shared File Place",)]
    db.close()


def test_no_database_file_until_a_place_is_added(tmp_path: Path) -> None:
    up = UserPlaces(tmp_path / "none.sqlite")
    assert not up.has("x") and up.list() == [] and up.count() == 0
    assert not (tmp_path / "none.sqlite").exists()
