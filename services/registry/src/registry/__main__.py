"""`python -m registry`: serve the registry API with the configured host and port."""

import uvicorn

from registry.config import Settings


def main() -> None:
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
