"""The printed file (一人一档): what the PDF says, who may print it, the village batch, the audit."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from audit.models import AuditEvent
from caseplans import actions as plan_actions
from children import choices as c
from conftest import make_child
from dossier import actions as dossier_actions
from dossier import services
from dossier.models import BatchPrint
from followup.models import TIER_RANK, FollowUp
from followup.texts import item_label, trigger_text
from measurements.actions import do_record_measurement
from measurements.models import Measurement
from partners.models import Organisation
from referrals.models import Referral
from reports import actions as report_actions
from reports.models import MandatoryReport
from visits.actions import do_record_visit
from visits.models import Visit

WITNESS = "周老师"
WITNESS_PHONE = "13800001111"
TODAY = timezone.localdate()
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    """The text without the spaces and line breaks the extraction may put between CJK characters."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def full_file(people, kids):
    """Child a (张伟, left behind: both parents away) with a visit, a measurement, a referral,
    a relayed mandatory report (the witness is confidential) and an approved case plan."""
    child, cwd = kids["a"], people["cwd_a"]
    measurement = Measurement(
        child=child, measured_on=TODAY - timedelta(days=20), weight_kg=Decimal("22.5"), length_cm=Decimal("121.0")
    )
    do_record_measurement(cwd, measurement)
    visit = Visit(
        child=child,
        visited_on=date(2026, 10, 12),
        answers={"not_enough_food": "yes", "lives_alone": "no"},
        needs="家里米不够吃到月底",
        actions_taken="联系村委会送米",
    )
    do_record_visit(cwd, visit)
    clinic = Organisation.objects.create(
        name="金城镇卫生院二部", type="township_health_centre", division=child.village.parent
    )
    Referral.objects.create(
        child=child,
        village_id=child.village_id,
        organisation=clinic,
        service="nutrition",
        need="营养评估",
        guardian_consent=True,
        respond_by=timezone.now() + timedelta(days=3),
    )
    police = Organisation.objects.create(
        name="金城派出所", type=Organisation.Type.POLICE_STATION, division=child.village.parent
    )
    now = timezone.now()
    report_actions.do_file_report(
        cwd,
        MandatoryReport(
            child=child,
            triggers=["SUSPECTED_DOMESTIC_VIOLENCE"],
            facts=f"{WITNESS}说孩子手臂上有淤青",
            observed_at=now - timedelta(hours=5),
            channel=MandatoryReport.Channel.POLICE_STATION,
            receiving_body=police.name,
            receiving_org=police,
            reported_at=now - timedelta(hours=1),
            relayed=True,
            reporter_name=WITNESS,
            reporter_role="teacher",
            reporter_phone=WITNESS_PHONE,
            reporter_told_at=now - timedelta(hours=3),
        ),
    )
    FollowUp.objects.update_or_create(
        child=child,
        defaults={
            "village_id": child.village_id,
            "tier": "red",
            "computed_tier": "red",
            "tier_rank": TIER_RANK["red"],
            "due_on": TODAY + timedelta(days=7),
            "computed_at": timezone.now(),
        },
    )
    plan = plan_actions.do_create_plan(
        cwd, child, summary="祖母无力照料，孩子常独自在家", review_on=TODAY + timedelta(days=30)
    )
    goal = plan_actions.do_add_goal(cwd, plan, domain="supervision", text="孩子有可靠的照料人")
    plan_actions.do_add_action(
        cwd, goal, text="联系父母确定委托照护人", due_on=TODAY + timedelta(days=10), responsible_person="儿童主任"
    )
    child.refresh_from_db()
    return child


def get_pdf(client, child, headers=ZH, **query):
    return client.get(reverse("dossier_child", args=[child.uuid]), query, **headers)


