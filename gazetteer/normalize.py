"""Name normalisation shared by the index builder and every lookup.

Both sides of a lookup go through the same function, so "Kurs'k", "KURSK" and "Kursk" meet, and
"Donets’k" meets "Donetsk". Diacritics are stripped only from Latin, Greek and Cyrillic letters:
stripping combining marks from Indic or Arabic scripts would change the word, not its spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gazetteer.callable_module import make_callable

#: Apostrophe-like characters: removed, so "Kurs'k" == "Kursk" and "P'yongyang" == "Pyongyang".
APOSTROPHES = "'’‘ʼʻʹ`´ʾʿ′"
#: Letters that have no Unicode decomposition but an obvious base letter.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
_DROP = str.maketrans("", "", APOSTROPHES)
_ASCII_SEP = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def _strip_marks(s: str) -> str:
    out: list[str] = []
    base = 0
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.combining(ch):
            # Latin, Greek, Cyrillic (< U+0530) and Latin Extended Additional lose their marks.
            if base < 0x530 or 0x1E00 <= base <= 0x1FFF:
                continue
        else:
            base = ord(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _is_sep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "PSZC"


@lru_cache(maxsize=65536)
def normalize(s: str) -> str:
    """Casefold, strip diacritics, drop apostrophes, turn hyphens, dots and other punctuation
    into spaces and collapse whitespace: the key every name is indexed and looked up by."""
    if s.isascii():
        return " ".join(_ASCII_SEP.split(s.lower().translate(_DROP))).strip()
    s = s.translate(_DROP).casefold().translate(_LETTERS)
    s = _strip_marks(s)
    if not s.isascii():
        s = "".join(" " if _is_sep(ch) else ch for ch in s)
        return _SPACES.sub(" ", s).strip()
    return " ".join(_ASCII_SEP.split(s)).strip()


make_callable(__name__, normalize)
