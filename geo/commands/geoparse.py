"""`geomap geoparse`: place names found and resolved, as JSON (geo/geoparse_batch.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from geo.errors import GeomapError


def _fallback(offline: bool) -> Any:
    """The geocoder fallback per configuration; with --offline, its cache only."""
    try:
        from gazetteer.fallback import Fallback

        return Fallback.from_config(offline=True) if offline else Fallback.from_config()
    except (ImportError, GeomapError, ValueError, TypeError, OSError) as exc:
        click.echo(f"geomap geoparse: geocoder fallback unavailable ({exc}); gazetteer only",
                   err=True)
        return None


def _read(path: str, max_bytes: int) -> tuple[bytes, bool]:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    return data[:max_bytes], len(data) > max_bytes


@click.command("geoparse")
@click.argument("files", nargs=-1, metavar="[FILE ...|-]")
@click.option("--lang", help="Language (ISO 639-1: id, en, ...); detected per document if omitted.")
@click.option("--jsonl", is_flag=True,
              help='Input is JSON lines {"id", "text", "lang"?}; one output line per line.')
@click.option("--offline", is_flag=True,
              help="Gazetteer (and geocoder cache) only; never ask the online geocoder.")
def geoparse_cmd(files: tuple[str, ...], lang: str | None, jsonl: bool, offline: bool) -> None:
    """Find and resolve the place names of text documents; print one JSON line per document:
    {"id", "lang", "toponyms": [{"start", "end", "text", "name", "lat", "lon", "geonameid",
    "feature_code", "country_code", "admin1", "precision", "score", "source"}]}.

    start/end are character offsets into the text; an unresolved name has lat/lon null and a
    "reason". Without FILE (or with -) the text is read from standard input. A bad document
    (empty, binary, not UTF-8) is reported on stderr, the others are still processed, and the
    exit status is 1. Texts over 1,000,000 characters are cut (with a warning).

    \b
    Examples:
      geomap geoparse article.txt
      geomap geoparse a.txt b.txt --lang id --offline
      echo "Floods hit Jakarta and Bandung." | geomap geoparse - --lang en
      geomap geoparse --jsonl docs.jsonl > places.jsonl
    """
    from geo.geoparse_batch import MAX_BYTES, parse_bytes, parse_jsonl

    try:
        from geo.geoparse import parser_for

        gz = parser_for().gz
    except (GeomapError, OSError) as exc:
        raise click.ClickException(f"cannot load the gazetteer: {exc}") from exc
    fb = _fallback(offline)
    sources = list(files) or ["-"]
    failed = 0
    results: Any
    for src in sources:
        name = "<stdin>" if src == "-" else src
        if src != "-" and not Path(src).is_file():
            click.echo(f"geomap geoparse: {src}: no such file", err=True)
            failed += 1
            continue
        if jsonl:
            stream = sys.stdin.buffer if src == "-" else open(src, "rb")  # noqa: SIM115
            try:
                results = parse_jsonl(stream, name, lang, gazetteer=gz, fallback=fb)
                failed += _emit(results, jsonl=True)
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
            continue
        try:
            data, truncated = _read(src, MAX_BYTES)
        except OSError as exc:
            click.echo(f"geomap geoparse: {name}: {exc.strerror or exc}", err=True)
            failed += 1
            continue
        failed += _emit([parse_bytes(name, data, lang, truncated=truncated, gazetteer=gz,
                                     fallback=fb)], jsonl=False)
    if failed:
        sys.exit(1)


def _emit(results: Any, jsonl: bool) -> int:
    failed = 0
    for r in results:
        for w in r.warnings:
            click.echo(f"geomap geoparse: warning: {w}", err=True)
        if r.ok:
            click.echo(json.dumps(r.output, ensure_ascii=False))
            continue
        failed += 1
        click.echo(f"geomap geoparse: {r.error}", err=True)
        if jsonl:  # keep one output line per input line
            click.echo(json.dumps({"id": r.id, "error": r.error}, ensure_ascii=False))
    return failed


COMMANDS = [geoparse_cmd]
