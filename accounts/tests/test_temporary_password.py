"""A password someone else sets is temporary: the user chooses their own at the next login."""

import json
from unittest import mock

from django.core.management import call_command
from django.urls import reverse

from accounts.management.commands.changepassword import Command as ChangePasswordCommand
from accounts.models import User
from audit.models import AuditEvent
from conftest import PASSWORD

SET_BY_ADMIN = "Admin-set-lotus-2031"
OWN = "river-lantern-paddy-47"


def _admin_sets_password(client, login, admin, user, password=SET_BY_ADMIN):
    login(admin)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    data = {"password1": password, "password2": password, "usable_password": "true"}
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(reverse("logout"))


def _log_in(client, username: str, password: str):
    assert client.post(reverse("login"), {"username": username, "password": password}).status_code == 302


def _change(client, old: str, new: str):
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(reverse("password_change"), data)


def test_a_password_the_administrator_sets_must_be_replaced_before_anything_else(people, client, login):
    _admin_sets_password(client, login, people["admin"], people["cwd_a"])
    assert User.objects.get(username="cwd_a").must_change_password

    _log_in(client, "cwd_a", SET_BY_ADMIN)
    for page in (reverse("roster"), reverse("account"), "/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == reverse("password_change")
    response = client.get("/api/v1/children/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Your administrator set your password" in response.json()["detail"]
    page = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your administrator set this password; choose your own now." in page
    assert f'href="{reverse("account")}"' not in page.split("<main", 1)[1]  # no way around it
    page = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "这个密码是管理员设置的" in page

    # The administrator's password again is refused as the new one.
    assert _change(client, SET_BY_ADMIN, SET_BY_ADMIN).status_code == 200
    assert client.get(reverse("roster")).status_code == 302

    response = _change(client, SET_BY_ADMIN, OWN)
    assert response["Location"] == reverse("home")  # on to the user's pages
    user = User.objects.get(username="cwd_a")
    assert not user.must_change_password
    assert user.check_password(OWN)
    assert client.get(reverse("roster")).status_code == 200
    assert client.get("/api/v1/children/").status_code == 200
    assert AuditEvent.objects.filter(actor=user, action="pwd_change").count() == 1


def test_the_administrators_reset_is_audited_without_the_password(people, client, login):
    _admin_sets_password(client, login, people["admin"], people["cwd_a"])
    event = AuditEvent.objects.get(actor=people["admin"], action="adm_change")
    assert event.details["model"] == "accounts.user"
    assert event.details["pk"] == str(people["cwd_a"].pk)
    assert event.details["fields"] == ["password"]
    stored = json.dumps(event.details)
    assert SET_BY_ADMIN not in stored
    assert User.objects.get(username="cwd_a").password.split("$")[-1] not in stored


def test_a_user_the_administrator_adds_chooses_their_own_password_first(people, client, login, geo):
    login(people["admin"])
    data = {
        "username": "cwd_new",
        "password1": SET_BY_ADMIN,
        "password2": SET_BY_ADMIN,
        "usable_password": "true",
        "role": "cwd",
        "division": geo["village_a"].pk,
        "full_name": "张丽",
    }
    response = client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="cwd_new").must_change_password
    client.post(reverse("logout"))
    _log_in(client, "cwd_new", SET_BY_ADMIN)
    assert client.get(reverse("roster"))["Location"] == reverse("password_change")


def test_disabling_password_login_or_setting_ones_own_password_in_the_admin_is_not_temporary(people, client, login):
    login(people["admin"])
    url = reverse("admin:auth_user_password_change", args=[people["cwd_a"].pk])
    assert client.post(url, {"usable_password": "false", "unset-password": "1"}).status_code == 302
    assert not User.objects.get(username="cwd_a").has_usable_password()
    assert not User.objects.get(username="cwd_a").must_change_password

    url = reverse("admin:auth_user_password_change", args=[people["admin"].pk])
    data = {"password1": OWN, "password2": OWN, "usable_password": "true"}
    assert client.post(url, data).status_code == 302
    assert not User.objects.get(username="admin").must_change_password
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_users_own_change_does_not_make_it_temporary(people, client):
    _log_in(client, "cwd_a", PASSWORD)
    assert _change(client, PASSWORD, OWN).status_code == 302
    assert not User.objects.get(username="cwd_a").must_change_password
    assert client.get(reverse("roster")).status_code == 200


def test_test_users_log_in_straight_to_their_pages(people, client):
    assert not User.objects.filter(must_change_password=True).exists()
    _log_in(client, "cwd_a", PASSWORD)
    assert client.get(reverse("roster")).status_code == 200


def test_changepassword_on_the_server_sets_a_temporary_password(people, client):
    with mock.patch.object(ChangePasswordCommand, "_get_pass", return_value=SET_BY_ADMIN):
        call_command("changepassword", "cwd_b", stdout=mock.MagicMock())
    user = User.objects.get(username="cwd_b")
    assert user.check_password(SET_BY_ADMIN)
    assert user.must_change_password
    _log_in(client, "cwd_b", SET_BY_ADMIN)
    assert client.get(reverse("roster"))["Location"] == reverse("password_change")
