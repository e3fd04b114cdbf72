"""The matching criteria of domain.md 4.2: each returns a sub-score in [0, 1], its reasons and
its stance: an argument for the match, neutral, against it, or unknown for lack of data.

Missing data is never a reason: an unknown region, theme or level scores 0 and says "unknown",
so a partner that told us less cannot rank higher than one that told us more.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from matching.domain.labels import HELIX_EN, HELIX_NL, helix_phrase, theme_list
from matching.domain.profiles import InitiativeProfile, Member, NeedOfferProfile, PartnerProfile
from matching.domain.taxonomy import (
    LEVEL_PROVINCIE,
    LEVEL_SUBREGIO,
    Taxonomy,
    level_fits,
    pathway_step,
)
from matching.domain.text import Term, stems
from matching.domain.vocabulary import (
    LEVEL_BLIND_NEEDS,
    LOCAL_NEEDS,
    NEED_ANSWERED_BY,
    NEED_OFFER_COMPATIBLE,
    specificity,
    theme_similarity,
)

FOR, NEUTRAL, AGAINST, UNKNOWN = "for", "neutral", "against", "unknown"
STEP_NAMES = ("po", "vo (vmbo/havo)", "mbo", "Ad", "hbo", "wo")


class CriterionResult(NamedTuple):
    """One criterion of one pair. A named tuple, not a dataclass: scoring makes about ten per
    candidate pair that passes the gate, and a frozen dataclass costs five times as much to
    build (its fields are set one by one through object.__setattr__)."""

    id: str
    label_nl: str
    label_en: str
    subscore: float
    weight: float
    reason_nl: str
    reason_en: str
    evidence: tuple[str, ...] = ()
    stance: str = NEUTRAL


class Measure(NamedTuple):
    """A criterion's numbers without its wording: all that a pair's score and its gate read.
    Ranking needs only these; the wording (CriterionResult) is built for proposed pairs alone,
    from the very same measure, so the two never disagree."""

    id: str
    subscore: float
    weight: float
    stance: str


def _unknown(
    criterion: str,
    labels: tuple[str, str],
    weight: float,
    what: tuple[str, str],
    evidence: tuple[str, ...],
) -> CriterionResult:
    return CriterionResult(
        criterion,
        labels[0],
        labels[1],
        0.0,
        weight,
        f"{what[0]} onbekend",
        f"{what[1]} unknown",
        evidence,
        UNKNOWN,
    )


# M1 ------------------------------------------------------------------------------------------

M1 = ("Thema-fit", "Theme fit")


def theme_fit(
    ours: Sequence[str],
    theirs: Sequence[str],
    tax: Taxonomy,
    evidence: tuple[str, ...],
    focus_on_theirs: bool = False,
) -> CriterionResult:
    """M1: the best shared theme, weighed by how specific it is (a generic theme such as
    'innovatie' says little), plus how much of one side's focus the other covers: the
    candidate's (`focus_on_theirs`, what it would bring) or else the narrower side's."""
    if not ours or not theirs:
        return _unknown("M1", M1, W_THEME, ("thema's", "themes"), evidence)
    subscore, reason_nl, reason_en, proof, stance = theme_core(ours, theirs, tax, focus_on_theirs)
    return CriterionResult(
        "M1", *M1, subscore, W_THEME, reason_nl, reason_en, evidence + proof, stance
    )


W_THEME = 0.18


def theme_measure(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, focus_on_theirs: bool = False
) -> Measure:
    """M1's numbers (theme_fit without its wording)."""
    if not ours or not theirs:
        return Measure("M1", 0.0, W_THEME, UNKNOWN)
    facts = theme_facts(ours, theirs, tax, focus_on_theirs)
    return Measure("M1", facts.subscore, W_THEME, facts.stance)


ThemeCore = tuple[float, str, str, tuple[str, ...], str]


def theme_core(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, focus_on_theirs: bool = False
) -> ThemeCore:
    """M1 of two non-empty theme lists apart from the pair's ids (sub-score, reasons, theme
    evidence, stance), kept per pair of lists: profiles repeat the same few lists."""
    key = ("M1", tuple(ours), tuple(theirs), focus_on_theirs)
    found: ThemeCore | None = tax.memo.get(key)
    if found is None:
        found = tax.memo[key] = _theme_fit(ours, theirs, tax, focus_on_theirs)
    return found


