"""The two points of an area place: the representative point (Place.lat/lon as the gazetteer
gives it: a country's capital, a region's most populous place — where events known only at
that level are placed) and the centre of the area (``extra["centre"]``, what geoparsing
benchmarks and GeoNames give for the area itself). These helpers move a Place between the two
so that a geoparser can answer the centre while event placement keeps the representative point.
"""

from __future__ import annotations

from dataclasses import replace

from gazetteer.place import Place

#: Precisions of places that are areas (and may carry a centre).
AREA_PRECISIONS = frozenset({"country", "admin1", "admin2", "continent", "region"})


def at_centre(place: Place) -> Place:
    """The place with lat/lon = its area centre and ``extra["representative"]`` = the point it
    had; unchanged when it is no area or has no centre (or is already at its centre)."""
    c = place.extra.get("centre")
    if place.precision not in AREA_PRECISIONS or not c or "representative" in place.extra:
        return place
    extra = {**place.extra, "representative": (place.lat, place.lon)}
    return replace(place, lat=float(c[0]), lon=float(c[1]), extra=extra)


def at_representative(place: Place) -> Place:
    """The inverse of at_centre: the place at its representative point again."""
    r = place.extra.get("representative")
    if not r:
        return place
    extra = {k: v for k, v in place.extra.items() if k != "representative"}
    return replace(place, lat=float(r[0]), lon=float(r[1]), extra=extra)
