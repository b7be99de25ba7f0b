"""Units: one small pint registry per fact base, and unit strings parsed once.

The registry holds only what the domain needs (currencies, counts, percent,
scale words); a fact base may add its own units in its ``[units]`` table, which
is why each fact base gets its own registry rather than sharing a global one.
Every unit string is checked against a strict grammar before pint sees it, so
pint never parses anything but names, ``*``, ``/`` and small integer powers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cnii.errors import UnitError, did_you_mean

if TYPE_CHECKING:
    from pint.util import UnitsContainer

    from cnii.value import Value

# (name, what it is, aliases): "[x]" makes a unit of a dimension of its own,
# a number a pure factor. Given to pint as definition objects, not text:
# its text parser costs 0.7 ms a definition, a tenth of start-up here.
BASE_UNITS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("CNY", "[currency_CNY]", ("yuan", "RMB", "renminbi", "元")),
    ("USD", "[currency_USD]", ("dollar", "US_dollar")),
    ("EUR", "[currency_EUR]", ("euro",)),
    ("GBP", "[currency_GBP]", ("pound_sterling",)),
    ("JPY", "[currency_JPY]", ("yen",)),
    ("INR", "[currency_INR]", ("rupee", "Rs")),
    ("count", "[count]", ("item", "person", "people", "household", "vehicle", "TEU")),
    ("percent", "0.01", ("%",)),
    ("times", "1", ("fold", "倍")),  # "5 times" as much: a pure factor, 500 %
    # The difference of two shares: 5.4 % - 5.0 % is 0.4 percentage points,
    # a dimension apart from percent (5.4 % against 5.0 % is +8 %).
    ("percentage_point", "[percentage_point]", ("pp", "ppt")),
    ("thousand", "1e3", ()),
    ("million", "1e6", ()),
    ("billion", "1e9", ()),
    ("trillion", "1e12", ()),
    ("万", "1e4", ()),
    ("亿", "1e8", ()),
    ("万亿", "1e12", ()),
    ("lakh", "1e5", ()),  # Indian English: a lakh crore is 1e12
    ("crore", "1e7", ()),
)

# Scale words used to display a large amount, largest first.
DISPLAY_SCALES = (
    ("trillion", Decimal("1e12")),
    ("billion", Decimal("1e9")),
    ("million", Decimal("1e6")),
)

# Units shown by a shorter name than their definition's.
DISPLAY_NAMES = {"percentage_point": "pp"}

# Ways a unit is printed that the grammar below does not take as they are:
# each is rewritten before parsing.
_WRITTEN = (
    (re.compile(r"\bU\.\s?S\.\s?dollars?\b|\bUS dollars?\b|\bUS\$", re.IGNORECASE), "USD"),
    (re.compile(r"\bHong Kong dollars?\b|\bHK\$", re.IGNORECASE), "HKD"),
    (re.compile(r"\bpercentage[ _]points?\b", re.IGNORECASE), "percentage_point"),
    (re.compile(r"\bsquare ([^\W\d]\w*)"), r"\1**2"),
    (re.compile(r"\bcubic ([^\W\d]\w*)"), r"\1**3"),
    (re.compile(r"萬"), "万"),  # traditional characters
    (re.compile(r"億"), "亿"),
    (re.compile(r"(万亿|亿|万)(?=[^\s*/亿万])"), r"\1 "),  # 万亿元: a scale word, then yuan
    (re.compile(r"(?<![A-Z])\$|\bdollars?\b"), "USD"),
    (re.compile(r"€"), "EUR"),
    (re.compile(r"£"), "GBP"),
)
# Names that would mean more than one thing: refused, with what to write.
AMBIGUOUS = {
    "¥": "'¥' is both yuan and yen: write CNY or JPY",
    "ton": "'ton' is a short, long or metric ton: write tonne, short_ton or long_ton",
    "tons": "'tons' is short, long or metric tons: write tonnes, short_ton or long_ton",
}
_AMBIGUOUS = re.compile(r"¥|\btons?\b")

# What pint's parser rewrites before it reads units ("square" and "cubic"
# are rewritten by normalize already), and the terms of an expression.
_PINT_IDENTIFIER = r"([_a-zA-Z][_a-zA-Z0-9]*)"
_PINT_WORDS = (
    (re.compile(r" per "), "/"),
    (re.compile(rf"{_PINT_IDENTIFIER} squared"), r"\1**2"),
    (re.compile(rf"{_PINT_IDENTIFIER} cubed"), r"\1**3"),
    (re.compile(rf"sq {_PINT_IDENTIFIER}"), r"\1**2"),
)
_TERMS = re.compile(r"([*/]?)\s*([^\W\d]\w*|%)(?:\s*(?:\*\*|\^)\s*(-?\d{1,2}))?")

MAX_UNIT_LENGTH = 100
_TERM = r"(?:[^\W\d]\w*|%)(?:\s*(?:\*\*|\^)\s*-?\d{1,2})?"
# Terms are apart by an operator or by space: with neither, "aaaa!" could be
# split into terms in 2**n ways, and the match backtracks through all of them.
_UNIT_EXPR = re.compile(rf"{_TERM}(?:(?:\s*[*/]\s*|\s+){_TERM})*")
# A unit's factor: far beyond any real one, and within what Decimal keeps exact.
MIN_FACTOR, MAX_FACTOR = Decimal("1e-40"), Decimal("1e40")
_NEW_DIMENSION = re.compile(r"\[([^\W\d]\w*)\]")
# A multiple of a unit: "0.5 kg" (the jin), "2000/3 m**2" (the mu), "1000 hectare".
_MULTIPLE = re.compile(
    r"(?P<number>\d{1,30}(?:\.\d{1,30})?)(?:\s*/\s*(?P<per>\d{1,30}))?\s*\*?\s+(?P<unit>\S.*)"
)
_NAME = re.compile(r"[^\W\d]\w*")


def _word(name: str) -> bool:
    """A word of letters, decimal digits and "_" that starts with a letter:
    what may reach pint as a name (it keeps "_x" and "x__" for itself, and
    its tokenizer reads "²" as a power and fails on "½")."""
    return (
        name[:1].isalpha()
        and all(c.isalpha() or c.isdecimal() or c == "_" for c in name)
        and not name.endswith("__")
    )


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written, with what converts it to root units."""

    text: str
    factor: Decimal
    root: UnitsContainer


