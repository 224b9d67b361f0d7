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
