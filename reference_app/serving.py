"""How `python -m reference_app serve` runs the app: uvicorn's settings, and the logs' format.

Every setting that bounds a slow or hostile client, with the value chosen (`env`: the settings
HEAD_TIMEOUT_SECONDS and BODY_TIMEOUT_SECONDS change it):

| limit | default | set by |
|---|---|---|
| request line and headers, in size | 16 KiB, else 431 | `head_size.MAX_HEAD_BYTES` |
| request line and headers, in time | 10 s after connecting or an answer, else 408 | env |
| the body, in time | 30 s once the headers are in, else 408 | env |
| the body, in size | 10 MB, else 413 | Litestar's `request_max_body_size` |
| an idle keep-alive connection | closed after 5 s | `KEEP_ALIVE_SECONDS` below |
"""

from typing import Any

from reference_app.head_size import MAX_HEAD_BYTES
from reference_app.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
KEEP_ALIVE_SECONDS = 5


def log_config(level: str) -> dict[str, Any]:
    """One format, with time and level, for the app's and uvicorn's logs, in every worker.

    uvicorn applies this in each worker process it starts; a `logging.basicConfig` made in the
    parent is not inherited by them, and with `--workers 2` the access log would vanish.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"format": LOG_FORMAT}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        # uvicorn's loggers write through the root's handler, in the same format.
        "loggers": {name: {"level": level} for name in ("uvicorn", "uvicorn.error")},
    }


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of `uvicorn.run` for these settings."""
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "http": "reference_app.http_protocol:BoundedH11Protocol",
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "access_log": False,  # the app logs one line per request itself
        "log_level": settings.log_level.lower(),
        "log_config": log_config(settings.log_level),
        # uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 and rewrite the
        # client's address; the app reads it itself, from TRUSTED_PROXIES only (sessions/).
        "proxy_headers": False,
        "ssl_certfile": settings.tls_certfile,
        "ssl_keyfile": settings.tls_keyfile,
    }
