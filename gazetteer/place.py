"""The one model of a place, shared by the gazetteer, the geocoder fallback and all downstream."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Precision levels, coarse to fine is the reverse order. Matches ACLED/UCDP-style geo precision.
PRECISIONS = ("point", "city", "admin1", "country", "continent", "region", "admin2")


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place. ``id`` is stable: ``gn:<geonameid>`` where GeoNames has one,
    ``adm1:<CC>.<code>`` for first-level regions, ``adm2:<CC>.<admin1>.<name>`` for second-level
    ones (US counties), ``user:<n>`` and ``geocoder:<provider>:<id>``
    otherwise. ``source`` says where the data (and any derived coordinate) came from."""

    id: str
    name: str
    lat: float
    lon: float
    feature_class: str = "P"
    feature_code: str = "PPL"
    country_code: str | None = None
    admin1: str | None = None
    population: int = 0
    source: str = "geonames"
    geonameid: int | None = None
    precision: str = "city"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a name, with a score in [0, 1] saying how sure the ranking is."""

    place: Place
    score: float
    matched: str = ""
