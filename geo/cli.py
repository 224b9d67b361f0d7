"""The `geomap` command: a thin layer; every command calls a library function in geo/ or gazetteer/.

Each command group lives in its own module under geo/commands/ and is registered here.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

import geo.commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="geomap")
def cli() -> None:
    """geomap: turn news articles in any language into maps of places, events and routes.

    \b
    Typical use:
      geomap geoparse article.txt          # place names found and resolved, as JSON
      geomap extract article.txt --json    # events and routes, nothing stored
      geomap add articles/                 # store events from many articles
      geomap map -o map.html               # interactive map of the store
      geomap export -o events.geojson      # GeoJSON / GeoPackage / CSV
    """


def _register() -> None:
    for mod in pkgutil.iter_modules(geo.commands.__path__):
        module = importlib.import_module(f"geo.commands.{mod.name}")
        for cmd in getattr(module, "COMMANDS", ()):
            cli.add_command(cmd)


_register()


def main() -> None:
    cli()
