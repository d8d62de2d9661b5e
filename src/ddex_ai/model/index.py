"""Elements that several rules look for anywhere in a message, found once per file.

A walk of the tree runs in libxml2 and costs a few microseconds on a delivery; what costs is
walking it once per name and making Python objects of the matches. The first request of a
file walks the tree once for every name asked for so far in this process (the rules ask for
the same names in every file), so from the second file on one walk serves all the rules; a
name first asked for later gets a walk of its own, once, and joins the next file's walk.
"""

from __future__ import annotations

# Names asked for in this process, in the order first asked; seeded with the rare elements
# several rules share (identifiers, cues, chapters, physical deal terms).
_ASKED: dict[str, None] = dict.fromkeys(
    """ICPN ISNI GRid SICI ISSN ISBN VISAN ISAN ISMN ISWC PartyId Cue Chapter CueSheet
    ChapterReference CueSheetReference RightSharePercentage ResourceRightsController
    PriceInformation CarrierType PhysicalReturns NumberOfProductsPerCarton
    BulkOrderWholesalePricePerUnit""".split()  # noqa: SIM905  (a list of names)
)


def elements(message, tag: str) -> list:
    """Every element named ``tag`` in the message, in document order."""
    index = message.memo.get("index")
    if index is None:
        index = message.memo["index"] = {name: [] for name in _ASKED}
        for el in message.root.iter(*index):
            index[el.tag].append(el)
    found = index.get(tag)
    if found is None:
        found = index[tag] = list(message.root.iter(tag))
        _ASKED[tag] = None
    return found
