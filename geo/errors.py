"""Errors users see. Each names the input it is about, so a batch can report and go on."""

from __future__ import annotations


class GeomapError(Exception):
    """Base class: the CLI prints these as one clear line and exits non-zero."""


class InputError(GeomapError):
    """An input (file, URL, stdin, JSON line) that cannot be read as an article."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message
