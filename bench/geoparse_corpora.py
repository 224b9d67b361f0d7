"""Readers of the geoparsing benchmarks: LGL and INA-Geoparser dev in ../shared/benchmarks, and
our own example articles with the team's gold (examples/gold/toponyms, in the repository).

Each yields Doc(id, text, lang, gold) with gold spans as str offsets into ``text`` and the gold
coordinate where the corpus gives one. Nothing of the shared corpora is copied into the repository.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
EXAMPLES_GOLD = ROOT / "examples" / "gold" / "toponyms"


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    name: str | None = None  # the gold place's GeoNames name and feature code, where given
    fcode: str | None = None
    geonameid: int | None = None
    place_id: str | None = None  # the gold place's gazetteer id (our own corpus only)
    kind: str | None = None  # "demonym" for "Russian", "North Korean" (our own corpus only)


@dataclass(slots=True)
class Doc:
    id: str
    text: str
    lang: str
    gold: list[Gold] = field(default_factory=list)


def read_lgl(path: Path | None = None) -> list[Doc]:
    """LGL: <article docid><text/><toponyms><toponym><start/><end/><phrase/><gaztag>..."""
    path = path or SHARED / "lgl.xml"
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            lat = t.findtext("gaztag/lat")
            lon = t.findtext("gaztag/lon")
            gold.append(Gold(s, e, text[s:e], float(lat) if lat else None,
                             float(lon) if lon else None, t.findtext("gaztag/name"),
                             t.findtext("gaztag/fcode"), _int(t.find("gaztag"))))
        docs.append(Doc(art.get("docid") or str(len(docs)), text, "en", gold))
    return docs


def _int(tag: ET.Element | None) -> int | None:
    v = tag.get("geonameid") if tag is not None else None
    return int(v) if v and v.isdigit() else None


_INA = re.compile(
    r"^(?P<w>.+?)/(?P<pos>[^/]+)/(?P<ner>O|[BI]-[A-Z]+)/(?P<role>[^/]*)"
    r"(?:/\((?P<lat>[-\d.]+),\s*(?P<lon>[-\d.]+)\))?(?:/(?P<flag>\d+))?$"
)


def read_ina(path: Path | None = None) -> list[Doc]:
    """INA-Geoparser: one token a line 'word/POS/NER/ROLE[/(lat, lon)/flag]', '===' between
    documents, blank lines between sentences. Text = tokens joined by spaces (one newline at a
    sentence break). B-LOC/B-PLOC start a place; I-LOC/I-PLOC continue it."""
    path = path or SHARED / "ina-geoparser-dev.txt"
    docs: list[Doc] = []
    parts: list[str] = []
    gold: list[Gold] = []
    pos = 0
    cur: Gold | None = None

    def flush() -> None:
        nonlocal parts, gold, pos, cur
        if parts:
            text = "".join(parts).rstrip()
            for g in gold:
                g.text = text[g.start:g.end]
            docs.append(Doc(f"ina-{len(docs) + 1}", text, "id", gold))
        parts, gold, pos, cur = [], [], 0, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line == "===":
            flush()
            continue
        if not line:
            if parts:
                parts[-1] = parts[-1].rstrip(" ") + "\n"
                pos = sum(map(len, parts))
            cur = None
            continue
        m = _INA.match(line)
        word = m.group("w") if m else line.split("/")[0]
        ner = m.group("ner") if m else "O"
        start = pos
        parts.append(word + " ")
        pos += len(word) + 1
        if ner.startswith("B-") and ner.endswith("LOC"):
            lat, lon = (m.group("lat"), m.group("lon")) if m else (None, None)
            cur = Gold(start, start + len(word), word, float(lat) if lat else None,
                       float(lon) if lon else None)
            gold.append(cur)
        elif ner.startswith("I-") and ner.endswith("LOC") and cur is not None:
            cur.end = start + len(word)
        else:
            cur = None
    flush()
    return docs


def read_examples(gold_dir: Path | None = None, gazetteer: Any = None) -> list[Doc]:
    """Our example articles (examples/*.txt, examples/heldout/*.txt) with the team's hand-made
    gold (examples/gold/toponyms/<stem>.json, see its README). The gold names a gazetteer id,
    not a point: the coordinate is that place's, looked up now, at the area's centre for areas
    (gazetteer.centre.at_centre, the point the geoparser answers for an area)."""
    from gazetteer.centre import at_centre

    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    gold_dir = gold_dir or EXAMPLES_GOLD
    docs = []
    for path in sorted(gold_dir.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / spec["article"]).read_text(encoding="utf-8")
        gold = []
        for t in spec["toponyms"]:
            g = Gold(t["start"], t["end"], text[t["start"]:t["end"]], place_id=t["place_id"],
                     kind=t.get("kind"))
            place = gazetteer.get(g.place_id) if g.place_id else None
            if g.place_id and place is None:
                raise ValueError(f"{path}: {g.place_id} ({g.text!r}) is not in the gazetteer")
            if place is not None:
                place = at_centre(place)
                g.lat, g.lon, g.name = place.lat, place.lon, place.name
                g.fcode, g.geonameid = place.feature_code, place.geonameid
            gold.append(g)
        docs.append(Doc(spec["article"], text, spec["lang"], gold))
    return docs
