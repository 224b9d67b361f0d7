"""Rebuild maps/data/countries-110m.geojson, the offline basemap of country outlines.

Source: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), as shipped
in the pip package pyogrio (MIT) under pyogrio/tests/fixtures/naturalearth_lowres — a geomap
dependency already, so no download is needed. Coordinates are rounded to 0.01 degree (~1 km),
ample at the zooms where an outline basemap is useful, to keep the offline page small.

Run: python -m maps.build_countries
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).with_name("data") / "countries-110m.geojson"


def _round(coords):  # type: ignore[no-untyped-def]
    if isinstance(coords[0], int | float):
        return [round(coords[0], 2), round(coords[1], 2)]
    return [_round(c) for c in coords]


def source_path() -> Path:
    import pyogrio

    return (
        Path(pyogrio.__file__).parent
        / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"
    )


def build(out: Path = OUT) -> Path:
    import geopandas as gpd

    gdf = gpd.read_file(source_path())
    feats = []
    for row in gdf.itertuples():
        geom = row.geometry.__geo_interface__
        feats.append(
            {
                "type": "Feature",
                "properties": {"name": row.name, "iso_a3": row.iso_a3},
                "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])},
            }
        )
    fc = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), via pyogrio",
        "features": feats,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fc, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    p = build()
    print(f"wrote {p} ({p.stat().st_size} bytes)")
