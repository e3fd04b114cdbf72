"""Enumerations from domain.md 2.2-2.3 and 6: kinds, helix categories, statuses, groups, types."""

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


def helix_of(kind: PartnerKind) -> Helix:
    return HELIX_OF_KIND[kind]


class InitiativeKind(StrEnum):
    LEARNING_COMMUNITY = "learning_community"
    COMMUNITY_OF_PRACTICE = "community_of_practice"
    LIVING_LAB = "living_lab"
    FIELDLAB = "fieldlab"
    FIELDLAB_SMART_INDUSTRY = "fieldlab_smart_industry"
    INNOVATIELAB = "innovatielab"
    KENNISKRING = "kenniskring"
    COCI = "coci"
    CAMPUS = "campus"
    HUB = "hub"
    CENTRE_OF_EXPERTISE = "centre_of_expertise"
    CENTRUM_INNOVATIEF_VAKMANSCHAP = "centrum_innovatief_vakmanschap"
    CENTRUM_INNOVATIE_BEROEPSONDERWIJS = "centrum_innovatie_beroepsonderwijs"
    LEER_WERKBEDRIJF = "leer_werkbedrijf"
    BEDRIJFSSCHOOL = "bedrijfsschool"
    ACADEMY = "academy"
    PLATFORM = "platform"
    FONDS = "fonds"
    PRAKTIJKROUTE = "praktijkroute"
    INNOVATION_TABLE = "innovation_table"
    PROGRAMME = "programme"
    CHALLENGE = "challenge"
    PILOT = "pilot"
    TKI = "tki"


class InitiativeStatus(StrEnum):
    IDEA = "idea"
    PILOT = "pilot"
    ACTIVE = "active"
    SUSTAINED = "sustained"
    CLOSED = "closed"


class CollaborationType(StrEnum):
    OPERATIONAL = "operational"
    STRATEGIC = "strategic"


class TriangleAxis(StrEnum):
    INNOVEREN_WERKEN = "innoveren_werken"
    LEREN_INNOVEREN = "leren_innoveren"
    LEREN_WERKEN = "leren_werken"


class LearningFunction(StrEnum):
    VOORWAARDELIJK = "voorwaardelijk"
    REACTIEF = "reactief"
    PROACTIEF = "proactief"


class TargetGroup(StrEnum):
    STUDENT_MBO_BOL = "student_mbo_bol"
    STUDENT_MBO_BBL = "student_mbo_bbl"
    STUDENT_MBO_BOL_BBL = "student_mbo_bol_bbl"
    STUDENT_HBO = "student_hbo"
    STUDENT_WO = "student_wo"
    LEERLING_PO = "leerling_po"
    LEERLING_VO = "leerling_vo"
    JONGEREN_VMBO = "jongeren_vmbo"
    ZIJ_INSTROMER = "zij_instromer"
    UPGRADER = "upgrader"
    WERKENDE = "werkende"
    WERKZOEKENDE = "werkzoekende"
    ONDERNEMER = "ondernemer"
    ZZP = "zzp"
    MKB = "mkb"
    NIEUWKOMER = "nieuwkomer"
    KWETSBARE_GROEPEN = "kwetsbare_groepen"
    DOCENT = "docent"
    INITIEEL_MIDDEN_OPGELEID = "initieel_midden_opgeleid"


class MembershipRole(StrEnum):
    LEAD = "lead"
    PARTNER = "partner"
    FUNDER = "funder"
    FACILITATOR = "facilitator"
    REFERENT = "referent"
    SOUNDING_BOARD = "sounding_board"


class NeedOfferType(StrEnum):
    STAFF_DEMAND = "staff_demand"
    INTERNSHIP_STUDENT = "internship_student"
    INTERNSHIP_TEACHER = "internship_teacher"
    ZIJ_INSTROOM_CANDIDATES = "zij_instroom_candidates"
    ZIJ_INSTROOM_TRAJECTORY = "zij_instroom_trajectory"
    UPSKILLING = "upskilling"
    CURRICULUM_INPUT = "curriculum_input"
    FACILITY = "facility"
    COMPANY_VISITS = "company_visits"
    KNOWLEDGE_QUESTION = "knowledge_question"
    RESEARCH_CONTRIBUTION = "research_contribution"
    VALIDATION_METHOD = "validation_method"
    MENTORING = "mentoring"
    BUDDY = "buddy"
    FUNDING = "funding"
    STUDENTS_INFLOW = "students_inflow"
    PARTNER_IN_SECTOR = "partner_in_sector"


class Challenge(StrEnum):
    KRIMP = "krimp"
    PERSONEELSTEKORT = "personeelstekort"
    LERARENTEKORT = "lerarentekort"
    IMAGO = "imago"
    MISMATCH = "mismatch"
    AFNEMENDE_MBO_INSTROOM = "afnemende_mbo_instroom"
    HBO_UITVAL = "hbo_uitval"
    FLEXIBILISERING = "flexibilisering"
    ENERGIETRANSITIE = "energietransitie"
    DISRUPTIE_TECHNOLOGIE = "disruptie_technologie"


class Topsector(StrEnum):
    LOGISTIEK = "logistiek"
    ENERGIE = "energie"
    CREATIEVE_INDUSTRIE = "creatieve_industrie"
    LSH = "life_sciences_health"
    CHEMIE = "chemie"
    HTSM = "htsm"
    WATER = "water"
    ICT = "ict"
    AGRI_FOOD = "agri_food"
    TUINBOUW = "tuinbouw"
