"""Evaluate the geoparser on LGL and INA-Geoparser (../shared/benchmarks) and on our own example
articles (examples/gold/toponyms, in the repository): recognition P/R/F1 (exact and overlapping
spans) and resolution Acc@161, AUC, mean/median error km, coverage, printed beside the published
numbers; a copy goes to bench/results/geoparse.json.

    python bench/eval_geoparse.py               # all three corpora, end to end
    python bench/eval_geoparse.py --gold-spans  # also resolution given the gold spans

Without ../shared the two shared corpora are skipped (with a message) and ours still runs. Our
gold names a gazetteer id, so it also gets "same place" (answer id == gold id).

Metric definitions follow ../shared/benchmarks/README.md (Gritta et al. 2018): Acc@161 and AUC
over gold toponyms that the system recognised (overlap) and resolved; coverage = share of gold
toponyms with a coordinate that got one.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_results  # noqa: E402
from geoparse_corpora import SHARED, Doc, Gold, read_examples, read_ina, read_lgl  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "geoparse.json"
EXAMPLES = "geomap examples (ours)"

PUBLISHED_LGL = {  # Gritta et al. 2018 / 2017, from ../shared/benchmarks/README.md
    "CamCoder": {"acc161": 0.76, "auc": 0.22},
    "Edinburgh Geoparser": {"p": 0.71, "r": 0.55, "f1": 0.62, "acc161": 0.76, "auc": 0.25},
    "Yahoo! Placemaker": {"p": 0.64, "r": 0.55, "f1": 0.59, "acc161": 0.72, "auc": 0.34},
    "CLAVIN": {"p": 0.81, "r": 0.44, "f1": 0.57, "acc161": 0.71, "auc": 0.26},
    "GeoTxt": {"p": 0.80, "r": 0.59, "f1": 0.68, "acc161": 0.68, "auc": 0.29},
    "Topocluster": {"p": 0.81, "r": 0.64, "f1": 0.71, "acc161": 0.63, "auc": 0.38},
    "population-only baseline": {"acc161": 0.70, "auc": 0.27},
    "Mordecai 3 (gold spans)": {"acc161": 0.827},
}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def auc(errors: list[float]) -> float:
    """Area under the sorted ln(error+1)/ln(20039) curve (Gritta et al.), lower is better."""
    if len(errors) < 2:
        return float("nan")
    ys = [math.log(e + 1) / math.log(20039) for e in sorted(errors)]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (len(ys) - 1)


def score(docs: list[Doc], predicted: list[list]) -> dict:
    n_pred = n_gold = exact = pred_ov = gold_ov = 0
    errors: list[float] = []
    kinds: dict[str, list[float]] = {"towns": [], "areas": []}
    same_area = [0, 0]  # gold is a country/admin1 and we answered an area: same name?
    gold_coords = 0
    same_place_far = 0
    for d, preds in zip(docs, predicted, strict=True):
        spans = {(t.start, t.end) for t in preds}
        n_pred += len(preds)
        n_gold += len(d.gold)
        gset = {(g.start, g.end) for g in d.gold}
        exact += len(spans & gset)
        pred_ov += sum(any(t.start < g.end and g.start < t.end for g in d.gold) for t in preds)
        for g in d.gold:
            ov = [t for t in preds if t.start < g.end and g.start < t.end]
            gold_ov += bool(ov)
            if g.lat is None:
                continue
            gold_coords += 1
            res = [t for t in ov if t.place is not None]
            if res:
                t = max(res, key=lambda t: min(t.end, g.end) - max(t.start, g.start))
                errors.append(haversine_km(t.place.lat, t.place.lon, g.lat, g.lon))
                if errors[-1] >= 161 and g.geonameid and t.place.geonameid == g.geonameid:
                    same_place_far += 1  # the right place, but our point for it is elsewhere
                area = t.place.precision in ("country", "admin1", "continent", "region")
                kinds["areas" if area else "towns"].append(errors[-1])
                if area and g.fcode and (g.fcode.startswith("PCL") or g.fcode == "ADM1"):
                    same_area[0] += 1
                    same_area[1] += (t.place.geonameid == g.geonameid if g.fcode != "ADM1"
                                     else t.place.name == g.name)

    # calibration: of the predictions scored in each band, the share that is a gold toponym
    # resolved within 161 km (predictions on gold without coordinates are left out)
    bands = [[0, 0] for _ in range(5)]
    for d, preds in zip(docs, predicted, strict=True):
        for t in preds:
            if t.place is None:
                continue
            ov = [g for g in d.gold if t.start < g.end and g.start < t.end]
            if ov and all(g.lat is None for g in ov):
                continue
            ok = any(g.lat is not None and haversine_km(t.place.lat, t.place.lon, g.lat, g.lon)
                     < 161 for g in ov)
            b = bands[min(4, int(t.score * 5))]
            b[0] += 1
            b[1] += ok

    def prf(tp_p: int, tp_g: int) -> dict:
        p = tp_p / n_pred if n_pred else 0.0
        r = tp_g / n_gold if n_gold else 0.0
        return {"p": round(p, 4), "r": round(r, 4),
                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}

    return {
        "docs": len(docs), "gold": n_gold, "predicted": n_pred,
        "exact": prf(exact, exact), "overlap": prf(pred_ov, gold_ov),
        "resolved": len(errors), "gold_with_coords": gold_coords,
        "acc161": round(sum(e < 161 for e in errors) / len(errors), 4) if errors else None,
        "auc": round(auc(errors), 4) if errors else None,
        "mean_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "coverage": round(len(errors) / gold_coords, 4) if gold_coords else None,
        # misses where the answer is the gold place itself (same GeoNames id) and only the
        # point differs: area centres (bundled countryinfo/trimmed-box centres vs GeoNames')
        "misses_same_place": same_place_far,
        # by what we answered: towns (points) or areas (countries, regions: answered at the
        # area's centre, see gazetteer/centre.py; the gold one is GeoNames' centre of the area)
        # when gold and answer are both a country or first-level region: the share where they
        # are the same area (countries by GeoNames id, regions by name), whatever the distance
        # between their points
        "areas_same_name": {"n": same_area[0], "share": round(same_area[1] / same_area[0], 4)
                            if same_area[0] else None},
        "calibration": {f"{i / 5:.1f}-{(i + 1) / 5:.1f}": {
            "n": n, "correct": round(ok / n, 3) if n else None}
            for i, (n, ok) in enumerate(bands)},
        "acc161_by_kind": {k: {"n": len(v), "acc161": round(sum(e < 161 for e in v) / len(v), 4)
                               if v else None} for k, v in kinds.items()},
    }


def predict(docs: list[Doc], gold_spans: bool = False) -> tuple[list[list], float]:
    """The geoparser's toponyms for each doc (on the gold spans if asked) and the seconds taken."""
    from geo.geoparse import parser_for

    gp = parser_for()
    t0 = time.perf_counter()
    if gold_spans:
        preds = [gp.parse_spans(d.text, [(g.start, g.end) for g in d.gold], d.lang) for d in docs]
    else:
        preds = [gp.parse(d.text, d.lang) for d in docs]
    return preds, time.perf_counter() - t0


