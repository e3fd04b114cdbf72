"""How the explanations name things, in Dutch and English (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from matching.domain.taxonomy import Taxonomy

HELIX_NL = {
    "onderwijs": "onderwijs",
    "onderzoek": "onderzoek",
    "bedrijfsleven": "bedrijfsleven",
    "overheid": "overheid",
    "maatschappij": "maatschappelijke partners",
}
HELIX_EN = {
    "onderwijs": "education",
    "onderzoek": "research",
    "bedrijfsleven": "business",
    "overheid": "government",
    "maatschappij": "civil society",
}
KIND_NAMES: dict[str, tuple[str, str]] = {
    "school_po": ("basisschool", "primary school"),
    "school_vo": ("school voor voortgezet onderwijs", "secondary school"),
    "roc": ("roc (mbo)", "regional vocational college (mbo)"),
    "aoc": ("aoc (groen mbo)", "agricultural vocational college"),
    "vakschool": ("vakschool (mbo)", "specialist vocational school"),
    "hogeschool": ("hogeschool", "university of applied sciences"),
    "universiteit": ("universiteit", "university"),
    "private_opleider": ("private opleider", "private training provider"),
    "mkb": ("mkb-bedrijf", "SME"),
    "grootbedrijf": ("groot bedrijf", "large company"),
    "zzp": ("zzp'er", "self-employed professional"),
    "bedrijfsopleiding": ("bedrijfsopleiding", "company academy"),
    "career_center": ("loopbaancentrum", "career centre"),
    "campus_operator": ("campus", "campus operator"),
    "brancheorganisatie": ("brancheorganisatie", "industry association"),
    "research_institute": ("onderzoeksinstituut", "research institute"),
    "lectoraat": ("lectoraat", "applied-research chair"),
    "research_bureau": ("onderzoeksbureau", "research bureau"),
    "lab": ("lab", "lab"),
    "provincie": ("provincie", "province"),
    "gemeente": ("gemeente", "municipality"),
    "ministerie": ("ministerie", "ministry"),
    "eu": ("Europese Unie", "European Union"),
    "uitvoeringsorganisatie": ("uitvoeringsorganisatie", "government agency"),
    "zorginstelling": ("zorginstelling", "care organisation"),
    "sociale_partner": ("sociale partner", "social partner"),
    "o_en_o_fonds": ("O&O-fonds", "sector training fund"),
    "koepel": ("koepelorganisatie", "umbrella organisation"),
    "adviesorgaan": ("adviesorgaan", "advisory body"),
    "kennisregie": ("kennisregie-organisatie", "research funding body"),
    "topsector": ("topsector", "top sector"),
    "netwerk": ("netwerk", "network"),
    "denktank": ("denktank", "think tank"),
}
# What a partner of each helix gains by joining, after CoP's "What is in it for me!" (001).
GAINS: dict[str, tuple[str, str]] = {
    "onderwijs": (
        "een betekenisvolle context voor studenten- en docentenstages en aansluiting op de "
        "opleidingsvraag van het bedrijfsleven",
        "a meaningful context for student and teacher internships, and courses that fit what "
        "employers ask for",
    ),
    "bedrijfsleven": (
        "een kweekvijver voor nieuwe medewerkers en invloed op de onderwijsinhoud",
        "a talent pool of new employees and a say in what is taught",
    ),
    "overheid": (
        "een betere aansluiting van onderwijs en arbeidsmarkt en kennis die in de regio blijft",
        "a better fit between education and the labour market, and knowledge kept in the region",
    ),
    "onderzoek": (
        "vraagstukken uit de praktijk en onderzoek dat doorwerkt",
        "questions from practice and research that makes a difference",
    ),
    "maatschappij": (
        "een plek aan tafel voor de mensen en sectoren die zij vertegenwoordigt",
        "a seat at the table for the people and sectors it represents",
    ),
}


def helix_phrase(helix: str, kind: str) -> tuple[str, str]:
    """E.g. ('overheid (provincie)', 'government (province)'): the helix as the kind shows it."""
    nl_kind, en_kind = KIND_NAMES.get(kind, (kind, kind))
    return (
        f"{HELIX_NL.get(helix, helix)} ({nl_kind})",
        f"{HELIX_EN.get(helix, helix)} ({en_kind})",
    )


def theme_list(slugs: Sequence[str], tax: Taxonomy, most: int = 3) -> tuple[str, str]:
    shown = list(slugs)[:most]
    return (
        ", ".join(f"'{tax.theme_nl(s)}'" for s in shown),
        ", ".join(f"'{tax.theme_en(s)}'" for s in shown),
    )