def _similarity(a: str, b: str, tax: Taxonomy) -> float:
    key = ("similar", a, b)
    found: float | None = tax.memo.get(key)
    if found is None:
        found = tax.memo[key] = theme_similarity(a, b, tax)
    return found


class ThemeFacts(NamedTuple):
    """What M1 finds in two theme lists, before any wording."""

    subscore: float
    stance: str
    shared: tuple[str, ...]  # most specific first
    specific: tuple[str, ...]
    related: tuple[str, ...]  # specific enough, similar, not shared


def theme_facts(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, focus_on_theirs: bool = False
) -> ThemeFacts:
    """M1's facts of two non-empty theme lists, kept per pair of lists: the gate asks for them
    for every candidate pair, the wording (theme_core) only for pairs that pass it."""
    key = ("M1 facts", tuple(ours), tuple(theirs), focus_on_theirs)
    found: ThemeFacts | None = tax.memo.get(key)
    if found is None:
        found = tax.memo[key] = _theme_facts(ours, theirs, tax, focus_on_theirs)
    return found


def _nearest(themes: Sequence[str], tax: Taxonomy) -> dict[str, tuple[float, bool]]:
    """Per theme b, kept per list of themes (filled as asked): the best similarity of b to any
    theme of the list, and whether another theme of the list is similar to b. One list meets
    many others, so each theme of those is compared with this list once, not once per pair."""
    key = ("M1 nearest", tuple(themes))
    found: dict[str, tuple[float, bool]] | None = tax.memo.get(key)
    if found is None:
        found = tax.memo[key] = {}
    return found


def _near(themes: Sequence[str], b: str, tax: Taxonomy) -> tuple[float, bool]:
    column = _nearest(themes, tax)
    found = column.get(b)
    if found is None:
        scores = [(_similarity(a, b, tax), a) for a in themes]
        found = column[b] = (
            max(score for score, _ in scores),
            any(score > 0 and a != b for score, a in scores),
        )
    return found


def _theme_facts(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, focus_on_theirs: bool
) -> ThemeFacts:
    near_ours = [_near(ours, b, tax) for b in theirs]
    best = max(score for score, _ in near_ours)
    # The focus: how much of the narrower side (or the candidate's) the other covers.
    if focus_on_theirs or len(ours) > len(theirs):
        covered = [score for score, _ in near_ours]
    else:
        covered = [_near(theirs, a, tax)[0] for a in ours]
    focus = sum(covered) / len(covered)
    subscore = round(0.6 * best + 0.4 * focus, 4)
    shared = sorted(set(ours) & set(theirs), key=lambda s: (-specificity(s, tax), s))
    specific = [s for s in shared if specificity(s, tax) >= 1.0]
    related = sorted(
        {
            b
            for b, (_, similar) in zip(theirs, near_ours, strict=True)
            if similar and specificity(b, tax) >= 0.5
        }
        - set(shared)
    )
    if specific:
        stance = FOR
    elif related:
        stance = FOR if subscore >= 0.4 else NEUTRAL
    else:
        stance = NEUTRAL
        if not shared:
            subscore = 0.0
    return ThemeFacts(subscore, stance, tuple(shared), tuple(specific), tuple(related))


def _theme_fit(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, focus_on_theirs: bool
) -> tuple[float, str, str, tuple[str, ...], str]:
    """M1 apart from the pair's ids: (sub-score, reasons, theme evidence, stance)."""
    subscore, stance, shared, specific, related = theme_facts(ours, theirs, tax, focus_on_theirs)
    proof = tuple(f"theme:{s}" for s in (shared or related))
    if specific:
        nl, en = theme_list(specific, tax)
        return subscore, f"deelt thema {nl}", f"shares theme {en}", proof, stance
    if related:
        nl, en = theme_list(related, tax)
        return subscore, f"verwant thema {nl}", f"related theme {en}", proof, stance
    if shared:
        nl, en = theme_list(shared, tax)
        return (
            subscore,
            f"alleen het algemene thema {nl}",
            f"only the generic theme {en}",
            proof,
            stance,
        )
    return subscore, "geen gedeeld thema", "no shared theme", (), stance


# M2 ------------------------------------------------------------------------------------------

M2 = ("Helix-aanvulling", "Helix complementarity")


