"""Registering, editing and the lifecycle of a child's file, as a CWD and supervisor do it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from children.identity import make_id_number, mask_id_number
from children.models import Child, ChildTransfer
from conftest import make_child


def edit_versions(child) -> dict[str, int]:
    """The hidden versions an edit page opened now carries."""
    household = child.household
    versions = {"lock_version": child.lock_version, "household-lock_version": household.lock_version}
    for parent in household.parents.all():
        versions[f"{parent.role}-lock_version"] = parent.lock_version
    return versions


def form_data(village, **overrides):
    data = {
        "village": village.code,
        "name": "陈小雨",
        "sex": "F",
        "date_of_birth": "2016-04-12",
        "ethnicity": "01",
        "id_number": make_id_number(village.code, date(2016, 4, 12), 7, "F"),
        "hukou_type": "rural",
        "address": "石佛村三组",
        "categories": ["rural_left_behind"],
        "schooling_status": "primary",
        "school": "金城镇中心小学",
        "grade": "三年级",
        "health_status": "healthy",
        "father-name": "陈大勇",
        "father-vital_status": "alive",
        "father-migration_status": "away_outside",
        "father-work_city": "东莞",
        "father-last_contact": "2026-11-01",
        "mother-name": "周丽",
        "mother-vital_status": "alive",
        "mother-migration_status": "away_outside",
        "mother-work_city": "东莞",
        "household-address": "石佛村三组12号",
        "household-income_source": "migrant_wages",
        "household-has_caregiver": "on",
        "household-caregiver_name": "陈奶奶",
        "household-caregiver_relation": "grandmother",
        "household-caregiver_birth_year": "1958",
        "household-caregiver_health": "chronic_illness",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-name": "陈爷爷",
        "members-0-relation": "祖父",
        "members-0-birth_year": "1955",
    }
    data.update(overrides)
    return data


def test_cwd_registers_a_child_and_it_reaches_the_township_queue(people, geo, login):
    client = login(people["cwd_a"])
    response = client.post(reverse("child_register"), form_data(geo["village_a"]))
    child = Child.objects.get(name="陈小雨")
    assert response.status_code == 302
    assert response["Location"] == reverse("child_detail", args=[child.uuid])
    assert child.status == "registered"
    assert child.village == geo["village_a"]
    assert child.name_pinyin == "chenxiaoyu"
    assert child.name_initials == "cxy"
    assert child.registered_by == people["cwd_a"]
    assert child.household.parents.count() == 2
    assert child.household.members.get().name == "陈爷爷"
    assert AuditEvent.objects.filter(child=child, action="create", actor=people["cwd_a"]).exists()

    queue = login(people["supervisor"]).get(reverse("queue")).content.decode()
    assert "陈小雨" in queue
    assert "陈小雨" not in login(people["supervisor_t2"]).get(reverse("queue")).content.decode()


def test_a_cwd_cannot_register_into_another_village(people, geo, login):
    client = login(people["cwd_a"])
    response = client.post(reverse("child_register"), form_data(geo["village_b"]))
    assert response.status_code == 200
    assert not Child.objects.exists()


def test_invalid_input_keeps_what_was_typed_and_says_what_is_wrong(people, geo, login):
    client = login(people["cwd_a"])
    bad_id = make_id_number(geo["village_a"].code, date(2016, 4, 12), 7, "F")[:-1] + "0"
    if bad_id == make_id_number(geo["village_a"].code, date(2016, 4, 12), 7, "F"):
        bad_id = bad_id[:-1] + "1"
    data = form_data(geo["village_a"], id_number=bad_id, **{"father-work_city": "", "household-caregiver_name": ""})
    response = client.post(reverse("child_register"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    assert not Child.objects.exists()
    assert 'value="陈小雨"' in html
    assert 'value="石佛村三组12号"' in html
    assert html.count('class="fielderror"') >= 3  # checksum, work city, caregiver name


def test_id_number_must_agree_with_birth_date_and_sex(people, geo, login):
    client = login(people["cwd_a"])
    other_day = make_id_number(geo["village_a"].code, date(2016, 4, 13), 7, "F")
    response = client.post(reverse("child_register"), form_data(geo["village_a"], id_number=other_day))
    assert "2016-04-13" in response.content.decode()
    male = make_id_number(geo["village_a"].code, date(2016, 4, 12), 7, "M")
    response = client.post(reverse("child_register"), form_data(geo["village_a"], id_number=male))
    assert response.status_code == 200
    assert not Child.objects.exists()


def test_an_abolished_region_code_is_accepted(people, geo, login):
    # 513701 was 巴中市巴州区 under an older code list; the ID stays valid for life.
    client = login(people["cwd_a"])
    old = make_id_number("513701", date(2016, 4, 12), 3, "F")
    client.post(reverse("child_register"), form_data(geo["village_a"], id_number=old))
    assert Child.objects.get().id_number == old
    # The registration's audit event keeps the number masked.
    logged = AuditEvent.objects.get(action="create", child=Child.objects.get()).details["fields"]["id_number"]
    assert logged == mask_id_number(old)


def test_duplicate_id_anywhere_is_shown_masked_and_needs_a_decision(people, geo, kids, login):
    client = login(people["cwd_a"])
    data = form_data(
        geo["village_a"], id_number=kids["d"].id_number, date_of_birth=kids["d"].date_of_birth.isoformat(), sex="F"
    )
    html = client.post(reverse("child_register"), data).content.decode()
    assert Child.objects.filter(name="陈小雨").count() == 0
    assert "赵*" in html
    assert "赵敏" not in html
    assert str(kids["d"].uuid) not in html
    data["not_duplicate"] = "on"
    client.post(reverse("child_register"), data)
    assert Child.objects.filter(name="陈小雨").count() == 1


@pytest.mark.parametrize("typed", ["章伟", "张伟"])
def test_same_name_by_pinyin_and_birth_date_in_the_county_is_a_candidate(typed, people, geo, kids, login):
    client = login(people["cwd_b"])  # 张伟 lives in village A, outside cwd_b's scope but in the county
    data = form_data(geo["village_b"], name=typed, sex="M", date_of_birth="2015-03-08", id_number="")
    html = client.post(reverse("child_register"), data).content.decode()
    assert "张*" in html
    assert not Child.objects.filter(name=typed, village=geo["village_b"]).exists()


def test_same_name_in_another_county_is_not_a_candidate(people, geo, kids, login):
    client = login(people["cwd_a"])
    data = form_data(geo["village_a"], name="赵敏", date_of_birth="2016-09-09", id_number="")
    response = client.post(reverse("child_register"), data)
    assert response.status_code == 302


def test_registering_a_sibling_reuses_the_household(people, geo, kids, login):
    client = login(people["cwd_a"])
    url = reverse("child_register") + f"?sibling={kids['a'].uuid}"
    data = {
        k: v
        for k, v in form_data(geo["village_a"], name="张欣", id_number="").items()
        if not k.startswith(("father", "mother", "household", "members"))
    }
    assert client.post(url, data).status_code == 302
    sibling = Child.objects.get(name="张欣")
    assert sibling.household_id == kids["a"].household_id
    # Another village's child cannot be used as a sibling.
    assert client.get(reverse("child_register") + f"?sibling={kids['b'].uuid}").status_code == 404


def test_edit_records_what_changed(people, kids, login):
    child = kids["a"]
    client = login(people["cwd_a"])
    data = form_data(
        child.village, name="张伟", sex="M", date_of_birth="2015-03-08", id_number=child.id_number, grade="四年级"
    )
    father = child.household.parent("father")
    data.update({"members-TOTAL_FORMS": "0", "father-name": father.name, "father-last_contact": "2026-11-20"})
    data.update(edit_versions(child))
    response = client.post(reverse("child_edit", args=[child.uuid]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.grade == "四年级"
    event = AuditEvent.objects.get(child=child, action="update")
    changes = event.details["changes"]
    assert changes["grade"] == ["", "四年级"]
    assert changes["father.last_contact"] == [None, "2026-11-20"]
    assert "father.name" not in changes


def test_viewing_a_file_is_logged_and_the_county_reads_the_history(people, kids, login):
    child = kids["a"]
    login(people["cwd_a"]).get(reverse("child_detail", args=[child.uuid]))
    assert AuditEvent.objects.filter(child=child, action="view", actor=people["cwd_a"]).count() == 1
    assert login(people["cwd_a"]).get(reverse("child_history", args=[child.uuid])).status_code == 404
    assert login(people["supervisor"]).get(reverse("child_history", args=[child.uuid])).status_code == 404
    html = login(people["county"]).get(reverse("child_history", args=[child.uuid])).content.decode()
    assert people["cwd_a"].full_name in html


def test_export_is_logged_on_every_exported_file(people, kids, login):
    client = login(people["supervisor"])
    response = client.get(reverse("roster_export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert set(AuditEvent.objects.filter(action="export", child__isnull=False).values_list("child", flat=True)) == {
        kids["a"].pk,
        kids["b"].pk,
    }
    summary = AuditEvent.objects.get(action="export", child__isnull=True)
    assert summary.details["count"] == 2
    assert summary.actor == people["supervisor"]


def test_lifecycle_registered_confirmed_active_closed_reopened(people, geo, login):
    child = make_child(geo["village_a"], "刘洋", status="registered")
    assert login(people["cwd_a"]).post(reverse("child_confirm", args=[child.uuid])).status_code == 404
    assert login(people["supervisor"]).post(reverse("child_activate", args=[child.uuid])).status_code == 404
    login(people["supervisor"]).post(reverse("child_confirm", args=[child.uuid]))
    child.refresh_from_db()
    assert child.status == "confirmed"
    assert child.confirmed_by == people["supervisor"]
    login(people["county"]).post(reverse("child_activate", args=[child.uuid]))
    child.refresh_from_db()
    assert child.status == "active"
    today = timezone.localdate()
    login(people["cwd_a"]).post(
        reverse("child_close", args=[child.uuid]),
        {"reason": "parents_returned", "closed_on": today.isoformat(), "note": "父母返乡"},
    )
    child.refresh_from_db()
    assert child.status == "closed"
    assert child.closure_reason == "parents_returned"
    assert child.closed_on == today
    # Closed files are archived, not deleted, and still counted.
    total = login(people["county"]).get(reverse("overview")).context["total"]
    assert (total.open, total.closed) == (0, 1)
    assert Child.objects.filter(pk=child.pk).exists()
    assert login(people["cwd_a"]).get(reverse("child_edit", args=[child.uuid])).status_code == 404
    login(people["supervisor"]).post(reverse("child_reopen", args=[child.uuid]), {"note": "父母再次外出"})
    child.refresh_from_db()
    assert child.status == "registered"
    assert child.closure_reason == ""
    actions = list(AuditEvent.objects.filter(child=child).order_by("id").values_list("action", flat=True))
    assert actions == ["confirm", "activate", "close", "reopen"]


def test_closing_needs_a_reason_and_a_past_date(people, kids, login):
    child = kids["a"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    login(people["cwd_a"]).post(reverse("child_close", args=[child.uuid]), {"reason": "", "closed_on": tomorrow})
    child.refresh_from_db()
    assert child.status == "active"


def test_supervisor_returns_a_file_for_correction(people, geo, login):
    child = make_child(geo["village_a"], "刘洋", status="registered")
    login(people["supervisor"]).post(reverse("child_return", args=[child.uuid]), {"note": "身份证号码待核实"})
    child.refresh_from_db()
    assert child.status == "registered"
    assert child.returned_note == "身份证号码待核实"
    assert "身份证号码待核实" in login(people["cwd_a"]).get(reverse("child_detail", args=[child.uuid])).content.decode()


def test_bulk_confirmation_from_the_queue(people, geo, login):
    one = make_child(geo["village_a"], "刘洋", status="registered")
    two = make_child(geo["village_b"], "孙丽", status="registered")
    outsider = make_child(geo["village_c"], "周杰", status="registered")
    client = login(people["supervisor"])
    client.post(reverse("queue"), {"child": [one.uuid, two.uuid, outsider.uuid]})
    statuses = dict(Child.objects.values_list("name", "status"))
    assert statuses["刘洋"] == statuses["孙丽"] == "confirmed"
    assert statuses["周杰"] == "registered"


def test_transfer_keeps_history_and_moves_visibility(people, geo, kids, login):
    child = kids["a"]
    client = login(people["supervisor"])
    client.post(
        reverse("child_transfer", args=[child.uuid]),
        {
            "to_village": geo["village_b"].code,
            "transferred_on": timezone.localdate().isoformat(),
            "reason": "随祖父母搬迁",
        },
    )
    child.refresh_from_db()
    assert child.village == geo["village_b"]
    assert ChildTransfer.objects.get(child=child).from_village == geo["village_a"]
    assert login(people["cwd_a"]).get(reverse("child_detail", args=[child.uuid])).status_code == 404
    assert login(people["cwd_b"]).get(reverse("child_detail", args=[child.uuid])).status_code == 200
    # A supervisor cannot move a child out of the township; a CWD cannot transfer at all.
    client.post(
        reverse("child_transfer", args=[child.uuid]),
        {"to_village": geo["village_c"].code, "transferred_on": timezone.localdate().isoformat()},
    )
    child.refresh_from_db()
    assert child.village == geo["village_b"]
    assert (
        login(people["cwd_b"])
        .post(reverse("child_transfer", args=[child.uuid]), {"to_village": geo["village_a"].code})
        .status_code
        == 302
    )
    child.refresh_from_db()
    assert child.village == geo["village_b"]


def test_bidirectional_controls_are_removed_from_names(people, geo, login):
    """U+202E (right-to-left override) and its kin make a name display differently from how it
    sorts and searches; nothing that is shown to others keeps such characters."""
    data = form_data(geo["village_a"], **{
        "name": "\u202e陈小雨\u202c", "father-name": "陈\u2066大勇\u2069", "household-caregiver_name": "\u200f陈奶奶",
        "members-0-name": "陈\u202d爷爷",
    })  # fmt: skip
    assert login(people["cwd_a"]).post(reverse("child_register"), data).status_code == 302
    child = Child.objects.get(name="陈小雨")
    assert child.name_pinyin == "chenxiaoyu"
    assert child.household.parents.get(role="father").name == "陈大勇"
    assert child.household.caregiver_name == "陈奶奶"
    assert child.household.members.get().name == "陈爷爷"


def test_the_close_form_does_not_offer_merged_which_only_a_merge_sets():
    from children.choices import ClosureReason
    from children.forms import CloseForm

    offered = [value for value, _label in CloseForm().fields["reason"].choices]
    assert ClosureReason.MERGED not in offered
    assert ClosureReason.DIED in offered
