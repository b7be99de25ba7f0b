"""cnii: check the numbers in a news article for consistency."""

__version__ = "0.1.0"
