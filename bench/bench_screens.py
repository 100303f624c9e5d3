"""How long and how wide the supervisor's and county officer's pages are (issue 11).

Starts Shouhu as `make run` serves it (runserver, DEBUG on) on the demo database, logs in as the
demo supervisor (`supervisor1`) and county officer (`county`) in Debian Chromium, in Chinese, and
opens each of their pages on a laptop (1366×768) and a phone (360×740). For each page it reports
the height in screens (document scrollHeight / viewport height), the page's own width
(document scrollWidth: wider than the viewport means the whole page scrolls sideways) and the
widest element's scrollWidth (a table scrolling inside its own box counts here, not above).

    make run   # once, creates db.sqlite3 with the demo county; stop it with Ctrl-C
    .venv/bin/python bench/bench_screens.py [--database-url sqlite:///db.sqlite3] [--port 8766]
"""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

SIZES = {"laptop": (1366, 768), "phone": (360, 740)}
WIDEST = """() => {
  let widest = 0;
  for (const el of document.querySelectorAll('main *')) widest = Math.max(widest, el.scrollWidth);
  return widest;
}"""
CHILD_LINK = re.compile(r"/children/[0-9a-f-]{36}/$")


def start_shouhu(database_url: str, port: int) -> subprocess.Popen:
    """`make run`'s server (runserver, DEBUG on, its development keys: the demo's narratives are
    encrypted with them), without the worker; two-factor off so the script can log in."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "SHOUHU_2FA_ROLES": "", "LOG_LEVEL": "WARNING"}
    for name in ("SECRET_KEY", "SHOUHU_FIELD_KEYS", "SHOUHU_FIELD_KEY_FILE"):
        env.pop(name, None)
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("runserver did not start")


def pages_for(page, base: str, username: str) -> list[tuple[str, str]]:
    """The user's pages; for the county, the who-looked page of the first child the follow-up page links."""
    pages = [("follow-up", "follow-up/"), ("overview", "overview/")]
    if username == "county":
        page.goto(base + "overview/")
        township = page.locator("table.overview tbody th a, [data-area] a").first.get_attribute("href")
        pages.append(("overview, a township", "overview/" + township))
        pages += [("activation queue", "children/queue/"), ("retention", "retention/")]
    else:
        return [*pages, ("confirmation queue", "children/queue/")]
    page.goto(base + "follow-up/")
    for href in page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        if href and CHILD_LINK.search(href):
            pages.append(("who looked at a file", href.lstrip("/") + "reads/"))
            break
    return pages


def measure(page, url: str) -> tuple[float, int, int]:
    response = page.goto(url)
    if response.status != 200:
        raise SystemExit(f"{url}: HTTP {response.status}")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    return height / page.viewport_size["height"], width, page.evaluate(WIDEST)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'db.sqlite3'}")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--password", default=os.getenv("SHOUHU_DEMO_PASSWORD", "shouhu-demo-2026"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    server = start_shouhu(args.database_url, args.port)
    base = f"http://127.0.0.1:{args.port}/"
    print(f"{'user':<12} {'page':<24} {'size':<7} {'screens':>7} {'page px':>8} {'widest px':>9}")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            for username in ("supervisor1", "county"):
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        is_mobile=size == "phone",
                        locale="zh-CN",
                    )
                    page = context.new_page()
                    page.goto(base + "accounts/login/")
                    page.locator("#id_username").fill(username)
                    page.locator("#id_password").fill(args.password)
                    page.locator("main form button[type=submit]").click()
                    page.wait_for_url(lambda url: "/accounts/login/" not in url)
                    for label, path in pages_for(page, base, username):
                        screens, page_px, widest = measure(page, base + path)
                        print(f"{username:<12} {label:<24} {size:<7} {screens:>7.1f} {page_px:>8} {widest:>9}")
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
