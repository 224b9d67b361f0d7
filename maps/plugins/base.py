"""Shared base of our plugins: puts core.js, the plugin's own JS and our CSS into the page head."""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement

from maps.assets import plugin_css, plugin_js, script_tag, style_tag


class GeomapPlugin(MacroElement):
    """A MacroElement whose JavaScript lives in maps/plugins/<name>.js."""

    js_files: tuple[str, ...] = ()

    def render(self, **kwargs: Any) -> None:
        fig = self.get_root()
        fig.header.add_child(Element(style_tag(plugin_css("geomap"))), name="geomap_css")
        for name in ("core", *self.js_files):
            fig.header.add_child(Element(script_tag(plugin_js(name))), name=f"geomap_{name}_js")
        super().render(**kwargs)
