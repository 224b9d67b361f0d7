"""Safety with real processes: two `geomap add` at once lose nothing; SIGKILL in the middle of
a batch leaves a consistent store and a rerun completes it without duplicates."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest
from _store_helpers import generate_articles

N = 80


def geomap_add(*inputs, store):
    cmd = [sys.executable, "-m", "geo", "add", *map(str, inputs), "--store", str(store),
           "--offline", "--json"]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def fingerprint(db, *, places: bool = True) -> Counter:
    """What the store holds, independent of ids. With ``places=False`` also independent of
    the order articles came in: two reports 30 km apart merge into one event that keeps the
    place of whichever came first."""
    ev_cols = "type, subtype, date, actor1, source_count" + (", place_id" if places else "")
    rt_cols = "mode, source_count" + (", origin_id, destination_id" if places else "")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ev = con.execute(f"SELECT {ev_cols} FROM events").fetchall()
        rt = con.execute(f"SELECT {rt_cols} FROM routes").fetchall()
        return Counter(ev) + Counter(("route", *r) for r in rt)
    finally:
        con.close()


def check_consistent(db) -> int:
    """Integrity, foreign keys and counts that agree with the rows they count; returns the
    number of articles."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        bad = con.execute(
            """SELECT e.id FROM events e WHERE source_count !=
               (SELECT count(DISTINCT article_pk) FROM event_sources s WHERE s.event_id = e.id)
               OR source_count = 0"""
        ).fetchall()
        assert bad == []
        bad = con.execute(
            """SELECT r.id FROM routes r WHERE source_count !=
               (SELECT count(DISTINCT article_pk) FROM route_sources s WHERE s.route_id = r.id)
               OR source_count = 0"""
        ).fetchall()
        assert bad == []
        # every stored article got its extraction (an article row never stands alone)
        lonely = con.execute(
            """SELECT count(*) FROM articles a WHERE NOT EXISTS
               (SELECT 1 FROM event_sources s WHERE s.article_pk = a.pk)"""
        ).fetchone()[0]
        assert lonely == 0
        dup = con.execute("SELECT count(*) - count(DISTINCT content_hash) FROM articles")
        assert dup.fetchone()[0] == 0
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """N articles (N/2 facts, each reported twice) in a folder and in two JSONL halves, and a
    reference store made by one plain sequential run."""
    root = tmp_path_factory.mktemp("safety")
    arts = generate_articles(N, distinct_events=N // 2, seed=3)
    folder = root / "articles"
    folder.mkdir()
    for a in arts:
        (folder / f"{a['id']}.jsonl").write_text(json.dumps(a) + "\n", encoding="utf-8")
    halves = []
    for k in range(2):
        p = root / f"half{k}.jsonl"
        p.write_text("".join(json.dumps(a) + "\n" for a in arts[k::2]), encoding="utf-8")
        halves.append(p)
    ref = root / "reference.sqlite"
    proc = geomap_add(folder, store=ref)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert json.loads(out)["articles"] == N
    return {"folder": folder, "halves": halves, "ref": ref}


def test_two_processes_at_once_lose_nothing(batch, tmp_path):
    db = tmp_path / "shared.sqlite"
    procs = [geomap_add(h, store=db) for h in batch["halves"]]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    assert sum(r["articles"] for r in results) == N
    assert all(r["errors"] == [] for r in results)
    assert check_consistent(db) == N
    assert fingerprint(db, places=False) == fingerprint(batch["ref"], places=False)


def test_sigkill_mid_batch_then_rerun_completes_without_duplicates(batch, tmp_path):
    db = tmp_path / "killed.sqlite"
    proc = geomap_add(batch["folder"], store=db)
    stored = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                stored = 0  # schema not there yet
        if stored >= 10:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    partial = check_consistent(db)
    assert 10 <= partial < N
    rerun = geomap_add(batch["folder"], store=db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["skipped"] == partial and summary["articles"] == N - partial
    assert check_consistent(db) == N
    assert fingerprint(db) == fingerprint(batch["ref"])
