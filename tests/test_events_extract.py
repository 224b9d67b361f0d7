"""Events and routes end to end: real gazetteer, real geoparser, our own example articles, the
seed article (skipped without ../shared) and `geomap extract`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _events_helpers import check_country_point, check_kursk_facts, one
from click.testing import CliRunner

from geo.extract import extract
from geo.models import EVENT_TYPES, MODALITIES, TIME_PRECISIONS
from geo.reader import read_article

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def gz():
    from gazetteer import Gazetteer

    return Gazetteer.load()


def run(gz, text: str, lang: str, published: str | None = "2024-10-29"):
    art = read_article(text, source="test", lang=lang, published=published)
    return extract(art, gazetteer=gz)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_our_kursk_articles_yield_the_facts(gz, lang):
    path = EXAMPLES / f"dprk-troops-{lang}.txt"
    art = read_article(path.read_bytes(), source=str(path), published="2024-10-29")
    assert art.lang == lang  # detected offline
    ex = extract(art, gazetteer=gz)
    check_kursk_facts(ex, gz)
    for e in ex.events:
        assert e.type in EVENT_TYPES and e.subtype in EVENT_TYPES[e.type]
        assert e.modality in MODALITIES
        assert e.time_precision is None or e.time_precision in TIME_PRECISIONS


@pytest.mark.shared
def test_seed_article_yields_the_facts(gz, seed_text):
    art = read_article(seed_text, source="seed:kursk-id.txt")  # no date, no language given
    assert art.lang == "id"
    check_kursk_facts(extract(art, gazetteer=gz), gz)


def test_ids_are_deterministic(gz):
    text = (EXAMPLES / "dprk-troops-en.txt").read_text(encoding="utf-8")
    a, b = run(gz, text, "en"), run(gz, text, "en")
    assert [e.id for e in a.events] == [e.id for e in b.events]
    assert [r.id for r in a.routes] == [r.id for r in b.routes]
    assert len({e.id for e in a.events}) == len(a.events)
    c = run(gz, text + "\nOne more line.", "en")
    assert not {e.id for e in a.events} & {e.id for e in c.events}  # another article


def test_shipment_with_via_and_relative_date(gz):
    ex = run(gz, "Japan flew 40 tonnes of relief supplies from Tokyo to Manila via Okinawa "
                 "last week, officials said.", "en", published="2024-03-15")
    ev = one([e for e in ex.events if e.type == "cooperation"], "aid event")
    assert ev.subtype == "humanitarian_aid" and ev.place.name == "Manila"
    assert ev.date.isoformat() == "2024-03-08" and ev.time_precision == "week"
    assert any(q.value == 40 and q.unit == "t" for q in ev.quantities)
    (r,) = ex.routes
    assert (r.origin.name, r.destination.name, r.mode) == ("Tokyo", "Manila", "aid")
    assert [v.country_code for v in r.via] == ["JP"]


def test_indonesian_evacuation_is_located_where_people_leave(gz):
    ex = run(gz, "Sebanyak 1.200 warga dievakuasi dari Palu ke Makassar pada Jumat, "
                 "3 Mei 2024.", "id")
    ev = one([e for e in ex.events if e.type == "evacuation"], "evacuation")
    assert ev.place.name == "Palu" and ev.date.isoformat() == "2024-05-03"
    assert ev.quantities[0].value == 1200 and ev.quantities[0].what == "residents"
    (r,) = ex.routes
    assert (r.origin.name, r.destination.name, r.mode) == ("Palu", "Makassar", "evacuation")


def test_denial_negation_and_relative_clause(gz):
    # the thing denied is not a second event
    ex = run(gz, "The Kremlin denied the deployment of troops to Belarus.", "en")
    assert [(e.type, e.subtype) for e in ex.events] == [("statement", "denial")]
    # "did not deny" is no denial
    ex = run(gz, "Putin did not deny that soldiers had arrived in Kursk.", "en")
    assert all(e.subtype != "denial" for e in ex.events)
    assert any(e.subtype == "arrival" and e.place.name == "Kursk" for e in ex.events)
    # "pasukan yang tiba di sana" describes the troops; the appeal is the event
    ex = run(gz, "Ukraina meminta pasukan Rusia yang tiba di sana untuk segera menyerah.", "id")
    assert [(e.type, e.subtype) for e in ex.events] == [("appeal", "surrender_call")]


def test_follow_up_sentences_merge_into_one_event(gz):
    text = ("About 3,000 Chinese soldiers arrived in Vientiane, Laos. "
            "Officials confirmed the arrival on June 3, 2024.")
    ex = run(gz, text, "en")
    (ev,) = [e for e in ex.events if e.type == "deployment"]
    assert ev.modality == "confirmed" and ev.date.isoformat() == "2024-06-03"
    assert ev.evidence.start == 0 and ev.evidence.end == len(text)
    (r,) = ex.routes
    check_country_point(gz, r.origin, "CN")
    assert r.destination.name == "Vientiane"


def test_route_within_a_country_needs_two_places(gz):
    # "from Khartoum ... in Sudan" is no journey; a country-level end in the same country
    ex = run(gz, "Indonesia evacuated 500 citizens from Khartoum as fighting continued in "
                 "Sudan.", "en")
    assert ex.routes == []
    assert one([e for e in ex.events if e.type == "evacuation"], "evac").place.name == "Khartoum"


# ---------------------------------------------------------------- CLI


def test_cli_extract_json_with_antimeridian_geometry():
    from geo.cli import cli

    res = CliRunner().invoke(cli, ["extract", str(EXAMPLES / "tonga-en.txt"), "--offline",
                                   "--published", "2022-01-20", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["article"]["lang"] == "en" and data["article"]["published"].startswith("2022")
    pacific = one([r for r in data["routes"] if r["origin"]["name"] == "Auckland"], "route")
    assert pacific["destination"]["country_code"] == "TO"
    assert pacific["geometry"]["type"] == "MultiLineString"
    for line in pacific["geometry"]["coordinates"]:
        assert all(-180 <= lon <= 180 for lon, _ in line)
    assert all(e["evidence"]["sentence"] for e in data["events"])


def test_cli_extract_stdin_and_table():
    from geo.cli import cli

    text = (EXAMPLES / "cianjur-id.txt").read_bytes()
    res = CliRunner().invoke(cli, ["extract", "-", "--offline", "--lang", "id"], input=text)
    assert res.exit_code == 0, res.output
    assert "Cianjur" in res.output and "earthquake" in res.output


def test_cli_extract_bad_inputs(tmp_path):
    from geo.cli import cli

    runner = CliRunner()
    res = runner.invoke(cli, ["extract", str(tmp_path / "missing.txt"), "--offline"])
    assert res.exit_code != 0 and "missing.txt" in res.output and "Traceback" not in res.output
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    res = runner.invoke(cli, ["extract", str(binary), "--offline", "--json"])
    assert res.exit_code != 0 and "photo.jpg" in res.output and "binary" in res.output
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = runner.invoke(cli, ["extract", str(empty), "--offline"])
    assert res.exit_code != 0 and "empty" in res.output


def test_two_destinations_and_a_date_counted_from_the_one_before(gz):
    text = ("A wildfire forced 5,000 residents to leave Yellowknife on August 17, 2023. "
            "Two days later, airlines evacuated patients from Yellowknife to Calgary and "
            "Edmonton.")
    ex = run(gz, text, "en", published="2023-08-21")
    ends = sorted(r.destination.name for r in ex.routes)
    assert ends == ["Calgary", "Edmonton"]
    assert {r.origin.name for r in ex.routes} == {"Yellowknife"}
    assert {r.date.isoformat() for r in ex.routes} == {"2023-08-19"}
    assert len({r.id for r in ex.routes}) == 2


def test_repeated_place_name_keeps_its_place(gz):
    from geo.events import repeated_mentions
    from geo.lexicon import load_lexicon
    from geo.models import Toponym

    text = "Banjir melanda Kabupaten Demak. Bantuan dikirim dari Semarang ke Demak."
    demak = one([c.place for c in gz.lookup("Demak", country="ID")], "Demak")
    first = Toponym(15, 30, "Kabupaten Demak", demak, 0.9, "gazetteer")
    (again,) = repeated_mentions(text, [first], load_lexicon("id"))
    assert text[again.start : again.end] == "Demak" and again.start > 30
    assert again.place == demak and again.source == "discourse"
    ex = run(gz, text, "id")
    assert [(r.origin.name, r.destination.name) for r in ex.routes] == [("Semarang", "Demak")]


def test_planned_weekday_is_the_coming_one(gz):
    ex = run(gz, "The navy will send 300 troops from Manila to Naga on Friday.", "en",
             published="2024-10-23")  # a Wednesday
    (ev,) = [e for e in ex.events if e.type == "deployment"]
    assert ev.modality == "planned" and ev.date.isoformat() == "2024-10-25"
    ex = run(gz, "The navy sent 300 troops from Manila to Naga on Friday.", "en",
             published="2024-10-23")
    (ev,) = [e for e in ex.events if e.type == "deployment"]
    assert ev.modality == "reported" and ev.date.isoformat() == "2024-10-18"


def test_cli_extract_html_with_flags(tmp_path):
    from geo.cli import cli

    page = tmp_path / "story.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Aid for Tonga</title></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Aid for Tonga</h1>"
        "<p>New Zealand sent 40 tonnes of relief supplies from Auckland to Nuku'alofa on "
        "Tuesday, January 18, 2022, officials said.</p>"
        "<p>The aid was unloaded at the port of Nuku'alofa the next day.</p></article>"
        "<footer>Copyright Example News</footer></body></html>", encoding="utf-8")
    res = CliRunner().invoke(cli, ["extract", str(page), "--offline", "--json",
                                   "--url", "https://example.org/tonga"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["article"]["title"] == "Aid for Tonga"
    assert data["article"]["url"] == "https://example.org/tonga"
    ev = one([e for e in data["events"] if e["type"] == "cooperation"], "aid")
    assert ev["date"] == "2022-01-18" and "Copyright" not in ev["evidence"]["sentence"]
    (route,) = data["routes"]
    assert route["origin"]["name"] == "Auckland"
    assert route["geometry"]["type"] == "MultiLineString"
