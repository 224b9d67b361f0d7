"""Offline assets: Leaflet JS/CSS from the pip package xstatic-leaflet, inlined into the page.

Why xstatic: it ships the exact Leaflet release as package data, so an offline map needs no CDN
and no npm. Images the CSS refers to become data: URIs so the page makes no request at all.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).with_name("data")
_PLUGINS = Path(__file__).with_name("plugins")


def _leaflet_dir() -> Path:
    from xstatic.pkg import leaflet

    return Path(leaflet.BASE_DIR)


@cache
def leaflet_js() -> str:
    return (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with every url(images/...) replaced by a data: URI."""
    base = _leaflet_dir()
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(m: re.Match[str]) -> str:
        path = base / m.group(1)
        if not path.is_file():
            return "none"
        b64 = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{b64})"

    return re.sub(r"url\(\s*['\"]?(images/[^)'\"]+)['\"]?\s*\)", inline, css)


@cache
def plugin_js(name: str) -> str:
    """JavaScript of one of our plugins (maps/plugins/<name>.js)."""
    return (_PLUGINS / f"{name}.js").read_text(encoding="utf-8")


@cache
def plugin_css(name: str) -> str:
    return (_PLUGINS / f"{name}.css").read_text(encoding="utf-8")


@cache
def countries_geojson() -> str:
    """Natural Earth 1:110m country outlines (see maps/build_countries.py), as JSON text."""
    return (_DATA / "countries-110m.geojson").read_text(encoding="utf-8")


def script_tag(js: str) -> str:
    """An inline <script>; a literal '</script' inside the code could end the tag early."""
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", js, flags=re.I) + "</script>"


def style_tag(css: str) -> str:
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.I) + "</style>"


def js_json(value: Any) -> str:
    """JSON that is safe inside an HTML <script>: no '<', '>', '&' or line separators survive.

    This is what keeps article text (which may contain '</script><script>...') inert: it can
    never close the script element, and the page builds every label with textContent.
    """
    s = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        s.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
