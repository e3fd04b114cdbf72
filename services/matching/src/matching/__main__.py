"""`python -m matching`: the coordinator API and the matching worker in one process."""

import gc

import uvicorn

from matching.config import Settings

# The worker keeps a large, long-lived and mostly acyclic heap (the network, rankings, scores).
# With Python's default thresholds a full collection scanned it every few batches: about 30 % of
# the worker's CPU in the graph-build benchmark. Young generations are still collected often;
# a full collection now follows every 10 million allocations or so.
GC_THRESHOLDS = (50_000, 20, 10)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    settings = Settings()
    uvicorn.run(
        "matching.bootstrap:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


if __name__ == "__main__":
    main()
