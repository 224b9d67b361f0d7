"""`geomap resolve --retry`: mentions whose geocoder look-up failed for a network reason are
asked again (a real loopback server speaking Nominatim's /search JSON); found places locate
the events that needed them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest
from _store_helpers import reply, serve

# A made-up town, a made-up position: the fake service's only answer.
TOWN, LAT, LON = "Zorvik", 1.25, 2.5
TEXT = f"About 300 troops from Indonesia arrived in the village of {TOWN} on 3 March 2024.\n"


class Nominatim(BaseHTTPRequestHandler):
    mode = "down"  # "down": 503 for everything; "up": answers
    queries: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server API
        q = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        type(self).queries.append(q)
        if type(self).mode == "down":
            self.send_error(503)
            return
        found = q.strip().lower() == TOWN.lower()
        body = json.dumps([{
            "place_id": 1, "osm_type": "node", "osm_id": 4242, "lat": str(LAT),
            "lon": str(LON), "display_name": TOWN, "name": TOWN, "class": "place",
            "type": "town", "addresstype": "town", "importance": 0.4,
            "boundingbox": [str(LAT - 0.05), str(LAT + 0.05), str(LON - 0.05), str(LON + 0.05)],
            "address": {"town": TOWN, "country_code": "zz"},
        }] if found else []).encode()  # fmt: skip
        reply(self, body, "application/json")

    def log_message(self, *a):
        pass


@pytest.fixture()
def nominatim(tmp_path):
    srv, base = serve(Nominatim)
    Nominatim.queries = []
    env = dict(os.environ)
    env.update({
        "GEOMAP_GEOCODER_DOMAIN": base.removeprefix("http://"),
        "GEOMAP_GEOCODER_SCHEME": "http",
        "GEOMAP_GEOCODER_USER_AGENT": "geomap-store-tests/1.0 (loopback only)",
        "GEOMAP_GEOCODER_MIN_DELAY_SECONDS": "0",
        "GEOMAP_GEOCODER_MAX_RETRIES": "0",
        "GEOMAP_GEOCODER_TIMEOUT": "5",
        "GEOMAP_PLACES_DB": str(tmp_path / "places.sqlite"),
    })  # fmt: skip
    yield env
    srv.shutdown()


def geomap(env, *args):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True,
                          env=env, timeout=300)  # fmt: skip


def test_retry_finds_the_place_and_the_event_appears(nominatim, tmp_path):
    env, db = nominatim, str(tmp_path / "r.sqlite")
    art = tmp_path / "zorvik.txt"
    art.write_text(TEXT, encoding="utf-8")
    Nominatim.mode = "down"
    res = geomap(env, "add", str(art), "--store", db, "--json")
    assert res.returncode == 0, res.stderr
    first = json.loads(res.stdout)
    assert first["articles"] == 1 and TOWN in first["unresolved_names"]
    assert TOWN in Nominatim.queries  # the fallback was really asked, and failed
    waiting = json.loads(geomap(env, "resolve", "--store", db, "--json").stdout)
    assert [m["text"] for m in waiting] == [TOWN]
    assert "503" in waiting[0]["reason"]
    before = json.loads(geomap(env, "events", "list", "--store", db, "--json").stdout)
    assert all(e["place_name"] != TOWN for e in before)

    # still down: the mention keeps waiting, nothing is lost
    res = geomap(env, "resolve", "--retry", "--store", db, "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["still_failing"] == 1
    assert len(json.loads(geomap(env, "resolve", "--store", db, "--json").stdout)) == 1

    Nominatim.mode = "up"
    res = geomap(env, "resolve", "--retry", "--store", db, "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert (out["tried"], out["found"], out["articles_reread"]) == (1, 1, 1)
    assert json.loads(geomap(env, "resolve", "--store", db, "--json").stdout) == []
    after = json.loads(geomap(env, "events", "list", "--store", db, "--json").stdout)
    located = [e for e in after if e["place_name"] == TOWN]
    assert located and (located[0]["lat"], located[0]["lon"]) == (LAT, LON)
    assert len(after) == len(before) + out["events_added"]
    # a second retry has nothing to do and asks nobody
    n = len(Nominatim.queries)
    out = json.loads(geomap(env, "resolve", "--retry", "--store", db, "--json").stdout)
    assert out["tried"] == 0 and len(Nominatim.queries) == n
