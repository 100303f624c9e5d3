"""Two people editing the same file: the second save from a stale form is refused, never silent."""

from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from core.tests.pageform import form_of


def _session(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _open_edit(client, child) -> dict[str, list[str]]:
    page = client.get(reverse("child_edit", args=[child.uuid]))
    assert page.status_code == 200
    return form_of(page.content.decode(), "childform")


def _post(client, child, data):
    return client.post(reverse("child_edit", args=[child.uuid]), data)


def test_a_stale_save_shows_both_values_and_changes_nothing(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)

    theirs["grade"] = ["五年级"]
    theirs["household-caregiver_phone"] = ["13800000001"]
    assert _post(supervisor, child, theirs).status_code == 302

    mine["grade"] = ["四年级"]
    mine["father-phone"] = ["13911112222"]
    page = _post(cwd, child, mine)
    assert page.status_code == 409
    html = page.content.decode()
    # The user's input beside the value saved meanwhile.
    assert "四年级" in html
    assert "五年级" in html
    child.refresh_from_db()
    assert child.grade == "五年级"
    assert child.household.caregiver_phone == "13800000001"
    assert child.household.parent("father").phone != "13911112222"  # nothing of the stale save is written
    updates = AuditEvent.objects.filter(child=child, action="update")
    assert [e.actor for e in updates] == [people["supervisor"]]
    assert updates.get().details["changes"]["grade"][1] == "五年级"


def test_merging_on_the_conflict_page_keeps_what_each_chose(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["grade"] = ["五年级"]
    theirs["school"] = ["石佛村小学"]
    assert _post(supervisor, child, theirs).status_code == 302

    mine["grade"] = ["四年级"]
    mine["father-phone"] = ["13911112222"]
    page = _post(cwd, child, mine)
    assert page.status_code == 409
    choice = form_of(page.content.decode(), "conflict")
    # One choice per field that differs in the record saved meanwhile; the untouched parent has none.
    assert {"pick:grade", "pick:school"} <= set(_picks(page.content.decode()))
    assert "pick:father-phone" not in _picks(page.content.decode())
    choice["pick:grade"] = ["mine"]
    choice["pick:school"] = ["theirs"]
    assert _post(cwd, child, choice).status_code == 302

    child.refresh_from_db()
    assert (child.grade, child.school) == ("四年级", "石佛村小学")
    assert child.household.parent("father").phone == "13911112222"
    last = AuditEvent.objects.filter(child=child, action="update").latest("pk")
    assert last.actor == people["cwd_a"]
    assert last.details["changes"]["grade"] == ["五年级", "四年级"]
    assert "school" not in last.details["changes"]  # taking theirs does not record a revert


def test_a_form_opened_before_a_reported_contact_does_not_undo_it(people, kids):
    from children.actions import do_record_parent_contact

    child = kids["a"]
    cwd = _session(people["cwd_a"])
    mine = _open_edit(cwd, child)
    do_record_parent_contact(child, "father", child.registered_at.date())
    mine["father-phone"] = ["13911112222"]
    assert _post(cwd, child, mine).status_code == 409
    assert child.household.parent("father").last_contact == child.registered_at.date()


def _picks(html: str) -> list[str]:
    import re

    return sorted(set(re.findall(r'name="(pick:[^"]+)"', html)))
