"""Bytes or text in, an Article out: decoding, HTML boilerplate removal, metadata, language.

Decoding: BOMs first, then strict UTF-8, then charset-normalizer's guess (a trafilatura
dependency). HTML goes through trafilatura (maintained, best-in-class main-text extraction)
which also yields title, canonical URL and date. Flags win over what the HTML says.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from datetime import date, datetime

from geo.errors import InputError
from geo.models import Article

MAX_BYTES = 20_000_000  # a news article is ~10 kB; 20 MB is a mistake, not an article
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str) -> str:
    """Text from bytes, or InputError naming ``source`` for binary or undecodable data."""
    if len(data) > MAX_BYTES:
        raise InputError(source, f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(source, "binary data (NUL bytes), not a text or HTML article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data).best()
        if best is not None and best.encoding:
            text = str(best)
            if _looks_like_text(text):
                return text
    raise InputError(source, "not valid UTF-8 and no other text encoding fits (binary file?)")


def _looks_like_text(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn")
              and ch not in "\n\r\t\f")
    return bad / len(sample) < 0.02


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000])) or (
        text.lstrip().startswith("<") and re.search(r"</(p|div|article|body)>", text[:20000], re.I)
        is not None
    )


def article_id(text: str) -> str:
    """Stable id: the same content (modulo whitespace, case and Unicode form) -> the same id."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def _to_datetime(value: str | date | datetime | None, lang: str | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    from geo.dates import parse_date

    return parse_date(str(value), lang)


def detect_language(text: str) -> str | None:
    """Engineer C's offline detector (geo.langid); None (-> English word lists) without it."""
    try:
        from geo.langid import detect_language as detect
    except ImportError:  # pragma: no cover - geo.langid ships with geomap
        return None
    return detect(text)


def read_article(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    title: str | None = None,
    published: str | date | datetime | None = None,
    lang: str | None = None,
) -> Article:
    """Read one article (plain text or HTML). Raises InputError naming ``source`` when the
    input is empty, binary, undecodable, too large, or HTML without article text."""
    text = decode_bytes(data, source) if isinstance(data, bytes) else data
    if len(text) > MAX_BYTES:
        raise InputError(source, f"too large ({len(text):,} characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta_date: str | None = None
    if is_html(text):
        import trafilatura  # lazy: heavy import

        body = trafilatura.extract(text, include_comments=False, include_tables=False,
                                   favor_precision=True)
        meta = trafilatura.extract_metadata(text)
        if meta is not None:
            title = title or meta.title
            url = url or meta.url
            meta_date = meta.date
        if not body or not body.strip():
            raise InputError(source, "HTML without article text (nothing left after boilerplate "
                                     "removal)")
        text = body
    if not text.strip():
        raise InputError(source, "empty article (no text)")
    if not lang:
        lang = detect_language(text)
    pub = _to_datetime(published, lang)
    if published not in (None, "") and pub is None:
        raise InputError(source, f"cannot read the publication date {published!r}")
    if pub is None and meta_date:
        pub = _to_datetime(meta_date, lang)
    return Article(
        id=article_id(text),
        text=text,
        url=url,
        title=title,
        published=pub,
        lang=lang,
        source_path=source,
    )