class Units:
    """The unit registry of one fact base, with a cache of parsed units."""

    def __init__(self, extra: Mapping[str, str] | None = None, on_demand: bool = True) -> None:
        """``on_demand``: define ISO currencies and pint's physical units when
        a unit names one (off: only what is defined here is known)."""
        import pint

        self.on_demand = on_demand
        self._registry: pint.UnitRegistry[Any] = pint.UnitRegistry(None)
        self._names: list[str] = []  # every name and alias, for "did you mean"
        for name, what, aliases in BASE_UNITS:
            if what.startswith("["):
                self._define(name, Decimal(1), {what: 1}, aliases)
            else:
                self._define(name, Decimal(what), {}, aliases)
        self._cache: dict[str, Unit] = {}
        # base units of pint's physical definitions in use (gram, meter, ...):
        # a value in them is best shown in a unit the fact base wrote
        self.physical: set[str] = set()
        for name, definition in (extra or {}).items():
            self._define_extra(name, definition)

    def _define(
        self, name: str, factor: Decimal, reference: Mapping[str, Any], aliases: tuple[str, ...]
    ) -> None:
        from pint.facets.plain.definitions import ScaleConverter, UnitDefinition
        from pint.util import UnitsContainer

        symbol = "%" if "%" in aliases else None
        aliases = tuple(alias for alias in aliases if alias != symbol)
        definition = UnitDefinition(
            name, symbol, aliases, ScaleConverter(float(factor)), UnitsContainer(reference)
        )
        # pint's annotation says str; its code takes definition objects as well
        self._registry.define(definition)  # type: ignore[arg-type]
        self._names.extend((name, *aliases, *((symbol,) if symbol else ())))

    def _define_extra(self, name: str, definition: str) -> None:
        where = f"units.{name}"
        if not _word(name):
            raise UnitError(
                f"unit name {name!r} is not a word starting with a letter (nor ending in '__')",
                entry=where,
            )
        # pint's ``in`` reads the name with its tokenizer, compiled on first
        # use (2 ms of start-up); a word needs only its name lookup
        if name in self._names or self._registry.parse_unit_name(name):
            raise UnitError(f"unit {name!r} is already defined", entry=where)
        aliases = tuple(alias for alias in (plural(name),) if alias != name)
        if _NEW_DIMENSION.fullmatch(definition.strip()):
            self._define(name, Decimal(1), {definition.strip(): 1}, aliases)
            return
        written = definition.strip()
        multiple = _MULTIPLE.fullmatch(written)
        times = Decimal(1)
        if multiple is not None:  # jin = "0.5 kg": exact where the definition is
            per = Decimal(multiple["per"] or 1)
            times = Decimal(multiple["number"]) / per if per else Decimal(0)
            if not times:
                raise UnitError(f"unit {name!r} is defined as zero times a unit", entry=where)
            definition = multiple["unit"]
        try:
            unit = self.parse(definition)
        except UnitError as error:
            raise UnitError(error.message, entry=where) from None
        if not MIN_FACTOR <= times * unit.factor <= MAX_FACTOR:
            raise UnitError(self._out_of_range(f"{name} = {written}"), entry=where)
        self._define(name, times * unit.factor, unit.root, aliases)

    def parse(self, text: str) -> Unit:
        """The unit for a string such as ``trillion CNY`` or ``CNY / USD``."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        unit = self._parse(text)
        self._cache[text] = unit
        return unit

    def _parse(self, text: str) -> Unit:
        import pint

        stripped = text.strip()
        if not stripped:
            from pint.util import UnitsContainer

            return Unit("", Decimal(1), UnitsContainer())
        if len(stripped) > MAX_UNIT_LENGTH:
            raise UnitError(f"malformed unit {_short(text)}")
        ambiguous = _AMBIGUOUS.search(stripped)
        if ambiguous:
            raise UnitError(AMBIGUOUS[ambiguous.group(0)])
        written = normalize(stripped)
        if not _UNIT_EXPR.fullmatch(written):
            raise UnitError(f"malformed unit {_short(text)}")
        try:
            factor, root = self._root_units(written, text)
        except OverflowError:
            raise UnitError(self._out_of_range(text)) from None
        except (pint.PintError, TypeError, ValueError, AttributeError):
            raise UnitError(f"malformed unit {_short(text)}") from None
        scale = Decimal(repr(factor))
        if not scale.is_finite() or not MIN_FACTOR <= abs(scale) <= MAX_FACTOR:
            raise UnitError(self._out_of_range(text))
        return Unit(stripped, scale, root._units)

    def _root_units(self, written: str, text: str) -> tuple[float, Any]:
        """pint's factor and root units for a unit expression, defining on
        the way the currencies and physical units it names that this
        registry does not hold yet."""
        import pint

        for _ in range(8):  # each round defines one more name
            try:
                parsed = self._container(written)
                factor, root = self._registry.get_root_units(parsed)
                return float(factor), root  # type: ignore[arg-type]  # pint types it loosely
            except pint.UndefinedUnitError as error:
                names = error.unit_names
                name = names[0] if isinstance(names, (list, tuple)) and names else str(names)
                if not self._define_on_demand(name):
                    raise UnitError(self._unknown(names, text)) from None
        raise UnitError(f"malformed unit {_short(text)}")

    def _container(self, written: str) -> Any:
        """The units of an expression that the grammar took, by their names
        in the registry, as pint's parser reads it ("cubic meter", "yuan
        per tonne", "a / b c" is a * c / b) without its tokenizer, which
        is a tenth of cnii's start-up."""
        from pint.util import UnitsContainer

        for pattern, replacement in _PINT_WORDS:
            written = pattern.sub(replacement, written)
        if not _UNIT_EXPR.fullmatch(written):  # "a per / b", "a squared**2": refused
            raise ValueError(written)
        powers: dict[str, int] = {}
        for operator, name, power in _TERMS.findall(written):
            if name != "%" and not _word(name):
                raise ValueError(name)
            sign = -1 if operator == "/" else 1
            powers[name] = powers.get(name, 0) + sign * (int(power) if power else 1)
        known: dict[str, int] = {}
        for name, power in powers.items():  # an unknown name is an error, cancelled or not
            canonical = self._registry.get_name(name)
            known[canonical] = known.get(canonical, 0) + power
        # "CNY / CNY" is a pure number, as pint has it
        return UnitsContainer({name: power for name, power in known.items() if power})

    def _define_on_demand(self, name: str) -> bool:
        """Define an ISO 4217 currency (a dimension of its own) or a physical
        unit of pint's own definitions (tonne, km, kWh, GW, ...), if ``name``
        is one. Both lists are loaded only when a fact base needs them."""
        if name in self._names or not self.on_demand:
            return False
        if re.fullmatch(r"[A-Z]{3}", name) and is_currency_code(name):
            self._define(name, Decimal(1), {f"[currency_{name}]": 1}, ())
            return True
        if not _word(name):
            return False
        found = _physical(name)
        if found is None:
            return False
        factor, root = found
        for base in root:
            if base not in self._names:
                self._define(base, Decimal(1), {f"[{base}]": 1}, ())
            self.physical.add(base)
        if name not in root:  # a base unit itself (meter) is defined above
            self._define(name, factor, root, ())
        return True

    @staticmethod
    def _out_of_range(text: str) -> str:
        return f"unit {_short(text)} scales by less than 1e-40 or more than 1e40"

    def _unknown(self, names: object, text: str) -> str:
        name = names[0] if isinstance(names, (list, tuple)) and names else str(names)
        return f"unknown unit {name!r} in {text!r}{did_you_mean(name, self._names)}"

    def display_for(self, value: Value, inputs: Iterable[Unit] = ()) -> Unit:
        """The unit to show a computed value in, where no entry declares one:
        for a physical quantity, the unit of an input of its dimension
        (tonnes, not "trillion gram"); else scale words for large amounts of
        one unit, percent for small shares. The only place cnii chooses a
        unit for display."""
        if self.physical and self.physical.intersection(value.unit):
            written = next((unit for unit in inputs if unit.root == value.unit), None)
            if written is not None:
                return written
        interval = value.interval
        finite = () if interval is None else (interval.lo, interval.hi)
        magnitude = max((b.copy_abs() for b in finite if b.is_finite()), default=Decimal(0))
        shown = self._display_unit(value.unit, magnitude)
        if dict(value.unit) == {"count": 1}:  # what its inputs count: people, not "count"
            noun = next(
                (n for unit in inputs if unit.root == value.unit and (n := _noun(unit))), None
            )
            if noun is not None:
                words = shown.text.split()
                return Unit(" ".join([*words[:-1], noun]), shown.factor, shown.root)
        return shown

    def _display_unit(self, root: UnitsContainer, magnitude: Decimal) -> Unit:
        if not root:
            return self.parse("%" if abs(magnitude) < 1 else "")
        # Built, not parsed: a computed unit may be beyond what a fact base may
        # write (USD**32 after repeated powers).
        text = _format_cached(root)
        if len(root) == 1 and next(iter(root.values())) == 1:
            for word, scale in DISPLAY_SCALES:
                if abs(magnitude) >= scale:
                    return Unit(f"{word} {text}", scale, root)
        return Unit(text, Decimal(1), root)


