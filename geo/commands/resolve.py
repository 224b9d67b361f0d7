"""`geomap resolve`: the place mentions left unresolved, and asking the geocoder again."""

from __future__ import annotations

import json

import click

from geo.commands._store_cli import open_store, store_option


@click.command("resolve")
@store_option
@click.option(
    "--retry",
    is_flag=True,
    help="Ask the geocoder again for mentions that failed with a network error.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every unresolved mention, not only the ones that failed for a network reason.",
)
@click.option("--json", "as_json", is_flag=True)
def resolve_cmd(store_path, retry: bool, show_all: bool, as_json: bool) -> None:
    """Unresolved place mentions in the store; --retry asks the geocoder fallback again for
    those whose look-up failed for a network reason (timeout, 5xx, 429, offline, breaker).

    \b
    Examples:
      geomap resolve                 # what is waiting for a retry, and why
      geomap resolve --all --json    # every unresolved mention with its reason
      geomap resolve --retry         # ask again; found places locate their events
    """
    store = open_store(store_path)
    with store:
        if not retry:
            rows = store.unresolved_mentions(retryable_only=not show_all)
            if as_json:
                click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    flag = "retry" if r["retryable"] else "     "
                    click.echo(f"{r['pk']:>7} {flag}  {r['text']:<30} {r['reason'] or ''}")
                click.echo(f"{len(rows)} unresolved mention(s)", err=True)
            return
        from gazetteer.fallback import Fallback
        from geo.errors import GeomapError
        from geo.ingest import retry_unresolved

        try:
            fb = Fallback.from_config()
        except (GeomapError, ValueError) as exc:
            raise click.ClickException(f"geocoder configuration: {exc}") from exc
        problem = fb.problem()
        if problem:
            raise click.ClickException(problem)
        with fb:
            s = retry_unresolved(
                store,
                fb,
                progress=None if as_json else lambda n, st: click.echo(f"{st:<12} {n}", err=True),
            )
    if as_json:
        click.echo(json.dumps(s.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"{s.tried} mention(s) retried: {s.found} found, {s.not_found} not found, "
            f"{s.still_failing} still failing; {s.events_located} event(s) located; "
            f"{s.articles_reread} article(s) read again: {s.events_added} new event(s), "
            f"{s.routes_added} new route(s)"
        )
        for e in s.errors:
            click.echo(f"error {e['error']}", err=True)
    if s.errors:
        raise SystemExit(1)


COMMANDS = [resolve_cmd]
