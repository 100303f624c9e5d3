"""ID numbers are masked in pages, lists, exports and the API; shown in full only on demand, audited."""

import csv
import io
from datetime import date

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from children.identity import make_id_number, mask_id_number
from core.tests.pageform import form_of


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_mask_keeps_region_and_last_four():
    assert mask_id_number("51132420150308123X") == "511324********123X"
    assert mask_id_number("") == ""
    assert mask_id_number("12345") == "*****"


def test_profile_shows_masked_number_and_logs_no_reveal(people, kids, login):
    child = kids["a"]
    html = login(people["cwd_a"]).get(reverse("child_detail", args=[child.uuid])).content.decode()
    assert child.id_number not in html
    assert mask_id_number(child.id_number) in html
    assert reverse("child_reveal_id", args=[child.uuid]) in html
    assert not AuditEvent.objects.filter(action="reveal_id").exists()


def test_show_button_reveals_the_full_number_and_audits_it(people, kids, login):
    child = kids["a"]
    client = login(people["cwd_a"])
    response = client.post(reverse("child_reveal_id", args=[child.uuid]))
    assert response.status_code == 200
    assert child.id_number in response.content.decode()
    event = AuditEvent.objects.get(action="reveal_id")
    assert (event.actor, event.child, event.details) == (people["cwd_a"], child, {"via": "profile"})
    # A GET does not reveal (a link or a prefetch must not).
    assert client.get(reverse("child_reveal_id", args=[child.uuid])).status_code == 405


def test_reveal_is_refused_outside_scope_and_to_those_who_may_not_edit(people, kids, login):
    assert login(people["cwd_b"]).post(reverse("child_reveal_id", args=[kids["a"].uuid])).status_code == 404
    partner = login(people["partner"])
    assert partner.post(reverse("child_reveal_id", args=[kids["a"].uuid])).status_code == 404
    assert partner.post(f"/api/v1/children/{kids['a'].uuid}/id-number").status_code == 404
    assert not AuditEvent.objects.filter(action="reveal_id").exists()


def test_history_masks_id_numbers_in_recorded_changes(people, kids, login):
    child = kids["a"]
    AuditEvent.objects.create(
        actor=people["cwd_a"],
        action="update",
        child=child,
        details={"changes": {"id_number": ["", child.id_number], "father.id_number": [child.id_number, ""]}},
    )
    html = login(people["county"]).get(reverse("child_history", args=[child.uuid])).content.decode()
    assert child.id_number not in html
    assert mask_id_number(child.id_number) in html


def test_edit_form_shows_the_full_number_and_is_audited_as_a_reveal(people, kids, login):
    child = kids["a"]
    response = login(people["cwd_a"]).get(reverse("child_edit", args=[child.uuid]))
    assert response.status_code == 200
    assert child.id_number in response.content.decode()
    assert AuditEvent.objects.get(action="reveal_id").details == {"via": "edit"}


def test_exports_mask_id_numbers_unless_full_ones_are_asked_for(people, kids, login):
    child = kids["a"]
    client = login(people["cwd_a"])
    rows = _csv(client.get(reverse("roster_export", args=["csv"])))
    assert mask_id_number(child.id_number) in rows[1]
    assert child.id_number not in b"".join(r.encode() for row in rows for r in row).decode()
    summary = AuditEvent.objects.get(action="export", child=None)
    assert "full_ids" not in summary.details

    rows = _csv(client.get(reverse("roster_export", args=["csv"]), {"full_ids": "1"}))
    assert child.id_number in rows[1]
    summary = AuditEvent.objects.filter(action="export", child=None).first()
    assert summary.details["full_ids"] is True
    assert AuditEvent.objects.filter(action="export", child=child, details__full_ids=True).count() == 1

    response = client.get(reverse("roster_export", args=["xlsx"]))
    cells = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert mask_id_number(child.id_number) in cells
    assert child.id_number not in cells


def test_roster_offers_a_labelled_full_id_export(people, kids, login):
    html = login(people["cwd_a"]).get(reverse("roster"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "include full ID numbers" in html
    assert "full_ids=1" in html


def test_api_masks_the_number_and_reveals_it_only_through_the_audited_endpoint(people, kids, login):
    child = kids["a"]
    client = login(people["cwd_a"])
    body = client.get(f"/api/v1/children/{child.uuid}").json()
    assert body["id_number"] == mask_id_number(child.id_number)
    assert not AuditEvent.objects.filter(action="reveal_id").exists()
    response = client.post(f"/api/v1/children/{child.uuid}/id-number")
    assert response.status_code == 200
    assert response.json() == {"id_number": child.id_number}
    assert AuditEvent.objects.get(action="reveal_id").details == {"via": "api"}
    assert login(people["cwd_b"]).post(f"/api/v1/children/{child.uuid}/id-number").status_code == 404


def test_the_audit_trail_and_its_export_hold_only_masked_id_numbers(people, kids, client, tmp_path):
    child = kids["a"]
    client.force_login(people["cwd_a"], backend="django.contrib.auth.backends.ModelBackend")
    data = form_of(client.get(reverse("child_edit", args=[child.uuid])).content.decode(), "childform")
    old, new = child.id_number, make_id_number("511324", child.date_of_birth, 901, child.sex)
    father = make_id_number("511324", date(1985, 1, 1), 7, "M")
    data["id_number"], data["father-id_number"] = [new], [father]
    assert client.post(reverse("child_edit", args=[child.uuid]), data).status_code == 302

    changes = AuditEvent.objects.get(child=child, action="update").details["changes"]
    assert changes["id_number"] == [mask_id_number(old), mask_id_number(new)]
    assert changes["father.id_number"] == ["", mask_id_number(father)]
    path = tmp_path / "audit.csv"
    today = timezone.localdate()
    call_command("export_audit", "--since", str(today), "--until", str(today), str(path), stdout=io.StringIO())
    exported = path.read_text(encoding="utf-8-sig")
    assert mask_id_number(new) in exported
    for number in (old, new, father):
        assert number not in exported


def test_a_changed_health_note_is_recorded_as_changed_but_its_words_are_not_kept(people, kids, client):
    child = kids["a"]
    client.force_login(people["cwd_a"], backend="django.contrib.auth.backends.ModelBackend")
    data = form_of(client.get(reverse("child_edit", args=[child.uuid])).content.decode(), "childform")
    data["health_note"] = ["癫痫，每天服药"]
    assert client.post(reverse("child_edit", args=[child.uuid]), data).status_code == 302

    changes = AuditEvent.objects.get(child=child, action="update").details["changes"]
    assert "癫痫" not in str(changes)
    assert "health_note" in changes
    client.force_login(people["county"], backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("child_history", args=[child.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已修改，内容不记入历史" in html
    assert "癫痫" not in html
