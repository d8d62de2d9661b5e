"""Message-local references (``…Reference`` elements) and the anchors they point to."""

from __future__ import annotations

from lxml import etree

from ddex_ai.model.types import Reference
from ddex_ai.model.xml import text

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

# Anchor kind -> (list element, anchor element) below the root.
ANCHORS: dict[str, tuple[str, str]] = {
    "party": ("PartyList/Party", "PartyReference"),
    "resource": ("ResourceList/*", "ResourceReference"),
    "release": ("ReleaseList/*", "ReleaseReference"),
}


def collect_references(root: etree._Element) -> list[Reference]:
    """Every reference element in document order."""
    found = []
    for el in root.iter(*REFERENCE_TARGETS):
        name = el.tag  # unqualified in ERN
        found.append(
            Reference(el, element=name, target=REFERENCE_TARGETS[name], value=text(el) or "")
        )
    return found


def collect_anchors(root: etree._Element) -> dict[str, set[str]]:
    """Anchors defined in the message, by kind: ``{"party": {"P1", …}, …}``."""
    return {
        kind: {value for h in root.findall(holder) if (value := text(h.find(anchor))) is not None}
        for kind, (holder, anchor) in ANCHORS.items()
    }
