"""`geomap resolve --retry` rereads articles through the same per-article loop as `geomap add`:
one article that fails to extract again is noted, the others are still reread, and a reread
never stores an article a second time."""

from __future__ import annotations

import pytest
from _fallback_helpers import NominatimServer, closed_port, fictional_place, loopback_config

from gazetteer.fallback import Fallback
from geo.extract import extract
from geo.ingest import add, retry_unresolved
from geo.store import Store


def article(name: str) -> str:
    return (
        f"Pasukan Rusia tiba di Kampung {name} dekat Kursk pada hari Senin, 12 Agustus 2024, "
        "setelah serangan artileri di perbatasan."
    )


def test_a_failing_reread_is_noted_and_the_others_go_on(tmp_path):
    villages = [fictional_place("RU") for _ in range(2)]
    names = [v["name"] for v in villages]
    files = []
    for i, name in enumerate(names):
        f = tmp_path / f"a{i}.txt"
        f.write_text(article(name), encoding="utf-8")
        files.append(str(f))
    db = str(tmp_path / "places.sqlite")
    with Store(tmp_path / "events.sqlite") as store, NominatimServer() as srv:
        for v in villages:
            srv.extra[v["name"].casefold()] = [v]
        down = Fallback(loopback_config(f"127.0.0.1:{closed_port()}", max_retries=1), db_path=db)
        s = add(store, files, extractor=lambda a: extract(a, fallback=down))
        assert s.errors == [] and s.articles == 2
        waiting = {m["text"] for m in store.unresolved_mentions() if m["retryable"]}
        assert {n for n in names if any(n in t for t in waiting)} == set(names)
        before = store.stats()

        up = Fallback(loopback_config(srv.domain), db_path=db)

        def extractor(a):
            if names[0] in a.text:
                raise RuntimeError("extractor broke on this one")
            return extract(a, fallback=up)

        r = retry_unresolved(store, up, extractor=extractor)
        assert r.found == 2
        assert r.articles_reread == 1 and len(r.errors) == 1
        assert r.errors[0]["source"].startswith("stored article ")
        assert "RuntimeError" in r.errors[0]["error"] and "broke" in r.errors[0]["error"]
        after = store.stats()
        assert after["articles"] == before["articles"]  # reread, not stored again
        assert r.to_dict()["errors"] == r.errors


@pytest.mark.parametrize("again", [False, True])
def test_an_item_of_a_stored_article_is_skipped_or_reread_never_added(tmp_path, again):
    from geo.ingest import Item

    with Store(tmp_path / "events.sqlite") as store:
        f = tmp_path / "a.txt"
        f.write_text(article(fictional_place("RU")["name"]), encoding="utf-8")
        offline = Fallback(loopback_config(f"127.0.0.1:{closed_port()}", max_retries=0),
                           db_path=str(tmp_path / "p.sqlite"))  # fmt: skip
        run = lambda a: extract(a, fallback=offline)  # noqa: E731
        assert add(store, [str(f)], extractor=run).articles == 1
        (pk,) = [r[0] for r in store.con.execute("SELECT pk FROM articles")]
        item = Item("stored", lambda: store.article(pk), stored=pk)
        s = add(store, [], items=[item], extractor=run, again=again)
        assert (s.articles, s.skipped, s.reread) == (0, int(not again), int(again))
        assert store.stats()["articles"] == 1
