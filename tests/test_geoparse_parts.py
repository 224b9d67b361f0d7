"""The geoparser's parts: tokens with offsets, language files (a language added by a file),
language detection, and the benchmark readers (on small corpora written here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geo import geoparse
from geo.langid import detect_language
from geo.placewords import available_languages, for_lang
from geo.tokens import is_acronym, is_cap, tokenize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from geoparse_corpora import read_ina, read_lgl  # noqa: E402


def test_tokens_keep_offsets_and_split_possessives_and_contractions():
    text = "Kim Jong-un's trip to St. Louis, the U.S. and O'Hare; we're in Guinea-Bissau."
    t = tokenize(text)
    for w, s, e in zip(t.words, t.starts, t.ends, strict=True):
        assert text[s:e] == w
    assert "Jong-un" in t.words and "U.S." in t.words and "O'Hare" in t.words
    assert "Guinea-Bissau" in t.words and "we" in t.words and "we're" not in t.words
    louis = t.words.index("Louis")
    assert t.joins[louis]  # "St. Louis" is one name
    assert not t.joins[t.words.index("the")]  # after a comma
    assert t.initial[0] and not t.initial[1]


def test_caps_and_acronyms():
    assert is_cap("Kursk") and is_cap("Москва") and is_cap("北京") and not is_cap("kursk")
    assert is_acronym("NATO") and is_acronym("ABC") and not is_acronym("BEIRUT")
    assert not is_acronym("U.S.")


def test_language_files_are_found_and_merged():
    assert {"en", "id"} <= set(available_languages())
    idw, enw = for_lang("id"), for_lang("en")
    assert idw.before["wilayah"] == "region" and idw.before["pelabuhan"] == "port"
    assert enw.before["port of"] == "port" and enw.after["oblast"] == "region"
    both = for_lang(None)
    assert set(both.langs) >= {"en", "id"}
    assert "wilayah" in both.before and "port of" in both.before


def test_a_language_is_added_by_adding_a_file(tmp_path, monkeypatch):
    text = "Die Soldaten stehen im Gebiet Belgorod."
    before = {t.text: t.place for t in geoparse(text, "zz")}
    assert before["Belgorod"].precision == "city"  # no file for "zz": no cue word known
    (tmp_path / "zz.toml").write_text(
        'lang = "zz"\nprepositions = ["im"]\n[before]\ngebiet = "region"\n'
        '[words]\nstop_words = ["die"]\n', encoding="utf-8")
    monkeypatch.setenv("GEOMAP_LANG_PATH", str(tmp_path))
    assert "zz" in available_languages()
    after = {t.text: t.place for t in geoparse(text, "zz")}
    assert set(after) == {"Gebiet Belgorod"}  # a capitalised cue word is part of the name
    assert after["Gebiet Belgorod"].precision == "admin1"
    assert after["Gebiet Belgorod"].country_code == "RU"


def test_language_detection():
    assert detect_language("Menurut laporan, tentara Korea Utara sudah sampai di wilayah "
                           "Kursk, tempat pertempuran Rusia melawan Ukraina.") == "id"
    assert detect_language("North Korean troops have reportedly arrived in the Kursk region, "
                           "the front line of the war between Russia and Ukraine.") == "en"
    assert detect_language("Северокорейские войска прибыли в Курскую область.") == "ru"
    assert detect_language("") is None and detect_language("12 34 !!") is None


LGL_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="7"><text><![CDATA[Flooding in Paris, Texas, closed roads.]]></text>
<toponyms count="2">
<toponym><start>12</start><end>17</end><phrase>Paris</phrase>
<gaztag geonameid="4717560"><name>Paris</name><lat>33.66094</lat><lon>-95.55551</lon></gaztag>
</toponym>
<toponym><start>19</start><end>24</end><phrase>Texas</phrase></toponym>
</toponyms></article></articles>
"""

INA_SAMPLE = """Banjir/NN/O/O
di/IN/O/O
Kota/NNP/B-PLOC/B-Place-Arg/(-6.92, 107.62)/2
Bandung/NNP/I-PLOC/I-Place-Arg
16/5/2014/DD/B-ARG/B-Time-Arg

Jakarta/NNP/B-LOC/B-Place-Arg/(-6.19, 106.83)
===
Nepal/NNP/B-PLOC/B-Place-Arg/(27.7, 84.5)/0
"""


