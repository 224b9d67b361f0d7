"""Is this event (or route) one the store already knows? Matching rules for later articles.

The same real-world event reported by two articles must become one event with two sources.
Two reports match when they have the same type, places within a distance that grows with how
coarse the places are, overlapping dates (each date widened to its precision: a "month" date
covers the whole month) and no conflicting actors. A missing date or actor is no conflict: a
later article often leaves out what an earlier one said.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import math
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gazetteer.place import Place
from geo.models import Actor, Event, Route

#: Place precisions, finest first: the finer of two readings of an event's place wins.
PLACE_RANK = {
    "point": 0,
    "city": 1,
    "admin2": 2,  # a US county: coarser than its towns, finer than its state
    "admin1": 3,
    "country": 4,
    "continent": 5,
    "region": 6,
}
#: How far apart (km) two places may be and still be "the same place", by the coarser precision.
#: admin2 (a US county, typically 30-100 km across): a report of the county and one of a town
#: in it should meet.
NEAR_KM = {"point": 25.0, "city": 50.0, "admin2": 100.0, "admin1": 300.0, "country": 1500.0}
DEFAULT_NEAR_KM = 50.0
#: Days of slack on each side of a date range (reports disagree by a day around midnight).
DATE_SLACK = timedelta(days=1)
#: An undated event in an article is taken to have happened in the week before publication.
REPORT_WINDOW = timedelta(days=7)


def name_key(name: str | None) -> str:
    """The key a location text is remembered by (corrections): the gazetteer's normalisation."""
    if not name:
        return ""
    from gazetteer.normalize import normalize

    return normalize(name)


def actor_key(actor: Actor | dict[str, Any] | None) -> str | None:
    """Actors are the same when their country (or else normalised name) is the same."""
    if actor is None:
        return None
    if isinstance(actor, dict):
        cc, name = actor.get("country_code"), actor.get("name")
    else:
        cc, name = actor.country_code, actor.name
    if cc:
        return f"cc:{cc.upper()}"
    return f"n:{name_key(name)}" if name else None


def _digest(parts: list[Any]) -> str:
    raw = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def event_key(ev: Event, place: Place | None = None) -> str:
    """An exact key of an extracted event, with its place after the user's place corrections
    (``place``) and every other field as extracted. The same key from another article lands
    on the same stored event even after the user changed that event's type or date."""
    place = place or ev.place
    where = place.id if place else "t:" + name_key(ev.location_text)
    return _digest(
        [
            "e",
            ev.type,
            ev.subtype,
            where,
            ev.date,
            ev.date_end,
            actor_key(ev.actor1),
            actor_key(ev.actor2),
        ]
    )


def route_key(rt: Route, origin: Place, dest: Place, via: list[Place]) -> str:
    """Exact key of an extracted route, with its places after the user's corrections."""
    return _digest(["r", rt.mode, origin.id, dest.id, [p.id for p in via], rt.date])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def near_km(prec_a: str | None, prec_b: str | None) -> float:
    return max(
        NEAR_KM.get(prec_a or "", DEFAULT_NEAR_KM), NEAR_KM.get(prec_b or "", DEFAULT_NEAR_KM)
    )


@dataclass(frozen=True, slots=True)
class Loc:
    """The part of a place the matching needs (from a Place or a store row)."""

    id: str
    lat: float
    lon: float
    country_code: str | None
    precision: str | None

    @classmethod
    def of(cls, place: Place, precision: str | None = None) -> Loc:
        return cls(place.id, place.lat, place.lon, place.country_code, precision or place.precision)


def place_distance(a: Loc, b: Loc) -> float | None:
    """Distance in km when a and b count as the same place, else None."""
    if a.id == b.id:
        return 0.0
    coarse = {a.precision, b.precision} & {"country", "continent", "region"}
    if coarse and a.country_code and a.country_code != b.country_code:
        return None
    d = haversine_km(a.lat, a.lon, b.lat, b.lon)
    return d if d <= near_km(a.precision, b.precision) else None


