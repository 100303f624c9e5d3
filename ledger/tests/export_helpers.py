"""Taking a ledger export as an officer does: ask on the export page, the background job makes
the file (run here directly, as the worker would), then the export's page and the download."""

from django.urls import resolve, reverse

from ledger import export_jobs
from ledger.models import ExportJob

URL = "ledger_export"


def take(client, data: dict):
    """The download's response when the file was made; otherwise the page that says why not
    (the form again for a refusal found at once, the export's page for one found by the job)."""
    response = client.post(reverse(URL), data)
    if response.status_code != 302:
        return response
    job_uuid = resolve(response.url).kwargs["job_uuid"]
    job = ExportJob.objects.get(uuid=job_uuid)
    assert job.status == ExportJob.Status.QUEUED
    export_jobs.build(job.pk)
    page = client.get(response.url)
    assert page.status_code == 200
    if b"data-export-download" not in page.content:
        return page
    return client.get(reverse("ledger_export_file", args=[job_uuid]))
