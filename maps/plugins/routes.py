"""Routes as great-circle curves with direction arrows (reads the event layer's payload)."""

from __future__ import annotations

from folium.template import Template

from maps.plugins.base import GeomapPlugin
from maps.plugins.events import EventLayer


class RouteLayer(GeomapPlugin):
    js_files = ("routes",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geomap.routeLayer({{ this.events.get_name() }})
            .addTo({{ this._parent.get_name() }});
        geomap.routes = {{ this.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayer) -> None:
        super().__init__()
        self._name = "GeomapRoutes"
        self.events = events
