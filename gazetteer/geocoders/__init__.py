"""Geocoding services behind the fallback: one module per service, one base class for all."""

from __future__ import annotations

from gazetteer.config import GeocoderConfig
from gazetteer.geocoders.base import BackendRefused, GeocoderBackend, user_agent_problem
from gazetteer.geocoders.generic import GeopyServiceBackend
from gazetteer.geocoders.nominatim import NominatimBackend

#: Services with a module of their own; every other geopy service uses the generic adapter.
BACKENDS: dict[str, type[GeocoderBackend]] = {"nominatim": NominatimBackend}

__all__ = [
    "BACKENDS",
    "BackendRefused",
    "GeocoderBackend",
    "GeopyServiceBackend",
    "NominatimBackend",
    "backend_for",
    "user_agent_problem",
]


def backend_for(cfg: GeocoderConfig) -> GeocoderBackend:
    """The backend for ``cfg.provider`` (geopy itself is imported only on the first request)."""
    return BACKENDS.get(cfg.provider, GeopyServiceBackend)(cfg)
