"""Eligibility rules are edited in the Django admin: a save from a page opened before someone
else's save is refused with a clear message, never applied over it (core.versioning)."""

from django.test import Client

from children.models import EligibilityRules
from conftest import make_user
from core.tests.pageform import form_of


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened(client, rules) -> dict:
    """The change page's form as the browser would post it."""
    html = client.get(f"/admin/children/eligibilityrules/{rules.pk}/change/").content.decode()
    return {k: v if len(v) > 1 else v[0] for k, v in form_of(html, "").items() if k != "csrfmiddlewaretoken"}


def test_a_stale_rules_save_is_refused_and_the_newer_rules_stay(people, geo):
    rules = EligibilityRules.objects.create(division=geo["county"], lbc_max_age=16)
    other_admin = make_user("admin2", "admin", None, is_staff=True, is_superuser=True)
    one, two = _admin(people["admin"]), _admin(other_admin)
    mine, theirs = _opened(one, rules), _opened(two, rules)

    theirs["lbc_max_age"] = "18"
    assert two.post(f"/admin/children/eligibilityrules/{rules.pk}/change/", theirs).status_code == 302
    mine["dfu_min_months"] = "3"
    page = one.post(f"/admin/children/eligibilityrules/{rules.pk}/change/", mine, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Someone else saved this record after you opened it" in page.content.decode()
    rules.refresh_from_db()
    assert (rules.lbc_max_age, rules.lock_version) == (18, 2)

    again = _opened(one, rules)
    again["dfu_min_months"] = "3"
    assert one.post(f"/admin/children/eligibilityrules/{rules.pk}/change/", again).status_code == 302
    rules.refresh_from_db()
    assert (rules.lbc_max_age, rules.dfu_min_months, rules.lock_version) == (18, 3, 3)
