"""The README's Python example runs as written and prints what it shows."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_python_example_prints_what_the_readme_shows() -> None:
    match = re.search(r"```python\n(.*?)```\n\nIt prints:\n\n```\n(.*?)```", README, re.DOTALL)
    assert match is not None, "the README's Python example and its output"
    code, shown = match.groups()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.stderr == ""
    assert done.stdout == shown