def helix_complementarity(
    initiative: InitiativeProfile, candidate: PartnerProfile
) -> CriterionResult:
    """M2: does the candidate bring a helix category the initiative's table lacks? An
    initiative with no known members lacks nothing we can tell.

    The evidence is what the reason rests on: the helixes at the table. Not the list of
    members: a member joining with a helix already present changes nothing the match says, so
    it is not announced as a change."""
    covered = initiative.covered_helixes()
    parent = (
        (f"member_of:{initiative.parent_id}",)
        if initiative.parent_id and initiative.parent_helixes
        else ()
    )
    evidence: tuple[str, ...] = (candidate.id, initiative.id)
    measure = helix_measure(initiative, candidate)
    if measure.stance == UNKNOWN:
        return _unknown(
            "M2", M2, W_HELIX, ("leden en hun helix", "members and their helix"), evidence + parent
        )
    nl, en = helix_phrase(candidate.helix, candidate.kind)
    evidence += tuple(f"helix:{h}" for h in sorted(covered))
    if measure.stance != FOR:
        nl = f"{initiative.name} heeft al {HELIX_NL[candidate.helix]} aan tafel"
        en = f"{initiative.name} already has {HELIX_EN[candidate.helix]} at the table"
    else:
        nl = f"brengt {nl}, die {initiative.name} nog mist"
        en = f"brings {en}, which {initiative.name} does not have yet"
    return CriterionResult(
        "M2", *M2, measure.subscore, measure.weight, nl, en, evidence + parent, measure.stance
    )


W_HELIX = 0.14


def helix_measure(initiative: InitiativeProfile, candidate: PartnerProfile) -> Measure:
    """M2's numbers: 1 for a helix the table lacks, 0 for one it has, unknown without members."""
    covered = initiative.covered_helixes()
    if not covered:
        return Measure("M2", 0.0, W_HELIX, UNKNOWN)
    if candidate.helix in covered:
        return Measure("M2", 0.0, W_HELIX, NEUTRAL)
    return Measure("M2", 1.0, W_HELIX, FOR)


# M3 ------------------------------------------------------------------------------------------

M3 = ("Regionale nabijheid", "Regional proximity")
M3_NODAL = ("Knooppuntnetwerk", "Nodal network")
_PROXIMITY_BY_LEVEL = {"site": 1.0, "gemeente": 1.0, LEVEL_SUBREGIO: 0.8, LEVEL_PROVINCIE: 0.6}
_NATIONAL = frozenset({"country", "supranational"})


def _proximity(a: str, b: str, tax: Taxonomy) -> tuple[float, str, str]:
    key = ("proximity", a, b)
    if key not in tax.memo:
        tax.memo[key] = _proximity_of(a, b, tax)
    found: tuple[float, str, str] = tax.memo[key]
    return found


def _proximity_of(a: str, b: str, tax: Taxonomy) -> tuple[float, str, str]:
    chain_b = tax.region_chain(b)
    common = next((c for c in tax.region_chain(a) if c in chain_b), None)
    if common is None:
        return 0.0, "geen gedeelde regio", "no shared region"
    score = _PROXIMITY_BY_LEVEL.get(tax.region_level[common])
    if score is not None:
        return score, f"beide in {tax.region_nl(common)}", f"both in {tax.region_en(common)}"
    pa, pb = tax.region_at(a, LEVEL_PROVINCIE), tax.region_at(b, LEVEL_PROVINCIE)
    if pa and pb and pb in tax.neighbour_provinces.get(pa, frozenset()):
        return (
            0.3,
            f"buurprovincies {tax.region_nl(pa)} en {tax.region_nl(pb)}",
            f"neighbouring provinces {tax.region_en(pa)} and {tax.region_en(pb)}",
        )
    if tax.region_level[common] == "supranational":
        return (
            0.0,
            "geen gedeelde regio binnen Nederland",
            "no shared region within the Netherlands",
        )
    return 0.1, "beide in Nederland", "both in the Netherlands"


def regional_proximity(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, evidence: tuple[str, ...]
) -> CriterionResult:
    """M3: same site/municipality 1.0, subregion 0.8, province 0.6, neighbour 0.3, NL 0.1."""
    proof = evidence + tuple(f"region:{r}" for r in (*ours[:1], *theirs[:1]))
    if not ours or not theirs:
        return _unknown("M3", M3, W_REGION, ("regio", "region"), proof)
    _, nl, en = proximity(ours, theirs, tax)
    measure = proximity_measure(ours, theirs, tax)
    return CriterionResult(
        "M3", *M3, measure.subscore, measure.weight, nl, en, proof, measure.stance
    )


