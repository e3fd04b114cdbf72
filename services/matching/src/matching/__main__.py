"""`python -m matching`: the coordinator API and the matching worker in one process."""

from livinglab_common.serving import serve

from matching.config import Settings

# The worker keeps a large, long-lived and mostly acyclic heap (the network, rankings, scores).
# With Python's default thresholds a full collection scanned it every few batches: about 30 % of
# the worker's CPU in the graph-build benchmark. A full collection now follows every 10 million
# allocations or so. The young generations stay small, since each of their collections stops
# the event loop: with (50_000, 20, 10) those pauses reached 33 and 83 ms in the end-to-end
# latency bench (2026-12-06); with these, 8 and 22 ms, at the same CPU per event.
GC_THRESHOLDS = (10_000, 10, 100)


def main() -> None:
    settings = Settings()
    serve(
        "matching.bootstrap:create_app",
        settings.host,
        settings.port,
        settings.log_level,
        GC_THRESHOLDS,
    )


if __name__ == "__main__":
    main()
