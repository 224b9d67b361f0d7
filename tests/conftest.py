"""Shared test setup: user data in a temporary folder; ../shared located (tests skip without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory):
    """Keep user places, geocoder cache and stores of tests out of the user's own folders.

    The gazetteer index (a rebuildable cache) stays in the normal cache folder so it is built
    once per machine, not once per test run.
    """
    old = os.environ.get("GEOMAP_DATA_DIR")
    os.environ["GEOMAP_DATA_DIR"] = str(tmp_path_factory.mktemp("geomap-data"))
    yield
    if old is None:
        os.environ.pop("GEOMAP_DATA_DIR", None)
    else:
        os.environ["GEOMAP_DATA_DIR"] = old


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a fresh clone): seed and benchmark tests skipped")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    p = shared_dir / "seeds" / "kursk-id.txt"
    if not p.is_file():
        pytest.skip(f"{p} is absent")
    return p.read_text(encoding="utf-8")
