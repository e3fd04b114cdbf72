"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from livinglab_common.errors import ApiError
from livinglab_common.keys import AuthError, Principal

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
    token = x_api_key
    if not token and authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    try:
        return matching.keys.authenticate(token)
    except AuthError as error:
        raise ApiError(
            401, "unauthorized", str(error), headers={"WWW-Authenticate": "Bearer"}
        ) from error


PrincipalDep = Annotated[Principal, Depends(authenticate)]
