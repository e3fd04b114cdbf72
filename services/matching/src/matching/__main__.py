"""`python -m matching`: the coordinator API and the matching worker in one process."""

import uvicorn

from matching.config import Settings


def main() -> None:
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
