"""`geomap export`: the store's events and routes as GeoJSON, GeoJSONSeq, GeoPackage or CSV."""

from __future__ import annotations

import json

import click

from geo.commands._store_cli import check_date, filter_options, open_store, store_option
from geo.errors import GeomapError


@click.command("export")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The file to write (replaced whole).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "gpkg", "csv", "geojsonseq"]),
    help="Default: from the file name (.geojson .gpkg .csv .geojsons).",
)
@filter_options
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def export_cmd(output, fmt, since, until, type_, country, store_path, as_json) -> None:
    """Export events (points) and routes (great-circle lines) for GIS tools.

    \b
    GeoJSON follows RFC 7946: [lon, lat] in WGS84, no "crs", 7 decimals, routes crossing the
    antimeridian cut into MultiLineStrings, a bbox. GeoPackage has two layers, events and
    routes (opens in QGIS). CSV has ACLED-like columns (events only).

    \b
    Examples:
      geomap export -o events.geojson
      geomap export -o war.gpkg --since 2024-10-01 --country RU
      geomap export -o events.csv --type deployment
      geomap export -o feed.geojsons --format geojsonseq
    """
    from geo.export import export

    store = open_store(store_path)
    with store:
        try:
            s = export(
                store,
                output,
                format=fmt,
                since=check_date(since, "--since"),
                until=check_date(until, "--until"),
                type=type_,
                country=country,
            )
        except GeomapError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            raise click.ClickException(f"{output}: cannot write ({exc.strerror or exc})") from exc
    if as_json:
        click.echo(json.dumps(s.to_dict()))
    else:
        click.echo(f"{s.events} event(s) and {s.routes} route(s) written to {s.path} ({s.format})")


COMMANDS = [export_cmd]
