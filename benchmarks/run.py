"""Measure cnii's start-up, scale and hostile-input targets; exit 1 if one is missed.

Run it against a regular install (``pip install .``), which compiles
bytecode: an editable install under PYTHONDONTWRITEBYTECODE recompiles cnii
on every run and measures the compiler, not cnii.

    python benchmarks/run.py            # all targets
    python benchmarks/run.py --runs 30  # more runs per median
    python benchmarks/run.py --baseline /path/to/other/venv/bin/cnii
                                        # start-up against another build, same run

Each figure is the median of several runs; start-up commands are run
interleaved with their baseline so that drift in the machine's load hits
both alike.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  # beside this script, on the path set above

PYTHON = sys.executable
# What every command imports anyway: the floor start-up is measured against.
# pydantic is part of it where it is installed (typer 0.29 imported it, and
# the targets were set against it); cnii itself no longer needs it.
FLOOR_IMPORTS = "typer, pint, rich.table" + (
    ", pydantic" if importlib.util.find_spec("pydantic") else ""
)
FLOOR = [PYTHON, "-c", f"import {FLOOR_IMPORTS}"]
HELP_FLOOR = [PYTHON, "-c", "import typer, typer.rich_utils"]
# The same commands and options as cnii's, doing nothing, with cnii's garbage
# collector settings: what typer itself costs to build and run a command line
# beyond importing the libraries.
TYPER_APP = f"""
import gc
gc.freeze()
gc.set_threshold(100_000, 20, 100)
import {FLOOR_IMPORTS}
app = typer.Typer()
@app.command()
def check(facts: str | None = typer.Option(None, "--facts"), format_: str = "auto",
          strict: bool = False) -> None: ...
@app.command()
def derive(name: str | None = None, facts: str | None = None) -> None: ...
app()
"""


@dataclass
class Run:
    seconds: float
    max_rss_kb: int
    code: int
    cpu: float = 0.0  # user and system time: less disturbed by other load than wall time


def run(command: Sequence[str], expect: tuple[int, ...] = (0, 1)) -> Run:
    """Run a command once: its wall time and peak memory; it must exit as expected."""
    # Standard error to a file, not a pipe: a run that warns of thousands of
    # entries would fill the pipe and wait for a reader that waits for it.
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in expect:
        raise SystemExit(f"benchmark: {' '.join(command)} failed ({code}):\n{errors}")
    return Run(seconds, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)


def medians(commands: dict[str, Sequence[str]], runs: int, cpu: bool = False) -> dict[str, float]:
    """Median wall time (or ``cpu`` time) of each command, the commands
    interleaved."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache
        run(command)
    for _ in range(runs):
        for name, command in commands.items():
            done = run(command)
            times[name].append(done.cpu if cpu else done.seconds)
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass
class Result:
    name: str
    value: str
    target: str
    met: bool


def startup(cnii: list[str], runs: int, scratch: Path) -> list[Result]:
    typer_app = scratch / "typer_app.py"
    typer_app.write_text(TYPER_APP)
    facts = str(REPO / "facts.toml")
    t = medians(
        {
            "floor": FLOOR,
            "typer": [PYTHON, str(typer_app), "check"],
            "cnii": [*cnii, "check", "--facts", facts],
        },
        runs,
    )
    own = t["cnii"] - t["typer"]
    return [
        Result(
            f"import floor ({FLOOR_IMPORTS})",
            f"{t['floor'] * 1000:.1f} ms",
            "baseline",
            True,
        ),
        Result(
            "typer app with cnii's commands, doing nothing",
            f"{t['typer'] * 1000:.1f} ms = {t['typer'] / t['floor']:.2f} x floor",
            "(typer's own cost)",
            True,
        ),
        Result(
            "cnii check, bundled fact base",
            f"{t['cnii'] * 1000:.1f} ms = {t['cnii'] / t['floor']:.2f} x floor",
            "<= 1.0 x floor",
            t["cnii"] <= t["floor"],
        ),
        Result(
            "  of which cnii's own work beyond typer",
            f"{own * 1000:.1f} ms = {own / t['floor'] * 100:.1f} % of floor",
            "< 15 % of floor",
            own < 0.15 * t["floor"],
        ),
    ]


