"""The hand-made toponym gold of our own example articles (examples/gold/toponyms/) stays true
to the texts and to the bundled gazetteer: a typo in an offset or an id that a gazetteer rebuild
dropped would silently corrupt the "geomap examples (ours)" evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "examples" / "gold" / "toponyms"
ARTICLES = sorted([*ROOT.glob("examples/*.txt"), *ROOT.glob("examples/heldout/*.txt")])
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


def test_every_example_article_has_gold() -> None:
    assert len(ARTICLES) == 20
    golds = {_load(p)["article"] for p in GOLD_FILES}
    assert golds == {a.relative_to(ROOT).as_posix() for a in ARTICLES}
    for p in GOLD_FILES:  # one file per article, named after its stem
        assert Path(_load(p)["article"]).stem == p.stem


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_spans_match_text(path: Path) -> None:
    doc = _load(path)
    assert doc["lang"] in {"en", "id"}
    assert Path(doc["article"]).stem.endswith("-" + doc["lang"])
    text = (ROOT / doc["article"]).read_text(encoding="utf-8")
    tops = doc["toponyms"]
    assert tops, f"{path.name}: no toponyms"
    prev_end = 0
    for t in tops:
        s, e = t["start"], t["end"]
        assert text[s:e] == t["text"], f"{path.name}: {t['text']!r} != {text[s:e]!r} at {s}"
        assert s >= prev_end, f"{path.name}: {t['text']!r} at {s} overlaps or is out of order"
        # a span is a whole name: it neither starts nor ends inside a word
        assert not (s > 0 and text[s - 1].isalnum()), f"{path.name}: {t['text']!r} cut at {s}"
        assert not (e < len(text) and text[e].isalnum()), f"{path.name}: {t['text']!r} cut at {e}"
        assert set(t) <= {"start", "end", "text", "place_id", "note", "kind"}
        if t["place_id"] is None:
            assert t.get("note"), f"{path.name}: null place for {t['text']!r} without a note"
        prev_end = e


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_place_ids_exist_in_bundled_gazetteer(path: Path, gz: Gazetteer) -> None:
    for t in _load(path)["toponyms"]:
        pid = t["place_id"]
        if pid is None:
            continue
        assert not pid.startswith("user:"), "gold must not depend on a user's own places"
        place = gz.get(pid)
        assert place is not None, f"{path.name}: {pid} ({t['text']!r}) is not in the gazetteer"
        assert place.id == pid


# -- the corpus as bench/eval_geoparse.py reads and scores it ---------------------------------

def _bench():
    import sys

    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    import eval_geoparse
    import geoparse_corpora

    return geoparse_corpora, eval_geoparse


def test_reader_gives_gold_points_of_the_gold_places(gz: Gazetteer) -> None:
    from gazetteer.centre import at_centre

    corpora, _ = _bench()
    docs = corpora.read_examples(gazetteer=gz)
    assert len(docs) == len(GOLD_FILES) and {d.lang for d in docs} == {"en", "id"}
    golds = [g for d in docs for g in d.gold]
    assert len(golds) == sum(len(_load(p)["toponyms"]) for p in GOLD_FILES)
    for g in golds:
        if g.place_id is None:
            assert g.lat is None and g.lon is None
            continue
        p = at_centre(gz.get(g.place_id))
        assert (g.lat, g.lon, g.name, g.geonameid) == (p.lat, p.lon, p.name, p.geonameid)
    kursk = next(g for g in golds if g.place_id == "adm1:RU.41")
    region = gz.get("adm1:RU.41")
    assert region.extra.get("centre") and (kursk.lat, kursk.lon) == region.extra["centre"]


def test_same_place_scoring_counts_ids_not_distance(gz: Gazetteer) -> None:
    from dataclasses import replace

    from geo.models import Toponym

    corpora, ev = _bench()
    docs = corpora.read_examples(gazetteer=gz)[:3]
    perfect = [[Toponym(g.start, g.end, g.text, gz.get(g.place_id) if g.place_id else None)
                for g in d.gold] for d in docs]
    r = ev.score_ids(docs, perfect)
    assert r["share_of_resolved"] == 1.0 and r["share_of_gold"] == 1.0
    assert r["n"] == sum(g.place_id is not None for d in docs for g in d.gold)
    assert not r["span_mismatches"]
    # another place of the same name (whatever its distance) is not the same place
    first, other = next((t, c.place) for ts in perfect for t in ts if t.place is not None
                        for c in gz.lookup(t.text, limit=10) if c.place.id != t.place.id)
    moved = [[replace(t, place=other) if t is first else t for t in ts] for ts in perfect]
    r2 = ev.score_ids(docs, moved)
    assert r2["share_of_gold"] < 1.0
    assert [m["text"] for m in r2["misses"]] == [first.text]


def test_eval_runs_our_corpus_without_shared(tmp_path: Path, monkeypatch, capsys) -> None:
    _, ev = _bench()
    monkeypatch.setattr(ev, "SHARED", tmp_path / "absent")
    monkeypatch.setattr(ev, "RESULTS", tmp_path / "geoparse.json")
    assert ev.main([]) == 0
    out, err = capsys.readouterr()
    assert "LGL: skipped" in err and "INA-Geoparser dev: skipped" in err
    res = json.loads((tmp_path / "geoparse.json").read_text(encoding="utf-8"))
    assert list(res["corpora"]) == [ev.EXAMPLES] and len(res["skipped"]) == 2
    ours = res["corpora"][ev.EXAMPLES]
    assert ours["docs"] == len(GOLD_FILES) and ours["gold"] > 200
    assert 0 < ours["same_place"]["share_of_resolved"] <= 1
    assert set(ours["by_split"]) == {"examples", "heldout"}
    assert f"== {ev.EXAMPLES}" in out and "same place" in out
