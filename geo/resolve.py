"""Resolution: which of a name's candidate places the text means, with an honest score.

Each candidate starts from the gazetteer's prior (kind of place, population, name quality).
Then, general evidence only:
- the cue before/after the name: "wilayah Kursk" wants a region, "pelabuhan Najin" a town;
- the document: countries and first-level regions the other names resolve to (a mention of
  North Korea makes the North Korean "Najin" likely), and spatial coherence (places of one
  article cluster: the distance to the other mentions' current choices);
- one sense per discourse: the same name in one document is one place.
The context terms are recomputed a few times (each pass uses the previous pass's choices).
The score is the softmax share of the chosen candidate times the recognition confidence.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from gazetteer.normalize import normalize
from gazetteer.place import Candidate, Place
from geo.recognize import Mention

PASSES = 3
CONTEXT_MIN = 0.1  # context a town needs to stand for a district/region the gazetteer lacks
ISOLATED_POP = 50_000  # smaller towns alone in their country are judged misrecognitions
# weights of the evidence (the prior is a score in [0, 1])
W_EXACT = 0.08  # the place's own name is the mention (not an alternate name)
W_COUNTRY = 0.35  # share of the other mentions in the candidate's country
W_ADMIN1 = 0.25  # share of the other mentions in the candidate's first-level region
W_NEAR = 0.3  # closeness to the other mentions' places
TEMPERATURE = 0.08  # softmax temperature of the final score
NEAR_KM = 250.0  # distance scale of spatial coherence

# Which feature classes/codes each cue kind prefers.
_CUE_WANTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (feature classes, feature-code prefixes)
    "region": (("A",), ("ADM1", "ADM2", "ADMD")),
    "district": (("A",), ("ADM2", "ADM3", "ADM1")),
    "city": (("P",), ("PPL",)),
    "village": (("P",), ("PPL",)),
    "port": (("P",), ("PPL",)),
    "country": (("A",), ("PCL",)),
    "island": (("T", "L"), ("ISL",)),
    "mountain": (("T",), ("MT",)),
    "water": (("H",), ()),
    "area": (("L", "T", "A"), ()),
}


@dataclass(slots=True)
class Resolution:
    mention: Mention
    place: Place | None
    score: float
    alternatives: list[tuple[Place, float]]
    reason: str | None = None  # why unresolved
    dropped: bool = False  # judged not a place name after all (see Resolver.resolve)


def _haversine(a: Place, b: Place) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _is_area(p: Place) -> bool:
    return p.precision in ("country", "continent", "region", "admin1")


def _contains(outer: Place, inner: Place) -> bool:
    """Is ``inner`` in the country or first-level region ``outer``?"""
    if outer.id == inner.id or not outer.country_code:
        return False
    if outer.precision == "country":
        return inner.country_code == outer.country_code
    if outer.precision == "admin1":
        return inner.country_code == outer.country_code and inner.admin1 == outer.admin1
    return False


def _cue_bonus(p: Place, kind: str | None) -> float:
    if kind is None:
        return 0.0
    classes, codes = _CUE_WANTS.get(kind, ((), ()))
    if p.feature_class in classes and (not codes or p.feature_code.startswith(codes)):
        return 0.3
    if kind in ("city", "village", "port") and p.feature_class == "A":
        return -0.15
    if kind in ("region", "district") and p.feature_class == "P":
        return -0.05
    return 0.0


class Resolver:
    def __init__(self, gz) -> None:
        self.gz = gz

    def _with_region(self, m: Mention) -> list[Candidate]:
        """'wilayah Kursk': when a region is wanted and none is named so, offer the region of
        the name's best towns whose own name starts with the mention (Kursk -> Kursk Oblast)."""
        cands = m.candidates
        if m.cue not in ("region", "district") or any(
            c.place.feature_class == "A" for c in cands
        ):
            return cands
        extra: list[Candidate] = []
        seen: set[str] = set()
        for c in cands[:5]:
            p = c.place
            if not p.country_code or not p.admin1:
                continue
            try:
                reg = self.gz.admin1(p.country_code, p.admin1)
            except Exception:  # noqa: BLE001 - a gazetteer without regions
                reg = None
            if reg is None or reg.id in seen:
                continue
            if normalize(reg.name).startswith(m.key):
                seen.add(reg.id)
                extra.append(Candidate(reg, c.score, m.key))
        return cands + extra

    def resolve(self, mentions: list[Mention]) -> list[Resolution]:
        # one sense per discourse: group mentions by (name, cue kind)
        groups: dict[tuple[str, str | None], list[Mention]] = {}
        for m in mentions:
            groups.setdefault((m.key, m.cue), []).append(m)
        keys = list(groups)
        cands: dict[tuple[str, str | None], list[Candidate]] = {
            k: self._with_region(groups[k][0]) for k in keys
        }
        # static part of each candidate's score
        base: dict[tuple[str, str | None], list[float]] = {}
        for k in keys:
            kind = k[1]
            base[k] = [
                c.score + _cue_bonus(c.place, kind)
                + (W_EXACT if normalize(c.place.name) == k[0] else 0.0)
                for c in cands[k]
            ]
        # "Gainesville, Ga.": the place inside the container, the container around the place
        for m in mentions:
            b = m.container
            if b is None:
                continue
            ka, kb = (m.key, m.cue), (b.key, b.cue)
            inner, outer = cands[ka], cands[kb]
            base[ka] = [x + (0.4 if any(_contains(q.place, c.place) for q in outer) else 0.0)
                        for x, c in zip(base[ka], inner, strict=True)]
            base[kb] = [x + (0.2 if any(_contains(q.place, c.place) for c in inner) else 0.0)
                        for x, q in zip(base[kb], outer, strict=True)]
        choice: dict[tuple[str, str | None], int] = {
            k: max(range(len(base[k])), key=base[k].__getitem__) for k in keys if cands[k]
        }
        weight = {k: sum(m.confidence for m in groups[k]) for k in keys}
        total: dict[tuple[str, str | None], list[float]] = dict(base)
        for _ in range(PASSES):
            if len(choice) < 2:
                break
            cc_w: Counter[str] = Counter()
            adm_w: Counter[tuple[str, str]] = Counter()
            points: list[tuple[tuple[str, str | None], Place, float]] = []
            for k, ci in choice.items():
                p = cands[k][ci].place
                w = weight[k]
                if p.country_code:
                    cc_w[p.country_code] += w
                    if p.admin1 and p.precision != "country":
                        adm_w[(p.country_code, p.admin1)] += w
                if not _is_area(p):
                    points.append((k, p, w))
            all_w = sum(weight[k] for k in choice) or 1.0
            new_choice = {}
            for k in keys:
                if not cands[k]:
                    continue
                own = weight[k]
                others = all_w - own if k in choice else all_w
                if others <= 0:
                    total[k] = base[k]
                    new_choice[k] = choice[k]
                    continue
                mine = cands[k][choice[k]].place if k in choice else None
                sc = []
                for c, b in zip(cands[k], base[k], strict=True):
                    p = c.place
                    s = b
                    if p.country_code:
                        cw = cc_w[p.country_code] - (own if mine is not None
                                                     and mine.country_code == p.country_code
                                                     else 0.0)
                        s += W_COUNTRY * max(0.0, cw) / others
                        if p.admin1 and p.precision != "country":
                            aw = adm_w[(p.country_code, p.admin1)] - (
                                own if mine is not None and mine.country_code == p.country_code
                                and mine.admin1 == p.admin1 and mine.precision != "country"
                                else 0.0)
                            s += W_ADMIN1 * max(0.0, aw) / others
                    if not _is_area(p) and points:
                        near = 0.0
                        for k2, q, w2 in points:
                            if k2 == k:
                                continue
                            near += w2 * math.exp(-_haversine(p, q) / NEAR_KM)
                        s += W_NEAR * near / others
                    sc.append(s)
                total[k] = sc
                new_choice[k] = max(range(len(sc)), key=sc.__getitem__)
            if new_choice == choice:
                break
            choice = new_choice
        # support of each country by the document's groups (for the isolation test below)
        cc_groups: Counter[str] = Counter(
            cands[k][ci].place.country_code for k, ci in choice.items()
            if cands[k][ci].place.country_code)
        out: list[Resolution] = []
        for m in mentions:
            k = (m.key, m.cue)
            if k not in choice:
                out.append(Resolution(m, None, 0.0, [], "not in the gazetteer"))
                continue
            p = cands[k][choice[k]].place
            if not any(c.place.feature_class == "A" for c in cands[k]) and \
                    k[1] in ("region", "district") and total[k][choice[k]] - base[k][
                    choice[k]] < CONTEXT_MIN:
                # "Laurel County": a district the gazetteer lacks; a town of that name is a
                # guess unless the other places of the document are around it
                out.append(Resolution(m, None, 0.0, [], f"no {k[1]} of this name in the gazetteer"))
                continue
            if (m.evidence == "gazetteer" and m.cue is None and m.container is None
                    and p.precision in ("city", "point") and p.population < ISOLATED_POP
                    and len(choice) >= 3 and cc_groups[p.country_code] <= 1):
                # a small town alone in its country among the document's places: more likely
                # a word that happens to be a place name somewhere ("Korea" -> Koréa, CI)
                out.append(Resolution(m, None, 0.0, [], "isolated small place", dropped=True))
                continue
            sc = total[k]
            ci = choice[k]
            top = sc[ci]
            z = sum(math.exp((s - top) / TEMPERATURE) for s in sc)
            share = 1.0 / z
            order = sorted(range(len(sc)), key=lambda x: -sc[x])[:3]
            alts = [(cands[k][x].place, round(math.exp((sc[x] - top) / TEMPERATURE) / z, 4))
                    for x in order]
            out.append(Resolution(m, cands[k][ci].place, share * m.confidence, alts))
        return out
