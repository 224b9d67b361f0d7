"""The on-disk index as a cache: a corrupt or stale one is rebuilt with a message; builds by
several processes at once end in one good index."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _gazetteer_helpers import write_fixtures

from gazetteer import Gazetteer, build
from gazetteer.index import CorruptIndex

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real = Gazetteer.load().path  # the machine's built index, copied into a private cache
    d = tmp_path / "cache"
    d.mkdir()
    shutil.copytree(real, d / real.name)
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(d))
    Gazetteer.reset()
    yield d / real.name
    Gazetteer.reset()


def test_copied_index_loads_without_rebuild(private_cache: Path, capsys) -> None:
    gz = Gazetteer.load()
    assert gz.path == private_cache
    assert "building" not in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["flip", "truncate", "format"])
def test_corrupt_index_is_detected(private_cache: Path, damage: str) -> None:
    if damage == "flip":
        p = private_cache / "lat.npy"
        data = bytearray(p.read_bytes())
        data[-5] ^= 0xFF  # one coordinate byte: same size, wrong content
        p.write_bytes(bytes(data))
    elif damage == "truncate":
        p = private_cache / "names.marisa"
        p.write_bytes(p.read_bytes()[:1000])
    else:
        meta = json.loads((private_cache / "meta.json").read_text())
        meta["format"] = -1
        (private_cache / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(CorruptIndex):
        Gazetteer(private_cache)


def test_corrupt_cache_is_rebuilt_with_message(private_cache: Path, capsys) -> None:
    (private_cache / "post_row.npy").write_bytes(b"garbage")
    gz = Gazetteer.load()
    err = capsys.readouterr().err
    assert "corrupt" in err and "rebuilding" in err and str(private_cache) in err
    assert gz.lookup("Najin")[0].place.name == "Rajin"
    Gazetteer(private_cache)  # the rebuilt files pass their checksums


def test_parallel_dump_builds_end_in_one_index(tmp_path: Path) -> None:
    files = write_fixtures(tmp_path / "gn", min_pop=50_000)
    cache = tmp_path / "cache"
    code = ("import sys; from gazetteer.geonames_dump import build_from_dumps; "
            "print(build_from_dumps(sys.argv[1:])['path'])")
    env = {"GEOMAP_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", code, *map(str, files.values())],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    paths = {o[0].strip() for o in outs}
    assert len(paths) == 1
    built = [p for p in cache.iterdir() if p.is_dir()]
    assert [p.name for p in built] == [Path(paths.pop()).name]  # no temp folder left
    Gazetteer(built[0])  # complete and checksummed
    assert json.loads((cache / build.ACTIVE_FILE).read_text())["dir"] == built[0].name


def test_new_data_or_format_means_a_new_index_folder(tmp_path: Path, monkeypatch) -> None:
    f = tmp_path / "cities500.json"
    f.write_text("{}", encoding="utf-8")
    first = build.fingerprint([f])
    assert build.fingerprint([f]) == first
    f.write_text('{"1": {}}', encoding="utf-8")  # the data changed
    second = build.fingerprint([f])
    assert second != first
    monkeypatch.setattr(build, "FORMAT_VERSION", build.FORMAT_VERSION + 1)  # the code changed
    assert build.fingerprint([f]) != second
    # the bundled index folder is named by the fingerprint of the installed data files
    assert build.bundled_dir().name.startswith("gazetteer-")


def test_cli_build_returns_to_the_bundled_data(private_cache: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gazetteer.geonames_dump import build_from_dumps
    from geo.cli import cli

    files = write_fixtures(tmp_path / "gn", min_pop=100_000)
    build_from_dumps([str(p) for p in files.values()])
    Gazetteer.reset()
    assert Gazetteer.load().info()["kind"] == "geonames"
    before = json.loads((private_cache / "meta.json").read_text())["built_at"]
    r = CliRunner().invoke(cli, ["gazetteer", "build", "--json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["kind"] == "bundled" and info["path"] == str(private_cache)
    assert not (private_cache.parent / build.ACTIVE_FILE).exists()
    assert info["built_at"] >= before and info["counts"]["city"] > 200_000
    assert "building the bundled index" in r.stderr  # the progress bar
    # the unused full-GeoNames index was removed with the other stale folders
    assert [p.name for p in private_cache.parent.glob("gazetteer-*") if p.is_dir()] == [
        private_cache.name]
