"""Per-language word lists for event extraction, read from events-<lang>.toml files.

Adding a language = adding one TOML file with the same tables (see geo/lang/events-en.toml);
no code. Files are looked for in GEOMAP_LANG_PATH (folders, like the geoparser's language
files) first, then in geo/lang. An unknown language falls back to English, the lingua franca
of international news.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).with_name("lang")
FALLBACK_LANG = "en"


def _dirs() -> list[Path]:
    try:
        from geo.placewords import lang_dirs
    except ImportError:  # pragma: no cover - placewords ships with geomap
        return [LANG_DIR]
    return lang_dirs()


def _path(code: str) -> Path | None:
    for d in _dirs():
        p = d / f"events-{code}.toml"
        if p.is_file():
            return p
    return None


def available_languages() -> list[str]:
    return sorted({p.stem.removeprefix("events-") for d in _dirs() if d.is_dir()
                   for p in d.glob("events-*.toml")})


def words_regex(words: list[str] | tuple[str, ...] | set[str], *, suffix: str = "") -> re.Pattern:
    """A case-insensitive alternation matching whole words, longest first."""
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) or "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body}){suffix}(?![\w-])", re.IGNORECASE)


class Lexicon:
    """The parsed TOML of one language with a few precompiled regexes."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        self.lang = lang
        self.data = data
        self.numbers: dict[str, Any] = data.get("numbers", {})
        self.nouns: dict[str, tuple[str, str]] = {
            k.lower(): (v[0], v[1]) for k, v in data.get("nouns", {}).items()
        }
        self.triggers: list[dict[str, Any]] = data.get("triggers", [])
        self.send: dict[str, list[str]] = data.get("send", {})
        self.cues: dict[str, list[str]] = data.get("cues", {})
        self.modality: dict[str, list[str]] = data.get("modality", {})
        self.dates: dict[str, Any] = data.get("dates", {})
        self.actors: dict[str, Any] = data.get("actors", {})

    def cue(self, name: str) -> list[str]:
        return list(self.cues.get(name, []))

    @property
    def clitic_suffix(self) -> str:
        """Regex for optional enclitics glued to a word ("tempurnya"), '' when none."""
        cl = self.data.get("clitics", [])
        return "(?:" + "|".join(re.escape(c) for c in cl) + ")?" if cl else ""

    def key(self, table: dict[str, Any], matched: str) -> str:
        """The table key a regex match stands for: whitespace normalised, enclitic removed."""
        k = re.sub(r"\s+", " ", matched.lower())
        if k in table:
            return k
        for c in self.data.get("clitics", []):
            if k.endswith(c) and k[: -len(c)] in table:
                return k[: -len(c)]
        return k


@cache
def load_lexicon(lang: str | None) -> Lexicon:
    """The lexicon of ``lang`` ("id", "en", "id-ID" ...), English when there is no file for it."""
    code = (lang or FALLBACK_LANG).lower().replace("_", "-").split("-")[0]
    path = _path(code)
    if path is None:
        code, path = FALLBACK_LANG, LANG_DIR / f"events-{FALLBACK_LANG}.toml"
    with path.open("rb") as fh:
        return Lexicon(code, tomllib.load(fh))
