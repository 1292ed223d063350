"""Run ``mkdocs serve`` on a free port in a project folder, reading its log as it runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A ``mkdocs serve`` subprocess with its combined output collected line by line."""

    def __init__(self, project: Path, flags: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", *flags],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def log(self) -> str:
        """Return everything the server printed so far."""
        return "\n".join(self.lines)

    def get(self, path: str) -> str:
        """Fetch a page; return its text, or an empty string if it is not served (yet)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait_for(self, path: str, needle: str, timeout: float = 60.0) -> float:
        """Poll ``path`` until it contains ``needle``; return the seconds it took."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited:\n{self.log()}")
            if needle in self.get(path):
                return time.perf_counter() - started
            time.sleep(0.05)
        raise TimeoutError(f"{needle!r} never appeared on /{path}; server log:\n{self.log()}")

    def wait_for_log(self, needle: str, timeout: float = 60.0) -> str:
        """Wait until the log has a line containing ``needle``; return that line."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            for line in list(self.lines):
                if needle in line:
                    return line
            if self.proc.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited:\n{self.log()}")
            time.sleep(0.05)
        raise TimeoutError(f"{needle!r} never appeared in the server log:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (its whole process group) and wait for it."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
