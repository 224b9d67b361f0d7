"""`geomap geocode` (ask the geocoder fallback by hand) and `geomap config show`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

#: Flags that map 1:1 onto GeocoderConfig fields (flag > env var > geomap.toml > default).
_FLAG_FIELDS = {
    "provider": (str, "geopy service name (nominatim, photon, opencage, ...)."),
    "domain": (str, "Service host[:port], e.g. a self-hosted Nominatim."),
    "scheme": (click.Choice(["https", "http"]), "URL scheme."),
    "api_key": (str, "API key for services that need one."),
    "user_agent": (str, "Your application's user agent (required), e.g. 'newsdesk/1.0 (me@x)'."),
    "timeout": (float, "Seconds to wait for one reply."),
    "min_delay_seconds": (float, "Seconds between two requests (Nominatim: at least 1)."),
    "max_retries": (int, "Retries after 429/5xx/timeouts/refused connections."),
}


def geocoder_options(f: Callable) -> Callable:
    """The --config/--provider/--domain/... flags, for any command that builds a Fallback."""
    for name, (typ, help_) in reversed(_FLAG_FIELDS.items()):
        flag = "--" + name.replace("_", "-").replace("-seconds", "")
        f = click.option(flag, name, type=typ, default=None, help=help_)(f)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="geomap.toml to read (default: ./geomap.toml, then the user config folder).",
    )(f)


def config_from_flags(config_path: str | None, **flags: Any) -> Any:
    """GeocoderConfig from file < env < flags; a bad setting becomes a one-line CLI error."""
    from gazetteer.config import ConfigError, load_config

    try:
        return load_config(config_path, **flags)
    except ConfigError as e:
        raise click.ClickException(str(e)) from None


def open_fallback(cfg: Any) -> Any:
    """A Fallback, or a one-line CLI error when the places file cannot hold answers."""
    from gazetteer.fallback import Fallback
    from gazetteer.geocache import GeoCacheError

    try:
        return Fallback(cfg)
    except GeoCacheError as e:
        raise click.ClickException(str(e)) from None


def _read_names(names: tuple[str, ...]) -> list[str]:
    if names == ("-",):
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise click.ClickException(f"<stdin>: not valid UTF-8 text ({e})") from None
        return [line.strip() for line in text.splitlines() if line.strip()]
    return list(names)


@click.command("geocode")
@click.argument("names", nargs=-1, required=True)
@click.option("--lang", default=None, help="Language of the answer names (e.g. id, en).")
@click.option("--country", default=None, help="Preferred countries, e.g. 'id' or 'id,ru'.")
@click.option("--offline", is_flag=True, default=None, help="Cache only: no request at all.")
@click.option("--retry-errors", is_flag=True, help="Ask again for names whose last try failed.")
@click.option("--forget", is_flag=True, help="Drop the kept answers for NAMES (no request).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per name (JSON lines).")
@geocoder_options
def geocode_cmd(
    names: tuple[str, ...],
    lang: str | None,
    country: str | None,
    offline: bool | None,
    retry_errors: bool,
    forget: bool,
    as_json: bool,
    config_path: str | None,
    **flags: Any,
) -> None:
    """Look NAMES up with the geocoder fallback (cached; polite; never twice the same name).

    Answers are kept in the local places store, so a second call costs no request and works
    with --offline. NAME "-" reads names from stdin, one per line. Exit status 1 when some
    name got no answer (network fault, refused configuration, offline and not cached).

    \b
    Examples:
      geomap geocode Sudzha --user-agent "newsdesk/1.0 (me@example.org)"
      geomap geocode "Pelabuhan Najin" --lang id --country kp --json
      geomap geocode Kursk --offline             # from the cache only
      geomap geocode Kursk --forget              # a wrong answer: ask again next time
      cut -f1 names.tsv | geomap geocode - --json > answers.jsonl
    """
    cfg = config_from_flags(config_path, offline=offline, **flags)
    items = _read_names(names)
    if not items:
        raise click.ClickException("no names given")
    if forget:
        with open_fallback(cfg) as fb:
            for name in items:
                n = fb.forget(name)
                if as_json:
                    click.echo(json.dumps({"query": name, "forgotten": n}, ensure_ascii=False))
                else:
                    click.echo(f"forgot {n} kept answer(s) for {name}")
        return
    unanswered = 0
    with open_fallback(cfg) as fb, _progress(len(items), as_json) as advance:
        for name in items:
            r = fb.geocode(name, lang=lang, country_bias=country, retry_errors=retry_errors)
            unanswered += not r.answered
            advance()
            if as_json:
                click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
            else:
                click.echo(_line(name, r))
    if unanswered:
        sys.exit(1)


def _line(name: str, r: Any) -> str:
    src = " (cache)" if r.cached else ""
    if r.place is None:
        return f"{r.status:<12} {name}: {r.reason or ''}{src}"
    p = r.place
    return (
        f"{r.status:<12} {name} -> {p.name} {p.lat:.5f},{p.lon:.5f} {p.country_code or '--'} "
        f"{p.precision} {p.id}{src}"
    )


class _progress:
    """A rich progress bar on stderr for long lists (silent for a handful or with --json)."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.quiet, self.bar = total, quiet or total < 5, None

    def __enter__(self) -> Callable[[], None]:
        if self.quiet:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("geocoding", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.group("config")
def config_group() -> None:
    """Show the settings in force (geomap.toml < GEOMAP_GEOCODER_* env vars < flags)."""


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True)
@geocoder_options
def config_show(as_json: bool, config_path: str | None, **flags: Any) -> None:
    """Print the geocoder settings in force, where each came from, and whether the geocoder
    is ready to go online (e.g. a missing user agent is reported with how to set one).

    \b
    Examples:
      geomap config show
      geomap config show --json --config ./geomap.toml
      GEOMAP_GEOCODER_PROVIDER=photon geomap config show
    """
    from gazetteer.config import config_search_paths, find_config_file

    cfg = config_from_flags(config_path, **flags)
    with open_fallback(cfg) as fb:
        problem = fb.problem()
        info = {
            "geocoder": cfg.to_dict(),
            "sources": {k: v for k, v in sorted(cfg.sources.items())},
            "config_file": str(config_path or find_config_file() or ""),
            "searched": [str(p) for p in config_search_paths()],
            "cache": {"path": str(fb.cache.path), "rows": fb.cache.counts()},
            "ready": problem is None,
            "problem": problem,
        }
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return
    searched = ", ".join(info["searched"])
    click.echo(f"config file: {info['config_file'] or f'(none; searched {searched})'}")
    for k, v in info["geocoder"].items():
        click.echo(f"  {k:<24} {v!s:<32} [{info['sources'].get(k, 'derived')}]")
    click.echo(f"cache: {info['cache']['path']} {info['cache']['rows']}")
    click.echo("ready: yes" if problem is None else f"ready: NO - {problem}")


COMMANDS = [geocode_cmd, config_group]
