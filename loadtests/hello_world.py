"""The smallest Litestar app, served the way the reference is: the yardstick of the benchmarks.

A request per second means little on a shared machine; the same figure as a share of what a
hello-world answers in the same run, on the same core, through the same server settings
(uvicorn, its h11 protocol with the reference's limits, one worker, no access log) says how
much the app itself costs. Serve it alone with

    python -m loadtests.hello_world --port 8010
"""

import argparse
import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import uvicorn
from litestar import Litestar, get

from loadtests.serve import HOST, REPO_ROOT, STARTUP_TIMEOUT, Server, _stop, free_port
from reference_app.serving import uvicorn_options
from reference_app.settings import Settings


@get("/")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


def create_app() -> Litestar:
    return Litestar(route_handlers=[hello], logging_config=None)


@contextlib.contextmanager
def hello_world_server(*, cpus: str | None = None) -> Iterator[Server]:
    """Serve the hello-world on a free port (pinned to `cpus`, if given) until the block ends."""
    port = free_port()
    pin = ["taskset", "-c", cpus] if cpus else []
    command = [*pin, sys.executable, "-m", "loadtests.hello_world", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, start_new_session=True
    )
    server = Server(f"http://{HOST}:{port}", 1, process.pid, REPO_ROOT)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{server.url}/", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the hello-world server did not start")
            time.sleep(0.1)
        yield server
    finally:
        _stop(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.hello_world", description=__doc__)
    parser.add_argument("--port", type=int, default=8010)
    args = parser.parse_args(argv)
    settings = Settings(host=HOST, port=args.port, workers=1, log_level="WARNING")
    options = uvicorn_options(settings) | {"factory": True}
    uvicorn.run("loadtests.hello_world:create_app", **options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
