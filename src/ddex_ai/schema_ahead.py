"""The ERN versions a run's first files name, and their schemas compiled ahead of need.

Sniffing reads only the first bytes of a file (a hint, not a parse), so it is cheap enough
to do before the rules and reporters are imported; the compile then overlaps those imports.
"""

from __future__ import annotations

import re

from ddex_ai.discovery import Input
from ddex_ai.instance_loader import read_head
from ddex_ai.schema_loader import SchemaRoot, SchemaStore, compile_ahead
from ddex_ai.versions import ErnVersion, version_from_code

SNIFFED = 8  # inputs whose version is read before the check starts (and workers fork)
_NAMESPACE = re.compile(rb"http://ddex\.net/xml/ern/(\d+)")


def sniff_versions(inputs: list[Input]) -> set[ErnVersion]:
    """The ERN versions the first bytes of these files name (a hint: files are not parsed)."""
    found = set()
    for item in inputs:
        if item.data is not None:
            head = item.data[:4096]
        else:
            head = b"" if item.error or item.source is not None else read_head(item.path)
        match = _NAMESPACE.search(head)
        version = version_from_code(match.group(1).decode()) if match else None
        if version is not None:
            found.add(version)
    return found


def start_compiling(roots: list[SchemaRoot], inputs: list[Input]) -> None:
    """Compile, in the background, the schemas of the versions the first inputs name."""
    store = SchemaStore(list(roots))
    for version in sorted(sniff_versions(inputs[:SNIFFED]), key=lambda v: v.code):
        files = store.files(version)
        if files is not None:
            compile_ahead(files)
