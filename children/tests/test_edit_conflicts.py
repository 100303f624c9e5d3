"""Two people editing the same file from two sessions: the second save from a stale form is never
silent. What only the other person changed is taken, what only this user changed is kept, and only
fields both changed differently are asked about (core.versioning)."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from audit.models import AuditEvent
from children.actions import do_record_parent_contact
from core.tests.pageform import form_of
from core.versioning import BASE_FIELD, KEPT_DIR


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


def _picks(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="(pick:[^"]+)"', html)))


def _photo(name="face.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_stale_save_asks_only_about_fields_both_changed_and_changes_nothing(people, kids):
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
    # The user's input beside the value saved meanwhile, for the one field both changed.
    assert _picks(html) == ["pick:grade"]
    assert "四年级" in html
    assert "五年级" in html
    child.refresh_from_db()
    assert child.grade == "五年级"
    assert child.household.caregiver_phone == "13800000001"
    assert child.household.parent("father").phone != "13911112222"  # nothing of the stale save is written
    updates = AuditEvent.objects.filter(child=child, action="update")
    assert [e.actor for e in updates] == [people["supervisor"]]
    assert updates.get().details["changes"]["grade"][1] == "五年级"


def test_merging_on_the_conflict_page_keeps_both_users_changes(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["grade"] = ["五年级"]
    theirs["school"] = ["石佛村小学"]
    theirs["household-caregiver_phone"] = ["13800000001"]
    assert _post(supervisor, child, theirs).status_code == 302

    mine["grade"] = ["四年级"]
    mine["father-phone"] = ["13911112222"]
    page = _post(cwd, child, mine)
    assert page.status_code == 409
    html = page.content.decode()
    # Not asked: the school and the caregiver's phone (only the supervisor changed them), the
    # father's phone (only the CWD changed it).
    assert _picks(html) == ["pick:grade"]
    choice = form_of(html, "conflict")
    choice["pick:grade"] = ["mine"]
    assert _post(cwd, child, choice).status_code == 302

    child.refresh_from_db()
    assert (child.grade, child.school) == ("四年级", "石佛村小学")
    assert child.household.caregiver_phone == "13800000001"
    assert child.household.parent("father").phone == "13911112222"
    last = AuditEvent.objects.filter(child=child, action="update").latest("pk")
    assert last.actor == people["cwd_a"]
    assert last.details["changes"]["grade"] == ["五年级", "四年级"]
    assert "school" not in last.details["changes"]  # taking theirs does not record a revert
    assert "household.caregiver_phone" not in last.details["changes"]


def test_choosing_theirs_on_the_conflict_page_keeps_their_value(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["grade"] = ["五年级"]
    assert _post(supervisor, child, theirs).status_code == 302
    mine["grade"] = ["四年级"]
    mine["school"] = ["石佛村小学"]
    choice = form_of(_post(cwd, child, mine).content.decode(), "conflict")
    choice["pick:grade"] = ["theirs"]
    assert _post(cwd, child, choice).status_code == 302
    child.refresh_from_db()
    assert (child.grade, child.school) == ("五年级", "石佛村小学")


def test_edits_of_different_fields_are_merged_without_a_question(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["school"] = ["石佛村小学"]
    theirs["household-caregiver_phone"] = ["13800000001"]
    assert _post(supervisor, child, theirs).status_code == 302

    mine["grade"] = ["四年级"]
    mine["father-phone"] = ["13911112222"]
    saved = cwd.post(reverse("child_edit", args=[child.uuid]), mine, HTTP_ACCEPT_LANGUAGE="en")
    assert saved.status_code == 302
    page = cwd.get(saved.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Someone else saved changes to this record meanwhile: theirs and yours are both kept." in page
    child.refresh_from_db()
    assert (child.grade, child.school) == ("四年级", "石佛村小学")
    assert child.household.caregiver_phone == "13800000001"
    assert child.household.parent("father").phone == "13911112222"
    assert [e.actor for e in AuditEvent.objects.filter(child=child, action="update").order_by("pk")] == [
        people["supervisor"],
        people["cwd_a"],
    ]


def test_the_same_change_on_both_sides_is_not_asked(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["grade"] = ["五年级"]
    assert _post(supervisor, child, theirs).status_code == 302
    mine["grade"] = ["五年级"]
    mine["father-phone"] = ["13911112222"]
    assert _post(cwd, child, mine).status_code == 302
    child.refresh_from_db()
    assert child.grade == "五年级"
    assert child.household.parent("father").phone == "13911112222"


def test_a_forged_base_cannot_overwrite_the_other_change_without_a_question(people, kids):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["school"] = ["石佛村小学"]
    assert _post(supervisor, child, theirs).status_code == 302
    mine[BASE_FIELD] = [mine[BASE_FIELD][0][:-3] + "abc"]
    mine["grade"] = ["四年级"]
    page = _post(cwd, child, mine)
    # Without a base it can trust, every field where the two differ is asked.
    assert page.status_code == 409
    assert _picks(page.content.decode()) == ["pick:grade", "pick:school"]
    child.refresh_from_db()
    assert child.school == "石佛村小学"


def test_a_form_opened_before_a_reported_contact_does_not_undo_it(people, kids):
    child = kids["a"]
    cwd = _session(people["cwd_a"])
    mine = _open_edit(cwd, child)
    do_record_parent_contact(child, "father", child.registered_at.date())
    mine["father-phone"] = ["13911112222"]
    # The contact changed the father's last contact, not his phone: both are kept.
    assert _post(cwd, child, mine).status_code == 302
    father = child.household.parent("father")
    assert (father.last_contact, father.phone) == (child.registered_at.date(), "13911112222")


def test_a_stale_last_contact_is_asked_not_undone(people, kids):
    child = kids["a"]
    cwd = _session(people["cwd_a"])
    mine = _open_edit(cwd, child)
    do_record_parent_contact(child, "father", child.registered_at.date())
    mine["father-last_contact"] = [child.date_of_birth.isoformat()]
    page = _post(cwd, child, mine)
    assert page.status_code == 409
    assert _picks(page.content.decode()) == ["pick:father-last_contact"]
    assert child.household.parent("father").last_contact == child.registered_at.date()


def test_a_photo_chosen_before_a_conflict_is_kept_and_saved_with_the_choices(people, kids, media):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["grade"] = ["五年级"]
    assert _post(supervisor, child, theirs).status_code == 302

    mine["grade"] = ["四年级"]
    page = _post(cwd, child, {**mine, "photo": _photo()})
    assert page.status_code == 409
    html = page.content.decode()
    assert "face.png" in html  # the page says the photo is kept
    kept = media / KEPT_DIR
    assert len(list(kept.iterdir())) == 1
    child.refresh_from_db()
    assert not child.photo  # nothing saved yet

    choice = form_of(html, "conflict")
    choice["pick:grade"] = ["mine"]
    assert _post(cwd, child, choice).status_code == 302
    child.refresh_from_db()
    assert child.grade == "四年级"
    assert child.photo
    assert Path(child.photo.path).read_bytes()[:4] == b"\x89PNG"
    assert list(kept.iterdir()) == []  # the kept copy is gone once saved


def test_a_kept_photo_is_only_for_the_user_it_was_kept_for(people, kids, media):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["grade"] = ["五年级"]
    assert _post(supervisor, child, theirs).status_code == 302
    mine["grade"] = ["四年级"]
    choice = form_of(_post(cwd, child, {**mine, "photo": _photo()}).content.decode(), "conflict")
    choice["pick:grade"] = ["mine"]
    assert _post(supervisor, child, choice).status_code == 302
    child.refresh_from_db()
    assert not child.photo
    assert len(list((media / KEPT_DIR).iterdir())) == 1


def test_a_photo_with_nothing_to_ask_is_saved_at_once(people, kids, media):
    child = kids["a"]
    cwd, supervisor = _session(people["cwd_a"]), _session(people["supervisor"])
    mine, theirs = _open_edit(cwd, child), _open_edit(supervisor, child)
    theirs["school"] = ["石佛村小学"]
    assert _post(supervisor, child, theirs).status_code == 302
    assert _post(cwd, child, {**mine, "photo": _photo()}).status_code == 302
    child.refresh_from_db()
    assert child.photo
    assert child.school == "石佛村小学"
