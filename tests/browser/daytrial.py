"""A recorder for a scripted working day: what the CWD does and what her phone downloads, step by step.

Every interaction goes through `tap`, `fill`, `select` or `check`, which count it. Bytes come from
the DevTools protocol: the sum of `encodedDataLength` of `Network.loadingFinished` (headers plus the
body as sent, i.e. compressed when the server compressed it) plus that of every redirect response,
for every request the page makes (documents, styles, scripts, images, XHR). The browser cache is
switched off (`Network.setCacheDisabled`), so every page is weighed cold, with its stylesheet and
scripts; `doc_bytes` counts the documents and XHR alone, what a phone with a warm cache still
downloads (a deployment caches static files for good).

Pages go through the real middleware (GZipMiddleware), so their bytes are those of production.
The test server sends static files uncompressed, by name; a deployment sends the gzip copy that
collectstatic wrote (WhiteNoise, level 9). `bytes` therefore counts a static file as deployed: the
headers received plus the gzip size of the file's body (`bytes_test_server` keeps what was received).

A page load is a document that finished loading in the main frame: a POST answered by a redirect
and the page it leads to are one load and two requests.
"""

import gzip
import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

from .support import scroll_width

# Everything a finger taps, visible on the page, smaller than 44×44 px (test_field_trial's rule:
# a check box or radio button counts with the label it touches; visually hidden elements are left out).
from .test_field_trial import SMALL_TARGETS_JS

WARM_TYPES = {"Document", "XHR", "Fetch"}


@dataclass
class Step:
    name: str
    interactions: int = 0
    page_loads: int = 0
    requests: int = 0
    bytes: int = 0
    doc_bytes: int = 0
    bytes_test_server: int = 0


@dataclass
class PageWeight:
    url: str
    bytes: int = 0
    doc_bytes: int = 0
    bytes_test_server: int = 0
    requests: int = 0
    small_targets: list = field(default_factory=list)
    scroll_width: int = 0
    checked: bool = False  # tap targets and width measured once the page had loaded


class Day:
    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.steps: list[Step] = []
        self.pages: list[PageWeight] = []
        self._pending: dict[str, tuple[str, str]] = {}  # request id -> resource type, URL
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda e: self._pending.pop(e["requestId"], None))
        self._cdp = cdp

    # --- what the CWD does -------------------------------------------------------------------

    @contextmanager
    def step(self, name: str):
        self.steps.append(Step(name))
        yield self.steps[-1]
        self.arrived()

    def tap(self, locator):
        self._count()
        locator.tap()

    def fill(self, locator, value: str):
        self._count()
        locator.fill(value)

    def select(self, locator, **option):
        self._count()
        locator.select_option(**option)

    def check(self, locator):
        """Tick a box or a radio button (a tap on it)."""
        self._count()
        locator.check()

    def open_page(self, url: str):
        """Type an address (only the login page is reached this way)."""
        self._count()
        self.page.goto(url)
        self.arrived()

    def arrived(self):
        """Wait until the page and everything it loads are in, then check the page once."""
        self.page.wait_for_load_state("load")
        self._settle()
        if self.pages and not self.pages[-1].checked:
            weight = self.pages[-1]
            weight.small_targets = self.page.evaluate(SMALL_TARGETS_JS)
            weight.scroll_width = scroll_width(self.page)
            weight.checked = True

    # --- what the phone downloads ------------------------------------------------------------

    def _count(self):
        self.steps[-1].interactions += 1

    def _sent(self, event):
        kind, url = event.get("type", ""), event["request"]["url"].removeprefix(self.base_url)
        redirect = event.get("redirectResponse")
        if redirect:  # the same request goes on to the redirect's target
            self._add(kind, redirect.get("encodedDataLength", 0))
            if kind == "Document":
                self.pages[-1].url = url
        elif kind == "Document":
            self.pages.append(PageWeight(url=url))
        self._pending[event["requestId"]] = (kind, url)
        self._add(kind, 0, requests=1)

    def _finished(self, event):
        kind, url = self._pending.pop(event["requestId"], ("", ""))
        received = int(event["encodedDataLength"])
        self._add(kind, deployed_size(url, received), received=received)
        if kind == "Document" and self.steps:
            self.steps[-1].page_loads += 1

    def _add(self, kind: str, size: int, requests: int = 0, received: int | None = None):
        for target in (self.steps[-1] if self.steps else None, self.pages[-1] if self.pages else None):
            if target is None:
                continue
            target.requests += requests
            target.bytes += size
            target.bytes_test_server += size if received is None else received
            if kind in WARM_TYPES:
                target.doc_bytes += size

    def _settle(self, quiet: float = 0.15, limit: float = 30.0):
        """Let the protocol's events in until no request has been open for `quiet` seconds."""
        start = last_busy = time.monotonic()
        while time.monotonic() - start < limit:
            self.page.wait_for_timeout(50)
            if self._pending:
                last_busy = time.monotonic()
            elif time.monotonic() - last_busy >= quiet:
                return
        raise AssertionError(f"requests still open after {limit} s: {self._pending}")

    # --- the report ---------------------------------------------------------------------------

    def totals(self) -> Step:
        total = Step("total")
        for s in self.steps:
            for name in ("interactions", "page_loads", "requests", "bytes", "doc_bytes"):
                setattr(total, name, getattr(total, name) + getattr(s, name))
        return total

    def table(self) -> str:
        rows = [*self.steps, self.totals()]
        lines = [
            "| step | interactions | page loads | requests | KB cold | KB warm (pages only) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for s in rows:
            lines.append(
                f"| {s.name} | {s.interactions} | {s.page_loads} | {s.requests} "
                f"| {s.bytes / 1024:.1f} | {s.doc_bytes / 1024:.1f} |"
            )
        return "\n".join(lines)

    def write(self, path):
        report = {
            "steps": [asdict(s) for s in self.steps],
            "total": asdict(self.totals()),
            "pages": [asdict(p) for p in self.pages],
            "bytes": "sum of CDP Network.loadingFinished encodedDataLength (+ redirect responses), cache off; "
            "static files counted with their gzip body as deployed (bytes_test_server: as received)",
        }
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2))


def deployed_size(url: str, received: int) -> int:
    """A static file's bytes on the wire as deployed: the received headers and body, with the body
    replaced by its gzip copy when WhiteNoise would keep one (smaller than 95 % of the file)."""
    path = urlsplit(url).path
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return received
    raw, packed = _static_sizes(path.removeprefix(prefix))
    return received - raw + packed if packed < raw * 0.95 else received


@cache
def _static_sizes(name: str) -> tuple[int, int]:
    body = Path(finders.find(name)).read_bytes()
    return len(body), len(gzip.compress(body, compresslevel=9, mtime=0))
