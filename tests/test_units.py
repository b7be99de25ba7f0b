"""The unit registry: what it knows, what it refuses, what it suggests."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnii import physical
from cnii.errors import UnitError
from cnii.figures import parse_figure
from cnii.interval import Interval
from cnii.units import Units, format_units, normalize
from cnii.value import Value


@pytest.fixture(scope="module")
def units() -> Units:
    return Units({"factory": "count", "box": "count", "widget": "[widget]"})


@pytest.mark.parametrize(
    ("text", "factor", "root"),
    [
        ("trillion CNY", "1e12", "CNY"),
        ("yuan", "1", "CNY"),
        ("RMB", "1", "CNY"),
        ("元", "1", "CNY"),
        ("亿 元", "1e8", "CNY"),
        ("万 CNY", "1e4", "CNY"),
        ("billion USD", "1e9", "USD"),
        ("dollars", "1", "USD"),
        ("%", "0.01", ""),
        ("percent", "0.01", ""),
        ("CNY / USD", "1", "CNY / USD"),
        ("million EUR", "1e6", "EUR"),
        ("billion CNY / factory", "1e9", "CNY / count"),
        ("factories", "1", "count"),
        ("boxes", "1", "count"),
        ("widgets", "1", "widget"),
        ("", "1", ""),
        # as printed
        ("trillion U.S. dollars", "1e12", "USD"),
        ("billion US dollars", "1e9", "USD"),
        ("billion Hong Kong dollars", "1e9", "HKD"),
        ("万亿元", "1e12", "CNY"),
        ("亿元", "1e8", "CNY"),
        ("万亿", "1e12", ""),
        ("billion euros", "1e9", "EUR"),
        # percentage points: a dimension apart from percent
        ("percentage points", "1", "pp"),
        ("percentage point", "1", "pp"),
        ("pp", "1", "pp"),
        ("ppt", "1", "pp"),
        # counts out of the box
        ("people", "1", "count"),
        ("persons", "1", "count"),
        ("households", "1", "count"),
        ("vehicles", "1", "count"),
        ("TEU", "1", "count"),
        # any ISO 4217 code
        ("billion HKD", "1e9", "HKD"),
        ("INR", "1", "INR"),
        ("CHF / EUR", "1", "CHF / EUR"),
        # physical units, from pint's own definitions
        ("tonnes", "1e6", "gram"),
        ("million t", "1e12", "gram"),
        ("kg", "1e3", "gram"),
        ("km", "1e3", "meter"),
        ("square meters", "1", "meter**2"),
        ("kWh", "3.6e9", "gram * meter**2 / second**2"),
        ("GW", "1e12", "gram * meter**2 / second**3"),
        ("kg / person", "1e3", "gram / count"),
    ],
)
def test_known_units(units: Units, text: str, factor: str, root: str) -> None:
    unit = units.parse(text)
    assert unit.factor == D(factor)
    assert format_units(unit.root) == root


def test_currencies_are_different_dimensions(units: Units) -> None:
    assert units.parse("CNY").root != units.parse("USD").root
    assert units.parse("CNY").root != units.parse("%").root


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("trilion CNY", "unknown unit 'trilion' in 'trilion CNY' (did you mean 'trillion'?)"),
        ("yaun", "did you mean 'yuan'?"),
        ("gizmo", "unknown unit 'gizmo'"),
        ("CNY + USD", "malformed unit"),
        ("m**10**10", "malformed unit"),
        ("__import__('os')", "malformed unit"),
        ("CNY" * 40, "malformed unit"),
        ("XYZ", "unknown unit 'XYZ'"),  # three capitals, but no currency
        ("¥", "'¥' is both yuan and yen: write CNY or JPY"),
        ("billion ¥", "'¥' is both yuan and yen"),
        ("tons", "write tonnes, short_ton or long_ton"),
        ("million ton", "write tonne, short_ton or long_ton"),
    ],
)
def test_unknown_and_malformed_units(units: Units, text: str, message: str) -> None:
    with pytest.raises(UnitError) as caught:
        units.parse(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"CNY": "count"}, "units.CNY: unit 'CNY' is already defined"),
        ({"two words": "count"}, "is not a word"),
        ({"gadget": "gizmo"}, "units.gadget: unknown unit 'gizmo'"),
        ({"jin": "0 kg"}, "units.jin: unit 'jin' is defined as zero times a unit"),
        ({"mu": "2000/0 m**2"}, "units.mu: unit 'mu' is defined as zero times a unit"),
        ({"jin": "0.5 gizmo"}, "units.jin: unknown unit 'gizmo'"),
        ({"big": "999999999999999999999999999999 trillion CNY"}, "units.big: unit 'big = "),
    ],
)
def test_fact_base_units_are_checked(extra: dict[str, str], message: str) -> None:
    with pytest.raises(UnitError) as caught:
        Units(extra)
    assert message in str(caught.value)


def test_display_for_picks_a_scale_word(units: Units) -> None:
    def shown(unit: str, lo: str, hi: str) -> str:
        value = Value(units.parse(unit).root, Interval(D(lo), D(hi)))
        return units.display_for(value).text

    assert shown("CNY", "3.9e13", "4.0e13") == "trillion CNY"
    assert shown("CNY", "2.1e11", "2.2e11") == "billion CNY"
    assert shown("CNY", "-950", "900") == "CNY"
    assert shown("", "0.0112", "0.0113") == "%"
    assert units.display_for(Value(units.parse("USD").root, None)).text == "USD"


def test_units_defined_as_objects_mean_what_pint_reads_from_text() -> None:
    """The registry is given definition objects (pint's text parser is slow):
    each name and alias must mean what the same definition read as text does."""
    import pint

    from cnii.units import BASE_UNITS

    text: pint.UnitRegistry[Any] = pint.UnitRegistry(None)
    for name, what, aliases in BASE_UNITS:
        text.define(" = ".join([name, what, *aliases]))
    units = Units({"widget": "[widget]", "factory": "count", "kilo_usd": "thousand USD"})
    for name, _, aliases in BASE_UNITS:
        for written in (name, *aliases):
            factor, root = text.get_root_units(text.parse_units(written))
            unit = units.parse(written)
            assert (unit.factor, dict(unit.root)) == (D(repr(factor)), dict(root._units))
    assert units.parse("factories").root == units.parse("count").root
    assert units.parse("kilo_usd").factor == D(1000)
    assert dict(units.parse("widgets").root) == {"widget": 1}


def test_every_iso_currency_is_a_dimension_of_its_own(units: Units) -> None:
    import pycountry

    codes = [currency.alpha_3 for currency in pycountry.currencies]
    assert len(codes) > 150
    roots = {units.parse(code).root for code in codes}
    assert len(roots) == len(set(codes))  # none the same as another


def test_percentage_points_are_not_percent(units: Units) -> None:
    assert units.parse("pp").root != units.parse("%").root
    assert units.parse("pp").root != units.parse("").root


def test_physical_and_currency_lists_load_only_when_used() -> None:
    """A fact base in cnii's own units never loads pycountry or pint's full
    registry: its start-up stays as it was."""
    import subprocess
    import sys

    code = (
        "import sys, cnii\n"
        "cnii.check('facts.toml')\n"
        "from cnii import units\n"
        "print('pycountry' in sys.modules, units._physical_registry.cache_info().currsize)\n"
        "units.Units().parse('kWh')\n"
        "units.Units().parse('million tonnes / square kilometers')\n"
        "print(units._physical_registry.cache_info().currsize)\n"
        "units.Units().parse('furlongs')\n"
        "print(units._physical_registry.cache_info().currsize)\n"
    )
    from .conftest import REPO

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    # the common physical units come from cnii's table; a rare one from pint's
    assert done.stdout.split() == ["False", "0", "0", "1"], done.stderr


def _full_registry_roots(name: str) -> tuple[D, dict[str, int]]:
    import pint

    factor, root = _FULL.setdefault("r", pint.UnitRegistry()).get_root_units(name)
    return D(repr(factor)), dict(root._units)


_FULL: dict[str, Any] = {}


@pytest.mark.parametrize("name", sorted(physical.UNITS))
def test_each_physical_unit_of_the_table_is_what_pints_full_registry_says(name: str) -> None:
    factor, root = physical.UNITS[name]
    assert (D(factor), dict(root)) == _full_registry_roots(name)


@pytest.mark.parametrize(
    "written", ["tonnes", "kilometres", "hectares", "barrels", "hours", "gigabytes", "ms", "kts"]
)
def test_a_physical_unit_means_what_pints_full_registry_says(written: str) -> None:
    """Plurals of the table's words, and symbols that only look like plurals
    ("ms" is milliseconds, not meters; "kts" knots), as pint reads them."""
    unit = Units().parse(written)
    assert unit.factor == D(repr(float(_full_registry_roots(written)[0])))
    assert dict(unit.root) == _full_registry_roots(written)[1]


_WORDS = ["CNY", "USD", "trillion", "万", "亿", "percent", "%", "people", "tonnes", "km"]
_WORDS += ["hour", "meter", "kWh", "GW", "pp", "times", "crore", "item", "EUR", "s", "h"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([" ", " * ", " / ", "*", "/", " per "]),
            st.sampled_from(_WORDS),
            st.sampled_from(["", "**2", "^3", "**-1", " ** 2"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_units_are_read_as_pints_parser_reads_them(terms: list[tuple[str, str, str]]) -> None:
    """cnii reads a unit expression itself (pint's parser runs Python's
    tokenizer, a tenth of start-up): the same units, or refused."""
    written = "".join(f"{op}{word}{power}" for op, word, power in terms)[len(terms[0][0]) :]
    units = Units()
    try:
        ours = units.parse(written).root
    except UnitError:
        return
    # defined now, on demand where needed: pint's own parser on the same registry
    theirs = units._registry.parse_units(normalize(written))
    assert ours == units._registry.get_root_units(theirs)[1]._units


def test_a_base_unit_and_one_made_of_it_multiply() -> None:
    """'meter' is a base of pint's physical units: defining it in terms of
    itself once sent pint into endless recursion (a traceback)."""
    unit = Units().parse("meter km")
    assert (unit.factor, dict(unit.root)) == (D(1000), {"meter": 2})


@pytest.mark.parametrize(
    ("definition", "value", "grams"),
    [
        ("0.5 kg", "12142 亿 jin", D("6.0710E+14")),  # 12142亿斤 is 60710万吨
        ("500 g", "2 jin", D(1000)),
        ("0.5 * kg", "1 jin", D(500)),
    ],
)
def test_a_fact_base_defines_a_multiple_of_a_unit(definition: str, value: str, grams: D) -> None:
    units = Units({"jin": definition})
    figure = parse_figure(value)
    unit = units.parse(figure.unit_text)
    assert figure.number * unit.factor == grams
    assert str(unit.root) == str(units.parse("kg").root)


def test_a_multiple_by_a_ratio_keeps_sixteen_digits() -> None:
    """The mu is 2000/3 square metres, which no decimal holds exactly: 15 mu
    are 10,000 m² to 15 digits (a decimal definition, 0.5 kg, is exact)."""
    units = Units({"mu": "2000/3 m**2"})
    assert abs(15 * units.parse("mu").factor - 10000) < D("1E-11")


def test_a_computed_count_is_shown_in_the_noun_its_inputs_count() -> None:
    import cnii

    text = """
[article]
title = "t"
date = 2024-12-31
[claims.old]
printed = "31031万人"
value = "31031 万 people"
period = "2024"
statement = "Aged 60 and over."
[claims.share]
printed = "22.0%"
value = "22.0 %"
period = "2024"
statement = "Their share."
[derivations.whole]
formula = "implied_total(old, share)"
statement = "The whole they are a share of."
[checks.whole_is_itself]
left = "whole"
right = "whole"
statement = "s"
"""
    report = cnii.check(cnii.loads(text, "f.toml"))
    assert report.evaluation.display["whole"].text == "billion people"
    counted = text.replace("31031 万 people", "31031 万 items")
    report = cnii.check(cnii.loads(counted, "f.toml"))
    assert report.evaluation.display["whole"].text == "billion count"
