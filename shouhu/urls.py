from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("children.urls")),
    path("", include("measurements.urls")),
    path("", include("visits.urls")),
    path("", include("followup.urls")),
    path("", include("alerts.urls")),
    path("", include("partners.urls")),
    path("", include("referrals.urls")),
    path("", include("reports.urls")),
    path("", include("schools.urls")),
    path("", include("caseplans.urls")),
    path("", include("benefits.urls")),
    path("", include("training.urls")),
    path("", include("conferences.urls")),
    path("", include("family.urls")),
    path("", include("retention.urls")),
    path("", include("sweeps.urls")),
    path("", include("ledger.urls")),
    path("", include("dossier.urls")),
    path("", include("dashboards.urls")),
    path("", include("public.urls")),  # /share/: the only pages without login
    path("", include("planning.urls")),
    path("", include("workforce.urls")),
]
# No static(MEDIA_URL), not even under DEBUG: uploaded files (children's photos) are served only
# through views that check access (children.views.child_photo).
