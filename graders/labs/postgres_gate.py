"""The one way a sandboxed app reaches PostgreSQL: a Unix socket that lets it be one role only.

The sandbox has no network, so the app reaches the server through a socket the grader binds
and lends it (read-only, at /run/postgresql). The grader reads the first message of each
connection, the one that names the role and the database, and passes the connection on to the
server only if they are the learner's own: a server that trusts local connections (as many do)
would otherwise let the app sign in as its administrator. After that first message, the bytes
go through untouched; the server checks the rest (the role's password, its rights, its limits).
"""

import contextlib
import socket
import struct
import threading
from pathlib import Path

SOCKET_NAME = ".s.PGSQL.5432"  # what libpq and asyncpg look for in a socket folder
PROTOCOL_3 = 196608
SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
ALLOWED = {"user", "database", "application_name", "client_encoding", "DateStyle", "TimeZone"}
LONGEST_STARTUP = 10_000  # bytes: a startup message is a few hundred
STARTUP_SECONDS = 10
CONNECTIONS = 16  # at once; the role's CONNECTION LIMIT is the server's own bound


class Refused(Exception):
    """A first message the gate does not pass on."""


def _exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise Refused("the connection closed during its first message")
        data += chunk
    return data


def read_startup(connection: socket.socket) -> tuple[bytes, dict[str, str]]:
    """The startup message (refusing encryption requests first), and the parameters it names."""
    while True:
        length = struct.unpack("!i", _exactly(connection, 4))[0]
        if not 8 <= length <= LONGEST_STARTUP:
            raise Refused(f"a first message of {length} bytes")
        body = _exactly(connection, length - 4)
        code = struct.unpack("!i", body[:4])[0]
        if code in (SSL_REQUEST, GSS_REQUEST):
            connection.sendall(b"N")  # no encryption on a local socket: ask again in plain
            continue
        if code != PROTOCOL_3:
            raise Refused(f"protocol {code} (cancel requests and old protocols are not passed on)")
        words = body[4:].split(b"\0")
        names, values = words[0:-2:2], words[1:-1:2]
        params = {
            k.decode(errors="replace"): v.decode(errors="replace")
            for k, v in zip(names, values, strict=True)
        }
        return struct.pack("!i", length) + body, params


def check_startup(params: dict[str, str], role: str, database: str) -> None:
    if params.get("user") != role:
        raise Refused(f"role {params.get('user')!r}: only {role!r} may sign in here")
    if params.get("database", role) != database:
        raise Refused(f"database {params.get('database')!r}: only {database!r} is here")
    if unknown := set(params) - ALLOWED:
        raise Refused(f"startup parameters {sorted(unknown)} are not passed on")


class PostgresGate:
    """A socket in `folder` passing to `upstream` the connections of one role and database."""

    def __init__(self, folder: Path, upstream: tuple[str, int], role: str, database: str) -> None:
        self.folder, self.upstream, self.role, self.database = folder, upstream, role, database
        folder.mkdir(mode=0o755)
        self.path = folder / SOCKET_NAME
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.path))
        self.path.chmod(0o666)  # the sandbox's uid connects; its folder is lent read-only
        self.listener.listen(CONNECTIONS)
        self.refused: list[str] = []  # why, for the grader's log
        self._open: set[socket.socket] = set()
        self._slots = threading.BoundedSemaphore(CONNECTIONS)
        self._lock = threading.Lock()
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # stopped
            if not self._slots.acquire(blocking=False):
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        server = None
        try:
            client.settimeout(STARTUP_SECONDS)
            startup, params = read_startup(client)
            check_startup(params, self.role, self.database)
            client.settimeout(None)
            server = socket.create_connection(self.upstream, timeout=STARTUP_SECONDS)
            server.settimeout(None)
            if not self._track(client, server):
                return
            server.sendall(startup)
            pump = threading.Thread(target=_pump, args=(server, client), daemon=True)
            pump.start()
            _pump(client, server)
            pump.join()
        except (Refused, OSError) as error:
            with self._lock:
                self.refused.append(str(error))
        finally:
            for end in (client, server):
                if end is not None:
                    with self._lock:
                        self._open.discard(end)
                    end.close()
            self._slots.release()

    def _track(self, *ends: socket.socket) -> bool:
        with self._lock:
            if self._stopped:
                return False
            self._open.update(ends)
            return True

    def stop(self) -> None:
        """Stop listening and cut every connection still open."""
        with self._lock:
            self._stopped = True
            ends = list(self._open)
        self.listener.close()
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


def _pump(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)