def date_range(
    d: date | None, d_end: date | None, precision: str | None
) -> tuple[date, date] | None:
    """The days a date covers, widened to its precision and DATE_SLACK."""
    if d is None:
        return None
    end = d_end or d
    if precision == "week":
        end = max(end, d + timedelta(days=6))
    elif precision == "month":
        end = max(end, d.replace(day=calendar.monthrange(d.year, d.month)[1]))
    elif precision == "year":
        end = max(end, d.replace(month=12, day=31))
    return d - DATE_SLACK, end + DATE_SLACK


def match_range(
    d: date | None, d_end: date | None, precision: str | None, published: date | None
) -> tuple[date, date] | None:
    """The days a report may be about: its date range, else (undated) the REPORT_WINDOW
    before its article's publication, else None (unknown: no conflict with any date)."""
    rng = date_range(d, d_end, precision)
    if rng is None and published is not None:
        rng = published - REPORT_WINDOW, published + DATE_SLACK
    return rng


def dates_overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def actors_agree(a1: str | None, a2: str | None, b1: str | None, b2: str | None) -> bool:
    """No conflict: each actor slot is equal where both reports fill it."""

    def ok(x: str | None, y: str | None) -> bool:
        return x is None or y is None or x == y

    if ok(a1, b1) and ok(a2, b2):
        return True
    # "A met B" and "B met A": the same pair in the other order.
    return None not in (a1, a2, b1, b2) and a1 == b2 and a2 == b1


def bbox_deg(lat: float, km: float) -> tuple[float, float]:
    """Half-widths (dlat, dlon) in degrees of a box that contains every point within km."""
    dlat = km / 111.0
    c = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    return dlat, (180.0 if c < 1e-6 else min(180.0, km / (111.0 * c)))


# -- R-tree boxes: a conservative pre-filter of the candidates, the rules above decide -------

#: Any day, for an event whose date is unknown.
ANY_DAY = (-1.0e7, 1.0e7)


def kind_id(kind: str) -> float:
    """An event type or route mode as one R-tree coordinate (equal kinds, equal numbers)."""
    return float(zlib.crc32(kind.encode("utf-8")) % 10_000_000)


def reach(lat: float, lon: float, precision: str | None) -> tuple[float, float, float, float]:
    """(lat0, lat1, lon0, lon1) around a place: every place it may be "the same place" as,
    from its own side, lies inside. Two places can match only if their reaches overlap."""
    dlat, dlon = bbox_deg(lat, NEAR_KM.get(precision or "", DEFAULT_NEAR_KM))
    lon0, lon1 = lon - dlon, lon + dlon
    if lon0 < -180.0 or lon1 > 180.0:  # across the antimeridian: any longitude
        lon0, lon1 = -180.0, 180.0
    return max(-90.0, lat - dlat), min(90.0, lat + dlat), lon0, lon1


def days(rng: tuple[date, date] | None) -> tuple[float, float]:
    return (float(rng[0].toordinal()), float(rng[1].toordinal())) if rng else ANY_DAY


def event_box(
    type: str, lat: float, lon: float, precision: str | None, rng: tuple[date, date] | None
) -> tuple[float, ...]:
    """(k0, k1, d0, d1, lat0, lat1, lon0, lon1) of an event in the events R-tree."""
    k = kind_id(type)
    return (k, k, *days(rng), *reach(lat, lon, precision))


def route_box(mode: str, origin: Loc, dest: Loc) -> tuple[float, ...]:
    """(k0, k1, olat0, olat1, olon0, olon1, dlat0, dlat1, dlon0, dlon1) of a route."""
    k = kind_id(mode)
    return (k, k, *reach(origin.lat, origin.lon, origin.precision),
            *reach(dest.lat, dest.lon, dest.precision))  # fmt: skip


def as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])