def run(docs: list[Doc], gold_spans: bool = False) -> tuple[dict, float]:
    preds, secs = predict(docs, gold_spans)
    return score(docs, preds), secs


def _answer(g: Gold, preds: list):
    """The resolved prediction that overlaps gold ``g`` most (as score() picks it), or None."""
    res = [t for t in preds if t.place is not None and t.start < g.end and g.start < t.end]
    return max(res, key=lambda t: min(t.end, g.end) - max(t.start, g.start)) if res else None


def score_ids(docs: list[Doc], predicted: list[list]) -> dict:
    """For gold that names a gazetteer id: the share where the answer is that very place
    (of the resolved ones and of all); every miss and every span boundary miss listed."""
    n = resolved = same = 0
    misses: list[dict] = []
    spans: list[dict] = []
    for d, preds in zip(docs, predicted, strict=True):
        for g in d.gold:
            t = _answer(g, preds)
            ov = any(p.start < g.end and g.start < p.end for p in preds)
            if g.place_id is not None:
                n += 1
                resolved += t is not None
                same += t is not None and t.place.id == g.place_id
            if t is not None and t.place.id == g.place_id:
                continue
            if t is None and ov and g.place_id is None:
                continue  # recognised, and left unresolved as the gazetteer lacks it: right
            miss = {"doc": d.id, "text": g.text, "gold": g.place_id, "gold_name": g.name}
            if g.kind:
                miss["kind"] = g.kind
            if t is None:
                miss["got"] = "unresolved" if ov else "not recognised"
            else:
                miss["got"] = f"{t.place.id} {t.place.name} ({t.place.country_code})"
                if g.lat is not None:
                    miss["km"] = round(haversine_km(t.place.lat, t.place.lon, g.lat, g.lon))
            misses.append(miss)
        for t in preds:  # a span that overlaps gold without matching it: a boundary miss
            gs = [g for g in d.gold if t.start < g.end and g.start < t.end]
            if gs and all((g.start, g.end) != (t.start, t.end) for g in gs):
                spans.append({"doc": d.id, "gold": " | ".join(g.text for g in gs),
                              "predicted": t.text})
        for t in preds:  # predictions that overlap no gold span: false positives
            if not any(t.start < g.end and g.start < t.end for g in d.gold):
                misses.append({"doc": d.id, "text": t.text, "gold": None, "got": "extra: " + (
                    f"{t.place.id} {t.place.name}" if t.place else "unresolved")})
    return {"n": n, "resolved": resolved,
            "share_of_resolved": round(same / resolved, 4) if resolved else None,
            "share_of_gold": round(same / n, 4) if n else None, "misses": misses,
            "span_mismatches": spans}


