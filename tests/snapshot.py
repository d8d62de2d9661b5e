"""Snapshot tests, as ruff's: a whole output compared with a committed expected file.

After an intended change, regenerate every snapshot with one command (README, Development):

    DDEX_AI_UPDATE_SNAPSHOTS=1 DDEX_AI_SCHEMAS=../shared/ddex/schemas .venv/bin/python -m pytest

then review the diff with ``git diff tests/snapshots`` before committing it.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
from pathlib import Path

from ddex_ai import __version__

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
REPO = SNAPSHOTS.parent.parent
UPDATE = bool(os.environ.get("DDEX_AI_UPDATE_SNAPSHOTS"))

_VOLATILE = [
    # The closing line's timing and throughput.
    (re.compile(r"Checked in \d+\.\d+ s: \d+ files/s, \d+\.\d+ MB/s"), "Checked in <TIME>"),
    (re.compile(r'"elapsed": \d+(\.\d+)?(e-?\d+)?'), '"elapsed": "<TIME>"'),
    (re.compile(r'time="\d+(\.\d+)?"'), 'time="<TIME>"'),
]


def _schemas() -> list[str]:
    """The schema folder as messages may name it: resolved, and relative to the repository."""
    given = os.environ.get("DDEX_AI_SCHEMAS")
    if not given:
        return []
    resolved = Path(given).resolve()
    return [str(resolved), os.path.relpath(resolved, REPO)]


def normalise(text: str) -> str:
    """The output with what changes from run to run (version, folders, times) replaced."""
    for schemas in _schemas():
        # Before REPO: the schemas may sit inside it.
        text = text.replace(schemas, "<SCHEMAS>")
    text = text.replace(REPO.as_uri(), "file://<REPO>").replace(str(REPO), "<REPO>")
    text = text.replace(f'"{__version__}"', '"<VERSION>"').replace(__version__, "<VERSION>")
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def assert_snapshot(name: str, text: str) -> None:
    """``text``, normalised, equals ``snapshots/<name>`` (DDEX_AI_UPDATE_SNAPSHOTS: write it).

    A name ending in ``.gz`` is stored gzipped (large reports)."""
    path = SNAPSHOTS / name
    text = normalise(text)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or _read(path) != text:
            _write(path, text)
        return
    assert path.exists(), f"no snapshot {path}: run with DDEX_AI_UPDATE_SNAPSHOTS=1 to write it"
    expected = _read(path)
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), f"{name} (committed)", "now", n=2
            )
        )
        raise AssertionError(
            f"{name} differs from its snapshot (if intended, regenerate: see tests/snapshot.py)"
            f"\n{diff[:6000]}"
        )


def _read(path: Path) -> str:
    """The file's text exactly, line endings included."""
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    with open(path, encoding="utf-8", newline="") as stream:
        return stream.read()


def _write(path: Path, text: str) -> None:
    if path.suffix == ".gz":  # mtime 0: the same text gives the same bytes
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        return
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
