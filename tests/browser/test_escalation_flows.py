"""Issue 5 in a real browser: a referral nobody answers escalates to the township supervisor,
then to the county, through the nightly job and the alert inbox."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD, make_child
from referrals.models import Referral
from shouhu.nightly import nightly

from .support import CHROMIUM, NO_CHROMIUM, log_in

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def _age(referral: Referral, hours: int) -> None:
    """Pretend the referral was sent `hours` ago (its answer was due 24 hours after sending)."""
    sent = timezone.now() - timedelta(hours=hours)
    Referral.objects.filter(pk=referral.pk).update(created_at=sent, respond_by=sent + timedelta(hours=24))


def test_unanswered_referral_escalates_to_supervisor_then_county(phone, desktop, new_context, live_server, people, geo):
    org = people["partner"].organisation
    org.services = ["health"]
    org.save()
    child = make_child(geo["village_a"], "刘小虎")

    page = phone
    log_in(page, live_server, people["cwd_a"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/referrals/new/?service=health")
    page.fill("#id_need", "孩子发烧三天，祖母无法带去就医")
    page.check("#id_guardian_consent")
    page.locator("input[name=urgency][value=urgent]").check()
    page.locator("form.card button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    referral = Referral.objects.get()

    # A day and a bit later, nobody at the health centre has answered; the nightly job runs.
    _age(referral, 26)
    nightly.call()

    sup = desktop
    log_in(sup, live_server, people["supervisor"], PASSWORD)
    expect(sup.locator("header .count-badge")).to_have_text("1")
    sup.goto(f"{live_server.url}/inbox/")
    item = sup.locator("main li.alert-referral_overdue")
    expect(item).to_contain_text(child.name)
    expect(item).to_contain_text(org.name)
    item.locator("a").click()
    sup.wait_for_url(re.compile(rf"/referrals/{referral.uuid}/$"))
    sup.goto(f"{live_server.url}/referrals/?show=overdue")
    expect(sup.locator("main .roster-item.tierline-red")).to_have_count(1)
    expect(sup.locator("main .roster-item")).to_contain_text(child.name)

    # The county hears nothing yet; when the answer is late by as long again, it does (once).
    county = new_context(viewport={"width": 1280, "height": 900}, is_mobile=False, has_touch=False).new_page()
    log_in(county, live_server, people["county"], PASSWORD)
    expect(county.locator("header .count-badge")).to_have_count(0)
    _age(referral, 50)
    nightly.call()
    nightly.call()  # a re-run the same night repeats nothing
    county.goto(f"{live_server.url}/inbox/")
    expect(county.locator("main li.alert-referral_overdue")).to_have_count(1)
    expect(county.locator("main li.alert-referral_overdue")).to_contain_text(child.name)
    # Other townships' supervisors never hear of it.
    other = new_context().new_page()
    log_in(other, live_server, people["supervisor_t2"], PASSWORD)
    other.goto(f"{live_server.url}/inbox/")
    expect(other.locator("main li.alert-referral_overdue")).to_have_count(0)
    for p in (page, sup, county, other):
        assert not p.context.js_errors
