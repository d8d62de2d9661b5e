"""Build the model from an ERN 3.x message (no PartyList; details sit per territory)."""

from __future__ import annotations

from lxml import etree

from ddex_ai.model.deals import training_deals
from ddex_ai.model.types import Contributor, DisplayArtist, Message, Release, Resource, Role
from ddex_ai.model.xml import child_text, ids_of, text


def fill(message: Message) -> None:
    root = message.root
    for el in root.iterfind("ResourceList/*"):
        if isinstance(el.tag, str):
            resource = _resource(el)
            if resource.reference:
                message.resources.setdefault(resource.reference, resource)
    for el in root.iterfind("ReleaseList/Release"):
        message.releases.append(_release(el))
    message.deals = training_deals(root, 3)


def _details(el: etree._Element) -> etree._Element | None:
    """The worldwide ``…DetailsByTerritory`` block, else the first one."""
    blocks = [c for c in el if isinstance(c.tag, str) and c.tag.endswith("DetailsByTerritory")]
    for block in blocks:
        if any(text(t) == "Worldwide" for t in block.iterfind("TerritoryCode")):
            return block
    return blocks[0] if blocks else None


def _display_title(el: etree._Element, details: etree._Element | None) -> str | None:
    if details is not None:
        for title in details.iterfind("Title"):
            if title.get("TitleType") == "DisplayTitle" and child_text(title, "TitleText"):
                return child_text(title, "TitleText")
    reference_title = el.find("ReferenceTitle")
    return child_text(reference_title, "TitleText") if reference_title is not None else None


def _party_name(el: etree._Element) -> str | None:
    name = el.find("PartyName")
    return child_text(name, "FullName") if name is not None else None


def _display_artists(details: etree._Element | None) -> list[DisplayArtist]:
    if details is None:
        return []
    return [DisplayArtist(a, name=_party_name(a)) for a in details.iterfind("DisplayArtist")]


def _artist(details: etree._Element | None, artists: list[DisplayArtist]) -> str | None:
    name = child_text(details, "DisplayArtistName") if details is not None else None
    return name or ", ".join(a.name for a in artists if a.name) or None


def _contributors(details: etree._Element | None) -> list[Contributor]:
    if details is None:
        return []
    found = []
    for el in details.iterfind("ResourceContributor"):
        roles = [
            Role(v, r.get("UserDefinedValue"))
            for r in el.iterfind("ResourceContributorRole")
            if (v := text(r))
        ]
        found.append(
            Contributor(el, name=_party_name(el), roles=roles, element="ResourceContributor")
        )
    return found


def _resource(el: etree._Element) -> Resource:
    details = _details(el)
    artists = _display_artists(details)
    flag_el = el.find("IsComputerGenerated")
    flag = text(flag_el)
    return Resource(
        el,
        kind=el.tag,
        type=child_text(el, el.tag + "Type"),  # SoundRecordingType, ImageType, …
        reference=child_text(el, "ResourceReference"),
        ids=ids_of(el.findall(el.tag + "Id")),  # SoundRecordingId, VideoId, ImageId, …
        title=_display_title(el, details),
        artist=_artist(details, artists),
        is_computer_generated=None if flag is None else flag in ("true", "1"),
        is_computer_generated_el=flag_el,
        contributors=_contributors(details),
        display_artists=artists,
    )


def _release(el: etree._Element) -> Release:
    details = _details(el)
    artists = _display_artists(details)
    refs = {
        v: None
        for r in el.iter("ReleaseResourceReference", "LinkedReleaseResourceReference")
        if (v := text(r))
    }
    return Release(
        el,
        kind="Release",
        reference=child_text(el, "ReleaseReference"),
        ids=ids_of(el.findall("ReleaseId")),
        title=_display_title(el, details),
        artist=_artist(details, artists),
        release_types=[t for r in el.iterfind("ReleaseType") if (t := text(r))],
        resource_refs=list(refs),
        display_artists=artists,
    )
