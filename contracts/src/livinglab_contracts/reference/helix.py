"""Partner kinds (domain.md 2.2.B) and the helix category each belongs to (2.3.B)."""

from __future__ import annotations

from enum import StrEnum


class Helix(StrEnum):
    ONDERWIJS = "onderwijs"
    ONDERZOEK = "onderzoek"
    BEDRIJFSLEVEN = "bedrijfsleven"
    OVERHEID = "overheid"
    MAATSCHAPPIJ = "maatschappij"


class PartnerKind(StrEnum):
    SCHOOL_PO = "school_po"
    SCHOOL_VO = "school_vo"
    ROC = "roc"
    AOC = "aoc"
    VAKSCHOOL = "vakschool"
    HOGESCHOOL = "hogeschool"
    UNIVERSITEIT = "universiteit"
    PRIVATE_OPLEIDER = "private_opleider"
    MKB = "mkb"
    GROOTBEDRIJF = "grootbedrijf"
    ZZP = "zzp"
    BEDRIJFSOPLEIDING = "bedrijfsopleiding"
    CAREER_CENTER = "career_center"
    CAMPUS_OPERATOR = "campus_operator"
    BRANCHEORGANISATIE = "brancheorganisatie"
    RESEARCH_INSTITUTE = "research_institute"
    LECTORAAT = "lectoraat"
    RESEARCH_BUREAU = "research_bureau"
    LAB = "lab"
    PROVINCIE = "provincie"
    GEMEENTE = "gemeente"
    MINISTERIE = "ministerie"
    EU = "eu"
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie"
    ZORGINSTELLING = "zorginstelling"
    SOCIALE_PARTNER = "sociale_partner"
    O_EN_O_FONDS = "o_en_o_fonds"
    KOEPEL = "koepel"
    ADVIESORGAAN = "adviesorgaan"
    KENNISREGIE = "kennisregie"
    TOPSECTOR = "topsector"
    NETWERK = "netwerk"
    DENKTANK = "denktank"


_H = Helix
_K = PartnerKind
HELIX_OF_KIND: dict[PartnerKind, Helix] = {
    **dict.fromkeys(
        (_K.SCHOOL_PO, _K.SCHOOL_VO, _K.ROC, _K.AOC, _K.VAKSCHOOL, _K.HOGESCHOOL),
        _H.ONDERWIJS,
    ),
    **dict.fromkeys((_K.UNIVERSITEIT, _K.PRIVATE_OPLEIDER), _H.ONDERWIJS),
    **dict.fromkeys(
        (_K.MKB, _K.GROOTBEDRIJF, _K.ZZP, _K.BEDRIJFSOPLEIDING, _K.CAREER_CENTER),
        _H.BEDRIJFSLEVEN,
    ),
    **dict.fromkeys((_K.CAMPUS_OPERATOR, _K.BRANCHEORGANISATIE), _H.BEDRIJFSLEVEN),
    **dict.fromkeys(
        (_K.RESEARCH_INSTITUTE, _K.LECTORAAT, _K.RESEARCH_BUREAU, _K.LAB), _H.ONDERZOEK
    ),
    **dict.fromkeys(
        (_K.PROVINCIE, _K.GEMEENTE, _K.MINISTERIE, _K.EU, _K.UITVOERINGSORGANISATIE),
        _H.OVERHEID,
    ),
    **dict.fromkeys(
        (
            _K.ZORGINSTELLING,
            _K.SOCIALE_PARTNER,
            _K.O_EN_O_FONDS,
            _K.KOEPEL,
            _K.ADVIESORGAAN,
            _K.KENNISREGIE,
            _K.TOPSECTOR,
            _K.NETWERK,
            _K.DENKTANK,
        ),
        _H.MAATSCHAPPIJ,
    ),
}


def helix_of(kind: PartnerKind | str) -> Helix:
    """The helix a partner kind belongs to; a partner may still declare another one explicitly."""
    return HELIX_OF_KIND[PartnerKind(kind)]


HELIX_NAMES: dict[Helix, tuple[str, str]] = {
    Helix.ONDERWIJS: ("onderwijs", "education"),
    Helix.ONDERZOEK: ("onderzoek", "research"),
    Helix.BEDRIJFSLEVEN: ("bedrijfsleven / ondernemers", "business"),
    Helix.OVERHEID: ("overheid", "government"),
    Helix.MAATSCHAPPIJ: ("maatschappij", "civil society"),
}