NEARBY = 0.6  # M3 from the same province up
W_REGION = 0.12


def proximity_measure(ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy) -> Measure:
    """M3's numbers (regional_proximity without its wording)."""
    if not ours or not theirs:
        return Measure("M3", 0.0, W_REGION, UNKNOWN)
    score = proximity(ours, theirs, tax)[0]
    return Measure("M3", score, W_REGION, FOR if score >= NEARBY else NEUTRAL)


def proximity(ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy) -> tuple[float, str, str]:
    """The closest pair of two non-empty region lists (score, reasons), kept per pair of lists."""
    key = ("M3", tuple(ours), tuple(theirs))
    found: tuple[float, str, str] | None = tax.memo.get(key)
    if found is None:
        found = tax.memo[key] = max(
            (_proximity(a, b, tax) for a in ours for b in theirs), key=lambda r: r[0]
        )
    return found


def is_national(regions: Sequence[str], tax: Taxonomy) -> bool:
    key = ("national", tuple(regions))
    found: bool | None = tax.memo.get(key)
    if found is None:
        found = tax.memo[key] = bool(regions) and all(
            tax.region_level.get(r) in _NATIONAL for r in regions
        )
    return found


def nodal_distance(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, evidence: tuple[str, ...]
) -> CriterionResult:
    """M3 for initiative pairs: exchange across regions (003) and with the neighbours (004) both
    count; a national or unknown region is neither, so it adds nothing."""
    proof = evidence + tuple(f"region:{r}" for r in (*ours[:1], *theirs[:1]))
    if not ours or not theirs:
        return _unknown("M3", M3_NODAL, 0.12, ("regio", "region"), proof)
    if is_national(ours, tax) or is_national(theirs, tax):
        return CriterionResult(
            "M3",
            *M3_NODAL,
            0.0,
            0.12,
            "landelijk: geen verbinding tussen regio's",
            "national: not a link between regions",
            proof,
            NEUTRAL,
        )
    near = regional_proximity(ours, theirs, tax, evidence)
    if near.subscore >= 0.6:
        return CriterionResult(
            "M3",
            *M3_NODAL,
            0.6,
            0.12,
            f"{near.reason_nl}: gluren bij de buren",
            f"{near.reason_en}: learning from the neighbours",
            proof,
            FOR,
        )
    pa = sorted({tax.region_at(r, LEVEL_PROVINCIE) or r for r in ours})[0]
    pb = sorted({tax.region_at(r, LEVEL_PROVINCIE) or r for r in theirs})[0]
    return CriterionResult(
        "M3",
        *M3_NODAL,
        1.0,
        0.12,
        f"verbindt {tax.region_nl(pa)} en {tax.region_nl(pb)}, voor kennisuitwisseling",
        f"links {tax.region_en(pa)} and {tax.region_en(pb)}, for knowledge exchange",
        proof,
        FOR,
    )


# M4 ------------------------------------------------------------------------------------------

M4 = ("Doorlopende leerlijn", "Learning pathway")


def _adjacent(a: int, b: int) -> bool:
    """Neighbours on po-vo-mbo-(Ad)-hbo-wo; Ad is optional, so mbo and hbo are neighbours too."""
    return abs(a - b) == 1 or {a, b} == {2, 4}


@lru_cache(maxsize=4096)  # a few level lists, asked for every pair
def _steps(levels: tuple[str, ...]) -> frozenset[int]:
    return frozenset(s for lvl in levels if (s := pathway_step(lvl)) is not None)


def pathway_of(initiative: InitiativeProfile) -> tuple[frozenset[int], dict[int, Member]]:
    """The steps the initiative and its active members cover, and who first holds each."""
    return initiative.memo("pathway", lambda: _pathway_of(initiative))


def _pathway_of(initiative: InitiativeProfile) -> tuple[frozenset[int], dict[int, Member]]:
    covered = set(_steps(initiative.levels))
    holders: dict[int, Member] = {}
    for member in initiative.active_members():
        for step in sorted(_steps(member.levels)):
            covered.add(step)
            holders.setdefault(step, member)
    return frozenset(covered), holders


def extends_pathway(initiative: InitiativeProfile, candidate: PartnerProfile) -> bool:
    """Whether M4 argues for the pair: the candidate offers a step the initiative lacks."""
    offered = _steps(candidate.levels)
    if not offered:
        return False
    covered = pathway_of(initiative)[0]
    return bool(covered) and bool(offered - covered)


