"""What a message says about each release, in terms that do not depend on its ERN 4.x
version: the upgrade compares it before and after and writes nothing when it differs."""

from __future__ import annotations

from lxml import etree

_RELEASES = ("Release", "TrackRelease", "ClipRelease")
# What the upgrade keeps of a title: a display title stays one; any other title (4.3's
# AdditionalTitle, 4.3.2's FormalTitle and GroupingTitle) stays a title other than it.
_TITLE_KINDS = {
    "DisplayTitleText": "display text",
    "DisplayTitle": "display",
    "AdditionalTitle": "other",
    "FormalTitle": "other",
    "GroupingTitle": "other",
}


def _text(node) -> str:
    return (node.text or "").strip() if node is not None else ""


def _titles(release, skip) -> list[tuple[str, str, str, str]]:
    found = []
    for child in release:
        if child.tag not in _TITLE_KINDS or (child.sourceline, child.tag) in skip:
            continue
        text = _text(child) if child.tag == "DisplayTitleText" else _text(child.find("TitleText"))
        subtitles = " / ".join(_text(s) for s in child.iterfind("SubTitle"))
        territory = child.get("ApplicableTerritoryCode") or ""
        found.append((_TITLE_KINDS[child.tag], text, subtitles, territory))
    return found


def _deals(root) -> dict[str, list[tuple]]:
    by_release: dict[str, list[tuple]] = {}
    for release_deal in root.iterfind("DealList/ReleaseDeal"):
        terms = []
        for deal in release_deal.iterfind("Deal"):
            for deal_terms in deal.iterfind("DealTerms"):
                terms.append(
                    (
                        tuple(_text(t) for t in deal_terms.iterfind("TerritoryCode")),
                        tuple(_text(t) for t in deal_terms.iterfind("ExcludedTerritoryCode")),
                        tuple(_text(t) for t in deal_terms.iter("UseType")),
                        tuple(_text(t) for t in deal_terms.iter("CommercialModelType")),
                        tuple(_text(t) for t in deal_terms.iter("StartDate")),
                    )
                )
        for reference in release_deal.iterfind("DealReleaseReference"):
            by_release.setdefault(_text(reference), []).extend(terms)
    return by_release


def release_summary(root: etree._Element, skip: set[tuple[int, str]] = frozenset()) -> list[dict]:
    """Per release: reference, ids, titles, display artists, genres and deal terms; ``skip``:
    (line, tag) of elements left out (those an upgrade was allowed to drop)."""
    deals = _deals(root)
    summary = []
    for release in root.iterfind("ReleaseList/*"):
        if release.tag not in _RELEASES:
            continue
        reference = _text(release.find("ReleaseReference"))
        release_id = release.find("ReleaseId")
        summary.append(
            {
                "kind": release.tag,
                "reference": reference,
                "ids": [
                    (c.tag, _text(c), sorted(c.attrib.items()))
                    for c in (release_id if release_id is not None else ())
                    if isinstance(c.tag, str)
                ],
                "titles": _titles(release, skip),
                "artist_names": [_text(n) for n in release.iterfind("DisplayArtistName")],
                "artists": [
                    (
                        _text(a.find("ArtistPartyReference")),
                        _text(a.find("DisplayArtistRole")),
                        a.get("SequenceNumber"),
                    )
                    for a in release.iterfind("DisplayArtist")
                ],
                "genres": [
                    (_text(g.find("GenreText")), _text(g.find("SubGenre")))
                    for g in release
                    if g.tag in ("Genre", "DisplayGenre")
                ],
                "deals": deals.get(reference, []),
            }
        )
    return summary
