"""Serve the live view on one local address: a refresher thread and a tiny HTTP server.

The refresher re-reads the class every `interval` seconds and keeps the rendered
fragment; requests only hand out what is ready, so a projector refreshing often
costs nothing. Standard library only (http.server), no database, no state on
disk. By default it listens on 127.0.0.1: the page can show answers (and, with
`names`, who gave them), which is for the room, not the network.
"""

from __future__ import annotations

import contextlib
import math
import threading
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
        return render_page(snapshot, interval=self.interval, title=self.title, error=error)


def _handler(state: LiveState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "mlops-course-live"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                self._send(state.page(), "text/html; charset=utf-8")
            elif path == "/fragment":
                self._send(state.fragment(), "text/html; charset=utf-8")
            elif path == "/live.js":
                self._send(SCRIPT, "text/javascript; charset=utf-8")
            else:
                self._send("Not found", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)

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
    server = ThreadingHTTPServer((host, port), _handler(state))
    server.daemon_threads = True
    stop = threading.Event()

    def refresher() -> None:
        while not stop.wait(state.interval):
            state.refresh()

    threads = [
        threading.Thread(target=server.serve_forever, name="live-http", daemon=True),
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