def pathway_continuity(initiative: InitiativeProfile, candidate: PartnerProfile) -> CriterionResult:
    """M4: does the candidate fill a gap in po-vo-mbo-hbo-wo next to what the initiative covers?
    The evidence names the member next to the filled step, as the reason does."""
    covered, holders = pathway_of(initiative)
    offered = _steps(candidate.levels)
    evidence: tuple[str, ...] = (candidate.id, initiative.id)
    measure = pathway_measure(initiative, candidate)
    if measure.stance == UNKNOWN:
        side = initiative.name if not covered else candidate.name
        return _unknown(
            "M4",
            M4,
            W_PATHWAY,
            (f"onderwijsniveaus van {side}", f"education levels of {side}"),
            evidence,
        )
    new = sorted(offered - covered)
    if not new:
        return CriterionResult(
            "M4",
            *M4,
            measure.subscore,
            measure.weight,
            "geen nieuwe schakel in de doorlopende leerlijn",
            "adds no new link to the learning pathway",
            evidence,
            measure.stance,
        )
    adjacent = [s for s in new if any(_adjacent(s, c) for c in covered)]
    step = adjacent[0] if adjacent else new[0]
    neighbour = next((holders[c] for c in sorted(holders) if _adjacent(step, c)), None)
    via = f" naast {neighbour.name}" if neighbour else ""
    via_en = f" next to {neighbour.name}" if neighbour else ""
    if neighbour is not None:
        evidence = (*evidence, neighbour.partner_id)
    if adjacent:
        nl = f"vult de ontbrekende {STEP_NAMES[step]}-schakel{via}"
        en = f"fills the missing {STEP_NAMES[step]} link{via_en}"
    else:
        nl = f"voegt {STEP_NAMES[step]} toe aan de leerlijn (niet aansluitend)"
        en = f"adds {STEP_NAMES[step]} to the pathway (not adjacent)"
    return CriterionResult(
        "M4", *M4, measure.subscore, measure.weight, nl, en, evidence, measure.stance
    )


W_PATHWAY = 0.14


def pathway_measure(initiative: InitiativeProfile, candidate: PartnerProfile) -> Measure:
    """M4's numbers: 1 for a missing step next to one covered, 0.6 for one further off."""
    covered = pathway_of(initiative)[0]
    offered = _steps(candidate.levels)
    if not covered or not offered:
        return Measure("M4", 0.0, W_PATHWAY, UNKNOWN)
    new = offered - covered
    if not new:
        return Measure("M4", 0.0, W_PATHWAY, NEUTRAL)
    if any(_adjacent(s, c) for s in new for c in covered):
        return Measure("M4", 1.0, W_PATHWAY, FOR)
    return Measure("M4", 0.6, W_PATHWAY, FOR)


# M5 ------------------------------------------------------------------------------------------

M5 = ("Vraag-aanbod", "Need-offer fit")


def _theme_part(need: Sequence[str], other: Sequence[str], tax: Taxonomy, strict: bool) -> float:
    """How well the other side's themes fit what the need is about: the type of need says what
    is asked, the themes narrow it down (a related theme is a good sign, an unrelated one a weak
    one); for a partner in a sector (`strict`) the theme is the whole point."""
    if not need:
        return 0.7  # the need asks for no theme in particular
    if not other:
        return 0.4  # we cannot tell whether the other side works on it
    fit = theme_fit(need, other, tax, ()).subscore
    if fit == 0:
        return 0.0 if strict else 0.4  # the same kind of help, for another sector
    return 0.5 + 0.5 * fit


def _level_part(need: Sequence[str], other: Sequence[str], need_type: str) -> float:
    if not need or need_type in LEVEL_BLIND_NEEDS:
        return 1.0
    if not other:
        return 0.4
    return 1.0 if level_fits(need, other) else 0.3


def _region_part(region: str | None, other: Sequence[str], tax: Taxonomy) -> float:
    if region is None or tax.region_level.get(region) in _NATIONAL:
        return 1.0
    if not other:
        return 0.5
    return max(0.3, max(_proximity(region, r, tax)[0] for r in other))


