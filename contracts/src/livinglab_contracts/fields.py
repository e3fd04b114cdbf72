"""Constrained field types reused by every event model, so limits are the same everywhere."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from livinglab_contracts.reference.regions import REGIONS
from livinglab_contracts.reference.themes import THEMES

MAX_LIST = 50

AggregateId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"),
    Field(
        description="Stable id: a UUID or a slug (letters, digits, _ . : -)",
        examples=["cop-limburg"],
    ),
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Url = Annotated[str, StringConstraints(max_length=300, pattern=r"^https?://[^\s]+$")]


def _known_region(code: str) -> str:
    if code not in REGIONS:
        raise PydanticCustomError(
            "unknown_region",
            "unknown region code '{code}'; use a CBS/COROP/NUTS code from GET /v1/reference/regions"
            " (e.g. CR39 = Zuid-Limburg, GM0935 = Maastricht, NL42 = Limburg)",
            {"code": code},
        )
    return code


def _known_theme(slug: str) -> str:
    if slug not in THEMES:
        raise PydanticCustomError(
            "unknown_theme",
            "unknown theme '{slug}'; use a slug from GET /v1/reference/themes"
            " (e.g. procesindustrie, circulaire-economie, zij-instroom)",
            {"slug": slug},
        )
    return slug


RegionCode = Annotated[str, StringConstraints(max_length=20), AfterValidator(_known_region)]
ThemeSlug = Annotated[str, StringConstraints(max_length=60), AfterValidator(_known_theme)]
