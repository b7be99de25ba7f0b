"""Everything cnii prints: a rich table for people, tab-separated text for
pipelines, JSON for programs. No other module writes output or imports rich.

One module per command (checks, derive, explain, coverage) over the shared
number formatting in values; each command imports only its own.
"""
