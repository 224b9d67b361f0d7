"""Document focus for regions (geo/resolve.py): a first-level-region reading of a name is
supported by the other names that could lie inside it, and a region named outright pulls the
towns inside it; the real bundled gazetteer, no hand-typed places."""

from __future__ import annotations

import numpy as np

from geo import geoparse
from geo.resolve import _possible


def _where(text: str) -> dict[str, tuple[str | None, str | None]]:
    return {t.text: (t.place.country_code, t.place.admin1) if t.place else (None, None)
            for t in geoparse(text, "en")}


def test_state_named_with_towns_that_could_lie_in_it_is_the_state():
    # Jackson and Madison each have a reading in the US state of Georgia (and in many other
    # states); no reading in the country Georgia: the state, and the towns inside it
    got = _where("Storms hit Jackson and Madison on Sunday, and Georgia officials closed roads.")
    assert got["Georgia"] == ("US", "GA")
    assert got["Jackson"] == ("US", "GA") and got["Madison"] == ("US", "GA")


def test_country_stays_the_country_among_its_own_towns():
    got = _where("The Georgia delegation met officials from Tbilisi and Batumi.")
    assert got["Georgia"] == ("GE", None)
    assert got["Tbilisi"][0] == "GE" and got["Batumi"][0] == "GE"


def test_possible_support_spreads_each_name_over_its_regions_and_skips_its_own():
    # name 0: readings in regions 0 and 1; name 1: one reading in region 0; name 2: a country
    # reading (no region) and one in region 1
    grp = np.array([0, 0, 1, 2, 2])
    adm = np.array([0, 1, 0, -1, 1])
    wg = np.array([1.0, 2.0, 1.0])
    got = _possible(grp, adm, 2, wg)
    # region 0: name 0 gives 0.5, name 1 gives 2; region 1: name 0 gives 0.5, name 2 gives 1
    assert np.allclose(got, [2.0, 1.0, 0.5, 0.0, 0.5])


def test_alias_keeps_same_named_towns_for_the_context_to_choose():
    # "Palestine" is a language-file alias of the country; the towns named Palestine stay
    # candidates, and among Texas counties the Texas town wins
    got = _where("A Palestine man was arrested at an Anderson County home. Freestone County "
                 "deputies and Anderson County officers joined the chase near Palestine.")
    assert got["Palestine"] == ("US", "TX")
    assert got["Anderson County"] == ("US", "TX")
    abroad = _where("Talks between Israel and Palestine resumed in Cairo and Amman.")
    assert abroad["Palestine"] == ("PS", None)


def test_county_and_town_support_each_other_by_distance():
    # Huntsville (AL and TX) and Walker County (AL and TX): the Texas town lies in the Texas
    # county, the Alabama pair ~150 km apart; the county counts as a point for closeness
    got = _where("Huntsville police said the Walker County jail held the suspect. Walker County "
                 "deputies searched Huntsville overnight.")
    assert got["Huntsville"] == ("US", "TX")
    assert got["Walker County"] == ("US", "TX")


def test_unsupported_low_readings_do_not_drown_a_regional_cluster():
    # London (England) is the prior's choice; Ontario and Quebec City make the Ontario city
    # likelier
    got = _where("The London city council voted on Monday to hire outside lawyers. Developers in "
                 "north London had asked Ontario officials to step in, and a similar clinic in "
                 "Quebec City was approved last year.")
    assert got["Ontario"] == ("CA", "08")
    assert got["London"][0] == "CA"


def test_pruning_keeps_the_best_readings_and_those_another_name_could_share_a_region_with():
    from gazetteer.place import Candidate, Place
    from geo.resolve import KEEP_CANDIDATES, _prune

    def pl(i: int, cc: str, a1: str) -> Candidate:  # made-up places: only their regions count
        return Candidate(Place(f"t:{i}", f"P{i}", 0.0, 0.0, country_code=cc, admin1=a1), 0.5)

    n = KEEP_CANDIDATES + 6
    a, b = ("a", None), ("b", None)
    cands = {a: [pl(i, "XX", f"R{i}") for i in range(n)], b: [pl(100, "XX", f"R{n - 1}")]}
    base = {a: [1.0 - i / 100 for i in range(n)], b: [0.9]}
    _prune([a, b], cands, base)
    kept = [c.place.admin1 for c in cands[a]]
    # the best by static score, plus the lowest one, which shares its region with name b
    assert kept == [f"R{i}" for i in range(KEEP_CANDIDATES)] + [f"R{n - 1}"]
    assert len(base[a]) == len(kept) and len(cands[b]) == 1


def test_a_region_by_its_own_name_beats_the_country_and_small_namesakes_in_its_country():
    # "England" is also a CLDR name of the United Kingdom, and Wales a village in England:
    # the first-level regions of those names are meant
    got = _where("Fans travelled from England and Scotland to Wales for the final.")
    assert got == {"England": ("GB", "ENG"), "Scotland": ("GB", "SCT"), "Wales": ("GB", "WLS")}
    # a big city of the region's name stays a candidate
    from geo.geoparse import parser_for

    gp = parser_for()
    res = gp.resolver.resolve(gp.mentions("Flights from Boston landed in New York.", "en"))
    ny = [r for r in res if r.mention.text == "New York"][0]
    assert "New York City" in [p.name for p, _ in ny.alternatives]


def test_a_name_the_text_calls_a_region_is_that_region_where_it_stands_alone():
    from geo import geoparse

    text = ("Ribuan tentara tiba di wilayah Belgorod pada Senin. Pertempuran di Belgorod "
            "berlanjut hingga Selasa.")
    got = [(t.text, t.place.precision) for t in geoparse(text, "id") if "Belgorod" in t.text]
    assert got and all(p == "admin1" for _, p in got), got
    # without the region cue the city stays the city
    alone = [t.place.precision for t in geoparse("Pertempuran di Belgorod berlanjut.", "id")]
    assert alone == ["city"]
