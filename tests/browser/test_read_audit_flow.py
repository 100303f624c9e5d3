"""The county's "who looked at this file" page at laptop width, in Chinese: the village's CWD opened
the growth page, the clinic opened its referral; the county officer goes from the child's file to
the page, sees who, on which page and why, and narrows it to one person."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from audit.models import AuditEvent
from conftest import PASSWORD
from referrals.models import Referral
from referrals.tests.test_referrals import refer

from .support import CHROMIUM, NO_CHROMIUM, log_in, scroll_width, tr

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def as_user(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_county_officer_sees_who_looked_and_why(new_context, live_server, people, kids, results_dir):
    child = kids["a"]
    clinic = people["partner"].organisation
    clinic.services = ["health"]
    clinic.save()
    refer(as_user(people["cwd_a"]), child, clinic)
    referral = Referral.objects.get(child=child)
    as_user(people["cwd_a"]).get(reverse("child_growth", args=[child.uuid]))
    as_user(people["partner"]).get(reverse("referral_detail", args=[referral.uuid]))

    page = new_context(viewport={"width": 1366, "height": 768}, is_mobile=False, has_touch=False).new_page()
    log_in(page, live_server, people["county"], PASSWORD)
    page.goto(f"{live_server.url}/children/{child.uuid}/")
    page.get_by_role("link", name=tr("Who looked")).click()
    page.wait_for_url(f"{live_server.url}/children/{child.uuid}/reads/")

    reads = page.locator("ul.reads")
    expect(page.locator("h1")).to_contain_text(tr("Who looked at this file"))
    expect(reads).to_contain_text("李红")
    expect(reads).to_contain_text(tr("Growth page"))
    expect(reads).to_contain_text(tr("Their jurisdiction: %(division)s", division="石佛村"))
    expect(reads).to_contain_text(
        tr("Referral #%(number)s to %(organisation)s", number=referral.pk, organisation="金城镇卫生院")
    )
    # The county officer's own opening of the profile is on the record too.
    expect(reads).to_contain_text(tr("Profile"))
    assert scroll_width(page) <= 1366
    page.screenshot(path=str(results_dir / "who-looked-laptop.png"), full_page=True)

    page.fill("#id_who", "李红")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(lambda url: "who=" in url)
    expect(reads).to_contain_text("李红")
    expect(reads).not_to_contain_text("金城镇卫生院")
    assert AuditEvent.objects.filter(actor=people["county"], child=child, details__what="reads").count() == 2
    assert page.context.js_errors == []
