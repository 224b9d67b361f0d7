"""The machine-readable copy every bench script leaves beside its printed figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_results(path: Path, data: Any) -> None:
    """``data`` as indented JSON (with a final newline) at ``path`` (bench/results/<area>.json),
    its folder made as needed; prints where it went."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"written: {path}")
