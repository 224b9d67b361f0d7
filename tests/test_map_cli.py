"""`geomap map`: articles mapped through an in-memory store, the store mapped with filters,
bad inputs reported by name; the page checked in headless Chromium for the real articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import cli
from tests._map_helpers import Page, browser

__all__ = ["browser"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(*args: str):
    return CliRunner().invoke(cli, ["map", *args], catch_exceptions=False)


def test_articles_are_mapped_without_a_store(tmp_path):
    out = tmp_path / "m.html"
    res = _run(str(EXAMPLES / "dprk-troops-en.txt"), str(EXAMPLES / "tonga-id.txt"), "-o", str(out),
               "--offline", "--json", "--title", "Two articles")
    assert res.exit_code == 0, res.output
    r = json.loads(res.output)
    assert r["events"] > 0 and r["offline"] and r["errors"] == []
    html = out.read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html and "Two articles" in html
    assert r["bytes"] == out.stat().st_size


def _filled_store(tmp_path: Path) -> Path:
    """A store file with two example articles added (offline: the gazetteer only)."""
    from geo.ingest import add
    from geo.store import Store

    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        s = add(store, [str(EXAMPLES / "dprk-troops-en.txt"), str(EXAMPLES / "grain-en.txt")],
                offline=True)
    assert not s.errors
    return db


def test_store_is_mapped_with_filters(tmp_path):
    from geo.store import Store

    db = _filled_store(tmp_path)
    with Store(db) as store:
        all_n = len(store.events_gdf())
        dep_n = len(store.events_gdf(type="deployment"))
        routes_n = len(store.routes_gdf())
    assert all_n > dep_n > 0
    res = _run("--store", str(db), "-o", str(tmp_path / "all.html"), "--json")
    assert json.loads(res.output)["events"] == all_n
    assert json.loads(res.output)["routes"] == routes_n
    res = _run("--store", str(db), "-o", str(tmp_path / "d.html"), "--type", "deployment",
               "--json")
    assert json.loads(res.output)["events"] == dep_n


def test_make_map_takes_a_filters_and_or_the_keywords(tmp_path):
    """make_map selects as the store readers do: a Filters, the keywords, or keywords laid
    over a Filters; a misspelt keyword or a non-Filters is a TypeError before any work."""
    from geo.commands.map import make_map
    from geo.store import Filters, Store

    db = _filled_store(tmp_path)
    with Store(db) as store:
        all_n = len(store.events_gdf())
        dep = store.events_gdf(type="deployment")
        cc = sorted(dep["country_code"].dropna())[0]
        dep_cc = (len(store.events_gdf(type="deployment", country=cc)),
                  len(store.routes_gdf(type="deployment", country=cc)))
    assert all_n > len(dep) > dep_cc[0] > 0

    def drawn(**kw) -> tuple[int, int]:
        r = make_map(tmp_path / "m.html", store_path=str(db), offline=True, **kw)
        return r.events, r.routes

    flt = Filters(type="deployment", country=cc.lower())
    assert drawn(filters=flt) == dep_cc
    assert drawn(type="deployment", country=cc) == dep_cc
    assert drawn(filters=Filters(type="deployment"), country=cc) == dep_cc
    assert drawn(filters=flt, type=None, country=None)[0] == all_n  # keywords win
    with pytest.raises(TypeError):
        make_map(tmp_path / "x.html", store_path=str(db), countries="RU")
    with pytest.raises(TypeError):
        make_map(tmp_path / "x.html", store_path=str(db), filters={"type": "deployment"})
    assert not (tmp_path / "x.html").exists()


def test_bad_article_is_named_and_the_rest_is_mapped(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "m.html"
    res = CliRunner().invoke(cli, ["map", str(bad), str(EXAMPLES / "tonga-en.txt"), "-o",
                                   str(out), "--offline", "--json"])
    assert res.exit_code == 1
    r = json.loads(res.output.strip().splitlines()[-1])
    assert r["events"] > 0 and out.is_file()
    assert len(r["errors"]) == 1 and "bad.txt" in r["errors"][0]["source"]


def test_bad_date_and_unwritable_output_are_clear_errors(tmp_path):
    res = CliRunner().invoke(cli, ["map", "--store", str(tmp_path / "s.sqlite"),
                                   "--since", "yesterday"])
    assert res.exit_code == 2 and "--since" in res.output
    res = CliRunner().invoke(cli, ["map", "--store", str(tmp_path / "s.sqlite"),
                                   "--type", "deploy"])
    assert res.exit_code == 2 and "deployment" in res.output  # the valid types are listed
    res = CliRunner().invoke(cli, ["map", "--store", str(tmp_path / "s.sqlite"), "-o",
                                   str(tmp_path / "no" / "such" / "dir" / "m.html")])
    assert res.exit_code == 1
    assert "cannot write" in res.output and "Traceback" not in res.output


def test_empty_store_gives_a_world_map(tmp_path):
    res = _run("--store", str(tmp_path / "empty.sqlite"), "-o", str(tmp_path / "m.html"))
    assert res.exit_code == 0
    assert "0 event(s)" in res.output and (tmp_path / "m.html").is_file()


@pytest.mark.browser
def test_example_articles_map_works_offline_in_chromium(browser, tmp_path):
    out = tmp_path / "ex.html"
    res = _run(*(str(p) for p in sorted(EXAMPLES.glob("*-en.txt"))), "-o", str(out),
               "--offline", "--json")
    r = json.loads(res.output)
    page = Page(browser, out)
    try:
        assert page.errors() == [] and page.requests == []
        assert page.js("geomap.events.n") == r["events"]
        assert page.js("document.querySelectorAll('path.geomap-route').length") == r["routes"]
    finally:
        page.close()
