"""Precision and recall of events, routes, dates and event locations on examples/ against the
hand-made gold in examples/gold/, and the time per article.

    python bench/eval_events.py [--runs 5] [--json bench/results/events.json]

Matching: a predicted event matches a gold event of the same type whose place is in the same
country (greedy, exact place names first). Its location is right when the gold names match the
place (or, for gold known only at country level, the place is the country's point); its date is
right within the precision (same day / 7 days / month / year). A route matches when both ends
match (country and, where gold gives them, names). A naive baseline (each trigger sentence ->
an event at its first toponym; each movement -> first toponym to last) runs in the same
process for comparison.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "examples"
TOL_DAYS = {"day": 0, "week": 7, "month": 31, "year": 366}


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(c for c in s.casefold() if c.isalnum())


def place_ok(gold: dict[str, Any] | None, place: Any, text: str | None = None,
             *, strict: bool) -> bool:
    if gold is None:
        return True
    if place is None or place.country_code != gold["cc"]:
        return False
    if not strict:
        return True
    names = gold.get("names")
    if not names:
        return place.precision == "country"
    got = {norm(place.name), norm(text)}
    return any(norm(n) in got for n in names)


def date_ok(gold: dict[str, Any], ev: Any) -> bool:
    if not gold.get("date") or ev.date is None:
        return False
    g = date.fromisoformat(gold["date"])
    tol = TOL_DAYS.get(gold.get("time_precision", "day"), 0)
    return abs((ev.date - g).days) <= max(tol, 0)


def match_events(gold: list[dict], pred: list[Any]) -> list[tuple[dict, Any]]:
    pairs: list[tuple[dict, Any]] = []
    used: set[int] = set()
    for strict in (True, False):
        for g in gold:
            if any(g is p[0] for p in pairs):
                continue
            for i, e in enumerate(pred):
                if i in used or e.type != g["type"]:
                    continue
                if place_ok(g.get("place"), e.place, e.location_text, strict=strict):
                    pairs.append((g, e))
                    used.add(i)
                    break
    return pairs


def match_routes(gold: list[dict], pred: list[Any]) -> int:
    used: set[int] = set()
    n = 0
    for g in gold:
        for i, r in enumerate(pred):
            if i in used:
                continue
            if place_ok(g["origin"], r.origin, strict=True) and place_ok(
                g["destination"], r.destination, strict=True
            ):
                used.add(i)
                n += 1
                break
    return n


class Counts:
    def __init__(self) -> None:
        self.c: dict[str, list[int]] = {}

    def add(self, key: str, tp: int, n_pred: int, n_gold: int) -> None:
        a = self.c.setdefault(key, [0, 0, 0])
        a[0] += tp
        a[1] += n_pred
        a[2] += n_gold

    def prf(self, key: str) -> dict[str, float]:
        tp, npred, ngold = self.c.get(key, [0, 0, 0])
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": tp, "predicted": npred, "gold": ngold}


def score(counts: Counts, gold: dict[str, Any], events: list[Any], routes: list[Any]) -> dict:
    gev = gold["events"]
    pairs = match_events(gev, events)
    counts.add("events", len(pairs), len(events), len(gev))
    loc_ok = sum(place_ok(g.get("place"), e.place, e.location_text, strict=True)
                 for g, e in pairs)
    counts.add("locations", loc_ok, len(events), len(gev))
    d_ok = sum(date_ok(g, e) for g, e in pairs)
    counts.add("dates", d_ok, sum(e.date is not None for e in events),
               sum(bool(g.get("date")) for g in gev))
    mod = [(g, e) for g, e in pairs if g.get("modality")]
    counts.add("modality", sum(e.modality in g["modality"] for g, e in mod), len(mod), len(mod))
    r_ok = match_routes(gold["routes"], routes)
    counts.add("routes", r_ok, len(routes), len(gold["routes"]))
    return {"events": f"{len(pairs)}/{len(events)}p/{len(gev)}g",
            "routes": f"{r_ok}/{len(routes)}p/{len(gold['routes'])}g"}


def naive(article: Any, toponyms: list[Any], cp: Any) -> tuple[list[Any], list[Any]]:
    """Baseline: an event per trigger sentence at its first toponym; a route first -> last."""
    from types import SimpleNamespace

    from geo.events import find_triggers
    from geo.lexicon import load_lexicon
    from geo.sentences import split_sentences

    lex = load_lexicon(article.lang)
    events, routes = [], []
    for s in split_sentences(article.text):
        trig = find_triggers(s.text, lex)
        tops = [t for t in toponyms if s.start <= t.start < s.end and t.place is not None]
        if not trig or not tops:
            continue
        spec = trig[0].spec
        etype = spec["type"] if spec["type"] != "send" else lex.send["default"][0]
        events.append(SimpleNamespace(type=etype, place=tops[0].place, date=None,
                                      location_text=tops[0].text, modality="reported"))
        if spec.get("move") and len(tops) > 1:
            routes.append(SimpleNamespace(origin=tops[0].place, destination=tops[-1].place))
    return events, routes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "events.json"))
    args = ap.parse_args()

    from gazetteer import Gazetteer
    from geo.extract import CountryPoints, extract
    from geo.geoparse import geoparse
    from geo.reader import read_article

    gz = Gazetteer.load()
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.system()}, Python "
                   f"{platform.python_version()}",
        "runs": args.runs,
        "sets": {},
    }
    all_times: list[float] = []
    all_gtimes: list[float] = []
    for set_name, gold_dir in (("dev", EXAMPLES / "gold"), ("heldout", EXAMPLES / "heldout" /
                                                             "gold")):
        ours, base = Counts(), Counts()
        per_article = []
        times, gtimes = [], []
        for gpath in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            src = gold_dir.parent / gold["article"]
            art = read_article(src.read_bytes(), source=str(src), lang=gold["lang"],
                               published=gold.get("published"))
            ex = extract(art, gazetteer=gz)  # warm-up
            runs, gruns = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                ex = extract(art, gazetteer=gz)
                runs.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                geoparse(art.text, art.lang, gazetteer=gz)
                gruns.append(time.perf_counter() - t0)
            times.append(statistics.median(runs))
            gtimes.append(statistics.median(gruns))
            row = score(ours, gold, ex.events, ex.routes)
            bev, brt = naive(art, ex.toponyms, CountryPoints(gz))
            score(base, gold, bev, brt)
            row.update(article=gold["article"], ms=round(1000 * times[-1], 1))
            per_article.append(row)
        all_times += times
        all_gtimes += gtimes
        print(f"== {set_name}: {len(per_article)} articles ({gold_dir.relative_to(ROOT)})")
        print(f"{'article':<22} {'events tp/pred/gold':<22} {'routes tp/pred/gold':<22} ms")
        for r in per_article:
            print(f"{r['article']:<22} {r['events']:<22} {r['routes']:<22} {r['ms']}")
        print(f"{'metric':<10} {'P':>6} {'R':>6} {'F1':>6}   naive baseline P/R/F1")
        res: dict[str, Any] = {"metrics": {}, "baseline": {}, "per_article": per_article}
        for k in ("events", "locations", "dates", "routes", "modality"):
            o, b = ours.prf(k), base.prf(k)
            res["metrics"][k] = o
            res["baseline"][k] = b
            print(f"{k:<10} {o['precision']:>6.3f} {o['recall']:>6.3f} {o['f1']:>6.3f}   "
                  f"{b['precision']:.3f}/{b['recall']:.3f}/{b['f1']:.3f}")
        res["articles"] = len(per_article)
        result["sets"][set_name] = res
        print()
    med, gmed = statistics.median(all_times), statistics.median(all_gtimes)
    print(f"time per article: median {1000 * med:.1f} ms (extract = geoparse + events; median of "
          f"{args.runs} runs each, {len(all_times)} articles); geoparse alone {1000 * gmed:.1f} ms;"
          f" ratio extract/geoparse {med / gmed:.2f}")
    result.update(time_ms_median=round(1000 * med, 2), geoparse_ms_median=round(1000 * gmed, 2),
                  ratio_extract_over_geoparse=round(med / gmed, 3))
    # a long text: every English example 30 times (linear time is the point)
    long_text = "\n\n".join(p.read_text(encoding="utf-8")
                             for p in sorted(EXAMPLES.glob("*-en.txt"))) * 30
    art = read_article(long_text, source="long", lang="en", published="2024-10-29")
    runs = []
    for _ in range(max(1, args.runs // 2)):
        t0 = time.perf_counter()
        ex = extract(art, gazetteer=gz)
        runs.append(time.perf_counter() - t0)
    lt = statistics.median(runs)
    print(f"long text: {len(long_text):,} chars -> {len(ex.events)} events, {len(ex.routes)} "
          f"routes in {lt:.2f} s ({len(long_text) / lt / 1000:.0f} k chars/s)")
    result["long_text"] = {"chars": len(long_text), "events": len(ex.events),
                           "routes": len(ex.routes), "seconds": round(lt, 3)}
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.is_file():  # keep the record of the first, untuned run on the held-out set
        old = json.loads(out.read_text(encoding="utf-8"))
        if "heldout_first_run" in old:
            result["heldout_first_run"] = old["heldout_first_run"]
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