def _without_demonyms(docs: list[Doc], predicted: list[list]) -> tuple[list[Doc], list[list]]:
    """The corpus as if demonyms ("Russian") were no toponyms: their gold spans and the
    predictions on them left out (LGL marks them; many annotation schemes do not)."""
    out_docs, out_preds = [], []
    for d, preds in zip(docs, predicted, strict=True):
        dem = [g for g in d.gold if g.kind == "demonym"]
        out_docs.append(Doc(d.id, d.text, d.lang, [g for g in d.gold if g.kind != "demonym"]))
        out_preds.append([t for t in preds
                          if not any(t.start < g.end and g.start < t.end for g in dem)])
    return out_docs, out_preds


def run_examples(docs: list[Doc], gold_spans: bool = False) -> tuple[dict, float]:
    """score() of our corpus plus same place, a split into the examples the geoparser was
    developed on and the held-out ones, and the figures without demonyms."""
    preds, secs = predict(docs, gold_spans)
    res = score(docs, preds)
    res["same_place"] = score_ids(docs, preds)
    if gold_spans:
        return res, secs
    res["by_split"] = {}
    for split, keep in (("examples", lambda d: "/heldout/" not in d.id),
                        ("heldout", lambda d: "/heldout/" in d.id)):
        pairs = [(d, p) for d, p in zip(docs, preds, strict=True) if keep(d)]
        sub_docs, sub_preds = [d for d, _ in pairs], [p for _, p in pairs]
        r = score(sub_docs, sub_preds)
        sp = score_ids(sub_docs, sub_preds)
        res["by_split"][split] = {
            "docs": r["docs"], "gold": r["gold"], "exact_f1": r["exact"]["f1"],
            "overlap_f1": r["overlap"]["f1"], "acc161": r["acc161"], "coverage": r["coverage"],
            "same_place": sp["share_of_resolved"], "same_place_of_gold": sp["share_of_gold"]}
    nd_docs, nd_preds = _without_demonyms(docs, preds)
    r = score(nd_docs, nd_preds)
    res["without_demonyms"] = {"gold": r["gold"], "exact": r["exact"], "overlap": r["overlap"],
                               "acc161": r["acc161"], "coverage": r["coverage"]}
    return res, secs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold-spans", action="store_true", help="also resolve given gold spans")
    ap.add_argument("--no-write", action="store_true", help="do not write bench/results")
    args = ap.parse_args(argv)
    out: dict = {"published_lgl": PUBLISHED_LGL, "corpora": {}}
    corpora = [("LGL", read_lgl, run), ("INA-Geoparser dev", read_ina, run),
               (EXAMPLES, read_examples, run_examples)]
    for name, reader, runner in corpora:
        if reader is not read_examples and not SHARED.is_dir():
            print(f"\n== {name}: skipped, {SHARED} is absent (a fresh clone)", file=sys.stderr)
            out.setdefault("skipped", []).append(name)
            continue
        docs = reader()
        res, secs = runner(docs)
        res["seconds"] = round(secs, 2)
        if args.gold_spans:
            res["gold_spans"], _ = runner(docs, gold_spans=True)
        out["corpora"][name] = res
        _print(name, res)
    print("\nPublished on LGL (Gritta et al. 2018; P/R/F1 = recognition):")
    for sysname, v in PUBLISHED_LGL.items():
        print(f"  {sysname:28s} " + "  ".join(f"{k}={x}" for k, x in v.items()))
    if not args.no_write:
        print()
        write_results(RESULTS, out)
    return 0


