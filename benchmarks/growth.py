"""Inputs of every command at a size n: what growth is measured on.

``inputs(command, n, folder)`` writes the input files of one command for a
size n into ``folder`` and returns the command line's arguments (after
``cnii``). benchmarks/run.py times each command at n and 4n;
tests/test_growth.py counts the calls each makes at n and 4n. Each command's
n is scaled so that it runs about as long as the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generate import generate

REPO = Path(__file__).resolve().parent.parent


def _facts(n: int, folder: Path, claims: int = 40) -> str:
    """n copies of a generated fact base of ``claims`` claims: the same
    shape at every n (a generated base of 4n claims chains its derivations
    deeper than one of n)."""
    path = folder / f"facts-{claims}x{n}.toml"
    if not path.exists():
        path.write_text(generate(claims, copies=n), encoding="utf-8")
    return str(path)


def _article(n: int, folder: Path) -> str:
    """The bundled article, n times over: n times its phrases and claims."""
    path = folder / f"article-{n}.txt"
    if not path.exists():
        text = (REPO / "article.txt").read_text(encoding="utf-8")
        path.write_text("\n\n".join([text] * n), encoding="utf-8")
    return str(path)


def drafted(n: int, folder: Path) -> str:
    """A fact base drafted from ``_article(n)``: claims that the article's
    phrases cover, for coverage and --into."""
    from cnii import draft

    path = folder / f"drafted-{n}.toml"
    if not path.exists():
        article = Path(_article(n, folder))
        text = article.read_text(encoding="utf-8")
        drafted = draft.settled(draft.to_toml(draft.draft(text, article.name)), str(path))
        path.write_text(drafted, encoding="utf-8")
    return str(path)


def _check(n: int, folder: Path) -> list[str]:
    return ["check", "--facts", _facts(4 * n, folder), "--format", "json"]


def _explain_all(n: int, folder: Path) -> list[str]:
    return ["check", "--facts", _facts(n, folder, 5), "--format", "json", "--explain"]


def _explain(n: int, folder: Path) -> list[str]:
    return ["explain", "k0", "--facts", _facts(4 * n, folder), "--format", "json"]


def _derive(n: int, folder: Path) -> list[str]:
    return ["derive", "d0", "--facts", _facts(4 * n, folder), "--format", "json"]


def _derivations(n: int, folder: Path) -> list[str]:
    return ["derive", "--facts", _facts(4 * n, folder), "--format", "json"]


def _coverage(n: int, folder: Path) -> list[str]:
    facts, article = drafted(8 * n, folder), _article(8 * n, folder)
    return ["coverage", "--facts", facts, "--source", article, "--format", "json"]


def _coverage_distinct(n: int, folder: Path) -> list[str]:
    """Claims that each print a figure of their own, over an article that
    prints them all: one search of the article per figure was quadratic."""
    facts, article = folder / f"distinct-{n}.toml", folder / f"distinct-{n}.txt"
    if not facts.exists():
        figures = [f"{1000 + i:,} units" for i in range(200 * n)]
        claims = "".join(
            f'[claims.c{i}]\nprinted = "{figure}"\nvalue = "{figure.replace(",", "")}"\n'
            f'period = "2024"\nstatement = "Claim {i}."\nunchecked = "a benchmark"\n'
            for i, figure in enumerate(figures)
        )
        facts.write_text(f'[units]\nunit = "count"\n{claims}', encoding="utf-8")
        sentences = " ".join(f"It made {figure} in one year." for figure in figures)
        article.write_text(sentences + " No number here." * (20 * n) + "\n", encoding="utf-8")
    return ["coverage", "--facts", str(facts), "--source", str(article), "--format", "json"]


def _draft(n: int, folder: Path) -> list[str]:
    return ["draft", _article(4 * n, folder), "--output", str(folder / "out.toml"), "--force"]


def _page(n: int, folder: Path) -> list[str]:
    return ["check", "--facts", _facts(n, folder, 5), "--format", "html"]


def _into(n: int, folder: Path) -> list[str]:
    """--into a fact base drafted from half the article: the other half is
    what is added. ``reset`` puts the fact base back before each run."""
    reset(n, folder)
    return ["draft", _article(4 * n, folder), "--into", str(folder / f"into-{n}.toml")]


def into_original(n: int, folder: Path) -> str:
    """What the fact base of ``draft --into`` at size n holds before a run:
    the draft of half the article it is given."""
    return drafted(2 * n, folder)


def reset(n: int, folder: Path) -> None:
    """The fact base of ``draft --into`` at size n as it was before the run."""
    target = folder / f"into-{n}.toml"
    target.write_text(Path(into_original(n, folder)).read_text(encoding="utf-8"), encoding="utf-8")


def _scan(n: int, folder: Path) -> list[str]:
    """The four articles of examples/archive.jsonl, n times over (in one
    process: the work, not the pool, is what grows)."""
    path = folder / f"archive-{n}.jsonl"
    if not path.exists():
        lines = (REPO / "examples" / "archive.jsonl").read_text(encoding="utf-8").splitlines()
        path.write_text(
            "".join(
                line.replace('{"id": "', f'{{"id": "{k}-') + "\n"
                for k in range(n)
                for line in lines
            ),
            encoding="utf-8",
        )
    return ["scan", str(path), "--jobs", "1", "--format", "jsonl"]


COMMANDS: dict[str, Callable[[int, Path], list[str]]] = {
    "check": _check,
    "check --explain": _explain_all,
    "explain": _explain,
    "derive NAME": _derive,
    "derive": _derivations,
    "coverage": _coverage,
    "coverage, a figure per claim": _coverage_distinct,
    "draft": _draft,
    "check --format html": _page,
    "draft --into": _into,
    "scan": _scan,
}


def ratio(one: float, small: float, large: float, n: int) -> float:
    """How much the cost at 4n exceeds the cost at n, beyond the cost at no
    input: that is extrapolated from sizes 1 and n (a line through them), so
    linear cost gives 4.0 and quadratic about 16."""
    unit = (small - one) / (n - 1)
    nothing = one - unit
    return (large - nothing) / max(small - nothing, 1e-9)


def inputs(command: str, n: int, folder: Path) -> list[str]:
    """The arguments of ``command`` at size n, its inputs written in ``folder``."""
    return COMMANDS[command](n, folder)
