"""One window per user and database: a second ``duizhao FILE`` hands FILE over.

The first instance listens on a ``QLocalServer`` whose name is derived from
the user name and the database path; a later start connects, sends its file
list as JSON and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_TIMEOUT_MS = 1500


def server_name(db_path: str | Path) -> str:
    """The local-server name for this user and database."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some sandboxes
        user = "user"
    digest = hashlib.sha1(f"{user}\0{Path(db_path).expanduser().resolve()}".encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"duizhao-{digest}"


def send_to_running(name: str, paths: list[str]) -> bool:
    """Hand ``paths`` to a running instance; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(_TIMEOUT_MS):
        return False
    socket.write(json.dumps({"open": paths}).encode("utf-8") + b"\n")
    socket.flush()
    socket.waitForBytesWritten(_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts and calls ``on_open(paths)`` for each."""

    def __init__(self, name: str, on_open: Callable[[list[str]], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_open = on_open
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)
        if not self.server.listen(name):
            # A stale socket left by a crash: remove it and try once more.
            QLocalServer.removeServer(name)
            self.server.listen(name)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(sock=socket, buf=buffer) -> None:
                buf.extend(bytes(sock.readAll()))
                if buf.endswith(b"\n"):
                    self._handle(bytes(buf))
                    buf.clear()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)

    def _handle(self, data: bytes) -> None:
        try:
            message = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return
        paths = message.get("open") if isinstance(message, dict) else None
        if isinstance(paths, list):
            self.on_open([str(p) for p in paths if isinstance(p, str)])

    def close(self) -> None:
        self.server.close()
