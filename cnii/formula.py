"""Formulas are data: parsed into a small tree, never evaluated by Python.

``ast.parse`` only builds a syntax tree; every node of it is checked against a
whitelist (numbers, entry ids, ``+ - * /``, integer powers, calls of the
calculator's named functions) and copied into our own node types. Nothing
else reaches evaluation. Length, nesting depth and exponents are bounded, so a
formula cannot hang the process or exhaust memory.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

from cnii import calc
from cnii.calc import FUNCTIONS, Value
from cnii.errors import DimensionError, FormulaError, RangeError
from cnii.interval import BEYOND, Interval, in_range

if TYPE_CHECKING:
    from pint.util import UnitsContainer

MAX_LENGTH = 1000
MAX_DEPTH = 32
MAX_POWER = 16  # the largest exponent a formula may write
MAX_NUMBER_DIGITS = 30

_FORBIDDEN = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Compare: "comparisons",
    ast.BoolOp: "'and' / 'or'",
    ast.IfExp: "conditional expressions",
    ast.NamedExpr: "assignments",
    ast.JoinedStr: "strings",
    ast.Starred: "starred arguments",
}
_ID = re.compile(r"[a-z][a-z0-9_]*")
# Decimal notation only: 0x10, 0o7 and 0b1 are Python's, not a fact base's.
_DECIMAL = re.compile(r"(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal
    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Operation:
    op: str  # one of + - * / neg
    args: tuple[Node, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Power:
    base: Node
    exponent: int
    text: str


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    text: str


Node = Number | Ref | Operation | Power | Call


def parse(source: str) -> Node:
    """The formula's tree, or FormulaError saying what is not allowed."""
    if not isinstance(source, str) or not source.strip():
        raise FormulaError("formula is empty")
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"formula is longer than {MAX_LENGTH} characters")
    source = source.strip()
    if _ID.fullmatch(source):  # most check sides name one entry: no parser needed
        return Ref(source, source)
    if "#" in source:  # Python would read the rest as a comment, yet it is shown
        raise FormulaError("a formula has no comments: '#' is not allowed")
    _balanced(source)
    # In parentheses, a formula may run over several lines (a TOML """string""");
    # only a balanced formula is wrapped, or "a) + (b" would become valid.
    wrapped = f"(\n{source}\n)"
    try:
        tree = ast.parse(wrapped, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"formula is not valid arithmetic: {error.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula is nested too deeply") from None
    return _convert(tree.body, _Source(wrapped), 0)


def _balanced(source: str) -> None:
    depth = 0
    for char in source:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise FormulaError("formula is not valid arithmetic: unmatched ')'")
    if depth:
        raise FormulaError("formula is not valid arithmetic: '(' was never closed")


class _Source:
    """The text of each node: ast's offsets are UTF-8 byte columns per line.
    (ast.get_source_segment does the same but splits the source at each call.)"""

    def __init__(self, text: str) -> None:
        # Python's parser ends a line at \r\n, \r or \n: count lines as it does.
        self.lines = [line.encode() for line in _LINE_BREAK.split(text)]

    def __call__(self, node: ast.expr) -> str:
        first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        end = node.end_col_offset or 0
        if first == last:
            return self.lines[first][node.col_offset : end].decode()
        middle = self.lines[first + 1 : last]
        parts = [self.lines[first][node.col_offset :], *middle, self.lines[last][:end]]
        return b"\n".join(parts).decode()


def _convert(node: ast.expr, source: _Source, depth: int) -> Node:
    if depth > MAX_DEPTH:
        raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep")
    text = source(node)
    if isinstance(node, ast.Constant):
        return _number(node.value, text)
    if isinstance(node, ast.Name):
        return Ref(_ascii_name(node.id, text), text)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _convert(node.operand, source, depth + 1)
        return Operation("neg", (operand,), text) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return Power(_convert(node.left, source, depth + 1), _exponent(node.right), text)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        args = (_convert(node.left, source, depth + 1), _convert(node.right, source, depth + 1))
        return Operation(_BINARY[type(node.op)], args, text)
    if isinstance(node, ast.Call):
        return _call(node, source, depth, text)
    if isinstance(node, ast.BinOp):
        raise FormulaError(f"not allowed in a formula: operator {type(node.op).__name__}")
    what = _FORBIDDEN.get(type(node), type(node).__name__)
    raise FormulaError(f"not allowed in a formula: {what}")


