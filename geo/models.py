"""The models of the article pipeline: one dataclass per concept.

text -> Article -> Toponym (a mention resolved to a Place) -> Event / Route -> store -> map/export.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from gazetteer.place import Place

#: Event taxonomy: type -> subtypes. Kept small on purpose (ACLED-like top level).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "deployment": ("arrival", "dispatch", "movement", "withdrawal"),
    "arms_transfer": ("shipment", "supply"),
    "attack": ("strike", "clash", "shelling"),
    "meeting": ("summit", "talks"),
    "statement": ("confirmation", "denial", "warning", "accusation"),
    "appeal": ("surrender_call", "request"),
    "cooperation": ("technical_aid", "military_aid", "humanitarian_aid", "agreement"),
    "evacuation": ("evacuation",),
    "disaster": ("earthquake", "flood", "storm", "eruption", "fire"),
    "other": ("other",),
}
MODALITIES = ("reported", "confirmed", "alleged", "denied", "planned")
TIME_PRECISIONS = ("day", "week", "month", "year")  # ACLED time_precision 1..3 plus year


@dataclass(slots=True)
class Article:
    """One input document with its metadata."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    lang: str | None = None
    source_path: str | None = None

    def meta(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "lang": self.lang,
        }


@dataclass(slots=True)
class Toponym:
    """A place name found in text; ``place`` is None when it could not be resolved."""

    start: int
    end: int
    text: str
    place: Place | None = None
    score: float = 0.0
    source: str | None = None  # gazetteer | user | geocoder
    reason: str | None = None  # why unresolved, when it is

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geonameid": p.geonameid if p else None,
            "feature_code": p.feature_code if p else None,
            "country_code": p.country_code if p else None,
            "admin1": p.admin1 if p else None,
            "precision": p.precision if p else None,
            "score": round(self.score, 4),
            "source": self.source,
            **({"reason": self.reason} if self.reason else {}),
        }


@dataclass(slots=True)
class Quantity:
    value: float
    unit: str | None = None  # "mm", "containers", ...
    what: str | None = None  # "troops", "shells", ...
    approximate: bool = False
    text: str = ""


@dataclass(slots=True)
class Actor:
    name: str
    kind: str = "country"  # country | organisation | person | armed_forces | agency
    country_code: str | None = None
    role: str | None = None


@dataclass(slots=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    """Something that happened somewhere at some time, with the sentence that says so."""

    id: str
    type: str
    subtype: str | None
    place: Place | None
    geo_precision: str | None
    date: date | None
    time_precision: str | None
    evidence: Evidence
    article: Article | None = None
    date_end: date | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    quantities: list[Quantity] = field(default_factory=list)
    modality: str = "reported"
    confidence: float = 0.5
    location_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["date_end"] = self.date_end.isoformat() if self.date_end else None
        d["article"] = self.article.meta() if self.article else None
        return d


@dataclass(slots=True)
class Route:
    """A movement from origin to destination (optionally via points), tied to an event."""

    id: str
    origin: Place
    destination: Place
    mode: str  # troops | shipment | aid | evacuation | ...
    event_id: str | None = None
    via: list[Place] = field(default_factory=list)
    quantity: Quantity | None = None
    date: date | None = None
    evidence: Evidence | None = None
    article: Article | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["article"] = self.article.meta() if self.article else None
        return d