def _noun(unit: Unit) -> str | None:
    """The noun a count is written in ("万 people", "million households"),
    if it names one of the base count's words other than "count"."""
    words = unit.text.split()
    noun = words[-1] if words else ""
    return noun if noun not in ("", "count", "items", "item") and noun.isalpha() else None


@functools.lru_cache(maxsize=4096)  # a fact base writes the same few units again and again
def normalize(text: str) -> str:
    """A unit as printed (``U.S. dollars``, ``percentage points``, ``square
    meters``, ``万亿元``) in the words the grammar takes."""
    for pattern, replacement in _WRITTEN:
        if pattern.search(text):
            text = pattern.sub(replacement, text)
    return " ".join(text.split())


@functools.cache
def is_currency_code(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code (pycountry's list)."""
    import pycountry

    return pycountry.currencies.get(alpha_3=code) is not None


def _physical(name: str) -> tuple[Decimal, dict[str, int]] | None:
    """A physical unit's factor and root units: from the table of common
    ones (also for a plural, "tonnes"), else from pint's full registry."""
    from cnii.physical import UNITS

    singular = name.removesuffix("s")
    # a plural of a word, not of a symbol: "ms" is milliseconds, not meters
    found = UNITS.get(name) or (UNITS.get(singular) if _is_word(singular) else None)
    if found is not None:
        return Decimal(found[0]), dict(found[1])
    full = _physical_registry()
    if name not in full:
        return None
    factor, root = full.get_root_units(name)
    return Decimal(repr(factor)), dict(root._units)


def _is_word(name: str) -> bool:
    return len(name) > 2 and name.islower()


@functools.cache
def _physical_registry() -> Any:
    """pint's full registry, for its physical units: half a second to load,
    so only when a fact base names a unit that cnii's own registry lacks."""
    import pint

    return pint.UnitRegistry()


@functools.lru_cache(maxsize=1024)
def _format_cached(root: UnitsContainer) -> str:
    return format_units(root)


def format_units(root: UnitsContainer) -> str:
    """Root units as text, ``CNY / USD`` rather than pint's repr."""
    # pint types a container's powers loosely; in root units they are integers
    powers = {
        DISPLAY_NAMES.get(name, name): int(power)  # type: ignore[arg-type]
        for name, power in root.items()
    }
    up = [name if p == 1 else f"{name}**{p}" for name, p in powers.items() if p > 0]
    down = [name if p == -1 else f"{name}**{-p}" for name, p in powers.items() if p < 0]
    text = " * ".join(up) or ("1" if down else "")
    return f"{text} / {' / '.join(down)}" if down else text


def units_name(root: UnitsContainer) -> str:
    """Root units as a reader would name them in a message."""
    return format_units(root) or "a pure number or share"


def plural(noun: str) -> str:
    """The English plural, where it is more than an added "s" (which pint
    already understands): factory -> factories, box -> boxes."""
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
