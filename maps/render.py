"""GeoDataFrames of events and routes -> an interactive folium.Map.

Events are drawn client-side from one compact payload (maps/encode.py, maps/plugins/events.js),
so 100,000 events stay a few MB and render in about a second; folium supplies the page, the map
and the tile layer. With offline=True the page is self-contained: Leaflet is inlined from the
xstatic-leaflet pip package, folium's CDN links are dropped, and the basemap is packaged
country outlines.
"""

from __future__ import annotations

import html
from typing import Any

import folium
from branca.element import Element

from maps import assets
from maps.encode import bounds, encode
from maps.plugins import (
    CountryOutlines,
    EventLayer,
    Fullscreen,
    LayerControl,
    Legend,
    PlaceSearch,
    RouteLayer,
    TimeSlider,
    Title,
)

OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
GEONAMES_ATTRIBUTION = 'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'


def _inline_leaflet(m: folium.Map) -> None:
    """Replace folium's CDN links (Leaflet, jQuery, Bootstrap, awesome-markers) by inline
    Leaflet: nothing else is used by our plugins."""
    m.default_js = []
    m.default_css = []
    header = m.get_root().header
    header.add_child(Element(assets.style_tag(assets.leaflet_css())), name="leaflet_css", index=0)
    header.add_child(Element(assets.script_tag(assets.leaflet_js())), name="leaflet", index=0)


def render(
    events_gdf: Any,
    routes_gdf: Any = None,
    *,
    title: str | None = None,
    offline: bool = False,
    compress: bool | None = None,
    cluster_threshold: int = 400,
) -> folium.Map:
    """An interactive map of events (markers by type, sized by quantity, clustered when many)
    and routes (geodesic curves with arrows), with legend, layer control, place search,
    full screen and a time slider. `compress`: gzip the data inside the page (default: when
    large). Save with `.save(path)`; every value from the data is shown as text, never as HTML.
    """
    payload = encode(events_gdf, routes_gdf)
    box = bounds(payload)
    m = folium.Map(location=[20, 0], zoom_start=2, tiles=None, control_scale=True,
                   font_size="0.8rem")
    if title:
        m.get_root().title = html.escape(title)
    if offline:
        _inline_leaflet(m)
        base: Any = CountryOutlines()
        base_label = "Country outlines (offline)"
        attributions: tuple[str, ...] = (GEONAMES_ATTRIBUTION,)
    else:
        base = folium.TileLayer("OpenStreetMap", attr=OSM_ATTRIBUTION, name="OpenStreetMap")
        base_label = "OpenStreetMap"
        attributions = (GEONAMES_ATTRIBUTION,)
    base.add_to(m)
    fit = None
    if box:
        (s_, w), (n, e) = box
        pad = 0.5
        # room for the controls: search (left), layers (top right), legend (bottom right)
        fit = {"bounds": [[s_ - pad, w - pad], [n + pad, e + pad]],
               "paddingTopLeft": [200, 40], "paddingBottomRight": [240, 50], "maxZoom": 8}
    events = EventLayer(payload, compress=compress, cluster_threshold=cluster_threshold, fit=fit)
    events.add_to(m)
    routes = RouteLayer(events)
    routes.add_to(m)
    LayerControl([(base_label, base)], events, routes, attributions=attributions).add_to(m)
    Legend(events).add_to(m)
    PlaceSearch(events, routes).add_to(m)
    Fullscreen().add_to(m)
    TimeSlider(events, routes).add_to(m)
    if title:
        Title(title).add_to(m)
    m.geomap_stats = {  # type: ignore[attr-defined]
        "events": len(payload["e"]["lat"]),
        "routes": len(payload["r"]),
        "skipped": payload["skipped"],
        "compressed": events.compressed,
    }
    return m
