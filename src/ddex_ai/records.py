"""``record``: a dataclass whose ``__repr__``, ``__eq__`` and ``__hash__`` are shared functions.

Python 3.11's ``dataclass`` compiles each generated method from source when its module is
imported, about 0.1 ms a method: 43 classes took 27 ms of a one-file check's start-up. A
record compiles only ``__init__`` (and a frozen class's ``__setattr__``/``__delattr__``);
the others, the same for every class, read the field names kept on the class. They behave as
the generated ones: fields with ``repr=False`` or ``compare=False`` are left out of each,
equality holds between instances of the same class only, a frozen record hashes its compared
fields, a mutable one is unhashable. ``fields``, ``replace`` and ``asdict`` work unchanged.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, fields
from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """``@dataclass`` (with ``frozen`` and ``slots``), faster to define."""

    def wrap(cls: type[T]) -> type[T]:
        made = dataclass(cls, frozen=frozen, slots=slots, repr=False, eq=False)
        every = fields(made)
        made.__record_repr__ = tuple(f.name for f in every if f.repr)
        made.__record_compare__ = tuple(f.name for f in every if f.compare)
        made.__repr__ = _repr
        made.__eq__ = _eq
        made.__hash__ = _hash if frozen else None
        return made

    return wrap if cls is None else wrap(cls)


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


def _values(self: Any) -> tuple:
    return tuple([getattr(self, name) for name in self.__record_compare__])


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))