def answers_need(
    initiative: InitiativeProfile, candidate: PartnerProfile, tax: Taxonomy
) -> CriterionResult:
    """M5 for a partner: does it answer a need the initiative published (the type names who can
    answer it; themes, levels and region narrow it down)?"""
    score, answered = best_answer(initiative, candidate, tax)
    measure = _need_measure(score, answered)
    if answered is None or score == 0:
        nl, en = "beantwoordt geen gepubliceerde vraag", "answers none of its published needs"
        evidence: tuple[str, ...] = (candidate.id, initiative.id)
    else:
        nl = f"beantwoordt de vraag '{answered.title}' van {initiative.name}"
        en = f"answers the need '{answered.title}' that {initiative.name} published"
        evidence = (candidate.id, initiative.id, answered.id)
    return CriterionResult(
        "M5", *M5, measure.subscore, measure.weight, nl, en, evidence, measure.stance
    )


ANSWERS = 0.4  # M5 from here argues for the pair
W_NEED = 0.18


def need_measure(
    initiative: InitiativeProfile, candidate: PartnerProfile, tax: Taxonomy
) -> Measure:
    """M5's numbers for a partner (answers_need without its wording)."""
    return _need_measure(*best_answer(initiative, candidate, tax))


def _need_measure(score: float, answered: NeedOfferProfile | None) -> Measure:
    if answered is None or score == 0:
        return Measure("M5", 0.0, W_NEED, NEUTRAL)
    return Measure("M5", score, W_NEED, FOR if score >= ANSWERS else NEUTRAL)


def best_answer(
    initiative: InitiativeProfile, candidate: PartnerProfile, tax: Taxonomy
) -> tuple[float, NeedOfferProfile | None]:
    """M5's facts: the best score of the candidate for one of the initiative's needs, and that
    need (None when it answers none)."""
    best: tuple[float, NeedOfferProfile | None] = (0.0, None)
    for need in initiative.needs:
        helixes, kinds, wants_facility = NEED_ANSWERED_BY.get(need.type, ((), (), False))
        if need.type == "partner_in_sector" and candidate.helix in initiative.covered_helixes():
            continue  # a partner from another sector broadens the table; one more of a kind not
        if not (
            candidate.helix in helixes
            or candidate.kind in kinds
            or (wants_facility and candidate.facilities)
        ):
            continue
        in_sector = need.type == "partner_in_sector"
        if in_sector and not need.themes:
            # asks for a kind of partner in words only: the words must match
            about = 0.9 if len(stems(need.terms) & stems(candidate.terms)) >= 2 else 0.2
        else:
            about = _theme_part(need.themes, candidate.themes, tax, in_sector)
        score = (
            about
            * _level_part(need.levels, candidate.levels, need.type)
            * _region_part(need.region, candidate.regions, tax)
        )
        if score > best[0] or (score == best[0] and best[1] and need.id < best[1].id):
            best = (round(score, 4), need)
    return best


def need_offer_fit(
    need: NeedOfferProfile, offer: NeedOfferProfile, tax: Taxonomy
) -> CriterionResult:
    """M5: type (same 1.0, compatible 0.8) x theme fit x level fit x period x quantity."""
    evidence = (need.id, offer.id, need.publisher_id, offer.publisher_id)
    kind = (
        1.0 if need.type == offer.type else NEED_OFFER_COMPATIBLE.get((need.type, offer.type), 0.0)
    )
    if kind == 0:
        return CriterionResult(
            "M5",
            *M5,
            0.0,
            0.18,
            "soort vraag en aanbod passen niet",
            "the kinds of need and offer do not fit",
            evidence,
            AGAINST,
        )
    place = 1.0
    national = any(is_national([r], tax) for r in (need.region, offer.region) if r)
    if need.type in LOCAL_NEEDS and need.region and offer.region and not national:
        # an internship, a visit or a buddy has to be reachable: far away halves the fit
        place = 1.0 if _proximity(need.region, offer.region, tax)[0] >= 0.3 else 0.5
    start = max((d for d in (need.valid_from, offer.valid_from) if d), default=None)
    ends = [d for d in (need.valid_until, offer.valid_until) if d]
    period = 0.0 if start and ends and min(ends) < start else 1.0
    quantity = min(1.0, offer.quantity / need.quantity) if need.quantity and offer.quantity else 1.0
    subscore = round(
        kind
        * _theme_part(need.themes, offer.themes, tax, need.type == "partner_in_sector")
        * _level_part(need.levels, offer.levels, need.type)
        * period
        * quantity
        * place,
        4,
    )
    nl = f"{need.publisher_name} zoekt '{need.title}'; {offer.publisher_name} biedt '{offer.title}'"
    en = (
        f"{need.publisher_name} needs '{need.title}'; {offer.publisher_name} offers '{offer.title}'"
    )
    if quantity < 1.0:
        nl += f", dekt {offer.quantity} van {need.quantity}"
        en += f", covers {offer.quantity} of {need.quantity}"
    if place < 1.0:
        nl += " (ver weg)"
        en += " (far away)"
    if period == 0:
        nl += " (perioden overlappen niet)"
        en += " (the periods do not overlap)"
    return CriterionResult(
        "M5", *M5, subscore, 0.18, nl, en, evidence, FOR if subscore >= 0.4 else NEUTRAL
    )


