"""The application chain: eligibility kept, documents checked, posting, review, approval,
return, refusal, changes and exits; who may do what; outsiders get 404."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from alerts.kinds import alert_text
from alerts.models import Alert
from audit.models import AuditEvent
from benefits import actions
from benefits.files import MAX_BYTES
from benefits.models import Application, Benefit, Evidence, Step
from conftest import make_child
from core.errors import ActionError

from .conftest import TODAY, approved

S = Application.Status


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buf, "PNG")
    return buf.getvalue()


def test_application_keeps_the_eligibility_found_at_the_time(people, dfu):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    assert app.eligible is True
    assert app.eligibility_reasons
    assert app.village_id == dfu.village_id
    assert AuditEvent.objects.filter(child=dfu, action="ben_apply").exists()


def test_asking_against_a_no_needs_the_familys_reason(people, kids):
    with pytest.raises(ActionError):
        actions.do_create_application(people["cwd_a"], kids["a"], category="de_facto_unsupported")
    app = actions.do_create_application(
        people["cwd_a"], kids["a"], category="de_facto_unsupported", request_reason="父亲在外失联，家里无人照顾"
    )
    assert app.eligible is False
    assert app.request_reason


def test_one_application_in_progress_per_child(people, dfu):
    actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    with pytest.raises(ActionError):
        actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")


def test_the_chain_to_approval(people, dfu, standards):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY)
    app.refresh_from_db()
    assert app.status == S.POSTING
    assert app.posting_until == TODAY + timedelta(days=6)
    # The supervisor is told; the posting days must pass first.
    assert Alert.objects.filter(recipient=people["supervisor"], kind="benefit_to_review").exists()
    with pytest.raises(ActionError):
        actions.do_review(people["supervisor"], app, opinion="ok")
    Application.objects.filter(pk=app.pk).update(
        posting_from=TODAY - timedelta(days=8), posting_until=TODAY - timedelta(days=2)
    )
    app.refresh_from_db()
    # An objection not yet checked holds the review.
    obj = actions.do_record_objection(people["cwd_a"], app, raised_by="村民甲", raised_on=TODAY, text="父亲已出狱")
    with pytest.raises(ActionError):
        actions.do_review(people["supervisor"], app, opinion="ok")
    actions.do_objection_outcome(people["cwd_a"], obj, outcome="unfounded", note="查监狱证明，仍在服刑")
    # The CWD who prepared it cannot review it.
    with pytest.raises(ActionError):
        actions.do_review(people["cwd_a"], app, opinion="ok")
    actions.do_review(people["supervisor"], app, opinion="情况属实")
    app.refresh_from_db()
    assert app.status == S.COUNTY
    assert app.township_by == people["supervisor"]
    assert app.township_on == TODAY
    assert Alert.objects.filter(recipient=people["county"], kind="benefit_to_approve").exists()
    with pytest.raises(ActionError):
        actions.do_approve(people["supervisor"], app, opinion="x")
    benefit = actions.do_approve(people["county"], app, opinion="同意")
    app.refresh_from_db()
    assert app.status == S.APPROVED
    assert benefit.category == "de_facto_unsupported"
    assert benefit.stop_month is None
    assert list(app.steps.values_list("kind", flat=True)) == [
        Step.Kind.CREATED,
        Step.Kind.POSTED,
        Step.Kind.OBJECTION,
        Step.Kind.OBJECTION,
        Step.Kind.REVIEWED,
        Step.Kind.APPROVED,
    ]
    decided = Alert.objects.get(recipient=people["cwd_a"], kind="benefit_decided")
    assert "周小雨" in alert_text(decided)


def test_start_month_is_the_month_after_approval(people, dfu):
    app = approved(dfu, people)
    b = app.approved_benefit
    assert b.start_month == (date(TODAY.year + (TODAY.month == 12), TODAY.month % 12 + 1, 1))


def test_return_and_refusal(people, dfu):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY - timedelta(days=10))
    actions.do_return(people["supervisor"], app, note="请补充监狱证明")
    app.refresh_from_db()
    assert app.status == S.RETURNED
    assert Alert.objects.filter(recipient=people["cwd_a"], kind="benefit_returned").exists()
    # Corrected and sent again: the posting is over, so straight to the township.
    actions.do_submit(people["cwd_a"], app)
    app.refresh_from_db()
    assert app.status == S.TOWNSHIP
    with pytest.raises(ActionError):
        actions.do_refuse(people["supervisor"], app, reason=" ")
    actions.do_refuse(people["supervisor"], app, reason="父亲已于上月刑满释放，孩子有父亲照顾，不符合条件。")
    app.refresh_from_db()
    assert app.status == S.REFUSED
    assert "刑满释放" in app.refusal_reason


def test_versioned_edit_refuses_a_stale_form(people, dfu):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    seen = app.lock_version
    actions.do_edit_application(people["cwd_a"], app, seen_version=seen, applicant_name="周奶奶")
    with pytest.raises(ActionError):
        actions.do_edit_application(people["cwd_a"], app, seen_version=seen, applicant_name="周爷爷")


def test_exit_stops_from_the_month_after_with_last_month_paid(people, dfu, standards):
    app = approved(dfu, people, start=date(2025, 1, 1))
    benefit = app.approved_benefit
    Benefit.objects.filter(pk=benefit.pk).update(last_paid_month=date(2025, 6, 1))
    benefit.refresh_from_db()
    exit_app = actions.do_create_application(
        people["cwd_a"],
        dfu,
        category=benefit.category,
        kind="exit",
        benefit=benefit,
        exit_reason="parent_returned",
        event_on=date(2025, 6, 20),
    )
    actions.do_submit(people["cwd_a"], exit_app)
    exit_app.refresh_from_db()
    assert exit_app.status == S.TOWNSHIP  # no village posting for an exit
    actions.do_review(people["supervisor"], exit_app, opinion="父亲刑满释放")
    actions.do_approve(people["county"], exit_app, opinion="同意停发")
    benefit.refresh_from_db()
    assert benefit.stop_month == date(2025, 7, 1)
    assert benefit.exit_reason == "parent_returned"
    assert benefit.last_paid_month == date(2025, 6, 1)
    assert AuditEvent.objects.filter(child=dfu, action="ben_stop").exists()


def test_change_of_category_stops_one_and_starts_the_other(people, dfu, standards):
    app = approved(dfu, people, start=date(2025, 1, 1))
    benefit = app.approved_benefit
    change = actions.do_create_application(
        people["cwd_a"],
        dfu,
        category="difficulty",
        kind="change",
        benefit=benefit,
        exit_reason="other",
        event_on=date(2025, 8, 5),
        request_reason="父亲出狱但重病",
    )
    actions.do_submit(people["cwd_a"], change)
    actions.do_review(people["supervisor"], change, opinion="属实")
    new = actions.do_approve(people["county"], change, opinion="同意")
    benefit.refresh_from_db()
    assert benefit.stop_month == date(2025, 9, 1)
    assert new.start_month == date(2025, 9, 1)
    assert new.category == "difficulty"


# Documents ------------------------------------------------------------------------------------


def test_documents_are_sniffed_and_served_only_with_access(people, dfu, login, client):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    c = login(people["cwd_a"])
    url = reverse("benefit_step", args=[app.uuid, "evidence"])
    # A text file named .jpg is refused; so is a file over 10 MB.
    c.post(url, {"kind": "judgment", "file": SimpleUploadedFile("a.jpg", b"hello", content_type="image/jpeg")})
    c.post(
        url,
        {
            "kind": "judgment",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * MAX_BYTES, content_type="application/pdf"),
        },
    )
    assert not Evidence.objects.exists()
    c.post(url, {"kind": "judgment", "file": SimpleUploadedFile("判决书.png", png(), content_type="image/png")})
    c.post(url, {"kind": "police", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 test", content_type="text/plain")})
    docs = list(Evidence.objects.order_by("pk"))
    assert [d.content_type for d in docs] == ["image/png", "application/pdf"]
    assert "判决书" not in docs[0].file.name
    r = c.get(reverse("benefit_document", args=[docs[0].uuid]))
    assert r.status_code == 200
    assert r["Content-Type"] == "image/png"
    for outsider in ("cwd_b", "supervisor_t2", "other_county", "partner"):
        assert login(people[outsider]).get(reverse("benefit_document", args=[docs[0].uuid])).status_code == 404


# Pages and access -----------------------------------------------------------------------------


def test_profile_card_offers_to_apply_when_eligible(people, dfu, login):
    c = login(people["cwd_a"])
    r = c.get(reverse("child_detail", args=[dfu.uuid]))
    assert b"data-apply" in r.content
    assert b"data-benefit-card" in r.content
    r = c.get(reverse("benefit_apply", args=[dfu.uuid]))
    assert r.status_code == 200
    r = c.post(
        reverse("benefit_apply", args=[dfu.uuid]), {"category": "de_facto_unsupported", "applicant_name": "周奶奶"}
    )
    app = Application.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("benefit_application", args=[app.uuid])
    assert c.get(reverse("benefit_application", args=[app.uuid])).status_code == 200


def test_outsiders_get_404_everywhere(people, dfu, login, finance):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY)
    urls = [
        reverse("benefit_apply", args=[dfu.uuid]),
        reverse("benefit_application", args=[app.uuid]),
        reverse("benefit_notice", args=[app.uuid]),
        reverse("benefit_application_edit", args=[app.uuid]),
    ]
    for who in ("cwd_b", "supervisor_t2", "other_county", "partner", "finance"):
        user = finance if who == "finance" else people[who]
        for url in urls:
            assert login(user).get(url).status_code == 404, (who, url)
        assert login(user).post(reverse("benefit_step", args=[app.uuid, "review"]), {"opinion": "x"}).status_code == 404


def test_notice_shows_only_the_masked_name(people, dfu, login):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY)
    r = login(people["cwd_a"]).get(reverse("benefit_notice", args=[app.uuid]))
    body = r.content.decode()
    assert "周**" in body
    assert "周小雨" not in body.split("data-notice")[1]
    assert dfu.id_number not in body


def test_review_and_approve_through_the_pages(people, dfu, login, standards):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY - timedelta(days=10))
    login(people["supervisor"]).post(reverse("benefit_step", args=[app.uuid, "review"]), {"opinion": "属实"})
    login(people["county"]).post(
        reverse("benefit_step", args=[app.uuid, "approve"]), {"opinion": "同意", "start_month": "2025-03"}
    )
    app.refresh_from_db()
    assert app.status == S.APPROVED
    assert app.approved_benefit.start_month == date(2025, 3, 1)


def test_a_child_of_another_county_cannot_be_applied_for(people, kids):
    other = make_child(kids["d"].village, "钱多")
    with pytest.raises(ActionError):
        actions.do_create_application(people["cwd_a"], other, category="difficulty", request_reason="x")
