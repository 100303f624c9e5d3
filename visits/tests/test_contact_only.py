"""A visit where nothing was checked is no visit: the form asks, and a "contact only" leaves the
schedule, the risk facts and the overdue counts where the last real visit put them.

Field trial (issue 11): an untouched first visit, every item "unknown", was saved as a full visit
and reset the schedule; the mode was copied from the last visit.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from audit.models import AuditEvent
from followup import services
from followup.models import FollowUp
from visits import actions
from visits.forms import CONTACT_ONLY
from visits.models import Visit
from visits.views import CONTACT_ONLY_SAVED

from .helpers import checked, field_block, form_values

TODAY = timezone.localdate()
NOTHING_CHECKED = "You did not record anything you checked: every item is “unknown” and nothing is written."
CORRECT_BELOW = "Please correct the fields marked below. Nothing has been saved yet."


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return escape(gettext(text))


def new_url(child) -> str:
    return reverse("visit_new", args=[child.uuid])


def untouched(client, child, **changes) -> dict[str, str]:
    """The new-visit form as the browser would post it, with `changes`."""
    values = form_values(client.get(new_url(child)))
    values.update(changes)
    return values


@pytest.fixture
def earlier_visit(people, kids, django_capture_on_commit_callbacks):
    """Child a was visited 40 days ago by phone; she was found alone at home (a red flag)."""
    visit = Visit(
        child=kids["a"],
        visited_on=TODAY - timedelta(days=40),
        mode="phone",
        answers={"lives_alone": "yes", "truancy": "no"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        return actions.do_record_visit(people["cwd_a"], visit)[0]


def test_an_untouched_first_visit_is_not_saved_and_the_form_asks_what_was_checked(people, kids, login):
    client = login(people["cwd_a"])
    child = kids["a"]
    values = untouched(client, child, mode="home")
    assert {values[k] for k in values if k.startswith("answer_")} == {"unknown"}
    response = client.post(new_url(child), values)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Visit.objects.exists()
    assert not AuditEvent.objects.filter(child=child, action="create").exists()
    # The question, in plain words, with both ways out; not the generic "correct the fields" message.
    assert zh(NOTHING_CHECKED) in html
    assert zh("Record what I checked") in html
    assert 'href="#checklist"' in html
    assert f'name="{CONTACT_ONLY}" value="1"' in html
    assert zh("Save as contact only") in html
    assert zh(CORRECT_BELOW) not in html
    # What was posted is sent back (the draft script keeps it): the chosen mode is still chosen.
    assert checked(html, "mode") == "home"
    assert "data-draft-bound" in html


def test_the_mode_must_be_chosen_on_every_new_visit(people, kids, login, earlier_visit):
    client = login(people["cwd_a"])
    child = kids["a"]
    html = client.get(new_url(child)).content.decode()
    # Last time was a phone call: the answers start from it, the mode does not.
    assert checked(html, "answer_lives_alone") == "yes"
    assert checked(html, "mode") is None
    response = client.post(new_url(child), untouched(client, child))
    assert response.status_code == 200
    assert Visit.objects.count() == 1
    html = response.content.decode()
    assert zh("Choose how you were in touch with the child.") in field_block(html, "mode")
    assert zh(CORRECT_BELOW) in html
    # Items are answered (from last time): no question about a contact only.
    assert zh(NOTHING_CHECKED) not in html


def test_a_contact_only_is_listed_but_leaves_the_schedule_and_the_risk_alone(
    people, kids, login, earlier_visit, django_capture_on_commit_callbacks
):
    client = login(people["cwd_a"])
    child = kids["a"]
    before = FollowUp.objects.get(child=child)
    assert (before.tier, before.last_visit_on) == ("red", earlier_visit.visited_on)
    assert before.due_on < TODAY  # overdue

    # Every answer put back to "unknown", nothing written: the CWD confirms a contact only.
    values = untouched(client, child, mode="phone")
    values.update({k: "unknown" for k in values if k.startswith("answer_")})
    assert client.post(new_url(child), values).status_code == 200
    values[CONTACT_ONLY] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url(child), values)
    contact = Visit.objects.get(child=child, contact_only=True)
    assert response.status_code == 302
    assert response.url == reverse("visit_detail", args=[child.uuid, contact.uuid])
    assert (contact.visited_on, contact.mode, contact.recorded_by) == (TODAY, "phone", people["cwd_a"])
    event = AuditEvent.objects.get(child=child, action="create", details__visit=str(contact.uuid))
    assert event.details["contact_only"] is True
    page = client.get(response.url).content.decode()
    assert zh(str(CONTACT_ONLY_SAVED)) in page
    assert (
        zh(
            "Contact only: nothing of the checklist was checked. It does not count as a visit: "
            "the schedule still counts from the last visit."
        )
        in page
    )

    # Still red, still overdue, still counted from the visit 40 days ago, after tonight's run too.
    services.recompute_all()
    after = FollowUp.objects.get(child=child)
    assert (after.tier, after.last_visit_on, after.due_on) == ("red", earlier_visit.visited_on, before.due_on)
    overdue = login(people["supervisor"]).get(reverse("followup_overdue")).context["areas"]
    assert [(r.division.code, r.overdue) for r in overdue] == [(child.village_id, 1)]

    client = login(people["cwd_a"])
    listing = client.get(reverse("child_visits", args=[child.uuid])).content.decode()
    assert listing.count(zh("contact only, not a visit")) == 1
    # The next visit starts from the last real visit, not from the contact.
    html = client.get(new_url(child)).content.decode()
    assert checked(html, "answer_lives_alone") == "yes"
    assert earlier_visit.visited_on.isoformat() in html


def test_a_contact_only_sent_twice_over_a_weak_connection_is_saved_once(people, kids, login):
    client = login(people["cwd_a"])
    child = kids["a"]
    values = untouched(client, child, mode="phone", **{CONTACT_ONLY: "1"})
    first = client.post(new_url(child), values)
    second = client.post(new_url(child), values)
    assert first.url == second.url
    assert Visit.objects.filter(child=child).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"answer_truancy": "no"},
        {"needs": "冬天的衣服"},
        {"note_truancy": "老师说没有逃课"},
        {"m-weight_kg": "21.5"},
    ],
    ids=["one answer", "a need written", "a note", "a measurement"],
)
def test_anything_checked_or_written_saves_a_full_visit_without_asking(
    people, kids, login, changes, django_capture_on_commit_callbacks
):
    client = login(people["cwd_a"])
    child = kids["a"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url(child), untouched(client, child, mode="home", **changes))
    assert response.status_code == 302
    visit = Visit.objects.get(child=child)
    assert visit.contact_only is False
    assert FollowUp.objects.get(child=child).last_visit_on == TODAY


def test_answering_items_when_editing_a_contact_only_makes_it_a_visit(
    people, kids, login, earlier_visit, django_capture_on_commit_callbacks
):
    client = login(people["cwd_a"])
    child = kids["a"]
    contact = actions.do_record_visit(
        people["cwd_a"], Visit(child=child, visited_on=TODAY - timedelta(days=1), mode="phone", contact_only=True)
    )[0]
    url = reverse("visit_edit", args=[child.uuid, contact.uuid])
    # Correcting the date keeps it a contact only, without asking again.
    values = form_values(client.get(url))
    values["visited_on"] = TODAY.isoformat()
    response = client.post(url, values)
    assert response.status_code == 302
    v2 = Visit.objects.get(child=child, is_current=True, original=contact)
    assert (v2.version, v2.visited_on, v2.contact_only) == (2, TODAY, True)
    # Answering an item makes it a visit, which the schedule then counts from.
    url = reverse("visit_edit", args=[child.uuid, v2.uuid])
    values = form_values(client.get(url))
    values["answer_lives_alone"] = "no"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, values)
    v3 = Visit.objects.get(child=child, is_current=True, original=contact)
    assert (response.status_code, v3.version, v3.contact_only) == (302, 3, False)
    assert FollowUp.objects.get(child=child).last_visit_on == TODAY
    event = AuditEvent.objects.get(child=child, action="update", details__visit=str(v3.uuid))
    assert event.details["changes"]["contact_only"] == [True, False]


def test_emptying_a_visit_by_an_edit_asks_too(people, kids, login, earlier_visit):
    client = login(people["cwd_a"])
    child = kids["a"]
    url = reverse("visit_edit", args=[child.uuid, earlier_visit.uuid])
    values = form_values(client.get(url))
    assert checked(client.get(url).content.decode(), "mode") == "phone"  # an edit shows what was saved
    values.update({k: "unknown" for k in values if k.startswith("answer_")})
    response = client.post(url, values)
    assert response.status_code == 200
    assert zh(NOTHING_CHECKED) in response.content.decode()
    assert Visit.objects.filter(child=child).count() == 1
    values[CONTACT_ONLY] = "1"
    assert client.post(url, values).status_code == 302
    current = Visit.objects.get(child=child, is_current=True)
    assert (current.version, current.contact_only) == (2, True)
