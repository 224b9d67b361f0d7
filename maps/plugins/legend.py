"""Legend: shape and colour of each event type present, with counts; routes."""

from __future__ import annotations

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin
from maps.plugins.events import EventLayer


class Legend(GeomapPlugin):
    js_files = ("legend",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomap.legend({{ this.events.get_name() }}, {{ this.options_js }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, events: EventLayer, *, title: str = "Events",
                 position: str = "bottomright") -> None:
        super().__init__()
        self._name = "GeomapLegend"
        self.events = events
        self.options_js = js_json({"title": title, "position": position})
