"""How candidates for one name are ranked: general rules, no name is special-cased.

Each place gets a static prior at build time (what kind of place it is, how many people live
there); each (name, place) pair a name-quality penalty (a place's own name beats a generated
variant); a lookup combines them. Countries, continents and regions are what news mentions most,
so their names beat small towns of the same name ("Jepang" is Japan, not the Javanese town).
"""

from __future__ import annotations

import math

# kinds of place, stored as one byte per row
CITY, ADMIN1, COUNTRY, CONTINENT, REGION, OTHER, ADMIN2 = range(7)
KIND_NAMES = ("city", "admin1", "country", "continent", "region", "other", "admin2")
KIND_PRECISION = ("city", "admin1", "country", "continent", "region", "point", "admin2")

# name flags, one byte per (name, place) pair: lower is a better name for the place. An
# alternate (often historic) name costs 0.1: Pokrovsk (UA) beats Engels, once called Pokrovsk.
# A second-level region's bare name ("Laurel" for Laurel County) costs 0.3: the towns of that
# name come first unless the document's context supports the county.
PRIMARY, OFFICIAL, ALTERNATE, VARIANT, BARE = range(5)
NAME_KINDS = ("primary", "official", "alternate", "variant", "bare")
NAME_PENALTY = (0.0, 0.0, 0.1, 0.02, 0.3)

#: kind -> (base, population slope): a kind's places rank by population among themselves
#: (Florida the US state before Florida the Puerto Rican municipality) without leaving the
#: kind's band (any country before any continent before any region).
_KIND_PRIOR = {COUNTRY: (0.95, 0.05), CONTINENT: (0.95, 0.0), REGION: (0.9, 0.0),
               ADMIN1: (0.62, 0.12), ADMIN2: (0.45, 0.12)}


def population_weight(population: int) -> float:
    """log-scaled population in [0, 1]: 10 million people and more give 1."""
    return min(1.0, math.log10(max(population, 0) + 1) / 7.0)


def prior(kind: int, population: int, feature_code: str) -> float:
    """Static importance of a place in [0, 1]."""
    if kind in _KIND_PRIOR:
        base, slope = _KIND_PRIOR[kind]
        return base + slope * population_weight(population)
    p = 0.25 + 0.6 * population_weight(population)
    if feature_code == "PPLC":
        p += 0.05
    elif feature_code in ("PPLA", "PPLG"):
        p += 0.03
    if kind == OTHER:
        p -= 0.1
    return max(0.0, min(1.0, p))


def scores(priors: list[float], total: float | None = None) -> list[float]:
    """Turn the priors of one name's candidates into scores in [0, 1]: half how important the
    place is, half its share of the candidates' weight (a unique name scores higher). The weight
    of a candidate is its prior squared; ``total`` is the weight of all candidates when
    ``priors`` holds only the top ones."""
    weights = [p * p for p in priors]
    total = (total if total is not None else sum(weights)) or 1.0
    return [max(0.0, min(1.0, 0.5 * p + 0.5 * w / total))
            for p, w in zip(priors, weights, strict=True)]
