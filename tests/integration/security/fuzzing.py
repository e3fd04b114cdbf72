"""What the schema-based fuzz tests of matching and notifications add to schemathesis's checks.

- Every refusal (4xx) is in the one error shape of livinglab_common.errors, whatever the route.
- Made-up ids only ever find nothing: so half of the well-formed ids the fuzzer generates are
  swapped for ids that exist, and the answers for real data (a real match's feedback, a real
  subscription's deliveries) are fuzzed as well, not only 404s.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.checks import CheckContext, CheckFunction
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import positive_data_acceptance

# A schema-valid request may still be refused for a rule OpenAPI cannot state: an unknown
# region or theme code (the lists are reference data, documented as x-reference, not as enums),
# or two subject filters at once. Those answers are checked to be documented 422s instead.
EXCLUDED_CHECKS: list[CheckFunction] = [positive_data_acceptance]


@schemathesis.check
def refusals_in_the_one_error_shape(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """A 4xx (and 5xx) body is {"error": {status, code, message, details}} and JSON."""
    if response.status_code < 400:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), (response.status_code, content_type)
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}, error
    assert error["status"] == response.status_code, error
    assert isinstance(error["code"], str) and re.fullmatch(r"[a-z_]+", error["code"]), error
    for detail in error["details"]:
        assert set(detail) == {"field", "rule", "message"}, detail


def aim_at_known_ids(case: Case[Any], known: Mapping[str, Sequence[str]]) -> None:
    """Replaces about half of the well-formed path ids with ids from `known` (per parameter).

    Only positive path parameters are touched: a deliberately invalid one stays as generated.
    The choice is a hash of the generated value, so a failing example replays the same way.
    """
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return
    for name, value in list((case.path_parameters or {}).items()):
        ids = known.get(name)
        if not ids or not isinstance(value, str):
            continue
        digest = zlib.crc32(value.encode("utf-8", "surrogatepass"))
        if digest % 2 == 0:
            case.path_parameters[name] = ids[(digest // 2) % len(ids)]
