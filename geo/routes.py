"""Routes: which place is an origin, a destination or a via point, and the line drawn for it.

Roles come from the cue words of the language's TOML that stand right before a place name
("dari X", "ke X", "melalui pelabuhan X", "tiba di X", "from", "to", "via", "arrived in").
Geometry is a densified great circle (pyproj.Geod, WGS84), continuous across the
antimeridian (longitudes unwrapped beyond ±180), and cut at ±180 for GeoJSON (RFC 7946 §3.1.9).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from geo.lexicon import load_lexicon, words_regex

ROLES = ("origin", "destination", "via", "location")


@cache
def _role_regexes(lang: str) -> dict[str, re.Pattern]:
    lex = load_lexicon(lang)
    fillers = words_regex(lex.cue("fillers")).pattern
    out = {}
    for role in ROLES:
        cues = words_regex(lex.cue(role)).pattern
        # the cue, then optional fillers ("ke wilayah", "through the port of"), then the name
        out[role] = re.compile(rf"(?:{cues})(?:\s+(?:{fillers}))*\s*$", re.IGNORECASE)
    return out


def cue_role(text: str, start: int, lang: str | None, *, lookback: int = 45) -> str | None:
    """The role a place name starting at ``start`` plays, from the words just before it.

    Tried in the order via, origin, destination, location so that "melalui pelabuhan X" is a
    via point although "pelabuhan" could follow other cues too."""
    before = text[max(0, start - lookback) : start]
    rx = _role_regexes(load_lexicon(lang).lang)
    best: tuple[int, str] | None = None
    for role in ("via", "origin", "destination", "location"):
        m = rx[role].search(before)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), role)  # the longest cue phrase wins ("tiba di" over "di")
    return best[1] if best else None


# ---------------------------------------------------------------- geometry


Coords = list[tuple[float, float]]


def geodesic_coords(points: Sequence[tuple[float, float]], npts: int = 64) -> Coords:
    """A great-circle line through ``points`` ((lon, lat) pairs), ``npts`` intermediate points
    per leg, longitudes unwrapped so the line is continuous (e.g. 170 -> 190, not -170)."""
    from pyproj import Geod  # lazy: pyproj loads PROJ data

    if len(points) < 2:
        raise ValueError("a route needs at least two points")
    geod = Geod(ellps="WGS84")
    out: list[tuple[float, float]] = [(float(points[0][0]), float(points[0][1]))]
    for (lon1, lat1), (lon2, lat2) in zip(points, points[1:], strict=False):
        mids = geod.npts(lon1, lat1, lon2, lat2, npts) if npts > 0 else []
        for lon, lat in [*mids, (lon2, lat2)]:
            out.append((float(lon), float(lat)))
    # unwrap: every step at most 180 degrees of longitude
    unwrapped = [out[0]]
    for lon, lat in out[1:]:
        prev = unwrapped[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        unwrapped.append((lon, lat))
    return unwrapped


def _wrap(lon: float) -> float:
    w = (lon + 180.0) % 360.0 - 180.0
    return 180.0 if w == -180.0 and lon > 0 else w


def split_antimeridian(coords: Sequence[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Cut an unwrapped line where it crosses ±180 (plus any multiple of 360); each part gets
    longitudes in [-180, 180] and ends exactly on the meridian."""
    parts: list[list[tuple[float, float]]] = []
    if not coords:
        return parts
    cur: list[tuple[float, float]] = [coords[0]]
    for (lon1, lat1), (lon2, lat2) in zip(coords, coords[1:], strict=False):
        k1 = (lon1 + 180.0) // 360.0
        k2 = (lon2 + 180.0) // 360.0
        while k1 != k2:
            step = 1 if k2 > k1 else -1
            edge = (k1 + (1 if step > 0 else 0)) * 360.0 - 180.0
            t = (edge - lon1) / (lon2 - lon1) if lon2 != lon1 else 0.0
            lat = lat1 + t * (lat2 - lat1)
            cur.append((edge, lat))
            parts.append(cur)
            cur = [(edge, lat)]
            k1 += step
        cur.append((lon2, lat2))
    parts.append(cur)
    out = []
    for part in parts:
        if len(part) < 2:
            continue
        # a part lies within one 360-wide band: shift the whole band into [-180, 180]
        mid = sum(lon for lon, _ in part) / len(part)
        shift = _wrap(mid) - mid
        out.append([(round(lon + shift, 9), lat) for lon, lat in part])
    return out


def to_geojson_geometry(coords: Sequence[tuple[float, float]]) -> Any:
    """A shapely LineString, or a MultiLineString cut at the antimeridian (RFC 7946)."""
    from shapely.geometry import LineString, MultiLineString

    parts = split_antimeridian(coords)
    if len(parts) == 1:
        return LineString(parts[0])
    return MultiLineString(parts)


def route_coords(route: Any, npts: int = 64) -> list[tuple[float, float]]:
    """The unwrapped great-circle line of a Route: origin, via points, destination."""
    stops = [route.origin, *route.via, route.destination]
    return geodesic_coords([(p.lon, p.lat) for p in stops], npts)
