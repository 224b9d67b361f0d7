"""Geoparsing many documents: reading bytes safely, JSON lines in and out, one bad document
never stopping the others. `geomap geoparse` is a thin layer over this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from geo.errors import InputError
from geo.geoparse import MAX_CHARS, parser_for

#: Bytes read from one file at most (a 50 MB file is cut here, with a warning).
MAX_BYTES = 4 * MAX_CHARS


@dataclass(slots=True)
class DocResult:
    """The outcome for one document: the JSON to print, or the error; and warnings."""

    id: str | None
    output: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def decode(data: bytes, source: str, truncated: bool = False) -> tuple[str, list[str]]:
    """UTF-8 text of ``data``; InputError naming ``source`` for empty, binary or non-UTF-8
    input. ``truncated``: the bytes were cut at MAX_BYTES (a split last character is dropped)."""
    warnings: list[str] = []
    if not data.strip():
        raise InputError(source, "empty document")
    if b"\x00" in data[:65536]:
        raise InputError(source, "binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if truncated and e.start >= len(data) - 3:
            text = data[: e.start].decode("utf-8")
        else:
            raise InputError(source, f"not valid UTF-8 (byte {e.start}: {e.reason})") from None
    text = text.lstrip("\ufeff")
    if truncated:
        warnings.append(f"{source}: larger than {MAX_BYTES:,} bytes; only the start is read")
    if len(text) > MAX_CHARS:
        warnings.append(f"{source}: longer than {MAX_CHARS:,} characters; only the first "
                        f"{MAX_CHARS:,} are geoparsed")
        text = text[:MAX_CHARS]
    return text, warnings


def parse_text(
    doc_id: str | None, text: str, lang: str | None = None, *, gazetteer: Any = None,
    fallback: Any = None,
) -> dict[str, Any]:
    """{"id", "lang", "toponyms"} for one text (the language detected when not given)."""
    if lang is None:
        from geo.langid import detect_language

        lang = detect_language(text)
    tops = parser_for(gazetteer).parse(text, lang, fallback)
    return {"id": doc_id, "lang": lang, "toponyms": [t.to_dict() for t in tops]}


def parse_bytes(
    doc_id: str, data: bytes, lang: str | None = None, *, truncated: bool = False,
    gazetteer: Any = None, fallback: Any = None,
) -> DocResult:
    try:
        text, warnings = decode(data, doc_id, truncated)
    except InputError as e:
        return DocResult(doc_id, error=str(e))
    out = parse_text(doc_id, text, lang, gazetteer=gazetteer, fallback=fallback)
    return DocResult(doc_id, output=out, warnings=warnings)


def parse_jsonl(
    lines: Iterable[bytes], source: str, lang: str | None = None, *, gazetteer: Any = None,
    fallback: Any = None,
) -> Iterator[DocResult]:
    """One DocResult per input line {"id", "text", "lang"?}, in order; blank lines skipped."""
    for n, raw in enumerate(lines, 1):
        where = f"{source}:{n}"
        if not raw.strip():
            continue
        doc_id: str | None = None
        try:
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as e:
                raise InputError(where, f"not valid UTF-8 (byte {e.start})") from None
            except json.JSONDecodeError as e:
                raise InputError(where, f"not a JSON object ({e.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(where, "not a JSON object")
            doc_id = obj.get("id")
            doc_id = str(doc_id) if doc_id is not None else f"{source}:{n}"
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"{where} (id {doc_id})", "no text")
            if "\x00" in text:
                raise InputError(f"{where} (id {doc_id})", "binary data (NUL), not text")
            warnings = []
            if len(text) > MAX_CHARS:
                warnings.append(f"{where}: longer than {MAX_CHARS:,} characters; only the first "
                                f"{MAX_CHARS:,} are geoparsed")
                text = text[:MAX_CHARS]
            doc_lang = obj.get("lang") if isinstance(obj.get("lang"), str) else lang
            out = parse_text(doc_id, text, doc_lang or None, gazetteer=gazetteer,
                             fallback=fallback)
            yield DocResult(doc_id, output=out, warnings=warnings)
        except InputError as e:
            yield DocResult(doc_id, error=str(e))
