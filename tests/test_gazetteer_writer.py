"""The index files keep their types: the reader memory-maps them as written (format 6)."""

from __future__ import annotations

import json

import numpy as np

from gazetteer import ranking
from gazetteer.writer import COLUMN_FILES, FORMAT_VERSION, META_FILE, IndexWriter

DTYPES = {
    "lat": np.float64, "lon": np.float64, "centre_lat": np.float64, "centre_lon": np.float64,
    "population": np.int64, "geonameid": np.int64, "kind": np.uint8, "prior": np.float32,
    "fclass": np.uint16, "fcode": np.uint16, "cc": np.uint16, "admin1": np.uint16,
    "source": np.uint16,
}  # fmt: skip


def test_columns_are_written_with_their_types_and_enums(tmp_path):
    w = IndexWriter()
    # fictional places: what is tested is the file layout
    a = w.add_place(id="t:1", name="Vallora", lat=10.0, lon=20.0, kind=ranking.CITY,
                    feature_class="P", feature_code="PPL", country_code="ZZ", admin1="01",
                    population=1200, source="test", geonameid=None)  # fmt: skip
    b = w.add_place(id="t:2", name="Quenby", lat=30.0, lon=40.0, kind=ranking.CITY,
                    feature_class="P", feature_code="PPLA", country_code="YY", admin1=None,
                    population=0, source="test", geonameid=7, centre=(31.0, 41.0))  # fmt: skip
    meta = w.write(tmp_path, {"kind": "test"})
    assert meta["format"] == FORMAT_VERSION and meta["places"] == 2
    assert meta["enums"] == {"fclass": ["P"], "fcode": ["PPL", "PPLA"], "cc": ["ZZ", "YY"],
                             "admin1": ["01", ""], "source": ["test"]}  # fmt: skip
    assert set(meta["files"]) == {*COLUMN_FILES, "names.marisa"}
    cols = {c: np.load(tmp_path / f"{c}.npy") for c in DTYPES}
    assert {c: v.dtype for c, v in cols.items()} == {c: np.dtype(t) for c, t in DTYPES.items()}
    assert cols["lat"][[a, b]].tolist() == [10.0, 30.0]
    assert cols["geonameid"].tolist() == [-1, 7] and cols["population"].tolist() == [1200, 0]
    assert np.isnan(cols["centre_lat"][a]) and cols["centre_lon"][b] == 41.0
    assert cols["fcode"].tolist() == [0, 1] and cols["admin1"].tolist() == [0, 1]
    assert json.loads((tmp_path / META_FILE).read_text(encoding="utf-8")) == meta
