"""Dates in text, resolved against a reference (publication) date, with ACLED-style precision.

dateparser parses whole date strings well ("28 Oktober 2024", "3 hari yang lalu") but its
search mode is slow and misses Indonesian phrasings ("pekan lalu", "pada bulan Juni",
"selama kurang lebih dua tahun"). So: the language's TOML lists months, weekdays, relative
phrases, "since" and "for <duration>" cue words; regexes built from them find the spans, our
own arithmetic resolves them, and dateparser handles "N <unit> ago" and free-form strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from geo.lexicon import load_lexicon, words_regex


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: date
    precision: str  # day | week | month | year
    date_end: date | None = None
    kind: str = "point"  # point | relative | weekday | since | duration


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m])
    return date(year, month, day)


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _shift(ref: date, n: float, unit: str) -> date:
    if unit == "day":
        return ref + timedelta(days=n)
    if unit == "week":
        return ref + timedelta(days=7 * n)
    if unit == "month":
        return add_months(ref, int(round(n)))
    return add_months(ref, int(round(12 * n)))


def parse_date(text: str, lang: str | None = None, ref: date | None = None) -> datetime | None:
    """Parse one free-form date string ("2024-10-28", "28 Oktober 2024", "kemarin")."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    found = find_dates(text, lang, ref)
    if found and found[0].start == 0 and found[0].end >= len(text.rstrip(". ")):
        return datetime.combine(found[0].date, datetime.min.time())
    return _dateparser(text, lang, ref)


def _dateparser(text: str, lang: str | None, ref: date | None) -> datetime | None:
    import dateparser  # lazy: ~0.1 s import

    settings = {"PREFER_DATES_FROM": "past"}
    if ref:
        settings["RELATIVE_BASE"] = datetime.combine(ref, datetime.min.time())
    langs = [lang.split("-")[0]] if lang else None
    try:
        return dateparser.parse(text, languages=langs, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None


@cache
def _regexes(lang: str) -> dict[str, re.Pattern]:
    lex = load_lexicon(lang)
    d = lex.dates
    months = d.get("months", {})
    full = [m for m in months if len(m) > 3]
    mon = words_regex(months).pattern
    mon_full = words_regex(full).pattern
    num_words = list(lex.numbers.get("words", {}))
    qty = rf"(?:\d+(?:[.,]\d+)?|{words_regex(num_words).pattern})"
    units = words_regex(list(d.get("units", {}))).pattern
    approx = words_regex(lex.numbers.get("approximate", [])).pattern
    since = words_regex(d.get("since", [])).pattern
    dur = words_regex(d.get("duration", [])).pattern
    mprefix = words_regex(d.get("month_prefix", [])).pattern
    yprefix = words_regex(d.get("year_prefix", [])).pattern
    ago = words_regex(d.get("relative", {}).get("ago", [])).pattern
    later = words_regex(d.get("relative", {}).get("later", [])).pattern
    rel = [k for k, v in d.get("relative", {}).items() if isinstance(v, dict)]
    wd = words_regex(list(lex.data.get("weekdays", {}))).pattern
    year = r"(?P<y>(?:1[89]|2[01])\d\d)"
    flags = re.IGNORECASE
    return {
        "iso": re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
        "dmy": re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\.?,?\s+{year}\b", flags),
        "mdy": re.compile(rf"(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}}),?\s+{year}\b", flags),
        "my": re.compile(rf"(?P<mon>{mon_full}|{mon}\.)\s+{year}\b", flags),
        "dm": re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{mon_full})\b", flags),
        "md": re.compile(rf"(?P<mon>{mon_full})\s+(?P<d>\d{{1,2}})\b(?!\s*\d)", flags),
        "m": re.compile(rf"(?:{mprefix})\s+(?P<mon>{mon_full})\b(?!\.?,?\s+\d)", flags),
        "y": re.compile(rf"(?:{yprefix})\s+{year}\b", flags),
        "rel": words_regex(rel),
        "ago": re.compile(rf"(?P<n>{qty})\s+(?P<unit>{units})\s+(?:{ago})", flags),
        "later": re.compile(rf"(?P<n>{qty})\s+(?P<unit>{units})\s+(?:{later})", flags),
        "since": re.compile(rf"(?:{since})\s*$", flags),
        "dur": re.compile(
            rf"(?:{dur})\s+(?:(?:{approx})\s+)?(?P<n>{qty})\s+(?P<unit>{units})", flags
        ),
        "wd": re.compile(rf"(?P<wd>{wd})\b", flags),
    }


def _num(lang: str, s: str) -> float:
    lex = load_lexicon(lang)
    w = lex.numbers.get("words", {}).get(s.lower())
    return float(w) if w is not None else float(s.replace(",", "."))


