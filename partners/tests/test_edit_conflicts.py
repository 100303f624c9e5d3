"""Two county officers editing the same directory entry: the stale save gets the conflict page."""

from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from conftest import make_user
from core.tests.pageform import form_of
from partners.models import Organisation


def _session(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_stale_directory_edit_is_refused_and_merged(people, geo):
    org = Organisation.objects.create(
        name="仪陇县教育局", type="education_bureau", division=geo["county"], services=["school_return"]
    )
    other = make_user("county2", User.Role.COUNTY_OFFICER, geo["county"])
    url = reverse("organisation_edit", args=[org.uuid])
    one, two = _session(people["county"]), _session(other)
    mine = form_of(one.get(url).content.decode(), "card")
    theirs = form_of(two.get(url).content.decode(), "card")

    theirs["phone"] = ["0817-7333333"]
    assert two.post(url, theirs).status_code == 302
    mine["phone"] = ["0817-7444444"]
    mine["contact_person"] = ["刘老师"]
    page = one.post(url, mine)
    assert page.status_code == 409
    html = page.content.decode()
    assert "0817-7333333" in html
    assert "0817-7444444" in html
    org.refresh_from_db()
    assert (org.phone, org.contact_person) == ("0817-7333333", "")
    updates = AuditEvent.objects.filter(details__organisation=str(org.uuid))
    assert [e.actor for e in updates] == [other]

    choice = form_of(html, "conflict")
    choice["pick:phone"] = ["theirs"]
    choice["pick:contact_person"] = ["mine"]
    assert one.post(url, choice).status_code == 302
    org.refresh_from_db()
    assert (org.phone, org.contact_person) == ("0817-7333333", "刘老师")
