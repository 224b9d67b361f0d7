"""GeoDataFrames -> one compact JSON payload that the page draws client-side.

Why not one folium object per event: at 100,000 events that is ~75 MB of JavaScript and many
seconds of DOM work. Here events are columns (numbers) plus one table of distinct strings, so
repeated places, actors and sources cost one index each.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

from maps.style import ROUTE_COLORS, TYPE_STYLES, style_for

#: Per-event string fields, in the order the page reads them (stride of the "f" column).
EVENT_FIELDS = (
    "id", "subtype", "date", "date_end", "time_precision", "place_name", "admin1",
    "country_code", "geo_precision", "actor1", "actor2", "qty", "modality", "evidence",
)
_EPOCH = date(1970, 1, 1)


def _clean(v: Any) -> Any:
    """None for NaN/NaT/None/empty strings; everything else unchanged."""
    if v is None:
        return None
    try:
        if v != v:  # NaN, NaT
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _text(v: Any) -> str | None:
    if type(v) is str:  # the common case, kept fast for 100,000-event maps
        return v if v and not v.isspace() else None
    v = _clean(v)
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _day(v: Any) -> int | None:
    """Days since 1970-01-01 for a date-like value, for the time slider."""
    v = _clean(v)
    if v is None:
        return None
    if isinstance(v, datetime):
        v = v.date()
    if isinstance(v, str):
        try:
            v = date.fromisoformat(v[:10])
        except ValueError:
            return None
    if isinstance(v, date):
        return (v - _EPOCH).days
    to_py = getattr(v, "to_pydatetime", None)  # pandas Timestamp
    return (to_py().date() - _EPOCH).days if to_py else None


def _number(v: Any) -> float | None:
    v = _clean(v)
    try:
        f = float(v) if v is not None else None
    except (TypeError, ValueError):
        return None
    return f if f is not None and math.isfinite(f) else None


def _fmt_number(f: float) -> str:
    return f"{int(f):,}" if f.is_integer() else f"{f:,.2f}".rstrip("0").rstrip(".")


def quantity_text(value: Any, unit: Any = None, what: Any = None) -> str | None:
    """'12,000 troops', '30 mm' — the 'how many' line of a popup."""
    f = _number(value)
    if f is None:
        return None
    parts = [_fmt_number(f), _text(unit), _text(what)]
    return " ".join(p for p in parts if p)


def _json_list(v: Any) -> list[Any]:
    v = _clean(v)
    if v is None:
        return []
    if isinstance(v, list | tuple):
        return list(v)
    try:
        out = json.loads(v)
    except (TypeError, ValueError):
        return []
    return out if isinstance(out, list) else []


def _quantities_text(row: dict[str, Any]) -> str | None:
    """All quantities of an event; falls back to the main quantity columns."""
    texts = []
    for q in _json_list(row.get("quantities")):
        if isinstance(q, dict):
            t = quantity_text(q.get("value"), q.get("unit"), q.get("what"))
            if t and t not in texts:
                texts.append(t)
    main = quantity_text(row.get("quantity"), row.get("quantity_unit"), row.get("quantity_what"))
    if main and main not in texts:
        texts.insert(0, main)
    return "; ".join(texts) or None


class _Strings:
    """A table of distinct strings; values are stored as indices (-1 = missing)."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, v: Any) -> int:
        if type(v) is str and v in self._index:
            return self._index[v]
        s = _text(v)
        if s is None:
            return -1
        i = self._index.get(s)
        if i is None:
            i = self._index[s] = len(self.items)
            self.items.append(s)
        return i


class _Sources:
    def __init__(self, strings: _Strings) -> None:
        self.items: list[list[int]] = []
        self._index: dict[tuple[int, ...], int] = {}
        self._s = strings

    def add_all(self, v: Any) -> list[int]:
        out = []
        for src in _json_list(v):
            if not isinstance(src, dict):
                continue
            key = tuple(
                self._s.add(src.get(k)) for k in ("title", "url", "published", "article_id")
            )
            i = self._index.get(key)
            if i is None:
                i = self._index[key] = len(self.items)
                self.items.append(list(key))
            out.append(i)
        return out


def _actor(v: Any) -> str | None:
    """Actor columns may hold a name or a JSON object with a name."""
    s = _text(v)
    if s and s.startswith("{"):
        try:
            d = json.loads(s)
            return _text(d.get("name")) if isinstance(d, dict) else s
        except ValueError:
            return s
    return s


def _records(gdf: Any) -> list[dict[str, Any]]:
    if gdf is None or len(gdf) == 0:
        return []
    cols = [c for c in gdf.columns if c != "geometry"]
    recs = gdf[cols].to_dict("records")
    if "geometry" in gdf.columns:
        for r, g in zip(recs, gdf.geometry.values, strict=True):
            r["geometry"] = g
    return recs


