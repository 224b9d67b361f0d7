"""Events and routes from an article's sentences: trigger words -> typed events with actors,
quantities, dates, a place, modality and the sentence that says so; movements -> routes.

Rule-based on purpose: the words live in geo/lang/events-<lang>.toml (a language is a file),
every decision is explainable from the evidence sentence, and it runs offline in milliseconds.
Pipeline per sentence: triggers -> (negated / relative-clause / denied-topic triggers dropped)
-> one draft per event type -> actors, quantities, dates, cue roles of place names. Then
drafts of the same event in nearby sentences are merged ("Kedatangan pasukan ... dibenarkan
pada 28 Oktober" confirms and dates the arrival of the sentence before), trigger-less
sentences that refer back ("kontainer tersebut berisi 6 juta peluru") add their quantities,
and each movement with two ends becomes a Route.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Protocol

from gazetteer.centre import at_representative
from gazetteer.place import Place
from geo.actors import ActorMention, find_actors
from geo.dates import DateMention, find_dates
from geo.lexicon import Lexicon, load_lexicon, words_regex
from geo.merge import PLACE_RANK
from geo.models import EVENT_TYPES, Actor, Article, Event, Evidence, Quantity, Route, Toponym
from geo.quantities import QuantityMention, find_quantities
from geo.routes import cue_role
from geo.sentences import Sentence, split_sentences

#: strongest first: a merged event keeps the strongest modality its sentences give
MODALITY_RANK = ("denied", "planned", "alleged", "confirmed", "reported")
MERGE_WINDOW = 3  # sentences
RECENT = 40  # drafts looked back at when merging: a bound that keeps long texts linear
#: what these move says little about the kind of movement: "the evacuees travelled ..."
WEAK_CLASSES = {"people", "vessels"}
CUE_WINDOW = 14  # words after a trigger in which its destination/via cues are looked for
TIME_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

class CountryPlace(Protocol):
    """``cp(cc)``: the country's representative point (its capital, precision 'country');
    ``cp.capital(cc)``: the capital city itself (precision 'city')."""

    def __call__(self, cc: str) -> Place | None: ...

    def capital(self, cc: str) -> Place | None: ...


@dataclass(slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    role: str | None = None  # origin | destination | via | location (from cue words)


@dataclass(slots=True)
class Trigger:
    start: int
    end: int
    word: str
    spec: dict
    nominal: bool = False
    relative: bool = False


@dataclass(slots=True)
class Draft:
    type: str
    subtype: str
    mode: str | None
    move: bool
    trig: Trigger
    sent: int
    last_sent: int
    ev_start: int
    ev_end: int
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    quantities: list[Quantity] = field(default_factory=list)
    qclass: str | None = None
    origin: Place | None = None
    destination: Place | None = None
    via: list[Place] = field(default_factory=list)
    location: Place | None = None
    location_text: str | None = None
    cue_located: bool = False
    date: DateMention | None = None
    modality: str = "reported"
    confidence: float = 0.5
    seat: bool = False
    anaphoric: bool = False
    trigs: list[Trigger] = field(default_factory=list)
    spec: dict = field(default_factory=dict)
    class_known: bool = True  # False: a bare "the deployment" / "pengiriman tersebut"
    send_class: str | None = None
    more_destinations: list[Place] = field(default_factory=list)
    contiguous: bool = True


# ---------------------------------------------------------------- lexicon-derived regexes


@cache
def _trigger_regexes(lang: str) -> list[tuple[re.Pattern, dict, set[str]]]:
    lex = load_lexicon(lang)
    return [
        (words_regex(spec["words"], suffix=lex.clitic_suffix), spec,
         {w.lower() for w in spec.get("nominal_words", [])})
        for spec in lex.triggers
    ]


@cache
def _word_sets(lang: str) -> dict[str, re.Pattern]:
    lex = load_lexicon(lang)
    m = lex.modality
    out = {f"mod_{k}": words_regex(v) for k, v in m.items() if k != "negation"}
    out["negation"] = words_regex(m.get("negation", []), suffix=r"\s+(?:\w+\s+)?$")
    out["relative"] = words_regex(lex.cue("relative"), suffix=r"\s+$")
    out["anaphora"] = words_regex(lex.cue("anaphora"))
    # a weak anaphor ("the") refers back only before a noun we know: "the containers"
    heads = [*lex.nouns, *(w for t in lex.triggers for w in t.get("nominal_words", []))]
    weak = words_regex(lex.cue("weak_anaphora")).pattern
    out["weak_anaphora"] = re.compile(
        rf"(?:{weak})\s+(?:\w+\s+)?{words_regex(heads, suffix=lex.clitic_suffix).pattern}",
        re.IGNORECASE,
    )
    out["agent"] = words_regex(lex.cue("agent"), suffix=r"\s+$")
    conj = words_regex(lex.cue("conjunctions")).pattern
    out["conj"] = re.compile(rf"\s*(?:,|,?\s*(?:{conj}))\s*", re.IGNORECASE)
    out["nouns"] = words_regex(list(lex.nouns), suffix=lex.clitic_suffix)
    return out


_CLAUSE_SEP = re.compile(r"[,;:]\s|[“”\"]|\s[-–—]\s")


def _clause(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the clause of ``text`` around ``pos``."""
    start, end = 0, len(text)
    for m in _CLAUSE_SEP.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[min(a, b) : max(a, b)].split())


