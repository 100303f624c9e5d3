"""Background jobs (django-tasks, database backend; run by `manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def build_batch(batch_id: int) -> dict:
    return services.build(batch_id)
