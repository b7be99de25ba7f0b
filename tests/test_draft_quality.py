"""cnii draft on real articles it was not written for (tests/data/drafting):
the figures the issue asks for, and a draft of each that passes the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

import cnii
from cnii.draft import draft, settled, to_toml

from .draft_quality import SET, score, scores, totals

SCORES = scores()


@pytest.mark.parametrize(
    "group",
    [
        pytest.param(lambda s: True, id="all"),
        pytest.param(lambda s: s.language == "en", id="English"),
        pytest.param(lambda s: s.language == "zh", id="Chinese"),
        pytest.param(lambda s: s.held_out, id="held out"),
    ],
)
def test_recall_and_precision_are_at_least_90_percent(group: object) -> None:
    chosen = [s for s in SCORES if group(s)]  # type: ignore[operator]
    recall, precision, relations = totals(chosen)
    assert len(chosen) >= 4
    assert recall >= 0.9, [m for s in chosen for m in s.missed]
    assert precision >= 0.9, [e for s in chosen for e in s.extra]
    assert relations > 0.5, [u for s in chosen for u in s.unproposed]


def test_the_set_is_real_articles_in_both_languages() -> None:
    assert {s.language for s in SCORES} == {"en", "zh"}
    assert sum(s.listed for s in SCORES) >= 150


@pytest.mark.parametrize("article", sorted(SET.glob("*.txt")), ids=lambda p: p.stem)
def test_each_draft_passes_the_gate(article: Path) -> None:
    toml = settled(to_toml(draft(article.read_text(encoding="utf-8"), article.name)), "d.toml")
    assert cnii.gate(cnii.check(cnii.loads(toml, "d.toml"))).passed


def test_a_wrong_value_is_scored_as_missed(tmp_path: Path) -> None:
    """The score can fail: a listed value that the draft does not give."""
    (tmp_path / "a.txt").write_text("Headline without figures\n\nSales rose 5 percent.\n")
    (tmp_path / "a.toml").write_text(
        'language = "en"\nheld_out = false\nrelations = []\n'
        'claims = [["Sales", "1 %", ""], ["5 percent", "6 %", ""]]\n'
    )
    found = score(tmp_path / "a.txt")
    assert (found.listed, found.right, found.drafted, found.real) == (2, 0, 1, 1)


@pytest.mark.parametrize("article", sorted(SET.glob("*.txt")), ids=lambda p: p.stem)
def test_into_a_fact_base_with_half_the_claims(article: Path) -> None:
    """A fact base with the first half of an article's claims (as a person
    might have begun it): --into adds the rest, keeps its text, passes, and
    a second time adds nothing."""
    from cnii.draft import _as_sourced, into

    text = article.read_text(encoding="utf-8")
    begun = draft(text, article.name)
    begun.claims = begun.claims[: max(1, len(begun.claims) // 2)]
    names = {c.id for c in begun.claims}
    begun.relations = [r for r in begun.relations if {c.id for c in r.claims} <= names]
    begun.relations = begun.relations or [_as_sourced(begun.claims)]
    existing = settled(to_toml(begun), "facts.toml")
    merged, added = into(existing, "facts.toml", text, article.name)
    assert merged.startswith(existing)
    assert added.claims  # the second half
    assert cnii.gate(cnii.check(cnii.loads(merged, "facts.toml"))).passed
    again, nothing = into(merged, "facts.toml", text, article.name)
    assert (again, nothing.claims, nothing.relations) == (merged, [], [])  # all is covered now
