"""`python -m registry`: serve the registry API with the configured host and port."""

from livinglab_common.serving import serve

from registry.config import Settings

# The view keeps every event and aggregate in memory: a large, long-lived heap with no cycles
# to collect. With the default threshold (700 allocations) the cyclic collector runs every few
# requests and keeps re-walking that heap, which cost 30-50% of the registry's CPU per event
# and grew with the register (python -m bench ingest: batch 73 -> 107 us/event over four runs
# by default, 47-57 us with this). Garbage with cycles is still collected, just in larger steps.
GC_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    settings = Settings()
    serve(
        "registry.bootstrap:create_app",
        settings.host,
        settings.port,
        settings.log_level,
        GC_THRESHOLDS,
    )


if __name__ == "__main__":
    main()
