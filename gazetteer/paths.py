"""Where geomap keeps its files (platformdirs: the platform's own cache and data folders).

GEOMAP_CACHE_DIR and GEOMAP_DATA_DIR override them (tests point them at temporary folders).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def cache_dir() -> Path:
    """Rebuildable files: the gazetteer index."""
    p = Path(os.environ.get("GEOMAP_CACHE_DIR") or platformdirs.user_cache_dir("geomap"))
    p.mkdir(parents=True, exist_ok=True)
    return p


def data_dir() -> Path:
    """Files the user would miss: user places, the geocoder cache, the default event store."""
    p = Path(os.environ.get("GEOMAP_DATA_DIR") or platformdirs.user_data_dir("geomap"))
    p.mkdir(parents=True, exist_ok=True)
    return p


def places_db_path() -> Path:
    """The local gazetteer store: user places and every geocoder answer (SQLite)."""
    return Path(os.environ.get("GEOMAP_PLACES_DB") or data_dir() / "places.sqlite")
