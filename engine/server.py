"""The one local HTTP server: a built site served as static hosts serve it, for the PDF
export, the tests and the benchmark.

It compresses with gzip (``python -m http.server`` sends everything uncompressed over a new
connection per file, and Lighthouse would count both against the pages), keeps connections
open, gives cacheable assets a long max-age and pages a short one, and logs nothing.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ipynb", ".py")
LOCALHOST = "127.0.0.1"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    # Persistent connections, as static hosts keep them (HTTP/1.0 opens one per request, and
    # Lighthouse would count a connection set-up against every file).
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()  # uncompressed, or a folder's redirect to its "/"
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header(
            "Cache-Control", "no-cache" if path.suffix == ".html" else "max-age=31536000"
        )
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class SiteServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A reader that leaves mid-transfer (a browser that aborts a script it will not run)
        is no error of the server's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, address: tuple[str, int] = (LOCALHOST, 0)):
    """Serves ``site`` on ``address`` (a free port by default); yields the base URL, with no
    trailing slash."""
    handler = functools.partial(SiteHandler, directory=str(site))
    httpd = SiteServer(address, handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://{LOCALHOST}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
