"""The geoparser's public entry: text -> resolved toponyms (geo.geoparse).

recognise (geo/recognize.py) -> resolve (geo/resolve.py) -> optional geocoder fallback for
cued names the gazetteer lacks. The language (ISO 639-1) chooses the cue and stop words of
geo/lang/<lang>.toml; it is detected (geo/langid.py) when not given.
"""

from __future__ import annotations

import threading
from typing import Any

from gazetteer.callable_module import make_callable
from gazetteer.centre import at_centre
from geo.models import Toponym
from geo.placewords import for_lang
from geo.recognize import Mention, Recognizer
from geo.resolve import Resolver

#: Texts longer than this are cut (with a warning from the CLI): bounded time and memory.
MAX_CHARS = 1_000_000

_parsers: dict[int, Geoparser] = {}
_lock = threading.Lock()


class Geoparser:
    """Recogniser + resolver bound to one gazetteer (keeps the name -> candidates cache)."""

    def __init__(self, gazetteer: Any) -> None:
        self.gz = gazetteer
        self.recognizer = Recognizer(gazetteer)
        self.resolver = Resolver(gazetteer)

    def mentions(self, text: str, lang: str | None = None) -> list[Mention]:
        from geo import spacy_plugin

        ner = spacy_plugin.entities(text, lang) if spacy_plugin.enabled() else None
        return self.recognizer.recognize(text, for_lang(lang), ner)

    def parse(self, text: str, lang: str | None = None, fallback: Any = None) -> list[Toponym]:
        if not isinstance(text, str):
            raise TypeError(f"geoparse expects text as str, not {type(text).__name__}")
        if not text or not text.strip():
            return []
        text = text[:MAX_CHARS]
        lang = _lang_code(lang)
        if lang is None:
            from geo.langid import detect_language

            lang = detect_language(text)
        return self._finish(self.mentions(text, lang), lang, fallback)

    def parse_spans(
        self, text: str, spans: list[tuple[int, int]], lang: str | None = None,
        fallback: Any = None,
    ) -> list[Toponym]:
        """Resolve spans recognised elsewhere (gold spans, another NER) in the document."""
        lang = _lang_code(lang)
        words = for_lang(lang)
        ms = [self.recognizer.mention_at(text, s, e, words) for s, e in spans]
        return self._finish(ms, lang, fallback)

    def _finish(self, mentions: list[Mention], lang: str | None, fallback: Any) -> list[Toponym]:
        res = self.resolver.resolve(mentions)
        if fallback is not None and hasattr(fallback, "new_article"):
            fallback.new_article()
        out: list[Toponym] = []
        for r in res:
            m = r.mention
            if r.dropped:
                continue
            if r.place is not None:
                src = "user" if r.place.source == "user" else "gazetteer"
                # an area answers with its centre (the representative point stays in extra)
                out.append(Toponym(m.start, m.end, m.text, at_centre(r.place),
                                   round(r.score, 4), src))
                continue
            reason = r.reason or "not in the gazetteer"
            if fallback is not None and (m.evidence in ("cue", "ner", "given") or m.cue):
                # a cued name the gazetteer lacks (or has only as another kind of place:
                # "Laurel County", "Pulau Mango")
                # asked exactly as stored (the span, no bias), so that `geomap resolve --retry`
                # re-asks the same question from the stored mention
                fr = fallback.geocode(for_lang(lang).geocoder_query(m.text), lang=lang)
                if getattr(fr, "status", None) == "found" and fr.place is not None:
                    out.append(Toponym(m.start, m.end, m.text, fr.place,
                                       round(0.6 * m.confidence, 4), "geocoder"))
                    continue
                reason = f"geocoder: {getattr(fr, 'reason', None) or getattr(fr, 'status', '?')}"
            out.append(Toponym(m.start, m.end, m.text, None, 0.0, None, reason))
        return out


def _lang_code(lang: str | None) -> str | None:
    """'id', 'ID', 'id-ID', 'en_US' -> 'id' / 'en'; empty -> None (detect)."""
    if not lang or not lang.strip():
        return None
    return lang.strip().replace("_", "-").split("-")[0].lower()


def parser_for(gazetteer: Any = None) -> Geoparser:
    """The shared Geoparser of a gazetteer (the process-wide one when None)."""
    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    with _lock:
        p = _parsers.get(id(gazetteer))
        if p is None or p.gz is not gazetteer:
            p = _parsers[id(gazetteer)] = Geoparser(gazetteer)
        return p


def geoparse(
    text: str, lang: str | None = None, *, gazetteer: Any = None, fallback: Any = None
) -> list[Toponym]:
    """Find and resolve the place names of ``text``.

    ``lang``: ISO 639-1 code, detected when None. ``gazetteer``: a gazetteer.Gazetteer (the
    process-wide one by default). ``fallback``: a gazetteer.fallback.Fallback, asked only for
    names announced by a cue ("wilayah X", "port of X") that the gazetteer lacks.
    Toponyms come in text order; ``start``/``end`` are str offsets; unresolved -> place None.
    An area (country, admin1, region, continent) comes at its centre; its representative point
    (capital, most populous place) is in ``place.extra["representative"]``.
    """
    return parser_for(gazetteer).parse(text, lang, fallback)


make_callable(__name__, geoparse)
