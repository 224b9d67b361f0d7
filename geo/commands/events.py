"""`geomap events list/show/fix/delete`: read and correct the events in the store."""

from __future__ import annotations

import json
from typing import Any

import click

from geo.commands._store_cli import check_date, filter_options, open_store, store_option
from geo.errors import GeomapError


@click.group("events")
def events() -> None:
    """List, show, correct and delete stored events.

    \b
    Examples:
      geomap events list --since 2024-10-01 --type deployment
      geomap events show 12
      geomap events fix 12 --place "Kursk Oblast"       # remembered for later articles
      geomap events fix 12 --latlon 51.73 36.19 --date 2024-10-28
      geomap events fix 12 --type statement/denial
      geomap events delete 13                            # stays deleted on re-adding
    """


def _line(e: dict[str, Any]) -> str:
    kind = e["type"] + (f"/{e['subtype']}" if e["subtype"] else "")
    where = e["place_name"] or "(no place)"
    if e["country_code"]:
        where += f" ({e['country_code']})"
    actors = " / ".join(a for a in (e["actor1"], e["actor2"]) if a)
    qty = ""
    if e["quantity"] is not None:
        qty = f" {e['quantity']:g} {e['quantity_what'] or e['quantity_unit'] or ''}".rstrip()
    return (
        f"{e['id']:>6}  {e['date'] or '????-??-??'}  {kind:<28} {where:<28} "
        f"{actors}{qty}  [{e['source_count']} source(s)]"
    )


@events.command("list")
@store_option
@filter_options
@click.option("--limit", "-n", type=click.IntRange(1), help="At most N events.")
@click.option("--deleted", is_flag=True, help="Include deleted events.")
@click.option("--json", "as_json", is_flag=True, help="JSON list of events.")
def list_cmd(store_path, since, until, type_, country, limit, deleted, as_json) -> None:
    """List events, oldest first (events without a place are listed too)."""
    store = open_store(store_path)
    with store:
        gone = {r[0] for r in store.con.execute("SELECT id FROM events WHERE deleted = 1")}
        rows = store.event_rows(
            since=check_date(since, "--since"),
            until=check_date(until, "--until"),
            type=type_,
            country=country,
            include_deleted=deleted,
            limit=limit,
        )
    if as_json:
        for r in rows:
            r["sources"] = json.loads(r["sources"])
            r["quantities"] = json.loads(r["quantities"])
            if deleted:
                r["deleted"] = r["id"] in gone
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(_line(r) + ("  DELETED" if r["id"] in gone else ""))
    if not rows:
        click.echo("no events", err=True)


@events.command("show")
@click.argument("event_id", type=int)
@store_option
@click.option("--json", "as_json", is_flag=True)
def show_cmd(event_id: int, store_path, as_json: bool) -> None:
    """Everything about one event: place, dates, actors, sources, evidence, corrections."""
    store = open_store(store_path)
    with store:
        try:
            e = store.event(event_id)
        except GeomapError as exc:
            raise click.ClickException(str(exc)) from exc
    e["sources"] = json.loads(e["sources"])
    e["quantities"] = json.loads(e["quantities"])
    if as_json:
        click.echo(json.dumps(e, ensure_ascii=False, indent=2))
        return
    click.echo(_line(e) + ("  DELETED" if e["deleted"] else ""))
    if e["lat"] is not None:
        click.echo(
            f"  place:     {e['place_id']}  {e['lat']:.5f},{e['lon']:.5f}  "
            f"precision {e['geo_precision']}  (text: {e['location_text']!r})"
        )
    click.echo(
        f"  date:      {e['date']}{' .. ' + e['date_end'] if e['date_end'] else ''}"
        f"  precision {e['time_precision']}"
    )
    click.echo(f"  modality:  {e['modality']}  confidence {e['confidence']:.2f}")
    for q in e["quantities"]:
        click.echo(f"  quantity:  {q['value']:g} {q.get('unit') or ''} {q.get('what') or ''}")
    for s in e["sources"]:
        click.echo(f"  source:    {s['title'] or s['article_id']}  {s['url'] or ''}")
    for ev in e["evidence_by_source"]:
        click.echo(f"  evidence:  [{ev['article_id']}] {ev['evidence']}")
    for c in e["corrections"]:
        click.echo(
            f"  corrected: {c['field']} {c['old_value']} -> {c['new_value']} ({c['created_at']})"
        )