def against_baseline(cnii: list[str], baseline: list[str], runs: int) -> list[Result]:
    """Start-up of this build against another, interleaved in one run: the
    machine's drift hits both alike, so the ratio is what can be trusted."""
    facts = str(REPO / "facts.toml")
    commands = {
        "check": ["check", "--facts", facts, "--format", "text"],
        "check --format json": ["check", "--facts", facts, "--format", "json"],
        "--help": ["--help"],
    }
    t = medians(
        {
            f"{who} {name}": [*command, *args]
            for name, args in commands.items()
            for who, command in (("this", cnii), ("baseline", baseline))
        },
        runs,
    )
    results = []
    for name in commands:
        ratio = t[f"this {name}"] / t[f"baseline {name}"]
        results.append(
            Result(
                f"cnii {name}: this / baseline",
                f"{t[f'this {name}'] * 1000:.1f} / {t[f'baseline {name}'] * 1000:.1f} ms"
                f" = {ratio:.3f}",
                "<= 1.05",
                ratio <= 1.05,
            )
        )
    return results


def help_(cnii: list[str], runs: int) -> list[Result]:
    t = medians({"floor": HELP_FLOOR, "help": [*cnii, "--help"]}, runs)
    traced = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "cnii", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = {line.rsplit("|", 1)[-1].strip() for line in traced.stderr.splitlines()}
    return [
        Result(
            "cnii --help",
            f"{t['help'] * 1000:.1f} ms = {t['help'] / t['floor']:.2f} x "
            f"typer floor ({t['floor'] * 1000:.1f} ms)",
            "<= 1.2 x",
            t["help"] <= 1.2 * t["floor"],
        ),
        Result(
            "cnii --help imports pint",
            "yes" if "pint" in modules else "no",
            "no",
            "pint" not in modules,
        ),
    ]


def html_page(cnii: list[str], runs: int, scratch: Path) -> list[Result]:
    """The bundled fact base's HTML page: its size, and what building it
    costs beyond the same check written as JSON (start-up, loading, checks)."""
    page, report = scratch / "report.html", scratch / "report.json"
    t = medians(
        {
            "json": [*cnii, "check", "--format", "json", "-o", str(report)],
            "html": [*cnii, "check", "--format", "html", "-o", str(page)],
        },
        runs,
    )
    beyond = t["html"] - t["json"]
    size = page.stat().st_size
    sizes = {}
    for n in (1000, 4000):
        facts = scratch / f"page{n}.toml"
        facts.write_text(generate(n), encoding="utf-8")
        run([*cnii, "check", "-f", str(facts), "--format", "html", "-o", str(page)])
        sizes[n] = page.stat().st_size
    return [
        Result(
            "html page of the bundled fact base",
            f"{size / 1024:.0f} KB",
            "< 200 KB",
            size < 200 * 1024,
        ),
        Result(
            "html page, 1,000 generated checks",
            f"{sizes[1000] / 2**20:.2f} MB",
            "< 2 MB",
            sizes[1000] < 2 * 2**20,
        ),
        Result(
            "  4,000 checks / 1,000",
            f"{sizes[4000] / sizes[1000]:.2f}",
            "<= 4.4 (linear)",
            sizes[4000] / sizes[1000] <= 4.4,
        ),
        Result(
            "html page beyond check --format json",
            f"{beyond * 1000:.0f} ms ({t['html'] * 1000:.0f} against {t['json'] * 1000:.0f} ms)",
            "< 500 ms",
            beyond < 0.5,
        ),
    ]


