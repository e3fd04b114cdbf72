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
    MBO_1 = "mbo-1"
    MBO_2 = "mbo-2"
    MBO_3 = "mbo-3"
    MBO_4 = "mbo-4"
    AD = "ad"
    HBO = "hbo"
    WO = "wo"
    POST_INITIEEL = "post_initieel"


class MboRoute(StrEnum):
    BOL = "bol"
    BBL = "bbl"
    BOL_BBL = "bol_bbl"


# Each level's step on the pathway; sub-levels share the step of their parent level.
PATHWAY_STEP: dict[EducationLevel, int] = {
    EducationLevel.PO: 0,
    EducationLevel.VO: 1,
    EducationLevel.VMBO: 1,
    EducationLevel.HAVO: 1,
    EducationLevel.VWO: 1,
    EducationLevel.MBO: 2,
    EducationLevel.MBO_1: 2,
    EducationLevel.MBO_2: 2,
    EducationLevel.MBO_3: 2,
    EducationLevel.MBO_4: 2,
    EducationLevel.AD: 3,
    EducationLevel.HBO: 4,
    EducationLevel.WO: 5,
}
PATHWAY_NAMES = ("po", "vo", "mbo", "ad", "hbo", "wo")
