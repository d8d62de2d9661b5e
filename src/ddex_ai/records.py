"""``record``: a dataclass whose ``__repr__``, ``__eq__`` and ``__hash__`` are not compiled.

Python 3.11's ``dataclass`` compiles each generated method from source when its module is
imported, about 0.1 ms a method: 43 classes took 27 ms of a one-file check's start-up. A
record compiles only ``__init__`` (and a frozen class's ``__setattr__``/``__delattr__``);
the others are one shared function or closures over ``attrgetter``. They behave as the
generated ones: fields with ``repr=False`` or ``compare=False`` are left out of each,
equality holds between instances of the same class only, a frozen record hashes its compared
fields, a mutable one is unhashable. ``fields``, ``replace`` and ``asdict`` work unchanged.
A record with slots pickles as its class and its fields' values (what workers send).
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """``@dataclass`` (with ``frozen`` and ``slots``), faster to define."""

    def wrap(cls: type[T]) -> type[T]:
        made = dataclass(cls, frozen=frozen, slots=slots, repr=False, eq=False)
        every = fields(made)
        made.__record_repr__ = tuple(f.name for f in every if f.repr)
        made.__repr__ = _repr
        values = _getter(tuple(f.name for f in every if f.compare))

        def __eq__(self: Any, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return values(self) == values(other)

        def __hash__(self: Any) -> int:
            return hash(values(self))

        made.__eq__ = __eq__
        made.__hash__ = __hash__ if frozen else None
        # Rebuilt by calling the class: not for one whose __init__ does more than assign.
        if slots and all(f.init for f in every) and not hasattr(made, "__post_init__"):
            made.__reduce__ = _reducer(tuple(f.name for f in every))
        return made

    return wrap if cls is None else wrap(cls)


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


def _reducer(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """Pickling as the class and its fields' values: a worker's results reach the parent in
    a third less time than through the generic slots state (measured)."""
    values = _getter(names)

    def __reduce__(self: Any) -> tuple:
        extra = getattr(self, "__dict__", None)  # a subclass's own attributes, if any
        return (self.__class__, values(self), extra) if extra else (self.__class__, values(self))

    return __reduce__


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The compared fields' values as a tuple, read in C (records are dict keys in hot loops)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()
