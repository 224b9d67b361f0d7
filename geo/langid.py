"""Offline language detection for articles: ISO 639-1 code or None.

Why lingua: offline, accurate on short texts, no model download; restricted to a set of news
languages (every language with a geo/lang file plus common ones) so it is built in well under a
second, and built lazily, on the first call, so importing geo stays fast.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from geo.placewords import available_languages

#: Languages considered besides those with a geo/lang/<lang>.toml file (GEOMAP_LANGS overrides).
DEFAULT_LANGS = (
    "en", "id", "ms", "tl", "vi", "th", "zh", "ja", "ko", "ru", "uk", "pl", "de", "fr", "es",
    "pt", "it", "nl", "tr", "ar", "fa", "hi", "bn", "ur", "sw",
)
SAMPLE_CHARS = 1000  # enough to tell a language (Indonesian from Malay needs more than 500)
MIN_LETTERS = 12  # below this, say None rather than guess
CLOSE = 0.15  # confidences this close count as a tie

_detector: Any = None
_lock = threading.Lock()


def languages() -> list[str]:
    env = os.environ.get("GEOMAP_LANGS")
    codes = env.split(",") if env else [*DEFAULT_LANGS, *available_languages()]
    return sorted({c.strip().lower() for c in codes if c.strip()})


def _build() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    isos = []
    for c in languages():
        try:
            isos.append(IsoCode639_1.from_str(c))
        except ValueError:
            continue
    if len(isos) < 2:  # lingua needs at least two languages
        isos = [IsoCode639_1.from_str("en"), IsoCode639_1.from_str("id")]
    return (LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
            .build())


def detector() -> Any:
    global _detector
    with _lock:
        if _detector is None:
            _detector = _build()
        return _detector


def detect_language(text: str) -> str | None:
    """The text's language as ISO 639-1 ("id", "en"), or None if unsure or too short."""
    if not text:
        return None
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    values = detector().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None
    best = values[0].value
    # near-ties (Indonesian/Malay): prefer a language the geoparser has words for
    with_words = set(available_languages())
    for v in values:
        if best - v.value > CLOSE:
            break
        code = v.language.iso_code_639_1.name.lower()
        if code in with_words:
            return code
    return values[0].language.iso_code_639_1.name.lower()
