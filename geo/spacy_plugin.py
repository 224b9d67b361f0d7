"""Optional named-entity recognition with spaCy: extra evidence, never required.

Used only when spaCy and a model are importable. The model per language comes from
GEOMAP_SPACY_MODEL (e.g. "en_core_web_sm" or "id=xx_ent_wiki_sm,en=en_core_web_sm");
GEOMAP_SPACY=0 turns the plugin off. Entities: (start, end, label) with str offsets; the
recogniser treats GPE/LOC/FAC as place evidence and PERSON/ORG as non-place evidence.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from typing import Any

MAX_CHARS = 100_000  # spaCy's cost grows with the text; the rest goes without NER


def _model_names() -> dict[str | None, str]:
    spec = os.environ.get("GEOMAP_SPACY_MODEL", "").strip()
    out: dict[str | None, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if "=" in part:
            lang, name = part.split("=", 1)
            out[lang.strip()] = name.strip()
        else:
            out[None] = part
    return out


@cache
def enabled() -> bool:
    if os.environ.get("GEOMAP_SPACY", "1") == "0" or not _model_names():
        return False
    return importlib.util.find_spec("spacy") is not None


@cache
def _nlp(name: str) -> Any:
    import spacy

    try:
        return spacy.load(name, disable=["parser", "lemmatizer", "tagger"])
    except OSError:
        return None


def entities(text: str, lang: str | None) -> list[tuple[int, int, str]] | None:
    """spaCy's entities of ``text`` or None when no model serves ``lang``."""
    names = _model_names()
    name = names.get(lang) or names.get(None)
    if not name:
        return None
    nlp = _nlp(name)
    if nlp is None:
        return None
    doc = nlp(text[:MAX_CHARS])
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]