# ---------------------------------------------------------------- triggers


def find_triggers(text: str, lex: Lexicon) -> list[Trigger]:
    """Trigger words of ``text`` that start events (negated ones and unmet requirements out)."""
    ws = _word_sets(lex.lang)
    low = text.lower()
    found: list[Trigger] = []
    for rx, spec, nominal in _trigger_regexes(lex.lang):
        req = spec.get("requires_any")
        if req and not any(re.search(rf"(?<!\w){re.escape(r)}", low) for r in req):
            continue
        for m in rx.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            if ws["negation"].search(before):
                continue
            word = lex.key({w.lower(): 1 for w in spec["words"]}, m.group(0))
            found.append(Trigger(m.start(), m.end(), word, spec, word in nominal,
                                 bool(ws["relative"].search(before))))
    kept: list[Trigger] = []
    for t in sorted(found, key=lambda t: (-(t.end - t.start), t.start)):
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    kept.sort(key=lambda t: t.start)
    # the noun form after a denial is what is denied, not a new event
    denials = [t.start for t in kept if t.spec.get("denial")]
    if denials:
        kept = [t for t in kept if not (t.nominal and t.start > min(denials))]
    return kept


def _send_class(text: str, trig: Trigger, lex: Lexicon, qms: list[QuantityMention],
                actors: list[ActorMention]) -> str | None:
    """The class of what a generic 'send' trigger moves: the nearest counted or named noun."""
    ws = _word_sets(lex.lang)
    c0, c1 = _clause(text, trig.start)
    best: tuple[int, str] | None = None
    for q in qms:
        if q.noun_class and c0 <= q.start < c1:
            d = _words_between(text, trig.start, q.start) + (0 if q.start > trig.start else 2)
            if best is None or d < best[0]:
                best = (d, q.noun_class)
    for m in ws["nouns"].finditer(text, c0, c1):
        cls = lex.nouns[lex.key(lex.nouns, m.group(0))][1]
        d = _words_between(text, trig.start, m.start()) + (0 if m.start() > trig.start else 2)
        if cls == "vessels":
            d += 100  # a ship is the carrier: what it carries decides
        if best is None or d < best[0]:
            best = (d, cls)
    for rx, spec, _ in _trigger_regexes(lex.lang):
        if spec.get("mode") == "aid":
            for m in rx.finditer(text, c0, c1):
                d = _words_between(text, trig.start, m.start()) + 1
                if best is None or d < best[0]:
                    best = (d, "aid")
    if best:
        return best[1]
    if any(a.actor.kind == "armed_forces" and c0 <= a.start < c1 for a in actors):
        return "troops"
    return None


