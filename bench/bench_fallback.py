"""Geocoder fallback figures: what a cached answer costs next to a request.

Run: python bench/bench_fallback.py [--runs 5] [--names 200]

All requests go to a loopback Nominatim-speaking server (tests/_fallback_helpers.py, answers
from GeoNames data) with pacing turned off (min_delay 0), so the request figure is the
client-side cost of geopy + HTTP + parsing + the SQLite write, not a real network's. The
baseline in the same process is that uncached request; the ratio says how much the cache saves
before any network latency or the 1 request/s Nominatim policy is counted.
Writes bench/results/fallback.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "fallback.json"
sys.path.insert(0, str(ROOT / "tests"))

from _fallback_helpers import NominatimServer, city_names, loopback_config  # noqa: E402

from gazetteer.fallback import Fallback  # noqa: E402


def per_call_us(fb: Fallback, names: list[str], **kw: object) -> float:
    t = time.perf_counter()
    for n in names:
        fb.geocode(n, **kw)
    return (time.perf_counter() - t) / len(names) * 1e6


def one_run(names: list[str], srv: NominatimServer) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "places.sqlite")
        fb = Fallback(loopback_config(srv.domain, min_delay_seconds=0.0), db_path=db)
        n0 = len(srv.log)
        request = per_call_us(fb, names)
        assert len(srv.log) - n0 == len(names), "every name should have gone out once"
        hit = per_call_us(fb, names * 10)
        assert len(srv.log) - n0 == len(names), "cache hits must not make requests"
        off = Fallback(loopback_config(srv.domain, offline=True), db_path=db)
        offline_hit = per_call_us(off, names * 10)
        offline_miss = per_call_us(off, [f"{n} x" for n in names])
        fb.close()
        off.close()
    return {
        "request_us": request,
        "cache_hit_us": hit,
        "offline_hit_us": offline_hit,
        "offline_miss_us": offline_miss,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--names", type=int, default=200)
    args = ap.parse_args()
    names = city_names("ID", args.names)
    runs = []
    with NominatimServer() as srv:
        one_run(names[:10], srv)  # warm-up: imports, first connection
        for _ in range(args.runs):
            runs.append(one_run(names, srv))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    out = {
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "runs": args.runs,
        "names": len(names),
        "median_us": {k: round(v, 1) for k, v in med.items()},
        "ratio_request_over_cache_hit": round(med["request_us"] / med["cache_hit_us"], 1),
        "all_runs_us": [{k: round(v, 1) for k, v in r.items()} for r in runs],
        "note": "loopback server, pacing off; a real Nominatim adds network time and >= 1 s "
        "between requests",
    }
    print(f"{len(names)} names, median of {args.runs} runs (per call):")
    for k, v in med.items():
        print(f"  {k:<18} {v:10.1f} us")
    print(f"  request / cache hit = {out['ratio_request_over_cache_hit']}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
