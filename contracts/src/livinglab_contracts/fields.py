"""Constrained field types reused by every event model, so limits are the same everywhere."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

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


# Characters free text may not hold, as patterns: pydantic-core enforces them (_CharacterRule),
# the JSON Schema documents them, and a refusal names the character and its position. C0 and
# C1 control characters and DEL break logs, CSV exports and e-mail; multi-line text keeps TAB,
# LF and CR, one-line text (names, titles, labels) none of them nor the Unicode line and
# paragraph separators.
MULTI_LINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
ONE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"


@dataclass(frozen=True)
class _Documented:
    """Adds keywords to a field's JSON Schema without changing how it is validated."""

    pattern: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update({"pattern": self.pattern, "x-unicode-normalization": "NFC"})
        return schema


def _nfc(value: Any) -> Any:
    """Text is kept in Unicode NFC: 'é' sent as one code point or as 'e' plus a combining accent
    is the same name for search, duplicate checks and length limits (counted after this)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _refuse_characters(text: str, one_line: bool) -> str:
    """Names the first character the rule refuses and its position. Runs only for text the
    pattern in pydantic-core already refused, so accepted text never loops here in Python."""
    for position, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cc" and (one_line or char not in "\t\n\r"):
            raise PydanticCustomError(
                "control_character",
                "control character U+{code} at position {position} is not allowed in text",
                {"code": f"{ord(char):04X}", "position": position},
            )
        if one_line and category in ("Zl", "Zp"):
            raise PydanticCustomError(
                "line_break",
                "line or paragraph separator U+{code} at position {position}: this text is one"
                " line",
                {"code": f"{ord(char):04X}", "position": position},
            )
    return text


@dataclass(frozen=True)
class _CharacterRule:
    """The character rule as a pattern checked by pydantic-core after the field's own
    constraints (and NFC); only a refusal calls back into Python, for a precise message."""

    one_line: bool

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        pattern = ONE_LINE_PATTERN if self.one_line else MULTI_LINE_PATTERN
        one_line = self.one_line

        def precise(text: str, check: ValidatorFunctionWrapHandler) -> str:
            try:
                checked: str = check(text)
            except ValidationError:
                _refuse_characters(text, one_line)
                raise
            return checked

        rule = core_schema.no_info_wrap_validator_function(
            precise, core_schema.str_schema(pattern=pattern)
        )
        return core_schema.chain_schema([handler(source), rule])


def _visible(text: str) -> str:
    # Stops at the first visible character, so it costs nothing for ordinary names.
    if all(unicodedata.category(char)[0] in "ZC" for char in text):
        raise PydanticCustomError(
            "no_visible_character",
            "a name needs at least one visible character (not only spaces or zero-width ones)",
        )
    return text


# The metadata every free-text type carries, after its length constraints: NFC first (so the
# limits count the normalised text), the character rule after, its documentation last.
NFC = BeforeValidator(_nfc)
ONE_LINE = _CharacterRule(one_line=True)
MULTI_LINE = _CharacterRule(one_line=False)
ONE_LINE_DOC = _Documented(ONE_LINE_PATTERN)
MULTI_LINE_DOC = _Documented(MULTI_LINE_PATTERN)

Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    NFC,
    ONE_LINE,
    AfterValidator(_visible),
    ONE_LINE_DOC,
]
ShortText = Annotated[str, StringConstraints(max_length=500), NFC, MULTI_LINE, MULTI_LINE_DOC]
LongText = Annotated[str, StringConstraints(max_length=5000), NFC, MULTI_LINE, MULTI_LINE_DOC]
Code = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z.\-]+$")]
# No spaces and no control characters (a NUL or an ESC in a link is never meant).
Url = Annotated[
    str,
    StringConstraints(max_length=300, pattern=r"^https?://[^\s\u0000-\u001f\u007f-\u009f]+$"),
]
FieldName = Annotated[
    str, StringConstraints(min_length=1, max_length=60), NFC, ONE_LINE, ONE_LINE_DOC
]


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
