"""The geoparser on sentences written for these tests (Indonesian and English): places found
with exact offsets and resolved by cue words and context; people, organisations and common
words that are GeoNames places somewhere are not reported as places."""

from __future__ import annotations

import pytest

from geo import geoparse


def found(text: str, lang: str | None) -> dict[str, object]:
    """surface text -> Place (None when unresolved); asserts offsets and scores on the way."""
    out: dict[str, object] = {}
    for t in geoparse(text, lang):
        assert text[t.start:t.end] == t.text
        assert 0.0 <= t.score <= 1.0
        assert (t.place is None) == (t.source is None)
        out.setdefault(t.text, t.place)
    return out


def test_region_cue_gives_the_first_level_region_and_a_city_name_the_city():
    got = found("Ribuan tentara dikirim ke wilayah Belgorod dan tiba di Moskow pada Senin.", "id")
    assert got["Belgorod"].precision == "admin1" and got["Belgorod"].country_code == "RU"
    assert got["Moskow"].name == "Moscow" and got["Moskow"].precision == "city"
    assert "Senin" not in got  # a weekday


def test_the_same_name_without_a_region_cue_is_the_town():
    got = found("Pasukan tiba di Belgorod kemarin.", "id")
    assert got["Belgorod"].precision == "city" and got["Belgorod"].country_code == "RU"


def test_port_cue_and_country_context_choose_the_town():
    got = found("Senjata dikirim oleh Korea Utara melalui pelabuhan Chongjin di timur laut.", "id")
    assert got["Korea Utara"].country_code == "KP" and got["Korea Utara"].precision == "country"
    assert got["Chongjin"].country_code == "KP" and got["Chongjin"].feature_class == "P"


def test_people_are_not_places_even_when_their_names_are():
    text = ("Presiden Vladimir Putin bertemu Kim Jong-un di Pyongyang. Putin mengatakan "
            "hubungan dengan Kim sangat baik. Mark Rutte mengunjungi Kyiv; Rutte mengatakan "
            "NATO siap.")
    got = found(text, "id")
    for person in ("Vladimir", "Putin", "Kim", "Jong-un", "Mark", "Rutte", "NATO"):
        assert not any(person in k for k in got), person
    assert got["Pyongyang"].country_code == "KP"
    assert got["Kyiv"].country_code == "UA"


def test_common_words_at_a_sentence_start_are_not_places():
    text = ("Serta menimbulkan ketegangan di Eropa. Kami memantau situasi. Anda harus tahu. "
            "Badan Intelijen Jepang menyatakan hal itu.")
    got = found(text, "id")
    assert set(got) == {"Eropa", "Jepang"}
    assert got["Eropa"].precision == "continent"
    assert got["Jepang"].country_code == "JP"


def test_country_names_in_indonesian_and_their_short_forms():
    got = found("Amerika Serikat, Korea Selatan dan Australia mengirim bantuan ke Jepang. "
                "Pejabat AS dan Korsel hadir.", "id")
    assert {k: v.country_code for k, v in got.items()} == {
        "Amerika Serikat": "US", "Korea Selatan": "KR", "Australia": "AU", "Jepang": "JP",
        "AS": "US", "Korsel": "KR"}


def test_english_cues_demonyms_and_population():
    got = found("Troops moved near Donetsk, and the port of Odesa was shelled again. "
                "Russian officials denied it.", "en")
    assert got["Donetsk"].country_code == "UA"
    assert got["Odesa"].country_code == "UA"
    assert got["Russian"].country_code == "RU" and got["Russian"].precision == "country"


def test_city_comma_state_chooses_the_town_inside_the_state():
    got = found("The fair opens in Gainesville, Ga., next week.", "en")
    assert got["Gainesville"].country_code == "US" and got["Gainesville"].admin1 == "GA"
    got = found("The fair opens in Gainesville, Texas, next week.", "en")
    assert got["Gainesville"].admin1 == "TX"


def test_organisation_names_keep_their_place_and_streets_do_not():
    got = found("He asked the Ohio Supreme Court to rule. The fire was at 6016 Dublin Road.",
                "en")
    assert got["Ohio"].precision == "admin1"
    assert "Dublin" not in got


def test_longest_match_wins():
    got = found("Flights from Kansas City and New York were cancelled.", "en")
    assert got["Kansas City"].name == "Kansas City"
    assert "Kansas" not in got and "City" not in got
    assert got["New York"].country_code == "US"


