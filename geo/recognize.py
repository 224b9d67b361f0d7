"""Recognition: which spans of a text name places. No language model needed.

The method, in order of the evidence it uses:
1. gazetteer: the longest span of joined words, starting at a capitalised word, whose normalised
   form is a gazetteer name (``has``/``has_prefix`` on the trie keep this to a few lookups a word);
2. cue words from geo/lang/<lang>.toml: a strong cue ("wilayah", "port of", "... Oblast") makes a
   capitalised name a place even without a gazetteer entry (resolved later or left unresolved);
   a preposition ("di", "in") only raises confidence;
3. filters, so that common words and people are not places: stop words, acronyms that are not
   countries or regions, street names, titles ("Presiden X"), a name directly followed or
   preceded by another capitalised word that is a name (first name + surname), words said by
   someone ("X said"), words the same document writes in lower case, and -- across the
   document -- every word seen as part of a person's name ("Kim" once "Kim Jong-un" was seen).

How hard a filter bites depends on how prominent the place is: a country, a continent or a
first-level region survives a title before it ("Presiden Rusia"), a village does not.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Protocol

from gazetteer.normalize import normalize
from gazetteer.place import Candidate, Place
from geo.placewords import PlaceWords
from geo.tokens import Tokens, is_acronym, is_cap, tokenize

LOCATIVE_NAMES = True  # an unknown name after "di"/"in" is listed (unresolved, for the geocoder)
MAX_SPAN = 6  # words in the longest name we look for
LOOKUP_LIMIT = 30  # candidates kept per name

# prominence levels of a name: the best of its candidates (NATION: a country or continent)
TINY, SMALL, BIG, MAJOR, NATION = 0, 1, 2, 3, 4


class GazetteerLike(Protocol):
    def has(self, key: str) -> bool: ...
    def has_prefix(self, key: str) -> bool: ...
    def lookup(self, name: str, country: str | None = None, limit: int = 10) -> list[Candidate]: ...


@dataclass(slots=True)
class Mention:
    """A span recognised as a place name, with its gazetteer candidates (maybe none)."""

    start: int
    end: int
    text: str
    key: str  # the normalised name the candidates were looked up by
    name: str = ""  # the name itself, without a cue word in the span ("Kota Bandung" -> Bandung)
    candidates: list[Candidate] = field(default_factory=list)
    cue: str | None = None  # kind announced by a strong cue: region, port, city, ...
    preposition: bool = False
    locative: bool = False  # after "in", "di": a place even if the word is a name elsewhere
    cue_after: bool = False  # the cue is a word after the name ("Laurel County")
    confidence: float = 0.5  # how sure we are this is a place name at all
    evidence: str = "gazetteer"  # gazetteer | alias | demonym | cue | ner | given
    prominence: int = TINY
    container: Mention | None = None  # "Gainesville, Ga.": the mention right after a comma


def prominence(cands: list[Candidate]) -> int:
    best = TINY
    for c in cands:
        p = c.place
        if p.precision in ("country", "continent") or p.feature_code.startswith("PCL"):
            return NATION
        if p.source == "user" or p.feature_code == "ADM1" or p.precision in ("admin1", "region"):
            best = MAJOR
        elif p.precision == "admin2":
            # "Hall County" says it is a place; "Brown" for Brown County is more often a surname
            best = max(best, TINY if p.extra.get("name_kind") == "bare" else BIG)
        elif p.feature_code in ("PPLC", "PPLA") or p.population >= 100_000:
            best = max(best, BIG)
        elif p.population >= 1_000:
            best = max(best, SMALL)
    return best


_BASE_CONF = {TINY: 0.45, SMALL: 0.6, BIG: 0.8, MAJOR: 0.9, NATION: 0.95}


class Recognizer:
    """One per (gazetteer, language words); keeps a bounded cache of name -> candidates."""

    def __init__(self, gz: GazetteerLike, cache_size: int = 50_000) -> None:
        self.gz = gz
        self._cands: dict[str, list[Candidate]] = {}
        self._cache_size = cache_size
        self._alias: dict[str, Place | None] = {}
        self._prom: dict[str, int] = {}
        self._prom_own: dict[str, int] = {}  # the same, alternate names left out
        self._demonyms: dict[tuple, tuple[PlaceWords, tuple[str, list[Candidate]] | None]] = {}
        self._has: dict[str, bool] = {}
        self._has_prefix: dict[str, bool] = {}
        self._checked = 0.0
        self._user_count: int | None = None

    def fresh(self) -> None:
        """Forget cached look-ups when the user's own places changed (checked at most once a
        second, like the gazetteer itself), or when the caches grew too big."""
        now = time.monotonic()
        if now - self._checked >= 1.0:
            self._checked = now
            user = getattr(self.gz, "user", None)
            count = user.count() if user is not None and hasattr(user, "count") else None
            if count != self._user_count:
                self._user_count = count
                self._clear()
        if len(self._cands) >= self._cache_size or len(self._has) >= 4 * self._cache_size:
            self._clear()

    def _clear(self) -> None:
        for c in (self._cands, self._prom, self._prom_own, self._has, self._has_prefix,
                  self._demonyms):
            c.clear()

    def has(self, key: str) -> bool:
        v = self._has.get(key)
        if v is None:
            v = self._has[key] = self.gz.has(key)
        return v

    def has_prefix(self, key: str) -> bool:
        v = self._has_prefix.get(key)
        if v is None:
            v = self._has_prefix[key] = self.gz.has_prefix(key)
        return v

    def alias_place(self, ref: str) -> Place | None:
        """'country:US' / 'admin1:US.GA' -> the gazetteer's place (None if it lacks it)."""
        if ref not in self._alias:
            kind, _, code = ref.partition(":")
            place = None
            try:
                if kind == "country":
                    place = self.gz.country(code)
                elif kind == "admin1" and "." in code:
                    place = self.gz.admin1(*code.split(".", 1))
            except (AttributeError, KeyError, ValueError):
                place = None
            self._alias[ref] = place
        return self._alias[ref]

    def candidates(self, key: str) -> list[Candidate]:
        c = self._cands.get(key)
        if c is None:
            c = self._cands[key] = self.gz.lookup(key, limit=LOOKUP_LIMIT)
        return c

    def prominence(self, key: str) -> int:
        p = self._prom.get(key)
        if p is None:
            p = self._prom[key] = prominence(self.candidates(key))
        return p

    def own_prominence(self, key: str) -> int:
        """Prominence by the places whose own (not alternate) name this is: a big town known by
        the word only under another, often historic or foreign, name does not count."""
        p = self._prom_own.get(key)
        if p is None:
            p = self._prom_own[key] = prominence(
                [c for c in self.candidates(key) if c.place.extra.get("name_kind") != "alternate"])
        return p

    def with_alias(self, place: Place, key: str, written: str = "") -> list[Candidate]:
        """An alias's place first; places named exactly so stay candidates for the context to
        choose from ("Palestine" among Anderson County places is the Texas town) -- not for
        an abbreviation ("AS", "UK", "Pa." are no towns As, Uk or Pa)."""
        alias = [Candidate(place, 1.0, key)]
        if not written or written.isupper() or "." in written:
            return alias
        return [*alias, *(
            c for c in (self.candidates(key) if self.has(key) else ())
            if c.place.id != place.id and c.place.extra.get("name_kind") == "primary"
            and normalize(c.place.name) == key)]

    def demonym(self, head: str, word: str, words: PlaceWords
                ) -> tuple[str, list[Candidate]] | None:
        """(key, candidates) of the place an adjective or people's name stands for, by the
        language's suffix rules ("Russian(s)" -> Russia; ``head``: a first word already
        normalised, "sri " for "Sri Lankan"); None when it names no country or region."""
        ck = (head, word, id(words))
        hit = self._demonyms.get(ck)
        if hit is not None and hit[0] is words:  # the same word lists, not a reused id
            return hit[1]
        found = self._demonym(head, word, words)
        if len(self._demonyms) > 50_000:
            self._demonyms.clear()
        self._demonyms[ck] = (words, found)
        return found

    def _demonym(self, head: str, word: str, words: PlaceWords
                 ) -> tuple[str, list[Candidate]] | None:
        base = word[:-1] if word.endswith(("ns", "is")) else word
        if not base.endswith(words.demonym_endings) or word.lower() in words.personal_names:
            return None
        best: tuple[int, str, list[Candidate]] | None = None  # the most prominent reading
        for suf, rep in words.demonym_suffixes:
            if not base.endswith(suf):
                continue
            stem = base[: len(base) - len(suf)] + rep
            key = head + normalize(stem)
            ref = None if head else words.aliases.get(stem)  # "American": "America", an alias
            place = self.alias_place(ref) if ref else None
            if place is not None:
                cands = [Candidate(place, 1.0, key)]
            elif key and self.has(key):
                # the place's own name, not a spelling from some other language's CLDR list
                # ("Keenan" is no Kenyan: "Keena" names Kenya in one locale)
                cands = [c for c in self.candidates(key) if prominence([c]) >= MAJOR
                         and c.place.extra.get("name_kind") == "primary"]
            else:
                continue
            if cands and (best is None or prominence(cands) > best[0]):
                best = (prominence(cands), key, cands)  # "Chinese": China before Chin State
        return None if best is None else (best[1], best[2])

    def mention_at(self, text: str, start: int, end: int, words: PlaceWords) -> Mention:
        """A Mention for a span given from outside (gold spans, another NER): its candidates,
        and the cue of a leading/trailing cue word or the word before the span."""
        toks = tokenize(text[start:end])
        low = [x.lower() for x in toks.words]
        kind = None
        a, b = 0, len(low)
        for ln in range(min(words.before_len, b - 1), 0, -1):
            if " ".join(low[:ln]) in words.before:
                kind, a = words.before[" ".join(low[:ln])], ln
                break
        cue_after = False
        if b - a > 1 and low[-1] in words.after:
            cue_after = kind is None
            kind, b = kind or words.after[low[-1]], b - 1
        if kind is None:
            before = tokenize(text[max(0, start - 40):start]).words
            prev = [x.lower() for x in before]
            for ln in range(min(words.before_len, len(prev)), 0, -1):
                kind = words.before.get(" ".join(prev[-ln:]))
                if kind:
                    break
        name = text[start:end]
        key = normalize(name)
        ref = words.aliases.get(name) or words.aliases.get(name + ".")
        place = self.alias_place(ref) if ref else None
        if place is not None:
            cands = self.with_alias(place, key, name)
            return Mention(start, end, name, key, name=name, candidates=cands, cue=kind,
                           confidence=0.9, evidence="given", prominence=prominence(cands))
        cands = self.candidates(key) if self.has(key) else []
        if not cands and b > a:
            key = " ".join(normalize(w) for w in toks.words[a:b])
            cands = self.candidates(key) if self.has(key) else []
        if not cands and b - a > 1 and low[b - 1] in words.part_after:  # "Jakarta Timur"
            key = " ".join(normalize(w) for w in toks.words[a:b - 1])
            cands = self.candidates(key) if self.has(key) else []
        if not cands and b > a and words.demonym_endings:  # "Russian", "North Korean"
            head = " ".join(normalize(w) for w in toks.words[a:b - 1])
            dem = self.demonym(f"{head} " if head else "", toks.words[b - 1], words)
            if dem is not None:
                key, cands = dem
        return Mention(start, end, name, key, name=name, candidates=cands, cue=kind,
                       confidence=_BASE_CONF[prominence(cands)], evidence="given",
                       prominence=prominence(cands), cue_after=cue_after)

    # -- the scan ----------------------------------------------------------------------

    def recognize(
        self, text: str, words: PlaceWords, ner: list[tuple[int, int, str]] | None = None
    ) -> list[Mention]:
        self.fresh()
        toks = tokenize(text)
        return _Scan(self, toks, words, ner or []).run()


