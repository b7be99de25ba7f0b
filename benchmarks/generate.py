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


def generate(n: int, seed: int = 1) -> str:
    if n < len(KINDS):
        raise ValueError(f"n must be at least {len(KINDS)}: one claim of each kind")
    rng = random.Random(seed)
    out = [
        '[article]\ntitle = "Synthetic"\ndate = 2024-12-31\n',
        '[units]\nproject = "count"\n',
        '[references.rate]\nvalue = "7.1884 CNY / USD"\nsource = "CFETS"\n'
        'date = 2024-12-31\nstatement = "A rate."\n',
    ]
    families: dict[str, list[str]] = {"cny": [], "usd": [], "share": [], "count": []}
    for i in range(n):
        value, printed, family = KINDS[i % len(KINDS)]
        a, d = rng.randint(1, 9), rng.randint(0, 99)
        lines = [
            f"[claims.c{i}]",
            f'printed = "{printed.format(n=a, d=d)}"',
            f'value = "{value.format(n=a, d=d)}"',
        ]
        if family in QUALIFIER:
            lines.append(f'qualifier = "{QUALIFIER[family]}"')
        if i % 7 == 0 and family == "cny":
            lines.append('rounding = "down"')
        lines += ['period = "2024"', f'statement = "Synthetic claim {i}."', ""]
        out.append("\n".join(lines))
        families[family].append(f"c{i}")
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
            f'[derivations.d{i}]\nformula = "{formula}"\nstatement = "Synthetic derivation {i}."\n'
        )
        derived[family].append(f"d{i}")
    for i in range(n):
        family = ("cny", "usd", "share", "count")[i % 4]
        left = rng.choice(derived[family] or families[family])
        right = rng.choice(families[family])
        relation = ("equal", "at_most", "at_least")[i % 3]
        out.append(
            f'[checks.k{i}]\nleft = "{left}"\nright = "{right}"\n'
            f'relation = "{relation}"\nstatement = "Synthetic check {i}."\n'
        )
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