def test_cued_name_missing_from_the_gazetteer_is_listed_unresolved():
    text = "Banjir melanda desa Zqxwvyk di Kabupaten Lebak, Banten."
    ts = geoparse(text, "id")
    (t,) = [t for t in ts if t.text == "Zqxwvyk"]
    assert t.place is None and t.reason
    assert t.to_dict()["lat"] is None and t.to_dict()["lon"] is None
    assert any(x.text.endswith("Banten") and x.place and x.place.precision == "admin1"
               for x in ts)


@pytest.mark.parametrize("text", ["", "   \n ", "1234 5678", "tidak ada tempat di sini.",
                                  "\x00\x01binary-ish"])
def test_texts_without_places(text):
    assert geoparse(text, "id") == []


def test_language_is_detected_when_not_given():
    text = ("Pasukan Korea Utara dilaporkan telah tiba di wilayah Kursk, garis depan konflik "
            "antara Rusia dan Ukraina, kata pejabat pada hari Senin.")
    assert {t.text for t in geoparse(text)} >= {"Korea Utara", "Kursk", "Rusia", "Ukraina"}


def test_toponym_dict_has_the_contract_fields():
    (t,) = [t for t in geoparse("Gempa mengguncang Jepang.", "id")]
    d = t.to_dict()
    for k in ("start", "end", "text", "name", "lat", "lon", "geonameid", "feature_code",
              "country_code", "admin1", "precision", "score", "source"):
        assert k in d
    assert d["precision"] == "country" and d["source"] == "gazetteer"
    assert d["lat"] is not None and d["lon"] is not None


def test_headline_capitals_say_nothing():
    text = "Banjir Besar Melanda Bandung Hari Ini\nBanjir besar melanda kota Bandung, kata warga."
    got = found(text, "id")
    assert set(got) == {"Bandung"}  # "Banjir", "Besar", "Hari" are common words


def test_adjectives_and_hyphenated_names():
    got = found("The Georgian Interior Ministry said Georgian-controlled villages were hit. "
                "Sen. Robert Ford, D-Charleston, disagreed.", "en")
    assert got["Georgian"].country_code == "GE"
    assert got["Charleston"].country_code == "US"
    assert "Ford" not in got and "Robert" not in got


def test_abbreviated_states_and_short_country_names():
    got = found("She moved from Athens, Tenn., to the U.S. capital and then to the UK.", "en")
    assert got["Athens"].admin1 == "TN"
    assert got["Tenn."].precision == "admin1"
    assert got["U.S."].country_code == "US" and got["UK"].country_code == "GB"


def test_a_district_the_gazetteer_lacks_is_not_a_far_away_town():
    # no US county is named Gainesville (the gazetteer has counties: Laurel County resolves)
    ts = geoparse("Deputies in Gainesville County arrested two men on Monday.", "en")
    (t,) = [t for t in ts if "Gainesville" in t.text]
    assert t.text == "Gainesville County" and t.place is None and "district" in t.reason
    (t,) = geoparse("Deputies in Laurel County arrested two men on Monday.", "en")
    assert t.place is not None and t.place.precision == "admin2" and t.place.admin1 == "KY"


def test_fallback_offline_leaves_a_reason(tmp_path, monkeypatch):
    from gazetteer.fallback import Fallback

    monkeypatch.setenv("GEOMAP_DATA_DIR", str(tmp_path))
    fb = Fallback.from_config(offline=True)
    ts = geoparse("Pasukan tiba di desa Zqxwvyk dekat Kursk.", "id", fallback=fb)
    (t,) = [t for t in ts if t.text == "Zqxwvyk"]
    assert t.place is None and t.reason.startswith("geocoder:")
    assert any(x.text == "Kursk" and x.source == "gazetteer" for x in ts)


def test_qualifier_words_after_names():
    text = ("The county said no. The City will vote. Deputies from Hall County came, and the "
            "Gainesville City Council met in Gainesville, Ga.")
    ts = geoparse(text, "en")
    texts = [t.text for t in ts]
    assert "The county" not in texts and "The City" not in texts and "The" not in texts
    assert "Hall County" in texts  # a county word is part of the name
    assert "Gainesville City" not in texts  # "City" only qualifies the name
    gville = [t for t in ts if t.text == "Gainesville"]
    assert len(gville) == 2 and all(t.place.admin1 == "GA" for t in gville)


def test_an_office_of_a_place_announces_the_place_not_a_person():
    got = found("Hal itu disampaikan Bupati Trenggalek Emil Dardak di Surabaya.", "id")
    assert "Bupati Trenggalek" not in got  # the office is not part of the name
    assert got["Trenggalek"].country_code == "ID"
    assert got["Surabaya"].country_code == "ID"


