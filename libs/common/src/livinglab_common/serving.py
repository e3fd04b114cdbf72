"""How each service's `python -m` serves its app: one place for what they all do alike."""

from __future__ import annotations

import gc

import uvicorn


def serve(
    app_factory: str, host: str, port: int, log_level: str, gc_thresholds: tuple[int, int, int]
) -> None:
    """Runs the FastAPI app that `app_factory` ("module:function") builds, with the garbage
    collector first tuned to the service's heap (each service's __main__ says why its
    thresholds). No access log: one line per request, query string included (docs/security.md)."""
    gc.set_threshold(*gc_thresholds)
    uvicorn.run(
        app_factory,
        factory=True,
        host=host,
        port=port,
        log_level=log_level.lower(),
        access_log=False,
    )
