"""Themes as a tree (domain.md 2.3.E): groups are inferred, leaves are quoted from the seeds.

Slugs are stable ids; `name_nl` is the seed's wording and `name_en` its translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal


@dataclass(frozen=True)
class Theme:
    slug: str
    name_nl: str
    name_en: str
    parent: str | None


_GROUPS: dict[tuple[str, str, str], tuple[tuple[str, str, str], ...]] = {
    ("chemie-procesindustrie", "Chemie en procesindustrie", "Chemistry and process industry"): (
        ("procesindustrie", "procesindustrie", "process industry"),
        ("procestechniek", "procestechniek (PT)", "process technology (PT)"),
        ("maintenance", "maintenance (MT)", "maintenance (MT)"),
        ("laboratorium", "laboratorium (LAB)", "laboratory (LAB)"),
        ("procestechnologen", "procestechnologen", "process technologists"),
        ("procesoperator", "procesoperator", "process operator"),
        ("papier-procesindustrie", "papier- en procesindustrie", "paper and process industry"),
        ("veiligheid-vr-training", "veiligheid / VR-training", "safety / VR training"),
    ),
    ("circulariteit-klimaat", "Circulariteit en klimaat", "Circularity and climate"): (
        ("circulaire-hub", "circulaire hub", "circular hub"),
        ("circulaire-economie", "circulaire economie", "circular economy"),
        ("klimaatambitie", "klimaatambitie", "climate ambition"),
        ("biobased-economie", "circulaire en biobased economie", "circular and biobased economy"),
    ),
    ("energie", "Energie", "Energy"): (
        ("energietransitie", "energietransitie", "energy transition"),
        ("wind-op-zee", "offshore windenergie / wind op zee", "offshore wind energy"),
        (
            "zonne-energie",
            "decentrale energieopwekking (zonne-energie)",
            "decentralised (solar) generation",
        ),
        ("geothermie", "geothermie", "geothermal energy"),
        ("verduurzaming-woningen", "verduurzaming woningen", "making homes sustainable"),
        (
            "energieneutrale-voedselvoorziening",
            "duurzame en energieneutrale voedselvoorziening",
            "sustainable, energy-neutral food supply",
        ),
    ),
    ("technologie-maakindustrie", "Technologie en maakindustrie", "Technology and manufacturing"): (
        ("smart-industry", "smart industry", "smart industry"),
        ("additive-manufacturing", "additive manufacturing", "additive manufacturing"),
        ("lasrobotica", "lasrobotica", "welding robotics"),
        ("maritieme-automatisering", "maritieme automatisering", "maritime automation"),
        ("voortstuwingstechnieken", "voortstuwingstechnieken", "propulsion technology"),
        ("robotica", "robotica", "robotics"),
        ("kunstmatige-intelligentie", "kunstmatige intelligentie", "artificial intelligence"),
        ("big-data", "big data", "big data"),
        ("htsm", "HTSM", "high-tech systems and materials"),
    ),
    ("bouw-installatie", "Bouw en installatie", "Construction and installation"): (
        ("bouw", "bouw", "construction"),
        ("elektro-installatie", "elektro en installatie", "electrical and installation"),
        ("engineering", "engineering", "engineering"),
    ),
    ("digitaal", "Digitaal", "Digital"): (
        ("digitalisering", "digitalisering", "digitalisation"),
        ("ict", "ICT", "ICT"),
        ("digitale-leermiddelen", "digitale leermiddelen", "digital learning resources"),
        ("digitale-geletterdheid", "digitale geletterdheid", "digital literacy"),
    ),
    ("zorg-gezondheid", "Zorg en gezondheid", "Health and care"): (
        ("zorg", "zorg", "care"),
        ("ziekenhuizen", "ziekenhuizen", "hospitals"),
        ("gehandicaptenzorg", "gehandicaptenzorg", "disability care"),
        ("life-sciences-health", "Life Sciences & Health", "life sciences and health"),
        ("zorgen-met", "'zorgen met'", "'caring with'"),
    ),
    ("logistiek-transport", "Logistiek en transport", "Logistics and transport"): (
        ("logistiek", "logistiek", "logistics"),
        ("transportplanning", "(transport-)planning", "(transport) planning"),
        ("veilig-schoon-transport", "veilig en schoon transport", "safe and clean transport"),
    ),
    ("creatief-media", "Creatieve industrie en media", "Creative industry and media"): (
        ("creatieve-industrie", "creatieve industrie", "creative industry"),
        ("media", "media", "media"),
        ("ontwerpers", "ontwerpers", "designers"),
        ("grafisch", "grafisch", "graphic"),
    ),
    ("water", "Water", "Water"): (
        ("watersector", "watersector", "water sector"),
        ("waterbouw", "waterbouw", "hydraulic engineering"),
        ("waterbeheer", "waterbeheer", "water management"),
        ("schoon-voldoende-water", "schoon en voldoende water", "clean and sufficient water"),
    ),
    ("groen-agrifood", "Groen en agrifood", "Green and agri-food"): (
        ("groen-onderwijs", "groen onderwijs", "green education"),
        ("agri-food", "Agri & Food", "agri-food"),
        ("tuinbouw", "Tuinbouw & Uitgangsmaterialen", "horticulture and propagation materials"),
        ("food", "food", "food"),
        ("biodiversiteit", "biodiversiteit", "biodiversity"),
    ),
    ("horeca-toerisme", "Horeca en toerisme", "Hospitality and tourism"): (),
    ("sport", "Sport", "Sport"): (("urban-sport", "urban sport", "urban sport"),),
    ("smart-cities", "Slimme en schone steden", "Smart and clean cities"): (),
    ("onderwijs-arbeidsmarkt", "Onderwijs en arbeidsmarkt", "Education and labour market"): (
        ("leven-lang-ontwikkelen", "leven lang ontwikkelen", "lifelong development"),
        ("doorlopende-leerlijn", "doorlopende leerlijn", "continuous learning pathway"),
        ("talentontwikkeling", "talentontwikkeling", "talent development"),
        ("zij-instroom", "zij-instroom", "lateral entry"),
        ("modulair-curriculum", "flexibel/modulair curriculum", "flexible/modular curriculum"),
        ("validering-certificering", "validering/certificering", "validation/certification"),
        ("gepersonaliseerd-leren", "gepersonaliseerd leren", "personalised learning"),
        ("dialogisch-valideren", "dialogisch valideren", "dialogic validation"),
        ("sociale-innovatie", "sociale innovatie", "social innovation"),
        (
            "strategische-personeelsplanning",
            "strategische personeelsplanning",
            "strategic workforce planning",
        ),
        ("hr-management", "HR-management", "HR management"),
        ("mentoring", "mentoring", "mentoring"),
        ("employability", "employability", "employability"),
        ("personeelstekort", "personeelstekort / lerarentekort", "staff / teacher shortage"),
        ("lerarentekort", "lerarentekort", "teacher shortage"),
        ("demografische-krimp", "demografische krimp", "demographic decline"),
        ("flexibilisering", "flexibilisering", "flexibilisation"),
        ("vitale-burgers", "vitale en zelfredzame burgers", "healthy, self-reliant citizens"),
        ("communicatie", "communicatie", "communication"),
        ("vakmanschap", "vakmanschap", "craftsmanship"),
        ("innovatie", "innovatie", "innovation"),
    ),
}

THEMES: dict[str, Theme] = {}
for (group_slug, group_nl, group_en), leaves in _GROUPS.items():
    THEMES[group_slug] = Theme(group_slug, group_nl, group_en, None)
    for slug, name_nl, name_en in leaves:
        THEMES[slug] = Theme(slug, name_nl, name_en, group_slug)


def is_known_theme(slug: str) -> bool:
    return slug in THEMES


@cache
def theme_ancestors(slug: str) -> tuple[str, ...]:
    """The theme itself first, then its parents; KeyError for an unknown slug."""
    chain: list[str] = []
    current: str | None = slug
    while current is not None:
        chain.append(current)
        current = THEMES[current].parent
    return tuple(chain)


@cache
def theme_children(slug: str) -> tuple[str, ...]:
    return tuple(t.slug for t in THEMES.values() if t.parent == slug)


def theme_label(slug: str, language: Literal["nl", "en"] = "nl") -> str:
    """The theme's name, or the slug itself when it is unknown."""
    theme = THEMES.get(slug)
    if theme is None:
        return slug
    return theme.name_nl if language == "nl" else theme.name_en


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for theme in THEMES.values():
        for key in (theme.name_nl, theme.name_en, theme.slug.replace("-", " ")):
            table.setdefault(key.casefold(), theme.slug)
    return table | {slug: slug for slug in THEMES}


def resolve_theme(text: str) -> str | None:
    """The slug for a slug or a Dutch/English theme name ("circulaire economie"), if any.

    Event fields take slugs only; this is for importers and for error messages.
    """
    return _lookup().get(text.strip().casefold())
