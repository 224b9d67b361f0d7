"""The fallback's parts one by one: configuration layers, pacing, backoff, breaker, precision,
the generic any-geopy-service adapter (against a loopback Photon endpoint) and the cache file."""

from __future__ import annotations

import sqlite3

import pytest
from _fallback_helpers import NominatimServer, cities, city_names, loopback_config

from gazetteer.config import ConfigError, GeocoderConfig, load_config
from gazetteer.fallback import Fallback
from gazetteer.geocache import GeoCacheError
from gazetteer.geocoders import GeopyServiceBackend, NominatimBackend, backend_for
from gazetteer.geocoders.base import bbox_diagonal_km, derive_precision, feature_of
from gazetteer.politeness import Backoff, CircuitBreaker, SharedRateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s


@pytest.fixture
def no_env(monkeypatch, tmp_path):
    """No GEOMAP_GEOCODER_* variables and no geomap.toml from the developer's machine."""
    import os

    for var in list(os.environ):
        if var.startswith("GEOMAP_GEOCODER_") or var == "GEOMAP_CONFIG":
            monkeypatch.delenv(var)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return monkeypatch


# --- configuration ------------------------------------------------
def test_config_layers_file_then_env_then_overrides(no_env, tmp_path):
    f = tmp_path / "custom.toml"
    f.write_text(
        '[geocoder]\nprovider = "Nominatim"\nuser_agent = "from-file/1"\nlanguage = "id"\n'
        'country_bias = ["ID", "ru"]\ntimeout = 5\nmax_retries = 1\n'
        '[geocoder.options]\nproxies = {}\n',
        encoding="utf-8",
    )
    no_env.setenv("GEOMAP_GEOCODER_USER_AGENT", "from-env/2")
    no_env.setenv("GEOMAP_GEOCODER_OFFLINE", "yes")
    cfg = load_config(f, timeout=7.5, language=None)
    assert cfg.provider == "nominatim" and cfg.country_bias == ("id", "ru")
    assert cfg.user_agent == "from-env/2" and cfg.offline is True
    assert cfg.timeout == 7.5 and cfg.language == "id" and cfg.max_retries == 1
    assert cfg.options == {"proxies": {}}
    assert cfg.sources["timeout"] == "flag"
    assert cfg.sources["user_agent"] == "env:GEOMAP_GEOCODER_USER_AGENT"
    assert cfg.sources["language"] == f"file:{f}" and cfg.sources["domain"] == "default"


def test_config_found_in_cwd_and_via_geomap_config(no_env, tmp_path):
    assert load_config().user_agent is None
    (tmp_path / "geomap.toml").write_text('[geocoder]\nuser_agent = "cwd/1"\n', encoding="utf-8")
    assert load_config().user_agent == "cwd/1"
    other = tmp_path / "elsewhere.toml"
    other.write_text('[geocoder]\nuser_agent = "named/1"\n', encoding="utf-8")
    no_env.setenv("GEOMAP_CONFIG", str(other))
    assert load_config().user_agent == "named/1"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[geocoder]\ntimeout = -1\n", "timeout"),
        ("[geocoder]\ntimeuot = 3\n", "unknown geocoder setting 'timeuot'"),
        ("[geocoder]\ncountry_bias = 'indonesia'\n", "country_bias"),
        ("[geocoder\n", "cannot read"),
        ("geocoder = 3\n", "must be a table"),
    ],
)
def test_bad_config_file_names_the_file_and_setting(no_env, tmp_path, text, needle):
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(f)
    assert str(f) in str(e.value) and needle in str(e.value)


def test_bad_env_value_names_the_variable(no_env):
    no_env.setenv("GEOMAP_GEOCODER_MAX_RETRIES", "many")
    with pytest.raises(ConfigError, match="GEOMAP_GEOCODER_MAX_RETRIES"):
        load_config()


def test_min_delay_defaults_per_provider(no_env):
    assert load_config().min_delay == 1.0  # Nominatim's usage policy
    assert load_config(provider="photon").min_delay < 1.0
    assert load_config(min_delay_seconds=2.5).min_delay == 2.5


def test_api_key_is_masked_when_shown():
    d = GeocoderConfig(api_key="secret-key-123").to_dict()
    assert "secret-key-123" not in str(d) and d["api_key"].startswith("sec")


# --- pacing, backoff, breaker --------------------------------------------------------------------
def test_shared_rate_limiter_is_one_per_file_and_endpoint_and_keeps_the_stricter_delay(tmp_path):
    a = SharedRateLimiter.shared(tmp_path / "x.sqlite", "ep", 0.5)
    b = SharedRateLimiter.shared(tmp_path / "x.sqlite", "ep", 1.0)
    assert a is b and a.min_delay == 1.0
    assert SharedRateLimiter.shared(tmp_path / "x.sqlite", "other", 0.5) is not a
    assert SharedRateLimiter.shared(tmp_path / "y.sqlite", "ep", 0.5) is not a


def test_shared_rate_limiter_keeps_the_slot_in_the_file(tmp_path):
    clock = FakeClock()
    db = tmp_path / "pace.sqlite"
    a = SharedRateLimiter(db, "ep", 1.0, clock=clock, sleep=clock.sleep)
    b = SharedRateLimiter(db, "ep", 1.0, clock=clock, sleep=clock.sleep)  # "another process"
    assert a.wait() == 0.0
    clock.now += 0.25
    assert b.wait() == pytest.approx(0.75)  # b sees the slot a took
    b.hold_off(30.0)
    assert a.wait() == pytest.approx(30.0)
    assert SharedRateLimiter(db, "other", 1.0, clock=clock, sleep=clock.sleep).wait() == 0.0
    a.hold_off(10**6)  # a slot far beyond max_hold is a clock jump, not a wait
    assert b.wait() == 0.0


