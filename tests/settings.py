"""The test suite's settings: the test settings plus a small domain app (tests/extension_app)
that plugs into every extension point, to prove that a new app needs no edit elsewhere."""

from shouhu.test_settings import *  # noqa: F403
from shouhu.test_settings import INSTALLED_APPS, SHOUHU_NIGHTLY_JOBS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.extension_app"]
SHOUHU_NIGHTLY_JOBS = [*SHOUHU_NIGHTLY_JOBS, "tests.extension_app.jobs.count_enrolments"]
