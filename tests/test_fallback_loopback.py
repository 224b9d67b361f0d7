"""The geocoder fallback against a real loopback HTTP server speaking Nominatim's /search JSON."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from _fallback_helpers import (
    USER_AGENT,
    NominatimServer,
    cities,
    city_names,
    closed_port,
    loopback_config,
    shared_name,
)

from gazetteer.fallback import Fallback
from gazetteer.geocache import Question


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "places.sqlite")


@pytest.fixture
def srv():
    with NominatimServer() as s:
        yield s


def nowhere() -> str:
    """A name no gazetteer has (random, so no test can depend on a particular string)."""
    return f"Qx{uuid.uuid4().hex[:10]}"


def test_found_becomes_a_place_with_provenance(srv, db):
    name = city_names("ID", 1)[0]
    city = cities()[name.casefold()]
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    r = fb.geocode(name, lang="id", country_bias="id")
    assert r.status == "found" and not r.cached and r.attempts == 1
    p = r.place
    assert (p.lat, p.lon) == (city["latitude"], city["longitude"])
    assert p.id == f"geocoder:nominatim:N{city['geonameid']}"
    assert p.source == "geocoder" and p.country_code == "ID" and p.precision == "city"
    assert p.feature_class == "P"
    assert p.extra["provider"] == "nominatim" and p.extra["osm_id"] == city["geonameid"]
    assert p.extra["display_name"].startswith(name) and len(p.extra["bbox"]) == 4
    assert 0 < p.extra["importance"] <= 1
    (req,) = srv.log
    assert req.path == "/search" and req.user_agent == USER_AGENT
    assert req.params["q"] == name and req.params["accept-language"] == "id"
    assert "countrycodes" not in req.params and req.params["format"] == "json"
    assert req.params["addressdetails"] == "1"
    kept = fb.cache.get(Question(fb.endpoint, "nominatim", name, "id", ("id",)), with_raw=True)
    assert kept.status == "found" and kept.raw["osm_id"] == city["geonameid"]  # raw reply kept


def test_country_bias_prefers_without_restricting(srv, db):
    name, biggest, other = shared_name()
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    plain = fb.geocode(name)
    assert plain.place.id == f"geocoder:nominatim:N{biggest['geonameid']}"
    biased = fb.geocode(name, country_bias=other["countrycode"])
    assert biased.place.id == f"geocoder:nominatim:N{other['geonameid']}"
    assert biased.place.country_code == other["countrycode"]
    # a bias towards a country without such a name still finds the name elsewhere
    elsewhere = fb.geocode(name, country_bias="aq")
    assert elsewhere.status == "found" and elsewhere.place.id == plain.place.id
    assert len(srv.log) == 3 and int(srv.log[1].params["limit"]) > 1


def test_not_found_is_kept_as_an_answer(srv, db):
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    name = nowhere()
    r = fb.geocode(name)
    assert r.status == "not_found" and r.place is None and "no match" in r.reason
    again = fb.geocode(name.upper())  # same question: normalised key
    assert again.status == "not_found" and again.cached
    assert len(srv.log) == 1


def test_second_run_is_served_from_cache_with_zero_requests(srv, db):
    names = city_names("RU", 3) + [nowhere()]
    first = [Fallback(loopback_config(srv.domain), db_path=db).geocode(n) for n in names]
    assert len(srv.log) == len(names)
    fb2 = Fallback(loopback_config(srv.domain), db_path=db)  # a new process would do the same
    second = [fb2.geocode(n) for n in names]
    assert len(srv.log) == len(names)  # no request at all
    assert all(r.cached for r in second)
    assert [r.status for r in second] == [r.status for r in first]
    assert [r.place for r in second] == [r.place for r in first]
    assert second[0].place.extra["bbox"] == first[0].place.extra["bbox"]
    # kept with query, language, provider and time in the shared places file
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT query, language, provider, asked_at FROM geocoder_answers")
        rows = rows.fetchall()
    assert {r[0] for r in rows} == set(names) and all(r[2] == "nominatim" and r[3] for r in rows)


def test_threads_asking_the_same_name_make_one_request(srv, db):
    name = city_names("ID", 9)[8]
    srv.script[name] = [("slow", 0.3), "answer"]
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: fb.geocode(name), range(8)))
    assert {r.status for r in results} == {"found"}
    assert sum(not r.cached for r in results) == 1
    assert len(srv.requests_for(name)) == 1


def test_offline_mode_makes_no_request_and_serves_cached_answers(srv, db):
    known = city_names("ID", 2)[1]
    Fallback(loopback_config(srv.domain), db_path=db).geocode(known)
    assert len(srv.log) == 1
    off = Fallback(loopback_config(srv.domain, offline=True), db_path=db)
    assert off.geocode(known).status == "found"
    r = off.geocode(nowhere())
    assert r.status == "offline" and "not in the cache" in r.reason
    assert len(srv.log) == 1


def test_429_honours_retry_after_then_succeeds(srv, db):
    name = city_names("ID", 3)[2]
    srv.script[name] = [("status", 429, {"Retry-After": "1"}), "answer"]
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    r = fb.geocode(name)
    assert r.status == "found" and r.attempts == 2
    first, second = srv.requests_for(name)
    assert second.t - first.t >= 1.0 - 0.05  # waited at least what Retry-After asked


def test_429_without_retry_after_backs_off_and_succeeds(srv, db):
    name = city_names("RU", 7)[6]
    srv.script[name] = [("status", 429, {}), "answer"]
    r = Fallback(loopback_config(srv.domain, backoff_base=0.2), db_path=db).geocode(name)
    assert r.status == "found" and r.attempts == 2
    first, second = srv.requests_for(name)
    assert second.t - first.t >= 0.2 - 0.01  # the exponential backoff's first step


def test_nominatim_error_object_is_a_query_error_not_retried(srv, db):
    name = nowhere()
    srv.script[name] = ["error_object"]
    cfg = loopback_config(srv.domain, max_retries=3, breaker_threshold=1)
    fb = Fallback(cfg, db_path=db)
    r = fb.geocode(name)
    assert r.status == "error" and "cannot handle" in r.reason
    assert len(srv.requests_for(name)) == 1
    assert fb.geocode(nowhere()).status == "not_found"  # a query's fault: breaker stays shut


def test_429_asking_for_more_than_the_cap_gives_up_with_reason(srv, db):
    name = nowhere()
    srv.script[name] = [("status", 429, {"Retry-After": "3600"})]
    r = Fallback(loopback_config(srv.domain), db_path=db).geocode(name)
    assert r.status == "error" and "429" in r.reason and "3600" in r.reason
    assert len(srv.requests_for(name)) == 1


@pytest.mark.parametrize("code", [500, 502, 503])
def test_5xx_then_success_after_retries(srv, db, code):
    name = city_names("RU", 2)[1]
    srv.script[name] = [("status", code, {}), ("status", code, {}), "answer"]
    r = Fallback(loopback_config(srv.domain, max_retries=2), db_path=db).geocode(name)
    assert r.status == "found" and r.attempts == 3
    reqs = srv.requests_for(name)
    assert len(reqs) == 3
    # exponential backoff: the second pause is at least twice the base
    assert reqs[1].t - reqs[0].t >= 0.05 - 0.01 and reqs[2].t - reqs[1].t >= 0.10 - 0.01


@pytest.mark.parametrize("code", [500, 502, 503])
def test_5xx_permanent_failure_is_recorded_not_cached(srv, db, code):
    name = city_names("ID", 4)[3]
    srv.script[name] = [("status", code, {}), ("status", code, {}), ("status", code, {}), "answer"]
    fb = Fallback(loopback_config(srv.domain, max_retries=2), db_path=db)
    r = fb.geocode(name)
    assert r.status == "error" and str(code) in r.reason and "3 attempts" in r.reason
    assert len(srv.requests_for(name)) == 3
    # recorded: asking again without retry_errors makes no request and repeats the reason
    again = fb.geocode(name)
    assert again.status == "error" and again.cached and again.reason == r.reason
    assert len(srv.requests_for(name)) == 3
    # retry_errors asks again (the server now answers) and the answer replaces the error
    retried = fb.geocode(name, retry_errors=True)
    assert retried.status == "found" and not retried.cached
    assert fb.geocode(name).status == "found" and fb.cache.errors() == []


def test_other_4xx_is_not_retried(srv, db):
    name = nowhere()
    srv.script[name] = [("status", 403, {}), "answer"]
    fb = Fallback(loopback_config(srv.domain, max_retries=3, breaker_threshold=1), db_path=db)
    r = fb.geocode(name)
    assert r.status == "error" and "403" in r.reason
    assert len(srv.requests_for(name)) == 1
    # a 403 says the service refuses us, not this query: the breaker counts it
    assert fb.geocode(nowhere()).status == "breaker_open" and len(srv.log) == 1


def test_reply_slower_than_timeout(srv, db):
    name = city_names("ID", 5)[4]
    srv.script[name] = [("slow", 1.5), "answer"]
    fb = Fallback(loopback_config(srv.domain, timeout=0.3, max_retries=0), db_path=db)
    r = fb.geocode(name)
    assert r.status == "error" and "timed out" in r.reason
    retried = Fallback(loopback_config(srv.domain, timeout=0.3), db_path=db)
    assert retried.geocode(name, retry_errors=True).status == "found"


def test_malformed_json_is_an_error_not_a_crash(srv, db):
    name = city_names("ID", 6)[5]
    srv.script[name] = ["malformed"]
    r = Fallback(loopback_config(srv.domain, max_retries=3), db_path=db).geocode(name)
    assert r.status == "error" and "malformed" in r.reason
    assert len(srv.requests_for(name)) == 1  # the same bytes would come back: not retried


def test_connection_refused(db):
    cfg = loopback_config(f"127.0.0.1:{closed_port()}", max_retries=1)
    r = Fallback(cfg, db_path=db).geocode("Anywhere")
    assert r.status == "error" and "unreachable" in r.reason and r.attempts == 2


def test_breaker_opens_after_consecutive_failures_and_half_opens(srv, db):
    srv.default = ("status", 500, {})
    cfg = loopback_config(srv.domain, max_retries=0, breaker_threshold=3, breaker_cooldown=0.5)
    fb = Fallback(cfg, db_path=db)
    names = [nowhere() for _ in range(5)]
    statuses = [fb.geocode(n).status for n in names]
    assert statuses == ["error"] * 3 + ["breaker_open"] * 2
    assert len(srv.log) == 3
    assert "3 times in a row" in fb.geocode(names[4]).reason
    srv.default = "answer"
    time.sleep(0.6)  # the cooldown passes: one trial goes out and closes the breaker
    assert fb.geocode(names[3]).status == "not_found"
    assert fb.geocode(names[4]).status == "not_found"
    assert len(srv.log) == 5


def test_query_budget_per_article(srv, db):
    fb = Fallback(loopback_config(srv.domain, max_queries_per_article=2), db_path=db)
    a, b, c = city_names("RU", 5)[2:5]
    fb.new_article()
    assert [fb.geocode(n).status for n in (a, b, c)] == ["found", "found", "budget"]
    assert fb.geocode(a).status == "found"  # cached answers cost nothing
    assert len(srv.log) == 2
    fb.new_article()
    assert fb.geocode(c).status == "found"
    assert len(srv.log) == 3


def test_burst_of_20_names_goes_out_at_most_one_per_second(srv, db):
    names = city_names("ID", 40)[20:40]
    assert len(set(names)) == 20
    cfg = loopback_config(srv.domain, min_delay_seconds=1.0, timeout=10.0)
    fb = Fallback(cfg, db_path=db)
    results = [fb.geocode(n) for n in names]
    assert [r.status for r in results] == ["found"] * 20, [r.reason for r in results]
    times = sorted(r.t for r in srv.log)
    assert len(times) >= 20  # (more only if a reply was lost and retried: still paced)
    # Lower bounds, not speed asserts: request j goes out at least (j - i) s after request i.
    # The client paces send times exactly; receive times add scheduling jitter on a shared
    # machine, which does not accumulate, hence one fixed tolerance for every pair.
    jitter = 0.25
    for i, a in enumerate(times):
        for j in range(i + 1, len(times)):
            assert times[j] - a >= (j - i) * 1.0 - jitter, (i, j, times[j] - a)


_WORKER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from _fallback_helpers import loopback_config
from gazetteer.fallback import Fallback
cfg = loopback_config(sys.argv[2], min_delay_seconds=0.5, timeout=10.0)
fb = Fallback(cfg, db_path=sys.argv[3])
bad = [n for n in sys.argv[4:] if fb.geocode(n).status != "found"]
sys.exit(len(bad))
"""


