"""Background jobs (django-tasks, database backend; run by `manage.py db_worker`)."""

from django_tasks import task

from . import actions


@task()
def close_sweep(sweep_id: int) -> dict:
    return actions.run_close(sweep_id)
