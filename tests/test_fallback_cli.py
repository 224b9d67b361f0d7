"""`geomap geocode` and `geomap config show` end to end (click runner, loopback server)."""

from __future__ import annotations

import json
import os

import pytest
from _fallback_helpers import USER_AGENT, NominatimServer, cities, city_names, closed_port
from click.testing import CliRunner

from geo.cli import cli


@pytest.fixture
def env(monkeypatch, tmp_path):
    for var in list(os.environ):
        if var.startswith("GEOMAP_GEOCODER_") or var == "GEOMAP_CONFIG":
            monkeypatch.delenv(var)
    monkeypatch.setenv("GEOMAP_PLACES_DB", str(tmp_path / "places.sqlite"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def flags(domain: str) -> list[str]:
    return ["--domain", domain, "--scheme", "http", "--user-agent", USER_AGENT, "--min-delay",
            "0.01", "--max-retries", "0", "--timeout", "5"]


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_geocode_json_then_offline_from_cache(env):
    name = city_names("ID", 1)[0]
    city = cities()[name.casefold()]
    with NominatimServer() as srv:
        r = run("geocode", name, "--json", "--lang", "id", *flags(srv.domain))
        assert r.exit_code == 0, r.output
        d = json.loads(r.output)
        assert d["status"] == "found" and d["place"]["lat"] == city["latitude"]
        assert d["place"]["source"] == "geocoder" and not d["cached"]
        r2 = run("geocode", name, "--json", "--lang", "id", "--offline", *flags(srv.domain))
        assert len(srv.log) == 1
    d2 = json.loads(r2.output)
    assert r2.exit_code == 0 and d2["cached"] and d2["place"] == d["place"]


def test_forget_makes_the_next_ask_go_out_again(env):
    name = city_names("ID", 12)[11]
    with NominatimServer() as srv:
        assert run("geocode", name, *flags(srv.domain)).exit_code == 0
        assert run("geocode", name, *flags(srv.domain)).exit_code == 0
        assert len(srv.log) == 1
        r = run("geocode", name.upper(), "--forget", "--json", *flags(srv.domain))
        assert json.loads(r.output) == {"query": name.upper(), "forgotten": 1}
        off = run("geocode", name, "--offline", "--json", *flags(srv.domain))
        assert json.loads(off.output)["status"] == "offline"
        assert run("geocode", name, *flags(srv.domain)).exit_code == 0
        assert len(srv.log) == 2


def test_geocode_names_from_stdin_and_exit_status(env):
    names = city_names("RU", 3)
    with NominatimServer() as srv:
        srv.script[names[2]] = [("status", 503, {})]
        r = run("geocode", "-", *flags(srv.domain), input="\n".join(names).encode())
    lines = r.output.strip().splitlines()
    assert [ln.split()[0] for ln in lines] == ["found", "found", "error"]
    assert "503" in lines[2] and r.exit_code == 1


def test_env_offline_is_not_undone_by_an_unset_flag(env):
    env.setenv("GEOMAP_GEOCODER_OFFLINE", "1")
    r = run("geocode", "Anywhere", "--json", *flags(f"127.0.0.1:{closed_port()}"))
    assert json.loads(r.output)["status"] == "offline" and r.exit_code == 1


def test_geocode_bad_stdin_and_bad_config(env, tmp_path):
    r = run("geocode", "-", input=b"\xff\xfe\x00bad")
    assert r.exit_code != 0 and "<stdin>" in r.output and "UTF-8" in r.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[geocoder]\nmax_retries = 'lots'\n", encoding="utf-8")
    r = run("geocode", "X", "--config", str(bad))
    assert r.exit_code != 0 and str(bad) in r.output and "max_retries" in r.output
    assert "Traceback" not in r.output


def test_config_show_reports_sources_and_readiness(env, tmp_path):
    (tmp_path / "geomap.toml").write_text(
        '[geocoder]\nprovider = "photon"\napi_key = "abcdefghijk"\n', encoding="utf-8"
    )
    env.setenv("GEOMAP_GEOCODER_LANGUAGE", "id")
    r = run("config", "show", "--json", "--timeout", "4")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["geocoder"]["provider"] == "photon" and d["geocoder"]["timeout"] == 4.0
    assert d["sources"]["provider"].startswith("file:") and d["sources"]["timeout"] == "flag"
    assert d["sources"]["language"] == "env:GEOMAP_GEOCODER_LANGUAGE"
    assert "abcdefghijk" not in r.output  # the key is masked
    assert d["ready"] is False and "user agent" in d["problem"]
    ok = json.loads(run("config", "show", "--json", "--user-agent", "me/1").output)
    assert ok["ready"] is False and "api_key" in ok["problem"]  # photon takes no key


def test_damaged_places_file_is_one_clear_line(env, tmp_path):
    bad = tmp_path / "places.sqlite"
    bad.write_bytes(b"this is not an SQLite file" * 100)
    env.setenv("GEOMAP_PLACES_DB", str(bad))
    r = run("geocode", "Kursk", "--offline")
    assert r.exit_code != 0 and str(bad) in r.output and "Traceback" not in r.output
