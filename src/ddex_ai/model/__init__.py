"""The model of what rules need, built once per file from the parsed message."""

from __future__ import annotations

from lxml import etree

from ddex_ai.model import ern3, ern4
from ddex_ai.model.references import collect_anchors, collect_references
from ddex_ai.model.types import (
    Contributor,
    Deal,
    DisplayArtist,
    Message,
    Party,
    Reference,
    Release,
    Resource,
    Role,
)
from ddex_ai.model.xml import path_of
from ddex_ai.versions import ErnVersion

__all__ = [
    "Contributor",
    "Deal",
    "DisplayArtist",
    "Message",
    "Party",
    "Reference",
    "Release",
    "Resource",
    "Role",
    "build_message",
    "owner_key",
]


def build_message(tree: etree._ElementTree, version: ErnVersion, message_type: str) -> Message:
    root = tree.getroot()
    message = Message(version=version, message_type=message_type, root=root)
    if message.carries_resources:
        (ern3 if version.major == 3 else ern4).fill(message)
    message.references = collect_references(root)
    message.anchors = collect_anchors(root)
    _index_owners(message)
    return message


def owner_key(path: str) -> str:
    """The part of a path that names a top-level list entry: ``/Root/ResourceList/X[2]``."""
    return "/".join(path.split("/", 4)[:4])


def _index_owners(message: Message) -> None:
    for resource in message.resources.values():
        message.owners[owner_key(resource.path)] = (None, resource.reference)
    for release in message.releases:
        message.owners[owner_key(release.path)] = (release.reference, None)
    known = {r.reference for r in message.releases}
    for deal_group in message.root.iterfind("DealList/ReleaseDeal"):
        refs = {r.text.strip() for r in deal_group.iterfind("DealReleaseReference") if r.text}
        # A deal for one (existing) release concerns it; one for several stays file-level.
        if len(refs) == 1 and (release := refs.pop()) in known:
            message.owners[owner_key(path_of(deal_group))] = (release, None)
