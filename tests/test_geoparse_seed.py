"""The seed article (../shared/seeds/kursk-id.txt, skipped when absent): every place the issue
names is found and resolved as it says; none of the people and organisations is a place."""

from __future__ import annotations

import pytest

from geo import geoparse

pytestmark = pytest.mark.shared

EXPECTED = {  # surface text -> (country code, precision or None for any)
    "Kursk": ("RU", None),
    "Najin": ("KP", "city"),
    "Donetsk": ("UA", None),
    "Pyongyang": ("KP", "city"),
    "Moskow": ("RU", "city"),
    "Rusia": ("RU", "country"),
    "Ukraina": ("UA", "country"),
    "Korea Utara": ("KP", "country"),
    "Korea Selatan": ("KR", "country"),
    "Jepang": ("JP", "country"),
    "Australia": ("AU", "country"),
    "Eropa": (None, "continent"),
    "Amerika Serikat": ("US", "country"),
}
NOT_PLACES = ("Kim", "Putin", "Rutte", "Mark", "Vladimir", "Jong-un", "Kang", "Dae-seok",
              "Yonhap", "ABC", "NATO", "Telegram")


@pytest.fixture(scope="module")
def toponyms(seed_text):
    return geoparse(seed_text, "id")


def test_seed_places_are_found_and_resolved(toponyms, seed_text):
    by_text: dict[str, list] = {}
    for t in toponyms:
        assert seed_text[t.start:t.end] == t.text
        by_text.setdefault(t.text, []).append(t)
    for name, (cc, precision) in EXPECTED.items():
        assert name in by_text, name
        for t in by_text[name]:
            assert t.place is not None, name
            assert t.place.country_code == cc, (name, t.place)
            if precision:
                assert t.place.precision == precision, (name, t.place)
    assert by_text["Najin"][0].place.name == "Rajin"
    assert by_text["Moskow"][0].place.name == "Moscow"
    assert by_text["Jepang"][0].place.name == "Japan"


def test_region_cue_in_the_seed(toponyms, seed_text):
    kursk = [t for t in toponyms if t.text == "Kursk"]
    region = [t for t in kursk if seed_text[max(0, t.start - 8):t.start].strip() == "wilayah"]
    assert region and all(t.place.precision == "admin1" for t in region)


def test_seed_people_and_organisations_are_not_places(toponyms):
    for t in toponyms:
        for word in NOT_PLACES:
            assert word not in t.text.split(), (word, t)
