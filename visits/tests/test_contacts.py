"""The parent-contact log (MPL Art. 23: parents working away contact the child at least weekly)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from children.models import Parent
from conftest import make_child
from followup.models import FollowUp
from visits.models import ParentContact

TODAY = timezone.localdate()


def contact(client, child, role="mother", days_ago=0, **extra):
    return client.post(
        reverse("contact_new", args=[child.uuid]),
        {
            "parent_role": role,
            "contact_on": (TODAY - timedelta(days=days_ago)).isoformat(),
            "mode": "video",
            **extra,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def last_contact(child, role):
    return Parent.objects.get(household=child.household, role=role).last_contact


def test_a_contact_moves_the_parents_last_contact_forward_only(people, kids, login, django_capture_on_commit_callbacks):
    client = login(people["cwd_a"])
    child = kids["a"]
    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, child, days_ago=3, note="视频20分钟")
    assert response.status_code == 302
    assert response.url == reverse("child_visits", args=[child.uuid])
    assert last_contact(child, "mother") == TODAY - timedelta(days=3)
    assert last_contact(child, "father") is None
    assert FollowUp.objects.filter(child=child).exists()  # recomputed after commit
    # A contact entered late, with an older date, is logged but does not move the date back.
    contact(client, child, days_ago=10)
    assert last_contact(child, "mother") == TODAY - timedelta(days=3)
    assert ParentContact.objects.filter(child=child).count() == 2
    # A newer one moves it.
    contact(client, child, days_ago=1)
    assert last_contact(child, "mother") == TODAY - timedelta(days=1)
    stored = ParentContact.objects.filter(child=child).first()
    assert (stored.parent_role, stored.contact_on, stored.mode, stored.recorded_by) == (
        "mother",
        TODAY - timedelta(days=1),
        "video",
        people["cwd_a"],
    )
    events = AuditEvent.objects.filter(child=child, action="create", details__has_key="parent_contact")
    assert sorted(e.details["last_contact_updated"] for e in events) == [False, True, True]


def test_the_contact_counts_for_the_siblings_household(people, kids, login):
    """Parents belong to the household, so a sibling's page shows the same last contact."""
    contact(login(people["cwd_a"]), kids["a"], role="father", days_ago=2)
    assert last_contact(kids["a"], "father") == TODAY - timedelta(days=2)


@pytest.mark.parametrize(
    ("days_ago", "error"),
    [
        (-1, "This date cannot be in the future."),
        (365 * 30, "The contact cannot be before the child&#x27;s birth."),
    ],
)
def test_impossible_dates_are_refused_and_kept(people, kids, login, days_ago, error):
    response = contact(login(people["cwd_a"]), kids["a"], days_ago=days_ago, note="打电话")
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'value="打电话"' in html
    assert not ParentContact.objects.exists()
    assert last_contact(kids["a"], "mother") is None


def test_a_dead_parent_cannot_be_chosen(people, geo, login):
    child = make_child(geo["village_a"], father={"vital_status": "dead"})
    response = contact(login(people["cwd_a"]), child, role="father")
    assert response.status_code == 200
    assert not ParentContact.objects.exists()
    html = login(people["cwd_a"]).get(reverse("child_visits", args=[child.uuid])).content.decode()
    assert 'name="parent_role" value="father"' not in html
    assert 'name="parent_role" value="mother"' in html


def test_the_visits_page_shows_days_since_contact_and_flags_more_than_a_week(people, kids, login):
    child = kids["a"]
    Parent.objects.filter(household=child.household, role="father").update(last_contact=TODAY - timedelta(days=8))
    Parent.objects.filter(household=child.household, role="mother").update(last_contact=TODAY - timedelta(days=7))
    contact_url = reverse("contact_new", args=[child.uuid])
    response = login(people["cwd_a"]).get(reverse("child_visits", args=[child.uuid]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    rows = {r["parent"].role: r for r in response.context["parent_rows"]}
    assert (rows["father"]["days"], rows["father"]["lapsed"]) == (8, True)
    assert (rows["mother"]["days"], rows["mother"]["lapsed"]) == (7, False)
    assert '<li class="lapsed" data-role="father">' in html
    assert '<li class="" data-role="mother">' in html
    assert "last contact 8 days ago" in html
    assert "last contact 7 days ago" in html
    assert f'action="{contact_url}"' in html


def test_a_parent_at_home_is_not_flagged(people, geo, login):
    child = make_child(geo["village_a"], father={"migration_status": "home"})
    response = login(people["cwd_a"]).get(reverse("child_visits", args=[child.uuid]))
    rows = {r["parent"].role: r for r in response.context["parent_rows"]}
    assert rows["father"]["lapsed"] is False
    assert rows["mother"]["lapsed"] is True  # away, never contacted


def test_the_contact_form_page_works_on_its_own(people, kids, login):
    response = login(people["cwd_a"]).get(reverse("contact_new", args=[kids["a"].uuid]))
    assert response.status_code == 200
    assert response.context["form"]["contact_on"].value() == TODAY


def test_the_contact_log_pages_with_its_total(people, kids, login):
    ParentContact.objects.bulk_create(
        [ParentContact(child=kids["a"], parent_role="mother", contact_on=TODAY, note=f"通话第{i}次") for i in range(52)]
        + [ParentContact(child=kids["b"], parent_role="mother", contact_on=TODAY, note="别家的通话")]
    )
    client = login(people["cwd_a"])
    url = reverse("child_visits", args=[kids["a"].uuid])
    first = client.get(url).content.decode()
    assert 'id="contacts-total">52<' in first
    assert first.count("通话第") == 50
    second = client.get(url + "?contact_page=2").content.decode()
    assert second.count("通话第") == 2
    assert "<details open>" in second  # the log stays open on its later pages
    assert "别家的通话" not in first + second
    assert login(people["cwd_b"]).get(url + "?contact_page=2").status_code == 404
