"""A NUL character in any parameter is refused with 400 before a view runs.

PostgreSQL cannot store NUL in text and fails the query (a server error); SQLite stores it. The
suite runs on both in CI; here the refusal itself is checked, and that nothing was written.
"""

from django.urls import reverse

from audit.models import AuditEvent
from children.models import Child
from children.tests.test_registration import form_data

MESSAGE = "The request contains a NUL character"


def test_a_nul_in_a_search_is_refused_with_a_message(people, kids, login):
    response = login(people["cwd_a"]).get(reverse("roster"), {"q": "张\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_an_api_parameter_is_a_json_400(people, kids, login):
    client = login(people["county"])
    for params in ({"q": "\x00"}, {"area": "511324\x00"}, {"status\x00": "x"}):
        response = client.get("/api/v1/children/", params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert MESSAGE in response.json()["detail"]


def test_a_nul_in_a_form_saves_nothing(people, geo, login):
    client = login(people["cwd_a"])
    before = AuditEvent.objects.count()
    data = form_data(geo["village_a"], **{"mother-work_city": "东莞\x00"})
    response = client.post(reverse("child_register"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Child.objects.exists()
    assert AuditEvent.objects.count() == before
    # The same form without the NUL goes through.
    data["mother-work_city"] = "东莞"
    assert client.post(reverse("child_register"), data).status_code == 302


def test_a_nul_in_a_cookie_is_refused_before_the_session_is_read(people, client):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get(reverse("roster"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
