"""A title over the map (text only: built with textContent)."""

from __future__ import annotations

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin


class Title(GeomapPlugin):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var t = geomap.el("div", "geomap-title", {{ this.text_js }});
            {{ this._parent.get_name() }}.getContainer().appendChild(t);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "GeomapTitle"
        self.text_js = js_json(text)
