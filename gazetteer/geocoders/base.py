"""One base class for every geocoding service behind the fallback (cf. geopy's geocoders/).

A backend makes exactly ONE request per :meth:`GeocoderBackend.lookup` (no hidden retries: the
fallback owns pacing, retries and the breaker) and turns a geopy ``Location`` into a
:class:`~gazetteer.place.Place`. geopy is used because it already speaks ~30 services' APIs.
"""

from __future__ import annotations

import hashlib
import inspect
import math
from abc import ABC, abstractmethod
from typing import Any

from gazetteer.config import GeocoderConfig
from gazetteer.place import Place

#: The user agents geopy's docs use as examples, plus geopy's own default: never a real agent.
SAMPLE_USER_AGENTS = frozenset(
    {"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here", "geopy"}
)

HOW_TO_SET_USER_AGENT = (
    "set a user agent that names your application and a contact, e.g. "
    "'newsdesk-geomap/1.0 (you@example.org)': in geomap.toml under [geocoder] "
    "user_agent = \"...\", or the environment variable GEOMAP_GEOCODER_USER_AGENT, "
    "or the flag --user-agent"
)


#: Wording matters downstream: the store marks "offline" failures for `geomap resolve --retry`,
#: which is what a user wants once the agent is set.
_STAYS_OFFLINE = "refused to go online (offline until a real user agent is set)"


class BackendRefused(Exception):
    """The configuration cannot be used to ask this service (no request was made)."""


def user_agent_problem(user_agent: str | None) -> str | None:
    """Why ``user_agent`` may not be sent (None when it is fine)."""
    if not user_agent or not user_agent.strip():
        return f"{_STAYS_OFFLINE}: no user agent configured: {HOW_TO_SET_USER_AGENT}"
    ua = user_agent.strip()
    if ua.lower() in SAMPLE_USER_AGENTS or ua.lower().startswith("geopy/"):
        return (
            f"{_STAYS_OFFLINE}: user agent {ua!r} is geopy's sample/default agent: "
            f"{HOW_TO_SET_USER_AGENT}"
        )
    return None


# --- precision -------------------------------------------------------------------------------
# OSM / geocoder answer types -> precision. Unlisted types are judged by their bounding box.
_TYPE_PRECISION = {
    "country": "country",
    "continent": "continent",
    "state": "admin1",
    "province": "admin1",
    "region": "admin1",
    "city": "city",
    "town": "city",
    "village": "city",
    "hamlet": "city",
    "suburb": "city",
    "quarter": "city",
    "neighbourhood": "city",
    "borough": "city",
    "city_district": "city",
    "locality": "city",
    "isolated_dwelling": "city",
    "settlement": "city",
    "municipality": "city",
}
#: Answer classes that name a spot, not an area (a base, a port, a building, a road).
_POINT_CLASSES = frozenset(
    {
        "amenity", "building", "highway", "man_made", "military", "aeroway", "railway", "shop",
        "tourism", "office", "leisure", "historic", "emergency", "craft", "house", "street",
    }
)
#: Bounding-box diagonal (km) up to which an answer is a point, a city, a first-level region.
BBOX_LIMITS_KM = (("point", 3.0), ("city", 60.0), ("admin1", 800.0))


