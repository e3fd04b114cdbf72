"""Enumerations from domain.md 2.2-2.3 and 6: kinds, statuses, groups, roles, types."""

from __future__ import annotations

from enum import StrEnum

# Partner kinds and helix categories live in helix.py; re-exported for existing imports.
from livinglab_contracts.reference.helix import HELIX_OF_KIND, Helix, PartnerKind, helix_of

__all__ = [
    "HELIX_OF_KIND",
    "Bindingness",
    "Challenge",
    "CollaborationType",
    "EcosystemType",
    "Formality",
    "Helix",
    "InitiativeKind",
    "InitiativeStatus",
    "LearningFunction",
    "MembershipRole",
    "NeedOfferType",
    "PartnerKind",
    "PartnerSize",
    "TargetGroup",
    "Topsector",
    "TriangleAxis",
    "helix_of",
]


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


class Formality(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"


class Bindingness(StrEnum):
    BINDING = "binding"  # dwingend
    VOLUNTARY = "voluntary"  # vrijblijvend


class EcosystemType(StrEnum):
    KENNIS_ONDERZOEK = "kennis_onderzoek"
    INNOVATIE = "innovatie"
    BUSINESS = "business"
    ENTREPRENEURIAL = "entrepreneurial"


class PartnerSize(StrEnum):
    MKB = "mkb"
    GROOTBEDRIJF = "grootbedrijf"
    ZZP = "zzp"


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
