"""Sentence splitting with character offsets into the original text.

Why not a tokenizer library: news text in Indonesian breaks generic splitters on "10.000",
"Senin (28 Oktober 2024)", "Jl." or "A.S."; a small rule set that only splits at
[.!?] + space + an upper-case/quote/digit start, and never after a known abbreviation,
a single initial or inside a number, is predictable and fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Abbreviations (lower case, without the final dot) after which a dot does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt maj capt sgt adm gov sen rep pres
    no nos vol p pp fig ca cf vs etc approx est dept univ inc ltd co corp jan feb mar apr
    jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m
    jl jln kab kec kel bpk ibu sdr yth tn ny hj h.c drs ir mgr pdt kh
    no. tgl dll dsb dkk a.s s.h s.e
    """.split()
)

_END = re.compile(r"[.!?…]+[\"'”’)\]]*")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ]")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """Is the terminator at ``dot`` (ending at ``after``) a sentence end?"""
    if not _NEXT_START.match(text, after):
        return False
    if text[dot] != ".":
        return True
    # the word before the dot
    m = re.search(r"([\w.]+)$", text[max(0, dot - 20) : dot])
    word = m.group(1).lower() if m else ""
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha() and text[dot - 1].isupper():
        return False  # an initial: "J. Smith"
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences; newlines (paragraphs, list items, headlines) always split."""
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start = para.start()
        chunk = para.group(0)
        s = 0
        for m in _END.finditer(chunk):
            if _is_boundary(chunk, m.start(), m.end()):
                _emit(out, text, p_start + s, p_start + m.end())
                s = m.end()
        _emit(out, text, p_start + s, p_start + len(chunk))
    return out


def _emit(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))
