"""Constrained field types reused by every event model, so limits are the same everywhere."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from livinglab_contracts.reference.regions import REGIONS, resolve_region
from livinglab_contracts.reference.themes import THEMES, resolve_theme

FROZEN = ConfigDict(frozen=True, extra="forbid")
MAX_LIST = 50
# Key under which a model-level rule names the field it is about (see violations.py).
INVARIANT_FIELD = "invariant_field"

AggregateId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"),
    Field(
        description="Stable id: a UUID or a slug (letters, digits, _ . : -), at most 100 chars",
        examples=["cop-limburg"],
    ),
]
PersonId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"),
    Field(description="Pseudonymous person id; never a name or e-mail address"),
]


def _control_characters(text: str, allowed: str) -> str:
    """Refuses control characters (NUL, ESC, DEL, C1 ...): they break logs, CSV and e-mails."""
    for position, char in enumerate(text):
        if unicodedata.category(char) == "Cc" and char not in allowed:
            raise PydanticCustomError(
                "control_character",
                "control character U+{code} at position {position} is not allowed in text",
                {"code": f"{ord(char):04X}", "position": position},
            )
    return text


def _plain_text(text: str) -> str:
    return _control_characters(text, "\t\n\r")


def _name(text: str) -> str:
    _control_characters(text, "")
    if all(unicodedata.category(char)[0] in "ZC" for char in text):
        raise PydanticCustomError(
            "no_visible_character",
            "a name needs at least one visible character (not only spaces or zero-width ones)",
        )
    return text


Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_name),
]
ShortText = Annotated[str, StringConstraints(max_length=500), AfterValidator(_plain_text)]
LongText = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_plain_text)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z.\-]+$")]
Url = Annotated[str, StringConstraints(max_length=300, pattern=r"^https?://[^\s]+$")]
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=60)]


def invariant(field: str, rule: str, message: str) -> PydanticCustomError:
    """An error for a rule across fields, reported at `data.<field>` rather than at `data`."""
    return PydanticCustomError(rule, message, {INVARIANT_FIELD: field})


def _known_region(code: str) -> str:
    if code in REGIONS:
        return code
    canonical = resolve_region(code)
    if canonical is not None:
        raise PydanticCustomError(
            "region_code_form",
            "'{code}' is not a registry region code; use '{canonical}' ({name})",
            {"code": code, "canonical": canonical, "name": REGIONS[canonical].name_nl},
        )
    raise PydanticCustomError(
        "unknown_region",
        "unknown region code '{code}'; use a code from GET /v1/reference/regions: NUTS for"
        " landsdeel/provincie (NL42 = Limburg), CBS COROP for subregio (CR39 = Zuid-Limburg),"
        " CBS gemeente (GM0935 = Maastricht)",
        {"code": code},
    )


def _known_theme(slug: str) -> str:
    if slug in THEMES:
        return slug
    known = resolve_theme(slug)
    if known is not None:
        raise PydanticCustomError(
            "theme_slug_form",
            "'{slug}' is not a theme slug; use '{known}'",
            {"slug": slug, "known": known},
        )
    raise PydanticCustomError(
        "unknown_theme",
        "unknown theme '{slug}'; use a lower-case slug from GET /v1/reference/themes"
        " (e.g. procesindustrie, circulaire-economie, zij-instroom)",
        {"slug": slug},
    )


RegionCode = Annotated[
    str,
    StringConstraints(max_length=40),
    AfterValidator(_known_region),
    Field(
        description="Region code from the reference tree",
        examples=["CR39"],
        json_schema_extra={"x-reference": "GET /v1/reference/regions"},
    ),
]
ThemeSlug = Annotated[
    str,
    StringConstraints(max_length=60),
    AfterValidator(_known_theme),
    Field(
        description="Theme slug from the reference tree",
        examples=["procesindustrie"],
        json_schema_extra={"x-reference": "GET /v1/reference/themes"},
    ),
]


def many(description: str, max_length: int = MAX_LIST, **extra: Any) -> Any:
    """An optional list field (empty by default) with a size limit."""
    return Field(default=(), max_length=max_length, description=description, **extra)
