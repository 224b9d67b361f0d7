"""Resolution: which of a name's candidate places the text means, with an honest score.

Each candidate starts from the gazetteer's prior (kind of place, population, name quality).
Then, general evidence only:
- the cue before/after the name: "wilayah Kursk" wants a region, "pelabuhan Najin" a town;
- the document: countries and first-level regions the other names resolve to (a mention of
  North Korea makes the North Korean "Najin" likely), and spatial coherence (places of one
  article cluster: the distance to the other mentions' current choices);
- one sense per discourse: the same name in one document is one place, and a name the text
  also calls a region ("wilayah Kursk") is that region where it stands alone ("di Kursk");
- a first-level region by its own name is what the name means in its country: "England" is
  the region (not the United Kingdom, which one locale also calls so), "Wales" not the English
  village of that name;
- document focus for regions: a first-level-region reading of a name ("Georgia": the US state,
  against the country) is supported by every other name that has *some* reading inside it,
  whatever that name's current choice (Jackson, Madison and Barrow County all have readings in
  the state); each other name spreads one vote over the distinct regions of its readings, so
  names found in every state say little. A region named outright ("Ohio") votes doubly for the
  towns inside it.
The context terms are recomputed a few times; each name votes for the countries, regions and
points of all its readings, weighted by how likely each reading is after the previous pass.
Votes are counted per name (the same name under another cue is no independent evidence), and
only a name's few best readings by prior, plus those in a region where another name has a
reading, take part: the rest cannot win and would only dilute the document's real cluster.
Context counts half for a reading by an alternate (often historic) name of a place: "China"
among New York places is still the country, not Arcade, NY, once called China.
Counties (second-level regions, a few tens of km across) count as points for spatial
coherence: "Huntsville" and "Walker County" pull each other to Texas, where the town lies in
the county, rather than to Alabama, where the two are 150 km apart.
The score is the softmax share of the chosen candidate times the recognition confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gazetteer.normalize import normalize
from gazetteer.place import Candidate, Place
from geo.recognize import BIG, MAJOR, Mention

PASSES = 3
CONTEXT_PRIOR = 0.5  # pseudo-weight of "no context": a lone other name says less
MAX_POINTS = 48  # most likely town readings used for spatial coherence
CONTEXT_TEMPERATURE = 0.2  # softness of the votes a name casts for its possible readings
KEEP_CANDIDATES = 4  # per name, by static score, always kept (others: with regional support)
MAX_CANDIDATES = 30  # per name at most, by static score, into the context passes
NATURAL_KINDS = ("island", "mountain", "water")  # cue kinds the populated-places gazetteer lacks
CONTEXT_MIN = 0.1  # context a town needs to stand for a district/region the gazetteer lacks
ISOLATED_POP = 50_000  # smaller towns alone in their country are judged misrecognitions
SMALL_NAMESAKE = 100_000  # towns below this give way to a region of their name in their country
# weights of the evidence (the prior is a score in [0, 1])
W_EXACT = 0.08  # the place's own name is the mention (not an alternate name)
W_COUNTRY = 0.3  # share of the other mentions in the candidate's country
W_ADMIN1 = 0.6  # share of the other mentions in the candidate's first-level region
W_NEAR = 1.0  # closeness to the other mentions' places
TEMPERATURE = 0.08  # softmax temperature of the final score
NEAR_KM = 120.0  # distance scale of spatial coherence (local news clusters within a county or two)
W_POSSIBLE = 1.0  # an area's support from the other names' possible readings inside it
AREA_VOTE = 2.0  # weight of a first-level region's own vote for the towns inside it
ALT_NAME_TRUST = 0.5  # share of the context a reading by an alternate/variant name receives

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


def _is_area(p: Place) -> bool:
    return p.precision in ("country", "continent", "region", "admin1", "admin2")


def _contains(outer: Place, inner: Place) -> bool:
    """Is ``inner`` in the country or first-level region ``outer``?"""
    if outer.id == inner.id or not outer.country_code:
        return False
    if outer.precision == "country":
        return inner.country_code == outer.country_code
    if outer.precision == "admin1":
        return inner.country_code == outer.country_code and inner.admin1 == outer.admin1
    return False


def _own_part_first(cands: list[Candidate], key: str) -> list[Candidate]:
    """A first-level region by its own name is what the name means in its country: "England"
    is the region, not the United Kingdom (which some locale also calls so), and "Wales" is
    not the English village of Wales. Big cities of the name stay ("New York")."""
    parts = {c.place.country_code for c in cands if c.place.precision == "admin1"
             and c.place.extra.get("name_kind") == "primary" and normalize(c.place.name) == key}
    if not parts:
        return cands
    return [c for c in cands if not (c.place.country_code in parts and (
        c.place.precision == "country" and c.place.extra.get("name_kind") != "primary"
        or c.place.precision in ("city", "point") and c.place.population < SMALL_NAMESAKE))]


def _in_story(cc: str | None, name: str, choice: dict, cands: dict) -> bool:
    """Is country ``cc`` that of another name's chosen reading ("Reni port ..., Ukraine said":
    a small port town stays when its country is in the story)?"""
    return cc is not None and any(
        k[0] != name and cands[k][ci].place.country_code == cc for k, ci in choice.items())


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
        cands: dict[tuple[str, str | None], list[Candidate]] = {}
        for k in keys:
            cs = self._with_region(groups[k][0])
            # a town the text names outright keeps its namesakes: "the city of Zug",
            # "Delaware, Ohio"
            named_town = k[1] in ("city", "village", "port") or any(
                m.container for m in groups[k])
            cands[k] = cs if named_town else _own_part_first(cs, k[0])
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
        _prune(keys, cands, base)
        weight = {k: sum(m.confidence for m in groups[k]) for k in keys}
        total, choice, local = _context(keys, cands, base, weight)
        # for the isolation test below: the names (not their cue variants) placed in each
        # country below the country level (towns, regions)
        inside: dict[str, set[str]] = {}
        for k, ci in choice.items():
            q = cands[k][ci].place
            if q.country_code and q.precision not in ("country", "continent", "region"):
                inside.setdefault(q.country_code, set()).add(k[0])
        names = {k[0] for k in choice}
        # one sense per discourse across cues: a name the text also calls a region ("wilayah
        # Kursk", "Kursk Oblast") is that region where it stands alone too
        # (first-level regions only: "Houston County" and Houston are different places)
        as_region = {k[0]: k for k, ci in choice.items()
                     if k[1] == "region" and cands[k][ci].place.precision == "admin1"}
        out: list[Resolution] = []
        for m in mentions:
            k = (m.key, m.cue)
            if m.cue is None and k in choice and m.key in as_region:
                k = as_region[m.key]
            if k not in choice:
                out.append(Resolution(m, None, 0.0, [], "not in the gazetteer"))
                continue
            p = cands[k][choice[k]].place
            if m.cue_after and local[k][choice[k]] < CONTEXT_MIN and (
                    k[1] in ("region", "district")
                    and not any(c.place.feature_class == "A" for c in cands[k])
                    or k[1] == "port" and p.population < ISOLATED_POP
                    and not _in_story(p.country_code, k[0], choice, cands)):
                # "Laurel County": a district the gazetteer lacks; a town of that name is a
                # guess unless the other places of the document are around it (an office or
                # kind before the name, "Bupati Lebak", "Kabupaten Lebak", names its seat);
                # likewise "Pearl Harbor" is no small town called Pearl far from the story
                out.append(Resolution(m, None, 0.0, [], f"no {k[1]} of this name in the gazetteer"))
                continue
            if (k[1] in NATURAL_KINDS and m.prominence < MAJOR
                    or k[1] == "water" and _is_area(p)
                    or k[1] == "area" and m.prominence < BIG) and not any(
                    _cue_bonus(c.place, k[1]) > 0 for c in cands[k]) \
                    and (local[k][choice[k]] < CONTEXT_MIN or _is_area(p)):
                # "Pulau Mango", "Gunung Agung": an island, mountain or river the gazetteer
                # lacks; a town of the same name elsewhere is not it, and a sea is not the
                # country it is named after ("Laut China Selatan", "Gulf of Mexico"; a navy,
                # "angkatan laut Selandia Baru", is the country: a cue of its own); likewise a
                # small town for an area ("Semenanjung Korea" is no village in Côte d'Ivoire)
                out.append(Resolution(m, None, 0.0, [], f"no {k[1]} of this name in the gazetteer"))
                continue
            if (m.evidence == "gazetteer" and m.cue is None and m.container is None
                    and p.precision in ("city", "point", "admin2") and p.population < ISOLATED_POP
                    and len(names) >= 3 and not inside.get(p.country_code, set()) - {k[0]}):
                # a small town alone in its country among the document's places (a mention of
                # the country itself does not count): more likely a word that happens to be a
                # place name somewhere ("Korea" -> Koréa, CI; "Atlantik" -> Atlantic, Iowa)
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


def _prune(keys: list, cands: dict, base: dict) -> None:
    """Keep (in place) the KEEP_CANDIDATES best readings of each name by static score, and, up
    to MAX_CANDIDATES, those in a first-level region where another name has a reading
    (Fairfield, Texas, among Freestone County places). The rest cannot win on context, and
    their votes for far-away regions would only dilute the document's real cluster."""
    regions: dict[tuple, set] = {}
    for k in keys:
        for c in cands[k]:
            if c.place.admin1:
                regions.setdefault((c.place.country_code, c.place.admin1), set()).add(k[0])
    for k in keys:
        if len(cands[k]) <= KEEP_CANDIDATES:
            continue
        order = sorted(range(len(cands[k])), key=lambda x: -base[k][x])
        keep = [x for n, x in enumerate(order) if n < KEEP_CANDIDATES or (
            n < MAX_CANDIDATES and regions.get(
                (cands[k][x].place.country_code, cands[k][x].place.admin1), set()) - {k[0]})]
        cands[k] = [cands[k][x] for x in keep]
        base[k] = [base[k][x] for x in keep]


