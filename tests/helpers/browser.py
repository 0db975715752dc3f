"""Mermaid diagrams rendered by Mermaid itself in a real headless Chromium, measured and photographed.

One Chromium (the system package `chromium`) runs for a whole batch, driven over the DevTools protocol on
a pipe (`--remote-debugging-pipe`: no port is opened). A page loads Mermaid's own bundle from
node_modules, lays each diagram out in a box as wide as GitHub's Markdown column (Mermaid scales a wide
diagram down to fit, as GitHub does), and reports, per diagram, the height on screen of every entity name;
each diagram is photographed to a PNG.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MERMAID_JS = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
GITHUB_WIDTH = 922  # px: the Markdown column of a file on GitHub (1012 px less its 2 x 45 px padding)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--allow-file-access-from-files",
    "--remote-debugging-pipe",
)

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>
body {{ margin: 0; background: #fff; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial,
  sans-serif; font-size: 16px; }}
.box {{ width: {width}px; margin: 0 0 24px 0; }}
</style>
<script src="{mermaid}"></script></head><body>
{boxes}
<script>
mermaid.initialize({{ startOnLoad: false, securityLevel: "strict", er: {{ useMaxWidth: true }} }});
window.__measured = mermaid.run({{ querySelector: ".mermaid" }}).then(() =>
  [...document.querySelectorAll(".box")].map((box) => {{
    const svg = box.querySelector("svg");
    const rect = box.getBoundingClientRect();
    const s = svg.getBoundingClientRect();
    const view = svg.viewBox.baseVal;
    const scale = view && view.width ? s.width / view.width : 1;
    // the text height on screen: the name's font size (its em box) times the scale Mermaid drew at
    const names = [...svg.querySelectorAll("g.label.name")].map((g) => {{
      const inner = g.querySelector("span") || g.querySelector("text") || g;
      return [g.textContent.trim(), parseFloat(getComputedStyle(inner).fontSize) * scale];
    }});
    return {{ x: rect.x, y: rect.y + window.scrollY, width: rect.width, height: rect.height,
              svg_width: s.width, names }};
  }})
);
</script></body></html>
"""


@dataclass(frozen=True)
class Rendered:
    """One diagram as drawn: its width on screen, each entity name's text height, and its picture."""

    png: Path
    width: float
    names: tuple[tuple[str, float], ...]  # (entity name, text height in px)

    @property
    def smallest(self) -> float:
        """The height of the smallest entity name (0 when none was drawn)."""
        return min((h for _n, h in self.names), default=0.0)


def chromium() -> str:
    """The Chromium executable (the system package; `make`'s test target installs it when absent)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError(
            "chromium is not installed: `apt-get install chromium` (the Makefile's test target does)"
        )
    return found


def render(sources: list[str], out: Path, name: str, width: int = GITHUB_WIDTH) -> list[Rendered]:
    """Draw each Mermaid source with Mermaid in Chromium at `width`; PNGs go to `out` as `name-N.png`."""
    out.mkdir(parents=True, exist_ok=True)
    boxes = "\n".join(f'<div class="box"><pre class="mermaid">{_html(s)}</pre></div>' for s in sources)
    page = out / f"{name}.html"
    page.write_text(PAGE.format(width=width, mermaid=MERMAID_JS.as_uri(), boxes=boxes), encoding="utf-8")
    with _Browser() as browser:
        browser.call(
            "Emulation.setDeviceMetricsOverride", width=width, height=1000, deviceScaleFactor=1, mobile=False
        )
        browser.navigate(page.as_uri())
        measured = browser.evaluate("window.__measured")
        found = []
        for n, box in enumerate(measured, 1):
            clip = {"x": 0, "y": box["y"], "width": width, "height": max(1, box["height"]), "scale": 1}
            shot = browser.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
            png = out / f"{name}-{n}.png"
            png.write_bytes(base64.b64decode(shot["data"]))
            found.append(
                Rendered(png, float(box["svg_width"]), tuple((str(a), float(b)) for a, b in box["names"]))
            )
    return found


def _as_3_and_4(read: int, write: int) -> None:
    """In the child: Chromium reads commands on fd 3 and writes answers on fd 4 (inheritable copies)."""
    read, write = os.dup(read), os.dup(write)  # above 4, so neither copy is overwritten by the other
    os.dup2(read, 3)
    os.dup2(write, 4)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Browser:
    """A headless Chromium on a DevTools pipe, with one page attached."""

    def __init__(self) -> None:
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        self._proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # fds 3 and 4 (inheritable dup2 copies) are its pipe; the rest close on exec
            preexec_fn=lambda: _as_3_and_4(to_child_r, from_child_w),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._id = 0
        self._session = ""
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> _Browser:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._send({"id": self._next(), "method": "Browser.close"})
        try:
            self._proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _next(self) -> int:
        self._id += 1
        return self._id

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._to_child, json.dumps(message).encode() + b"\0")

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command (to the page when attached) and wait for its answer."""
        number = self._next()
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if self._session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self._session
        self._send(message)
        while True:
            answer = self._receive()
            if answer.get("id") == number:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})  # type: ignore[no-any-return]
            self._events.append(answer)

    def navigate(self, url: str) -> None:
        """Open `url` and wait for its load event."""
        self._events.clear()
        self.call("Page.navigate", url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self._events):
            self._events.append(self._receive())

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        found = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in found:
            raise RuntimeError(f"{expression}: {found['exceptionDetails']}")
        return found["result"]["value"]
