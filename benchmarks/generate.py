"""Write a synthetic fact base of N claims, N derivations and N checks.

A realistic mix: amounts in yuan and dollars at several scales, shares,
growth rates and counts; qualifiers and rounding rules; formulas that use
the named functions and chain on earlier derivations (depth up to 4); checks
of every relation, some expected to be inconsistent or unverifiable.

    python benchmarks/generate.py 10000 > /tmp/facts-10000.toml
"""

from __future__ import annotations

import random
import sys

KINDS = (
    # (value template, printed template, unit family)
    ("{n}.{d:02d} trillion CNY", "{n}.{d:02d} trillion yuan", "cny"),
    ("{n}{d:02d} billion USD", "about ${n}{d:02d} billion", "usd"),
    ("{n}.{d:02d} %", "{n}.{d:02d} percent", "share"),
    ("{n},{d:02d}0 projects", "over {n},{d:02d}0", "count"),
    ("{n}{d:02d} 亿 CNY", "{n}{d:02d}亿元", "cny"),
)
QUALIFIER = {"usd": "about", "count": "over"}


def generate(n: int, seed: int = 1, copies: int = 1) -> str:
    """n claims, derivations and checks; with ``copies``, that many copies of
    them under other ids (x1_c0, ...): an input k times as large with the
    same shape, where work must grow k times."""
    if n < len(KINDS):
        raise ValueError(f"n must be at least {len(KINDS)}: one claim of each kind")
    out = [
        '[article]\ntitle = "Synthetic"\ndate = 2024-12-31\n',
        '[units]\nproject = "count"\n',
        '[references.rate]\nvalue = "7.1884 CNY / USD"\nsource = "CFETS"\n'
        'date = 2024-12-31\nstatement = "A rate."\n',
    ]
    for copy in range(copies):
        out += _entries(n, random.Random(seed), f"x{copy}_" if copy else "")
    return "\n".join(out)


def _entries(n: int, rng: random.Random, prefix: str) -> list[str]:
    out = []
    families: dict[str, list[str]] = {"cny": [], "usd": [], "share": [], "count": []}
    for i in range(n):
        value, printed, family = KINDS[i % len(KINDS)]
        a, d = rng.randint(1, 9), rng.randint(0, 99)
        lines = [
            f"[claims.{prefix}c{i}]",
            f'printed = "{printed.format(n=a, d=d)}"',
            f'value = "{value.format(n=a, d=d)}"',
        ]
        if family in QUALIFIER:
            lines.append(f'qualifier = "{QUALIFIER[family]}"')
        if i % 7 == 0 and family == "cny":
            lines.append('rounding = "down"')
        lines += ['period = "2024"', f'statement = "Synthetic claim {i}."', ""]
        out.append("\n".join(lines))
        families[family].append(f"{prefix}c{i}")
    derived: dict[str, list[str]] = {"cny": [], "usd": [], "share": [], "count": []}
    for i in range(n):
        pick = i % 5
        cny, share = rng.choice(families["cny"]), rng.choice(families["share"])
        deeper = derived["cny"][-50:] if derived["cny"] and i % 3 == 0 else families["cny"]
        formula, family = [
            (f"implied_total({cny}, {share})", "cny"),
            (f"convert({rng.choice(deeper)}, rate)", "usd"),
            (f"share({cny}, {rng.choice(deeper)})", "share"),
            (f"prior_year({rng.choice(deeper)}, {share}) + {cny} * 2", "cny"),
            (f"max({rng.choice(families['count'])}, {rng.choice(families['count'])})", "count"),
        ][pick]
        out.append(
            f'[derivations.{prefix}d{i}]\nformula = "{formula}"\n'
            f'statement = "Synthetic derivation {i}."\n'
        )
        derived[family].append(f"{prefix}d{i}")
    for i in range(n):
        family = ("cny", "usd", "share", "count")[i % 4]
        left = rng.choice(derived[family] or families[family])
        right = rng.choice(families[family])
        relation = ("equal", "at_most", "at_least")[i % 3]
        out.append(
            f'[checks.{prefix}k{i}]\nleft = "{left}"\nright = "{right}"\n'
            f'relation = "{relation}"\nstatement = "Synthetic check {i}."\n'
        )
    return out


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))


# -- hostile shapes: large or pathological inputs of each class of attack ------

_ONE_CLAIM = (
    '[claims.sales]\nprinted = "about $12 million"\nvalue = "12 million USD"\n'
    'qualifier = "about"\nperiod = "2023"\nstatement = "Sales."\n'
    '[claims.budget]\nprinted = "$40 million"\nvalue = "40 million USD"\n'
    'period = "2023"\nstatement = "Budget."\n'
)


def chain(n: int) -> str:
    """n derivations, each using the one before: deep, not wide."""
    out = [_ONE_CLAIM, '[derivations.c0]\nformula = "sales"\nstatement = "s"\n']
    out += [f'[derivations.c{i}]\nformula = "c{i - 1} * 1"\nstatement = "s"\n' for i in range(1, n)]
    out.append(
        f'[checks.deep]\nleft = "c{n - 1}"\nright = "budget"\nstatement = "s"\n'
        'expect = "inconsistent"\nwhy = "12 is not 40."\nrates = ["budget"]\n'
    )
    return "\n".join(out)


