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
import keyword
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from cnii import calc
from cnii.calc import FUNCTIONS
from cnii.errors import DimensionError, FormulaError, RangeError
from cnii.interval import BEYOND, Interval, in_range
from cnii.value import Value

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


class Number(NamedTuple):
    value: Decimal
    text: str


class Ref(NamedTuple):
    name: str
    text: str


class Operation(NamedTuple):
    op: str  # one of + - * / neg
    args: tuple[Node, ...]
    text: str


class Power(NamedTuple):
    base: Node
    exponent: int
    text: str


class Call(NamedTuple):
    name: str
    args: tuple[Node, ...]
    text: str


class Literal(NamedTuple):
    """A number with a unit written in a formula (``99.09 trillion CNY``),
    read like a printed figure; ``value`` is set by the compile step, which
    has the fact base's units."""

    figure: str
    text: str
    value: Value | None = None


Node = Number | Ref | Operation | Power | Call | Literal


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
    if _WHOLE_FIGURE.fullmatch(source):  # a check side such as "7.08 CNY / USD"
        return Literal(source, source)
    shape = _shape(source)
    if shape is None:
        return _parse(source)
    key, names = shape
    template = _SHAPES.get(key, _UNSEEN)
    if template is _UNSEEN or template is None:
        node = _parse(source)
        if template is _UNSEEN and len(_SHAPES) < MAX_SHAPES:
            _SHAPES[key] = _template(node, names)
        return node
    return _fill(template, names)


def _parse(source: str) -> Node:
    """The tree of a stripped formula, by Python's parser."""
    _balanced(source)
    # In parentheses, a formula may run over several lines (a TOML """string""");
    # only a balanced formula is wrapped, or "a) + (b" would become valid.
    wrapped = f"(\n{source}\n)"
    literals: dict[str, str] = {}
    masked = _LITERAL.sub(lambda match: _placeholder(match, literals), wrapped)
    try:
        tree = ast.parse(masked, mode="eval")
    except SyntaxError as error:
        if "too many nested" in error.msg:
            raise FormulaError("formula is nested too deeply") from None
        raise FormulaError(_syntax_error(masked, error)) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula is nested too deeply") from None
    return _convert(tree.body, _Source(wrapped), 0, literals)


# Formulas of one shape, "share(c1, c2)" and "share(c7, c9)", differ only in
# the ids they name: the tree of the first is the tree of every other with
# its ids put in, so Python's parser reads each shape once. A shape is the
# formula with each id named by its place among the formula's ids; function
# names, numbers and operators stay as written. Only formulas of ASCII ids,
# decimals and operators on one line have a shape: a number with a unit or
# anything unusual takes the parser every time.
MAX_SHAPES = 4096
_SHAPES: dict[str, Node | None] = {}
_UNSEEN = Number(Decimal(0), "")  # a shape not met yet (None: one not to keep)
_PLAIN = re.compile(r"[a-z0-9_ .,()+\-*/]+")
_NAME_TOKEN = re.compile(r"(?<![\w.])([a-z_][a-z0-9_]*)(?=(\s*\()?)")
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)


def _shape(source: str) -> tuple[str, tuple[str, ...]] | None:
    """The formula's shape and the ids it names in their order, or None.
    (A number with a unit, "3 trillion", reads its unit as an id here: the
    tree then names other ids than the shape, and the shape is not kept.)"""
    if not _PLAIN.fullmatch(source):
        return None
    parts = _NAME_TOKEN.split(source)  # text, name, "(" or None, text, ...
    names: dict[str, str] = {}
    for at in range(1, len(parts), 3):
        name = parts[at]
        if name in _KEYWORDS:
            return None
        if parts[at + 1] is None:  # an id, not a function's name
            place = names.get(name)
            if place is None:
                place = names[name] = f"{{{len(names)}}}"
            parts[at] = place
        parts[at + 1] = ""
    return "".join(parts), tuple(names)


def _template(node: Node, names: tuple[str, ...]) -> Node | None:
    """``node`` with each id and each text as a format string of the ids'
    places, or None where the tree does not name the ids the shape found
    (then the shape is parsed each time)."""
    if tuple(dict.fromkeys(references(node))) != names:
        return None
    places = {name: f"{{{place}}}" for place, name in enumerate(names)}

    def text(value: str) -> str:
        return _NAME_TOKEN.sub(lambda m: m.group() if m.group(2) else places[m.group()], value)

    def walk(item: Node) -> Node:
        if isinstance(item, Ref):
            return Ref(places[item.name], places[item.name])
        if isinstance(item, Power):
            return Power(walk(item.base), item.exponent, text(item.text))
        if isinstance(item, (Operation, Call)):
            return item._replace(args=tuple(walk(arg) for arg in item.args), text=text(item.text))
        return item  # a number: as written

    return walk(node)


def _fill(template: Node, names: tuple[str, ...]) -> Node:
    """The formula of ``template``'s shape that names ``names``."""
    if isinstance(template, Ref):
        name = template.name.format(*names)
        return Ref(name, name)
    if isinstance(template, Power):
        return Power(_fill(template.base, names), template.exponent, template.text.format(*names))
    if isinstance(template, Operation):
        args = tuple(_fill(arg, names) for arg in template.args)
        return Operation(template.op, args, template.text.format(*names))
    if isinstance(template, Call):
        args = tuple(_fill(arg, names) for arg in template.args)
        return Call(template.name, args, template.text.format(*names))
    return template  # a number: as written


