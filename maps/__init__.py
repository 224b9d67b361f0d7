"""Features (GeoDataFrames) -> Folium maps and offline assets. Knows nothing of NLP."""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {"render": "maps.render"}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'maps' has no attribute {name!r}")
