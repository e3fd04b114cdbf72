"""`python -m notifications`: serve the notification API and worker on the configured port."""

import uvicorn

from notifications.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(
        "notifications.bootstrap:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


if __name__ == "__main__":
    main()
