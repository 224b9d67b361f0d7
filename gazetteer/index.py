"""The loaded gazetteer: memory-mapped index files plus the user's own places.

``Gazetteer.load()`` is the one entry point: a process-wide instance, built on first use, rebuilt
when the data or the index format changed or when a file of the cache fails its checksum.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import marisa_trie
import numpy as np

from gazetteer import build, ranking
from gazetteer.normalize import normalize
from gazetteer.place import Candidate, Place
from gazetteer.userplaces import UserPlaces
from gazetteer.writer import COLUMN_FILES, FORMAT_VERSION, META_FILE, TRIE_FILE, file_checksum


class CorruptIndex(Exception):
    """A file of the index is missing, truncated or altered: rebuild it."""


class Gazetteer:
    """Offline gazetteer: GeoNames + CLDR names, first-level regions and user places."""

    _instance: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, folder: Path, user: UserPlaces | None = None, verify: bool = True) -> None:
        self.path = folder
        try:
            meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise CorruptIndex(f"{folder}: index format {meta.get('format')}")
            if verify:
                for fname, expected in meta["files"].items():
                    if file_checksum(folder / fname) != expected:
                        raise CorruptIndex(f"{folder / fname}: checksum mismatch")
            # plain ndarray views of the memory maps: np.memmap's Python-level __getitem__
            # would cost ~1 us per access
            cols = {f[:-4]: np.load(folder / f, mmap_mode="r", allow_pickle=False)
                    .view(np.ndarray) for f in COLUMN_FILES}
            trie = marisa_trie.Trie()
            trie.mmap(str(folder / TRIE_FILE))
        except CorruptIndex:
            raise
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise CorruptIndex(f"{folder}: {e}") from e
        self.meta: dict[str, Any] = meta
        self._trie = trie
        self._c = cols
        enums = meta["enums"]
        self._fclass, self._fcode = enums["fclass"], enums["fcode"]
        self._cc, self._admin1, self._source = enums["cc"], enums["admin1"], enums["source"]
        self._post_off = cols["post_off"]
        self._post_row = cols["post_row"]
        self._post_flag = cols["post_flag"]
        self._prior = cols["prior"]
        kind = np.asarray(cols["kind"])
        self._countries: dict[str, int] = {}
        self._admin1s: dict[tuple[str, str], int] = {}
        for r in np.nonzero(kind == ranking.COUNTRY)[0].tolist():
            self._countries.setdefault(self._cc[int(cols["cc"][r])], r)
        for r in np.nonzero(kind == ranking.ADMIN1)[0].tolist():
            key = (self._cc[int(cols["cc"][r])], self._admin1[int(cols["admin1"][r])])
            self._admin1s.setdefault(key, r)
        self.user = user if user is not None else UserPlaces()

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, rebuild: bool = False) -> Gazetteer:
        """The process-wide gazetteer; builds the index on first use (a message on stderr)."""
        with cls._lock:
            if cls._instance is None or rebuild:
                cls._instance = cls._open(rebuild)
            return cls._instance

    @classmethod
    def reset(cls) -> None:
        """Forget the process-wide instance (after a rebuild in this process, in tests)."""
        with cls._lock:
            cls._instance = None

    @classmethod
    def _open(cls, rebuild: bool = False) -> Gazetteer:
        active = build.read_active()
        if active and not rebuild:
            folder = build.paths.cache_dir() / active.get("dir", "")
            try:
                return cls(folder)
            except CorruptIndex as e:
                build._stderr(f"the full GeoNames index is unusable ({e}); using the bundled data"
                              f" (rebuild it with `geomap gazetteer build --geonames ...`)")
        folder = build.bundled_dir()
        if not rebuild:
            try:
                return cls(folder)
            except CorruptIndex as e:
                if folder.exists():
                    build._stderr(f"the gazetteer cache is corrupt ({e}); rebuilding it")
        with build.build_lock(folder.parent):  # another process may have built it meanwhile
            if not rebuild:
                try:
                    return cls(folder)
                except CorruptIndex:
                    pass
            build.build_bundled_in_subprocess(folder)
        return cls(folder)

    # -- rows -> places --------------------------------------------------------------------

    def _str(self, blob: str, off: str, row: int) -> str:
        o = self._c[off]
        return self._c[blob][int(o[row]):int(o[row + 1])].tobytes().decode("utf-8")

    def _place(self, row: int, extra: dict[str, Any] | None = None) -> Place:
        c = self._c
        kind = int(c["kind"][row])
        gid = int(c["geonameid"][row])
        clat = float(c["centre_lat"][row])
        if clat == clat:  # not NaN: an area with a centre (see gazetteer/bundled.py)
            extra = {**(extra or {}), "centre": (clat, float(c["centre_lon"][row]))}
        return Place(
            id=self._str("id_blob", "id_off", row),
            name=self._str("name_blob", "name_off", row),
            lat=float(c["lat"][row]),
            lon=float(c["lon"][row]),
            feature_class=self._fclass[int(c["fclass"][row])],
            feature_code=self._fcode[int(c["fcode"][row])],
            country_code=self._cc[int(c["cc"][row])] or None,
            admin1=self._admin1[int(c["admin1"][row])] or None,
            population=int(c["population"][row]),
            source=self._source[int(c["source"][row])],
            geonameid=gid if gid >= 0 else None,
            precision=ranking.KIND_PRECISION[kind],
            extra=extra if extra is not None else {},
        )

    def _rows(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        kid = self._trie.get(key)
        if kid is None:
            return _EMPTY_ROWS, _EMPTY_FLAGS
        a, b = int(self._post_off[kid]), int(self._post_off[kid + 1])
        return self._post_row[a:b], self._post_flag[a:b]

    # -- public API -----------------------------------------------------------------------

    def has(self, key: str) -> bool:
        """Is ``key`` (already normalised) the full name of any place?"""
        try:
            return key in self._trie or self.user.has(key)
        except UnicodeEncodeError:  # lone surrogates (undecodable input): no place has them
            return False

    def has_prefix(self, key: str) -> bool:
        """Does any name start with ``key`` + " "? (for longest-match scanning of text)"""
        k = key + " "
        try:
            return next(self._trie.iterkeys(k), None) is not None or self.user.has_prefix(k)
        except UnicodeEncodeError:
            return False

    def candidates(self, name: str) -> list[Place]:
        """Every place whose normalised name is normalize(name): user places first, unranked."""
        key = normalize(name)
        rows, _ = self._rows(key)
        return [*self.user.places(key), *(self._place(int(r)) for r in rows)]

    def lookup(self, name: str, country: str | None = None, limit: int = 10) -> list[Candidate]:
        """Ranked candidates for ``name``; ``country`` (ISO alpha-2) keeps only its places.
        User places come first with score 1."""
        key = normalize(name)
        if not key or limit <= 0:
            return []
        cc = country.upper() if country else None
        out = [Candidate(p, 1.0, key) for p in self.user.places(key)
               if cc is None or p.country_code == cc][:limit]
        rows, flags = self._rows(key)
        if len(rows) and len(out) < limit:
            rows = np.asarray(rows, dtype=np.int64)
            flags = np.asarray(flags)
            pri = self._prior[rows] - np.take(_PENALTY, flags)
            if cc is not None:
                try:
                    ci = self._cc.index(cc)
                except ValueError:
                    return out
                keep = self._c["cc"][rows] == ci
                rows, pri, flags = rows[keep], pri[keep], flags[keep]
            pri = self._centres_first(rows, pri)
            order = np.argsort(-pri, kind="stable")[: limit - len(out)]
            sc = ranking.scores(pri[order].tolist(), float(np.dot(pri, pri)))
            for i, s in zip(order.tolist(), sc, strict=True):
                # prior: how important the place is for this name, whatever the other candidates
                extra = {"prior": round(float(pri[i]), 4),
                         "name_kind": ranking.NAME_KINDS[int(flags[i])]}
                out.append(Candidate(self._place(int(rows[i]), extra), round(s, 4), key))
        return out

    def _centres_first(self, rows: np.ndarray, pri: np.ndarray) -> np.ndarray:
        """A region whose point is a candidate city (its most populous place, with the same
        name: St. Petersburg, Seoul, Donetsk) ranks just below that city for the shared name."""
        kind = self._c["kind"][rows]
        regions = np.nonzero(kind == ranking.ADMIN1)[0]
        if not len(regions) or not np.any(kind == ranking.CITY):
            return pri
        pri = pri.copy()
        lat, lon = self._c["lat"][rows], self._c["lon"][rows]
        for i in regions.tolist():
            same = (kind == ranking.CITY) & (lat == lat[i]) & (lon == lon[i])
            if same.any():
                pri[i] = min(pri[i], pri[same].max() - 0.01)
        return pri

    def get(self, place_id: str) -> Place | None:
        """The place with this id (gn:, adm1:, m49:, user:), or None."""
        if place_id.startswith("user:"):
            return self.user.get(place_id)
        order = self._c["id_order"]
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._str("id_blob", "id_off", int(order[mid])) < place_id:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(order):
            row = int(order[lo])
            if self._str("id_blob", "id_off", row) == place_id:
                return self._place(row)
        return None

    def country(self, cc: str) -> Place | None:
        """The country (its representative point is its capital)."""
        r = self._countries.get(cc.upper())
        return self._place(r) if r is not None else None

    def admin1(self, cc: str, admin1_code: str) -> Place | None:
        """The first-level region (oblast, province, state) ``cc``.``admin1_code``."""
        r = self._admin1s.get((cc.upper(), admin1_code))
        return self._place(r) if r is not None else None

    def info(self) -> dict[str, Any]:
        """What is in the index: counts by kind, sources, size on disk, when it was built."""
        m = self.meta
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return {
            "path": str(self.path),
            "kind": m.get("kind"),
            "format": m.get("format"),
            "built_at": m.get("built_at"),
            "build_seconds": m.get("build_seconds"),
            "places": m.get("places"),
            "names": m.get("names"),
            "counts": {**m.get("counts", {}), "user": self.user.count()},
            "sources": m.get("sources", {}),
            "size_bytes": size,
            "user_places_db": str(self.user.path),
        }


_EMPTY_ROWS = np.zeros(0, dtype=np.uint32)
_EMPTY_FLAGS = np.zeros(0, dtype=np.uint8)
_PENALTY = np.array(ranking.NAME_PENALTY, dtype=np.float32)


def _main() -> None:  # pragma: no cover - debugging aid: python -m gazetteer.index NAME
    gz = Gazetteer.load()
    for c in gz.lookup(" ".join(sys.argv[1:])):
        print(f"{c.score:.3f} {c.place.id} {c.place.name} {c.place.country_code} "
              f"{c.place.feature_code} {c.place.population}")


if __name__ == "__main__":
    _main()