def _print(name: str, r: dict) -> None:
    e, o = r["exact"], r["overlap"]
    print(f"\n== {name}: {r['docs']} docs, {r['gold']} gold toponyms, {r['predicted']} predicted"
          f" ({r.get('seconds', 0)} s)")
    print(f"  recognition exact   P {e['p']:.3f}  R {e['r']:.3f}  F1 {e['f1']:.3f}")
    print(f"  recognition overlap P {o['p']:.3f}  R {o['r']:.3f}  F1 {o['f1']:.3f}")
    print(f"  resolution  Acc@161 {r['acc161']}  AUC {r['auc']}  mean {r['mean_km']} km"
          f"  median {r['median_km']} km  coverage {r['coverage']}"
          f" ({r['resolved']}/{r['gold_with_coords']})")
    bk = r["acc161_by_kind"]
    print("  Acc@161 by answer: " + "  ".join(f"{k} {v['acc161']} (n={v['n']})"
                                             for k, v in bk.items()))
    if r.get("misses_same_place"):
        n = r["misses_same_place"]
        print(f"  misses naming the gold place itself (only its point differs): {n}"
              f" ({n / r['resolved']:.1%} of resolved)")
    sa = r["areas_same_name"]
    if sa["n"]:
        print(f"  gold and answer both a country/region: same area {sa['share']} (n={sa['n']})")
    print("  score band -> share correct: " + "  ".join(
        f"{k} {v['correct']} (n={v['n']})" for k, v in r["calibration"].items() if v["n"]))
    sp = r.get("same_place")
    if sp:
        print(f"  same place (answer id == gold id): {sp['share_of_resolved']} of resolved,"
              f" {sp['share_of_gold']} of all gold with an id (n={sp['n']})")
        print(f"  not the gold place ({len(sp['misses'])}; gold -> answer):")
        for m in sp["misses"]:
            km = f", {m['km']} km" if "km" in m else ""
            print(f"    {m['doc']}: {m['text']!r} {m['gold']} -> {m['got']}{km}")
        print(f"  span boundary misses ({len(sp['span_mismatches'])}; gold | predicted):")
        for m in sp["span_mismatches"]:
            print(f"    {m['doc']}: {m['gold']!r} | {m['predicted']!r}")
    for split, v in r.get("by_split", {}).items():
        print(f"  {split:9s} {v['docs']:2d} docs {v['gold']:3d} gold: exact F1 {v['exact_f1']}"
              f"  overlap F1 {v['overlap_f1']}  Acc@161 {v['acc161']}  coverage {v['coverage']}"
              f"  same place {v['same_place']} ({v['same_place_of_gold']} of gold)")
    nd = r.get("without_demonyms")
    if nd:
        print(f"  without demonyms ({nd['gold']} gold): exact F1 {nd['exact']['f1']}"
              f"  overlap F1 {nd['overlap']['f1']}  Acc@161 {nd['acc161']}"
              f"  coverage {nd['coverage']}")
    g = r.get("gold_spans")
    if g:
        print(f"  given gold spans:   Acc@161 {g['acc161']}  AUC {g['auc']}  mean {g['mean_km']} km"
              f"  median {g['median_km']} km  coverage {g['coverage']}")
        if g.get("same_place"):
            print(f"  given gold spans:   same place {g['same_place']['share_of_resolved']}")


if __name__ == "__main__":
    sys.exit(main())
