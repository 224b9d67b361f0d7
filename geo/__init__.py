"""Articles -> toponyms -> events and routes -> store -> export.

The public API is imported lazily so that `geomap --help` and small scripts stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from geo.models import Article, Event, Route, Toponym

_LAZY = {
    "geoparse": "geo.geoparse",
    "read_article": "geo.reader",
    "extract": "geo.extract",
    "Store": "geo.store",
}

__all__ = ["Article", "Event", "Route", "Toponym", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
