"""Offline basemap: Natural Earth 1:110m country outlines packaged in maps/data (no tiles)."""

from __future__ import annotations

import json

from folium.template import Template

from maps.assets import countries_geojson, js_json
from maps.plugins.base import GeomapPlugin

ATTRIBUTION = "Outlines: Natural Earth (public domain)"


class CountryOutlines(GeomapPlugin):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_data = {{ this.data_js }};
        // three copies of the world (-360, 0, +360) so that views across the antimeridian
        // (longitudes past 180, as Pacific maps get) still have their coastlines
        var {{ this.get_name() }} = L.layerGroup([-360, 0, 360].map(function (dx) {
            return L.geoJSON({{ this.get_name() }}_data, {
                interactive: false,
                style: {{ this.style_js }},
                attribution: dx === 0 ? {{ this.attribution_js }} : undefined,
                coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + dx); }
            });
        }));
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {{ this._parent.get_name() }}.getContainer().classList.add("geomap-offline-sea");
        {% endmacro %}
        """
    )

    def __init__(self, show: bool = True) -> None:
        super().__init__()
        self._name = "GeomapCountries"
        self.show = show
        # Packaged data from our own repo: still escaped, like everything put into a script.
        self.data_js = js_json(json.loads(countries_geojson()))
        self.style_js = js_json(
            {"color": "#8a8a8a", "weight": 0.8, "fillColor": "#f3efe6", "fillOpacity": 1}
        )
        self.attribution_js = js_json(ATTRIBUTION)
