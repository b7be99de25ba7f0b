"""Everything cnii prints: a rich table for people, tab-separated text for
pipelines, JSON for programs. No other module writes output or imports rich."""

from cnii.render.checks import check_json, check_table, check_text
from cnii.render.coverage import coverage_json, coverage_table, coverage_text
from cnii.render.derive import derivations_list, trace_json, trace_text
from cnii.render.explain import explain_json, explain_text, explanation_json
from cnii.render.values import format_value

__all__ = ["check_json", "check_table", "check_text", "coverage_json", "coverage_table",
           "coverage_text", "derivations_list", "explain_json",
           "explain_text", "explanation_json", "format_value", "trace_json", "trace_text"]
