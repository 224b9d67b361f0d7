"""Full-screen button (the browser's Fullscreen API; no plugin download needed)."""

from __future__ import annotations

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin


class Fullscreen(GeomapPlugin):
    js_files = ("fullscreen",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        geomap.fullscreen({{ this.options_js }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, position: str = "topleft") -> None:
        super().__init__()
        self._name = "GeomapFullscreen"
        self.options_js = js_json({"position": position})
