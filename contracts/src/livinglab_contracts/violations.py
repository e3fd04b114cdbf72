"""Why an input is not a valid event: one exception carrying precise, JSON-path-like reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from livinglab_contracts.fields import INVARIANT_FIELD

MAX_ECHO = 120  # characters of a refused value quoted back in a message


@dataclass(frozen=True)
class Violation:
    field: str  # e.g. "data.themes[2]", "time", "(event)" for the whole input
    rule: str  # e.g. "missing", "enum", "unknown_region", "subject_mismatch"
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


class ContractViolation(Exception):
    """The input is not a valid event of a known type; `violations` say exactly why."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = list(violations) or [Violation("(event)", "invalid", "invalid event")]
        summary = "; ".join(f"{v.field}: {v.message}" for v in self.violations[:5])
        super().__init__(summary)

    @classmethod
    def single(cls, field: str, rule: str, message: str) -> ContractViolation:
        return cls([Violation(field, rule, message)])

    def as_dicts(self) -> list[dict[str, str]]:
        return [v.as_dict() for v in self.violations]


def echo(value: object) -> str:
    """A refused value as it may be quoted in a message: bounded, and always valid UTF-8."""
    text = str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= MAX_ECHO else f"{text[:MAX_ECHO]}..."


def field_path(location: Sequence[int | str]) -> str:
    """('data', 'themes', 2) -> 'data.themes[2]'; pydantic's internal steps are left out."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.startswith(("function-", "tagged-union", "json-or-python")):
            continue
        else:
            path = f"{path}.{part}" if path else part
    return path or "(event)"


def violations_of(error: ValidationError, prefix: Sequence[str] = ()) -> list[Violation]:
    found: list[Violation] = []
    for item in error.errors(include_url=False, include_input=False):
        location: list[int | str] = [*prefix, *item["loc"]]
        field = (item.get("ctx") or {}).get(INVARIANT_FIELD)
        if isinstance(field, str):
            location.append(field)
        message = item["msg"].removeprefix("Value error, ")
        found.append(Violation(field_path(location), item["type"], message))
    return found
