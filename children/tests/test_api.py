from audit.models import AuditEvent


def test_api_detail_carries_family_and_explained_eligibility(people, kids, login):
    client = login(people["cwd_a"])
    body = client.get(f"/api/v1/children/{kids['a'].uuid}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["name"] == "张伟"
    assert body["village_name"] == "石佛村"
    assert {p["role"] for p in body["parents"]} == {"father", "mother"}
    left_behind = next(e for e in body["eligibility"] if e["category"] == "rural_left_behind")
    assert left_behind["meets"] is True
    assert left_behind["recorded"] is True
    assert left_behind["reasons"]
    assert AuditEvent.objects.filter(child=kids["a"], action="view", actor=people["cwd_a"]).exists()


def test_api_list_searches_and_paginates(people, kids, login):
    client = login(people["county"])
    body = client.get("/api/v1/children/", {"q": "zw"}).json()
    assert [row["name"] for row in body["items"]] == ["张伟"]
    body = client.get("/api/v1/children/", {"area": "511324101"}).json()
    assert [row["name"] for row in body["items"]] == ["王磊"]


def test_api_schema_is_published(people, login):
    schema = login(people["cwd_a"]).get("/api/v1/openapi.json").json()
    assert "/api/v1/children/" in schema["paths"]
