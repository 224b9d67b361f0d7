"""Export the store: GeoJSON (RFC 7946), GeoJSON text sequences (RFC 8142), GeoPackage, CSV.

GeoJSON is written by hand rather than through GDAL: RFC 7946 wants [lon, lat], no "crs",
bounded precision, bboxes and antimeridian cuts, and a plain json.dumps of each feature is both
exact about those rules and fast. GeoPackage goes through pyogrio (GDAL), which QGIS reads.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Unpack

from geo.errors import GeomapError
from geo.store import FilterArgs, Filters, Store, route_geometry

FORMATS = ("geojson", "geojsonseq", "gpkg", "csv")
_SUFFIX = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".geojsons": "geojsonseq",
    ".geojsonl": "geojsonseq",
    ".geojsonseq": "geojsonseq",
    ".jsonl": "geojsonseq",
    ".gpkg": "gpkg",
    ".csv": "csv",
}
DECIMALS = 7
#: Properties that hold JSON text in the table; GeoJSON gets them as real JSON values.
JSON_PROPS = ("quantities", "sources", "via")
#: ACLED-like CSV columns (ACLED's names where ACLED has the concept), then geomap's extras.
CSV_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "timestamp",
    "geomap_id",
    "date_end",
    "modality",
    "confidence",
    "quantity",
    "quantity_unit",
    "quantity_what",
    "source_count",
    "place_id",
    "urls",
)
#: ACLED codes: time_precision 1 = day, 2 = week, 3 = month or coarser;
#: geo_precision 1 = the place itself, 2 = near it / part of a region (a second-order region
#: such as a US county), 3 = a larger region.
ACLED_TIME = {"day": 1, "week": 2, "month": 3, "year": 3}
ACLED_GEO = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3}
FATALITY_WORDS = ("fatalities", "killed", "dead", "deaths", "death")


class ExportError(GeomapError):
    pass


@dataclass(slots=True)
class ExportSummary:
    path: str
    format: str
    events: int
    routes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "events": self.events,
            "routes": self.routes,
        }


def guess_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ExportError(f"{fmt}: unknown format (one of {', '.join(FORMATS)})")
        return fmt
    found = _SUFFIX.get(Path(path).suffix.lower())
    if found is None:
        raise ExportError(f"{path}: cannot tell the format from the name; give --format")
    return found


def export(
    store: Store,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    routes: bool = True,
    filters: Filters | None = None,
    **by: Unpack[FilterArgs],
) -> ExportSummary:
    """Write the store's events and (unless ``routes`` is False) routes to ``path``, selected
    by ``filters`` and/or the keywords ``since``, ``until``, ``type``, ``country`` (see
    `geo.store.Filters`); the file appears whole or not at all (written beside it, renamed)."""
    fmt = guess_format(path, format)
    flt = Filters.of(filters, **by)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{fmt}", dir=target.parent)
    os.close(fd)
    try:
        if fmt == "gpkg":
            os.unlink(tmp)
            n_ev, n_rt = _write_gpkg(store, tmp, flt, routes)
        elif fmt == "csv":
            n_ev, n_rt = _write_csv(store, tmp, flt), 0
        else:
            n_ev, n_rt = _write_geojson(store, tmp, flt, seq=fmt == "geojsonseq", routes=routes)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return ExportSummary(str(target), fmt, n_ev, n_rt)


# -- GeoJSON -------------------------------------------------------------------------------


def _r(x: float) -> float:
    return round(float(x), DECIMALS)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _feature(
    fid: str,
    geometry: dict[str, Any],
    row: dict[str, Any],
    kind: str,
    bbox: list[float] | None = None,
) -> str:
    """One Feature as JSON text. The JSON-text columns (sources, quantities, via) are spliced
    in as they are stored: valid JSON already, no need to parse and dump them again.

    The ``id`` property is the feature id (``event-12``), the store's number is ``geomap_id``:
    events and routes are numbered apart, and GDAL takes an integer ``id`` property for the
    FID, so numbers repeated across the two kinds made it warn and renumber on read-back."""
    head = {"feature_type": kind, "id": fid, "geomap_id": row["id"]}
    plain = {k: v for k, v in row.items() if k not in head and k not in JSON_PROPS and k[0] != "_"}
    props = _dumps({**head, **plain})[:-1]
    props += "".join(f',"{k}":{row[k] or "[]"}' for k in JSON_PROPS if k in row) + "}"
    head = f'{{"type":"Feature","id":{_dumps(fid)},'
    if bbox is not None:
        head += f'"bbox":{_dumps(bbox)},'
    return f'{head}"geometry":{_dumps(geometry)},"properties":{props}}}'


def _route_geojson(points: list[tuple[float, float]]) -> tuple[dict[str, Any], list[float]]:
    """(GeoJSON geometry with rounded coordinates, bbox) of a route through (lon, lat) points."""
    import numpy as np
    import shapely

    geom = route_geometry(points)
    single = geom.geom_type == "LineString"
    parts = [geom] if single else list(geom.geoms)
    arrs = [np.round(shapely.get_coordinates(p), DECIMALS) for p in parts]
    allc = np.vstack(arrs)
    bbox = [*allc.min(axis=0).tolist(), *allc.max(axis=0).tolist()]
    coords = arrs[0].tolist() if single else [a.tolist() for a in arrs]
    return {"type": geom.geom_type, "coordinates": coords}, bbox


def features(
    store: Store, flt: Filters, routes: bool = True
) -> Iterator[tuple[str, list[float], str]]:
    """(kind, bbox, Feature JSON text): events (Points), then routes (LineString, or
    MultiLineString when cut at the antimeridian)."""
    for row in store.event_rows(flt, located=True):
        x, y = _r(row["lon"]), _r(row["lat"])
        geom = {"type": "Point", "coordinates": [x, y]}
        yield "event", [x, y, x, y], _feature(f"event-{row['id']}", geom, row, "event")
    for row in store.route_rows(flt) if routes else ():
        geom, bbox = _route_geojson(row["_points"])
        yield "route", bbox, _feature(f"route-{row['id']}", geom, row, "route", bbox)


def _write_geojson(
    store: Store, path: str, flt: Filters, *, seq: bool, routes: bool = True
) -> tuple[int, int]:
    n = {"event": 0, "route": 0}
    box: list[float] = [180.0, 90.0, -180.0, -90.0]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        if not seq:
            fh.write('{"type":"FeatureCollection","features":[\n')
        first = True
        for kind, fbox, text in features(store, flt, routes):
            n[kind] += 1
            box = [min(box[0], fbox[0]), min(box[1], fbox[1]),
                   max(box[2], fbox[2]), max(box[3], fbox[3])]  # fmt: skip
            if seq:
                fh.write("\x1e" + text + "\n")  # RFC 8142: RS before, LF after each text
            else:
                fh.write(("" if first else ",\n") + text)
            first = False
        if not seq:
            tail = "\n]"
            if not first:
                tail += ',"bbox":' + json.dumps([_r(v) for v in box])
            fh.write(tail + "}\n")
    return n["event"], n["route"]


# -- GeoPackage ----------------------------------------------------------------------------


def _write_gpkg(store: Store, path: str, flt: Filters, routes: bool) -> tuple[int, int]:
    import pyogrio

    ev = store.events_gdf(flt)
    pyogrio.write_dataframe(ev, path, layer="events", driver="GPKG", geometry_type="Point")
    if not routes:
        return len(ev), 0
    rt = store.routes_gdf(flt)
    # Multi for every route: a layer of one geometry type is what QGIS styles best.
    pyogrio.write_dataframe(
        rt,
        path,
        layer="routes",
        driver="GPKG",
        promote_to_multi=True,
        geometry_type="MultiLineString",
    )
    return len(ev), len(rt)


# -- CSV -----------------------------------------------------------------------------------


def _country(cc: str | None) -> tuple[str, str, str]:
    """(ISO3, numeric ISO as ACLED's `iso`, country name) from an alpha-2 code."""
    if not cc:
        return "", "", ""
    import pycountry

    c = pycountry.countries.get(alpha_2=cc.upper())
    if c is None:
        return cc.upper(), "", cc.upper()
    return c.alpha_3, str(int(c.numeric)), c.name


def csv_row(row: dict[str, Any], stamp: int, cache: dict[str, tuple[str, str, str]]) -> list[Any]:
    cc = row["country_code"] or ""
    if cc not in cache:
        cache[cc] = _country(cc)
    iso3, iso_num, cname = cache[cc]
    sources = json.loads(row["sources"] or "[]")
    fatal = ""
    for q in json.loads(row["quantities"] or "[]"):
        if (q.get("what") or "").lower() in FATALITY_WORDS:
            fatal = int(q["value"])
    return [
        f"{iso3 or 'XXX'}{row['id']}",
        row["date"] or "",
        row["date"][:4] if row["date"] else "",
        ACLED_TIME.get(row["time_precision"] or "", ""),
        row["type"],
        row["subtype"] or "",
        row["actor1"] or "",
        row["actor2"] or "",
        iso_num,
        cname,
        row["admin1"] or "",
        row["place_name"] or "",
        "" if row["lat"] is None else _r(row["lat"]),
        "" if row["lon"] is None else _r(row["lon"]),
        ACLED_GEO.get(row["geo_precision"] or "", ""),
        "; ".join(s.get("title") or s.get("url") or s.get("article_id") or "" for s in sources),
        row["evidence"] or "",
        fatal,
        stamp,
        row["id"],
        row["date_end"] or "",
        row["modality"],
        row["confidence"],
        "" if row["quantity"] is None else row["quantity"],
        row["quantity_unit"] or "",
        row["quantity_what"] or "",
        row["source_count"],
        row["place_id"] or "",
        " ".join(s["url"] for s in sources if s.get("url")),
    ]


def _write_csv(store: Store, path: str, flt: Filters) -> int:
    stamp = int(datetime.now(UTC).timestamp())
    cache: dict[str, tuple[str, str, str]] = {}
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for row in store.event_rows(flt, located=True):
            w.writerow(csv_row(row, stamp, cache))
            n += 1
    return n
