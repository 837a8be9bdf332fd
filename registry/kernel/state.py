"""Aggregate attributes with a fixed shape, shared by every context's aggregates."""

from __future__ import annotations


class TupleState:
    """An aggregate attribute that is always a tuple. A snapshot round trip through JSON brings tuples back
    as lists, and a page saved before the attribute existed has none (an empty tuple)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, objtype: type | None = None) -> tuple:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__.get(self.name, ())
        if not isinstance(value, tuple):
            value = obj.__dict__[self.name] = tuple(value)
        return value

    def __set__(self, obj: object, value: tuple | list) -> None:
        obj.__dict__[self.name] = tuple(value)
