"""Four times the input costs about four times the work, for every command.

The work is counted, not timed: the Python function calls (and calls of C
functions) a command makes, in a fresh process, at sizes 1, n and 4n of its
input (benchmarks/growth.py builds them). Sizes 1 and n give the work of one
unit of input and what the command costs at none (start-up, imports); from
that, 4n must cost less than five times n, where linear work is four times:
a loop over entries inside a loop over checks or phrases shows as sixteen.
benchmarks/run.py times the same commands in the same way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import growth  # benchmarks/, on the path set above

COUNT = """
import sys
from cnii.cli import main
calls = 0
def count(frame, event, arg):
    global calls
    if event in ("call", "c_call"):
        calls += 1
sys.setprofile(count)
try:
    main(sys.argv[1:])
finally:
    sys.setprofile(None)
    print(calls, file=sys.stderr)
"""

N = 4


def calls(args: list[str], cwd: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COUNT, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return int(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("command", list(growth.COMMANDS))
def test_four_times_the_input_is_about_four_times_the_work(command: str, tmp_path: Path) -> None:
    counted = {}
    for size in (1, N, 4 * N):
        args = growth.inputs(command, size, tmp_path)  # resets --into's fact base too
        counted[size] = calls(args, tmp_path)
    ratio = growth.ratio(counted[1], counted[N], counted[4 * N], N)
    assert counted[N] > counted[1], counted
    assert ratio < 5, f"{command}: {counted}, {ratio:.2f} x"
