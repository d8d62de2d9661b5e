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


@record(slots=True)
class _Cue:
    title: str
    start: float = 0.0
    element: object = field(default=None, repr=False, compare=False)


@record(frozen=True, slots=True)
class _Credit:
    who: str
    roles: tuple = ()


@record(slots=True)
class _Counted:
    title: str

    def __post_init__(self) -> None:
        self.title = self.title + "!"  # not idempotent: unpickling must not run it again


class _NamedCue(_Cue):  # a subclass that is no record: it has a __dict__ of its own
    pass


def test_a_record_pickles_with_every_field_and_shared_parts_stay_shared():
    """What workers send the parent: every field (compare=False ones too) comes back, and a
    part two records share (a release's disclosure) is one object again afterwards."""
    import pickle

    shared = _Credit("GenerativeAI", ("LeadVocalist",))
    cues = [_Cue("Intro", 1.5, shared), _Cue("Outro", 9.0, shared)]
    named = _NamedCue("Bridge", 4.0)
    named.label = "B"
    back = pickle.loads(pickle.dumps((cues, named), protocol=pickle.HIGHEST_PROTOCOL))
    got, got_named = back
    assert got == cues and [c.element for c in got] == [shared, shared]
    assert got[0].element is got[1].element
    assert hash(got[0].element) == hash(shared)
    assert got_named.__class__ is _NamedCue and got_named.label == "B"
    assert got_named.title == "Bridge" and got_named.start == 4.0
    counted = _Counted("Coda")
    assert pickle.loads(pickle.dumps(counted)).title == "Coda!"