# ---------------------------------------------------------------- places in a sentence


def place_mentions(
    text: str, offset: int, toponyms: list[Toponym], actors: list[ActorMention],
    country_place: CountryPlace, lex: Lexicon,
) -> list[PlaceMention]:
    """Resolved toponyms of the sentence plus country names the actor finder saw, with the
    role their cue word gives them. Country-level places use the gazetteer's country point."""
    out: list[PlaceMention] = []
    for t in toponyms:
        if t.place is None or not (offset <= t.start and t.end <= offset + len(text)):
            continue
        place = at_representative(t.place)  # areas: the capital / most populous place
        if place.precision == "country" and place.country_code:
            place = country_place(place.country_code) or place
        out.append(PlaceMention(t.start - offset, t.end - offset, t.text, place))
    demonyms = {k.lower() for k in lex.data.get("demonyms", {})}
    for a in actors:
        if a.actor.kind != "country" or not a.actor.country_code:
            continue
        if text[a.start : a.end].lower() in demonyms:
            continue  # "the Sudanese capital" names no place
        if any(not (a.end <= p.start or a.start >= p.end) for p in out):
            continue
        place = country_place(a.actor.country_code)
        if place is not None:
            out.append(PlaceMention(a.start, a.end, text[a.start : a.end], place))
    out.sort(key=lambda p: p.start)
    conj = _word_sets(lex.lang)["conj"]
    prev: PlaceMention | None = None
    for p in out:
        p.role = cue_role(text, p.start, lex.lang)
        if p.role is None and prev is not None and prev.role is not None and \
                conj.fullmatch(text[prev.end : p.start]):
            p.role = prev.role  # "to Calgary and Edmonton", "ke Tripoli, Lebanon"
        prev = p
    return out


def capital_actors(places: list[PlaceMention], actors: list[ActorMention]) -> list[ActorMention]:
    """A capital named as a subject speaks for its country ("Pyongyang mengirimkan ...")."""
    extra = []
    for p in places:
        if p.place.feature_code == "PPLC" and p.place.country_code and p.role is None:
            if all(p.end <= a.start or p.start >= a.end for a in actors):
                extra.append(ActorMention(Actor(p.text, "country", p.place.country_code),
                                          p.start, p.end, seat="capital"))
    return sorted([*actors, *extra], key=lambda a: a.start)


# ---------------------------------------------------------------- one sentence


def _pick_actor1(text: str, trig: Trigger, actors: list[ActorMention], mode: str | None,
                 lex: Lexicon, move: bool = False) -> ActorMention | None:
    ws = _word_sets(lex.lang)
    c0, c1 = _clause(text, trig.start)
    forces = [a for a in actors if a.actor.kind == "armed_forces" and c0 <= a.start < c1]
    if mode == "troops":
        if trig.nominal:  # "penempatan pasukan Korea Utara": the forces named right after
            near = [a for a in forces if a.start >= trig.end and
                    _words_between(text, trig.end, a.start) <= 3]
            if near:
                return near[0]
        before = [a for a in forces if a.end <= trig.start]
        if before:
            return before[-1]
    for a in actors:  # passive agent: "dikirim oleh Korea Utara", "shipped by North Korea"
        if trig.end <= a.start < c1 and ws["agent"].search(text[max(0, a.start - 10) : a.start]):
            return a
    before = [a for a in actors if a.end <= trig.start and a.start >= c0]
    if before:
        return before[-1]
    before = [a for a in actors if a.end <= trig.start]
    if before:
        return before[-1]
    after = [a for a in actors if a.start >= trig.end and a.start < c1]
    if mode == "troops" and forces:
        return forces[0]
    if move:
        return None  # what follows a movement verb is its cargo or destination, not its agent
    return after[0] if after else None


