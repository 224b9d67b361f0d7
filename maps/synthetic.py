"""Fictional events and routes in the store's GeoDataFrame layout, for tests and benchmarks.

Places are invented ("Place 17") at random coordinates: nothing here stands for a real place.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from maps.style import TYPE_STYLES

_SYLLABLES = ("ka", "ri", "mo", "tan", "se", "lu", "pe", "dor", "vi", "na", "ge", "bas", "o",
              "ul", "tre", "min", "ha", "zo", "el", "qui")


def _vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """Invented words with Zipf-like frequencies: text that compresses about like prose."""
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4)))
             for _ in range(size)]
    cum, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1.0 / rank
        cum.append(total)
    return words, cum


def events_gdf(n: int, *, seed: int = 0, places: int | None = None,
               bbox: tuple[float, float, float, float] = (-170, -55, 170, 70)) -> Any:
    """n fictional events: types cycle through the taxonomy, ~1 source article per 4 events."""
    import geopandas as gpd
    from shapely.geometry import Point

    rng = random.Random(seed)
    types = list(TYPE_STYLES)
    places = places or max(1, n // 3)
    spots = [(round(rng.uniform(bbox[1], bbox[3]), 5), round(rng.uniform(bbox[0], bbox[2]), 5))
             for _ in range(places)]
    start = date(2024, 1, 1)
    vocab, cum = _vocabulary(rng)
    rows = []
    for i in range(n):
        p = rng.randrange(places)
        lat, lon = spots[p]
        art = i // 4
        q = rng.choice([None, rng.randint(1, 50_000)])
        words = rng.choices(vocab, cum_weights=cum, k=rng.randint(10, 24))
        d = start + timedelta(days=rng.randrange(700))
        rows.append({
            "id": f"ev{i}", "type": types[i % len(types)], "subtype": None,
            "date": d.isoformat(), "date_end": None, "time_precision": "day",
            "place_name": f"Place {p}", "place_id": f"test:{p}", "country_code": "XX",
            "admin1": None, "geo_precision": "city", "lat": lat, "lon": lon,
            "actor1": f"Actor {rng.randrange(50)}", "actor2": None,
            "quantity": q, "quantity_unit": None, "quantity_what": "troops" if q else None,
            "quantities": json.dumps([{"value": q, "what": "troops"}] if q else []),
            "modality": "reported", "confidence": round(rng.random(), 2),
            "evidence": f"Event {i}: " + " ".join(words) + ".",
            "source_count": 1,
            "sources": json.dumps([{"article_id": f"a{art}", "url": f"https://example.org/{art}",
                                    "title": f"Article {art}", "published": d.isoformat()}]),
            "geometry": Point(lon, lat),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def routes_gdf(lines: list[list[tuple[float, float]]], *, seed: int = 0) -> Any:
    """Fictional routes along the given [(lon, lat), ...] lines (a list of lists = MultiLine)."""
    import geopandas as gpd
    from shapely.geometry import LineString, MultiLineString

    rng = random.Random(seed)
    rows = []
    for i, line in enumerate(lines):
        geom = (MultiLineString(line) if isinstance(line[0], list) else LineString(line))
        rows.append({
            "id": f"rt{i}", "event_id": f"ev{i}", "mode": ["troops", "shipment", "aid"][i % 3],
            "origin_name": f"Origin {i}", "origin_id": f"test:o{i}",
            "destination_name": f"Destination {i}", "destination_id": f"test:d{i}",
            "via": "[]", "quantity": rng.randint(1, 5000), "quantity_unit": None,
            "quantity_what": "troops", "date": (date(2024, 1, 1) + timedelta(days=i)).isoformat(),
            "evidence": f"Route {i} evidence.", "source_count": 1,
            "sources": json.dumps([{"article_id": f"a{i}", "url": f"https://example.org/r{i}",
                                    "title": f"Route article {i}", "published": None}]),
            "origin_precision": "city", "destination_precision": "city", "geometry": geom,
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
