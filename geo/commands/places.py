"""`geomap places ...`: look names up in the gazetteer and manage the user's own places."""

from __future__ import annotations

import json

import click


def _gz():
    from gazetteer import Gazetteer

    return Gazetteer.load()


def _place_line(p, score: float | None = None) -> str:
    where = ", ".join(x for x in (p.admin1 and f"admin1 {p.admin1}", p.country_code) if x)
    head = f"{score:.3f}  " if score is not None else ""
    pop = f"  pop {p.population:,}" if p.population else ""
    return (f"{head}{p.id:<16} {p.name} ({where or '-'})  {p.feature_class}/{p.feature_code}"
            f"  {p.lat:.5f},{p.lon:.5f}{pop}")


@click.group("places")
def places() -> None:
    """Look up place names; add, list and remove your own places.

    \b
    Examples:
      geomap places lookup Najin                 # Rajin, North Korea
      geomap places lookup "Kursk Oblast" --json
      geomap places lookup Paris --country US --limit 3
      geomap places add "Camp Alpha" 50.5 30.5 --country UA --kind base  # your own point
      geomap places list --json
      geomap places remove user:1
    """


@places.command("lookup")
@click.argument("name")
@click.option("--country", "-c", help="Only places of this ISO 3166 alpha-2 country (e.g. UA).")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="JSON list of {score, matched, place}.")
def lookup(name: str, country: str | None, limit: int, as_json: bool) -> None:
    """Ranked candidates for NAME (any language GeoNames or CLDR knows; user places first).

    \b
    Examples:
      geomap places lookup "Korea Utara"         # North Korea (CLDR, Indonesian)
      geomap places lookup Donetsk --limit 3     # the Ukrainian city, the oblast, the Russian town
    """
    res = _gz().lookup(name, country=country, limit=limit)
    if as_json:
        click.echo(json.dumps(
            [{"score": c.score, "matched": c.matched, "place": c.place.to_dict()} for c in res],
            ensure_ascii=False, indent=2))
    else:
        for c in res:
            click.echo(_place_line(c.place, c.score))
    if not res:
        where = f" in {country.upper()}" if country else ""
        click.echo(f"no place called {name!r}{where} in the gazetteer", err=True)


@places.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("name")
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--country", "-c", help="ISO 3166 alpha-2 code of its country.")
@click.option("--kind", "-k", default="point", show_default=True,
              help="point, city, admin1, country, region, or your own word (base, crossing...).")
@click.option("--json", "as_json", is_flag=True)
def add(name: str, lat: float, lon: float, country: str | None, kind: str, as_json: bool) -> None:
    """Store a place of your own; it wins over GeoNames for NAME from now on.

    \b
    Examples:
      geomap places add "Checkpoint 7" 51.2 35.3 --country RU --kind crossing
      geomap places add "Base X" -33.9 18.4        # negative coordinates need no quoting
    """
    from gazetteer.userplaces import UserPlaceError

    try:
        p = _gz().user.add(name, lat, lon, country=country, kind=kind)
    except UserPlaceError as e:
        raise click.ClickException(str(e)) from e
    click.echo(json.dumps(p.to_dict(), ensure_ascii=False) if as_json
               else f"added {_place_line(p)}")


@places.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_(as_json: bool) -> None:
    """Every user place, oldest first."""
    ps = _gz().user.list()
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in ps], ensure_ascii=False, indent=2))
        return
    for p in ps:
        click.echo(f"{_place_line(p)}  kind {p.extra.get('kind')}")
    if not ps:
        click.echo("no user places yet (add one with `geomap places add NAME LAT LON`)", err=True)


@places.command("remove")
@click.argument("place")
@click.option("--json", "as_json", is_flag=True)
def remove(place: str, as_json: bool) -> None:
    """Remove a user place by id (user:3 or 3) or every user place called PLACE."""
    gone = _gz().user.remove(place)
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in gone], ensure_ascii=False))
    else:
        for p in gone:
            click.echo(f"removed {_place_line(p)}")
    if not gone:
        raise click.ClickException(f"no user place {place!r}")


COMMANDS = [places]
