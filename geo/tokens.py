"""Word tokens with character offsets, and the few facts about each token the recogniser needs.

Why a regex and not a tokenizer library: place-name matching only needs words with exact
offsets into the original text; one C-level ``finditer`` over the text is the fastest way to get
them in Python (the geoparser must handle hundreds of articles a second).
"""

from __future__ import annotations

import re

# A word: letters/digits, with inner hyphens or apostrophes ("Jong-un", "Guinea-Bissau",
# "O'Hare"); dotted initials ("U.S.", "D.C.") as one token. A possessive "'s" is left out.
_WORD = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|[^\W_]+(?:[-‐‑'’](?!(?:[sSdDmMtT]|ve|re|ll|VE|RE|LL)\b)[^\W_]+)*"
)
# What may stand between two words of one multi-word name: spaces, or an abbreviation's dot.
_JOIN_GAP = re.compile(r"[ \t\u00a0]{1,3}|\.[ \t]{1,2}")
# A gap that ends a sentence (or a line, a headline, a quotation start).
_BREAK = re.compile(r"[.!?…:;\n\r\"“”«»()\[\]]|—|–|\s-\s")


class Tokens:
    """Parallel lists, one entry per word (faster than one object per token).

    ``initial[i]``: the word begins a sentence/line/quote (its capital says nothing);
    ``joins[i]``: the word can be joined to the previous word in one name."""

    __slots__ = ("text", "words", "starts", "ends", "initial", "joins")

    def __init__(self, text: str, words: list[str], starts: list[int], ends: list[int]) -> None:
        self.text = text
        self.words = words
        self.starts = starts
        self.ends = ends
        # the gap before each word; one space (most gaps) is decided without a regex
        gaps = [text[e:s] for e, s in zip(ends, starts[1:], strict=False)]
        joins = [g == " " or _joins(g, w) for g, w in zip(gaps, words, strict=False)]
        initial = [g != " " and _initial(g, w) for g, w in zip(gaps, words, strict=False)]
        if words:
            joins.insert(0, False)
            initial.insert(0, True)
        self.joins, self.initial = joins, initial

    def __len__(self) -> int:
        return len(self.words)


def _initial(gap: str, prev: str) -> bool:
    return bool(_BREAK.search(gap)) and not _is_abbrev_dot(prev, gap)


def _joins(gap: str, prev: str) -> bool:
    return _JOIN_GAP.fullmatch(gap) is not None and (gap[0] != "." or _is_abbrev_dot(prev, gap))


_SUFFIXED = re.compile(r"(?<=[^\W\d_])[-‐‑](?=[a-z]{2,}$)")
#: hyphened tails that are words of their own besides the "-ed" participles
_TAILS = frozenset({"born", "area", "wide", "era", "style", "bound", "made", "held", "run",
                    "built", "grown", "flag", "region", "city"})
# a quick look over the whole text before any per-word work: a hyphen, then a lower-case word
# that may be a participle or one of _TAILS
_SUFFIX_IN_TEXT = re.compile(r"[-‐‑](?:[a-z]+ed|" + "|".join(sorted(_TAILS)) + r")\b")


def tokenize(text: str) -> Tokens:
    ms = list(_WORD.finditer(text))
    words, starts, ends = [m.group() for m in ms], [m.start() for m in ms], [m.end() for m in ms]
    if _SUFFIX_IN_TEXT.search(text):
        _split_suffixes(words, starts, ends)
    return Tokens(text, words, starts, ends)


def _split_suffixes(words: list[str], starts: list[int], ends: list[int]) -> None:
    """A capitalised word with an English participle or compound hyphened on ("York-based",
    "Leone-flagged", "Arabia-led", "Gaza-born") is two words, so that the name before the
    hyphen joins the words before it ("New York", "Sierra Leone"); "Jong-un", "Ki-moon",
    "Guinea-Bissau" stay whole. The lists are rebuilt once, only when something splits."""
    cuts: dict[int, int] = {}  # word index -> where its tail starts
    for k, w in enumerate(words):
        if ("-" in w or "‐" in w or "‑" in w) and w[:1].isupper():
            m = _SUFFIXED.search(w)
            if m is not None:
                tail = w[m.end():]
                if tail.endswith("ed") or tail in _TAILS:
                    cuts[k] = m.start()
    if not cuts:
        return
    out_w: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    for k, (w, a, b) in enumerate(zip(words, starts, ends, strict=True)):
        h = cuts.get(k)
        if h is None:
            out_w.append(w)
            out_s.append(a)
            out_e.append(b)
        else:
            out_w += [w[:h], w[h + 1:]]
            out_s += [a, a + h + 1]
            out_e += [a + h, b]
    words[:], starts[:], ends[:] = out_w, out_s, out_e


def _is_abbrev_dot(prev: str, gap: str) -> bool:
    """'St. Louis', 'Mt. Vernon', 'Ft. Worth': a short capitalised word then '. '."""
    return gap[:1] == "." and gap[1:].strip() == "" and 1 < len(prev) <= 3 and prev[0].isupper()


def is_cap(word: str) -> bool:
    """Capitalised, or a letter of a script without case (Arabic, CJK, Thai ...)."""
    c = word[0]
    return c.isupper() or (c.isalpha() and c.lower() == c.upper())


def is_acronym(word: str) -> bool:
    """All capitals, short: 'NATO', 'ABC', 'US' (dotted 'U.S.' is not an acronym here; a longer
    all-capitals word is a shouted word, like a dateline 'BEIRUT')."""
    return len(word) <= 4 and word.isupper() and "." not in word and word.isalpha()
