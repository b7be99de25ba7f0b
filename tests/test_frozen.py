"""Frozen records behave as frozen dataclasses do."""

from __future__ import annotations

import dataclasses
from functools import cached_property

import pytest

from cnii.frozen import field, fields, frozen, replace


@frozen
class Point:
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list, repr=False)


@frozen(kw_only=True)
class Named:
    name: str = field(metadata={"kind": "line"})
    note: str | None = None


@frozen(kw_only=True)
class Longer(Named):
    size: int = 1


@frozen(slots=False)
class Cached:
    text: str

    @cached_property
    def length(self) -> int:
        return len(self.text)


def test_construction_takes_positions_keywords_and_defaults() -> None:
    assert (Point(1).x, Point(1).y, Point(1, 2).y, Point(x=3, y=4).y) == (1, 0, 2, 4)
    assert Point(1).tags == [] and Point(1).tags is not Point(1).tags


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Point(), "missing 'x'"),  # type: ignore[call-arg]
        (lambda: Point(1, 2, [], 4), "takes 3 positional"),  # type: ignore[call-arg]
        (lambda: Point(1, z=2), "unexpected 'z'"),  # type: ignore[call-arg]
        (lambda: Named("n"), "takes 0 positional"),  # type: ignore[call-arg]
        (lambda: Named(), "missing 'name'"),  # type: ignore[call-arg]
    ],
)
def test_wrong_arguments_are_type_errors(make: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        make()  # type: ignore[operator]


def test_equality_and_hashing_are_by_fields_and_class() -> None:
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Named(name="a") != Longer(name="a")
    assert hash(Named(name="a")) == hash(Named(name="a"))
    assert len({Named(name="a"), Named(name="a"), Named(name="a", note="n")}) == 2


def test_no_field_can_be_assigned_or_deleted() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x


def test_repr_fields_inheritance_and_replace() -> None:
    assert repr(Point(1, 2, ["t"])) == "Point(x=1, y=2)"
    assert [f.name for f in fields(Longer)] == ["name", "note", "size"]
    assert [f.required for f in fields(Longer)] == [True, False, False]
    assert fields(Named)[0].metadata == {"kind": "line"}
    assert replace(Longer(name="a", size=3), note="n") == Longer(name="a", note="n", size=3)
    assert getattr(Longer, "__match_args__") == ("name", "note", "size")  # noqa: B009


def test_slots_unless_asked_for_a_dict() -> None:
    assert not hasattr(Point(1), "__dict__")
    cached = Cached("abc")
    assert cached.length == 3 and cached.__dict__["length"] == 3