def _pick_actor2(trig: Trigger, actors: list[ActorMention], a1: ActorMention | None,
                 c1: int) -> ActorMention | None:
    for a in actors:
        if a.start >= trig.end and a is not a1 and a.start < c1:
            if a1 is None or a.actor.country_code != a1.actor.country_code or (
                a.actor.kind != a1.actor.kind
            ):
                return a
    return None


def _modality(text: str, trig: Trigger, lex: Lexicon) -> str:
    ws = _word_sets(lex.lang)
    c0, c1 = _clause(text, trig.start)
    # a quote's reporting verb sits outside the quotes: look at the whole sentence for
    # "confirmed" only when the clause says nothing
    for mod in ("planned", "alleged", "confirmed", "reported"):
        rx = ws.get(f"mod_{mod}")
        if rx is not None and rx.search(text, c0, c1):
            return mod
    return "reported"


def _date_for(text: str, trig: Trigger, dates: list[DateMention]) -> DateMention | None:
    if not dates:
        return None
    c0, c1 = _clause(text, trig.start)
    inside = [d for d in dates if c0 <= d.start < c1]
    pool = inside or dates
    return min(pool, key=lambda d: abs(d.start - trig.start))


def sentence_drafts(
    sent: Sentence, idx: int, lex: Lexicon, toponyms: list[Toponym], country_place: CountryPlace,
    ref: date | None, inferred_ref: bool = False, anchor: date | None = None,
) -> tuple[list[Draft], list[QuantityMention], bool, list[DateMention]]:
    """Drafts of the events of one sentence; also its quantities, whether it refers back,
    and its dates. ``toponyms`` are those of this sentence (article offsets)."""
    text = sent.text
    ws = _word_sets(lex.lang)
    actors = find_actors(text, lex.lang)
    qms = find_quantities(text, lex.lang)
    dates = find_dates(text, lex.lang, ref, nearest_weekday=inferred_ref, anchor=anchor)
    places = place_mentions(text, sent.start, toponyms, actors, country_place, lex)
    actors = [a for a in actors if not any(
        p.place.precision != "country" and p.start <= a.start and a.end <= p.end
        and (p.end - p.start) > (a.end - a.start) for p in places
    )]  # "Port Sudan" is a city, not Sudan
    actors = capital_actors(places, actors)
    anaphoric = bool(ws["anaphora"].search(text) or ws["weak_anaphora"].search(text))
    triggers = find_triggers(text, lex)

    by_type: dict[str, Draft] = {}
    order = {id(spec): i for i, spec in enumerate(lex.triggers)}
    for trig in triggers:
        spec = trig.spec
        etype, subtype, mode = spec["type"], spec.get("subtype"), spec.get("mode")
        known, cls = True, None
        if etype == "send":
            cls = _send_class(text, trig, lex, qms, actors)
            known = cls is not None
            etype, subtype, mode = (lex.send.get(cls or "default") or lex.send["default"])
        if etype not in EVENT_TYPES:
            continue
        prev = by_type.get(etype)
        if prev is not None:
            # one event per type and sentence; the earlier-listed (more specific) subtype wins
            prev.trigs.append(trig)
            if prev.trig.relative and not trig.relative:
                prev.subtype, prev.mode, prev.trig = subtype or prev.subtype, mode, trig
            elif not trig.relative and order[id(spec)] < order[id(prev.spec)]:
                prev.subtype, prev.mode, prev.spec = subtype or prev.subtype, mode, spec
            continue
        by_type[etype] = Draft(etype, subtype or EVENT_TYPES[etype][0], mode,
                               bool(spec.get("move")), trig, idx, idx, sent.start, sent.end,
                               anaphoric=anaphoric, trigs=[trig], spec=spec, class_known=known,
                               send_class=cls if spec["type"] == "send" else None)
    if "disaster" in by_type and "attack" in by_type:
        del by_type["attack"]  # "an earthquake struck ...": nature, not an attack
    drafts = list(by_type.values())
    if len(drafts) > 1:  # "... pasukan yang tiba di sana untuk menyerah": the appeal is the event
        drafts = [d for d in drafts if not d.trig.relative] or drafts[:1]

    for d in drafts:
        _fill(d, text, sent, lex, actors, qms, dates, places, drafts, country_place)
    return drafts, qms, anaphoric, dates


