"""`geomap gazetteer info|build`: what the offline gazetteer holds, and (re)building it."""

from __future__ import annotations

import json
from typing import Any

import click


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _print_info(info: dict[str, Any]) -> None:
    click.echo(f"index:     {info['path']} ({info['kind']}, format {info['format']})")
    click.echo(f"built:     {info['built_at']} in {info['build_seconds']} s")
    click.echo(f"size:      {_size(info['size_bytes'])} on disk; {info['places']:,} places, "
               f"{info['names']:,} distinct names")
    click.echo("places:    " + ", ".join(f"{k} {v:,}" for k, v in info["counts"].items()))
    click.echo(f"user db:   {info['user_places_db']}")
    click.echo("sources:")
    for k, v in info["sources"].items():
        click.echo(f"  {k}: {v}")


@click.group("gazetteer")
def gazetteer() -> None:
    """The offline gazetteer: GeoNames places, CLDR names, regions, your places.

    \b
    Examples:
      geomap gazetteer info                       # counts by kind, sources, size, built when
      geomap gazetteer build                      # rebuild from the pip-installed data
      geomap gazetteer build --geonames allCountries.zip --geonames alternateNamesV2.zip \\
          --geonames admin1CodesASCII.txt --geonames countryInfo.txt
      geomap gazetteer build --geonames https://download.geonames.org/export/dump/cities500.zip
    """


@gazetteer.command("info")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def info(as_json: bool) -> None:
    """What the index holds: counts by kind, sources, size on disk, when it was built."""
    from gazetteer import Gazetteer

    data = Gazetteer.load().info()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_info(data)


class _RichProgress:
    """gazetteer.geonames_dump.Progress drawn with rich on stderr."""

    def __init__(self, progress: Any) -> None:
        self.p = progress
        self.task: Any = None
        self.stages: Any = None  # the bundled build reports stages, not bytes

    def start(self, description: str, total: int | None) -> None:
        if self.task is not None:
            self.p.update(self.task, completed=self.p.tasks[-1].total or 0)
        self.task = self.p.add_task(description, total=total)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.p.advance(self.task, n)

    def log(self, message: str) -> None:
        self.p.console.print(f"[dim]{message}[/dim]", highlight=False)
        if self.stages is not None:
            self.p.advance(self.stages, 1)


@gazetteer.command("build")
@click.option("--geonames", "geonames", multiple=True, metavar="PATH_OR_URL",
              help="A GeoNames dump file or folder (allCountries/citiesN/XX, alternateNamesV2, "
                   "admin1CodesASCII, countryInfo; .zip or .txt; path or http(s) URL). Repeat.")
@click.option("--min-population", default=0, show_default=True, type=click.IntRange(0),
              help="With --geonames: skip populated places smaller than this.")
@click.option("--json", "as_json", is_flag=True, help="Print the index info as JSON.")
def build_cmd(geonames: tuple[str, ...], min_population: int, as_json: bool) -> None:
    """Build the index: from the pip-installed data, or from full GeoNames dumps.

    Without --geonames this rebuilds the bundled index (cities500, countries, continents,
    first-level regions, CLDR names) and makes it the one in use. With --geonames the dump
    files are streamed line by line into a new index that becomes the one in use; a malformed
    file stops with file:line and leaves the current index untouched.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from gazetteer import Gazetteer, build
    from gazetteer.geonames_dump import DumpError, build_from_dumps

    class Amount(DownloadColumn):
        """Bytes for file tasks, n/total for the bundled build's stages."""

        def render(self, task: Any) -> Any:
            if task.fields.get("stages"):
                return MofNCompleteColumn().render(task)
            return super().render(task)

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), Amount(),
                  TimeRemainingColumn(), console=console, transient=False) as bar:
        rp = _RichProgress(bar)
        try:
            if geonames:
                build_from_dumps(list(geonames), rp, min_population=min_population)
            else:
                build.write_active(None)
                rp.stages = bar.add_task("building the bundled index", total=7, stages=True)
                target = build.bundled_dir()
                with build.build_lock(target.parent):
                    build.build_bundled_in_subprocess(target, log=rp.log)
        except DumpError as e:
            raise click.ClickException(f"{e} (the current index is unchanged)") from e
        except RuntimeError as e:  # the bundled build failed in its child process
            raise click.ClickException(str(e)) from e
    Gazetteer.reset()
    data = Gazetteer.load().info()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_info(data)


COMMANDS = [gazetteer]
