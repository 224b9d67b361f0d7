"""OpenStreetMap Nominatim: the default service. Its answers carry OSM ids, class/type and a
bounding box, so the place gets a stable id (``geocoder:nominatim:N123``) and a real precision."""

from __future__ import annotations

from typing import Any

from gazetteer.geocoders.base import GeocoderBackend, answer_place, stable_id
from gazetteer.place import Place

_OSM_TYPE_LETTER = {"node": "N", "way": "W", "relation": "R", "n": "N", "w": "W", "r": "R"}


def parse_bbox(value: Any) -> tuple[float, float, float, float] | None:
    """Nominatim's ``boundingbox``: [south, north, west, east] as strings."""
    try:
        s, n, w, e = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (s, n, w, e)


def osm_ref(raw: dict[str, Any]) -> str | None:
    """``N123`` / ``W45`` / ``R6`` from osm_type + osm_id, when the answer has them."""
    letter = _OSM_TYPE_LETTER.get(str(raw.get("osm_type", "")).lower())
    osm_id = raw.get("osm_id")
    if letter and osm_id not in (None, ""):
        return f"{letter}{osm_id}"
    return None


def place_from_nominatim(raw: dict[str, Any], query: str, provider: str) -> Place:
    """A Nominatim ``/search`` result (format=json, addressdetails=1) as a Place."""
    lat, lon = float(raw["lat"]), float(raw["lon"])
    display = raw.get("display_name") or query
    name = raw.get("name") or display.split(",")[0].strip() or query
    bbox = parse_bbox(raw.get("boundingbox"))
    osm_class = raw.get("class") or raw.get("category")
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    importance = raw.get("importance")
    return answer_place(
        provider=provider,
        ref=osm_ref(raw) or f"h{stable_id(display, lat, lon)}",
        name=name,
        lat=lat,
        lon=lon,
        osm_class=osm_class,
        types=[raw.get("addresstype"), raw.get("type")],
        bbox=bbox,
        country_code=address.get("country_code"),
        extra={
            "osm_type": raw.get("osm_type"),
            "osm_id": raw.get("osm_id"),
            "display_name": display,
            "importance": float(importance) if importance is not None else None,
            "class": osm_class,
            "type": raw.get("type"),
            "addresstype": raw.get("addresstype"),
            "admin1_name": address.get("state"),
            "query": query,
        },
    )


class NominatimBackend(GeocoderBackend):
    """Nominatim's ``countrycodes`` restricts rather than biases; a village across the border
    would come back "not found" and stay so in the cache. So up to ``CANDIDATES`` answers are
    asked for in one request and the first in a preferred country wins, else the best one."""

    provider = "nominatim"
    CANDIDATES = 5

    def lookup(self, query: str, *, language: str | None, country_bias: tuple[str, ...]) -> Any:
        kw: dict[str, Any] = {"addressdetails": True}
        if language:
            kw["language"] = language
        if not country_bias:
            return self.geocoder().geocode(query, exactly_one=True, **kw)
        found = self.geocoder().geocode(query, exactly_one=False, limit=self.CANDIDATES, **kw)
        if not found:
            return None
        for loc in found:
            address = loc.raw.get("address") if isinstance(loc.raw, dict) else None
            cc = (address or {}).get("country_code") if isinstance(address, dict) else None
            if isinstance(cc, str) and cc.lower() in country_bias:
                return loc
        return found[0]

    def to_place(self, location: Any, query: str) -> Place:
        return place_from_nominatim(location.raw, query, self.provider)
