"""DDEX's compiled release-profile Schematron, run with saxonche: the oracle for profile rules.

The XSLTs are read in place from ``$DDEX_AI_SCHEMATRON/2.1/xsl`` (never copied); saxonche is a
test dependency only, ddex-ai never runs XSLT.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from lxml import etree

SVRL = "http://purl.oclc.org/dsdl/svrl"
_RULE_RE = re.compile(r"Rule ([0-9]{4}-[0-9]+)\)|Generic Rule (G\.[0-9])\)")


def xsl_folder() -> tuple[Path | None, str]:
    """The compiled XSLT folder, or None and why not."""
    value = os.environ.get("DDEX_AI_SCHEMATRON")
    if not value:
        return None, "DDEX_AI_SCHEMATRON is not set (DDEX's release-profile Schematron, see README)"
    folder = Path(value) / "2.1" / "xsl"
    if not (folder / "Audio.xsl").is_file():
        return None, f"DDEX_AI_SCHEMATRON={value} has no 2.1/xsl/Audio.xsl"
    try:
        import saxonche  # noqa: F401
    except ImportError:
        return None, "saxonche is not installed (pip install -e '.[test]')"
    return folder, ""


@functools.cache
def _processor():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _executable(xsl: str):
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=xsl)


def official_rules(xsl_dir: Path, sheet: str, document: Path) -> set[str]:
    """The official rule ids (``1001-1``, ``G.3``) that DDEX's XSLT reports for a document."""
    svrl = _executable(str(xsl_dir / f"{sheet}.xsl")).transform_to_string(source_file=str(document))
    tree = etree.fromstring(svrl.encode())
    found = set()
    for node in tree.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text = " ".join("".join(node.itertext()).split())
        match = _RULE_RE.search(text)
        if match:
            found.add(match.group(1) or match.group(2))
    return found