def test_backoff_is_exponential_capped_and_retry_after_wins():
    b = Backoff(base=1.0, cap=5.0)
    assert [b.delay(i) for i in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert b.delay(0, retry_after=30) == 30.0


def test_breaker_opens_half_opens_once_and_closes():
    clock = FakeClock()
    br = CircuitBreaker(threshold=2, cooldown=10.0, clock=clock)
    br.failure()
    assert br.allow()
    br.failure()
    assert br.state == "open" and not br.allow()
    clock.now += 10.0
    assert br.allow()  # the one trial
    assert not br.allow()  # the others wait for its outcome
    br.success()
    assert br.state == "closed" and br.allow()


# --- precision ------------------------------------------------
def box(km: float) -> tuple[float, float, float, float]:
    """A box around the equator whose diagonal is about ``km`` (synthetic, no real place)."""
    half = km / 111.195 / 2 / 2**0.5
    return (-half, half, -half, half)


@pytest.mark.parametrize(
    ("osm_class", "types", "km", "want"),
    [
        ("boundary", ["country", "administrative"], 40, "country"),  # small country: by type
        ("boundary", ["state", "administrative"], 2500, "admin1"),  # large state: by type
        ("place", ["village", "village"], 1, "city"),  # settlements are cities
        ("amenity", ["amenity", "hospital"], 0.3, "point"),
        ("military", ["military", "base"], 12, "city"),  # a big base is not a point
        ("natural", ["island", "island"], 0.8, "point"),  # unknown type: by box
        ("natural", ["island", "island"], 30, "city"),
        ("boundary", ["county", "administrative"], 150, "admin1"),
        ("natural", ["water", "lake"], 2000, "country"),
    ],
)
def test_precision_from_type_and_box(osm_class, types, km, want):
    b = box(km)
    assert bbox_diagonal_km(b) == pytest.approx(km, rel=0.01)
    assert derive_precision(osm_class, types, b) == want


def test_precision_without_box_and_features():
    assert derive_precision(None, [], None) == "point"
    assert feature_of("city", ["town"]) == ("P", "PPL")
    assert feature_of("point", ["harbour"]) == ("S", "PRT")
    assert feature_of("country", ["country"]) == ("A", "PCLI")


# --- backends ------------------------------------------------
def test_backend_choice():
    assert isinstance(backend_for(GeocoderConfig()), NominatimBackend)
    assert isinstance(backend_for(GeocoderConfig(provider="photon")), GeopyServiceBackend)


def test_any_geopy_service_through_the_generic_adapter(tmp_path):
    name = city_names("ID", 1)[0]
    city = cities()[name.casefold()]
    with NominatimServer() as srv:
        cfg = loopback_config(srv.domain, provider="photon")
        r = Fallback(cfg, db_path=str(tmp_path / "p.sqlite")).geocode(name, lang="en")
        (req,) = srv.log
    assert req.path == "/api" and req.params["lang"] == "en"
    assert r.status == "found" and r.place.id == f"geocoder:photon:N{city['geonameid']}"
    assert (r.place.lat, r.place.lon) == (city["latitude"], city["longitude"])
    assert r.place.country_code == "ID" and r.place.precision == "city"
    assert r.place.extra["provider"] == "photon" and len(r.place.extra["bbox"]) == 4


def test_unknown_provider_and_bad_option_are_refused(tmp_path):
    db = str(tmp_path / "p.sqlite")
    r = Fallback(GeocoderConfig(provider="nosuch", user_agent="t/1"), db_path=db).geocode("X")
    assert r.status == "refused" and "nosuch" in r.reason and "nominatim" in r.reason
    cfg = GeocoderConfig(user_agent="t/1", api_key="k")
    r = Fallback(cfg, db_path=db).geocode("X")
    assert r.status == "refused" and "api_key" in r.reason


# --- the cache file ------------------------------------------------
def test_cache_shares_the_places_file_with_other_tables(tmp_path):
    db = tmp_path / "places.sqlite"
    with sqlite3.connect(db) as con:  # someone else's table already in the file
        con.execute("CREATE TABLE user_places (id TEXT PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO user_places VALUES ('user:1', 'kept')")
    with NominatimServer() as srv:
        fb = Fallback(loopback_config(srv.domain), db_path=str(db))
        assert fb.geocode(city_names("ID", 1)[0]).status == "found"
        fb.close()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT name FROM user_places").fetchall() == [("kept",)]
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT COUNT(*) FROM geocoder_answers").fetchone()[0] == 1


def test_store_failures_become_an_error_status_not_an_exception(tmp_path):
    bad = tmp_path / "garbage.sqlite"
    bad.write_bytes(b"\x00not sqlite" * 500)
    with pytest.raises(GeoCacheError, match="garbage.sqlite"):
        Fallback(GeocoderConfig(user_agent="t/1"), db_path=str(bad))
    fb = Fallback(GeocoderConfig(user_agent="t/1", offline=True), db_path=str(tmp_path / "ok"))
    fb.cache.close()  # the file goes away under a running fallback
    r = fb.geocode("Kursk")
    assert r.status == "error" and "local places store" in r.reason and r.retryable
