"""The on-disk index: places as column files (numpy, memory-mapped on load) and names in a
marisa trie (normalised name -> key id) with postings (key id -> place rows) in CSR arrays.

Why this layout: numpy .npy files and marisa tries load by mmap, so a warm load takes
milliseconds and pages in only what lookups touch; a Python dict of a million names would take
seconds and hundreds of MB to build at every start.
"""

from __future__ import annotations

import json
import math
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import marisa_trie
import numpy as np

from gazetteer import ranking
from gazetteer.normalize import normalize

#: Bump when the files or their meaning change: the index is then rebuilt.
FORMAT_VERSION = 6

#: Per-place number columns: the IndexWriter attribute and file stem (dtype: its typecode).
NUMBER_COLUMNS = (
    "lat", "lon", "centre_lat", "centre_lon", "population", "geonameid", "kind", "prior",
)
#: Per-place string columns kept as uint16 codes into ``e_<name>``'s interned values.
ENUM_COLUMNS = ("fclass", "fcode", "cc", "admin1", "source")
COLUMN_FILES = (
    *(f"{c}.npy" for c in (*NUMBER_COLUMNS, *ENUM_COLUMNS)),
    "name_off.npy", "name_blob.npy", "id_off.npy", "id_blob.npy", "id_order.npy",
    "post_off.npy", "post_row.npy", "post_flag.npy",
)
TRIE_FILE = "names.marisa"
META_FILE = "meta.json"