class _Scan:
    """The state of one document's scan (kept out of Recognizer so it stays thread-safe)."""

    def __init__(
        self, rec: Recognizer, toks: Tokens, words: PlaceWords, ner: list[tuple[int, int, str]]
    ) -> None:
        self.rec = rec
        self.gz = rec.gz
        self.t = toks
        self.w = words
        self.W = toks.words
        self.n = len(toks.words)
        self.low = [x.lower() for x in self.W]
        self.lower_words = {x for x in set(self.W) if x[0].islower()}
        self.keys: list[str | None] = [None] * self.n
        self.person_tokens: set[str] = set()
        # capitalised words that stand alone somewhere (a surname once the full name was given)
        W = self.W
        # indices of capitalised words (or words of a script without case): where names start
        self.caps = [k for k in [k for k, x in enumerate(W) if not x.islower()]
                     if W[k][0].isalpha() and not W[k][0].islower()]
        self.capset = set(self.caps)
        self._title_lines()
        joins, initial = toks.joins, toks.initial
        self.standalone = {
            W[k] for k in self.caps
            if W[k][0].isupper() and not initial[k]
            and not (k > 0 and W[k - 1][0].isupper() and joins[k])
            and not (k + 1 < self.n and W[k + 1][0].isupper() and joins[k + 1])
        }
        self.ner_person: list[tuple[int, int]] = [(s, e) for s, e, lab in ner
                                                  if lab in ("PERSON", "PER", "ORG")]
        self.ner_place: list[tuple[int, int]] = [(s, e) for s, e, lab in ner
                                                 if lab in ("GPE", "LOC", "FAC")]

    def _title_lines(self) -> None:
        """In a title-case line (a headline: most words capitalised) a capital says nothing:
        its words count as sentence-initial."""
        text, t = self.t.text, self.t
        self.title_words: set[int] = set()
        if "\n" not in text and self.n > 40:
            return
        a = 0
        for line_end in [*(m.start() for m in re.finditer("\n", text)), len(text)]:
            k = bisect_left(t.starts, line_end, a)
            if k - a >= 4:
                capitals = bisect_left(self.caps, k) - bisect_left(self.caps, a)
                if capitals >= 0.75 * (k - a):
                    for x in range(a, k):
                        t.initial[x] = True
                    self.title_words.update(range(a, k))
            a = k

    def key(self, i: int) -> str:
        k = self.keys[i]
        if k is None:
            k = self.keys[i] = normalize(self.W[i])
        return k

    def joined(self, i: int) -> bool:
        """Is token i joined to token i-1 (no punctuation between)?"""
        return 0 < i < self.n and self.t.joins[i]

    def cap_next(self, j: int) -> bool:
        """Is token j a capitalised word joined to the previous one (continuing a name)?"""
        return j in self.capset and self.t.joins[j]

    def longest(self, i: int) -> tuple[int, str] | None:
        """(end token, key) of the longest gazetteer name starting at token i."""
        cur = self.key(i)
        if not cur:
            return None
        has, has_prefix = self.rec.has, self.rec.has_prefix
        t = self.t
        best = None
        j = i
        possessive = False  # the key took in a possessive "'s"
        while True:
            if (j == i or is_cap(self.W[j]) or self.W[j] == "s") and has(cur) and (
                    not possessive or self._apostrophe_name(cur)):
                best = (j + 1, cur)
            if j + 1 < self.n and self.W[j + 1] == "s" and j + 1 - i < MAX_SPAN and \
                    t.text[t.ends[j]:t.starts[j + 1]] in ("'", "’") and has_prefix(cur + "s"):
                j += 1  # "Cox's Bazar", "St. John's": a possessive inside the name
                cur += "s"
                possessive = True
                continue
            if j + 1 >= self.n or j + 1 - i >= MAX_SPAN or not self.t.joins[j + 1]:
                break
            if not has_prefix(cur):
                break
            j += 1
            k = self.key(j)
            if not k:
                break
            cur = f"{cur} {k}"
        return best

    def _apostrophe_name(self, key: str) -> bool:
        """Is some place of this key written with an apostrophe ("Cox’s Bāzār"), so that a
        possessive in the text is part of the name ("Smith's" is not Smiths Station)?"""
        return any("'" in c.place.name or "’" in c.place.name
                   for c in self.rec.candidates(key))

    def cap_run_end(self, i: int) -> int:
        j = i + 1
        while j < self.n and j - i < MAX_SPAN and self.cap_next(j):
            j += 1
        return j

    def name_like(self, j: int) -> bool:
        """Is token j a capitalised word of a person's (or brand's) name, not a place word?"""
        if j < 0 or j >= self.n:
            return False
        w = self.W[j]
        if not is_cap(w) or w.isdigit() or is_acronym(w) or j in self.title_words:
            return False  # (in a headline every word has a capital)
        lw = self.low[j]
        if (lw in self.w.stop_words or lw in self.w.org_words or lw in self.w.after
                or lw in self.w.titles or lw in self.w.before or lw in self.w.street_after
                or lw in self.lower_words):
            return False
        k = self.key(j)
        # a big town known by this word only under another (often historic or foreign) name
        # does not make it a place word: "Kathy Cosco" (Cosco: a spelling of Cusco) is a person
        return not (self.rec.has(k) and self.rec.own_prominence(k) >= BIG)

    def place_name_pair(self, i: int, j: int, prom: int) -> int | None:
        """'Abraham Lincoln', 'Paris Hilton': a name directly followed by another gazetteer name
        with no comma, the two not one name: a person. Returns the end of the second name."""
        if prom >= NATION or not self.cap_next(j) or self.low[j] in self.w.after or \
                self._org_word(j) or self._org_word(i) or self.low[i] in self.w.stop_words:
            return None  # ("Metro Vancouver": an organisation word before a place)
        m = self.longest(j)
        if m is None:
            return None
        prom2 = self.rec.prominence(m[1])
        if prom2 >= MAJOR or (m[0] < self.n and self.cap_next(m[0])):
            return None
        return m[0]

    def _mark_person(self, i: int, j: int) -> None:
        for x in range(i, j):
            if not self.t.initial[x] or x + 1 < j:
                self.person_tokens.add(self.W[x])

    # -- main loop -------------------------------------------------------------------------

    def run(self) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        W = self.W
        w = self.w
        stop, low = w.stop_words, self.low
        for c in self.caps:
            if c < i:
                continue
            i = c
            word = W[i]
            if i > 0 and self.low[i - 1] in w.vessel_prefixes and self.t.joins[i] and \
                    W[i - 1].isupper():
                i = self.cap_run_end(i)  # "HMAS Adelaide", "KRI Dewaruci": a ship's name
                continue
            if word in w.alias_heads and not self._longer_name(i):
                a = self._alias(i, out)
                if a is not None:
                    i = a
                    continue
            # "Sri Lankan", "South Ossetian": a two-word adjective before any one-word match
            nxt = W[i + 1] if i + 1 < self.n else ""
            if w.demonym_endings and nxt.endswith(w.demonym_endings + ("s",)) and \
                    nxt[1:].islower() and self.cap_next(i + 1) and \
                    self._demonym_of(f"{self.key(i)} ", nxt, i, i + 2, out):
                i += 2
                continue
            if low[i] in stop and low[i] not in w.before_heads and not self.cap_next(i + 1) \
                    and not self.ner_place and not self.rec.has_prefix(self.key(i) + " "):
                i += 1  # a capitalised common word alone ("The", "But"): no name starts here
                continue
            # "D-N.Y.", "R-Pa.": a party and a state as the press abbreviates it, before any
            # gazetteer match of the whole word ("D-N" is a German town)
            if W[i].find("-", 1) > 0 and any(self._alias_at(self.t.starts[i] + x + 1)
                                       for x, ch in enumerate(W[i]) if ch == "-") \
                    and self._hyphen_parts(i, out):
                i = max(i + 1, _after(self.t, out[-1]))
                continue
            # a capitalised strong cue ("Kota Bandung"); "Port of Spain" stays whole (a name)
            kind, cue_start = None, i
            m = self.longest(i)
            if (m is None or m[0] == i + 1 or self.low[i] in w.before_outside) \
                    and self.low[i] in w.before_heads:
                for ln in range(min(w.before_len, self.n - i - 1), 0, -1):
                    ck = w.before.get(" ".join(self.low[i : i + ln]))
                    if ck and self.cap_next(i + ln):
                        kind = ck
                        if " ".join(self.low[i:i + ln]) in w.before_outside:
                            cue_start = i + ln  # "Bupati Trenggalek": the office stays out
                        i += ln
                        m = self.longest(i)
                        break
                if kind is not None and W[i] in w.alias_heads and not self._longer_name(i):
                    a = self._alias(i, out)  # "Angkatan Laut AS": the US
                    if a is not None:
                        i = a
                        continue
            if m is None:
                if kind is None and self._cue_after(i + 1) != "water" and self._demonym(i, out):
                    i = _after(self.t, out[-1])
                    continue
                if self._inflected(i, kind, out):
                    i += 1
                    continue
                if kind is None and self._hyphen_parts(i, out):
                    i = max(i + 1, _after(self.t, out[-1]))
                    continue
                i = self._unmatched(i, kind, cue_start, out)
                continue
            j, key = m
            i = self._matched(i, j, key, kind, cue_start, out)
        self._finish(out)
        return out

    def _add(self, i: int, j: int, s: int, e: int, key: str, cands: list[Candidate],
             conf: float, evidence: str, out: list[Mention]) -> None:
        out.append(Mention(
            start=s, end=e, text=self.t.text[s:e], key=key, name=self.t.text[s:e],
            candidates=cands, cue=None, preposition=self._cue_before(i)[1], confidence=conf,
            evidence=evidence, prominence=prominence(cands)))

    def _longer_name(self, i: int) -> bool:
        """Does a gazetteer name of two or more words start here that is longer than the
        alias written here ("Saudi Arabia" before the alias "Saudi"; not "DKI Jakarta", an
        alias as long as the gazetteer's "DKI Jakarta")?"""
        m = self.longest(i)
        if m is None or m[0] - i < 2:
            return False
        written = self._alias_at(self.t.starts[i])
        return written is None or self.t.ends[m[0] - 1] > self.t.starts[i] + len(written)

    def _alias(self, i: int, out: list[Mention]) -> int | None:
        """'U.S.', 'Ga.', 'Jawa Barat': names of the language file's alias table, as written."""
        text, t = self.t.text, self.t
        for k in range(min(self.n, i + 3) - 1, i - 1, -1):
            if k > i and t.starts[k] - t.ends[k - 1] > 2:
                continue
            s, e = t.starts[i], t.ends[k]
            for end in ((e + 1, e) if text[e:e + 1] == "." else (e,)):
                ref = self.w.aliases.get(text[s:end])
                if ref is None:
                    continue
                place = self.rec.alias_place(ref)
                if place is None:
                    return None
                key = normalize(text[s:end])
                # the alias first; places named exactly so stay candidates for the context to
                # choose ("Palestine" near Anderson County is the Texas town)
                self._add(i, k + 1, s, end, key, self.rec.with_alias(place, key, text[s:end]), 0.9,
                          "alias", out)
                return k + 1
        return None

    def _inflected(self, i: int, kind: str | None, out: list[Mention]) -> bool:
        """'Москве' -> 'Москва': a case ending replaced by the language's rules; only names of
        big places, or any place after a cue, are accepted this way."""
        word = self.W[i]
        rules = self.w.inflections
        if not rules or len(word) < 4 or not word.endswith(self.w.inflection_endings):
            return False
        for suf, rep in rules:
            if not word.endswith(suf) or len(word) - len(suf) < 3:
                continue
            key = normalize(word[: len(word) - len(suf)] + rep)
            if not key or not self.rec.has(key):
                continue
            prom = self.rec.prominence(key)
            cue, prep = self._cue_before(i)
            if prom >= BIG or kind or cue or (prep and prom >= SMALL):
                self._add(i, i + 1, self.t.starts[i], self.t.ends[i], key,
                          self.rec.candidates(key), _BASE_CONF[prom] - 0.1, "gazetteer", out)
                out[-1].cue = kind or cue
                return True
        return False

    def _demonym(self, i: int, out: list[Mention]) -> bool:
        """'Russian(s)' -> Russia, by the language's suffix rules; countries and regions only."""
        word = self.W[i]
        if not self.w.demonym_suffixes or len(word) < 4 or not word[1:].islower():
            return False
        end = i + 1
        if not word.endswith(self.w.demonym_endings + ("s",)):
            return False
        return self._demonym_of("", word, i, end, out)

    def _demonym_of(self, head: str, word: str, i: int, end: int, out: list[Mention]) -> bool:
        found = self.rec.demonym(head, word, self.w)
        if found is None:
            return False
        self._add(i, end, self.t.starts[i], self.t.ends[end - 1], found[0], found[1], 0.6,
                  "demonym", out)
        return True

    def _alias_at(self, pos: int) -> str | None:
        """The longest alias written at ``pos`` and ending a word ('Pa.', 'N.Y.', 'US')."""
        text = self.t.text
        best = None
        for k in range(min(len(text) - pos, self.w.alias_len), 0, -1):
            x = text[pos:pos + k]
            if x in self.w.aliases and not (pos + k < len(text) and text[pos + k].isalnum()):
                best = x
                break
        return best

    def _hyphen_parts(self, i: int, out: list[Mention]) -> bool:
        """'D-Charleston', 'Atlanta-area', 'Rusia-Ukraina': places inside a hyphenated word."""
        word = self.W[i]
        if "-" not in word:
            return False
        found = False
        pos = self.t.starts[i]
        parts = word.split("-")
        lone = sum(1 for x in parts if len(x) > 1 and x[0].isupper() and not x.isupper()) == 1
        for part in parts:
            # "D-Pa.", "R-Calif.": a party and a state as the press abbreviates it (alias table)
            written = self._alias_at(pos) if part[:1].isupper() else None
            place = self.rec.alias_place(self.w.aliases[written]) if written else None
            if place is not None:
                k = normalize(written)
                self._add(i, i + 1, pos, pos + len(written), k, [Candidate(place, 1.0, k)],
                          0.8, "alias", out)
                found = True
            elif len(part) > 1 and part[0].isupper() and (k := normalize(part)) and \
                    self.rec.has(k):
                cands = self.rec.candidates(k)
                prom = prominence(cands)
                if prom >= MAJOR or (prom >= BIG and lone):
                    self._add(i, i + 1, pos, pos + len(part), k, cands, _BASE_CONF[prom] - 0.1,
                              "gazetteer", out)
                    found = True
            pos += len(part) + 1
        return found

    def _cue_before(self, i: int) -> tuple[str | None, bool]:
        """(strong cue kind, preposition?) for a name starting at token i."""
        if i == 0:
            return None, False
        kind, _ = self.w.cue_before(self.low, i)
        prev = self.low[i - 1]
        return kind, prev in self.w.prepositions

    def _cue_after(self, j: int) -> str | None:
        if j < self.n and self.t.joins[j]:
            return self.w.after.get(self.low[j])
        return None

    def _unmatched(self, i: int, kind: str | None, cue_start: int, out: list[Mention]) -> int:
        """A capitalised word no gazetteer name starts with: a place only with a strong cue."""
        j = self.cap_run_end(i)
        if kind is None:
            kind, _ = self._cue_before(i)
        after = None
        if kind is None:
            # "Xyz Oblast": the last word of the run is a cue itself, or the word after it is
            last = self.low[j - 1]
            if j - 1 > i and last in self.w.after:
                after = self.w.after[last]
                j_name = j - 1
            else:
                after = None
                j_name = j
        else:
            j_name = j
        locative = LOCATIVE_NAMES and i > 0 and self.low[i - 1] in self.w.locative and \
            not self.t.initial[i]
        if kind is None and after is None and not locative:
            if j - i == 1 and not self.ner_place:
                return j  # one unknown capitalised word without a cue: nothing to say
            if self._in_ner(self.ner_place, i, j):
                kind = "area"
            else:
                if j - i >= 2 and all(self.name_like(x) for x in range(i, j)):
                    self._mark_person(i, j)  # "Barack Obama": a person's name, all of it
                    return j
                return i + 1
        if self.low[i] in self.w.stop_words and j_name - i == 1:
            return j
        if any(is_acronym(self.W[x]) for x in range(i, j_name)):
            return j
        if all(self.low[x] in self.lower_words or self.low[x] in self.w.stop_words
               for x in range(i, j_name)):
            return j  # common words ("Korban Jiwa"), not a name
        key = " ".join(self.key(x) for x in range(i, j_name))
        if not key or self._street(i, j):
            return j
        cands = self._fallback_candidates(key, kind or after)
        # the span takes a capitalised cue word in ("Desa Curahkalak": the unit's name); the
        # geocoder is asked without it (PlaceWords.geocoder_query)
        start_tok = cue_start if cue_start < i else i
        out.append(Mention(
            start=self.t.starts[start_tok], end=self.t.ends[j - 1],
            text=self.t.text[self.t.starts[start_tok]:self.t.ends[j - 1]],
            key=key, name=self.t.text[self.t.starts[i]:self.t.ends[j_name - 1]],
            candidates=cands, cue=kind or after, preposition=False, cue_after=after is not None,
            confidence=0.6 if cands else 0.5, evidence="cue",
            prominence=prominence(cands),
        ))
        return j

    def _fallback_candidates(self, key: str, kind: str | None) -> list[Candidate]:
        """'Xyz Oblast' when only 'Xyz' is a gazetteer name: the name's own candidates."""
        if key and self.rec.has(key):
            return self.rec.candidates(key)
        return []

    def _street(self, i: int, j: int) -> bool:
        w = self.w
        if i > 0 and self.low[i - 1] in w.street_before and self.t.joins[i]:
            return True
        # "Dublin Road", but not "Florida Highway Patrol" (an organisation named after roads)
        return j < self.n and self.t.joins[j] and self.low[j] in w.street_after and \
            is_cap(self.W[j]) and not self.cap_next(j + 1)

    def _in_ner(self, spans: list[tuple[int, int]], i: int, j: int) -> bool:
        if not spans:
            return False
        s, e = self.t.starts[i], self.t.ends[j - 1]
        return any(a < e and s < b for a, b in spans)

    def _matched(
        self, i: int, j: int, key: str, kind: str | None, cue_start: int, out: list[Mention]
    ) -> int:
        w = self.w
        W = self.W
        single = j - i == 1
        lw = self.low[i]
        if single and (lw in w.stop_words or lw in w.before or lw in w.titles) and (
                self._cue_after(j) is None or self.t.initial[i] or not W[j][0].isupper()
                or self.low[j] in w.after_outside):
            return i + 1  # a common word, unless a name like "Hall County" mid-sentence
        if not single and all(self.low[x] in w.stop_words for x in range(i, j)) and not (
                j - i == 2 and self._cue_after(i + 1) is not None and not self.t.initial[i]
                and is_cap(W[i]) and lw not in w.before and lw not in w.titles):
            return i + 1  # "The City": common words all (but "Hall County" mid-sentence)
        cands = self.rec.candidates(key)
        if not cands:
            return i + 1
        prom = self.rec.prominence(key)
        strong_kind, prep = self._cue_before(i) if kind is None else (kind, False)
        kind = kind or strong_kind
        after = self._cue_after(j)
        if after is not None:
            kind = kind or after
        cued = kind is not None or prep or self._in_ner(self.ner_place, i, j)
        initial = self.t.initial[i] and cue_start == i
        # acronyms: only countries and regions ("US", "AS", "UK"), never "NATO", "ABC"
        if single and is_acronym(W[i]) and prom < NATION:
            return j
        if self._street(i, j):
            return j
        if self._in_ner(self.ner_person, i, j) and prom < NATION:
            return j
        if single and prom >= NATION and kind is None and not prep:
            # "Chad Johnson", "Gene Kay", "Alan" (a CLDR name of the Aland Islands): a given
            # name before a surname, or a known given name that names a country only in some
            # other language
            own = any(c.place.extra.get("name_kind") == "primary" for c in cands
                      if prominence([c]) == NATION)
            found = self._person_after(i, j, BIG) if lw in w.personal_names else None
            if found is not None or (not own and lw in w.personal_names):
                if found is not None and found[1]:
                    self._mark_person(i, found[0])
                return found[0] if found is not None else j
        if prom < NATION and kind is None:
            prev_title = i > 0 and self.low[i - 1].rstrip(".") in w.titles and (
                self.t.joins[i] or self.low[i - 1] in ("kata", "said"))
            nxt = j < self.n and self.t.joins[j] and self.low[j] in w.person_after
            if prev_title and prom < BIG:
                self._mark_person(i, self.cap_run_end(i))
                return self.cap_run_end(i)
            # first name + surname: "Mark Rutte", "Vladimir Putin", "Kim Jong-un"
            found = self._person_after(i, j, prom) if after is None else None
            if found is not None:
                end, sure = found
                if sure:
                    self._mark_person(i, end)
                return end
            pair_end = self.place_name_pair(i, j, prom) if after is None else None
            if pair_end is not None:
                return pair_end
            prev_name = self.joined(i) and self.name_like(i - 1)
            if prev_name and prom < BIG:
                return j
            if nxt and single and prom < BIG:
                self._mark_person(i, j)
                return j
        if single and prom < BIG and not cued:
            # a common word capitalised (title case, sentence start): the text says so itself
            if lw in self.lower_words:
                return j
            if lw in w.personal_names:  # "Kim", "Patrick" alone: a person
                return j
        if single and initial and lw in self.lower_words and not cued and (
                prom < NATION or not any(c.place.extra.get("name_kind") in ("primary", "official")
                                         for c in cands if prominence([c]) == NATION)):
            return j  # "Man charged ..." (Isle of Man) at a headline's start, "man" elsewhere
        conf = _BASE_CONF[prom]
        if kind is not None:
            conf += 0.08
        elif prep:
            conf += 0.05
        if initial and single and not cued:
            conf -= 0.15 if prom < MAJOR else 0.02
        end_tok = j
        if after is not None and self.low[j] not in w.after_outside and not self.W[j].islower():
            # "Rapides Parish", "Kursk Oblast"; not "Dublin City (Council)", and not a generic
            # word in lower case ("the Kursk region", "Helmand province": the name alone)
            end_tok = j + 1
        elif j < self.n and self.low[j] in w.part_after and self.cap_next(j):
            end_tok = j + 1  # "Jakarta Timur": a part of the place, resolved to the place
        start_tok = cue_start if cue_start < i else i
        s, e = self.t.starts[start_tok], self.t.ends[end_tok - 1]
        out.append(Mention(
            start=s, end=e, text=self.t.text[s:e], key=key,
            name=self.t.text[self.t.starts[i]:self.t.ends[j - 1]], candidates=cands, cue=kind,
            preposition=prep, confidence=max(0.05, min(0.99, conf)), evidence="gazetteer",
            prominence=prom, locative=i > 0 and self.low[i - 1] in w.locative,
            cue_after=after is not None and kind == after and strong_kind is None,
        ))
        return end_tok

    def _org_word(self, x: int) -> bool:
        lw = self.low[x]
        return lw in self.w.org_words or (len(lw) > 5 and lw.endswith(self.w.org_suffixes))

    def _person_after(self, i: int, j: int, prom: int) -> tuple[int, bool] | None:
        """If the name i..j is followed by a person's name ("Mark Rutte"), the end of it.
        Not when the words after it make an organisation ("Ohio Supreme Court"); a region's
        name needs more: the surname standing alone somewhere in the document ("Putin")."""
        if not (self.cap_next(j) and self.name_like(j)):
            return None
        end = self.cap_run_end(j)
        if end - i > 3 or any(self._org_word(x) for x in range(j, end)):
            return None
        if end < self.n and self.t.joins[end] and is_cap(self.W[end]) and self._org_word(end):
            return None  # "Ohio Supreme Court"; not a verb after a name ("Rutte membenarkan")
        said = end < self.n and self.low[end] in self.w.person_after
        titled = i > 0 and self.low[i - 1].rstrip(".") in self.w.titles
        sure = said or titled or any(self.W[x] in self.standalone for x in range(j, end)) or (
            prom < MAJOR and not any(self.rec.has(self.key(x)) for x in range(j, end)))
        if prom >= MAJOR and not sure:
            return None
        return end, sure

    def _finish(self, out: list[Mention]) -> None:
        """Document-wide filters: drop names seen as part of a person's name elsewhere; link
        "Gainesville, Ga." (a name, a comma, a country or region) as place and container."""
        text = self.t.text
        for a, b in zip(out, out[1:], strict=False):
            between = text[a.end:b.start].strip()
            if b.prominence >= MAJOR and (between == "," or between.lower() in self.w.container):
                a.container = b  # "Gainesville, Ga.", "Tripoli in Lebanon"
        if not self.person_tokens:
            return
        placed = {m.text for m in out if m.cue or m.container or m.locative}
        out[:] = [m for m in out if not (
            m.prominence < MAJOR and m.cue is None and m.text in self.person_tokens
            and m.text not in placed)]


def _after(t: Tokens, m: Mention) -> int:
    """The index of the first token after mention ``m``."""
    return bisect_left(t.starts, m.end)


__all__ = ["Mention", "Recognizer", "prominence"]
