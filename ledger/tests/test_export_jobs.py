"""Exports made in the background: the page answers at once, the status refreshes itself, the
file is its requester's alone (404 for everyone else), kept encrypted for a day, and every
download is audited."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from audit.models import AuditEvent
from core import generated
from ledger import export_jobs, exports
from ledger.models import ExportJob

URL = "ledger_export"


def ask(client, division, product=exports.ROSTER, **data):
    response = client.post(reverse(URL), {"division": division.code, "product": product, "full_ids": "", **data})
    assert response.status_code == 302, response.content[:300]
    return response, ExportJob.objects.order_by("-pk").first()


def other(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def county(people, login):
    return login(people["county"])


def test_the_request_answers_at_once_and_the_status_refreshes_until_the_file_is_ready(county, people, kids, geo):
    response, job = ask(county, geo["county"])
    assert response.url == reverse("ledger_export_job", args=[job.uuid])
    assert job.status == ExportJob.Status.QUEUED
    assert job.requested_by == people["county"]
    assert AuditEvent.objects.filter(action="export_req", details__job=str(job.uuid)).exists()
    assert not AuditEvent.objects.filter(action="export").exists()  # nothing taken yet

    page = county.get(response.url).content.decode()
    assert 'data-export-status="queued"' in page
    assert 'hx-trigger="every 3s"' in page  # htmx asks again
    assert "data-export-download" not in page
    assert county.get(reverse("ledger_export_file", args=[job.uuid])).status_code == 404

    export_jobs.build(job.pk)
    part = county.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert part.lstrip().startswith("<section")  # the status part alone, for htmx to swap
    assert 'data-export-status="ready"' in part
    assert "hx-trigger" not in part  # done: it stops asking
    assert reverse("ledger_export_file", args=[job.uuid]) in part

    home = county.get(reverse(URL)).content.decode()
    assert "data-jobs" in home
    assert reverse("ledger_export_job", args=[job.uuid]) in home


def test_the_file_is_encrypted_at_rest_and_every_download_is_audited(county, kids, geo):
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    job.refresh_from_db()
    stored = generated.path_of(export_jobs.FOLDER, job.stored_as)
    assert stored.stat().st_mode & 0o077 == 0
    assert not stored.read_bytes().startswith(b"PK")  # not the plain .xlsx
    assert kids["a"].name.encode() not in stored.read_bytes()

    for _n in range(2):
        download = county.get(reverse("ledger_export_file", args=[job.uuid]))
        assert download.status_code == 200
        assert "attachment" in download["Content-Disposition"]
        ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
        assert ws.cell(row=5, column=2).value == kids["a"].name
    summaries = AuditEvent.objects.filter(action="export", child=None)
    assert summaries.count() == 2  # each download is its own export
    assert all(s.details["job"] == str(job.uuid) and s.details["product"] == exports.ROSTER for s in summaries)
    assert AuditEvent.objects.filter(action="export", child=kids["a"]).count() == 2


@pytest.mark.parametrize("who", ["supervisor", "cwd_a", "other_county", "partner", "admin"])
def test_nobody_but_the_requester_sees_the_export_or_its_file(county, people, kids, geo, who):
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    client = other(people[who])
    assert client.get(reverse("ledger_export_job", args=[job.uuid])).status_code == 404
    assert client.get(reverse("ledger_export_file", args=[job.uuid])).status_code == 404
    assert reverse("ledger_export_job", args=[job.uuid]) not in client.get(reverse(URL)).content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_requester_who_lost_the_area_gets_404(county, people, kids, geo):
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    officer = people["county"]
    officer.division = geo["other_county"]
    officer.save(update_fields=["division"])
    assert county.get(reverse("ledger_export_file", args=[job.uuid])).status_code == 404


def test_the_job_refuses_an_area_that_left_the_requesters_reach(county, people, kids, geo):
    _, job = ask(county, geo["village_a"])
    officer = people["county"]
    officer.division = geo["other_county"]
    officer.save(update_fields=["division"])
    export_jobs.build(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "no_access"
    assert not job.stored_as


def test_a_second_run_of_the_job_does_nothing(county, kids, geo):
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    assert export_jobs.build(job.pk) == {"skipped": 1}


def test_without_the_second_factor_the_file_is_not_handed_over(county, people, kids, geo, settings):
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    settings.SHOUHU_2FA_FOR_EXPORT = True  # the session is not verified
    page = county.get(reverse("ledger_export_job", args=[job.uuid])).content.decode()
    assert "data-export-download" not in page
    assert county.get(reverse("ledger_export_file", args=[job.uuid])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_files_are_deleted_after_a_day_by_the_nightly_job_and_the_page(county, kids, geo, settings):
    assert "ledger.export_jobs.purge_expired" in settings.SHOUHU_NIGHTLY_JOBS
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    job.refresh_from_db()
    stored = generated.path_of(export_jobs.FOLDER, job.stored_as)
    assert stored.exists()
    assert job.expires_at - job.finished_at == timedelta(days=1)
    assert export_jobs.purge_expired() == 0
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert export_jobs.purge_expired(today=timezone.localdate()) == 1
    assert not stored.exists()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert job.child_ids == []
    assert county.get(reverse("ledger_export_file", args=[job.uuid])).status_code == 404
    assert 'data-export-status="expired"' in county.get(reverse("ledger_export_job", args=[job.uuid])).content.decode()


def test_a_failure_is_shown_plainly(county, kids, geo, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(exports, "write_roster", broken)
    _, job = ask(county, geo["village_a"])
    export_jobs.build(job.pk)
    page = county.get(reverse("ledger_export_job", args=[job.uuid])).content.decode()
    assert 'data-export-status="failed"' in page
    assert 'data-problem="error"' in page
    assert "hx-trigger" not in page
    assert not list(generated.path_of(export_jobs.FOLDER, "x").parent.glob("*"))


def test_a_second_mca_file_waits_for_the_first(county, kids, geo):
    ask(county, geo["county"], exports.MCA)
    again = county.post(reverse(URL), {"division": geo["county"].code, "product": exports.MCA})
    assert again.status_code == 400
    assert b"data-problem" in again.content
    assert ExportJob.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_file(people, kids, geo, login):
    client = login(people["county"])
    response = client.post(reverse(URL), {"division": geo["county"].code, "product": exports.FULL})
    job = ExportJob.objects.get()
    assert DBTaskResult.objects.get().task_path == "ledger.tasks.build_export"
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY
    assert job.full_ids  # the full export always holds full ID numbers
    assert set(job.child_ids) == {kids["a"].pk, kids["b"].pk, kids["c"].pk}
    download = client.get(reverse("ledger_export_file", args=[job.uuid]))
    assert response.url == reverse("ledger_export_job", args=[job.uuid])
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert [ws.title for ws in book.worksheets][:1] == ["儿童"]