def _ascii_name(name: str, text: str) -> str:
    """Python reads fullwidth letters as ASCII ones (NFKC), so that a lookalike
    would name another entry: ids and function names are ASCII, as written."""
    if text != name or not name.isascii():
        raise FormulaError(f"{text!r} is not an ASCII id or function name")
    return name


def _number(value: object, text: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaError(f"only numbers are allowed as constants, not {text or repr(value)}")
    if not _DECIMAL.fullmatch(text):
        raise FormulaError(f"number {text[:20]!r} is not written in decimal digits")
    if sum(c.isdigit() for c in text) > MAX_NUMBER_DIGITS:
        raise FormulaError(f"number {text[:20]}... has more than {MAX_NUMBER_DIGITS} digits")
    number = Decimal(text.replace("_", ""))
    if not in_range(number):
        raise RangeError(f"number {text[:20]} is {BEYOND}")
    return Number(number, text)


def _exponent(node: ast.expr) -> int:
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if (
        not isinstance(node, ast.Constant)
        or isinstance(node.value, bool)
        or not isinstance(node.value, int)
    ):
        raise FormulaError("an exponent must be a whole number written in the formula")
    if node.value > MAX_POWER:
        raise FormulaError(f"exponent {sign * node.value} is larger than {MAX_POWER}")
    return sign * node.value


def _call(node: ast.Call, source: _Source, depth: int, text: str) -> Call:
    if not isinstance(node.func, ast.Name):
        raise FormulaError("only the calculator's named functions may be called")
    function = FUNCTIONS.get(_ascii_name(node.func.id, source(node.func)))
    if function is None:
        known = ", ".join(sorted(FUNCTIONS))
        raise FormulaError(f"unknown function {node.func.id!r} (known: {known})")
    if node.keywords:
        raise FormulaError(f"{function.name}() takes no keyword arguments")
    count = len(node.args)
    if not function.min_args <= count <= function.max_args:
        wanted = (
            str(function.min_args)
            if function.min_args == function.max_args
            else f"{function.min_args} to {function.max_args}"
        )
        raise FormulaError(f"{function.name}() takes {wanted} arguments, not {count}")
    args = tuple(_convert(arg, source, depth + 1) for arg in node.args)
    return Call(function.name, args, text)


def references(node: Node) -> Iterator[str]:
    """The entry ids a formula names, in order of appearance."""
    if isinstance(node, Ref):
        yield node.name
    elif isinstance(node, Power):
        yield from references(node.base)
    elif isinstance(node, (Operation, Call)):
        for arg in node.args:
            yield from references(arg)


def size(node: Node) -> int:
    """How many nodes the formula has: what evaluating it costs."""
    if isinstance(node, Power):
        return 1 + size(node.base)
    if isinstance(node, (Operation, Call)):
        return 1 + sum(size(arg) for arg in node.args)
    return 1


Step: TypeAlias = tuple[str, Value]

_OPERATIONS: dict[str, Callable[..., Value]] = {
    "+": calc.add,
    "-": calc.subtract,
    "*": calc.multiply,
    "/": calc.divide,
    "neg": calc.negate,
}


def evaluate(node: Node, lookup: Callable[[str], Value], steps: list[Step] | None = None) -> Value:
    """The formula's value; each operation's result is appended to ``steps``.

    Raises DimensionError for unit errors; an undefined result (a divisor that
    may be zero) comes back as a value with no interval and the reason."""
    if isinstance(node, Number):
        return Value(_dimensionless(), Interval.point(node.value), point=node.value)
    if isinstance(node, Ref):
        return lookup(node.name)
    if isinstance(node, Power):
        args = [evaluate(node.base, lookup, steps)]
        apply: Callable[..., Value] = functools.partial(calc.power, n=node.exponent)
    else:
        args = [evaluate(arg, lookup, steps) for arg in node.args]
        apply = _OPERATIONS[node.op] if isinstance(node, Operation) else FUNCTIONS[node.name].apply
    try:
        result = apply(*args)
    except DimensionError as error:
        raise type(error)(f"{error.message} in {node.text!r}") from None
    if result.interval is None and all(arg.interval is not None for arg in args):
        # Undefined here rather than inherited: say where.
        result = Value(result.unit, None, f"{node.text}: {result.missing}", result.point)
    if steps is not None:
        steps.append((node.text, result))
    return result


def _dimensionless() -> UnitsContainer:
    from pint.util import UnitsContainer

    return UnitsContainer()
