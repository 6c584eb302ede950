"""Start a real ``nginx`` on loopback, as the test user, serving one directory as static files.

Everything nginx needs lives under a temporary prefix the test passes: the
configuration written here, the pid file, the error log and the temp paths;
``daemon off`` keeps it a child of the test, stopped with SIGQUIT then SIGKILL.
Nothing outside that prefix is written, and no system nginx is touched.

::

    with serve_directory(tmp_path / "nginx", tiles_dir) as url:
        requests.get(url + "/checkpoint")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import requests

START_TIMEOUT = 15.0
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(prefix: Path, root: Path, port: int) -> str:
    temp = {name: prefix / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    # Run as root, nginx would hand its workers to "nobody", who cannot read a test's private temp dir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    default_type application/octet-stream;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri =404; }}
    }}
}}
"""


@contextlib.contextmanager
def serve_directory(prefix: Path, root: Path) -> Iterator[str]:
    """Serve ``root`` on a free loopback port; yields ``http://127.0.0.1:<port>``.

    Raises:
        RuntimeError: nginx did not start (the message holds its error log).
    """
    prefix.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(_config(prefix, root.resolve(), port))
    error_log = prefix / "error.log"
    with error_log.open("ab") as stderr:
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(error_log)], stdout=subprocess.DEVNULL, stderr=stderr
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            with contextlib.suppress(requests.RequestException):
                requests.get(url + "/", timeout=1)
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start:\n{error_log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
