"""Does a match concern a subscription? Regions and themes include everything beneath them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from livinglab_contracts.matches import MatchSnapshot
from livinglab_contracts.reference.regions import is_known_region, region_ancestors
from livinglab_contracts.reference.themes import is_known_theme, theme_ancestors

from notifications.domain.subscriptions import Filters


def _with_ancestors(
    codes: Iterable[str], known: Callable[[str], bool], ancestors: Callable[[str], tuple[str, ...]]
) -> set[str]:
    expanded: set[str] = set()
    for code in codes:
        # Match events carry plain strings; an unknown code still matches itself exactly.
        expanded.update(ancestors(code) if known(code) else (code,))
    return expanded


def region_matches(wanted: Iterable[str], match_regions: Iterable[str]) -> bool:
    """A subscription to CR39 (Zuid-Limburg) also covers GM0935 (Maastricht) and SITE-CHEMELOT."""
    return not set(wanted).isdisjoint(
        _with_ancestors(match_regions, is_known_region, region_ancestors)
    )


def theme_matches(wanted: Iterable[str], match_themes: Iterable[str]) -> bool:
    return not set(wanted).isdisjoint(
        _with_ancestors(match_themes, is_known_theme, theme_ancestors)
    )


def matches_filters(filters: Filters, match: MatchSnapshot) -> bool:
    if match.score < filters.min_score:
        return False
    if filters.kinds and match.kind not in filters.kinds:
        return False
    if filters.subject_ids and set(filters.subject_ids).isdisjoint(match.subject_ids):
        return False
    if filters.regions and not region_matches(filters.regions, match.regions):
        return False
    return not filters.themes or theme_matches(filters.themes, match.themes)
