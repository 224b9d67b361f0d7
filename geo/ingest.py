"""`geomap add`: many inputs -> articles -> events and routes -> the store, one article at a time.

Each article is read, extracted and stored on its own, in its own transaction: a bad article is
reported and skipped, a killed process loses at most the article in flight, and a rerun skips
what is stored already (articles are identified by a hash of their text).
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from geo.errors import GeomapError, InputError
from geo.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch, is_url
from geo.models import Article, Toponym
from geo.placewords import for_lang
from geo.store import AddResult, Store

#: File suffixes taken from a folder (other files are ignored there, but accepted by name:
#: a folder's *.json files are as often annotations or configuration as articles).
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Words in a geocoder failure reason that mean "the network failed, ask again later".
NETWORK_WORDS = re.compile(
    r"network|timed? ?out|timeout|connection|unreachable|unavailable|circuit|rate.?limit|"
    r"\b429\b|\bHTTP 5\d\d\b|server error|temporar|service error|offline|paused|budget",
    re.I,
)


def content_hash(text: str) -> str:
    """The identity of an article: its text, modulo Unicode form and whitespace."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def is_network_failure(t: Toponym) -> bool:
    """Did this mention stay unresolved because the geocoder could not be reached?"""
    return t.place is None and bool(t.reason) and bool(NETWORK_WORDS.search(t.reason or ""))


@dataclass(slots=True)
class IngestSummary:
    """What a batch did: counts, the unresolved names and one line per failed input."""

    articles: int = 0
    skipped: int = 0
    reread: int = 0  # stored articles extracted again (add(..., again=True))
    events: int = 0
    events_merged: int = 0
    routes: int = 0
    routes_merged: int = 0
    mentions: int = 0
    unresolved: int = 0
    unresolved_names: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def count(self, r: AddResult, *, reread: bool = False) -> None:
        if r.skipped:
            self.skipped += 1
            return
        if reread:
            self.reread += 1
        else:
            self.articles += 1
        self.events += r.events_new
        self.events_merged += r.events_merged
        self.routes += r.routes_new
        self.routes_merged += r.routes_merged
        self.mentions += r.mentions
        self.unresolved += len(r.unresolved)
        for n in r.unresolved:
            if n not in self.unresolved_names:
                self.unresolved_names.append(n)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Item:
    """One article to read: where it comes from and how to get its bytes or fields."""

    source: str
    load: Callable[[], Article]
    #: The store's number of an article stored already (read again); None: found by its hash.
    stored: int | None = None


Reader = Callable[..., Article]
Extractor = Callable[..., Any]


def _jsonl_items(
    lines: Iterable[str], source: str, read: Reader, **fetch_kw: Any
) -> Iterator[Item]:
    for n, line in enumerate(lines, 1):
        if line.strip():
            yield Item(f"{source}:{n}", _json_loader(line, f"{source}:{n}", read, **fetch_kw))


