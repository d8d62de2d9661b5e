"""Message-local references and the anchors they point to, per ERN version.

Which elements are references comes from each version's XSD (``reference_table``, generated
and checked against the XSDs by a test): an ``xs:IDREF`` restriction whose pattern starts
with the anchor's letter (``P`` party, ``A`` resource, ``R`` release, ...).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ddex_ai.model.index import elements
from ddex_ai.model.reference_table import ANCHORS, REFERENCES
from ddex_ai.versions import ErnVersion

# What each anchor letter names, for messages.
ANCHOR_NAMES: dict[str, str] = {
    "P": "PartyList/Party/PartyReference",
    "A": "ResourceList/*/ResourceReference",
    "R": "ReleaseList/*/ReleaseReference",
    "X": "ChapterReference",
    "Q": "CueSheetReference",
    "T": "TechnicalResourceDetailsReference",
    "V": "DealList/*/VisibilityReference",
    "W": "MusicalWorkReference",
    "S": "RightShareReference",
}


def table_version(version: ErnVersion) -> str:
    """The version whose XSD table applies: itself, else the nearest one of its major
    version with an XSD (4.3.1 has no public XSD: 4.3.2's, its successor, applies)."""
    if version.label in REFERENCES:
        return version.label
    if version.major == 3:
        return "3.8.2"
    return "4.3.2" if version.key >= (4, 3) else "4.1"


def reference_tags(version: ErnVersion) -> dict[str, str]:
    """Reference element -> letter of the anchor it targets."""
    return REFERENCES[table_version(version)]


def anchor_tags(version: ErnVersion) -> dict[str, str]:
    """Anchor element -> its letter."""
    return ANCHORS[table_version(version)]


def anchor_values(message) -> dict[str, set[str]]:
    """Letter -> the values of the anchors of that letter the message defines."""
    anchors = anchor_tags(message.version)
    found: dict[str, set[str]] = {letter: set() for letter in anchors.values()}
    for tag, letter in anchors.items():
        found[letter].update((el.text or "").strip() for el in elements(message, tag))
    return found


def reference_elements(
    root: etree._Element, version: ErnVersion
) -> Iterator[tuple[etree._Element, str]]:
    """Every reference element, with the letter of the anchor it targets, in document order."""
    tags = reference_tags(version)
    for el in root.iter(*tags):
        yield el, tags[el.tag]  # tags are unqualified in ERN


def reference_index(message) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The values the references of each letter name, and the values of the anchors of each
    letter: computed once per message for REF001 and the release-profile rules G.1-G.5.

    Values only, not elements: a large box set has hundreds of thousands of references, and
    keeping an element object for each cost 68 MB on a 51 MB file. The rare file with a
    dangling reference walks them again to say where it is (``reference_elements``).
    """
    found = message.memo.get("references")
    if found is None:
        tags = reference_tags(message.version)
        referenced: dict[str, set[str]] = {}
        for el in message.root.iter(*tags):
            referenced.setdefault(tags[el.tag], set()).add((el.text or "").strip())
        found = message.memo["references"] = (referenced, anchor_values(message))
    return found
