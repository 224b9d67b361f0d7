"""Search by place name over the events on the map (accent- and case-insensitive)."""

from __future__ import annotations

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin
from maps.plugins.events import EventLayer


class PlaceSearch(GeomapPlugin):
    js_files = ("search",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomap.search = geomap.placeSearch({{ this.events.get_name() }}, {{ this.options_js }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayer, position: str = "topleft") -> None:
        super().__init__()
        self._name = "GeomapSearch"
        self.events = events
        self.options_js = js_json({"position": position})
