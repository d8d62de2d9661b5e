"""Carry a message's tree from one ERN version's types to the next's, element by element.

Each element is walked with its type in both versions (from the XSDs' tables), so what is
renamed, wrapped or lost is decided by where it stands, not by its name alone: ``Genre``
becomes ``DisplayGenre`` in a ``Release`` and stays ``Genre`` in a ``SoundRecording``.
Whatever has no place in the target is a loss; the caller writes nothing then."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from lxml import etree

from ddex_ai.upgrading.mapping import Mapping
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
        self.synthetic: dict[str, ComplexType] = {}  # source-side types of new containers
        self.created: set[etree._Element] = set()  # elements the walk made: nothing to map
        self._ids: set[str] | None = None  # every text of the message, for new references

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

    def _old_type(self, key: str) -> ComplexType | None:
        return self.synthetic.get(key) or self.old.types.get(key)

    def element(self, element: etree._Element, old_key: str, new_key: str) -> None:
        old_type, new_type = self._old_type(old_key), self.new.types.get(new_key)
        if old_type is None or new_type is None:  # a simple type: only its value can change
            if old_type is None and (new_type is None or new_type.simple_base):
                kind = new_type.simple_base if new_type else new_key  # text, maybe with attributes
                element.text = self.value(element, element.text, old_key, kind, "its value")
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
        old_type, moved = self._gather(element, old_type, (old_key, new_type.name))
        renamed = moved
        for child in list(element):  # a dropped child is replaced while walking
            if isinstance(child.tag, str) and child not in self.created:
                renamed = self.child(child, old_type, new_type) or renamed
        renamed = self._insert(element, (old_key, new_type.name)) or renamed
        if renamed:
            reorder(element, new_type.order)

    def _gather(self, element, old_type: ComplexType, pair) -> tuple[ComplexType, bool]:
        """Children the target keeps in a new container, moved into it; the source-side
        type to walk the element with (one that has the container)."""
        specs = self.mapping.containers.get(pair, ())
        inner, closing = _indents(element)
        unit = inner[len(closing) :] if inner.startswith(closing) and inner != closing else ""
        gathered = False
        for spec in specs:
            moving = [c for c in element if isinstance(c.tag, str) and c.tag in spec.moved]
            if not moving:
                continue
            moved_names = ", ".join(sorted({c.tag for c in moving}))
            key = f"{old_type.name}>{spec.name}"
            if key not in self.synthetic:
                names = [n for n in old_type.order if n in spec.moved]
                self.synthetic[key] = ComplexType(
                    key,
                    {spec.moved[n]: old_type.children[n] for n in names},
                    [spec.moved[n] for n in names],
                )
            if not gathered:
                old_type = replace(old_type, children=dict(old_type.children))
                gathered = True
            old_type.children[spec.name] = key
            container = etree.Element(spec.name)
            element.insert(element.index(moving[0]), container)
            for name, text in spec.first:
                made = etree.SubElement(container, name)
                made.text = text
                self.created.add(made)
            for child in moving:
                container.append(child)
                child.tag = spec.moved[child.tag]
                _deepen(child, unit)
            _space(container, inner + unit, inner)
            self.changes[f"{moved_names} -> in {spec.name} (in {pair[0]})"] += 1
        if gathered:
            _space(element, inner, closing)
        return old_type, gathered

    def _insert(self, element, pair) -> bool:
        """Children the target requires that the source could not have had."""
        added = False
        for name, text in self.mapping.inserts.get(pair, ()):
            if element.find(name) is not None:
                continue
            made = etree.Element(name)
            made.text = self._new_reference(element) if text == "@id" else text
            inner, closing = _indents(element)
            element.append(made)
            _space(element, inner, closing)
            self.created.add(made)
            self.changes[f"{name} added ({made.text if text != '@id' else 'a new reference'})"] += 1
            added = True
        return added

    def _new_reference(self, element) -> str:
        """A new xs:ID from the enclosing technical details' reference: T1 -> T1-Clip."""
        if self._ids is None:
            self._ids = {(n.text or "").strip() for n in element.getroottree().iter()}
        base = "T"
        for ancestor in element.iterancestors():
            found = ancestor.findtext("TechnicalResourceDetailsReference")
            if found:
                base = found.strip()
                break
        candidate, number = f"{base}-Clip", 1
        while candidate in self._ids:
            number += 1
            candidate = f"{base}-Clip{number}"
        self._ids.add(candidate)
        return candidate

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
        """The value, converted where the type changed, reported lost when the target's
        allowed values no longer have it."""
        if value is None:
            return None
        respelt = self.mapping.value_renames.get(old_kind, {}).get(value)
        if respelt is not None:
            self.changes[f"{old_kind} {value!r} -> {respelt!r}"] += 1
            return respelt
        conversion = self.mapping.conversions.get((old_kind, new_kind))
        if conversion == "seconds":
            seconds = _seconds(value)
            if seconds is None:
                self._lose(element, f"{what} {value!r} cannot be written as seconds")
                return value
            self.changes[f"{element.tag} duration -> seconds"] += 1
            return seconds
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


_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def _seconds(duration: str) -> str | None:
    """An xs:duration of days, hours, minutes and seconds as decimal seconds (PT1M30S -> 90);
    None for years or months, whose length in seconds is not fixed."""
    match = _DURATION.match(duration.strip())
    if not match or duration.strip() in ("P", "PT"):
        return None
    days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
    total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    return f"{total:.3f}".rstrip("0").rstrip(".")


def _indents(element: etree._Element) -> tuple[str, str]:
    """The whitespace before the element's children and before its end tag."""
    inner = element.text if element.text and not element.text.strip() else ""
    closing = element[-1].tail if len(element) and element[-1].tail else ""
    return inner, (closing if not closing.strip() else "")


def _deepen(element: etree._Element, unit: str) -> None:
    """Indent a moved subtree one level deeper (its own tail is set by ``_space``)."""
    if not unit:
        return
    for node in element.iter():
        if node.text and not node.text.strip() and len(node):
            node.text = node.text.replace("\n", "\n" + unit)
        if node is not element and node.tail and not node.tail.strip():
            node.tail = node.tail.replace("\n", "\n" + unit)


def _space(element: etree._Element, inner: str, closing: str) -> None:
    """Indent the element's children alike (``inner`` before each, ``closing`` before the
    end tag), as siblings are in a pretty-printed message; on one line both are empty."""
    element.text = inner
    for node in element[:-1]:
        node.tail = inner
    element[-1].tail = closing


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
