"""Build the model from an ERN 4.x message (PartyList, flat resources and releases)."""

from __future__ import annotations

from lxml import etree

from ddex_ai.model.types import (
    Contributor,
    Deal,
    DisplayArtist,
    Message,
    Party,
    Release,
    Resource,
    Role,
)
from ddex_ai.model.xml import child_text, ids_of, preferred, text

RELEASE_KINDS = ("Release", "TrackRelease", "ClipRelease")


def fill(message: Message) -> None:
    root = message.root
    for el in root.iterfind("PartyList/Party"):
        party = _party(el)
        if party.reference:
            message.parties[party.reference] = party
    for el in root.iterfind("ResourceList/*"):
        if isinstance(el.tag, str):
            resource = _resource(el, message.parties)
            if resource.reference:
                message.resources.setdefault(resource.reference, resource)
    for el in root.iterfind("ReleaseList/*"):
        if el.tag in RELEASE_KINDS:
            message.releases.append(_release(el, message))
    for deal_group in root.iterfind("DealList/ReleaseDeal"):
        release_refs = [v for r in deal_group.iterfind("DealReleaseReference") if (v := text(r))]
        for el in deal_group.iterfind("Deal"):
            message.deals.append(_deal(el, release_refs))


def _party(el: etree._Element) -> Party:
    name_el = preferred(el.iterfind("PartyName"))
    return Party(
        el,
        reference=child_text(el, "PartyReference"),
        name=child_text(name_el, "FullName") if name_el is not None else None,
    )


def _roles(el: etree._Element) -> list[Role]:
    roles = []
    for role in el.iterfind("Role"):
        value_el = role.find("Value")  # 4.3.1+: <Role><Value>…</Value></Role>
        source = value_el if value_el is not None else role
        value = text(source)
        if value:
            roles.append(Role(value, source.get("UserDefinedValue")))
    return roles


def _contributor(el: etree._Element, parties: dict[str, Party]) -> Contributor:
    reference = child_text(el, "ContributorPartyReference")
    party = parties.get(reference) if reference else None
    return Contributor(
        el,
        party_reference=reference,
        special=child_text(el, "SpecialContributor"),
        name=party.name if party else None,
        roles=_roles(el),
        ai_contribution=child_text(el, "AiContribution"),
        element=etree.QName(el).localname,
    )


def display_artists(el: etree._Element, parties: dict[str, Party]) -> list[DisplayArtist]:
    artists = []
    for artist in el.iterfind("DisplayArtist"):
        reference = child_text(artist, "ArtistPartyReference")
        party = parties.get(reference) if reference else None
        artists.append(
            DisplayArtist(
                artist,
                party_reference=reference,
                special=child_text(artist, "SpecialDisplayArtist"),
                name=party.name if party else None,
            )
        )
    return artists


def _title(el: etree._Element) -> str | None:
    title = text(preferred(el.iterfind("DisplayTitleText")))
    if title is None:
        display = preferred(el.iterfind("DisplayTitle"))
        title = child_text(display, "TitleText") if display is not None else None
    return title


def _artist(el: etree._Element, artists: list[DisplayArtist]) -> str | None:
    name = text(preferred(el.iterfind("DisplayArtistName")))
    if name is None:
        names = [a.name or a.special for a in artists if a.name or a.special]
        name = ", ".join(names) or None
    return name


def _resource(el: etree._Element, parties: dict[str, Party]) -> Resource:
    artists = display_artists(el, parties)
    contains_ai_el = el.find("ContainsAI")
    contributors = [_contributor(c, parties) for c in el.iterfind("Contributor")]
    contributors += [_contributor(c, parties) for c in el.iterfind("*/EditionContributor")]
    # 4.3+ keeps ids in each edition; 4.1/4.2 directly on the resource.
    id_els = el.findall("ResourceId") + el.findall("*/ResourceId")
    return Resource(
        el,
        kind=etree.QName(el).localname,
        type=child_text(el, "Type"),
        reference=child_text(el, "ResourceReference"),
        ids=ids_of(id_els),
        title=_title(el),
        artist=_artist(el, artists),
        contains_ai=text(contains_ai_el),
        contains_ai_el=contains_ai_el,
        contributors=contributors,
        display_artists=artists,
    )


def _release(el: etree._Element, message: Message) -> Release:
    artists = display_artists(el, message.parties)
    contains_ai_el = el.find("ContainsAI")
    refs: list[str] = []
    for ref in el.iter("ReleaseResourceReference", "LinkedReleaseResourceReference"):
        value = text(ref)
        if value and value not in refs:
            refs.append(value)
    release = Release(
        el,
        kind=el.tag,
        reference=child_text(el, "ReleaseReference"),
        ids=ids_of(el.findall("ReleaseId")),
        title=_title(el),
        artist=_artist(el, artists),
        release_types=[t for r in el.iterfind("ReleaseType") if (t := text(r))],
        contains_ai=text(contains_ai_el),
        contains_ai_el=contains_ai_el,
        resource_refs=refs,
        display_artists=artists,
    )
    if release.kind != "Release":
        _describe_from_primary_resource(release, el, message)
    return release


def _describe_from_primary_resource(release: Release, el: etree._Element, message: Message) -> None:
    """A TrackRelease or ClipRelease is described by the one resource it releases."""
    primary = message.resources.get(child_text(el, "ReleaseResourceReference") or "")
    if primary is None:
        return
    release.title = release.title or primary.title
    release.artist = release.artist or primary.artist
    if "ISRC" in primary.ids and "ISRC" not in release.ids:
        release.ids["ISRC"] = primary.ids["ISRC"]


def _deal(el: etree._Element, release_refs: list[str]) -> Deal:
    terms = el.find("DealTerms")
    if terms is None:
        return Deal(el, release_refs=release_refs)
    return Deal(
        el,
        release_refs=release_refs,
        use_types=[v for u in terms.iterfind("UseType") if (v := text(u))],
        territories=[v for t in terms.iterfind("TerritoryCode") if (v := text(t))],
        excluded_territories=[v for t in terms.iterfind("ExcludedTerritoryCode") if (v := text(t))],
    )
