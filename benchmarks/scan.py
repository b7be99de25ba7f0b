"""What ``cnii scan`` finds in an archive, and how fast.

The archive is the drafting set (tests/data/drafting, real articles in
English and Chinese) twice over: each article as published, and for each
relation whose every term the article prints, the article with one error
planted in it (benchmarks/planted.py's plantings: two digits transposed,
a figure 12 % too large, a scale word misprinted). An error is found when
the planted article's record has an inconsistent check that the article
as published does not; a false alarm is an article as published with an
inconsistent check (apart: those whose gold lists an error the article
itself prints). Then the archive's speed: megabytes of text per second
per core, 4x the archive against 1x, and the peak memory of each.

    python benchmarks/scan.py [--jobs N] [--copies K]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from planted import _PRINTED, SET, plantings  # beside this script


def archive() -> tuple[list[dict[str, str]], dict[str, str], set[str]]:
    """The articles, what each planted one was planted in, and the articles
    whose gold lists an error as published."""
    items, planted, erring = [], {}, set()
    for gold_path in sorted(SET.glob("*.toml")):
        gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        name = gold_path.stem
        items.append({"id": name, "text": text})
        if gold.get("errors"):
            erring.add(name)
        for number, relation in enumerate(gold.get("relations", [])):
            kind, *phrases = relation
            if not (kind in _PRINTED or len(phrases) > 2):
                continue  # a term to look up: the article alone cannot show it
            target = phrases[-1] if kind == "sum" else phrases[0]
            if text.count(target) != 1:
                continue
            for error, wrong in plantings(target):
                planted_id = f"{name}#{number}:{error}"
                items.append({"id": planted_id, "text": text.replace(target, wrong)})
                planted[planted_id] = name
    return items, planted, erring


# Runs a command and says on its last line of standard error the CPU time
# and the peak memory of the largest process it started (the scan's pool too).
_MEASURED = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(used.ru_utime + used.ru_stime, used.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def scan(path: Path, jobs: int) -> tuple[list[dict[str, object]], float, float, int]:
    """The records of ``cnii scan`` on ``path``, its wall and CPU seconds
    and its largest process's peak memory (KiB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURED,
            sys.executable,
            "-m",
            "cnii",
            "scan",
            str(path),
            "-j",
            str(jobs),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"cnii scan failed: {done.stderr}")
    cpu, peak = done.stderr.splitlines()[-1].split()
    records = [json.loads(line) for line in done.stdout.splitlines()]
    return records, wall, float(cpu), int(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--copies", type=int, default=4, help="the 4x archive's copies")
    args = parser.parse_args(argv)
    items, planted, erring = archive()
    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "archive.jsonl"
        one.write_text(
            "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
        )
        records, wall, cpu, peak = scan(one, args.jobs)
        by_id = {str(r["id"]): r for r in records}

        def wrong(record: dict[str, object]) -> set[str]:
            return {str(f["check"]) for f in record.get("findings") or ()}  # type: ignore[attr-defined]

        clean = {name for name in by_id if name not in planted}
        found = sum(bool(wrong(by_id[p]) - wrong(by_id[c])) for p, c in planted.items())
        flagged = {name for name in clean if wrong(by_id[name])}
        errors = sum(bool(r.get("error")) for r in records)
        size = one.stat().st_size / 1e6
        print(
            f"planted errors found: {found} of {len(planted)} ({found / len(planted):.0%}); "
            f"clean articles flagged: {len(flagged)} of {len(clean)} "
            f"({len(flagged) / len(clean):.0%}), {len(flagged & erring)} of them over an "
            f"error the article prints; {errors} records with an error"
        )
        many = Path(folder) / "many.jsonl"
        with many.open("w", encoding="utf-8") as stream:
            for copy in range(args.copies):
                for item in items:
                    stream.write(json.dumps({**item, "id": f"{item['id']}@{copy}"}) + "\n")
        _, wall4, cpu4, peak4 = scan(many, args.jobs)
    print(
        f"{len(items)} articles, {size:.2f} MB: {wall:.1f} s on {args.jobs} jobs, "
        f"{size / cpu:.3f} MB per CPU second; peak {peak / 1024:.0f} MiB"
    )
    print(
        f"{args.copies} x the archive: {wall4:.1f} s, {cpu4 / cpu:.2f} x the CPU time; "
        f"peak {peak4 / 1024:.0f} MiB ({peak4 / peak - 1:+.0%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
