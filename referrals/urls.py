from django.urls import path

from . import views

urlpatterns = [
    path("children/<uuid:child_uuid>/referrals/", views.child_referrals, name="child_referrals"),
    path("children/<uuid:child_uuid>/referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<uuid:referral_uuid>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_uuid>/<str:step>/", views.referral_step, name="referral_step"),
    path("partners/", views.directory, name="directory"),
]
