"""How rules locate what they find: at an element of the model, or at the message itself."""

from __future__ import annotations

from ddex_ai.findings import Hit
from ddex_ai.model import Message, Release, Resource
from ddex_ai.model.xml import path_of


def hit_at(
    el,
    message: str,
    resource: Resource | None = None,
    release: Release | None = None,
    kinds: tuple[str, ...] = (),
) -> Hit:
    """A hit at an element (``el`` of a model node, or one of its children), naming the
    resource and release it concerns; ``kinds`` defaults to the resource's kind."""
    return Hit(
        message,
        line=el.sourceline,
        path=path_of(el),
        resource=resource.reference if resource else None,
        release=release.reference if release else None,
        resource_kinds=kinds or ((resource.kind,) if resource else ()),
    )


def hit_at_message(message: Message, text: str) -> Hit:
    """A hit about the whole message, at its root element."""
    return Hit(text, line=message.root.sourceline, path="/" + message.message_type)