def test_language_codes_are_read_leniently_and_bytes_refused():
    text = "Pasukan tiba di wilayah Kursk."
    want = [(t.text, t.place.precision) for t in geoparse(text, "id")]
    assert want == [("Kursk", "admin1")]
    for code in ("ID", "id-ID", "id_ID", " id "):
        assert [(t.text, t.place.precision) for t in geoparse(text, code)] == want
    with pytest.raises(TypeError):
        geoparse(text.encode(), "id")


def test_an_island_the_gazetteer_lacks_is_not_a_town_elsewhere():
    ts = geoparse("Kapal tenggelam dekat Pulau Mango, Tonga, pada Minggu.", "id")
    (t,) = [t for t in ts if "Mango" in t.text]
    assert t.place is None and "island" in t.reason
    assert any(x.text == "Tonga" and x.place.country_code == "TO" for x in ts)


def test_a_users_own_place_is_seen_without_a_restart():
    import time

    from gazetteer import Gazetteer

    gz = Gazetteer.load()
    text = "Pasukan tiba di Desa Zqxwvykor dekat Kursk."
    (t,) = [t for t in geoparse(text, "id") if "Zqxwvykor" in t.text]
    assert t.place is None  # cached look-ups now say "no such name"
    kursk = gz.lookup("Kursk")[0].place  # a real point near which the user's village lies
    p = gz.user.add("Zqxwvykor", kursk.lat + 0.1, kursk.lon, country="RU")
    try:
        time.sleep(1.1)  # user places are re-read at most once a second
        (t,) = [t for t in geoparse(text, "id") if "Zqxwvykor" in t.text]
        assert t.source == "user" and t.place.id == p.id
    finally:
        gz.user.remove(p.id)


def test_an_unknown_name_after_a_locative_preposition_is_listed_for_the_geocoder():
    ts = geoparse("Banjir merendam rumah warga di Zqxwvkampung, kata petugas.", "id")
    assert [(t.text, t.place) for t in ts] == [("Zqxwvkampung", None)]
    assert ts[0].reason
    ts = geoparse("Homes were flooded in Zqxwvton on Monday.", "en")
    assert [(t.text, t.place) for t in ts] == [("Zqxwvton", None)]
    assert geoparse("The film opens in January.", "en") == []  # a month is no place


def test_a_part_of_a_city_is_spanned_and_resolved_to_the_city():
    got = found("Banjir merendam Jakarta Timur dan Jakarta Selatan sejak pagi.", "id")
    assert set(got) == {"Jakarta Timur", "Jakarta Selatan"}
    assert all(p.name == "Jakarta" for p in got.values())


def test_a_lone_small_town_abroad_is_not_taken_for_a_word():
    text = ("Pakta Pertahanan Atlantik Utara bertemu. Rusia, Ukraina dan Amerika Serikat hadir; "
            "delegasi Korea Utara dan pasukan Korea tiba di Semenanjung Korea.")
    got = found(text, "id")
    assert not any("Atlantik" in k for k in got)  # not Atlantic, Iowa
    assert got.get("Korea") is None  # not Koréa in Côte d'Ivoire
    assert {"Rusia", "Ukraina", "Amerika Serikat", "Korea Utara"} <= set(got)


def test_in_between_two_names_makes_the_second_hold_the_first():
    got = found("The ship carries corn to Tripoli in Lebanon via Istanbul.", "en")
    assert got["Tripoli"].country_code == "LB"
    got = found("The ship carries corn to Tripoli, then to Benghazi.", "en")
    assert got["Tripoli"].country_code == "LY"  # without Lebanon: the capital of Libya


def test_given_names_that_name_a_country_in_some_language_are_people():
    # "Gene", "Alan" and "Keena" are CLDR names of Guinea, the Aland Islands and Kenya in
    # some locale; "Chad" is a country by its own name, but "Chad Johnson" is a man
    got = found("On Tuesday the council chair, Gene Walsh, and his deputy Alan Smith met the "
                "coach, Chad Johnson, at the school. Keenan said the talks went well.", "en")
    assert not any(p is not None and p.precision == "country" for p in got.values()), got
    # the country by its own name, after a preposition, stays a place
    assert found("Aid convoys reached Chad on Monday.", "en")["Chad"].country_code == "TD"


def test_demonyms_take_the_most_prominent_reading_and_press_aliases():
    got = found("Chinese and American diplomats met Egyptians in Geneva.", "en")
    assert got["Chinese"].country_code == "CN" and got["Chinese"].precision == "country"
    assert got["American"].country_code == "US" and got["American"].precision == "country"
    assert got["Egyptians"].country_code == "EG"


