"""`geomap add`: read articles, extract their events and routes, store them (deduplicated)."""

from __future__ import annotations

import json

import click

from geo.commands._store_cli import open_store, store_option


@click.command("add")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|- ...")
@store_option
@click.option("--lang", help="Language of the articles (ISO 639-1), when not detected.")
@click.option("--published", metavar="DATE", help="Publication date for articles without one.")
@click.option("--title", help="Title (for a single article).")
@click.option("--url", help="URL the article came from (for a single file or stdin).")
@click.option("--offline", is_flag=True, help="Never ask the online geocoder; gazetteer only.")
@click.option("--again", is_flag=True,
              help="Extract articles already stored again (e.g. after upgrading geomap); "
                   "corrections and deletions hold.")  # fmt: skip
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per URL fetch.")
@click.option("--max-bytes", default=5_000_000, show_default=True, help="Size cap per URL.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def add_cmd(
    inputs, store_path, lang, published, title, url, offline, again, timeout, max_bytes, as_json
) -> None:
    """Add articles to the event store: files, folders, globs, URLs or - for standard input.

    Each article is stored in one transaction; the same article content is never added twice,
    and the same real-world event reported by several articles becomes one event with several
    sources. A bad article is reported and skipped; the exit status is 1 if any failed.

    \b
    JSON lines (files *.jsonl / *.ndjson, or on stdin) hold one article per line:
      {"id": "...", "text": "...", "url": "...", "title": "...", "published": "2024-10-28",
       "lang": "id"}

    \b
    Examples:
      geomap add article.txt
      geomap add articles/ 'news/**/*.html' https://example.org/story.html
      cat feed.jsonl | geomap add - --json
      geomap add kursk.txt --lang id --published 2024-10-28 --store war.sqlite
      geomap add articles/ --again        # extract stored articles again; fixes hold
    """
    from geo.ingest import add, expand

    store = open_store(store_path)
    try:
        items = expand(
            inputs,
            lang=lang,
            published=published,
            title=title,
            url=url,
            timeout=timeout,
            max_bytes=max_bytes,
        )
        summary = _run(store, items, offline, quiet=as_json, add=add, again=again)
    finally:
        store.close()
    if as_json:
        click.echo(
            json.dumps({"store": store.path, **summary.to_dict()}, ensure_ascii=False, indent=2)
        )
    else:
        _print_summary(store.path, summary)
    if summary.errors:
        raise SystemExit(1)


def _run(store, items, offline: bool, *, quiet: bool, add, again: bool = False):
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[src]}", style="dim"),
        console=console,
        transient=True,
        disable=len(items) < 2 or not console.is_terminal,
    ) as bar:
        task = bar.add_task("add", total=len(items), src="")

        def progress(item, result, err) -> None:
            if err and not quiet:
                console.print(f"[red]error[/red] {escape(err)}", highlight=False, soft_wrap=True)
            bar.update(task, advance=1, src=item.source[-60:])

        return add(store, [], items=items, offline=offline, progress=progress, again=again)


def _print_summary(path: str, s) -> None:
    click.echo(
        f"{s.articles} article(s) added, {s.skipped} already stored, {len(s.errors)} failed"
        + (f", {s.reread} read again" if s.reread else "")
        + "\n"
        f"{s.events} new event(s), {s.events_merged} merged into known ones\n"
        f"{s.routes} new route(s), {s.routes_merged} merged\n"
        f"{s.unresolved} unresolved place mention(s)"
        + (f": {', '.join(s.unresolved_names[:10])}" if s.unresolved_names else "")
        + ("..." if len(s.unresolved_names) > 10 else "")
        + f"\nstore: {path}"
    )


COMMANDS = [add_cmd]
