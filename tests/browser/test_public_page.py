"""The public "Share the cause" page in a real browser, without logging in: a 360 px phone in
Chinese goes from the country to a province and a county, sees hidden small counts as "–", the
share card and the explanations; no script, no console error (CSP), nothing wider than the screen."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from geo.models import Division
from public import figures
from public.tests.conftest import DAYS, LATEST, PLACES, write_figures

from .support import CHROMIUM, NO_CHROMIUM, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def published(transactional_db):
    cache.clear()
    figures.forget()
    for code, name, level, parent in PLACES:
        Division.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=name)
    for i, day in enumerate(DAYS):
        shift = 3 * (len(DAYS) - 1 - i)
        write_figures(day, {a: {c: max(v - shift, 0) for c, v in row.items()} for a, row in LATEST.items()})
    yield
    cache.clear()
    figures.forget()


def test_public_page_on_a_phone_without_login(phone, live_server, published, results_dir):
    page = phone
    page.goto(f"{live_server.url}/share/")
    page.wait_for_url(re.compile(r"/share/zh-hans/$"))
    expect(page.locator("h1")).to_have_text("全国")
    expect(page.locator(".headline .figure").first).to_contain_text("登记在册的儿童")
    assert scroll_width(page) <= 360
    page.screenshot(path=results_dir / "public-national-phone.png", full_page=True)

    page.locator("table.figures a", has_text="四川省").tap()
    page.wait_for_url(re.compile(r"/share/zh-hans/51/$"))
    yilong = page.locator('tr[data-area="511324"]')
    expect(yilong.locator('td[data-code="files_in_difficulty"]')).to_have_text("–")  # 4 children
    expect(yilong.locator('td[data-code="visits_due"]')).to_have_text("35")
    expect(page.locator('tr[data-area="51"] td[data-code="files_in_difficulty"]')).to_have_text("224")
    card = page.locator(".sharecard img")
    expect(card).to_be_visible()
    assert page.evaluate("document.querySelector('.sharecard img').naturalWidth") == 1080
    assert page.locator('meta[property="og:image"]').get_attribute("content").endswith("/share/zh-hans/51/card.png")
    expect(page.get_by_text("不满16周岁", exact=False)).to_be_visible()
    assert scroll_width(page) <= 360
    for link in page.locator("table.figures th a, .crumbs a, .publang a").all():
        box = link.bounding_box()
        assert box["height"] >= 44, link.inner_text()
    page.screenshot(path=results_dir / "public-province-phone.png", full_page=True)

    page.locator("table.figures a", has_text="仪陇县").tap()
    page.wait_for_url(re.compile(r"/share/zh-hans/511324/$"))
    expect(page.locator("h1")).to_have_text("仪陇县")
    expect(page.locator(".crumbs")).to_contain_text("四川省")
    assert page.locator("table.trend tbody tr").count() == len(DAYS)  # one row a month: Sep, Oct, Nov, Dec
    page.screenshot(path=results_dir / "public-county-phone.png", full_page=True)

    page.locator(".publang a[hreflang=en]").tap()
    page.wait_for_url(re.compile(r"/share/en/511324/$"))
    expect(page.get_by_text("What is a left-behind child?")).to_be_visible()
    assert not page.context.js_errors  # a CSP violation would be reported here

    page.goto(f"{live_server.url}/share/zh-hans/51/card.png")
    page.screenshot(path=results_dir / "public-card.png")


def test_anonymous_visitor_goes_to_login_from_anywhere_else(phone, live_server, published):
    phone.goto(f"{live_server.url}/overview/")
    phone.wait_for_url(re.compile(r"/accounts/login/"))
    phone.goto(f"{live_server.url}/children/")
    phone.wait_for_url(re.compile(r"/accounts/login/"))