def _point(rec: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = _number(rec.get("lat")), _number(rec.get("lon"))
    if lat is None or lon is None:
        g = rec.get("geometry")
        if g is None or getattr(g, "is_empty", True) or g.geom_type != "Point":
            return None
        lon, lat = g.x, g.y
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def unwrap_line(geom: Any) -> list[list[float]]:
    """[[lon, lat], ...] of a LineString or of a MultiLineString cut at the antimeridian,
    joined into one continuous line: each longitude is moved by 360 degrees where that makes the
    step from the previous vertex shorter than 180 degrees (so 179 -> -179 becomes 179 -> 181)."""
    if geom is None or getattr(geom, "is_empty", True):
        return []
    parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
    out: list[list[float]] = []
    for part in parts:
        for x, y, *_ in part.coords:
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            if out:
                px = out[-1][0]
                while x - px > 180:
                    x -= 360
                while x - px < -180:
                    x += 360
                if [round(x, 6), round(y, 6)] == out[-1]:
                    continue  # the cut point repeated at +-180
            out.append([round(x, 6), round(y, 6)])
    return out


def encode(events_gdf: Any, routes_gdf: Any = None) -> dict[str, Any]:
    """The page's data: {S: strings, types, e: event columns, src: sources, r: routes, ...}."""
    S = _Strings()
    sources = _Sources(S)
    type_index: dict[str, int] = {}
    types: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    tcol: list[int] = []
    qcol: list[float | None] = []
    dcol: list[int | None] = []
    decol: list[int | None] = []
    ccol: list[int | None] = []
    fcol: list[int] = []
    srccol: list[list[int]] = []
    skipped = 0
    for rec in _records(events_gdf):
        pt = _point(rec)
        if pt is None:
            skipped += 1
            continue
        t = _text(rec.get("type")) or "other"
        if t not in type_index:
            type_index[t] = len(types)
            types.append(t)
        lat.append(round(pt[0], 5))
        lon.append(round(pt[1], 5))
        tcol.append(type_index[t])
        qcol.append(_number(rec.get("quantity")))
        dcol.append(_day(rec.get("date")))
        decol.append(_day(rec.get("date_end")))
        conf = _number(rec.get("confidence"))
        ccol.append(None if conf is None else round(conf * 100))
        values = {
            **rec,
            "actor1": _actor(rec.get("actor1")),
            "actor2": _actor(rec.get("actor2")),
            "qty": _quantities_text(rec),
        }
        fcol.extend(S.add(values.get(k)) for k in EVENT_FIELDS)
        srccol.append(sources.add_all(rec.get("sources")))

    routes = []
    for rec in _records(routes_gdf):
        coords = unwrap_line(rec.get("geometry"))
        if len(coords) < 2:
            skipped += 1
            continue
        via = [
            _text(v.get("name")) if isinstance(v, dict) else _text(v)
            for v in _json_list(rec.get("via"))
        ]
        mode = _text(rec.get("mode")) or "route"
        routes.append(
            {
                "c": coords,
                "id": _text(rec.get("id")),
                "event_id": _text(rec.get("event_id")),
                "mode": mode,
                "color": ROUTE_COLORS.get(mode, ROUTE_COLORS["default"]),
                "origin": _text(rec.get("origin_name")),
                "destination": _text(rec.get("destination_name")),
                "via": [v for v in via if v],
                "qty": quantity_text(
                    rec.get("quantity"), rec.get("quantity_unit"), rec.get("quantity_what")
                ),
                "q": _number(rec.get("quantity")),
                "date": _text(rec.get("date")),
                "d": _day(rec.get("date")),
                "evidence": _text(rec.get("evidence")),
                "precision": " → ".join(
                    p or "?"
                    for p in (_text(rec.get("origin_precision")),
                              _text(rec.get("destination_precision")))
                ),
                "src": sources.add_all(rec.get("sources")),
            }
        )

    # Types in taxonomy order, then unknown ones: legend and layer control read nicely.
    order = {t: i for i, t in enumerate(TYPE_STYLES)}
    present = sorted(types, key=lambda t: (order.get(t, len(order)), t))
    return {
        "v": 1,
        "fields": list(EVENT_FIELDS),
        "S": S.items,
        "types": [{"name": t, **style_for(t)} for t in types],
        "typeOrder": [types.index(t) for t in present],
        "e": {"lat": lat, "lon": lon, "t": tcol, "q": qcol, "d": dcol, "de": decol, "c": ccol,
              "f": fcol, "src": srccol},
        "src": sources.items,
        "r": routes,
        "skipped": skipped,
    }


def bounds(payload: dict[str, Any]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of all events and routes (route longitudes unwrapped).

    Data around the Pacific (e.g. 150 and -175 degrees) is framed across the antimeridian
    (east > 180) when that is narrower than framing it the long way round; routes lying wholly
    west of the frame are then moved by +360 degrees so that they are drawn inside it (events
    are drawn on every copy of the world anyway).
    """
    lats = list(payload["e"]["lat"])
    lons = list(payload["e"]["lon"])
    for r in payload["r"]:
        lons.extend(c[0] for c in r["c"])
        lats.extend(c[1] for c in r["c"])
    if not lats:
        return None
    west, east = min(lons), max(lons)
    shifted = [x + 360 if x < 0 else x for x in lons]
    if max(shifted) - min(shifted) < east - west:
        west, east = min(shifted), max(shifted)
        for r in payload["r"]:
            if max(c[0] for c in r["c"]) < west:
                r["c"] = [[c[0] + 360, c[1]] for c in r["c"]]
    return [[min(lats), west], [max(lats), east]]
