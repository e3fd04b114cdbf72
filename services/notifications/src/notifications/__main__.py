"""`python -m notifications`: serve the notification API and worker on the configured port."""

from livinglab_common.serving import serve

from notifications.config import Settings

# The service keeps every delivery's ledger entry in memory: a long-lived heap that grows with
# every match announced. With Python's default thresholds full collections walked it again and
# again, each stopping the event loop, deliveries included: in the end-to-end latency bench
# (2026-12-06) 7 of them took 542 ms, the longest 134 ms, and the notifications stage's p99 was
# 120-220 ms against a p50 of 22 ms. A full collection now follows every 10 million allocations
# or so; the young generations stay small so their own pauses stay short (10 and 29 ms at most
# there; with (50_000, 20, 10) young collections reached 56 ms). That p99 is now about 50 ms.
GC_THRESHOLDS = (10_000, 10, 100)


def main() -> None:
    settings = Settings()
    serve(
        "notifications.bootstrap:create_app",
        settings.host,
        settings.port,
        settings.log_level,
        GC_THRESHOLDS,
    )


if __name__ == "__main__":
    main()
