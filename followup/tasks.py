"""Background jobs (django-tasks, database backend; run by `manage.py db_worker`).

The nightly recomputation is a job in settings.SHOUHU_NIGHTLY_JOBS (services.recompute_all),
run by shouhu/nightly.py.
"""

from django_tasks import task

from . import services


@task()
def reassess_children(child_ids: list[int], source: str = "visit") -> dict[str, int]:
    return services.reassess(child_ids, source=source)
