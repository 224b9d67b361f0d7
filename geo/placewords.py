"""Per-language words the recogniser uses, read from geo/lang/<lang>.toml.

A language is added by adding a file; the recogniser never names a language. With no language
(or one without a file) the words of every file are merged: more cautious, still useful.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LANG_DIR = Path(__file__).with_name("lang")
_LANG_FILE = re.compile(r"^[a-z]{2,3}\.toml$")

#: Cue kinds and what they qualify; resolve.py turns these into feature preferences.
CUE_KINDS = ("region", "district", "city", "village", "port", "country", "island", "mountain",
             "water", "area")


@dataclass(slots=True)
class PlaceWords:
    langs: tuple[str, ...]
    prepositions: frozenset[str] = frozenset()
    before: dict[str, str] = field(default_factory=dict)  # "port of" -> "port"
    after: dict[str, str] = field(default_factory=dict)  # "oblast" -> "region"
    stop_words: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    person_after: frozenset[str] = frozenset()
    street_before: frozenset[str] = frozenset()
    street_after: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    locative: frozenset[str] = frozenset()
    personal_names: frozenset[str] = frozenset()
    after_outside: frozenset[str] = frozenset()  # "after" cues not part of the name
    before_outside: frozenset[str] = frozenset()  # "before" cues not part of the name
    part_after: frozenset[str] = frozenset()  # "Jakarta Timur": a part of a place after it
    container: frozenset[str] = frozenset()  # "Tripoli in Lebanon": the second holds the first
    vessel_prefixes: frozenset[str] = frozenset()  # "HMAS Adelaide": a ship, not the city
    # longest multi-word "before" cue in words (for the look-behind)
    before_len: int = 1
    before_heads: frozenset[str] = frozenset()  # first words of the "before" cues
    before_tails: frozenset[str] = frozenset()  # last words of the "before" cues
    aliases: dict[str, str] = field(default_factory=dict)  # "U.S." -> "country:US"
    alias_heads: frozenset[str] = frozenset()  # first word of each alias
    alias_len: int = 0  # characters in the longest alias
    demonym_suffixes: tuple[tuple[str, str], ...] = ()
    demonym_endings: tuple[str, ...] = ()  # the endings alone, for one quick endswith()
    inflections: tuple[tuple[str, str], ...] = ()  # case endings: ("е", "а") Москве -> Москва
    inflection_endings: tuple[str, ...] = ()
    org_suffixes: tuple[str, ...] = ()  # endings of common nouns ("-ment"): not a surname

    def geocoder_query(self, text: str) -> str:
        """What the geocoder is asked for a mention: its text without a leading cue word
        ("Desa Curahkalak" -> "Curahkalak"; gazetteers and Nominatim index the bare name).
        The one rule for the first ask and for `geomap resolve --retry`, so both hit the
        same cache entry."""
        words = text.split()
        for n in range(min(self.before_len, len(words) - 1), 0, -1):
            kind = self.before.get(" ".join(words[:n]).lower())
            if kind in _NAMED_WITH_CUE:
                return text  # "Gulf of Mexico", "Laut China Selatan": the cue is the name's
            if kind:
                return " ".join(words[n:])
        return text

    def cue_before(self, lowered: list[str], i: int) -> tuple[str | None, int]:
        """The strong cue ending right before token i: (kind, its first token index)."""
        if i == 0 or lowered[i - 1] not in self.before_tails:
            return None, i
        for n in range(min(self.before_len, i), 0, -1):
            kind = self.before.get(" ".join(lowered[i - n : i]))
            if kind:
                return kind, i - n
        return None, i


def lang_dirs() -> list[Path]:
    """GEOMAP_LANG_PATH (folders separated by os.pathsep) first, then geo/lang."""
    extra = os.environ.get("GEOMAP_LANG_PATH", "")
    return [*(Path(p) for p in extra.split(os.pathsep) if p), LANG_DIR]


#: kinds whose cue word is part of the feature's name for a geocoder ("Gulf of Mexico" is not
#: "Mexico"); unit words of other kinds are left out ("Desa Curahkalak" -> "Curahkalak")
_NAMED_WITH_CUE = frozenset({"water", "island", "mountain", "area"})

_FILES: dict[tuple, dict[str, Path]] = {}


def _files() -> dict[str, Path]:
    """Language code -> its word file; re-listed only when a folder changes (a stat per folder
    instead of a glob per parsed document)."""
    dirs = lang_dirs()
    stamp = tuple((str(d), d.stat().st_mtime_ns if d.is_dir() else None) for d in dirs)
    out = _FILES.get(stamp)
    if out is None:
        out = {}
        for d in dirs:
            if d.is_dir():
                for p in d.glob("*.toml"):
                    if _LANG_FILE.match(p.name):
                        out.setdefault(p.stem, p)
        _FILES.clear()
        _FILES[stamp] = out
    return out


def available_languages() -> list[str]:
    return sorted(_files())


@cache
def _read(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def for_lang(lang: str | None) -> PlaceWords:
    """The words for ``lang`` (ISO 639-1); a file that declares ``also_for = [lang]`` when lang
    has none of its own; all languages merged when None or unknown."""
    files = _files()
    if lang not in files and lang:
        for code, path in sorted(files.items()):
            if lang in _read(path).get("also_for", ()):
                lang = code
                break
    chosen = (lang,) if lang in files else tuple(sorted(files))
    return _words(tuple(files[c] for c in chosen), chosen)


@cache
def _words(paths: tuple[Path, ...], chosen: tuple[str, ...]) -> PlaceWords:
    sets: dict[str, set[str]] = {k: set() for k in (
        "prepositions", "stop_words", "titles", "person_after", "street_before",
        "street_after", "org_words", "locative", "after_outside", "personal_names",
        "before_outside", "part_after", "container", "vessel_prefixes")}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    aliases: dict[str, str] = {}
    suffixes: list[tuple[str, str]] = []
    org_suffixes: set[str] = set()
    inflections: list[tuple[str, str]] = []
    for path in paths:
        d = _read(path)
        words = d.get("words", {})
        for k in sets:
            sets[k].update(w.lower() for w in d.get(k, words.get(k, ())))
        before.update({k.lower(): v for k, v in d.get("before", {}).items() if v in CUE_KINDS})
        after.update({k.lower(): v for k, v in d.get("after", {}).items() if v in CUE_KINDS})
        aliases.update(d.get("aliases", {}))
        suffixes += [(a, b) for a, b in d.get("demonym_suffixes", ()) if (a, b) not in suffixes]
        org_suffixes.update(d.get("org_suffixes", words.get("org_suffixes", ())))
        inflections += [(a, b) for a, b in d.get("inflections", ()) if (a, b) not in inflections]
    from geo.tokens import tokenize

    return PlaceWords(
        langs=chosen,
        before=before,
        after=after,
        before_len=max((len(k.split()) for k in before), default=1),
        before_heads=frozenset(k.split()[0] for k in before),
        before_tails=frozenset(k.split()[-1] for k in before),
        aliases=aliases,
        alias_heads=frozenset(t.words[0] for t in map(tokenize, aliases) if t.words),
        alias_len=max(map(len, aliases), default=0),
        demonym_suffixes=tuple(suffixes),
        demonym_endings=tuple({a for a, _ in suffixes}),
        org_suffixes=tuple(sorted(org_suffixes)),
        inflections=tuple(inflections),
        inflection_endings=tuple({a for a, _ in inflections}),
        **{k: frozenset(v) for k, v in sets.items()},
    )
