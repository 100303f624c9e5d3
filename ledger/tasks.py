"""Background jobs (django-tasks, database backend; run by `manage.py db_worker`)."""

from django_tasks import task

from . import export_jobs


@task()
def build_export(job_id: int) -> dict:
    return export_jobs.build(job_id)
