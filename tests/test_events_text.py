"""Sentences, quantities, dates and actors: the text layers under event extraction."""

from __future__ import annotations

from datetime import date

import pytest

from geo.actors import find_actors
from geo.dates import find_dates, parse_date
from geo.lexicon import available_languages, load_lexicon
from geo.quantities import find_quantities, parse_number
from geo.sentences import split_sentences

REF = date(2024, 10, 28)


# ---------------------------------------------------------------- sentences


def test_sentences_keep_numbers_dates_and_abbreviations_together():
    text = (
        "Sekitar 10.000 tentara tiba pada Senin (28 Oktober 2024). Dr. Budi dari Jl. Sudirman "
        "berbicara. The U.S. Navy sent 2.5 tonnes of aid! Was it enough? Yes."
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Sekitar 10.000 tentara tiba pada Senin (28 Oktober 2024).",
        "Dr. Budi dari Jl. Sudirman berbicara.",
        "The U.S. Navy sent 2.5 tonnes of aid!",
        "Was it enough?",
        "Yes.",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_sentences_split_at_newlines_and_quotes():
    text = "Headline without a dot\n\n“Menyerah!” kata dia. Lalu pergi."
    sents = split_sentences(text)
    assert sents[0].text == "Headline without a dot"
    assert [text[s.start : s.end] for s in sents] == [s.text for s in sents]
    assert len(sents) == 3


def test_sentences_of_empty_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


# ---------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("text", "lang", "value", "what", "approx"),
    [
        ("Sekitar 10.000 tentara Korea Utara tiba", "id", 10_000, "troops", True),
        ("mengirim lebih dari 13.000 kontainer ke Rusia", "id", 13_000, "containers", True),
        ("berisi 6 juta peluru artileri 152 mm.", "id", 6_000_000, "152 mm shells", False),
        ("pengerahan puluhan ribu tentara", "id", 10_000, "troops", True),
        ("about 10,000 North Korean troops arrived", "en", 10_000, "troops", True),
        ("some 6 million 152mm artillery shells", "en", 6_000_000, "152 mm shells", True),
        ("evacuated 2,300 residents", "en", 2_300, "residents", False),
        ("tens of thousands of soldiers", "en", 10_000, "troops", True),
    ],
)
def test_quantities(text, lang, value, what, approx):
    (m,) = find_quantities(text, lang)
    assert m.quantity.value == value
    assert m.quantity.what == what
    assert m.quantity.approximate is approx
    assert text[m.start : m.end] == m.quantity.text


def test_quantities_units_and_non_quantities():
    (q,) = find_quantities("1.500 ton beras dikirim", "id")
    assert (q.quantity.value, q.quantity.unit, q.quantity.what) == (1500, "t", "rice")
    (rain,) = find_quantities("curah hujan mencapai 152 mm dalam sehari", "id")
    assert (rain.quantity.value, rain.quantity.unit, rain.quantity.approximate) == (152, "mm", True)
    # a calibre alone counts nothing; years, days of the month and durations neither
    assert find_quantities("152 mm shells", "en") == []
    assert find_quantities("Pada 28 Oktober 2024 selama dua tahun", "id") == []
    assert find_quantities("In 2022 the war began.", "en") == []


def test_parse_number_both_conventions():
    assert parse_number("10.000") == parse_number("10,000") == 10_000
    assert parse_number("7,1") == parse_number("7.1") == 7.1
    assert parse_number("1.234.567") == 1_234_567


# ---------------------------------------------------------------- dates


def _dates(text, lang, ref=REF):
    return [(d.text, d.date.isoformat(), d.precision, d.kind) for d in find_dates(text, lang, ref)]


def test_dates_indonesian_phrases_dateparser_misses():
    assert _dates("pada Senin (28 Oktober 2024).", "id") == [
        ("28 Oktober 2024", "2024-10-28", "day", "point")
    ]
    assert _dates("Putin pekan lalu tidak menyangkal", "id") == [
        ("pekan lalu", "2024-10-21", "week", "relative")
    ]
    assert _dates("bertemu pada bulan Juni", "id") == [
        ("pada bulan Juni", "2024-06-01", "month", "point")
    ]
    (since,) = find_dates("sudah berlangsung sejak Februari 2022.", "id", REF)
    assert (since.text, since.date, since.date_end, since.kind) == (
        "sejak Februari 2022", date(2022, 2, 1), REF, "since")
    (dur,) = find_dates("berlangsung selama kurang lebih dua tahun", "id", REF)
    assert (dur.date, dur.date_end, dur.precision) == (date(2022, 10, 28), REF, "year")


