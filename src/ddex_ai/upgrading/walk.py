"""Carry a message's tree from one ERN version's types to the next's, element by element.

Each element is walked with its type in both versions (from the XSDs' tables), so what is
renamed, wrapped or lost is decided by where it stands, not by its name alone: ``Genre``
becomes ``DisplayGenre`` in a ``Release`` and stays ``Genre`` in a ``SoundRecording``.
Whatever has no place in the target is a loss; the caller writes nothing then."""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from ddex_ai.upgrading.ern43 import Mapping
from ddex_ai.upgrading.xsd_tables import ComplexType, XsdTables

_DECLARATION = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


class TreeWalk:
    def __init__(
        self,
        old: XsdTables,
        new: XsdTables,
        mapping: Mapping,
        *,
        untyped: str = "auto",
        allow_loss: bool = False,
    ) -> None:
        self.old, self.new, self.mapping = old, new, mapping
        self.untyped = untyped  # "auto": as Mapping.split_untyped says; "refuse": a loss
        self.allow_loss = allow_loss  # drop what has no place (kept as a comment) and go on
        self.changes: Counter[str] = Counter()
        self.losses: list[str] = []
        self.dropped: set[tuple[int, str]] = set()  # (line, tag) of elements dropped

    def run(self, root: etree._Element) -> None:
        name = etree.QName(root).localname
        old_key, new_key = self.old.roots.get(name), self.new.roots.get(name)
        if old_key is None or new_key is None:
            self._lose(root, f"ERN {self.mapping.target} has no message {name}")
            return
        self.element(root, old_key, new_key)

    def _lose(self, element: etree._Element, what: str) -> None:
        where = element.getroottree().getpath(element)
        self.losses.append(f"line {element.sourceline}: {where}: {what}")

    def _drop(self, element: etree._Element, what: str) -> None:
        """An element with no place in the target: a loss, or with ``allow_loss`` a comment
        holding it, so that a person can still find what was there."""
        self._lose(element, what)
        if not self.allow_loss or element.getparent() is None:
            return
        self.dropped.add((element.sourceline, element.tag))
        written = etree.tostring(element, with_tail=False, encoding="unicode")
        written = " ".join(_DECLARATION.sub("", written).split()).replace("--", "- -")
        note = etree.Comment(f" ddex-ai upgrade: no place in ERN {self.mapping.target}: {written} ")
        note.tail = element.tail
        element.getparent().replace(element, note)

    def element(self, element: etree._Element, old_key: str, new_key: str) -> None:
        old_type, new_type = self.old.types.get(old_key), self.new.types.get(new_key)
        if old_type is None or new_type is None:  # a simple type: only its value can change
            if old_type is None and new_type is None:
                element.text = self.value(element, element.text, old_key, new_key, "its value")
            else:
                self._lose(element, f"its content changed shape ({old_key} -> {new_key})")
            return
        if old_type.simple_base and not new_type.simple_base:
            self._wrap(element, old_type, new_type, (old_key, new_key))
            return
        self.attributes(element, old_type, new_type, (old_key, new_type.name))
        if old_type.simple_base:
            element.text = self.value(
                element, element.text, old_type.simple_base, new_type.simple_base, "its value"
            )
        renamed = False
        for child in list(element):  # a dropped child is replaced while walking
            if isinstance(child.tag, str):
                renamed = self.child(child, old_type, new_type) or renamed
        if renamed:
            reorder(element, new_type.order)

    def child(self, child: etree._Element, old_type: ComplexType, new_type: ComplexType) -> bool:
        """Walk one child; True when it was renamed (its parent may need reordering)."""
        name, how = child.tag, ""
        old_key = old_type.children.get(name)
        if old_key is None:
            self._lose(child, f"{name} is not an element of {old_type.name} in the source XSD")
            return False
        target = name
        if name in self.mapping.split_by_attribute:
            attribute, choices = self.mapping.split_by_attribute[name]
            value = child.get(attribute)
            target = choices.get(value) if value else self._untyped(name, old_type.name)
            if target is None:
                shown = f"{attribute}={value!r}" if value else f"no {attribute}"
                self._drop(
                    child,
                    f"{name} with {shown} has no equivalent in ERN {self.mapping.target} "
                    f"(only {' and '.join(sorted(set(choices.values())))})",
                )
                return False
            if value:
                del child.attrib[attribute]
                how = f" {attribute}={value}"
            else:
                how = f" without {attribute}"
        elif name not in new_type.children and name in self.mapping.element_renames:
            target = self.mapping.element_renames[name]
        new_key = new_type.children.get(target)
        if new_key is None:
            self._drop(child, f"ERN {self.mapping.target} has no {name} in {new_type.name}")
            return False
        if target != name:
            child.tag = target
            self.changes[f"{name}{how} -> {target} (in {old_type.name})"] += 1
        self.element(child, old_key, new_key)
        return target != name

    def _untyped(self, name: str, parent: str) -> str | None:
        if self.untyped != "auto":
            return None
        choices = self.mapping.split_untyped.get(name, {})
        return choices.get(parent) or choices.get("*")

    def attributes(
        self,
        element: etree._Element,
        old_type: ComplexType,
        new_type: ComplexType,
        pair: tuple[str, str],
    ) -> None:
        renames = self.mapping.attribute_renames.get(pair, {})
        for name, value in list(element.attrib.items()):
            if name.startswith("{"):  # xsi: and other namespaced attributes are not ERN's
                continue
            target = renames.get(name, name)
            if target not in new_type.attributes:
                self._lose(
                    element,
                    f"attribute {name}={value!r}: ERN {self.mapping.target}'s "
                    f"{new_type.name} has no such attribute",
                )
                if self.allow_loss:
                    del element.attrib[name]
                continue
            if target != name:
                del element.attrib[name]
                self.changes[f"@{name} -> @{target} (on {element.tag})"] += 1
            kept = self.value(
                element,
                value,
                old_type.attributes.get(name, ""),
                new_type.attributes[target],
                f"attribute {name}",
            )
            element.set(target, kept)

    def value(self, element, value: str | None, old_kind, new_kind, what: str) -> str | None:
        """The value, reported lost when the target's allowed values no longer have it."""
        if value is None:
            return None
        allowed_before = self.old.enumerations.get(old_kind)
        allowed_now = self.new.enumerations.get(new_kind or "")
        known = allowed_before and allowed_now is not None and value in allowed_before
        if known and value not in allowed_now:
            self._lose(
                element,
                f"{what} {value!r} is not an allowed value of {new_kind} in "
                f"ERN {self.mapping.target}",
            )
        return value

    def _wrap(self, element, old_type: ComplexType, new_type: ComplexType, pair) -> None:
        inner_name = self.mapping.wraps.get(pair)
        if inner_name is None or inner_name not in new_type.children:
            self._lose(element, f"its text has no place in ERN {self.mapping.target}")
            return
        inner_type = self.new.types[new_type.children[inner_name]]
        inner = etree.Element(inner_name)
        inner.text, element.text = element.text, None
        for name, value in list(element.attrib.items()):
            if not name.startswith("{"):
                inner.set(name, value)
                del element.attrib[name]
        element.insert(0, inner)
        self.changes[f"{element.tag} text -> {element.tag}/{inner_name}"] += 1
        self.attributes(inner, old_type, inner_type, (pair[0], inner_type.name))
        inner.text = self.value(
            inner, inner.text, old_type.simple_base, inner_type.simple_base, "its value"
        )


def reorder(element: etree._Element, order: list[str]) -> None:
    """Put the children in the target sequence's order; a comment or processing instruction
    travels with the element after it, and the whitespace between stays where it was."""
    place = {name: index for index, name in enumerate(order)}
    groups, pending = [], []
    for node in element:
        pending.append(node)
        if isinstance(node.tag, str):
            groups.append(pending)
            pending = []
    ranked = sorted(groups, key=lambda group: place.get(group[-1].tag, len(place)))
    if ranked == groups:
        return
    nodes = [node for group in ranked for node in group] + pending
    tails = [node.tail for node in element]
    for node in nodes:
        element.remove(node)  # lxml keeps the tail with the node; set them again below
    for node, tail in zip(nodes, tails, strict=True):
        element.append(node)
        node.tail = tail
