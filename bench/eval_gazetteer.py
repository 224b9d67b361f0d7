"""How well the gazetteer's ranking alone resolves gold place names (no context at all).

For each gold toponym with coordinates in ../shared/benchmarks (LGL: English US local news;
INA-Geoparser dev: Indonesian news), look its phrase up and measure the top candidate against the
gold point: coverage (share with any candidate), Acc@161 (within 161 km, over all gold toponyms
and over those covered), AUC of the error curve, median error, and recall@10 (some candidate of
the top 10 within 161 km: the ceiling for a context-aware geoparser). Comparable to the published
"population-only baseline" (gold spans given): LGL Acc@161 0.70, AUC 0.27 (Gritta et al. 2018).

Distances penalise our representative points: a country is its capital, a region its biggest
city, while LGL's gold points are GeoNames centroids (Russia: 60N 100E). So LGL also gets
"same place" accuracy: the top candidate is the gold GeoNames feature (same geonameid), or for
a gold first-level region, the region of that name in the gold country.

Run: python bench/eval_gazetteer.py   (writes bench/results/gazetteer-eval.json)
"""

from __future__ import annotations

import json
import math
import re
import statistics
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
RESULTS = ROOT / "bench" / "results" / "gazetteer-eval.json"
MAX_KM = 20039.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


Gold = tuple[str, float, float, dict]


def lgl(path: Path) -> list[Gold]:
    out = []
    for t in ET.parse(path).getroot().iter("toponym"):
        g = t.find("gaztag")
        phrase = t.findtext("phrase")
        if g is None or phrase is None or g.findtext("lat") is None:
            continue
        country = g.find("country")
        info = {"geonameid": int(g.get("geonameid") or 0), "fcode": g.findtext("fcode") or "",
                "name": g.findtext("name") or "",
                "country_gid": int(country.get("geonameid") or 0) if country is not None else 0}
        out.append((phrase, float(g.findtext("lat")), float(g.findtext("lon")), info))
    return out


def same_place(gz, place, info: dict) -> bool:
    from gazetteer import normalize

    if place.geonameid and place.geonameid == info["geonameid"]:
        return True
    if info["fcode"] == "ADM1" and place.precision == "admin1" and place.country_code:
        country = gz.country(place.country_code)
        return (country is not None and country.geonameid == info["country_gid"]
                and normalize(place.name) == normalize(info["name"]))
    return False


_COORD = re.compile(r"\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)")


def ina(path: Path) -> list[Gold]:
    """word/POS/NER/ROLE[/(lat, lon)/flag] lines; B-(P)LOC carries the point, I- continues."""
    out: list[Gold] = []
    cur: list | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("/")
        ner = parts[2] if len(parts) > 2 else ""
        if ner.startswith("I-") and ner.endswith("LOC") and cur is not None:
            cur[0].append(parts[0])
            continue
        if cur is not None:
            out.append((" ".join(cur[0]), cur[1], cur[2], {}))
            cur = None
        if ner.startswith("B-") and ner.endswith("LOC"):
            m = _COORD.search(line)
            if m:
                cur = [[parts[0]], float(m.group(1)), float(m.group(2))]
    if cur is not None:
        out.append((" ".join(cur[0]), cur[1], cur[2], {}))
    return out


def evaluate(gold: list[Gold]) -> dict:
    from gazetteer import Gazetteer

    gz = Gazetteer.load()
    errors, covered_err, within, recall10, same, has_ids = [], [], 0, 0, 0, 0
    for phrase, lat, lon, info in gold:
        cands = gz.lookup(phrase, limit=10)
        has_ids += bool(info)
        if not cands:
            errors.append(MAX_KM)
            continue
        e = km(lat, lon, cands[0].place.lat, cands[0].place.lon)
        errors.append(e)
        covered_err.append(e)
        within += e <= 161
        recall10 += any(km(lat, lon, c.place.lat, c.place.lon) <= 161 for c in cands)
        same += bool(info) and same_place(gz, cands[0].place, info)
    n, covered = len(gold), len(covered_err)
    out = {
        "toponyms": n,
        "coverage": round(covered / n, 3),
        "acc161_all": round(within / n, 3),
        "acc161_covered": round(within / covered, 3) if covered else None,
        "auc_all": round(sum(math.log(e + 1) / math.log(MAX_KM) for e in errors) / n, 3),
        "auc_covered": round(sum(math.log(e + 1) / math.log(MAX_KM) for e in covered_err)
                             / covered, 3) if covered else None,
        "median_km_covered": round(statistics.median(covered_err), 1) if covered else None,
        "recall10_161_all": round(recall10 / n, 3),
    }
    if has_ids:
        out["same_place_all"] = round(same / n, 3)
        out["same_place_covered"] = round(same / covered, 3) if covered else None
    return out


def main() -> None:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent (a fresh clone): nothing to evaluate")
        sys.exit(0)
    res = {}
    for name, path, reader in [("lgl", SHARED / "lgl.xml", lgl),
                               ("ina_dev", SHARED / "ina-geoparser-dev.txt", ina)]:
        if not path.is_file():
            continue
        r = evaluate(reader(path))
        res[name] = r
        print(f"{name:8} {r['toponyms']:5} gold toponyms: coverage {r['coverage']:.2f}; "
              f"Acc@161 {r['acc161_all']:.2f} (covered: {r['acc161_covered']:.2f}); "
              f"AUC {r['auc_all']:.2f} (covered: {r['auc_covered']:.2f}); median error "
              f"{r['median_km_covered']} km; recall@10 within 161 km {r['recall10_161_all']:.2f}"
              + (f"; same place {r['same_place_all']:.2f} (covered: "
                 f"{r['same_place_covered']:.2f})" if "same_place_all" in r else ""))
    RESULTS.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
