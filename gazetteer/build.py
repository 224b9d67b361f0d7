"""Building the index: into a temporary folder, renamed into place atomically, under a file lock
so several processes starting at once build it once.

The index folder is ``cache_dir()/gazetteer-<hash>``: the hash covers the index format and the
identity (path, size, mtime) of every input file, so new data or new code means a new folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gazetteer import bundled, paths
from gazetteer.writer import FORMAT_VERSION, IndexWriter

ACTIVE_FILE = "gazetteer-active.json"


def fingerprint(files: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(f"format={FORMAT_VERSION};{extra}".encode())
    for f in files:
        st = f.stat()
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns};".encode())
    from importlib.metadata import version

    h.update(f"babel={version('babel')}".encode())
    return h.hexdigest()[:16]


def bundled_dir() -> Path:
    return paths.cache_dir() / f"gazetteer-{fingerprint(bundled.input_files())}"


@contextlib.contextmanager
def build_lock(cache: Path) -> Iterator[None]:
    """An exclusive flock on cache/gazetteer.lock (released by the OS if the process dies)."""
    with open(cache / "gazetteer.lock", "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _stderr(msg: str) -> None:
    print(f"geomap gazetteer: {msg}", file=sys.stderr, flush=True)


def build_into(
    target: Path, fill: Callable[[IndexWriter], dict[str, Any]],
    log: Callable[[str], None] = _stderr,
) -> dict[str, Any]:
    """Run ``fill`` on a fresh writer, write the index into a temporary sibling of ``target`` and
    rename it to ``target``. If ``fill`` raises, nothing at ``target`` is touched."""
    cache = target.parent
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=cache))
    try:
        w = IndexWriter()
        meta = fill(w)
        log(f"writing index ({len(w):,} places)")
        meta = w.write(tmp, {
            **meta,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": None,
        })
        meta["build_seconds"] = round(time.perf_counter() - t0, 2)
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        old = None
        if target.exists():  # replace: move the old one aside first, then swap
            old = cache / f".{target.name}.old-{os.getpid()}"
            os.rename(target, old)
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return meta


def build_bundled(
    target: Path | None = None, log: Callable[[str], None] = _stderr, locked: bool = False
) -> Path:
    """(Re)build the index of the pip-installed data; ``locked``: the caller holds build_lock."""
    target = target or bundled_dir()

    def fill(w: IndexWriter) -> dict[str, Any]:
        bundled.add_bundled(w, log)
        return {"kind": "bundled", "inputs": [str(p) for p in bundled.input_files()]}

    with contextlib.nullcontext() if locked else build_lock(target.parent):
        log(f"building the gazetteer index in {target} (once; takes a minute)")
        build_into(target, fill, log)
        remove_stale(target)
    return target


def build_bundled_in_subprocess(
    target: Path, log: Callable[[str], None] | None = None
) -> None:
    """Build in a child process (the caller holds build_lock): the build's peak memory (the JSON
    of cities500) is returned to the OS when the child exits, not kept by a long-lived caller.
    ``log`` receives the child's messages; without it they go straight to stderr."""
    import subprocess

    cmd = [sys.executable, "-m", "gazetteer.build", "--locked", str(target)]
    if log is None:
        rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, check=False).returncode
        tail = "see the messages above"
    else:
        lines: list[str] = []
        with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, encoding="utf-8", errors="replace") as proc:
            assert proc.stderr is not None
            for line in proc.stderr:
                line = line.rstrip("\n")
                lines.append(line)
                log(line.removeprefix("geomap gazetteer: "))
        rc = proc.returncode
        tail = " | ".join(lines[-3:])
    if rc != 0:
        raise RuntimeError(f"building the gazetteer index in {target} failed (exit {rc}; {tail})")


def _main(argv: list[str]) -> None:
    locked = "--locked" in argv
    args = [a for a in argv if a != "--locked"]
    build_bundled(Path(args[0]) if args else None, locked=locked)


def remove_stale(keep: Path) -> None:
    """Delete index folders of older formats/data (never the active full-GeoNames one)."""
    active = read_active()
    for p in keep.parent.glob("gazetteer-*"):
        if p.is_dir() and p != keep and (active is None or p.name != active.get("dir")):
            shutil.rmtree(p, ignore_errors=True)


def read_active() -> dict[str, Any] | None:
    """The full-GeoNames index chosen by `geomap gazetteer build --geonames`, if any."""
    p = paths.cache_dir() / ACTIVE_FILE
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_active(data: dict[str, Any] | None) -> None:
    p = paths.cache_dir() / ACTIVE_FILE
    if data is None:
        p.unlink(missing_ok=True)
        return
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, p)


if __name__ == "__main__":
    _main(sys.argv[1:])
