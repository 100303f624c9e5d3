"""Issue 16, training in a real browser: a CWD on a 360 px phone in Chinese reads the county's
course on measuring a child page by page, takes its quiz (a wrong answer first: told plainly,
then passes), and gets the certificate; the county officer at laptop width then finds her trained
on the workers' list. Screenshots go to test-results/ (training-*.png); tap targets >= 44 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from training.models import Certificate, Topic
from training.tests.test_training import make_course

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr
from .test_field_trial import SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_a_cwd_passes_a_course_and_the_county_sees_her_certificate(
    phone, new_context, live_server, people, results_dir
):
    course = make_course(people["county"], topic=Topic.GROWTH, title="给孩子量身高体重")
    questions = list(course.questions.all())
    assert course.hours == Decimal("2")
    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/training/")
    expect(page.locator("h1")).to_have_text(tr("My training"))
    expect(page.locator("[data-required]")).to_contain_text(tr("not taken"))
    page.screenshot(path=str(results_dir / "training-home-360.png"), full_page=True)
    page.locator(f"[data-course='{course.pk}'] a").tap()

    # Three pages, one at a time, then the quiz.
    for n in (1, 2, 3):
        expect(page.locator("[data-page]")).to_have_attribute("data-page", str(n))
        assert scroll_width(page) <= 360
        if n < 3:
            page.locator("[data-next]").tap()
    page.screenshot(path=str(results_dir / "training-page-360.png"), full_page=True)
    page.locator("[data-quiz]").tap()
    expect(page.locator("[data-form='quiz']")).to_be_visible()
    assert page.evaluate(SMALL_TARGETS_JS) == []

    # All wrong but the first: not passed, with the right answers shown.
    for i, q in enumerate(questions):
        choice = q.answer if i == 0 else (q.answer + 1) % len(q.choices)
        page.locator(f"[data-question='q{q.pk}'] input[value='{choice}']").check()
    page.locator("[data-submit]").tap()
    expect(page.locator("[data-failed]")).to_be_visible()
    expect(page.locator("[data-answer='wrong']")).to_have_count(len(questions) - 1)
    page.screenshot(path=str(results_dir / "training-failed-360.png"), full_page=True)
    page.locator("[data-retry]").tap()

    # Then every answer right: passed, certificate at once.
    for q in questions:
        page.locator(f"[data-question='q{q.pk}'] input[value='{q.answer}']").check()
    page.locator("[data-submit]").tap()
    expect(page.locator("[data-passed]")).to_be_visible()
    cert = Certificate.objects.get(worker=people["cwd_a"], course=course)
    expect(page.locator("[data-passed]")).to_contain_text(cert.number)
    page.screenshot(path=str(results_dir / "training-passed-360.png"), full_page=True)
    page.goto(f"{live_server.url}/training/")
    expect(page.locator("[data-required]")).to_contain_text(tr("valid"))
    expect(page.locator(f"[data-certificate='{cert.pk}']")).to_contain_text(cert.number)

    # The county officer's list: she is trained; the others are not; the township shares.
    county = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(county, live_server, people["county"], PASSWORD)
    county.goto(f"{live_server.url}/training/workers/")
    row = county.locator(f"[data-worker='{people['cwd_a'].pk}']")
    expect(row.locator(f"[data-course='{course.pk}']")).to_have_attribute("data-standing", "valid")
    expect(county.locator("[data-standing='trained']").first).to_contain_text("(1)")
    expect(county.locator("[data-areas]")).to_contain_text("金城镇")
    county.screenshot(path=str(results_dir / "training-county-1280.png"), full_page=True)
    county.locator("[data-standing='untrained']").first.click()
    expect(county.locator(f"[data-worker='{people['cwd_a'].pk}']")).to_have_count(0)
    expect(county.locator(f"[data-worker='{people['cwd_b'].pk}']")).to_have_count(1)