class _Enum:
    """Interns repeated short strings (country codes, feature codes, sources) as small ints."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._ids: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        v = value or ""
        i = self._ids.get(v)
        if i is None:
            i = self._ids[v] = len(self.values)
            self.values.append(v)
        return i


class _StrColumn:
    """Strings packed in one UTF-8 buffer with offsets: ~1/4 of the memory of a list of str, so
    a build from millions of GeoNames rows stays within reach of a small machine."""

    def __init__(self) -> None:
        self.blob = bytearray()
        self.off = array("q", [0])

    def append(self, value: str) -> None:
        self.blob += value.encode("utf-8")
        self.off.append(len(self.blob))

    def __len__(self) -> int:
        return len(self.off) - 1

    def __getitem__(self, i: int) -> str:
        return self.blob[self.off[i]:self.off[i + 1]].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        blob, off = self.blob, self.off
        for i in range(len(off) - 1):
            yield blob[off[i]:off[i + 1]].decode("utf-8")

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return (np.frombuffer(self.off, dtype=np.int64).copy(),
                np.frombuffer(bytes(self.blob), dtype=np.uint8))


class IndexWriter:
    """Collects places and their names, then writes the index files into a folder.

    Memory per place is a few packed bytes per column plus its names' UTF-8 (no Python object
    per name): the trie is built from the packed keys at the end."""

    def __init__(self) -> None:
        self.ids = _StrColumn()
        self.names = _StrColumn()
        self.lat = array("d")
        self.lon = array("d")
        # area centre (countries, regions, continents; NaN for the rest): lat/lon stay the
        # representative point where events are placed, the centre is what a geoparser answers
        self.centre_lat = array("d")
        self.centre_lon = array("d")
        self.population = array("q")
        self.geonameid = array("q")
        self.kind = array("B")
        self.prior = array("f")
        # ENUM_COLUMNS, each a column of codes and the strings they stand for
        self.fclass, self.fcode, self.cc, self.admin1, self.source = (
            array("H") for _ in ENUM_COLUMNS)
        self.e_fclass, self.e_fcode, self.e_cc, self.e_admin1, self.e_source = (
            _Enum() for _ in ENUM_COLUMNS)
        self._enums = [(getattr(self, c), getattr(self, f"e_{c}")) for c in ENUM_COLUMNS]
        self.keys = _StrColumn()  # one normalised name per posting
        self.p_row = array("I")
        self.p_flag = array("B")
        self.sources: dict[str, str] = {}
        self._id_rows: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def add_place(
        self, *, id: str, name: str, lat: float, lon: float, kind: int, feature_class: str,
        feature_code: str, country_code: str | None, admin1: str | None, population: int,
        source: str, geonameid: int | None, unique: bool = False,
        centre: tuple[float, float] | None = None,
    ) -> int:
        """Add a place with its own name; returns its row. A repeated id returns the first row,
        unless the caller vouches the id is new (``unique``: no lookup table entry is kept).
        ``centre``: the centre of an area (lat, lon), when it differs in meaning from the point."""
        if not unique:
            row = self._id_rows.get(id)
            if row is not None:
                return row
            self._id_rows[id] = len(self.ids)
        row = len(self.ids)
        self.ids.append(id)
        self.names.append(name)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.centre_lat.append(float(centre[0]) if centre else math.nan)
        self.centre_lon.append(float(centre[1]) if centre else math.nan)
        self.population.append(int(population or 0))
        self.geonameid.append(int(geonameid) if geonameid is not None else -1)
        self.kind.append(kind)
        self.prior.append(ranking.prior(kind, int(population or 0), feature_code))
        strings = (feature_class, feature_code, country_code, admin1, source)  # ENUM_COLUMNS
        for (codes, enum), value in zip(self._enums, strings, strict=True):
            codes.append(enum(value))
        self.add_name(row, name, ranking.PRIMARY)
        return row

    def set_centre(self, row: int, centre: tuple[float, float] | None) -> None:
        self.centre_lat[row] = float(centre[0]) if centre else math.nan
        self.centre_lon[row] = float(centre[1]) if centre else math.nan

    def centre(self, row: int) -> tuple[float, float] | None:
        la, lo = self.centre_lat[row], self.centre_lon[row]
        return None if math.isnan(la) else (la, lo)

    def add_name(self, row: int, name: str, flag: int) -> None:
        key = normalize(name) if name else ""
        if not key:
            return
        self.keys.append(key)
        self.p_row.append(row)
        self.p_flag.append(flag)

    def add_names(self, row: int, names: Iterable[str], flag: int) -> None:
        for n in names:
            self.add_name(row, n, flag)

    def write(self, folder: Path, meta: dict[str, Any]) -> dict[str, Any]:
        """Write every file into ``folder`` (which must exist) and return the metadata."""
        trie = marisa_trie.Trie(iter(self.keys))
        keys = np.fromiter((trie[k] for k in self.keys), dtype=np.uint32, count=len(self.keys))
        rows = np.frombuffer(self.p_row, dtype=np.uint32)
        flags = np.frombuffer(self.p_flag, dtype=np.uint8)
        order = np.lexsort((flags, rows, keys))
        keys, rows, flags = keys[order], rows[order], flags[order]
        if len(keys):  # one posting per (key, row): the best flag, which sorts first
            keep = np.ones(len(keys), dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
            keys, rows, flags = keys[keep], rows[keep], flags[keep]
        post_off = np.zeros(len(trie) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=len(trie)), out=post_off[1:])
        trie.save(str(folder / TRIE_FILE))
        name_off, name_blob = self.names.arrays()
        id_off, id_blob = self.ids.arrays()
        id_order = np.array(sorted(range(len(self.ids)), key=self.ids.__getitem__),
                            dtype=np.uint32)
        cols = {
            f"{c}.npy": _as_numpy(getattr(self, c)) for c in (*NUMBER_COLUMNS, *ENUM_COLUMNS)
        } | {
            "name_off.npy": name_off, "name_blob.npy": name_blob,
            "id_off.npy": id_off, "id_blob.npy": id_blob, "id_order.npy": id_order,
            "post_off.npy": post_off, "post_row.npy": rows.astype(np.uint32),
            "post_flag.npy": flags.astype(np.uint8),
        }
        for fname, arr in cols.items():
            np.save(folder / fname, np.ascontiguousarray(arr), allow_pickle=False)
        counts: dict[str, int] = {}
        kinds = np.frombuffer(self.kind, dtype=np.uint8)
        for k, n in zip(*np.unique(kinds, return_counts=True), strict=True):
            counts[ranking.KIND_NAMES[int(k)]] = int(n)
        meta = {
            **meta,
            "format": FORMAT_VERSION,
            "places": len(self.ids),
            "names": len(trie),
            "postings": int(len(rows)),
            "counts": counts,
            "sources": self.sources,
            "enums": {c: getattr(self, f"e_{c}").values for c in ENUM_COLUMNS},
            "files": {f: file_checksum(folder / f) for f in (*COLUMN_FILES, TRIE_FILE)},
        }
        (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return meta


def _as_numpy(column: array) -> np.ndarray:
    """A view of an array column ('d' float64, 'q' int64, 'f' float32, 'H' uint16, 'B' uint8:
    the typecodes numpy reads as the same fixed-size types)."""
    return np.frombuffer(column, dtype=column.typecode)


def file_checksum(path: Path) -> list[int]:
    """[size, crc32]: cheap enough to verify at every load, so a corrupt cache is rebuilt."""
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return [path.stat().st_size, crc]