_FACTS: dict[str, tuple] = {}


def _facts(p: Place) -> tuple:
    """What the context passes need of a place: country, (country, region) unless it is a
    country, is it an area, is it a county, and its unit vector. Cached by id: the same places
    recur across articles."""
    f = _FACTS.get(p.id)
    if f is None:
        if len(_FACTS) > 200_000:
            _FACTS.clear()
        la, lo = math.radians(p.lat), math.radians(p.lon)
        cc = p.country_code or None
        adm = (cc, p.admin1) if cc and p.admin1 and p.precision != "country" else None
        f = _FACTS[p.id] = (cc, adm, _is_area(p), p.precision == "admin2",
                            (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo),
                             math.sin(la)))
    return f


def _context(
    keys: list, cands: dict, base: dict, weight: dict
) -> tuple[dict, dict, dict]:
    """Re-score every candidate with the document's other choices, PASSES times (numpy over all
    candidates of the document at once). Returns (scores per name, chosen index per name,
    local support per name: the part of the score from same-region and nearby places)."""
    import numpy as np

    live = [k for k in keys if cands[k]]
    choice = {k: max(range(len(base[k])), key=base[k].__getitem__) for k in live}
    total = {k: list(base[k]) for k in keys}
    local = {k: [0.0] * len(base[k]) for k in keys}
    if len(live) < 2:
        return total, choice, local
    grp, bs, ccs, adms, area, small, xyz = [], [], [], [], [], [], []
    cc_ids: dict[str, int] = {}
    adm_ids: dict[tuple[str, str], int] = {}
    offsets = []
    for g, k in enumerate(live):
        offsets.append(len(bs))
        bs.extend(base[k])
        grp.extend([g] * len(base[k]))
        for c in cands[k]:
            cc, adm, is_area, is_small, u = _facts(c.place)
            ccs.append(-1 if cc is None else cc_ids.setdefault(cc, len(cc_ids)))
            adms.append(-1 if adm is None else adm_ids.setdefault(adm, len(adm_ids)))
            area.append(is_area)
            small.append(is_small)
            xyz.append(u)
    # context speaks less for a reading by another (often historic) name of the place:
    # "China" is the country, not Arcade, NY (once called China), among New York places
    name_trust = np.array([ALT_NAME_TRUST if c.place.extra.get("name_kind") in (
        "alternate", "variant") else 1.0 for k in live for c in cands[k]])
    grp_a = np.array(grp)
    base_a = np.array(bs)
    cc_a = np.array(ccs)
    adm_a = np.array(adms)
    area_a = np.array(area)
    xyz_a = np.array(xyz)
    wg = np.array([weight[k] for k in live])
    # the same name under another cue ("London" and "London city council") is no independent
    # evidence: votes are counted per name, and a name never votes for itself
    name_ids: dict[str, int] = {}
    name_of = np.array([name_ids.setdefault(k[0], len(name_ids)) for k in live])
    nm_a = name_of[grp_a]
    name_w = np.bincount(name_of, weights=wg, minlength=len(name_ids))
    others = (wg.sum() - name_w[name_of] + CONTEXT_PRIOR)[grp_a]
    off = np.array(offsets)
    ch = off + np.array([choice[k] for k in live])
    n_cc, n_adm = max(len(cc_ids), 1), max(len(adm_ids), 1)
    loc = np.zeros(len(base_a))
    n_grp = len(live)
    # (name, country) and (name, region) pairs numbered densely: memory stays linear in the
    # number of candidates however many names and regions a (huge) document has
    cc_inv = np.unique(nm_a * n_cc + np.maximum(cc_a, 0), return_inverse=True)[1]
    adm_inv = np.unique(nm_a * n_adm + np.maximum(adm_a, 0), return_inverse=True)[1]
    has_cc, has_adm = cc_a >= 0, adm_a >= 0
    towns = ~area_a | np.array(small, dtype=bool)  # points for closeness, counties included
    rows = np.nonzero(towns)[0]
    base_a = base_a + W_POSSIBLE * area_a * _possible(nm_a, adm_a, n_adm, name_w) / others
    tot = base_a
    # a region named outright is firm evidence for the towns inside it
    area_vote = np.where(area_a, AREA_VOTE, 1.0)
    for _ in range(PASSES):
        # soft votes: every candidate speaks for its country, region and point with the
        # probability its name gives it now, so clusters of possible readings can emerge
        e = np.exp((tot - tot[ch][grp_a]) / CONTEXT_TEMPERATURE)
        prob = e / np.bincount(grp_a, weights=e, minlength=n_grp)[grp_a]
        vote = wg[grp_a] * prob
        cc_w = np.bincount(cc_a[has_cc], weights=vote[has_cc], minlength=n_cc)
        avote = vote * area_vote
        adm_w = np.bincount(adm_a[has_adm], weights=avote[has_adm], minlength=n_adm)
        own_cc = np.bincount(cc_inv, weights=np.where(has_cc, vote, 0.0))[cc_inv]
        own_adm = np.bincount(adm_inv, weights=np.where(has_adm, avote, 0.0))[adm_inv]
        cc_term = np.where(has_cc, cc_w[np.maximum(cc_a, 0)] - own_cc, 0.0)
        adm_term = np.where(has_adm, adm_w[np.maximum(adm_a, 0)] - own_adm, 0.0)
        loc = W_ADMIN1 * np.maximum(adm_term, 0.0) / others
        pts = np.nonzero(towns & (prob > 0.05))[0]
        if len(pts) > MAX_POINTS:
            pts = pts[np.argsort(-vote[pts])[:MAX_POINTS]]
        if len(pts) and len(rows):
            cos = np.clip(xyz_a[rows] @ xyz_a[pts].T, -1.0, 1.0)
            near = np.exp(-6371.0 * np.arccos(cos) / NEAR_KM) * vote[pts]
            near[nm_a[rows][:, None] == nm_a[pts][None, :]] = 0.0
            loc[rows] += W_NEAR * near.sum(axis=1) / others[rows]
        tot = base_a + name_trust * (W_COUNTRY * np.maximum(cc_term, 0.0) / others + loc)
        order = np.lexsort((-tot, grp_a))
        first = np.ones(len(order), dtype=bool)
        first[1:] = grp_a[order][1:] != grp_a[order][:-1]
        new_ch = order[first]
        if np.array_equal(new_ch, ch):
            break
        ch = new_ch
    tl, ll = tot.tolist(), loc.tolist()
    for g, k in enumerate(live):
        a = offsets[g]
        total[k] = tl[a:a + len(cands[k])]
        local[k] = ll[a:a + len(cands[k])]
        choice[k] = int(ch[g]) - a
    return total, choice, local


def _possible(grp_a, adm_a, n_adm: int, wg):  # numpy arrays in, numpy array out
    """Per candidate: the weight of the other names having some reading in its first-level
    region, each name's weight spread evenly over the distinct regions of its readings."""
    import numpy as np

    has = adm_a >= 0
    pairs, inv = np.unique(np.where(has, grp_a * n_adm + np.maximum(adm_a, 0), -1),
                           return_inverse=True)
    ok = pairs >= 0
    pg, pa = pairs // n_adm, pairs % n_adm
    per_name = np.bincount(pg[ok], minlength=len(wg)).astype(float)
    share = np.where(ok, wg[pg] / np.maximum(per_name[pg], 1.0), 0.0)
    per_region = np.bincount(pa[ok], weights=share[ok], minlength=n_adm)
    return np.where(has, per_region[np.maximum(adm_a, 0)] - share[inv], 0.0)
