"""The CLI of the gazetteer: `geomap places ...` and `geomap gazetteer info`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from geo.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_lookup_text_and_json() -> None:
    r = run("places", "lookup", "Najin")
    assert r.exit_code == 0 and "Rajin" in r.stdout.splitlines()[0] and "KP" in r.stdout
    r = run("places", "lookup", "Kursk Oblast", "--json")
    data = json.loads(r.stdout)
    assert data[0]["place"]["precision"] == "admin1" and data[0]["place"]["country_code"] == "RU"
    assert 0 <= data[0]["score"] <= 1 and data[0]["matched"] == "kursk oblast"


def test_lookup_country_and_limit() -> None:
    r = run("places", "lookup", "Paris", "--country", "US", "--limit", "2", "--json")
    data = json.loads(r.stdout)
    assert len(data) == 2 and {d["place"]["country_code"] for d in data} == {"US"}


def test_unknown_name_is_empty_with_message_exit_0() -> None:
    r = run("places", "lookup", "Qwxzzq Nowhere", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    assert "no place called 'Qwxzzq Nowhere'" in r.stderr


def test_bad_limit_is_refused() -> None:
    r = run("places", "lookup", "Paris", "--limit", "0")
    assert r.exit_code == 2 and "limit" in r.output.lower()


def test_add_list_lookup_remove_with_negative_coordinates() -> None:
    r = run("places", "add", "Cli Test Outpost", "-33.5", "-70.25", "--country", "cl",
            "--kind", "base", "--json")
    assert r.exit_code == 0, r.output
    p = json.loads(r.stdout)
    assert (p["lat"], p["lon"], p["country_code"], p["extra"]["kind"]) == (-33.5, -70.25, "CL",
                                                                          "base")
    listed = json.loads(run("places", "list", "--json").stdout)
    assert p["id"] in {x["id"] for x in listed}
    top = json.loads(run("places", "lookup", "cli test outpost", "--json").stdout)[0]
    assert top["place"]["id"] == p["id"] and top["score"] == 1.0
    r = run("places", "remove", p["id"], "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["id"] == p["id"]
    r = run("places", "remove", p["id"])
    assert r.exit_code == 1 and "no user place" in r.output


def test_add_bad_coordinates_is_a_clear_error() -> None:
    r = run("places", "add", "Nowhere", "95", "10")
    assert r.exit_code == 1 and "latitude 95.0" in r.output and "Traceback" not in r.output
    r = run("places", "add", "Nowhere", "north", "10")
    assert r.exit_code == 2 and "north" in r.output


def test_gazetteer_info() -> None:
    r = run("gazetteer", "info", "--json")
    assert r.exit_code == 0
    info = json.loads(r.stdout)
    assert info["counts"]["country"] > 200 and info["size_bytes"] > 0
    r = run("gazetteer", "info")
    assert "city" in r.stdout and "built:" in r.stdout


def test_help_teaches() -> None:
    for group in ("places", "gazetteer"):
        r = run(group, "--help")
        assert r.exit_code == 0 and "Examples" in r.stdout
