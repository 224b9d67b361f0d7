"""What the store commands share: the --store option and opening the store with a clear error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from geo.errors import GeomapError

STORE_HELP = (
    "The store file (SQLite). Default: $GEOMAP_STORE, else store.sqlite in geomap's data folder."
)


def store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(dir_okay=False),
        envvar="GEOMAP_STORE",
        help=STORE_HELP,
    )(f)


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until/--type/--country, as every reading command takes them."""
    for opt in reversed(
        [
            click.option("--since", metavar="DATE", help="Events on or after DATE (YYYY-MM-DD)."),
            click.option("--until", metavar="DATE", help="Events on or before DATE."),
            click.option("--type", "type_", metavar="TYPE", help="Event type, or type/subtype."),
            click.option("--country", metavar="CC", help="ISO 3166 alpha-2 country (e.g. UA)."),
        ]
    ):
        f = opt(f)
    return f


def check_date(value: str | None, flag: str) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        msg = f"{value!r} is not a date like 2024-10-28"
        raise click.BadParameter(msg, param_hint=flag) from None


def open_store(path: str | None):
    from geo.store import Store

    try:
        return Store(path)
    except GeomapError as exc:
        raise click.ClickException(str(exc)) from exc