# A number with a unit inside a formula: the unit runs over the words after
# the number and over "/ WORD" where WORD is not an id (ids are lowercase):
# "1.53 trillion CNY", "3 %", "7.08 CNY / USD", "1.53万亿元", "$6.1 trillion".
_UNIT_WORD = r"(?:[^\W\d]\w*|%)"
_LITERAL = re.compile(
    r"(?<![\w.])(?:US\$|HK\$|\$|€|£)?\d[\d,]*(?:\.\d+)?"
    rf"(?:[ \t]*%|(?:[ \t]+|(?=[^\x00-\x7f]))(?!(?:and|or|not|if|else|in|is|for|lambda)\b)"
    rf"{_UNIT_WORD}(?:[ \t]+{_UNIT_WORD})*(?:[ \t]*/[ \t]*(?![a-z])[^\W\d]\w*)*)"
    r"|(?<![\w.])(?:US\$|HK\$|\$|€|£)\d[\d,]*(?:\.\d+)?"
)
_UNIT_AFTER = (
    r"(?:\s*%|(?:\s+|(?=[^\x00-\x7f]))"
    r"[^\W\d][\w.]*(?:\s+[^\W\d][\w.$]*)*(?:\s*/\s*[^\W\d]\w*)*)"
)
_WHOLE_FIGURE = re.compile(
    rf"[+-]?\d[\d,]*(?:\.\d+)?{_UNIT_AFTER}"
    rf"|(?:US\$|HK\$|\$|€|£|RMB\s*)[+-]?\d[\d,]*(?:\.\d+)?{_UNIT_AFTER}?"
)


def _placeholder(match: re.Match[str], literals: dict[str, str]) -> str:
    """A name as long in UTF-8 as the literal it stands for, so that every
    node's offsets, and so its text, stay those of the formula as written."""
    text = match.group(0)
    name = f"_{len(literals)}_"
    width = len(text.encode())
    if len(name) > width:  # "1%" is two bytes: "_0_" would not fit
        name = f"_{chr(ord('a') + len(literals))}" if len(literals) < 26 and width == 2 else name
    if len(name) > width:
        raise FormulaError(f"too many numbers with units in one formula near {text!r}")
    name = name.ljust(width, "_")
    literals[name] = text
    return name


def _syntax_error(masked: str, error: SyntaxError) -> str:
    """What is wrong, in cnii's words rather than Python's: the text where
    reading the formula stopped."""
    lines = _LINE_BREAK.split(masked)
    line = (error.lineno or 1) - 1
    if 1 <= line < len(lines) - 1:
        rest = lines[line][max(0, (error.offset or 1) - 1) :].strip()
        if rest:
            return f"formula is not valid arithmetic at {rest[:24]!r}"
    return "formula is not valid arithmetic: it ends where a number, an id or ')' is missing"


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


def _convert(
    node: ast.expr, source: _Source, depth: int, literals: dict[str, str] | None = None
) -> Node:
    if depth > MAX_DEPTH:
        raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep")
    literals = literals or {}
    text = source(node)
    if isinstance(node, ast.Constant):
        return _number(node.value, text)
    if isinstance(node, ast.Name):
        if node.id in literals:
            return Literal(literals[node.id], text)
        return Ref(_ascii_name(node.id, text), text)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _convert(node.operand, source, depth + 1, literals)
        return Operation("neg", (operand,), text) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return Power(_convert(node.left, source, depth + 1, literals), _exponent(node.right), text)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        args = (
            _convert(node.left, source, depth + 1, literals),
            _convert(node.right, source, depth + 1, literals),
        )
        return Operation(_BINARY[type(node.op)], args, text)
    if isinstance(node, ast.Call):
        return _call(node, source, depth, text, literals)
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
        raise FormulaError(
            "an exponent must be a whole number written in the formula; for a root write "
            "root(x, n), for a growth rate over years cagr(first, last, years) or "
            "compound(value, rate, years)"
        )
    if node.value > MAX_POWER:
        raise FormulaError(f"exponent {sign * node.value} is larger than {MAX_POWER}")
    return sign * node.value


def _call(node: ast.Call, source: _Source, depth: int, text: str, literals: dict[str, str]) -> Call:
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
    if function.name == "root":
        n = node.args[1]
        if not (isinstance(n, ast.Constant) and type(n.value) is int and 1 <= n.value <= MAX_POWER):
            raise FormulaError(f"root(x, n) takes a whole number n from 1 to {MAX_POWER}")
    args = tuple(_convert(arg, source, depth + 1, literals) for arg in node.args)
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
    if isinstance(node, Literal):
        assert node.value is not None, "the compile step reads every literal"
        return node.value
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


def literals(node: Node) -> Iterator[Literal]:
    """The numbers with units a formula writes."""
    if isinstance(node, Literal):
        yield node
    elif isinstance(node, Power):
        yield from literals(node.base)
    elif isinstance(node, (Operation, Call)):
        for arg in node.args:
            yield from literals(arg)


def bind(node: Node, read: Callable[[str], Value]) -> Node:
    """The formula with each literal's value read (by the compile step)."""
    if isinstance(node, Literal):
        return Literal(node.figure, node.text, read(node.figure))
    if isinstance(node, Power):
        return Power(bind(node.base, read), node.exponent, node.text)
    if isinstance(node, Operation):
        return Operation(node.op, tuple(bind(arg, read) for arg in node.args), node.text)
    if isinstance(node, Call):
        return Call(node.name, tuple(bind(arg, read) for arg in node.args), node.text)
    return node
