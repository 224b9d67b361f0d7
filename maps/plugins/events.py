"""Events drawn client-side on one canvas from a compact payload (see maps/encode.py)."""

from __future__ import annotations

import base64
import gzip
from typing import Any

from folium.template import Template

from maps.assets import js_json
from maps.plugins.base import GeomapPlugin

#: Payloads larger than this (bytes of JSON) are gzip+base64 encoded and inflated by the browser
#: (DecompressionStream): about 3x smaller for text-heavy event data.
COMPRESS_ABOVE = 1_000_000


class EventLayer(GeomapPlugin):
    js_files = ("events",)
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geomap.eventLayer(
            {{ this.data_js }}, {{ this.options_js }}
        ).addTo({{ this._parent.get_name() }});
        geomap.events = {{ this.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(
        self, payload: dict[str, Any], *, compress: bool | None = None,
        cluster_threshold: int = 400, fit: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self._name = "GeomapEvents"
        text = js_json(payload)
        if compress is None:
            compress = len(text) > COMPRESS_ABOVE
        if compress:
            gz = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
            text = js_json({"gz": base64.b64encode(gz).decode("ascii")})
        self.compressed = compress
        self.data_js = text
        # fit: the first view, set without animation so the first draw is already final
        self.options_js = js_json({"clusterThreshold": int(cluster_threshold), "fit": fit})
