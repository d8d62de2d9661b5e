"""Find the deals that grant AI-training use, the only deals the rules and summary read.

A back catalogue's deals are thousands of elements a file; modelling each costs more than the
XSD check of it. libxml2 finds the few ``UseType`` elements naming a training use (an XPath
compiled once, evaluated in C), and only their deals become Python objects.
"""

from __future__ import annotations

from lxml import etree

from ddex_ai.model.types import TRAINING_USE_TYPES, Deal
from ddex_ai.model.xml import text

# normalize-space: as ``text`` does, a value with surrounding blanks still counts.
_TRAINING = " or ".join(f"normalize-space()='{u}'" for u in TRAINING_USE_TYPES)
# The deal terms' use types, where each major version keeps them.
_FIND = {
    3: etree.XPath(f"DealList/ReleaseDeal/Deal/DealTerms/Usage/UseType[{_TRAINING}]"),
    4: etree.XPath(f"DealList/ReleaseDeal/Deal/DealTerms/UseType[{_TRAINING}]"),
}
_USE_TYPES = {3: "DealTerms/Usage/UseType", 4: "DealTerms/UseType"}


def training_deals(root: etree._Element, major: int) -> list[Deal]:
    """Every deal whose terms name a training use type, in document order, each once."""
    deals: dict[etree._Element, None] = {}
    for use_type in _FIND[major](root):
        terms = use_type.getparent()
        deals[terms.getparent() if major == 4 else terms.getparent().getparent()] = None
    return [_deal(el, major) for el in deals]


def _deal(el: etree._Element, major: int) -> Deal:
    release_refs = [
        v for r in el.getparent().iterchildren("DealReleaseReference") if (v := text(r))
    ]
    use_types = [v for u in el.iterfind(_USE_TYPES[major]) if (v := text(u))]
    return Deal(el, release_refs=release_refs, use_types=use_types)