def test_party_and_state_abbreviations_after_a_hyphen():
    text = ("Sen. Bob Casey, D-Pa., and Rep. John Roe, R-N.Y., met Gov. Ann Doe, D-Calif., "
            "before the US-China trade talks.")
    got = found(text, "en")
    assert (got["Pa."].precision, got["Pa."].admin1) == ("admin1", "PA")
    assert (got["N.Y."].precision, got["N.Y."].admin1) == ("admin1", "NY")
    assert got["Calif."].admin1 == "CA"
    assert got["US"].country_code == "US" and got["China"].country_code == "CN"
    assert "D-N" not in got and "R-N" not in got


def test_indonesian_unit_words_are_part_of_the_name_and_generic_area_words_are_not():
    from geo.placewords import for_lang

    text = ("Banjir merendam Desa Zyxwabadi di Kecamatan Qorvumbang sejak Senin. "
            "Di India, Wilayah Gujarat juga dilanda banjir.")
    spans = {t.text: t for t in geoparse(text, "id")}
    assert "Desa Zyxwabadi" in spans and spans["Desa Zyxwabadi"].place is None
    assert "Kecamatan Qorvumbang" in spans
    assert spans["Gujarat"].place.country_code == "IN"  # "Wilayah" stays out of the span
    words = for_lang("id")
    # the geocoder is asked the bare name, the same for the first ask and for a retry
    assert words.geocoder_query("Desa Zyxwabadi") == "Zyxwabadi"
    assert words.geocoder_query("Kecamatan Qorvumbang") == "Qorvumbang"
    assert words.geocoder_query("Zyxwabadi") == "Zyxwabadi"


def test_a_surname_that_is_a_big_town_only_under_another_name_is_a_persons():
    # "Cosco" is another spelling of Cusco, "Lewis" a Lewis County's bare name: neither makes
    # the word a place word, so after a given name they are surnames, and alone later too
    got = found("On Monday Kathy Cosco, a spokeswoman for the department, met the aldermen. "
                "Mitch Lewis was not told. Lewis admitted that he had heard of it, Cosco said.",
                "en")
    assert not got, got


def test_jakarta_city_abbreviations_resolve_to_the_province():
    got = found("Banjir merendam sejumlah kelurahan di Jaksel dan Jaktim sejak Senin pagi.", "id")
    for name in ("Jaksel", "Jaktim"):
        assert (got[name].country_code, got[name].precision) == ("ID", "admin1"), got


def test_possessives_inside_names_and_longer_names_before_aliases():
    got = found("Refugees left the camps of Cox's Bazar for Saudi Arabia; St. John's was calm. "
                "Smith's farm and Hill's store stayed shut, Russia's envoy said.", "en")
    assert got["Cox's Bazar"].country_code == "BD"
    assert got["Saudi Arabia"].country_code == "SA" and "Saudi" not in got
    assert got["St. John's"].country_code == "CA"
    # a possessive surname is not a place whose name ends in s (Smiths Station, Hills)
    assert not any(k.startswith(("Smith", "Hill")) for k in got), got
    assert got["Russia"].country_code == "RU"


def test_given_spans_that_are_demonyms_resolve_to_their_country():
    from geo.geoparse import parser_for

    text = "Russian and North Korean troops crossed into Ukraine."
    spans = [(0, 7), (12, 24), (45, 52)]
    got = {t.text: t.place for t in parser_for().parse_spans(text, spans, "en")}
    assert got["Russian"].country_code == "RU" and got["Russian"].precision == "country"
    assert got["North Korean"].country_code == "KP"
    assert got["Ukraine"].country_code == "UA"


def test_a_lowercase_verb_after_a_name_does_not_make_it_an_organisation():
    # "membenarkan" ends like an Indonesian abstract noun ("-an") but is a verb in lower case:
    # "Mark Rutte" stays a person
    got = found("Kepala aliansi NATO Mark Rutte membenarkan kabar itu di Brussel pada Senin.",
                "id")
    assert "Mark" not in got and got["Brussel"].country_code == "BE"


def test_ship_names_after_a_vessel_prefix_are_not_places():
    got = found("Australia sent HMAS Adelaide from Brisbane, and HMNZS Aotearoa left Auckland "
                "for Tonga with water.", "en")
    assert "Adelaide" not in got and "Aotearoa" not in got
    assert {"Australia", "Brisbane", "Auckland", "Tonga"} <= set(got)


def test_gaza_strip_and_west_bank_in_indonesian():
    got = found("Pasukan Israel kembali menyerang Jalur Gaza dan Tepi Barat pada Selasa.", "id")
    assert got["Jalur Gaza"].id == "adm1:PS.GZ" and got["Tepi Barat"].id == "adm1:PS.WE"


