"""A record behaves as the dataclass it replaces: the same repr, equality, hashing, frozenness."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from ddex_ai.records import record


def _pair(**options):
    def body(decorate):
        @decorate
        class Track:
            title: str
            position: int = 0
            tags: tuple = ()
            element: object = field(default=None, repr=False, compare=False)

        return Track

    return body(dataclass(**options)), body(record(**options))


@pytest.mark.parametrize(
    "options", [{}, {"slots": True}, {"frozen": True}, {"frozen": True, "slots": True}]
)
def test_a_record_has_the_dataclass_repr_equality_and_hashing(options):
    Standard, Record = _pair(**options)
    standard, made = Standard("Intro", 1, ("a",), "x"), Record("Intro", 1, ("a",), "x")
    assert repr(made) == repr(standard)  # the element (repr=False) is left out
    assert made == Record("Intro", 1, ("a",), "another element")  # compare=False
    assert made != Record("Intro", 2, ("a",))
    assert made != standard  # another class
    assert dataclasses.fields(made) == dataclasses.fields(made.__class__)
    assert dataclasses.replace(made, position=3).position == 3
    if options.get("frozen"):
        frozen = Record("Intro", 1)
        assert hash(frozen) == hash(Record("Intro", 1, (), "other"))
        with pytest.raises(dataclasses.FrozenInstanceError):
            frozen.title = "Outro"
    else:
        with pytest.raises(TypeError):
            hash(made)
        made.position = 5
        assert made.position == 5


def test_a_record_that_contains_itself_is_shown_without_recursing():
    @record
    class Node:
        name: str
        children: list = field(default_factory=list)

    node = Node("root")
    node.children.append(node)
    assert repr(node) == f"{Node.__qualname__}(name='root', children=[...])"
