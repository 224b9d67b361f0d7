"""`geomap add` / geo.ingest.add: every kind of input, bad inputs, URLs over loopback HTTP."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler

import pytest
from _store_helpers import generate_articles, reply, serve

from geo.ingest import add
from geo.store import Store

ARTS = generate_articles(8, distinct_events=4)


def write_articles(folder, arts):
    folder.mkdir(parents=True, exist_ok=True)
    for a in arts:
        (folder / f"{a['id']}.txt").write_text(a["text"], encoding="utf-8")


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "store.sqlite")
    yield s
    s.close()


def test_folder_then_again_adds_nothing_new(tmp_path, store):
    write_articles(tmp_path / "in", ARTS)
    s1 = add(store, [str(tmp_path / "in")], offline=True)
    assert s1.errors == [] and s1.articles == len(ARTS)
    assert s1.events > 0 and s1.routes > 0
    # four distinct real-world facts, each reported twice in other words: merged
    assert s1.events_merged >= 4
    before = store.stats()
    s2 = add(store, [str(tmp_path / "in")], offline=True)
    assert (s2.articles, s2.skipped, s2.events) == (0, len(ARTS), 0)
    assert store.stats() == before
    multi = [r for r in store.event_rows() if r["source_count"] > 1]
    assert multi, "the same facts from two articles should share one event"
    for r in multi:
        assert len(json.loads(r["sources"])) == r["source_count"]


def test_globs_jsonl_and_stdin(tmp_path, store):
    write_articles(tmp_path / "g", ARTS[:2])
    jl = tmp_path / "feed.jsonl"
    jl.write_text("\n".join(json.dumps(a) for a in ARTS[2:5]) + "\n", encoding="utf-8")
    stdin = io.BytesIO("\n".join(json.dumps(a) for a in ARTS[5:]).encode())
    s = add(store, [str(tmp_path / "g" / "*.txt"), str(jl), "-"], offline=True, stdin=stdin)
    assert s.errors == []
    assert s.articles == len(ARTS)
    ids = {r[0] for r in store.con.execute("SELECT article_id FROM articles")}
    assert {a["id"] for a in ARTS[2:]} <= ids  # JSON "id" kept
    urls = {r[0] for r in store.con.execute("SELECT url FROM articles")}
    assert ARTS[3]["url"] in urls


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, store):
    d = tmp_path / "mixed"
    write_articles(d, ARTS[:3])
    (d / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "lines.jsonl").write_text(
        json.dumps(ARTS[3]) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8"
    )
    s = add(store, [str(d), str(tmp_path / "missing.txt"), str(tmp_path / "nope*.txt")],
            offline=True)  # fmt: skip
    assert s.articles == 4
    failed = {e["source"] for e in s.errors}
    assert str(d / "binary.txt") in failed
    assert str(d / "empty.txt") in failed
    assert f"{d / 'lines.jsonl'}:2" in failed and f"{d / 'lines.jsonl'}:3" in failed
    assert str(tmp_path / "missing.txt") in failed
    assert str(tmp_path / "nope*.txt") in failed
    for e in s.errors:  # every message names its input
        assert e["source"].split(":")[0].split("*")[0] in e["error"]
    assert store.stats()["articles"] == 4


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - http.server API
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass
            return
        body = self.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        reply(self, body, "text/html; charset=utf-8")

    def log_message(self, *a):
        pass


@pytest.fixture()
def server():
    a = ARTS[0]
    _Handler.pages = {
        "/story.html": (f"<html><head><title>{a['title']}</title></head><body><article>"
                        f"<h1>{a['title']}</h1><p>{a['text']}</p></article></body></html>"
                        ).encode(),  # fmt: skip
        "/plain": ARTS[1]["text"].encode(),
    }
    srv, base = serve(_Handler)
    yield base
    srv.shutdown()


def test_urls_fetched_with_timeout_and_size_cap(server, store):
    urls = [f"{server}/story.html", f"{server}/plain", f"{server}/missing", f"{server}/slow",
            f"{server}/huge"]  # fmt: skip
    s = add(store, urls, offline=True, timeout=1.0, max_bytes=1_000_000)
    assert s.articles == 2
    errs = {e["source"]: e["error"] for e in s.errors}
    assert "404" in errs[f"{server}/missing"]
    assert "timed out" in errs[f"{server}/slow"]
    assert "too large" in errs[f"{server}/huge"]
    stored = {r[0] for r in store.con.execute("SELECT url FROM articles")}
    assert f"{server}/story.html" in stored


def test_cli_add_json_summary_stdin_and_exit_status(tmp_path):
    db = tmp_path / "cli.sqlite"
    feed = "\n".join(json.dumps(a) for a in ARTS[:3]) + "\n{broken\n"
    res = subprocess.run(
        [sys.executable, "-m", "geo", "add", "-", "--store", str(db), "--offline", "--json"],
        input=feed, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 1, res.stderr  # one line failed
    out = json.loads(res.stdout)
    assert out["articles"] == 3 and len(out["errors"]) == 1
    assert out["errors"][0]["source"] == "<stdin>:4"
    assert "Traceback" not in res.stderr
    res = subprocess.run(
        [sys.executable, "-m", "geo", "add", "-", "--store", str(db), "--offline"],
        input=feed.rsplit("\n", 2)[0], capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "0 article(s) added, 3 already stored" in res.stdout


@pytest.mark.parametrize(
    ("reason", "retry"),
    [
        ("geocoder: server error (HTTP 503) (after 4 attempts)", True),
        ("geocoder: timed out (no reply within 10 s)", True),
        ("geocoder: service unreachable: [Errno 111] Connection refused", True),
        ("geocoder: rate limited (HTTP 429, Retry-After 2 s)", True),
        ("geocoder: 127.0.0.1:9 failed 5 times in a row; paused for another 300 s", True),
        ("geocoder: offline and not in the cache", True),
        ("geocoder: query budget of 20 per article used up", True),
        ("geocoder: no match from nominatim", False),
        ("geocoder: refused by the service (HTTP 403): Forbidden", False),
        ("geocoder: malformed reply: Expecting value", False),
        ("not in the gazetteer", False),
    ],
)
def test_which_failures_are_worth_a_retry(reason, retry):
    from geo.ingest import is_network_failure
    from geo.models import Toponym

    assert is_network_failure(Toponym(0, 5, "Somewhere", None, 0.0, None, reason)) is retry
