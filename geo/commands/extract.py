"""`geomap extract`: the events and routes of one article, printed, nothing stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from geo.errors import GeomapError


def extraction_json(ex: Any, *, npts: int = 32) -> dict[str, Any]:
    """The JSON `geomap extract --json` prints: article, events, routes (with their geodesic
    GeoJSON geometry, cut at the antimeridian)."""
    from shapely.geometry import mapping

    from geo.routes import route_coords, to_geojson_geometry

    routes = []
    for r in ex.routes:
        d = r.to_dict()
        d.pop("article", None)
        d["geometry"] = mapping(to_geojson_geometry(route_coords(r, npts)))
        routes.append(d)
    events = []
    for e in ex.events:
        d = e.to_dict()
        d.pop("article", None)
        events.append(d)
    return {"article": ex.article.meta(), "events": events, "routes": routes}


def _place(p: Any) -> str:
    return f"{p.name} ({p.precision})" if p is not None else "-"


@click.command("extract")
@click.argument("file", metavar="FILE|-")
@click.option("--lang", help="Language (ISO 639-1: id, en, ...); detected when omitted.")
@click.option("--published", metavar="DATE",
              help="Publication date (2024-10-28, '28 Oktober 2024'): anchors relative dates.")
@click.option("--url", help="URL the article came from.")
@click.option("--title", help="Title of the article.")
@click.option("--offline", is_flag=True, help="Gazetteer only; never ask the online geocoder.")
@click.option("--json", "as_json", is_flag=True, help="Print events and routes as JSON.")
def extract_cmd(file, lang, published, url, title, offline, as_json) -> None:
    """Extract the events and routes of one article (text or HTML); stores nothing.

    Events have a type (deployment, arms_transfer, attack, statement, appeal, cooperation,
    evacuation, disaster, ...), a place with its precision, a date with its precision,
    actors, quantities, a modality (reported, confirmed, alleged, denied, planned) and the
    sentence that says so. Movements with two ends become routes (great-circle lines).

    \b
    Examples:
      geomap extract examples/dprk-troops-en.txt
      geomap extract examples/dprk-troops-id.txt --published 2024-10-29 --json
      curl -s https://example.org/story.html | geomap extract - --lang en --json
    """
    from geo.extract import extract
    from geo.reader import read_article

    try:
        if file == "-":
            data = sys.stdin.buffer.read()
            source = "<stdin>"
        else:
            path = Path(file)
            if not path.is_file():
                raise click.ClickException(f"{file}: no such file")
            data = path.read_bytes()
            source = file
        article = read_article(data, source=source, url=url, title=title,
                               published=published, lang=lang)
        fallback = None
        if not offline:
            try:
                from gazetteer.fallback import Fallback

                fallback = Fallback()
            except (ImportError, GeomapError, ValueError, TypeError):
                fallback = None
        ex = extract(article, fallback=fallback)
    except GeomapError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(extraction_json(ex), ensure_ascii=False, indent=2, default=str))
        return
    _print(ex)


def _print(ex: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    a = ex.article
    console.print(f"[bold]{a.title or a.source_path}[/] lang={a.lang} "
                  f"published={a.published.date() if a.published else '-'}")
    t = Table(title="events")
    for col in ("type", "modality", "date", "place", "actor", "quantities", "conf"):
        t.add_column(col, overflow="fold")
    for e in ex.events:
        qs = ", ".join(f"{q.value:,.0f} {q.what or q.unit or ''}".strip() for q in e.quantities)
        t.add_row(f"{e.type}/ {e.subtype}", e.modality,
                  f"{e.date or '-'} ({e.time_precision})" if e.date else "-", _place(e.place),
                  e.actor1.name if e.actor1 else "-", qs, f"{e.confidence:.2f}")
    console.print(t)
    r = Table(title="routes")
    for col in ("mode", "origin", "via", "destination", "quantity"):
        r.add_column(col, overflow="fold")
    for rt in ex.routes:
        r.add_row(rt.mode, _place(rt.origin), ", ".join(v.name for v in rt.via) or "-",
                  _place(rt.destination),
                  f"{rt.quantity.value:,.0f} {rt.quantity.what or ''}" if rt.quantity else "-")
    console.print(r)


COMMANDS = [extract_cmd]
