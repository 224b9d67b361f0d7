"""`geomap geoparse`: JSON per document, JSON lines in order, bad documents reported by name
while the others are processed, bounded handling of a 50 MB file. Offline only."""

from __future__ import annotations

import json

from click.testing import CliRunner

from geo.cli import cli


def run(args, input=None):
    r = CliRunner().invoke(cli, ["geoparse", *args], input=input)
    return r, [json.loads(x) for x in r.stdout.splitlines() if x.strip()]


def test_files_good_and_bad(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Banjir melanda Jakarta dan Bandung, Jawa Barat.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 in Paris".encode("latin-1"))
    none = tmp_path / "none.txt"
    none.write_text("tidak ada apa-apa di sini.", encoding="utf-8")
    r, docs = run([str(good), str(empty), str(binary), str(latin), str(none),
                   str(tmp_path / "missing.txt"), "--lang", "id", "--offline"])
    assert r.exit_code == 1
    assert [d["id"] for d in docs] == [str(good), str(none)]
    names = {t["text"]: t for t in docs[0]["toponyms"]}
    assert names["Jakarta"]["country_code"] == "ID" and names["Jakarta"]["lat"] is not None
    assert names["Jawa Barat"]["precision"] == "admin1"
    text = good.read_text(encoding="utf-8")
    assert all(text[t["start"]:t["end"]] == t["text"] for t in docs[0]["toponyms"])
    assert docs[1]["toponyms"] == []
    for bad, why in ((empty, "empty"), (binary, "binary"), (latin, "UTF-8"),
                     (tmp_path / "missing.txt", "no such file")):
        assert any(str(bad) in line and why in line for line in r.stderr.splitlines()), bad


def test_jsonl_keeps_order_and_reports_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": "Pasukan tiba di Kursk.", "lang": "id"}),
        "this is not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "Floods in Texas and Ohio.", "lang": "en"}),
    ]
    r, out = run(["--jsonl", "--offline"], input="\n".join(lines) + "\n")
    assert r.exit_code == 1
    assert [d.get("id") for d in out] == ["a", None, "b", "c"]
    assert "error" in out[1] and "error" in out[2]
    assert {t["text"] for t in out[0]["toponyms"]} == {"Kursk"}
    assert {t["text"] for t in out[3]["toponyms"]} == {"Texas", "Ohio"}
    assert out[3]["lang"] == "en"
    assert "<stdin>:2" in r.stderr and "no text" in r.stderr


def test_stdin_and_language_detection():
    r, out = run(["-", "--offline"], input="Pasukan Korea Utara tiba di wilayah Kursk, Rusia, "
                                            "kata pejabat Ukraina pada hari Senin.")
    assert r.exit_code == 0, r.stderr
    (doc,) = out
    assert doc["lang"] == "id"
    assert {"Korea Utara", "Kursk", "Rusia", "Ukraina"} <= {t["text"] for t in doc["toponyms"]}


def test_huge_file_is_cut_with_a_warning(tmp_path):
    big = tmp_path / "big.txt"
    line = "Pasukan bergerak dari Kursk ke Belgorod tanpa henti hari ini. " * 16
    with big.open("w", encoding="utf-8") as f:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line + "\n")
    assert big.stat().st_size >= 50 * 1024 * 1024
    r, out = run([str(big), "--lang", "id", "--offline"])
    assert r.exit_code == 0, r.stderr
    assert "only the" in r.stderr and str(big) in r.stderr
    (doc,) = out
    assert doc["toponyms"] and max(t["end"] for t in doc["toponyms"]) <= 1_000_000


def test_help_teaches():
    r = CliRunner().invoke(cli, ["geoparse", "--help"])
    assert r.exit_code == 0 and "Examples" in r.output and "--jsonl" in r.output
