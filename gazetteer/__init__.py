"""Places: the offline GeoNames/CLDR gazetteer, user places and the geopy fallback."""

from __future__ import annotations

import importlib
from typing import Any

from gazetteer.place import Candidate, Place

_LAZY = {
    "Gazetteer": "gazetteer.index",
    "normalize": "gazetteer.normalize",
    "Fallback": "gazetteer.fallback",
}

__all__ = ["Candidate", "Place", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")