def test_benchmark_readers(tmp_path):
    lgl = tmp_path / "lgl.xml"
    lgl.write_text(LGL_SAMPLE, encoding="utf-8")
    (d,) = read_lgl(lgl)
    assert d.id == "7" and [g.text for g in d.gold] == ["Paris", "Texas"]
    assert d.gold[0].lat == pytest.approx(33.66094) and d.gold[1].lat is None
    ina = tmp_path / "ina.txt"
    ina.write_text(INA_SAMPLE, encoding="utf-8")
    d1, d2 = read_ina(ina)
    assert [g.text for g in d1.gold] == ["Kota Bandung", "Jakarta"]
    assert all(d1.text[g.start:g.end] == g.text for g in d1.gold)
    assert "16/5/2014" in d1.text and d1.gold[0].lat == pytest.approx(-6.92)
    assert [g.text for g in d2.gold] == ["Nepal"] and d2.lang == "id"


def test_benchmark_scoring_counts_what_it_should():
    from eval_geoparse import auc, score
    from geoparse_corpora import Doc, Gold
    doc = Doc("x", "Flooding in Paris, Texas.", "en",
              [Gold(12, 17, "Paris", 33.66094, -95.55551), Gold(19, 24, "Texas")])
    preds = geoparse(doc.text, "en")
    r = score([doc], [preds])
    assert r["exact"]["r"] == 1.0 and r["gold_with_coords"] == 1
    assert r["acc161"] == 1.0  # Paris, Texas, not Paris, France
    assert auc([0.0, 0.0]) == 0.0 and auc([20039.0, 20039.0]) == pytest.approx(1.0, rel=1e-4)


def test_case_endings_from_a_language_file():
    # geo/lang/ru.toml maps case endings back to the nominative the gazetteer holds
    text = "Войска стоят под Курском, а переговоры идут в Москве."
    got = {t.text: t.place for t in geoparse(text)}  # language detected: ru
    assert got["Курском"].name == "Kursk" and got["Москве"].name == "Moscow"
    assert {t.text for t in geoparse(text, "en")} == set()  # English rules know no endings


def test_resolving_spans_given_from_outside():
    from geo.geoparse import parser_for

    text = "Flooding in Paris, Texas, and near the Ga. line; wilayah Kursk too."
    spans = [(12, 17), (19, 24), (39, 42), (49, 62)]
    ts = parser_for().parse_spans(text, spans, "en")
    assert [t.text for t in ts] == ["Paris", "Texas", "Ga.", "wilayah Kursk"]
    assert ts[0].place.admin1 == "TX" and ts[1].place.precision == "admin1"
    assert ts[2].place.admin1 == "GA"  # an alias
    assert ts[3].place.precision == "admin1"  # the cue word inside the span counts
    assert all(0 < t.score <= 1 for t in ts)


def test_entities_from_a_named_entity_recogniser_are_evidence():
    # what geo/spacy_plugin.py passes on when spaCy and a model are installed (not needed here)
    from geo import spacy_plugin
    from geo.geoparse import parser_for

    if not spacy_plugin._model_names():
        assert not spacy_plugin.enabled() or spacy_plugin.entities("x", "en") is None
    rec = parser_for().recognizer
    text = "Aid reached Zqxwvabad on Monday, Paris officials said."
    plain = {m.text for m in rec.recognize(text, for_lang("en"))}
    assert "Zqxwvabad" not in plain and "Paris" in plain
    ner = [(12, 21, "GPE"), (33, 38, "PERSON")]
    with_ner = {m.text: m for m in rec.recognize(text, for_lang("en"), ner)}
    assert with_ner["Zqxwvabad"].candidates == []  # a place by NER, unknown to the gazetteer
    assert "Paris" not in with_ner  # a person by NER (say, a Ms. Paris)


def test_a_close_language_borrows_a_file():
    assert for_lang("ms").langs == ("id",)  # geo/lang/id.toml: also_for = ["ms"]
    assert set(for_lang("de").langs) >= {"en", "id"}  # no file: all merged
