"""How one ERN version's messages become the next's, beyond what the two XSDs say by
themselves: the data ``walk.TreeWalk`` follows (``ern42``, ``ern43`` hold the tables)."""

from __future__ import annotations

from dataclasses import field

from ddex_ai.records import record


@record(frozen=True)
class Container:
    """A child the target type gathers other children into (4.3's SoundRecordingEdition)."""

    name: str
    moved: dict[str, str]  # source child -> its name inside the container
    first: tuple[tuple[str, str], ...] = ()  # children it starts with: (name, text)


@record(frozen=True)
class Mapping:
    source: str  # ERN label
    target: str
    # Element renamed where the target parent has no element of the old name.
    element_renames: dict[str, str] = field(default_factory=dict)
    # An element whose target name depends on one of its attributes, which it then loses:
    # element -> (attribute, {attribute value -> target element}).
    split_by_attribute: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    # ... and where that attribute is absent: parent type -> target element ("*": others).
    split_untyped: dict[str, dict[str, str]] = field(default_factory=dict)
    # (source type, target type) -> {attribute -> target attribute}
    attribute_renames: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    # (source type, target type) -> child: simple content that moves into that child.
    wraps: dict[tuple[str, str], str] = field(default_factory=dict)
    # (source type, target type) -> children gathered into new containers.
    containers: dict[tuple[str, str], tuple[Container, ...]] = field(default_factory=dict)
    # (source type, target type) -> children the target requires that the source cannot
    # have had: (name, text); text "@id" is a new reference made from the parent's.
    inserts: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # AVS type -> {value -> target value}: the same value, respelt in the target's AVS.
    value_renames: dict[str, dict[str, str]] = field(default_factory=dict)
    # (source simple type, target simple type) -> the name of a value conversion (walk.py)
    conversions: dict[tuple[str, str], str] = field(default_factory=dict)