# M14 ------------------------------------------------------------------------------------------

M14 = ("Beschrijving", "Description")
SHARED_WORDS_FOR = 2  # one shared word is chance; two make an argument


def shares_words(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether M14 argues for the pair, from the two sides' stems."""
    return len(ours & theirs) >= SHARED_WORDS_FOR


def shared_words(
    ours: Iterable[Term] | Mapping[str, str],
    theirs: Iterable[Term] | frozenset[str],
    evidence: tuple[str, ...],
) -> CriterionResult:
    """M14: words (stemmed) that the subject's texts and the candidate's name, aliases or
    facilities share; two or more make an argument, each shown as the word itself. (`ours`
    may come as stem -> word already, `theirs` as stems: what a profile keeps.)"""
    mine = ours if isinstance(ours, Mapping) else dict(ours)
    other = theirs if isinstance(theirs, frozenset) else stems(theirs)
    measure = words_measure(mine.keys(), other)
    if measure.stance == UNKNOWN:
        return _unknown("M14", M14, W_WORDS, ("tekst", "text"), evidence)
    if measure.stance != FOR:
        return CriterionResult(
            "M14", *M14, 0.0, W_WORDS, "geen gedeelde woorden", "no words in common", evidence
        )
    shared = sorted(set(mine) & other)
    words = ", ".join(f"'{mine[s]}'" for s in shared[:5])
    return CriterionResult(
        "M14",
        *M14,
        measure.subscore,
        measure.weight,
        f"de beschrijvingen delen {words}",
        f"the descriptions share {words}",
        evidence + tuple(f"word:{s}" for s in shared[:5]),
        FOR,
    )


W_WORDS = 0.06


def words_measure(ours: Collection[str], theirs: Collection[str]) -> Measure:
    """M14's numbers from the two sides' stems (shared_words without its wording)."""
    if not ours or not theirs:
        return Measure("M14", 0.0, W_WORDS, UNKNOWN)
    shared = len(set(ours) & set(theirs))
    if shared < SHARED_WORDS_FOR:
        return Measure("M14", 0.0, W_WORDS, NEUTRAL)
    return Measure("M14", round(min(1.0, shared / 3), 4), W_WORDS, FOR)


# M6 / M7 -------------------------------------------------------------------------------------


def overlap(
    criterion: str,
    label: tuple[str, str],
    weight: float,
    ours: Sequence[str],
    theirs: Sequence[str],
    what: tuple[str, str],
    evidence: tuple[str, ...],
) -> CriterionResult:
    """M6 target groups, M7 shared challenges: the share of the subject's items shared. Most
    profiles declare neither, so when one side did not the criterion is shown as unknown with
    weight 0: it neither counts for nor against the pair."""
    if not ours or not theirs:
        return _unknown(criterion, label, 0.0, what, evidence)
    measure = overlap_measure(criterion, weight, ours, theirs)
    shared = sorted(set(ours) & set(theirs))
    if not shared:
        nl, en = f"geen gedeelde {what[0]}", f"no shared {what[1]}"
    else:
        nl = f"beide richten zich op {what[0]}: {', '.join(shared)}"
        en = f"both address {what[1]}: {', '.join(shared)}"
    return CriterionResult(
        criterion, *label, measure.subscore, measure.weight, nl, en, evidence, measure.stance
    )


W_GROUPS = 0.05  # M6
W_URGENCY = 0.05  # M7


def overlap_measure(
    criterion: str, weight: float, ours: Sequence[str], theirs: Sequence[str]
) -> Measure:
    """M6 / M7's numbers (overlap without its wording): weight 0 when one side declared none."""
    if not ours or not theirs:
        return Measure(criterion, 0.0, 0.0, UNKNOWN)
    shared = len(set(ours) & set(theirs))
    if not shared:
        return Measure(criterion, 0.0, weight, NEUTRAL)
    subscore = round(shared / len(set(ours)), 4)
    return Measure(criterion, subscore, weight, FOR if subscore >= 0.5 else NEUTRAL)


# M12 / M13: context, never a reason on their own ----------------------------------------------


CAPACITY_THRESHOLD = 5  # initiatives a partner takes part in before M12 counts against it


def capacity(candidate: PartnerProfile, threshold: int = CAPACITY_THRESHOLD) -> CriterionResult:
    """M12: over-committed partners score lower; a named coordinator scores higher. Up to the
    threshold the load is not counted out, so joining one more initiative does not change what
    every other match of the partner says."""
    load = len(candidate.active_memberships)
    measure = capacity_measure(candidate, threshold)
    if load > threshold:
        nl, en = (
            f"{candidate.name} zit al in {load} initiatieven",
            f"{candidate.name} is in {load} initiatives already",
        )
    else:
        nl, en = (
            f"{candidate.name} zit in {threshold} initiatieven of minder",
            f"{candidate.name} is in {threshold} initiatives or fewer",
        )
    if candidate.has_coordinator:
        nl, en = f"{nl} en heeft een coördinator", f"{en} and has a coordinator"
    return CriterionResult(
        "M12",
        "Capaciteit",
        "Capacity",
        measure.subscore,
        measure.weight,
        nl,
        en,
        (candidate.id,),
        measure.stance,
    )


def capacity_measure(candidate: PartnerProfile, threshold: int = CAPACITY_THRESHOLD) -> Measure:
    """M12's numbers (capacity without its wording)."""
    load = len(candidate.active_memberships)
    subscore = max(0.0, 1.0 - max(0, load - threshold) / 10)
    if candidate.has_coordinator:
        subscore = min(1.0, subscore + 0.2)
    return Measure("M12", round(subscore, 4), 0.02, AGAINST if load > threshold else NEUTRAL)


def collaboration_fit(a: InitiativeProfile, b: InitiativeProfile) -> CriterionResult | None:
    """M13: operational with operational, strategic with strategic."""
    if not a.collaboration_type or not b.collaboration_type:
        return None
    same = a.collaboration_type == b.collaboration_type
    return CriterionResult(
        "M13",
        "Samenwerkingsvorm",
        "Collaboration type",
        1.0 if same else 0.5,
        0.01,
        f"beide {a.collaboration_type}"
        if same
        else f"{a.collaboration_type} en {b.collaboration_type}",
        f"both {a.collaboration_type}"
        if same
        else f"{a.collaboration_type} and {b.collaboration_type}",
        (a.id, b.id),
        NEUTRAL if same else AGAINST,
    )


# M15: context, the partner's ENoLL label (issue 19, docs/labelling.md) ------------------------

M15 = ("ENoLL-label", "ENoLL label")
MEMBER_TYPE_NAMES = {
    "effective": "Effective",
    "adherent": "Adherent",
    "accepted_to_grow": "Accepted to Grow",
    "innovation_partner": "Innovation Partner",
}


def enoll_measure(candidate: PartnerProfile) -> Measure | None:
    """M15's numbers: weight 0, left out without a label."""
    if candidate.enoll_member_type is None or candidate.enoll_label_year is None:
        return None
    return Measure("M15", 1.0, 0.0, NEUTRAL)


def enoll_label(candidate: PartnerProfile) -> CriterionResult | None:
    """M15: the partner holds an ENoLL label (member type and year, from a labelling decision).
    Context with weight 0: shown, never a reason, no score changes; left out without a label."""
    member_type, year = candidate.enoll_member_type, candidate.enoll_label_year
    if member_type is None or year is None:
        return None
    name = MEMBER_TYPE_NAMES.get(member_type, member_type)
    return CriterionResult(
        "M15",
        *M15,
        1.0,
        0.0,
        f"ENoLL-lid ({name}, {year}): kwaliteitsborging via het Europese netwerk van living labs",
        f"ENoLL member ({name}, {year}): quality assurance through the European Network of "
        "Living Labs",
        (candidate.id, f"enoll:{member_type}:{year}"),
        NEUTRAL,
    )
