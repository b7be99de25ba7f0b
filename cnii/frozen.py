"""Frozen records, as ``dataclasses.dataclass(frozen=True)`` makes them,
without generating code when a class is made.

``dataclass`` writes the source of each class's ``__init__``, ``__eq__``,
``__hash__``, ``__repr__``, ``__setattr__`` and ``__delattr__`` and
compiles it: 4 to 6 million instructions a class, and every command made
twenty at start-up (about 7 % of the import floor). Here the methods are
written once, below, and each class is given them with its field names:
construction is a loop rather than straight-line code, which costs a
fraction of a microsecond an instance. For the fact base's records, the
fact base itself and the calculator's functions (field metadata,
keyword-only fields, inheritance); what is made millions of times in a run
(Interval, Value, Unit) stays a dataclass, and what needs none of that
(formula nodes, figures, results) is a NamedTuple.

Type checkers see these classes as dataclasses (``dataclass_transform``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)
R = TypeVar("R")

_NO_DEFAULT: Any = object()


class Field:
    """One field of a record: its name, default and metadata."""

    __slots__ = ("default", "default_factory", "metadata", "name", "repr")

    def __init__(
        self,
        default: Any = _NO_DEFAULT,
        default_factory: Callable[[], Any] | None = None,
        repr: bool = True,  # the name dataclasses.field gives it
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.metadata: Mapping[str, Any] = metadata or {}

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT and self.default_factory is None


def field(
    *,
    default: Any = _NO_DEFAULT,
    default_factory: Callable[[], Any] | None = None,
    repr: bool = True,
    metadata: Mapping[str, Any] | None = None,
) -> Any:
    """A field with a default, a factory for one, or metadata."""
    return Field(default, default_factory, repr, metadata)


def fields(record: type | object) -> tuple[Field, ...]:
    """The fields of a record class or record, in order."""
    found: tuple[Field, ...] = getattr(record, "__record_fields__")  # noqa: B009
    return found


def replace(record: R, **changes: Any) -> R:
    """A copy of ``record`` with some fields changed."""
    values = {f.name: getattr(record, f.name) for f in fields(record)}
    values.update(changes)
    made: R = type(record)(**values)
    return made


@overload
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: T, /) -> T: ...


@overload
def frozen(*, kw_only: bool = False, slots: bool = True) -> Callable[[T], T]: ...


def frozen(
    cls: T | None = None, /, *, kw_only: bool = False, slots: bool = True
) -> T | Callable[[T], T]:
    """Make a class a frozen record of the fields its annotations name:
    ``__init__`` (keywords only with ``kw_only``), equality and hashing by
    fields, a ``repr``, and no assignment after construction. ``slots``:
    the fields are slots (no instance ``__dict__``, so no cached_property)."""

    def make(cls: T) -> T:
        return _make(cls, kw_only, slots)

    return make if cls is None else make(cls)


def _make(cls: T, kw_only: bool, slots: bool) -> T:
    inherited = [f for base in reversed(cls.__mro__[1:]) for f in _own_fields(base)]
    own = []
    for name, annotation in inspect.get_annotations(cls).items():
        if "ClassVar" in str(annotation):
            continue
        default = cls.__dict__.get(name, _NO_DEFAULT)
        spec = default if isinstance(default, Field) else Field(default)
        spec.name = name
        own.append(spec)
    specs = tuple({f.name: f for f in (*inherited, *own)}.values())
    names = tuple(f.name for f in specs)
    namespace = {
        key: value
        for key, value in cls.__dict__.items()
        if key not in names and key not in ("__dict__", "__weakref__")
    }
    if slots:
        namespace["__slots__"] = tuple(f.name for f in own)
    namespace.update(
        __record_fields__=specs,
        __match_args__=names,
        __init__=_init(specs, kw_only),
        __eq__=_eq(names),
        __hash__=_hash(names),
        __repr__=_repr(specs),
        __setattr__=_refuse,
        __delattr__=_refuse,
    )
    made: T = type(cls)(cls.__name__, cls.__bases__, namespace)
    return made


def _own_fields(cls: type) -> tuple[Field, ...]:
    """The fields a record class made itself (none for a plain class)."""
    found: tuple[Field, ...] = cls.__dict__.get("__record_fields__", ())
    return found


def _init(specs: tuple[Field, ...], kw_only: bool) -> Callable[..., None]:
    names = tuple(f.name for f in specs)
    defaults = {f.name: f.default for f in specs if f.default is not _NO_DEFAULT}
    factories = {f.name: f.default_factory for f in specs if f.default_factory is not None}
    most = 0 if kw_only else len(names)
    assign = object.__setattr__
    known = frozenset(names)

    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        if not args and not factories:  # how records are made: by keyword
            given = {**defaults, **kwargs}
            if len(given) == len(names) and known.issuperset(kwargs):
                for name in names:
                    assign(self, name, given[name])
                return
        if len(args) > most:
            raise TypeError(f"{type(self).__name__}() takes {most} positional arguments")
        for name, value in zip(names, args, strict=False):
            assign(self, name, value)
        for name in names[len(args) :]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                raise TypeError(f"{type(self).__name__}() is missing {name!r}")
            assign(self, name, value)
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got an unexpected {next(iter(kwargs))!r}")

    return __init__


def _eq(names: tuple[str, ...]) -> Callable[[object, object], bool]:
    key = attrgetter(*names) if names else (lambda record: ())

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        equal: bool = key(self) == key(other)
        return equal

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[object], int]:
    key = attrgetter(*names) if names else (lambda record: ())

    def __hash__(self: object) -> int:
        return hash((self.__class__.__name__, key(self)))

    return __hash__


def _repr(specs: tuple[Field, ...]) -> Callable[[object], str]:
    shown = tuple(f.name for f in specs if f.repr)

    def __repr__(self: object) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({parts})"

    return __repr__


def _refuse(self: object, name: str, *value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")