def draft_article(cnii: list[str], runs: int, scratch: Path) -> list[Result]:
    """cnii draft of a 5,000-word article (the bundled one, repeated), beyond
    start-up (measured as cnii check on the bundled fact base)."""
    text = (REPO / "article.txt").read_text(encoding="utf-8")
    article = scratch / "long.txt"
    body = text
    while len(body.split()) < 5000:
        body += "\n\n" + text
    article.write_text(body, encoding="utf-8")
    t = medians(
        {
            "check": [
                *cnii,
                "check",
                "--facts",
                str(REPO / "facts.toml"),
                "-o",
                str(scratch / "c"),
            ],
            "draft": [*cnii, "draft", str(article), "-o", str(scratch / "d.toml"), "--force"],
        },
        runs,
    )
    beyond = t["draft"] - t["check"]
    # A hostile text: 20,000 figures in one sentence, each relation a draft
    # looks for in reach of every other (quadratic, were it not bounded).
    crowded = scratch / "crowded.txt"
    crowded.write_text(
        "A headline without figures\n\n"
        + ", ".join(f"{i} million yuan, up {i % 9 + 1} percent" for i in range(1, 10_001)),
        encoding="utf-8",
    )
    hostile = medians(
        {"draft": [*cnii, "draft", str(crowded), "-o", str(scratch / "h.toml"), "--force"]},
        max(1, runs // 5),
    )["draft"]
    return [
        Result(
            f"draft of a {len(body.split()):,}-word article beyond start-up",
            f"{beyond * 1000:.0f} ms ({t['draft'] * 1000:.0f} against {t['check'] * 1000:.0f} ms)",
            "< 500 ms",
            beyond < 0.5,
        ),
        Result(
            "draft of 20,000 figures in one sentence (10,000 relations, checked)",
            f"{hostile:.1f} s",
            "< 60 s",
            hostile < 60,
        ),
        *hostile_shapes(),
    ]


def hostile_shapes() -> list[Result]:
    """The hostile shapes of tests/test_draft_attacks.py, large, drafted in
    one process: CPU seconds each (a pattern that backtracks does its work
    inside the regular expression engine, where the tests' call counts do
    not see it). The slowest three are shown."""
    done = subprocess.run(
        [PYTHON, "-c", _HOSTILE_SHAPES], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        return [Result("draft of hostile shapes", "failed", "exit 0", False)]
    timed = sorted(
        (
            (float(seconds), shape)
            for seconds, shape in (line.split(" ", 1) for line in done.stdout.splitlines())
        ),
        reverse=True,
    )
    return [
        Result(f"  draft of '{shape}', large", f"{seconds * 1000:.0f} ms CPU", "< 1 s", seconds < 1)
        for seconds, shape in timed[:3]
    ]


_HOSTILE_SHAPES = """
import time
from tests.test_draft_attacks import LARGE, SHAPES, drafted
drafted("1, 1")
texts = {shape: make(LARGE.get(shape, 1000)) for shape, make in SHAPES.items()}
texts["28 ones, once 2**28 ways to read"] = ",".join(["1"] * 28)
for shape, text in texts.items():
    started = time.process_time()
    drafted(text)
    print(f"{time.process_time() - started:.3f} {shape}")
"""


def scale(cnii: list[str], runs: int, scratch: Path) -> list[Result]:
    """cnii check at 1,000 and 10,000 generated claims (4 and 40 thousand
    entries) against the import floor, and 100,000 entries in one chain."""
    import generate as shapes

    commands: dict[str, Sequence[str]] = {"floor": FLOOR}
    for n in (1_000, 10_000):
        path = scratch / f"facts-{n}.toml"
        path.write_text(generate(n), encoding="utf-8")
        commands[str(n)] = [*cnii, "check", "--facts", str(path), "--format", "json"]
    chained = scratch / "chain-100000.toml"
    chained.write_text(shapes.long_chain(49_999), encoding="utf-8")
    t = medians(commands, runs)
    peak = max(run(commands["10000"]).max_rss_kb for _ in range(3)) / 1024
    chain_time = statistics.median(
        run([*cnii, "check", "--facts", str(chained), "--format", "json"]).seconds for _ in range(3)
    )
    ratio, per_floor = t["10000"] / t["1000"], t["10000"] / t["floor"]
    return [
        Result("check --format json, 1,000 x 4 entries", f"{t['1000']:.3f} s", "", True),
        Result(
            "check --format json, 10,000 x 4 entries",
            f"{t['10000']:.3f} s = {per_floor:.1f} x floor",
            "<= 8 x floor",
            per_floor <= 8,
        ),
        Result("time(10,000) / time(1,000)", f"{ratio:.2f}", "<= 4", ratio <= 4),
        Result("peak memory at 10,000", f"{peak:.0f} MB", "< 200 MB", peak < 200),
        Result(
            "100,000 entries, a chain of 50,000 derivations",
            f"{chain_time:.2f} s",
            "< 10 s",
            chain_time < 10,
        ),
    ]


def growth(cnii: list[str], runs: int, scratch: Path, n: int = 32) -> list[Result]:
    """Every command at sizes 1, n and 4n of its input (benchmarks/growth.py),
    in CPU time: beyond what it costs at no input (extrapolated from 1 and
    n), four times the input should cost four times as much. At n = 16 the
    work was about what start-up costs, and start-up's noise on a busy
    machine moved the ratio by 0.5 either way."""
    import growth as sizes

    folder = scratch / "growth"
    folder.mkdir(exist_ok=True)
    commands: dict[str, Sequence[str]] = {}
    for name in sizes.COMMANDS:
        for size in (1, n, 4 * n):
            args = [*cnii, *sizes.inputs(name, size, folder)]
            if name == "draft --into":  # the fact base as it was, before each run
                original = shlex.quote(sizes.into_original(size, folder))
                reset = f"cp {original} {shlex.quote(args[-1])}"
                args = ["sh", "-c", f"{reset} && exec {shlex.join(args)}"]
            commands[f"{name} @{size}"] = args
    t = medians(commands, runs, cpu=True)
    results = []
    for name in sizes.COMMANDS:
        base, small, large = (t[f"{name} @{size}"] for size in (1, n, 4 * n))
        ratio = sizes.ratio(base, small, large, n)
        results.append(
            Result(
                f"  {name}",
                f"{small:.2f} s, {large:.2f} s (1: {base:.2f} s): {ratio:.2f} x",
                "<= 4.4 x",
                ratio <= 4.4,
            )
        )
    return results


def huge(cnii: list[str], runs: int, scratch: Path) -> list[Result]:
    """The huge and pathological shapes of benchmarks/generate.py through the
    command line: each under 2 s; each unusable one under 1 s."""
    import generate as shapes

    def facts(name: str, text: str) -> str:
        path = scratch / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    def article(name: str, text: str) -> str:
        path = scratch / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        return str(path)

    chain, lattice = facts("chain", shapes.chain(1500)), facts("diamonds", shapes.diamonds(40))
    wide = facts("wide", shapes.wide(400))
    bundled = str(REPO / "facts.toml")
    cases: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "chain of 1,500: check": (["check", "-f", chain], (0,)),
        "chain of 1,500: check --explain": (
            ["check", "-f", chain, "--format", "json", "--explain"],
            (0,),
        ),
        "chain of 1,500: explain": (["explain", "deep", "-f", chain], (0,)),
        "chain of 1,500: derive": (["derive", "c1499", "-f", chain], (0,)),
        "40 diamonds: explain": (["explain", "top", "-f", lattice], (0,)),
        "40 diamonds: derive": (["derive", "d39", "-f", lattice], (0,)),
        "check of 400 inputs: explain": (["explain", "wide", "-f", wide], (0,)),
        "12 formulas of '[' and spaces": (
            ["check", "-f", facts("brackets", shapes.bracket_lines(12))],
            (2,),
        ),
        "1,000 units": (["check", "-f", facts("units", shapes.many_units(1000))], (0,)),
        "300,000 units, 6.5 MB to parse (refused)": (
            ["check", "-f", facts("units_over", shapes.many_units(300_000))],
            (2,),
        ),
        "coverage of 1 MB of '1 '": (
            ["coverage", "-f", bundled, "-s", article("ones", shapes.article_of_ones(1_000_000))],
            (1,),
        ),
        **{
            f"15 MB, one bad field: {kind}": (
                ["check", "-f", facts(f"bad_{i}", shapes.one_bad_field(15_000_000, kind))],
                (2,),
            )
            for i, kind in enumerate(shapes.ONE_BAD)
        },
        "coverage of 1.4 MB repeating a figure": (
            [
                "coverage",
                "-f",
                chain,
                "-s",
                article("repeating", shapes.article_repeating(1_400_000)),
            ],
            (0,),
        ),
    }
    times = {
        name: statistics.median(run([*cnii, *args], expect=codes).seconds for _ in range(runs))
        for name, (args, codes) in cases.items()
    }

    # An unusable input must be refused within 1 s, but for the time it takes
    # to parse a large file: the TOML has to be read before its tables count.
    def _refused(name: str) -> bool:
        return cases[name][1] == (2,) and "to parse" not in name and "15 MB" not in name

    return [
        Result(
            f"  {name}",
            f"{seconds * 1000:.0f} ms",
            "< 1 s" if _refused(name) else "< 2 s",
            seconds < (1.0 if _refused(name) else 2.0),
        )
        for name, seconds in sorted(times.items(), key=lambda item: -item[1])
    ]


def invalid_corpus(cnii: list[str], runs: int) -> list[Result]:
    """Every broken fact base of the test corpus through the command line:
    exit 2, one line, no traceback, and well under a second each."""
    cases = sorted((REPO / "tests" / "data" / "invalid").glob("*.toml"))
    times, wrong = {}, []
    for path in cases:
        command = [*cnii, "check", "--facts", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        if done.returncode != 2 or "Traceback" in done.stderr or done.stderr.count("\n") != 1:
            wrong.append(path.name)
        times[path.name] = statistics.median(run(command, expect=(2,)).seconds for _ in range(runs))
    slowest = sorted(times, key=times.__getitem__, reverse=True)[:3]
    return [
        Result(
            f"{len(cases)} broken fact bases: exit 2, one line, no traceback",
            f"{len(cases) - len(wrong)} of {len(cases)}",
            "all",
            not wrong,
        ),
        *(
            Result(f"  slowest: {name}", f"{times[name] * 1000:.0f} ms", "< 1 s", times[name] < 1.0)
            for name in slowest
        ),
    ]


def cnii_command() -> list[str]:
    script = Path(PYTHON).parent / "cnii"
    if script.exists():
        return [str(script)]
    found = shutil.which("cnii")
    return [found] if found else [PYTHON, "-m", "cnii"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per median (default 15)")
    parser.add_argument(
        "--baseline",
        metavar="CNII",
        help="another build's cnii script: compare start-up with it in the same run",
    )
    parser.add_argument(
        "--only",
        choices=[
            "start-up",
            "baseline",
            "help",
            "html",
            "draft",
            "scale",
            "hostile input",
            "huge input",
            "growth",
        ],
        action="append",
        help="run only these sections (repeatable)",
    )
    args = parser.parse_args(argv)
    cnii = cnii_command()
    import cnii as package

    print(
        f"cnii {package.__version__} from {Path(package.__file__).parent}; "
        f"Python {sys.version.split()[0]}; {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        sections: list[tuple[str, Callable[[], list[Result]]]] = [
            ("start-up", lambda: startup(cnii, args.runs, scratch)),
            ("help", lambda: help_(cnii, args.runs)),
            ("html", lambda: html_page(cnii, args.runs, scratch)),
            ("draft", lambda: draft_article(cnii, args.runs, scratch)),
            ("scale", lambda: scale(cnii, max(5, args.runs // 3), scratch)),
            ("hostile input", lambda: invalid_corpus(cnii, 3)),
            ("huge input", lambda: huge(cnii, 3, scratch)),
            ("growth", lambda: growth(cnii, max(3, args.runs // 3), scratch)),
        ]
        if args.baseline:
            baseline = [args.baseline]
            sections.insert(1, ("baseline", lambda: against_baseline(cnii, baseline, args.runs)))
        results = []
        for title, measure in sections:
            if args.only and title not in args.only:
                continue
            print(f"\n{title}")
            for result in measure():
                mark = "ok  " if result.met else "MISS"
                print(f"  {mark} {result.name:50} {result.value:34} {result.target}")
                results.append(result)
    missed = [r.name.strip() for r in results if not r.met]
    print(
        f"\n{len(results) - len(missed)} of {len(results)} targets met"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
