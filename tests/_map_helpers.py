"""Helpers for the map tests: fictional events, and a headless Chromium that may not go online."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

HOSTILE_SCRIPT = "</script><script>window.__pwned = 'script';</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__pwned='img';alert(1)\">"
HOSTILE_SVG = "<svg onload=\"window.__pwned='svg'\"></svg>"


def events(rows: list[dict[str, Any]]) -> Any:
    """A GeoDataFrame in the store's layout from a few partial rows (fictional places)."""
    import geopandas as gpd
    from shapely.geometry import Point

    base = {
        "id": None, "type": "other", "subtype": None, "date": None, "date_end": None,
        "time_precision": None, "place_name": None, "place_id": None, "country_code": None,
        "admin1": None, "geo_precision": "city", "actor1": None, "actor2": None,
        "quantity": None, "quantity_unit": None, "quantity_what": None, "quantities": "[]",
        "modality": "reported", "confidence": 0.5, "evidence": None, "source_count": 1,
        "sources": "[]",
    }
    full = []
    for i, r in enumerate(rows):
        d = {**base, "id": f"e{i}", **r}
        d["geometry"] = Point(d["lon"], d["lat"]) if d.get("lat") is not None else None
        full.append(d)
    if not full:
        cols = [*base, "lat", "lon", "geometry"]
        return gpd.GeoDataFrame({c: [] for c in cols}, geometry="geometry", crs="EPSG:4326")
    return gpd.GeoDataFrame(full, geometry="geometry", crs="EPSG:4326")


def hostile_events() -> Any:
    src = [{"article_id": "a1", "url": "javascript:window.__pwned='href'",
            "title": HOSTILE_IMG, "published": "2024-01-02"}]
    return events([
        {"type": "attack", "lat": 10.0, "lon": 20.0, "place_name": HOSTILE_IMG,
         "evidence": HOSTILE_SCRIPT, "actor1": HOSTILE_SVG, "date": "2024-01-02",
         "sources": json.dumps(src)},
        {"type": HOSTILE_IMG, "lat": -10.0, "lon": -20.0, "place_name": "Harmless",
         "evidence": "plain", "subtype": HOSTILE_SVG, "date": "2024-02-02"},
    ])


def hostile_routes() -> Any:
    import geopandas as gpd
    from shapely.geometry import LineString

    return gpd.GeoDataFrame([{
        "id": "r0", "event_id": "e0", "mode": HOSTILE_IMG, "origin_name": HOSTILE_SCRIPT,
        "destination_name": HOSTILE_SVG, "via": json.dumps([HOSTILE_IMG]), "quantity": 5,
        "quantity_unit": None, "quantity_what": HOSTILE_IMG, "date": "2024-01-05",
        "evidence": HOSTILE_SCRIPT, "source_count": 1, "sources": "[]",
        "origin_precision": HOSTILE_IMG, "destination_precision": "city",
        "geometry": LineString([(60.0, 40.0), (90.0, 50.0)]),
    }], geometry="geometry", crs="EPSG:4326")


def save(m: Any, name: str = "map.html") -> Path:
    d = Path(tempfile.mkdtemp(prefix="geomap-map-"))
    p = d / name
    m.save(str(p))
    return p


class Page:
    """A page opened from file://, every other request aborted and recorded."""

    def __init__(self, browser: Any, path: Path, viewport: tuple[int, int] = (1200, 800)):
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.ctx.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.geomap && geomap.ready === true", timeout=30_000)

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def errors(self) -> list[tuple[str, str]]:
        return [m for m in self.console if m[0] in ("error", "pageerror")]

    def click_event(self, i: int) -> None:
        """Click the marker of event i where the page drew it."""
        pt = self.js(
            "i => { const p = geomap.events.pointOf(i); if (!p) return null;"
            " const r = geomap.events._map.getContainer().getBoundingClientRect();"
            " return [r.left + p.x, r.top + p.y]; }", i)
        assert pt is not None, f"event {i} is not drawn as a marker"
        self.page.mouse.click(pt[0], pt[1])

    def close(self) -> None:
        self.ctx.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()