def find_dates(
    text: str, lang: str | None = None, ref: date | None = None, *, nearest_weekday: bool = False,
    anchor: date | None = None,
) -> list[DateMention]:
    """Every date expression in ``text``; those that need a reference are skipped without one.

    Overlaps keep the longest match ("Senin (28 Oktober 2024)" -> the full date). A weekday is
    the last one on or before ``ref`` (a publication date), or with ``nearest_weekday`` (a
    reference guessed from the article's own dates) the nearest one, 3 days either side.
    "Two days later" / "sehari kemudian" count from the last full date before them in
    ``text``, else from ``anchor`` (the last date of the sentences before)."""
    lex = load_lexicon(lang)
    rx = _regexes(lex.lang)
    d = lex.dates
    months = {k.lower(): v for k, v in d.get("months", {}).items()}
    units = {k.lower(): v for k, v in d.get("units", {}).items()}
    found: list[DateMention] = []

    def add(m: re.Match, dt: date, prec: str, end: date | None = None, kind: str = "point"):
        found.append(DateMention(m.start(), m.end(), m.group(0), dt, prec, end, kind))

    def month_of(m: re.Match) -> int:
        return months[m.group("mon").lower().rstrip(".")]

    for key in ("iso", "dmy", "mdy"):
        for m in rx[key].finditer(text):
            mo = int(m.group("m")) if key == "iso" else month_of(m)
            try:
                add(m, date(int(m.group("y")), mo, int(m.group("d"))), "day")
            except ValueError:
                continue
    for m in rx["my"].finditer(text):
        add(m, date(int(m.group("y")), month_of(m), 1), "month")
    for m in rx["y"].finditer(text):
        add(m, date(int(m.group("y")), 1, 1), "year")
    if ref is not None:
        for key in ("dm", "md"):
            for m in rx[key].finditer(text):
                try:
                    add(m, date(ref.year, month_of(m), int(m.group("d"))), "day")
                except ValueError:
                    continue
        for m in rx["m"].finditer(text):
            add(m, date(ref.year, month_of(m), 1), "month")
        rel = {k.lower(): v for k, v in d.get("relative", {}).items() if isinstance(v, dict)}

        def anchor_at(pos: int) -> date | None:
            before = [x.date for x in found if x.kind == "point" and x.precision == "day"
                      and x.end <= pos]
            return before[-1] if before else anchor

        for m in rx["later"].finditer(text):
            base = anchor_at(m.start())
            if base is not None:
                unit = units[m.group("unit").lower()]
                add(m, _shift(base, _num(lex.lang, m.group("n")), unit), unit, kind="relative")
        for m in rx["rel"].finditer(text):
            spec = rel[re.sub(r"\s+", " ", m.group(0).lower())]
            base = ref
            if spec.get("anchor") == "previous":
                base = anchor_at(m.start())
                if base is None:
                    continue
            dt = base + timedelta(days=spec.get("days", 0))
            dt = add_months(dt, spec.get("months", 0) + 12 * spec.get("years", 0))
            add(m, dt, spec.get("precision", "day"), kind="relative")
        for m in rx["ago"].finditer(text):
            unit = units[m.group("unit").lower()]
            n = _num(lex.lang, m.group("n"))
            parsed = _dateparser(m.group(0), lex.lang, ref) if unit == "day" else None
            dt = parsed.date() if parsed else _shift(ref, -n, unit)
            add(m, dt, unit, kind="relative")
        for m in rx["dur"].finditer(text):
            unit = units[m.group("unit").lower()]
            n = _num(lex.lang, m.group("n"))
            add(m, _shift(ref, -n, unit), unit, ref, kind="duration")
        wdays = {k.lower(): v for k, v in lex.data.get("weekdays", {}).items()}
        for m in rx["wd"].finditer(text):
            back = (ref.weekday() - wdays[m.group("wd").lower()]) % 7
            if nearest_weekday and back > 3:
                back -= 7
            add(m, ref - timedelta(days=back), "day", kind="weekday")
    # "sejak Februari 2022" / "since 2022": a period from that date to the reference
    out: list[DateMention] = []
    points = [x for x in found if x.kind == "point"]
    found = [
        x for x in found
        if x.kind != "weekday" or not any(0 <= p.start - x.end <= 3 for p in points)
    ]
    for dm in _longest_first(found):
        s = rx["since"].search(text[max(0, dm.start - 20) : dm.start])
        if s and dm.kind == "point":
            start = dm.start - (min(dm.start, 20) - s.start())
            dm = DateMention(start, dm.end, text[start : dm.end], dm.date, dm.precision, ref,
                             "since")
        out.append(dm)
    return sorted(out, key=lambda x: x.start)


def _longest_first(found: list[DateMention]) -> list[DateMention]:
    kept: list[DateMention] = []
    for dm in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        if all(dm.end <= k.start or dm.start >= k.end for k in kept):
            kept.append(dm)
    return kept