def test_a_sea_is_not_the_country_it_is_named_after_and_a_navy_belongs_to_its_country():
    got = found("Kapal Angkatan Laut AS USNS Mercy berlayar di Laut China Selatan menuju Suva.",
                "id")
    assert got["AS"].country_code == "US"
    assert "Laut China Selatan" in got and got["Laut China Selatan"] is None  # for the geocoder
    en = found("Storms churned the Gulf of Mexico as ships left Houston.", "en")
    assert en.get("Gulf of Mexico", "absent") is None or "Mexico" not in en, en


def test_names_before_a_hyphened_participle_keep_their_first_words():
    got = found("A New York-based firm chartered a Sierra Leone-flagged tanker for the Saudi "
                "Arabia-led coalition; Kim Jong-un and Ban Ki-moon were not places.", "en")
    assert got["New York"].country_code == "US"
    assert got["Sierra Leone"].country_code == "SL"
    assert got["Saudi Arabia"].country_code == "SA"
    assert not any("Jong" in k or "Ki-moon" in k or k == "Kim" for k in got), got


def test_a_lower_case_kind_word_after_a_name_stays_out_of_the_span():
    text = "Troops moved into the Kursk region, and later into Kursk Oblast's south."
    got = {t.text: t.place for t in geoparse(text, "en")}
    assert "Kursk" in got and got["Kursk"].precision == "admin1", got  # the region, named so
    assert "Kursk Oblast" in got  # a capitalised kind word is part of the name
    assert "Kursk region" not in got


def test_a_harbour_named_after_a_small_far_town_is_left_for_the_geocoder():
    got = found("The hospital ship left Pearl Harbor for Suva, and ferries crowded Sydney "
                "Harbour.", "en")
    assert "Pearl Harbor" in got and got["Pearl Harbor"] is None  # not Pearl, Mississippi
    assert got["Suva"].country_code == "FJ"
    assert got["Sydney Harbour"].name == "Sydney"  # a big city by its harbour stays the city


def test_seas_and_oceans_are_listed_for_the_geocoder():
    got = found("Grain ships crossed the Black Sea and the Pacific Ocean; the sea was rough.",
                "en")
    assert "Black Sea" in got and got["Black Sea"] is None
    assert "Pacific Ocean" in got and got["Pacific Ocean"] is None
    assert not any(k.lower() == "sea" for k in got)


def test_review_regressions_aliases_cues_and_given_names():
    # an abbreviation alias keeps no same-named towns: "AS" among Belgian places is the US
    got = found("Menteri Belgia bertemu di Brussel dan Antwerpen. Belgia dan AS sepakat.", "id")
    assert got["AS"].country_code == "US"
    # an alias as long as a gazetteer name stays the alias
    assert found("Dia tinggal di DKI Jakarta sekarang.", "id")["DKI Jakarta"].precision == "admin1"
    # a country before a person's name in Indonesian is still the country
    got = found("Presiden Prancis Emmanuel Macron tiba di Jakarta.", "id")
    assert got["Prancis"].country_code == "FR"
    # "Indian Ocean" is a water body for the geocoder, not India
    assert found("Ships crossed the Indian Ocean.", "en") == {"Indian Ocean": None}


def test_review_regressions_towns_named_outright_and_ports_in_their_country():
    assert found("Banks in the city of Zug reported losses.", "en")["Zug"].country_code == "CH"
    got = found("Police in the town of Delaware, Ohio, said.", "en")
    assert got["Delaware"].precision == "city" and got["Delaware"].admin1 == "OH"
    assert found("Drones hit Reni port on the Danube, Ukraine said.",
                 "en")["Reni"].country_code == "UA"


def test_the_geocoder_is_asked_a_water_body_whole_and_a_unit_without_its_word():
    from geo.placewords import for_lang

    assert for_lang("en").geocoder_query("Gulf of Mexico") == "Gulf of Mexico"
    assert for_lang("id").geocoder_query("Laut China Selatan") == "Laut China Selatan"
    assert for_lang("id").geocoder_query("Desa Curahkalak") == "Curahkalak"


def test_demonym_readings_are_cached_per_word_list_not_per_language_code():
    import dataclasses

    from geo.geoparse import parser_for
    from geo.placewords import for_lang

    rec = parser_for().recognizer
    en = for_lang("en")
    other = dataclasses.replace(en, demonym_suffixes=(("ese", "on"),), demonym_endings=("ese",))
    assert rec.demonym("", "Japanese", en)[0] == "japan"
    assert rec.demonym("", "Japanese", other) is None  # same language code, other rules
