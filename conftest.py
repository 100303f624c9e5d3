"""Shared test fixtures: a small real-shaped county and named personas in fixed places.

仪陇县 (511324) has township T1 (金城镇) with villages A and B, and township T2 (新政镇) with
village C. 南部县 (511321) is the neighbouring county, with village D: always the outsider.
"""

import os
from datetime import date

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import User
from children import choices as c
from children.identity import make_id_number, name_keys
from children.models import Child, Household, Parent
from geo.models import Division
from partners.models import Organisation

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _scratch_media(settings, tmp_path_factory):
    """Every test stores uploads (ledgers, photos, evidence, printed files) in a folder of its own,
    never in the checkout's media folder, so that a test can check what was kept or deleted."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Chinese): a page requested in English by an
    earlier test on the same worker leaves English active on the thread (LocaleMiddleware)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


DIVISIONS = [
    ("51", "四川省", 1, None),
    ("5113", "南充市", 2, "51"),
    ("511324", "仪陇县", 3, "5113"),
    ("511324100", "金城镇", 4, "511324"),
    ("511324100201", "石佛村", 5, "511324100"),
    ("511324100202", "龙岗村", 5, "511324100"),
    ("511324101", "新政镇", 4, "511324"),
    ("511324101201", "白鹤村", 5, "511324101"),
    ("511321", "南部县", 3, "5113"),
    ("511321100", "南隆街道", 4, "511321"),
    ("511321100201", "红岩村", 5, "511321100"),
]


@pytest.fixture
def geo(db):
    made = {}
    for code, name, level, parent in DIVISIONS:
        made[code] = Division.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=name)
    return {
        "county": made["511324"],
        "t1": made["511324100"],
        "t2": made["511324101"],
        "village_a": made["511324100201"],
        "village_b": made["511324100202"],
        "village_c": made["511324101201"],
        "other_county": made["511321"],
        "village_d": made["511321100201"],
    }


def make_user(username, role, division=None, organisation=None, **extra) -> User:
    user = User(
        username=username,
        role=role,
        division=division,
        organisation=organisation,
        full_name=extra.pop("full_name", username),
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def people(geo):
    org = Organisation.objects.create(name="金城镇卫生院", type="township_health_centre", division=geo["t1"])
    R = User.Role
    return {
        "cwd_a": make_user("cwd_a", R.CWD, geo["village_a"], full_name="李红"),
        "cwd_b": make_user("cwd_b", R.CWD, geo["village_b"]),
        "cwd_c": make_user("cwd_c", R.CWD, geo["village_c"]),
        "supervisor": make_user("sup1", R.SUPERVISOR, geo["t1"], full_name="王芳"),
        "supervisor_t2": make_user("sup2", R.SUPERVISOR, geo["t2"]),
        "county": make_user("county", R.COUNTY_OFFICER, geo["county"], full_name="陈主任"),
        "other_county": make_user("county_nb", R.COUNTY_OFFICER, geo["other_county"]),
        "cwd_d": make_user("cwd_d", R.CWD, geo["village_d"]),
        "partner": make_user("partner", R.PARTNER, organisation=org),
        "admin": make_user("admin", R.ADMIN, is_staff=True, is_superuser=True),
    }


_seq = iter(range(1, 10**6))


def make_child(
    village: Division,
    name: str = "张伟",
    *,
    dob: date = date(2015, 3, 8),
    sex: str = "M",
    father: dict | None = None,
    mother: dict | None = None,
    with_id: bool = True,
    categories: tuple[str, ...] = (c.Category.RURAL_LEFT_BEHIND,),
    status: str = c.Status.ACTIVE,
    **fields,
) -> Child:
    """A child with a household and two parents working away, unless told otherwise."""
    household = Household.objects.create(
        village=village,
        has_caregiver=True,
        caregiver_name="张奶奶",
        caregiver_relation=c.CaregiverRelation.PATERNAL_GRANDMOTHER,
    )
    away = {"migration_status": c.MigrationStatus.AWAY_OUT_OF_PROVINCE, "work_city": "广州"}
    Parent.objects.create(household=household, role=c.ParentRole.FATHER, name="张父", **(father or away))
    Parent.objects.create(household=household, role=c.ParentRole.MOTHER, name="刘母", **(mother or away))
    pinyin, initials = name_keys(name)
    child = Child(
        household=household,
        village=village,
        name=name,
        name_pinyin=pinyin,
        name_initials=initials,
        sex=sex,
        date_of_birth=dob,
        hukou_type=c.HukouType.RURAL,
        schooling_status=c.SchoolingStatus.PRIMARY,
        school="金城镇中心小学",
        status=status,
        id_number=make_id_number(village.code, dob, next(_seq), sex) if with_id else "",
        **fields,
    )
    child.set_categories(categories)
    child.save()
    return child


@pytest.fixture
def kids(geo):
    """One child in each village: a, b (township 1), c (township 2), d (the other county)."""
    return {
        "a": make_child(geo["village_a"], "张伟"),
        "b": make_child(geo["village_b"], "李娜", sex="F", dob=date(2013, 7, 1)),
        "c": make_child(geo["village_c"], "王磊", dob=date(2012, 1, 20)),
        "d": make_child(geo["village_d"], "赵敏", sex="F", dob=date(2016, 9, 9)),
    }


@pytest.fixture
def login(client):
    def _login(user: User):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# CI must run the real-browser tests: a skipped one (no Chromium, say) fails the run there, while
# a developer's machine without Chromium only skips them (with the reason in the summary).
_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") and _skipped_browser_tests:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(
                f"CI: {len(_skipped_browser_tests)} browser tests were skipped; CI requires them "
                "(install Debian's chromium at /usr/bin/chromium).",
                red=True,
            )
