"""A real SMTP server on loopback that keeps every letter it is given.

Enough of RFC 5321 for Django's SMTP backend (EHLO/HELO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT; no TLS, no login): the portal's processes deliver to it
exactly as they deliver to a mail server, and the test reads what arrived.
"""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Session(socketserver.StreamRequestHandler):
    def _say(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self._say("220 sink.local ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._say("250-sink.local")
                self._say("250 8BITMIME")
            elif verb == "HELO" or verb in {"MAIL", "NOOP"}:
                self._say("250 OK")
            elif verb == "RCPT":
                recipients.append(line.decode("ascii", "replace").split(":", 1)[1].strip())
                self._say("250 OK")
            elif verb == "RSET":
                recipients = []
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 End data with <CR><LF>.<CR><LF>")
                data = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.sink.keep(bytes(data), recipients)
                recipients = []
                self._say("250 OK queued")
            elif verb == "QUIT":
                self._say("221 Bye")
                return
            else:
                self._say("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """`with SmtpSink() as sink:` — listens on `sink.port` until the block ends."""

    def __init__(self) -> None:
        self.letters: list[tuple[EmailMessage, list[str]]] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.sink = self
        self.port = self._server.server_address[1]

    def keep(self, data: bytes, recipients: list[str]) -> None:
        with self._lock:
            self.letters.append((message_from_bytes(data, policy=policy.default), recipients))

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [letter for letter, rcpt in self.letters if f"<{address}>" in rcpt]

    def __enter__(self) -> SmtpSink:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
