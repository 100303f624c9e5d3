"""Page numbers and sizes in the API are bounded and documented; errors are in the schema.

A page number such as 99999999999999999999 overflowed the database's OFFSET (a server error).
"""

import pytest

from core.api_schema import MAX_PAGE, MAX_PAGE_SIZE

LISTS = ["/api/v1/children/", "/api/v1/reports/"]


@pytest.mark.parametrize("url", LISTS)
def test_a_huge_page_number_is_a_422_naming_the_parameter(people, kids, login, url):
    client = login(people["county"])
    for page in ("99999999999999999999", str(MAX_PAGE + 1), "0", "-1"):
        response = client.get(url, {"page": page})
        assert response.status_code == 422
        assert [e["loc"][-1] for e in response.json()["detail"]] == ["page"]


@pytest.mark.parametrize("url", LISTS)
def test_the_last_allowed_page_is_empty_and_page_size_is_capped(people, kids, login, url):
    client = login(people["county"])
    body = client.get(url, {"page": MAX_PAGE, "page_size": MAX_PAGE_SIZE}).json()
    assert body["items"] == []
    response = client.get(url, {"page_size": MAX_PAGE_SIZE + 1})
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == ["page_size"]


def test_the_schema_documents_limits_and_error_responses(people, login):
    schema = login(people["county"]).get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert {"400", "401", "422"} <= set(operation["responses"]), path
            params = {p["name"]: p["schema"] for p in operation.get("parameters", [])}
            if "page" in params:
                assert params["page"]["maximum"] == MAX_PAGE
                assert params["page_size"]["anyOf"][0]["maximum"] == MAX_PAGE_SIZE
            if "{" in path:
                assert "404" in operation["responses"], path
