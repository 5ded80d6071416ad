"""A relay from a loopback TCP port to a sandboxed app's Unix socket, for load tests.

The app in the sandbox has no network at all: the checks reach it through its Unix socket. Locust
speaks TCP only, so a load test sends to a port on 127.0.0.1 that this relay forwards, byte for
byte, to the socket. The reference is reached through a relay of its own too, so both servers pay
the same cost for it and their figures stay comparable.

    python -m graders.labs.relay LISTENING_FD SOCKET_PATH

The grader binds the port and hands over the listening descriptor, so the port is known before
the relay starts and nothing else can take it meanwhile.
"""

import asyncio
import contextlib
import functools
import socket
import sys

CHUNK = 64 * 1024  # bytes read at once: a relay never holds more than this per direction


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(CHUNK):
            writer.write(chunk)
            await writer.drain()  # back-pressure: a slow reader slows the writer, not our memory
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(ConnectionError, OSError):
            if writer.can_write_eof():
                writer.write_eof()


async def _relay(
    target: str, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
) -> None:
    try:
        app_reader, app_writer = await asyncio.open_unix_connection(target)
    except OSError:
        client_writer.close()
        return
    try:
        await asyncio.gather(_pump(client_reader, app_writer), _pump(app_reader, client_writer))
    finally:
        for writer in (app_writer, client_writer):
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()


async def serve(listening: socket.socket, target: str) -> None:
    """Forward every connection accepted on `listening` to the Unix socket `target`, forever."""
    server = await asyncio.start_server(
        functools.partial(_relay, target), sock=listening, limit=CHUNK
    )
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    fd, target = (argv if argv is not None else sys.argv[1:])[:2]
    listening = socket.socket(fileno=int(fd))
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(listening, target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
