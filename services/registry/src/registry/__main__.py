"""`python -m registry`: serve the registry API with the configured host and port."""

import gc

import uvicorn

from registry.config import Settings

# The view keeps every event and aggregate in memory: a large, long-lived heap with no cycles
# to collect. With the default threshold (700 allocations) the cyclic collector runs every few
# requests and keeps re-walking that heap, which cost 30-50% of the registry's CPU per event
# and grew with the register (python -m bench ingest: batch 73 -> 107 us/event over four runs
# by default, 47-57 us with this). Garbage with cycles is still collected, just in larger steps.
GC_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    settings = Settings()
    uvicorn.run(
        "registry.bootstrap:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


if __name__ == "__main__":
    main()
