from __future__ import annotations

import os
from pathlib import Path

from hypothesis import settings

# "default" runs in CI; "thorough" is for a longer run by hand:
#   HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_interval.py
settings.register_profile("thorough", max_examples=20_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
