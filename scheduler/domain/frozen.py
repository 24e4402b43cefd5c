"""A frozen dataclass field given as any collection and kept as a ``frozenset``.

``Session(rooms={"大会议室"})``, ``Unavailable("区财政局", [a, b])``: the docs promise any collection
(a set, a list, a tuple), and ``mypy --strict`` must accept what they show, while the code that
reads the field gets a ``frozenset`` (hashable, with ``|`` and ``&``). A plain annotation cannot say
both, so the field is this descriptor: the constructor's parameter takes a ``Collection`` (the type
of :meth:`FrozenSetField.__set__`'s value, which mypy's dataclass support reads), reading the field
gives a ``frozenset``. The owner's ``__post_init__`` checks what was given (one ``str`` is refused: it
would be taken letter by letter) and stores the ``frozenset``; nothing is converted here before that.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from typing import Generic, TypeVar, get_args, get_origin, get_type_hints, overload

T = TypeVar("T", bound=Hashable)
C = TypeVar("C", bound=type)


class FrozenSetField(Generic[T]):
    """A dataclass field given as a collection, read as a ``frozenset``: by default the empty set,
    or none with ``required`` (the dataclass then asks for it; mypy, which sees a default, does not)."""

    def __init__(self, required: bool = False) -> None:
        self._required = required

    def __set_name__(self, owner: type, name: str) -> None:
        self._key = "_" + name

    @overload
    def __get__(self, owner_object: None, owner: type | None = None) -> frozenset[T]: ...
    @overload
    def __get__(self, owner_object: object, owner: type | None = None) -> frozenset[T]: ...
    def __get__(self, owner_object: object | None, owner: type | None = None) -> frozenset[T]:
        if owner_object is None:  # the dataclass asks the class for the field's default
            if self._required:
                raise AttributeError(self._key[1:])  # no default: dataclasses take it as required
            return frozenset()
        return owner_object.__dict__[self._key]  # type: ignore[no-any-return]

    def __set__(self, owner_object: object, value: Collection[T]) -> None:
        owner_object.__dict__[self._key] = value  # the owner's __post_init__ checks it and stores the frozenset


def shown_as_collections(cls: C) -> C:
    """The dataclass ``cls`` with its constructor's signature (``help``, ``inspect.signature``) showing
    each :class:`FrozenSetField` parameter as the ``Collection`` it takes rather than the private
    descriptor: ``Unavailable(unit: str, starts: Collection[datetime])``, as the docs say it. Only the
    signature changes (the hints resolved as :func:`typing.get_type_hints` does)."""
    init = cls.__init__  # type: ignore[misc]  # (a dataclass's generated __init__)
    for name, hint in get_type_hints(init).items():
        if get_origin(hint) is FrozenSetField:
            init.__annotations__[name] = Collection[get_args(hint)]  # type: ignore[misc]
    return cls
