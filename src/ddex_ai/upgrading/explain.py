"""What the upgrade does to each difference of the two XSDs, worked out from them and the
mapping: for ``ddex-ai upgrade --explain``, README's table and a test that no difference
goes unhandled unnoticed."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ddex_ai.schema_loader import SchemaStore, SchemaUnavailable
from ddex_ai.upgrading.mapping import Mapping
from ddex_ai.upgrading.xsd_tables import XsdTables
from ddex_ai.versions import version_from_code


class SchemasMissing(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Step:
    where: str  # the source type
    what: str  # element, @attribute or value
    how: str  # "renamed to X", "wrapped in X", "lost", ...


def steps(old: XsdTables, new: XsdTables, mapping: Mapping) -> list[Step]:
    """Every difference met walking the source types from the message roots."""
    found: set[Step] = set()
    queue = deque((old.roots[name], new.roots[name], "") for name in old.roots if name in new.roots)
    seen = set()
    while queue:
        old_key, new_key, consumed = item = queue.popleft()
        pair = (old_key, new_key)
        if item in seen:
            continue
        seen.add(item)
        old_type, new_type = old.types.get(old_key), new.types.get(new_key)
        if old_type is None and new_type is not None and new_type.simple_base:
            new_key, new_type = new_type.simple_base, None  # text that may now have attributes
        if old_type is None or new_type is None:
            _values(found, mapping, old, new, old_key, new_key, old_key, "value")
            continue
        if old_type.simple_base and not new_type.simple_base:
            inner = mapping.wraps.get(pair)
            if inner is None:
                found.add(Step(old_key, "text", "lost: the target type has element content"))
                continue
            found.add(Step(old_key, "text and attributes", f"moved into {new_key}/{inner}"))
            queue.append((old_key, new_type.children[inner], ""))
            continue
        if old_type.simple_base:
            kinds = (old_type.simple_base, new_type.simple_base)
            _values(found, mapping, old, new, *kinds, old_key, "value")
        renames = mapping.attribute_renames.get(pair, {})
        for name, kind in old_type.attributes.items():
            if name == consumed:  # it chose the element's name
                continue
            target = renames.get(name, name)
            if target not in new_type.attributes:
                found.add(Step(old_key, f"@{name}", "lost: no such attribute in the target"))
                continue
            if target != name:
                found.add(Step(old_key, f"@{name}", f"renamed @{target}"))
            kinds = (kind, new_type.attributes[target])
            _values(found, mapping, old, new, *kinds, old_key, f"@{name}")
        gathered = _containers(found, queue, mapping, pair, old_type, new_type, new)
        for name, text in mapping.inserts.get(pair, ()):
            shown = "a new reference" if text == "@id" else text
            found.add(Step(old_key, name, f"added ({shown}): the target requires it"))
        for name, child_key in old_type.children.items():
            if name not in gathered:
                _child(found, queue, mapping, old_key, new_type, name, child_key)
    return sorted(found)


def _containers(found, queue, mapping, pair, old_type, new_type, new) -> set[str]:
    """Children gathered into a new container; their names."""
    gathered = set()
    for spec in mapping.containers.get(pair, ()):
        container = new.types[new_type.children[spec.name]]
        for name, target in spec.moved.items():
            if name not in old_type.children:
                continue
            gathered.add(name)
            shown = spec.name if target == name else f"{spec.name} as {target}"
            found.add(Step(pair[0], name, f"moved into a new {shown}"))
            queue.append((old_type.children[name], container.children[target], ""))
        for name, text in spec.first:
            found.add(Step(pair[0], f"{spec.name}/{name}", f"added ({text})"))
    return gathered


def _child(found, queue, mapping: Mapping, old_key, new_type, name, child_key) -> None:
    if name in mapping.split_by_attribute:
        attribute, choices = mapping.split_by_attribute[name]
        for value, target in sorted(choices.items()):
            found.add(Step(old_key, f"{name}[@{attribute}={value}]", f"renamed {target}"))
            queue.append((child_key, new_type.children[target], attribute))
        untyped = mapping.split_untyped.get(name, {})
        target = untyped.get(old_key) or untyped.get("*")
        found.add(Step(old_key, f"{name} without @{attribute}", f"renamed {target} (auto)"))
        found.add(Step(old_key, f"{name} with any other @{attribute}", "lost: no such title"))
        return
    target = name
    if name not in new_type.children and name in mapping.element_renames:
        target = mapping.element_renames[name]
        found.add(Step(old_key, name, f"renamed {target}"))
    if target not in new_type.children:
        found.add(Step(old_key, name, "lost: no such element in the target"))
        return
    queue.append((child_key, new_type.children[target], ""))


def _values(found, mapping, old, new, old_kind, new_kind, where, what) -> None:
    conversion = mapping.conversions.get((old_kind, new_kind))
    if conversion:
        found.add(Step(where, what, f"converted: {old_kind} -> {new_kind} ({conversion})"))
    before, after = old.enumerations.get(old_kind), new.enumerations.get(new_kind or "")
    if not before or after is None:
        return
    respelt = mapping.value_renames.get(old_kind, {})
    for value in sorted(before - after):
        how = f"respelt {respelt[value]!r}" if value in respelt else "lost: not an allowed value"
        found.add(Step(where, f"{what} {value!r} ({old_kind})", how))


def describe(store: SchemaStore, target: str) -> list[str]:
    from ddex_ai.upgrading import _chains, _tables

    lines = [
        f"What `ddex-ai upgrade --to {target}` does, worked out from the XSDs, step by step.",
        "",
        "Every step: the namespace and xsi:schemaLocation name the next version; AvsVersionId",
        "is set to its XSD's AVS version. Elements and attributes not listed are kept.",
    ]
    done = set()
    for chain in _chains().values():
        for mapping in chain:
            if mapping.source in done:
                continue
            done.add(mapping.source)
            tables = []
            for label in (mapping.source, mapping.target):
                schema = store.get(version_from_code(label))
                if isinstance(schema, SchemaUnavailable):
                    raise SchemasMissing(schema.reason)
                tables.append(_tables(schema.files))
            lines += ["", f"ERN {mapping.source} -> {mapping.target}:", ""]
            grouped: dict[tuple[str, str], list[str]] = {}
            for step in steps(*tables, mapping):
                grouped.setdefault((step.what, step.how), []).append(step.where)
            for (what, how), where in sorted(grouped.items()):
                lines.append(f"- {what} (in {', '.join(where)}): {how}")
    return lines
