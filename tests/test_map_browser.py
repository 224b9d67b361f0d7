"""The map in a real headless Chromium: offline, counted, clickable, and inert to hostile text."""

from __future__ import annotations

import pandas as pd
import pytest

from maps import render
from maps.synthetic import events_gdf, routes_gdf
from tests._map_helpers import (
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    Page,
    browser,
    hostile_events,
    hostile_routes,
    save,
)

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for pytest

SPREAD = [(-60 + 12 * i, -40 + 8 * i) for i in range(10)]  # fictional, well apart


def _spread_events(n: int = 10):
    gdf = events_gdf(n, seed=3, places=n)
    gdf["lon"] = [SPREAD[i % 10][0] + 3 * (i // 10) for i in range(n)]
    gdf["lat"] = [SPREAD[i % 10][1] for i in range(n)]
    return gdf


def _routes():
    return routes_gdf([
        [(70.0, -30.0), (100.0, -10.0)],  # away from the events: its arrows are on bare line
        [(10.0, -10.0), (20.0, -5.0), (40.0, -20.0)],
        [[(170.0, -10.0), (180.0, -12.0)], [(-180.0, -12.0), (-170.0, -15.0)]],
    ])


@pytest.fixture(scope="module")
def offline_page(browser):
    page = Page(browser, save(render(_spread_events(), _routes(), title="Test", offline=True)))
    yield page
    page.close()


def test_offline_page_makes_no_request_and_logs_no_error(offline_page):
    assert offline_page.requests == []
    assert offline_page.errors() == []
    assert offline_page.js("typeof L") == "object"


def test_every_event_and_route_is_drawn(offline_page):
    stats = offline_page.js("geomap.events.stats")
    assert stats["markers"] == 10 and stats["clusters"] == 0
    assert offline_page.js("geomap.routes.count()") == 3
    assert offline_page.js("document.querySelectorAll('path.geomap-route').length") == 3
    # two arrow heads per route, the direction of travel
    assert offline_page.js("document.querySelectorAll('.geomap-arrow').length") == 6
    # legend: one row per type present
    rows = offline_page.js("document.querySelectorAll('.geomap-legend-row[data-type]').length")
    assert rows == 10


def test_click_opens_popup_with_evidence_and_sources(offline_page):
    ev = _spread_events()
    offline_page.click_event(4)
    popup = offline_page.page.locator(".leaflet-popup-content", has_text=ev.loc[4, "evidence"])
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert ev.loc[4, "evidence"] in text
    assert ev.loc[4, "place_name"] in text
    hrefs = offline_page.js(
        "[...document.querySelectorAll('.leaflet-popup-content a')].map(a => a.href)")
    assert hrefs == ["https://example.org/1"]
    offline_page.js("geomap.events._map.closePopup()")


def test_hover_shows_a_tooltip(offline_page):
    ev = _spread_events()
    pt = offline_page.js(
        "() => { const p = geomap.events.pointOf(2);"
        " const r = geomap.events._map.getContainer().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }")
    offline_page.page.mouse.move(pt[0], pt[1])
    tip = offline_page.page.locator(".geomap-tooltip")
    tip.wait_for(timeout=5000)
    assert ev.loc[2, "place_name"] in tip.inner_text()
    offline_page.page.mouse.move(2, 400)


def test_click_on_a_route_opens_its_popup(offline_page):
    arrow = offline_page.page.locator(".geomap-arrow").first  # sits on the line, mid-way
    box = arrow.bounding_box()
    offline_page.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = offline_page.page.locator(".leaflet-popup-content", has_text="Route 0 evidence.")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert "Route 0 evidence." in text and "Origin 0" in text and "Destination 0" in text
    offline_page.js("geomap.events._map.closePopup()")


def test_route_across_antimeridian_is_continuous(offline_page):
    lons = offline_page.js(
        "geomap.routes.groups[2].getLayers()[0].getLatLngs().map(p => p.lng)")
    steps = [abs(b - a) for a, b in zip(lons, lons[1:], strict=False)]
    assert max(steps) < 5  # no jump across the whole map
    assert lons[0] == pytest.approx(170) and lons[-1] == pytest.approx(190)


def test_layer_control_hides_a_type(offline_page):
    box = offline_page.page.locator(".leaflet-control-layers-overlays label").first
    box.click()
    assert offline_page.js("geomap.events.stats.markers") == 9
    box.click()
    assert offline_page.js("geomap.events.stats.markers") == 10


def test_time_slider_filters_by_date(offline_page):
    ev = _spread_events()
    days = sorted((pd.to_datetime(ev["date"]) - pd.Timestamp("1970-01-01")).dt.days)
    offline_page.js("d => geomap.time.setDay(d)", int(days[4]))
    assert offline_page.js("geomap.events.visibleCount()") == sum(d <= days[4] for d in days)
    offline_page.js("geomap.time.setDay(null)")
    assert offline_page.js("geomap.events.visibleCount()") == 10


def test_time_window_shows_only_its_days(offline_page):
    ev = _spread_events()
    days = sorted((pd.to_datetime(ev["date"]) - pd.Timestamp("1970-01-01")).dt.days)
    offline_page.page.select_option(".geomap-window", "30")
    offline_page.js("d => geomap.time.setDay(d)", int(days[6]))
    want = sum(days[6] - 30 < d <= days[6] for d in days)
    assert offline_page.js("geomap.events.visibleCount()") == want
    assert " – " in offline_page.page.locator(".geomap-time-label").inner_text()
    offline_page.page.select_option(".geomap-window", "0")
    offline_page.js("geomap.time.setDay(null)")


def test_search_by_place_name_opens_its_events(offline_page):
    ev = _spread_events()
    name = ev.loc[7, "place_name"]
    offline_page.page.fill(".geomap-search input", name.lower())
    hit = offline_page.page.locator(".geomap-search-hit").first
    assert hit.inner_text().startswith(name)
    hit.click()
    popup = offline_page.page.locator(".leaflet-popup-content", has_text=ev.loc[7, "evidence"])
    popup.wait_for(timeout=5000)  # (the previous popup may still be fading out)
    assert ev.loc[7, "place_name"] in popup.inner_text()


def test_search_finds_route_ends(offline_page):
    offline_page.page.fill(".geomap-search input", "destination 1")
    hit = offline_page.page.locator(".geomap-search-hit").first
    assert hit.inner_text() == "Destination 1 (1 route)"
    hit.click()
    popup = offline_page.page.locator(".leaflet-popup-content", has_text="Route 1 evidence.")
    popup.wait_for(timeout=5000)
    assert "Origin 1" in popup.inner_text()
    offline_page.js("geomap.events._map.closePopup()")


def test_many_events_cluster_and_add_up(browser):
    page = Page(browser, save(render(events_gdf(3000, seed=5), offline=True)))
    try:
        assert page.errors() == [] and page.requests == []
        stats = page.js("geomap.events.stats")
        assert stats["clusters"] > 0
        total = page.js(
            "geomap.events._items.reduce((s, it) => s + (it.cluster ? it.cluster.n : 1), 0)")
        assert total == stats["inView"] >= 3000
    finally:
        page.close()


def test_compressed_payload_is_inflated_in_the_browser(browser):
    m = render(_spread_events(), offline=True, compress=True)
    assert m.geomap_stats["compressed"]
    page = Page(browser, save(m))
    try:
        assert page.errors() == [] and page.requests == []
        assert page.js("geomap.events.n") == 10
    finally:
        page.close()


def test_hostile_article_stays_inert(browser):
    m = render(hostile_events(), hostile_routes(), title=HOSTILE_IMG, offline=True)
    page = Page(browser, save(m))
    try:
        page.click_event(0)
        popup = page.page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        # the text is shown as text ...
        assert HOSTILE_SCRIPT in popup.inner_text()
        assert HOSTILE_IMG in popup.inner_text()
        # ... no element was made from it, the javascript: link is not a link
        assert page.js("document.querySelectorAll('.leaflet-popup-content img, "
                       ".leaflet-popup-content svg, .leaflet-popup-content a').length") == 0
        page.page.mouse.move(5, 5)
        page.click_event(1)  # a hostile type name: legend, layer control, tooltip
        box = page.page.locator(".geomap-arrow").first.bounding_box()  # on the hostile route
        page.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        route_popup = page.page.locator(".leaflet-popup-content", has_text="Route")
        route_popup.wait_for(timeout=5000)
        assert HOSTILE_SCRIPT in route_popup.inner_text()
        assert page.js("document.querySelectorAll('.leaflet-popup-content img').length") == 0
        page.page.fill(".geomap-search input", "img")
        page.page.locator(".geomap-search-hit").first.click()
        page.page.wait_for_timeout(300)
        assert page.js("window.__pwned") is None
        assert page.dialogs == []
        assert page.js("document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
        assert page.errors() == [] and page.requests == []
        assert HOSTILE_IMG in page.page.locator(".geomap-title").inner_text()
    finally:
        page.close()


def test_fullscreen_button_puts_the_map_in_full_screen(offline_page):
    offline_page.page.locator(".geomap-fullscreen a").click()
    offline_page.page.wait_for_function("document.fullscreenElement !== null", timeout=5000)
    assert offline_page.js(
        "document.fullscreenElement === geomap.events._map.getContainer()") is True
    offline_page.page.locator(".geomap-fullscreen a").click()
    offline_page.page.wait_for_function("document.fullscreenElement === null", timeout=5000)


def test_play_walks_the_time_slider_to_the_last_date(offline_page):
    offline_page.js("geomap.time.options.playSeconds = 0.5; window.__minSeen = 99;"
                    "geomap.events.on('filter', () => { window.__minSeen = Math.min("
                    "window.__minSeen, geomap.events.visibleCount()); })")
    offline_page.page.locator(".geomap-play").click()
    offline_page.page.wait_for_function(
        "geomap.time.timer === null && +geomap.time.input.value === geomap.time.hi", timeout=10000)
    assert offline_page.js("window.__minSeen") < 10  # it started from the first date
    assert offline_page.js("geomap.events.visibleCount()") == 10
    offline_page.js("geomap.time.setDay(null)")


def test_online_page_uses_tiles_and_works_with_cdn_leaflet(browser):
    """Online pages load Leaflet from the CDN and OSM tiles: served here from the pip package
    (CDN) and refused (tiles), so the test stays on this machine."""
    from maps.assets import _leaflet_dir

    path = save(render(_spread_events(), _routes()))
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    page = ctx.new_page()
    seen: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        url = r.request.url
        seen.append(url)
        if url.startswith("file:"):
            r.continue_()
        elif url.endswith("/leaflet.js"):
            r.fulfill(body=(_leaflet_dir() / "leaflet.js").read_bytes(),
                      content_type="application/javascript")
        elif url.endswith("/leaflet.css"):
            r.fulfill(body=(_leaflet_dir() / "leaflet.css").read_bytes(), content_type="text/css")
        else:
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(path.as_uri())
        page.wait_for_function("window.geomap && geomap.ready === true", timeout=30_000)
        assert errors == []
        assert page.evaluate("geomap.events.stats.markers") == 10
        assert any("tile.openstreetmap.org" in u for u in seen)
        attribution = page.locator(".leaflet-control-attribution").inner_text()
        assert "OpenStreetMap" in attribution and "GeoNames" in attribution
    finally:
        ctx.close()
