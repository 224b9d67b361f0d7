"""Fetch an article from a URL: a timeout, a size cap and a clear error, never a hang.

Why urllib: one GET with a deadline needs no extra dependency, and the cap is enforced while
reading, so a huge or endless response is cut off instead of filling memory.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from geo.errors import InputError

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
USER_AGENT = "geomap/0.1 (+https://github.com/geomap; article fetcher)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str | None


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def fetch(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Fetched:
    """GET ``url``; InputError naming the URL on a bad status, a timeout or a body > max_bytes."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(url, f"too large ({int(length)} bytes > cap of {max_bytes})")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise InputError(url, f"timed out after {timeout:g} s")
                chunk = resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(url, f"too large (more than the cap of {max_bytes} bytes)")
                chunks.append(chunk)
            return Fetched(resp.geturl(), b"".join(chunks), resp.headers.get("Content-Type"))
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot fetch ({exc.reason})") from exc
    except TimeoutError as exc:
        raise InputError(url, f"timed out after {timeout:g} s") from exc
    except (OSError, ValueError) as exc:
        raise InputError(url, f"cannot fetch ({exc})") from exc
