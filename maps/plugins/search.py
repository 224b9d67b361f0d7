"""Search by place name over events and route ends (accent- and case-insensitive)."""

from __future__ import annotations

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin
from maps.plugins.events import EventLayer
from maps.plugins.routes import RouteLayer


class PlaceSearch(GeomapPlugin):
    js_files = ("search",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomap.search = geomap.placeSearch({{ this.events.get_name() }},
            L.extend({{ this.options_js }},
                     { routes: {{ this.routes.get_name() if this.routes else 'null' }} }))
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayer, routes: RouteLayer | None = None,
                 position: str = "topleft") -> None:
        super().__init__()
        self._name = "GeomapSearch"
        self.events = events
        self.routes = routes
        self.options_js = js_json({"position": position})