def bbox_diagonal_km(bbox: tuple[float, float, float, float]) -> float:
    """Great-circle length (km) of the diagonal of (south, north, west, east)."""
    s, n, w, e = map(math.radians, bbox)
    h = math.sin((n - s) / 2) ** 2 + math.cos(s) * math.cos(n) * math.sin((e - w) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def precision_from_bbox(bbox: tuple[float, float, float, float] | None) -> str | None:
    if bbox is None:
        return None
    d = bbox_diagonal_km(bbox)
    return next((p for p, limit in BBOX_LIMITS_KM if d <= limit), "country")


def derive_precision(
    osm_class: str | None,
    types: list[str],
    bbox: tuple[float, float, float, float] | None,
) -> str:
    """Precision from the answer's type (first known of ``types``) and bounding box.

    Settlements are "city" whatever their box; spots (bases, ports, buildings) are "point"
    unless their box is larger than a town; anything else (county, island, lake) by its box.
    """
    from_box = precision_from_bbox(bbox)
    for t in types:
        if t and t.lower() in _TYPE_PRECISION:
            return _TYPE_PRECISION[t.lower()]
    if osm_class and osm_class.lower() in _POINT_CLASSES or any(
        t and t.lower() in _POINT_CLASSES for t in types
    ):
        return "point" if from_box in (None, "point") else "city"
    return from_box or "point"


_FEATURE = {
    "country": ("A", "PCLI"),
    "continent": ("L", "CONT"),
    "admin1": ("A", "ADM1"),
    "city": ("P", "PPL"),
}
_TYPE_FEATURE = {
    "aerodrome": ("S", "AIRP"),
    "airport": ("S", "AIRP"),
    "harbour": ("S", "PRT"),
    "port": ("S", "PRT"),
    "military": ("S", "MILB"),
    "station": ("S", "RSTN"),
    "island": ("T", "ISL"),
    "islet": ("T", "ISL"),
    "peak": ("T", "PK"),
    "volcano": ("T", "VLC"),
    "bay": ("H", "BAY"),
    "river": ("H", "STM"),
    "stream": ("H", "STM"),
    "water": ("H", "LK"),
    "lake": ("H", "LK"),
    "county": ("A", "ADM2"),
    "state_district": ("A", "ADM2"),
    "district": ("A", "ADM2"),
}


def feature_of(precision: str, types: list[str]) -> tuple[str, str]:
    """A GeoNames-like (feature class, code) so downstream code can treat all places alike."""
    for t in types:
        if t and t.lower() in _TYPE_FEATURE:
            return _TYPE_FEATURE[t.lower()]
    if precision in _FEATURE:
        return _FEATURE[precision]
    return ("S", "FCL") if precision == "point" else ("L", "AREA")


def answer_place(
    *,
    provider: str,
    ref: str,
    name: str,
    lat: float,
    lon: float,
    osm_class: str | None,
    types: list[str],
    bbox: tuple[float, float, float, float] | None,
    country_code: Any,
    extra: dict[str, Any],
) -> Place:
    """A geocoder answer as a Place: id ``geocoder:<provider>:<ref>``, precision from
    type and box, a GeoNames-like feature, provenance (provider, bbox, ...) in ``extra``."""
    precision = derive_precision(osm_class, types, bbox)
    fclass, fcode = feature_of(precision, types)
    cc = country_code.upper() if isinstance(country_code, str) and country_code else None
    return Place(
        id=f"geocoder:{provider}:{ref}",
        name=name,
        lat=lat,
        lon=lon,
        feature_class=fclass,
        feature_code=fcode,
        country_code=cc,
        source="geocoder",
        precision=precision,
        extra={"provider": provider, "bbox": list(bbox) if bbox else None, **extra},
    )


def stable_id(*parts: Any) -> str:
    """A short id for answers without a service id of their own (same answer -> same id)."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


# --- backends --------------------------------------------------------------------------------
def _no_retry_adapter_factory() -> Any:
    """geopy's requests adapter retries connection errors twice by itself; we pace retries."""
    from functools import partial

    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if RequestsAdapter.is_available:
        return partial(RequestsAdapter, max_retries=0)
    return URLLibAdapter


class GeocoderBackend(ABC):
    """A geocoding service reached through a geopy geocoder class."""

    #: geopy service name (``geopy.geocoders.SERVICE_TO_GEOCODER`` key).
    provider: str = ""

    def __init__(self, cfg: GeocoderConfig) -> None:
        self.cfg = cfg
        self.provider = cfg.provider
        self._geocoder: Any = None

    @property
    def endpoint(self) -> str:
        """What the cache and the rate limiter key on: the provider plus its domain, if set."""
        return f"{self.provider}@{self.cfg.domain}" if self.cfg.domain else self.provider

    def geopy_class(self) -> type:
        from geopy.exc import GeocoderNotFound
        from geopy.geocoders import get_geocoder_for_service

        try:
            return get_geocoder_for_service(self.provider)
        except GeocoderNotFound:
            from geopy.geocoders import SERVICE_TO_GEOCODER

            names = ", ".join(sorted(SERVICE_TO_GEOCODER))
            raise BackendRefused(
                f"unknown geocoder provider {self.provider!r}; geopy knows: {names}"
            ) from None

    def geopy_kwargs(self, cls: type) -> dict[str, Any]:
        """Constructor arguments from the config, only those the geopy class accepts."""
        accepted = inspect.signature(cls.__init__).parameters
        c = self.cfg
        wanted: dict[str, Any] = {
            "domain": c.domain,
            "scheme": c.scheme,
            "api_key": c.api_key,
            "user_agent": c.user_agent,
            "timeout": c.timeout,
            "adapter_factory": _no_retry_adapter_factory(),
        }
        kwargs = {k: v for k, v in wanted.items() if v is not None and k in accepted}
        if c.api_key and "api_key" not in accepted:
            raise BackendRefused(f"provider {self.provider!r} takes no api_key")
        kwargs.update(c.options)
        return kwargs

    def geocoder(self) -> Any:
        """The geopy geocoder, built on first use; BackendRefused if the config cannot work."""
        if self._geocoder is None:
            from geopy.exc import ConfigurationError

            problem = user_agent_problem(self.cfg.user_agent)
            if problem:
                raise BackendRefused(problem)
            cls = self.geopy_class()
            try:
                self._geocoder = cls(**self.geopy_kwargs(cls))
            except (ConfigurationError, TypeError) as e:
                raise BackendRefused(f"cannot set up geocoder {self.provider!r}: {e}") from None
        return self._geocoder

    def lookup_kwargs(self, language: str | None, country_bias: tuple[str, ...]) -> dict:
        """Per-query arguments (language, country) in the names this service's geocode takes."""
        params = inspect.signature(self.geocoder().geocode).parameters
        kw: dict[str, Any] = {}
        if language and "language" in params:
            kw["language"] = language
        if country_bias:
            for name in ("country_codes", "country", "region", "countries", "country_code"):
                if name in params:
                    kw[name] = list(country_bias) if name.endswith("s") else country_bias[0]
                    break
        return kw

    def lookup(self, query: str, *, language: str | None, country_bias: tuple[str, ...]) -> Any:
        """ONE request. Returns a geopy Location or None; raises geopy's exceptions."""
        gc = self.geocoder()
        return gc.geocode(query, exactly_one=True, **self.lookup_kwargs(language, country_bias))

    @abstractmethod
    def to_place(self, location: Any, query: str) -> Place:
        """The answer as a Place with provenance in ``extra``."""
