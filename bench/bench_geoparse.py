"""Geoparser speed: articles a second on ~600-word articles, one core, after load.

Articles: LGL and INA texts (../shared/benchmarks) joined into ~600-word articles, plus the
seed article. Prints the median of several runs for: geoparse with the language given, with
the language detected, and the tokeniser alone (the floor any regex-based parser pays), as a
ratio. A copy goes to bench/results/geoparse_speed.json.

    python bench/bench_geoparse.py [--runs 5] [--articles 300]
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import write_results  # noqa: E402
from geoparse_corpora import SHARED, read_ina, read_lgl  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "geoparse_speed.json"
WORDS = 600


def _cut(text: str, words: int) -> str:
    """The text up to the end of its ``words``-th word."""
    count = 0
    for m in re.finditer(r"\S+", text):
        count += 1
        if count == words:
            return text[: m.end()]
    return text


def articles(n: int) -> list[tuple[str, str]]:
    """(text, lang) pairs of WORDS words, built from consecutive benchmark texts."""
    out: list[tuple[str, str]] = []
    seed = SHARED.parent / "seeds" / "kursk-id.txt"
    if seed.is_file():
        out.append((_cut(seed.read_text(encoding="utf-8"), WORDS), "id"))
    for docs in (read_lgl(), read_ina()):
        buf: list[str] = []
        words = 0
        for d in docs:
            buf.append(d.text)
            words += len(d.text.split())
            if words >= WORDS:
                out.append((_cut("\n\n".join(buf), WORDS), d.lang))
                buf, words = [], 0
    return [out[i % len(out)] for i in range(n)]


def timed(fn, arts: list[tuple[str, str]], runs: int) -> float:
    """Median articles per CPU-second of this process over ``runs`` passes (CPU time, not wall
    time: the machine is shared, and one core is what the figure is about)."""
    rates = []
    for _ in range(runs):
        t0 = time.process_time()
        for text, lang in arts:
            fn(text, lang)
        rates.append(len(arts) / max(time.process_time() - t0, 1e-9))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: no articles to time", file=sys.stderr)
        return 2
    from geo.geoparse import parser_for
    from geo.langid import detect_language
    from geo.tokens import tokenize

    t0 = time.perf_counter()
    gp = parser_for()
    load_s = time.perf_counter() - t0
    arts = articles(args.articles)
    words = statistics.mean(len(t.split()) for t, _ in arts)
    for text, lang in arts[:20]:  # warm the caches, as a long-running process has them
        gp.parse(text, lang)
        detect_language(text)
    given = timed(lambda t, lang: gp.parse(t, lang), arts, args.runs)
    detected = timed(lambda t, lang: gp.parse(t, None), arts, args.runs)
    floor = timed(lambda t, lang: tokenize(t), arts, args.runs)
    res = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}, one process",
        "articles": len(arts), "mean_words": round(words), "runs": args.runs,
        "gazetteer_load_seconds": round(load_s, 3),
        "articles_per_second": {"language_given": round(given, 1),
                                "language_detected": round(detected, 1),
                                "tokenizer_only": round(floor, 1)},
        "ms_per_article": {"language_given": round(1000 / given, 3),
                           "language_detected": round(1000 / detected, 3)},
        "ratio_to_tokenizer_only": round(floor / given, 2),
    }
    print(f"{len(arts)} articles of ~{round(words)} words, median of {args.runs} runs "
          f"(gazetteer load {load_s:.2f} s):")
    print(f"  geoparse, language given    {given:8.1f} articles/s  ({1000 / given:.2f} ms)")
    print(f"  geoparse, language detected {detected:8.1f} articles/s  ({1000 / detected:.2f} ms)")
    print(f"  tokenizer alone (floor)     {floor:8.1f} articles/s  "
          f"(geoparse costs {floor / given:.1f}x the tokenizer)")
    if not args.no_write:
        write_results(RESULTS, res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
