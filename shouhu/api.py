"""The JSON API (OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(title="Shouhu API", version="1", auth=django_auth, urls_namespace="api")

api.add_router("/children/", "children.api.router")
api.add_router("/reports/", "reports.api.router")
api.add_router("/allowances/", "benefits.api.router")
