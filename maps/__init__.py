"""Features (GeoDataFrames) -> Folium maps and offline assets. Knows nothing of NLP."""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {"render": "maps.render"}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        # Importing maps.render binds the *module* as maps.render; rebind the function so that
        # `from maps import render` and `maps.render(...)` get the function.
        globals()[name] = value
        return value
    raise AttributeError(f"module 'maps' has no attribute {name!r}")