def test_two_processes_sharing_the_places_file_share_the_pace(srv, db):
    """Two `geomap add` at once must not double the request rate: pacing lives in the file."""
    names = city_names("RU", 20)[10:18]
    tests_dir = str(Path(__file__).parent)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, tests_dir, srv.domain, db, *part])
        for part in (names[:4], names[4:])
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    times = sorted(r.t for r in srv.log)
    assert len(times) == 8
    jitter = 0.2
    for i, a in enumerate(times):
        for j in range(i + 1, len(times)):
            assert times[j] - a >= (j - i) * 0.5 - jitter, (i, j, times[j] - a)


SAMPLE_AGENTS = [None, "", "my_app/1", "geopy/2.5.0", "specify_your_app_name_here"]


@pytest.mark.parametrize("agent", SAMPLE_AGENTS)
def test_sample_or_missing_user_agent_is_refused_without_request(srv, db, agent):
    fb = Fallback(loopback_config(srv.domain, user_agent=agent), db_path=db)
    r = fb.geocode(city_names("ID", 1)[0])
    assert r.status == "refused"
    assert "geomap.toml" in r.reason and "GEOMAP_GEOCODER_USER_AGENT" in r.reason
    assert "--user-agent" in r.reason
    assert srv.log == []


@pytest.mark.parametrize("bad", ["", "   ", "a\x00b", "x" * 500, b"bytes"])
def test_bad_names_are_refused_without_request(srv, db, bad):
    r = Fallback(loopback_config(srv.domain), db_path=db).geocode(bad)
    assert r.status == "refused" and r.reason
    assert srv.log == []


def test_errors_never_replace_a_kept_answer(srv, db):
    name = city_names("ID", 7)[6]
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    assert fb.geocode(name).status == "found"
    fb.cache.put_error(Question(fb.endpoint, "nominatim", name), "late failure")
    assert fb.geocode(name).status == "found"


def test_stdlib_adapter_when_requests_is_absent(srv, db, monkeypatch):
    """geopy falls back to urllib without `requests`: same statuses and reasons."""
    from geopy.adapters import RequestsAdapter

    monkeypatch.setattr(RequestsAdapter, "is_available", False)
    name, sick = city_names("ID", 11)[9:11]
    srv.script[sick] = [("status", 503, {}), "answer"]
    fb = Fallback(loopback_config(srv.domain), db_path=db)
    assert type(fb.backend.geocoder().adapter).__name__ == "URLLibAdapter"
    assert fb.geocode(name).status == "found"
    r = fb.geocode(sick)
    assert r.status == "found" and r.attempts == 2
    down = Fallback(loopback_config(f"127.0.0.1:{closed_port()}", max_retries=0), db_path=db)
    r = down.geocode(name + " x")
    assert r.status == "error" and "unreachable" in r.reason
