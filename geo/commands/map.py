"""`geomap map`: an interactive HTML map of the store, or of articles given on the command line."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

import click

from geo.commands._store_cli import check_date, filter_options, open_store, store_option
from geo.errors import GeomapError

if TYPE_CHECKING:
    from geo.store import FilterArgs, Filters


@dataclass(slots=True)
class MapResult:
    path: str
    events: int
    routes: int
    skipped: int
    bytes: int
    offline: bool
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_map(
    output: str | Path,
    articles: tuple[str, ...] | list[str] = (),
    *,
    store_path: str | None = None,
    offline: bool = False,
    title: str | None = None,
    progress_add: Any = None,
    filters: Filters | None = None,
    **by: Unpack[FilterArgs],
) -> MapResult:
    """Write the map to `output`. With `articles`, they are extracted into an in-memory store
    (nothing is saved) and mapped; without, the store at `store_path` (default store) is.
    What is drawn is selected by ``filters`` and/or the keywords ``since``, ``until``,
    ``type``, ``country`` (see `geo.store.Filters`), checked before any article is read.
    `offline` makes one self-contained page and keeps article geocoding to the gazetteer."""
    from geo.ingest import add, expand
    from geo.store import Filters, Store
    from maps.render import render

    flt = Filters.of(filters, **by)
    errors: list[dict[str, str]] = []
    if articles:
        store = Store(":memory:")
        items = expand(list(articles))
        if progress_add is not None:
            summary = progress_add(store, items, offline)
        else:
            summary = add(store, [], items=items, offline=offline)
        errors = summary.errors
    else:
        store = open_store(store_path)
    with store:
        m = render(store.events_gdf(flt), store.routes_gdf(flt), title=title, offline=offline)
    out = Path(output)
    try:
        m.save(str(out))
    except OSError as exc:
        raise GeomapError(f"{output}: cannot write ({exc.strerror or exc})") from exc
    st = m.geomap_stats
    return MapResult(str(out), st["events"], st["routes"], st["skipped"], out.stat().st_size,
                     offline, errors)


@click.command("map")
@click.argument("articles", nargs=-1, metavar="[ARTICLE ...]")
@click.option("-o", "--output", default="map.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write (replaced whole).")
@store_option
@click.option("--offline", is_flag=True,
              help="One self-contained page (Leaflet inlined, country-outline basemap, no "
                   "request at all); articles are geocoded with the local gazetteer only.")
@filter_options
@click.option("--title", help="Title shown over the map and in the browser tab.")
@click.option("--open/--no-open", "open_", default=False, show_default=True,
              help="Open the map in the web browser.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def map_cmd(articles, output, store_path, offline, since, until, type_, country, title, open_,
            as_json) -> None:
    """Draw events and routes on an interactive map (one HTML file).

    Markers are coloured and shaped by event type and sized by quantity; click one for what,
    where, when, who, how many, the evidence sentence and the source links. Routes are
    great-circle curves with arrows. There is a legend, a layer per type, place search, full
    screen and a time slider. Many events are clustered; 100,000 events stay about 11 MB.

    \b
    With ARTICLE files (or URLs, folders, '-'), they are read and mapped without touching the
    store; without, the store is mapped.

    \b
    Examples:
      geomap map -o map.html                      # the whole store
      geomap map article.txt -o article.html --offline --open
      geomap map --since 2024-10-01 --type deployment --country UA --title "Deployments"
      geomap map --store war.sqlite -o war.html --json
    """
    from rich.console import Console

    since, until = check_date(since, "--since"), check_date(until, "--until")
    if type_:
        from geo.models import EVENT_TYPES

        if type_.partition("/")[0] not in EVENT_TYPES:
            raise click.BadParameter(
                f"{type_!r} is not an event type; one of: {', '.join(EVENT_TYPES)}",
                param_hint="--type")
    console = Console(stderr=True)

    def progress_add(store, items, off):
        from geo.commands.add import _run
        from geo.ingest import add

        return _run(store, items, off, quiet=as_json, add=add)

    try:
        with console.status("drawing the map", spinner="dots") if not as_json else _null():
            r = make_map(output, articles, store_path=store_path, offline=offline, since=since,
                         until=until, type=type_, country=country, title=title,
                         progress_add=progress_add)
    except GeomapError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    else:
        note = f", {r.skipped} without coordinates left out" if r.skipped else ""
        click.echo(f"{r.events} event(s) and {r.routes} route(s){note} -> {r.path} "
                   f"({r.bytes / 1e6:.1f} MB{', offline' if offline else ''})")
        if r.events == 0 and r.routes == 0:
            click.echo("nothing to draw: the map shows the world only", err=True)
    if open_:
        import webbrowser

        webbrowser.open(Path(r.path).resolve().as_uri())
    if r.errors:
        raise SystemExit(1)


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


COMMANDS = [map_cmd]
