"""Issue 11 in a real browser, on a 360 px phone in Chinese: the inbox and the county's activation
queue page and show their totals, opening an alert marks it read (the badge drops), "select all"
activates every file waiting; and in each language no alert shows a raw code."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from alerts import views as alert_views
from alerts.actions import do_alert
from alerts.kinds import choices
from alerts.tests.test_texts import SAMPLES, UNTRANSLATED
from children import views as children_views
from children.models import Child
from conftest import PASSWORD, make_child

from .support import CHROMIUM, NO_CHROMIUM, PROFILE_URL, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def ntr(singular: str, plural: str, count: int, language: str = "zh-hans") -> str:
    with translation.override(language):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def test_inbox_pages_and_opening_an_alert_marks_it_read(phone, live_server, people, kids, monkeypatch):
    monkeypatch.setattr(alert_views, "ALERTS_PER_PAGE", 5)
    for day in range(1, 8):
        do_alert([people["cwd_a"]], "overdue_visit", child=kids["a"], params={"due": f"2026-11-{day:02d}"})
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    expect(page.locator("header .count-badge")).to_have_text("7")
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator("#inbox-total")).to_contain_text(ntr("%(counter)s alert", "%(counter)s alerts", 7))
    expect(page.locator("main li.roster-item")).to_have_count(5)
    expect(page.locator("nav.pager")).to_contain_text(tr("Page %(n)s of %(total)s", n=1, total=2))
    assert scroll_width(page) <= 360

    page.locator("nav.pager a[rel=next]").tap()
    expect(page.locator("main li.roster-item")).to_have_count(2)
    expect(page.locator("main li.unread")).to_have_count(2)

    # Opening an alert leads to the child's file and marks it read: the badge drops.
    page.locator("main li.roster-item a").first.tap()
    expect(page).to_have_url(PROFILE_URL)
    expect(page.locator("header .count-badge")).to_have_text("6")
    page.go_back()
    page.reload()
    expect(page.locator("main li.unread")).to_have_count(1)


def test_select_all_activates_every_file_waiting(phone, live_server, people, geo, monkeypatch):
    monkeypatch.setattr(children_views, "QUEUE_PAGE_SIZE", 10)
    villages = [geo["village_a"], geo["village_b"], geo["village_c"]]
    waiting = [make_child(villages[i % 3], f"待激活{i:02d}", status="confirmed", with_id=False) for i in range(23)]
    outsider = make_child(geo["village_d"], "外县孩子", status="confirmed", with_id=False)
    page = phone
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/children/queue/")
    expect(page.locator("#queue-total")).to_contain_text("23")
    expect(page.locator("main li.roster-item")).to_have_count(10)
    page.locator("nav.pager a[rel=next]").tap()
    expect(page.locator("nav.pager")).to_contain_text(tr("Page %(n)s of %(total)s", n=2, total=3))
    expect(page.locator("main li.roster-item")).to_have_count(10)
    assert scroll_width(page) <= 360

    page.locator("input[name=all]").check()
    page.locator("main form button.primary").tap()
    expect(page.locator(".messages")).to_contain_text(tr("%(count)s files processed.", count=23))
    expect(page.locator("main")).to_contain_text(tr("Nothing is waiting."))
    assert set(Child.objects.filter(pk__in=[c.pk for c in waiting]).values_list("status", flat=True)) == {"active"}
    outsider.refresh_from_db()
    assert outsider.status == "confirmed"


SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
LIST_SYNTAX = re.compile(r"[\[\]{}]|', '")


@pytest.mark.parametrize(("locale", "lang"), [("en-US", "en"), ("ja-JP", "ja"), ("zh-CN", "zh-hans")])
def test_no_alert_shows_a_raw_code(new_context, live_server, people, kids, locale, lang, monkeypatch):
    # Every kind on one page (the inbox pages at 50; there are more kinds than that now).
    monkeypatch.setattr("alerts.views.ALERTS_PER_PAGE", len(SAMPLES) + 10)
    for code, _label in choices():
        do_alert([people["supervisor"]], code, child=kids["a"], params=SAMPLES[code])
    page = new_context(locale=locale).new_page()
    log_in(page, live_server, people["supervisor"], PASSWORD)
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    items = page.locator("main li.roster-item")
    expect(items).to_have_count(len(SAMPLES))
    red = page.locator("main li.alert-new_red")
    expect(red).to_contain_text(tr("Severe acute malnutrition at the latest measurement.", lang))
    for i in range(items.count()):
        item = items.nth(i)
        text = item.inner_text()
        assert not SNAKE.search(text), text
        assert not LIST_SYNTAX.search(text), text
        kind = re.search(r"alert-(\w+)", item.get_attribute("class")).group(1)
        if lang != "en" and kind not in UNTRANSLATED:
            assert not re.search(r"\b[a-z]{3,}\b", text), text
