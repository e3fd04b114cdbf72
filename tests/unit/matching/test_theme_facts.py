"""M1's facts, computed per theme against a list (domain.criteria_scores), equal the definition
over every pair of themes: the best pair, the focus of the narrower side (or the candidate's),
and the related themes."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from livinglab_contracts.reference.themes import THEMES
from matching.domain import criteria_scores as c
from matching.domain.taxonomy import Taxonomy, default_taxonomy
from matching.domain.vocabulary import specificity, theme_similarity

SLUGS = [*sorted(THEMES), "not-a-theme"]
themes = st.lists(st.sampled_from(SLUGS), min_size=1, max_size=6)


def by_every_pair(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, focus_on_theirs: bool
) -> tuple[float, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    pairs = [(theme_similarity(a, b, tax), a, b) for a in ours for b in theirs]
    best = max(p[0] for p in pairs)
    if focus_on_theirs or len(ours) > len(theirs):
        covered = [max(theme_similarity(a, b, tax) for a in ours) for b in theirs]
    else:
        covered = [max(theme_similarity(a, b, tax) for b in theirs) for a in ours]
    subscore = round(0.6 * best + 0.4 * sum(covered) / len(covered), 4)
    shared = sorted(set(ours) & set(theirs), key=lambda s: (-specificity(s, tax), s))
    specific = [s for s in shared if specificity(s, tax) >= 1.0]
    related = sorted(
        {b for s, a, b in pairs if s > 0 and a != b and specificity(b, tax) >= 0.5} - set(shared)
    )
    if specific:
        stance = c.FOR
    elif related:
        stance = c.FOR if subscore >= 0.4 else c.NEUTRAL
    else:
        stance = c.NEUTRAL
        subscore = subscore if shared else 0.0
    return subscore, stance, tuple(shared), tuple(specific), tuple(related)


@settings(max_examples=400, deadline=None)
@given(ours=themes, theirs=themes, focus_on_theirs=st.booleans())
def test_theme_facts_equal_the_definition_over_every_pair(
    ours: list[str], theirs: list[str], focus_on_theirs: bool
) -> None:
    tax = default_taxonomy()  # a fresh memo for each example, and one shared below
    expected = by_every_pair(ours, theirs, tax, focus_on_theirs)
    assert tuple(c.theme_facts(ours, theirs, tax, focus_on_theirs)) == expected
    assert tuple(c.theme_facts(ours, theirs, SHARED, focus_on_theirs)) == expected


SHARED = default_taxonomy()
