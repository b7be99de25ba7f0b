"""cnii: check the numbers in a news article for consistency.

The Python API (see ``cnii.api``): ``load``, ``loads``, ``check``, ``gate``,
``derive``, ``explain``, ``coverage``, ``evaluate``, ``as_dict``,
``scan_article`` (one article of ``cnii scan``); the records
they return; and ``CniiError``, raised for unusable input. Imported on first
use, so that ``cnii --help`` stays quick.
"""

# The first lines to run when cnii starts: only modules already loaded or
# built into the interpreter (no "from __future__", whose import takes as
# long as a Ctrl-C needs to land in it), so that the handler below is set at
# once.
import itertools
import sys


def _started_as_the_command() -> bool:
    """Whether this process is ``cnii`` or ``python -m cnii`` (not a
    program that imports cnii as a library)."""
    argv = getattr(sys, "orig_argv", ())
    if any(pair == ("-m", "cnii") for pair in itertools.pairwise(argv)):
        return True
    main = sys.modules.get("__main__")
    script = sys.argv[0] if sys.argv else ""
    return script.rsplit("/", 1)[-1] == "cnii" and getattr(main, "__file__", None) == script


if _started_as_the_command():
    # Ctrl-C from here until the command line takes over (cli.main) ends the
    # run quietly with 130: nothing is written yet, and a KeyboardInterrupt
    # raised inside an import would print a traceback. _signal, not signal:
    # the latter imports enum, which is slow enough to be interrupted.
    import _signal  # type: ignore[import-not-found]  # no stub: CPython's own
    import os

    _signal.signal(_signal.SIGINT, lambda number, frame: os._exit(130))

import importlib  # noqa: E402  # after the handler: an import can take a while
from typing import TYPE_CHECKING, Any  # noqa: E402

__version__ = "0.1.0"

_EXPORTS = {
    "load": "api",
    "loads": "api",
    "check": "api",
    "gate": "api",
    "derive": "api",
    "explain": "api",
    "coverage": "api",
    "evaluate": "api",
    "as_dict": "api",
    "CniiError": "errors",
    "ExitCode": "errors",
    "FactBase": "factbase",
    "Report": "results",
    "Gate": "results",
    "CheckResult": "results",
    "Verdict": "records",
    "Trace": "results",
    "Evaluation": "results",
    "Value": "value",
    "Interval": "interval",
    "Explanation": "results",
    "Coverage": "phrases",
    "scan_article": "scan",
    "Article": "scan",
    "Scanned": "scan",
}

if TYPE_CHECKING:
    from cnii.api import as_dict, check, coverage, derive, evaluate, explain, gate, load, loads
    from cnii.errors import CniiError, ExitCode
    from cnii.factbase import FactBase
    from cnii.interval import Interval
    from cnii.phrases import Coverage
    from cnii.records import Verdict
    from cnii.results import CheckResult, Evaluation, Explanation, Gate, Report, Trace
    from cnii.scan import Article, Scanned, scan_article
    from cnii.value import Value

__all__ = [
    "Article",
    "CheckResult",
    "CniiError",
    "Coverage",
    "Evaluation",
    "ExitCode",
    "Explanation",
    "FactBase",
    "Gate",
    "Interval",
    "Report",
    "Scanned",
    "Trace",
    "Value",
    "Verdict",
    "__version__",
    "as_dict",
    "check",
    "coverage",
    "derive",
    "evaluate",
    "explain",
    "gate",
    "load",
    "loads",
    "scan_article",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cnii' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cnii.{module}"), name)
