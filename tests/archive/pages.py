"""Seed articles as realistic web pages (menus, comment forms, footers), and hostile endpoints,
served by a real HTTP server on a loopback address."""

from __future__ import annotations

import gzip
import html
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROME_TOP = (
    '<nav class="menu"><a href="/">Home</a> | <a href="/news">News</a> | '
    '<a href="/reviews">Reviews</a> | <a href="/forums">Forums</a> | Subscribe</nav>'
)
CHROME_BOTTOM = (
    '<section id="comments"><h3>Leave a Reply</h3><form>Fill in your details below or click '
    "an icon to log in: <input name=email> Notify me of new posts by email.</form></section>"
    "<aside>Blog Stats: 52,373 hits. Join 85 other followers.</aside>"
    "<footer>Copyright 2016. Privacy policy. Terms of use.</footer>"
)
CHROME_WORDS = ("Leave a Reply", "Fill in your details", "Blog Stats", "Privacy policy", "Forums")


def article_page(seed: Path, *, charset: str = "utf-8") -> bytes:
    """A seed article as an HTML page with page chrome around it."""
    lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, body = lines[0], lines[1:]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body[:40])
    page = (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{html.escape(title)}'
        f"</title></head><body>{CHROME_TOP}<article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article>{CHROME_BOTTOM}</body></html>"
    )
    return page.encode(charset, errors="xmlcharrefreplace")  # “ as &#8220; on latin-1 pages


Handler = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """Routes of a test server; a route answers by writing to the request handler."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = answer

    def status(self, path: str, code: int) -> None:
        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_error(code)

        self.routes[path] = answer

    def redirect(self, path: str, location: str, code: int = 302) -> None:
        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_response(code)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        self.routes[path] = answer

    def gzip_bomb(self, path: str, size: int) -> None:
        compressed = _bomb(size)

        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Encoding", "gzip")
            request.send_header("Content-Length", str(len(compressed)))
            request.end_headers()
            request.wfile.write(compressed)

        self.routes[path] = answer

    def endless(self, path: str, size: int = 1 << 30) -> None:
        """A body far bigger than any cap (1 GB unless told), streamed until the client leaves."""

        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.end_headers()
            chunk = b"<p>" + b"x" * 65529 + b"</p>"
            try:
                for _ in range(size // len(chunk)):
                    request.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

        self.routes[path] = answer

    def drip(self, path: str, interval: float, count: int = 1000) -> None:
        """One byte every `interval` seconds: never trips a per-read timeout."""

        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/plain")
            request.end_headers()
            try:
                for _ in range(count):
                    request.wfile.write(b"x")
                    request.wfile.flush()
                    time.sleep(interval)
            except (BrokenPipeError, ConnectionResetError):
                pass

        self.routes[path] = answer

    def slow(self, path: str, body: bytes, delay: float) -> None:
        def answer(request: BaseHTTPRequestHandler) -> None:
            time.sleep(delay)
            request.send_response(200)
            request.send_header("Content-Type", "text/html; charset=utf-8")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = answer

    def gated(self, path: str, body: bytes, gate: threading.Event) -> None:
        """A page that answers only once `gate` is set (or the test ends): it holds a batch
        at a known point, so that a test never depends on how fast the machine is."""

        def answer(request: BaseHTTPRequestHandler) -> None:
            gate.wait(30)
            try:
                request.send_response(200)
                request.send_header("Content-Type", "text/html; charset=utf-8")
                request.send_header("Content-Length", str(len(body)))
                request.end_headers()
                request.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        self.routes[path] = answer


@cache
def _bomb(size: int) -> bytes:
    """`size` bytes of HTML that gzip to a few hundred KB (made once per test run)."""
    return gzip.compress(b"<p>" + b"A" * size + b"</p>", 6)


@contextmanager
def serve(site: Site, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `site` on `host` at a free port; yields the base URL."""

    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            answer = site.routes.get(self.path)
            if answer is None:
                self.send_error(404)
                return
            answer(self)

        def log_message(self, *args: object) -> None:
            pass

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # clients that hang up mid-answer are part of the tests

    server = QuietServer((host, 0), RequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