def _fill(d: Draft, text: str, sent: Sentence, lex: Lexicon, actors: list[ActorMention],
          qms: list[QuantityMention], dates: list[DateMention], places: list[PlaceMention],
          drafts: list[Draft], country_place: CountryPlace) -> None:
    trig = d.trig
    c0, c1 = _clause(text, trig.start)
    d.actor1 = _pick_actor1(text, trig, actors, d.mode, lex, d.move)
    if d.type in ("arms_transfer", "cooperation", "meeting", "appeal"):
        d.actor2 = _pick_actor2(trig, actors, d.actor1, len(text) if d.type == "meeting" else c1)
    # quantities go to the nearest trigger of the sentence
    for q in qms:
        nearest = min(drafts, key=lambda x: abs(x.trig.start - q.start))
        if nearest is d:
            d.quantities.append(q.quantity)
            d.qclass = d.qclass or q.noun_class
    d.date = _date_for(text, trig, dates)
    d.modality = "reported" if d.type == "statement" else _modality(text, trig, lex)
    if d.type != "statement" and any(x.type == "statement" and x.subtype == "denial"
                                     and c0 <= x.trig.start < trig.start for x in drafts):
        d.modality = "denied"  # "Kremlin menepis ... pengiriman" (same clause only)
    if d.modality == "planned" and d.date is not None and d.date.kind == "weekday":
        # "will arrive on Friday": the coming one, not the last
        d.date = replace(d.date, date=d.date.date + timedelta(days=7))

    actor_spans = [(a.start, a.end) for a in (d.actor1, d.actor2) if a is not None]

    def is_actor(p: PlaceMention) -> bool:
        return any(not (p.end <= s or p.start >= e) for s, e in actor_spans)

    after = [p for p in places if any(
        p.start >= t.start and _words_between(text, t.end, p.start) <= CUE_WINDOW
        for t in d.trigs)]
    in_clause = [p for p in places if c0 <= p.start < c1]
    for p in places:
        if p.role == "via" and p in after:
            d.via.append(p.place)
    origins = [p for p in places if p.role == "origin" and (p in after or p in in_clause)] or [
        p for p in places if p.role == "origin" and p.end <= trig.start
    ]
    dests = [p for p in after if p.role == "destination"]
    locs = [p for p in in_clause if p.role == "location"] or [
        p for p in places if p.role == "location"
    ]
    locs_after = [p for p in after if p.role == "location"]
    a1_place = _actor_place(d.actor1, country_place)
    if d.actor1 is not None and d.actor1.seat == "capital" and d.actor1.actor.country_code:
        a1_place = country_place.capital(d.actor1.actor.country_code) or a1_place
        d.seat = True

    if d.move:
        d.origin = _finest(origins).place if origins else a1_place
        if dests:
            d.destination = _finest(dests).place
            d.more_destinations = [p.place for p in dests if p.place.id != d.destination.id
                                   and not _nested(p.place, d.destination)]
        elif locs_after and not trig.nominal:
            # "the deployment ... in Brussels": a noun's place belongs to the main verb
            d.destination = _finest(locs_after).place
        elif d.mode in ("shipment", "aid") and d.actor2 is not None:
            d.destination = _actor_place(d.actor2, country_place)
        if d.destination is None and d.trig.word in {w.lower() for w in lex.cue("destination")}:
            cands = [p for p in after if not is_actor(p)]
            d.destination = cands[0].place if cands else None
        d.cue_located = bool(dests or locs_after or origins)
        if d.spec.get("locate") == "origin" or d.type == "evacuation":
            loc = d.origin if origins else (locs[0].place if locs else d.destination)
        else:
            loc = d.destination
        d.location = loc
    elif d.type in ("statement", "appeal"):
        d.location = a1_place or (locs[0].place if locs else None)
        d.cue_located = False
    else:
        direct = [p for p in in_clause if p.role is None and not is_actor(p)
                  and p.start >= trig.end and _words_between(text, trig.end, p.start) <= 3]
        if locs or direct:
            # "struck Cianjur in West Java": the finest of the named places
            d.location, d.cue_located = _finest(locs + direct).place, True
        else:
            free = [p for p in in_clause if not is_actor(p)] or [
                p for p in places if not is_actor(p)
            ]
            d.location = free[0].place if free else a1_place
    if d.location is not None:
        d.location_text = next((p.text for p in places if p.place.id == d.location.id), None)
    d.confidence = _confidence(d)