def long_chain(n: int) -> str:
    """n claims and n derivations in one chain, each the larger of the one
    before and a claim of its own, and a check at its end: 2n entries, as
    deep as they are many."""
    out = [
        f'[claims.c{i}]\nprinted = "{i % 97 + 1} million dollars"\n'
        f'value = "{i % 97 + 1} million USD"\nperiod = "2023"\nstatement = "s"\n'
        for i in range(n)
    ]
    out.append('[derivations.d0]\nformula = "c0"\nstatement = "s"\n')
    out += [
        f'[derivations.d{i}]\nformula = "max(d{i - 1}, c{i})"\nstatement = "s"\n'
        for i in range(1, n)
    ]
    out.append(
        f'[checks.top]\nleft = "d{n - 1}"\nright = "c{n - 1}"\nrelation = "at_least"\n'
        'statement = "s"\n'
    )
    return "\n".join(out)


def diamonds(n: int) -> str:
    """n diamonds in a row: each level uses the one below by two paths, so
    the top rests on the bottom by 2**n paths."""
    out, below = [_ONE_CLAIM], "sales"
    for i in range(n):
        out.append(f'[derivations.l{i}]\nformula = "{below} * 1"\nstatement = "s"\n')
        out.append(f'[derivations.r{i}]\nformula = "{below} * 1"\nstatement = "s"\n')
        out.append(f'[derivations.d{i}]\nformula = "(l{i} + r{i}) / 2"\nstatement = "s"\n')
        below = f"d{i}"
    out.append(
        f'[checks.top]\nleft = "{below}"\nright = "budget"\nstatement = "s"\n'
        'expect = "inconsistent"\nwhy = "12 is not 40."\nrates = ["budget"]\n'
    )
    return "\n".join(out)


def wide(n: int) -> str:
    """One check whose side adds n claims: n inputs to solve for."""
    out = [_ONE_CLAIM]
    out += [
        f'[claims.p{i}]\nprinted = "{i + 1} million"\nvalue = "{i + 1} million USD"\n'
        f'period = "2023"\nstatement = "s"\n'
        for i in range(n)
    ]
    terms = [f"p{i}" for i in range(n)]
    # A formula nests at most 32 levels deep: add in derivations of 25.
    groups = [terms[i : i + 25] for i in range(0, n, 25)]
    for g, group in enumerate(groups):
        out.append(f'[derivations.g{g}]\nformula = "{" + ".join(group)}"\nstatement = "s"\n')
    total = " + ".join(f"g{g}" for g in range(len(groups)))
    out.append(f'[derivations.total]\nformula = "{total}"\nstatement = "s"\n')
    out.append(
        '[checks.wide]\nleft = "total"\nright = "budget"\nstatement = "s"\n'
        'expect = "inconsistent"\nwhy = "The parts do not add up."\n'
    )
    return "\n".join(out)


def bracket_lines(n: int, width: int = 900) -> str:
    """n formulas of "[" and spaces: a line scan that is not linear chokes."""
    out = [_ONE_CLAIM]
    out += [
        f'[derivations.b{i}]\nformula = """\n[{" " * width}\n"""\nstatement = "s"\n'
        for i in range(n)
    ]
    out.append('[checks.c]\nleft = "sales"\nright = "sales"\nstatement = "s"\n')
    return "\n".join(out)


def many_units(n: int) -> str:
    """n unit definitions."""
    units = "\n".join(f'thing{i} = "count"' for i in range(n))
    return f"[units]\n{units}\n\n{_ONE_CLAIM}\n" + (
        '[checks.c]\nleft = "sales"\nright = "sales"\nstatement = "s"\n'
    )


def article_of_ones(size: int) -> str:
    """An article of size bytes of "1 ": every other character a number."""
    return "1 " * (size // 2)


def article_repeating(size: int) -> str:
    """An article that repeats a claim's printed figure until size bytes."""
    sentence = "Sales were about $12 million and the budget $40 million. "
    return sentence * (size // len(sentence))


ONE_BAD = ("unknown table", "unknown field", "field at the end", "unit at the start")


def one_bad_field(size: int, kind: str) -> str:
    """A fact base of about ``size`` bytes that one bad field makes unusable:
    it must be refused in little more than the time its TOML takes to parse."""
    if kind == "unknown table":  # a million and a half tables, the first unknown
        return "".join(f"[t{i}]\n" for i in range(size // 10))
    if kind == "unknown field":  # one claim with a million fields
        return "[claims.a]\n" + "".join(f"f{i} = 1\n" for i in range(size // 12))
    # as many entries as a fact base may have, their statements padded to size
    base = generate(33_000)
    statements = base.count('statement = "Synthetic')
    padding = "x" * max(0, (size - len(base)) // statements)
    base = base.replace('statement = "Synthetic', f'statement = "{padding} Synthetic')
    if kind == "field at the end":
        return base + '\n[claims.last]\nprinted = "5"\nvalue = "5"\nstatement = "s"\nbogus = 1\n'
    if kind == "unit at the start":
        return base.replace("trillion CNY", "trillion CNYY", 1)
    raise ValueError(kind)
