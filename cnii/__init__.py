"""cnii: check the numbers in a news article for consistency.

The Python API (see ``cnii.api``): ``load``, ``loads``, ``check``, ``gate``,
``derive``, ``explain``, ``coverage``, ``evaluate``, ``as_dict``; the records
they return; and ``CniiError``, raised for unusable input. Imported on first
use, so that ``cnii --help`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
}

if TYPE_CHECKING:
    from cnii.api import as_dict, check, coverage, derive, evaluate, explain, gate, load, loads
    from cnii.errors import CniiError, ExitCode
    from cnii.factbase import FactBase
    from cnii.interval import Interval
    from cnii.phrases import Coverage
    from cnii.records import Verdict
    from cnii.results import CheckResult, Evaluation, Explanation, Gate, Report, Trace
    from cnii.value import Value

__all__ = [
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
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cnii' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cnii.{module}"), name)
