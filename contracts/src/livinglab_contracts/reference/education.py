"""Education levels and the canonical pathway po -> vo (vmbo/havo/vwo) -> mbo -> ad -> hbo -> wo."""

from __future__ import annotations

from enum import StrEnum


class EducationLevel(StrEnum):
    PO = "po"
    VO = "vo"
    VMBO = "vmbo"
    HAVO = "havo"
    VWO = "vwo"  # not named in the seeds; added so the pathway is complete (inferred)
    MBO = "mbo"
    MBO_1 = "mbo-1"  # mbo niveau 1-2 are not named in the seeds (ext)
    MBO_2 = "mbo-2"
    MBO_3 = "mbo-3"
    MBO_4 = "mbo-4"
    AD = "ad"
    HBO = "hbo"
    WO = "wo"
    POST_INITIEEL = "post_initieel"  # orthogonal to the chain: adult and continuing education


class MboRoute(StrEnum):
    BOL = "bol"  # beroepsopleidende leerweg: school-based
    BBL = "bbl"  # beroepsbegeleidende leerweg: work-based
    BOL_BBL = "bol_bbl"


_E = EducationLevel
EDUCATION_PARENT: dict[EducationLevel, EducationLevel] = {
    _E.VMBO: _E.VO,
    _E.HAVO: _E.VO,
    _E.VWO: _E.VO,
    _E.MBO_1: _E.MBO,
    _E.MBO_2: _E.MBO,
    _E.MBO_3: _E.MBO,
    _E.MBO_4: _E.MBO,
}

# Each level's step on the pathway; sub-levels share the step of their parent level.
PATHWAY_NAMES = ("po", "vo", "mbo", "ad", "hbo", "wo")
PATHWAY_STEP: dict[EducationLevel, int] = {
    level: PATHWAY_NAMES.index(EDUCATION_PARENT.get(level, level).value)
    for level in EducationLevel
    if EDUCATION_PARENT.get(level, level).value in PATHWAY_NAMES
}

EDUCATION_NAMES: dict[EducationLevel, tuple[str, str]] = {
    _E.PO: ("primair onderwijs", "primary education"),
    _E.VO: ("voortgezet onderwijs", "secondary education"),
    _E.VMBO: ("vmbo", "pre-vocational secondary education"),
    _E.HAVO: ("havo", "senior general secondary education"),
    _E.VWO: ("vwo", "pre-university education"),
    _E.MBO: ("mbo", "secondary vocational education"),
    _E.MBO_1: ("mbo niveau 1", "mbo level 1"),
    _E.MBO_2: ("mbo niveau 2", "mbo level 2"),
    _E.MBO_3: ("mbo niveau 3", "mbo level 3"),
    _E.MBO_4: ("mbo niveau 4", "mbo level 4"),
    _E.AD: ("Associate degree", "associate degree"),
    _E.HBO: ("hbo", "higher professional education"),
    _E.WO: ("wo", "university education"),
    _E.POST_INITIEEL: ("post-initieel onderwijs", "post-initial (continuing) education"),
}


def education_ancestors(level: EducationLevel) -> tuple[EducationLevel, ...]:
    """The level itself, then its parent (vmbo -> vo, mbo-3 -> mbo)."""
    parent = EDUCATION_PARENT.get(level)
    return (level,) if parent is None else (level, parent)


def pathway_step(level: EducationLevel) -> int | None:
    """0 for po up to 5 for wo; None for post_initieel, which is not on the chain."""
    return PATHWAY_STEP.get(level)


def mbo_level(niveau: int) -> EducationLevel:
    """The education level for an mbo niveau 1-4."""
    return EducationLevel(f"mbo-{niveau}")
