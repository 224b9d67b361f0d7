"""Corrections: fixed places are remembered for later articles, fixed fields and deletions
survive re-adding and later reports; the `geomap events` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from _store_helpers import QUENBY, VALLORA, article, event, generate_articles, place, real_names

from geo.ingest import content_hash
from geo.models import Toponym
from geo.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]

RIGHT = place("Vallora Lama", 10.5, 20.5)  # where "Vallora" really is, says the user


def put(store, text, events=(), routes=(), toponyms=()):
    a = article(text)
    return store.add_extraction(a, list(toponyms), list(events), list(routes),
                                content_hash=content_hash(text))  # fmt: skip


@pytest.fixture()
def store():
    s = Store(":memory:")
    yield s
    s.close()


def test_a_fixed_place_is_used_for_that_name_in_later_articles(store):
    put(store, "first", [event()])
    (row,) = store.event_rows()
    fixed = store.fix_event(row["id"], place=RIGHT)
    assert fixed["place_id"] == RIGHT.id and fixed["locked"] == ["place"]
    assert fixed["corrections"][0]["field"] == "place"
    # a later article names Vallora again: a different event, the gazetteer's (wrong) place
    topo = Toponym(0, 7, "Vallora", place=VALLORA, score=0.9, source="gazetteer")
    put(store, "later", [event(type="meeting", subtype="talks")], toponyms=[topo])
    meeting = store.event_rows(type="meeting")[0]
    assert meeting["place_id"] == RIGHT.id
    (m,) = store.con.execute("SELECT place_id, source FROM mentions").fetchall()
    assert tuple(m) == (RIGHT.id, "user")


def test_a_fixed_type_holds_when_the_same_report_comes_again(store):
    put(store, "first", [event()])
    eid = store.event_rows()[0]["id"]
    store.fix_event(eid, type="meeting/talks")
    r = put(store, "same facts, other words", [event()])  # the extractor says attack again
    assert (r.events_new, r.events_merged) == (0, 1)
    (row,) = store.event_rows()
    assert (row["type"], row["subtype"], row["source_count"]) == ("meeting", "talks", 2)


def test_a_fixed_date_is_not_overwritten_and_bad_fixes_are_refused(store):
    put(store, "first", [event(on=None)])
    eid = store.event_rows()[0]["id"]
    store.fix_event(eid, date=date(2024, 10, 1), time_precision="month")
    put(store, "second", [event(on=date(2024, 10, 28))])
    (row,) = store.event_rows()
    assert (row["date"], row["time_precision"], row["source_count"]) == ("2024-10-01", "month", 2)
    with pytest.raises(StoreError, match="unknown event type"):
        store.fix_event(eid, type="picnic")
    with pytest.raises(StoreError, match="no such event"):
        store.fix_event(9999, type="attack")


def test_a_deleted_event_stays_deleted_when_reported_again(store):
    put(store, "first", [event()], )
    put(store, "other", [event(where=QUENBY)])
    gone = store.event_rows(country="ZZ")[0]["id"]
    store.delete_event(gone)
    assert [r["place_id"] for r in store.event_rows()] == [QUENBY.id]
    r = put(store, "a third article, same facts", [event()])
    assert r.events_new == 0
    assert [r["place_id"] for r in store.event_rows()] == [QUENBY.id]
    hidden = [r for r in store.event_rows(include_deleted=True) if r["id"] == gone]
    assert hidden[0]["source_count"] == 2


def geomap(*args, input=None):
    res = subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True,
                         input=input, timeout=300)  # fmt: skip
    return res


def test_cli_fix_place_is_remembered_and_survives_re_adding(tmp_path):
    db = str(tmp_path / "c.sqlite")
    arts = generate_articles(3, distinct_events=3, seed=11)
    cities, _ = real_names()
    f1 = tmp_path / "one.jsonl"
    f1.write_text(json.dumps(arts[0]) + "\n", encoding="utf-8")
    assert geomap("add", str(f1), "--store", db, "--offline").returncode == 0
    evs = json.loads(geomap("events", "list", "--store", db, "--json").stdout)
    dep = next(e for e in evs if e["type"] == "deployment")
    wrong_name = dep["place_name"]
    other = next(c for c in cities if c != wrong_name and c not in arts[0]["text"])
    res = geomap("events", "fix", str(dep["id"]), "--place", other, "--store", db, "--json")
    assert res.returncode == 0, res.stderr
    fixed = json.loads(res.stdout)
    assert fixed["place_name"] == other and fixed["place_id"] != dep["place_id"]
    # re-adding the same file changes nothing; the fix stays
    assert geomap("add", str(f1), "--store", db, "--offline").returncode == 0
    shown = json.loads(geomap("events", "show", str(dep["id"]), "--store", db, "--json").stdout)
    assert shown["place_id"] == fixed["place_id"] and shown["corrections"]
    # a later article about the same place name gets the corrected place at ingest
    later = dict(arts[1], id="later", text=arts[1]["text"].replace(
        arts[1]["text"].split(" arrived in ")[1].split(" ")[0], wrong_name))  # fmt: skip
    f2 = tmp_path / "two.jsonl"
    f2.write_text(json.dumps(later) + "\n", encoding="utf-8")
    assert geomap("add", str(f2), "--store", db, "--offline").returncode == 0
    evs = json.loads(geomap("events", "list", "--store", db, "--json").stdout)
    later_ev = [e for e in evs if any(s["article_id"] == "later" for s in e["sources"])]
    assert later_ev and all(e["place_name"] != wrong_name for e in later_ev)
    assert all(e["place_id"] == fixed["place_id"] for e in later_ev)
    routes = Store(db).route_rows()
    assert not [r for r in routes if r["destination_name"] == wrong_name and
                json.loads(r["sources"])[0]["article_id"] == "later"]  # fmt: skip


def test_cli_latlon_delete_and_errors(tmp_path):
    db = str(tmp_path / "d.sqlite")
    s = Store(db)
    put(s, "one", [event()])
    s.close()
    res = geomap("events", "fix", "1", "--latlon", "1.5", "2.5", "--store", db, "--json")
    assert res.returncode == 0, res.stderr
    e = json.loads(res.stdout)
    assert (e["lat"], e["lon"], e["geo_precision"]) == (1.5, 2.5, "point")
    assert geomap("events", "delete", "1", "--store", db).returncode == 0
    assert json.loads(geomap("events", "list", "--store", db, "--json").stdout) == []
    listed = geomap("events", "list", "--deleted", "--store", db).stdout
    assert "Vallora" in listed and "DELETED" in listed
    for bad in (["events", "fix", "1"], ["events", "fix", "77", "--type", "attack"],
                ["events", "fix", "1", "--latlon", "95", "0"],
                ["events", "fix", "1", "--date", "28/10/2024"],
                ["events", "fix", "1", "--place", "Qqqzzxxy Nowhere"]):  # fmt: skip
        res = geomap(*bad, "--store", db)
        assert res.returncode != 0 and "Traceback" not in res.stderr, bad
        assert res.stderr.strip()


def test_extracting_again_keeps_fixes_and_deletions(tmp_path):
    db = str(tmp_path / "again.sqlite")
    f = tmp_path / "kursk.txt"
    f.write_text((ROOT / "examples" / "dprk-troops-en.txt").read_text(encoding="utf-8"),
                 encoding="utf-8")  # fmt: skip
    assert geomap("add", str(f), "--store", db, "--offline").returncode == 0
    evs = json.loads(geomap("events", "list", "--store", db, "--json").stdout)
    assert len(evs) >= 3
    fixed, gone = evs[0], evs[1]
    new_type = "meeting/talks" if fixed["type"] != "meeting" else "attack/clash"
    assert geomap("events", "fix", str(fixed["id"]), "--type", new_type, "--store", db
                  ).returncode == 0  # fmt: skip
    assert geomap("events", "delete", str(gone["id"]), "--store", db).returncode == 0
    res = geomap("add", str(f), "--store", db, "--offline", "--again", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert (out["articles"], out["reread"], out["events"]) == (0, 1, 0)
    after = {e["id"]: e for e in json.loads(
        geomap("events", "list", "--store", db, "--json", "--deleted").stdout)}  # fmt: skip
    assert len(after) == len(evs)
    assert f"{after[fixed['id']]['type']}/{after[fixed['id']]['subtype']}" == new_type
    assert after[fixed["id"]]["source_count"] == 1
    assert after[gone["id"]]["deleted"] is True
    assert gone["id"] not in {e["id"] for e in json.loads(
        geomap("events", "list", "--store", db, "--json").stdout)}  # fmt: skip
