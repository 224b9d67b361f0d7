"""The geoparser with the geocoder fallback: a cue-word place the gazetteer lacks is asked of
the (loopback) geocoder; with the service down the mention stays unresolved with its reason."""

from __future__ import annotations

from _fallback_helpers import NominatimServer, closed_port, fictional_place, loopback_config

from gazetteer.fallback import Fallback
from geo.geoparse import geoparse
from geo.ingest import is_network_failure


def village_text(name: str) -> str:
    # "Kampung" is an Indonesian place-type word, "di" and "dekat" cue words (geo/lang data)
    return f"Pasukan Rusia tiba di Kampung {name} dekat Kursk pada hari Senin."


def mention(toponyms, name: str):
    (t,) = [t for t in toponyms if name in t.text]
    return t


def test_missing_village_is_resolved_by_the_geocoder(tmp_path):
    village = fictional_place("RU")
    name = village["name"]
    with NominatimServer() as srv:
        srv.extra[name.casefold()] = [village]
        fb = Fallback(loopback_config(srv.domain), db_path=str(tmp_path / "p.sqlite"))
        without = mention(geoparse(village_text(name), "id"), name)
        assert without.place is None  # the gazetteer alone does not know it
        t = mention(geoparse(village_text(name), "id", fallback=fb), name)
        asked = [r.params["q"] for r in srv.log]
    assert t.source == "geocoder" and t.place is not None
    assert t.place.id == f"geocoder:nominatim:N{village['geonameid']}"
    assert (t.place.lat, t.place.lon) == (village["latitude"], village["longitude"])
    assert any(name in q for q in asked)
    # Kursk came from the gazetteer, not the network
    assert mention(geoparse(village_text(name), "id", fallback=fb), "Kursk").source == "gazetteer"


def test_geocoder_down_leaves_the_mention_unresolved_with_a_reason(tmp_path):
    name = fictional_place("RU")["name"]
    cfg = loopback_config(f"127.0.0.1:{closed_port()}", max_retries=1)
    fb = Fallback(cfg, db_path=str(tmp_path / "p.sqlite"))
    toponyms = geoparse(village_text(name), "id", fallback=fb)
    t = mention(toponyms, name)
    assert t.place is None and t.reason and "unreachable" in t.reason
    assert mention(toponyms, "Kursk").place is not None  # the rest of the article is intact
    assert is_network_failure(t)  # what `geomap resolve --retry` will pick up
