"""What the matcher knows of the domain's words: which themes say little, which kinds of
partner can answer which kind of need, and which needs meet which offers (pure data)."""

from __future__ import annotations

from matching.domain.taxonomy import Taxonomy

# Cross-cutting themes that nearly every education initiative names: sharing one of them is not
# a reason to meet (a lectoraat table and an innovation council both "innovate").
GENERIC_THEMES = frozenset(
    {
        "innovatie",
        "leven-lang-ontwikkelen",
        "communicatie",
        "vakmanschap",
        "employability",
        "talentontwikkeling",
    }
)
# The group of cross-cutting education themes: its leaves are not related just by sharing it.
CROSS_CUTTING_GROUP = "onderwijs-arbeidsmarkt"


def specificity(slug: str, tax: Taxonomy) -> float:
    """1.0 for a specific theme, 0.5 for a whole theme group, 0.3 for a generic theme."""
    if slug in GENERIC_THEMES:
        return 0.3
    if tax.theme_parent.get(slug) is None:
        return 0.5
    return 1.0


def theme_similarity(a: str, b: str, tax: Taxonomy) -> float:
    """Exact: the theme's specificity; siblings in a sector group 0.4 (related, not the same
    work: welding robots and 3D printing are both manufacturing); group and member 0.5."""
    if a == b:
        return specificity(a, tax)
    pa, pb = tax.theme_parent.get(a), tax.theme_parent.get(b)
    if pa is not None and pa == pb and pa != CROSS_CUTTING_GROUP:
        return 0.4 * min(specificity(a, tax), specificity(b, tax))
    if (pa == b or pb == a) and CROSS_CUTTING_GROUP not in (a, b):
        return 0.5
    return 0.0


ONDERWIJS, ONDERZOEK, BEDRIJFSLEVEN, OVERHEID, MAATSCHAPPIJ = (
    "onderwijs",
    "onderzoek",
    "bedrijfsleven",
    "overheid",
    "maatschappij",
)
_RESEARCHERS = ("hogeschool", "universiteit", "lectoraat", "research_institute")
_TRAINERS = ("roc", "aoc", "vakschool", "bedrijfsopleiding", "private_opleider")

# Need type -> (helix categories, partner kinds, whether operating a facility qualifies) that can
# answer it (domain.md 2.2.G): a staff demand is answered by those who train, a research question
# by those who research, a partner in a sector by anyone working on the need's themes.
NEED_ANSWERED_BY: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "staff_demand": ((), (*_TRAINERS, "career_center"), False),
    "zij_instroom_candidates": ((), (*_TRAINERS, "career_center"), False),
    "zij_instroom_trajectory": ((), _TRAINERS, False),
    "upskilling": ((), _TRAINERS, False),
    "students_inflow": ((ONDERWIJS,), (), False),
    "buddy": ((ONDERWIJS,), (), False),
    "internship_student": ((BEDRIJFSLEVEN,), ("zorginstelling",), False),
    "internship_teacher": ((BEDRIJFSLEVEN,), ("zorginstelling",), False),
    "company_visits": ((BEDRIJFSLEVEN,), (), False),
    "curriculum_input": ((BEDRIJFSLEVEN,), ("brancheorganisatie",), False),
    "facility": ((), ("lab", "campus_operator"), True),
    "knowledge_question": ((ONDERZOEK,), _RESEARCHERS, False),
    "research_contribution": ((ONDERZOEK,), _RESEARCHERS, False),
    "validation_method": ((ONDERZOEK,), ("roc", "aoc", "hogeschool", "lectoraat"), False),
    "mentoring": ((), ("brancheorganisatie", "hogeschool", "universiteit", "netwerk"), False),
    "funding": ((OVERHEID,), ("o_en_o_fonds",), False),
    "partner_in_sector": ((ONDERWIJS, ONDERZOEK, BEDRIJFSLEVEN, OVERHEID, MAATSCHAPPIJ), (), False),
}

# Needs any level can share: equipment and company visits serve vmbo and mbo alike (002).
LEVEL_BLIND_NEEDS = frozenset({"facility", "company_visits", "partner_in_sector"})

# Needs met by people travelling: students, teachers and pupils need the help nearby (003,
# lesson 05: "beperkte mobiliteit van arbeid").
LOCAL_NEEDS = frozenset(
    {"internship_student", "internship_teacher", "company_visits", "buddy", "students_inflow"}
)

# (need type, offer type) -> fit when the types differ but one answers the other (same type: 1.0).
NEED_OFFER_COMPATIBLE: dict[tuple[str, str], float] = {
    ("staff_demand", "zij_instroom_trajectory"): 0.8,
    ("staff_demand", "zij_instroom_candidates"): 0.8,
    ("staff_demand", "upskilling"): 0.6,
    ("staff_demand", "internship_student"): 0.5,
    ("staff_demand", "students_inflow"): 0.6,
    ("zij_instroom_candidates", "zij_instroom_trajectory"): 0.8,
    ("zij_instroom_trajectory", "zij_instroom_candidates"): 0.8,
    ("upskilling", "zij_instroom_trajectory"): 0.6,
    ("students_inflow", "buddy"): 0.6,
    ("students_inflow", "company_visits"): 0.5,
    ("buddy", "mentoring"): 0.6,
    ("mentoring", "buddy"): 0.6,
    ("knowledge_question", "research_contribution"): 0.8,
    ("research_contribution", "knowledge_question"): 0.6,
    ("curriculum_input", "knowledge_question"): 0.5,
}


def compatible_offer_types(need_type: str) -> tuple[str, ...]:
    return (need_type, *sorted(o for n, o in NEED_OFFER_COMPATIBLE if n == need_type))


def compatible_need_types(offer_type: str) -> tuple[str, ...]:
    return (offer_type, *sorted(n for n, o in NEED_OFFER_COMPATIBLE if o == offer_type))
