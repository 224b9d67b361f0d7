"""Time slider with Play: events and routes up to a date (hidden when there are no dates)."""

from __future__ import annotations

from folium.template import Template

from maps.plugins.base import GeomapPlugin
from maps.plugins.events import EventLayer
from maps.plugins.routes import RouteLayer


class TimeSlider(GeomapPlugin):
    js_files = ("timeslider",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomap.time = geomap.timeSlider({{ this.events.get_name() }},
            {{ this.routes.get_name() if this.routes else 'null' }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayer, routes: RouteLayer | None = None) -> None:
        super().__init__()
        self._name = "GeomapTime"
        self.events = events
        self.routes = routes
