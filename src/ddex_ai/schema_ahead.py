"""The ERN versions a run's first files name, and their schemas compiled ahead of need.

Sniffing reads only the first bytes of a file (a hint, not a parse), so it is cheap enough
to do before the rules and reporters are imported; the compile then overlaps those imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ddex_ai.compiled_schemas import compile_ahead
from ddex_ai.opening import read_head
from ddex_ai.schema_loader import SchemaRoot, SchemaStore
from ddex_ai.versions import ErnVersion, version_from_code

if TYPE_CHECKING:
    from ddex_ai.discovery import Input

SNIFFED = 8  # inputs whose version is read before the check starts (and workers fork)
_NAMESPACE = re.compile(rb"http://ddex\.net/xml/ern/(\d+)")


def versions_named(heads: Iterable[bytes]) -> set[ErnVersion]:
    """The ERN versions these first bytes of files name (a hint: nothing is parsed)."""
    found = set()
    for head in heads:
        match = _NAMESPACE.search(head)
        version = version_from_code(match.group(1).decode()) if match else None
        if version is not None:
            found.add(version)
    return found


def _head(item: Input) -> bytes:
    if item.data is not None:
        return item.data[:4096]
    return b"" if item.error or item.source is not None else read_head(item.path)


def sniff_versions(inputs: list[Input]) -> set[ErnVersion]:
    """The ERN versions the first bytes of these inputs name."""
    return versions_named(_head(item) for item in inputs)


def start_compiling(
    roots: list[SchemaRoot], versions: set[ErnVersion], one_file: bool = False
) -> None:
    """Compile, in the background, the schemas of these versions found under ``roots``
    (``one_file``: for a run of one file, see ``compile_ahead``)."""
    store = SchemaStore(list(roots))
    for version in sorted(versions, key=lambda v: v.code):
        files = store.files(version)
        if files is not None:
            compile_ahead(files, enumerated=one_file)
