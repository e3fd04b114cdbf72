"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from livinglab_common.auth import authenticate_request
from livinglab_common.keys import Principal

from matching.app_state import Matching


def get_matching(request: Request) -> Matching:
    matching: Matching = request.app.state.matching
    return matching


MatchingDep = Annotated[Matching, Depends(get_matching)]


def authenticate(
    matching: MatchingDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Principal:
    return authenticate_request(matching.keys, authorization, x_api_key, matching.rate_limiter)


PrincipalDep = Annotated[Principal, Depends(authenticate)]