def _finest(ps: list[PlaceMention]) -> PlaceMention:
    return min(ps, key=lambda p: PLACE_RANK.get(p.place.precision, 9))


def _actor_place(a: ActorMention | None, country_place: CountryPlace) -> Place | None:
    if a is None or not a.actor.country_code:
        return None
    return country_place(a.actor.country_code)


def _confidence(d: Draft) -> float:
    c = 0.4
    c += 0.15 if d.cue_located else (0.05 if d.location is not None else 0)
    c += 0.1 if d.actor1 is not None else 0
    c += 0.1 if d.date is not None else 0
    c += 0.1 if d.quantities else 0
    c += 0.05 if d.modality == "confirmed" else 0
    c -= 0.2 if d.trig.relative else 0
    return round(max(0.05, min(0.95, c)), 2)


# ---------------------------------------------------------------- merging across sentences


def _same_country(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and a.country_code == b.country_code


def _nested(a: Place, b: Place) -> bool:
    """One of the two is the country the other lies in."""
    return _same_country(a, b) and "country" in (a.precision, b.precision)


def _place_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.id == b.id:
        return True
    if not _same_country(a, b):
        return False
    return "country" in (a.precision, b.precision)


def _finer(a: Place | None, b: Place | None) -> Place | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if PLACE_RANK.get(b.precision, 9) < PLACE_RANK.get(a.precision, 9) else a


def _can_merge(a: Draft, b: Draft) -> bool:
    # "the shipments went via Najin": a movement of unknown kind continues the one before
    weak = not b.class_known or b.subtype == "arrival" or b.send_class in WEAK_CLASSES
    wild = a.move and b.move and weak and (b.trig.nominal or b.anaphoric)
    if b.sent - a.last_sent > MERGE_WINDOW or a.type == "statement":
        return False
    if a.type != b.type and not wild:
        return False
    if a.mode != b.mode and a.type != "appeal" and not wild:
        return False
    if b.modality == "denied" or a.modality == "denied":
        return False
    if a.actor1 and b.actor1 and a.actor1.actor.country_code and b.actor1.actor.country_code \
            and a.actor1.actor.country_code != b.actor1.actor.country_code:
        return False
    if wild and a.type != b.type:
        # a continuation ("the evacuees travelled from Khartoum to Port Sudan") must start
        # where the movement before started, and add an end it lacked
        return _place_compatible(a.origin, b.origin) and (
            a.destination is None or _place_compatible(a.destination, b.destination)
            or _nested(a.origin, a.destination) if a.origin and a.destination else True
        )
    for x, y in ((a.location, b.location), (a.destination, b.destination)):
        if not _place_compatible(x, y):
            return False
    same_place = a.location is not None and b.location is not None and (
        a.location.id == b.location.id or _same_country(a.location, b.location)
    )
    return b.trig.nominal or b.anaphoric or same_place


def _merge(a: Draft, b: Draft) -> None:
    # the evidence grows only over adjacent sentences; else it stays the first sentence
    a.contiguous = a.contiguous and b.sent == a.last_sent + 1
    if a.contiguous:
        a.ev_end = max(a.ev_end, b.ev_end)
    a.last_sent = b.sent
    a.actor1 = a.actor1 or b.actor1
    a.actor2 = a.actor2 or b.actor2
    seen = {(q.value, q.what) for q in a.quantities}
    a.quantities += [q for q in b.quantities if (q.value, q.what) not in seen]
    a.origin = _finer(a.origin, b.origin) if _place_compatible(a.origin, b.origin) else a.origin
    a.destination = _finer(a.destination, b.destination)
    a.location = _finer(a.location, b.location)
    if a.location is b.location:
        a.location_text = b.location_text
    a.via += [v for v in b.via if v.id not in {x.id for x in a.via}]
    a.more_destinations += [p for p in b.more_destinations
                            if p.id not in {x.id for x in a.more_destinations}]
    if b.date is not None and (
        a.date is None or TIME_RANK[b.date.precision] < TIME_RANK[a.date.precision]
    ):
        a.date = b.date
    if b.modality == "confirmed" and a.modality in ("reported", "alleged"):
        a.modality = "confirmed"  # a later sentence confirms; it does not make it a rumour
    a.cue_located = a.cue_located or b.cue_located
    if a.type == "appeal" and b.subtype == "surrender_call":
        a.subtype = b.subtype
    a.confidence = round(min(0.95, max(a.confidence, b.confidence) + 0.05), 2)


# ---------------------------------------------------------------- public


def repeated_mentions(text: str, toponyms: list[Toponym], lex: Lexicon) -> list[Toponym]:
    """Later mentions of a resolved name the geoparser did not mark again (one sense per
    article): "Kabupaten Demak ... ke Demak". A leading filler word ("Kabupaten", "port of")
    may be left out in the repetition."""
    fillers = {f.lower() for f in lex.cue("fillers")}
    names: dict[str, Toponym] = {}
    for t in toponyms:
        if t.place is None:
            continue
        names.setdefault(t.text, t)
        words = t.text.split()
        k = 0
        while k < len(words) - 1 and words[k].lower() in fillers:
            k += 1
        if k:
            names.setdefault(" ".join(words[k:]), t)
    taken = bytearray(len(text))  # characters already inside a mention
    for t in toponyms:
        taken[t.start : t.end] = b"\x01" * (t.end - t.start)
    out: list[Toponym] = []
    for name, t in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if len(name) < 3 or not name[0].isupper():
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if any(taken[m.start() : m.end()]):
                continue
            out.append(Toponym(m.start(), m.end(), name, t.place, t.score, "discourse"))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return out


def is_headline(text: str, first: Sentence) -> bool:
    """A short first line without final punctuation, followed by more text."""
    return (
        first.start == len(text) - len(text.lstrip())
        and text[first.end : first.end + 1] == "\n"
        and not first.text.rstrip().endswith((".", "!", "?", "\"", "”", ":"))
        and len(first.text) <= 200
        and bool(text[first.end :].strip())
    )


def reference_date(article: Article) -> date | None:
    """Publication date, else the latest full date the article states (news are published
    on or soon after the last day they mention): relative dates need an anchor."""
    if article.published is not None:
        return article.published.date()
    days = [d.date for d in find_dates(article.text, article.lang) if d.precision == "day"]
    return max(days) if days else None


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def extract_events(
    article: Article, toponyms: list[Toponym], country_place: CountryPlace
) -> tuple[list[Event], list[Route]]:
    """Events and routes of ``article`` given its resolved toponyms; ``country_place(cc)``
    gives the representative point (the capital) for things known only at country level."""
    lex = load_lexicon(article.lang)
    ref = reference_date(article)
    text = article.text
    merged: list[Draft] = []
    sentences = split_sentences(text)
    if sentences and is_headline(text, sentences[0]):
        sentences = sentences[1:]  # the headline repeats the story, in telegraphic style
    tops = sorted([*toponyms, *repeated_mentions(text, toponyms, lex)], key=lambda t: t.start)
    starts = [t.start for t in tops]
    anchor: date | None = None
    for i, sent in enumerate(sentences):
        here = tops[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        drafts, qms, anaphoric, dates = sentence_drafts(
            sent, i, lex, here, country_place, ref, article.published is None, anchor
        )
        days = [x.date for x in dates if x.precision == "day" and x.kind != "duration"]
        anchor = days[-1] if days else anchor
        if not drafts and qms and anaphoric:
            # "kontainer tersebut berisi 6 juta peluru": more about the event just before
            host = next((m for m in reversed(merged[-RECENT:]) if i - m.last_sent <= 2
                         and m.qclass and any(q.noun_class == m.qclass for q in qms)), None)
            if host is not None:
                seen = {(q.value, q.what) for q in host.quantities}
                host.quantities += [q.quantity for q in qms
                                    if (q.quantity.value, q.quantity.what) not in seen]
                host.contiguous = host.contiguous and i == host.last_sent + 1
                if host.contiguous:
                    host.ev_end = max(host.ev_end, sent.end)
                host.last_sent = i
            continue
        for d in drafts:
            if d.location is None and d.type != "statement":
                # "58,000 residents were evacuated to shelters": the place set just before
                prev = next((m for m in reversed(merged[-RECENT:]) if i - m.last_sent <= 2
                             and m.location is not None), None)
                if prev is not None:
                    d.location, d.location_text = prev.location, prev.location_text
                    d.confidence = round(max(0.05, d.confidence - 0.15), 2)
            host = next((m for m in reversed(merged[-RECENT:]) if _can_merge(m, d)), None)
            if host is not None:
                _merge(host, d)
            else:
                merged.append(d)
    events: list[Event] = []
    routes: list[Route] = []
    for d in merged:
        if d.location is None:
            continue  # nothing to put on a map: "pasukan yang tiba di sana" without a place
        ev, ev_routes = _finish(d, article, text)
        events.append(ev)
        routes.extend(ev_routes)
    return events, routes


def _finish(d: Draft, article: Article, text: str) -> tuple[Event, list[Route]]:
    evidence = Evidence(text[d.ev_start : d.ev_end], d.ev_start, d.ev_end)
    eid = _hash(article.id, d.ev_start, d.ev_end, d.type, d.trig.start)
    dm = d.date
    geo_precision = None
    if d.location is not None:
        geo_precision = d.location.precision
    ev = Event(
        id=eid,
        type=d.type,
        subtype=d.subtype,
        place=d.location,
        geo_precision=geo_precision,
        date=dm.date if dm else None,
        time_precision=dm.precision if dm else None,
        evidence=evidence,
        article=article,
        date_end=dm.date_end if dm else None,
        actor1=d.actor1.actor if d.actor1 else None,
        actor2=d.actor2.actor if d.actor2 else None,
        quantities=list(d.quantities),
        modality=d.modality,
        confidence=d.confidence,
        location_text=d.location_text,
    )
    routes: list[Route] = []
    origin, via = d.origin, list(d.via)
    # a port or city of departure in the origin country is the better origin
    if origin is not None and via and origin.precision == "country" and \
            via[0].country_code == origin.country_code:
        origin = via.pop(0)
    if not d.move or origin is None:
        return ev, routes
    qty = max(d.quantities, key=lambda q: q.value) if d.quantities else None
    for dest in [d.destination, *d.more_destinations]:
        # "from Khartoum ... in Sudan" is no journey
        if dest is None or dest.id == origin.id or _nested(origin, dest):
            continue
        stops = [v for v in via if v.id not in (origin.id, dest.id)]
        routes.append(Route(
            id=_hash(article.id, d.ev_start, d.ev_end, "route", d.mode, dest.id),
            origin=origin,
            destination=dest,
            mode=d.mode or "movement",
            event_id=eid,
            via=stops,
            quantity=qty,
            date=ev.date,
            evidence=evidence,
            article=article,
        ))
    return ev, routes