def test_dates_english_and_relative():
    assert _dates("on Monday, October 28, 2024 NATO said", "en") == [
        ("October 28, 2024", "2024-10-28", "day", "point")
    ]
    assert _dates("three days ago", "en")[0][1] == "2024-10-25"
    assert _dates("3 hari yang lalu", "id")[0][1] == "2024-10-25"
    assert _dates("on Thursday", "en") == [("Thursday", "2024-10-24", "day", "weekday")]
    assert _dates("in 2023", "en") == [("in 2023", "2023-01-01", "year", "point")]
    # "may" the verb is no month; relative dates need a reference date
    assert _dates("you may say so", "en") == []
    assert find_dates("pekan lalu", "id", None) == []


def test_parse_date_for_flags_and_metadata():
    assert parse_date("2024-10-28").date() == REF
    assert parse_date("28 Oktober 2024", "id").date() == REF
    assert parse_date("yesterday", "en", REF).date() == date(2024, 10, 27)
    assert parse_date("not a date at all", "en") is None


# ---------------------------------------------------------------- actors


def _actors(text, lang):
    return [(a.actor.name, a.actor.kind, a.actor.country_code, a.actor.role)
            for a in find_actors(text, lang)]


def test_actors_organisations_forces_agencies_people():
    got = _actors("Sekretaris Jenderal NATO Mark Rutte membenarkan bahwa pasukan Korea Utara "
                  "sudah berada di sana.", "id")
    assert ("North Korea armed forces", "armed_forces", "KP", None) in got
    assert ("NATO", "organisation", None, None) in got
    assert ("Mark Rutte", "person", None, "sekretaris jenderal") in got
    (kremlin,) = find_actors("The Kremlin dismissed the report.", "en")
    assert (kremlin.actor.country_code, kremlin.seat) == ("RU", "capital")
    got = _actors("Badan Intelijen Pertahanan Ukraina mengatakan", "id")
    assert got == [("Badan Intelijen Pertahanan Ukraina", "agency", "UA", None)]
    got = _actors("North Korean leader Kim Jong Un met Russian President Vladimir Putin", "en")
    assert ("Kim Jong Un", "person", "KP", "leader") in got
    assert ("Vladimir Putin", "person", "RU", "president") in got


def test_actors_do_not_take_ordinary_words_for_countries():
    # Indonesian "as" is no USA; "AS" is
    assert _actors("seperti biasa, sama as dulu", "id") == []
    assert _actors("AS mengirim bantuan", "id")[0][2] == "US"


def test_lexicons_have_the_same_tables():
    langs = available_languages()
    assert {"id", "en"} <= set(langs)
    tables = None
    for lang in langs:
        lex = load_lexicon(lang)
        keys = set(lex.data)
        tables = keys if tables is None else tables
        assert {"numbers", "nouns", "triggers", "send", "cues", "modality", "dates",
                "actors"} <= keys
        for spec in lex.triggers:
            assert spec["words"], spec
    # an unknown language falls back to English
    assert load_lexicon("xx").lang == "en"


def test_a_language_is_a_file(tmp_path, monkeypatch):
    """A new language needs no code: a TOML file in GEOMAP_LANG_PATH is enough."""
    from geo.events import find_triggers
    from geo.lexicon import LANG_DIR

    src = (LANG_DIR / "events-en.toml").read_text(encoding="utf-8")
    # a made-up language "zz" whose word for an earthquake is "zemlotres"
    (tmp_path / "events-zz.toml").write_text(
        src.replace('lang = "en"', 'lang = "zz"')
           .replace('words = ["earthquake", "quake", "tremor"]', 'words = ["zemlotres"]'),
        encoding="utf-8")
    monkeypatch.setenv("GEOMAP_LANG_PATH", str(tmp_path))
    assert "zz" in available_languages()
    lex = load_lexicon("zz")
    assert lex.lang == "zz"
    (trig,) = find_triggers("A zemlotres hit the coast.", lex)
    assert trig.spec["subtype"] == "earthquake"
    assert find_triggers("An earthquake hit the coast.", lex) == []
