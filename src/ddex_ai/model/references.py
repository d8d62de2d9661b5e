"""Message-local references (``…Reference`` elements) and the anchors they point to."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

# Reference element -> kind of anchor it must match.
REFERENCE_TARGETS: dict[str, str] = {
    "ContributorPartyReference": "party",
    "ArtistPartyReference": "party",
    "ReleaseLabelReference": "party",
    "RightsControllerPartyReference": "party",
    "RecordCompanyPartyReference": "party",
    "ReleaseResourceReference": "resource",
    "LinkedReleaseResourceReference": "resource",
    "DealResourceReference": "resource",
    "DealReleaseReference": "release",
}

# Anchor kind -> the element that defines it, for messages.
ANCHOR_ELEMENTS: dict[str, str] = {
    "party": "PartyList/Party/PartyReference",
    "resource": "ResourceList/*/ResourceReference",
    "release": "ReleaseList/*/ReleaseReference",
}


def reference_elements(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Every reference element, with the kind of anchor it targets, in document order."""
    for el in root.iter(*REFERENCE_TARGETS):
        yield el, REFERENCE_TARGETS[el.tag]  # tags are unqualified in ERN