def _place_for(name: str, country: str | None, store) -> Any:
    """The gazetteer's best place for NAME, else a place of that name already in the store."""
    from gazetteer import Gazetteer

    found = Gazetteer.load().lookup(name, country=country, limit=1)
    if found:
        return found[0].place
    row = store.con.execute(
        "SELECT id FROM places WHERE name = ? COLLATE NOCASE LIMIT 1", (name,)
    ).fetchone()
    if row is not None:
        return store.place(row[0])
    where = f" in {country.upper()}" if country else ""
    raise click.ClickException(
        f"{name}: no such place{where} in the gazetteer or the store; "
        "give --latlon LAT LON, or add it with `geomap places add`"
    )


def latlon_place(lat: float, lon: float, name: str) -> Any:
    from gazetteer.place import Place

    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise click.BadParameter(f"{lat} {lon} is not a latitude/longitude", param_hint="--latlon")
    return Place(
        id=f"user:fix:{lat:.6f},{lon:.6f}",
        name=name,
        lat=lat,
        lon=lon,
        feature_class="S",
        feature_code="",
        source="user",
        precision="point",
    )


def parse_date(value: str) -> tuple[Any, str]:
    """YYYY-MM-DD, YYYY-MM or YYYY -> (first day, time precision)."""
    from datetime import date

    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date.fromisoformat(value), "day"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), "year"
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r}: use YYYY-MM-DD, YYYY-MM or YYYY", param_hint="--date")


@events.command("fix")
@click.argument("event_id", type=int)
@store_option
@click.option("--place", "place_name", metavar="NAME", help="The right place, by name.")
@click.option("--country", metavar="CC", help="With --place: look only in this country.")
@click.option("--latlon", nargs=2, type=float, metavar="LAT LON", help="The right coordinates.")
@click.option("--type", "type_", metavar="TYPE", help="The right type, or type/subtype.")
@click.option("--date", "date_", metavar="DATE", help="The right date: YYYY-MM-DD, YYYY-MM, YYYY.")
@click.option("--json", "as_json", is_flag=True)
def fix_cmd(event_id, store_path, place_name, country, latlon, type_, date_, as_json) -> None:
    """Correct an event. A corrected place is remembered for the event's place name: later
    articles that name it get the corrected place. Corrected fields are kept when later
    articles report the same event.

    \b
    Examples:
      geomap events fix 12 --place Sudzha --country RU
      geomap events fix 12 --latlon 51.19 35.27
      geomap events fix 12 --type attack/shelling --date 2024-11
    """
    if not (place_name or latlon or type_ or date_):
        raise click.UsageError("say what to fix: --place, --latlon, --type or --date")
    if place_name and latlon:
        raise click.UsageError("--place and --latlon exclude each other")
    store = open_store(store_path)
    with store:
        try:
            cur = store.event(event_id)
            place = None
            if place_name:
                place = _place_for(place_name, country, store)
            elif latlon:
                label = cur["location_text"] or cur["place_name"] or f"{latlon[0]},{latlon[1]}"
                place = latlon_place(latlon[0], latlon[1], label)
            day, prec = parse_date(date_) if date_ else (None, None)
            e = store.fix_event(event_id, place=place, type=type_, date=day, time_precision=prec)
        except GeomapError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        e["sources"] = json.loads(e["sources"])
        e["quantities"] = json.loads(e["quantities"])
        click.echo(json.dumps(e, ensure_ascii=False, indent=2))
    else:
        click.echo("fixed: " + _line(e))


@events.command("delete")
@click.argument("event_ids", type=int, nargs=-1, required=True)
@store_option
def delete_cmd(event_ids, store_path) -> None:
    """Delete events (and their routes). Re-adding the articles does not bring them back.

    \b
    Example:
      geomap events delete 13 14
    """
    store = open_store(store_path)
    with store:
        for eid in event_ids:
            try:
                store.delete_event(eid)
            except GeomapError as exc:
                raise click.ClickException(str(exc)) from exc
            click.echo(f"deleted event {eid}")


COMMANDS = [events]
