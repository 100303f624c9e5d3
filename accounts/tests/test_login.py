import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from conftest import PASSWORD


def test_login_with_the_right_password(people, client):
    response = client.post(reverse("login"), {"username": "cwd_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("roster")).status_code == 200


def test_lockout_after_repeated_failures(people, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "cwd_a", "password": "wrong"})
        assert response.status_code == 200
    assert client.post(reverse("login"), {"username": "cwd_a", "password": "wrong"}).status_code == 429
    # Now even the right password is refused, with a clear page.
    response = client.post(reverse("login"), {"username": "cwd_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "/children/" not in response.get("Location", "")
    assert client.get(reverse("roster")).status_code == 302
    # Another user behind the same address is not locked out.
    assert client.post(reverse("login"), {"username": "cwd_b", "password": PASSWORD}).status_code == 302


def test_passwords_are_hashed(people):
    stored = User.objects.get(username="cwd_a").password
    assert PASSWORD not in stored


def test_roles_must_be_bound_to_the_right_level(geo):
    with pytest.raises(ValidationError):
        User(username="x", role=User.Role.CWD, division=geo["t1"]).full_clean()
    with pytest.raises(ValidationError):
        User(username="y", role=User.Role.SUPERVISOR, division=None).full_clean()
    User(username="z", role=User.Role.SUPERVISOR, division=geo["t1"], password="x").full_clean()


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("cwd_a", "/today/"),
        ("sup1", "/follow-up/"),
        ("county", "/overview/"),
    ],
)
def test_each_role_lands_on_its_page(username, landing, people, client):
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert client.get("/")["Location"] == landing
