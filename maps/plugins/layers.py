"""Layer control: base maps, one overlay per event type, one for routes."""

from __future__ import annotations

from typing import Any

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin
from maps.plugins.events import EventLayer
from maps.plugins.routes import RouteLayer


class LayerControl(GeomapPlugin):
    js_files = ("layers",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomap.layers = geomap.layerControl({{ this._parent.get_name() }},
            { {%- for label, layer in this.bases %}
                {{ label }}: {{ layer.get_name() }}{{ "," if not loop.last }}
            {%- endfor %} },
            {{ this.events.get_name() }},
            {{ this.routes.get_name() if this.routes else 'null' }});
        {%- for text in this.attributions %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ text }});
        {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, bases: list[tuple[str, Any]], events: EventLayer,
                 routes: RouteLayer | None = None, attributions: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._name = "GeomapLayers"
        self.bases = [(js_json(label), layer) for label, layer in bases]
        self.events = events
        self.routes = routes
        self.attributions = [js_json(a) for a in attributions]
