"""Page weight and cold load time of the CWD's pages on an emulated weak 3G line (issue 11).

Starts Shouhu as it is deployed (DEBUG off, `collectstatic`, gunicorn) on the demo database that
`make run` creates, logs in as the demo CWD in Debian Chromium and opens each main page with an
empty cache on a line throttled through the DevTools protocol (Network.emulateNetworkConditions:
400 ms latency per request, 400 kbit/s down and up). For each page it reports the bytes on the wire
(sum of encodedDataLength of every response: headers and compressed bodies) and the time to the
load event, beside two baselines on the same line: a bare static HTML page and the login page.

    make run   # once, creates db.sqlite3 with the demo county; stop it with Ctrl-C
    .venv/bin/python bench/bench_weight.py [--runs 3] [--database-url sqlite:///db.sqlite3] [--dev]

With --dev it measures what `make run` serves instead (runserver, DEBUG on).

Cold means a new browser context (no cache, no connections) per run; the login happens in that
context first, on an unthrottled line, so only the page itself is measured.
"""

import argparse
import http.server
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LATENCY_MS = 400
KBIT_PER_S = 400
BYTES_PER_S = KBIT_PER_S * 1000 / 8
BARE_PAGE = b"<!DOCTYPE html><html lang=zh-hans><meta charset=utf-8><title>bare</title><p>\xe5\xae\x88\xe6\x8a\xa4</p>"
TARGET_BYTES = 30_000
TARGET_MS = 1500


def demo_field_key() -> str:
    """The development field key of the demo database (shouhu.settings.field_keys under DEBUG)."""
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SHOUHU_FIELD_KEYS[0])"],
        env={**os.environ, "DEBUG": "1", "SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "shouhu.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def server_env(database_url: str, port: int) -> dict:
    return {
        **os.environ,
        "DEBUG": "False",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        # The key `make run` derives (DEBUG, no key set), so the server reads the demo's encrypted data.
        "SHOUHU_FIELD_KEYS": demo_field_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "SHOUHU_2FA_ROLES": "",
        "SHOUHU_NOTIFICATION_CHANNELS": "",
        "LOG_LEVEL": "WARNING",
    }


def start_shouhu(database_url: str, port: int, *, dev: bool) -> subprocess.Popen:
    """gunicorn with production settings; or, with `dev`, `make run`'s runserver (DEBUG on)."""
    env = server_env(database_url, port)
    if dev:
        env.update({"DEBUG": "1", "STATIC_MANIFEST": "1"})
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    if dev:
        command = [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:
        gunicorn = str(Path(python).with_name("gunicorn"))
        command = [gunicorn, "shouhu.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL if dev else None)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def start_bare_server() -> tuple[http.server.HTTPServer, str]:
    class Bare(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BARE_PAGE)))
            self.end_headers()
            self.wfile.write(BARE_PAGE)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bare)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def demo_pages(database_url: str) -> tuple[str, str]:
    """The demo CWD's first child on Today (a profile and a visit form with real content)."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(server_env(database_url, 0))
    os.environ["DJANGO_SETTINGS_MODULE"] = "shouhu.settings"
    import django

    django.setup()
    from accounts.models import User
    from children.access import children_for

    cwd = User.objects.get(username="cwd1")
    child = children_for(cwd).order_by("name").first()
    return f"children/{child.uuid}/", f"children/{child.uuid}/visits/new/"


def measure(browser, url: str, *, login=None, detail=False) -> tuple[int, float, int]:
    """Bytes on the wire, ms to the load event, requests: one cold load of `url` on the weak line."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, locale="zh-CN"
    )
    try:
        page = context.new_page()
        if login:
            login(page)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": LATENCY_MS,
                "downloadThroughput": BYTES_PER_S,
                "uploadThroughput": BYTES_PER_S,
            },
        )
        sizes: dict[str, float] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        t0 = time.perf_counter()
        page.goto(url, wait_until="load", timeout=60_000)
        elapsed = (time.perf_counter() - t0) * 1000
        page.wait_for_timeout(300)  # late responses (favicon) still count as bytes
        if detail:
            for request_id, size in sizes.items():
                print(f"    {int(size):>8} {urls.get(request_id, '?')}")
        return int(sum(sizes.values())), elapsed, len(sizes)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'db.sqlite3'}")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dev", action="store_true", help="measure `make run` (runserver, DEBUG on) instead")
    parser.add_argument("--detail", action="store_true", help="list each response of the first run")
    parser.add_argument("--password", default=os.getenv("SHOUHU_DEMO_PASSWORD", "shouhu-demo-2026"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    profile, visit_form = demo_pages(args.database_url)
    server = start_shouhu(args.database_url, args.port, dev=args.dev)
    bare, bare_url = start_bare_server()
    base = f"http://127.0.0.1:{args.port}/"

    def login(page):
        page.goto(base + "accounts/login/")
        page.locator("#id_username").fill("cwd1")
        page.locator("#id_password").fill(args.password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    cases = [
        ("baseline: bare static HTML page", bare_url, None),
        ("baseline: login page (anonymous)", base + "accounts/login/", None),
        ("Today", base + "today/", login),
        ("Children (roster)", base + "children/", login),
        ("child profile", base + profile, login),
        ("visit form", base + visit_form, login),
        ("Inbox", base + "inbox/", login),
    ]
    print(f"line: {LATENCY_MS} ms latency, {KBIT_PER_S} kbit/s down and up; cold; median of {args.runs} runs")
    print(f"{'page':<36} {'requests':>8} {'bytes':>8} {'load ms':>8}")
    worst_bytes, worst_ms = 0, 0.0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            for label, url, needs_login in cases:
                runs = [
                    measure(browser, url, login=needs_login, detail=args.detail and i == 0) for i in range(args.runs)
                ]
                size = int(statistics.median(r[0] for r in runs))
                ms = statistics.median(r[1] for r in runs)
                print(f"{label:<36} {runs[0][2]:>8} {size:>8} {ms:>8.0f}")
                if needs_login:
                    worst_bytes, worst_ms = max(worst_bytes, size), max(worst_ms, ms)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        bare.shutdown()
    ok = worst_bytes < TARGET_BYTES and worst_ms < TARGET_MS
    print(
        f"worst CWD page: {worst_bytes} bytes, {worst_ms:.0f} ms "
        f"(target < {TARGET_BYTES} bytes, < {TARGET_MS} ms): {'met' if ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
