"""The model of what rules need, built once per file from the parsed message."""

from __future__ import annotations

from lxml import etree

from ddex_ai.model import ern3, ern4
from ddex_ai.model.types import (
    Contributor,
    Deal,
    DisplayArtist,
    Message,
    Party,
    Release,
    Resource,
    Role,
    owner_key,
)
from ddex_ai.versions import ErnVersion

__all__ = [
    "Contributor",
    "Deal",
    "DisplayArtist",
    "Message",
    "Party",
    "Release",
    "Resource",
    "Role",
    "build_message",
    "owner_key",
]


def build_message(tree: etree._ElementTree, version: ErnVersion, message_type: str) -> Message:
    message = Message(version=version, message_type=message_type, root=tree.getroot())
    if message.carries_resources:
        (ern3 if version.major == 3 else ern4).fill(message)
    return message
