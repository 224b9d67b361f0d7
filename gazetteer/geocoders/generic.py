"""Any other geopy service (Photon, OpenCage, Google, Bing, ...): one adapter for all.

Answers are read best-effort: Nominatim-shaped answers (PickPoint, OpenMapQuest, self-hosted
mirrors) get the full treatment; Photon/GeoJSON, OpenCage and Mapbox shapes give their type
and box; anything else becomes a point-precision place with a hashed id.
"""

from __future__ import annotations

from typing import Any

from gazetteer.geocoders.base import GeocoderBackend, answer_place, stable_id
from gazetteer.geocoders.nominatim import osm_ref, place_from_nominatim
from gazetteer.place import Place


def _as_list(v: Any) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, list | tuple):
        return [str(x) for x in v]
    return []


def _types_and_bbox(raw: dict[str, Any]) -> tuple[list[str], tuple | None]:
    """(types, (south, north, west, east)) from the answer shapes geopy services use."""
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    comps = raw.get("components") if isinstance(raw.get("components"), dict) else {}
    types = (
        _as_list(props.get("type"))
        + _as_list(props.get("osm_value"))
        + _as_list(comps.get("_type"))
        + _as_list(raw.get("place_type"))
        + _as_list(raw.get("types"))
        + _as_list(raw.get("type"))
        + _as_list(raw.get("entityType"))
    )
    bbox = None
    try:
        if "extent" in props:  # Photon: [minlon, maxlat, maxlon, minlat]
            w, n, e, s = map(float, props["extent"])
            bbox = (s, n, w, e)
        elif isinstance(raw.get("bounds"), dict):  # OpenCage
            ne, sw = raw["bounds"]["northeast"], raw["bounds"]["southwest"]
            bbox = (float(sw["lat"]), float(ne["lat"]), float(sw["lng"]), float(ne["lng"]))
        elif isinstance(raw.get("bbox"), list) and len(raw["bbox"]) == 4:  # Mapbox [w,s,e,n]
            w, s, e, n = map(float, raw["bbox"])
            bbox = (s, n, w, e)
    except (KeyError, TypeError, ValueError):
        bbox = None
    return types, bbox


class GeopyServiceBackend(GeocoderBackend):
    """Any geopy service chosen by name in the config (``provider = "photon"`` ...)."""

    def to_place(self, location: Any, query: str) -> Place:
        raw = location.raw if isinstance(location.raw, dict) else {}
        if "boundingbox" in raw and "lat" in raw and "lon" in raw:
            return place_from_nominatim(raw, query, self.provider)
        props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
        types, bbox = _types_and_bbox(raw)
        lat, lon = float(location.latitude), float(location.longitude)
        display = location.address or query
        comps = raw.get("components") if isinstance(raw.get("components"), dict) else {}
        return answer_place(
            provider=self.provider,
            ref=osm_ref(props) or f"h{stable_id(display, lat, lon)}",
            name=props.get("name") or display.split(",")[0].strip() or query,
            lat=lat,
            lon=lon,
            osm_class=props.get("osm_key"),
            types=types,
            bbox=bbox,
            country_code=props.get("countrycode") or comps.get("country_code"),
            extra={
                "osm_type": props.get("osm_type"),
                "osm_id": props.get("osm_id"),
                "display_name": display,
                "importance": raw.get("importance") or raw.get("confidence"),
                "type": types[0] if types else None,
                "query": query,
            },
        )
