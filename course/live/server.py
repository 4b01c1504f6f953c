"""Serve the live view on one local address: a refresher thread and a tiny HTTP server.

The refresher re-reads the class every `interval` seconds and keeps the rendered
fragment; requests only hand out what is ready, so a projector refreshing often
costs nothing. Standard library only (http.server), no database, no state on
disk. By default it listens on 127.0.0.1: the page can show answers (and, with
`names`, who gave them), which is for the room, not the network.

127.0.0.1 is not private on a shared machine (every user of a Littlest JupyterHub
can reach it) nor from a web page in the instructor's browser, so, as Jupyter does:
- the page and its fragment need the token of the address printed at start
  (`?token=...`, a fresh random one per run, compared in constant time);
- a request must name this machine in its Host header (a loopback name or
  address; any IP address or this machine's name when listening beyond it):
  a page whose own domain was made to resolve to 127.0.0.1 (DNS rebinding)
  sends its domain there, and is refused.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import math
import secrets
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from course.live.page import CSP, SCRIPT, render_fragment, render_page
from course.live.tally import ClassReader, Snapshot


@dataclass
class LiveState:
    """The latest tally and its rendering, replaced whole by the refresher (readers never see half of one)."""

    reader: ClassReader
    interval: float
    names: bool = False
    title: str = "Live answers"
    snapshot: Snapshot | None = None
    error: str = ""
    rendered: str = ""
    """The fragment of `snapshot` and `error`, rendered once per refresh rather than per request."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """What the address printed at start carries (`?token=`); every request for the page needs it."""

    def __post_init__(self) -> None:
        # An infinite wait kills the refresher thread (the page freezes), nan never waits (a busy loop).
        if not (isinstance(self.interval, int | float) and math.isfinite(self.interval) and self.interval > 0):
            raise ValueError(f"the interval must be a finite number of seconds above 0, got {self.interval!r}")

    def refresh(self) -> Snapshot:
        """Read the class once; a failure keeps the last tally and says what went wrong."""
        try:
            fresh = self.reader.snapshot(names=self.names)
            error = ""
        except Exception as err:  # a vanished folder or a bug must not stop the session's view
            fresh, error = None, f"reading failed: {err}"[:300]
        current = fresh or self.snapshot
        assert current is not None, error
        rendered = render_fragment(current, error)
        with self.lock:
            self.snapshot, self.error, self.rendered = current, error, rendered
        return current

    def fragment(self) -> str:
        with self.lock:
            return self.rendered

    def page(self) -> str:
        with self.lock:
            snapshot, error = self.snapshot, self.error
        assert snapshot is not None
        return render_page(snapshot, interval=self.interval, title=self.title, error=error, token=self.token)

    def admits(self, query: str) -> bool:
        """Whether a request's query carries this view's token (compared in constant time)."""
        given = urllib.parse.parse_qs(query).get("token", [""])[0]
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.token.encode("ascii"))


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
TOKEN_NEEDED = (
    "Forbidden: open the address that `mlops-course live` printed when it started; it carries the access token."
)
HOST_REFUSED = "Forbidden: the Host header names another site, so this request did not come from this machine."


def host_allowed(header: str | None, listening: str) -> bool:
    """Whether a Host header names this machine: a loopback name or address always; when listening beyond
    this machine, any IP address and this machine's own names (a domain name made to point here is refused)."""
    if not header:
        return False
    name = urllib.parse.urlsplit(f"//{header}").hostname or ""
    if name.rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        address = None
    if address is not None and address.is_loopback:
        return True
    if is_loopback(listening):
        return False
    return address is not None or name in {socket.gethostname().lower(), socket.getfqdn().lower()}


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine only (a loopback name or address)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _handler(state: LiveState, listening: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "mlops-course-live"

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if not host_allowed(self.headers.get("Host"), listening):
                self._send(HOST_REFUSED, "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)
            elif path == "/live.js":  # the page's script: the same for everyone, it holds nothing of the class
                self._send(SCRIPT, "text/javascript; charset=utf-8")
            elif path not in ("/", "/index.html", "/fragment"):
                self._send("Not found", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
            elif not state.admits(query):
                self._send(TOKEN_NEEDED, "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)
            elif path == "/fragment":
                self._send(state.fragment(), "text/html; charset=utf-8")
            else:
                self._send(state.page(), "text/html; charset=utf-8")

        def _send(self, body: str, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: a projector asking every few seconds would flood the terminal."""

    return Handler


@contextlib.contextmanager
def serve(state: LiveState, host: str = "127.0.0.1", port: int = 0) -> Iterator[ThreadingHTTPServer]:
    """Read once, then serve and refresh in background threads until the block ends."""
    state.refresh()
    server = ThreadingHTTPServer((host, port), _handler(state, host))
    server.daemon_threads = True
    stop = threading.Event()

    def refresher() -> None:
        while not stop.wait(state.interval):
            state.refresh()

    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-http", daemon=True),
        threading.Thread(target=refresher, name="live-refresh", daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        yield server
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)
