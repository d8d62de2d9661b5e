"""Elements that several rules look for anywhere in a message, found once per file.

A walk of the tree runs in libxml2 and costs a few microseconds on a delivery; what costs is
making Python objects of the matches. Elements that are rare in a delivery (identifiers,
cues, chapters, physical deal terms) are found together in one walk when a rule first asks
for one of them; any other name gets a walk of its own, once; every rule shares the matches.
"""

from __future__ import annotations

RARE = frozenset(
    """ICPN ISNI GRid SICI ISSN ISBN VISAN ISAN ISMN ISWC PartyId Cue Chapter CueSheet
    ChapterReference CueSheetReference RightSharePercentage ResourceRightsController
    PriceInformation CarrierType PhysicalReturns NumberOfProductsPerCarton
    BulkOrderWholesalePricePerUnit""".split()  # noqa: SIM905  (a list of names)
)


def elements(message, tag: str) -> list:
    """Every element named ``tag`` in the message, in document order."""
    index = message.memo.get("index")
    if index is None:
        index = message.memo["index"] = {name: [] for name in RARE}
        for el in message.root.iter(*RARE):
            index[el.tag].append(el)
    found = index.get(tag)
    if found is None:
        found = index[tag] = list(message.root.iter(tag))
    return found
