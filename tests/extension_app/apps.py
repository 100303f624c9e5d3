from django.apps import AppConfig


class AfterSchoolConfig(AppConfig):
    """A small domain app installed only by the test settings (tests/settings.py).

    It proves the extension points: it adds a panel to the child's profile, an alert kind, an
    audit action, a risk fact, a nightly job and a model that follows its child on transfer,
    and no file outside this folder names it but the test settings.
    """

    name = "tests.extension_app"
    label = "afterschool"
    verbose_name = "After-school class (四点半课堂)"
