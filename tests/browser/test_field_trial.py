"""Issue 11, the field trial: what a village worker on a cheap 360 px phone hit, in the browser.

Error pages in her language with the top bar and a way back; a favicon; the CWD starts on Today;
every tap target at least 44×44 px in Chinese, English and Japanese with a one-row top bar; and
pages that are sent compressed, with htmx only where it is used.
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from followup import services

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

# Everything a finger taps, visible on the page, smaller than 44×44 px. A check box or radio
# button counts with its label (tapping the label ticks it) when the two touch; elements that are
# visually hidden (a form's hidden default submit button) are left out.
SMALL_TARGETS_JS = """() => {
  const small = [];
  const selector = 'a[href], button, select, summary, textarea, input:not([type=hidden])';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.visually-hidden, [hidden]')) continue;
    let box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels) {
      for (const label of el.labels) {
        const l = label.getBoundingClientRect();
        const touching = l.left <= box.right + 12 && box.left <= l.right + 12
          && l.top <= box.bottom && box.top <= l.bottom;
        if (!touching) continue;
        const left = Math.min(box.left, l.left), top = Math.min(box.top, l.top);
        box = {width: Math.max(box.right, l.right) - left, height: Math.max(box.bottom, l.bottom) - top,
               right: Math.max(box.right, l.right), bottom: Math.max(box.bottom, l.bottom), left, top};
      }
    }
    if (box.width < 44 || box.height < 44) {
      const text = (el.textContent || el.name || el.getAttribute('aria-label') || '').trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${text}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


@pytest.fixture
def cwd_child(geo):
    """A child of the CWD's village who is due today, with parents' phone numbers on the profile."""
    child = make_child(geo["village_a"], "刘小红", sex="F")
    child.household.parents.update(phone="13800001111")
    services.reassess([child.pk])
    return child


@pytest.mark.parametrize("locale", ["zh-CN", "en-US", "ja-JP"])
def test_every_tap_target_is_44_px_and_the_top_bar_is_one_row(
    locale, new_context, live_server, people, cwd_child, results_dir
):
    page = new_context(locale=locale).new_page()
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    child = f"/children/{cwd_child.uuid}/"
    for path in ("/today/", "/children/", child, f"{child}visits/new/"):
        page.goto(live_server.url + path)
        expect(page.locator("main h1")).to_be_visible()
        assert page.evaluate(SMALL_TARGETS_JS) == [], (locale, path)
        # One row: the bar is no taller than a tap target and its padding.
        assert page.locator("header.topbar").bounding_box()["height"] <= 56, (locale, path)
        assert scroll_width(page) <= 360, (locale, path)
    # The visit form with every checklist section open, and the menu open.
    for summary in page.locator("details:not([open]) > summary").all():
        summary.tap()
    assert page.evaluate(SMALL_TARGETS_JS) == [], locale
    page.locator(".navtoggle").tap()
    expect(page.locator("nav.mainnav form.logoutform button")).to_be_visible()
    assert page.evaluate(SMALL_TARGETS_JS) == [], locale
    page.screenshot(path=results_dir / f"tap-targets-menu-{locale}.png")
    assert not page.context.js_errors


def test_error_pages_speak_chinese_show_the_top_bar_and_lead_back(phone, live_server, people, kids):
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    assert page.url.endswith("/today/")  # a CWD starts on the day's visits, not on the roster

    # A mistyped address and a child outside her village get the same page: 404, in Chinese.
    for path in ("/no-such-page/", f"/children/{kids['d'].uuid}/"):
        response = page.goto(live_server.url + path)
        assert response.status == 404
        expect(page.locator("main h1")).to_have_text(tr("Page not found"))
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.locator("nav.mainnav a[href='/today/']")).to_be_visible()
        assert page.evaluate(SMALL_TARGETS_JS) == []
    page.locator("main a.button", has_text=tr("Back to the start page")).tap()
    page.wait_for_url(re.compile(r"/today/$"))

    # A form sent with a stale token (the cookie changed since the page was loaded): a Chinese
    # page that says nothing was saved, not Django's English "CSRF verification failed".
    page.goto(f"{live_server.url}/children/{kids['a'].uuid}/")
    page.context.clear_cookies(name="csrftoken")
    page.locator(".navtoggle").tap()
    page.locator("form.logoutform button").tap()
    expect(page.locator("main h1")).to_have_text(tr("The form could not be sent"))
    expect(page.locator("main")).to_contain_text(tr("Go back, reload the page and send the form again."))
    expect(page.locator("nav.mainnav a[href='/today/']")).to_be_visible()  # still logged in

    # The browser's own request for /favicon.ico finds an icon.
    favicon = page.request.get(f"{live_server.url}/favicon.ico")
    assert favicon.status == 200
    assert favicon.headers["content-type"] == "image/x-icon"
    # The console reports the 404s and the 403 themselves; nothing else went wrong.
    assert [e for e in page.context.js_errors if "the server responded with a status of 40" not in e] == []


def test_supervisor_starts_on_follow_up(phone, live_server, people):
    log_in(phone, live_server, people["supervisor"], PASSWORD)
    assert phone.url.endswith("/follow-up/")


def test_pages_are_compressed_and_load_htmx_only_where_used(phone, live_server, people, cwd_child):
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    for path, uses_htmx in (("/today/", False), (f"/children/{cwd_child.uuid}/", False), ("/children/", True)):
        scripts.clear()
        response = page.goto(live_server.url + path)
        assert response.headers.get("content-encoding") == "gzip", path
        page.wait_for_load_state("load")
        assert any("htmx" in url for url in scripts) is uses_htmx, (path, scripts)
    # The roster's live search still works through htmx.
    page.locator("input[name=q]").fill("刘小红")
    expect(page.locator("#roster-results .roster-item")).to_have_count(1)
    assert not page.context.js_errors
