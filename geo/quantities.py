"""Counts and measures in text: "10.000 tentara", "6 juta peluru artileri 152 mm",
"lebih dari 13.000 kontainer", "puluhan ribu tentara", "10,000 troops", "6 million shells".

A separator followed by exactly three digits groups thousands in both conventions ("10.000",
"10,000"); any other separator is a decimal mark ("7,1", "1.5"). Number words, multipliers,
vague counts ("puluhan ribu" = tens of thousands, kept as its lower bound and marked
approximate), units and the counted noun come from the language's TOML file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geo.lexicon import Lexicon, load_lexicon, words_regex
from geo.models import Quantity

_CALIBRE = re.compile(r"\s*(\d+)\s?(mm|cm)\b")
_NUM = r"\d+(?:[.,]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?"


@dataclass(frozen=True, slots=True)
class QuantityMention:
    quantity: Quantity
    start: int
    end: int
    noun_class: str | None = None  # troops | weapons | aid | people | ...


def parse_number(s: str) -> float:
    """'10.000' -> 10000, '10,000' -> 10000, '7,1' -> 7.1, '1.5' -> 1.5."""
    if re.fullmatch(r"\d+(?:[.,]\d{3})+", s):
        return float(re.sub(r"[.,]", "", s))
    return float(s.replace(",", "."))


@cache
def _patterns(lang: str) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    lex = load_lexicon(lang)
    nums = lex.numbers
    mult = {**nums.get("multipliers", {})}
    words = {k: v for k, v in nums.get("words", {}).items()}
    num_alt = rf"(?:{_NUM})|" + words_regex(list(words)).pattern
    # number, then optional multiplier words ("puluhan ribu", "6 juta", "tens of thousands")
    mult_alt = words_regex([*mult, *words]).pattern
    core = re.compile(
        rf"(?P<num>{num_alt})(?P<mult>(?:\s+(?:of\s+)?{mult_alt})*)", re.IGNORECASE
    )
    approx = words_regex(nums.get("approximate", []), suffix=r"\s*$")
    units = words_regex(list(nums.get("units", {})))
    nouns = words_regex(list(lex.nouns), suffix=lex.clitic_suffix)
    return core, approx, units, nouns


def _word_value(lex: Lexicon, w: str) -> float | None:
    w = w.lower()
    nums = lex.numbers
    for table in ("multipliers", "words"):
        if w in nums.get(table, {}):
            return float(nums[table][w])
    return None


def find_quantities(text: str, lang: str | None = None) -> list[QuantityMention]:
    """Quantities that count or measure something (a noun, a unit or a multiplier is needed,
    so bare years and days of the month are not quantities)."""
    lex = load_lexicon(lang)
    core, approx_re, units_re, nouns_re = _patterns(lex.lang)
    vague = {w.lower() for w in lex.numbers.get("vague", [])}
    unit_map = {k.lower(): v for k, v in lex.numbers.get("units", {}).items()}
    out: list[QuantityMention] = []
    pos = 0
    while True:
        m = core.search(text, pos)
        if not m:
            break
        pos = m.end()
        raw = m.group("num")
        if raw[0].isdigit():
            value = parse_number(raw)
            is_vague = False
        else:
            wv = _word_value(lex, raw)
            if wv is None:
                continue
            value, is_vague = wv, raw.lower() in vague
        mults = re.findall(r"[\w%]+", m.group("mult"))
        has_mult = False
        for w in mults:
            if w.lower() == "of":
                continue
            v = _word_value(lex, w)
            if v is None:
                continue
            has_mult = True
            is_vague = is_vague or w.lower() in vague
            value *= v
        end = m.end()
        unit = None
        what = None
        noun_class = None
        um = re.compile(r"\s*").match(text, end)
        u = units_re.match(text, um.end())
        if u and u.start() - end <= 1:
            unit = unit_map.get(u.group(0).lower(), u.group(0))
            end = u.end()
        # the counted noun, allowing a few modifiers ("10,000 North Korean troops",
        # "6 juta peluru artileri 152 mm", "152mm artillery shells")
        tail = text[end : end + 60]
        stop = re.search(r"[.;:!?()\"“”]|,\s", tail)
        window = tail[: stop.start()] if stop else tail
        n = nouns_re.search(window)
        if n and len(window[: n.start()].split()) <= 3:
            what, noun_class = lex.nouns[lex.key(lex.nouns, n.group(0))]
            cal = _CALIBRE.search(window[: n.start()])
            end = end + n.end()
            after = _CALIBRE.match(text, end)
            if after:
                cal = after
                end = after.end()
            if cal:
                what = f"{cal.group(1)} {cal.group(2)} {what}"
            if unit in ("mm", "cm") and not has_mult:
                # "152 mm shells" is a calibre, not a count
                what, unit = f"{raw} {unit} {what}", None
                continue
        if what is None and unit is None and not has_mult and not is_vague:
            continue
        if not raw[0].isdigit() and what is None and unit is None:
            continue
        if raw[0].isdigit() and re.fullmatch(r"(19|20)\d\d", raw) and what is None:
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        approximate = is_vague or bool(approx_re.search(before))
        start = m.start()
        am = approx_re.search(before)
        if am:
            start = m.start() - (len(before) - am.start())
        q = Quantity(
            value=value, unit=unit, what=what, approximate=approximate, text=text[start:end]
        )
        out.append(QuantityMention(q, start, end, noun_class))
        pos = max(pos, end)
    return out
