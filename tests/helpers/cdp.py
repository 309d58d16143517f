"""Headless Chromium driven over the DevTools protocol, on a pipe.

Debian's chromium package, started with --remote-debugging-pipe: the protocol's
JSON messages go through file descriptors 3 and 4, each ended by a NUL byte. No
websocket library, no Playwright, no browser download: the tests and the
preview benchmark need only /usr/bin/chromium.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    pass


class Chromium:
    def __init__(self, executable: Path = CHROMIUM, size: tuple[int, int] = (1280, 900)):
        self.size = size
        self.profile = Path(tempfile.mkdtemp(prefix="bookbuild-chromium-"))
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self._log = open(self.profile / "stderr.log", "wb")
        args = [*FLAGS, f"--user-data-dir={self.profile / 'profile'}", f"--window-size={size[0]},{size[1]}", "about:blank"]
        self.proc = subprocess.Popen([str(executable), *args], preexec_fn=_on_3_and_4(to_browser_r, from_browser_w), close_fds=False, stdout=subprocess.DEVNULL, stderr=self._log)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._cond = threading.Condition()
        self._replies: dict[int, dict] = {}
        self._events: list[dict] = []
        self._next_id = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.call("Browser.getVersion", timeout=20)  # ready

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 10) -> dict:
        with self._cond:
            self._next_id += 1
            ident = self._next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        with self._cond:
            if not self._cond.wait_for(lambda: ident in self._replies or self.proc.poll() is not None, timeout):
                raise BrowserError(f"{method}: no answer in {timeout}s")
            reply = self._replies.pop(ident, None)
        if reply is None:
            raise BrowserError(f"chromium exited: {self._stderr()}")
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def events(self, method: str) -> list[dict]:
        with self._cond:
            return [e for e in self._events if e.get("method") == method]

    def new_page(self) -> "Page":
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.call("Runtime.enable")
        page.call("Emulation.setDeviceMetricsOverride", {"width": self.size[0], "height": self.size[1], "deviceScaleFactor": 1, "mobile": False})
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.call("Browser.close", timeout=5)
            self.proc.wait(timeout=10)
        except (BrowserError, subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._to_browser)
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self) -> None:
        buffer = b""
        while chunk := _read_some(self._from_browser):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._cond:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self._events.append(message)
                self._cond.notify_all()
        os.close(self._from_browser)
        with self._cond:
            self._cond.notify_all()

    def _stderr(self) -> str:
        self._log.flush()
        return (self.profile / "stderr.log").read_text(errors="replace")[-2000:]


def _on_3_and_4(read_end: int, write_end: int):
    """In the child before exec: our pipe ends on fds 3 and 4, where Chromium looks for them.

    Both are first moved to 10 or above, so that neither can overwrite the other;
    os.pipe()'s own fds close at exec (they are not inheritable).
    """

    def move() -> None:
        high_read, high_write = fcntl.fcntl(read_end, fcntl.F_DUPFD, 10), fcntl.fcntl(write_end, fcntl.F_DUPFD, 10)
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)

    return move


def _read_some(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except OSError:
        return b""


class Page:
    def __init__(self, browser: Chromium, session: str):
        self.browser = browser
        self.session = session

    def call(self, method: str, params: dict | None = None, timeout: float = 10) -> dict:
        return self.browser.call(method, params, self.session, timeout)

    def goto(self, url: str, timeout: float = 10) -> None:
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'", timeout)

    def evaluate(self, expression: str, await_promise: bool = False, timeout: float = 10) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": await_promise}, timeout)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails'].get('exception', {}).get('description', result['exceptionDetails'])}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10, every: float = 0.02) -> Any:
        """Poll expression until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out after {timeout}s waiting for: {expression}")
            time.sleep(every)

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            width, height = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        data = self.call("Page.captureScreenshot", params, timeout=30)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def errors(self) -> list[str]:
        """Uncaught exceptions in the page's scripts so far."""
        return [e["params"]["exceptionDetails"].get("exception", {}).get("description", "?") for e in self.browser.events("Runtime.exceptionThrown") if e.get("sessionId") == self.session]
