"""Reading articles: encodings, bad input, HTML through trafilatura, metadata, language."""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest

from geo.errors import InputError
from geo.reader import article_id, read_article

ID_TEXT = ("Sekitar 10.000 tentara Korea Utara dilaporkan telah tiba di wilayah Kursk, Rusia. "
           "Pemerintah Ukraina meminta mereka untuk menyerah.")
EN_TEXT = ("About 10,000 North Korean soldiers have arrived in the Kursk region of Russia. "
           "Ukraine urged them to surrender and promised them food.")

HTML = """<!DOCTYPE html>
<html><head><title>Quake hits Tonga</title>
<link rel="canonical" href="https://news.example.org/tonga-quake">
<meta property="article:published_time" content="2022-01-20T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article><h1>Quake hits Tonga</h1>
<p>A strong earthquake struck near Nuku'alofa on Tuesday, the national disaster office said.
New Zealand flew water and tents from Auckland to Tonga the next day.</p>
<p>About 300 residents were evacuated from coastal villages to higher ground, officials said.</p>
</article>
<footer>Copyright 2022 Example News. All rights reserved. Cookie settings.</footer>
</body></html>"""


def test_plain_utf8_and_bom_and_utf16():
    a = read_article(ID_TEXT.encode("utf-8"), source="a.txt", lang="id")
    assert a.text == ID_TEXT and a.lang == "id" and a.source_path == "a.txt"
    b = read_article(codecs.BOM_UTF8 + ID_TEXT.encode("utf-8"), source="b.txt", lang="id")
    assert b.text == ID_TEXT
    c = read_article(ID_TEXT.encode("utf-16"), source="c.txt", lang="id")
    assert c.text == ID_TEXT
    # the id is a hash of the content: same content, same id; whitespace does not matter
    assert a.id == b.id == c.id == article_id(ID_TEXT.replace(" ", "  "))
    assert a.id != article_id(EN_TEXT)


def test_legacy_encoding_is_detected():
    text = "Le café de la gare à Besançon a été évacué après l'incendie de la forêt voisine."
    a = read_article(text.encode("cp1252"), source="fr.txt", lang="fr")
    assert a.text == text


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 40, "binary"),
        (b"<html><body><script>var x = 1;</script></body></html>", "HTML without article text"),
    ],
)
def test_bad_input_names_the_source(data, needle):
    with pytest.raises(InputError) as err:
        read_article(data, source="bad-input.bin")
    assert "bad-input.bin" in str(err.value)
    assert needle in str(err.value)


def test_huge_input_is_refused(monkeypatch):
    import geo.reader

    monkeypatch.setattr(geo.reader, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="too large"):
        read_article(b"a" * 1001, source="huge.txt")


def test_bad_published_flag():
    with pytest.raises(InputError, match="publication date"):
        read_article(EN_TEXT, source="x.txt", lang="en", published="the day after never")


def test_html_boilerplate_removed_and_metadata_read():
    a = read_article(HTML.encode(), source="tonga.html")
    assert "earthquake struck near Nuku'alofa" in a.text
    assert "evacuated from coastal villages" in a.text
    assert "Cookie settings" not in a.text and "Subscribe" not in a.text
    assert a.title == "Quake hits Tonga"
    assert a.url == "https://news.example.org/tonga-quake"
    assert a.published == datetime(2022, 1, 20)
    assert a.lang == "en"


def test_flags_win_over_html_metadata():
    a = read_article(HTML, source="tonga.html", title="Own title", url="https://own.example",
                     published="2022-01-21", lang="en")
    assert (a.title, a.url, a.published) == ("Own title", "https://own.example",
                                             datetime(2022, 1, 21))


def test_language_detected_offline():
    assert read_article(ID_TEXT, source="id.txt").lang == "id"
    assert read_article(EN_TEXT, source="en.txt").lang == "en"