def test_the_pdf_holds_the_whole_file_and_never_the_confidential_reporter(people, full_file, login):
    response = get_pdf(login(people["cwd_a"]), full_file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text, pages = pdf_text(response.content)
    body = flat(text)
    assert "张伟" in body
    assert "农村留守儿童" in body  # the category …
    assert "符合" in body  # … the rules' verdict …
    assert "张父" in body
    assert "广州" in body
    assert "张奶奶" in body  # the entrusted caregiver
    assert "2026-10-12" in body  # a visit's date
    with translation.override("zh-hans"):
        assert flat(str(item_label("not_enough_food"))) in body  # its main finding
        assert flat(str(trigger_text("SUSPECTED_DOMESTIC_VIOLENCE"))) in body  # the report's trigger
    assert "营养评估" in body
    assert "金城镇卫生院二部" in body
    assert "金城派出所" in body
    assert "孩子有可靠的照料人" in body
    assert "联系父母确定委托照护人" in body
    assert "内部资料注意保密" in body
    assert f"第1页共{pages}页" in body
    assert "李红" in body  # who printed (the CWD)
    # The original reporter of a relayed report is never printed, nor the report's facts that name them.
    assert WITNESS not in body
    assert WITNESS_PHONE not in body
    assert "淤青" not in body
    # The ID number is masked unless asked for.
    assert full_file.id_number not in body
    assert full_file.id_number[:6] in body


def test_page_numbers_run_on_every_page(people, full_file, login):
    for i in range(30):  # enough visits to need a second page
        do_record_visit(
            people["cwd_a"],
            Visit(child=full_file, visited_on=date(2025, 1, 1) + timedelta(days=7 * i), needs="需要" * 30),
        )
    text, pages = pdf_text(get_pdf(login(people["cwd_a"]), full_file).content)
    assert pages >= 2
    body = flat(text)
    for n in range(1, pages + 1):
        assert f"第{n}页共{pages}页" in body


def test_english_labels(people, full_file, login):
    text, _pages = pdf_text(get_pdf(login(people["cwd_a"]), full_file, headers=EN).content)
    assert "Page 1 of" in text
    assert "Internal document" in text
    assert "Categories and eligibility" in text
    assert "Suspected domestic violence" in text
    assert WITNESS not in flat(text)


def test_the_full_id_number_only_for_those_who_may_reveal_it(people, full_file, login):
    text, _ = pdf_text(get_pdf(login(people["cwd_a"]), full_file, full_id="1").content)
    assert full_file.id_number in flat(text)
    assert AuditEvent.objects.filter(action="export", child=full_file, details__full_ids=True).exists()


@pytest.mark.parametrize("who", ["cwd_b", "cwd_d", "other_county", "partner", "supervisor_t2"])
def test_outsiders_get_404(people, kids, login, who):
    assert get_pdf(login(people[who]), kids["a"]).status_code == 404


@pytest.mark.parametrize("who", ["cwd_a", "supervisor", "county"])
def test_whoever_opens_the_profile_may_print(people, kids, login, who):
    client = login(people[who])
    assert get_pdf(client, kids["a"]).status_code == 200
    profile = client.get(reverse("child_detail", args=[kids["a"].uuid]), **ZH)
    assert reverse("dossier_child", args=[kids["a"].uuid]) in profile.content.decode()


def test_a_print_is_audited_as_a_read_and_an_export(people, kids, login):
    get_pdf(login(people["supervisor"]), kids["a"])
    read = AuditEvent.objects.get(action="view", child=kids["a"])
    assert read.details["what"] == "dossier"
    assert read.actor == people["supervisor"]
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["format"] == "pdf"
    assert summary.details["count"] == 1
    assert AuditEvent.objects.filter(action="export", child=kids["a"], details__export=summary.pk).exists()


def test_closed_files_print_too(people, geo, login):
    child = make_child(
        geo["village_a"], "陈静", status=c.Status.CLOSED, closed_on=date(2026, 6, 1), closure_reason="turned_16"
    )
    text, _ = pdf_text(get_pdf(login(people["cwd_a"]), child).content)
    assert "陈静" in flat(text)


# --- the village batch ---------------------------------------------------------------------


def run_jobs():
    call_command("db_worker", "--batch", "--no-startup-delay")


@pytest.fixture
def village_a(people, geo):
    children = [make_child(geo["village_a"], name) for name in ("张伟", "李娜", "王磊")]
    make_child(geo["village_a"], "赵敏", status=c.Status.CLOSED, closed_on=date(2026, 1, 5), closure_reason="turned_16")
    make_child(geo["village_b"], "孙丽")  # another village
    return children


@pytest.mark.django_db(transaction=True)
def test_a_batch_prints_every_open_file_of_the_village_each_on_new_pages(
    people, geo, village_a, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(people["cwd_a"])
    page = client.get(reverse("dossier_batches"), {"village": geo["village_a"].code}, **ZH)
    assert page.status_code == 200
    response = client.post(reverse("dossier_batches"), {"village": geo["village_a"].code}, **ZH)
    batch = BatchPrint.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("dossier_batch", args=[batch.uuid])
    status = client.get(response.url, **ZH)
    assert 'http-equiv="refresh"' in status.content.decode()  # waiting: the page reloads itself
    assert AuditEvent.objects.filter(action="batch_prt", details__count=3).exists()

    run_jobs()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    batch.refresh_from_db()
    assert batch.status == "ready"
    assert len(batch.child_ids) == 3
    stored = services.batch_path(batch)
    assert stored.stat().st_mode & 0o077 == 0  # the server's user only
    assert b"%PDF" not in stored.read_bytes()  # encrypted at rest (core.generated)
    status = client.get(reverse("dossier_batch", args=[batch.uuid]), **ZH).content.decode()
    assert "refresh" not in status
    assert reverse("dossier_batch_pdf", args=[batch.uuid]) in status

    download = client.get(reverse("dossier_batch_pdf", args=[batch.uuid]), **ZH)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == batch.pages
    firsts = [i for i, p in enumerate(reader.pages) if "第1页" in flat(p.extract_text())]
    assert len(firsts) == 3  # each child starts on a page of its own, numbered from 1
    body = flat("".join(p.extract_text() for p in reader.pages))
    assert {"张伟", "李娜", "王磊"} <= {n for n in ("张伟", "李娜", "王磊", "赵敏", "孙丽") if n in body}
    assert "赵敏" not in body
    assert "孙丽" not in body

    # Audited as read and exported, child by child.
    printed = {child.pk for child in village_a}
    reads = AuditEvent.objects.filter(action="view", details__what="dossier_batch")
    assert {e.child_id for e in reads} == printed
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["count"] == 3
    assert summary.details["format"] == "pdf"
    assert {e.child_id for e in AuditEvent.objects.filter(action="export", child__isnull=False)} == printed


@pytest.mark.django_db(transaction=True)
def test_the_batch_pdf_expires_and_is_deleted(people, geo, village_a, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(people["supervisor"])
    client.post(reverse("dossier_batches"), {"village": geo["village_a"].code}, **ZH)
    run_jobs()
    batch = BatchPrint.objects.get()
    path = services.batch_path(batch)
    assert path.exists()
    BatchPrint.objects.filter(pk=batch.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("dossier_batch_pdf", args=[batch.uuid])).status_code == 404
    assert not path.exists()
    batch.refresh_from_db()
    assert batch.status == "expired"
    assert "删除" in client.get(reverse("dossier_batch", args=[batch.uuid]), **ZH).content.decode()


def test_the_nightly_job_deletes_expired_pdfs(people, geo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = BatchPrint.objects.create(
        village=geo["village_a"], requested_by=people["cwd_a"], language="zh-hans", status="ready"
    )
    batch.set_expiry()
    batch.expires_at = timezone.now() - timedelta(seconds=1)
    batch.save()
    path = services.batch_path(batch)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-")
    assert "dossier.services.purge_expired" in settings.SHOUHU_NIGHTLY_JOBS
    assert services.purge_expired(today=TODAY) == 1
    assert not path.exists()


def test_a_batch_is_bounded(people, geo, village_a, login, monkeypatch):
    monkeypatch.setattr(dossier_actions, "MAX_CHILDREN", 2)  # the village has 3 open files
    response = login(people["cwd_a"]).post(reverse("dossier_batches"), {"village": geo["village_a"].code}, **ZH)
    assert response.status_code == 200
    assert not BatchPrint.objects.exists()
    assert "逐份打印" in response.content.decode()


@pytest.mark.parametrize("who", ["cwd_b", "cwd_d", "supervisor_t2", "other_county", "partner"])
def test_outsiders_cannot_print_the_village(people, geo, village_a, login, who):
    client = login(people[who])
    response = client.post(reverse("dossier_batches"), {"village": geo["village_a"].code})
    assert response.status_code in (200, 404)
    assert not BatchPrint.objects.exists()


@pytest.mark.parametrize("who", ["cwd_a", "supervisor", "county"])
def test_the_village_staff_may_ask_for_its_batch(people, geo, village_a, login, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = login(people[who]).post(reverse("dossier_batches"), {"village": geo["village_a"].code})
    assert response.status_code == 302
    assert BatchPrint.objects.get().requested_by == people[who]


def test_only_the_requester_sees_a_batch(people, geo, village_a, login):
    batch = BatchPrint.objects.create(village=geo["village_a"], requested_by=people["cwd_a"], language="zh-hans")
    for who in ("supervisor", "cwd_b", "cwd_d"):
        client = login(people[who])
        assert client.get(reverse("dossier_batch", args=[batch.uuid])).status_code == 404
        assert client.get(reverse("dossier_batch_pdf", args=[batch.uuid])).status_code == 404


def test_the_roster_links_to_the_batch(people, geo, village_a, login):
    page = login(people["cwd_a"]).get(reverse("roster"), **ZH).content.decode()
    assert f"{reverse('dossier_batches')}?village={geo['village_a'].code}" in page
    page = login(people["supervisor"]).get(reverse("roster"), {"area": geo["village_a"].code}, **ZH).content.decode()
    assert f"{reverse('dossier_batches')}?village={geo['village_a'].code}" in page
    page = login(people["county"]).get(reverse("roster"), **ZH).content.decode()
    assert f'href="{reverse("dossier_batches")}"' in page  # the county picks the village on the next page


def test_a_batch_needs_the_second_factor_an_export_needs(people, geo, village_a, login, settings):
    settings.SHOUHU_2FA_FOR_EXPORT = True
    client = login(people["cwd_a"])
    page = client.get(reverse("dossier_batches"), **ZH).content.decode()
    assert reverse("two_factor") in page
    assert 'name="village"' not in page
    client.post(reverse("dossier_batches"), {"village": geo["village_a"].code})
    assert not BatchPrint.objects.exists()
