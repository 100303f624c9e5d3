"""A township primary school with one staff member, and the county's education bureau."""

import pytest

from accounts.models import User
from conftest import make_user
from partners.models import Organisation


@pytest.fixture
def school(geo):
    return Organisation.objects.create(
        name="金城镇中心小学", type=Organisation.Type.SCHOOL, division=geo["t1"], services=["education"]
    )


@pytest.fixture
def teacher(school):
    return make_user("teacher", User.Role.PARTNER, organisation=school, full_name="吴老师")


@pytest.fixture
def other_school(geo):
    org = Organisation.objects.create(name="新政镇小学", type=Organisation.Type.SCHOOL, division=geo["t2"])
    return org


@pytest.fixture
def other_teacher(other_school):
    return make_user("teacher2", User.Role.PARTNER, organisation=other_school)


@pytest.fixture
def bureau(geo):
    return Organisation.objects.create(
        name="仪陇县教育局",
        type=Organisation.Type.EDUCATION_BUREAU,
        division=geo["county"],
        services=["education", "school_return"],
    )


@pytest.fixture
def bureau_officer(bureau):
    return make_user("edu", User.Role.PARTNER, organisation=bureau)


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so that assertions read the msgids whatever the translations say."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
