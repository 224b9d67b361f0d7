"""Map scale benchmark: file size and time to first render in headless Chromium.

Renders 1k / 10k / 100k fictional events (maps.synthetic) as offline pages with maps.render,
and, in the same process, folium's one-Marker-per-event page at 10k as the baseline (made
offline the same way, Leaflet inlined, so both load from file:// with no network).

Time to first render = from navigation start to the first animation frame after the markers
are drawn (geomap: the event layer's first draw; baseline: all marker elements in the DOM).
Prints medians of several page loads and the ratio to the baseline; writes
bench/results/map.json.

Run: python bench/bench_map.py [--runs 5] [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import base64
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from branca.element import Element  # noqa: E402

from maps import render  # noqa: E402
from maps.assets import _leaflet_dir, script_tag  # noqa: E402
from maps.render import _inline_leaflet  # noqa: E402
from maps.synthetic import events_gdf  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
FIRST_FRAME = "() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"


def baseline_map(gdf):
    """folium's usual way: one Marker (with popup and tooltip) per event."""
    import folium

    m = folium.Map(tiles=None)
    _inline_leaflet(m)
    # folium's popups call jQuery's $(html)[0]: a minimal stand-in (cheaper than jQuery, so the
    # baseline is if anything flattered); default marker images as data: URIs, no file lookups.
    icons = {k: "data:image/png;base64," + base64.b64encode(
        (_leaflet_dir() / "images" / f).read_bytes()).decode()
        for k, f in (("iconUrl", "marker-icon.png"), ("iconRetinaUrl", "marker-icon-2x.png"),
                     ("shadowUrl", "marker-shadow.png"))}
    shim = ("window.$ = function (h) { var t = document.createElement('template');"
            " t.innerHTML = h.trim(); return [t.content.firstChild]; };"
            f"L.Icon.Default.imagePath = ''; L.Icon.Default.mergeOptions({json.dumps(icons)});")
    m.get_root().header.add_child(Element(script_tag(shim)), name="baseline_shim")
    for row in gdf.itertuples():
        folium.Marker([row.lat, row.lon], popup=folium.Popup(row.evidence),
                      tooltip=row.place_name).add_to(m)
    return m


def load_ms(browser, path: Path, ready: str) -> float:
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    page = ctx.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    page.goto(path.as_uri(), timeout=120_000)
    page.wait_for_function(ready, timeout=120_000, polling=50)
    ms = page.evaluate(FIRST_FRAME)
    ctx.close()
    return ms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--baseline", type=int, default=10000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    results: dict = {
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "runs": args.runs, "sizes": [],
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in [int(s) for s in args.sizes.split(",")]:
            gdf = events_gdf(n, seed=1)
            t = time.perf_counter()
            m = render(gdf, offline=True)
            path = tmp / f"geomap-{n}.html"
            m.save(str(path))
            py_s = time.perf_counter() - t
            ms = [load_ms(browser, path, "window.geomap && geomap.ready") for _ in range(args.runs)]
            row = {"events": n, "mb": round(path.stat().st_size / 1e6, 2),
                   "python_render_s": round(py_s, 2), "first_render_ms": round(
                       statistics.median(ms)), "runs_ms": [round(x) for x in ms],
                   "compressed": m.geomap_stats["compressed"]}
            results["sizes"].append(row)
            print(f"geomap   {n:>7} events: {row['mb']:6.2f} MB, first render "
                  f"{row['first_render_ms']:6d} ms (median of {args.runs}), "
                  f"python render+save {py_s:.2f} s", flush=True)
        n = args.baseline
        gdf = events_gdf(n, seed=1)
        t = time.perf_counter()
        m = baseline_map(gdf)
        path = tmp / f"folium-{n}.html"
        m.save(str(path))
        py_s = time.perf_counter() - t
        ready = f"document.querySelectorAll('.leaflet-marker-icon').length >= {n}"
        ms = [load_ms(browser, path, ready) for _ in range(max(1, args.runs // 2 + 1))]
        base = {"events": n, "mb": round(path.stat().st_size / 1e6, 2),
                "python_render_s": round(py_s, 2),
                "first_render_ms": round(statistics.median(ms)), "runs_ms": [round(x) for x in ms]}
        results["baseline_folium_markers"] = base
        print(f"baseline {n:>7} events: {base['mb']:6.2f} MB, first render "
              f"{base['first_render_ms']:6d} ms (folium Marker per event), "
              f"python render+save {py_s:.2f} s")
        same = next((r for r in results["sizes"] if r["events"] == n), None)
        if same:
            results["ratio_at_baseline_size"] = {
                "size": round(base["mb"] / same["mb"], 1),
                "first_render": round(base["first_render_ms"] / same["first_render_ms"], 1),
            }
            print(f"at {n} events geomap is {results['ratio_at_baseline_size']['size']}x smaller"
                  f" and {results['ratio_at_baseline_size']['first_render']}x faster to first "
                  "render than the baseline")
        browser.close()
    out = ROOT / "bench" / "results" / "map.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
