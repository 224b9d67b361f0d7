"""Ingest (geo.ingest.add) with the geocoder fallback in every fault case: the batch completes,
the village stays unresolved with its reason (marked for `geomap resolve --retry`), nothing
already stored is lost, and the retry (geo.ingest.retry_unresolved) finds it once the
service answers again."""

from __future__ import annotations

import pytest
from _fallback_helpers import NominatimServer, closed_port, fictional_place, loopback_config

from gazetteer.fallback import Fallback
from geo.extract import extract
from geo.ingest import add, retry_unresolved
from geo.placewords import for_lang
from geo.store import Store

FAULTS = {
    "http500": [("status", 500, {})],
    "http429-long": [("status", 429, {"Retry-After": "3600"})],
    "slow": [("slow", 1.0)],
    "malformed": ["malformed"],
}


def article(name: str) -> str:
    return (
        f"Pasukan Rusia tiba di Kampung {name} dekat Kursk pada hari Senin, 12 Agustus 2024, "
        "setelah serangan artileri di perbatasan."
    )


@pytest.mark.parametrize("fault", [*FAULTS, "refused-connection", "no-user-agent"])
def test_fault_keeps_mention_unresolved_retryable_and_store_intact(tmp_path, fault):
    village = fictional_place("RU")
    name = village["name"]
    db = str(tmp_path / "places.sqlite")
    first = tmp_path / "first.txt"
    first.write_text(article(fictional_place("RU")["name"]), encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(article(name), encoding="utf-8")
    with Store(tmp_path / "events.sqlite") as store, NominatimServer() as srv:
        srv.extra[name.casefold()] = [village]
        good = Fallback(loopback_config(srv.domain), db_path=db)
        s1 = add(store, [str(first)], extractor=lambda a: extract(a, fallback=good))
        assert s1.errors == [] and s1.articles == 1
        before = store.stats()
        if fault == "refused-connection":
            bad_cfg = loopback_config(f"127.0.0.1:{closed_port()}", max_retries=1)
        elif fault == "no-user-agent":  # the user has not configured the geocoder yet
            bad_cfg = loopback_config(srv.domain, user_agent=None)
        else:
            srv.script[name] = list(FAULTS[fault])
            bad_cfg = loopback_config(srv.domain, timeout=0.3, max_retries=1)
        bad = Fallback(bad_cfg, db_path=db)
        s2 = add(store, [str(second)], extractor=lambda a: extract(a, fallback=bad))
        assert s2.errors == [] and s2.articles == 1  # the ingest completed
        after = store.stats()
        assert all(after[k] >= v for k, v in before.items())  # nothing stored was lost
        assert after["articles"] == before["articles"] + 1
        rows = [m for m in store.unresolved_mentions(retryable_only=False) if name in m["text"]]
        assert len(rows) == 1 and rows[0]["reason"]
        assert rows[0]["retryable"]  # `geomap resolve --retry` will ask again
        n_asked = len(srv.requests_for(name))
        assert n_asked == 0 if fault in ("refused-connection", "no-user-agent") else n_asked >= 1

        srv.script.pop(name, None)  # the service answers again: `geomap resolve --retry`
        again = Fallback(loopback_config(srv.domain), db_path=db)
        r = retry_unresolved(store, again)
        assert r.names.get(rows[0]["text"]) == "found" and r.found == 1
        assert not [m for m in store.unresolved_mentions(retryable_only=False) if name in m["text"]]
        # and the answer is now kept: the same name costs no request any more (the stored
        # span "Kampung X" is asked as "X", by the rule both asks share)
        n = len(srv.log)
        query = for_lang(rows[0]["lang"]).geocoder_query(rows[0]["text"])
        assert rows[0]["text"].startswith("Kampung ") and query == name
        assert again.geocode(query, lang=rows[0]["lang"]).cached
        assert len(srv.log) == n
