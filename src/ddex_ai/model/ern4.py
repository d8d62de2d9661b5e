"""Build the model from an ERN 4.x message (PartyList, flat resources and releases).

Each element's children are grouped by tag in one pass, then looked up: on a catalogue
audit this module runs for every file, and lxml's ``find`` costs a microsecond per call.
"""

from __future__ import annotations

from sys import intern

from lxml import etree

from ddex_ai.model.deals import training_deals
from ddex_ai.model.types import (
    Contributor,
    DisplayArtist,
    Message,
    Party,
    Release,
    Resource,
    Role,
)
from ddex_ai.model.xml import ids_of, preferred, text

RELEASE_KINDS = ("Release", "TrackRelease", "ClipRelease")
_EDITIONS = ("SoundRecordingEdition", "VideoEdition")


def fill(message: Message) -> None:
    lists = {child.tag: child for child in message.root if child.tag.__class__ is str}
    parties = message.parties
    for el in _children(lists.get("PartyList"), "Party"):
        party = _party(el)
        if party.reference:
            parties[party.reference] = party
    resource_list = lists.get("ResourceList")
    for el in resource_list if resource_list is not None else ():
        if el.tag.__class__ is str:
            resource = _resource(el, parties)
            if resource.reference:
                message.resources.setdefault(resource.reference, resource)
    for el in _children(lists.get("ReleaseList"), *RELEASE_KINDS):
        message.releases.append(_release(el, message))
    message.deals = training_deals(message.root, 4)


def _children(el: etree._Element | None, *tags: str):
    return el.iterchildren(*tags) if el is not None else ()


def _groups(el: etree._Element) -> dict:
    """The element's children by tag, in document order: one pass, then plain lookups."""
    groups: dict = {}
    for child in el:
        groups.setdefault(child.tag, []).append(child)
    return groups


def _first_text(groups: dict, tag: str) -> str | None:
    found = groups.get(tag)
    return text(found[0]) if found else None


def _party(el: etree._Element) -> Party:
    groups = _groups(el)
    name_el = preferred(groups.get("PartyName", ()))
    name = text(next(name_el.iterchildren("FullName"), None)) if name_el is not None else None
    return Party(el, _first_text(groups, "PartyReference"), name)


def _interned(el: etree._Element) -> str | None:
    """``text``, as one string per value: roles, party references and such repeat on every
    track of an album, and a 51 MB one kept 14 MB of copies."""
    value = text(el)
    return intern(value) if value else value


def _role(el: etree._Element) -> Role | None:
    value_el = next(el.iterchildren("Value"), None)  # 4.3.1+: <Role><Value>…</Value></Role>
    source = value_el if value_el is not None else el
    value = text(source)
    return Role(intern(value), source.get("UserDefinedValue")) if value else None


def _contributor(el: etree._Element, parties: dict[str, Party]) -> Contributor:
    # The most numerous element of a delivery: read in one loop, without grouping.
    reference = special = ai = None
    roles = []
    for child in el:
        tag = child.tag
        if tag == "Role":
            if role := _role(child):
                roles.append(role)
        elif tag == "ContributorPartyReference":
            reference = _interned(child)
        elif tag == "SpecialContributor":
            special = _interned(child)
        elif tag == "AiContribution":
            ai = _interned(child)
    party = parties.get(reference) if reference else None
    return Contributor(
        el,
        party_reference=reference,
        special=special,
        name=party.name if party else None,
        roles=roles,
        ai_contribution=ai,
        element=el.tag,
    )


def _display_artist(el: etree._Element, parties: dict[str, Party]) -> DisplayArtist:
    groups = _groups(el)
    reference = _first_text(groups, "ArtistPartyReference")
    party = parties.get(reference) if reference else None
    special = _first_text(groups, "SpecialDisplayArtist")
    return DisplayArtist(el, reference, special, party.name if party else None)


def _title(groups: dict) -> str | None:
    title = text(preferred(groups.get("DisplayTitleText", ())))
    if title is None and "DisplayTitle" in groups:
        display = preferred(groups["DisplayTitle"])
        title = text(next(display.iterchildren("TitleText"), None))
    return title


def _artist(groups: dict, artists: list[DisplayArtist]) -> str | None:
    name = text(preferred(groups.get("DisplayArtistName", ())))
    if name is None:
        names = [a.name or a.special for a in artists if a.name or a.special]
        name = ", ".join(names) or None
    return name


def _resource(el: etree._Element, parties: dict[str, Party]) -> Resource:
    groups = _groups(el)
    artists = [_display_artist(a, parties) for a in groups.get("DisplayArtist", ())]
    contributors = [_contributor(c, parties) for c in groups.get("Contributor", ())]
    id_els = list(groups.get("ResourceId", ()))  # 4.1/4.2, Image, Text
    for tag in _EDITIONS:  # 4.3+ keeps ids and EditionContributors in each edition
        for edition in groups.get(tag, ()):
            for part in edition.iterchildren("ResourceId", "EditionContributor"):
                if part.tag == "ResourceId":
                    id_els.append(part)
                else:
                    contributors.append(_contributor(part, parties))
    contains_ai = groups.get("ContainsAI")
    return Resource(
        el,
        kind=el.tag,
        type=_interned(groups["Type"][0]) if "Type" in groups else None,
        reference=_first_text(groups, "ResourceReference"),
        ids=ids_of(id_els),
        title=_title(groups),
        artist=_artist(groups, artists),
        contains_ai=_interned(contains_ai[0]) if contains_ai else None,
        contains_ai_el=contains_ai[0] if contains_ai else None,
        contributors=contributors,
        display_artists=artists,
    )


def _release(el: etree._Element, message: Message) -> Release:
    groups = _groups(el)
    artists = [_display_artist(a, message.parties) for a in groups.get("DisplayArtist", ())]
    refs: dict[str, None] = {}  # ordered, each once
    for group in groups.get("ResourceGroup", ()):
        for ref in group.iter("ReleaseResourceReference", "LinkedReleaseResourceReference"):
            refs[text(ref) or ""] = None
    primary = _first_text(groups, "ReleaseResourceReference")  # TrackRelease, ClipRelease
    refs[primary or ""] = None
    for linked in groups.get("LinkedReleaseResourceReference", ()):
        refs[text(linked) or ""] = None
    contains_ai = groups.get("ContainsAI")
    release = Release(
        el,
        kind=el.tag,
        reference=_first_text(groups, "ReleaseReference"),
        ids=ids_of(groups.get("ReleaseId", ())),
        title=_title(groups),
        artist=_artist(groups, artists),
        release_types=[t for r in groups.get("ReleaseType", ()) if (t := text(r))],
        contains_ai=_interned(contains_ai[0]) if contains_ai else None,
        contains_ai_el=contains_ai[0] if contains_ai else None,
        resource_refs=[ref for ref in refs if ref],
        display_artists=artists,
    )
    if primary is not None:
        _describe_from_primary_resource(release, message.resources.get(primary))
    return release


def _describe_from_primary_resource(release: Release, primary: Resource | None) -> None:
    """A TrackRelease or ClipRelease is described by the one resource it releases."""
    if primary is None:
        return
    release.title = release.title or primary.title
    release.artist = release.artist or primary.artist
    if "ISRC" in primary.ids and "ISRC" not in release.ids:
        release.ids["ISRC"] = primary.ids["ISRC"]