def _json_loader(line: str | dict[str, Any], src: str, read: Reader, **fetch_kw: Any):
    def load() -> Article:
        try:
            obj = json.loads(line) if isinstance(line, str) else line
        except json.JSONDecodeError as exc:
            raise InputError(src, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise InputError(src, 'a JSON line must be an object with a "text" field')
        text = obj.get("text")
        url = obj.get("url")
        if text is None and isinstance(url, str) and is_url(url):
            got = fetch(url, **fetch_kw)
            text = got.data
        if not isinstance(text, str | bytes):
            raise InputError(src, 'no "text" string (nor a "url" to fetch)')
        art = read(
            text,
            source=src,
            url=url,
            title=obj.get("title"),
            published=obj.get("published"),
            lang=obj.get("lang"),
        )
        if obj.get("id") not in (None, ""):
            art.id = str(obj["id"])
        return art

    return load


def _file_items(path: Path, read: Reader, meta: dict[str, Any], **fetch_kw: Any) -> list[Item]:
    src = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            return [Item(src, _raiser(src, f"cannot read JSON lines ({exc})"))]
        return list(_jsonl_items(lines, src, read, **fetch_kw))
    if path.suffix.lower() == ".json":
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return [Item(src, _raiser(src, f"cannot read JSON ({exc})"))]
        objs = obj if isinstance(obj, list) else [obj]
        return [
            Item(f"{src}:{i}", _json_loader(o, f"{src}:{i}", read, **fetch_kw))
            for i, o in enumerate(objs, 1)
        ]

    def load() -> Article:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(src, f"cannot read ({exc.strerror or exc})") from exc
        return read(data, source=src, **meta)

    return [Item(src, load)]


def _raiser(src: str, msg: str) -> Callable[[], Article]:
    def load() -> Article:
        raise InputError(src, msg)

    return load


def expand(
    inputs: Iterable[str],
    *,
    read: Reader | None = None,
    stdin: Any = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    lang: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Item]:
    """Inputs (files, folders, globs, URLs, "-") -> one Item per article, in a stable order.
    An input that matches nothing becomes an Item that fails with a message naming it."""
    if read is None:
        from geo.reader import read_article as read
    meta = {
        k: v
        for k, v in dict(url=url, title=title, published=published, lang=lang).items()
        if v is not None
    }
    fkw = {"timeout": timeout, "max_bytes": max_bytes}
    items: list[Item] = []
    for inp in inputs:
        if inp == "-":
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            head = data.lstrip()[:1]
            if head == b"{":
                lines = data.decode("utf-8", errors="replace").splitlines()
                items += _jsonl_items(lines, "<stdin>", read, **fkw)
            else:
                items.append(Item("<stdin>", lambda d=data: read(d, source="<stdin>", **meta)))
        elif is_url(inp):

            def load(u: str = inp) -> Article:
                got = fetch(u, **fkw)
                return read(got.data, source=u, **{"url": got.url, **meta})

            items.append(Item(inp, load))
        elif any(c in inp for c in "*?["):
            matches = sorted(glob.glob(inp, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                items.append(Item(inp, _raiser(inp, "no file matches this pattern")))
            for f in files:
                items += _file_items(f, read, meta, **fkw)
        else:
            p = Path(inp)
            if p.is_dir():
                files = sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and f.suffix.lower() in ARTICLE_SUFFIXES
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
                if not files:
                    items.append(
                        Item(
                            inp,
                            _raiser(
                                inp, f"folder without article files ({', '.join(ARTICLE_SUFFIXES)})"
                            ),
                        )
                    )
                for f in files:
                    items += _file_items(f, read, meta, **fkw)
            elif p.exists():
                items += _file_items(p, read, meta, **fkw)
            else:
                items.append(Item(inp, _raiser(inp, "no such file, folder or URL")))
    return items


def default_extractor(*, offline: bool = False, fallback: Any = None) -> Extractor:
    """geo.extract.extract with one gazetteer and (unless offline) one geocoder fallback for
    the whole batch."""
    from gazetteer import Gazetteer
    from geo.extract import extract

    gz = Gazetteer.load()
    fb = fallback
    if fb is None:
        try:
            from gazetteer.fallback import Fallback

            fb = Fallback.from_config(offline=True if offline else None)
        except (ImportError, GeomapError, ValueError, TypeError):
            fb = None  # no usable geocoder configuration: the gazetteer alone

    def run(article: Article) -> Any:
        if fb is not None:
            fb.new_article()
        return extract(article, gazetteer=gz, fallback=fb)

    return run


def add(
    store: Store,
    inputs: Iterable[str],
    *,
    extractor: Extractor | None = None,
    read: Reader | None = None,
    offline: bool = False,
    progress: Callable[[Item, AddResult | None, str | None], None] | None = None,
    items: list[Item] | None = None,
    again: bool = False,
    **expand_kw: Any,
) -> IngestSummary:
    """Add articles to ``store``; returns what was added. Never stops on a bad article: its
    error is in ``summary.errors``. ``extractor(article) -> Extraction`` (toponyms, events,
    routes) defaults to geo.extract with the local gazetteer and the geocoder fallback.

    ``again``: articles already stored are extracted again (after an upgrade of geomap, say)
    and merged as usual: their mentions are replaced, corrections and deletions hold."""
    if items is None:
        items = expand(inputs, read=read, **expand_kw)
    summary = IngestSummary()
    run = extractor
    for item in items:
        result: AddResult | None = None
        err: str | None = None
        try:
            article = item.load()
            h = content_hash(article.text)
            known = store.article_pk(h) if item.stored is None else item.stored
            if known is not None and not again:
                result = AddResult(None, skipped=True)
            else:
                if run is None:
                    run = default_extractor(offline=offline)
                ex = run(article)
                if known is not None:
                    result = store.readd_extraction(
                        known, ex.toponyms, ex.events, ex.routes, retryable=is_network_failure
                    )
                else:
                    result = store.add_extraction(
                        article,
                        ex.toponyms,
                        ex.events,
                        ex.routes,
                        content_hash=h,
                        retryable=is_network_failure,
                    )
            summary.count(result, reread=known is not None)
        except InputError as exc:
            err = str(exc)
        except GeomapError as exc:
            err = f"{item.source}: {exc}"
        except Exception as exc:  # one article's bug must not stop a batch of thousands
            err = f"{item.source}: {type(exc).__name__}: {exc}"
        if err is not None:
            summary.errors.append({"source": item.source, "error": err})
        if progress is not None:
            progress(item, result, err)
    return summary


@dataclass(slots=True)
class RetrySummary:
    """What `geomap resolve --retry` did."""

    tried: int = 0
    found: int = 0
    not_found: int = 0
    still_failing: int = 0
    events_located: int = 0
    articles_reread: int = 0
    events_added: int = 0
    routes_added: int = 0
    names: dict[str, str] = field(default_factory=dict)  # name -> status
    errors: list[dict[str, str]] = field(default_factory=list)  # articles that failed to reread

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _AskingAgain:
    """A fallback that asks again for names whose last look-up failed (the geoparser may ask
    with a country bias, a cache entry of its own that still holds the old error)."""

    def __init__(self, fallback: Any) -> None:
        self.fallback = fallback

    def new_article(self) -> None:
        if hasattr(self.fallback, "new_article"):
            self.fallback.new_article()

    def geocode(self, name: str, *args: Any, **kw: Any) -> Any:
        kw["retry_errors"] = True
        return self.fallback.geocode(name, *args, **kw)


def retry_unresolved(
    store: Store,
    fallback: Any,
    *,
    extractor: Extractor | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> RetrySummary:
    """Ask the geocoder fallback again for every mention that failed with a network error
    (``fallback.geocode(name, lang, retry_errors=True)``). A found place is stored, locates
    the article's events left without a place for that name, and the article is extracted
    again (the answer is now in the geocoder cache) so events that needed the place appear.
    Each name is asked once."""
    out = RetrySummary()
    reread: set[int] = set()
    answers: dict[tuple[str, str | None], Any] = {}
    for m in store.unresolved_mentions(retryable_only=True):
        key = (m["text"], m["lang"])
        if key not in answers:
            if hasattr(fallback, "new_article"):
                fallback.new_article()  # the query budget is per article; this is one look-up
            answers[key] = fallback.geocode(for_lang(m["lang"]).geocoder_query(m["text"]),
                                            lang=m["lang"], retry_errors=True)
        res = answers[key]
        out.tried += 1
        out.names[m["text"]] = res.status
        if res.status == "found" and res.place is not None:
            out.found += 1
            out.events_located += store.resolve_mention(m["pk"], res.place)
            reread.add(m["article_pk"])
        elif res.status == "not_found":
            out.not_found += 1
            store.resolve_mention(m["pk"], None, reason=res.reason or "not found")
        else:
            out.still_failing += 1
            store.resolve_mention(m["pk"], None, reason=res.reason or res.status, retryable=True)
        if progress is not None:
            progress(m["text"], res.status)
    if reread:  # the same per-article loop as `geomap add --again`: one bad article is noted
        run = extractor or default_extractor(fallback=_AskingAgain(fallback))
        items = [Item(f"stored article {pk}", partial(store.article, pk), stored=pk)
                 for pk in sorted(reread)]  # fmt: skip
        s = add(store, [], items=items, extractor=run, again=True)
        out.articles_reread, out.events_added, out.routes_added = s.reread, s.events, s.routes
        out.errors = s.errors
    return out
