"""The lists: allowances home, the gap (qualify but receive nothing), standards; minimising."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benefits import actions
from benefits.minimise import erase_benefit_text
from benefits.models import Application, Evidence, PaymentStandard

from .conftest import TODAY, approved
from .test_applications import png


def test_gap_lists_who_qualifies_and_receives_nothing(people, dfu, login):
    url = reverse("benefit_gap")
    r = login(people["county"]).get(url)
    assert f'data-gap-child="{dfu.uuid}"'.encode() in r.content
    assert b'data-gap-child="' not in login(people["cwd_c"]).get(url).content  # another township's village
    assert login(people["partner"]).get(url).status_code == 404
    approved(dfu, people, start=date(2025, 1, 1))
    assert f'data-gap-child="{dfu.uuid}"'.encode() not in login(people["county"]).get(url).content


def test_home_lists_applications_in_scope(people, dfu, kids, login):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported")
    r = login(people["supervisor"]).get(reverse("benefit_home"))
    assert f'data-app="{app.uuid}"'.encode() in r.content
    r = login(people["supervisor_t2"]).get(reverse("benefit_home"))
    assert f'data-app="{app.uuid}"'.encode() not in r.content
    assert login(people["partner"]).get(reverse("benefit_home")).status_code == 404


def test_standards_page_is_the_county_officers(people, geo, login):
    c = login(people["county"])
    r = c.post(
        reverse("benefit_standards"),
        {"category": "de_facto_unsupported", "effective_from": "2026-01", "amount": "1650.00"},
    )
    assert r.status_code == 302
    std = PaymentStandard.objects.get()
    assert (std.division_id, std.effective_from, str(std.amount)) == ("511324", date(2026, 1, 1), "1650.00")
    for who in ("cwd_a", "supervisor", "partner"):
        assert login(people[who]).get(reverse("benefit_standards")).status_code == 404


def test_minimise_erases_words_and_documents_keeps_months(people, dfu):
    app = actions.do_create_application(people["cwd_a"], dfu, category="de_facto_unsupported", applicant_name="周奶奶")
    actions.do_add_evidence(people["cwd_a"], app, kind="judgment", upload=SimpleUploadedFile("a.png", png()))
    path = Evidence.objects.get().file.path
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY - timedelta(days=10))
    actions.do_refuse(people["supervisor"], app, reason="父亲已出狱")
    erase_benefit_text([dfu.pk])
    erase_benefit_text([dfu.pk])  # idempotent
    app = Application.objects.get()
    assert (app.applicant_name, app.status, app.category) == ("", "refused", "de_facto_unsupported")
    assert app.refusal_reason != "父亲已出狱"
    assert not Evidence.objects.exists()
    import os

    assert not os.path.exists(path)
